"""`board withdraw ITEM`: take an item off the site, the screens and the boards at once.

By default the item stays in git history and in the site's archive as 已撤回 with its reason
(its text is no longer shown); `--delete` removes the file altogether. Either way the command
says which screens need a push and which posters a reprint, and `--publish` commits and pushes
straight away (the same steps as `board publish`).
"""
from __future__ import annotations

import argparse
from dataclasses import replace

from ..gitops import GitError, git, repo_root
from ..loader import load_project
from ..withdrawal import WithdrawError, find_item, follow_up, mark_withdrawn
from ._common import Abort, open_project, print_problems, require_no_errors, say

NAME = "withdraw"
HELP = "撤回一条内容：立即从网站、屏幕和海报上撤下（网站归档里标为「已撤回」）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("item", metavar="内容", help="要撤回的内容：文件路径、网址或标题中的几个字")
    parser.add_argument("--reason", "-r", required=True, metavar="原因",
                        help="撤回原因（必填，会显示在网站上，例如「内容有误，更正后重新发布」）")
    parser.add_argument("--delete", action="store_true",
                        help="彻底删除这个文件（网站上不再有这一页；git 历史里仍然保留）")
    parser.add_argument("--publish", action="store_true", help="撤回后立即提交并推送（同 board publish）")


def run(args: argparse.Namespace) -> int:
    project, now = open_project(args)
    reason = " ".join(args.reason.split())
    if not reason:
        raise Abort("请用 --reason 写明撤回原因，例如 --reason 内容有误，更正后重新发布")
    try:
        target = find_item(project, args.item)
    except WithdrawError as exc:
        raise Abort(str(exc), code=1) from None
    path = project.content_dir / target.source
    shown = f"{project.config.content_dir}/{target.source}"
    item = target.item
    if item is not None and item.withdrawn and not args.delete:
        say(f"《{item.title}》（{shown}）已经撤回过了（原因：{item.withdrawn_reason}），这次没有改动。")
        return 0
    if args.delete:
        todo = follow_up(project, item, now) if item is not None else None
        repo = repo_root(project.root)
        tracked = repo is not None and git(repo, "ls-files", "--error-unmatch", str(path), check=False).returncode == 0
        path.unlink()
        say(f"已删除 {shown}《{target.title}》。" + ("它仍保存在 git 历史里，需要时可以找回；"
                                                    "如果是因为泄露了个人信息而删除，见 README「个人信息：发布前挡住，发布后很难删干净」一节。"
                                                    if tracked else ""))
    else:
        try:
            mark_withdrawn(path, reason, now)
        except WithdrawError as exc:
            raise Abort(str(exc), code=1) from None
        after = load_project(project.config_file)
        errors = [p for p in (after.problems.errors if after else []) if p.path == shown]
        if after is None or errors:
            print_problems(after.problems if after else [], "text")  # type: ignore[arg-type]
            raise Abort(f"已在 {shown} 里写上撤回标记，但这个文件还有上面的错误，改好后才能发布。", code=1)
        # where it showed before the mark: the same item, not withdrawn
        todo = follow_up(after, replace(after.item(target.source.removesuffix(".md")), withdrawn=False), now)
        say(f"已撤回《{target.title}》：在 {shown} 的信息区加上了 withdrawn: true 和撤回原因。"
            "网站上这一页只保留标题和撤回原因，归档里标为「已撤回」；屏幕和海报不再显示它。")
    _tell(todo, published=args.publish)
    if args.publish:
        from .publish import _repo, publish

        project, now = open_project(args)
        require_no_errors(project, now, "撤回已写进文件，但没有提交，也没有推送。请改好后运行 board publish。")
        try:
            return publish(project, _repo(project), headline="撤回",
                           message=f"撤回《{target.title}》：{reason}\n\n撤回 {shown}" +
                                   ("（删除文件）" if args.delete else ""))
        except GitError as exc:
            raise Abort(exc.message, code=1) from None
    say("下一步：运行 board publish（或用 GitHub Desktop 提交并推送），撤回才会在网站上生效。")
    return 0


def _tell(todo, *, published: bool) -> None:  # noqa: ANN001 - withdrawal.FollowUp
    if todo is None:
        say("这个文件有错误、没有加载，无法判断它在哪些屏幕和海报上；请检查所有屏幕和本月海报。")
        return
    if todo.screens:
        say("这些屏幕现在还在播放它，" + ("发布后" if published else "发布撤回后") + "请更新：")
        for line in todo.screens:
            say("  " + line)
    if todo.posters:
        say("这些公开栏本月的海报印有它，请重新打印并替换：")
        for line in todo.posters:
            say("  " + line)
    if not todo.screens and not todo.posters:
        say("它目前不在任何屏幕和本月海报上，只需发布网站。")
