"""The content model: one typed `Item` per Markdown file, one schema per content type.

The website, the LED slides and the posters all read these items; nothing downstream parses
front matter again. Money is `Decimal`, times are aware datetimes in the site's time zone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

from .config import LONG_TEXT
from .money import capital
from .periods import Period, PeriodField
from .schema import Field as _Field
from .schema import (Boolean, Choice, Context, Day, HoursField, Integer, Invalid, ListOf, Money,
                     Moment, Nested, Phone, Schema, Text, Weekdays, When)
from .schema import Hours
from .workdays import CalendarGap, add_workdays, count_workdays
from .yamlsrc import Path_

TYPES: dict[str, str] = {
    "notice": "通知公告",
    "gongshi": "公示",
    "disclosure": "党务居务公开",
    "finance": "财务公开",
    "publicity": "宣传",
    "event": "活动预告",
    "plan": "工作计划",
    "honor": "光荣榜",
    "survey": "满意度调查",
}
# The folder each type goes in, as documented in docs/guide.md.
FOLDERS: dict[str, str] = {
    "notice": "notices",
    "gongshi": "gongshi",
    "disclosure": "disclosure",
    "finance": "finance",
    "publicity": "publicity",
    "event": "events",
    "plan": "plans",
    "honor": "honors",
    "survey": "surveys",
}
CATEGORIES = {"party": "党务", "affairs": "居务", "finance": "财务"}
PRIORITIES = {"normal": "普通", "urgent": "紧急"}
STATUSES = {"todo": "未开始", "doing": "进行中", "done": "已完成"}
NOTICE_KINDS = {"通知": "通知", "通告": "通告"}


@dataclass(frozen=True)
class Objection:
    phone: str
    address: str = ""
    receiver: str = ""


@dataclass(frozen=True)
class LedgerLine:
    item: str
    amount: Decimal
    date: date | None = None
    voucher: str = ""


@dataclass(frozen=True)
class Ledger:
    opening: Decimal
    income: tuple[LedgerLine, ...]
    expense: tuple[LedgerLine, ...]
    closing: Decimal

    @property
    def total_income(self) -> Decimal:
        return sum((line.amount for line in self.income), Decimal("0.00"))

    @property
    def total_expense(self) -> Decimal:
        return sum((line.amount for line in self.expense), Decimal("0.00"))

    @property
    def expected_closing(self) -> Decimal:
        return self.opening + self.total_income - self.total_expense

    @property
    def balanced(self) -> bool:
        return self.expected_closing == self.closing

    @property
    def closing_capital(self) -> str:
        return capital(self.closing, prefix="人民币")


@dataclass(frozen=True)
class ItemRef:
    """Another item named by this one (a 更正 and the disclosure it replaces)."""

    id: str
    url: str
    title: str
    published_at: datetime


@dataclass(frozen=True)
class Milestone:
    name: str
    due: date
    status: str  # todo | doing | done
    note: str = ""

    def overdue(self, today: date) -> bool:
        return self.status != "done" and self.due < today


@dataclass(frozen=True)
class Honoree:
    name: str
    reason: str = ""


@dataclass(frozen=True)
class SurveyResult:
    answer: str
    count: int
    satisfied: bool = False


@dataclass(frozen=True)
class Item:
    """One published (or scheduled, or draft) piece of content."""

    # where it came from
    source: str  # path relative to the content folder, e.g. "notices/2026-11-water.md"
    id: str  # source without ".md", stable across title changes
    url: str  # site URL relative to the root, ASCII, ends with "/"
    lines: dict[str, int] = field(repr=False, compare=False)  # field name -> line in the file
    body: str = field(repr=False, default="")  # Markdown after the front matter
    body_line: int = 1

    # common fields
    type: str = "notice"
    title: str = ""
    date: Moment | None = None
    expires: Moment | None = None
    issuer: str = ""
    summary: str = ""
    screens: tuple[str, ...] = ()
    boards: tuple[str, ...] = ()
    priority: str = "normal"
    draft: bool = False
    tags: tuple[str, ...] = ()
    image: str = ""  # relative to the item's folder
    weekdays: tuple[int, ...] = ()  # screens: only on these weekdays (Monday = 0)
    hours: tuple[Hours, ...] = ()  # screens: only in these daily windows
    duration: int | None = None  # screens: seconds per frame
    doc_no: str = ""  # 文号
    contact: str = ""
    screen_text: str = ""  # screens: summary | full for a body over max_pages; "" = the screen's rule
    # withdrawn (撤回): off the screens, boards and current lists at once; the page keeps only
    # the title and the reason, so a withdrawn mistake (a leaked number) is not published again
    withdrawn: bool = False
    withdrawn_reason: str = ""
    withdrawn_at: Moment | None = None

    # type-specific fields (None / empty when the type has none)
    kind: str = ""  # notice: 通知 | 通告
    addressee: str = ""
    category: str = ""  # disclosure
    period: Period | None = None  # disclosure, finance
    ledger: Ledger | None = None
    prepared_by: str = ""
    reviewed_by: str = ""
    corrects: str = ""  # finance: the earlier disclosure this 更正 replaces, as written
    replaces: ItemRef | None = None  # resolved by generator.continuity
    replaced_by: ItemRef | None = None
    start: Moment | None = None  # gongshi, event
    end: Moment | None = None
    objection: Objection | None = None
    basis: str = ""
    place: str = ""
    organizer: str = ""
    audience: str = ""
    signup: str = ""
    milestones: tuple[Milestone, ...] = ()
    target: str = ""
    honorees: tuple[Honoree, ...] = ()
    method: str = ""
    valid_responses: int = 0
    results: tuple[SurveyResult, ...] = ()
    target_rate: int | None = None

    @property
    def type_label(self) -> str:
        if self.type == "notice" and self.kind:
            return self.kind
        if self.type == "disclosure" and self.category:
            return CATEGORIES[self.category] + "公开"
        return TYPES[self.type]

    @property
    def urgent(self) -> bool:
        return self.priority == "urgent"

    @property
    def published_at(self) -> datetime:
        assert self.date is not None
        return self.date.value

    @property
    def ends_at(self) -> datetime | None:
        """When the item leaves current lists, screens and boards (exclusive), if ever.

        `expires` wins; a 公示 ends with its period and an event when it is over. A withdrawn
        item ended when it was withdrawn (or, with no time given, when it was published); a
        finance disclosure replaced by a 更正 when the correction is published.
        """
        if self.withdrawn:
            return self.withdrawn_at.value if self.withdrawn_at is not None else self.published_at
        if self.replaced_by is not None:  # a 更正 takes its place on lists, screens and boards
            own = self.expires.until if self.expires is not None else None
            return min(own, self.replaced_by.published_at) if own else self.replaced_by.published_at
        if self.expires is not None:
            return self.expires.until
        if self.type == "gongshi" and self.end is not None:
            return self.end.until
        if self.type == "event":
            last = self.end or self.start
            return last.until if last is not None else None
        return None

    @property
    def satisfaction_rate(self) -> Decimal | None:
        if not self.valid_responses:
            return None
        happy = sum(r.count for r in self.results if r.satisfied)
        return (Decimal(happy) * 100 / self.valid_responses).quantize(Decimal("0.1"))

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)

    @cached_property
    def text(self) -> str:
        """The body as plain text with paragraphs separated by blank lines (for screens and posters)."""
        from .plaintext import markdown_to_text

        return markdown_to_text(self.body)


# --- schemas -------------------------------------------------------------------------------------

class TargetIds(_Field):
    """`all`, one id, or a list of ids of screens or boards defined in mkdocs.yml."""

    def __init__(self, what: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.what = what  # "screens" | "boards"

    def convert(self, value: Any, ctx: Context, at: Path_) -> tuple[str, ...]:
        known: dict[str, Any] = dict((ctx.lookups or {}).get(self.what, {}))
        noun = "屏幕" if self.what == "screens" else "公开栏"
        if isinstance(value, str) and value.strip() in ("all", "全部"):
            return tuple(known)
        values = value if isinstance(value, list) else [value]
        out: list[str] = []
        unknown: list[str] = []
        for entry in values:
            key = str(entry).strip()
            if key in ("all", "全部"):
                out.extend(k for k in known if k not in out)
            elif key in known:
                if key not in out:
                    out.append(key)
            else:
                unknown.append(key)
        if unknown:
            listed = "、".join(known) or "（mkdocs.yml 里还没有定义）"
            raise Invalid(f"{noun}「{'、'.join(unknown)}」没有在 mkdocs.yml 里定义；"
                          f"可用的{noun}编号：{listed}，或写 all")
        return tuple(out)


def _common() -> dict[str, _Field]:
    return {
        "type": Choice(TYPES, required=True),
        "title": Text(required=True, one_line=True, max_len=120, label="标题"),
        "date": When(required=True, label="发布日期，例如 2026-11-29"),
        "expires": When(open_end=True),
        "issuer": Text(one_line=True, max_len=60),
        "summary": Text(max_len=300),
        "screens": TargetIds("screens"),
        "boards": TargetIds("boards"),
        "priority": Choice(PRIORITIES, default="normal"),
        "draft": Boolean(default=False),
        "tags": ListOf(Text(one_line=True, max_len=20), allow_single=True),
        "image": Text(one_line=True),
        "weekdays": Weekdays(),
        "hours": HoursField(),
        "duration": Integer(min=2, max=600),
        "doc_no": Text(one_line=True, max_len=60),
        "contact": Text(max_len=200),
        "screen_text": Choice(LONG_TEXT),
        "withdrawn": Boolean(default=False, label="撤回：写 true 后立即从网站、屏幕和海报上撤下"),
        "withdrawn_reason": Text(max_len=200, label="撤回原因（会显示在网站上）"),
        "withdrawn_at": When(label="撤回时间，例如 2026-12-01 10:30"),
        # numbers published on purpose (an office mobile): personal-number checks let them pass
        "public_numbers": ListOf(Text(one_line=True, max_len=40), allow_single=True),
    }


OBJECTION = Schema({
    "phone": Phone(required=True, label="受理异议的电话"),
    "address": Text(one_line=True),
    "receiver": Text(one_line=True),
})

LEDGER_LINE = Schema({
    "item": Text(required=True, one_line=True, max_len=100, label="摘要"),
    "amount": Money(required=True, label="金额（元）"),
    "date": Day(),
    "voucher": Text(one_line=True, max_len=30),
})

LEDGER = Schema({
    "opening": Money(required=True, label="期初余额"),
    "income": ListOf(Nested(LEDGER_LINE), default=[]),
    "expense": ListOf(Nested(LEDGER_LINE), default=[]),
    "closing": Money(required=True, label="期末余额"),
})

MILESTONE = Schema({
    "name": Text(required=True, one_line=True),
    "due": Day(required=True),
    "status": Choice(STATUSES, default="todo"),
    "note": Text(),
})

HONOREE = Schema({"name": Text(required=True, one_line=True), "reason": Text()})

RESULT = Schema({
    "answer": Text(required=True, one_line=True),
    "count": Integer(required=True, min=0),
    "satisfied": Boolean(default=False),
})


def _only(**fields: _Field) -> dict[str, _Field]:
    return fields


SPECIFIC: dict[str, dict[str, _Field]] = {
    "notice": _only(kind=Choice(NOTICE_KINDS), addressee=Text(one_line=True)),
    "gongshi": _only(
        start=When(), end=When(open_end=True), days=Integer(min=1, max=365), workdays=Boolean(default=False),
        objection=Nested(OBJECTION, required=True, label="异议受理方式，至少写 phone"),
        basis=Text(),
    ),
    "disclosure": _only(
        category=Choice(CATEGORIES, required=True), period=PeriodField(required=True),
        basis=Text(),
    ),
    "finance": _only(
        period=PeriodField(required=True), ledger=Nested(LEDGER, required=True),
        prepared_by=Text(one_line=True, required=True, label="制表人"),
        reviewed_by=Text(one_line=True, required=True, label="审核人"),
        corrects=Text(one_line=True, max_len=200, label="被更正的那份财务公开的文件名"),
    ),
    "publicity": _only(),
    "event": _only(
        start=When(required=True, label="开始时间"), end=When(),
        place=Text(one_line=True, required=True, label="地点"),
        organizer=Text(one_line=True), audience=Text(one_line=True), signup=Text(),
    ),
    "plan": _only(
        period=PeriodField(), milestones=ListOf(Nested(MILESTONE)), target=Text(),
    ),
    "honor": _only(honorees=ListOf(Nested(HONOREE), min_items=1, required=True)),
    "survey": _only(
        method=Text(), valid_responses=Integer(min=0, required=True),
        results=ListOf(Nested(RESULT), min_items=1, required=True),
        target_rate=Integer(min=0, max=100),
    ),
}


def _days_between(start: date, end: date, workdays: bool) -> int:
    """Inclusive count of days (or official working days) from start to end."""
    if not workdays:
        return (end - start).days + 1
    return count_workdays(start, end)


def _add_days(start: date, days: int, workdays: bool) -> date:
    """The last day of a period of `days` days (or official working days) beginning on `start`."""
    if not workdays:
        return start + timedelta(days=days - 1)
    return add_workdays(start, days)


def make_checker(min_days: int):  # noqa: ANN201 - returns the schema's cross-field rule
    def check(v: dict[str, Any], ctx: Context, at: Path_) -> None:
        date_, expires = v.get("date"), v.get("expires")
        if date_ and expires and expires.until <= date_.value:
            ctx.report(("expires",), f"失效时间 {_fmt(expires)} 早于发布日期 {_fmt(date_)}，请改晚一些或删掉 expires")
        _check_withdrawn(v, ctx)
        kind = v.get("type")
        if kind == "gongshi":
            _check_gongshi(v, ctx, min_days)
        elif kind == "event":
            start, end = v.get("start"), v.get("end")
            if start and end and end.until < start.value or (start and end and end.value < start.value):
                ctx.report(("end",), f"结束时间 {_fmt(end)} 早于开始时间 {_fmt(start)}")
        elif kind == "finance":
            _check_ledger(v, ctx)
        elif kind == "survey":
            total = sum(r["count"] for r in v.get("results", []))
            if total > v.get("valid_responses", 0):
                ctx.report(("results",), f"各选项人数合计 {total}，超过了有效问卷数 {v['valid_responses']}")
    return check


def _check_withdrawn(v: dict[str, Any], ctx: Context) -> None:
    """A withdrawal says why (the street office asks); its other fields mean nothing without it."""
    if v.get("withdrawn"):
        if not v.get("withdrawn_reason", "").strip():
            ctx.report(("withdrawn",), "撤回的内容要写明撤回原因：在下一行加上 withdrawn_reason: 原因"
                                       "（例如「内容有误，更正后重新发布」），原因会显示在网站上")
    elif v.get("withdrawn_reason") or v.get("withdrawn_at"):
        name = "withdrawn_reason" if v.get("withdrawn_reason") else "withdrawn_at"
        ctx.report((name,), f"写了 {name}，但没有写 withdrawn: true，这条内容不会被撤回；"
                            "要撤回请加上 withdrawn: true，否则删掉这一行")


def _fmt(m: Moment) -> str:
    d = m.value
    text = f"{d.year}年{d.month}月{d.day}日"
    return text if m.all_day else text + f" {d:%H:%M}"


def _check_gongshi(v: dict[str, Any], ctx: Context, min_days: int) -> None:
    start: Moment = v.get("start") or v["date"]
    v["start"] = start
    end: Moment | None = v.get("end")
    if "end" in v and end is None:  # end: 长期
        if "days" in v:
            ctx.report(("days",), "已写 end: 长期（长期公示），就不要再写 days；请删掉其中一行")
        return
    where = ("end",) if end is not None else ("days",)
    workdays = v.get("workdays", False)
    if end is None and "days" not in v:
        ctx.report((), "公示需要写明公示期：写 end（结束日期）或 days（天数）；长期公示写 end: 长期")
        return
    try:
        if end is None:
            last = _add_days(start.day, v["days"], workdays)
            end = Moment(datetime.combine(last, datetime.min.time(), start.value.tzinfo), True)
            v["end"] = end
        if end.until <= start.value:
            ctx.report(("end",), f"公示结束日期 {_fmt(end)} 早于开始日期 {_fmt(start)}")
            return
        days = _days_between(start.day, end.day, workdays)
    except CalendarGap as exc:
        ctx.report(("workdays",) if "workdays" in v else where, str(exc))
        return
    if days < min_days:
        unit = "个工作日" if workdays else "天"
        ctx.report(where, f"公示期只有 {days} {unit}，少于规定的 {min_days} 天；请把结束日期延后")


def _check_ledger(v: dict[str, Any], ctx: Context) -> None:
    raw = v["ledger"]
    opening = raw["opening"]
    income = sum((line["amount"] for line in raw.get("income", [])), Decimal("0.00"))
    expense = sum((line["amount"] for line in raw.get("expense", [])), Decimal("0.00"))
    expected = opening + income - expense
    closing = raw["closing"]
    period = v.get("period")
    if period is not None:
        for side, noun in (("income", "收入"), ("expense", "支出")):
            for index, line in enumerate(raw.get(side, [])):
                day = line.get("date")
                if day is not None and not period.first_day <= day < period.end_day:
                    ctx.report(("ledger", side, index, "date"),
                               f"这笔{noun}的日期 {day.year}年{day.month}月{day.day}日 不在本期（{period.label}）内；"
                               "请改正日期，或把这笔记到它所属那一期的财务公开里")
    if expected != closing:
        diff = closing - expected
        more = "多" if diff > 0 else "少"
        ctx.report(("ledger", "closing"),
                   f"账目不平：期初 {opening} + 收入合计 {income} − 支出合计 {expense} = {expected}，"
                   f"但期末余额写的是 {closing}，{more}了 {abs(diff)} 元；请核对各笔金额或期末余额")


def schema_for(item_type: str, min_days: int) -> Schema:
    fields = _common()
    fields.update(SPECIFIC.get(item_type, {}))
    return Schema(fields, check=make_checker(min_days))


ALL_FIELDS: frozenset[str] = frozenset(
    set(_common()) | {name for spec in SPECIFIC.values() for name in spec}
)


def build_item(source: str, item_id: str, url: str, v: dict[str, Any], lines: dict[str, int],
               body: str, body_line: int, default_issuer: str) -> Item:
    """Turn validated values into an Item (only called when there were no errors)."""
    ledger = None
    if "ledger" in v:
        raw = v["ledger"]
        ledger = Ledger(
            opening=raw["opening"],
            income=tuple(LedgerLine(**line) for line in raw.get("income", [])),
            expense=tuple(LedgerLine(**line) for line in raw.get("expense", [])),
            closing=raw["closing"],
        )
    objection = Objection(**v["objection"]) if "objection" in v else None
    return Item(
        source=source, id=item_id, url=url, lines=lines, body=body, body_line=body_line,
        type=v["type"], title=v["title"], date=v["date"], expires=v.get("expires"),
        issuer=v.get("issuer") or default_issuer, summary=v.get("summary", ""),
        screens=tuple(v.get("screens", ())), boards=tuple(v.get("boards", ())),
        priority=v.get("priority", "normal"), draft=v.get("draft", False),
        tags=tuple(v.get("tags", ())), image=v.get("image", ""),
        weekdays=tuple(v.get("weekdays", ())), hours=tuple(v.get("hours", ())),
        duration=v.get("duration"), doc_no=v.get("doc_no", ""), contact=v.get("contact", ""),
        screen_text=v.get("screen_text", ""),
        withdrawn=v.get("withdrawn", False), withdrawn_reason=v.get("withdrawn_reason", ""),
        withdrawn_at=v.get("withdrawn_at"),
        kind=v.get("kind", ""), addressee=v.get("addressee", ""),
        category=v.get("category", "finance" if v["type"] == "finance" else ""),
        period=v.get("period"), ledger=ledger,
        prepared_by=v.get("prepared_by", ""), reviewed_by=v.get("reviewed_by", ""),
        corrects=v.get("corrects", ""),
        start=v.get("start"), end=v.get("end"), objection=objection, basis=v.get("basis", ""),
        place=v.get("place", ""), organizer=v.get("organizer", ""),
        audience=v.get("audience", ""), signup=v.get("signup", ""),
        milestones=tuple(Milestone(**m) for m in v.get("milestones", [])),
        target=v.get("target", ""),
        honorees=tuple(Honoree(**h) for h in v.get("honorees", [])),
        method=v.get("method", ""), valid_responses=v.get("valid_responses", 0),
        results=tuple(SurveyResult(**r) for r in v.get("results", [])),
        target_rate=v.get("target_rate"),
    )
