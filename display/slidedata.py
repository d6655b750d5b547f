"""What a slide says: an item (and a day) turned into plain strings, before any pixel is drawn.

Why: rendering reads only this data, so its hash is exactly "the item's rendered fields" in the
render-cache key: editing a field no slide shows (a ledger voucher number, a tag) re-renders
nothing, and a slide changes exactly when what it says changes.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from generator.config import SiteConfig
from generator.model import Item
from generator.names import protected_names
from generator.schema import Moment

from .cache import file_sha
from .posters.qr import item_link

WEEKDAYS = "一二三四五六日"
VERSION = 2  # bump when the meaning of a field changes

LABELS = {
    "notice": "通知", "gongshi": "公示", "finance": "财务公开", "event": "活动预告",
    "publicity": "宣传", "disclosure": "公开", "plan": "工作计划", "honor": "光荣榜",
    "survey": "满意度调查",
}
TEMPLATES = {"gongshi": "gongshi", "finance": "finance", "event": "event", "publicity": "publicity"}


@dataclass(frozen=True)
class SlideData:
    """Everything a template draws for one item on one kind of screen (and day, if daily)."""

    template: str  # notice | gongshi | finance | event | publicity | fallback
    community: str
    label: str  # the chip: 通知, 公示, 紧急通知 …
    title: str
    dateline: str  # header, right: the publication date, or the day for daily slides
    urgent: bool = False
    facts: tuple[tuple[str, str], ...] = ()  # (label, value) rows: 时间, 地点, 异议电话 …
    figures: tuple[tuple[str, str], ...] = ()  # big numbers (finance)
    body: str = ""  # the full text (paragraphs separated by newlines)
    short: str = ""  # summary: shown when the body would need too many pages
    footer: str = ""
    strip: tuple[str, ...] = ()  # LED strip paragraphs, the title first
    image: str = ""  # sha256 of the picture (publicity); the file is passed separately
    names: tuple[str, ...] = ()  # person and signer names from the item's fields: never split
    screen_text: str = ""  # the item's choice for a body over the page limit: summary | full | ""
    link: str = ""  # the item's page on the website (the QR code of a shortened slide)
    version: int = field(default=VERSION)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def key_fields(self, full: bool) -> dict[str, object]:
        """Only the fields the profile's renderer draws: a strip never shows the body."""
        data = asdict(self)
        if full:
            data.pop("strip")
            return data
        return {k: data[k] for k in ("template", "urgent", "strip", "names", "version")}


def day_label(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def weekday(d: date) -> str:
    return "星期" + WEEKDAYS[d.weekday()]


def _md(d: date) -> str:
    return f"{d.month}月{d.day}日"


def _clock(t: datetime) -> str:
    return f"{t.hour}:{t.minute:02d}"


def when(start: Moment, end: Moment | None = None) -> str:
    """`12月13日（周日）9:00—12:00`, `12月8日至12月19日`, `12月2日（周三）`."""
    s = start.value
    text = f"{_md(s.date())}（周{WEEKDAYS[s.weekday()]}）"
    if not start.all_day:
        text += _clock(s)
    if end is None:
        return text
    e = end.value
    if e.date() == s.date():
        return text + (f"—{_clock(e)}" if not end.all_day else "")
    tail = _md(e.date()) + ("" if end.all_day else " " + _clock(e))
    return f"{text}至{tail}"


def compact_when(start: Moment, end: Moment | None = None) -> str:
    """`12月13日 9:00-12:00`: fits one 192-px strip line (Unifont digits are half width)."""
    s = start.value
    text = _md(s.date()) + ("" if start.all_day else f" {_clock(s)}")
    if end is None:
        return text
    e = end.value
    if e.date() == s.date():
        return text + ("" if end.all_day else f"-{_clock(e)}")
    return f"{text}至{_md(e.date())}"


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _label(item: Item) -> str:
    if item.urgent:
        return "紧急通知" if item.type == "notice" else "紧急" + LABELS.get(item.type, "")
    if item.type == "notice" and item.kind:
        return item.kind
    if item.type == "disclosure":
        return item.type_label
    return LABELS.get(item.type, item.type_label)


def _contact_footer(item: Item, config: SiteConfig) -> str:
    who = item.issuer or config.community
    return f"{who}　监督电话 {config.phone}"


_CLOSING = re.compile(r"\n*特此(?:通知|通告|公告|公示|说明)[。！!]?\s*$")


def screen_body(text: str) -> str:
    """The body for a screen: the closing formula (特此通知。) says nothing from 5 m away."""
    return _CLOSING.sub("", text.strip()).strip()


def counts_down(item: Item, day: date) -> bool:
    """Whether `item`'s slide on `day` says what only that day says: a 公示's days left, up to
    its last day. After its period (and for a long-term 公示) the slide is the same every day."""
    return (item.type == "gongshi" and item.start is not None and item.end is not None
            and day <= item.end.day)


def slide_data(item: Item, config: SiteConfig, *, day: date | None = None,
               image: Path | None = None) -> SlideData:
    """The slide for `item`; `day` is given for daily slides (a 公示's days left). A 公示 still
    on screens after its period (its `expires` is later) says 公示已结束, the same every day."""
    daily = day is not None and counts_down(item, day)
    dateline = (f"{day_label(day)} {weekday(day)}" if day is not None and daily
                else f"{day_label(item.published_at.date())}发布")
    base = dict(community=config.community, label=_label(item), title=item.title,
                dateline=dateline, urgent=item.urgent, body=screen_body(item.text), short=item.summary,
                footer=_contact_footer(item, config), names=protected_names(item),
                screen_text=item.screen_text, link=item_link(config.site_url, item.url))
    template = TEMPLATES.get(item.type, "notice")
    short = item.summary or "详见社区公开栏和网站"
    if item.type == "gongshi" and item.start is not None and item.end is not None:
        facts = [("公示期", f"{_md(item.start.day)}至{_md(item.end.day)}")]
        strip_facts = [f"公示至{_md(item.end.day)}"]
        if day is not None and daily:
            left = (item.end.day - day).days + 1
            status = (f"{_md(item.start.day)}开始" if day < item.start.day
                      else "今天截止" if left == 1 else f"还剩 {left} 天")
            facts.append(("剩余", status))
            strip_facts = [f"公示期{status}" if left > 1 and day >= item.start.day else status]
        elif day is not None:  # after its last day
            facts.append(("状态", "公示已结束"))
            strip_facts = ["公示已结束"]
        if item.objection is not None:
            facts.append(("异议电话", item.objection.phone))
            strip_facts.append(f"异议电话{item.objection.phone}")
            where = "　".join(x for x in (item.objection.receiver, item.objection.address) if x)
            if where:
                facts.append(("受理", where))
        return SlideData(template=template, facts=tuple(facts),
                         strip=(item.title, *strip_facts, short), **base)
    if item.type == "finance" and item.ledger is not None:
        ledger = item.ledger
        figures = (("期初余额", money(ledger.opening)), ("本期收入", money(ledger.total_income)),
                   ("本期支出", money(ledger.total_expense)), ("期末余额", money(ledger.closing)))
        footer = f"单位：元　制表：{item.prepared_by}　审核：{item.reviewed_by}"
        strip = (item.title, f"收入{money(ledger.total_income)}元",
                 f"支出{money(ledger.total_expense)}元", f"结余{money(ledger.closing)}元")
        return SlideData(template=template, figures=figures, strip=strip,
                         **{**base, "footer": footer, "body": item.summary})
    if item.type == "event" and item.start is not None:
        facts = [("时间", when(item.start, item.end)), ("地点", item.place)]
        if item.audience:
            facts.append(("对象", item.audience))
        if item.signup:
            facts.append(("报名", item.signup))
        strip = (item.title, compact_when(item.start, item.end), item.place)
        return SlideData(template=template, facts=tuple(facts), strip=strip, **base)
    if item.type == "publicity":
        digest = file_sha(image) if image is not None and image.is_file() else ""
        return SlideData(template=template, strip=(item.title, short), image=digest, **base)
    facts = ()
    if item.type == "notice" and item.contact:
        facts = (("联系", item.contact),)
    return SlideData(template=template, facts=facts, strip=(item.title, short), **base)


def fallback_data(config: SiteConfig, day: date) -> SlideData:
    """The slide for empty time: who we are, today's date, whom to call."""
    facts = [("监督电话", config.phone)]
    if config.address:
        facts.append(("地址", config.address))
    if config.office_hours:
        facts.append(("办公时间", config.office_hours))
    return SlideData(template="fallback", community=config.community, label="社区公开栏",
                     title=config.community, dateline=f"{day_label(day)} {weekday(day)}",
                     facts=tuple(facts), footer=f"监督电话 {config.phone}",
                     strip=(config.community, f"{_md(day)} {weekday(day)}", "监督电话",
                            config.phone))
