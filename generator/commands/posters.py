"""`board posters`: print-ready monthly issues for the boards (PDF + PNG previews) in site/posters/.

Why a command of its own: the clerk prints on the first working day of the month, or reprints
after a late correction, without rebuilding the whole website; `--month` prepares next month's
issue ahead of time.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ._common import Abort, open_project, say

NAME = "posters"
HELP = "生成公开栏每月海报（可打印的 PDF 和每页 PNG 预览），输出到 site/posters/"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--board", action="append", default=None, metavar="编号",
                        help="只生成这个公开栏（可写多次）；默认生成 mkdocs.yml 里的全部公开栏")
    parser.add_argument("--month", default=None, metavar="YYYY-MM",
                        help="生成哪个月的海报，例如 2026-12；默认是「今天」所在的月份")
    parser.add_argument("--reprint", action="store_true",
                        help="月中重印本月海报：以今天为印制日期，每页标明「重印」和日期，另存为 "
                             "YYYY-MM-reprint-YYYYMMDD.pdf，月初印的那一版保留不动")
    parser.add_argument("--out", default=None, metavar="文件夹",
                        help="输出文件夹（默认：mkdocs.yml 的 site_dir，通常是 site/）")


def run(args: argparse.Namespace) -> int:
    project, now = open_project(args)  # Abort is reported by generator.cli.main
    config = project.config
    if not config.boards:
        raise Abort("mkdocs.yml 里没有定义公开栏（plugins → board → boards），没有海报可生成。")
    unknown = [b for b in (args.board or []) if b not in config.boards]
    if unknown:
        raise Abort(f"没有编号为「{'、'.join(unknown)}」的公开栏；可用的编号：{'、'.join(config.boards)}")
    from display.posters import MonthError, build_posters
    from display.posters.issue import Month
    from display.screens import default_cache_dir

    out_dir = Path(args.out) if args.out else project.root / config.site_dir
    this_month = f"{now.year}-{now.month:02d}"
    try:
        if args.reprint and args.month and Month.parse(args.month).key != this_month:
            raise Abort(f"--reprint 只能重印「今天」所在月份（{this_month}）的海报；"
                        f"要提前印 {args.month} 的海报，请去掉 --reprint")
        report = build_posters(project.items, config, now, out_dir, root=project.root,
                               cache_dir=default_cache_dir(project.root), month=args.month,
                               board_ids=args.board, reprint=args.reprint)
    except MonthError as exc:
        raise Abort(str(exc)) from None
    for warning in report.warnings:
        say(f"警告：{warning}")
    for line in report.summary_lines():
        print(line)
    return 0
