"""Where a text's frames (slide pages, strip frames) end: at paragraph and sentence ends.

Why: a resident reads one frame for 8 to 12 s and then it is gone; a sentence cut in half
(「…8:00至」 | 「18:00，3至6栋停水」) is lost, and a frame holding one line shows nothing for
twelve seconds. So, keeping the fewest frames greedy filling gives, the frame ends are chosen
by cost (dynamic programming): a paragraph end costs nothing, a sentence end little (even in
the middle of a line: the frame then ends with that sentence), a clause end more, anywhere else
most; a one-line frame and very uneven frames cost extra.

The text is laid out by the caller's `wrap` (so the line-breaking rules stay in
`display.linebreak`), and whether a frame's lines fit is the caller's `room` (pixel heights on a
slide, a line count on a strip).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .linebreak import NO_START, Line, is_widow

SENTENCE_END = frozenset("。！？!?；;")
CLAUSE_END = frozenset("，、：:,")
CLOSERS = frozenset("”’」』）)》〉】〕］]\"'")

COST_PARAGRAPH, COST_SENTENCE, COST_CLAUSE, COST_MID = 0.0, 1.0, 6.0, 12.0
COST_SHORT_FRAME = 30.0  # a frame of one line (when the text has more than one)
COST_UNEVEN = 3.0  # times the squared unused share of a frame that is not the last

# wrap(paragraph index, text) -> lines; room(lines, frame index) -> share used, or None: too much
Wrap = Callable[[int, str], list[Line]]
Room = Callable[[Sequence[Line], int], float | None]


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs `display.linebreak.wrap` lays out, in order (blank ones dropped)."""
    return [p for p in (p.strip() for p in text.replace("\r\n", "\n").split("\n")) if p]


def sentence_ends(paragraph: str) -> list[int]:
    """Offsets just after a sentence end (with its closing quotes), inside the paragraph."""
    out: list[int] = []
    i, n = 0, len(paragraph)
    while i < n:
        if paragraph[i] in SENTENCE_END or paragraph.startswith("……", i):
            j = i + (2 if paragraph.startswith("……", i) else 1)
            while j < n and (paragraph[j] in CLOSERS or paragraph[j] in SENTENCE_END):
                j += 1
            if j < n and paragraph[j] not in NO_START:
                out.append(j)
            i = j
        else:
            i += 1
    return out


def end_cost(text: str) -> float:
    """What ending a frame after `text` (a line or a line's head) costs the reader."""
    tail = text.rstrip()
    while tail and tail[-1] in CLOSERS:
        tail = tail[:-1]
    if not tail:
        return COST_MID
    if tail[-1] in SENTENCE_END or tail.endswith("……"):
        return COST_SENTENCE
    if tail[-1] in CLAUSE_END:
        return COST_CLAUSE
    return COST_MID


@dataclass(frozen=True)
class _Laid:
    """One line of a paragraph with where it starts and ends in the paragraph."""

    start: int
    end: int
    line: Line


def paginate_text(text: str, wrap: Wrap, room: Room, *, extra_frames: int = 0) -> list[tuple[Line, ...]]:
    """Frames of lines covering `text`: as few as greedy filling needs (plus up to
    `extra_frames` when that saves the reader enough), ending where the cost is least.

    Raises ValueError when a single line does not fit an empty frame (the caller's rule).
    """
    paras = paragraphs_of(text)
    if not paras:
        return []

    def laid_out(p: int, a: int, stop: int) -> tuple[tuple[_Laid, ...], bool]:
        """Paragraph p laid out from offset a up to `stop`, and whether that is its end."""
        body = paras[p]
        lines = wrap(p, body[a:stop])
        out, cursor = [], a
        for line in lines:
            at = body.find(line.text, cursor)
            if at < 0:  # the wrap changed the text: trust it, without offsets inside
                return tuple(_Laid(a, stop, l) for l in lines), True
            out.append(_Laid(at, at + len(line.text), line))
            cursor = at + len(line.text)
        return tuple(out), stop >= len(body)

    @lru_cache(maxsize=None)
    def whole(p: int) -> tuple[_Laid, ...]:
        return laid_out(p, 0, len(paras[p]))[0]

    @lru_cache(maxsize=None)
    def line_starts(p: int) -> dict[int, int]:
        return {laid.start: k for k, laid in enumerate(whole(p))}

    partial: dict[tuple[int, int], tuple[int, tuple[_Laid, ...], bool]] = {}

    def suffix(p: int, a: int, need: int) -> tuple[_Laid, ...]:
        """Paragraph p laid out from offset a, at least the lines that start before `need`.

        From one of the whole paragraph's line starts these are the paragraph's own lines
        (greedy filling is prefix-stable). From a sentence end inside a line, only a window of
        text is laid out, widened as needed, so a long paragraph costs about one page of
        layout per candidate, not the rest of the paragraph; the window's last two lines are
        not used (the widow rule may change them).
        """
        if a == 0 or a in line_starts(p):
            return whole(p)[line_starts(p).get(a, 0):]
        body = paras[p]
        known = partial.get((p, a))
        if known is not None and (known[2] or known[0] >= need):
            return known[1]
        size = max(need - a + 64, 256, 2 * (known[0] - a) if known else 0)
        while True:
            laid, complete = laid_out(p, a, min(len(body), a + size))
            valid = laid if complete else laid[:-2]
            covered = len(body) if complete else (valid[-1].end if valid else a)
            if complete or covered >= need:
                partial[(p, a)] = (covered, valid, complete)
                return valid
            size *= 2

    # candidate frame ends: (paragraph, offset) with offset < len, plus the very end
    points: list[tuple[int, int, float]] = [(0, 0, 0.0)]
    for p, body in enumerate(paras):
        found: dict[int, float] = {}
        for laid in whole(p)[:-1]:
            nxt = _next_start(body, laid.end)
            found[nxt] = min(found.get(nxt, COST_MID), end_cost(laid.line.text))
        for e in sentence_ends(body):
            found[e] = min(found.get(e, COST_MID), COST_SENTENCE)
        points.extend((p, off, cost) for off, cost in sorted(found.items()) if 0 < off < len(body))
        points.append((p + 1, 0, COST_PARAGRAPH))
    end = len(points) - 1  # (len(paras), 0): the end of the text

    @lru_cache(maxsize=None)
    def frame(i: int, j: int) -> tuple[Line, ...] | None:
        """The lines from point i to point j; None if a mid-line cut would need squeezing."""
        p0, a, _ = points[i]
        p1, b, _ = points[j]
        lines: list[Line] = []
        for p in range(p0, p1 + 1):
            start = a if p == p0 else 0
            if p == p1 and b == 0:
                break
            laid = suffix(p, start, b if p == p1 else len(paras[p]))
            for k, item in enumerate(laid):
                line = item.line
                if k == 0 and start > 0:
                    line = replace(line, paragraph_start=False)
                if p == p1 and item.start >= b:
                    break
                if p == p1 and item.end > b:
                    head = paras[p][item.start:b].rstrip()
                    if line.squeeze > 0 or not head or is_widow([line, Line(head)]):
                        return None  # a frame never ends on a lone 「水。」
                    line = Line(head, 0.0, False, line.paragraph_start)
                lines.append(line)
        return tuple(lines)

    greedy = _greedy(end, frame, room)
    if len(greedy) < 2:
        return [frame(i, j) or () for i, j in zip([0, *greedy], greedy)]
    limit = len(greedy) + extra_frames
    inf = math.inf
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, -1)}
    for k in range(limit):
        for i in range(end):
            if (i, k) not in best:
                continue
            base = best[(i, k)][0]
            for j in range(i + 1, end + 1):
                lines = frame(i, j)
                if lines is None:
                    continue
                used = room(lines, k)
                if used is None:
                    break
                cost = base + (0.0 if j == end else points[j][2])
                if len(lines) == 1 and (i > 0 or j < end):
                    cost += COST_SHORT_FRAME
                if j < end:
                    cost += COST_UNEVEN * (1 - min(1.0, used)) ** 2
                cost += 20.0 if k >= len(greedy) else 0.0  # an extra frame must pay for itself
                if best.get((j, k + 1), (inf, 0))[0] > cost + 1e-9:
                    best[(j, k + 1)] = (cost, i)
    finals = [(best[(end, k)][0], k) for k in range(1, limit + 1) if (end, k) in best]
    if not finals:
        return [frame(i, j) or () for i, j in zip([0, *greedy], greedy)]
    _, k = min(finals)
    cuts, j = [], end
    while k > 0:
        cuts.append(j)
        j = best[(j, k)][1]
        k -= 1
    cuts.reverse()
    return [frame(i, j) or () for i, j in zip([0, *cuts], cuts)]


def _next_start(body: str, end: int) -> int:
    """Where the next line starts after a line ending at `end` (the spaces at a break dropped)."""
    while end < len(body) and body[end].isspace():
        end += 1
    return end


def _greedy(end: int, frame: Callable[[int, int], tuple[Line, ...] | None], room: Room) -> list[int]:
    """Frame ends by first fit over the candidate points: the fewest frames."""
    cuts: list[int] = []
    i, k = 0, 0
    while i < end:
        j, last = i + 1, None
        while j <= end:
            lines = frame(i, j)
            if lines is not None:
                if room(lines, k) is None:
                    break
                last = j
            j += 1
        if last is None:
            lines = frame(i, i + 1) or ()
            raise ValueError(f"a line does not fit an empty frame: {[l.text for l in lines][:1]}")
        cuts.append(last)
        i, k = last, k + 1
    return cuts
