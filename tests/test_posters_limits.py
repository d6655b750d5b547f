"""What goes on paper and how much of it: the print-date rule, the page cap, reprints.

Pages are counted in the written PDFs with poppler's `pdfinfo` (installed by .ci/run), not in
our own report, so a cap that only the report respected would fail here.
"""
from __future__ import annotations

import hashlib
import re
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from conftest import TinyProject
from display.posters import build_posters
from display.posters.issue import Month, ending_cutoff, hung_from, select_items
from generator.cli import main
from generator.lifecycle import resolve_now

TZ = ZoneInfo("Asia/Shanghai")


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def pdf_pages(pdf: Path) -> int:
    return int(pdfinfo(pdf)["Pages"])


def item(tiny: TinyProject, rel: str, front: str, body: str = "请居民相互转告。") -> None:
    tiny.add_item(rel, f"---\n{front.strip()}\n---\n\n{body}\n")


def ending_project(tiny: TinyProject) -> None:
    item(tiny, "notices/urgent.md", """
type: notice
title: 12月2日停水通知
date: 2026-11-27
expires: 2026-12-02 18:00
priority: urgent
boards: all""", "12月2日8:00至18:00停水。")
    item(tiny, "gongshi/short.md", """
type: gongshi
title: 绿化施工单位比选结果公示
date: 2026-11-26
start: 2026-11-26
end: 2026-12-05
boards: all
objection: {phone: 023-6388 1234}""", "比选结果如下。")
    item(tiny, "notices/long.md", """
type: notice
title: 冬季供暖安排
date: 2026-11-25
expires: 2026-12-20
boards: all""", "供暖自12月起。")
    item(tiny, "notices/open.md", """
type: notice
title: 社区办公时间调整
date: 2026-11-28
boards: all""", "自12月起办公时间调整。")


# --- items ending soon are left out --------------------------------------------------------------

@pytest.mark.parametrize("today, month, days, left_out", [
    ("2026-12-01", "2026-12", 7, {"notices/urgent", "gongshi/short"}),  # hung 1 Dec: both end within 7 days
    ("2026-11-28", "2026-12", 7, {"notices/urgent", "gongshi/short"}),  # printed ahead: counted from 1 Dec
    ("2026-12-01", "2026-12", 3, {"notices/urgent"}),  # the 公示 ends 6 Dec 00:00, after 1 Dec + 3 days
    ("2026-12-01", "2026-12", 1, {"notices/urgent"}),  # ends 2 Dec 18:00: within 1 Dec + 1 day
    ("2026-12-01", "2026-12", 0, set()),  # 0: only what ends on the day the sheets go up
    ("2026-11-29", "2026-11", 7, set()),  # November's issue comes down on 1 Dec: nothing outlives it
    ("2026-12-15", "2026-12", 7, {"notices/long"}),  # a reprint mid-month: ends 20 Dec 24:00
])
def test_items_ending_within_n_days_of_hanging_are_left_out(tiny: TinyProject, today: str, month: str,
                                                            days: int, left_out: set[str]) -> None:
    ending_project(tiny)
    project = tiny.load()
    now = resolve_now(today, TZ)
    the_month = Month.parse(month)
    cutoff = ending_cutoff(the_month, now.date(), days, TZ)
    hung = hung_from(the_month, now.date(), TZ)
    selection = select_items(project.items, "notice", the_month, TZ, now, 30, ending_before=cutoff,
                             hung_from=hung)
    assert {i.id for i in selection.ending} == left_out
    live = {i.id for i in select_items(project.items, "notice", the_month, TZ, now, 30, hung_from=hung).items}
    assert {i.id for i in selection.items} == live - left_out


def test_cli_lists_what_it_left_out_with_its_last_day(tiny: TinyProject, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    ending_project(tiny)
    out = tmp_path / "out"
    assert main(["posters", "-f", str(tiny.config_file), "--today", "2026-12-01", "--board", "entrance",
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 条内容" in printed and "张贴后 7 天内到期" in printed
    assert "《12月2日停水通知》 有效至 12月2日（周三） 18:00" in printed
    assert "《绿化施工单位比选结果公示》 有效至 12月5日（周六）" in printed
    assert "保留到期满" in printed  # a 公示 must stay up for its whole period
    pages = sorted((out / "posters" / "entrance" / "2026-12").glob("page-*.png"))
    assert pdf_pages(out / "posters" / "entrance" / "2026-12.pdf") == len(pages) == 1


# --- the page cap and the digest -----------------------------------------------------------------

BODY = "为做好社区冬季服务工作，请各位居民互相转告，按时参加，遵守秩序，保持环境整洁。" * 8


def many_notices(tiny: TinyProject, count: int) -> None:
    for n in range(1, count + 1):
        item(tiny, f"notices/2026-11-n{n:02d}.md", f"""
type: notice
title: 第{n}号通知：冬季社区服务安排
summary: 第{n}号通知摘要：冬季服务安排与联系方式。
date: 2026-11-{n % 20 + 1:02d}
expires: 2026-12-31
boards: all""", BODY + "\n\n" + BODY)


def test_entrance_issue_is_capped_at_two_a4_pages_as_a_digest(tiny: TinyProject, tmp_path: Path) -> None:
    many_notices(tiny, 14)
    project = tiny.load()
    assert project.config.boards["entrance"].page_limit == 2  # the A4 default
    now = resolve_now("2026-12-01", TZ)
    report = build_posters(project.items, project.config, now, tmp_path / "site", root=tiny.root,
                           cache_dir=tmp_path / "cache", board_ids=["entrance"])
    (issue,) = report.issues
    assert issue.digest and issue.full_pages > 2 and issue.page_limit == 2
    assert pdf_pages(issue.pdf) == len(issue.pages) <= 2
    shown = len(issue.items)
    assert shown + len(issue.omitted) == 14
    lines = "\n".join(report.summary_lines())
    assert f"全部内容要印 {issue.full_pages} 页，超过这个公开栏的 2 页" in lines
    if issue.omitted:
        assert "只列出标题" in lines and f"《{issue.omitted[0]}》" in lines
    # each digest entry's QR code leads to that item's page
    zxingcpp = pytest.importorskip("zxingcpp")
    found = set()
    for page in issue.pages:
        with Image.open(page) as image:
            found |= {r.text for r in zxingcpp.read_barcodes(image.convert("L"))}
    assert {f"https://example.org/{item_id}/" for item_id in issue.items} == found


def test_board_limit_keeps_leading_items_in_full_and_digests_the_rest(tiny: TinyProject,
                                                                     tmp_path: Path) -> None:
    text = tiny.config_file.read_text(encoding="utf-8")
    tiny.write_config(text.replace("notice: {paper: A3}", "notice: {paper: A4, max_pages: 4}"))
    many_notices(tiny, 12)
    project = tiny.load()
    now = resolve_now("2026-12-01", TZ)
    report = build_posters(project.items, project.config, now, tmp_path / "site", root=tiny.root,
                           cache_dir=tmp_path / "cache", board_ids=["notice"])
    (issue,) = report.issues
    assert issue.digest and issue.full_pages > 4
    assert pdf_pages(issue.pdf) <= 4
    assert 0 < issue.in_full < 12 and not issue.omitted and len(issue.items) == 12
    assert "印全文" in "\n".join(report.summary_lines())


def test_an_issue_within_the_limit_is_printed_in_full(tiny: TinyProject, tmp_path: Path) -> None:
    many_notices(tiny, 1)
    project = tiny.load()
    report = build_posters(project.items, project.config, resolve_now("2026-12-01", TZ), tmp_path / "site",
                           root=tiny.root, cache_dir=tmp_path / "cache")
    for issue in report.issues:
        assert not issue.digest and issue.in_full == 1 and pdf_pages(issue.pdf) == len(issue.pages)


@pytest.mark.parametrize("setting, message", [
    ("max_pages: 0", "不能小于 1"),
    ("ending_days: 40", "不能大于 31"),
    ("max_pages: 两页", "应该是整数"),
])
def test_bad_board_limits_are_errors_with_line(tiny: TinyProject, setting: str, message: str) -> None:
    text = tiny.config_file.read_text(encoding="utf-8")
    tiny.write_config(text.replace("entrance: {paper: A4, copies: 16}",
                                   f"entrance: {{paper: A4, copies: 16, {setting}}}"))
    from generator.loader import load_project

    project = load_project(tiny.config_file)
    (problem,) = [p for p in project.problems.errors if p.path == "mkdocs.yml"]
    line = next(n for n, text in enumerate(tiny.config_file.read_text(encoding="utf-8").splitlines(), 1)
                if "entrance:" in text)
    assert problem.line == line and message in problem.message
    assert problem.field == f"plugins.board.boards.entrance.{setting.split(':')[0]}"


# --- reprints ------------------------------------------------------------------------------------

def test_reprint_mid_month_gets_its_own_file_and_marks(tiny: TinyProject, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    ending_project(tiny)
    out = tmp_path / "out"
    args = ["posters", "-f", str(tiny.config_file), "--board", "notice", "--out", str(out)]
    assert main([*args, "--today", "2026-12-01"]) == 0
    first = out / "posters" / "notice" / "2026-12.pdf"
    before = hashlib.sha256(first.read_bytes()).hexdigest()
    capsys.readouterr()
    assert main([*args, "--today", "2026-12-15", "--reprint"]) == 0
    printed = capsys.readouterr().out
    reprint = out / "posters" / "notice" / "2026-12-reprint-20261215.pdf"
    assert reprint.is_file() and "重印版" in printed and reprint.as_posix() in printed
    assert hashlib.sha256(first.read_bytes()).hexdigest() == before  # the first print is kept
    assert "重印" in pdfinfo(reprint)["Title"] and "12月15日" in pdfinfo(reprint)["Title"]
    assert "重印" not in pdfinfo(first)["Title"]
    pages = sorted((out / "posters" / "notice" / "2026-12-reprint-20261215").glob("page-*.png"))
    assert len(pages) == pdf_pages(reprint) >= 1
    # mid-month the rule counts from the reprint's date: the 20 Dec notice is left out
    assert re.search(r"《冬季供暖安排》 有效至 12月20日", printed)
    assert main([*args, "--today", "2026-12-15", "--reprint", "--month", "2027-01"]) == 2
    assert "--reprint 只能重印" in capsys.readouterr().err


def test_reprint_pages_say_so(tiny: TinyProject, tmp_path: Path) -> None:
    """The reprint's date is on the paper (the masthead and footer differ from the first print)."""
    ending_project(tiny)
    project = tiny.load()
    now = resolve_now("2026-12-15", TZ)
    a = build_posters(project.items, project.config, now, tmp_path / "a", root=tiny.root,
                      cache_dir=tmp_path / "cache", board_ids=["entrance"])
    b = build_posters(project.items, project.config, now, tmp_path / "b", root=tiny.root,
                      cache_dir=tmp_path / "cache", board_ids=["entrance"], reprint=True)
    with Image.open(a.issues[0].pages[0]) as first, Image.open(b.issues[0].pages[0]) as second:
        assert first.size == second.size
        diff = [y for y in range(0, first.height, 8)
                if first.crop((0, y, first.width, y + 8)).tobytes() != second.crop((0, y, second.width, y + 8)).tobytes()]
    assert diff and min(diff) < first.height * 0.1 and max(diff) > first.height * 0.9  # masthead, footer
    assert datetime.fromisoformat(b.issues[0].hang_day).day == 15


def test_preview_page_shows_the_issue_notes(tiny: TinyProject, tmp_path: Path) -> None:
    """The editor's preview says what the CLI says: here, which items were left out."""
    from display.preview import _posters_html

    ending_project(tiny)
    project = tiny.load()
    report = build_posters(project.items, project.config, resolve_now("2026-12-01", TZ), tmp_path / "site",
                           root=tiny.root, cache_dir=tmp_path / "cache", board_ids=["entrance"])
    html = _posters_html(report, project.config)
    assert "张贴后 7 天内到期" in html and "《12月2日停水通知》 有效至 12月2日（周三） 18:00" in html
