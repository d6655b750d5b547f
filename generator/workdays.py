"""Working days (工作日) for 公示 periods, by the State Council's yearly holiday notice.

A 公示 of "5 个工作日" skips public holidays and counts the make-up working weekends (调休).
The calendar is the maintained `chinese-calendar` package, not a table of our own: each
November the State Council publishes the next year's schedule and the package follows. A year
the installed package does not know is an error for the editor, never a guess.
"""
from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from chinese_calendar.constants import holidays as _HOLIDAYS


class CalendarGap(ValueError):
    """The installed calendar does not cover a year; the message is for the editor."""


def covered_years() -> tuple[int, int]:
    """First and last year the installed calendar has the official schedule for."""
    years = [day.year for day in _HOLIDAYS]
    return min(years), max(years)


def is_workday(day: date) -> bool:
    """Is `day` a working day (a weekday that is no holiday, or a 调休 working weekend)?"""
    first, last = covered_years()
    if not first <= day.year <= last:
        raise CalendarGap(
            f"「工作日」按国务院每年公布的放假和调休安排计算，但已安装的日历（chinese-calendar "
            f"{chinese_calendar.__version__}）只收录了 {first}–{last} 年，没有 {day.year} 年的安排。"
            f"请在国务院公布 {day.year} 年放假安排后升级（pip install -U chinese-calendar），"
            "或暂时改写 end（结束日期）")
    return bool(chinese_calendar.is_workday(day))


def count_workdays(start: date, end: date) -> int:
    """Working days from `start` to `end`, both included."""
    return sum(1 for n in range((end - start).days + 1) if is_workday(start + timedelta(days=n)))


def add_workdays(start: date, days: int) -> date:
    """The last day of a period of `days` working days beginning on `start`."""
    day, counted = start, 0
    while True:
        if is_workday(day):
            counted += 1
            if counted == days:
                return day
        day += timedelta(days=1)
