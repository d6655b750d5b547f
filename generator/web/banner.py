"""The problems banner of `board serve`: what `board check` says, on every preview page.

A clerk who saves a broken file in Notepad looks at the browser, not at the terminal; the
preview shows the same file:line messages as `board check` until the file is fixed. Only the
preview (`board serve`) shows it: a published site never carries a banner.

Styles are inline so the banner also shows on pages outside the theme (/preview/).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..problems import Problem
from .fmt import e

SHOWN = 30  # more than this is a wall of text; the rest are counted
BANNER_ID = "board-problems"

_BOX = ("margin:0;padding:.8em 1.2em;font-size:18px;line-height:1.6;font-family:sans-serif;"
        "position:relative;z-index:10;border-bottom:3px solid {border};background:{bg};color:{fg}")
_LIST = "margin:.4em 0 0;padding-left:1.4em;font-family:monospace,sans-serif;font-size:16px"


def problems_banner(problems: Sequence[Problem]) -> str:
    """The banner HTML, or "" when there is nothing to say."""
    errors = sorted(p for p in problems if p.severity.value == "error")
    warnings = sorted(p for p in problems if p.severity.value == "warning")
    if not errors and not warnings:
        return ""
    if errors:
        style = _BOX.format(border="#b71c1c", bg="#fdecea", fg="#7f0000")
        head = (f"<strong>内容检查发现 {len(errors)} 个错误</strong>"
                f"{f'、{len(warnings)} 个警告' if warnings else ''}。有错误的内容暂时不显示，"
                "按提示改好并保存后，本页会自动刷新；全部改好以后才能发布。")
        body = _items(errors)
        extra = _details(f"另有 {len(warnings)} 个警告", warnings) if warnings else ""
        return (f'<div id="{BANNER_ID}" role="alert" data-errors="{len(errors)}" style="{style}">'
                f"<p style=\"margin:0\">{head}</p>{body}{extra}</div>")
    style = _BOX.format(border="#8a5a00", bg="#fff8e1", fg="#4a3000")
    return (f'<div id="{BANNER_ID}" role="status" data-errors="0" style="{style}">'
            f"{_details(f'内容检查：没有错误，有 {len(warnings)} 个警告（点此查看）', warnings)}</div>")


def _items(problems: Sequence[Problem]) -> str:
    shown = "".join(f"<li>{e(p.format())}</li>" for p in problems[:SHOWN])
    more = f"<li>……还有 {len(problems) - SHOWN} 条，运行 board check 查看全部</li>" if len(problems) > SHOWN else ""
    return f'<ul style="{_LIST}">{shown}{more}</ul>'


def _details(summary: str, problems: Sequence[Problem]) -> str:
    return f'<details><summary style="cursor:pointer">{e(summary)}</summary>{_items(problems)}</details>'


_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def with_banner(page_html: str, banner: str) -> str:
    """The page with the banner as the first thing in its body (unchanged when there is none)."""
    if not banner:
        return page_html
    match = _BODY_OPEN.search(page_html)
    if match is None:
        return banner + page_html
    return page_html[:match.end()] + banner + page_html[match.end():]


def broken_item_html(source: str, problems: Sequence[Problem]) -> str:
    """What the preview shows at a broken item's address instead of "404": its own errors."""
    mine = [p for p in problems if p.path.endswith("/" + source) or p.path == source]
    return (f'<h1>这条内容有错误，暂时无法显示</h1><p>文件 <code>{e(source)}</code> 有下面的问题。'
            "按提示改好并保存后，本页会自动显示这条内容。</p>" + _items(sorted(mine)))
