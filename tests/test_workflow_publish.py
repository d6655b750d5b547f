"""`board publish` and `board withdraw` against a real git repository with a bare remote.

Every repository lives in tmp_path; the "remote" is a bare repository on disk, so nothing
leaves the machine.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, build_site, copy_sample, run_board

TODAY = "2026-12-01"
WATER = "content/notices/2026-11-water-outage.md"  # urgent, on both screens and boards until 2 Dec


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _identity(repo: Path) -> None:
    git(repo, "config", "user.name", "社区文书")
    git(repo, "config", "user.email", "clerk@example.org")


@pytest.fixture
def clone(tmp_path: Path) -> tuple[Path, Path]:
    """A clerk's clone of the sample community and its bare remote, in sync."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    work = copy_sample(tmp_path / "clerk")
    shutil.copy(REPO / ".gitignore", work / ".gitignore")  # as in a community's repository: no caches
    git(work, "init", "-q", "-b", "main")
    _identity(work)
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "示例社区")
    git(work, "remote", "add", "origin", str(remote))
    git(work, "push", "-q", "-u", "origin", "main")
    return work, remote


NOTICE = """---
type: notice
title: 电梯年检通知
date: 2026-12-01
summary: 12月3日上午，7栋电梯年检，暂停使用两小时。
screens: all
---

7栋的居民朋友们：12月3日上午9:00至11:00电梯年检，请走楼梯。
"""


def test_publish_commits_content_names_items_and_pushes(clone) -> None:  # noqa: ANN001
    work, remote = clone
    (work / "content/notices/2026-12-01-电梯年检通知.md").write_text(NOTICE, encoding="utf-8")
    config = work / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# 试着改了一下\n", encoding="utf-8")
    result = run_board(work, "publish", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    subject = git(remote, "log", "-1", "--format=%s", "main").strip()
    assert subject == "发布：新增《电梯年检通知》"
    files = git(remote, "show", "--name-only", "--format=", "main").split()
    assert files == ["content/notices/2026-12-01-电梯年检通知.md"]
    assert "mkdocs.yml" in result.stderr and "没有提交" in result.stderr  # named, not committed
    assert git(work, "status", "--porcelain").strip() == "M mkdocs.yml"
    again = run_board(work, "publish", "--today", TODAY)
    assert again.returncode == 0 and "没有新的修改" in again.stderr


def test_publish_refuses_with_check_errors_and_commits_nothing(clone) -> None:  # noqa: ANN001
    work, remote = clone
    before = git(remote, "rev-parse", "main")
    bad = NOTICE.replace("date: 2026-12-01", "date: 2026-13-01")
    (work / "content/notices/2026-12-01-bad.md").write_text(bad, encoding="utf-8")
    result = run_board(work, "publish", "--today", TODAY)
    assert result.returncode == 1
    assert "content/notices/2026-12-01-bad.md:4" in result.stdout
    assert "没有提交，也没有推送" in result.stderr
    assert git(remote, "rev-parse", "main") == before
    assert git(work, "log", "-1", "--format=%s").strip() == "示例社区"


def test_publish_without_remote_commits_locally_and_says_how(tmp_path: Path) -> None:
    work = copy_sample(tmp_path / "clerk")
    git(work, "init", "-q", "-b", "main")
    _identity(work)
    (work / "content/notices/2026-12-01-电梯年检通知.md").write_text(NOTICE, encoding="utf-8")
    result = run_board(work, "publish", "--today", TODAY)
    assert result.returncode == 1
    assert "还没有设置远程仓库" in result.stderr and "git remote add origin" in result.stderr
    assert "新增《电梯年检通知》" in git(work, "log", "-1", "--format=%B")  # committed locally


def test_publish_rejected_push_says_pull_first_and_keeps_the_commit(clone, tmp_path: Path) -> None:  # noqa: ANN001
    work, remote = clone
    other = tmp_path / "colleague"
    subprocess.run(["git", "clone", "-q", str(remote), str(other)], check=True)
    _identity(other)
    (other / "content/notices/x.md").write_text(NOTICE.replace("电梯年检", "燃气检修"), encoding="utf-8")
    git(other, "add", "-A")
    git(other, "commit", "-q", "-m", "同事的发布")
    git(other, "push", "-q")
    (work / "content/notices/2026-12-01-电梯年检通知.md").write_text(NOTICE, encoding="utf-8")
    result = run_board(work, "publish", "--today", TODAY)
    assert result.returncode == 1
    assert "推送被拒绝" in result.stderr and "git pull" in result.stderr and "不会丢失" in result.stderr
    assert "电梯年检通知" in git(work, "log", "-1", "--format=%s")
    git(work, "pull", "-q", "--no-rebase", "--no-edit")
    retry = run_board(work, "publish", "--today", TODAY)
    assert retry.returncode == 0, retry.stderr
    assert "以前的提交没有推送" in retry.stderr
    assert git(remote, "rev-parse", "main") == git(work, "rev-parse", "HEAD")


def test_publish_without_identity_explains_git_config(clone, monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    work, _remote = clone
    git(work, "config", "--unset", "user.name")
    git(work, "config", "--unset", "user.email")
    monkeypatch.setenv("HOME", str(tmp_path / "empty-home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (work / "content/notices/2026-12-01-电梯年检通知.md").write_text(NOTICE, encoding="utf-8")
    result = run_board(work, "publish", "--today", TODAY)
    assert result.returncode == 1
    assert 'git config --global user.name' in result.stderr


def test_withdraw_marks_the_file_keeps_its_bytes_and_says_what_to_reprint(clone) -> None:  # noqa: ANN001
    work, _remote = clone
    path = work / WATER
    original = path.read_text(encoding="utf-8")
    # a Notepad file: BOM and CRLF line endings are kept
    path.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    result = run_board(work, "withdraw", "停水", "--reason", "停水时间有误，更正后重新发布", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    marked = text.replace('withdrawn: true\nwithdrawn_reason: "停水时间有误，更正后重新发布"\n'
                          "withdrawn_at: 2026-12-01 00:00\n", "")
    assert marked == original  # nothing else in the editor's file changed
    assert "lobby" in result.stderr and "door" in result.stderr
    assert "board posters --board entrance --month 2026-12" in result.stderr
    check = run_board(work, "check", "--today", TODAY)
    assert check.returncode == 0, check.stdout


def test_withdrawn_item_leaves_screens_boards_and_keeps_only_title_and_reason(clone, tmp_path: Path) -> None:  # noqa: ANN001
    work, _remote = clone
    assert run_board(work, "withdraw", WATER, "--reason", "停水取消", "--today", TODAY).returncode == 0
    site = build_site(work / "mkdocs.yml", tmp_path / "site", TODAY, rasters=True)
    url = "notices/2026-11-water-outage/"
    article = site.content(url).text
    assert "已撤回" in article and "撤回原因：停水取消" in article
    assert "储水" not in article  # neither summary nor body is published again
    archive = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site/archive").rglob("*.html"))
    assert "12月2日3至6栋临时停水通知" in archive and "已撤回" in archive
    assert "临时停水" not in (tmp_path / "site/notices/index.html").read_text(encoding="utf-8")
    assert "临时停水" not in (tmp_path / "site/feed.xml").read_text(encoding="utf-8")
    assert "储水" not in (tmp_path / "site/search/search_index.json").read_text(encoding="utf-8")
    for screen in ("lobby", "door"):
        playlist = json.loads((tmp_path / f"site/screens/{screen}/playlist.json").read_text(encoding="utf-8"))
        assert "water-outage" not in json.dumps(playlist, ensure_ascii=False)
    assert not (tmp_path / "site/cards").exists() or not list((tmp_path / "site/cards").glob("*water*"))


def test_withdraw_delete_and_publish_pushes_the_removal(clone) -> None:  # noqa: ANN001
    work, remote = clone
    result = run_board(work, "withdraw", WATER, "--reason", "重复发布", "--delete", "--publish", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert not (work / WATER).exists()
    assert "git 历史" in result.stderr
    subject = git(remote, "log", "-1", "--format=%s", "main").strip()
    assert subject == "撤回《12月2日3至6栋临时停水通知》：重复发布"
    assert WATER not in git(remote, "ls-tree", "-r", "--name-only", "main")


def test_withdraw_unknown_or_ambiguous_item_lists_candidates(clone) -> None:  # noqa: ANN001
    work, _remote = clone
    missing = run_board(work, "withdraw", "不存在的通知", "--reason", "x", "--today", TODAY)
    assert missing.returncode == 1 and "找不到" in missing.stderr
    many = run_board(work, "withdraw", "公示", "--reason", "x", "--today", TODAY)
    assert many.returncode == 1 and "请写出要撤回的那个文件" in many.stderr
    assert git(work, "status", "--porcelain").strip() == ""


def test_withdraw_needs_a_reason(tiny) -> None:  # noqa: ANN001
    tiny.add_item("notices/a.md", "---\ntype: notice\ntitle: 通知\ndate: 2026-11-20\nwithdrawn: true\n---\n正文\n")
    problems = tiny.check()
    assert any(p.field == "withdrawn" and "withdrawn_reason" in p.message for p in problems.errors)


def test_withdrawing_a_leaked_number_is_not_blocked_by_it(clone) -> None:  # noqa: ANN001
    work, remote = clone
    leaked = NOTICE.replace("请走楼梯。", "联系人张三，身份证 500103199001011236。")
    (work / "content/notices/2026-12-01-电梯年检通知.md").write_text(leaked, encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "误发")  # committed by hand, past the check
    check = run_board(work, "check", "--today", TODAY)
    assert check.returncode == 1 and "5001**********1236" in check.stdout
    result = run_board(work, "withdraw", "电梯年检", "--reason", "含有居民个人信息", "--publish", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "撤回《电梯年检通知》：含有居民个人信息"
    # the title and the reason are still checked: they stay public
    path = work / "content/notices/2026-12-01-电梯年检通知.md"
    path.write_text(path.read_text(encoding="utf-8").replace("含有居民个人信息", "误写了13912345678"), encoding="utf-8")
    assert run_board(work, "check", "--today", TODAY).returncode == 1
