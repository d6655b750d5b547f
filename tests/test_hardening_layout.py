"""Text layout loses nothing: wrap, paginate and fit keep every character, inside the box.

Property tests over display.layout / display.linebreak with the vendored fonts: for arbitrary
text (Chinese, clreq punctuation, digits, Latin words, emoji the fonts lack, astral and
zero-width characters, long unbreakable runs) and arbitrary boxes and size lists,

- layout terminates (hypothesis would report a hang as a health-check/deadline failure);
- the characters of all lines of all pages, joined, equal the input apart from whitespace;
  every line is a verbatim piece of its paragraph, in order;
- pagination neither drops nor repeats a line; every page fits its height;
- no line is wider than the box after squeezing, and drawn pages keep all ink inside the box.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from display.fonts import FontChain, pixel_spec, sans_spec
from display.layout import Box, LayoutError, Spacing, draw_page, fit, line_width, lines_for, page_height, paginate
from display.linebreak import NO_END, NO_START, UNSPLIT

ALPHABET = st.one_of(
    st.sampled_from(list("社区居民委员会停水通知公示楼栋单元门口集合绿化带堃喆玥珺𠮷")),
    st.sampled_from(sorted(NO_START | NO_END | UNSPLIT)),
    st.sampled_from(list("0123456789:.-/ABCxyzgjpq ＡＢ１２")),
    st.sampled_from([" ", "\n", "\r", "\t", "\u3000", "\u200b", "\ufeff", "😀", "𪚥", "\u202e", "é"]),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
TEXT = st.text(alphabet=ALPHABET, max_size=160)
LONG_RUNS = st.sampled_from([
    "，" * 40, "（" * 40, "——" * 20, "……" * 20, "1" * 80, "x" * 90, "https://example.org/" + "a" * 60,
    "“”" * 20, "）" * 15 + "居" * 5, "居" + "。" * 30,
]).flatmap(lambda run: st.tuples(st.just(run), TEXT).map(lambda t: t[1][: len(t[1]) // 2] + t[0] + t[1]))
ANY_TEXT = st.one_of(TEXT, LONG_RUNS)

FAST = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def chains() -> dict[str, FontChain]:
    return {"sans": sans_spec().chains()[0], "pixel": pixel_spec().chains()[0]}


def _squash(text: str) -> str:
    """The text without any whitespace: what must survive layout unchanged."""
    return "".join(text.split())


def _assert_lines_keep_text(text: str, lines: list) -> None:  # noqa: ANN001 - list[Line]
    assert _squash("".join(line.text for line in lines)) == _squash(text)
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n")]
    # every line is a verbatim slice of the input, and the slices come in order
    cursor = 0
    flat = "\n".join(paragraphs)
    for line in lines:
        found = flat.find(line.text, cursor)
        assert found >= 0, (line.text, flat[cursor:cursor + 40])
        assert flat[cursor:found].strip() == "", "characters skipped between lines"
        cursor = found + len(line.text)
    assert flat[cursor:].strip() == ""


@FAST
@example(text="0" * 85 + "\x850\x8500", chain_name="sans", ems=2, size=16)  # whitespace lost mid-line
@given(text=ANY_TEXT, chain_name=st.sampled_from(["sans", "pixel"]), ems=st.integers(2, 30),
       size=st.sampled_from([16, 24, 40, 72]))
def test_wrap_keeps_every_character_and_fits_the_width(chains: dict[str, FontChain], text: str,
                                                       chain_name: str, ems: int, size: int) -> None:
    chain = chains[chain_name]
    width = ems * size  # a box at least two em wide: any single glyph fits
    lines = lines_for(text, chain, size, width)
    _assert_lines_keep_text(text, lines)
    widest = max((chain.advance(c, size) for c in text), default=0.0)
    for line in lines:
        assert line.text == line.text.rstrip(), "a line ends in whitespace (it belongs to the break)"
        if widest <= width:
            assert line_width(line, chain, size) <= width + 0.5, (line, width)


@FAST
@given(text=ANY_TEXT, ems=st.integers(2, 20), rows=st.integers(1, 8),
       spacing=st.sampled_from([Spacing(), Spacing(1.0, 0.0), Spacing(1.6, 0.8)]),
       first=st.one_of(st.none(), st.integers(0, 200)))
def test_paginate_never_drops_or_repeats_a_line(chains: dict[str, FontChain], text: str, ems: int,
                                                rows: int, spacing: Spacing, first: int | None) -> None:
    chain, size = chains["sans"], 24
    lines = lines_for(text, chain, size, ems * size)
    height = rows * spacing.line_px(size) + size  # room for `rows` lines plus poking ink
    try:
        pages = paginate(lines, chain, size, height, spacing, first_height=first)
    except LayoutError:
        pytest.fail("a box taller than one line refused a line")
    assert [line for page in pages for line in page] == lines
    for index, page in enumerate(pages):
        assert page or (index == 0 and first is not None), "an empty page other than a short first one"
        limit = first if index == 0 and first is not None else height
        from display.layout import Page

        assert page_height(Page(size, page, spacing), chain) <= max(limit, 0) or not page


@FAST
@given(text=ANY_TEXT, w_ems=st.integers(2, 24), h_rows=st.integers(1, 6),
       sizes=st.lists(st.sampled_from([16, 20, 24, 32, 40, 48, 64, 72]), min_size=1, max_size=4),
       chain_name=st.sampled_from(["sans", "pixel"]))
def test_fit_pages_hold_all_the_text(chains: dict[str, FontChain], text: str, w_ems: int, h_rows: int,
                                     sizes: list[int], chain_name: str) -> None:
    chain = chains[chain_name]
    smallest = min(sizes)
    width, height = w_ems * smallest, h_rows * round(smallest * 1.4) + smallest
    result = fit(text, chain, width, height, sizes)
    assert result.size in sizes
    # never shrinks below what fits: a larger size that fits on one page would have been chosen
    if result.paginated:
        assert result.size == smallest
    lines = [line for page in result.pages for line in page.lines]
    _assert_lines_keep_text(text, lines)
    assert [p.number for p in result.pages] == list(range(1, len(result.pages) + 1))
    assert all(p.count == len(result.pages) for p in result.pages)
    for page in result.pages:
        assert page_height(page, chain) <= height


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(text="00nnK", w_ems=3, size=16, chain_name="sans")  # K pokes 1 px past its advance
@example(text="jjjj fff", w_ems=3, size=40, chain_name="sans")  # j pokes out to the left
@given(text=ANY_TEXT, w_ems=st.integers(3, 12), size=st.sampled_from([16, 24, 40]),
       chain_name=st.sampled_from(["sans", "pixel"]))
def test_drawn_pages_keep_ink_inside_the_box(chains: dict[str, FontChain], text: str, w_ems: int,
                                             size: int, chain_name: str) -> None:
    chain = chains[chain_name]
    box = Box(size * 2, size * 2, w_ems * size, 4 * round(size * 1.4) + size)
    result = fit(text, chain, box.w, box.h, (size,))
    img = Image.new("L", (box.right + size * 2, box.bottom + size * 2), 0)
    draw = ImageDraw.Draw(img)
    for page in result.pages:
        draw.rectangle((0, 0, img.width, img.height), fill=0)
        draw_page(draw, page, chain, box, 255)
        ink = img.getbbox()
        if ink is None:
            continue
        assert ink[0] >= box.x and ink[1] >= box.y and ink[2] <= box.right and ink[3] <= box.bottom, \
            (ink, box, [line.text for line in page.lines])


@pytest.mark.parametrize("text, width", [
    ("xxxxxxxxxxxxxxx yy", 10),                    # a word cut by force, then a space, then a word
    ("https://example.org/abcdefghijkl 报名", 10),  # a long URL followed by a space and text
])
def test_forced_cut_keeps_the_space_after_a_long_word(text: str, width: int) -> None:
    from display.linebreak import wrap

    lines = wrap(text, width, lambda c: 1.0, 1.0)
    _assert_lines_keep_text(text, lines)


@pytest.mark.parametrize("run", ["，" * 60, "（" * 60, "——" * 30, "……" * 30, "“" * 50 + "居"])
def test_long_prohibited_runs_stay_in_the_box(chains: dict[str, FontChain], run: str) -> None:
    """Runs that clreq forbids breaking anywhere still wrap inside the box (rules give way last)."""
    chain, size = chains["sans"], 24
    width = 6 * size
    lines = lines_for("居民" + run + "委员会", chain, size, width)
    _assert_lines_keep_text("居民" + run + "委员会", lines)
    for line in lines:
        assert line_width(line, chain, size) <= width + 0.5, line
