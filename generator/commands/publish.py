"""`board publish`: check everything, then commit the changes in content/ and push them.

For the clerk who does use a terminal: one command instead of `git add`, `git commit -m …`
and `git push`, and it refuses while `board check` has errors, so a broken or private file
never reaches the remote (where the hosted build would publish it). Only content/ is
committed; other changed files (mkdocs.yml, theme) are named and left alone.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ..gitops import Change, GitError, commit, others_changed, push, repo_root, stage, unpushed
from ..loader import Project
from ._common import Abort, open_project, require_no_errors, say

NAME = "publish"
HELP = "发布：检查内容，提交 content/ 里的修改并推送到远程仓库"

_VERBS = {"A": "新增", "M": "修改", "D": "删除", "R": "改名", "C": "复制", "T": "修改"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-m", "--message", default=None, metavar="说明",
                        help="提交说明（默认按改动的内容自动写，如「发布：新增《停水通知》」）")
    parser.add_argument("--no-push", action="store_true", help="只在本地提交，不推送")


def run(args: argparse.Namespace) -> int:
    project, now = open_project(args)
    repo = _repo(project)
    require_no_errors(project, now, "没有提交，也没有推送。请按上面的提示改好后再运行 board publish。")
    try:
        return publish(project, repo, message=args.message, push_after=not args.no_push)
    except GitError as exc:
        raise Abort(exc.message, code=1) from None


def _repo(project: Project) -> Path:
    repo = repo_root(project.root)
    if repo is None:
        raise Abort("这个文件夹还不是 git 仓库，无法发布。请用 git clone 仓库地址 取得社区的仓库，"
                    "在取得的文件夹里编辑内容，再运行 board publish。")
    return repo


def publish(project: Project, repo: Path, *, message: str | None = None, push_after: bool = True,
            headline: str = "发布") -> int:
    """Stage and commit content/, then push; print what happened in Chinese. Exit code."""
    content = project.content_dir.resolve().relative_to(repo.resolve()).as_posix()
    changes = stage(repo, content)
    if changes:
        text = message or commit_message(changes, project, content, headline)
        short = commit(repo, text, content)
        say(f"已提交 {short}：{text.splitlines()[0]}")
        for line in text.splitlines()[2:]:
            say("  " + line)
    elif unpushed(repo) == 0:
        say(f"{content}/ 里没有新的修改，不需要发布。")
        _mention_others(repo, content)
        return 0
    else:
        say(f"{content}/ 里没有新的修改；还有 {unpushed(repo)} 个以前的提交没有推送，现在推送。")
    _mention_others(repo, content)
    if not push_after:
        say("按要求没有推送（--no-push）。要让网站更新，以后运行 board publish 或 git push。")
        return 0
    where = push(repo)
    say(f"已推送到 {where}。自动发布一般几分钟内完成，之后网站、屏幕画面和海报都会更新。")
    return 0


def commit_message(changes: list[Change], project: Project, content: str, headline: str = "发布") -> str:
    """First line: what kind of change and the first titles; then one line per file."""
    titles = {f"{content}/{item.source}": item.title for item in project.items}
    lines = []
    for change in changes:
        name = titles.get(change.path)
        what = f"《{name}》（{change.path}）" if name else change.path
        if change.status in "RC" and change.old_path:
            what += f"，原为 {change.old_path}"
        lines.append(f"{_VERBS.get(change.status, '修改')}{what}")
    named = [f"{_VERBS.get(c.status, '修改')}《{titles[c.path]}》" for c in changes if c.path in titles]
    if not named:
        named = [f"{_VERBS.get(c.status, '修改')} {c.path.rsplit('/', 1)[-1]}" for c in changes]
    first = f"{headline}：" + "；".join(named[:3]) + (f" 等 {len(named)} 项" if len(named) > 3 else "")
    return "\n".join([first, "", *lines])


def _mention_others(repo: Path, content: str) -> None:
    others = others_changed(repo, content)
    if others:
        shown = "、".join(others[:5]) + (f" 等 {len(others)} 个文件" if len(others) > 5 else "")
        say(f"注意：{shown} 也有修改，但不在 {content}/ 里，这次没有提交。"
            "如果需要一起发布（例如改了 mkdocs.yml），请管理员检查后用 git 提交。")
