"""`board serve`: the live preview (mkdocs serve with the board plugin)."""
from __future__ import annotations

import argparse
import os

from ._common import open_project, say

NAME = "serve"
HELP = "本地预览：修改内容后浏览器自动刷新"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:端口",
                        help="预览地址（默认 127.0.0.1:8000）")


def run(args: argparse.Namespace) -> int:
    project, _now = open_project(args)
    from ..incremental import quiet_dirty_warning
    from ..preview_server import serve

    if args.today:
        os.environ["BOARD_TODAY"] = args.today
    say(f"预览地址：http://{args.dev_addr}/  （按 Ctrl+C 停止）")
    # rebuilds happen in place and only pages whose inputs changed are rendered again
    # (generator.incremental); the resident process keeps jieba and the templates' code warm
    with quiet_dirty_warning():
        serve(project.config_file, dev_addr=args.dev_addr)
    return 0
