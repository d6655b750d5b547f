"""`board build`: check, then build the site, the screens' slides and the boards' posters."""
from __future__ import annotations

import argparse
import calendar
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import BuildLocked, build_lock, staged_output
from ._common import open_project, require_no_errors, say, show_warnings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

NAME = "build"
HELP = "检查内容后生成网站（site/）、屏幕画面（site/screens/）和海报（site/posters/）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="有警告也停止（mkdocs --strict）")


class _BuildLog(logging.Filter):
    """The plugin's own lines (what was generated, in Chinese) and MkDocs' warnings and errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or record.name.startswith("mkdocs.plugins.board")


def _show_build_log() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_BuildLog())
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)


def build_staged(config: "MkDocsConfig") -> None:
    """Build into a fresh folder and swap it in (generator.atomic), reusing unchanged pages.

    Unchanged pages are linked from the previous site (generator.incremental), which needs
    MkDocs' dirty mode: a page is read and rendered only when it says it changed.
    """
    from mkdocs.commands.build import build

    from ..incremental import quiet_dirty_warning

    site_dir = Path(config["site_dir"])
    board = config.plugins.get("board")
    with build_lock(site_dir), staged_output(site_dir) as staging:
        config["site_dir"] = str(staging)
        if board is not None:
            board.previous_site = site_dir.absolute()
        try:
            with quiet_dirty_warning():
                build(config, dirty=board is not None)
        finally:
            config["site_dir"] = str(site_dir)


def run(args: argparse.Namespace) -> int:
    project, now = open_project(args)
    show_warnings(require_no_errors(project, now, "没有生成网站；上次生成的 site/ 保持不变。"))
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ["BOARD_TODAY"] = now.isoformat()
    # MkDocs stamps the sitemap's <lastmod> and the .gz header with the build date: make it the
    # build's "today" (in the configured time zone), so a rebuild for the same day is identical
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(calendar.timegm(now.date().timetuple())))
    _show_build_log()
    config = load_config(str(project.config_file), strict=args.strict)
    logging.getLogger("jieba").setLevel(logging.WARNING)  # imported by search: dictionary chatter
    board = config.plugins.get("board")
    if board is not None:
        board.preloaded = project  # already loaded and checked: don't read content/ twice
    site_dir = Path(config["site_dir"])
    try:
        build_staged(config)
    except BuildLocked as exc:
        say(str(exc))
        return 2
    except MkDocsException as exc:
        say(f"生成失败：{exc}。上次生成的 {site_dir.name}/ 保持不变。")
        return 1
    say(f"已生成 {site_dir}")
    return 0
