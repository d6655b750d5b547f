"""Fit text into a box: the largest allowed size that fits, else pages at the smallest size.

Why: a slide or poster must never shrink text below what can be read from where people stand,
never clip a glyph, and never drop a character. So sizes come from the caller's legibility rule
(a list of allowed pixel sizes, largest first); when even the smallest does not fit, the text is
split into pages (the caller marks them 1/3, 2/3, …) instead of shrinking further.

All units are pixels and the box is arbitrary, so the same code lays out a 192×64 LED strip at
16 px, a 1080p lobby screen at 72 px and an A4 poster at 300 dpi.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import ImageDraw

from .fonts import FontChain
from .linebreak import Line, squeeze_plan, wrap
from .pagebreak import paginate_text


SENTENCE_PAGES = 30  # up to this many pages, page ends are chosen at sentence ends


class LayoutError(ValueError):
    """The box cannot hold even one line at the smallest allowed size."""


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def inset(self, left: int, top: int | None = None, right: int | None = None,
              bottom: int | None = None) -> Box:
        top = left if top is None else top
        right = left if right is None else right
        bottom = top if bottom is None else bottom
        return Box(self.x + left, self.y + top, self.w - left - right, self.h - top - bottom)


@dataclass(frozen=True)
class Spacing:
    """Line box height and paragraph gap, in ems of the text size."""

    line_height: float = 1.4
    paragraph_gap: float = 0.4

    def line_px(self, size: int) -> int:
        return max(size, round(size * self.line_height))

    def gap_px(self, size: int) -> int:
        return round(size * self.paragraph_gap)


@dataclass(frozen=True)
class Page:
    """One page of laid-out text: what to draw, at which size, and its place in the sequence."""

    size: int
    lines: tuple[Line, ...]
    spacing: Spacing
    number: int = 1
    count: int = 1

    @property
    def marker(self) -> str:
        """`2/3` for the second of three pages; empty when there is only one."""
        return f"{self.number}/{self.count}" if self.count > 1 else ""


@dataclass(frozen=True)
class Fit:
    size: int
    pages: tuple[Page, ...]

    @property
    def paginated(self) -> bool:
        return len(self.pages) > 1


def measure(chain: FontChain, size: int):  # noqa: ANN201 - a Measure callable
    return lambda char: chain.advance(char, size)


def squeezable(chain: FontChain, size: int):  # noqa: ANN201 - a Squeezable callable
    return lambda char: chain.squeezable(char, size)


def lines_for(text: str, chain: FontChain, size: int, width: int, *, names: Sequence[str] = (),
              balance: bool = False) -> list[Line]:
    """`text` wrapped so that every line's ink, not just its advances, fits in `width`.

    Latin glyphs may poke a few px out of their advance (`f`, `K`, `/` to the right, `j` to the
    left); when a line's ink would leave the box, the text is wrapped again a little narrower.
    `names` stay unbroken; `balance` evens out a title's lines (see `display.linebreak.wrap`).
    """
    target = float(width)
    opts = {"names": tuple(names), "balance": balance}
    lines = wrap(text, target, measure(chain, size), float(size), squeezable(chain, size), **opts)
    for _ in range(4):
        excess = max((line_width(line, chain, size) - width for line in lines), default=0.0)
        if excess <= 0.5 or target - math.ceil(excess) < size:
            break
        target -= math.ceil(excess)
        lines = wrap(text, target, measure(chain, size), float(size), squeezable(chain, size), **opts)
    return lines


def _positions(lines: Sequence[Line], chain: FontChain, size: int,
               spacing: Spacing) -> tuple[list[int], int]:
    """Top of each line's box relative to the page top, and the page's height including any ink
    that pokes out of the first or last line box (so nothing is ever clipped)."""
    line_px, gap = spacing.line_px(size), spacing.gap_px(size)
    pad = (line_px - size) // 2
    tops: list[int] = []
    y = 0
    for index, line in enumerate(lines):
        if index and line.paragraph_start:
            y += gap
        tops.append(y)
        y += line_px
    if not lines:
        return tops, 0
    first_top, _ = chain.ink_extent(lines[0].text, size)
    _, last_bottom = chain.ink_extent(lines[-1].text, size)
    above = max(0, math.ceil(-(pad + first_top)))
    below = max(0, math.ceil(pad + last_bottom - line_px))
    return [t + above for t in tops], y + above + below


def paginate(lines: Sequence[Line], chain: FontChain, size: int, height: int,
             spacing: Spacing, *, first_height: int | None = None) -> list[tuple[Line, ...]]:
    """Pages of whole lines, each no taller than `height` (the first: `first_height`, which may
    be too small for any line: the first page then stays empty). As few pages as greedy filling
    gives, with the lines spread evenly over them."""
    greedy = _paginate(lines, chain, size, height, spacing, first_height, None)
    if len(greedy) < 2:
        return greedy
    # balance: the same number of pages with lines spread evenly (no one-line last page)
    cap = math.ceil(len(lines) / len(greedy))
    balanced = _paginate(lines, chain, size, height, spacing, first_height, cap)
    return balanced if len(balanced) == len(greedy) else greedy


def _paginate(lines: Sequence[Line], chain: FontChain, size: int, height: int, spacing: Spacing,
              first_height: int | None, cap: int | None) -> list[tuple[Line, ...]]:
    pages: list[tuple[Line, ...]] = []
    current: list[Line] = []
    limit = height if first_height is None else first_height
    for line in lines:
        candidate = current + [line]
        if (cap is None or len(candidate) <= cap) and _positions(candidate, chain, size, spacing)[1] <= limit:
            current = candidate
            continue
        if not current and not (first_height is not None and not pages and limit < height):
            raise LayoutError(f"a {size}px line does not fit in {height}px")
        pages.append(tuple(current))
        current, limit = [line], height
        if _positions(current, chain, size, spacing)[1] > height:
            raise LayoutError(f"a {size}px line does not fit in {height}px")
    if current:
        pages.append(tuple(current))
    return pages


def fit(text: str, chain: FontChain, width: int, height: int, sizes: Sequence[int],
        spacing: Spacing = Spacing(), *, max_lines: int | None = None,
        first_height: int | None = None, names: Sequence[str] = (), balance: bool = False) -> Fit:
    """Largest size in `sizes` at which `text` fits in one page (of at most `max_lines` lines);
    otherwise the smallest size, split into pages. Sizes are tried largest first.

    `first_height` gives the first page less room (a slide whose first page also shows facts).
    Pages end at paragraph or sentence ends where the text allows (`display.pagebreak`).
    The result is remembered in this process (`_remembered_fit`).
    """
    return _remembered_fit(_FitArgs(chain.identity, text, width, height, tuple(sizes), spacing,
                                    max_lines, first_height, tuple(names), balance, chain))


@dataclass(frozen=True)
class _FitArgs:
    """Everything a fit depends on: the faces (files and their state, `FontChain.identity`)
    stand for the chain, which is carried along only to measure with."""

    faces: tuple[object, ...]
    text: str
    width: int
    height: int
    sizes: tuple[int, ...]
    spacing: Spacing
    max_lines: int | None
    first_height: int | None
    names: tuple[str, ...]
    balance: bool
    chain: FontChain = field(compare=False, hash=False, repr=False)


@lru_cache(maxsize=4096)
def _remembered_fit(args: _FitArgs) -> Fit:
    """A fit laid out once per process: the same text is fitted again and again on one build's
    way. `board check` lays out every slide to count its frames and the long-text check fits the
    same bodies; the background drawing (display.prerender, forked after the check) inherits
    these layouts instead of repeating them; a 公示's slide is drawn for each day of the week's
    lookahead with the same body; every page of a slide fits its title again. Layouts are
    immutable (frozen pages of frozen lines), so sharing them is safe."""
    return _fit_text(args.text, args.chain, args.width, args.height, args.sizes, args.spacing,
                     max_lines=args.max_lines, first_height=args.first_height, names=args.names,
                     balance=args.balance)


def _fit_text(text: str, chain: FontChain, width: int, height: int, sizes: Sequence[int],
              spacing: Spacing, *, max_lines: int | None, first_height: int | None,
              names: Sequence[str], balance: bool) -> Fit:
    ordered = sorted(set(sizes), reverse=True)
    if not ordered:
        raise ValueError("no allowed sizes")
    for size in ordered:
        lines = lines_for(text, chain, size, width, names=names, balance=balance)
        if max_lines is not None and len(lines) > max_lines and size != ordered[-1]:
            continue
        try:
            pages = paginate(lines, chain, size, height, spacing, first_height=first_height)
        except LayoutError:
            if size == ordered[-1]:
                raise
            continue
        if len(pages) <= 1 or size == ordered[-1]:
            if len(pages) > 1:
                pages = _sentence_pages(text, chain, size, width, height, spacing, first_height,
                                        names, balance, pages)
            return _fit(size, pages, spacing)
    raise AssertionError("unreachable")


def _sentence_pages(text: str, chain: FontChain, size: int, width: int, height: int,
                    spacing: Spacing, first_height: int | None, names: Sequence[str],
                    balance: bool, greedy: list[tuple[Line, ...]]) -> list[tuple[Line, ...]]:
    """The same text in no more pages than `greedy`, ending them at sentence ends.

    Past SENTENCE_PAGES pages (a body nobody reads on a screen to the end) the choice costs
    more than it gives: the greedy pages stay.
    """
    if len(greedy) > SENTENCE_PAGES:
        return greedy
    lead: list[tuple[Line, ...]] = []
    if greedy and not greedy[0]:  # the first page has no room for a line: it stays empty
        lead, first_height = [()], None

    def wrap_part(_: int, part: str) -> list[Line]:
        return lines_for(part, chain, size, width, names=names, balance=balance)

    ink: dict[str, tuple[float, float]] = {}

    def extent(line: Line) -> tuple[float, float]:
        if line.text not in ink:
            ink[line.text] = chain.ink_extent(line.text, size)
        return ink[line.text]

    line_px, gap = spacing.line_px(size), spacing.gap_px(size)
    pad = (line_px - size) // 2

    def room(lines: Sequence[Line], index: int) -> float | None:
        """`_positions`' page height, with the ink of first and last lines memoised."""
        limit = first_height if index == 0 and first_height is not None else height
        if not lines:
            return 0.0
        gaps = sum(1 for line in lines[1:] if line.paragraph_start)
        above = max(0, math.ceil(-(pad + extent(lines[0])[0])))
        below = max(0, math.ceil(pad + extent(lines[-1])[1] - line_px))
        used = len(lines) * line_px + gaps * gap + above + below
        return used / limit if used <= limit and limit > 0 else None

    try:
        pages = lead + paginate_text(text, wrap_part, room)
    except ValueError:
        return greedy
    return pages if 0 < len(pages) <= len(greedy) and all(pages[len(lead):]) else greedy


def _fit(size: int, pages: list[tuple[Line, ...]], spacing: Spacing) -> Fit:
    count = max(1, len(pages))
    return Fit(size, tuple(Page(size, p, spacing, n, count) for n, p in enumerate(pages or [()], 1)))


def page_height(page: Page, chain: FontChain) -> int:
    return _positions(page.lines, chain, page.size, page.spacing)[1]


def _pens(line: Line, chain: FontChain, size: int) -> list[tuple[float, bool]]:
    """(pen x, squeezed?) of each character as `draw_line` places it."""
    plan = {}
    if line.squeeze > 0:
        plan = {i: (px, opening) for i, px, opening in
                squeeze_plan(line.text, line.squeeze, measure(chain, size), float(size),
                             squeezable(chain, size))}
    pens: list[tuple[float, bool]] = []
    x = 0.0
    for i, char in enumerate(line.text):
        px, opening = plan.get(i, (0.0, False))
        pens.append((x - px if opening else x, i in plan))
        x += chain.advance(char, size) - px
    return pens


def overhang(line: Line, chain: FontChain, size: int) -> tuple[float, float]:
    """How far the line's ink pokes out left of its start and right of its last advance.

    Squeezed punctuation is left out: `squeezable` already checked that its ink keeps to the
    half of the em that stays."""
    advance = chain.width(line.text, size) - line.squeeze
    left, right = 0.0, advance
    for (pen, squeezed), char in zip(_pens(line, chain, size), line.text):
        ink = None if squeezed else chain.ink_x(char, size)
        if ink is not None:
            left, right = min(left, pen + ink[0]), max(right, pen + ink[1])
    return -left, right - advance


def line_width(line: Line, chain: FontChain, size: int) -> float:
    """Horizontal room the line needs: its advances after squeezing, plus any ink overhang."""
    left, right = overhang(line, chain, size) if line.text.strip() else (0.0, 0.0)
    return chain.width(line.text, size) - line.squeeze + left + right


def draw_page(draw: ImageDraw.ImageDraw, page: Page, chain: FontChain, box: Box, fill: object,
              *, align: str = "left", valign: str = "top") -> int:
    """Draw a page inside `box` (left/center/right, top/middle/bottom); returns the used height."""
    tops, total = _positions(page.lines, chain, page.size, page.spacing)
    offset = {"top": 0, "middle": (box.h - total) // 2, "bottom": box.h - total}[valign]
    pad = (page.spacing.line_px(page.size) - page.size) // 2
    for top, line in zip(tops, page.lines):
        width = line_width(line, chain, page.size)
        x = {"left": box.x, "center": box.x + (box.w - width) / 2, "right": box.right - width}[align]
        draw_line(draw, line, chain, page.size, (x, box.y + offset + top + pad), fill)
    return total


def draw_line(draw: ImageDraw.ImageDraw, line: Line, chain: FontChain, size: int,
              xy: tuple[float, float], fill: object) -> float:
    """Draw one line with its em box top-left at `xy`, applying its punctuation squeeze.

    A line whose first glyph pokes out to the left (`j`) starts that much further right, so its
    ink begins at `xy` (`line_width` counts the shift)."""
    x, y = xy
    if line.text.strip():
        x += overhang(line, chain, size)[0]
    if line.squeeze <= 0:
        return chain.draw(draw, (x, y), line.text, size, fill)
    plan = {i: (px, opening) for i, px, opening in
            squeeze_plan(line.text, line.squeeze, measure(chain, size), float(size),
                         squeezable(chain, size))}
    start = 0
    for i in sorted(plan):
        x = chain.draw(draw, (x, y), line.text[start:i], size, fill)
        px, opening = plan[i]
        char = line.text[i]
        chain.draw(draw, (x - px if opening else x, y), char, size, fill)
        x += chain.advance(char, size) - px
        start = i + 1
    return chain.draw(draw, (x, y), line.text[start:], size, fill)
