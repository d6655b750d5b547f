"""Pictures for the website: a photo straight from a phone (8000×6000, several MB) is shrunk
to a web size, so that a resident on a mobile connection does not download megabytes.

Only the copy MkDocs publishes is shrunk: the original stays in content/ untouched, and the
screens, posters and share cards keep reading it from there (print needs the pixels). The web
copy is turned upright by its EXIF orientation and carries no EXIF (a phone photo's GPS
position is not published). Copies are cached under `.cache/board/web-images/` by content.
"""
from __future__ import annotations

import hashlib
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from . import images

MAX_SIDE = 2560  # pixels, longest side: sharp on any phone or laptop screen
MAX_KB = 1024
SHRINKABLE = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}  # GIF may be animated
_VERSION = "2"  # bump when the encoding below changes, so cached copies are remade


@dataclass(frozen=True)
class WebCopy:
    """The smaller copy the website publishes instead of `source`."""

    source: Path
    copy: Path
    before: tuple[int, int, int]  # width, height, bytes
    after: tuple[int, int, int]

    def note(self, shown: str) -> str:
        """One line for the build output, in Chinese."""
        (w0, h0, b0), (w1, h1, b1) = self.before, self.after
        return (f"图片 {shown}（{w0}×{h0}，{_size(b0)}）在网站上缩小为 {w1}×{h1}（{_size(b1)}）；"
                "原图保留在 content 里，海报和屏幕仍用原图")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def too_big(path: Path, max_side: int = MAX_SIDE, max_kb: int = MAX_KB) -> tuple[int, int] | None:
    """The picture's size when it should be shrunk for the web, else None (reads the header only)."""
    if path.suffix.lower() not in SHRINKABLE or not images.usable(path):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            size = image.size
    if max(size) > max_side or path.stat().st_size > max_kb * 1024:
        return size
    return None


def web_copy(path: Path, cache_dir: Path, max_side: int = MAX_SIDE, max_kb: int = MAX_KB) -> WebCopy | None:
    """A web-sized copy of `path` when it is larger than the limits and shrinking helps."""
    size = too_big(path, max_side, max_kb)
    if size is None:
        return None
    digest = hashlib.sha256(f"{_VERSION}:{max_side}:{max_kb}:".encode())
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    suffix = path.suffix.lower()
    target = cache_dir / "web-images" / f"{digest.hexdigest()[:32]}{suffix}"
    if not target.is_file():
        _shrink(path, target, max_side, max_kb, SHRINKABLE[suffix])
    before = (size[0], size[1], path.stat().st_size)
    with Image.open(target) as done:
        after = (done.width, done.height, target.stat().st_size)
    if after[2] >= before[2] and max(after[:2]) >= max(before[:2]):
        return None  # nothing gained (an already well-compressed picture)
    return WebCopy(path, target, before, after)


def _shrink(source: Path, target: Path, max_side: int, max_kb: int, fmt: str) -> None:
    """Fit within `max_side`, then, while the file is still over `max_kb`, step the size down
    (a detailed photo can stay over a megabyte at 2560 px)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(source) as opened:
            if fmt == "JPEG":  # decode at 1/2, 1/4… of the size when that still exceeds max_side
                opened.draft("RGB", (max_side, max_side))
            image = ImageOps.exif_transpose(opened)
            icc = opened.info.get("icc_profile")
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options.update(quality=85, optimize=True, progressive=True)
    elif fmt == "WEBP":
        options.update(quality=85)
    else:
        options.update(optimize=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    for _ in range(6):
        image.save(partial, fmt, **options)
        size = partial.stat().st_size
        if size <= max_kb * 1024 or max(image.size) <= 320:
            break
        scale = (max_kb * 1024 / size) ** 0.5 * 0.95
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                             Image.Resampling.LANCZOS)
    os.replace(partial, target)  # a build killed meanwhile leaves no half-written copy
