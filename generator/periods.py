"""Disclosure periods: a month (`2026-10`), a quarter (`2026-Q3`) or a year (`2026`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .schema import MAX_YEAR, MIN_YEAR, Context, Field, Invalid
from .yamlsrc import Path_

_QUARTER_NAMES = "一二三四"


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str  # "month" | "quarter" | "year"
    index: int  # month 1-12, quarter 1-4, 0 for a year

    @classmethod
    def parse(cls, value: Any) -> "Period":
        text = str(value).strip().upper()
        if m := re.fullmatch(r"(\d{4})", text):
            return cls(int(m[1]), "year", 0)
        if m := re.fullmatch(r"(\d{4})[-/年]?Q([1-4])", text):
            return cls(int(m[1]), "quarter", int(m[2]))
        if m := re.fullmatch(r"(\d{4})[-/年](\d{1,2})月?", text):
            if 1 <= int(m[2]) <= 12:
                return cls(int(m[1]), "month", int(m[2]))
        raise ValueError(text)

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        return str(self.year)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.year}年{self.index}月"
        if self.kind == "quarter":
            return f"{self.year}年第{_QUARTER_NAMES[self.index - 1]}季度"
        return f"{self.year}年度"

    @property
    def first_day(self) -> date:
        if self.kind == "month":
            return date(self.year, self.index, 1)
        if self.kind == "quarter":
            return date(self.year, 3 * self.index - 2, 1)
        return date(self.year, 1, 1)

    def next(self) -> "Period":
        if self.kind == "month":
            return Period(self.year + self.index // 12, "month", self.index % 12 + 1)
        if self.kind == "quarter":
            return Period(self.year + self.index // 4, "quarter", self.index % 4 + 1)
        return Period(self.year + 1, "year", 0)

    def previous(self) -> "Period":
        if self.kind == "month":
            return Period(self.year - (self.index == 1), "month", (self.index - 2) % 12 + 1)
        if self.kind == "quarter":
            return Period(self.year - (self.index == 1), "quarter", (self.index - 2) % 4 + 1)
        return Period(self.year - 1, "year", 0)

    @property
    def end_day(self) -> date:
        """The first day after the period."""
        return self.next().first_day

    def __str__(self) -> str:
        return self.key


def period_of(day: date, kind: str) -> Period:
    if kind == "month":
        return Period(day.year, "month", day.month)
    if kind == "quarter":
        return Period(day.year, "quarter", (day.month - 1) // 3 + 1)
    return Period(day.year, "year", 0)


class PeriodField(Field):
    def convert(self, value: Any, ctx: Context, at: Path_) -> Period:
        try:
            period = Period.parse(value)
        except ValueError:
            raise Invalid(
                f"「{value}」不是公开期间；按月写 2026-10，按季度写 2026-Q3，按年写 2026"
            ) from None
        if not MIN_YEAR <= period.year <= MAX_YEAR:
            raise Invalid(f"公开期间「{value}」的年份 {period.year} 超出范围（只能写 {MIN_YEAR}–{MAX_YEAR} 年）")
        return period
