"""The Chinese search index stays small: old and expired items are found by title and summary."""
from __future__ import annotations

import json

from conftest import NOTICE, TinyProject


def _index_text(site) -> str:  # noqa: ANN001 - conftest.BuiltSite
    data = json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return "".join(doc["title"] + doc["text"] for doc in data["docs"]).replace("\u200b", "")


def test_old_and_expired_bodies_are_not_indexed(tiny: TinyProject, site_of) -> None:  # noqa: ANN001
    tiny.add_item("notices/current.md", NOTICE.replace("因管道维修", "因为更换水表"))
    tiny.add_item("notices/old.md", NOTICE.replace("date: 2026-11-20", "date: 2024-03-01\nsummary: 旧的停水摘要")
                  .replace("title: 停水通知", "title: 两年前的通知").replace("因管道维修", "因为清洗蓄水池"))
    long_body = "各位居民，" * 40 + "另外需要修补屋顶。"  # the late words fall outside the gist
    tiny.add_item("notices/expired.md", NOTICE.replace("date: 2026-11-20", "date: 2026-10-01\nexpires: 2026-10-10")
                  .replace("title: 停水通知", "title: 已过期的通知").replace("因管道维修，11月30日停水。", long_body))
    text = _index_text(site_of(tiny))
    assert "更换水表" in text  # a current body is searched in full
    assert "两年前的通知" in text and "旧的停水摘要" in text  # old: title and summary
    assert "清洗蓄水池" not in text
    assert "已过期的通知" in text and "各位居民" in text  # expired: title and the body's opening
    assert "修补屋顶" not in text
