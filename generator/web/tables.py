"""Tables an editor writes in Markdown read as cards on a phone, like the generated ones.

A table whose column headings are in <thead> gets class `board-stack`, and every body cell a
`data-label` with its column's heading; board.css shows each row as a card of labelled lines
below 600 px instead of a table wider than the screen. Tables without a header row are left
alone (they wrap their text instead).
"""
from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.S | re.I)
_HEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S | re.I)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S | re.I)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S | re.I)
_CELL = re.compile(r"<td\b", re.I)
_TAGS = re.compile(r"<[^>]+>")


def label_tables(body_html: str) -> str:
    """`body_html` with each headed table stacked on phones (see the module docstring)."""
    return _TABLE.sub(_label_table, body_html)


def _label_table(match: re.Match[str]) -> str:
    attrs, inner = match.group(1), match.group(2)
    head = _HEAD.search(inner)
    if head is None or "data-label" in inner:
        return match.group(0)
    labels = [html.escape(html.unescape(_TAGS.sub("", cell)).strip(), quote=True)
              for cell in _HEAD_CELL.findall(head.group(1))]
    before, after = inner[:head.end()], inner[head.end():]

    def row(m: re.Match[str]) -> str:
        names = iter(labels)
        cells = _CELL.sub(lambda _c: f'<td data-label="{next(names, "")}"', m.group(2))
        return m.group(1) + cells + m.group(3)

    if 'class="' in attrs:
        attrs = attrs.replace('class="', 'class="board-stack ', 1)
    else:
        attrs += ' class="board-stack"'
    return f"<table{attrs}>{before}{_ROW.sub(row, after)}</table>"
