"""The plain web modules, without MkDocs: links, countdowns, feeds, nav shape."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from generator.web.fmt import cn_date, rel
from generator.web.items import days_left
from generator.web.nav import nav_config

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(("src", "dst", "expected"), [
    ("", "notices/", "notices/"),
    ("notices/", "notices/a/", "a/"),
    ("notices/page/2/", "", "../../../"),
    ("archive/2026-11/", "finance/2026-10/", "../../finance/2026-10/"),
    ("x/", "feed.xml", "../feed.xml"),
    ("gongshi/a/", "gongshi/a/#board-history", "./#board-history"),
])
def test_relative_links(src: str, dst: str, expected: str) -> None:
    assert rel(src, dst) == expected


def test_days_left_counts_today_and_the_last_day() -> None:
    end = datetime(2026, 12, 3, tzinfo=TZ)  # `until` of an all-day end on 12-02
    assert days_left(end, datetime(2026, 11, 29, tzinfo=TZ)) == 4
    assert days_left(end, datetime(2026, 12, 2, 23, 59, tzinfo=TZ)) == 1
    assert days_left(end, end) == 0


def test_dates_have_no_zero_padding() -> None:
    assert cn_date(datetime(2026, 3, 5, tzinfo=TZ)) == "2026年3月5日"


def test_nav_lists_sections_and_plain_pages_only() -> None:
    nav = nav_config(["index.md", "guide.md"])
    flat = json.dumps(nav, ensure_ascii=False)
    assert "notices/index.md" in flat and "guide.md" in flat and "catalog/index.md" in flat
    assert len(nav) == 10  # home, 6 sections, catalog, archive, guide


def test_feeds_escape_titles(tiny) -> None:  # noqa: ANN001
    from generator.lifecycle import published
    from generator.web.context import SiteContext
    from generator.web.feeds import json_feed, rss

    tiny.add_item("notices/a.md", "---\ntype: notice\ntitle: '<b>A & B</b>'\ndate: 2026-11-20\n---\n\n正文\n")
    project = tiny.load()
    now = datetime(2026, 11, 29, tzinfo=TZ)
    ctx = SiteContext(project.config, now, site_name="测试")
    items = published(project.items, now)
    root = ET.fromstring(rss(items, ctx).encode("utf-8"))
    assert root.findtext("./channel/item/title") == "<b>A & B</b>"
    assert root.findtext("./channel/item/link") == "https://example.org/notices/a/"
    assert json.loads(json_feed(items, ctx))["items"][0]["title"] == "<b>A & B</b>"
