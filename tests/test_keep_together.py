"""Units a resident reads as one word stay on one line, on the lobby, the door strip and posters;
no paragraph or title ends on a lone character; frames end at sentence ends.

Every unbreakable pattern of issue 14 is a table row, and each row is laid out with a growing
run of text in front of it, so that the unit meets the end of a line at every offset.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from display.fonts import sans_spec
from display.layout import Box, lines_for
from display.linebreak import Line, is_widow, protected_spans, wrap
from display.pagebreak import sentence_ends
from display.posters.geometry import Sheet
from display.posters.typeset import Type
from display.profiles import _full, _pixel
from display.slidedata import SlideData
from display.slides import FullFrame, strip_pages
from generator.config import Screen
from conftest import REPO

CONFIG = SimpleNamespace(fonts=())

UNITS = [  # (unit, names given by the item)
    ("3至6栋", ()),
    ("8:00至18:00", ()),
    ("12:00—14:00", ()),
    ("第3—5条", ()),
    ("1-2块", ()),
    ("2至3分钟", ()),
    ("10月20日", ()),
    ("2026年12月1日", ()),
    ("9:30", ()),
    ("023-6388 1234", ()),
    ("13800138000", ()),
    ("1,234.50元", ()),
    ("程洪", ("程洪",)),
    ("欧阳秀英", ("欧阳秀英",)),
]


@pytest.fixture(scope="module")
def lobby():  # noqa: ANN201
    profile = _full(Screen("lobby", "大厅", 1920, 1080, "full"), CONFIG, REPO)
    return profile, profile.fonts.chains()


@pytest.fixture(scope="module")
def strip():  # noqa: ANN201
    profile = _pixel(Screen("door", "门头", 192, 64, "mono"), CONFIG, REPO)
    return profile, profile.fonts.chains()[0]


@pytest.fixture(scope="module")
def poster() -> Type:
    regular, bold = sans_spec().chains()
    return Type(Sheet("A4", "portrait"), regular, bold)


def _data(body: str, names: tuple[str, ...] = (), strip: tuple[str, ...] = ()) -> SlideData:
    return SlideData(template="notice", community="绿苑社区", label="通知", title="停水通知",
                     dateline="2026年12月1日", body=body, strip=strip or ("停水通知", body),
                     names=names)


def _lobby_lines(lobby, text: str, names: tuple[str, ...]) -> list[Line]:  # noqa: ANN001
    profile, chains = lobby
    frame = FullFrame(_data(text, names), profile, chains, None)
    box = frame.content
    pages = frame._body_pages(box, box.h)
    return [line for page in pages if page is not None for line in page.lines]


def _strip_lines(strip, text: str, names: tuple[str, ...]) -> list[Line]:  # noqa: ANN001
    profile, chain = strip
    _, _, chunks = strip_pages(_data(text, names, ("停水通知", text)), profile, chain)
    return [line for chunk in chunks for line, is_title in chunk if not is_title]


def _poster_lines(t: Type, text: str, names: tuple[str, ...]) -> list[Line]:
    t = Type(t.sheet, t.regular, t.bold, names)
    return t.lines(text, t.px("body"), t.sheet.safe.width, indent_em=2.0)


def _assert_whole(unit: str, text: str, lines: list[Line]) -> None:
    assert "".join("".join(l.text for l in lines).split()) == "".join(text.split())
    assert any(unit in line.text for line in lines), (unit, [l.text for l in lines])


@pytest.mark.parametrize("unit, names", UNITS, ids=[u for u, _ in UNITS])
def test_units_stay_whole_on_the_lobby(lobby, unit: str, names: tuple[str, ...]) -> None:  # noqa: ANN001
    for lead in range(0, 24):
        text = "请" + "居民" * (lead // 2) + "朋" * (lead % 2) + unit + "，请相互转告。"
        _assert_whole(unit, text, _lobby_lines(lobby, text, names))


@pytest.mark.parametrize("unit, names", UNITS, ids=[u for u, _ in UNITS])
def test_units_stay_whole_on_the_door_strip(strip, unit: str, names: tuple[str, ...]) -> None:  # noqa: ANN001
    for lead in range(0, 14):
        text = "请" * lead + unit + "停水"
        _assert_whole(unit, text, _strip_lines(strip, text, names))


@pytest.mark.parametrize("unit, names", UNITS, ids=[u for u, _ in UNITS])
def test_units_stay_whole_on_posters(poster: Type, unit: str, names: tuple[str, ...]) -> None:
    per_line = poster.sheet.safe.width // poster.px("body")
    for lead in range(per_line - 12, per_line + 2):
        text = "请" * lead + unit + "，请相互转告。"
        _assert_whole(unit, text, _poster_lines(poster, text, names))


def test_the_samples_strip_frames_keep_time_and_buildings_together(strip) -> None:  # noqa: ANN001
    profile, chain = strip
    data = _data("", (), ("12月2日3至6栋临时停水通知", "12月2日（周三）8:00至18:00，3至6栋停水，请提前储水。"))
    _, _, chunks = strip_pages(data, profile, chain)
    texts = [[line.text for line, _ in chunk] for chunk in chunks]
    flat = [t for chunk in texts for t in chunk]
    assert any("8:00至18:00" in t for t in flat), texts
    assert any("3至6栋" in t for t in flat[len(texts[0]):]), texts
    # the title is balanced and has no lone 「知」
    title = [line.text for line, is_title in chunks[0] if is_title]
    assert len(title) == 2 and all(len(t) > 1 for t in title), title


def test_a_span_wider_than_a_line_is_broken_at_its_inner_units() -> None:
    em = lambda c: 1.0 if ord(c) >= 0x2E80 else 0.5  # noqa: E731
    lines = [l.text for l in wrap("12月8日至12月19日", 5, em, 1.0)]
    assert lines == ["12月8日", "至12月19", "日"] or all("月" in l for l in lines[:2]), lines
    assert all(sum(em(c) for c in l) <= 5 for l in lines)


def test_protected_spans_cover_each_pattern() -> None:
    text = "12月8日至12月19日，8:00至18:00，3至6栋，第3—5条，1-2块，023-6388 1234，1,234.50元"
    spans = [text[a:b] for a, b in protected_spans(text)]
    assert spans == ["12月8日至12月19日", "8:00至18:00", "3至6栋", "第3—5条", "1-2块",
                     "023-6388 1234", "1,234.50元"]
    named = "拟推荐程洪等5人"
    assert [named[a:b] for a, b in protected_spans(named, ["程洪"])] == ["程洪", "5人"]


# --- widows ------------------------------------------------------------------------------------

def _em(char: str) -> float:
    return 1.0 if ord(char) >= 0x2E80 else 0.5


@pytest.mark.parametrize("text, width", [
    ("一二三四五六七", 6),
    ("社区将开展入户安全检查请配合", 13),
    ("停水期间关闭家中水龙头，防止来水后跑水。恢复供水后请先放水", 9),
])
def test_no_lone_character_on_a_last_line(text: str, width: float) -> None:
    result = wrap(text, width, _em, 1.0)
    assert "".join(l.text for l in result) == text
    assert not is_widow(result), [l.text for l in result]
    assert all(sum(_em(c) for c in l.text) <= width for l in result)


def test_the_sample_title_has_no_widow_anywhere(lobby, strip, poster: Type) -> None:  # noqa: ANN001
    title = "12月2日3至6栋临时停水通知"
    profile, (regular, bold) = lobby
    for width in range(700, 1800, 50):  # every title width a lobby-like screen might have
        lines = lines_for(title, bold, profile.title_sizes[0], width, balance=True)
        assert not is_widow(lines), [l.text for l in lines]
    t = poster
    for width in range(600, 2000, 50):
        lines = t.lines(title, t.px("title"), width, bold=True, balance=True)
        assert not is_widow(lines), [l.text for l in lines]


def test_poster_paragraphs_end_without_a_widow(poster: Type) -> None:
    t = poster
    size, width = t.px("body"), t.sheet.safe.width
    per_line = round(width // size)
    for n in range(2 * per_line - 6, 2 * per_line + 3):  # the first line is two ems shorter
        text = "居" * n + "民。"
        lines = t.lines(text, size, width, indent_em=2.0)
        assert "".join(l.text for l in lines) == text
        assert not is_widow(lines), [l.text for l in lines]


# --- frames: sentence ends, no lone tails --------------------------------------------------------

FRAGMENTS = ["社区将联合物业开展检查", "请居民提前储水", "12月2日8:00至18:00", "3至6栋", "停水",
             "电话023-6388 1234", "费用1,234.50元", "第3—5条", "程洪", "居民朋友们", "恢复供水后请先放水",
             "如有困难请拨打电话", "工作人员将送水上门", "1-2块", "10月20日"]
SENTENCE = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5).map(
    lambda parts: "，".join(parts)) .flatmap(lambda s: st.sampled_from([s + "。", s + "！", s + "；"]))
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=6).map("".join)
NOTICE = st.lists(PARAGRAPH, min_size=1, max_size=4).map("\n".join)
PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _check_frames(pages: list[list[Line]], per_frame: int | None) -> None:
    for page in pages:
        if page:
            assert not is_widow([Line("上一行"), page[-1]]), ("a frame ends on a lone character", page[-1])
    total = sum(len(p) for p in pages)
    if per_frame is not None and len(pages) > 1 and per_frame >= 2 and total >= 2 * len(pages):
        assert all(len(p) >= 2 for p in pages), [[l.text for l in p] for p in pages]


@PROPERTY
@given(text=NOTICE)
def test_no_frame_of_a_notice_ends_on_a_lone_character_on_the_strip(strip, text: str) -> None:  # noqa: ANN001
    profile, chain = strip
    _, _, chunks = strip_pages(_data(text, ("程洪",), ("停水通知", text)), profile, chain)
    pages = [[line for line, _ in chunk] for chunk in chunks]
    assert "".join("".join(l.text for p in pages for l in p).split()) == "".join(("停水通知" + text).split())
    _check_frames(pages, 4)


@PROPERTY
@given(text=NOTICE)
def test_no_frame_of_a_notice_ends_on_a_lone_character_on_the_lobby(lobby, text: str) -> None:  # noqa: ANN001
    profile, chains = lobby
    frame = FullFrame(_data(text, ("程洪",)), profile, chains, None)
    box = Box(frame.content.x, frame.content.y, frame.content.w, frame.content.h // 2)
    pages = [list(p.lines) for p in frame._body_pages(box, box.h) if p is not None]
    _check_frames(pages, max((len(p) for p in pages), default=0))


def test_lobby_pages_end_at_sentence_ends(lobby) -> None:  # noqa: ANN001
    profile, chains = lobby
    body = "冬季是火灾多发季节，社区将联合物业、消防网格员分楼栋开展入户安全检查，时间为12月3日9:00—11:30。" * 9
    frame = FullFrame(_data(body), profile, chains, None)
    box = frame.content  # room for several sentences a page: each page can end with one
    pages = [list(p.lines) for p in frame._body_pages(box, box.h) if p is not None]
    assert len(pages) > 2
    assert all(page[-1].text.endswith("。") for page in pages), [[l.text for l in p] for p in pages]


# --- list numbers on screens -----------------------------------------------------------------

def test_screen_text_keeps_ordered_list_numbers() -> None:
    from generator.plaintext import markdown_to_text

    body = "整改要求：\n\n1. 清理楼道杂物\n2. 疏通消防通道\n\n说明如下。\n\n5. 加强日常巡查\n6. 建立台账\n\n- 附件一\n"
    text = markdown_to_text(body)
    assert text.split("\n\n") == ["整改要求：", "1. 清理楼道杂物", "2. 疏通消防通道", "说明如下。",
                                  "5. 加强日常巡查", "6. 建立台账", "附件一"]


def test_a_list_number_never_ends_a_line() -> None:
    result = [l.text for l in wrap("5. 加强日常巡查", 2.5, _em, 1.0)]
    assert not result[0].rstrip().endswith("."), result
