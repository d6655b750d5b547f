"""`board next-change`: when the built site would next change, for a scheduled rebuild."""
from __future__ import annotations

import argparse
import sys

from ..web.schedule import next_site_change
from ..problems import ProblemList
from ._common import open_project, print_problems, say

NAME = "next-change"
HELP = "显示网站下一次需要重新生成的时间（有内容上线或到期）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--iso", action="store_true", help="只输出 ISO 8601 时间（供脚本使用）")


def run(args: argparse.Namespace) -> int:
    project, now = open_project(args)
    if project.problems.errors:  # on stderr: stdout stays the one line scripts read
        print_problems(ProblemList(project.problems.errors), "text", sys.stderr)
        say(f"以上 {len(project.problems.errors)} 个错误所在的内容没有计入；请改正后再运行（board check 可查看全部问题）。")
    found = next_site_change(project.items, project.config, now)
    if found is None:
        if not args.iso:
            print("没有已排定的变化：所有内容都已上线，且没有到期时间。")
        return 0
    moment, reasons = found
    if args.iso:
        print(moment.isoformat())
    else:
        print(f"{moment:%Y-%m-%d %H:%M} ({project.config.timezone})  {moment.isoformat()}")
        for reason in reasons:
            print(f"  {reason}")
    return 0
