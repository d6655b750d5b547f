"""Stable ASCII URLs from file paths: shareable in a QQ or WeChat group, unchanged by a new title.

`content/notices/2026-11-停水通知.md` → `notices/2026-11-ting-shui-tong-zhi/`.
"""
from __future__ import annotations

import re
import unicodedata

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                     *(f"lpt{i}" for i in range(10))}


def slugify(segment: str) -> str:
    """One path segment as lowercase ASCII words joined by `-` (Chinese as pinyin)."""
    if segment.isascii():  # most file names: no need to load pypinyin's dictionaries (0.25 s)
        text = segment
    else:
        from pypinyin import Style, lazy_pinyin

        text = "-".join(lazy_pinyin(segment, style=Style.NORMAL, errors="default"))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    text = re.sub(r"-{2,}", "-", text)
    if not text:
        text = "item"
    if text in _WINDOWS_RESERVED:
        text += "-item"
    return text[:80].rstrip("-")


def url_for(source: str) -> str:
    """`notices/2026-11-停水通知.md` → `notices/2026-11-ting-shui-tong-zhi/`."""
    parts = source.removesuffix(".md").split("/")
    return "/".join(slugify(p) for p in parts) + "/"
