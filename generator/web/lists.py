"""Lists of items (section indexes, home blocks, archive) and pagination links.

Every entry of a current list carries its window (`data-ends`), so the page script can hide
an item that expired after the last rebuild: a static site only changes when it is rebuilt.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..lifecycle import is_expired
from ..model import Item
from .fmt import cn_date, cn_moment, e, iso, rel


def entry(item: Item, from_url: str, now: datetime, *, archive: bool = False) -> str:
    """One list entry: date, type, title (link), one line of what matters, summary."""
    ends = item.ends_at
    expired = is_expired(item, now)
    attrs = ""
    if ends is not None and not archive:
        attrs = f' data-ends="{e(iso(ends))}"'
    badges = [f'<span class="board-badge board-badge-type">{e(item.type_label)}</span>']
    if item.urgent and not expired:
        badges.append('<span class="board-badge board-badge-urgent">紧急</span>')
    if item.withdrawn:
        badges.append('<span class="board-badge board-badge-withdrawn">已撤回</span>')
    elif archive and expired:
        badges.append('<span class="board-badge board-badge-expired">已过期</span>')
    line = _key_line(item)
    summary = f'<p class="board-entry-summary">{e(item.summary)}</p>' if item.summary else ""
    if item.withdrawn:  # the withdrawn text is not shown again, not even its summary
        line = ""
        summary = f'<p class="board-entry-summary">撤回原因：{e(item.withdrawn_reason)}</p>'

    cls = "board-entry" + (" board-entry-expired" if archive and expired else "")
    return (f'<li class="{cls}"{attrs}>'
            f'<p class="board-entry-head">{"".join(badges)}'
            f'<a class="board-entry-title" href="{e(rel(from_url, item.url))}">{e(item.title)}</a></p>'
            f'<p class="board-entry-meta"><time datetime="{e(iso(item.published_at))}">'
            f"{e(cn_date(item.published_at))}</time>{line}</p>{summary}</li>")


def _key_line(item: Item) -> str:
    if item.type == "event" and item.start is not None:
        return f"<span>活动时间：{e(cn_moment(item.start, weekday=True))}</span><span>地点：{e(item.place)}</span>"
    if item.type == "gongshi" and item.end is not None:
        return f"<span>公示至 {e(cn_moment(item.end))}</span>"
    if item.period is not None and item.type in ("disclosure", "finance"):
        return f"<span>所属期间：{e(item.period.label)}</span>"
    if item.expires is not None:
        return f"<span>有效期至 {e(cn_moment(item.expires))}</span>"
    return ""


def item_list(items: Sequence[Item], from_url: str, now: datetime, *, empty: str = "暂无内容。",
              archive: bool = False) -> str:
    """A list, or a plain sentence when there is nothing; the sentence also shows if the
    script hides every entry."""
    if not items:
        return f'<p class="board-empty">{e(empty)}</p>'
    entries = "".join(entry(i, from_url, now, archive=archive) for i in items)
    return (f'<ul class="board-list">{entries}</ul>'
            f'<p class="board-empty" data-empty-note hidden>{e(empty)}</p>')


def pagination(urls: Sequence[str], number: int, from_url: str) -> str:
    """«上一页 1 2 3 下一页» for page `number` (1-based) of `urls`."""
    if len(urls) <= 1:
        return ""
    links = []
    if number > 1:
        links.append(f'<a rel="prev" href="{e(rel(from_url, urls[number - 2]))}">上一页</a>')
    for n, url in enumerate(urls, start=1):
        if n == number:
            links.append(f'<span aria-current="page">{n}</span>')
        else:
            links.append(f'<a href="{e(rel(from_url, url))}">{n}</a>')
    if number < len(urls):
        links.append(f'<a rel="next" href="{e(rel(from_url, urls[number]))}">下一页</a>')
    return (f'<nav class="board-pages" aria-label="分页">'
            f'<span class="board-pages-count">第 {number} / {len(urls)} 页</span>{"".join(links)}</nav>')
