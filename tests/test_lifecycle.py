"""What is live when, and the disclosure catalog, evaluated in the site's time zone."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import NOTICE, TinyProject
from generator.catalog import catalog_rows
from generator.lifecycle import (active_between, is_current, is_expired, is_published, next_change,
                                 resolve_now)

SH = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return resolve_now(text, SH)


@pytest.mark.parametrize("extra,now,published,current", [
    ("", "2026-11-19", False, False),
    ("", "2026-11-20", True, True),
    ("expires: 2026-11-25", "2026-11-25T23:59", True, True),  # a date-only expiry lasts the whole day
    ("expires: 2026-11-25", "2026-11-26", True, False),
    ("expires: 2026-11-25 12:00", "2026-11-25T12:00", True, False),
    ("draft: true", "2026-12-31", False, False),
])
def test_windows(tiny: TinyProject, extra: str, now: str, published: bool, current: bool) -> None:
    tiny.add_item("notices/a.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-20\n" + extra))
    (item,) = tiny.load().items
    assert is_published(item, at(now)) is published
    assert is_current(item, at(now)) is current


def test_gongshi_and_event_end_with_their_period(tiny: TinyProject) -> None:
    tiny.add_item("gongshi/a.md", """\
        ---
        type: gongshi
        title: 公示
        date: 2026-11-24
        days: 7
        objection: {phone: 023-6388 1234}
        ---
        """)
    tiny.add_item("events/b.md", """\
        ---
        type: event
        title: 活动
        date: 2026-11-20
        start: 2026-12-01 08:30
        end: 2026-12-01 11:00
        place: 广场
        ---
        """)
    gongshi, event = sorted(tiny.load().items, key=lambda i: i.type, reverse=True)
    assert gongshi.end.day.isoformat() == "2026-11-30"
    assert not is_expired(gongshi, at("2026-11-30T23:00")) and is_expired(gongshi, at("2026-12-01"))
    assert is_current(event, at("2026-12-01T10:59")) and not is_current(event, at("2026-12-01T11:00"))


def test_today_ignores_machine_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert resolve_now("2026-11-29", SH).isoformat() == "2026-11-29T00:00:00+08:00"
    assert resolve_now(None, SH, environ={"BOARD_TODAY": "2026-11-29 09:30"}).hour == 9


def test_active_between_month(tiny: TinyProject) -> None:
    tiny.add_item("notices/a.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-20\nexpires: 2026-12-03"))
    (item,) = tiny.load().items
    assert active_between(item, at("2026-12-01"), at("2027-01-01"))
    assert not active_between(item, at("2027-01-01"), at("2027-02-01"))
    assert not active_between(item, at("2026-10-01"), at("2026-11-01"))


def test_next_change(tiny: TinyProject) -> None:
    tiny.add_item("notices/a.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-20\nexpires: 2026-12-03"))
    tiny.add_item("notices/b.md", NOTICE.replace("date: 2026-11-20", "date: 2026-12-01 09:00"))
    items = tiny.load().items
    assert next_change(items, at("2026-11-29")).isoformat() == "2026-12-01T09:00:00+08:00"
    assert next_change(items, at("2026-12-01T09:00")).isoformat() == "2026-12-04T00:00:00+08:00"
    assert next_change(items, at("2026-12-05")) is None


def test_catalog_statuses(tiny: TinyProject) -> None:
    ledger = """\
        ---
        type: finance
        title: 财务
        date: {date}
        period: {period}
        prepared_by: 甲
        reviewed_by: 乙
        ledger: {{opening: 0, closing: 0}}
        ---
        """
    tiny.add_item("finance/09.md", ledger.format(date="2026-10-16", period="2026-09"))  # late
    tiny.add_item("finance/11.md", ledger.format(date="2026-11-29", period="2026-11"))  # early
    project = tiny.load()
    rows = catalog_rows(project.config, project.items, at("2026-11-29"))
    assert [(r.period.key, r.status) for r in rows] == [
        ("2026-09", "late"), ("2026-10", "missing"), ("2026-11", "ontime")]
    assert rows[1].due.isoformat() == "2026-11-15"


def test_display_window_for_items_without_an_end(tiny: TinyProject) -> None:
    from generator.lifecycle import display_ends_at

    tiny.add_item("notices/a.md", NOTICE)
    tiny.add_item("notices/b.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-20\nexpires: 2027-03-01"))
    open_ended, with_end = sorted(tiny.load().items, key=lambda i: i.id)
    assert display_ends_at(open_ended, None) is None
    assert display_ends_at(open_ended, 30).isoformat() == "2026-12-20T00:00:00+08:00"
    assert display_ends_at(with_end, 30) == with_end.ends_at  # an explicit end always wins
    assert active_between(open_ended, at("2027-01-01"), at("2027-02-01"))  # the site keeps it
    assert not active_between(open_ended, at("2027-01-01"), at("2027-02-01"), display_days=30)
    assert active_between(open_ended, at("2026-12-01"), at("2027-01-01"), display_days=30)
