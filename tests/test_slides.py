"""LED slides end to end on tiny projects: pixels, playlists, the render cache, coverage."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from PIL import Image

from display.coverage import coverage_problems
from display.profiles import DUAL_PALETTE, profile_for
from display.screens import build_screens, plan_screen
from generator.lifecycle import resolve_now
from generator.problems import Severity
from conftest import REPO, TinyProject

TODAY = "2026-11-29T10:00"

SCREENS = """\
      screens:
        lobby: {{size: [1920, 1080], color: full, duration: 12}}
        door: {{size: [192, 64], color: mono, led_color: red}}
        hall: {{size: [192, 64], color: dual}}
"""

ITEMS = {
    "notices/water.md": """\
        ---
        type: notice
        title: 12月2日3至6栋临时停水通知
        date: 2026-11-27
        expires: 2026-12-02 18:00
        priority: urgent
        screens: all
        summary: 12月2日（周三）8:00至18:00，3至6栋停水，请提前储水。
        ---

        因市政供水管道改造，12月2日8:00至18:00，3至6栋将暂停供水。请提前储水。
        """,
    "notices/long.md": """\
        ---
        type: notice
        title: 关于开展冬季消防安全入户检查的通知
        date: 2026-11-25
        screens: [lobby, door]
        weekdays: [mon, tue, wed, thu, fri]
        hours: ["08:00-12:00", "22:00-02:00"]
        ---

        """ + "冬季是火灾多发季节，社区将联合物业、消防网格员分楼栋开展入户安全检查。" * 12 + "\n",
    "gongshi/contractor.md": """\
        ---
        type: gongshi
        title: 绿化带改造施工单位比选结果公示
        date: 2026-11-26
        end: 2026-12-02
        objection: {phone: 023-6388 1234}
        screens: [lobby, door]
        ---

        拟确定绿源园林工程有限公司为施工单位。
        """,
    "finance/2026-10.md": """\
        ---
        type: finance
        title: 2026年10月社区财务收支公开
        period: 2026-10
        date: 2026-11-10
        prepared_by: 程洪
        reviewed_by: 李明
        screens: [lobby, door]
        ledger:
          opening: 1000.00
          income: [{item: 工作经费, amount: 8000.00}]
          expense: [{item: 办公用品, amount: 198.70}]
          closing: 8801.30
        ---
        """,
    "events/swap.md": """\
        ---
        type: event
        title: 旧物交换集市
        date: 2026-11-28
        start: 2026-12-13 09:00
        end: 2026-12-13 12:00
        place: 社区服务中心门前广场
        screens: [lobby, door, hall]
        ---

        家里用不上的书本、玩具，带来和邻居交换吧！
        """,
    "events/later.md": """\
        ---
        type: event
        title: 太久以后的活动
        date: 2026-12-20
        start: 2026-12-25 09:00
        place: 广场
        screens: [lobby]
        ---
        """,
}


def make_tiny(root: Path) -> TinyProject:
    tiny = TinyProject(root)
    text = tiny.config_file.read_text(encoding="utf-8")
    start = text.index("      screens:")
    end = text.index("      boards:")
    tiny.write_config(text[:start] + SCREENS.format() + text[end:])
    for rel, body in ITEMS.items():
        tiny.add_item(rel, body)
    return tiny


@pytest.fixture
def project(tmp_path: Path) -> TinyProject:
    return make_tiny(tmp_path / "slides")


def build(tiny: TinyProject, out: Path, **kw):  # noqa: ANN003, ANN201
    loaded = tiny.load()
    assert not loaded.problems.errors, loaded.problems
    now = resolve_now(TODAY, loaded.config.tz)
    report = build_screens(loaded.items, loaded.config, now, out / "screens", root=loaded.root,
                           cache_dir=loaded.root / ".cache" / "board", **kw)
    return loaded, report


def playlist(out: Path, screen: str) -> dict:
    return json.loads((out / "screens" / screen / "playlist.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """Built once for the read-only tests (rendering 1080p frames is the slow part)."""
    root = tmp_path_factory.mktemp("slides-built")
    project = make_tiny(root / "src")
    out = root / "site"
    loaded, report = build(project, out, workers=2)
    return project, loaded, out, report


def frames_of(out: Path, screen: str) -> list[Image.Image]:
    data = playlist(out, screen)
    return [Image.open(out / "screens" / screen / entry["image"]) for entry in data["frames"]]


def test_frame_sizes_match_profiles(built) -> None:  # noqa: ANN001
    _, loaded, out, _ = built
    for sid, screen in loaded.config.screens.items():
        frames = frames_of(out, sid)
        assert frames
        assert {f.size for f in frames} == {(screen.width, screen.height)}


def test_mono_frames_have_exactly_two_colours(built) -> None:  # noqa: ANN001
    _, _, out, _ = built
    for frame in frames_of(out, "door"):
        colours = {c for _, c in frame.convert("RGB").getcolors(1 << 16)}
        assert colours == {(0, 0, 0), (255, 0, 0)}


def test_dual_frames_use_only_the_palette(built) -> None:  # noqa: ANN001
    _, _, out, _ = built
    for frame in frames_of(out, "hall"):
        colours = {c for _, c in frame.convert("RGB").getcolors(1 << 16)}
        assert colours <= set(DUAL_PALETTE) and len(colours) >= 2


def test_no_text_outside_the_safe_box(built) -> None:  # noqa: ANN001
    _, loaded, out, _ = built
    profile = profile_for(loaded.config.screens["lobby"], loaded.config, loaded.root)
    m = profile.margin
    for frame in frames_of(out, "lobby"):
        rgb = frame.convert("RGB")
        w, h = rgb.size
        ground = {rgb.getpixel((0, 0)), rgb.getpixel((0, h // 2)), rgb.getpixel((0, h - 1))}
        for strip in ((0, 0, w, m), (0, h - m, w, h), (0, 0, m, h), (w - m, 0, w, h)):
            colours = {c for _, c in rgb.crop(strip).getcolors(1 << 20)}
            assert colours <= ground, (strip, colours - ground)


def test_playlist_fields_and_checksums(built) -> None:  # noqa: ANN001
    _, _, out, _ = built
    data = playlist(out, "lobby")
    assert data["size"] == [1920, 1080] and data["timezone"] == "Asia/Shanghai"
    for entry in data["frames"]:
        path = out / "screens" / "lobby" / entry["image"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        assert path.stem == entry["sha256"]
        assert {"image", "sha256", "duration", "item", "start", "end", "priority"} <= set(entry)
    items = [e["item"] for e in data["frames"]]
    assert items[0] == "notices/water"  # urgent first
    assert "events/later" not in items  # starts after the 7-day lookahead
    assert items[-1] == "fallback"
    assert sum(1 for e in data["frames"] if e["item"] == "fallback") == 8  # today + 7 days
    long = [e for e in data["frames"] if e["item"] == "notices/long"]
    assert long[0]["days"] == [1, 2, 3, 4, 5] and long[0]["hours"] == ["08:00-12:00", "22:00-02:00"]
    assert len(long) > 1 and long[0]["page"] == f"1/{len(long)}"
    water = next(e for e in data["frames"] if e["item"] == "notices/water")
    assert water["start"] == "2026-11-27T00:00:00+08:00" and water["end"] == "2026-12-02T18:00:00+08:00"
    assert water["priority"] == "urgent" and water["duration"] == 12
    # a 公示 gets one slide per day (its days-left line changes), each limited to its day
    days = [e for e in data["frames"] if e["item"] == "gongshi/contractor"]
    assert [e["start"][:10] for e in days] == [f"2026-{d}" for d in
                                              ("11-29", "11-30", "12-01", "12-02")]
    assert days[0]["start"] == "2026-11-29T00:00:00+08:00"
    for listed in (out / "screens" / "lobby" / "frames").iterdir():
        assert listed.stem in {e["sha256"] for e in data["frames"]}


def test_second_build_renders_nothing_and_one_change_rerenders_its_frames(project: TinyProject,
                                                                          tmp_path: Path) -> None:
    out = tmp_path / "site"
    _, first = build(project, out, workers=2)
    assert first.rendered > 0 and first.reused == 0
    before = {sid: playlist(out, sid) for sid in ("lobby", "door")}
    _, again = build(project, out, workers=1)
    assert again.rendered == 0
    assert again.reused == first.rendered
    assert {sid: playlist(out, sid)["frames"] for sid in before} == {
        sid: data["frames"] for sid, data in before.items()}
    # change one item: only its slides (one per screen it is on) are drawn again
    project.add_item("events/swap.md", ITEMS["events/swap.md"].replace("旧物交换集市", "旧物交换市集"))
    _, third = build(project, out, workers=1)
    per_screen = {s.id: s.rendered for s in third.screens}
    assert per_screen == {"lobby": 1, "door": 1, "hall": 1}
    unchanged = [e["sha256"] for e in before["lobby"]["frames"] if e["item"] != "events/swap"]
    assert [e["sha256"] for e in playlist(out, "lobby")["frames"] if e["item"] != "events/swap"] == unchanged


def test_gongshi_after_its_period_says_ended_once_not_a_negative_count(project: TinyProject) -> None:
    """A 公示 kept on screens after its period (a later `expires`) is one slide saying 公示已结束
    for the rest of its time, not a slide per day counting down below zero (还剩 -24 天)."""
    project.add_item("gongshi/ended.md", """\
        ---
        type: gongshi
        title: 低保申请人员名单公示
        date: 2026-11-10
        end: 2026-11-16
        expires: 2026-12-31
        objection: {phone: 023-6388 1234}
        screens: [lobby, door]
        ---

        经审核，下列家庭符合条件。
        """)
    project.add_item("gongshi/ending.md", """\
        ---
        type: gongshi
        title: 楼道照明改造方案公示
        date: 2026-11-25
        end: 2026-11-30
        expires: 2026-12-04
        objection: {phone: 023-6388 1234}
        screens: [lobby]
        ---

        拟更换3至6栋楼道灯具。
        """)
    loaded = project.load()
    assert not loaded.problems.errors, loaded.problems
    now = resolve_now(TODAY, loaded.config.tz)
    for sid in ("lobby", "door"):
        profile = profile_for(loaded.config.screens[sid], loaded.config, loaded.root)
        planned = plan_screen(loaded.items, loaded.config, profile, now, loaded.root)
        ended = [(job, slot) for job, slot in planned if slot.item == "gongshi/ended"]
        assert len(ended) == 1
        job, slot = ended[0]
        assert slot.start.isoformat() == "2026-11-29T00:00:00+08:00"
        assert slot.end is not None and slot.end.date().isoformat() == "2027-01-01"
        said = " ".join([job.data.dateline, *(f"{k} {v}" for k, v in job.data.facts), *job.data.strip])
        assert "公示已结束" in said and "还剩" not in said
        assert job.data.dateline == "2026年11月10日发布"  # the same slide every day
    lobby = profile_for(loaded.config.screens["lobby"], loaded.config, loaded.root)
    ending = [(job, slot) for job, slot in plan_screen(loaded.items, loaded.config, lobby, now, loaded.root)
              if slot.item == "gongshi/ending"]
    assert [(slot.start.date().isoformat(), slot.end.date().isoformat()) for _, slot in ending] == [
        ("2026-11-29", "2026-11-30"), ("2026-11-30", "2026-12-01"), ("2026-12-01", "2026-12-05")]
    assert [dict(job.data.facts).get("剩余") for job, _ in ending] == ["还剩 2 天", "今天截止", None]
    assert dict(ending[-1][0].data.facts)["状态"] == "公示已结束"


def test_parallel_and_serial_render_the_same_bytes(project: TinyProject, tmp_path: Path) -> None:
    loaded = project.load()
    now = resolve_now(TODAY, loaded.config.tz)
    from display.screens import render_jobs

    profile = profile_for(loaded.config.screens["door"], loaded.config, loaded.root)
    jobs = [job for job, _ in plan_screen(loaded.items, loaded.config, profile, now, loaded.root)]
    assert render_jobs(jobs, workers=1) == render_jobs(jobs, workers=2)


def test_coverage_names_file_line_and_code_point(project: TinyProject) -> None:
    project.add_item("notices/names.md", """\
        ---
        type: notice
        title: 表扬吉𠮷同学
        date: 2026-11-20
        boards: [notice]
        ---

        感谢王𰀀同学。
        """)
    loaded = project.load()
    problems = coverage_problems(loaded, resolve_now(TODAY, loaded.config.tz))
    assert len(problems) == 1
    problem = problems[0]
    assert problem.severity is Severity.WARNING  # a name never blocks publishing
    assert (problem.path, problem.line) == ("content/notices/names.md", 8)
    assert "「\U00030000」U+30000" in problem.message


def test_coverage_ignores_drafts_and_expired(project: TinyProject) -> None:
    project.add_item("notices/draft.md", """\
        ---
        type: notice
        title: 王𪚥
        date: 2026-11-20
        draft: true
        boards: [notice]
        ---
        """)
    loaded = project.load()
    assert coverage_problems(loaded, resolve_now(TODAY, loaded.config.tz)) == []


def test_cli_slides(project: TinyProject, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # noqa: ANN001
    from generator.cli import main

    monkeypatch.chdir(project.root)
    monkeypatch.setenv("BOARD_PROGRESS", "plain")
    assert main(["slides", "--today", TODAY, "--screen", "door", "--jobs", "1"]) == 0
    out = capsys.readouterr()
    assert "门" in out.out or "door" in out.out
    assert (project.root / "site" / "screens" / "door" / "playlist.json").is_file()
    assert not (project.root / "site" / "screens" / "lobby").exists()
    assert main(["slides", "--today", TODAY, "--screen", "nope"]) == 2


def test_sample_community_renders(tmp_path: Path) -> None:
    from generator.loader import load_project

    loaded = load_project(REPO / "mkdocs.yml")
    assert loaded is not None
    now = resolve_now("2026-11-29", loaded.config.tz)
    report = build_screens(loaded.items, loaded.config, now, tmp_path / "screens", root=loaded.root,
                           cache_dir=tmp_path / "cache", screen_ids=["door"], workers=1)
    assert report.screens[0].frames > 8


def test_cache_keys_follow_the_drawing_code(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """A change to the code that draws re-renders cached frames; player code does not count."""
    from display import cache

    cache.drawing_code_digest.cache_clear()
    before = cache.drawing_code_digest()
    fake = tmp_path / "display"
    fake.mkdir()
    for path in Path(cache.__file__).resolve().parent.glob("*.py"):
        (fake / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(cache, "__file__", str(fake / "cache.py"))
    cache.drawing_code_digest.cache_clear()
    copied = cache.drawing_code_digest()
    assert copied != before  # posters/ is absent from the copy
    (fake / "player.py").write_text("# changed\n", encoding="utf-8")
    cache.drawing_code_digest.cache_clear()
    same = cache.drawing_code_digest()
    assert same == copied
    (fake / "layout.py").write_text("# changed\n", encoding="utf-8")
    cache.drawing_code_digest.cache_clear()
    assert cache.drawing_code_digest() != same
    cache.drawing_code_digest.cache_clear()
