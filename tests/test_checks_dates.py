"""Dates an editor writes: one allowed range, 「长期」 for no end, and 公示 working days that
follow the State Council's holiday and 调休 calendar (issue 13)."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from conftest import NOTICE, REPO, TinyProject, board_command, board_env

GONGSHI = """\
---
type: gongshi
title: 低保复核公示
date: {start}
start: {start}
{period}
objection:
  phone: 023-6388 1234
---
正文
"""


def _gongshi(start: str, period: str) -> str:
    return GONGSHI.format(start=start, period=period)


# (case, file, text, line, field, words in the message)
BAD_DATES = [
    ("expires 9999", "notices/a.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-20\nexpires: 9999-12-31"),
     5, "expires", ["9999", "2000–2099", "长期"]),
    ("gongshi end 9999", "gongshi/a.md", _gongshi("2026-11-20", "end: 9999-12-31"), 6, "end", ["9999", "长期"]),
    ("date 1999", "notices/a.md", NOTICE.replace("date: 2026-11-20", "date: 1999-11-20"), 4, "date", ["1999", "2000–2099"]),
    ("typo 2206", "notices/a.md", NOTICE.replace("date: 2026-11-20", "date: 2206-11-20"), 4, "date", ["2206"]),
    ("period 9999", "finance/a.md",
     "---\ntype: finance\ntitle: 财务\ndate: 2026-11-10\nperiod: 9999-12\nprepared_by: 甲\nreviewed_by: 乙\n"
     "ledger: {opening: 0, closing: 0}\n---\n", 5, "period", ["9999", "2000–2099"]),
    ("ledger line 9999", "finance/a.md",
     "---\ntype: finance\ntitle: 财务\ndate: 2026-11-10\nperiod: 2026-10\nprepared_by: 甲\nreviewed_by: 乙\n"
     "ledger:\n  opening: 0\n  income:\n    - {item: 拨款, amount: 1.00, date: 9999-10-01}\n  closing: 1.00\n---\n",
     11, "ledger.income[0].date", ["9999"]),
    ("workdays beyond the calendar", "gongshi/a.md", _gongshi("2027-02-01", "days: 5\nworkdays: true"), 7, "workdays",
     ["2027", "chinese-calendar", "升级"]),
    ("long-term gongshi with days", "gongshi/a.md", _gongshi("2026-11-20", "end: 长期\ndays: 5"), 7, "days", ["长期"]),
]


@pytest.mark.parametrize("name,rel,text,line,field,words", BAD_DATES, ids=[c[0] for c in BAD_DATES])
def test_bad_dates_are_located_errors(tiny: TinyProject, name: str, rel: str, text: str, line: int,
                                      field: str, words: list[str]) -> None:
    tiny.add_item(rel, text)
    errors = tiny.check().errors
    assert errors, name
    first = errors[0]
    assert (first.path, first.line, first.field) == (f"content/{rel}", line, field), first.format()
    for word in words:
        assert word in first.message, first.format()


@pytest.mark.parametrize("word", ["长期", "长期有效", "永久"])
def test_open_end_words_mean_no_end(tiny: TinyProject, word: str) -> None:
    tiny.add_item("notices/a.md", NOTICE.replace("date: 2026-11-20", f"date: 2026-11-20\nexpires: {word}"))
    tiny.add_item("gongshi/b.md", _gongshi("2026-11-20", f"end: {word}"))
    problems = tiny.check()
    assert not problems.errors, [p.format() for p in problems]
    items = {i.id: i for i in tiny.load().items}
    assert items["notices/a"].expires is None and items["notices/a"].ends_at is None
    assert items["gongshi/b"].end is None and items["gongshi/b"].ends_at is None


def test_9999_crashes_nothing(tiny: TinyProject, site_of) -> None:  # noqa: ANN001
    """check, next-change and build name the file instead of an OverflowError."""
    tiny.add_item("notices/a.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-20\nexpires: 9999-12-31"))
    for command in (["check"], ["next-change"], ["build"]):
        result = subprocess.run(board_command(*command, "--today", "2026-11-29"), cwd=tiny.root,
                                capture_output=True, text=True, env=board_env(), timeout=300)
        out = result.stdout + result.stderr
        assert "Traceback" not in out and "OverflowError" not in out, (command, out)
        assert "content/notices/a.md:5" in out, (command, out)
        assert result.returncode == (0 if command == ["next-change"] else 1), (command, out)


def test_long_term_gongshi_and_notice_build(tiny: TinyProject, site_of) -> None:  # noqa: ANN001
    tiny.add_item("notices/a.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-20\nexpires: 长期有效"))
    tiny.add_item("gongshi/b.md", _gongshi("2026-11-20", "end: 长期"))
    site = site_of(tiny)
    text = site.content("gongshi/b/").text
    assert "长期公示" in text and "公示中" in text


# --- 公示 working days ------------------------------------------------------------------------

# (case, start, working days, expected last day, why)
WORKDAY_CASES = [
    ("national day 2026", "2026-09-29", 5, "2026-10-10",
     "9-29, 9-30, then 10-1..7 off, 10-8, 10-9 and the 调休 Saturday 10-10"),
    ("spring festival 2026", "2026-02-12", 5, "2026-02-25",
     "2-12, 2-13, the 调休 Saturday 2-14, then 2-15..23 off, 2-24, 2-25"),
    ("ordinary week", "2026-11-23", 5, "2026-11-27", "Monday to Friday"),
    ("over a weekend", "2026-11-26", 5, "2026-12-02", "Thursday, Friday, then Monday to Wednesday"),
]


@pytest.mark.parametrize("name,start,days,last,why", WORKDAY_CASES, ids=[c[0] for c in WORKDAY_CASES])
def test_gongshi_working_days_follow_the_official_calendar(tiny: TinyProject, name: str, start: str,
                                                           days: int, last: str, why: str) -> None:
    tiny.add_item("gongshi/a.md", _gongshi(start, f"days: {days}\nworkdays: true"))
    problems = tiny.check(today=start)
    assert not problems.errors, [p.format() for p in problems]
    item = tiny.load().items[0]
    assert item.end is not None and item.end.day == date.fromisoformat(last), why


def test_working_days_count_for_an_end_date(tiny: TinyProject) -> None:
    """end: 2026-10-05 with workdays is 2 working days (the holiday does not count)."""
    tiny.add_item("gongshi/a.md", _gongshi("2026-09-29", "end: 2026-10-05\nworkdays: true"))
    errors = tiny.check(today="2026-09-29").errors
    assert errors and errors[0].field == "end"
    assert "2 个工作日" in errors[0].message


def test_spring_festival_2027_is_a_clear_error_until_the_calendar_has_it() -> None:
    """No released chinese-calendar carries the 2027 schedule yet: the editor is told so."""
    from generator.workdays import CalendarGap, add_workdays, covered_years

    first, last = covered_years()
    if last >= 2027:  # a newer calendar: Spring Festival 2027 (Feb 6) must be skipped
        assert add_workdays(date(2027, 2, 4), 5) > date(2027, 2, 12)
        return
    with pytest.raises(CalendarGap) as exc:
        add_workdays(date(2027, 2, 4), 5)
    assert "2027" in str(exc.value) and f"{first}–{last}" in str(exc.value)


def test_gongshi_across_national_day_builds_with_the_right_end(tiny: TinyProject, site_of) -> None:  # noqa: ANN001
    tiny.add_item("gongshi/a.md", _gongshi("2026-09-29", "days: 5\nworkdays: true"))
    site = site_of(tiny, today="2026-09-30")
    text = site.content("gongshi/a/").text
    assert "2026年10月10日" in text, text
