"""`board serve` rebuilds in place and renders only the pages an edit changed.

The serve state (`.cache/pages/serve.json`) records each output's time and checksum: a page
the rebuild did not touch keeps both; the edited page and the lists showing its title change.
A deleted item's page disappears from the preview.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import board_command, free_port, http_get

pytestmark = pytest.mark.slow


def _wait_for(url: str, ok, seconds: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ok(*http_get(url, timeout=5)):
            return True
        time.sleep(0.3)
    return False


def _state(root: Path) -> dict[str, dict]:
    return json.loads((root / ".cache/pages/serve.json").read_text(encoding="utf-8"))["pages"]


def _wait_state(root: Path, changed, seconds: float = 60) -> dict[str, dict]:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = _state(root)
        except (OSError, ValueError, KeyError):
            state = {}
        if state and changed(state):
            return state
        time.sleep(0.3)
    raise AssertionError("serve did not record the rebuild")


def notice(title: str, body: str) -> str:
    return f"---\ntype: notice\ntitle: {title}\ndate: 2026-11-20\n---\n\n{body}\n"


def test_serve_renders_only_what_an_edit_changed(tiny) -> None:  # noqa: ANN001
    config = tiny.config_file.read_text(encoding="utf-8")
    start, end = config.index("      screens:"), config.index("      catalog:")
    tiny.write_config(config[:start] + config[end:])  # the website only: no rasters
    water = tiny.add_item("notices/water.md", notice("停水通知", "周三停水。"))
    power = tiny.add_item("notices/power.md", notice("停电通知", "周四停电。"))
    tiny.add_item("notices/gas.md", notice("燃气检修通知", "周五检修。"))
    port = free_port()
    env = dict(os.environ, BOARD_TODAY="2026-11-29", NO_MKDOCS_2_WARNING="1", BOARD_PROGRESS="off")
    proc = subprocess.Popen(board_command("serve", "-f", str(tiny.config_file), "-a", f"127.0.0.1:{port}"),
                            cwd=tiny.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(base + "notices/water/", lambda code, text: "周三停水" in text, 120), "serve did not come up"
        first = _wait_state(tiny.root, lambda s: "notices/water/index.html" in s)
        time.sleep(1)  # the watcher starts after the first build
        water.write_text(notice("停水通知", "周三 8:00 至 18:00 停水。"), encoding="utf-8")
        assert _wait_for(base + "notices/water/", lambda code, text: "8:00 至 18:00" in text, 60)
        second = _wait_state(tiny.root, lambda s: s["notices/water/index.html"] != first["notices/water/index.html"])
        changed = {dest for dest in second if second[dest] != first.get(dest)}
        assert changed == {"notices/water/index.html"}
        # the rebuild read every content file: reading must not count as a change (a rebuild
        # loop); the live-reload epoch is when the last finished rebuild started
        idle = http_get(base + "livereload/0/0")
        time.sleep(3)
        assert http_get(base + "livereload/0/0") == idle, "serve rebuilt without an edit"

        power.write_text(notice("计划停电通知", "周四停电。"), encoding="utf-8")
        assert _wait_for(base + "notices/", lambda code, text: "计划停电通知" in text, 60)
        third = _wait_state(tiny.root, lambda s: s["notices/power/index.html"] != second["notices/power/index.html"])
        changed = {dest for dest in third if third[dest] != second.get(dest)}
        assert changed == {"notices/power/index.html", "notices/index.html", "archive/2026-11/index.html",
                           "index.html"}

        (tiny.content / "notices/gas.md").unlink()
        assert _wait_for(base + "notices/gas/", lambda code, text: code == 404, 60), "a deleted item stayed"
        assert _wait_for(base + "notices/", lambda code, text: "燃气检修通知" not in text and code == 200, 10)
    finally:
        proc.terminate()
        try:
            _out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _out, err = proc.communicate()
    assert "dirty" not in err, err[-2000:]
