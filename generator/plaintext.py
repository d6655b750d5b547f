"""Markdown bodies as plain text, for screens and posters that cannot show HTML."""
from __future__ import annotations

import html
import re

import markdown

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|tr|blockquote|pre|table|div)>", re.I)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_CELL_END = re.compile(r"</t[dh]>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_LIST_TAG = re.compile(r"<(/?)(ol|ul)\b([^>]*)>|<li\b[^>]*>(\s*<p>)?", re.I)
_START = re.compile(r"""\bstart\s*=\s*["']?(\d+)""", re.I)


def _number_items(rendered: str) -> str:
    """Put each ordered-list item's number back in front of its text (「5. 加强…」).

    Why: the HTML numbers `<ol>` items when displayed; once tags are stripped for a screen the
    numbers are gone, and a list that says 「第5条」 elsewhere loses its meaning.
    """
    stack: list[list[int] | None] = []  # a counter per open <ol>, None for <ul>

    def sub(m: re.Match[str]) -> str:
        closing, kind, attrs = m.group(1), (m.group(2) or "").lower(), m.group(3) or ""
        if kind:
            if closing:
                if stack:
                    stack.pop()
            else:
                start = _START.search(attrs)
                stack.append([int(start.group(1)) if start else 1] if kind == "ol" else None)
            return m.group(0)
        if stack and stack[-1] is not None:
            counter = stack[-1]
            number = counter[0]
            counter[0] += 1
            return f"{m.group(0)}{number}. "
        return m.group(0)

    return _LIST_TAG.sub(sub, rendered)


def markdown_to_text(body: str) -> str:
    """Paragraphs separated by one blank line; list items on their own lines, ordered ones
    with their numbers."""
    # sane_lists: a list the editor starts at 5 keeps its 5 (the `start` attribute), and a
    # bullet list after a numbered one is not numbered with it
    return html_to_text(_number_items(markdown.markdown(body, extensions=["tables", "sane_lists"])))


def html_to_text(rendered: str) -> str:
    """The same plain text from HTML already rendered (the site's pages: no second Markdown pass)."""
    rendered = _SCRIPT.sub("", rendered)
    rendered = _BREAK.sub("\n", rendered)
    rendered = _CELL_END.sub("  ", rendered)
    rendered = _BLOCK_END.sub("\n\n", rendered)
    text = html.unescape(_TAG.sub("", rendered))
    paragraphs = [re.sub(r"[ \t]*\n[ \t]*", "\n", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)
