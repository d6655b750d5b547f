"""Typed schemas for front matter and config, in the spirit of mkdocs' `config_options`.

A `Schema` maps field names to `Field`s. Each field converts and validates its own raw value and
raises `Invalid` with a message for the editor; the schema collects every problem (not just the
first) with the line of the offending key and the field's dotted path.
"""
from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from .money import MoneyError, NegativeAmount, parse_amount
from .problems import ProblemList, Severity
from .yamlsrc import LoadedYaml, Path_


class Invalid(Exception):
    """A value that a field refuses; `message` says what is wrong and how to fix it."""

    def __init__(self, message: str, severity: Severity = Severity.ERROR) -> None:
        super().__init__(message)
        self.message = message
        self.severity = severity


def dotted(path: Path_) -> str:
    """('ledger', 'income', 2, 'amount') → 'ledger.income[2].amount'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class Context:
    """Where values come from, and where problems go."""

    path: str  # file the values came from, for problem reports
    doc: LoadedYaml
    problems: ProblemList
    tz: ZoneInfo
    prefix: Path_ = ()  # dotted-name prefix of reported fields (config: plugins.board)
    doc_prefix: Path_ = ()  # where the validated mapping sits in `doc` (config: plugins[1].board)
    lookups: Mapping[str, Any] | None = None  # e.g. known screen and board ids

    def report(self, at: Path_, message: str, severity: Severity = Severity.ERROR) -> None:
        if not message:  # a composite field whose parts already reported
            return
        line = self.doc.line(self.doc_prefix + tuple(at))
        name = dotted(self.prefix + tuple(at))
        if severity is Severity.ERROR:
            self.problems.error(self.path, line, message, name)
        else:
            self.problems.warning(self.path, line, message, name)

    def error_count(self) -> int:
        return len(self.problems.errors)


class Field:
    """One typed value. Subclasses implement `convert`."""

    def __init__(self, *, required: bool = False, default: Any = None, label: str = "") -> None:
        self.required = required
        self.default = default
        self.label = label

    def convert(self, value: Any, ctx: Context, at: Path_) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:
        return self.label


class Schema:
    """A mapping of named fields; validates a whole mapping and reports every problem."""

    def __init__(self, fields: Mapping[str, Field], *, aliases: Mapping[str, str] | None = None,
                 check: Callable[[dict[str, Any], Context, Path_], None] | None = None) -> None:
        self.fields = dict(fields)
        self.aliases = dict(aliases or {})
        self.check = check  # cross-field rules, run when every field converted cleanly

    def validate(self, data: Any, ctx: Context, at: Path_ = ()) -> dict[str, Any] | None:
        """Return converted values, or None when `data` is not a mapping at all."""
        if not isinstance(data, Mapping):
            ctx.report(at, f"这里应该是「字段: 值」的列表，现在是{_kind(data)}")
            return None
        before = ctx.error_count()
        out: dict[str, Any] = {}
        for raw_key, value in data.items():
            key = self.aliases.get(str(raw_key), str(raw_key))
            field = self.fields.get(key)
            if field is None:
                ctx.report(at + (str(raw_key),), _unknown_field(str(raw_key), self.fields))
                continue
            if value is None:
                if field.required:
                    ctx.report(at + (str(raw_key),), f"「{raw_key}」不能为空")
                continue
            try:
                out[key] = field.convert(value, ctx, at + (str(raw_key),))
            except Invalid as exc:
                ctx.report(at + (str(raw_key),), exc.message, exc.severity)
        for key, field in self.fields.items():
            if key in out or key in {self.aliases.get(str(k), str(k)) for k in data}:
                continue
            if field.required:
                ctx.report(at, f"缺少必填字段「{key}」{_hint(field)}")
            elif field.default is not None:
                out[key] = field.default
        if self.check is not None and ctx.error_count() == before:
            self.check(out, ctx, at)
        return out


def _hint(field: Field) -> str:
    return f"（{field.label}）" if field.label else ""


def _unknown_field(key: str, fields: Mapping[str, Field]) -> str:
    close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    if close:
        return f"未知字段「{key}」，是不是想写「{close[0]}」？"
    return f"未知字段「{key}」；可用的字段有：{'、'.join(sorted(fields))}"


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "一段文字"
    if isinstance(value, bool):
        return "是/否"
    if isinstance(value, (int, Decimal, float)):
        return "一个数字"
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, Mapping):
        return "一组字段"
    return "空"


class Raw(Field):
    """Kept as written; validated by the caller (e.g. mappings keyed by id)."""

    def convert(self, value: Any, ctx: Context, at: Path_) -> Any:
        return value


# --- scalar fields -----------------------------------------------------------------------------

# C0/C1 control characters (invalid in XML feeds, invisible on screens) and the bidi overrides
# and isolates that make text display in another order than it is stored ("Trojan source")
_HIDDEN = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Text(Field):
    def __init__(self, *, max_len: int | None = None, one_line: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.max_len = max_len
        self.one_line = one_line

    def convert(self, value: Any, ctx: Context, at: Path_) -> str:
        if isinstance(value, (Mapping, list)):
            raise Invalid(f"应该是一段文字，现在是{_kind(value)}")
        if isinstance(value, bool):
            raise Invalid("应该是一段文字；若要写「是/否」本身，请加引号")
        text = str(value).strip()
        if "\x00" in text:
            raise Invalid("含有空字符（NUL），请删除")
        hidden = _HIDDEN.search(text)
        if hidden:
            raise Invalid(f"含有看不见的控制字符（U+{ord(hidden.group()):04X}），可能是复制时带进来的；请删除")
        if not text:
            raise Invalid("不能为空")
        if self.one_line and ("\n" in text or "\r" in text):
            raise Invalid("只能写一行")
        if self.max_len and len(text) > self.max_len:
            raise Invalid(f"太长了（{len(text)} 字），最多 {self.max_len} 字；长内容请写在正文里")
        return text


class Choice(Field):
    """One of fixed values; Chinese labels are accepted as synonyms."""

    def __init__(self, choices: Mapping[str, str], **kw: Any) -> None:
        super().__init__(**kw)
        self.choices = dict(choices)
        self.by_label = {label: key for key, label in self.choices.items()}

    def convert(self, value: Any, ctx: Context, at: Path_) -> str:
        text = str(value).strip()
        if text in self.choices:
            return text
        if text in self.by_label:
            return self.by_label[text]
        options = "、".join(f"{k}（{v}）" for k, v in self.choices.items())
        close = difflib.get_close_matches(text, list(self.choices), n=1, cutoff=0.6)
        hint = f"是不是想写「{close[0]}」？" if close else ""
        raise Invalid(f"「{text}」不是可选的值。{hint}可选：{options}")


class Boolean(Field):
    _TRUE = {"true", "yes", "on", "是", "1"}
    _FALSE = {"false", "no", "off", "否", "0"}

    def convert(self, value: Any, ctx: Context, at: Path_) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self._TRUE:
            return True
        if text in self._FALSE:
            return False
        raise Invalid(f"应该写 true 或 false，现在是「{value}」")


class Integer(Field):
    def __init__(self, *, min: int | None = None, max: int | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.min, self.max = min, max

    def convert(self, value: Any, ctx: Context, at: Path_) -> int:
        if isinstance(value, bool):
            raise Invalid("应该是整数")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise Invalid(f"应该是整数，现在是「{value}」") from None
        if self.min is not None and number < self.min:
            raise Invalid(f"不能小于 {self.min}")
        if self.max is not None and number > self.max:
            raise Invalid(f"不能大于 {self.max}")
        return number


class Money(Field):
    def convert(self, value: Any, ctx: Context, at: Path_) -> Decimal:
        try:
            return parse_amount(value)
        except NegativeAmount:
            if "expense" in at:
                raise Invalid(REFUND_IN_EXPENSE.format(value=value)) from None
            raise Invalid(f"金额「{value}」是负数；金额都写正数：支出写在 expense 里，"
                          "退款和冲销的写法见编辑指南「退款和冲销」一节") from None
        except MoneyError as exc:
            raise Invalid(str(exc)) from None


REFUND_IN_EXPENSE = (
    "金额「{value}」是负数，而这一笔已经写在 expense（支出）里了：支出的金额直接写正数。"
    "如果这是退回来的钱（退款），请在 income（收入）里记一笔正数，摘要以「退款：」开头，写明退的是哪一笔支出；"
    "如果是记错了账要冲销：本期还没发布就直接改正那一笔，已经发布了就发布一份更正（corrects）。"
    "写法见编辑指南「退款和冲销」一节"
)


_PHONE = re.compile(r"^[0-9０-９+\-－—() （）转 ]{5,30}$")


class Phone(Field):
    def convert(self, value: Any, ctx: Context, at: Path_) -> str:
        text = str(value).strip()
        digits = sum(ch.isdigit() for ch in text)
        if not _PHONE.match(text) or digits < 5:
            raise Invalid(f"「{text}」不像电话号码，请写成 023-63881234 或 12345 这样的形式")
        return text


# --- dates and times ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Moment:
    """A date, or a date and time, written by an editor, as an aware instant.

    `value` is the instant the editor named (midnight for a date); `all_day` says no time was
    given. `until` is the end of what was named: the next midnight for an all-day value, so
    that `expires: 2026-11-30` keeps an item up through the whole 30th.
    """

    value: datetime
    all_day: bool

    @property
    def until(self) -> datetime:
        if self.all_day:
            nxt = self.value.date() + timedelta(days=1)
            return datetime.combine(nxt, time(0), self.value.tzinfo)
        return self.value

    @property
    def day(self) -> date:
        return self.value.date()


# One allowed range for every date an editor writes: far-future stand-ins such as 9999-12-31
# (meant as "no end") would overflow date arithmetic, and typos such as 2206 or 1026 are caught.
MIN_YEAR, MAX_YEAR = 2000, 2099
# Words that mean "no end" for `expires` and a 公示's `end`.
OPEN_END_WORDS = frozenset({"长期", "长期有效", "永久", "永久有效", "长期公示"})


def _check_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Invalid(f"日期「{text}」的年份 {year} 超出范围（只能写 {MIN_YEAR}–{MAX_YEAR} 年）；"
                      "若想表示长期有效，请写「长期」或删掉这一行")


_DATE_RE = re.compile(
    r"^(?P<y>\d{4})[-/年.](?P<m>\d{1,2})[-/月.](?P<d>\d{1,2})日?"
    r"(?:[ T]+(?P<H>\d{1,2})[:：](?P<M>\d{2})(?::(?P<S>\d{2}))?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)


def parse_moment(value: Any, tz: ZoneInfo, *, allow_time: bool = True) -> Moment:
    """Parse `2026-11-29`, `2026-11-29 09:00`, `2026/11/29`, `2026年11月29日 9:00` (local time)."""
    if isinstance(value, datetime):
        _check_year(value.year, value.isoformat())
        dt = value if value.tzinfo else value.replace(tzinfo=tz)
        return Moment(dt.astimezone(tz), False)
    if isinstance(value, date):
        _check_year(value.year, value.isoformat())
        return Moment(datetime.combine(value, time(0), tz), True)
    text = str(value).strip()
    match = _DATE_RE.match(text)
    if not match:
        example = "2026-11-29 或 2026-11-29 09:00" if allow_time else "2026-11-29"
        raise Invalid(f"「{text}」不是日期，请写成 {example}")
    y, m, d = int(match["y"]), int(match["m"]), int(match["d"])
    _check_year(y, text)
    if not 1 <= m <= 12:
        raise Invalid(f"日期「{text}」的月份 {m} 不存在")
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise Invalid(f"日期「{text}」不存在：{y}年{m}月只有{last}天")
    if match["H"] is None:
        return Moment(datetime(y, m, d, tzinfo=tz), True)
    if not allow_time:
        raise Invalid(f"这里只写日期，不写时间，例如 {y}-{m:02d}-{d:02d}")
    hh, mm, ss = int(match["H"]), int(match["M"]), int(match["S"] or 0)
    if hh > 23 or mm > 59 or ss > 59:
        raise Invalid(f"时间「{text}」不存在，小时是 0–23，分钟是 0–59")
    if match["tz"]:
        offset = match["tz"]
        stamp = f"{y:04d}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}" + (
            "+00:00" if offset == "Z" else offset[:3] + ":" + offset[-2:])
        return Moment(datetime.fromisoformat(stamp).astimezone(tz), False)
    return Moment(datetime(y, m, d, hh, mm, ss, tzinfo=tz), False)


class When(Field):
    """A date or a date with time, in the site's time zone.

    With `open_end`, 「长期」「长期有效」「永久」 mean "no end" and convert to None (an end that
    editors otherwise fake with 9999-12-31).
    """

    def __init__(self, *, allow_time: bool = True, open_end: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.allow_time = allow_time
        self.open_end = open_end

    def convert(self, value: Any, ctx: Context, at: Path_) -> Moment | None:
        if self.open_end and isinstance(value, str) and value.strip() in OPEN_END_WORDS:
            return None
        return parse_moment(value, ctx.tz, allow_time=self.allow_time)


class Day(Field):
    """A calendar date only."""

    def convert(self, value: Any, ctx: Context, at: Path_) -> date:
        return parse_moment(value, ctx.tz, allow_time=False).day


_TIME_RE = re.compile(r"^(\d{1,2})[:：](\d{2})$")


def parse_clock(text: str) -> time:
    match = _TIME_RE.match(text.strip())
    if not match or int(match[1]) > 24 or int(match[2]) > 59 or (int(match[1]) == 24 and int(match[2])):
        raise Invalid(f"「{text}」不是时刻，请写成 07:00 这样的形式")
    hh, mm = int(match[1]), int(match[2])
    return time(23, 59, 59) if hh == 24 else time(hh, mm)


@dataclass(frozen=True)
class Hours:
    """A daily window `07:00-22:00`; `start > end` crosses midnight (`22:00-06:00`)."""

    start: time
    end: time

    def contains(self, t: time) -> bool:
        if self.start <= self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


class HoursField(Field):
    def convert(self, value: Any, ctx: Context, at: Path_) -> tuple[Hours, ...]:
        items = value if isinstance(value, list) else [value]
        out = []
        for entry in items:
            parts = re.split(r"\s*[-–—~至到]\s*", str(entry).strip())
            if len(parts) != 2:
                raise Invalid(f"「{entry}」不是时段，请写成 07:00-22:00")
            start, end = parse_clock(parts[0]), parse_clock(parts[1])
            if start == end:
                raise Invalid(f"时段「{entry}」的开始和结束相同")
            out.append(Hours(start, end))
        return tuple(out)


_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
             "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


class Weekdays(Field):
    """`[mon, wed]` or `[周一, 周三]` → weekday numbers (Monday = 0)."""

    def convert(self, value: Any, ctx: Context, at: Path_) -> tuple[int, ...]:
        items = value if isinstance(value, list) else re.split(r"[,，、\s]+", str(value))
        out = set()
        for entry in items:
            key = str(entry).strip().lower().removeprefix("周").removeprefix("星期")[:3]
            if key not in _WEEKDAYS:
                raise Invalid(f"「{entry}」不是星期，请写 mon…sun 或 周一…周日")
            out.add(_WEEKDAYS[key])
        return tuple(sorted(out))


# --- composite fields --------------------------------------------------------------------------

class Nested(Field):
    def __init__(self, schema: Schema, **kw: Any) -> None:
        super().__init__(**kw)
        self.schema = schema

    def convert(self, value: Any, ctx: Context, at: Path_) -> dict[str, Any]:
        before = ctx.error_count()
        out = self.schema.validate(value, ctx, at)
        if out is None or ctx.error_count() != before:
            raise _Reported()
        return out


class ListOf(Field):
    def __init__(self, item: Field, *, min_items: int = 0, allow_single: bool = False,
                 **kw: Any) -> None:
        super().__init__(**kw)
        self.item = item
        self.min_items = min_items
        self.allow_single = allow_single

    def convert(self, value: Any, ctx: Context, at: Path_) -> list[Any]:
        if not isinstance(value, list):
            if not self.allow_single:
                raise Invalid(f"应该是一个列表（每项一行，以「- 」开头），现在是{_kind(value)}")
            value = [value]
        if len(value) < self.min_items:
            raise Invalid(f"至少要有 {self.min_items} 项")
        before = ctx.error_count()
        out = []
        for index, entry in enumerate(value):
            try:
                out.append(self.item.convert(entry, ctx, at + (index,)))
            except _Reported:
                continue
            except Invalid as exc:
                ctx.report(at + (index,), exc.message, exc.severity)
        if ctx.error_count() != before:
            raise _Reported()
        return out


class _Reported(Invalid):
    """Raised by composite fields whose parts already reported their problems."""

    def __init__(self) -> None:
        super().__init__("", Severity.WARNING)
