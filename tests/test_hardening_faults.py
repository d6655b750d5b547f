"""Faults: a damaged render cache, huge inputs, and (in test_hardening_build.py) killed builds.

- The render cache (display/cache.py) corrupted or deleted: a truncated manifest, a missing
  frame, a frame replaced by garbage or truncated, a manifest naming files outside the cache:
  each detected, re-rendered, and never copied into a build.
- Large inputs: a 5 MB Markdown body, a ledger with 10 000 lines, 500 items on one screen:
  checked, laid out and paginated in bounded time (a subprocess timeout, no timing asserts).
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from conftest import NOTICE, REPO, TODAY, TinyProject
from display.cache import RenderCache

# --- the render cache ------------------------------------------------------------------------


def _cache(tmp_path: Path) -> tuple[RenderCache, str, list[str]]:
    cache = RenderCache(tmp_path / "cache", "slides", today=date(2026, 11, 29))
    digests = cache.put("key", [b"frame one", b"frame two"])
    cache.save()
    return RenderCache(tmp_path / "cache", "slides", today=date(2026, 11, 29)), "key", digests


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing", "emptied"])
def test_damaged_cached_file_is_a_miss(tmp_path: Path, damage: str) -> None:
    cache, key, digests = _cache(tmp_path)
    assert cache.get(key) == digests
    victim = cache.path(digests[1])
    if damage == "garbage":
        victim.write_bytes(b"\x89PNG not really")
    elif damage == "truncated":
        victim.write_bytes(victim.read_bytes()[:4])
    elif damage == "missing":
        victim.unlink()
    else:
        victim.write_bytes(b"")
    assert cache.get(key) is None
    # rendering again repairs the file in place
    assert cache.put(key, [b"frame one", b"frame two"]) == digests
    assert victim.read_bytes() == b"frame two"
    assert cache.get(key) == digests


@pytest.mark.parametrize("manifest", [b"", b'{"version": 1, "entr', b"\x00\xff" * 10, b"[]", b'{"entries": []}',
                                      b'{"entries": {"key": {"files": "abc"}}}',
                                      b'{"entries": {"key": {"files": [1, null]}}}'])
def test_damaged_manifest_means_render_again(tmp_path: Path, manifest: bytes) -> None:
    cache, key, _ = _cache(tmp_path)
    cache.manifest_path.write_bytes(manifest)
    assert RenderCache(tmp_path / "cache", "slides", today=date(2026, 11, 29)).get(key) is None


def test_manifest_cannot_point_outside_the_cache(tmp_path: Path) -> None:
    cache, key, _ = _cache(tmp_path)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"private")
    name = "../../secret"
    cache.manifest_path.write_text(json.dumps({"version": 1, "entries": {key: {"files": [name], "used": "2026-11-29"}}}),
                                   encoding="utf-8")
    assert RenderCache(tmp_path / "cache", "slides", today=date(2026, 11, 29)).get(key) is None


def _build_screens(tiny: TinyProject, out: Path, cache_dir: Path):  # noqa: ANN202
    from display.screens import build_screens
    from generator.lifecycle import resolve_now

    project = tiny.load()
    now = resolve_now(TODAY, project.config.tz)
    return build_screens(project.items, project.config, now, out, root=project.root, cache_dir=cache_dir,
                         screen_ids=["door"], workers=1)


def _frames_intact(screen: Path) -> None:
    playlist = json.loads((screen / "playlist.json").read_text(encoding="utf-8"))
    names = json.dumps(playlist)
    frames = sorted((screen / "frames").glob("*.png"))
    assert frames
    for frame in frames:
        assert frame.stem in names
        assert hashlib.sha256(frame.read_bytes()).hexdigest() == frame.stem, frame.name


def test_corrupted_cache_is_rebuilt_not_served(tiny: TinyProject, tmp_path: Path) -> None:
    tiny.add_item("notices/2026-11-20-water.md", NOTICE.replace("[lobby]", "[door]"))
    cache_dir = tmp_path / "cache"
    _build_screens(tiny, tmp_path / "first", cache_dir)
    _frames_intact(tmp_path / "first" / "door")
    cached = sorted((cache_dir / "slides").glob("*.png"))
    assert cached
    cached[0].write_bytes(b"garbage, not a PNG")  # a disk error, a bad copy, a curious editor
    if len(cached) > 1:
        cached[1].unlink()
    report = _build_screens(tiny, tmp_path / "second", cache_dir)
    _frames_intact(tmp_path / "second" / "door")
    assert sum(s.rendered for s in report.screens) >= 1
    assert hashlib.sha256(cached[0].read_bytes()).hexdigest() == cached[0].stem  # repaired
    (cache_dir / "slides.json").write_bytes(b'{"version": 1, "entries": {"trunc')  # killed mid-write
    _build_screens(tiny, tmp_path / "third", cache_dir)
    _frames_intact(tmp_path / "third" / "door")


# --- large inputs ----------------------------------------------------------------------------

MEMORY_LIMIT = 3 * 1024**3  # address space per child: a leak fails the test, not the machine


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _run(code: str, timeout: float = 240) -> str:
    """Run `code` in a fresh interpreter under a memory limit; a hang fails at `timeout` s."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=_limit_memory,
                          env={**__import__("os").environ, "BOARD_JOBS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_five_megabyte_body_is_checked_and_paginated(tiny: TinyProject) -> None:
    paragraph = "因管道维修，绿苑路18号小区将于11月30日8:00至18:00停水，请居民提前储水。" * 4
    body = "\n\n".join(f"{n}. {paragraph}" for n in range(1, 100_000))
    body = body.encode("utf-8")[: 5 * 1024 * 1024].decode("utf-8", "ignore")  # 5 MB of UTF-8
    path = tiny.add_item("notices/2026-11-20-big.md", NOTICE + "\n" + body + "\n")
    assert path.stat().st_size > 5_000_000
    out = _run(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r}); sys.path.insert(0, {str(REPO / "tests")!r})
        from pathlib import Path
        from conftest import TinyProject
        from display.fonts import sans_spec
        from display.layout import fit
        tiny = TinyProject(Path({str(tiny.root)!r}))
        problems = tiny.check()
        (item,) = tiny.load().items
        result = fit(item.body[:200_000], sans_spec().chains()[0], 1800, 800, (72, 60, 48))
        print(len(problems.errors), len(item.body), len(result.pages))
    """)
    errors, length, pages = (int(v) for v in out.split())
    assert errors == 0 and length > 1_000_000 and pages > 20


def test_ten_thousand_ledger_lines(tiny: TinyProject) -> None:
    lines = "".join(f"    - {{item: 第{n}笔收入, amount: {n % 997}.{n % 100:02d}}}\n" for n in range(1, 10_001))
    total = sum(__import__("decimal").Decimal(f"{n % 997}.{n % 100:02d}") for n in range(1, 10_001))
    tiny.add_item("finance/2026-10.md", "---\ntype: finance\ntitle: 财务公开\nperiod: 2026-10\ndate: 2026-11-12\n"
                  "prepared_by: 程洪\nreviewed_by: 李明\nboards: [notice]\nledger:\n  opening: 0\n  income:\n"
                  + lines + f"  expense: []\n  closing: {total}\n---\n本月收支。\n")
    out = _run(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r}); sys.path.insert(0, {str(REPO / "tests")!r})
        from pathlib import Path
        from conftest import TinyProject
        from generator.lifecycle import resolve_now
        from display.posters import build_posters
        tiny = TinyProject(Path({str(tiny.root)!r}))
        config = tiny.config_file.read_text(encoding="utf-8")  # a board with room for the ledger
        tiny.write_config(config.replace("notice: {{paper: A3}}", "notice: {{paper: A3, max_pages: 1000}}"))
        assert not tiny.check().errors
        project = tiny.load()
        (item,) = project.items
        now = resolve_now("2026-11-29", project.config.tz)
        report = build_posters(project.items, project.config, now, Path({str(tiny.root / "site")!r}),
                               root=project.root, cache_dir=Path({str(tiny.root / "cache")!r}))
        print(len(item.ledger.income), item.ledger.total_income)
    """, timeout=900)
    count, got = out.split()
    assert int(count) == 10_000 and got == str(total)
    pages = sorted((tiny.root / "site" / "posters" / "notice").rglob("page-*.png"))
    assert len(pages) >= 20, "10 000 ledger lines fit on a few pages?"


def test_five_hundred_items_on_one_screen(tiny: TinyProject) -> None:
    for n in range(500):
        tiny.add_item(f"notices/2026-11-{n:03d}.md",
                      f"---\ntype: notice\ntitle: 第{n}号通知\ndate: 2026-11-20\nscreens: [door]\n---\n\n第{n}号通知正文。\n")
    out = _run(f"""
        import sys, json
        sys.path.insert(0, {str(REPO)!r}); sys.path.insert(0, {str(REPO / "tests")!r})
        from pathlib import Path
        from conftest import TinyProject
        from display.screens import build_screens
        from generator.lifecycle import resolve_now
        tiny = TinyProject(Path({str(tiny.root)!r}))
        project = tiny.load()
        now = resolve_now("2026-11-29", project.config.tz)
        build_screens(project.items, project.config, now, Path({str(tiny.root / "screens")!r}),
                      root=project.root, cache_dir=Path({str(tiny.root / "cache")!r}), screen_ids=["door"])
        print(len(project.items))
    """, timeout=900)
    assert int(out) == 500
    playlist = (tiny.root / "screens" / "door" / "playlist.json").read_text(encoding="utf-8")
    for n in (0, 250, 499):
        assert f"2026-11-{n:03d}" in playlist
