"""RSS 2.0 and JSON Feed 1.1 of the newest published items.

Links are absolute when `site_url` is set (feed readers need that); otherwise root-relative,
which works on the LAN server the site is usually copied to.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from email.utils import format_datetime
from xml.sax.saxutils import escape

from ..model import Item
from .context import SiteContext
from .sections import FEED_JSON, FEED_RSS

FEED_SIZE = 50


def _summary(item: Item) -> str:
    if item.summary:
        return item.summary
    text = item.text.replace("\n\n", " ")
    return text[:200] + ("……" if len(text) > 200 else "")


def _fed(items: Sequence[Item]) -> list[Item]:
    """What feed readers get: a withdrawn item's text is not sent out again."""
    return [i for i in items if not i.withdrawn][:FEED_SIZE]


def rss(items: Sequence[Item], ctx: SiteContext) -> str:
    """`items` are published items, newest first."""
    title = ctx.site_name or ctx.config.community
    entries = []
    for item in _fed(items):
        link = ctx.absolute(item.url)
        perma = "true" if ctx.site_url else "false"
        entries.append(
            "<item>"
            f"<title>{escape(item.title)}</title>"
            f"<link>{escape(link)}</link>"
            f'<guid isPermaLink="{perma}">{escape(link)}</guid>'
            f"<pubDate>{format_datetime(item.published_at)}</pubDate>"
            f"<category>{escape(item.type_label)}</category>"
            f"<description>{escape(_summary(item))}</description>"
            "</item>")
    last = format_datetime(items[0].published_at) if items else format_datetime(ctx.now)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>{escape(title)}</title>"
            f"<link>{escape(ctx.absolute(''))}</link>"
            f'<atom:link href="{escape(ctx.absolute(FEED_RSS))}" rel="self" type="application/rss+xml"/>'
            f"<description>{escape(ctx.config.community)}的通知公告、公示和居务公开</description>"
            f"<language>zh-CN</language><lastBuildDate>{last}</lastBuildDate>"
            + "".join(entries) + "</channel></rss>\n")


def json_feed(items: Sequence[Item], ctx: SiteContext) -> str:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": ctx.site_name or ctx.config.community,
        "home_page_url": ctx.absolute(""),
        "feed_url": ctx.absolute(FEED_JSON),
        "language": "zh-CN",
        "authors": [{"name": ctx.config.community}],
        "items": [
            {
                "id": ctx.absolute(item.url),
                "url": ctx.absolute(item.url),
                "title": item.title,
                "summary": _summary(item),
                "content_text": item.text,
                "date_published": item.published_at.isoformat(),
                "tags": [item.type_label, *item.tags],
                **({"_board": {"expires": item.ends_at.isoformat()}} if item.ends_at else {}),
            }
            for item in _fed(items)
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"
