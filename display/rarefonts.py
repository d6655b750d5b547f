"""Rare hanzi in names (CJK Extensions B–F): where their glyphs come from, on rasters and the web.

Why: a resident's legal name may use a character outside the common fonts (䶮 U+4DAE in
Extension A, 𠀀 U+20000 and 𪚥 U+2A6A5 in Extension B); a name cannot be changed, so it must
never block publishing. The vendored subsets in theme/fonts carry all of CJK Unified Ideographs
and Extension A (GB 18030-2022 implementation level 1). Extensions B–F are about 60,000 glyphs,
some 50 MB as outlines, too heavy for the repository, so they come from Hanazono (HanaMinA/B,
GlyphWiki; SIL OFL 1.1 or the Hanazono Font License; Debian's fonts-hanazono, which .ci/run
installs):

- slides, posters and cards draw from the installed files directly (only pixels are published);
- the website gets a subset holding just the rare characters its pages show (a few KB), declared
  with `unicode-range`, so a browser downloads it only on a page that needs it and the glyph
  shows on phones and old PCs whose system fonts stop at Extension A.

Under the OFL a modified font must not keep its Reserved Font Names ("Hanazono Font", "HanaMinA",
"HanaMinB"…), so web subsets are renamed "Board Rare Han".
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

RARE_FONT_ENV = "BOARD_RARE_FONTS"  # os.pathsep-separated font files, replacing the search below
RARE_FONT_NAMES = ("HanaMinA.ttf", "HanaMinB.ttf")  # tried in this order: A holds the BMP part
RARE_FONT_DIRS = (
    "/usr/share/fonts/truetype/hanazono",  # Debian / Ubuntu fonts-hanazono
    "/usr/share/fonts/hanazono",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "~/Library/Fonts",
    "/Library/Fonts",
    "%LOCALAPPDATA%/Microsoft/Windows/Fonts",
    "%WINDIR%/Fonts",
)
WEB_FAMILY = "Board Rare Han"
WEB_CSS = "rare.css"  # site/assets/board/rare.css, linked from every page by theme/main.html
WEB_DIR = ("assets", "board")
LICENCE = "OFL-Hanazono.txt"


def rare_font_files(env: dict[str, str] | None = None) -> tuple[Path, ...]:
    """The Extension B–F fallback files on this machine ($BOARD_RARE_FONTS, else a search)."""
    env = dict(os.environ) if env is None else env
    listed = env.get(RARE_FONT_ENV)
    if listed is not None:
        return tuple(Path(p).expanduser() for p in listed.split(os.pathsep) if p and Path(p).expanduser().is_file())
    found: list[Path] = []
    for name in RARE_FONT_NAMES:
        for folder in RARE_FONT_DIRS:
            path = Path(os.path.expandvars(folder)).expanduser() / name
            if "%" not in str(path) and path.is_file():
                found.append(path)
                break
    return tuple(found)


def is_rare(char: str) -> bool:
    """Hanzi that common system fonts (YaHei, PingFang, Noto SC) may lack: Ext A, URO beyond
    GBK, compatibility ideographs and everything on planes 2 and 3."""
    code = ord(char)
    return (0x3400 <= code <= 0x4DBF or 0x9FA6 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF)


_TAG = re.compile(r"<[^>]*>")
# the same ranges as `is_rare`, for scanning whole pages in C rather than char by char
_RARE = re.compile("[\u3400-\u4dbf\u9fa6-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def site_rare_chars(site_dir: Path, cache_dir: Path | None = None) -> set[str]:
    """Rare characters in the text of the site's pages (tags and attributes skipped).

    Most pages have none: one regex search decides, and only those pages lose their tags. With
    a `cache_dir`, a page kept from the previous build (the same file: inode, size and time) is
    not read again: an incremental build links thousands of them.
    """
    from generator.memo import Memo

    memo = Memo(cache_dir / "rare-chars.json", "1") if cache_dir is not None else None
    chars: set[str] = set()
    for rel, path in _html_files(site_dir):
        try:
            st = os.stat(path)
            key = f"{rel}|{st.st_ino}|{st.st_size}|{st.st_mtime_ns}"
            found = memo.get(key) if memo is not None else None
            if found is None:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                found = "".join(sorted(set(_RARE.findall(_TAG.sub(" ", text))))) if _RARE.search(text) else ""
                if memo is not None:
                    memo.put(key, found)
        except (OSError, UnicodeDecodeError):
            continue
        chars.update(found)
    if memo is not None:
        memo.save()
    return chars


def _html_files(site_dir: Path) -> Iterator[tuple[str, str]]:
    """(path relative to the site as posix, path) of every .html file: plain `os` calls, a site
    has thousands of folders and this runs on every `board serve` rebuild."""
    top = os.fspath(site_dir)
    for folder, _dirs, names in os.walk(top):
        rel = os.path.relpath(folder, top).replace(os.sep, "/")
        for name in names:
            if name.endswith(".html"):
                yield (name if rel == "." else f"{rel}/{name}"), os.path.join(folder, name)


def _by_face(chars: Iterable[str], paths: Sequence[Path]) -> tuple[dict[Path, list[str]], list[str]]:
    """Each character under the first font file that has it; the characters no file has."""
    from .fonts import Face

    faces = [Face(p) for p in paths]
    groups: dict[Path, list[str]] = {}
    missing: list[str] = []
    for char in sorted(chars):
        face = next((f for f in faces if f.has(char)), None)
        if face is None:
            missing.append(char)
        else:
            groups.setdefault(face.path, []).append(char)
    return groups, missing


def _subset_woff(src: Path, chars: Sequence[str], dst: Path) -> None:
    """A WOFF (zlib; no brotli needed) with just `chars`, renamed (OFL Reserved Font Names)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(src, lazy=True, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []
    options.notdef_outline = True
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, licence text and URL
    options.drop_tables += ["FFTM", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16, 21):
            names.setName(WEB_FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 6, 20):
            names.setName("BoardRareHan", record.nameID, record.platformID, record.platEncID, record.langID)
    font.flavor = "woff"
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix(".tmp")
    font.save(tmp)
    os.replace(tmp, dst)


def _unicode_range(chars: Sequence[str]) -> str:
    return ", ".join(f"U+{ord(c):X}" for c in chars)


def write_web_fonts(site_dir: Path, font_paths: Sequence[Path], cache_dir: Path | None = None) -> list[str]:
    """Write site/assets/board/rare.css (+ one WOFF per source font) for the site's rare characters.

    `font_paths` is the sans chain in order (the community's own `fonts`, the vendored Noto
    subset, then Hanazono), so the website shows a character with the glyph the slides use.
    Subsets are cached by source file and characters. Returns the characters no font has.
    """
    out = site_dir.joinpath(*WEB_DIR)
    out.mkdir(parents=True, exist_ok=True)
    chars = site_rare_chars(site_dir, cache_dir)
    for old in [*out.glob("rare-*.woff"), out / LICENCE]:
        old.unlink(missing_ok=True)
    groups, missing = _by_face(chars, font_paths) if chars else ({}, [])
    rules = [f"/* {WEB_FAMILY}: rare hanzi on this site ({len(chars)}), subset at build time. */"]
    for src, group in groups.items():
        stat = src.stat()
        key = hashlib.sha256(f"{src.name}|{stat.st_size}|{int(stat.st_mtime)}|{''.join(group)}".encode()).hexdigest()[:16]
        name = f"rare-{key}.woff"
        cached = cache_dir / "webfonts" / name if cache_dir is not None else None
        if cached is not None and cached.is_file():
            shutil.copyfile(cached, out / name)
        else:
            _subset_woff(src, group, out / name)
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(out / name, cached)
        rules.append(f'@font-face {{ font-family: "{WEB_FAMILY}"; src: url("{name}") format("woff"); '
                     f"font-display: swap; unicode-range: {_unicode_range(group)}; }}")
        licence = _licence_for(src)
        if licence is not None:
            shutil.copyfile(licence, out / licence.name)
    (out / WEB_CSS).write_text("\n".join(rules) + "\n", encoding="utf-8")
    return missing


def _licence_for(src: Path) -> Path | None:
    """The OFL text that must travel with a font we redistribute (subsets of Hanazono or Noto)."""
    here = Path(__file__).resolve().parent.parent / "theme" / "fonts"
    if src.name.lower().startswith("hanamin"):
        return here / LICENCE
    return here / "OFL.txt" if (here / "OFL.txt").is_file() else None


def site_web_fonts(site_dir: Path, fonts: Sequence[str], root: Path, cache_dir: Path | None) -> list[str]:
    """`write_web_fonts` with the regular sans chain of the slides (own fonts, Noto, Hanazono)."""
    from .fonts import sans_spec

    return write_web_fonts(site_dir, [Path(p) for p in sans_spec(fonts, root).regular], cache_dir)
