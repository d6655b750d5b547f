"""Results kept between runs (generator/memo.py): the loader's items and the checks' layouts.

What matters is that a stored result is never used for inputs that differ: each test changes
one input (a file's bytes, a link's target, mkdocs.yml, a damaged memo file) and asserts that
the outcome equals a load with no memo at all.
"""
from __future__ import annotations

import json
import pickle
from pathlib import Path

from generator.lifecycle import resolve_now
from generator.loader import load_items
from generator.memo import Memo, PickleMemo
from generator.problems import ProblemList
from tests.conftest import NOTICE, TinyProject

TODAY = "2026-11-25"
ITEMS = Path(".cache/board/items.pickle")


def fresh(project: TinyProject) -> tuple[list, list[str]]:
    """Items and problem lines as a load without any memo gives them."""
    loaded = project.load()
    problems = ProblemList()
    items, _pages = load_items(loaded.content_dir, loaded.config, problems, loaded.root)
    return items, sorted(p.format() for p in problems)


def memoised(project: TinyProject) -> tuple[list, list[str]]:
    loaded = project.load()
    return loaded.items, sorted(p.format() for p in loaded.problems)


def test_second_load_takes_items_from_the_memo_and_equals_a_fresh_load(tiny: TinyProject) -> None:
    tiny.add_item("notices/water.md", NOTICE)
    tiny.add_item("notices/bad.md", "---\ntype: notice\ntitle: 缺日期\n---\n\n正文。\n")
    first = memoised(tiny)
    assert (tiny.root / ITEMS).is_file()
    memo = PickleMemo(tiny.root / ITEMS, "any")  # another scope: nothing is used
    assert memo.get("x") is None
    from generator import loader

    calls = []
    original = loader.item_from_bytes
    loader.item_from_bytes = lambda *a: calls.append(a) or original(*a)  # type: ignore[assignment]
    try:
        second = memoised(tiny)
    finally:
        loader.item_from_bytes = original  # type: ignore[assignment]
    assert calls == []  # neither file was parsed again
    assert first == second == fresh(tiny)
    assert any("date" in line for line in second[1])  # the broken file still reports its error


def test_an_edited_file_is_loaded_again(tiny: TinyProject) -> None:
    path = tiny.add_item("notices/water.md", NOTICE)
    assert memoised(tiny)[0][0].title == "停水通知"
    path.write_text(NOTICE.replace("停水通知", "停水通知（更新）"), encoding="utf-8")
    items, problems = memoised(tiny)
    assert items[0].title == "停水通知（更新）"
    assert (items, problems) == fresh(tiny)


def test_links_are_checked_anew_although_the_file_is_unchanged(tiny: TinyProject) -> None:
    tiny.add_item("notices/water.md", NOTICE + "\n见[图](map.png)。\n")
    picture = tiny.content / "notices" / "map.png"
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(picture)
    assert memoised(tiny)[1] == []
    picture.unlink()
    items, problems = memoised(tiny)
    assert any("map.png" in line and "不存在" in line for line in problems)
    assert (items, problems) == fresh(tiny)


def test_changed_settings_validate_every_file_again(tiny: TinyProject) -> None:
    tiny.add_item("notices/water.md", NOTICE)
    assert memoised(tiny)[1] == []
    config = tiny.config_file.read_text(encoding="utf-8")
    tiny.write_config(config.replace("lobby:", "hall:"))  # the item names a screen that is gone
    items, problems = memoised(tiny)
    assert any("lobby" in line for line in problems)
    assert (items, problems) == fresh(tiny)


def test_a_damaged_memo_is_ignored_and_replaced(tiny: TinyProject) -> None:
    tiny.add_item("notices/water.md", NOTICE)
    memoised(tiny)
    for damage in (b"", b"\x80\x04garbage", pickle.dumps({"scope": None}), pickle.dumps([1, 2])):
        (tiny.root / ITEMS).write_bytes(damage)
        assert memoised(tiny) == fresh(tiny)
    with (tiny.root / ITEMS).open("rb") as f:
        assert isinstance(pickle.load(f)["entries"], dict)


def test_json_memo_keeps_only_what_a_run_used(tmp_path: Path) -> None:
    memo = Memo(tmp_path / "m.json", "scope-1")
    memo.put("a", [1, 2])
    memo.put("b", "")
    memo.save()
    again = Memo(tmp_path / "m.json", "scope-1")
    assert again.get("a") == [1, 2] and again.get("b") == ""
    again.save()
    third = Memo(tmp_path / "m.json", "scope-1")
    assert third.get("a") == [1, 2]
    third.save()  # "b" was not used by this run: dropped
    assert Memo(tmp_path / "m.json", "scope-1").get("b") is None
    assert Memo(tmp_path / "m.json", "scope-2").get("a") is None
    (tmp_path / "m.json").write_text("{not json", encoding="utf-8")
    assert Memo(tmp_path / "m.json", "scope-1").get("a") is None


def test_check_results_follow_the_item_and_the_fonts(tiny: TinyProject) -> None:
    """The coverage check's memo: keyed on the item's bytes and the font files' identity."""
    from display import coverage

    path = tiny.add_item("notices/water.md", NOTICE.replace("停水通知", "停水通知\U0003134A"))
    project = tiny.load()
    now = resolve_now(TODAY, project.config.tz)
    first = coverage.coverage_problems(project, now)
    assert [p.line for p in first] == [3] and "U+3134A" in first[0].message
    assert (tiny.root / ".cache/board/coverage.json").is_file()
    assert coverage.coverage_problems(tiny.load(), now) == first  # from the memo
    path.write_text(NOTICE, encoding="utf-8")
    assert coverage.coverage_problems(tiny.load(), now) == []
    path.write_text(NOTICE.replace("停水通知", "停水通知\U0003134A"), encoding="utf-8")
    font = tiny.root / "own.ttf"  # a font of the community's own, named in mkdocs.yml
    from display.fonts import SANS

    font.write_bytes(Path(SANS).read_bytes())
    config = tiny.config_file.read_text(encoding="utf-8")
    tiny.write_config(config.replace("  - board:\n", "  - board:\n      fonts: [own.ttf]\n", 1))
    calls = []
    original = coverage.item_problems
    coverage.item_problems = lambda *a: calls.append(a) or original(*a)  # type: ignore[assignment]
    try:
        again = coverage.coverage_problems(tiny.load(), now)
    finally:
        coverage.item_problems = original  # type: ignore[assignment]
    assert calls and [p.line for p in again] == [3]  # looked at again with the new chain


def test_the_cache_folder_keeps_itself_out_of_git(tiny: TinyProject) -> None:
    """A community repository without `.cache/` in its .gitignore still never commits a memo."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        return
    tiny.add_item("notices/water.md", NOTICE)
    subprocess.run(["git", "init", "-q"], cwd=tiny.root, check=True)
    memoised(tiny)
    assert (tiny.root / ITEMS).is_file()
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tiny.root,
                            check=True, capture_output=True, text=True).stdout
    assert "content/notices/water.md" in status and ".cache" not in status


def _aged(path: Path, past_ns: int = 1_700_000_000 * 10**9) -> None:
    """Set a file's times into the past (outside the racy window of `known_digest`)."""
    import os

    os.utime(path, ns=(past_ns, past_ns))


def test_known_digest_hashes_a_file_again_only_when_it_changed(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from generator import memo

    hashed: list[str] = []
    original = memo.file_digest
    monkeypatch.setattr(memo, "file_digest", lambda p: hashed.append(str(p)) or original(p))
    old = tmp_path / "old.md"
    old.write_text("周三停水。", encoding="utf-8")
    _aged(old)
    first = memo.known_digest(old)
    assert first == original(old) and memo.known_digest(old) == first
    assert hashed == [str(old)]  # the second time from memory
    # the same size and, put back, the same modification time: the change time still differs
    old.write_text("周四停水。", encoding="utf-8")
    _aged(old)
    assert memo.known_digest(old) == original(old) != first
    # a file written just now is hashed every time (a second write in the same clock tick
    # could keep its size and times)
    new = tmp_path / "new.md"
    new.write_text("周五停电。", encoding="utf-8")
    hashed.clear()
    memo.known_digest(new)
    memo.known_digest(new)
    assert hashed == [str(new), str(new)]
    assert memo.known_digest(new, limit=3) is None  # larger than the limit: not read at all


def test_a_resident_load_reads_no_unchanged_file(tiny: TinyProject, monkeypatch) -> None:  # noqa: ANN001
    """`board serve` keeps the item memo in memory: a rebuild reads only the edited file."""
    from generator import loader

    water = tiny.add_item("notices/water.md", NOTICE)
    power = tiny.add_item("notices/power.md", NOTICE.replace("停水通知", "停电通知"))
    _aged(water)
    _aged(power)
    first = loader.load_project(tiny.config_file)
    read: list[str] = []
    original = loader._read_bytes
    monkeypatch.setattr(loader, "_read_bytes", lambda path, *a: read.append(path.name) or original(path, *a))
    second = loader.load_project(tiny.config_file, memo=first.item_memo)
    items_read = lambda: [name for name in read if name != "index.md"]  # noqa: E731 (plain pages are read)
    assert items_read() == [] and second.items == first.items
    power.write_text(NOTICE.replace("停水通知", "计划停电通知"), encoding="utf-8")
    third = loader.load_project(tiny.config_file, memo=second.item_memo)
    assert items_read() == ["power.md"]
    assert sorted(i.title for i in third.items) == ["停水通知", "计划停电通知"]


def test_a_fresh_process_takes_unchanged_files_digests_from_the_last_run(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """`board build` in a new process: files unchanged since the last run are not read again;
    a file rewritten with its size and modification time put back is (its change time moved)."""
    from generator import memo

    root = tmp_path / "community"
    (root / "content").mkdir(parents=True)
    same, edited = root / "content" / "same.md", root / "content" / "edited.md"
    same.write_text("周三停水。", encoding="utf-8")
    edited.write_text("周三停电。", encoding="utf-8")
    outside = tmp_path / "elsewhere.md"  # not this project's: not in its table
    outside.write_text("别处", encoding="utf-8")
    for path in (same, edited, outside):
        _aged(path)
    monkeypatch.setattr(memo, "_known", {})
    before = {path: memo.known_digest(path) for path in (same, edited, outside)}
    table = memo.known_digests_file(root)
    memo.save_known_digests(table, root)
    assert set(json.loads(table.read_text(encoding="utf-8"))["files"]) == {str(same), str(edited)}

    edited.write_text("周四停电。", encoding="utf-8")
    _aged(edited)
    monkeypatch.setattr(memo, "_known", {})  # the next process
    hashed: list[str] = []
    original = memo.file_digest
    monkeypatch.setattr(memo, "file_digest", lambda p: hashed.append(str(p)) or original(p))
    memo.load_known_digests(table)
    assert memo.known_digest(same) == before[same]
    assert memo.known_digest(edited) == original(edited) != before[edited]
    assert hashed == [str(edited)]
    # a damaged or foreign table is ignored, never an error
    for damaged in ("{", '{"format": 99, "files": {}}', '{"format": 1, "files": {"x": [1, 2]}}'):
        table.write_text(damaged, encoding="utf-8")
        monkeypatch.setattr(memo, "_known", {})
        memo.load_known_digests(table)
        assert memo._known == {}
