"""`board push SCREEN`: send the screen's bundle to its `target`, atomically; `--rollback` undoes."""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ._common import open_project, require_no_errors, say, screen_of

NAME = "push"
HELP = "把屏幕的播放页、播放列表和画面推送到屏幕设备（mkdocs.yml 里的 target），可回退到上一版"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("screen", metavar="屏幕编号", help="mkdocs.yml 里 screens 下的编号，例如 lobby")
    parser.add_argument("--rollback", action="store_true", help="不推送新内容，切回上一次推送的版本")
    parser.add_argument("--to", default=None, metavar="目标",
                        help="临时改用这个目标（文件夹或 sftp://用户@地址[:端口]/路径），不读 target")
    parser.add_argument("--limit", type=float, default=None, metavar="KB/s",
                        help="限制上传速度（千字节每秒），避免占满店面或办公室的网络")


def run(args: argparse.Namespace) -> int:
    project, now = open_project(args)
    from display.export import build_screen_bundle
    from display.push import PushError, open_target, push_bundle, rollback

    from ..progress import Progress

    screen = screen_of(project, args.screen)
    target = args.to or screen.target
    if not target:
        say(f"屏幕 {screen.name}（{screen.id}）没有设置推送目标。请在 mkdocs.yml 的 screens → "
            f"{screen.id} 下加一行 target: 文件夹路径 或 sftp://用户名@地址/路径。")
        return 2
    if not args.rollback:
        require_no_errors(project, now, "没有推送；屏幕继续播放原来的内容。")
    try:
        transport = open_target(target, project.root)
    except PushError as exc:
        say(f"没有推送：{exc}")
        return 2
    try:
        if args.rollback:
            result = rollback(screen, transport)
            print(f"已把 {screen.name} 切回上一版 {result.version}（{transport.label}）")
            return 0
        with tempfile.TemporaryDirectory(prefix="board-push-") as tmp:
            with Progress(f"绘制 {screen.name} 的画面", unit="张") as progress:
                bundle = build_screen_bundle(project, now, screen.id, Path(tmp), progress)
            with Progress(f"上传到 {transport.label}", unit="个文件") as progress:
                result = push_bundle(bundle, screen, transport, progress=progress,
                                     limit_kbps=args.limit)
    except PushError as exc:
        say(f"没有推送：{exc}")
        return 2
    except OSError as exc:
        say(f"推送到 {transport.label} 时出错：{exc}。屏幕继续播放原来的内容；再运行一次会接着上传。")
        return 2
    finally:
        transport.close()
    if result.unchanged:
        print(f"{screen.name} 已经是最新内容（版本 {result.version}），无需推送")
    else:
        print(f"已推送 {screen.name}：版本 {result.version}，上传 {result.uploaded} 个文件，"
              f"沿用 {result.skipped} 个 → {transport.label}")
        if result.previous:
            print(f"  上一版 {result.previous} 已保留；如需撤回：board push {screen.id} --rollback")
    return 0
