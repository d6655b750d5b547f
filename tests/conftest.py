"""Shared fixtures: tiny projects built in tmp_path, composable like Lektor's and mkdocs' tests.

`make_project` writes an mkdocs.yml and a content/ folder; tests add items with `add_item`.
Fixtures for specific areas (site, slides, posters) live below the shared ones.
"""
from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-29"

BASE_CONFIG = """\
site_name: 测试社区
site_url: https://example.org/
docs_dir: content
theme:
  name: material
  custom_dir: {theme}
  language: zh
  font: false
plugins:
  - search:
      lang: zh
  - board:
      community: 测试社区居民委员会
      phone: 023-6388 1234
      timezone: Asia/Shanghai
      gongshi_min_days: 5
      screens:
        lobby: {{size: [1920, 1080], color: full}}
        door: {{size: [192, 64], color: mono}}
      boards:
        notice: {{paper: A3}}
        entrance: {{paper: A4, copies: 16}}
      catalog:
        - id: finance
          title: 社区财务收支
          every: month
          due_day: 15
          types: [finance]
          since: 2026-09
"""


class TinyProject:
    """A project folder in tmp_path with helpers to add items and load them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.content.mkdir(parents=True, exist_ok=True)
        (self.content / "index.md").write_text("# 首页\n", encoding="utf-8")
        self.config_file = root / "mkdocs.yml"
        self.write_config(BASE_CONFIG.format(theme=(REPO / "theme").as_posix()))

    def write_config(self, text: str) -> Path:
        self.config_file.write_text(text, encoding="utf-8")
        return self.config_file

    def add_item(self, rel: str, text: str, *, encoding: str = "utf-8") -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
        return path

    def load(self):  # noqa: ANN201 - generator.loader.Project
        from generator.loader import load_project

        project = load_project(self.config_file)
        assert project is not None
        return project

    def check(self, today: str = TODAY):  # noqa: ANN201 - ProblemList
        from generator.check import check_project
        from generator.lifecycle import resolve_now

        project = self.load()
        return check_project(project, resolve_now(today, project.config.tz))


@pytest.fixture
def tiny(tmp_path: Path) -> TinyProject:
    return TinyProject(tmp_path / "site-src")


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[str], TinyProject]:
    def make(name: str = "proj") -> TinyProject:
        return TinyProject(tmp_path / name)

    return make


NOTICE = """\
---
type: notice
title: 停水通知
date: 2026-11-20
screens: [lobby]
boards: [notice]
---

因管道维修，11月30日停水。
"""


# --- website (the board plugin): build a project with MkDocs, read pages as parsed HTML ---------

class BuiltSite:
    """A built site folder; pages are addressed by their site URL (e.g. "notices/")."""

    def __init__(self, site_dir: Path) -> None:
        self.dir = site_dir

    def file(self, url: str) -> Path:
        if url == "" or url.endswith("/"):
            return self.dir / url / "index.html"
        return self.dir / url

    def exists(self, url: str) -> bool:
        return self.file(url).is_file()

    def page(self, url: str):  # noqa: ANN201 - tests.htmldom.Node
        from tests.htmldom import parse_file

        return parse_file(self.file(url))

    def content(self, url: str):  # noqa: ANN201 - the article, without header and navigation
        return self.page(url).one("article", cls="md-content__inner")

    @staticmethod
    def resolve(from_url: str, href: str) -> str:
        """A relative link on page `from_url` as a site URL ("notices/x/")."""
        import posixpath

        path = href.split("#")[0]
        joined = posixpath.normpath(posixpath.join("/" + from_url, path))
        if path.endswith("/") or path in ("", "."):
            joined = joined.rstrip("/") + "/"
        return joined.lstrip("/")

    def linked(self, url: str, node=None) -> list[str]:  # noqa: ANN001
        """Site URLs of the item/page links inside `node` (default: the page's article)."""
        node = node if node is not None else self.content(url)
        return [self.resolve(url, a.attrs["href"]) for a in node.find_all("a")
                if a.attrs.get("href") and "://" not in a.attrs["href"]
                and not a.attrs["href"].startswith(("tel:", "#", "mailto:"))]


def build_site(config_file: Path, site_dir: Path, today: str = TODAY, *, rasters: bool = False) -> BuiltSite:
    """Run `mkdocs build` in-process with BOARD_TODAY pinned (rasters off unless asked: speed)."""
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import plugin

    saved = {k: os.environ.get(k) for k in ("BOARD_TODAY", "NO_MKDOCS_2_WARNING")}
    original = plugin.BoardPlugin._build_rasters
    os.environ["BOARD_TODAY"] = today
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if not rasters:
        plugin.BoardPlugin._build_rasters = lambda self, site_dir: None  # type: ignore[method-assign]
    try:
        build(load_config(str(config_file), site_dir=str(site_dir), strict=True))
    finally:
        plugin.BoardPlugin._build_rasters = original  # type: ignore[method-assign]
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return BuiltSite(site_dir)


@pytest.fixture
def site_of(tmp_path: Path) -> Callable[..., BuiltSite]:
    """Build a TinyProject: `site = site_of(tiny)` or `site_of(tiny, today="2026-12-05")`."""
    counter = iter(range(1000))

    def make(project: TinyProject, today: str = TODAY, *, rasters: bool = False) -> BuiltSite:
        return build_site(project.config_file, tmp_path / f"built-{next(counter)}", today, rasters=rasters)

    return make


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's sample community, built once per test session for 2026-11-29."""
    return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("sample-site"), TODAY)


# --- hardening: the sample community copied to tmp_path and built by `board build` in a subprocess ---

HARDENING_TODAY = "2026-12-05"  # deliberately not the machine's date: outputs must follow --today


def copy_sample(dest: Path) -> Path:
    """The sample community (content/ and mkdocs.yml) in `dest`, its theme pointing at the repo's."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "content", dest / "content")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: theme", f"custom_dir: {(REPO / 'theme').as_posix()}")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def board_env(tz: str = "UTC") -> dict[str, str]:
    """The environment for a `board` subprocess: no pinned today or epoch leaking in from outside."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("BOARD_TODAY", "SOURCE_DATE_EPOCH")}
    env.update(TZ=tz, NO_MKDOCS_2_WARNING="1", BOARD_PROGRESS="off", PYTHONHASHSEED="random")
    return env


def board_command(*args: str) -> list[str]:
    import sys

    return [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())", *args]


def run_board(project: Path, *args: str, tz: str = "UTC", timeout: float = 600):  # noqa: ANN201
    """`board <args>` in `project`; a CompletedProcess with text output."""
    import subprocess

    return subprocess.run(board_command(*args), cwd=project, env=board_env(tz), capture_output=True,
                          text=True, timeout=timeout)


def free_port() -> int:
    """A free TCP port on loopback, for a test server (`board serve`, a player, an SFTP peer)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, timeout: float = 10) -> tuple[int, str]:
    """(status, text) of a loopback URL; (0, "") while nothing answers yet."""
    import urllib.request
    from urllib.error import HTTPError, URLError

    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode("utf-8")
    except HTTPError as exc:
        return exc.code, ""
    except (URLError, OSError):
        return 0, ""


def tree_digest(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under `folder`."""
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def sample_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample community built twice from scratch (own copy, own render cache) for
    HARDENING_TODAY: under TZ=UTC and under TZ=America/New_York. Keys: "utc", "new_york"."""
    built = {}
    for name, tz in (("utc", "UTC"), ("new_york", "America/New_York")):
        project = copy_sample(tmp_path_factory.mktemp(f"sample-{name}"))
        done = run_board(project, "build", "--today", HARDENING_TODAY, tz=tz)
        assert done.returncode == 0, done.stderr[-4000:]
        built[name] = project
    return built


# --- browsers: Debian's chromium driven by Playwright, and built sites served on loopback ---

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def chromium_path() -> str | None:
    """Debian's chromium (installed by .ci/run); Playwright never downloads a browser here."""
    import shutil

    return str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a LAN server with no internet) and yield its base URL."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201 - playwright Browser
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is missing")
    executable = chromium_path()
    if executable is None:
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium); .ci/run installs it")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
