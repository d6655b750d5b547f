"""URLs from file names: the ASCII fast path gives exactly what pypinyin gives."""
from __future__ import annotations

import re
import string
import subprocess
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from generator.urls import _WINDOWS_RESERVED, slugify, url_for


def _through_pypinyin(segment: str) -> str:
    """slugify as it was before the fast path: every segment through pypinyin."""
    text = "-".join(lazy_pinyin(segment, style=Style.NORMAL, errors="default"))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    text = re.sub(r"-{2,}", "-", text) or "item"
    text = text + "-item" if text in _WINDOWS_RESERVED else text
    return text[:80].rstrip("-")


@settings(max_examples=500)
@given(st.text(alphabet=string.printable, max_size=40))
def test_ascii_segments_slug_as_through_pypinyin(segment: str) -> None:
    assert slugify(segment) == _through_pypinyin(segment)


def test_chinese_segments_still_become_pinyin() -> None:
    assert url_for("notices/2026-11-停水通知.md") == "notices/2026-11-ting-shui-tong-zhi/"
    assert url_for("notices/2026-11-26-00123.md") == "notices/2026-11-26-00123/"
    assert slugify("Con") == "con-item"


def test_ascii_names_do_not_load_the_pinyin_dictionaries() -> None:
    code = ("import sys; from generator.urls import url_for; url_for('notices/2026-11-a.md'); "
            "print('pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
