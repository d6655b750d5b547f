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


def markdown_to_text(body: str) -> str:
    """Paragraphs separated by one blank line; list items on their own lines."""
    return html_to_text(markdown.markdown(body, extensions=["tables"]))


def html_to_text(rendered: str) -> str:
    """The same plain text from HTML already rendered (the site's pages: no second Markdown pass)."""
    rendered = _SCRIPT.sub("", rendered)
    rendered = _BREAK.sub("\n", rendered)
    rendered = _CELL_END.sub("  ", rendered)
    rendered = _BLOCK_END.sub("\n\n", rendered)
    text = html.unescape(_TAG.sub("", rendered))
    paragraphs = [re.sub(r"[ \t]*\n[ \t]*", "\n", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)
