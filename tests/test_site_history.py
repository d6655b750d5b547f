"""Revision history from git: one `git log`, corrections after publication, shallow clones."""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from generator.gitlog import parse_log, read_history

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GONGSHI = """\
---
type: gongshi
title: 志愿者推荐人选公示
date: 2026-11-20
days: 7
objection:
  phone: 023-6388 1234
---

拟推荐王某某等3人，{amount}。
"""


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="程洪", GIT_AUTHOR_EMAIL="ch@example.org",
               GIT_COMMITTER_NAME="程洪", GIT_COMMITTER_EMAIL="ch@example.org")
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(["git", "-C", str(root), *args], env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def repo(tiny):  # noqa: ANN001, ANN201 - the tiny project, committed, then corrected once
    git(tiny.root, "init", "-q", "-b", "main")
    path = tiny.add_item("gongshi/nominees.md", GONGSHI.format(amount="公示期7天"))
    git(tiny.root, "add", ".")
    git(tiny.root, "commit", "-q", "-m", "发布志愿者推荐人选公示", when="2026-11-20T15:00:00+08:00")
    path.write_text(GONGSHI.format(amount="公示期7天，请监督"), encoding="utf-8")
    git(tiny.root, "commit", "-q", "-am", "更正：补充监督说明", when="2026-11-22T10:30:00+08:00")
    return tiny


def test_correction_after_publication_is_listed(repo, site_of) -> None:  # noqa: ANN001
    page = site_of(repo).content("gongshi/nominees/")
    assert page.one("a", cls="board-badge-corrected").text == "已更正"
    rows = page.one("section", cls="board-history").one("tbody").find_all("tr")
    assert len(rows) == 1  # the commit that added the file is not a correction
    cells = [td.text for td in rows[0].find_all("td")]
    assert cells[0] == "2026年11月22日 10:30"
    assert cells[1] == "更正：补充监督说明"


def test_unchanged_item_says_so(tiny, site_of) -> None:  # noqa: ANN001
    git(tiny.root, "init", "-q", "-b", "main")
    tiny.add_item("gongshi/nominees.md", GONGSHI.format(amount="公示期7天"))
    git(tiny.root, "add", ".")
    git(tiny.root, "commit", "-q", "-m", "发布", when="2026-11-20T15:00:00+08:00")
    page = site_of(tiny).content("gongshi/nominees/")
    assert page.find("a", cls="board-badge-corrected") is None
    assert "发布后未修改" in page.one("section", cls="board-history").text


def test_shallow_clone_says_history_unavailable(repo, tmp_path, site_of) -> None:  # noqa: ANN001
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.root.as_uri(), str(clone)],
                   check=True, capture_output=True)
    from tests.conftest import TinyProject

    shallow = TinyProject.__new__(TinyProject)
    shallow.root, shallow.content, shallow.config_file = clone, clone / "content", clone / "mkdocs.yml"
    page = site_of(shallow).content("gongshi/nominees/")
    text = page.one("section", cls="board-history").text
    assert "修订记录不可用" in text and "浅克隆" in text
    assert page.find("a", cls="board-badge-corrected") is None


def test_one_git_log_for_all_files(repo, monkeypatch) -> None:  # noqa: ANN001
    for n in range(5):
        repo.add_item(f"notices/n{n}.md", "---\ntype: notice\ntitle: 通知\ndate: 2026-11-20\n---\n")
    git(repo.root, "add", ".")
    git(repo.root, "commit", "-q", "-m", "更多通知", when="2026-11-23T09:00:00+08:00")
    calls = []
    real = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda args, **kw: calls.append(args) or real(args, **kw))
    history = read_history(repo.content)
    assert sum(1 for c in calls if "log" in c) == 1
    assert len(history.by_path) == 7  # index.md, the 公示, 5 notices
    assert [r.message for r in history.revisions("gongshi/nominees.md")] == ["更正：补充监督说明", "发布志愿者推荐人选公示"]


def test_parse_log_handles_chinese_paths_and_odd_records() -> None:
    text = ("\x1eabc123\x1f2026-11-22T10:30:00+08:00\x1f程洪\x1f更正\x00\nnotices/停水.md\x00x.md\x00"
            "\x1ebroken record\x00\nignored.md\x00")
    parsed = parse_log(text)
    assert set(parsed) == {"notices/停水.md", "x.md"}
    assert parsed["x.md"][0].when == datetime.fromisoformat("2026-11-22T10:30:00+08:00")
