"""Tiny sites built in tmp_path: lifecycle, escaping, catalog gaps, pagination, URLs, errors."""
from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

pytestmark = pytest.mark.slow


def notice(title: str, date: str, *, expires: str = "", extra: str = "", body: str = "正文。") -> str:
    lines = ["---", "type: notice", f"title: {title}", f"date: {date}"]
    if expires:
        lines.append(f"expires: {expires}")
    if extra:
        lines.append(extra.strip())
    return "\n".join(lines) + f"\n---\n\n{body}\n"


def finance(period: str, date: str) -> str:
    return f"""\
---
type: finance
title: {period} 财务收支公开
period: {period}
date: {date}
prepared_by: 张三
reviewed_by: 李四
ledger:
  opening: 10000.00
  income:
    - {{date: {period}-03, voucher: 记-1, item: 工作经费, amount: 5.00}}
  expense:
    - {{date: {period}-05, voucher: 记-2, item: 办公用品, amount: 0.50}}
  closing: 10004.50
---

本月收支已审核。
"""


def test_lifecycle_current_archive_future_draft(tiny, site_of) -> None:  # noqa: ANN001
    tiny.add_item("notices/current.md", notice("现行通知", "2026-11-20"))
    tiny.add_item("notices/old.md", notice("过期通知", "2026-10-01", expires="2026-10-31"))
    tiny.add_item("notices/future.md", notice("未来通知", "2026-12-01"))
    tiny.add_item("notices/draft.md", notice("草稿通知", "2026-11-01", extra="draft: true"))
    site = site_of(tiny)
    assert site.linked("notices/") == ["notices/current/", "archive/"]
    assert "notices/current/" in site.linked("")
    assert "notices/old/" in site.linked("archive/2026-10/")
    assert site.exists("notices/old/")
    assert not site.exists("notices/future/") and not site.exists("notices/draft/")
    everything = "".join(p.read_text(encoding="utf-8") for p in site.dir.rglob("*.html"))
    assert "未来通知" not in everything and "草稿通知" not in everything
    # the same content a week later: the future notice is live, the current one still is
    later = site_of(tiny, today="2026-12-02")
    assert later.linked("notices/")[:2] == ["notices/future/", "notices/current/"]


def test_front_matter_is_escaped_everywhere(tiny, site_of) -> None:  # noqa: ANN001
    evil = "<script>alert(1)</script>"
    tiny.add_item("notices/evil.md", notice(
        f"'{evil}'", "2026-11-20",
        extra='summary: "\\"><img src=x onerror=alert(2)>"\naddressee: "<b>全体</b>居民"'))
    site = site_of(tiny)
    for url in ("notices/evil/", "notices/", "", "archive/2026-11/"):
        page = site.page(url)
        assert all("alert" not in script.text for script in page.find_all("script")), url
        assert not [i for i in page.find_all("img") if i.attrs.get("src") == "x"], url
        assert all(b.text != "全体" for b in page.find_all("b")), url
    page = site.page("notices/evil/")
    assert page.one("title").text.startswith(evil)
    assert site.content("notices/evil/").one("h1").text == evil
    assert evil in site.content("notices/").one("a", cls="board-entry-title").text
    index = json.loads((site.dir / "search/search_index.json").read_text(encoding="utf-8"))
    titles = [d["title"] for d in index["docs"] if d["location"].startswith("notices/evil/")]
    assert titles and all("<script>" not in t for t in titles)


def test_catalog_shows_missing_month(tiny, site_of) -> None:  # noqa: ANN001
    tiny.add_item("finance/2026-09.md", finance("2026-09", "2026-10-10"))
    # 2026-10 deliberately missing: due 2026-11-15, today 2026-11-29
    site = site_of(tiny)
    section = site.content("catalog/").one("section", id="finance")
    rows = {tr.find_all("td")[0].text: tr for tr in section.one("tbody").find_all("tr")}
    assert list(rows) == ["2026年11月", "2026年10月", "2026年9月"]
    missing = rows["2026年10月"]
    assert "board-status-missing" in missing.classes
    cells = [td.text.strip() for td in missing.find_all("td")]
    assert cells[1] == "2026年11月15日" and "逾期未公开" in cells[2] and cells[3] == "—"
    assert "按时公开" in rows["2026年9月"].find_all("td")[2].text
    summary = site.content("catalog/").one("p", cls="board-catalog-summary")
    assert "逾期未公开 1 期" in summary.text.replace("\n", "")


def test_ledger_small_amounts_and_capital(tiny, site_of) -> None:  # noqa: ANN001
    tiny.add_item("finance/2026-10.md", finance("2026-10", "2026-11-10"))
    table = site_of(tiny).content("finance/2026-10/").one("table", cls="board-ledger")
    assert table.one("span", cls="board-capital").text == "人民币壹万零肆元伍角整"
    totals = [tr for tr in table.find_all("tr", cls="board-ledger-total")]
    assert [td.text for td in totals[0].find_all("td") if td.text] == ["5.00"]
    assert [td.text for td in totals[1].find_all("td") if td.text] == ["0.50"]


def test_section_index_is_paginated(tiny, site_of) -> None:  # noqa: ANN001
    for n in range(45):
        day = 1 + n % 28
        month = 10 if n < 28 else 11
        tiny.add_item(f"notices/n{n:02d}.md", notice(f"通知{n:02d}", f"2026-{month}-{day:02d} {8 + n % 10}:00"))
    site = site_of(tiny)
    pages = ["notices/", "notices/page/2/", "notices/page/3/"]
    counts = [len(site.content(u).find_all("li", cls="board-entry")) for u in pages]
    assert counts == [20, 20, 5]
    assert not site.exists("notices/page/4/")
    first = [a.text for a in site.content("notices/").find_all("a", cls="board-entry-title")]
    assert first[0] == "通知44"
    times = [t.attrs["datetime"] for u in pages for t in site.content(u).find_all("time")]
    assert times == sorted(times, reverse=True)
    nav = site.content("notices/page/2/").one("nav", cls="board-pages")
    assert nav.one("span", aria_current="page").text == "2"
    assert site.resolve("notices/page/2/", nav.one("a", rel="prev").attrs["href"]) == "notices/"
    assert site.resolve("notices/page/2/", nav.one("a", rel="next").attrs["href"]) == "notices/page/3/"


def test_chinese_file_name_gets_pinyin_url(tiny, site_of) -> None:  # noqa: ANN001
    tiny.add_item("notices/2026-11-停水通知.md", notice("停水通知", "2026-11-20"))
    site = site_of(tiny)
    assert site.exists("notices/2026-11-ting-shui-tong-zhi/")
    assert "notices/2026-11-ting-shui-tong-zhi/" in site.linked("notices/")


def _logged(caplog) -> str:  # noqa: ANN001
    return "\n".join(r.getMessage() for r in caplog.records)


def test_broken_item_fails_build_with_chinese_message(tiny, site_of, caplog) -> None:  # noqa: ANN001
    tiny.add_item("notices/ok.md", notice("正常通知", "2026-11-20"))
    tiny.add_item("notices/broken.md", "---\ntype: notice\ntitle: [未闭合\ndate: 2026-11-20\n---\n正文\n")
    with pytest.raises(Abort):
        site_of(tiny)
    assert "content/notices/broken.md:3" in _logged(caplog)
    assert "信息区格式错误" in _logged(caplog)


def test_broken_item_shows_its_error_in_the_preview(tiny, tmp_path, caplog) -> None:  # noqa: ANN001
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    tiny.add_item("notices/ok.md", notice("正常通知", "2026-11-20"))
    tiny.add_item("notices/broken.md", "---\ntype: notice\ntitle: [未闭合\n---\n正文\n")
    config = load_config(str(tiny.config_file), site_dir=str(tmp_path / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:  # MkDocs keeps this plugin instance for later loads in the process: back to "build"
        config.plugins.on_startup(command="build", dirty=False)
    assert (tmp_path / "preview/notices/ok/index.html").is_file()
    broken = (tmp_path / "preview/notices/broken/index.html").read_text(encoding="utf-8")
    assert "这条内容有错误" in broken and "content/notices/broken.md:3" in broken  # not a 404
    assert "<h1>[未闭合" not in broken and "<title>[未闭合" not in broken  # its YAML never reached MkDocs
    assert 'id="board-problems"' in (tmp_path / "preview/notices/ok/index.html").read_text(encoding="utf-8")
    assert any("content/notices/broken.md" in r.getMessage() for r in caplog.records)


def test_generated_page_url_collision_is_an_error(tiny, site_of, caplog) -> None:  # noqa: ANN001
    tiny.add_item("notices/page/2.md", notice("奇怪的文件名", "2026-11-20"))
    for n in range(21):
        tiny.add_item(f"notices/n{n}.md", notice(f"通知{n}", "2026-11-01"))
    with pytest.raises(Abort):
        site_of(tiny)
    assert "冲突" in _logged(caplog) and "notices/page/2.md" in _logged(caplog)


def test_feed_links_are_root_relative_without_site_url(tiny, site_of) -> None:  # noqa: ANN001
    tiny.write_config(tiny.config_file.read_text(encoding="utf-8").replace("site_url: https://example.org/\n", ""))
    tiny.add_item("notices/a.md", notice("通知甲", "2026-11-20"))
    site = site_of(tiny)
    feed = json.loads((site.dir / "feed.json").read_text(encoding="utf-8"))
    assert feed["items"][0]["url"] == "/notices/a/"


def test_history_unavailable_outside_git(tiny, site_of, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tiny.root.parent))
    tiny.add_item("finance/2026-10.md", finance("2026-10", "2026-11-10"))
    history = site_of(tiny).content("finance/2026-10/").one("section", cls="board-history")
    assert "修订记录不可用" in history.text


class _Report:
    warnings: list[str] = []

    def lines(self) -> list[str]:
        return []


def test_raster_hook_calls_display_screens_and_posters(tiny, site_of, monkeypatch) -> None:  # noqa: ANN001
    calls = []
    posters = []
    fake = types.ModuleType("display.screens")
    fake.build_screens = lambda items, config, now, out_dir, **kw: calls.append((items, config, now, out_dir, kw)) or _Report()
    fake.default_cache_dir = lambda root: root / ".cache" / "board"
    fake_posters = types.ModuleType("display.posters")
    fake_posters.build_posters = lambda items, config, now, out_dir, **kw: posters.append(out_dir) or _Report()
    monkeypatch.setitem(sys.modules, "display.screens", fake)
    monkeypatch.setitem(sys.modules, "display.posters", fake_posters)
    tiny.add_item("notices/a.md", notice("通知甲", "2026-11-20"))
    site = site_of(tiny, rasters=True)
    assert len(calls) == 1
    items, config, now, out_dir, kw = calls[0]
    assert [i.title for i in items] == ["通知甲"]
    assert now.isoformat() == "2026-11-29T00:00:00+08:00"
    assert Path(out_dir) == site.dir / "screens"
    assert set(kw) == {"root", "cache_dir"} and kw["cache_dir"] == tiny.root / ".cache" / "board"
    assert posters == [site.dir]


def test_without_display_package_the_site_still_builds(tiny, site_of, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setitem(sys.modules, "display.screens", None)  # import raises ImportError
    monkeypatch.setitem(sys.modules, "display.posters", None)
    tiny.add_item("notices/a.md", notice("通知甲", "2026-11-20"))
    site = site_of(tiny, rasters=True)
    assert site.exists("notices/a/") and not (site.dir / "screens").exists()


def test_flat_urls_are_refused_with_a_clear_message(tiny, site_of, caplog) -> None:  # noqa: ANN001
    tiny.write_config(tiny.config_file.read_text(encoding="utf-8") + "use_directory_urls: false\n")
    with pytest.raises(Abort):
        site_of(tiny)
    assert "use_directory_urls" in _logged(caplog)


def test_link_to_a_scheduled_item_does_not_break_strict_build(tiny, site_of) -> None:  # noqa: ANN001
    tiny.add_item("notices/a.md", notice("现行通知", "2026-11-20", body="详见[下周的通知](b.md)。"))
    tiny.add_item("notices/b.md", notice("下周的通知", "2026-12-06"))
    site = site_of(tiny)
    assert site.exists("notices/a/") and not site.exists("notices/b/")


def test_preview_shows_scheduled_and_draft_items_to_the_editor(tiny, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from tests.htmldom import parse_file

    monkeypatch.setenv("BOARD_TODAY", "2026-11-29")
    tiny.add_item("notices/b.md", notice("下周的通知", "2026-12-06 09:00"))
    tiny.add_item("notices/d.md", notice("草稿通知", "2026-11-01", extra="draft: true"))
    out = tmp_path / "preview"
    config = load_config(str(tiny.config_file), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=False)
    monkeypatch.setattr("generator.plugin.BoardPlugin._build_rasters", lambda self, site_dir: None)
    build(config, serve_url="http://127.0.0.1:8000/")
    future = parse_file(out / "notices/b/index.html").one("p", cls="board-preview-note")
    assert "2026年12月6日 9:00 发布" in future.text
    assert "草稿" in parse_file(out / "notices/d/index.html").one("p", cls="board-preview-note").text
    lists = parse_file(out / "notices/index.html")
    assert not lists.find_all("li", cls="board-entry")


def test_section_index_file_name_is_reserved(tiny, site_of, caplog) -> None:  # noqa: ANN001
    tiny.add_item("notices/index.md", notice("索引", "2026-11-20"))
    with pytest.raises(Abort):
        site_of(tiny)
    assert "content/notices/index.md" in _logged(caplog) and "冲突" in _logged(caplog)
