"""Fonts: the vendored faces, and a chain that picks, per character, the first face that has it.

Why: Pillow has no font fallback (a missing glyph becomes a box), CJK faces put their ink well
below the drawing origin (Noto's em box starts 0.28 em down), and pixel fonts must be drawn at
their native size or an integer multiple, without anti-aliasing. Everything that measures or
draws text (slides, posters) goes through `FontChain`, so measuring and drawing always agree.

Sizes are pixels everywhere: 16 for a door-strip LED, 72 for a lobby screen, 150 for A4 at 300 dpi.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from generator.memo import known_digest

FONT_DIR = Path(__file__).resolve().parent.parent / "theme" / "fonts"
SANS = FONT_DIR / "NotoSansCJKsc-Regular-subset.otf"
SANS_BOLD = FONT_DIR / "NotoSansCJKsc-Bold-subset.otf"
PIXEL = FONT_DIR / "unifont-subset.otf"
PIXEL_SIZE = 16  # GNU Unifont's native cell height; draw it only at multiples of this

_NO_GLYPH_NEEDED = frozenset("\n\r\t\u200b\u200c\u200d\u2060\ufeff"
                             + "".join(chr(c) for c in range(0xFE00, 0xFE10)))  # variation selectors


@dataclass(frozen=True)
class FaceMetrics:
    """Vertical metrics in em units, read from the font, so boxes can be placed exactly."""

    em_top: float  # distance from Pillow's drawing origin down to the top of the em box
    ascent: float  # baseline below the origin (hhea ascent)


class Face:
    """One font file: its coverage (cmap), metrics and Pillow fonts per pixel size."""

    def __init__(self, path: Path, index: int = 0) -> None:
        self.path = Path(path)
        self.index = index
        font = self._open()
        upm = font["head"].unitsPerEm
        hhea, os2 = font["hhea"], font.get("OS/2")
        typo_ascender = os2.sTypoAscender if os2 is not None else hhea.ascent
        self.metrics = FaceMetrics(em_top=(hhea.ascent - typo_ascender) / upm, ascent=hhea.ascent / upm)
        self.pixel = "unifont" in self.path.name.lower()  # bitmap-style outlines: native size only
        font.close()
        self._sizes: dict[int, ImageFont.FreeTypeFont] = {}

    def _open(self) -> TTFont:
        if self.path.suffix.lower() in (".ttc", ".otc"):
            return TTFont(self.path, fontNumber=self.index, lazy=True)
        return TTFont(self.path, lazy=True)

    @cached_property
    def cmap(self) -> frozenset[int]:
        """Code points with a glyph. Read on first use: the Extension B–F fallback (60,000
        entries, seconds to parse) is only asked about characters the faces before it lack."""
        return _read_cmap(str(self.path), self.index, _stamp(self.path))

    def has(self, char: str) -> bool:
        return ord(char) in self.cmap

    def at(self, size: int) -> ImageFont.FreeTypeFont:
        """The Pillow font at `size` px (basic layout: advances are additive, no shaping)."""
        font = self._sizes.get(size)
        if font is None:
            font = ImageFont.truetype(str(self.path), size, index=self.index,
                                      layout_engine=ImageFont.Layout.BASIC)
            self._sizes[size] = font
        return font

    def __repr__(self) -> str:
        return f"Face({self.path.name})"


@dataclass
class FontChain:
    """Faces tried in order for every character; the first that has a glyph draws it.

    Measurement is per character (advances add up exactly because the vendored subsets carry no
    kerning), which lets the line breaker measure in O(n) and the drawer place each run where the
    breaker expected it.
    """

    faces: list[Face]
    _advance: dict[tuple[int, str], float] = field(default_factory=dict, repr=False)
    _ink: dict[tuple[int, str], tuple[float, float] | None] = field(default_factory=dict, repr=False)
    _face_of: dict[str, int] = field(default_factory=dict, repr=False)
    _squeeze: dict[tuple[int, str], bool] = field(default_factory=dict, repr=False)
    _ink_x: dict[tuple[int, str], tuple[float, float] | None] = field(default_factory=dict, repr=False)

    @classmethod
    def from_paths(cls, paths: Sequence[Path]) -> FontChain:
        return cls([Face(p) for p in paths])

    @cached_property
    def identity(self) -> tuple[tuple[str, int, tuple[int, int]], ...]:
        """The faces' files and their state (mtime, size): two chains with the same
        identity measure alike (one built by a forked worker, say), so layouts memoised for
        one serve the other (`display.layout.fit`); a replaced font file changes it."""
        return tuple((str(face.path), face.index, _stamp(face.path)) for face in self.faces)

    # --- coverage --------------------------------------------------------------------------

    def face_index(self, char: str) -> int:
        """Index of the face that draws `char`; -1 when none has it."""
        found = self._face_of.get(char)
        if found is None:
            found = next((i for i, face in enumerate(self.faces) if face.has(char)), -1)
            self._face_of[char] = found
        return found

    def covers(self, char: str) -> bool:
        return char in _NO_GLYPH_NEEDED or self.face_index(char) >= 0

    def missing(self, text: str) -> set[str]:
        """Characters of `text` that no face can draw (they would show as boxes)."""
        return {c for c in set(text) if not self.covers(c)}

    def runs(self, text: str) -> Iterator[tuple[int, str]]:
        """(face index, run) pieces of `text`; uncovered characters go to the first face."""
        start, current = 0, None
        for i, char in enumerate(text):
            face = max(self.face_index(char), 0) if char != " " else (current if current is not None else 0)
            if current is None:
                current = face
            elif face != current:
                yield current, text[start:i]
                start, current = i, face
        if current is not None:
            yield current, text[start:]

    # --- measuring -------------------------------------------------------------------------

    def advance(self, char: str, size: int) -> float:
        key = (size, char)
        value = self._advance.get(key)
        if value is None:
            value = self.faces[max(self.face_index(char), 0)].at(size).getlength(char)
            self._advance[key] = value
        return value

    def width(self, text: str, size: int) -> float:
        return sum(self.advance(c, size) for c in text)

    def em_top(self, face_index: int, size: int) -> float:
        return self.faces[face_index].metrics.em_top * size

    def ink(self, char: str, size: int) -> tuple[float, float] | None:
        """Vertical ink extent of `char` relative to the top of its em box (None: blank)."""
        key = (size, char)
        if key not in self._ink:
            index = max(self.face_index(char), 0)
            left, top, right, bottom = self.faces[index].at(size).getbbox(char)
            blank = char.isspace() or bottom <= top
            offset = self.em_top(index, size)
            self._ink[key] = None if blank else (top - offset, bottom - offset)
        return self._ink[key]

    def ink_x(self, char: str, size: int) -> tuple[float, float] | None:
        """Horizontal extent (left, right) of `char`'s ink joined with its advance box, relative
        to its pen position (None: blank). Latin glyphs may poke out of their advance (`f`, `K`
        to the right, `j` to the left)."""
        key = (size, char)
        if key not in self._ink_x:
            font = self.faces[max(self.face_index(char), 0)].at(size)
            left, top, right, bottom = font.getbbox(char)
            blank = char.isspace() or right <= left or bottom <= top
            self._ink_x[key] = None if blank else (float(left), float(right))
        return self._ink_x[key]

    def squeezable(self, char: str, size: int) -> bool:
        """May `char` lose half its em? Only if its ink keeps to the other half (Noto's ，。 sit
        left, （ right; Unifont centres them, so squeezing would overlap its neighbour)."""
        key = (size, char)
        ok = self._squeeze.get(key)
        if ok is None:
            from .linebreak import SQUEEZE_CLOSE, SQUEEZE_OPEN

            ok = False
            if (char in SQUEEZE_CLOSE or char in SQUEEZE_OPEN) and self.advance(char, size) >= size * 0.9:
                font = self.faces[max(self.face_index(char), 0)].at(size)
                left, right = _ink_x(font, char, size)
                ok = right <= size / 2 + 1 if char in SQUEEZE_CLOSE else left >= size / 2 - 1
            self._squeeze[key] = ok
        return ok

    def ink_extent(self, text: str, size: int) -> tuple[float, float]:
        """(top, bottom) of the ink of a line relative to its em box top; (0, size) if blank."""
        spans = [s for s in (self.ink(c, size) for c in text) if s is not None]
        if not spans:
            return (0.0, float(size))
        return (min(s[0] for s in spans), max(s[1] for s in spans))

    # --- drawing ---------------------------------------------------------------------------

    def draw(self, draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int,
             fill: object) -> float:
        """Draw `text` with its em box top-left at `xy`; returns the x after the last advance."""
        x, y = xy
        for index, run in self.runs(text):
            font = self.faces[index].at(size)
            if run.strip():
                draw.text((x, y - self.em_top(index, size)), run, font=font, fill=fill)
            x += sum(self.advance(c, size) for c in run)
        return x

    @property
    def pixel(self) -> bool:
        return bool(self.faces) and self.faces[0].pixel

    def digest(self) -> str:
        """sha256 over the faces' bytes, for render-cache keys: a changed font re-renders.
        (Each file hashed once per process while its size and times stay: fonts are megabytes.)"""
        h = hashlib.sha256()
        for face in self.faces:
            h.update(face.path.name.encode())
            h.update(bytes.fromhex(known_digest(face.path) or ""))
        return h.hexdigest()


def _stamp(path: Path) -> tuple[int, int]:
    """(mtime, size) of a font file: part of the process caches' keys, so a replaced font is
    read again (`board serve` lives for hours)."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read_cmap(path: str, index: int, stamp: tuple[int, int]) -> frozenset[int]:
    """A face's code points, parsed once per process (and inherited by forked render workers).

    Why a process cache: parsing a CJK face's cmap with fontTools costs 0.1–0.4 s (seconds for
    the Extension B–F fallback), and every render batch, check and poster used to parse them
    again. The set is plain data, so sharing it across a fork is safe; `stamp` keys it to the
    file's state."""
    if Path(path).suffix.lower() in (".ttc", ".otc"):
        font = TTFont(path, fontNumber=index, lazy=True)
    else:
        font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@lru_cache(maxsize=16)
def _chains(spec: "FontSpec", pid: int, stamps: tuple[tuple[int, int], ...]
            ) -> tuple["FontChain", "FontChain"]:
    """The chains of `spec` in this process (`pid`: a forked worker builds its own, never
    sharing FreeType handles with its parent); their measurement memos then serve every job."""
    regular = FontChain.from_paths([Path(p) for p in spec.regular])
    bold = FontChain.from_paths([Path(p) for p in spec.bold])
    return regular, bold


def _ink_x(font: ImageFont.FreeTypeFont, char: str, size: int) -> tuple[int, int]:
    """Horizontal ink extent (left, right) of `char` drawn with its pen at x = 0."""
    img = Image.new("L", (size * 3, size * 3), 0)
    ImageDraw.Draw(img).text((size, size), char, font=font, fill=255)
    box = img.getbbox()
    return (0, 0) if box is None else (box[0] - size, box[2] - size)


@dataclass(frozen=True)
class FontSpec:
    """The font files (paths) of a chain: picklable, so render workers can rebuild the chain."""

    regular: tuple[str, ...]
    bold: tuple[str, ...]

    def chains(self) -> tuple[FontChain, FontChain]:
        """(regular, bold), built once per process and font state: a chain only memoises
        measurements of immutable files, so every renderer in the process may share it."""
        paths = dict.fromkeys([*self.regular, *self.bold])
        return _chains(self, os.getpid(), tuple(_stamp(Path(p)) for p in paths))

    def preload(self) -> None:
        """Parse the coverage of the faces every text needs (up to the first vendored face)
        before a render pool forks, so that workers inherit it instead of each parsing it.
        Faces after that one (the rare-character fallback) stay lazy: most texts never ask."""
        for names in (self.regular, self.bold):
            for name in names:
                path = Path(name)
                _read_cmap(str(path), 0, _stamp(path))
                if path.parent == FONT_DIR:
                    break


def configured_fonts(fonts: Sequence[str], root: Path) -> list[Path]:
    """Font files named in mkdocs.yml `fonts` (relative to the project root), in order.

    Missing files are left out here (`board check` reports them), so a typo cannot stop a build.
    """
    paths = [(root / f).resolve() if not Path(f).is_absolute() else Path(f) for f in fonts]
    return [p for p in paths if p.is_file()]


def sans_spec(fonts: Sequence[str] = (), root: Path | None = None,
              rare: Sequence[Path] | None = None) -> FontSpec:
    """Full-colour text: the community's fonts first (if any), the vendored Noto subsets (CJK
    URO and Extension A), then the Extension B–F fallback (`rarefonts`, Hanazono when installed;
    `rare` overrides the search)."""
    from .rarefonts import rare_font_files

    own = [str(p) for p in configured_fonts(fonts, root or Path.cwd())]
    tail = [str(p) for p in (rare_font_files() if rare is None else rare)]
    return FontSpec(regular=tuple(own + [str(SANS)] + tail),
                    bold=tuple(own + [str(SANS_BOLD), str(SANS)] + tail))


def pixel_spec(fonts: Sequence[str] = (), root: Path | None = None,
               rare: Sequence[Path] | None = None) -> FontSpec:
    """Single-colour LED text: Unifont first (pixel-exact at 16 px, CJK URO and Extension A),
    then the sans chain, whose outlines are drawn at the pixel size where Unifont has no glyph."""
    sans = sans_spec(fonts, root, rare)
    chain = (str(PIXEL),) + sans.regular
    return FontSpec(regular=chain, bold=chain)
