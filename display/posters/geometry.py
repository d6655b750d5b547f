"""Paper geometry for printed posters: millimetres in, exact pixels and points out.

Why a module of its own: every other part of the poster pipeline (composition, QR sizing, the
PDF page box, the tests) must agree to the pixel on where the trim, the bleed and the safe area
are. Everything here is pure arithmetic on a `Board`'s paper, so it is table-tested.

Conventions: the canvas is the trimmed paper plus `bleed` millimetres on every edge; `trim` is
the finished sheet inside it; `safe` is `trim` shrunk by the safe margin (never less than
10 mm, because office printers cannot print to the edge and posters get pinned at the corners).
"""
from __future__ import annotations

from dataclasses import dataclass

DPI = 300
MM_PER_INCH = 25.4
PT_PER_INCH = 72
SAFE_MARGIN_MM = 12.0  # comfortably above the 10 mm minimum
MIN_SAFE_MARGIN_MM = 10.0
CROP_MARK_MM = 5.0  # length of a crop mark, drawn in the bleed area outside the trim
PAPERS_MM: dict[str, tuple[int, int]] = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594)}


def mm_to_px(mm: float, dpi: int = DPI) -> int:
    """Millimetres to whole device pixels (rounded half up, so 210 mm → 2480 px at 300 dpi)."""
    return int(mm * dpi / MM_PER_INCH + 0.5)


def px_to_mm(px: float, dpi: int = DPI) -> float:
    return px * MM_PER_INCH / dpi


def mm_to_pt(mm: float) -> float:
    """Millimetres to PDF points (1/72 inch)."""
    return mm * PT_PER_INCH / MM_PER_INCH


def pt_to_px(pt: float, dpi: int = DPI) -> int:
    """Typographic points to pixels: a 12 pt body at 300 dpi is 50 px."""
    return int(pt * dpi / PT_PER_INCH + 0.5)


@dataclass(frozen=True)
class Box:
    """An axis-aligned pixel rectangle; right and bottom are exclusive."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    def inset(self, dx: int, dy: int | None = None) -> "Box":
        dy = dx if dy is None else dy
        return Box(self.left + dx, self.top + dy, self.right - dx, self.bottom - dy)

    def contains(self, other: "Box") -> bool:
        return (self.left <= other.left and self.top <= other.top
                and other.right <= self.right and other.bottom <= self.bottom)

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.left, self.top, self.right, self.bottom)


@dataclass(frozen=True)
class Sheet:
    """One poster page's geometry at a given resolution."""

    paper: str  # A4 | A3 | A2
    orientation: str  # portrait | landscape
    bleed_mm: float = 0.0
    safe_mm: float = SAFE_MARGIN_MM
    dpi: int = DPI

    def __post_init__(self) -> None:
        if self.paper not in PAPERS_MM:
            raise ValueError(f"unknown paper {self.paper!r}")
        if self.orientation not in ("portrait", "landscape"):
            raise ValueError(f"unknown orientation {self.orientation!r}")
        if self.safe_mm < MIN_SAFE_MARGIN_MM:
            raise ValueError("the safe margin must be at least 10 mm")

    @classmethod
    def for_board(cls, board: object, dpi: int = DPI) -> "Sheet":
        """From a `generator.config.Board` (duck-typed so geometry stays import-free)."""
        return cls(paper=getattr(board, "paper"), orientation=getattr(board, "orientation", "portrait"),
                   bleed_mm=float(getattr(board, "bleed", 0.0) or 0.0), dpi=dpi)

    @property
    def trim_mm(self) -> tuple[float, float]:
        """Finished sheet size in millimetres, width first, after orientation."""
        w, h = PAPERS_MM[self.paper]
        return (float(h), float(w)) if self.orientation == "landscape" else (float(w), float(h))

    @property
    def media_mm(self) -> tuple[float, float]:
        """The whole canvas: trim plus bleed on each edge."""
        w, h = self.trim_mm
        return (w + 2 * self.bleed_mm, h + 2 * self.bleed_mm)

    @property
    def size_px(self) -> tuple[int, int]:
        """Canvas size in pixels; the trim is exact (A4 portrait: 2480×3508)."""
        w, h = self.trim_mm
        b = self.bleed_px
        return (mm_to_px(w, self.dpi) + 2 * b, mm_to_px(h, self.dpi) + 2 * b)

    @property
    def size_pt(self) -> tuple[float, float]:
        """PDF page size (MediaBox) in points: the canvas, trim plus bleed."""
        w, h = self.media_mm
        return (mm_to_pt(w), mm_to_pt(h))

    @property
    def trim_size_pt(self) -> tuple[float, float]:
        w, h = self.trim_mm
        return (mm_to_pt(w), mm_to_pt(h))

    @property
    def bleed_px(self) -> int:
        return mm_to_px(self.bleed_mm, self.dpi) if self.bleed_mm else 0

    @property
    def trim(self) -> Box:
        w, h = self.trim_mm
        b = self.bleed_px
        return Box(b, b, b + mm_to_px(w, self.dpi), b + mm_to_px(h, self.dpi))

    @property
    def safe(self) -> Box:
        return self.trim.inset(mm_to_px(self.safe_mm, self.dpi))

    @property
    def scale(self) -> float:
        """Linear size relative to A4 (A3 ≈ 1.41, A2 = 2): type and QR modules grow with it.

        The short side decides, so a landscape A4 keeps A4's type size.
        """
        return min(self.trim_mm) / PAPERS_MM["A4"][0]

    def pt(self, points: float) -> int:
        """A type size given for A4, in pixels on this sheet (scaled with the paper)."""
        return pt_to_px(points * self.scale, self.dpi)

    def mm(self, millimetres: float, *, scaled: bool = False) -> int:
        return mm_to_px(millimetres * (self.scale if scaled else 1.0), self.dpi)

    def crop_marks(self) -> list[tuple[int, int, int, int]]:
        """Line segments (x0, y0, x1, y1) for crop marks, entirely inside the bleed.

        Marks stop 1 mm short of the trim corner so nothing dark lands on the finished sheet;
        with no bleed there is nowhere to draw them and the list is empty.
        """
        if not self.bleed_px:
            return []
        t = self.trim
        gap = mm_to_px(1.0, self.dpi) if self.bleed_mm > 1.0 else 0
        outer = 0
        inner_h = t.left - gap  # horizontal marks end here on the left
        marks: list[tuple[int, int, int, int]] = []
        for x in (t.left, t.right - 1):
            marks.append((x, outer, x, t.top - gap - 1))  # above
            marks.append((x, t.bottom + gap, x, self.size_px[1] - 1))  # below
        for y in (t.top, t.bottom - 1):
            marks.append((outer, y, inner_h - 1, y))  # left
            marks.append((t.right + gap, y, self.size_px[0] - 1, y))  # right
        return [m for m in marks if m[0] <= m[2] and m[1] <= m[3]]
