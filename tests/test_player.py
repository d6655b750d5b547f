"""The screen player in a real headless Chromium, served by a local HTTP server.

Bundles are hand-made (tests/bundles.py), so these tests only depend on the player. Timing uses
short real durations; schedules use the player's virtual clock (`?now=`), so the outcome does not
depend on the machine's date or time zone.
"""
from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bundles import FrameSpec, make_bundle, screen, write_playlist
from display.player import render_player, write_player

DAY = "2026-11-29"  # a Sunday (weekday 6)

pytestmark = pytest.mark.browser


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class Server:
    """A static server on 127.0.0.1 that the test can stop mid-run."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(Quiet, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.running = True

    def url(self, path: str = "index.html") -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/{path}"

    def stop(self) -> None:
        if self.running:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.running = False


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[Path], Server]]:
    servers: list[Server] = []

    def start(root: Path) -> Server:
        servers.append(Server(root))
        return servers[-1]

    yield start
    for s in servers:
        s.stop()


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201 - playwright objects
    context = browser.new_context(viewport={"width": 400, "height": 240}, device_scale_factor=1)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, errors


def shown(pg) -> list[dict]:  # noqa: ANN001
    return pg.evaluate("window.boardPlayer.shown")


def wait_items(pg, count: int, timeout: float = 15) -> list[dict]:  # noqa: ANN001
    pg.wait_for_function(f"window.boardPlayer && window.boardPlayer.shown.length >= {count}",
                         timeout=timeout * 1000)
    return shown(pg)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone(timedelta(hours=8))).isoformat(timespec="seconds")


def open_player(pg, srv: Server, query: str = "") -> None:  # noqa: ANN001
    pg.goto(srv.url("index.html") + query)


def test_frames_rotate_in_order_after_their_durations(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    make_bundle(root, [FrameSpec("a", 0, 1), FrameSpec("b", 1, 2), FrameSpec("c", 2, 1)])
    write_player(screen(), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00")
    seen = wait_items(page, 5)
    assert [s["item"] for s in seen[:5]] == ["a", "b", "c", "a", "b"]
    gaps = [(seen[i + 1]["at"] - seen[i]["at"]) / 1000 for i in range(4)]
    for gap, expected in zip(gaps, [1, 2, 1, 1]):
        assert expected - 0.05 <= gap <= expected + 0.5, gaps


def test_shows_the_frame_at_exact_pixel_size(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    make_bundle(root, [FrameSpec("a", 0, 30)], size=(320, 180))
    write_player(screen(size=(320, 180)), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00")
    wait_items(page, 1)
    box = page.eval_on_selector("#stage img", "e => e.getBoundingClientRect().toJSON()")
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 320, 180)
    shot = tmp_path / "shot.png"
    page.screenshot(path=str(shot))
    from PIL import Image

    with Image.open(shot) as img:
        assert img.convert("RGB").getpixel((300, 170)) == (200, 30, 30)  # the frame's colour
        assert img.convert("RGB").getpixel((350, 200)) == (0, 0, 0)  # outside the panel: black


def test_small_screen_preview_scales_by_whole_pixels(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "door"
    make_bundle(root, [FrameSpec("a", 2, 30)], size=(96, 32), mode="mono", screen_id="door")
    write_player(screen("door", size=(96, 32), color="mono"), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00&scale=4")
    wait_items(page, 1)
    shot = tmp_path / "door.png"
    page.screenshot(path=str(shot))
    from PIL import Image

    with Image.open(shot) as img:
        colours = {c for _, c in img.convert("RGB").crop((0, 0, 384, 128)).getcolors(1 << 16)}
    assert colours == {(0, 0, 0), (255, 0, 0)}, colours  # pixelated: no blended edge colours


def test_item_outside_its_hours_or_weekdays_is_not_shown(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    make_bundle(root, [
        FrameSpec("always", 0, 0.5),
        FrameSpec("morning", 1, 0.5, hours=["07:00-09:00"]),
        FrameSpec("night", 2, 0.5, hours=["22:00-06:00"]),  # crosses midnight
        FrameSpec("weekdays", 3, 0.5, days=[1, 2, 3, 4, 5]),  # ISO; the test day is a Sunday
        FrameSpec("later", 4, 0.5, start=f"{DAY}T12:00:00+08:00"),
        FrameSpec("over", 5, 0.5, end=f"{DAY}T09:00:00+08:00"),
        FrameSpec("sundays", 7, 0.5, days=[7]),
    ])
    write_player(screen(), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T03:30:00%2B08:00")
    assert {s["item"] for s in wait_items(page, 10)} == {"always", "night", "over", "sundays"}
    open_player(page, srv, f"?now={DAY}T08:30:00%2B08:00")
    assert {s["item"] for s in wait_items(page, 10)} == {"always", "morning", "over", "sundays"}


def test_item_appears_when_its_window_opens(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    make_bundle(root, [FrameSpec("now", 0, 0.5),
                       FrameSpec("soon", 1, 0.5, start=f"{DAY}T09:59:59+08:00",
                                 end=f"{DAY}T10:00:03+08:00")])
    write_player(screen(), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T09:59:57%2B08:00")
    seen = wait_items(page, 16)
    items = [s["item"] for s in seen]
    first_soon = items.index("soon")
    assert seen[first_soon]["at"] >= datetime.fromisoformat(f"{DAY}T09:59:59+08:00").timestamp() * 1000
    # and it leaves when the window closes
    late = [s for s in seen if s["at"] >= datetime.fromisoformat(f"{DAY}T10:00:03+08:00").timestamp() * 1000]
    assert late and all(s["item"] == "now" for s in late)


def test_fallback_when_nothing_is_scheduled(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    playlist = make_bundle(root, [FrameSpec("evening", 0, 1, hours=["18:00-20:00"])])
    write_player(screen(), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00")
    seen = wait_items(page, 1)
    assert seen[0]["fallback"] is True and seen[0]["sha256"] == playlist["frames"][-1]["sha256"]


def test_urgent_item_preempts_within_one_poll_and_leaves_when_it_expires(
        tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    specs = [FrameSpec("a", 0, 1), FrameSpec("b", 1, 1)]
    make_bundle(root, specs)
    write_player(screen(poll=1), root)
    srv = serve(root)
    open_player(page, srv)  # the real clock: the urgent window below is real time
    wait_items(page, 2)
    until = (datetime.now(timezone.utc) + timedelta(seconds=6)).replace(microsecond=0)
    make_bundle(root, [*specs, FrameSpec("urgent", 3, 30, priority="urgent",
                                         start="2026-01-01T00:00:00+08:00", end=iso(until))])
    added = time.monotonic()
    page.wait_for_function("window.boardPlayer.current && window.boardPlayer.current.item == 'urgent'",
                           timeout=10000)
    assert time.monotonic() - added < 3.0  # one poll (1 s) plus loading, not the rotation's turn
    time.sleep(max(0.0, until.timestamp() - time.time() - 1.5))
    assert page.evaluate("window.boardPlayer.current.item") == "urgent"  # stays though 30 s > 1 s
    page.wait_for_function("window.boardPlayer.current.item != 'urgent'", timeout=5000)
    assert time.time() >= until.timestamp() - 0.2


def test_keeps_rotating_when_the_server_goes_away(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    make_bundle(root, [FrameSpec("a", 0, 0.5), FrameSpec("b", 1, 0.5)])
    write_player(screen(poll=1), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00")
    before = len(wait_items(page, 2))
    srv.stop()
    time.sleep(3)
    state = page.evaluate("window.boardPlayer")
    assert state["pollErrors"] >= 1
    assert len(state["shown"]) >= before + 4
    assert {s["item"] for s in state["shown"][before:]} == {"a", "b"}
    assert page.evaluate("document.querySelector('#stage img').naturalWidth") == 320


def test_missing_or_corrupt_frames_are_skipped(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    playlist = make_bundle(root, [FrameSpec("a", 0, 0.5), FrameSpec("gone", 1, 0.5),
                                  FrameSpec("half", 2, 0.5), FrameSpec("c", 3, 0.5)])
    (root / playlist["frames"][1]["image"]).unlink()  # a frame the upload never delivered
    half = root / playlist["frames"][2]["image"]
    half.write_bytes(half.read_bytes()[: half.stat().st_size // 2])  # a half-uploaded file
    write_player(screen(), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00")
    seen = wait_items(page, 6)
    assert [s["item"] for s in seen[:4]] == ["a", "c", "a", "c"]
    failed = page.evaluate("window.boardPlayer.failed")
    assert {f["why"] for f in failed} >= {"sha256 mismatch"} and len(failed) == 2


def test_new_playlist_picks_up_changes_and_keeps_cached_frames(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    make_bundle(root, [FrameSpec("a", 0, 0.5)])
    write_player(screen(poll=1), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00")
    wait_items(page, 1)
    make_bundle(root, [FrameSpec("a", 0, 0.5), FrameSpec("b", 1, 0.5)])
    page.wait_for_function("window.boardPlayer.shown.some(s => s.item == 'b')", timeout=5000)
    write_playlist(root, {"frames": "not a list"})  # a broken playlist must not stop playback
    time.sleep(2)
    assert page.evaluate("window.boardPlayer.current.item") in {"a", "b"}


def test_js_sha256_matches_python(tmp_path: Path, serve, page) -> None:
    """Plain-HTTP LAN boxes have no crypto.subtle: the page's own SHA-256 must be right."""
    root = tmp_path / "b"
    make_bundle(root, [FrameSpec("a", 0, 5)])
    write_player(screen(), root)
    srv = serve(root)
    open_player(page, srv)
    page.wait_for_function("window.boardPlayer")
    for n in (0, 1, 55, 56, 63, 64, 65, 1000, 100_003):
        data = bytes((i * 7 + n) % 256 for i in range(n))
        got = page.evaluate("a => window.boardPlayer.sha256(new Uint8Array(a))", list(data))
        assert got == hashlib.sha256(data).hexdigest(), n


def test_page_is_self_contained() -> None:
    page = render_player(screen())
    assert "http://" not in page and "https://" not in page and "<link rel=\"stylesheet\"" not in page
    assert "src=" not in page.split("<script>")[0]
    config = json.loads(page.split('id="board-config">')[1].split("</script>")[0])
    assert (config["width"], config["height"], config["poll"]) == (320, 180, 60)


def test_screen_name_cannot_break_out_of_the_config(tmp_path: Path) -> None:
    from dataclasses import replace

    page = render_player(replace(screen(), name="</script><script>alert(1)</script>"))
    assert page.count("<script>alert(1)") == 0 and page.count("</script>") == 2
    config = json.loads(page.split('id="board-config">')[1].split("</script>")[0])
    assert config["name"] == "</script><script>alert(1)</script>"


def test_plays_a_real_build(tiny, tmp_path: Path, serve, page) -> None:  # noqa: ANN001
    """The slide renderer's playlist, as built, plays: item hours are honoured on the screen."""
    screens = pytest.importorskip("display.screens")
    from generator.lifecycle import resolve_now

    tiny.add_item("notices/2026-11-water.md", """
        ---
        type: notice
        title: 停水通知
        date: 2026-11-20
        screens: [door]
        ---

        因管道维修，11月30日停水。
        """)
    tiny.add_item("notices/2026-11-evening.md", """
        ---
        type: notice
        title: 晚间广场舞暂停
        date: 2026-11-21
        screens: [door]
        hours: ["18:00-20:00"]
        ---

        本周晚间广场舞暂停。
        """)
    project = tiny.load()
    now = resolve_now("2026-11-29", project.config.tz)
    out = tmp_path / "site" / "screens"
    screens.build_screens(project.items, project.config, now, out, root=tiny.root,
                          cache_dir=tmp_path / "cache", screen_ids=["door"], workers=1)
    door = out / "door"
    if not (door / "index.html").exists():  # build_screens without the player hook
        write_player(project.config.screens["door"], door)
    playlist = json.loads((door / "playlist.json").read_text(encoding="utf-8"))
    items = {f["item"] for f in playlist["frames"]} - {"fallback"}
    assert len(items) == 2
    evening = next(f["item"] for f in playlist["frames"] if f.get("hours"))
    srv = serve(out)
    pg = page
    pg.goto(srv.url("door/index.html") + f"?now={DAY}T10:00:00%2B08:00&speed=8")
    day_items = {s["item"] for s in wait_items(pg, 4)}
    assert evening not in day_items and not any(s["fallback"] for s in shown(pg))
    pg.goto(srv.url("door/index.html") + f"?now={DAY}T19:00:00%2B08:00&speed=8&scale=3")
    wait_items(pg, 4)
    assert evening in {s["item"] for s in shown(pg)}
    pg.screenshot(path=str(tmp_path / "door-real.png"))  # kept in pytest's basetemp to look at


def test_dark_without_fallback_then_plays_what_a_poll_brings(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    make_bundle(root, [FrameSpec("evening", 0, 1, hours=["18:00-20:00"])], fallback=False)
    write_player(screen(poll=1), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00")
    page.wait_for_function("window.boardPlayer.polls >= 3", timeout=10000)
    assert shown(page) == [] and page.evaluate("document.querySelectorAll('#stage img').length") == 0
    make_bundle(root, [FrameSpec("now", 1, 1)], fallback=False)  # "evening" dropped from cache
    assert wait_items(page, 1)[0]["item"] == "now"


def test_pushed_target_plays_through_the_pointer_and_reloads_a_new_player(
        tmp_path: Path, serve, page) -> None:
    from display.push import POINTER, LocalTransport, push_bundle

    one, two = tmp_path / "one", tmp_path / "two"
    make_bundle(one, [FrameSpec("a", 0, 1)])
    make_bundle(two, [FrameSpec("b", 1, 1)])
    for b in (one, two):
        write_player(screen(poll=1), b)
    target = tmp_path / "target"
    push_bundle(one, screen(poll=1), LocalTransport(target))
    srv = serve(target)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00")
    assert wait_items(page, 1)[0]["item"] == "a"
    push_bundle(two, screen(poll=1), LocalTransport(target))  # the box follows current.json
    page.wait_for_function("window.boardPlayer.current && window.boardPlayer.current.item == 'b'",
                           timeout=5000)
    pointer = json.loads((target / POINTER).read_text(encoding="utf-8"))
    (target / POINTER).write_text(json.dumps({**pointer, "player": "999"}), encoding="utf-8")
    page.wait_for_function("sessionStorage.getItem('board-player-reload') == '999'", timeout=5000)
    page.wait_for_function("window.boardPlayer && window.boardPlayer.polls >= 3", timeout=10000)
    assert page.evaluate("window.boardPlayer.current.item") == "b"  # reloaded once, no loop


# --- valid_until, drawn fallback, bounded failures, fit-to-screen ----------------------------------

def test_after_valid_until_shows_content_pending_with_the_device_date_and_keeps_polling(
        tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    playlist = make_bundle(root, [FrameSpec("a", 0, 0.5, end="2027-06-01T00:00:00+08:00")])
    playlist["community"] = "测试社区居民委员会"
    write_playlist(root, playlist)
    write_player(screen(poll=0.5), root)
    srv = serve(root)
    # just before the playlist's week ends: it plays, then stops at valid_until (2026-12-07 00:00)
    open_player(page, srv, "?now=2026-12-06T23:59:58%2B08:00")
    wait_items(page, 1)
    page.wait_for_function("window.boardPlayer.notice && window.boardPlayer.notice.stale", timeout=8000)
    assert page.evaluate("window.boardPlayer.notice.lines") == ["测试社区居民委员会", "内容待更新",
                                                               "2026年12月7日 星期一"]
    # months later (the 2027-03-01): the device's own date, never the playlist's days
    open_player(page, srv, "?now=2027-03-01T10:00:00%2B08:00")
    page.wait_for_function("window.boardPlayer.notice", timeout=8000)
    assert page.evaluate("window.boardPlayer.notice.lines")[1:] == ["内容待更新", "2027年3月1日 星期一"]
    assert shown(page) == []  # the item's window (to June) is still open, but the playlist is stale
    assert page.evaluate("document.querySelectorAll('#stage canvas').length") == 1
    shot = tmp_path / "stale.png"
    page.screenshot(path=str(shot))
    from PIL import Image

    with Image.open(shot) as img:  # something is drawn on the panel (not a dark screen)
        assert len(img.convert("RGB").crop((0, 0, 320, 180)).getcolors(1 << 16)) > 2
    polls = page.evaluate("window.boardPlayer.polls")
    page.wait_for_function(f"window.boardPlayer.polls >= {polls + 2}", timeout=5000)  # keeps trying
    fresh = make_bundle(root, [FrameSpec("new", 1, 0.5, start="2027-03-01T00:00:00+08:00",
                                         end="2027-03-10T00:00:00+08:00")])
    fresh["valid_until"] = "2027-03-08T00:00:00+08:00"
    write_playlist(root, fresh)
    page.wait_for_function("window.boardPlayer.shown.some(s => s.item == 'new')", timeout=8000)
    assert page.evaluate("window.boardPlayer.notice") is None


def test_fallback_never_shows_another_day(tmp_path: Path, serve, page) -> None:
    """The day's fallback frame is missing: a drawn slide with today's date, not an old frame."""
    root = tmp_path / "b"
    playlist = make_bundle(root, [FrameSpec("evening", 0, 1, hours=["18:00-20:00"])])
    fb = playlist["frames"][-1]
    fb["start"], fb["end"] = "2026-11-27T00:00:00+08:00", "2026-11-28T00:00:00+08:00"
    write_playlist(root, playlist)
    write_player(screen(), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00")
    page.wait_for_function("window.boardPlayer.notice", timeout=8000)
    notice = page.evaluate("window.boardPlayer.notice")
    assert notice["stale"] is False and notice["lines"][-1] == "2026年11月29日 星期日"
    assert shown(page) == []


def test_failed_frames_list_stays_bounded_over_many_polls(tmp_path: Path, serve, page) -> None:
    root = tmp_path / "b"
    specs = [FrameSpec("ok", 0, 0.5)] + [FrameSpec(f"gone{n}", n % 8, 0.5) for n in range(60)]
    playlist = make_bundle(root, specs)
    for n, frame in enumerate(playlist["frames"][1:61]):  # 60 distinct frames that never arrive
        frame["image"], frame["sha256"] = f"frames/missing-{n}.png", hashlib.sha256(b"%d" % n).hexdigest()
    write_playlist(root, playlist)
    write_player(screen(poll=0.3), root)
    srv = serve(root)
    open_player(page, srv, f"?now={DAY}T10:00:00%2B08:00")
    wait_items(page, 1, timeout=30)  # playback starts once every frame loaded or failed
    polls = page.evaluate("window.boardPlayer.polls")
    page.wait_for_function(f"window.boardPlayer.polls >= {polls + 8}", timeout=20000)
    failed = page.evaluate("window.boardPlayer.failed")
    assert len(failed) == 50  # at most 50 records, however many polls retried them
    assert {s["item"] for s in shown(page)} == {"ok"}
    del playlist["frames"][4:61]  # the playlist drops all but three broken frames
    write_playlist(root, playlist)
    page.wait_for_function("window.boardPlayer.failed.length == 3", timeout=5000)
    polls = page.evaluate("window.boardPlayer.polls")
    page.wait_for_function(f"window.boardPlayer.polls >= {polls + 6}", timeout=10000)
    failed = page.evaluate("window.boardPlayer.failed")
    assert len(failed) == 3  # one record per frame, retried on every poll and counted in place
    assert min(f["count"] for f in failed) >= 4, failed


def _marked_frame(root: Path, playlist: dict, index: int, size: tuple[int, int]) -> None:
    """Give a frame a green right edge and a blue bottom edge, 40 px wide each."""
    from PIL import Image, ImageDraw

    w, h = size
    img = Image.new("RGB", size, (200, 30, 30))
    draw = ImageDraw.Draw(img)
    draw.rectangle([w - 40, 0, w - 1, h - 1], fill=(0, 200, 0))
    draw.rectangle([0, h - 40, w - 41, h - 1], fill=(0, 0, 220))
    path = root / "frames" / "marked.png"
    img.save(path, "PNG")
    playlist["frames"][index].update(image="frames/marked.png",
                                     sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    write_playlist(root, playlist)


def test_fit_to_screen_letterboxes_a_1080p_slide_on_a_1366x768_tv(tmp_path: Path, serve, browser) -> None:  # noqa: ANN001
    from PIL import Image

    root = tmp_path / "b"
    playlist = make_bundle(root, [FrameSpec("a", 0, 60)], size=(1920, 1080))
    _marked_frame(root, playlist, 0, (1920, 1080))
    write_player(screen(size=(1920, 1080)), root)
    srv = serve(root)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, device_scale_factor=1)
    try:
        pg = context.new_page()
        pg.goto(srv.url() + f"?now={DAY}T10:00:00%2B08:00")  # today's behaviour: pixel for pixel
        wait_items(pg, 1)
        pg.screenshot(path=str(tmp_path / "cut.png"))
        with Image.open(tmp_path / "cut.png") as img:
            assert img.convert("RGB").getpixel((1360, 300)) == (200, 30, 30)  # green edge cut off
        pg.goto(srv.url() + f"?now={DAY}T10:00:00%2B08:00&fit=1")
        wait_items(pg, 1)
        box = pg.eval_on_selector("#stage", "e => e.getBoundingClientRect().toJSON()")
        assert box["x"] >= 0 and box["y"] >= 0
        assert box["x"] + box["width"] <= 1366 and box["y"] + box["height"] <= 768
        assert box["width"] >= 1365 and box["height"] == 768  # as large as the TV allows
        pg.screenshot(path=str(tmp_path / "fit.png"))
        with Image.open(tmp_path / "fit.png") as img:
            rgb = img.convert("RGB")
            right, bottom, middle = rgb.getpixel((1355, 300)), rgb.getpixel((600, 760)), rgb.getpixel((600, 300))
        assert right[1] > 150 and right[0] < 60, right  # the slide's right edge is on screen
        assert bottom[2] > 150 and bottom[0] < 60, bottom  # and its bottom edge
        assert middle == (200, 30, 30)
    finally:
        context.close()


def test_fit_to_screen_scales_an_led_strip_by_whole_pixels(tmp_path: Path, serve, browser) -> None:  # noqa: ANN001
    from PIL import Image

    root = tmp_path / "door"
    playlist = make_bundle(root, [FrameSpec("a", 2, 60)], size=(192, 64), mode="mono", screen_id="door")
    playlist["fit"] = True  # the playlist option instead of the query parameter
    write_playlist(root, playlist)
    write_player(screen("door", size=(192, 64), color="mono"), root)
    srv = serve(root)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, device_scale_factor=1)
    try:
        pg = context.new_page()
        pg.goto(srv.url() + f"?now={DAY}T10:00:00%2B08:00")
        wait_items(pg, 1)
        pg.wait_for_function("window.boardPlayer.layout && window.boardPlayer.layout.scale == 7", timeout=5000)
        box = pg.eval_on_selector("#stage", "e => e.getBoundingClientRect().toJSON()")
        assert (box["x"], box["y"], box["width"], box["height"]) == (11, 160, 1344, 448)
        pg.screenshot(path=str(tmp_path / "door-fit.png"))
        with Image.open(tmp_path / "door-fit.png") as img:
            colours = {c for _, c in img.convert("RGB").getcolors(1 << 16)}
        assert colours == {(0, 0, 0), (255, 0, 0)}, colours  # whole pixels: no blended edges
    finally:
        context.close()
