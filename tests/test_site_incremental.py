"""Incremental builds: after each kind of change exactly the pages it changed are rebuilt, and
the site is byte-identical to a full build from scratch of the same content and day.

A page that was reused is a hard link to the previous build's file (same inode); a rebuilt one
is a new file. The full build for comparison runs in a fresh copy of the project (no site, no
build state).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import TinyProject, tree_digest

pytestmark = pytest.mark.slow

# the theme's 404 page (MkDocs renders it every time) and a plain page whose title in the
# navigation comes from its own first heading (a page that is reused is read, not rendered).
# The home page and about/ have front matter shown in every page's navigation: reused, and read.
ALWAYS = {"404.html", "guide/index.html"}
HOME = "index.html"


def item(kind: str, title: str, date: str, extra: str = "", body: str = "正文。") -> str:
    return f"---\ntype: {kind}\ntitle: {title}\ndate: {date}\n{extra.strip()}\n---\n\n{body}\n"


PLAN_DUE_TODAY = """\
milestones:
  - {name: 入户走访, due: 2026-11-29, status: doing}
  - {name: 汇总上报, due: 2026-12-20, status: todo}
"""
PLAN_LATER = """\
milestones:
  - {name: 方案制定, due: 2026-10-10, status: done}
  - {name: 组织实施, due: 2026-12-31, status: doing}
"""
GONGSHI = """\
start: 2026-11-25
end: 2026-12-05
objection: {phone: 023-6388 1234}
"""


def populate(project: TinyProject) -> None:
    (project.content / "guide.md").write_text("# 编辑指南\n\n怎样写通知。\n", encoding="utf-8")
    (project.content / "index.md").write_text("---\ntitle: 首页\n---\n\n# 欢迎\n", encoding="utf-8")
    (project.content / "about.md").write_text("---\ntitle: 关于居委会\n---\n\n办公时间。\n", encoding="utf-8")
    project.add_item("notices/water.md", item("notice", "停水通知", "2026-11-20", body="周三停水。"))
    project.add_item("notices/old.md", item("notice", "旧通知", "2026-10-02", body="见[停水通知](water.md)。"))
    project.add_item("notices/power.md", item("notice", "停电通知", "2026-11-21", body="周四停电。"))
    project.add_item("plans/visits.md", item("plan", "走访计划", "2026-11-01", PLAN_DUE_TODAY))
    project.add_item("plans/green.md", item("plan", "绿化计划", "2026-10-01", PLAN_LATER))
    project.add_item("gongshi/low-income.md", item("gongshi", "低保公示", "2026-11-25", GONGSHI))


def build(project: TinyProject, today: str) -> dict[str, int]:
    """`board build`'s staged, incremental build (rasters off: speed); {html path: inode}."""
    from mkdocs.config import load_config

    from generator import plugin
    from generator.commands.build import build_staged

    saved = os.environ.get("BOARD_TODAY")
    original = plugin.BoardPlugin._build_rasters
    os.environ["BOARD_TODAY"] = today
    plugin.BoardPlugin._build_rasters = lambda self, site_dir: None  # type: ignore[method-assign]
    try:
        build_staged(load_config(str(project.config_file), site_dir=str(project.root / "site"), strict=True))
    finally:
        plugin.BoardPlugin._build_rasters = original  # type: ignore[method-assign]
        if saved is None:
            os.environ.pop("BOARD_TODAY", None)
        else:
            os.environ["BOARD_TODAY"] = saved
    site = project.root / "site"
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}


def rebuilt(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {path for path, ino in after.items() if before.get(path) != ino}


def full_build(project: TinyProject, today: str, where: Path) -> Path:
    """The same content built from scratch in a fresh copy of the project."""
    fresh = TinyProject.__new__(TinyProject)
    fresh.root = where
    shutil.copytree(project.content, where / "content")
    shutil.copy2(project.config_file, where / "mkdocs.yml")
    fresh.content, fresh.config_file = where / "content", where / "mkdocs.yml"
    build(fresh, today)
    return where / "site"


def assert_identical(project: TinyProject, today: str, where: Path) -> None:
    ours = tree_digest(project.root / "site")
    scratch = tree_digest(full_build(project, today, where))
    assert ours.keys() == scratch.keys()
    assert [p for p in ours if ours[p] != scratch[p]] == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_each_kind_of_change_rebuilds_exactly_its_pages(tiny, tmp_path) -> None:  # noqa: ANN001
    populate(tiny)
    day = "2026-11-29"
    first = build(tiny, day)
    assert {"notices/water/index.html", "plans/visits/index.html", "notices/index.html",
            "archive/2026-11/index.html"} <= first.keys()

    # nothing changed: every page is linked from the previous site
    state = build(tiny, day)
    assert rebuilt(first, state) == ALWAYS
    guide = (tiny.root / "site" / "guide/index.html").read_text(encoding="utf-8")  # rendered again
    assert "关于居委会" in guide  # the reused page's title (from its front matter) in the navigation
    assert_identical(tiny, day, tmp_path / "scratch-0")

    # one body edit: that page only (lists show titles and summaries, not bodies)
    edit(tiny.content / "notices/water.md", "周三停水。", "周三 8:00 至 18:00 停水。")
    before, state = state, build(tiny, day)
    assert rebuilt(before, state) == ALWAYS | {"notices/water/index.html"}
    assert_identical(tiny, day, tmp_path / "scratch-1")

    # a title edit: the page and every list that shows the title (the home page's too)
    edit(tiny.content / "notices/power.md", "停电通知", "计划停电通知")
    before, state = state, build(tiny, day)
    assert rebuilt(before, state) == ALWAYS | {"notices/power/index.html", "notices/index.html",
                                               "archive/2026-11/index.html", HOME}
    assert_identical(tiny, day, tmp_path / "scratch-2")

    # a new item: its page, its section's list, its month and the months' index (counts);
    # a body with relative links is rebuilt whenever a file is added, moved or removed
    tiny.add_item("notices/gas.md", item("notice", "燃气检修通知", "2026-11-22"))
    before, state = state, build(tiny, day)
    assert rebuilt(before, state) == ALWAYS | {"notices/gas/index.html", "notices/index.html",
                                               "archive/2026-11/index.html", "archive/index.html",
                                               "notices/old/index.html", HOME}
    assert_identical(tiny, day, tmp_path / "scratch-3")

    # a day passes: the 公示 countdown, the catalog's 统计截至 and the plan whose deadline
    # passed change; the other plan (its 统计至 is written by the page script) does not
    day = "2026-11-30"
    before, state = state, build(tiny, day)
    assert rebuilt(before, state) == ALWAYS | {"gongshi/low-income/index.html", "plans/visits/index.html",
                                               "catalog/index.html"}
    assert_identical(tiny, day, tmp_path / "scratch-4")

    # mkdocs.yml changes: every page
    edit(tiny.config_file, "site_name: 测试社区", "site_name: 测试社区居务公开")
    before, state = state, build(tiny, day)
    assert rebuilt(before, state) == set(state)
    assert_identical(tiny, day, tmp_path / "scratch-5")


def test_link_target_moved_rebuilds_the_linking_page(tiny, tmp_path) -> None:  # noqa: ANN001
    """A body that links to another file depends on where that file is published."""
    populate(tiny)
    day = "2026-11-29"
    before = build(tiny, day)
    (tiny.content / "notices/water.md").rename(tiny.content / "notices/water-cut.md")
    edit(tiny.content / "notices/old.md", "(water.md)", "(water-cut.md)")
    after = build(tiny, day)
    assert "notices/old/index.html" in rebuilt(before, after)
    assert_identical(tiny, day, tmp_path / "scratch")


def test_damaged_outputs_and_state_are_rebuilt_not_served(tiny, tmp_path) -> None:  # noqa: ANN001
    populate(tiny)
    day = "2026-11-29"
    first = build(tiny, day)
    page = tiny.root / "site/notices/water/index.html"
    damaged = page.read_text(encoding="utf-8").replace("周三停水", "周五停水")
    page.unlink()  # an editor saving over the published file (new inode, same size)
    page.write_text(damaged, encoding="utf-8")
    after = build(tiny, day)
    assert "notices/water/index.html" in rebuilt(first, after)
    assert "周五停水" not in page.read_text(encoding="utf-8")
    assert_identical(tiny, day, tmp_path / "scratch-1")

    # a truncated state file: everything is built again, nothing breaks
    state = tiny.root / ".cache/pages/pages.json"
    state.write_text(state.read_text(encoding="utf-8")[:100], encoding="utf-8")
    again = build(tiny, day)
    assert rebuilt(after, again) == set(again)
    assert json.loads(state.read_text(encoding="utf-8"))["pages"]
    assert_identical(tiny, day, tmp_path / "scratch-2")


def test_another_plugin_means_full_builds(tiny, tmp_path) -> None:  # noqa: ANN001
    """A plugin this program does not know could make a page depend on anything: no reuse."""
    edit(tiny.config_file, "  - board:", "  - tags\n  - board:")
    populate(tiny)
    day = "2026-11-29"
    first = build(tiny, day)
    again = build(tiny, day)
    assert rebuilt(first, again) == set(again)
    assert_identical(tiny, day, tmp_path / "scratch")
