"""generator/renderkey.py: a kept rendering is used only while nothing it shows can change.

The sweep moves "now" across five months of the sample community (every 5 hours, and one
second before, at and after every breakpoint of every item) in order, as builds would, and
compares the kept key with rendering the page for that moment.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from display.cards import card_name, gets_card
from generator.gitlog import read_history
from generator.loader import load_project
from generator.memo import Memo, digest
from generator.renderkey import RenderKeys, breakpoints, rendered, window
from generator.web.context import SiteContext

REPO = Path(__file__).resolve().parent.parent


def sample():  # noqa: ANN201
    project = load_project(REPO / "mkdocs.yml")
    assert project is not None and project.items
    return project


def moments(project, tz) -> list[datetime]:  # noqa: ANN001
    start = datetime(2026, 9, 1, 0, 0, tzinfo=tz)
    out = [start + timedelta(hours=5 * n) for n in range(24 * 150 // 5)]
    ctx = SiteContext(project.config, start)
    for item in project.items:
        for moment in breakpoints(item, ctx):
            out += [moment - timedelta(seconds=1), moment, moment + timedelta(seconds=1)]
    return sorted({m for m in out if datetime(2026, 9, 1, tzinfo=tz) <= m < datetime(2027, 2, 1, tzinfo=tz)})


@pytest.mark.slow
def test_kept_keys_equal_rendering_at_every_moment(tmp_path: Path) -> None:
    project = sample()
    tz = project.config.tz
    history = read_history(project.content_dir)
    memo = Memo(tmp_path / "keys.json", "scope")
    keys = RenderKeys(memo)
    checked = 0
    for now in moments(project, tz):
        ctx = SiteContext(project.config, now, "绿苑社区居务公开", history)

        def card_of(item):  # noqa: ANN001, ANN202 - as the plugin decides it
            return card_name(item) if gets_card(item, ctx.config, now) else ""

        for item in project.items:
            expected = digest(rendered(item, ctx, card_of(item)))
            assert keys.key(item, ctx, card_of) == expected, (item.source, now)
            checked += 1
    assert checked > 10_000
    assert keys.rendered < checked / 5  # most moments were answered from the kept windows


def test_window_is_bounded_by_midnights_and_the_items_own_moments() -> None:
    project = sample()
    tz = project.config.tz
    gongshi = next(i for i in project.items if i.type == "gongshi" and i.end is not None)
    inside = gongshi.published_at + timedelta(hours=1)
    start, end = window(gongshi, SiteContext(project.config, inside))
    assert start >= datetime.combine(inside.date(), datetime.min.time(), tz)
    assert end <= datetime.combine(inside.date() + timedelta(days=1), datetime.min.time(), tz)
    assert start <= inside < end
    at_end = gongshi.end.until
    start, end = window(gongshi, SiteContext(project.config, at_end - timedelta(seconds=1)))
    assert end == at_end  # the 公示's end is a breakpoint: the state changes exactly there


def test_another_moment_outside_the_window_renders_again(tmp_path: Path) -> None:
    project = sample()
    tz = project.config.tz
    item = project.items[0]
    keys = RenderKeys(Memo(tmp_path / "keys.json", "scope"))
    noon = datetime(2026, 11, 20, 12, 0, tzinfo=tz)
    ctx = SiteContext(project.config, noon)
    keys.key(item, ctx, lambda i: "")
    assert keys.rendered == 1
    start, end = window(item, ctx)
    keys.key(item, SiteContext(project.config, start + (end - start) / 2), lambda i: "")
    assert keys.rendered == 1  # inside the window: kept
    keys.key(item, SiteContext(project.config, end), lambda i: "")
    assert keys.rendered == 2  # the next window: rendered again
    keys.memo.save()
    again = RenderKeys(Memo(tmp_path / "keys.json", "scope"))
    again.key(item, SiteContext(project.config, end), lambda i: "")
    assert again.rendered == 0  # kept between runs
    other = RenderKeys(Memo(tmp_path / "keys.json", "another scope"))
    other.key(item, SiteContext(project.config, end), lambda i: "")
    assert other.rendered == 1
