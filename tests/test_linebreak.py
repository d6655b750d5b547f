"""Chinese line breaking (display.linebreak): every clreq rule as a table row."""
from __future__ import annotations

import pytest

from display.linebreak import NO_END, NO_START, Line, joined, segments, squeeze_plan, wrap


def em(char: str) -> float:
    """A synthetic font: CJK and full-width forms 1 em, everything else half."""
    if char in "“”‘’—…" or ord(char) >= 0x2E80:
        return 1.0
    return 0.5


def lines(text: str, width: float) -> list[str]:
    return [line.text for line in wrap(text, width, em, 1.0)]


@pytest.mark.parametrize("text, width, expected", [
    # closing punctuation never starts a line: the comma joins the line before
    ("一二三四五，六七", 5, ["一二三四", "五，六七"]),
    ("一二三四五。", 5, ["一二三", "四五。"]),  # not 「五。」 alone: a widow pulls 「四」 down
    ("一二三四）五", 4, ["一二三", "四）五"]),
    ("一二三四」五", 4, ["一二三", "四」五"]),
    ("一二三四、五", 4, ["一二三", "四、五"]),
    ("一二三四·五", 4, ["一二三", "四·五"]),
    # opening brackets and quotes never end a line
    ("一二三（四）", 4, ["一二三", "（四）"]),
    ("一二三《四》", 4, ["一二三", "《四》"]),
    ("一二三“四”", 4, ["一二三", "“四”"]),
    # —— and …… are never split
    ("一二三——四", 4, ["一二三", "——四"]),
    ("一二三……四", 4, ["一二", "三……四"]),
    # numbers, times, phone numbers stay whole; a number keeps its unit
    ("开会时间9:00开始", 5, ["开会时间", "9:00开始"]),
    ("电话13800138000", 6, ["电话", "13800138000"]),
    ("截至2026年底", 3.5, ["截至", "2026年", "底"]),
    ("住在13栋", 3, ["住在", "13栋"]),
    # Latin words stay whole, breaking at spaces (which are dropped at the break)
    ("欢迎加入QQ group now", 6, ["欢迎加入QQ", "group now"]),
    ("hello world", 3, ["hello", "world"]),
])
def test_clreq_breaks(text: str, width: float, expected: list[str]) -> None:
    assert lines(text, width) == expected


@pytest.mark.parametrize("text", [
    "“居委会”，通知：9:00开会。",
    "请于2026年12月15日前拨打13800138000——谢谢……",
    "（注意）清理《楼道》杂物，“绿色社区”创建；报名请到一楼。",
])
@pytest.mark.parametrize("width", [2, 3, 4, 5, 7, 11])
def test_no_line_starts_or_ends_badly(text: str, width: float) -> None:
    result = wrap(text, width, em, 1.0)
    assert joined(result) == text
    for line in result[1:]:
        assert line.text[0] not in NO_START, result
    for line in result[:-1]:
        assert line.text[-1] not in NO_END, result
    for a, b in zip(result, result[1:]):
        assert not (a.text.endswith("—") and b.text.startswith("—"))
        assert not (a.text.endswith("…") and b.text.startswith("…"))


def test_squeeze_before_pushing_down() -> None:
    # "，" would start the next line: squeeze the line's brackets and comma to take it in
    result = wrap("一二三（四）五，六七", 7, em, 1.0)
    assert [l.text for l in result] == ["一二三（四）五，", "六七"]
    assert result[0].squeeze == pytest.approx(1.0)
    plan = squeeze_plan(result[0].text, result[0].squeeze, em, 1.0)
    assert sum(px for _, px, _ in plan) == pytest.approx(1.0)
    assert all(px <= 0.5 for _, px, _ in plan)
    assert [result[0].text[i] for i, _, _ in plan] == ["）", "，"]


def test_push_down_when_squeezing_is_not_enough() -> None:
    # "五" itself does not fit: the comma cannot be squeezed in, "五，" moves down together
    assert lines("一二三（四）五，六", 6.5) == ["一二三（四）", "五，六"]


def test_no_squeeze_when_nothing_to_squeeze() -> None:
    assert lines("一二三四五六七", 5) == ["一二三四五", "六七"]


def test_paragraphs_are_hard_breaks() -> None:
    result = wrap("第一段。\n\n第二段很长很长。", 4, em, 1.0)
    assert [l.text for l in result] == ["第一段。", "第二段很", "长很长。"]
    assert result[0].paragraph_start and result[0].paragraph_end
    assert result[1].paragraph_start and not result[1].paragraph_end


def test_overlong_piece_is_cut_as_last_resort() -> None:
    url = "https://example.org/very/long/path"
    result = wrap(url, 5, em, 1.0)
    assert joined(result) == url
    assert all(sum(em(c) for c in l.text) <= 5 for l in result)


def test_segments_keep_clreq_units() -> None:
    assert segments("“居委会”，9:00开会……好") == ["“居", "委", "会”，", "9:00", "开", "会……", "好"]


def test_line_is_plain_data() -> None:
    assert Line("甲") == Line("甲", 0.0, False, False)


# --- the fast path agrees with uniseg ---------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from uniseg.linebreak import line_break_boundaries  # noqa: E402

from display.linebreak import uax14_boundaries  # noqa: E402

_MIXED = st.text(alphabet=st.one_of(
    st.sampled_from(list("社区居委会停水通知“”‘’（）《》【】「」，。、；：？！…—·-/ \u3000　9:00138abcXYZ%￥$.年月日𠮷😀\u200b\u00a0")),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
), max_size=60)


@settings(max_examples=2000, deadline=None)
@given(text=_MIXED)
def test_fast_uax14_equals_uniseg(text: str) -> None:
    assert uax14_boundaries(text) == [b for b in line_break_boundaries(text) if 0 < b < len(text)]
