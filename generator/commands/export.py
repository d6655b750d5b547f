"""`board export SCREEN --to DIR`: one day's rotation as files for a USB stick or vendor software."""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ._common import open_project, require_no_errors, say, screen_of

NAME = "export"
HELP = "把一块屏幕某一天的画面导出到文件夹（U 盘、厂商播放软件）：编号图片、GIF/WebP 动画、MP4 视频、BMP 和说明"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("screen", metavar="屏幕编号", help="mkdocs.yml 里 screens 下的编号，例如 door")
    parser.add_argument("--to", required=True, metavar="文件夹",
                        help="导出到这个文件夹（空文件夹，或以前导出过的文件夹）")
    parser.add_argument("--format", action="append", metavar="格式", dest="formats",
                        help="只导出这些格式：png、bmp、gif、webp、mp4（可写多次或用逗号分开，例如 --format mp4）；"
                             "不写时导出这块屏幕的控制卡可能用到的全部格式（全彩屏含 MP4，单色/双色屏含 BMP）")


def run(args: argparse.Namespace) -> int:
    project, now = open_project(args)
    from display.export import ExportError, build_screen_bundle, check_formats, export_screen

    from ..progress import Progress

    screen = screen_of(project, args.screen)
    require_no_errors(project, now, "没有导出。请按上面的提示修改后再试。")
    folder = Path(args.to).expanduser()
    formats = [f.strip().lower() for text in (args.formats or []) for f in text.replace("，", ",").split(",")
               if f.strip()]
    try:
        formats = list(check_formats(screen, formats)) if formats else []
    except ExportError as exc:
        say(f"没有导出：{exc}")
        return 2
    with tempfile.TemporaryDirectory(prefix="board-export-") as tmp:
        with Progress(f"绘制 {screen.name} 的画面", unit="张") as progress:
            bundle = build_screen_bundle(project, now, screen.id, Path(tmp), progress)
        try:
            with Progress(f"导出到 {folder}", unit="个文件") as progress:
                result = export_screen(bundle, screen, now.date(), folder,
                                       community=project.config.community, progress=progress,
                                       formats=formats or None,
                                       cache_dir=project.root / ".cache" / "board")
        except ExportError as exc:
            say(f"没有导出：{exc}")
            return 2
        except OSError as exc:
            say(f"写入 {folder} 失败：{exc.strerror or exc}。请检查 U 盘是否插好、是否有写入权限。")
            return 2
    what = "默认画面" if result.fallback else f"{len(result.frames)} 帧"
    print(f"已导出 {screen.name}（{screen.id}）{now.date().isoformat()} 的 {what} 到 {folder}")
    print(f"  文件：{len(result.files)} 个；说明见 {folder / 'README.txt'}")
    if result.removed:
        print(f"  已删除上次导出留下、这次用不到的文件 {len(result.removed)} 个")
    return 0
