"""What every page says about itself in <head>: a description of its own and Open Graph tags.

A link pasted into a residents' chat shows its og: preview; with one description for the whole
site every preview looked the same. Item pages keep nav.page_meta's values (the item's summary,
its share card); every other page gets a description written for it and the site's share image.
All values are escaped here, once.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .context import SiteContext
from .fmt import e

SHARE_IMAGE = "assets/board/share.png"  # theme/assets/board/share.png, 1200×630


def page_head(board: dict[str, Any], ctx: SiteContext, *, title: str, url: str, description: str) -> dict[str, Any]:
    """`board` (from nav.page_meta) completed for any page; `title` and `description` are plain text.

    og:url and og:image must be absolute, so without site_url they are left out.
    """
    out = dict(board)
    if out.get("item"):
        # two months' ledgers may carry the same note: the title keeps each description distinct
        if not out["description"].startswith(out["title"]):
            out["description"] = f'{out["title"]}：{out["description"]}'
    else:
        out["title"] = e(title or ctx.site_name)
        out["description"] = e(description)
        out["url"] = e(ctx.absolute(quote(url))) if ctx.site_url else ""
    if not out.get("og_image") and ctx.site_url:
        out["og_image"] = e(ctx.absolute(SHARE_IMAGE))
    out["og_type"] = "article" if out.get("item") else "website"
    out["site_name"] = e(ctx.site_name)
    return out


def plain_page_description(title: str, ctx: SiteContext, site_description: str, *, homepage: bool) -> str:
    """For pages that are neither items nor generated: the home page and editors' plain pages."""
    if homepage:
        return site_description or f"{ctx.config.community}的通知公告、公示和居务公开"
    return f"{ctx.site_name}：{title}"
