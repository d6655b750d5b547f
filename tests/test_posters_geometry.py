"""Paper geometry: exact pixels at 300 dpi, points for the PDF, safe area, bleed and crop marks."""
from __future__ import annotations

import pytest

from display.posters.geometry import Sheet, mm_to_pt, mm_to_px, pt_to_px


@pytest.mark.parametrize(("paper", "orientation", "px", "pt"), [
    ("A4", "portrait", (2480, 3508), (595.28, 841.89)),
    ("A4", "landscape", (3508, 2480), (841.89, 595.28)),
    ("A3", "portrait", (3508, 4961), (841.89, 1190.55)),
    ("A3", "landscape", (4961, 3508), (1190.55, 841.89)),
    ("A2", "portrait", (4961, 7016), (1190.55, 1683.78)),
    ("A2", "landscape", (7016, 4961), (1683.78, 1190.55)),
])
def test_paper_sizes(paper: str, orientation: str, px: tuple[int, int], pt: tuple[float, float]) -> None:
    sheet = Sheet(paper, orientation)
    assert sheet.size_px == px
    assert sheet.size_pt == pytest.approx(pt, abs=0.01)
    assert sheet.trim.as_tuple() == (0, 0, *px)


def test_conversions() -> None:
    assert mm_to_px(210) == 2480
    assert mm_to_px(10) == 118
    assert pt_to_px(12) == 50
    assert mm_to_pt(25.4) == pytest.approx(72)


def test_safe_area_is_at_least_10_mm_inside_the_trim() -> None:
    for paper in ("A4", "A3", "A2"):
        sheet = Sheet(paper, "portrait")
        safe, trim = sheet.safe, sheet.trim
        assert trim.contains(safe)
        for gap in (safe.left - trim.left, safe.top - trim.top, trim.right - safe.right,
                    trim.bottom - safe.bottom):
            assert gap >= mm_to_px(10)
    with pytest.raises(ValueError):
        Sheet("A4", "portrait", safe_mm=5)


def test_bleed_grows_the_canvas_and_the_pdf_page() -> None:
    sheet = Sheet("A4", "portrait", bleed_mm=3)
    b = mm_to_px(3)
    assert sheet.size_px == (2480 + 2 * b, 3508 + 2 * b)
    assert sheet.trim.as_tuple() == (b, b, b + 2480, b + 3508)
    assert sheet.size_pt == pytest.approx((mm_to_pt(216), mm_to_pt(303)))
    assert sheet.trim_size_pt == pytest.approx((mm_to_pt(210), mm_to_pt(297)))


def test_crop_marks_stay_in_the_bleed() -> None:
    assert Sheet("A4", "portrait").crop_marks() == []
    sheet = Sheet("A3", "landscape", bleed_mm=3)
    marks = sheet.crop_marks()
    assert len(marks) == 8
    trim = sheet.trim
    w, h = sheet.size_px
    for x0, y0, x1, y1 in marks:
        assert 0 <= x0 <= x1 < w and 0 <= y0 <= y1 < h
        inside = trim.left <= x0 and x1 < trim.right and trim.top <= y0 and y1 < trim.bottom
        assert not inside, "a crop mark must not touch the finished sheet"


def test_scale_follows_the_short_side() -> None:
    assert Sheet("A4", "portrait").scale == 1
    assert Sheet("A4", "landscape").scale == 1
    assert Sheet("A3", "portrait").scale == pytest.approx(297 / 210)
    assert Sheet("A2", "landscape").scale == 2
    assert Sheet("A4", "portrait").pt(12) == 50
    assert Sheet("A2", "portrait").pt(12) == 100
