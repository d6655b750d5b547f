"""`board check`: every problem in content and config, one per line, with file and line."""
from __future__ import annotations

import argparse

from ._common import full_check, open_project, print_problems, say

NAME = "check"
HELP = "检查所有内容和配置，列出每个问题（文件:行号）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="把警告也当作错误（退出码 1）")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text",
                        help="输出格式：text（默认）、github（GitHub Actions 标注）、json")


def run(args: argparse.Namespace) -> int:
    project, now = open_project(args)
    problems = full_check(project, now)
    print_problems(problems, args.format)
    errors, warnings = len(problems.errors), len(problems.warnings)
    if args.format == "text":
        if errors or warnings:
            say(f"共 {len(project.items)} 条内容：{errors} 个错误，{warnings} 个警告。")
        else:
            say(f"共 {len(project.items)} 条内容，没有发现问题。")
    if errors or (args.strict and warnings):
        return 1
    return 0
