"""Items as flow blocks: a formal sheet per notice, a ruled table per ledger, cards in a grid.

Why per type: a 公示 is read for its period and where to object, a 财务公开 for its numbers, an
event for when and where. Each builder turns an `Item` into rows whose heights are known before
anything is drawn, so `flow.paginate` can split a long item across pages (behind a 「（续）」
row and, for tables, the repeated header) instead of shrinking it.
"""
from __future__ import annotations

import re


from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from generator.model import STATUSES, Item, LedgerLine
from generator.names import protected_names
from generator.money import format_amount

from . import markup
from .flow import Block, Row
from .qr import item_link, qr_image, qr_size_px
from .typeset import (BLACK, FAINT, GREY, LIGHT, RED, WHITE, Canvas, Type, chinese_date, spacer)

WEEKDAYS = "一二三四五六日"


@dataclass
class Context:
    """What the builders need besides the item: type, links, images, the issue's year."""

    type: Type
    site_url: str
    content_dir: Path
    year: int
    qr_module: int

    def link(self, item: Item) -> str:
        return item_link(self.site_url, item.url)

    def for_item(self, item: Item) -> Context:
        """The same context whose type keeps `item`'s names (signers, nominees) on one line."""
        return replace(self, type=replace(self.type, names=protected_names(item)))

    def mm(self, value: float) -> int:
        """Millimetres on A4, scaled with the paper like the type."""
        return self.type.sheet.mm(value, scaled=True)

    def image_path(self, item: Item) -> Path | None:
        if not item.image:
            return None
        folder = (self.content_dir / item.source).parent
        path = (folder / item.image).resolve()
        try:
            path.relative_to(self.content_dir.resolve())
        except ValueError:
            return None  # never read outside content/
        from generator.images import usable

        return path if path.is_file() and usable(path) else None  # board check reports the rest


# --- small formatting helpers ----------------------------------------------------------------

def short_date(value: datetime | date, year: int) -> str:
    """`12月13日（周日）`, with the year only when it is not the issue's year."""
    text = f"{value.month}月{value.day}日（周{WEEKDAYS[value.weekday()]}）"
    return text if value.year == year else f"{value.year}年" + text


def moment_span(start: Any, end: Any, year: int) -> str:
    """An event's time as a resident says it: 12月13日（周日）9:00—12:00."""
    if start is None:
        return ""
    s = start.value
    text = short_date(s, year)
    if not start.all_day:
        text += f" {s.hour}:{s.minute:02d}"
    if end is None:
        return text
    e = end.value
    if e.date() == s.date():
        return text + (f"—{e.hour}:{e.minute:02d}" if not end.all_day else "")
    tail = short_date(e, year) + ("" if end.all_day else f" {e.hour}:{e.minute:02d}")
    return f"{text} 至 {tail}"


def gongshi_period(item: Item) -> str:
    start = item.start or item.date
    if start is None or item.end is None:
        return ""
    days = (item.end.value.date() - start.value.date()).days + 1
    return f"{chinese_date(start.value)}至{chinese_date(item.end.value)}（共{days}天）"


# --- drawing primitives used by several builders ---------------------------------------------

def _rule(color: tuple, thickness: int) -> Callable[[Canvas, int, int, int], None]:
    def draw(canvas: Canvas, x: int, y: int, w: int) -> None:
        canvas.draw.rectangle((x, y, x + w - 1, y + thickness - 1), fill=color)
    return draw


def printed_link(link: str) -> str:
    """The address as printed under a QR code: without `https://`, which browsers add anyway,
    so it fits on fewer lines and is quicker to type."""
    for scheme in ("https://", "http://"):
        if link.startswith(scheme):
            return link[len(scheme):]
    return link


def qr_column(ctx: Context, item: Item, width: int) -> tuple[int, int, Callable[[Canvas, int, int], None]] | None:
    """The QR code, 「扫码查看全文」 and the URL under it, centred in a column `width` wide (at
    least the code's width): (width, height, draw at x, y); None without a site URL."""
    link = ctx.link(item)
    if not link:
        return None
    t = ctx.type
    side = qr_size_px(link, module=ctx.qr_module)
    col_w = max(side, width)
    size = t.px("url")
    lines = t.lines(printed_link(link), size, col_w)
    label = "扫码查看全文"
    label_size = t.px("label")
    height = side + len(lines) * t.line_px(size) + t.line_px(label_size)

    def draw(canvas: Canvas, x: int, y: int) -> None:
        canvas.image.paste(qr_image(link, module=ctx.qr_module), (x + (col_w - side) // 2, y))
        ly = y + side  # below the quiet zone: 4 clear modules on every side
        label_line = t.lines(label, label_size, col_w)[0]
        t.draw_text_line(canvas, label_line, label_size, x, ly, col_w, fill=GREY, align="center")
        ly += t.line_px(label_size)
        for line in lines:
            t.draw_text_line(canvas, line, size, x, ly, col_w, fill=GREY, align="center")
            ly += t.line_px(size)
    return col_w, height, draw


def closing_row(ctx: Context, item: Item, width: int, facts: Sequence[tuple[str, str]],
                color: tuple = BLACK) -> Row:
    """The end of a formal sheet, kept on one page: the facts box (公示期, 异议受理, 联系方式…)
    with the issuer above the date at its right (GB/T 9704) below it, and the QR code with its
    URL in a column at the right.

    Why side by side: a scannable code is about 41 mm tall on A4; stacked under the facts it
    would cost every item a band of empty paper.
    """
    t = ctx.type
    size = t.px("body")
    gap = ctx.mm(5)
    qr = qr_column(ctx, item, ctx.mm(56))
    left_w = width - (qr[0] + gap if qr else 0)
    box = boxed(ctx, facts, left_w, color=color) if facts else None
    issuer = item.issuer
    when = chinese_date(item.published_at) if item.date is not None else ""
    lines = [s for s in (issuer, when) if s]
    box_h = box.height + ctx.mm(1) if box else 0
    text_h = len(lines) * t.line_px(size)
    height = max(box_h + text_h, qr[1] if qr else 0) + ctx.mm(2)

    def draw(canvas: Canvas, x: int, y: int, w: int) -> None:
        if box is not None:
            box.draw(canvas, x, y, left_w)
        widest = max((t.width(s, size) for s in lines), default=0)
        right = x + left_w - 2 * size  # about two characters in from the right, like a letter
        ty = y + box_h
        for s in lines:
            line = t.lines(s, size, left_w)[0]
            sw = t.width(s, size)
            t.draw_text_line(canvas, line, size, right - widest + (widest - sw) / 2, ty, left_w)
            ty += t.line_px(size)
        if qr:
            qr[2](canvas, x + width - qr[0], y)
    return Row(height, draw, kind="signature")


def boxed(ctx: Context, entries: Sequence[tuple[str, str]], width: int, *, color: tuple = BLACK,
          kind: str = "box") -> Row:
    """A ruled box of label：value lines (公示期, 异议受理, 活动时间…), kept on one page."""
    t = ctx.type
    size = t.px("facts")
    pad = ctx.mm(3)
    border = max(2, ctx.mm(0.4))
    inner = width - 2 * pad
    laid: list[tuple[str, list]] = []
    for label, value in entries:
        head = f"{label}："
        head_w = round(t.width(head, size, bold=True))
        lines = t.lines(value, size, inner - head_w) if head_w < inner * 0.4 else t.lines(value, size, inner)
        laid.append((head, lines if lines else []))
    line_px = t.line_px(size)
    height = 2 * pad + sum(max(1, len(lines)) * line_px for _, lines in laid)

    def draw(canvas: Canvas, x: int, y: int, w: int) -> None:
        canvas.draw.rectangle((x, y, x + width - 1, y + height - 1), outline=color, width=border)
        cy = y + pad
        for head, lines in laid:
            head_line = t.lines(head, size, inner, bold=True)[0]
            t.draw_text_line(canvas, head_line, size, x + pad, cy, inner, bold=True)
            head_w = round(t.width(head, size, bold=True))
            for line in lines:
                t.draw_text_line(canvas, line, size, x + pad + head_w, cy, inner - head_w)
                cy += line_px
            if not lines:
                cy += line_px
    return Row(height + ctx.mm(2), draw, kind=kind)


# --- formal sheets ----------------------------------------------------------------------------

def _title_rows(ctx: Context, item: Item, width: int) -> list[Row]:
    t = ctx.type
    rows = t.text_rows(item.title, "title", width, bold=True, align="center", kind="title", keep=True,
                       balance=True)
    if item.doc_no:
        rows += t.text_rows(item.doc_no, "label", width, fill=GREY, align="center", kind="doc_no",
                            keep=True)
    rows.append(spacer(ctx.mm(2), keep=True))
    return rows


def _continuation(ctx: Context, item: Item, width: int) -> list[Row]:
    t = ctx.type
    return t.text_rows(f"（续）{item.title}", "cont", width, bold=True, fill=GREY, kind="cont",
                       keep=True) + [spacer(ctx.mm(1.5), keep=True)]


def _body_rows(ctx: Context, body: str, width: int) -> list[Row]:
    """The Markdown body: indented paragraphs, bold headings, numbered items, ruled tables."""
    t = ctx.type
    rows: list[Row] = []
    gap = round(t.px("body") * 0.35)
    for block in markup.parse(body):
        if isinstance(block, markup.Table):
            if rows:
                rows.append(spacer(gap))
            rows += table_rows(ctx, measured_columns(ctx, block.header, block.rows, width),
                               block.rows, width)
            rows.append(spacer(gap))
            continue
        heading = block.kind == "heading"
        text = f"{block.marker} {block.text}" if block.marker else block.text
        if rows:
            rows.append(spacer(gap, keep=heading))
        rows += t.text_rows(text, "body", width, indent_em=2.0, bold=heading,
                            kind="heading" if heading else "line", keep=heading)
    return rows


def _facts(ctx: Context, item: Item) -> list[tuple[str, str]]:
    """The key facts a resident needs from the item, by type."""
    facts: list[tuple[str, str]] = []
    if item.type == "event":
        facts.append(("时间", moment_span(item.start, item.end, ctx.year)))
        facts.append(("地点", item.place))
        if item.organizer:
            facts.append(("主办", item.organizer))
        if item.audience:
            facts.append(("对象", item.audience))
        if item.signup:
            facts.append(("报名", item.signup))
    if item.type == "gongshi":
        facts.append(("公示期", gongshi_period(item)))
        if item.basis:
            facts.append(("依据", item.basis))
        if item.objection is not None:
            o = item.objection
            parts = [f"电话 {o.phone}"]
            if o.address:
                parts.append(f"地址 {o.address}")
            if o.receiver:
                parts.append(f"受理人 {o.receiver}")
            facts.append(("异议受理", "如有异议，请在公示期内实名反映。" + "；".join(parts)))
    if item.type == "disclosure" and item.period is not None:
        facts.append(("公开期间", item.period.label))
        if item.basis:
            facts.append(("依据", item.basis))
    if item.contact:
        facts.append(("联系方式", item.contact))
    return [(k, v) for k, v in facts if v]


def _has_salutation(text: str) -> bool:
    """Does the body open with its own salutation line (「…居民朋友们：」)? Then the addressee
    field is not printed again above it."""
    first = text.strip().split("\n", 1)[0].strip()
    return bool(first) and first.endswith(("：", ":")) and len(first) <= 40


def formal_block(ctx: Context, item: Item, width: int) -> Block:
    """A notice-like sheet: centred title, body, type tables, then facts, signature and QR."""
    ctx = ctx.for_item(item)
    t = ctx.type
    rows: list[Row] = []
    if item.urgent:
        rows.append(_urgent_tag(ctx, item, width))
    rows += _title_rows(ctx, item, width)
    if item.addressee and not _has_salutation(item.text):
        rows += t.text_rows(f"{item.addressee}：", "body", width, kind="addressee", keep=True)
    body = item.body if item.body.strip() else item.summary
    if item.type == "finance":
        rows += finance_rows(ctx, item, width)
        if body.strip():
            rows.append(spacer(ctx.mm(2)))
            rows += _body_rows(ctx, body, width)
    else:
        if body.strip():
            rows += _body_rows(ctx, body, width)
        rows += _type_tables(ctx, item, width)
    if rows:  # the last line travels with the closing row: it never stands alone atop a page
        rows[-1] = replace(rows[-1], keep_with_next=True)
    rows.append(spacer(ctx.mm(3), keep=True))
    rows.append(closing_row(ctx, item, width, _facts(ctx, item), RED if item.urgent else BLACK))
    decorate = _urgent_frame(ctx) if item.urgent else _plain_frame(ctx)
    return Block(rows, continuation=_continuation(ctx, item, width), splittable=True, min_rows=2,
                 decorate=decorate, gap_before=ctx.mm(6), label=item.id)


def _urgent_tag(ctx: Context, item: Item, width: int) -> Row:
    t = ctx.type
    size = t.px("section")
    kind = {"notice": item.kind or "通知"}.get(item.type, item.type_label)
    label = f"紧急{kind}"
    h = t.line_px(size)

    def draw(canvas: Canvas, x: int, y: int, w: int) -> None:
        tw = round(t.width(label, size, bold=True))
        pad = size // 2
        canvas.draw.rectangle((x, y, x + tw + 2 * pad, y + h - 1), fill=RED)
        line = t.lines(label, size, w, bold=True)[0]
        t.draw_text_line(canvas, line, size, x + pad, y, tw + pad, bold=True, fill=WHITE)
    return Row(h + ctx.mm(2), draw, keep_with_next=True, kind="urgent")


def _urgent_frame(ctx: Context) -> Callable[..., None]:
    """A red frame around each piece of an urgent item: the first thing seen on the board."""
    border = max(4, ctx.mm(1.0))
    pad = ctx.mm(4)

    def decorate(canvas: Canvas, x: int, top: int, w: int, h: int, first: bool, last: bool) -> None:
        canvas.draw.rectangle((x - pad, top - pad, x + w + pad - 1, top + h + pad - 1),
                              outline=RED, width=border)
    return decorate


def _plain_frame(ctx: Context) -> Callable[..., None]:
    """A thin rule under each item, separating it from the next one."""
    thickness = max(2, ctx.mm(0.3))

    def decorate(canvas: Canvas, x: int, top: int, w: int, h: int, first: bool, last: bool) -> None:
        if last:
            y = top + h + ctx.mm(2)
            canvas.draw.rectangle((x, y, x + w - 1, y + thickness - 1), fill=LIGHT)
    return decorate


def _type_tables(ctx: Context, item: Item, width: int) -> list[Row]:
    t = ctx.type
    rows: list[Row] = []
    if item.type == "plan" and item.milestones:
        cols = [("事项", 0.52, "left"), ("完成时限", 0.24, "center"), ("进展", 0.24, "center")]
        data = [(m.name + (f"（{m.note}）" if m.note else ""), chinese_date(m.due), STATUSES[m.status])
                for m in item.milestones]
        rows.append(spacer(ctx.mm(3)))
        rows += table_rows(ctx, cols, data, width)
        if item.target:
            rows += t.text_rows(f"目标：{item.target}", "facts", width, kind="target")
    if item.type == "survey" and item.results:
        total = item.valid_responses or 1
        cols = [("选项", 0.5, "left"), ("人数", 0.25, "right"), ("占比", 0.25, "right")]
        data = [(r.answer, str(r.count), f"{Decimal(r.count) * 100 / total:.1f}%") for r in item.results]
        rows.append(spacer(ctx.mm(3)))
        rows += table_rows(ctx, cols, data, width)
        summary = f"有效问卷 {item.valid_responses} 份"
        if item.method:
            summary = f"调查方式：{item.method}；" + summary
        if item.satisfaction_rate is not None:
            summary += f"，满意率 {item.satisfaction_rate}%"
        if item.target_rate is not None:
            summary += f"（目标不低于 {item.target_rate}%）"
        rows += t.text_rows(summary + "。", "facts", width, kind="summary")
    if item.type == "honor" and item.honorees:
        rows.append(spacer(ctx.mm(2)))
        for h in item.honorees:
            rows += t.text_rows(f"{h.name}" + (f"：{h.reason}" if h.reason else ""), "body", width,
                                kind="honoree")
    return rows


# --- ruled tables -----------------------------------------------------------------------------

Column = tuple[str, float, str]  # heading, share of the width, alignment


def _table_row(ctx: Context, cols: Sequence[Column], cells: Sequence[str], width: int, *,
               bold: bool = False, shade: bool = False, kind: str = "table-line",
               spans: Sequence[int] | None = None, keep: bool = False,
               top_rule: int = 0) -> Row:
    """One ruled table row; long cells wrap inside their column and the row grows."""
    t = ctx.type
    size = t.px("table")
    pad = ctx.mm(1.6)
    rule = max(2, ctx.mm(0.25))
    spans = list(spans or [1] * len(cells))
    edges = [0]
    for _, share, _ in cols:
        edges.append(edges[-1] + round(share * width))
    edges[-1] = width
    cells_at: list[tuple[int, int, str, str]] = []  # (left, right, text, align)
    col = 0
    for text, span in zip(cells, spans):
        align = cols[col][2] if span == 1 else "left"
        cells_at.append((edges[col], edges[col + span], text, align))
        col += span
    laid = [(l, r, t.lines(text, size, r - l - 2 * pad, bold=bold) if text else [], a)
            for l, r, text, a in cells_at]
    lines_n = max([1] + [len(lines) for _, _, lines, _ in laid])
    height = lines_n * t.line_px(size) + pad

    def draw(canvas: Canvas, x: int, y: int, w: int) -> None:
        if shade:
            canvas.draw.rectangle((x, y, x + width - 1, y + height - 1), fill=FAINT)
        for l, r, lines, align in laid:
            cy = y + pad // 2
            for line in lines:
                t.draw_text_line(canvas, line, size, x + l + pad, cy, r - l - 2 * pad, bold=bold,
                                 align=align)
                cy += t.line_px(size)
        # rules: every cell boundary, the row's bottom, and the top when asked
        for l, r, _, _ in laid:
            canvas.draw.rectangle((x + l, y, x + l + rule - 1, y + height - 1), fill=BLACK)
        canvas.draw.rectangle((x + width - rule, y, x + width - 1, y + height - 1), fill=BLACK)
        canvas.draw.rectangle((x, y + height - rule, x + width - 1, y + height - 1), fill=BLACK)
        if top_rule:
            canvas.draw.rectangle((x, y, x + width - 1, y + top_rule - 1), fill=BLACK)
    return Row(height, draw, keep_with_next=keep, kind=kind)


def table_rows(ctx: Context, cols: Sequence[Column], data: Sequence[Sequence[str]], width: int) -> list[Row]:
    """A heading row and the data rows; each data row carries the heading to repeat after a
    page break."""
    head = _table_row(ctx, cols, [c[0] for c in cols], width, bold=True, shade=True,
                      kind="table-head", keep=True, top_rule=max(2, ctx.mm(0.25)))
    return [head] + [replace(_table_row(ctx, cols, row, width), repeat=head) for row in data]


def measured_columns(ctx: Context, header: Sequence[str], data: Sequence[Sequence[str]],
                     width: int) -> list[Column]:
    """Shares by content: each column gets its widest cell (up to a fair cap), the rest is
    shared by the columns that must wrap. Numbers align right, short codes centre."""
    t = ctx.type
    size = t.px("table")
    pad = 2 * ctx.mm(1.6) + ctx.mm(1)
    n = len(header)
    widths = []
    for c in range(n):
        cells = [header[c]] + [row[c] for row in data if c < len(row)]
        widths.append(max(t.width(x, size, bold=True) for x in cells) + pad)
    if sum(widths) <= width:
        extra = width - sum(widths)
        longest = max(range(n), key=lambda c: widths[c])
        widths[longest] += extra
    else:
        cap = width / n
        fixed = [w for w in widths if w <= cap]
        spare = width - sum(fixed)
        wide = [c for c in range(n) if widths[c] > cap]
        total_wide = sum(widths[c] for c in wide)
        widths = [w if w <= cap else spare * w / total_wide for w in widths]
    cols: list[Column] = []
    for c in range(n):
        values = [row[c] for row in data if c < len(row) and row[c]]
        numeric = bool(values) and all(re.fullmatch(r"[-+]?[\d,.%]+(元|%|人|户|条)?", v) for v in values)
        align = "right" if numeric else "left"
        cols.append((header[c], widths[c] / width, align))
    return cols


FINANCE_COLS: tuple[Column, ...] = (
    ("日期", 0.12, "center"), ("凭证号", 0.12, "center"), ("摘要", 0.34, "left"),
    ("收入", 0.14, "right"), ("支出", 0.14, "right"), ("余额", 0.14, "right"),
)


def finance_columns(ctx: Context, item: Item, width: int) -> tuple[Column, ...]:
    """Column shares sized to the widest date, voucher and amount; 摘要 takes the rest.

    Why measured: `10月18日` or `24,501.50` must never wrap inside its cell, while a long 摘要
    may; fixed shares either waste the width or break the numbers on one paper size or another.
    """
    assert item.ledger is not None
    t = ctx.type
    size = t.px("table")
    pad = 2 * ctx.mm(1.6) + ctx.mm(1)
    ledger = item.ledger
    lines = list(ledger.income) + list(ledger.expense)
    dates = [f"{ln.date.month}月{ln.date.day}日" for ln in lines if ln.date]
    vouchers = [ln.voucher for ln in lines if ln.voucher]
    amounts = [format_amount(a) for a in (ledger.opening, ledger.closing, ledger.total_income,
                                          ledger.total_expense, *(ln.amount for ln in lines))]
    balance = ledger.opening
    for line, income in journal(item):
        balance = balance + line.amount if income else balance - line.amount
        amounts.append(format_amount(balance))

    def need(heading: str, cells: Sequence[str]) -> float:
        widest = max([t.width(heading, size, bold=True)] + [t.width(c, size, bold=True) for c in cells])
        return (widest + pad) / width

    shares = [need("日期", dates), need("凭证号", vouchers)] + [need("收入", amounts)] * 3
    rest = 1.0 - sum(shares)
    if rest < 0.25:
        return FINANCE_COLS
    d, v, a, _, _ = shares
    return (("日期", d, "center"), ("凭证号", v, "center"), ("摘要", rest, "left"),
            ("收入", a, "right"), ("支出", a, "right"), ("余额", a, "right"))


def finance_header(ctx: Context, width: int, cols: Sequence[Column] = FINANCE_COLS) -> Row:
    """The column heading row: first row of the table and repeated atop each continuation."""
    return _table_row(ctx, cols, [c[0] for c in cols], width, bold=True,
                      shade=True, kind="table-head", keep=True, top_rule=max(2, ctx.mm(0.25)))


def journal(item: Item) -> list[tuple[LedgerLine, bool]]:
    """Income and expense lines in date order (undated last, as written): (line, is_income).

    Why one journal: a resident follows the money in time with a running balance, and the
    totals and closing balance appear once, at the end.
    """
    assert item.ledger is not None
    lines = [(line, True) for line in item.ledger.income] + [(line, False) for line in item.ledger.expense]
    order = {id(line): n for n, (line, _) in enumerate(lines)}
    return sorted(lines, key=lambda p: (p[0].date is None, p[0].date or date.min, order[id(p[0])]))


def finance_rows(ctx: Context, item: Item, width: int) -> list[Row]:
    """The ruled ledger: period and 单位, heading, opening, lines, totals, closing, 大写, signers."""
    assert item.ledger is not None
    t = ctx.type
    ledger = item.ledger
    rows: list[Row] = []
    period = item.period.label if item.period is not None else ""
    left = f"公开期间：{period}" if period else ""
    size = t.px("facts")

    def caption(canvas: Canvas, x: int, y: int, w: int) -> None:
        if left:
            t.draw_text_line(canvas, t.lines(left, size, w)[0], size, x, y, w)
        t.draw_text_line(canvas, t.lines("单位：元", size, w)[0], size, x, y, w, align="right")
    rows.append(Row(t.line_px(size), caption, keep_with_next=True, kind="caption"))
    cols = finance_columns(ctx, item, width)
    header = finance_header(ctx, width, cols)
    rows.append(header)
    full = [1, 1, 1, 1, 1, 1]
    rows.append(_table_row(ctx, cols, ["", "", "期初余额", "", "", format_amount(ledger.opening)],
                           width, spans=full, kind="opening", bold=True))
    balance = ledger.opening
    for line, income in journal(item):
        balance = balance + line.amount if income else balance - line.amount
        day = f"{line.date.month}月{line.date.day}日" if line.date else ""
        amount = format_amount(line.amount)
        rows.append(_table_row(ctx, cols,
                               [day, line.voucher, line.item, amount if income else "",
                                "" if income else amount, format_amount(balance)], width))
    rows.append(_table_row(ctx, cols, ["", "", "本期合计", format_amount(ledger.total_income),
                                               format_amount(ledger.total_expense), ""],
                           width, bold=True, shade=True, kind="total", keep=True))
    rows.append(_table_row(ctx, cols, ["", "", "期末余额", "", "", format_amount(ledger.closing)],
                           width, bold=True, kind="closing", keep=True))
    rows.append(_table_row(ctx, cols, ["期末余额（大写）", ledger.closing_capital],
                           width, spans=[2, 4], bold=True, kind="capital"))
    body_kinds = {"opening", "table-line", "total", "closing", "capital"}
    rows = [replace(r, repeat=header) if r.kind in body_kinds else r for r in rows]
    signers = "　　".join(s for s in (f"制表人：{item.prepared_by}" if item.prepared_by else "",
                                      f"审核人：{item.reviewed_by}" if item.reviewed_by else "") if s)
    if signers:
        rows.append(spacer(ctx.mm(1.5)))
        rows += t.text_rows(signers, "facts", width, kind="signers")
    return rows


# --- cards in a grid --------------------------------------------------------------------------

TAGS = {"event": "活动预告", "publicity": "社区宣传"}


def _fit_image(path: Path, box_w: int, box_h: int) -> Image.Image | None:
    """The item's picture scaled to fit the box whole (nothing cropped), or None if unreadable."""
    try:
        with Image.open(path) as src:
            src.load()
            image = ImageOps.exif_transpose(src).convert("RGB")
    except (OSError, ValueError):
        return None
    factor = min(box_w / image.width, box_h / image.height)
    size = (max(1, int(image.width * factor)), max(1, int(image.height * factor)))
    return image.resize(size, Image.LANCZOS)


@dataclass
class Card:
    height: int
    draw: Callable[[Canvas, int, int, int, int], None]  # canvas, x, y, width, row height


CARD_TEXT_LIMIT = 150  # characters of body shown on a card when there is no summary


def _stack(parts: list[tuple[int, Callable[[Canvas, int, int], None]]]) -> tuple[int, Callable[[Canvas, int, int], None]]:
    """Parts drawn one under the other: (total height, draw at x, y)."""
    height = sum(h for h, _ in parts)

    def draw(canvas: Canvas, x: int, y: int) -> None:
        for h, fn in parts:
            fn(canvas, x, y)
            y += h
    return height, draw


def _text_parts(t: Type, text: str, role: str, width: int, *, bold: bool = False,
                fill: tuple = BLACK, balance: bool = False) -> list[tuple[int, Callable[[Canvas, int, int], None]]]:
    size = t.px(role)
    parts = []
    for line in t.lines(text, size, width, bold=bold, balance=balance):
        def draw(canvas: Canvas, x: int, y: int, line=line) -> None:
            t.draw_text_line(canvas, line, size, x, y, width, bold=bold, fill=fill)
        parts.append((t.line_px(size), draw))
    return parts


def card(ctx: Context, item: Item, width: int) -> Card:
    """An event or publicity card laid out across: title on top; picture, then facts and a
    short text; the QR code in its own column at the right.

    Why across, not stacked: a QR code is about 41 mm wide (1 mm modules, quiet zone), so a
    stacked card is as tall as a third of an A4 page; side by side, four fit on a page.
    """
    ctx = ctx.for_item(item)
    t = ctx.type
    pad = ctx.mm(3.5)
    gap = ctx.mm(4)
    qr = qr_column(ctx, item, ctx.mm(50))
    qr_w = qr[0] if qr else 0
    left_w = width - 2 * pad - (qr_w + gap if qr else 0)

    tag = TAGS.get(item.type, item.type_label)
    label_size = t.px("label")
    title_size = t.px("card_title")
    tag_w = round(t.width(tag, label_size, bold=True)) + label_size
    title_parts = _text_parts(t, item.title, "card_title", left_w - tag_w - ctx.mm(2), bold=True,
                              balance=True)

    def draw_head(canvas: Canvas, x: int, y: int) -> None:
        tag_top = y + (t.line_px(title_size) - t.line_px(label_size)) // 2
        canvas.draw.rectangle((x, tag_top, x + tag_w - 1, tag_top + t.line_px(label_size) - 1),
                              fill=RED if item.type == "event" else (40, 90, 60))
        t.draw_text_line(canvas, t.lines(tag, label_size, tag_w, bold=True)[0], label_size,
                         x, tag_top, tag_w, bold=True, fill=WHITE, align="center")
        _stack(title_parts)[1](canvas, x + tag_w + ctx.mm(2), y)
    head_h = sum(h for h, _ in title_parts) + ctx.mm(1.5)

    picture = None
    path = ctx.image_path(item)
    pic_w = round(left_w * 0.36)
    pic_h = round(pic_w * 3 / 4)
    if path is not None:
        picture = _fit_image(path, pic_w, pic_h)
    text_x = pic_w + gap if picture is not None else 0
    text_w = left_w - text_x
    body: list[tuple[int, Callable[[Canvas, int, int], None]]] = []
    for label, value in _facts(ctx, item):
        body += _text_parts(t, f"{label}：{value}", "card", text_w)
    # an event's summary repeats its time and place (already in the facts): show the body
    text = item.text if item.type == "event" and item.text else (item.summary or item.text)
    if text is item.text and len(text) > CARD_TEXT_LIMIT:
        text = text[:CARD_TEXT_LIMIT].rstrip("，。、；：") + "……（全文请扫码）"
    if text:
        if body:
            body.append((ctx.mm(1.5), lambda c, x, y: None))
        body += _text_parts(t, text, "card", text_w, fill=GREY)
    body_h, draw_body = _stack(body)
    left_h = head_h + max(body_h, pic_h if picture is not None else 0)
    height = max(left_h, qr[1] if qr else 0) + 2 * pad
    border = max(2, ctx.mm(0.35))

    def draw(canvas: Canvas, x: int, y: int, w: int, row_h: int) -> None:
        canvas.draw.rectangle((x, y, x + width - 1, y + row_h - 1), outline=LIGHT, width=border)
        draw_head(canvas, x + pad, y + pad)
        top = y + pad + head_h
        if picture is not None:
            canvas.draw.rectangle((x + pad, top, x + pad + pic_w - 1, top + pic_h - 1), fill=FAINT)
            canvas.image.paste(picture, (x + pad + (pic_w - picture.width) // 2,
                                         top + (pic_h - picture.height) // 2))
        draw_body(canvas, x + pad + text_x, top)
        if qr:
            qr[2](canvas, x + width - pad - qr_w, y + pad)
    return Card(height, draw)


def grid_block(ctx: Context, items: Sequence[Item], width: int, columns: int) -> Block:
    """Cards `columns` to a row under a section heading; a row of cards never splits."""
    t = ctx.type
    gutter = ctx.mm(5)
    card_w = (width - gutter * (columns - 1)) // columns
    heading = "活动预告 · 社区宣传"
    rows: list[Row] = t.text_rows(heading, "section", width, bold=True, kind="section", keep=True)
    rows.append(Row(ctx.mm(3), _rule(RED, max(3, ctx.mm(0.6))), keep_with_next=True, kind="rule"))
    cards = [card(ctx, item, card_w) for item in items]
    for start in range(0, len(cards), columns):
        group = cards[start:start + columns]
        row_h = max(c.height for c in group)

        def draw(canvas: Canvas, x: int, y: int, w: int, group=group, row_h=row_h) -> None:
            for n, c in enumerate(group):
                c.draw(canvas, x + n * (card_w + gutter), y, card_w, row_h)
        rows.append(Row(row_h + gutter, draw, kind="cards"))
    continuation = t.text_rows(f"（续）{heading}", "cont", width, bold=True, fill=GREY, kind="cont",
                               keep=True) + [spacer(ctx.mm(1.5), keep=True)]
    return Block(rows, continuation=continuation, splittable=True, min_rows=1,
                 gap_before=ctx.mm(6), label="grid")


def grid_columns(width_mm_on_a4: float) -> int:
    """How many cards side by side: a card needs about 170 mm (A4-equivalent) for its picture,
    text and QR column, so portrait sheets take one per row and wide ones two.

    Widths are compared after dividing by the paper's scale, so A3 and A2 keep A4's look.
    """
    return max(1, min(3, int((width_mm_on_a4 + 5) // 175)))
