"""Whole builds: byte-identical output, killed builds, two builds at once.

`board build` runs in a subprocess on copies of the sample community (conftest.sample_builds:
two full builds from scratch, shared by the session). Slow: each full build takes 20–40 s.

- Determinism: the same content for the same --today gives byte-identical HTML, feeds, search
  index, sitemap, playlists, frames, poster pages and PDFs, under TZ=UTC and
  TZ=America/New_York alike, and again from a warm render cache.
- A build SIGKILLed at several points (during the check, while MkDocs writes pages, while
  screens render, while posters render) leaves the previous site/ intact and servable; the
  next build completes. A second build while one is running refuses with a clear message.
"""
from __future__ import annotations

import gzip
import http.server
import json
import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from functools import partial
from pathlib import Path

import pytest

from conftest import HARDENING_TODAY, board_command, board_env, run_board, tree_digest

pytestmark = pytest.mark.slow


def _differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def _explain(left: Path, right: Path, names: list[str]) -> str:
    """The first differing text file as a short unified diff, for the failure message."""
    import difflib

    for name in names:
        if Path(name).suffix in (".html", ".json", ".xml") and (left / name).is_file() and (right / name).is_file():
            a = (left / name).read_text(encoding="utf-8").splitlines()
            b = (right / name).read_text(encoding="utf-8").splitlines()
            return name + "\n" + "\n".join(list(difflib.unified_diff(a, b, lineterm="", n=1))[:40])
    return ", ".join(names[:10])


def test_same_content_same_today_same_bytes_in_any_time_zone(sample_builds: dict[str, Path]) -> None:
    utc = tree_digest(sample_builds["utc"] / "site")
    new_york = tree_digest(sample_builds["new_york"] / "site")
    kinds = {".html", ".json", ".xml", ".gz", ".png", ".pdf"}
    assert kinds <= {Path(k).suffix for k in utc}, "a kind of output is missing"
    assert any(k.startswith("screens/") for k in utc) and any(k.startswith("posters/") for k in utc)
    differing = _differences(utc, new_york)
    assert differing == [], _explain(sample_builds["utc"] / "site", sample_builds["new_york"] / "site", differing)


def test_dates_in_outputs_follow_today_not_the_clock(sample_builds: dict[str, Path]) -> None:
    site = sample_builds["utc"] / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    lastmods = set(__import__("re").findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert lastmods == {HARDENING_TODAY}
    with gzip.open(site / "sitemap.xml.gz", "rt", encoding="utf-8") as handle:
        assert handle.read() == sitemap
    playlist = json.loads((site / "screens" / "lobby" / "playlist.json").read_text(encoding="utf-8"))
    assert playlist["generated"].startswith(HARDENING_TODAY)


def test_search_index_is_in_a_stable_order(sample_builds: dict[str, Path]) -> None:
    index = json.loads((sample_builds["utc"] / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert len(locations) == len(set(locations)) > 10


# --- killed builds and the build lock --------------------------------------------------------

def _start(project: Path) -> subprocess.Popen[bytes]:
    """`board build` in its own process group, so a kill takes its render workers with it."""
    return subprocess.Popen(board_command("build", "--today", HARDENING_TODAY), cwd=project, env=board_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def _wait_for(proc: subprocess.Popen[bytes], condition, limit: float = 300) -> bool:  # noqa: ANN001
    """Poll until `condition()`; False if the build ended first."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.01)  # late steps (posters copied from the cache) can take less than 50 ms
    raise AssertionError("the build neither reached the point nor ended")


def _staging_has(project: Path, pid: int, name: str):  # noqa: ANN202
    """Has build `pid` written `name` into its staging folder yet (generator/atomic.py names it
    `.site-new-<pid>-<ns>`; leftovers of earlier killed builds do not count)?"""
    return lambda: any((staging / name).exists() for staging in project.glob(f".site-new-{pid}-*"))


def _serve_and_fetch(site: Path) -> None:
    """Serve site/ over HTTP like a web server would; pages, playlist, every frame, a poster."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *args, **kwargs: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    def get(url: str) -> bytes:
        with urllib.request.urlopen(base + url, timeout=30) as response:
            assert response.status == 200
            return response.read()

    try:
        assert "绿苑社区" in get("").decode("utf-8")
        assert b"<html" in get("screens/lobby/")
        playlist = json.loads(get("screens/lobby/playlist.json"))
        import hashlib

        for frame in playlist["frames"]:
            assert hashlib.sha256(get(f"screens/lobby/{frame['image']}")).hexdigest() == frame["sha256"]
        pdfs = sorted(site.glob("posters/*/*.pdf"))
        assert pdfs and get(pdfs[0].relative_to(site).as_posix()).startswith(b"%PDF")
    finally:
        server.shutdown()
        server.server_close()


def test_killed_builds_leave_the_previous_site_and_a_second_build_is_refused(
        sample_builds: dict[str, Path], tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(sample_builds["utc"], project, symlinks=True)
    shutil.rmtree(project / ".cache")  # cold render cache: the build is long enough to be hit anywhere
    site = project / "site"
    before = tree_digest(site)
    reference = tmp_path / "reference"
    shutil.copytree(site, reference)
    lock = project / ".site.lock"
    points = [("after 0.5 s", "", 0.5), ("after 2 s", "", 2.0),
              ("while MkDocs writes pages", "index.html", None),
              ("while screens render", "screens", None),
              ("while posters render", "posters", None)]
    refused = False
    for label, written, delay in points:
        proc = _start(project)
        if delay is not None:
            time.sleep(delay)
        else:
            assert _wait_for(proc, _staging_has(project, proc.pid, written)), f"the build ended before {label}"
        try:
            os.killpg(proc.pid, signal.SIGSTOP)  # freeze it right here (as if the machine hung)
        except ProcessLookupError:
            pass
        if not refused and lock.exists():
            # the frozen build holds the lock: a second build must refuse, not wait or write
            second = run_board(project, "build", "--today", HARDENING_TODAY, timeout=300)
            assert second.returncode == 2, second.stderr[-2000:]
            assert "正在写入" in second.stderr and "site/" in second.stderr, second.stderr[-2000:]
            assert tree_digest(site) == before
            refused = True
        _kill(proc)
        assert tree_digest(site) == before, f"site/ changed by a build killed {label}"
    assert refused, "no kill point found the first build holding the lock"
    _serve_and_fetch(site)
    # the dead build's lock and half-written folders do not stop the next build
    done = run_board(project, "build", "--today", HARDENING_TODAY)
    assert done.returncode == 0, done.stderr[-4000:]
    differing = _differences(tree_digest(site), before)
    assert differing == [], _explain(reference, site, differing)  # same bytes again, partial cache
    leftovers = [p.name for p in project.iterdir() if p.name.startswith((".site-", ".site."))]
    assert leftovers == [".site-spare"]  # the replaced site's folders, for the next build (atomic.py)
    assert not [p for p in (project / ".site-spare").rglob("*") if not p.is_dir()]
    _serve_and_fetch(site)
