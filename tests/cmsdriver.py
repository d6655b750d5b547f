"""Driving the Decap CMS forms at /admin/ with Playwright, as a clerk would with the mouse.

Decap names each control `<field>-field-<n>` (the label's `for`); list items add their own
controls at the end of the list, so "the last control named X" is the one just added.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.error import URLError

from tests.conftest import free_port

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-29"

def sample_copy(dest: Path) -> Path:
    """A fresh copy of the sample community (what a clerk gets from `git clone`)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "content", "archetypes", "theme"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy2(source, dest / name)
    return dest

def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except URLError as exc:
        return getattr(exc, "code", 0) or 0, b""
    except OSError:
        return 0, b""

def wait_for(url: str, text: str = "", seconds: float = 300) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body = get(url)
        if status == 200 and text.encode("utf-8") in body:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show {text!r} within {seconds} s")

@contextlib.contextmanager
def board_serve(project: Path, *extra: str) -> Iterator[str]:
    """`board serve` on a free loopback port in `project`; yields the base URL."""
    port = free_port()
    env = dict(os.environ, BOARD_TODAY=TODAY, NO_MKDOCS_2_WARNING="1")
    board = Path(sys.executable).with_name("board")
    with serve_log(project).open("wb") as out:
        proc = subprocess.Popen([str(board), "serve", "-a", f"127.0.0.1:{port}", *extra], cwd=project,
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(base + "admin/config.yml", "collections", 480)  # a cold first build: slides, posters
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def serve_log(project: Path) -> Path:
    """Where `board_serve` writes the server's output: beside the project, not content it loads."""
    return project.parent / "board-serve.log"


def serve_log_tail(base: str, project: Path, lines: int = 30) -> str:
    """The end of `board serve`'s log for a failure message."""
    log = serve_log(project)
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    return f"`board serve` at {base}, last lines of {log}:\n" + "\n".join(text.splitlines()[-lines:])

class Forms:
    """One Decap editor page."""

    def __init__(self, page, base: str, server: Callable[[], str] = str) -> None:  # noqa: ANN001 - playwright Page
        self.page = page
        self.base = base
        self.server = server  # what the server said, for a failure message
        self.dialogs: list[str] = []  # Decap confirms publishing with window.confirm
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.accept()))
        self.backend: list[str] = []  # the local backend's actions the editor sent (POST /api/v1)
        self.answers: list[str] = []  # and how the server answered them
        page.on("request", self._saw_request)
        page.on("requestfinished", self._saw_answer)
        page.on("requestfailed", lambda r: self.answers.append(f"{self._action(r)} failed: {r.failure}"))

    def _action(self, request) -> str:  # noqa: ANN001 - playwright Request
        if request.method != "POST" or not request.url.startswith(self.base + "api/v1"):
            return ""
        try:
            return str(json.loads(request.post_data or "{}").get("action", "?"))
        except ValueError:
            return "?"

    def _saw_request(self, request) -> None:  # noqa: ANN001
        if action := self._action(request):
            self.backend.append(action)

    def _saw_answer(self, request) -> None:  # noqa: ANN001
        if action := self._action(request):
            response = request.response()
            self.answers.append(f"{action} {response.status if response else '?'}")

    def open(self) -> None:
        self.page.goto(self.base + "admin/")
        login = self.page.get_by_role("button", name="登录")
        login.wait_for(timeout=60_000)
        login.click()
        self.page.get_by_text("集合").first.wait_for(timeout=60_000)

    def new(self, collection: str) -> None:
        """An empty form of `collection`. Going there from an entry only changes the URL's hash,
        so React replaces the old form a moment later: wait for a title control that is not the
        old form's, or the values typed next would go into the form being thrown away."""
        old = self.page.locator('[id^="title-field-"]').evaluate_all("found => found.map(e => e.id)")
        self.page.goto(self.base + f"admin/#/collections/{collection}/new")
        self.page.wait_for_function(
            """old => { const e = document.querySelector('[id^="title-field-"]');
                        return e !== null && !old.includes(e.id) && e.value === ''; }""", arg=old, timeout=60_000)

    def control(self, name: str, last: bool = False):  # noqa: ANN201 - Locator
        found = self.page.locator(f'[id^="{name}-field-"]')
        return found.last if last else found.first

    def fill(self, name: str, value: str, last: bool = False) -> None:
        self.control(name, last).fill(value)

    def choose(self, name: str, *labels: str) -> None:
        for label in labels:
            self.control(name).click()
            self.page.get_by_text(label, exact=True).last.click()

    def add(self, list_label: str) -> None:
        self.page.get_by_role("button", name=f"新增{list_label}").click()

    def ledger(self, opening: str, lines: list[tuple[str, str, str, str, str]], closing: str) -> None:
        """The finance form's ledger: opening, (date, voucher, item, amount, 收入|支出) lines, closing."""
        self.fill("opening", opening)
        for when, voucher, what, amount, kind in lines:
            self.add(kind)
            self.fill("date", when, last=True)
            self.fill("voucher", voucher, last=True)
            self.fill("item", what, last=True)
            self.fill("amount", amount, last=True)
        self.fill("closing", closing)

    def submit_for_review(self) -> None:
        """Editorial workflow: save the draft, then set it to 审核中 (the committee approves later)."""
        self.page.get_by_role("button", name="保存").first.click()
        self.page.get_by_text("内容已保存").wait_for(timeout=30_000)
        self.page.get_by_role("button", name="状态: 草稿").click()
        self.page.get_by_text("审核中", exact=True).last.click()
        self.page.get_by_role("button", name="状态: 审核中").wait_for(timeout=30_000)

    def body(self, *paragraphs: str) -> None:
        editor = self.page.locator(".cms-editor-raw [contenteditable=true]").first
        editor.click()
        for index, paragraph in enumerate(paragraphs):
            if index:
                self.page.keyboard.press("Enter")
                self.page.keyboard.press("Enter")
            self.page.keyboard.insert_text(paragraph)

    def errors(self) -> list[str]:
        """What Decap shows on the form: the messages above invalid controls and its toasts."""
        found = self.page.locator("[class*=ControlErrorsList] li, [class*=Toast], .notif__container").all_inner_texts()
        return list(dict.fromkeys(text for text in found if text.strip()))  # nested toasts repeat

    def _sent_or_settled(self, settled: str, before: int, seconds: float) -> bool:
        """True once a save reached the backend or `settled` holds; False if neither in `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.backend.count("persistEntry") > before or self.page.evaluate(settled):
                return True
            self.page.wait_for_timeout(250)  # lets playwright deliver the request events
        return False

    def publish(self, attempts: int = 3) -> None:
        """发布 → 立即发布 (local mode) and wait until Decap says it is saved.

        In a starved browser (CI on a loaded machine) a click on the menu that has just opened can
        miss; the menu is clicked again only while no save reached the local backend, so an entry
        is never saved twice.
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        saved = "location.hash.includes('/entries/')"
        refused = "document.querySelector('[class*=ControlErrorsList] li') !== null"
        before = self.backend.count("persistEntry")
        menu_item = self.page.get_by_text("立即发布")
        for _attempt in range(attempts):
            if not menu_item.is_visible():  # the menu may still be open after a missed click
                self.page.get_by_role("button", name="发布").first.click()
            menu_item.click()
            if self._sent_or_settled(f"{saved} || {refused}", before, seconds=60):
                break
        sent = self.backend.count("persistEntry") > before
        try:
            if not sent:
                raise PlaywrightTimeout("no save reached the local backend")
            self.page.wait_for_function(saved, timeout=300_000)
        except PlaywrightTimeout:
            shot = Path(os.environ.get("TMPDIR", "/tmp")) / "cms-publish-failed.png"
            self.page.screenshot(path=str(shot), full_page=True)
            raise AssertionError(f"publishing did not finish; the page is in {shot}; "
                                 f"errors on the form: {self.errors()}; sent to the backend: {self.backend}; "
                                 f"answers: {self.answers}\n{self.server()}") from None
        self.page.get_by_text("修改已保存").wait_for(timeout=60_000)
