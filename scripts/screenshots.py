"""Regenerate the README's screenshots in docs/screenshots/ from a real build of the sample.

Why generated, not hand-made: the pictures in the README must show what the code produces
today. This builds the sample community for a fixed day (2026-11-29, the tests' day) into a
temporary folder, then takes:

- site-home.png, site-item.png: the website's home page and the water-outage notice, in
  Debian's headless Chromium (the browser clock pinned to that day, so client-side expiry
  shows the same thing every time);
- phone-finance.png, phone-finance-large.png: the October finance disclosure on a 375 px
  phone, normal and 大字 (the top of the page: the ledger as cards);
- lobby-slide.png: the notice's first frame on the 1920×1080 lobby screen, halved;
- door-strip.png: its first frame on the 192×64 door strip, ×4 nearest-neighbour (one LED =
  a 4×4 block, as a resident sees the dots);
- poster-page.png: page 1 of the 居务公开栏's A3 issue for the month, downscaled;
- share-card.png: the notice's share card for the residents' group, halved.

Each file is kept under 400 KB (reduced to a palette when that is smaller and exact enough).

Usage: make screenshots   (or .venv/bin/python scripts/screenshots.py [--out docs/screenshots])
Needs Debian's chromium (/usr/bin/chromium) and the playwright Python package.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-29"
CLOCK = "2026-11-29T10:00:00+08:00"
ITEM = "notices/2026-11-water-outage"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
LIMIT = 400 * 1024


def build(site_dir: Path) -> None:
    """`mkdocs build` of the sample, as `board build --today 2026-11-29` would run it."""
    os.environ["BOARD_TODAY"] = TODAY
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    mkdocs_build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(site_dir), strict=True))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        """No access log on the terminal."""


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """The built site on 127.0.0.1 (folder URLs and search need a web server, not file://)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(_Quiet, directory=str(site_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def save(image: Image.Image, path: Path) -> Path:
    """PNG, as a palette image when that is exact (few colours) or needed to stay small."""
    image = image.convert("RGB")
    colours = image.getcolors(256)
    if colours is not None:
        image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, "PNG", optimize=True)
    if path.stat().st_size > LIMIT:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                      dither=Image.Dither.FLOYDSTEINBERG).save(path, "PNG", optimize=True)
    return path


def browser_shots(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    shots = [("site-home.png", "", 1280, 1100, False), ("site-item.png", ITEM + "/", 1280, 1100, False),
             ("phone-finance.png", "finance/2026-10/", 375, 1400, False),
             ("phone-finance-large.png", "finance/2026-10/", 375, 1400, True)]
    written: list[Path] = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for name, url, width, height, large in shots:
                context = chromium.new_context(viewport={"width": width, "height": height},
                                               locale="zh-CN", timezone_id="Asia/Shanghai")
                context.add_init_script(f"localStorage.setItem('board-large', '{1 if large else 0}')")
                page = context.new_page()
                page.clock.set_fixed_time(CLOCK)
                page.goto(base + url, wait_until="networkidle")
                raw = out / f".{name}"
                page.screenshot(path=str(raw))
                context.close()
                with Image.open(raw) as image:
                    written.append(save(image, out / name))
                raw.unlink()
        finally:
            chromium.close()
    return written


def first_frame(site: Path, screen: str) -> Path:
    playlist = json.loads((site / "screens" / screen / "playlist.json").read_text(encoding="utf-8"))
    for frame in playlist["frames"]:
        if frame.get("item") == ITEM and str(frame.get("page", "1/1")).startswith("1/"):
            return site / "screens" / screen / frame["image"]
    raise SystemExit(f"{screen} 的播放列表里没有 {ITEM}")


def raster_shots(site: Path, out: Path) -> list[Path]:
    written = []
    with Image.open(first_frame(site, "lobby")) as lobby:
        written.append(save(lobby.resize((lobby.width // 2, lobby.height // 2), Image.Resampling.LANCZOS),
                            out / "lobby-slide.png"))
    with Image.open(first_frame(site, "door")) as door:
        written.append(save(door.resize((door.width * 4, door.height * 4), Image.Resampling.NEAREST),
                            out / "door-strip.png"))
    pages = sorted((site / "posters" / "notice").glob("*/page-01.png"))
    if not pages:
        raise SystemExit("没有生成居务公开栏的海报")
    with Image.open(pages[0]) as poster:
        width = 1000
        written.append(save(poster.resize((width, round(poster.height * width / poster.width)),
                                          Image.Resampling.LANCZOS), out / "poster-page.png"))
    card = site / "cards" / (ITEM.replace("/", "-") + ".png")
    with Image.open(card) as image:
        written.append(save(image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS),
                            out / "share-card.png"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"需要 Debian 的 chromium（{CHROMIUM}）：apt-get install chromium", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="board-screenshots-") as tmp:
        site = Path(tmp) / "site"
        build(site)
        with serve(site) as base:
            written = browser_shots(base, args.out)
        written += raster_shots(site, args.out)
    for path in written:
        size = path.stat().st_size
        with Image.open(path) as image:
            print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: "
                  f"{image.width}×{image.height}, {size // 1024} KB")
        if size > LIMIT:
            print(f"  超过 {LIMIT // 1024} KB", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
