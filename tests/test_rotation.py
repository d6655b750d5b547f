"""Fair rotation on the screens: urgent items get a bounded share, every live item plays each loop.

The same rule lives in display/rotation.py (check, slides, these tests) and in the player's
`nextFrame` (the screen); the browser test plays a real build and compares the two.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import REPO, TinyProject
from display.rotation import Block, blocks_of, live_at, one_loop, play_sequence, playlist_loop
from display.screens import build_screens
from generator.lifecycle import resolve_now

TZ = ZoneInfo("Asia/Shanghai")
URGENT_ID = "notices/2026-11-water-outage"


def block(item: str, seconds: float, urgent: bool = False, pos: int = 0, frames: int = 1) -> Block:
    return Block(item, item, urgent, pos, pos + frames - 1, seconds, frames)


def urgent_share(blocks: list[Block]) -> float:
    total = sum(b.seconds for b in blocks)
    return sum(b.seconds for b in blocks if b.urgent) / total


# --- the rule -------------------------------------------------------------------------------------

@pytest.mark.parametrize("share", [0.2, 0.5, 0.8])
@pytest.mark.parametrize("normal_count", [1, 3, 12])
@pytest.mark.parametrize("urgent_count", [1, 2])
def test_every_item_plays_each_loop_and_urgent_time_is_bounded(share: float, normal_count: int,
                                                               urgent_count: int) -> None:
    live = [block(f"u{i}", 24, True, 2 * i, 2) for i in range(urgent_count)]
    live += [block(f"n{i}", 12 * (1 + i % 3), False, 10 + 3 * i, 1 + i % 3) for i in range(normal_count)]
    loop = one_loop(live, share)
    assert {b.item for b in loop} == {b.item for b in live}
    assert loop[0].item == "u0"  # pre-empts: the loop starts with it
    long_run = play_sequence(live, share, 12 * 3600)
    # loops = passes of the normal rotation (it wraps at each later n0): each holds every item
    starts = [0] + [n for n, b in enumerate(long_run) if b.item == "n0"][1:] + [len(long_run)]
    for a, b in zip(starts, starts[1:-1]):
        assert {x.item for x in long_run[a:b]} == {x.item for x in live}, long_run[a:b]
    # urgent time stays near the setting, unless once per loop needs more (few normal items)
    urgent_s = sum(b.seconds for b in live if b.urgent)
    forced = urgent_s / (urgent_s + sum(b.seconds for b in live if not b.urgent))
    assert urgent_share(long_run) <= max(share, forced) + 0.02
    assert urgent_share(long_run) >= min(share, forced) - 0.02  # and it is not starved either


def test_half_share_alternates_urgent_and_normal_blocks() -> None:
    live = [block("u", 12, True, 0), block("a", 12, pos=1), block("b", 12, pos=2), block("c", 12, pos=3)]
    assert [b.item for b in play_sequence(live, 0.5, 96)] == ["u", "a", "u", "b", "u", "c", "u", "a"]


def test_several_urgent_items_rotate_among_themselves() -> None:
    live = [block("u1", 10, True, 0), block("u2", 10, True, 1), block("a", 10, pos=2), block("b", 10, pos=3)]
    order = [b.item for b in play_sequence(live, 0.5, 80)]
    assert order == ["u1", "a", "u2", "b", "u1", "a", "u2", "b"]


def test_without_urgent_items_the_loop_is_the_playlist_order() -> None:
    live = [block("a", 12, pos=0), block("b", 24, pos=1, frames=2), block("c", 12, pos=3)]
    assert [b.item for b in one_loop(live, 0.5)] == ["a", "b", "c"]


def test_pages_of_one_item_form_one_block() -> None:
    frames = [{"item": "x", "duration": 8, "priority": "urgent"}, {"item": "x", "duration": 8, "priority": "urgent"},
              {"item": "y", "duration": 8}, {"item": "z", "duration": 8}, {"item": "z", "duration": 8}]
    blocks = blocks_of(enumerate(frames))
    assert [(b.item, b.frames, b.seconds, b.urgent) for b in blocks] == [
        ("x", 2, 16, True), ("y", 1, 8, False), ("z", 2, 16, False)]


# --- the sample community while its urgent notice is live (27 Nov → 2 Dec 18:00) ---------------------

@pytest.fixture(scope="module")
def sample_playlists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict]]:
    from generator.loader import load_project

    project = load_project(REPO / "mkdocs.yml")
    assert project is not None
    out: dict[str, dict[str, dict]] = {}
    cache = tmp_path_factory.mktemp("rotation-cache")
    for day in ("2026-11-29", "2026-12-01"):
        folder = tmp_path_factory.mktemp(f"rotation-{day}")
        now = resolve_now(day, project.config.tz)
        build_screens(project.items, project.config, now, folder, root=project.root, cache_dir=cache)
        out[day] = {sid: json.loads((folder / sid / "playlist.json").read_text(encoding="utf-8"))
                    for sid in project.config.screens}
        out[day]["_folder"] = {"path": str(folder)}
    return out


@pytest.mark.parametrize("day", ["2026-11-29", "2026-12-01"])
@pytest.mark.parametrize("screen", ["lobby", "door"])
@pytest.mark.parametrize("clock", ["09:00", "15:30", "20:00"])
def test_sample_every_live_item_plays_once_per_loop_during_the_urgent_notice(
        sample_playlists, day: str, screen: str, clock: str) -> None:  # noqa: ANN001
    playlist = sample_playlists[day][screen]
    assert playlist["rotation"] == {"urgent_share": 0.5}
    moment = datetime.fromisoformat(f"{day}T{clock}:00+08:00")
    live = blocks_of(live_at(playlist["frames"], moment, TZ, playlist["hours"]))
    items = {b.item for b in live}
    assert URGENT_ID in items and len(items) >= 5, items
    loop = one_loop(live, playlist["rotation"]["urgent_share"])
    assert {b.item for b in loop} == items
    urgent = [b for b in loop if b.urgent]
    assert urgent and len(urgent) < len(loop)  # interleaved, not monopolising
    assert urgent_share(loop) <= 0.5 + max(b.seconds for b in loop) / sum(b.seconds for b in loop)
    # before this change the urgent notice took 157 of 157 frames; now it takes about half
    frames = sum(b.frames for b in loop if b.urgent)
    assert frames < sum(b.frames for b in loop) * 0.7


def test_sample_loops_stay_within_the_sample_limits(sample_playlists) -> None:  # noqa: ANN001
    from generator.loader import load_project

    screens = load_project(REPO / "mkdocs.yml").config.screens
    assert (screens["lobby"].max_loop_minutes, screens["door"].max_loop_minutes) == (12, 10)
    for day in ("2026-11-29", "2026-12-01"):
        for sid, screen in screens.items():
            report = playlist_loop(sample_playlists[day][sid], share=screen.urgent_share,
                                   limit_minutes=screen.max_loop_minutes)
            assert 0 < report.seconds and not report.too_long, report.message()
            assert report.moment is not None


@pytest.mark.parametrize("day", ["2026-11-29", "2026-12-01"])
def test_check_counts_exactly_the_frames_the_build_draws(sample_playlists, tmp_path: Path,
                                                         day: str) -> None:  # noqa: ANN001
    """`board check` lays slides out without drawing them (empty cache here): its entries must
    be the built playlist's, page for page, on every screen of the sample community."""
    from display.screens import screen_entries
    from generator.loader import load_project

    project = load_project(REPO / "mkdocs.yml")
    assert project is not None
    now = resolve_now(day, project.config.tz)
    for sid in project.config.screens:
        counted = screen_entries(project.items, project.config, now, sid, root=project.root,
                                 cache_dir=tmp_path / "empty-cache")
        built = sample_playlists[day][sid]["frames"]
        strip = [{k: v for k, v in e.items() if k not in ("image", "sha256")} for e in built]
        assert [{k: v for k, v in e.items() if k not in ("image", "sha256")} for e in counted] == strip
        assert len({e["item"] for e in built}) > 3 and any(e["page"] != "1/1" for e in built)
    assert not (tmp_path / "empty-cache" / "slides").exists()  # counted, nothing drawn


@pytest.mark.browser
def test_player_interleaves_urgent_like_the_model(sample_playlists, browser) -> None:  # noqa: ANN001
    """The real player on the sample's door screen, 1 Dec 10:00: its order is the model's."""
    from test_player import Server

    folder = Path(sample_playlists["2026-12-01"]["_folder"]["path"])
    playlist = sample_playlists["2026-12-01"]["door"]
    moment = datetime.fromisoformat("2026-12-01T10:00:00+08:00")
    live = blocks_of(live_at(playlist["frames"], moment, TZ, playlist["hours"]))
    loop = one_loop(live, 0.5)
    srv = Server(folder)
    context = browser.new_context(viewport={"width": 400, "height": 200})
    try:
        page = context.new_page()
        page.goto(srv.url("door/index.html") + "?now=2026-12-01T10:00:00%2B08:00&speed=16")
        wanted = sum(b.frames for b in loop) + 1
        page.wait_for_function(f"window.boardPlayer.shown.length >= {wanted}", timeout=60000)
        shown = page.evaluate("window.boardPlayer.shown")
    finally:
        context.close()
        srv.stop()
    items = [s["item"] for s in shown]
    order = [item for n, item in enumerate(items) if n == 0 or items[n - 1] != item]
    assert order[:len(loop)] == [b.item for b in loop]
    assert set(items) >= {b.item for b in live}
    assert not any(s["fallback"] for s in shown)


# --- configuration and warnings --------------------------------------------------------------------

def lobby_line(tiny: TinyProject) -> int:
    lines = tiny.config_file.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip().startswith("lobby:"))


def _config_with(tiny: TinyProject, lobby: str) -> None:
    text = tiny.config_file.read_text(encoding="utf-8")
    tiny.write_config(text.replace("lobby: {size: [1920, 1080], color: full}", f"lobby: {lobby}"))


@pytest.mark.parametrize("setting, message", [
    ("urgent_share: 1", "应在 0.1 到 0.9 之间"),
    ("urgent_share: 一半", "0.5 或 50%"),
    ("max_loop_minutes: 0", "不能小于 1"),
])
def test_bad_policy_is_an_error_with_line(tiny: TinyProject, setting: str, message: str) -> None:
    _config_with(tiny, f"{{size: [1920, 1080], color: full, {setting}}}")
    from generator.loader import load_project

    project = load_project(tiny.config_file)
    problems = [p for p in project.problems.errors if p.path == "mkdocs.yml"]
    assert problems, project.problems
    assert problems[0].line == lobby_line(tiny) and message in problems[0].message
    assert problems[0].field.startswith("plugins.board.screens.lobby.")


def test_policy_accepts_percent_and_has_defaults(tiny: TinyProject) -> None:
    _config_with(tiny, "{size: [1920, 1080], color: full, urgent_share: 30%, max_loop_minutes: 4}")
    config = tiny.load().config
    assert config.screens["lobby"].urgent_share == pytest.approx(0.3)
    assert config.screens["lobby"].max_loop_minutes == 4
    assert (config.screens["door"].urgent_share, config.screens["door"].max_loop_minutes) == (0.5, 10)


def _many_items(tiny: TinyProject, count: int) -> None:
    tiny.add_item("notices/2026-11-28-urgent.md", """
        ---
        type: notice
        title: 紧急停水通知
        date: 2026-11-28
        expires: 2026-12-02 18:00
        priority: urgent
        screens: [lobby, door]
        ---

        12月2日8:00至18:00停水。
        """)
    for n in range(count):
        tiny.add_item(f"notices/2026-11-{10 + n}-n{n}.md", f"""
            ---
            type: notice
            title: 第{n + 1}号通知
            date: 2026-11-{10 + n}
            screens: [lobby, door]
            ---

            {"这是一条用于测试轮播时长的通知正文。" * (3 + 20 * (n == 2))}
            """)


def test_check_warns_when_a_loop_is_too_long_naming_the_longest(tiny: TinyProject, monkeypatch,
                                                                capsys) -> None:  # noqa: ANN001
    _config_with(tiny, "{size: [1920, 1080], color: full, max_loop_minutes: 1}")
    _many_items(tiny, 5)
    from generator.cli import main

    monkeypatch.chdir(tiny.root)
    assert main(["check", "--today", "2026-11-29"]) == 0
    out = capsys.readouterr().out
    warning = next(line for line in out.splitlines() if "max_loop_minutes" in line)
    assert warning.startswith(f"mkdocs.yml:{lobby_line(tiny)}: 警告:")
    assert "轮播一圈要" in warning and "《第3号通知》" in warning  # the longest body, named first
    assert re.search(r"《第3号通知》\d+ 帧", warning)
    assert "door" not in warning and "东门" not in warning
    assert main(["check", "--strict", "--today", "2026-11-29"]) == 1
    assert main(["slides", "--today", "2026-11-29", "--screen", "lobby"]) == 0
    assert "警告：屏幕「lobby」轮播一圈要" in capsys.readouterr().err


def test_tiny_project_urgent_interleaves_and_nothing_is_left_out(tiny: TinyProject, tmp_path: Path) -> None:
    _many_items(tiny, 4)
    project = tiny.load()
    now = resolve_now("2026-11-29", project.config.tz)
    build_screens(project.items, project.config, now, tmp_path / "screens", root=tiny.root,
                  cache_dir=tmp_path / "cache", screen_ids=["door"])
    playlist = json.loads((tmp_path / "screens" / "door" / "playlist.json").read_text(encoding="utf-8"))
    loop = playlist_loop(playlist, share=0.5, limit_minutes=10)
    assert {b.item for b in loop.blocks} == {i.id for i in project.items if "door" in i.screens}
    assert [b.urgent for b in loop.blocks][:4] == [True, False, True, False]
