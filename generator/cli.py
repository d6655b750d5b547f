"""The `board` command: one entry point, one module per subcommand in `generator/commands/`.

Each command module defines NAME, HELP, `add_arguments(parser)` and `run(args) -> int`.
Exit codes: 0 fine, 1 content problems, 2 usage or configuration errors.
"""
from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = ["check", "build", "serve", "next_change", "new", "publish", "withdraw", "slides", "posters", "export",
            "push"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default is English and exits 2
        self.print_usage(sys.stderr)
        print(f"{self.prog}: 参数错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="board", description="社区公开栏：检查内容，生成网站、LED 屏幕画面和公开栏海报。")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name in COMMANDS:
        module = importlib.import_module(f"generator.commands.{name}")
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        command.add_argument("-f", "--config-file", default=None, metavar="mkdocs.yml",
                             help="配置文件（默认：当前或上级文件夹里的 mkdocs.yml）")
        command.add_argument("--today", default=None, metavar="YYYY-MM-DD",
                             help="把「今天」设为指定日期（也可用环境变量 BOARD_TODAY），用于预览和测试")
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # Windows consoles: never crash on Chinese text
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    from .commands._common import Abort

    try:
        return int(args.run(args))
    except Abort as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
