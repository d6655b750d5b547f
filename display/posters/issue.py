"""Which items go into a board's monthly issue, and in what order.

Why a pure module: the clerk's question "why is X (not) on the board this month?" must have
one answer, shared by the PDF, the build summary and the tests. An item is in a month's issue
when it targets the board, is live at some moment of that month (`active_between`) and has
been published by `now` — an item scheduled for later is never printed early, since paper
cannot be recalled; the scheduled rebuild on its publication day renders the issue again.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from generator.lifecycle import active_between, display_ends_at
from generator.model import Item

# Formal sheets first (what the law requires to be posted), then the lighter material.
TYPE_ORDER = ("notice", "gongshi", "finance", "disclosure", "plan", "survey", "honor",
              "event", "publicity")
GRID_TYPES = frozenset({"event", "publicity"})


class MonthError(ValueError):
    """`--month` could not be read; the message is for the clerk."""


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        m = re.fullmatch(r"\s*(\d{4})[-/年.](\d{1,2})月?\s*", text or "")
        if not m or not 1 <= int(m[2]) <= 12:
            raise MonthError(f"月份「{text}」的格式不对，请写成 2026-12")
        return cls(int(m[1]), int(m[2]))

    @classmethod
    def of(cls, moment: datetime | date) -> "Month":
        return cls(moment.year, moment.month)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def label(self) -> str:
        """How the issue is named on paper: 2026年12月 第12期 (one issue per month)."""
        return f"{self.year}年{self.month}月 第{self.month}期"

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> "Month":
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) of the month as aware datetimes in the site's time zone."""
        start = datetime.combine(self.first_day(), time(0), tz)
        end = datetime.combine(self.next().first_day(), time(0), tz)
        return start, end


def sort_key(item: Item) -> tuple:
    """Urgent first, then by type (formal before light), then newest first, then id."""
    kind = TYPE_ORDER.index(item.type) if item.type in TYPE_ORDER else len(TYPE_ORDER)
    stamp = item.published_at.timestamp() if item.date is not None else 0.0
    return (0 if item.urgent else 1, kind, -stamp, item.id)


@dataclass(frozen=True)
class Selection:
    items: tuple[Item, ...]  # printed, in page order
    held_back: tuple[Item, ...]  # live this month but not published yet at `now`
    ending: tuple[Item, ...] = ()  # published, but ending within days of being hung: not printed


def hang_day(month: Month, print_date: date) -> date:
    """When the sheets go up: the print date, or the month's first day when printed ahead."""
    return max(print_date, month.first_day())


def ending_cutoff(month: Month, print_date: date, ending_days: int, tz: ZoneInfo) -> datetime:
    """Items that leave the board before this moment are not worth printing: they would hang
    for a month after their end (an urgent notice for tomorrow on the month's first day)."""
    last = hang_day(month, print_date) + timedelta(days=ending_days + 1)
    return datetime.combine(last, time(0), tz)


def hung_from(month: Month, print_date: date, tz: ZoneInfo) -> datetime:
    """The start of the day the sheets go up."""
    return datetime.combine(hang_day(month, print_date), time(0), tz)


def select_items(items: Iterable[Item], board_id: str, month: Month, tz: ZoneInfo,
                 now: datetime, display_days: int | None = None, *,
                 ending_before: datetime | None = None,
                 hung_from: datetime | None = None) -> Selection:
    """The month's items for the board; with `ending_before`, those ending earlier (and before
    the month is over, so the issue would outlive them) go to `ending` instead of the issue;
    with `hung_from`, those already over by then are left out altogether."""
    start, end = month.bounds(tz)
    chosen: list[Item] = []
    later: list[Item] = []
    ending: list[Item] = []
    for item in items:
        if board_id not in item.boards or not active_between(item, start, end, display_days):
            continue
        if item.published_at > now:
            later.append(item)
            continue
        ends = display_ends_at(item, display_days)
        if hung_from is not None and ends is not None and ends <= hung_from:
            continue  # over before the sheets go up (a reprint on the 15th): not printed
        if ending_before is not None and ends is not None and ends < min(ending_before, end):
            ending.append(item)
        else:
            chosen.append(item)
    return Selection(tuple(sorted(chosen, key=sort_key)), tuple(sorted(later, key=sort_key)),
                     tuple(sorted(ending, key=lambda i: (display_ends_at(i, display_days), i.id))))
