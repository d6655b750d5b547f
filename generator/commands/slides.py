"""`board slides`: render the screens' frames and playlists into site/screens/<id>/."""
from __future__ import annotations

import argparse

from ._common import open_project, say

NAME = "slides"
HELP = "生成屏幕画面和播放列表（site/screens/<屏幕编号>/），未改动的画面直接沿用缓存"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--screen", action="append", default=None, metavar="编号",
                        help="只生成这块屏幕（可重复；默认：mkdocs.yml 里的全部屏幕）")
    parser.add_argument("--out", default=None, metavar="文件夹",
                        help="输出文件夹（默认：mkdocs.yml 的 site_dir，通常是 site/）")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help="并行绘制的进程数（默认：CPU 核数，最多 4）")


def run(args: argparse.Namespace) -> int:
    project, now = open_project(args)
    from pathlib import Path

    from display.screens import build_screens, default_cache_dir

    from ..progress import Progress

    config = project.config
    if not config.screens:
        say("mkdocs.yml 里没有定义屏幕（plugins → board → screens），没有需要生成的画面。")
        return 0
    unknown = [s for s in (args.screen or []) if s not in config.screens]
    if unknown:
        say(f"没有编号为「{'、'.join(unknown)}」的屏幕；可用的屏幕：{'、'.join(config.screens)}")
        return 2
    out_dir = Path(args.out) if args.out else project.root / config.site_dir
    done: dict[str, int] = {}
    with Progress("绘制屏幕画面", unit="张") as progress:
        def report(screen_id: str, count: int, total: int) -> None:
            progress.total = sum(done.values()) - done.get(screen_id, 0) + total
            progress.advance(config.screens[screen_id].name, count - done.get(screen_id, 0))
            done[screen_id] = count

        result = build_screens(project.items, config, now, out_dir / "screens", root=project.root,
                               cache_dir=default_cache_dir(project.root),
                               screen_ids=args.screen, workers=args.jobs, progress=report)
    for line in result.lines():
        print(line)
    for warning in loop_warnings(result, config):
        say(f"警告：{warning}")
    return 0


def loop_warnings(result, config) -> list[str]:  # noqa: ANN001 - ScreensReport, SiteConfig
    """Screens whose written playlist loops longer than their `max_loop_minutes`."""
    import json

    from display.rotation import playlist_loop

    out = []
    for screen_report in result.screens:
        screen = config.screens[screen_report.id]
        playlist = json.loads(screen_report.playlist.read_text(encoding="utf-8"))
        loop = playlist_loop(playlist, share=screen.urgent_share, limit_minutes=screen.max_loop_minutes)
        if loop.too_long:
            out.append(loop.message())
    return out
