"""PDF assembly: page PNGs in, one printable PDF out, page size exactly the paper.

Why img2pdf: it embeds PNG data losslessly (no re-encoding, no JPEG smear on thin table
rules or QR modules), and it lets us state the page size in points directly, so the PDF's
MediaBox is the paper (plus bleed) regardless of rounding in the pixel grid. Pillow's PDF
writer would store RGB pages as JPEG and default to 72 dpi.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import img2pdf

from .geometry import Sheet


def write_pdf(pages: Sequence[Path], sheet: Sheet, target: Path, *, title: str = "",
              author: str = "") -> Path:
    """Write `pages` (PNG files, one per page) as a PDF whose pages are `sheet.size_pt`.

    Written to a temporary name then renamed, so a board never sees half a file.
    """
    if not pages:
        raise ValueError("a PDF needs at least one page")
    w_pt, h_pt = sheet.size_pt
    layout = img2pdf.get_layout_fun((w_pt, h_pt), fit=img2pdf.FitMode.exact)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    data = img2pdf.convert([str(p) for p in pages], layout_fun=layout, title=title or None,
                           author=author or None, creator="community-board",
                           producer="community-board (img2pdf)", nodate=True,
                           # img2pdf's own writer: same pages, same bytes. With pikepdf >= 10 the
                           # default engine gets a random /ID (img2pdf compares versions as strings)
                           engine=img2pdf.Engine.internal)
    tmp.write_bytes(data)
    tmp.replace(target)
    return target


_MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")


def page_sizes_pt(pdf: Path) -> list[tuple[float, float]]:
    """Every page's MediaBox width and height in points, read straight from the bytes.

    A dependency-free reader for img2pdf's output (uncompressed page dictionaries, one MediaBox
    per page), used by tests and the build summary.
    """
    data = pdf.read_bytes()
    out = []
    for m in _MEDIABOX.finditer(data):
        x0, y0, x1, y1 = (float(v) for v in m.groups())
        out.append((x1 - x0, y1 - y0))
    return out
