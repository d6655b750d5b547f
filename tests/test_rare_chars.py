"""Rare characters in names never block publishing (issue 13): fonts, check, slides, posters, site.

The vendored subsets cover CJK Unified Ideographs and Extension A (䶮 U+4DAE); Extensions B–F
(𠀀 U+20000, 𪚥 U+2A6A5) come from Debian's fonts-hanazono, which .ci/run installs.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from conftest import TinyProject
from display.fonts import pixel_spec, sans_spec
from display.rarefonts import WEB_FAMILY, rare_font_files
from generator.problems import Severity

needs_hanazono = pytest.mark.skipif(not rare_font_files(),
                                    reason="Debian's fonts-hanazono is not installed (.ci/run installs it)")
EXTENSIONS = {"B": (0x20000, 0x2A6DF), "C": (0x2A700, 0x2B73F), "D": (0x2B740, 0x2B81F),
              "E": (0x2B820, 0x2CEAF), "F": (0x2CEB0, 0x2EBEF)}
NOBODY_DRAWS = "\U00030000"  # 𰀀, CJK Extension G: in no font of the chain

GONGSHI = """\
---
type: gongshi
title: 优秀志愿者拟推荐人选公示：王䶮、李𠀀
date: 2026-11-24
start: 2026-11-24
days: 7
screens: [lobby, door]
boards: [notice]
objection:
  phone: 023-6388 1234
  address: 社区服务中心一楼居委会办公室
  receiver: 社区居务监督委员会
---

经居民推荐，拟推荐王䶮、李𠀀、张𪚥为2026年度优秀环保志愿者。
"""


def assigned(lo: int, hi: int) -> list[str]:
    return [chr(c) for c in range(lo, hi + 1) if unicodedata.name(chr(c), "")]


def test_vendored_fonts_cover_cjk_and_extension_a() -> None:
    """GB 18030-2022 level 1 hanzi without any system font: URO (to U+9FA5) and Ext A (to U+4DB5)."""
    sans, bold = sans_spec(rare=()).chains()
    pixel = pixel_spec(rare=()).chains()[0]
    wanted = assigned(0x4E00, 0x9FA5) + assigned(0x3400, 0x4DB5)
    assert len(wanted) == 20902 + 6582
    for chain in (sans, bold, pixel):
        assert not [c for c in wanted if not chain.covers(c)]
    assert pixel.face_index("䶮") == 0  # the door strip draws 䶮 with Unifont's own pixels
    assert not sans.covers("𪚥")  # Extension B is not vendored (see rarefonts.py)


@needs_hanazono
def test_the_chain_covers_extensions_b_to_f() -> None:
    sans = sans_spec(()).chains()[0]
    for name, (lo, hi) in EXTENSIONS.items():
        chars = assigned(lo, hi)
        missing = [c for c in chars if not sans.covers(c)]
        # Hanazono 2017 predates a handful of characters Unicode 13–14 added at the ends of B and C
        assert len(missing) <= 12, (name, len(chars), [f"U+{ord(c):X}" for c in missing])
    for char in "𠀀𪚥𠮷":
        assert sans.covers(char) and pixel_spec(()).chains()[0].covers(char)


def full_check(tiny: TinyProject):  # noqa: ANN201 - ProblemList
    """What `board check` reports (content checks and font coverage)."""
    from generator.commands._common import full_check as check
    from generator.lifecycle import resolve_now

    project = tiny.load()
    return check(project, resolve_now("2026-11-29", project.config.tz))


@needs_hanazono
def test_check_passes_rare_names_and_only_warns_for_what_no_font_draws(tiny: TinyProject) -> None:
    tiny.add_item("gongshi/2026-11-volunteers.md", GONGSHI)
    problems = full_check(tiny)
    assert not problems.errors, "\n".join(p.format() for p in problems.errors)
    assert not [p for p in problems if "没有任何字体" in p.message]
    tiny.add_item("gongshi/2026-11-volunteers.md", GONGSHI.replace("张𪚥", f"张{NOBODY_DRAWS}"))
    problems = full_check(tiny)
    assert not problems.errors
    (warning,) = [p for p in problems if "没有任何字体" in p.message]
    assert warning.severity is Severity.WARNING and "U+30000" in warning.message
    assert "照常发布" in warning.message and warning.line == 15


def _ink(chain, char: str, size: int) -> bytes:  # noqa: ANN001 - display.fonts.FontChain
    img = Image.new("L", (size * 2, size * 2), 0)
    from PIL import ImageDraw

    chain.draw(ImageDraw.Draw(img), (size // 2, size // 2), char, size, 255)
    return img.tobytes()


@needs_hanazono
def test_rare_glyphs_are_drawn_not_boxes() -> None:
    """Each rare character draws its own glyph, different from the box a missing one gets."""
    sans = sans_spec(()).chains()[0]
    pixel = pixel_spec(()).chains()[0]
    for chain, size in ((sans, 72), (pixel, 16)):
        box = _ink(chain, NOBODY_DRAWS, size)
        drawn = {c: _ink(chain, c, size) for c in "䶮𠀀𪚥"}
        assert all(ink != box and any(ink) for ink in drawn.values())
        assert len(set(drawn.values())) == 3


@needs_hanazono
@pytest.mark.slow
def test_slides_posters_and_site_carry_rare_names(tiny: TinyProject, site_of, browser, tmp_path: Path) -> None:  # noqa: ANN001
    from conftest import serve_folder

    tiny.add_item("gongshi/2026-11-volunteers.md", GONGSHI)
    site = site_of(tiny, rasters=True)
    root = site.dir
    lobby = root / "screens" / "lobby" / "playlist.json"
    import json

    for screen in ("lobby", "door"):
        data = json.loads((root / "screens" / screen / "playlist.json").read_text(encoding="utf-8"))
        assert any(f["item"] != "fallback" for f in data["frames"]), screen
    assert lobby.is_file() and list((root / "posters").rglob("*.pdf"))
    css = (root / "assets" / "board" / "rare.css").read_text(encoding="utf-8")
    ranges = " ".join(re.findall(r"unicode-range: ([^;]+);", css))
    for char in "䶮𠀀𪚥":
        assert f"U+{ord(char):X}" in ranges
    fonts = sorted((root / "assets" / "board").glob("rare-*.woff"))
    covered: set[int] = set()
    for path in fonts:
        font = TTFont(path)
        covered |= set(font.getBestCmap())
        assert font["name"].getDebugName(1) == WEB_FAMILY  # OFL: no Reserved Font Name kept
        assert path.stat().st_size < 50_000
    assert {ord(c) for c in "䶮𠀀𪚥"} <= covered
    assert (root / "assets" / "board" / "OFL-Hanazono.txt").is_file()
    page = next(p for p in root.rglob("index.html") if "拟推荐王䶮" in p.read_text(encoding="utf-8"))
    with serve_folder(root) as base:
        context = browser.new_context()
        try:
            pg = context.new_page()
            pg.goto(base + page.relative_to(root).as_posix())
            pg.wait_for_function("document.fonts.status == 'loaded'")
            loaded = pg.evaluate(f"""() => {{ const out = [];
                document.fonts.forEach(f => {{ if (f.family.replace(/"/g, '') == '{WEB_FAMILY}')
                    out.push(f.status); }}); return out; }}""")
            assert "loaded" in loaded, loaded
            pg.screenshot(path=str(tmp_path / "rare-page.png"), full_page=False)
        finally:
            context.close()
