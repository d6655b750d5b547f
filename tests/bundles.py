"""Hand-made screen bundles (playlist.json + PNG frames) for the player, export and push tests.

The tests build their own bundles with Pillow so they do not depend on the slide renderer: each
frame is a flat colour with a big number, easy to tell apart in a screenshot or by pixel.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from generator.config import Screen

COLOURS = [(200, 30, 30), (30, 160, 60), (30, 60, 200), (200, 160, 20), (140, 40, 160),
           (20, 150, 160), (90, 90, 90), (230, 110, 20)]
TZ = "Asia/Shanghai"


@dataclass
class FrameSpec:
    """One frame of a fixture playlist; `colour` index picks its flat background."""

    item: str
    colour: int
    duration: float = 2
    start: str = "2026-11-01T00:00:00+08:00"
    end: str | None = "2026-12-31T00:00:00+08:00"
    priority: str = "normal"
    days: list[int] | None = None
    hours: list[str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def frame_png(path: Path, size: tuple[int, int], colour: int, mode: str = "full",
              led: tuple[int, int, int] = (255, 0, 0)) -> bytes:
    """Draw a recognisable frame; mono frames use only black and the LED colour."""
    if mode == "mono":
        img = Image.new("RGB", size, (0, 0, 0))
        draw = ImageDraw.Draw(img)
        draw.rectangle([1, 1, size[0] - 2, size[1] - 2], outline=led)
        for n in range(colour + 1):  # n bars: tells frames apart without text
            x = 4 + n * 6
            draw.rectangle([x, 4, x + 3, size[1] - 5], fill=led)
    else:
        img = Image.new("RGB", size, COLOURS[colour % len(COLOURS)])
        draw = ImageDraw.Draw(img)
        w, h = size
        draw.rectangle([w // 10, h // 10, w // 10 + w // 8 * (colour + 1) // 2, h // 10 + h // 6],
                       fill=(255, 255, 255))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG")
    return path.read_bytes()


def make_bundle(root: Path, specs: list[FrameSpec], *, size: tuple[int, int] = (320, 180),
                mode: str = "full", fallback: bool = True, screen_id: str = "lobby",
                generated: str = "2026-11-29T00:00:00+08:00") -> dict[str, Any]:
    """Write playlist.json and frames/<sha>.png under `root` in the format of
    display.screens (fallback frames in the list with priority "fallback", ISO weekdays)."""
    frames = []
    for spec in specs:
        entry = _frame(root, size, spec.colour, mode)
        entry.update({"duration": spec.duration, "item": spec.item, "url": f"/{spec.item}/",
                      "title": f"测试{spec.item}", "start": spec.start, "end": spec.end,
                      "priority": spec.priority, "page": "1/1"})
        if spec.days is not None:
            entry["days"] = spec.days
        if spec.hours is not None:
            entry["hours"] = spec.hours
        entry.update(spec.extra)
        frames.append(entry)
    if fallback:
        fb = _frame(root, size, 6, mode)
        fb.update({"duration": 5, "item": "fallback", "url": "", "title": "测试社区",
                   "start": "2026-11-01T00:00:00+08:00", "end": "2027-01-01T00:00:00+08:00",
                   "priority": "fallback", "page": "1/1"})
        frames.append(fb)
    playlist: dict[str, Any] = {
        "screen": screen_id, "name": "测试屏", "size": list(size), "color": mode,
        "timezone": TZ, "generated": generated, "valid_from": generated,
        "valid_until": "2026-12-07T00:00:00+08:00", "hours": [], "renderer": "fixture",
        "frames": frames}
    write_playlist(root, playlist)
    return playlist


def _frame(root: Path, size: tuple[int, int], colour: int, mode: str) -> dict[str, Any]:
    tmp = root / "frames" / f"tmp-{colour}.png"
    data = frame_png(tmp, size, colour, mode)
    sha = hashlib.sha256(data).hexdigest()
    final = root / "frames" / f"{sha[:16]}.png"
    tmp.replace(final)
    return {"image": f"frames/{final.name}", "sha256": sha}


def write_playlist(root: Path, playlist: dict[str, Any]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / "playlist.json.tmp"
    tmp.write_text(json.dumps(playlist, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(root / "playlist.json")


def screen(screen_id: str = "lobby", size: tuple[int, int] = (320, 180), color: str = "full",
           poll: int = 60, duration: int = 10, hours: tuple = (), target: str | None = None) -> Screen:
    return Screen(id=screen_id, name="测试屏" if color == "full" else "测试门头屏", width=size[0],
                  height=size[1], color=color, duration=duration, hours=hours, target=target,
                  poll=poll)
