"""Chinese line breaking: Unicode's algorithm (UAX #14, via uniseg) plus the W3C clreq rules.

Why: uniseg alone keeps `“居`, `会”，` and `9:00` together but still allows breaks that Chinese
typesetting forbids (e.g. before `·`, after a `（` the algorithm treats as ambiguous, between
`2026` and `年`). These functions are pure: text in, lines out, measured by a callback, so the
same rules serve LED slides, posters and tests.

Rules (clreq "basic" level):
- NO_START characters (closing punctuation, quotes, brackets, `·`) never begin a line;
- NO_END characters (opening quotes and brackets) never end one;
- `——` and `……` are never split; numbers (`9:00`, `13800138000`) and Latin words stay whole;
  a number stays with the unit after it (`2026年`, `3栋`, `50元`);
- when the next piece overflows, first squeeze full-width punctuation in the line (up to half
  an em each), only then push the piece down to the next line.

Units a resident reads as one word are protected spans (`protected_spans`): number ranges with
their unit (`3至6栋`, `8:00至18:00`, `第3—5条`), dates (`10月20日`), phone numbers
(`023-6388 1234`), money (`1,234.50元`) and names given by the caller (from the item's own
fields). No break falls inside a span; a span wider than a whole line is broken after all, at
its inner units first (`12月8日` | `至12月19日`), so nothing ever overflows. A paragraph never
ends on a line holding one character alone (a widow): a piece of the line above is pulled down.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from uniseg.linebreak import line_break_boundaries

NO_START = frozenset(
    "、，。．：；！？）］｝〕〉》」』】〙〗〟’”｠»"
    ",.:;!?)]}%‰℃°′″·・‧ー～〜々〻ゝゞヽヾ"
)
NO_END = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«([{")
UNSPLIT = frozenset("\u2014\u2026\u2025\u2e3a")  # —— …… ‥ ⸺: pairs and runs stay together
NUMBER_UNITS = frozenset("年月日号號时時分秒点點栋棟楼樓层層室元角万萬亿億个個位天周岁歲次户戶人名张張页頁条條项項米吨度")
SQUEEZE_CLOSE = frozenset("、，。．）］｝〕〉》」』】’”")  # ink in the left half
SQUEEZE_OPEN = frozenset("（［｛〔〈《「『【‘“")  # ink in the right half

Measure = Callable[[str], float]
Squeezable = Callable[[str], bool]  # may this character give up half an em (font-specific)?


def _is_digit(char: str) -> bool:
    return char.isdigit() and char.isascii() or "０" <= char <= "９"


def _is_ideograph(char: str) -> bool:
    """CJK Unified Ideographs (and Extension A): UAX #14 class ID."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def uax14_boundaries(text: str) -> list[int]:
    """UAX #14 break opportunities (0 < i < len), the same as uniseg's, much faster for Chinese.

    Why: uniseg is pure Python and costs about 60 µs a character; a Chinese body is mostly
    ideographs, and between two ideographs (ID × ID) the algorithm always allows a break
    (LB31), while no rule looks back or ahead across an ideograph (the look-behind rules only
    skip spaces). So uniseg runs only on the runs of other characters, each with one ideograph
    of context on either side, and ID–ID boundaries are taken as they are.
    """
    n = len(text)
    out: list[int] = []
    i = 0
    while i < n:
        if _is_ideograph(text[i]):
            while i + 1 < n and _is_ideograph(text[i + 1]):
                i += 1
                out.append(i)
            i += 1
            continue
        k = i
        while k < n and not _is_ideograph(text[k]):
            k += 1
        out.extend(i + b for b in _run_breaks(text[i:k], i > 0, k < n))
        i = k
    return sorted(b for b in set(out) if 0 < b < n)


@lru_cache(maxsize=16384)
def _run_breaks(run: str, ideograph_before: bool, ideograph_after: bool) -> tuple[int, ...]:
    """Breaks at offsets 0..len(run) of a run of non-ideographs between ideographs.

    Only the class of the neighbouring ideographs matters, so a stand-in 一 is used for them:
    the same few runs (`，`, `。`, `9:00`) recur throughout a text and hit this memo.
    """
    left = "一" if ideograph_before else ""
    chunk = left + run + ("一" if ideograph_after else "")
    shift = len(left)
    return tuple(b - shift for b in line_break_boundaries(chunk) if 0 <= b - shift <= len(run))


# --- protected spans: units a resident reads as one word ------------------------------------

Span = tuple[int, int]  # [start, end): no break strictly inside

_D = "[0-9０-９]"
_NUM = rf"[¥￥]?{_D}+(?:,{_D}{{3}})*(?:[.．]{_D}+)?"
_UNIT = ("(?:个工作日|工作日|个月|分钟|小时|平方米|平米|公里|千米|公斤|千克|周岁|万元|亿元|单元|"
         "[年月日号號时時分秒点點栋棟楼樓层層室元角万萬亿億个個位天周岁歲次户戶人名张張页頁条條项項"
         "米吨度块間间套辆輛台件处處期届批组組班所%％℃])")
_DATE = (rf"(?:{_D}{{4}}年)?{_D}{{1,2}}月{_D}{{1,2}}[日号號]"
         rf"|{_D}{{4}}年{_D}{{1,2}}月(?!{_D})")
_TIME = rf"{_D}{{1,2}}[:：]{_D}{{2}}(?:[:：]{_D}{{2}})?|{_D}{{1,2}}[时時点點]{_D}{{1,2}}分?"
_ATOM = rf"(?:第)?(?:{_DATE}|{_TIME}|{_NUM}{_UNIT}?)"
_SEP = r"[ \u00a0]?(?:至|到|~|～|-|－|–|—{1,2})[ \u00a0]?"
_PHONE = (rf"(?:[(（]?0{_D}{{2,3}}[)）]?[-－ ]?)?{_D}{{3,4}}[-－ ]?{_D}{{4}}(?:[-－转]{_D}{{1,5}})?"
          rf"|1{_D}{{2}}[-－ ]?(?:{_D}{{4}}|\*{{4}})[-－ ]?{_D}{{4}}"
          rf"|[48]00[-－ ]?{_D}{{3}}[-－ ]?{_D}{{4}}")
_MARKER = rf"^{_D}{{1,3}}[.．)）、][ \u00a0]?\S"  # a list number stays with its item's first word
_OUTER = re.compile(rf"{_MARKER}|(?<!{_D})(?:{_PHONE})(?!{_D})|{_ATOM}(?:{_SEP}{_ATOM})*")
_INNER = re.compile(_ATOM)


def protected_spans(text: str, names: Iterable[str] = (), *, inner: bool = False) -> list[Span]:
    """Spans of `text` that must stay on one line, merged and sorted.

    `inner` gives the fallback units of a span too wide for a line: each date, time and number
    with its unit alone, without the ranges and phone numbers that join them.
    """
    found: list[Span] = [m.span() for m in (_INNER if inner else _OUTER).finditer(text)
                         if m.end() - m.start() > 1]
    for name in names:
        if len(name) < 2:
            continue
        at = text.find(name)
        while at >= 0:
            found.append((at, at + len(name)))
            at = text.find(name, at + 1)
    merged: list[Span] = []
    for a, b in sorted(found):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _outside(positions: Iterable[int], spans: Sequence[Span]) -> list[int]:
    """The positions not strictly inside any span (both sorted)."""
    out: list[int] = []
    k = 0
    for p in positions:
        while k < len(spans) and spans[k][1] <= p:
            k += 1
        if k < len(spans) and spans[k][0] < p:
            continue
        out.append(p)
    return out


def break_positions(text: str, names: Iterable[str] | None = None) -> list[int]:
    """Offsets i (0 < i < len) where a line may end before text[i]; text has no newlines.

    With `names` (possibly empty), no break falls inside a protected span either.
    """
    base = [i for i in uax14_boundaries(text) if _may_break(text, i)]
    if names is None:
        return base
    return _outside(base, protected_spans(text, names))


def break_levels(text: str, names: Iterable[str] = ()) -> tuple[list[int], ...]:
    """Break positions from strictest to loosest: spans kept, inner units kept, clreq only."""
    names = tuple(names)
    base = [i for i in uax14_boundaries(text) if _may_break(text, i)]
    return (_outside(base, protected_spans(text, names)),
            _outside(base, protected_spans(text, names, inner=True)), base)


def _may_break(text: str, i: int) -> bool:
    before, after = text[i - 1], text[i]
    if after.isspace():
        return False  # break after the spaces, not before them
    if after in NO_START or before in NO_END:
        return False
    if before in UNSPLIT and after in UNSPLIT:
        return False
    if _is_digit(before) and (after in NUMBER_UNITS or _is_digit(after)):
        return False
    if before.isspace():  # `9:00 开会` breaks after the space; but never leave `（ ` dangling
        j = i - 1
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if j > 0 and text[j - 1] in NO_END:
            return False
    return True


def segments(text: str, names: Iterable[str] | None = None) -> list[str]:
    """`text` cut at every allowed break: the unbreakable pieces, in order."""
    cuts = [0, *break_positions(text, names), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


@dataclass(frozen=True)
class Line:
    """One laid-out line: its text, how many px to squeeze out of it, whether it ends a paragraph."""

    text: str
    squeeze: float = 0.0
    paragraph_end: bool = False
    paragraph_start: bool = False


def full_width_punctuation(measure: Measure, em: float) -> Squeezable:
    """The default test: a squeezable mark drawn a full em wide (its other half is blank)."""
    return lambda c: (c in SQUEEZE_CLOSE or c in SQUEEZE_OPEN) and measure(c) >= em * 0.9


def squeeze_capacity(text: str, measure: Measure, em: float,
                     squeezable: Squeezable | None = None) -> float:
    """How many px the full-width punctuation in `text` can give up (half an em each)."""
    can = squeezable or full_width_punctuation(measure, em)
    return sum(em / 2 for c in text if can(c))


def squeeze_plan(text: str, squeeze: float, measure: Measure, em: float,
                 squeezable: Squeezable | None = None) -> list[tuple[int, float, bool]]:
    """Which characters give up how much: [(index, px, is_opening)], taken from the line's end.

    An opening bracket loses its left half (draw it shifted left), a closing one its right half.
    """
    can = squeezable or full_width_punctuation(measure, em)
    plan: list[tuple[int, float, bool]] = []
    left = squeeze
    for i in range(len(text) - 1, -1, -1):
        if left <= 1e-9:
            break
        c = text[i]
        if can(c):
            take = min(em / 2, left)
            plan.append((i, take, c in SQUEEZE_OPEN))
            left -= take
    return sorted(plan)


def wrap(text: str, width: float, measure: Measure, em: float,
         squeezable: Squeezable | None = None, *, names: Sequence[str] = (),
         balance: bool = False) -> list[Line]:
    """Break `text` into lines no wider than `width` (after squeezing), keeping every character.

    Newlines are hard breaks (paragraphs); blank lines between paragraphs are dropped. A piece
    wider than a whole line (a long URL) is cut by character as a last resort, still never
    starting a line with NO_START punctuation. `names` are kept whole like the built-in spans;
    `balance` (titles) makes the lines as even as the same number of lines allows.
    """
    lines: list[Line] = []
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n")]
    names = tuple(n for n in names if len(n) > 1)
    for paragraph in (p for p in paragraphs if p):
        first = len(lines)
        laid = _wrap_paragraph(paragraph, width, measure, em, squeezable, names)
        if balance and len(laid) > 1:
            laid = _balanced(paragraph, laid, width, measure, em, squeezable, names)
        lines.extend(laid)
        if len(lines) > first:
            lines[first] = Line(lines[first].text, lines[first].squeeze, lines[first].paragraph_end, True)
            last = lines[-1]
            lines[-1] = Line(last.text, last.squeeze, True, last.paragraph_start)
    return lines


def _balanced(text: str, laid: list[Line], width: float, measure: Measure, em: float,
              squeezable: Squeezable | None, names: tuple[str, ...]) -> list[Line]:
    """The narrowest wrap with as many lines as `laid` (CSS `text-wrap: balance`).

    Why: a two-line title reads as a unit when its lines are near equal, and its last line can
    never be a lone character.
    """
    count = len(laid)
    lo, hi, best = width * (count - 1) / count, width, laid
    for _ in range(7):
        mid = (lo + hi) / 2
        trial = _wrap_paragraph(text, mid, measure, em, squeezable, names)
        if len(trial) == count:
            best, hi = trial, mid
        else:
            lo = mid
    return best


def _wrap_paragraph(text: str, width: float, measure: Measure, em: float,
                    squeezable: Squeezable | None, names: Sequence[str] = ()) -> list[Line]:
    levels = break_levels(text, names)
    out = _greedy(text, levels, width, measure, em, squeezable)
    return _fix_widow(text, out, levels[0], width, measure, em, squeezable)


def _greedy(text: str, levels: tuple[list[int], ...], width: float, measure: Measure, em: float,
            squeezable: Squeezable | None) -> list[Line]:
    """First fit over the pieces between the strictest breaks; a piece wider than a line is
    broken again at the next looser level's breaks (a long range at its dates, then anywhere
    clreq allows), and cut by character only when even that is too wide."""
    out: list[Line] = []
    current, current_w = "", 0.0
    cuts = [0, *levels[0], len(text)]
    queue: list[tuple[int, int, int]] = [(a, b, 0) for a, b in zip(cuts, cuts[1:]) if b > a]
    queue.reverse()  # a stack: the next piece is at the end
    while queue:
        a, b, level = queue.pop()
        piece = text[a:b]
        piece_w = sum(measure(c) for c in piece)
        trimmed = (current + piece).rstrip()
        trimmed_w = current_w + piece_w - sum(measure(c) for c in (current + piece)[len(trimmed):])
        if trimmed_w <= width + 1e-6:
            current, current_w = current + piece, current_w + piece_w
            continue
        overflow = trimmed_w - width
        if (overflow <= _tail_width(piece.rstrip(), measure) + 1e-6
                and overflow <= squeeze_capacity(trimmed, measure, em, squeezable) + 1e-6):
            out.append(Line(trimmed, overflow))  # squeeze instead of pushing down
            current, current_w = "", 0.0
            continue
        stripped = piece.rstrip()
        alone = sum(measure(c) for c in stripped)
        fits_alone = alone <= width + 1e-6 or (
            alone - width <= _tail_width(stripped, measure) + 1e-6
            and alone - width <= squeeze_capacity(stripped, measure, em, squeezable) + 1e-6)
        if not fits_alone and level + 1 < len(levels):
            finer = [p for p in levels[level + 1] if a < p < b]
            if finer:  # a protected span wider than a line: break it at its inner units
                sub = [a, *finer, b]
                queue.extend((x, y, level + 1) for x, y in reversed(list(zip(sub, sub[1:]))))
                continue
            queue.append((a, b, level + 1))
            continue
        if current:
            out.append(_finish(current, width, measure, em))
            current, current_w = "", 0.0
        if alone <= width + 1e-6:
            current, current_w = piece, piece_w
            continue
        if fits_alone:
            out.append(Line(stripped, alone - width))  # the piece alone, squeezed
            continue
        chunks = _cut(piece, width, measure)  # last resort: wider than a whole line
        out.extend(_finish(chunk, width, measure, em) for chunk in chunks[:-1])
        # the last chunk may be continued by the next piece: keep it raw, with its trailing
        # space, so `long-url 报名` does not become `url报名`
        current = chunks[-1] if chunks else ""
        current_w = sum(measure(c) for c in current)
    if current.strip():
        out.append(_finish(current, width, measure, em))
    return out


def is_widow(lines: Sequence[Line]) -> bool:
    """Does the last of these lines (of one paragraph) hold a single character alone, with at
    most its punctuation (「知」, 「布。」)?"""
    if len(lines) < 2:
        return False
    text = lines[-1].text.strip()
    return len(text) >= 1 and all(c in NO_START for c in text[1:])


def _fix_widow(text: str, out: list[Line], breaks: Sequence[int], width: float, measure: Measure,
               em: float, squeezable: Squeezable | None) -> list[Line]:
    """Pull the smallest whole piece of the line above down beside a lone last character."""
    if not is_widow(out):
        return out
    starts: list[int] = []
    cursor = 0
    for line in out:
        cursor = text.find(line.text, cursor)
        if cursor < 0:
            return out
        starts.append(cursor)
        cursor += len(line.text)
    above, last = starts[-2], starts[-1]
    for cut in sorted((b for b in breaks if above < b < last), reverse=True):
        head, tail = text[above:cut].rstrip(), text[cut:].strip()
        if len(head) < 2:
            break
        moved = _fitted(tail, width, measure, em, squeezable)
        if moved is None:
            break  # a longer tail fits no better
        return [*out[:-2], _finish(head, width, measure, em), moved]
    return out


def _fitted(text: str, width: float, measure: Measure, em: float,
            squeezable: Squeezable | None) -> Line | None:
    """`text` as one line if it fits, squeezing its punctuation if need be; else None."""
    over = sum(measure(c) for c in text) - width
    if over <= 1e-6:
        return Line(text)
    if (over <= _tail_width(text, measure) + 1e-6
            and over <= squeeze_capacity(text, measure, em, squeezable) + 1e-6):
        return Line(text, over)
    return None


def _tail_width(piece: str, measure: Measure) -> float:
    """Width of the NO_START punctuation that ends `piece`: what squeezing may pull in."""
    tail = len(piece)
    while tail > 0 and piece[tail - 1] in NO_START:
        tail -= 1
    return sum(measure(c) for c in piece[tail:]) if tail > 0 else 0.0


def _finish(text: str, width: float, measure: Measure, em: float) -> Line:
    text = text.rstrip()
    over = sum(measure(c) for c in text) - width
    return Line(text, max(0.0, over))


def _cut(piece: str, width: float, measure: Measure) -> list[str]:
    """Cut by character; a NO_START character takes the ones before it to the next line."""
    chunks: list[str] = []
    current = ""
    for char in piece:
        if current and sum(measure(c) for c in current + char) > width + 1e-6:
            carry = char
            while len(current) > 1 and (carry[0] in NO_START or current[-1] in NO_END
                                        or (carry[0] in UNSPLIT and current[-1] in UNSPLIT)):
                carry, current = current[-1] + carry, current[:-1]
            chunks.append(current)
            current = carry
        else:
            current += char
    if current:
        chunks.append(current)
    return chunks


def joined(lines: list[Line]) -> str:
    """The lines' text with breaks removed: equals the input apart from whitespace at breaks."""
    return "".join(line.text for line in lines)
