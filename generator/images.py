"""Pictures editors reference: opened once under a pixel limit and fully decoded by `board check`.

Why: the same file goes to the website (the browser decodes it), to screens and posters (Pillow
decodes it) and to share cards. A corrupt or truncated file, a decompression bomb (a small file
whose header claims 50 000 × 50 000 pixels), a 16-bit greyscale PNG (Pillow clips it to white)
or a format that is not a picture must be a located `board check` error, never a hang, a crash
or a white rectangle on a screen. Files the renderers would only draw partly (an animated GIF's
first frame) or under a misleading name (a JPEG called `.png`) are warnings.

`problems(path)` is the check; `usable(path)` is the renderers' guard for builds that skip
`board check` (`mkdocs serve`). Results are cached by (path, size, mtime).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MAX_PIXELS = 100_000_000  # 100 megapixels: larger than any phone photo, far below a bomb
MAX_BYTES = 30 * 1024 * 1024
RASTER_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
OTHER_PICTURES = frozenset({".svg"})  # fine on the website; never given to Pillow
FORMATS = frozenset(RASTER_SUFFIXES.values())
_NAMES = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}
_WRONG_MODES = frozenset({"I", "I;16", "I;16B", "I;16L", "I;16N", "F"})


@dataclass(frozen=True)
class ImageProblem:
    severity: str  # "error" | "warning"
    message: str


_cache: dict[tuple[str, int, int], tuple[ImageProblem, ...]] = {}


def is_picture(target: str) -> bool:
    """Does the link's file name say it is a picture (so it should be checked as one)?"""
    suffix = Path(target.split("?")[0].split("#")[0]).suffix.lower()
    return suffix in RASTER_SUFFIXES or suffix in OTHER_PICTURES


def problems(path: Path, *, raster_only: bool = False) -> tuple[ImageProblem, ...]:
    """Everything wrong with the picture at `path` (which exists). `raster_only`: the field is
    drawn on screens and posters (the `image` field), so SVG and the like are errors too."""
    try:
        stat = path.stat()
    except OSError as exc:
        return (ImageProblem("error", f"图片无法读取（{exc.strerror}）"),)
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    found = _cache.get(key)
    if found is None:
        found = _cache[key] = tuple(_inspect(path, stat.st_size))
    if raster_only and path.suffix.lower() in OTHER_PICTURES:
        return (ImageProblem("error", f"屏幕和海报只能使用 PNG、JPEG、GIF 或 WebP 图片，"
                                      f"「{path.name}」是 {path.suffix.lower()[1:].upper()}；请另存为 PNG 或 JPEG"),)
    return found


def usable(path: Path) -> bool:
    """May a renderer open this picture? (No errors; warnings are fine.)"""
    if path.suffix.lower() in OTHER_PICTURES:
        return False
    return not any(p.severity == "error" for p in problems(path))


def _inspect(path: Path, size: int) -> list[ImageProblem]:
    suffix = path.suffix.lower()
    if suffix in OTHER_PICTURES:
        return []  # vector pictures are for the browser only
    if size == 0:
        return [ImageProblem("error", f"图片「{path.name}」是空文件（0 字节）；请重新保存或替换")]
    if size > MAX_BYTES:
        return [ImageProblem("error", f"图片「{path.name}」太大（{size // 1024 // 1024} MB），上限 "
                                      f"{MAX_BYTES // 1024 // 1024} MB；请缩小后再放进来")]
    out: list[ImageProblem] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return [_too_large(path, f"{width}×{height}")]
                if image.format not in FORMATS:
                    return [ImageProblem("error", f"图片「{path.name}」是 {image.format} 格式，网页、屏幕和海报"
                                                  "不一定能显示；请另存为 PNG 或 JPEG")]
                image.load()  # decode everything: a truncated or corrupt file fails here
                mode, animated = image.mode, getattr(image, "is_animated", False)
                actual = image.format
    except Image.DecompressionBombError:
        return [_too_large(path, "")]
    except UnidentifiedImageError:
        return [ImageProblem("error", f"「{path.name}」不是能识别的图片（文件已损坏，或不是 PNG/JPEG/GIF/WebP）；"
                                      "请重新导出或替换")]
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        return [ImageProblem("error", f"图片「{path.name}」不完整或已损坏（{exc}）；请重新导出或替换")]
    if mode in _WRONG_MODES:
        out.append(ImageProblem("error", f"图片「{path.name}」是 16 位或浮点灰度图（{mode}），屏幕和海报会显示成"
                                         "一片白；请用图片软件另存为普通的 8 位 PNG 或 JPEG"))
    expected = RASTER_SUFFIXES.get(suffix)
    if expected is not None and expected != actual:
        out.append(ImageProblem("warning", f"图片「{path.name}」的扩展名是 {suffix}，但其实是 {actual} 图片；"
                                           f"请把文件改名为 {path.stem}{_NAMES[actual]}（并改正引用它的地方）"))
    elif expected is None:
        out.append(ImageProblem("warning", f"图片「{path.name}」的扩展名 {suffix or '（无）'} 不常见，实际是 {actual} 图片；"
                                           f"建议改名为 {path.stem}{_NAMES[actual]}"))
    if animated:
        out.append(ImageProblem("warning", f"「{path.name}」是动图：网页上会动，屏幕和海报上只显示第一帧"))
    return out


def _too_large(path: Path, size: str) -> ImageProblem:
    what = f"（{size} 像素）" if size else ""
    return ImageProblem("error", f"图片「{path.name}」尺寸过大{what}，上限 1 亿像素；"
                                 "可能是损坏的文件，请缩小到几千像素宽后再放进来")
