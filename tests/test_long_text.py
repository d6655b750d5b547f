"""Long bodies on full-colour screens: the page limit in mkdocs.yml, the editor's choice per item
(`screen_text: full | summary`), the summary frame with 「全文见…」 and a QR code, and the
`board check` warning naming the item and the screen."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import TinyProject
from display.slides import FullFrame
from generator.commands._common import full_check
from generator.lifecycle import resolve_now

TODAY = "2026-11-29T10:00"
LONG = "冬季是火灾多发季节，社区将联合物业、消防网格员分楼栋开展入户安全检查，时间为12月3日9:00—11:30。" * 14


def _config(tiny: TinyProject, lobby: str) -> None:
    text = tiny.config_file.read_text(encoding="utf-8")
    tiny.write_config(text.replace("        lobby: {size: [1920, 1080], color: full}", lobby))


def _item(tiny: TinyProject, name: str, extra: str = "", summary: str = "入户检查12月3日开始，请留人在家。") -> Path:
    head = f"summary: {summary}\n" if summary else ""
    return tiny.add_item(f"notices/{name}.md", f"---\ntype: notice\ntitle: 消防检查{name}\ndate: 2026-11-25\n"
                                               f"screens: [lobby]\n{head}{extra}---\n\n{LONG}\n")


def _frames(tiny: TinyProject, name: str) -> tuple[list[Image.Image], tuple[int, int, bool]]:
    from display.profiles import profile_for
    from display.slidedata import slide_data

    project = tiny.load()
    assert not project.problems.errors, project.problems
    item = next(i for i in project.items if i.id == f"notices/{name}")
    profile = profile_for(project.config.screens["lobby"], project.config, project.root)
    frame = FullFrame(slide_data(item, project.config), profile, profile.fonts.chains(), None)
    return frame.frames(), frame.body_plan()


def _black(img: Image.Image) -> int:
    """Pure black pixels: only QR modules are pure black on the navy theme."""
    return img.convert("L").histogram()[0]


def test_limit_and_rule_are_validated_with_line_numbers(tiny: TinyProject) -> None:
    _config(tiny, "        lobby: {size: [1920, 1080], color: full, max_pages: 0, long_text: 全部}")
    from generator.loader import load_project

    project = load_project(tiny.config_file)
    messages = [p.format() for p in project.problems.errors] if project else []
    lines = tiny.config_file.read_text(encoding="utf-8").splitlines()
    at = f"mkdocs.yml:{next(n for n, l in enumerate(lines, 1) if 'max_pages: 0' in l)}:"
    assert any(at in m and "max_pages" in m and "不能小于 1" in m for m in messages), messages
    assert any(at in m and "long_text" in m and "summary" in m for m in messages), messages


def test_item_choice_is_validated(tiny: TinyProject) -> None:
    _item(tiny, "bad", "screen_text: 全部显示\n")
    problems = tiny.load().problems
    assert any(p.field == "screen_text" and p.line == 7 and "可选" in p.message for p in problems.errors), \
        [p.format() for p in problems]


def test_summary_frame_with_qr_and_full_text_by_choice(tiny: TinyProject) -> None:
    _config(tiny, "        lobby: {size: [1920, 1080], color: full, max_pages: 2}")
    _item(tiny, "short")
    _item(tiny, "full", "screen_text: full\n")
    short, (needed, shown, shortened) = _frames(tiny, "short")
    assert needed > 2 and shortened and shown == len(short) == 1
    assert _black(short[0]) > 5000  # the QR code's dark modules
    full, (needed_full, shown_full, shortened_full) = _frames(tiny, "full")
    assert not shortened_full and len(full) == needed_full == needed > 2
    assert all(_black(f) == 0 for f in full)


def test_screen_rule_full_shows_every_page(tiny: TinyProject) -> None:
    _config(tiny, "        lobby: {size: [1920, 1080], color: full, max_pages: 2, long_text: full}")
    _item(tiny, "any")
    _item(tiny, "brief", "screen_text: summary\n")
    frames, (needed, _, shortened) = _frames(tiny, "any")
    assert not shortened and len(frames) == needed > 2
    _, (_, shown, shortened) = _frames(tiny, "brief")
    assert shortened and shown == 1


def test_check_names_the_shortened_items_and_screens(tiny: TinyProject) -> None:
    _config(tiny, "        lobby: {size: [1920, 1080], color: full, max_pages: 2, name: 大厅屏}")
    _item(tiny, "short")
    _item(tiny, "full", "screen_text: full\n")
    _item(tiny, "nosummary", summary="")
    project = tiny.load()
    problems = full_check(project, resolve_now(TODAY, project.config.tz))
    warnings = [p for p in problems.warnings if "页" in p.message and "大厅屏" in p.message]
    by_file = {p.path: p for p in warnings}
    assert set(by_file) == {"content/notices/short.md", "content/notices/nosummary.md"}, \
        [p.format() for p in problems]
    shortened = by_file["content/notices/short.md"]
    assert "《消防检查short》" in shortened.message and "（lobby）" in shortened.message
    assert "screen_text: full" in shortened.message and shortened.line == 6  # the summary line
    assert "没有写 summary" in by_file["content/notices/nosummary.md"].message


@pytest.mark.parametrize("max_pages", [4])
def test_default_limit_keeps_todays_behaviour(tiny: TinyProject, max_pages: int) -> None:
    _item(tiny, "short")
    _, (needed, shown, shortened) = _frames(tiny, "short")
    assert shortened == (needed > max_pages)
