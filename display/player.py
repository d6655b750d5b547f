"""The screen player: one self-contained `index.html` per screen that plays its playlist.

A controller card or mini-PC opens `screens/<id>/index.html` in its browser; the page fetches
`playlist.json` beside it and plays the frames. Everything (CSS, JS, the screen's size and poll
interval) is inlined so the page makes no request but the playlist and frames: it works from any
static host, a LAN share or a pushed bundle, and never depends on the internet.

The HTML/JS/CSS live as package data in `display/player_assets/` so they can be read and linted
as ordinary files; this module only fills in the per-screen settings.
"""
from __future__ import annotations

import html
import json
import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from generator.config import Screen

PLAYER_VERSION = "2"
INDEX = "index.html"


def _asset(name: str) -> str:
    return resources.files("display").joinpath("player_assets", name).read_text(encoding="utf-8")


def player_config(screen: Screen, *, pointer: str | None = None,
                  playlist: str = "playlist.json") -> dict[str, Any]:
    """The settings the page needs before its first poll (size, poll interval, screen hours)."""
    config: dict[str, Any] = {
        "screen": screen.id,
        "name": screen.name,
        "width": screen.width,
        "height": screen.height,
        "color": screen.color,
        "led_color": screen.led_color,
        "poll": screen.poll,
        "duration": screen.duration,
        "hours": [str(h) for h in screen.hours],
        "player": PLAYER_VERSION,
        "playlist": playlist,
    }
    if pointer:
        config["pointer"] = pointer
    return config


def render_player(screen: Screen, *, pointer: str | None = None) -> str:
    """The page's HTML. `pointer` names a `current.json` to follow (pushed targets' root page)."""
    config = json.dumps(player_config(screen, pointer=pointer), ensure_ascii=False, sort_keys=True)
    # Inside <script type="application/json"> a "</script" would end the element early.
    config = config.replace("<", "\\u003c")
    page = _asset("player.html")
    title = html.escape(f"{screen.name} · {screen.width}×{screen.height}")
    # Substitute the JS last: its text must not be scanned for the other placeholders.
    page = page.replace("__TITLE__", title).replace("__CONFIG__", config)
    page = page.replace("__CSS__", _asset("player.css").rstrip())
    return page.replace("__JS__", _asset("player.js").rstrip())


def write_player(screen: Screen, out_dir: Path, *, pointer: str | None = None) -> Path:
    """Write `<out_dir>/index.html` atomically (a screen may be reading the old one right now)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / INDEX
    data = render_player(screen, pointer=pointer).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
