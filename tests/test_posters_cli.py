"""`board posters` on the sample community and on tiny projects; the size of a big issue."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import REPO, TODAY
from display.posters import build_posters
from display.posters.geometry import Sheet
from display.posters.pdf import page_sizes_pt
from generator.cli import main
from generator.lifecycle import resolve_now


def test_cli_writes_pdf_and_previews(tiny, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    tiny.add_item("notices/2026-11-water.md", """\
        ---
        type: notice
        title: 停水通知
        date: 2026-11-20
        expires: 2026-12-03
        boards: all
        ---

        因管道维修，12月2日停水。
        """)
    out = tmp_path / "out"
    code = main(["posters", "-f", str(tiny.config_file), "--today", TODAY, "--month", "2026-12",
                 "--board", "entrance", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "entrance" in printed and "1 条内容" in printed
    assert (out / "posters" / "entrance" / "2026-12.pdf").is_file()
    assert (out / "posters" / "entrance" / "2026-12" / "page-01.png").is_file()
    assert not (out / "posters" / "notice").exists()


def test_cli_rejects_bad_month_and_board(tiny, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    assert main(["posters", "-f", str(tiny.config_file), "--month", "2026-13",
                 "--out", str(tmp_path / "o")]) == 2
    assert "2026-12" in capsys.readouterr().err
    assert main(["posters", "-f", str(tiny.config_file), "--board", "nope",
                 "--out", str(tmp_path / "o")]) == 2
    assert "nope" in capsys.readouterr().err


@pytest.mark.slow
def test_sample_community_current_month(tmp_path: Path) -> None:
    from generator.loader import load_project

    project = load_project(REPO / "mkdocs.yml")
    assert project is not None and not project.problems.errors
    now = resolve_now(TODAY, project.config.tz)
    report = build_posters(project.items, project.config, now, tmp_path / "site",
                           root=project.root, cache_dir=tmp_path / "cache")
    assert report.month == "2026-11" and not report.warnings
    assert {i.board for i in report.issues} == {"notice", "entrance"}
    for issue in report.issues:
        sheet = Sheet.for_board(project.config.boards[issue.board])
        assert issue.items and issue.items[0] == "notices/2026-11-water-outage"  # urgent first
        assert len(page_sizes_pt(issue.pdf)) == len(issue.pages)
        with Image.open(issue.pages[-1]) as image:
            assert image.size == sheet.size_px


@pytest.mark.slow
def test_sixteen_page_a3_issue_stays_small(tiny, tmp_path: Path) -> None:
    body = "为做好社区服务工作，请各位居民互相转告，按时参加，遵守秩序，保持环境整洁，共建美好家园。" * 6
    for n in range(1, 29):
        tiny.add_item(f"notices/2026-12-n{n:02d}.md", f"""\
            ---
            type: notice
            title: 第{n}号通知：关于冬季社区服务安排的说明
            date: 2026-11-2{n % 9}
            boards: [notice]
            ---

            {body}

            {body}
            """)
    # a board with room for the whole issue (the A3 default of 12 pages would make it a digest)
    config = tiny.config_file.read_text(encoding="utf-8")
    tiny.write_config(config.replace("notice: {paper: A3}", "notice: {paper: A3, max_pages: 40}"))
    loaded = tiny.load()
    now = resolve_now(TODAY, loaded.config.tz)
    report = build_posters(loaded.items, loaded.config, now, tmp_path / "site", root=loaded.root,
                           cache_dir=tmp_path / "cache", month="2026-12", board_ids=["notice"])
    (issue,) = report.issues
    assert len(issue.pages) >= 16
    per_page = issue.pdf.stat().st_size / len(issue.pages)
    assert per_page * 16 < 30 * 1024 * 1024
