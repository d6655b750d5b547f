"""The navigation (sections only) and the per-page values the theme's templates use.

MkDocs puts the whole navigation into every page, so listing items there makes builds
quadratic. The navigation holds the home page, the section indexes, the catalog and the
archive; items are reached through those lists, search and feeds.
"""
from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import quote

from ..model import Item
from .context import SiteContext
from .fmt import e
from .sections import ARCHIVE_URL, CATALOG_URL, SECTIONS


def nav_config(pages: list[str]) -> list[Any]:
    """A value for MkDocs' `nav` setting; `pages` are the plain top-level pages (content/*.md)."""
    nav: list[Any] = [{"首页": "index.md"}]
    for section in SECTIONS:
        if section.children:
            nav.append({section.title: [{"全部": section.page_src(1)},
                                        *({c.title: c.page_src(1)} for c in section.children)]})
        else:
            nav.append({section.title: section.page_src(1)})
    nav.append({"公开目录": CATALOG_URL + "index.md"})
    nav.append({"归档": ARCHIVE_URL + "index.md"})
    nav.extend(p for p in sorted(pages) if p != "index.md")
    return nav


def page_meta(item: Item | None, ctx: SiteContext, card: str = "", text: str = "") -> dict[str, Any]:
    """Escaped values for <meta> tags and social previews.

    `text` is the item's body as plain text, taken from the HTML the page already rendered
    (`plaintext.html_to_text`): rendering every body a second time only for a description
    cost an eighth of a build.

    `card` is the item's share card relative to the site root (`cards/<slug>.png`, passed in by
    the plugin because this package never imports the raster side). It wins over the item's
    own picture: the card carries the title and a QR code, so a chat preview is readable.
    og:image must be absolute, so without site_url there is none.
    """
    if item is None:
        return {"item": False, "description": e(f"{ctx.config.community}的通知公告、公示和居务公开")}
    image = ""
    if card and ctx.site_url:
        image = ctx.absolute(quote(card))
    elif item.image:
        folder = item.source.rsplit("/", 1)[0]
        image = ctx.absolute(quote(posixpath.normpath(f"{folder}/{item.image}"))) if ctx.site_url else ""
    return {
        "item": True,
        "title": e(item.title),
        "description": e(item.summary or text[:120]),
        "url": e(ctx.absolute(item.url)),
        "og_image": e(image),
        "type": e(item.type_label),
    }
