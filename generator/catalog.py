"""The 公开目录: for each catalog entry and each period, was it disclosed, when, and on time?

This is what a street-office inspector checks, so every period from `since` up to today is
listed, including the ones nobody published.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from .config import CatalogEntry, SiteConfig
from .lifecycle import is_published
from .model import Item
from .periods import Period, period_of

STATUS_LABELS = {
    "ontime": "按时公开",
    "late": "逾期公开",
    "missing": "逾期未公开",
    "due": "待公开（未到期限）",
    "open": "本期进行中",
}


@dataclass(frozen=True)
class CatalogRow:
    entry: CatalogEntry
    period: Period
    due: date  # disclose by the end of this day
    status: str  # ontime | late | missing | due | open
    items: tuple[Item, ...]  # published items for this period, earliest first

    @property
    def disclosed_on(self) -> date | None:
        return self.items[0].published_at.date() if self.items else None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def problem(self) -> bool:
        return self.status in ("late", "missing")


def due_date(entry: CatalogEntry, period: Period) -> date:
    """By the `due_day` of the month after the period: 2026-10 → 2026-11-15, 2026-Q3 → 2026-10-15."""
    return period.end_day.replace(day=entry.due_day)


def matches(entry: CatalogEntry, item: Item) -> bool:
    if item.type not in entry.types or item.period is None or item.period.kind != entry.every:
        return False
    return entry.category is None or item.category == entry.category


def catalog_rows(config: SiteConfig, items: Iterable[Item], now: datetime) -> list[CatalogRow]:
    """Rows for every entry, oldest period first, up to the period that contains today."""
    # a withdrawn disclosure no longer discloses anything: its period needs a new one
    items = [i for i in items if is_published(i, now) and not i.withdrawn]
    today = now.date()
    rows: list[CatalogRow] = []
    for entry in config.catalog:
        found = sorted((i for i in items if matches(entry, i)), key=lambda i: (i.published_at, i.id))
        first = entry.since or min((i.period for i in found if i.period), default=None)
        if first is None:
            first = period_of(today, entry.every)
        current = period_of(today, entry.every)
        period = first
        while period <= current:
            mine = tuple(i for i in found if i.period == period)
            due = due_date(entry, period)
            if mine:
                status = "ontime" if mine[0].published_at.date() <= due else "late"
            elif today > due:
                status = "missing"
            elif today >= period.end_day:
                status = "due"
            else:
                status = "open"
            rows.append(CatalogRow(entry, period, due, status, mine))
            period = period.next()
    return rows
