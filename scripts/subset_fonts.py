"""Rebuild the vendored fonts in theme/fonts/ from Debian's packages, reproducibly.

Why: every machine must draw the same pixels, and the repository must stay lean. We subset
Noto Sans CJK SC (Regular, Bold; fonts-noto-cjk) and GNU Unifont (fonts-unifont) to the
characters a Chinese residents' committee writes: GBK (which covers residents' names outside
GB 2312, e.g. 堃 喆 玥 珺), CJK punctuation, ASCII, full-width forms, common symbols, plus the
supplementary-plane hanzi Noto SC draws (e.g. 𠮷, 𬱖 from the 通用规范汉字表), and every hanzi of
the CJK Unified Ideographs block and Extension A that the face has: GB 18030-2022 implementation
level 1 needs them, and names use them (䶮 U+4DAE). Extensions B–F (about 60,000 glyphs, 50 MB
as outlines) are not vendored: `display/rarefonts.py` draws them from Hanazono (fonts-hanazono)
and the website gets a subset of just the characters it shows.

Usage: .venv/bin/python scripts/subset_fonts.py [--out theme/fonts]
Both fonts are under the SIL Open Font License 1.1 (theme/fonts/OFL.txt); Noto CJK's Reserved
Font Name is "Source", which the subsets do not use.
"""
from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
UNIFONT = Path("/usr/share/fonts/opentype/unifont/unifont.otf")
NOTO_SC_INDEX = 2  # face index of "Noto Sans CJK SC" in Debian's NotoSansCJK-*.ttc

RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (°, ×, ÷, ·)
    (0x2000, 0x206F),  # general punctuation (—, …, ‘’, “”, ‰)
    (0x2100, 0x214F),  # letterlike (℃, №, ℉)
    (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ Ⅲ)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x25FF),  # box drawing, geometric shapes (■ □ ● ○ ▲ ★ is below)
    (0x2600, 0x26FF),  # misc symbols (★ ☆ ☎)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x32FF),  # enclosed CJK (㈠)
    (0x3300, 0x33FF),  # CJK compatibility (㎡ ㎏)
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x3400, 0x4DBF),  # CJK Extension A (GB 18030-2022 level 1; names such as 䶮)
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs, all of it (GBK stops at U+9FA5)
)


def gbk_chars() -> set[int]:
    """Every character GBK can encode (two-byte codes 0x81-0xFE × 0x40-0xFE)."""
    out: set[int] = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                text = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            if len(text) == 1 and not 0xE000 <= ord(text) <= 0xF8FF:  # skip private use
                out.add(ord(text))
    return out


def wanted(font_cmap: dict[int, str], *, supplementary: bool) -> list[int]:
    codes = gbk_chars()
    for lo, hi in RANGES:
        codes.update(range(lo, hi + 1))
    if supplementary:  # hanzi outside the BMP that this face draws (names, 通用规范汉字表)
        codes.update(c for c in font_cmap if c > 0xFFFF)
    return sorted(c for c in codes if c in font_cmap)


def subset_font(src: Path, dst: Path, *, font_number: int = -1, supplementary: bool) -> int:
    kw = {"fontNumber": font_number} if font_number >= 0 else {}
    font = TTFont(src, recalcTimestamp=False, **kw)
    codes = wanted(font.getBestCmap(), supplementary=supplementary)
    options = subset.Options()
    options.layout_features = []  # we lay out ourselves; no GSUB/GPOS closure (locl etc.)
    options.name_IDs = ["*"]  # keep copyright and licence strings
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = True
    options.desubroutinize = False  # subroutines keep the CFF small
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    font.save(dst)  # recalcTimestamp=False above: same input, same bytes
    return len(codes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "theme" / "fonts")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    jobs = [
        (NOTO_DIR / "NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular-subset.otf", NOTO_SC_INDEX, True),
        (NOTO_DIR / "NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold-subset.otf", NOTO_SC_INDEX, True),
        (UNIFONT, "unifont-subset.otf", -1, False),
    ]
    for src, name, number, supplementary in jobs:
        dst = args.out / name
        count = subset_font(src, dst, font_number=number, supplementary=supplementary)
        digest = hashlib.sha256(dst.read_bytes()).hexdigest()[:16]
        print(f"{dst.name}: {count} characters, {dst.stat().st_size / 1e6:.2f} MB, sha256 {digest}…")


if __name__ == "__main__":
    main()
