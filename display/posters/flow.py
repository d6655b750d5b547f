"""Page flow: stack blocks of rows down a column of pages, splitting where it is allowed.

Why rows: a notice, a finance table and a grid of event cards all reduce to a vertical list of
rows of known height (a text line, a table row, a row of cards, a signature). Pagination is then
pure arithmetic on heights, table-tested without drawing a pixel, and the rules a reader expects
are explicit:

- a block that does not fit moves to the next page whole, unless it is splittable;
- a split block continues on the next page behind its continuation rows (the 「（续）」 title
  and, for a table, the repeated header row), never by shrinking its type;
- a row marked `keep_with_next` (a title, a table's section label, the last body line before
  the signature) never ends a page piece;
- a block split leaves at least `min_rows` of its own rows on each side when it can.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

DrawRow = Callable[[Any, int, int, int], None]  # (canvas, x, y, width)


def _no_draw(canvas: Any, x: int, y: int, width: int) -> None:
    """Spacer rows draw nothing."""


@dataclass(frozen=True)
class Row:
    height: int
    draw: DrawRow = _no_draw
    keep_with_next: bool = False
    kind: str = ""  # for tests and debugging: "title", "line", "table-head", "total", ...
    text: str = ""  # the text a line row prints, for tests (no punctuation at a line start)
    repeat: "Row | None" = None  # a table row: its header row, repeated atop a later page


@dataclass
class Block:
    """One item (or a grid row group) as rows; `continuation` rows open every later piece."""

    rows: list[Row]
    continuation: list[Row] = field(default_factory=list)
    splittable: bool = True
    min_rows: int = 2
    decorate: Callable[[Any, int, int, int, int, bool, bool], None] | None = None
    # decorate(canvas, x, top, width, height, is_first_piece, is_last_piece): frames, bars
    gap_before: int = 0
    label: str = ""
    # rows opening a later piece, chosen by what comes next (a table's header row only while
    # table rows follow); when None, `continuation` is used as is
    continuation_for: Callable[[Sequence[Row]], list[Row]] | None = None

    def opening(self, rest: Sequence[Row]) -> list[Row]:
        """Rows that open a later piece: the 续 rows, then the table header if a table goes on."""
        rows = self.continuation_for(rest) if self.continuation_for else list(self.continuation)
        if rest and rest[0].repeat is not None:
            rows.append(rest[0].repeat)
        return rows


@dataclass(frozen=True)
class Piece:
    """Part of a block placed on one page, at `y` from the top of the page's content area."""

    block: int
    y: int
    rows: tuple[Row, ...]
    first: bool  # the block starts here
    last: bool  # the block ends here

    @property
    def height(self) -> int:
        return sum(r.height for r in self.rows)


def _fit(rows: Sequence[Row], avail: int) -> int:
    """How many leading rows fit in `avail`, not ending on a keep_with_next row."""
    used, n = 0, 0
    for row in rows:
        if used + row.height > avail:
            break
        used += row.height
        n += 1
    while 0 < n < len(rows) and rows[n - 1].keep_with_next:
        n -= 1
    return n


def _weight(rows: Sequence[Row]) -> int:
    """Rows that count for widow/orphan control: titles and labels travel with what follows."""
    return sum(1 for r in rows if not r.keep_with_next)


def _keep_last(rows: Sequence[Row], count: int) -> int:
    """Index that leaves at least `count` counting rows after it (0 when there are fewer)."""
    seen = 0
    for i in range(len(rows) - 1, -1, -1):
        seen += not rows[i].keep_with_next
        if seen >= count:
            return i
    return 0


def paginate(blocks: Sequence[Block], heights: Callable[[int], int]) -> list[list[Piece]]:
    """Place `blocks` on pages whose content areas are `heights(page_index)` px tall.

    Returns one list of pieces per page; always at least one (possibly empty) page.
    """
    pages: list[list[Piece]] = [[]]
    y = 0
    for index, block in enumerate(blocks):
        rows = list(block.rows)
        first = True
        while rows:
            gap = block.gap_before if y > 0 else 0
            prefix = [] if first else block.opening(rows)
            prefix_h = sum(r.height for r in prefix)
            cont_h = sum(r.height for r in block.opening(rows))
            avail = heights(len(pages) - 1) - y - gap - prefix_h
            total = sum(r.height for r in rows)
            if total <= avail:
                pages[-1].append(Piece(index, y + gap, tuple(prefix + rows), first, True))
                y += gap + prefix_h + total
                rows = []
                continue
            # Too tall to ever fit whole on a fresh page: it must split even if it would rather not.
            must_split = total + (0 if first else cont_h) > heights(len(pages))
            n = _fit(rows, avail) if (block.splittable or must_split) else 0
            if n and _weight(rows[n:]) < block.min_rows:  # no lonely rows on the next page
                n = _fit(rows[: _keep_last(rows, block.min_rows)], avail)
            if n and _weight(rows[:n]) < min(block.min_rows, _weight(rows)) and y > 0:
                n = 0  # no lonely rows at the foot of this page either
            if n == 0 and y > 0:
                pages.append([])
                y = 0
                continue
            n = max(n, 1)  # an empty page and still nothing fits: place a row regardless
            pages[-1].append(Piece(index, y + gap, tuple(prefix + rows[:n]), first, n == len(rows)))
            placed = prefix_h + sum(r.height for r in rows[:n])
            rows = rows[n:]
            first = False
            if rows:
                pages.append([])
                y = 0
            else:
                y += gap + placed
    if len(pages) > 1 and not pages[-1]:
        pages.pop()
    return pages
