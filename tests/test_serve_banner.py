"""`board serve` shows `board check`'s problems in the browser, and a broken item its errors.

A clerk edits in Notepad and looks at the browser: a broken ledger must not just vanish from
the preview with the reason printed in a terminal nobody watches.
"""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from generator.problems import Problem, Severity
from generator.web.banner import problems_banner, with_banner
from tests.conftest import board_command, board_env, copy_sample, free_port, http_get

pytestmark = pytest.mark.slow


def _get(url: str) -> str:
    status, text = http_get(url)
    return text if status in (0, 200) else f"HTTP {status}"


def _wait(url: str, ok, seconds: float = 300) -> str:  # noqa: ANN001 - predicate on the page text
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        page = _get(url)
        if page and ok(page):
            return page
        time.sleep(0.5)
    raise AssertionError(f"{url} never matched; last page starts with {page[:300]!r}")


def test_banner_lists_errors_on_every_page_until_fixed(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "proj")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen([*board_command("serve", "-a", f"127.0.0.1:{port}", "--today", "2026-11-29")],
                            cwd=root, env=board_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        home = _wait(base, lambda p: "board-problems" in p)
        assert 'data-errors="0"' in home  # the sample has one warning and no error
        ledger = root / "content/finance/2026-10.md"
        time.sleep(1)  # the watcher starts after the first build
        ledger.write_text(ledger.read_text(encoding="utf-8").replace("closing: 24501.50", "closing: 24500.00"),
                          encoding="utf-8")
        home = _wait(base, lambda p: 'data-errors="1"' in p)
        assert "content/finance/2026-10.md:20" in home and "账目不平" in home
        preview = _wait(base + "preview/", lambda p: 'data-errors="1"' in p)
        assert "账目不平" in preview
        item = _wait(base + "finance/2026-10/", lambda p: "这条内容有错误" in p)
        assert "少了 1.50 元" in item and "HTTP 404" not in item
        ledger.write_text(ledger.read_text(encoding="utf-8").replace("closing: 24500.00", "closing: 24501.50"),
                          encoding="utf-8")
        home = _wait(base, lambda p: 'data-errors="0"' in p)
        item = _wait(base + "finance/2026-10/", lambda p: "这条内容有错误" not in p and "24,501.50" in p)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _problem(severity: Severity, line: int, message: str) -> Problem:
    return Problem("content/notices/a.md", line, severity, message, "title")


@pytest.mark.parametrize(("problems", "expect", "absent"), [
    ([], None, None),
    ([_problem(Severity.WARNING, 3, "过期")], 'role="status"', "role=\"alert\""),
    ([_problem(Severity.ERROR, 4, "<b>缺少</b>"), _problem(Severity.WARNING, 3, "过期")],
     "content/notices/a.md:4: 错误: 「title」&lt;b&gt;缺少&lt;/b&gt;", "<b>缺少</b>"),
])
def test_banner_html(problems, expect, absent) -> None:  # noqa: ANN001
    banner = problems_banner(problems)
    page = with_banner('<html><body class="x">正文</body></html>', banner)
    if expect is None:
        assert banner == "" and page == '<html><body class="x">正文</body></html>'
        return
    assert page.startswith('<html><body class="x"><div id="board-problems"')
    assert expect in page and absent not in page
