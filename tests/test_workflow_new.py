"""`board new`: templates validate, files land in the right folder, nothing is ever overwritten.

Most tests call the CLI in-process (fast); one runs the installed `board` script end to end.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, TinyProject
from generator.archetypes import (BUNDLED_DIR, FOLDERS, PLACEHOLDER, file_stem, name_part,
                                  placeholder_problems, unfilled, yaml_scalar, NewItem)
from generator.cli import main
from generator.model import TYPES, schema_for

BOARD = Path(sys.executable).with_name("board")


def run_new(tiny: TinyProject, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    rc = main(["new", *args, "-f", str(tiny.config_file), "--today", "2026-11-29"])
    out, err = capsys.readouterr()
    return rc, out.strip(), err


def new_file(tiny: TinyProject, capsys: pytest.CaptureFixture[str], *args: str) -> Path:
    rc, out, err = run_new(tiny, *args, capsys=capsys)
    assert rc == 0, err
    path = Path(out)
    return path if path.is_absolute() else Path.cwd() / path


def fill(text: str) -> str:
    """What a clerk does: replace every 【请填写：…】 with real words."""
    return PLACEHOLDER.sub("已按实际情况填写", text)


def file_problems(tiny: TinyProject, path: Path) -> tuple[list, list]:
    """(errors, warnings) about `path`, from the loader, check_project and the placeholder check."""
    from generator.lifecycle import resolve_now

    project = tiny.load()
    problems = list(tiny.check()) + list(
        placeholder_problems(project, resolve_now("2026-11-29", project.config.tz)))
    rel = path.relative_to(tiny.root).as_posix()
    mine = [p for p in problems if p.path == rel]
    return ([p for p in mine if p.severity.value == "error"],
            [p for p in mine if p.severity.value == "warning"])


@pytest.mark.parametrize("item_type", list(TYPES))
def test_every_type_makes_a_file_that_checks_clean_once_filled(
        tiny: TinyProject, capsys: pytest.CaptureFixture[str], item_type: str) -> None:
    path = new_file(tiny, capsys, item_type, "--title", f"测试{TYPES[item_type]}", "--date", "2026-11-20")
    assert path.parent == tiny.content / FOLDERS[item_type]
    assert path.name == f"2026-11-20-测试{TYPES[item_type]}.md"
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data
    text = data.decode("utf-8")
    assert "{{" not in text

    # As written: schema-valid; the only errors are "please fill", each on a marker's line.
    errors, _ = file_problems(tiny, path)
    marker_lines = {n for n, _, _ in unfilled(text)}
    assert marker_lines, "every template asks the clerk for something"
    assert errors and all("还没有填写" in e.message for e in errors), [e.format() for e in errors]
    assert {e.line for e in errors} == marker_lines
    lines = text.splitlines()
    assert all("【请填写：" in lines[e.line - 1] for e in errors)

    # Filled in: no errors and no warnings at all.
    path.write_text(fill(text), encoding="utf-8")
    errors, warnings = file_problems(tiny, path)
    assert not errors and not warnings, [p.format() for p in errors + warnings]
    item = tiny.load().item(path.relative_to(tiny.content).as_posix().removesuffix(".md"))
    assert item.type == item_type and item.title == f"测试{TYPES[item_type]}"
    assert item.date is not None and item.date.day.isoformat() == "2026-11-20"


@pytest.mark.parametrize("item_type", list(TYPES))
def test_template_has_every_required_field_with_a_chinese_comment(item_type: str) -> None:
    """Templates agree with the schema: each required field is present and explained."""
    text = (BUNDLED_DIR / f"{item_type}.md").read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    keys = {m[1]: m[0] for m in re.finditer(r"^([A-Za-z_]+):.*$", front, re.M)}
    required = {name for name, f in schema_for(item_type, 5).fields.items() if f.required}
    if item_type == "gongshi":
        required |= {"days"}  # end or days: the template uses days
    assert required <= set(keys), required - set(keys)
    for name in required:
        line = keys[name]
        assert re.search(r"#.*[\u4e00-\u9fff]", line) or "【请填写：" in line, line


def test_bundled_templates_cover_exactly_the_types_and_the_guide_folders() -> None:
    assert {p.stem for p in BUNDLED_DIR.glob("*.md")} == set(TYPES)
    guide = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^\| `(\w+)/` \|", guide, re.M)) == set(FOLDERS.values())


def test_never_overwrites_and_picks_a_new_name(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    first = new_file(tiny, capsys, "notice", "--title", "停水通知", "--date", "2026-11-20")
    first.write_text(fill(first.read_text(encoding="utf-8")), encoding="utf-8")
    before = first.read_bytes()
    second = new_file(tiny, capsys, "notice", "--title", "停水通知", "--date", "2026-11-20")
    third = new_file(tiny, capsys, "notice", "--title", "停水通知", "--date", "2026-11-20")
    assert first.read_bytes() == before
    assert [second.name, third.name] == ["2026-11-20-停水通知-2.md", "2026-11-20-停水通知-3.md"]


def test_avoids_a_name_that_differs_only_in_case(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    tiny.add_item("notices/2026-11-20-Water.md", "x")
    path = new_file(tiny, capsys, "notice", "--title", "water", "--date", "2026-11-20")
    assert path.name == "2026-11-20-water-2.md"
    assert (tiny.content / "notices" / "2026-11-20-Water.md").read_text(encoding="utf-8") == "x"


def test_avoids_a_name_whose_url_is_taken(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    """停水 and 亭水 are both ting-shui: two files, one URL would be a check error."""
    tiny.add_item("notices/2026-11-20-亭水通知.md", "x")
    path = new_file(tiny, capsys, "notice", "--title", "停水通知", "--date", "2026-11-20")
    assert path.name == "2026-11-20-停水通知-2.md"


@pytest.mark.parametrize("title", [
    '关于3/4栋: "停水" <紧急>|?*', "标题 #1", "yes", "'引号'", "[公告]", "- 列表", "100", "a: b",
    "2026-12-01", "  多个   空格  ",
])
def test_any_title_is_kept_exactly_and_the_name_is_safe_on_windows(
        tiny: TinyProject, capsys: pytest.CaptureFixture[str], title: str) -> None:
    path = new_file(tiny, capsys, "notice", "--title", title, "--date", "2026-11-20")
    assert not re.search(r'[<>:"/\\|?*\s]', path.name) and not path.stem.endswith((".", " "))
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    errors, _ = file_problems(tiny, path)
    assert not errors, [e.format() for e in errors]
    project = tiny.load()
    assert [i.title for i in project.items] == [" ".join(title.split())]


def test_yaml_scalar_round_trips() -> None:
    for text in ["停水通知", "a: b", "#1", "yes", "null", "1.5", "'x'", "{x}", "@a", "`x`", "% x", "x #y"]:
        assert yaml.safe_load(f"v: {yaml_scalar(text)}  # comment") == {"v": text}


def test_name_part_and_stem() -> None:
    assert name_part("关于（3栋）停水的通知！") == "关于-3栋-停水的通知"
    assert name_part("CON") == "CON"  # the date prefix keeps Windows' reserved names away
    from datetime import datetime
    from zoneinfo import ZoneInfo

    when = datetime(2026, 11, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert file_stem(NewItem("event", "", when)) == "2026-11-20-event"
    assert file_stem(NewItem("event", "！！！", when)) == "2026-11-20-event"
    assert len(name_part("长" * 200)) == 40


def test_chinese_type_names_and_folder_names_work(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    assert new_file(tiny, capsys, "公示", "--title", "低保公示").parent.name == "gongshi"
    assert new_file(tiny, capsys, "活动预告", "--title", "集市").parent.name == "events"
    assert new_file(tiny, capsys, "notices", "--title", "停电").parent.name == "notices"


def test_unknown_type_is_explained(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run_new(tiny, "bulletin", capsys=capsys)
    assert rc == 2 and out == ""
    assert "不认识的内容类型「bulletin」" in err and "notice（通知公告）" in err


def test_bad_date_is_explained(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = run_new(tiny, "notice", "--date", "2026-02-30", capsys=capsys)
    assert rc == 2 and "2月只有28天" in err
    assert not list(tiny.content.rglob("*.md"))[1:]  # only index.md


def test_default_date_is_today_and_a_time_is_kept(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    path = new_file(tiny, capsys, "notice", "--title", "今天")
    assert path.name.startswith("2026-11-29-") and "\ndate: 2026-11-29 " in path.read_text(encoding="utf-8")
    timed = new_file(tiny, capsys, "notice", "--title", "定时", "--date", "2026-12-01 09:00")
    assert "\ndate: 2026-12-01 09:00 " in timed.read_text(encoding="utf-8")


def test_without_a_title_the_title_is_a_placeholder(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    path = new_file(tiny, capsys, "notice", "--date", "2026-11-20")
    assert path.name == "2026-11-20-notice.md"
    errors, _ = file_problems(tiny, path)
    assert any(e.field == "title" and "标题" in e.message for e in errors)


def test_prints_only_the_path_and_tells_what_to_fill(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, err = run_new(tiny, "event", "--title", "集市", capsys=capsys)
    assert rc == 0 and len(out.splitlines()) == 1 and out.endswith(".md")
    assert "【请填写：…】" in err and "board check" in err


def test_a_community_template_wins_and_may_have_a_bom(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tiny.root / "archetypes"
    folder.mkdir()
    (folder / "notice.md").write_bytes(
        "\ufeff---\r\ntype: notice\r\ntitle: {{title}}\r\ndate: {{ date }}\r\nissuer: 本社区自定义\r\n---\r\n正文\r\n"
        .encode("utf-8"))
    path = new_file(tiny, capsys, "notice", "--title", "自定义", "--date", "2026-11-20")
    assert path.read_bytes() == "---\ntype: notice\ntitle: 自定义\ndate: 2026-11-20\nissuer: 本社区自定义\n---\n正文\n".encode()
    # other types still come from the bundled defaults
    assert "【请填写：" in new_file(tiny, capsys, "event", "--title", "集市").read_text(encoding="utf-8")


def test_a_template_with_an_unknown_variable_is_reported(tiny: TinyProject, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tiny.root / "archetypes"
    folder.mkdir()
    (folder / "notice.md").write_text("---\ntype: notice\ntitle: {{titel}}\n---\n", encoding="utf-8")
    rc, out, err = run_new(tiny, "notice", "--title", "x", capsys=capsys)
    assert rc == 2 and out == ""
    assert "第 3 行" in err and "{{titel}}" in err and "{{title}}" in err
    assert not (tiny.content / "notices").exists() or not list((tiny.content / "notices").iterdir())


def test_placeholders_in_drafts_are_warnings_and_comments_do_not_count(tiny: TinyProject) -> None:
    from generator.lifecycle import resolve_now

    tiny.add_item("notices/draft.md", """
        ---
        type: notice
        title: 草稿
        date: 2026-11-20
        draft: true
        # summary: 【请填写：摘要】
        ---
        【请填写：正文】

        ```
        【请填写：代码块里的不算】
        ```
    """)
    project = tiny.load()
    problems = placeholder_problems(project, resolve_now("2026-11-29", project.config.tz))
    assert [(p.severity.value, p.line) for p in problems] == [("warning", 8)]


def test_board_new_then_check_from_the_command_line(tiny: TinyProject) -> None:
    """The installed script: `board new` prints a path; `board check` says what is unfilled (exit 1)."""
    env = {"BOARD_TODAY": "2026-11-29", "PATH": str(BOARD.parent), "SYSTEMROOT": ""}
    new = subprocess.run([str(BOARD), "new", "notice", "--title", "停水通知"], cwd=tiny.root,
                         capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert new.returncode == 0, new.stderr
    rel = Path(new.stdout.strip())
    assert rel.as_posix() == "content/notices/2026-11-29-停水通知.md"
    check = subprocess.run([str(BOARD), "check"], cwd=tiny.root, capture_output=True, text=True,
                           encoding="utf-8", env=env, timeout=120)
    assert check.returncode == 1
    assert f"{rel.as_posix()}:10: 错误: 「summary」还没有填写" in check.stdout
    path = tiny.root / rel
    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    check = subprocess.run([str(BOARD), "check"], cwd=tiny.root, capture_output=True, text=True,
                           encoding="utf-8", env=env, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
