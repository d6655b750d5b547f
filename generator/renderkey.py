"""The part of an item page's key that the moment of the build shapes, without rendering it.

An item page shows states that depend on "now" (已过期, 公示中 with its days left, an event
under way, overdue milestones, whether the page has a share card). `incremental` keys a page
with its article rendered for now around a placeholder body, which captures every such state
exactly, but costs a quarter of a millisecond per item: most of a rebuild at 3,000 items.

Here that rendering is kept together with the *window* of moments around it in which none of
those states can change: from the latest to the next "breakpoint", where breakpoints are every
local midnight (day counts, overdue dates) and every instant the item itself names (publication,
expiry, 公示 and event times, withdrawal, the 更正 that replaces it), also shifted by each of the
site's day-count settings (`display_days`, `search_full_text_days`…). A build whose now falls in
the window takes the stored rendering; any other moment renders again. The inputs (the item as
loaded and linked to others, its revision history, the site-wide key) are part of the memo key.

tests/test_renderkey.py sweeps now across months of moments and every breakpoint and compares
this with rendering every time.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from .lifecycle import day_start
from .memo import Memo, digest, program_digest
from .model import Item
from .web.context import SiteContext
from .web.items import render_item
from .web.nav import page_meta

PLACEHOLDER = "\x00board-body\x00"


def rendered(item: Item, ctx: SiteContext, card: str) -> str:
    """What of an item page depends on anything but its body: the article and the head values."""
    return render_item(item, PLACEHOLDER, ctx) + json.dumps(page_meta(item, ctx, card, PLACEHOLDER),
                                                           sort_keys=True)


def _moments(value: Any, depth: int = 0) -> Iterator[datetime]:
    """Every datetime inside a value (dataclasses, tuples, lists, dicts), to a few levels."""
    if isinstance(value, datetime):
        yield value
    elif depth > 4 or value is None or isinstance(value, (str, bytes, int, float, date)):
        return
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _moments(getattr(value, f.name), depth + 1)
    elif isinstance(value, (list, tuple)):
        for part in value:
            yield from _moments(part, depth + 1)
    elif isinstance(value, dict):
        for part in value.values():
            yield from _moments(part, depth + 1)


def breakpoints(item: Item, ctx: SiteContext) -> set[datetime]:
    """Instants at which something an item page shows may change (besides midnights)."""
    base = set(_moments(item))
    if item.date is not None:
        base.add(item.published_at)
    if item.ends_at is not None:
        base.add(item.ends_at)
    shifts = [timedelta(days=getattr(ctx.config, f.name)) for f in dataclasses.fields(ctx.config)
              if f.name.endswith("_days") and isinstance(getattr(ctx.config, f.name), int)]
    return base | {moment + shift for moment in base for shift in shifts}


def window(item: Item, ctx: SiteContext) -> tuple[datetime, datetime]:
    """[start, end) around now in which the item page's now-dependent states stay as they are."""
    now = ctx.now
    tz = ctx.config.tz
    start = day_start(now.date(), tz)
    end = day_start(now.date() + timedelta(days=1), tz)
    for moment in breakpoints(item, ctx):
        if moment <= now:
            start = max(start, moment)
        else:
            end = min(end, moment)
    return start, end


class RenderKeys:
    """`rendered(...)`'s digest per item, kept while now stays inside its window.

    `memo` (optional) keeps them between runs; its scope must cover the site-wide inputs
    (mkdocs.yml, theme, program), which `incremental.site_key` does.
    """

    def __init__(self, memo: Memo | None = None) -> None:
        self.memo = memo
        self.rendered = 0  # how many items had to be rendered (for tests and the build log)

    def key(self, item: Item, ctx: SiteContext, card_of: Callable[[Item], str], source: str | None = None) -> str:
        """`source`: the loader's digest of the item's file (`Project.digests`). The item is a
        function of that file, the settings (in the memo's scope) and this program, so the
        digest stands for the item without printing it (`repr` of thousands of items)."""
        history = ctx.history
        made_of = f"{program_digest()}|{source}" if source else repr(item)
        inputs = digest(made_of, str(history.available), history.reason,
                        repr(history.corrections(item.source, item.published_at)) if history.available
                        and item.date is not None else "", ctx.site_name)
        stored = self.memo.get(inputs) if self.memo is not None else None
        if stored is not None:
            start, end, value = stored
            if datetime.fromisoformat(start) <= ctx.now < datetime.fromisoformat(end):
                return value
        start_at, end_at = window(item, ctx)
        value = digest(rendered(item, ctx, card_of(item)))
        self.rendered += 1
        if self.memo is not None:
            self.memo.put(inputs, [start_at.isoformat(), end_at.isoformat(), value])
        return value
