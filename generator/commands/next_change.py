"""`board next-change`: when the built site would next change, for a scheduled rebuild."""
from __future__ import annotations

import argparse

from ..lifecycle import next_change
from ._common import open_project

NAME = "next-change"
HELP = "显示网站下一次需要重新生成的时间（有内容上线或到期）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--iso", action="store_true", help="只输出 ISO 8601 时间（供脚本使用）")


def run(args: argparse.Namespace) -> int:
    project, now = open_project(args)
    moment = next_change(project.items, now)
    if moment is None:
        if not args.iso:
            print("没有已排定的变化：所有内容都已上线，且没有到期时间。")
        return 0
    if args.iso:
        print(moment.isoformat())
    else:
        what = [i for i in project.items if not i.draft and (i.published_at == moment or i.ends_at == moment)]
        print(f"{moment:%Y-%m-%d %H:%M} ({project.config.timezone})  {moment.isoformat()}")
        for item in what:
            verb = "上线" if item.published_at == moment else "到期"
            print(f"  {verb}：{item.title}（{item.source}）")
    return 0
