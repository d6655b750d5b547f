"""Formatting for residents: escaped text, Chinese dates, money, relative links.

Dates follow GB/T 9704: full Arabic numerals without zero padding (2026年11月29日).
"""
from __future__ import annotations

import html
import posixpath
from datetime import date, datetime
from decimal import Decimal

from ..money import format_amount
from ..schema import Moment

WEEKDAYS = "一二三四五六日"


def e(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute (front matter is never trusted markup)."""
    return html.escape("" if value is None else str(value), quote=True)


def cn_date(day: date | datetime) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_date_weekday(day: date | datetime) -> str:
    return f"{cn_date(day)}（星期{WEEKDAYS[day.weekday()]}）"


def cn_moment(moment: Moment, *, weekday: bool = False) -> str:
    """`2026年12月1日 8:30` or just the date for all-day values."""
    day = moment.value
    text = cn_date_weekday(day) if weekday else cn_date(day)
    return text if moment.all_day else f"{text} {day.hour}:{day.minute:02d}"


def cn_datetime(value: datetime) -> str:
    return f"{cn_date(value)} {value.hour}:{value.minute:02d}"


def month_label(year: int, month: int) -> str:
    return f"{year}年{month}月"


def yuan(amount: Decimal) -> str:
    return format_amount(amount)


def iso(value: datetime) -> str:
    return value.isoformat()


def rel(from_url: str, to_url: str) -> str:
    """A relative link between two site URLs (both relative to the root, directory style).

    Relative links keep the site working from a LAN server, a sub-path or a USB stick.
    """
    to_path, _, fragment = to_url.partition("#")
    base = "/" + from_url
    base_dir = base if base.endswith("/") else posixpath.dirname(base) + "/"
    target = "/" + to_path
    out = _relpath(target, base_dir)
    if to_path.endswith("/") or to_path == "":
        out = out.rstrip("/") + "/"
        if out == "./":
            out = "./"
    if fragment:
        out += "#" + fragment
    return out


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath` for two absolute paths, without its os.getcwd() call per link
    (thousands of pages each link to their section, the home page and their neighbours)."""
    path_parts = [p for p in posixpath.normpath(path).split("/") if p]
    start_parts = [p for p in posixpath.normpath(start).split("/") if p]
    common = 0
    for a, b in zip(path_parts, start_parts):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + path_parts[common:]
    return "/".join(parts) if parts else "."


def tel(phone: str) -> str:
    """The number a tel: link dials: digits and a leading + (spaces and dashes are for reading)."""
    return "".join(ch for ch in phone if ch.isdigit() or ch == "+")


def phone_link(phone: str) -> str:
    """A phone number residents can tap; it never breaks across lines (class board-nobr)."""
    return f'<a class="board-nobr" href="tel:{e(tel(phone))}">{e(phone)}</a>'


def nobr(text: str) -> str:
    """Escaped text kept on one line (a date, a period): 「2026年12月 / 15日」 is hard to read."""
    return f'<span class="board-nobr">{e(text)}</span>'
