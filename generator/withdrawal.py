"""Withdrawing an item (撤回): find it, mark its file, and say what else must follow.

The mark is three front-matter lines (`withdrawn: true`, `withdrawn_reason`, `withdrawn_at`)
added just before the closing `---`, in the file's own line endings and encoding, so the file
stays the editor's: nothing else in it changes. The lifecycle then keeps the item off every
current list, screen and board, and its page shows only the title and the reason.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .atomic import write_atomic
from .lifecycle import active_between, day_start
from .loader import Project
from .model import Item
from .periods import period_of
from .urls import url_for
from .yamlsrc import split_front_matter

MARK_FIELDS = ("withdrawn", "withdrawn_reason", "withdrawn_at")
SCREEN_WINDOW_DAYS = 8  # a screen's playlist looks a week ahead (display.screens.LOOKAHEAD_DAYS + 1)


class WithdrawError(Exception):
    """The item cannot be withdrawn as asked; the message says why, in Chinese."""


@dataclass(frozen=True)
class Target:
    """The file to withdraw; `item` is None when the file does not load (e.g. a leaked number)."""

    source: str  # relative to the content folder
    title: str
    item: Item | None


def find_item(project: Project, wanted: str) -> Target:
    """The item named by a path (content/notices/x.md), an id, a site URL or part of its title.

    Files that fail `board check` count too: the usual reason to withdraw in a hurry is an
    error such as a resident's ID number, which also keeps the file from loading.
    """
    key = wanted.strip().replace("\\", "/")
    content = project.config.content_dir.rstrip("/") + "/"
    bare = key.removeprefix("./").removeprefix(content)
    every = {item.source: item for item in project.items}
    for path in sorted(project.content_dir.rglob("*.md")):
        source = path.relative_to(project.content_dir).as_posix()
        if source not in every:
            title = _raw_title(path)
            if title is not None:
                every[source] = Target(source, title, None)  # type: ignore[assignment]
    targets = [t if isinstance(t, Target) else Target(t.source, t.title, t) for t in every.values()]
    for target in targets:
        if bare in (target.source, target.source.removesuffix(".md")):
            return target
    path = re.sub(r"^https?://[^/]+", "", key).strip("/") + "/"
    for target in targets:
        if url_for(target.source) == path.lstrip("/"):
            return target
    matches = [t for t in targets if key and key in t.title]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "\n".join(f"  {content}{t.source}  《{t.title}》" for t in matches[:10])
        raise WithdrawError(f"标题里含有「{wanted}」的内容有 {len(matches)} 条，请写出要撤回的那个文件：\n{listed}")
    raise WithdrawError(f"找不到「{wanted}」。请写内容文件的路径（如 {content}notices/2026-11-29-停水通知.md）、"
                        "网址或标题中的几个字。")


def _raw_title(path: Path) -> str | None:
    """The `title:` of a file that does not load, read as text (None: not an item file)."""
    try:
        fm = split_front_matter(path.read_text(encoding="utf-8-sig", errors="replace"))
    except OSError:
        return None
    if fm.yaml_text is None:
        return None
    match = re.search(r"^title\s*[:：]\s*(.+?)\s*$", fm.yaml_text, re.MULTILINE)
    return match.group(1).strip("'\"") if match else path.stem


def mark_withdrawn(path: Path, reason: str, at: datetime) -> None:
    """Add the withdrawal lines to the file's front matter (replacing earlier ones), atomically."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    fm = split_front_matter(text)
    if fm.yaml_text is None or fm.unclosed:
        raise WithdrawError(f"{path.name} 的开头没有完整的信息区（--- 之间的部分），无法标记撤回；请先用 board check 检查")
    lines = text.splitlines(keepends=True)
    closing = fm.body_first_line - 2  # 0-based index of the closing ---
    head = [line for line in lines[1:closing] if not _is_mark(line)]
    mark = [f"withdrawn: true{newline}",
            f"withdrawn_reason: {json.dumps(reason, ensure_ascii=False)}{newline}",
            f"withdrawn_at: {at:%Y-%m-%d %H:%M}{newline}"]
    if head and not head[-1].endswith(("\n", "\r")):
        head[-1] += newline
    new = "".join([lines[0], *head, *mark, *lines[closing:]])
    write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8"))


def _is_mark(line: str) -> bool:
    return re.match(r"(withdrawn|withdrawn_reason|withdrawn_at)\s*[:：]", line) is not None


@dataclass(frozen=True)
class FollowUp:
    """Where the withdrawn item was still showing, and what to run so it goes away there too."""

    screens: tuple[str, ...]  # lines, one per screen
    posters: tuple[str, ...]  # lines, one per board issue


def follow_up(project: Project, item: Item, now: datetime) -> FollowUp:
    """Screens whose playlists (a week ahead) and boards whose current issue carry the item."""
    config = project.config
    screens = []
    until = day_start(now.date() + timedelta(days=SCREEN_WINDOW_DAYS), now.tzinfo)  # type: ignore[arg-type]
    for screen_id in item.screens:
        screen = config.screens.get(screen_id)
        if screen is None or not active_between(item, now, until, config.display_days):
            continue
        how = (f"运行 board push {screen_id} 推送到屏幕" if screen.target
               else f"网站发布后屏幕一分钟内自动换上新内容；用 U 盘导入的屏幕请运行 board export {screen_id} 再导入")
        screens.append(f"{screen_id}（{screen.name}）：{how}")
    posters = []
    month = period_of(now.date(), "month")
    start = day_start(month.first_day, now.tzinfo)  # type: ignore[arg-type]
    end = day_start(month.end_day, now.tzinfo)  # type: ignore[arg-type]
    for board_id in item.boards:
        board = config.boards.get(board_id)
        if board is None or not active_between(item, start, end, config.display_days):
            continue
        posters.append(f"{board_id}（{board.name}）{month.label}海报：运行 board posters --board {board_id} "
                       f"--month {now:%Y-%m}，打印后替换张贴的那一期（共 {board.copies} 份）")
    return FollowUp(tuple(screens), tuple(posters))
