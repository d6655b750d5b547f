"""The poster's use of the shared text engine: sizes for paper, lines as flow rows.

Why this thin layer: posters measure in points scaled with the paper (a body that is 14 pt on
A4 is 19.8 pt on A3, so a resident reads it from the same distance in proportion), and they
flow text line by line across pages, which the slides' whole-box `fit` does not do. Breaking and
drawing are the shared `display.linebreak` / `display.layout` functions with the shared
`FontChain`, so a poster and a slide break the same sentence the same way.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw

from display.fonts import FontChain
from display.layout import draw_line, line_width, lines_for
from display.linebreak import Line

from .flow import Row
from .geometry import Sheet

BLACK = (0, 0, 0)
GREY = (80, 80, 80)
LIGHT = (170, 170, 170)
FAINT = (236, 236, 236)
RED = (192, 0, 0)
WHITE = (255, 255, 255)

# Type sizes in points on A4; `Sheet.pt` scales them with the paper. Body never below 12 pt.
SIZES_PT: dict[str, float] = {
    "masthead": 26, "sub": 14, "header": 11, "footer": 10.5, "title": 20, "body": 14,
    "facts": 13, "table": 12, "card_title": 15, "card": 12, "label": 11, "url": 8.5,
    "section": 16, "cont": 13,
}
MIN_BODY_PT = 12.0
LINE_HEIGHT = 1.5  # line box in ems: airy enough for a resident reading at arm's length


@dataclass
class Canvas:
    """What a row's draw function paints on: the page image and the shared tools."""

    image: Image.Image
    draw: ImageDraw.ImageDraw


@dataclass
class Type:
    """Fonts and sizes for one sheet."""

    sheet: Sheet
    regular: FontChain
    bold: FontChain
    names: tuple[str, ...] = ()  # the current item's names: kept on one line (display.linebreak)

    def px(self, role: str) -> int:
        return self.sheet.pt(SIZES_PT[role])

    def chain(self, bold: bool) -> FontChain:
        return self.bold if bold else self.regular

    def line_px(self, size: int) -> int:
        return round(size * LINE_HEIGHT)

    def width(self, text: str, size: int, bold: bool = False) -> float:
        return self.chain(bold).width(text, size)

    def lines(self, text: str, size: int, width: int, *, bold: bool = False,
              indent_em: float = 0.0, balance: bool = False) -> list[Line]:
        """Break `text` (paragraphs split by newlines) into lines of at most `width` px.

        With `indent_em`, each paragraph's first line is that many ems narrower (the Chinese
        two-character paragraph indent); the rest of the paragraph is broken at full width.
        """
        chain = self.chain(bold)
        if not indent_em:
            return lines_for(text, chain, size, width, names=self.names, balance=balance)
        out: list[Line] = []
        indent = round(indent_em * size)
        for paragraph in (p.strip() for p in text.split("\n")):
            if not paragraph:
                continue
            first = lines_for(paragraph, chain, size, width - indent, names=self.names)
            if not first:
                continue
            head = first[0]
            rest_text = paragraph[len(head.text):].strip()
            rest = lines_for(rest_text, chain, size, width, names=self.names) if rest_text else []
            out.append(Line(head.text, head.squeeze, not rest, True))
            if rest:  # one paragraph: only its first line starts it (and gets the indent)
                rest[0] = Line(rest[0].text, rest[0].squeeze, rest[0].paragraph_end, False)
            out.extend(rest)
        return out

    def draw_text_line(self, canvas: Canvas, line: Line, size: int, x: float, y: int, width: int,
                       *, bold: bool = False, fill: tuple = BLACK, align: str = "left",
                       indent: int = 0) -> None:
        """Draw `line` in a line box whose top is `y` (em box centred vertically in it)."""
        chain = self.chain(bold)
        w = line_width(line, chain, size)
        if align == "center":
            x0 = x + (width - w) / 2
        elif align == "right":
            x0 = x + width - w
        else:
            x0 = x + indent
        pad = (self.line_px(size) - size) // 2
        draw_line(canvas.draw, line, chain, size, (x0, y + pad), fill)

    def text_rows(self, text: str, role: str, width: int, *, bold: bool = False,
                  fill: tuple = BLACK, align: str = "left", indent_em: float = 0.0,
                  kind: str = "line", keep: bool = False, left: int = 0,
                  paragraph_gap: float = 0.35, balance: bool = False) -> list[Row]:
        """One flow row per line; a little extra space before each new paragraph."""
        size = self.px(role)
        lines = self.lines(text, size, width - left, bold=bold, indent_em=indent_em,
                           balance=balance)
        gap = round(size * paragraph_gap)
        rows: list[Row] = []
        for index, line in enumerate(lines):
            extra = gap if index and line.paragraph_start else 0
            indent = round(indent_em * size) if line.paragraph_start and indent_em else 0
            rows.append(Row(self.line_px(size) + extra,
                            _line_drawer(self, line, size, bold, fill, align, indent + left, extra,
                                         width - left),
                            keep_with_next=keep, kind=kind, text=line.text))
        return rows


def _line_drawer(t: Type, line: Line, size: int, bold: bool, fill: tuple, align: str,
                 indent: int, extra: int, width: int) -> Callable[[Any, int, int, int], None]:
    def draw(canvas: Canvas, x: int, y: int, w: int) -> None:
        if align == "left":
            t.draw_text_line(canvas, line, size, x, y + extra, w, bold=bold, fill=fill,
                             indent=indent)
        else:
            t.draw_text_line(canvas, line, size, x + indent, y + extra, width, bold=bold,
                             fill=fill, align=align)
    return draw


def spacer(height: int, kind: str = "space", keep: bool = False) -> Row:
    return Row(height, keep_with_next=keep, kind=kind)


def chinese_date(value: Any) -> str:
    """2026年11月29日 — full Arabic numerals, no zero padding (GB/T 9704)."""
    return f"{value.year}年{value.month}月{value.day}日"
