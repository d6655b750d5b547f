"""What is live when: one notion of "now" for the site, the screens and the boards.

`--today 2026-11-29` (or BOARD_TODAY) pins "now" to the start of that day in the site's time
zone, so every output is reproducible; `--today 2026-11-29T14:00` pins a time too. Without it,
now is the wall clock, converted to the site's time zone (never the machine's TZ).
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .model import Item
from .schema import Invalid, parse_moment

ENV_TODAY = "BOARD_TODAY"


class TodayError(ValueError):
    """`--today` could not be read; the message is for the user."""


def resolve_now(today: str | None, tz: ZoneInfo, *, environ: dict[str, str] | None = None) -> datetime:
    env = os.environ if environ is None else environ
    raw = today or env.get(ENV_TODAY) or ""
    if not raw.strip():
        return datetime.now(tz).replace(microsecond=0)
    try:
        return parse_moment(raw, tz).value
    except Invalid as exc:
        raise TodayError(f"--today：{exc.message}") from None


def day_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz)


def is_published(item: Item, now: datetime) -> bool:
    """Not a draft and its publication time has come: it exists on the site (maybe archived)."""
    return not item.draft and item.date is not None and item.published_at <= now


def is_expired(item: Item, now: datetime) -> bool:
    """Over: past its end, or withdrawn (whatever time the withdrawal names)."""
    if item.withdrawn:
        return True
    end = item.ends_at
    return end is not None and end <= now


def is_current(item: Item, now: datetime) -> bool:
    """Published and not yet over: on current lists, screens and boards."""
    return is_published(item, now) and not is_expired(item, now)


def display_ends_at(item: Item, display_days: int | None) -> datetime | None:
    """When an item leaves the screens and boards.

    The site keeps an item without an end in its current lists, but a lobby rotation or a
    monthly poster cannot carry every notice ever published: there such an item stays
    `display_days` after publication (`display_days` in mkdocs.yml; None: forever).
    """
    end = item.ends_at
    if end is not None or display_days is None or item.date is None:
        return end
    return item.published_at + timedelta(days=display_days)


def active_between(item: Item, start: datetime, end: datetime,
                   display_days: int | None = None) -> bool:
    """Live at some moment of [start, end): e.g. a month's poster issue or a week of slides.

    With `display_days`, an item without an end counts as live only that long (screens, boards).
    """
    if item.draft or item.withdrawn or item.date is None or item.published_at >= end:
        return False
    ends = display_ends_at(item, display_days)
    return ends is None or ends > start


def published(items: Iterable[Item], now: datetime) -> list[Item]:
    """Published items, newest first (ties broken by id so the order is stable)."""
    return sorted((i for i in items if is_published(i, now)),
                  key=lambda i: (i.published_at, i.id), reverse=True)


def current(items: Iterable[Item], now: datetime) -> list[Item]:
    return [i for i in published(items, now) if not is_expired(i, now)]


def next_change(items: Iterable[Item], now: datetime) -> datetime | None:
    """The next instant after `now` at which an item appears or leaves: when to rebuild."""
    moments = []
    for item in items:
        if item.draft or item.date is None:
            continue
        if item.published_at > now:
            moments.append(item.published_at)
        end = item.ends_at
        if end is not None and end > now and not item.withdrawn:
            moments.append(end)
    return min(moments, default=None)
