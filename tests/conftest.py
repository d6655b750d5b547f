"""Shared fixtures: tiny projects built in tmp_path, composable like Lektor's and mkdocs' tests.

`make_project` writes an mkdocs.yml and a content/ folder; tests add items with `add_item`.
Fixtures for specific areas (site, slides, posters) live below the shared ones.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-29"

BASE_CONFIG = """\
site_name: 测试社区
site_url: https://example.org/
docs_dir: content
theme:
  name: material
  custom_dir: {theme}
  language: zh
  font: false
plugins:
  - search:
      lang: zh
  - board:
      community: 测试社区居民委员会
      phone: 023-6388 1234
      timezone: Asia/Shanghai
      gongshi_min_days: 5
      screens:
        lobby: {{size: [1920, 1080], color: full}}
        door: {{size: [192, 64], color: mono}}
      boards:
        notice: {{paper: A3}}
        entrance: {{paper: A4, copies: 16}}
      catalog:
        - id: finance
          title: 社区财务收支
          every: month
          due_day: 15
          types: [finance]
          since: 2026-09
"""


class TinyProject:
    """A project folder in tmp_path with helpers to add items and load them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.content.mkdir(parents=True, exist_ok=True)
        (self.content / "index.md").write_text("# 首页\n", encoding="utf-8")
        self.config_file = root / "mkdocs.yml"
        self.write_config(BASE_CONFIG.format(theme=(REPO / "theme").as_posix()))

    def write_config(self, text: str) -> Path:
        self.config_file.write_text(text, encoding="utf-8")
        return self.config_file

    def add_item(self, rel: str, text: str, *, encoding: str = "utf-8") -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
        return path

    def load(self):  # noqa: ANN201 - generator.loader.Project
        from generator.loader import load_project

        project = load_project(self.config_file)
        assert project is not None
        return project

    def check(self, today: str = TODAY):  # noqa: ANN201 - ProblemList
        from generator.check import check_project
        from generator.lifecycle import resolve_now

        project = self.load()
        return check_project(project, resolve_now(today, project.config.tz))


@pytest.fixture
def tiny(tmp_path: Path) -> TinyProject:
    return TinyProject(tmp_path / "site-src")


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[str], TinyProject]:
    def make(name: str = "proj") -> TinyProject:
        return TinyProject(tmp_path / name)

    return make


NOTICE = """\
---
type: notice
title: 停水通知
date: 2026-11-20
screens: [lobby]
boards: [notice]
---

因管道维修，11月30日停水。
"""
