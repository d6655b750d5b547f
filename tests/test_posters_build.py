"""Monthly poster issues end to end: sizes, QR codes, safe margins, finance splits, month, cache."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from display.posters import build_posters
from display.posters.geometry import Sheet, mm_to_px, pt_to_px
from display.posters.issue import Month, MonthError, select_items
from display.posters.pdf import page_sizes_pt
from display.posters.qr import make_qr
from display.linebreak import NO_START
from generator.lifecycle import resolve_now

from conftest import TODAY

zxingcpp = pytest.importorskip("zxingcpp")

NOTICE = """\
---
type: notice
title: 关于冬季楼道消防安全检查的通知
date: 2026-11-20
expires: 2026-12-20  # beyond the 7 days after the December issue goes up (ending_days)
boards: all
contact: 社区居委会 023-6388 1234
---

各位居民：

为做好冬季消防安全工作，社区将于12月1日至3日对各楼栋楼道进行检查，请大家清理楼道杂物，保持消防通道畅通。“安全第一”，感谢配合！

特此通知。
"""

EVENT = """\
---
type: event
title: 旧物交换集市
date: 2026-11-25
start: 2026-12-13 09:00
end: 2026-12-13 12:00
place: 社区服务中心门前广场
boards: [entrance]
summary: 12月13日上午，服务中心门前广场。
---

家里用不上的书本、玩具，带来和邻居交换吧！
"""


def configure(project, boards: str, *, site_url: str | None = "https://example.org/") -> None:  # noqa: ANN001
    text = project.config_file.read_text(encoding="utf-8")
    start = text.index("      boards:\n")
    end = text.index("      catalog:\n")
    text = text[:start] + "      boards:\n" + boards + text[end:]
    if site_url is None:
        text = text.replace("site_url: https://example.org/\n", "")
    project.write_config(text)


def build(project, tmp_path: Path, *, month: str | None = None, today: str = TODAY,  # noqa: ANN001, ANN201
          boards=None, out: str = "site"):  # noqa: ANN001
    loaded = project.load()
    assert not loaded.problems.errors, [p.format() for p in loaded.problems.errors]
    now = resolve_now(today, loaded.config.tz)
    return build_posters(loaded.items, loaded.config, now, tmp_path / out, root=loaded.root,
                         cache_dir=tmp_path / "cache", month=month, board_ids=boards)


def dark_pixels(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    region = image.crop(box).convert("L")
    return sum(region.point(lambda v: 255 if v < 160 else 0).histogram()[255:])


@pytest.mark.parametrize("paper", ["A4", "A3", "A2"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_pdf_and_png_sizes_match_the_paper(tiny, tmp_path: Path, paper: str, orientation: str) -> None:
    configure(tiny, f"        wall: {{paper: {paper}, orientation: {orientation}}}\n")
    tiny.add_item("notices/2026-11-check.md", NOTICE)
    report = build(tiny, tmp_path, month="2026-12")
    (issue,) = report.issues
    sheet = Sheet(paper, orientation)
    assert issue.pdf == tmp_path / "site" / "posters" / "wall" / "2026-12.pdf"
    sizes = page_sizes_pt(issue.pdf)
    assert len(sizes) == len(issue.pages) >= 1
    for size in sizes:
        assert size == pytest.approx(sheet.size_pt, abs=0.05)
    for n, page in enumerate(issue.pages, 1):
        assert page.name == f"page-{n:02d}.png"
        with Image.open(page) as image:
            assert image.size == sheet.size_px


def test_qr_code_on_the_page_decodes_to_the_item_url(tiny, tmp_path: Path) -> None:
    tiny.add_item("notices/2026-11-check.md", NOTICE)
    tiny.add_item("events/2026-12-swap.md", EVENT)
    report = build(tiny, tmp_path, month="2026-12", boards=["entrance"])
    found: set[str] = set()
    for page in report.issues[0].pages:
        with Image.open(page) as image:
            found |= {r.text for r in zxingcpp.read_barcodes(image.convert("L"))}
    assert "https://example.org/notices/2026-11-check/" in found
    assert "https://example.org/events/2026-12-swap/" in found


def test_qr_modules_are_at_least_a_millimetre(tiny, tmp_path: Path) -> None:
    tiny.add_item("notices/2026-11-check.md", NOTICE)
    report = build(tiny, tmp_path, month="2026-12", boards=["entrance"])
    with Image.open(report.issues[0].pages[0]) as image:
        (result,) = zxingcpp.read_barcodes(image.convert("L"))
    pos = result.position
    width_px = abs(pos.top_right.x - pos.top_left.x)  # outer corners of the finder patterns
    n = make_qr(result.text).symbol_size(border=0)[0]
    assert width_px / n >= mm_to_px(1.0) - 1


def test_without_site_url_no_qr_and_a_warning(tiny, tmp_path: Path) -> None:
    configure(tiny, "        entrance: {paper: A4}\n", site_url=None)
    tiny.add_item("notices/2026-11-check.md", NOTICE)
    report = build(tiny, tmp_path, month="2026-12")
    assert any("site_url" in w for w in report.warnings)
    with Image.open(report.issues[0].pages[0]) as image:
        assert zxingcpp.read_barcodes(image.convert("L")) == []


@pytest.mark.parametrize("bleed", [0, 3])
def test_nothing_dark_between_trim_and_safe_margin(tiny, tmp_path: Path, bleed: int) -> None:
    configure(tiny, f"        entrance: {{paper: A4, bleed: {bleed}}}\n")
    tiny.add_item("notices/2026-11-check.md", NOTICE)
    tiny.add_item("events/2026-12-swap.md", EVENT)
    report = build(tiny, tmp_path, month="2026-12")
    sheet = Sheet("A4", "portrait", bleed_mm=bleed)
    trim, safe = sheet.trim, sheet.safe
    band = mm_to_px(10)
    for page in report.issues[0].pages:
        with Image.open(page) as image:
            w, h = image.size
            assert safe.left - trim.left >= band
            strips = [(trim.left, trim.top, trim.right, safe.top), (trim.left, safe.bottom, trim.right, trim.bottom),
                      (trim.left, trim.top, safe.left, trim.bottom), (safe.right, trim.top, trim.right, trim.bottom)]
            for strip in strips:
                assert dark_pixels(image, strip) == 0, f"ink in the margin band {strip} of {page.name}"
            if bleed:
                # crop marks: in the bleed, outside the trim
                marks = dark_pixels(image, (0, 0, w, trim.top)) + dark_pixels(image, (0, trim.bottom, w, h))
                assert marks > 0
            assert dark_pixels(image, safe.as_tuple()) > 0


def test_pdf_page_size_includes_the_bleed(tiny, tmp_path: Path) -> None:
    configure(tiny, "        entrance: {paper: A4, bleed: 3}\n")
    report = build(tiny, tmp_path, month="2026-12")
    (size,) = page_sizes_pt(report.issues[0].pdf)
    assert size == pytest.approx((216 / 25.4 * 72, 303 / 25.4 * 72), abs=0.05)


def _ledger_item(lines: int) -> str:
    rows = "\n".join(f"    - {{date: 2026-11-{1 + n % 28:02d}, voucher: 记-{n + 1:04d}, item: 第{n + 1}笔办公用品采购, amount: 10.00}}"
                     for n in range(lines))
    closing = Decimal("5000.00") - Decimal("10.00") * lines
    return f"""\
---
type: finance
title: 2026年11月社区财务收支公开
period: 2026-11
date: 2026-11-28
prepared_by: 程洪
reviewed_by: 李明
boards: [entrance]
ledger:
  opening: 5000.00
  expense:
{rows}
  closing: {closing}
---

本月收支已经居务监督委员会审核。
"""


def test_long_finance_table_repeats_its_header_and_totals_come_once_at_the_end(tiny) -> None:
    from display.fonts import sans_spec
    from display.posters.compose import Composer, Issue

    tiny.add_item("finance/2026-11.md", _ledger_item(120))
    project = tiny.load()
    assert not project.problems.errors
    now = resolve_now(TODAY, project.config.tz)
    board = project.config.boards["entrance"]
    month = Month.parse("2026-11")
    selection = select_items(project.items, "entrance", month, project.config.tz, now)
    regular, bold = sans_spec().chains()
    composer = Composer(Issue.of(board, month, project.config, now.date()), Sheet.for_board(board),
                        regular, bold, site_url="https://example.org/", content_dir=tiny.content)
    blocks, pages = composer.layout(selection.items)
    assert len(pages) >= 3
    lines_seen = 0
    for number, page in enumerate(pages):
        (piece,) = page
        kinds = [r.kind for r in piece.rows]
        lines_seen += kinds.count("table-line")
        if "table-line" in kinds:
            assert kinds.index("table-head") < kinds.index("table-line"), f"page {number + 1}"
        assert kinds.count("table-head") <= 1
        if number:
            assert kinds[0] == "cont" and piece.rows[0].text.startswith("（续）")
        type_px = composer.type.px("table")
        assert type_px >= pt_to_px(12)  # never shrunk to fit
    assert lines_seen == 120
    totals = [n for n, page in enumerate(pages) for p in page for r in p.rows if r.kind == "total"]
    capital = [n for n, page in enumerate(pages) for p in page for r in p.rows if r.kind == "capital"]
    table_pages = [n for n, page in enumerate(pages) for p in page for r in p.rows if r.kind == "table-line"]
    assert totals == [max(table_pages)] and capital == [max(table_pages)]  # once, at the table's end
    assert max(table_pages) >= len(pages) - 2


def test_month_selection(tiny) -> None:
    tiny.add_item("notices/2026-11-check.md", NOTICE)  # expires 2026-12-20
    tiny.add_item("notices/2027-01-later.md", NOTICE.replace("date: 2026-11-20", "date: 2027-01-02")
                  .replace("expires: 2026-12-20", "expires: 2027-01-30"))
    tiny.add_item("notices/2026-12-scheduled.md", NOTICE.replace("date: 2026-11-20", "date: 2026-12-05")
                  .replace("expires: 2026-12-20", "expires: 2026-12-20"))
    tiny.add_item("notices/2026-10-old.md", NOTICE.replace("date: 2026-11-20", "date: 2026-10-02")
                  .replace("expires: 2026-12-20", "expires: 2026-10-30"))
    tiny.add_item("events/2026-12-swap.md", EVENT)  # entrance only
    project = tiny.load()
    tz = project.config.tz
    now = resolve_now(TODAY, tz)
    dec = select_items(project.items, "notice", Month.parse("2026-12"), tz, now)
    assert [i.id for i in dec.items] == ["notices/2026-11-check"]
    assert [i.id for i in dec.held_back] == ["notices/2026-12-scheduled"]
    later = resolve_now("2026-12-06", tz)
    dec_later = select_items(project.items, "notice", Month.parse("2026-12"), tz, later)
    assert {i.id for i in dec_later.items} == {"notices/2026-11-check", "notices/2026-12-scheduled"}
    nov = select_items(project.items, "entrance", Month.parse("2026-11"), tz, now)
    assert {i.id for i in nov.items} == {"notices/2026-11-check", "events/2026-12-swap"}
    assert select_items(project.items, "notice", Month.parse("2027-01"), tz, now).items == ()


def test_month_parsing() -> None:
    assert Month.parse("2026-12").label == "2026年12月 第12期"
    assert Month.parse("2026年1月").key == "2026-01"
    assert Month.parse("2026-12").next() == Month(2027, 1)
    with pytest.raises(MonthError):
        Month.parse("2026-13")
    with pytest.raises(MonthError):
        Month.parse("十二月")


def test_urgent_item_comes_first(tiny) -> None:
    tiny.add_item("notices/2026-11-check.md", NOTICE)
    tiny.add_item("events/2026-12-swap.md", EVENT.replace("boards: [entrance]", "boards: all\npriority: urgent"))
    project = tiny.load()
    now = resolve_now(TODAY, project.config.tz)
    sel = select_items(project.items, "notice", Month.parse("2026-12"), project.config.tz, now)
    assert sel.items[0].id == "events/2026-12-swap"


def test_empty_month_still_gives_a_sheet(tiny, tmp_path: Path) -> None:
    report = build(tiny, tmp_path, month="2027-03")
    for issue in report.issues:
        assert issue.empty and len(issue.pages) == 1 and issue.pdf.is_file()
    assert any("没有内容" in line for line in report.summary_lines())


def test_unchanged_month_renders_nothing(tiny, tmp_path: Path) -> None:
    tiny.add_item("notices/2026-11-check.md", NOTICE)
    first = build(tiny, tmp_path, month="2026-12")
    assert first.rendered == 2
    again = build(tiny, tmp_path, month="2026-12", out="site2")
    assert again.rendered == 0
    for a, b in zip(first.issues, again.issues):
        assert a.pdf.read_bytes() == b.pdf.read_bytes()
        assert [p.read_bytes() for p in a.pages] == [p.read_bytes() for p in b.pages]
    tiny.add_item("notices/2026-11-check.md", NOTICE.replace("特此通知", "特此通知！"))
    changed = build(tiny, tmp_path, month="2026-12", out="site3")
    assert changed.rendered == 2


def test_no_line_starts_with_closing_punctuation_and_body_is_legible(tiny) -> None:
    from display.fonts import sans_spec
    from display.posters.compose import Composer, Issue

    tiny.add_item("notices/2026-11-check.md", NOTICE)
    project = tiny.load()
    now = resolve_now(TODAY, project.config.tz)
    for board_id in ("notice", "entrance"):
        board = project.config.boards[board_id]
        sheet = Sheet.for_board(board)
        regular, bold = sans_spec().chains()
        composer = Composer(Issue.of(board, Month(2026, 12), project.config, now.date()), sheet,
                            regular, bold, site_url="https://example.org/", content_dir=tiny.content)
        blocks, pages = composer.layout(project.items)
        texts = [r.text for b in blocks for r in b.rows if r.text]
        assert texts and not [t for t in texts if t[0] in NO_START]
        assert composer.type.px("body") >= pt_to_px(12 * sheet.scale)
