"""Fonts and fitting (display.fonts, display.layout) with the vendored fonts."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from display.fonts import PIXEL, SANS, FontChain, pixel_spec, sans_spec
from display.layout import Box, LayoutError, Spacing, draw_page, fit

TEXT = ("为改善小区居住环境，社区两委决定从9月起开展“绿色社区”创建活动。每月1日为社区环境卫生日，"
        "上午8:30在各楼栋单元门口集合，清理楼道和绿化带（请自带手套）。报名电话023-6388 1234。")


@pytest.fixture(scope="module")
def sans() -> FontChain:
    return sans_spec().chains()[0]


@pytest.fixture(scope="module")
def pixel() -> FontChain:
    return pixel_spec().chains()[0]


def test_vendored_fonts_are_subsets_with_licence() -> None:
    assert SANS.stat().st_size < 10_000_000 and PIXEL.stat().st_size < 5_000_000
    assert (SANS.parent / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") == 1


@pytest.mark.parametrize("char, covered", [
    ("居", True), ("堃", True), ("喆", True), ("玥", True), ("珺", True), ("𠮷", True),
    ("，", True), ("Ａ", True), ("℃", True), ("䶮", True), ("𪚥", False), ("😀", False),
])
def test_coverage(char: str, covered: bool) -> None:
    """The vendored fonts alone (Extensions B–F come from Hanazono: tests/test_rare_chars.py)."""
    vendored = sans_spec(rare=()).chains()[0]
    assert vendored.covers(char) is covered
    assert vendored.missing(f"张{char}") == (set() if covered else {char})


def test_chain_falls_back_per_character(pixel: FontChain) -> None:
    # Unifont has no 𠮷 (outside the BMP): the chain's next face (Noto) draws it
    runs = list(pixel.runs("吉𠮷吉"))
    assert [r for _, r in runs] == ["吉", "𠮷", "吉"]
    assert [i for i, _ in runs] == [0, 1, 0]


def test_unifont_is_pixel_exact(pixel: FontChain) -> None:
    img = Image.new("L", (64, 16), 0)
    pixel.draw(ImageDraw.Draw(img), (0, 0), "停水通知", 16, 255)
    assert set(img.getextrema()) <= {0, 255} and img.getbbox() is not None
    assert img.getbbox()[1] >= 0 and img.getbbox()[3] <= 16  # ink inside the 16-px cell
    assert {v for v in img.tobytes()} == {0, 255}


@pytest.mark.parametrize("width, height, sizes, size, pages", [
    (1800, 700, (84, 78, 72), 84, 1),   # plenty of room: the largest size
    (1200, 700, (84, 78, 72), 78, 1),   # the largest that fits on one page
    (1000, 300, (84, 78, 72), 72, 4),   # not even the smallest: pages, never smaller
    (192, 64, (16,), 16, 2),            # a door strip: 16 px only, four lines a page
])
def test_fit_chooses_largest_then_paginates(sans: FontChain, pixel: FontChain, width: int,
                                            height: int, sizes: tuple[int, ...], size: int,
                                            pages: int) -> None:
    chain = pixel if sizes == (16,) else sans
    spacing = Spacing(1.0, 0) if sizes == (16,) else Spacing(1.4, 0.35)
    result = fit(TEXT, chain, width, height, sizes, spacing)
    assert (result.size, len(result.pages)) == (size, pages)
    assert [p.marker for p in result.pages] == ([f"{n}/{pages}" for n in range(1, pages + 1)]
                                                if pages > 1 else [""])
    text = "".join(line.text for page in result.pages for line in page.lines)
    assert text == TEXT.replace(" ", "") or text.replace(" ", "") == TEXT.replace(" ", "")


def test_box_too_small_for_one_line(sans: FontChain) -> None:
    with pytest.raises(LayoutError):
        fit(TEXT, sans, 800, 50, (72,))


@pytest.mark.parametrize("size", [16, 40, 72, 150])
def test_no_ink_outside_the_box(sans: FontChain, size: int) -> None:
    text = "“居委会”，gjpqy（）ÅÉ【通知】……——" + TEXT
    box = Box(40, 40, size * 9, size * 6)
    img = Image.new("L", (box.w + 80, box.h + 80), 0)
    draw = ImageDraw.Draw(img)
    result = fit(text, sans, box.w, box.h, (size,))
    for page in result.pages:
        img.paste(0, (0, 0, img.width, img.height))
        draw_page(draw, page, sans, box, 255)
        ink = img.getbbox()
        assert ink is not None
        assert ink[0] >= box.x and ink[1] >= box.y and ink[2] <= box.right and ink[3] <= box.bottom, (ink, box)


def test_squeezing_follows_the_glyphs(sans: FontChain, pixel: FontChain) -> None:
    # Noto puts ，in the left half of its em: it may be squeezed; Unifont centres it: never
    assert sans.squeezable("，", 72) and sans.squeezable("（", 72)
    assert not pixel.squeezable("，", 16) and not sans.squeezable("居", 72)


def test_squeezed_line_stays_in_its_box(sans: FontChain) -> None:
    size = 50
    text = "一二三（四）五，六七"  # two characters after the comma: no widow to pull down
    width = round(sans.width("一二三（四）五", size)) + 1  # the comma only fits squeezed
    result = fit(text, sans, width, size * 3, (size,))
    first = result.pages[0].lines[0]
    assert first.text == "一二三（四）五，" and first.squeeze > 0
    box = Box(20, 20, width, size * 3)
    img = Image.new("L", (width + 40, size * 3 + 40), 0)
    draw_page(ImageDraw.Draw(img), result.pages[0], sans, box, 255)
    ink = img.getbbox()
    assert ink is not None and ink[0] >= box.x and ink[2] <= box.right


def test_fit_is_laid_out_once_per_font_state(tmp_path) -> None:  # noqa: ANN001
    """A text fitted again (a 公示 drawn for each day, a slide counted by the check and then
    drawn) reuses the layout, also from another chain on the same files (a forked worker's);
    a replaced font file lays it out again."""
    import os
    import shutil

    font = tmp_path / "sans.otf"
    shutil.copyfile(SANS, font)
    first = FontChain.from_paths([font])
    laid = fit(TEXT, first, 300, 200, [48, 36, 24], Spacing(1.4, 0.4))
    again = fit(TEXT, FontChain.from_paths([font]), 300, 200, [48, 36, 24], Spacing(1.4, 0.4))
    assert again is laid
    assert fit(TEXT, first, 301, 200, [48, 36, 24], Spacing(1.4, 0.4)) is not laid
    stat = font.stat()
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # the font replaced
    relaid = fit(TEXT, FontChain.from_paths([font]), 300, 200, [48, 36, 24], Spacing(1.4, 0.4))
    assert relaid is not laid and relaid == laid  # laid out again (same file content: same result)
