"""The digest layout: one short entry per item (title, dates, summary, QR) for a full board.

Why: an entrance window holds about six A4 sheets, two of them for the month's issue; a month
with thirty notices set in full needs thirty pages and would simply not be hung. When the full
issue would exceed the board's page limit, every item gets a few lines and a QR code to its web
page instead, so each one is still announced on paper and the full text is one scan away.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from generator.model import Item

from .blocks import Context, gongshi_period, moment_span, printed_link, short_date
from .flow import Block, Row
from .qr import item_link, qr_image, qr_size_px
from .typeset import GREY, LIGHT, RED, WHITE, Canvas, chinese_date, spacer

SUMMARY_LIMIT = 90  # characters of summary (or body) in an entry; the QR leads to the rest
HEADING = "本期公开事项摘要"


def when_text(item: Item, year: int) -> str:
    """The dates a resident needs from the entry: the period, the event time, or when it was
    published and until when it holds."""
    if item.type == "gongshi" and item.end is not None:
        return f"公示期：{gongshi_period(item)}"
    if item.type == "event" and item.start is not None:
        where = f"　地点：{item.place}" if item.place else ""
        return f"时间：{moment_span(item.start, item.end, year)}{where}"
    text = f"发布：{chinese_date(item.published_at)}" if item.date is not None else ""
    if item.ends_at is not None:
        text += f"　有效至：{last_moment(item.ends_at, year)}"
    return text


def last_moment(end: datetime, year: int) -> str:
    """The last day an item holds: an end at midnight (a date-only `expires: 12-31`) means
    the day before, `12月31日（周四）`; otherwise the day and the time, `12月2日（周三） 18:00`."""
    if (end.hour, end.minute) == (0, 0):
        return short_date(end - timedelta(days=1), year)
    return f"{short_date(end, year)} {end.hour}:{end.minute:02d}"


def summary_text(item: Item) -> str:
    text = (item.summary or item.text).strip().replace("\n", " ")
    if len(text) > SUMMARY_LIMIT:
        text = text[:SUMMARY_LIMIT].rstrip("，。、；：,. ") + "……"
    return text


def entry_row(ctx: Context, item: Item, width: int) -> Row:
    """One item's entry: tag and title, dates, summary at the left; its QR code at the right."""
    t = ctx.type
    pad = ctx.mm(2.5)
    gap = ctx.mm(4)
    link = ctx.link(item)
    side = qr_size_px(link, module=ctx.qr_module) if link else 0
    left_w = width - (side + gap if link else 0)
    label_size, title_size, text_size = t.px("label"), t.px("card_title"), t.px("card")
    url_size = t.px("url")
    # the address goes in the text column, not under the code: an entry is as tall as its code
    url_lines = t.lines(f"扫码或访问 {printed_link(link)} 查看全文", url_size, left_w) if link else []
    tag = ("紧急" if item.urgent else "") + (item.kind if item.type == "notice" and item.kind
                                             else item.type_label)
    tag_w = round(t.width(tag, label_size, bold=True)) + label_size
    title_lines = t.lines(item.title, title_size, left_w - tag_w - ctx.mm(2), bold=True)
    when_lines = t.lines(when_text(item, ctx.year), text_size, left_w)
    summary_lines = t.lines(summary_text(item), text_size, left_w)
    left_h = (len(title_lines) * t.line_px(title_size)
              + (len(when_lines) + len(summary_lines)) * t.line_px(text_size)
              + len(url_lines) * t.line_px(url_size))
    height = max(left_h, side) + 2 * pad
    rule = max(2, ctx.mm(0.3))

    def draw(canvas: Canvas, x: int, y: int, w: int) -> None:
        top = y + pad
        tag_top = top + (t.line_px(title_size) - t.line_px(label_size)) // 2
        canvas.draw.rectangle((x, tag_top, x + tag_w - 1, tag_top + t.line_px(label_size) - 1),
                              fill=RED if item.urgent else GREY)
        t.draw_text_line(canvas, t.lines(tag, label_size, tag_w, bold=True)[0], label_size, x,
                         tag_top, tag_w, bold=True, fill=WHITE, align="center")
        cy = top
        for line in title_lines:
            t.draw_text_line(canvas, line, title_size, x + tag_w + ctx.mm(2), cy, left_w - tag_w,
                             bold=True, fill=RED if item.urgent else (0, 0, 0))
            cy += t.line_px(title_size)
        for line in when_lines:
            t.draw_text_line(canvas, line, text_size, x, cy, left_w, fill=GREY)
            cy += t.line_px(text_size)
        for line in summary_lines:
            t.draw_text_line(canvas, line, text_size, x, cy, left_w)
            cy += t.line_px(text_size)
        for line in url_lines:
            t.draw_text_line(canvas, line, url_size, x, cy, left_w, fill=GREY)
            cy += t.line_px(url_size)
        if link:
            canvas.image.paste(qr_image(link, module=ctx.qr_module), (x + width - side, top))
        canvas.draw.rectangle((x, y + height - rule, x + width - 1, y + height - 1), fill=LIGHT)
    return Row(height, draw, kind="digest", text=item.title)


def digest_blocks(ctx: Context, items: Sequence[Item], width: int, *, limit: int,
                  omitted: Sequence[Item] = (), memo: dict[tuple[object, ...], Any] | None = None
                  ) -> list[Block]:
    """The whole issue as a digest: a heading with how to read it, one entry per item, and,
    when even the digest would not fit, the titles of the items left for the website.

    `memo` keeps entries between layouts of the same issue (the page-limit search tries many)."""
    memo = {} if memo is None else memo
    t = ctx.type
    rows = t.text_rows(HEADING, "section", width, bold=True, kind="section", keep=True)
    note = (f"本月公开事项较多，按本栏张贴位置（{limit} 页），以下 {len(items)} 条只印摘要；"
            "全文请扫描二维码查看，或到社区服务中心查阅。")
    rows += t.text_rows(note, "card", width, fill=GREY, kind="note", keep=True)
    rows.append(spacer(ctx.mm(2), keep=True))
    blocks = [Block(rows, splittable=False, label="digest-head")]
    for item in items:
        key = ("entry", item.id, width)
        if key not in memo:
            memo[key] = entry_row(ctx, item, width)
        blocks.append(Block([memo[key]], splittable=False, label=item.id))
    if omitted:
        blocks.append(Block(_omitted_rows(ctx, omitted, width), splittable=False,
                            gap_before=ctx.mm(2), label="digest-more"))
    return blocks


def _omitted_rows(ctx: Context, omitted: Sequence[Item], width: int) -> list[Row]:
    t = ctx.type
    titles = "、".join(f"《{item.title}》" for item in omitted)
    text = f"另有 {len(omitted)} 条内容限于篇幅未印出：{titles}"
    site = item_link(ctx.site_url, "") if ctx.site_url else ""
    text += f"，请到社区网站 {printed_link(site)} 查看。" if site else "，请到社区服务中心查阅。"
    return t.text_rows(text, "card", width, kind="omitted")


LayoutFn = Callable[[Sequence[Item], Sequence[Item]], int]


def most_in_full(count: int, pages_for: Callable[[int], int], limit: int) -> int | None:
    """The largest k < count such that the first k items in full and the rest as digest
    entries fit in `limit` pages; None when not even an all-digest issue fits."""
    if pages_for(0) > limit:
        return None
    low, high = 0, count - 1
    while low < high:
        mid = (low + high + 1) // 2
        if pages_for(mid) <= limit:
            low = mid
        else:
            high = mid - 1
    return low


def fit_digest(items: Sequence[Item], pages_for: LayoutFn, limit: int) -> tuple[list[Item], list[Item]]:
    """(printed, omitted): every item when its digest fits in `limit` pages, else the fewest
    items dropped from the end of the issue's order (urgent and formal items come first)."""
    items = list(items)
    if pages_for(items, []) <= limit:
        return items, []
    low, high = 0, len(items) - 1  # the largest count that fits lies in [low, high]
    while low < high:  # pages grow with the count: binary search, a layout costs a second
        mid = (low + high + 1) // 2
        if pages_for(items[:mid], items[mid:]) <= limit:
            low = mid
        else:
            high = mid - 1
    return items[:low], items[low:]
