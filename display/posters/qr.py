"""QR codes that a phone scans from a metre or two in front of a notice board.

Why these rules: segno's `make()` picks a Micro QR for short data, which most phone cameras
ignore, so we always call `make_qr`; error correction at least M survives a creased or
sun-bleached sheet; the quiet zone is the standard 4 modules; a module is at least 1 mm on
paper (a whole number of device pixels, so every module has the same width and the code stays
crisp).
"""
from __future__ import annotations

import math

import segno
from PIL import Image

from .geometry import DPI, mm_to_px

QUIET_ZONE = 4  # modules on each side (ISO/IEC 18004)
MIN_MODULE_MM = 1.0


def item_link(site_url: str, item_url: str) -> str:
    """The absolute address printed on paper: `site_url` + the item's site-relative URL."""
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + item_url.lstrip("/")


def module_px(min_mm: float = MIN_MODULE_MM, dpi: int = DPI) -> int:
    """Smallest whole number of pixels per module that is at least `min_mm` on paper."""
    return max(1, math.ceil(min_mm * dpi / 25.4 - 1e-9))


def make_qr(data: str) -> segno.QRCode:
    """A full-size QR code (never Micro QR), error level M or better if it fits for free."""
    return segno.make_qr(data, error="m", boost_error=True)


def qr_modules(data: str) -> int:
    """Width of the code in modules including the quiet zone on both sides."""
    return make_qr(data).symbol_size(border=QUIET_ZONE)[0]


def qr_image(data: str, *, module: int) -> Image.Image:
    """The code as a mode "1"-free greyscale image, `module` pixels per module, quiet zone included.

    Mode "L" with pure black and white pastes cleanly onto RGB pages without dithering.
    """
    code = make_qr(data)
    matrix = list(code.matrix_iter(scale=1, border=QUIET_ZONE))
    n = len(matrix)
    small = Image.new("L", (n, n), 255)
    small.putdata([0 if dark else 255 for row in matrix for dark in row])
    return small.resize((n * module, n * module), Image.NEAREST)


def qr_size_px(data: str, *, module: int) -> int:
    return qr_modules(data) * module


def module_for_width(data: str, max_px: int, *, min_module: int) -> int:
    """Largest module size (≥ min_module) whose code fits `max_px`; min_module if none does."""
    n = qr_modules(data)
    return max(min_module, max_px // n)


def mm_module(scale: float = 1.0, dpi: int = DPI) -> int:
    """Module size for a sheet: 1 mm on A4, growing gently with the paper (A3 ≈ 1.2 mm, A2 ≈ 1.4 mm).

    The square root keeps big sheets scannable from further away without a QR code that eats
    a quarter of every item.
    """
    return max(module_px(dpi=dpi), mm_to_px(MIN_MODULE_MM * math.sqrt(max(scale, 1.0)), dpi))
