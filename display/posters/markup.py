"""An item's Markdown body as poster blocks: paragraphs, headings, list items and tables.

Why not `item.text`: the plain-text form is right for a screen, but on paper a table of
nominees flattened into one cell per line is unreadable, and a numbered list that loses its
numbers loses its meaning. This reads only the block structure an editor writes (headings,
`1.` and `-` lists, pipe tables, paragraphs); inline markup (bold, links) is removed by the
shared `markdown_to_text`, and pictures are left to the cards and the website.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from generator.plaintext import markdown_to_text

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_ORDERED = re.compile(r"^\s{0,3}(\d{1,3})[.)、]\s+(.*)$")
_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_IMAGE_ONLY = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_CJK_END = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]$")


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = "p"  # p | heading | item
    marker: str = ""  # "1." or "•" for list items


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Para | Table


def _inline(text: str) -> str:
    """Inline Markdown (bold, links, escapes) to plain text, on one line."""
    plain = markdown_to_text(text)
    return " ".join(part.strip() for part in plain.split("\n") if part.strip())


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [_inline(c.strip()) for c in re.split(r"(?<!\\)\|", inner)]


def _join(lines: list[str]) -> str:
    """Soft-wrapped lines of one paragraph: no space between Chinese lines, one between others."""
    out = ""
    for line in (l.strip() for l in lines):
        if not line:
            continue
        if out and not (_CJK_END.search(out) or re.match(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]", line)):
            out += " "
        out += line
    return out


def parse(body: str) -> list[Block]:
    """The body's blocks in order; empty paragraphs and picture-only lines are dropped."""
    lines = body.replace("\r\n", "\n").split("\n")
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            text = _inline(_join(para))
            if text:
                blocks.append(Para(text))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or _IMAGE_ONLY.match(line):
            flush()
            i += 1
            continue
        if "|" in line and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1]) and "|" in lines[i + 1]:
            flush()
            header = tuple(_cells(line))
            rows = []
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                cells = _cells(lines[i])
                cells = (cells + [""] * len(header))[: len(header)]
                rows.append(tuple(cells))
                i += 1
            blocks.append(Table(header, tuple(rows)))
            continue
        if m := _HEADING.match(line):
            flush()
            blocks.append(Para(_inline(m[1]), "heading"))
        elif m := _ORDERED.match(line):
            flush()
            blocks.append(Para(_inline(m[2]), "item", f"{m[1]}."))
        elif m := _BULLET.match(line):
            flush()
            blocks.append(Para(_inline(m[1]), "item", "•"))
        elif re.match(r"^(\s{2,}|\t)\S", line) and blocks and isinstance(blocks[-1], Para) \
                and blocks[-1].kind == "item" and not para:
            last = blocks.pop()  # a continuation line of a list item
            blocks.append(Para(_join([last.text, _inline(line)]), last.kind, last.marker))
        else:
            para.append(line)
        i += 1
    flush()
    return blocks
