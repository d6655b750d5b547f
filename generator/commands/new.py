"""`board new TYPE [--title 标题] [--date D]`: a new item file from the type's template.

Only mkdocs.yml is read (not the whole content folder), so a clerk can start a new notice even
while another file still has errors. The new file's path is the only thing on stdout, so
scripts and editors can open it; everything else goes to stderr.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..archetypes import (MAX_TITLE_CHARS, ArchetypeError, NewItem, apply_presets, archetype_path,
                          create_item_file, read_archetype, render, resolve_type, unfilled,
                          variables)
from ..config import ConfigError, load_site_config
from ..lifecycle import TodayError, resolve_now
from ..loader import find_config
from ..model import TYPES
from ..problems import ProblemList
from ..schema import Invalid, parse_moment
from ._common import print_problems, say

NAME = "new"
HELP = "按模板新建一条内容（通知、公示、财务公开……），输出新文件的路径"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    types = "、".join(f"{kind}（{label}）" for kind, label in TYPES.items())
    parser.add_argument("type", metavar="类型", help=f"内容类型：{types}；也可以写中文，如 通知、公示")
    parser.add_argument("--title", default="", metavar="标题",
                        help="标题；文件名由日期和标题组成（网址由文件名生成，以后改标题网址不变）")
    parser.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                        help="发布日期（默认今天），也可写 \"2026-12-01 09:00\"")


def run(args: argparse.Namespace) -> int:
    try:
        path, todo = _create(args)
    except ArchetypeError as exc:
        say(str(exc))
        return 2
    print(_shown(path))
    if todo:
        numbers = sorted({line for line, _, _ in todo})
        lines = "、".join(str(n) for n in numbers[:12]) + ("……" if len(numbers) > 12 else "")
        say(f"已创建。请打开这个文件，把 {len(todo)} 处【请填写：…】换成实际内容（第 {lines} 行），"
            "然后运行 board check 检查。")
    else:
        say("已创建。写好正文后运行 board check 检查。")
    return 0


def _create(args: argparse.Namespace) -> tuple[Path, list[tuple[int, str, str]]]:
    item_type = resolve_type(args.type)
    title = " ".join(args.title.split())  # one line, no stray spaces
    if len(title) > MAX_TITLE_CHARS:
        raise ArchetypeError(f"标题太长了（{len(title)} 字），最多 {MAX_TITLE_CHARS} 字")
    try:
        config_file = Path(args.config_file) if args.config_file else find_config(Path.cwd())
    except ConfigError as exc:
        raise ArchetypeError(str(exc)) from None
    problems = ProblemList()
    config = load_site_config(config_file, problems, config_file.resolve().parent)
    if config is None:
        print_problems(problems, "text", sys.stderr)
        raise ArchetypeError("mkdocs.yml 的配置有错误，请按上面的提示修改后再试。")
    try:
        if args.date:
            moment = parse_moment(args.date, config.tz)
            when, all_day = moment.value, moment.all_day
        else:
            when, all_day = resolve_now(args.today, config.tz), True
    except Invalid as exc:
        raise ArchetypeError(f"--date：{exc.message}") from None
    except TodayError as exc:
        raise ArchetypeError(str(exc)) from None
    new = NewItem(item_type, title, when, all_day)
    root = config_file.resolve().parent
    template_file = archetype_path(item_type, root)
    text = render(read_archetype(template_file), variables(new, config), _shown(template_file))
    text = apply_presets(text, args.type)
    path = create_item_file(root / config.content_dir, new, text)
    return path, unfilled(text)


def _shown(path: Path) -> str:
    """The path as the clerk would type it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel
