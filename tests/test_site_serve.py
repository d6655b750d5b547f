"""`mkdocs serve` rebuilds on a content edit (the editor's live preview)."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import free_port, http_get

pytestmark = pytest.mark.slow


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in http_get(url, timeout=5)[1]:
            return True
        time.sleep(0.5)
    return False


def test_serve_live_reloads_an_edited_item(tiny) -> None:  # noqa: ANN001
    # no screens or boards: this test is about the website, not rasters
    config = tiny.config_file.read_text(encoding="utf-8")
    start, end = config.index("      screens:"), config.index("      catalog:")
    tiny.write_config(config[:start] + config[end:])
    path = tiny.add_item("notices/water.md", "---\ntype: notice\ntitle: 停水通知\ndate: 2026-11-20\n---\n\n正文。\n")
    port = free_port()
    env = dict(os.environ, BOARD_TODAY="2026-11-29", NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                             "-f", str(tiny.config_file)], cwd=tiny.root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/notices/water/"
        assert _wait_for(url, "<h1>停水通知</h1>", 90), "serve did not come up"
        time.sleep(1)  # the watcher starts after the first build
        path.write_text(path.read_text(encoding="utf-8").replace("title: 停水通知", "title: 停水通知（更正）"),
                        encoding="utf-8")
        assert _wait_for(url, "<h1>停水通知（更正）</h1>", 60), "the edit was not rebuilt"
        assert _wait_for(f"http://127.0.0.1:{port}/notices/", "停水通知（更正）", 10)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
