"""One board's monthly issue, from selected items to page images.

Why separate from `__init__`: composing is deterministic (same items, config and fonts → same
pixels), which is what lets the cache skip it, and it is where the page furniture lives: the
masthead on page 1, the running header, the footer with 监督电话, print date and page n/N,
crop marks, and the empty-month sheet.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from display.fonts import FontChain
from generator.config import Board, SiteConfig
from generator.model import Item

from .blocks import Context, formal_block, grid_block, grid_columns
from .digest import digest_blocks
from .flow import Block, Piece, paginate
from .geometry import Box, Sheet
from .issue import GRID_TYPES, Month
from .qr import mm_module
from .typeset import BLACK, GREY, RED, WHITE, Canvas, Type, chinese_date


@dataclass(frozen=True)
class Issue:
    """Everything printed on one board's monthly issue except the items themselves."""

    board: Board
    month: Month
    community: str
    phone: str
    print_date: date
    address: str = ""
    office_hours: str = ""
    qq_group: str = ""
    reprint: bool = False  # printed again mid-month: marked 重印 with its date on every page

    @classmethod
    def of(cls, board: Board, month: Month, config: SiteConfig, print_date: date, *,
           reprint: bool = False) -> "Issue":
        return cls(board=board, month=month, community=config.community, phone=config.phone,
                   print_date=print_date, address=config.address, office_hours=config.office_hours,
                   qq_group=config.qq_group, reprint=reprint)

    @property
    def label(self) -> str:
        """`2026年12月 第12期`, and `（12月15日重印）` on a reprint."""
        if not self.reprint:
            return self.month.label
        return f"{self.month.label}（{self.print_date.month}月{self.print_date.day}日重印）"


@dataclass(frozen=True)
class Digest:
    """The issue is set (partly) as a digest (display.posters.digest): the board's page limit,
    how many leading items keep their full text, and the items left for the website when even
    an all-digest issue would not fit."""

    limit: int
    omitted: tuple[Item, ...] = ()
    full: int = 0  # the first `full` items (urgent and formal ones come first) stay in full


@dataclass
class Furniture:
    """Measured page furniture: how much of the safe area is left for content per page."""

    masthead_h: int
    header_h: int
    footer_h: int
    gap: int


Memo = dict[tuple[object, ...], Any]  # typeset blocks and rows of one Composer, by item and width


def build_blocks(ctx: Context, items: Sequence[Item], width: int, memo: Memo | None = None
                 ) -> list[Block]:
    """Formal sheets in order (urgent ones first), then the events and publicity as a grid.

    `memo` keeps each item's typeset block between layouts of the same issue: fitting a full
    board tries a dozen splits of full and digest items, and typesetting is the costly part."""
    memo = {} if memo is None else memo
    blocks: list[Block] = []
    grid: list[Item] = []
    for item in items:
        if item.type in GRID_TYPES and not item.urgent:
            grid.append(item)
        else:
            key = ("formal", item.id, width)
            if key not in memo:
                memo[key] = formal_block(ctx, item, width)
            blocks.append(memo[key])
    if grid:
        columns = grid_columns(width / ctx.type.sheet.scale * 25.4 / ctx.type.sheet.dpi)
        key = ("grid", tuple(i.id for i in grid), width, columns)
        if key not in memo:
            memo[key] = grid_block(ctx, grid, width, columns)
        blocks.append(memo[key])
    return blocks


class Composer:
    """Lays out and draws one issue on one sheet."""

    def __init__(self, issue: Issue, sheet: Sheet, regular: FontChain, bold: FontChain, *,
                 site_url: str, content_dir: Path) -> None:
        self.issue = issue
        self.sheet = sheet
        self._memo: Memo = {}  # blocks already typeset for this issue (see build_blocks)
        self.type = Type(sheet, regular, bold)
        self.ctx = Context(self.type, site_url, content_dir, issue.month.year,
                           mm_module(sheet.scale, sheet.dpi))
        t = self.type
        gap = sheet.mm(5, scaled=True)
        self.furniture = Furniture(
            masthead_h=t.line_px(t.px("masthead")) + t.line_px(t.px("sub")) + sheet.mm(4, scaled=True),
            header_h=t.line_px(t.px("header")) + sheet.mm(2, scaled=True),
            footer_h=t.line_px(t.px("footer")) + sheet.mm(2, scaled=True),
            gap=gap,
        )

    @property
    def content_box(self) -> Box:
        return self.sheet.safe

    def content_height(self, page: int) -> int:
        f = self.furniture
        top = f.masthead_h if page == 0 else f.header_h
        return self.sheet.safe.height - top - f.footer_h - 2 * f.gap

    def layout(self, items: Sequence[Item], digest: Digest | None = None
               ) -> tuple[list[Block], list[list[Piece]]]:
        # frames of urgent items sit outside the text column: keep the column inside them
        inset = self.sheet.mm(5, scaled=True)
        width = self.sheet.safe.width - 2 * inset
        if digest is not None:
            blocks = build_blocks(self.ctx, items[:digest.full], width, self._memo) if digest.full else []
            blocks += digest_blocks(self.ctx, items[digest.full:], width, limit=digest.limit,
                                    omitted=digest.omitted, memo=self._memo)
        else:
            blocks = build_blocks(self.ctx, items, width, self._memo)
        pages = paginate(blocks, lambda i: self.content_height(i) - 2 * inset)
        return blocks, pages

    def render(self, items: Sequence[Item], digest: Digest | None = None) -> list[Image.Image]:
        """The issue's pages as RGB images of exactly the sheet's pixel size."""
        return list(self.render_pages(items, digest))

    def render_pages(self, items: Sequence[Item], digest: Digest | None = None, *,
                     laid: tuple[list[Block], list[list[Piece]]] | None = None
                     ) -> Iterator[Image.Image]:
        """The pages one at a time: an A3 page is 52 MB of pixels, so a long issue (a ledger of
        thousands of lines) must be encoded page by page, never held in memory all at once.

        `laid`: the result of `layout(items, digest)` when the caller has it already (laying
        out a 10 000-line ledger takes as long as drawing a few dozen pages)."""
        blocks, pages = laid if laid is not None else self.layout(items, digest)
        inset = self.sheet.mm(5, scaled=True)
        for number, pieces in enumerate(pages):
            image = Image.new("RGB", self.sheet.size_px, WHITE)
            canvas = Canvas(image, ImageDraw.Draw(image))
            self._furniture(canvas, number, len(pages))
            top = self.sheet.safe.top + (self.furniture.masthead_h if number == 0 else
                                         self.furniture.header_h) + self.furniture.gap + inset
            x = self.sheet.safe.left + inset
            width = self.sheet.safe.width - 2 * inset
            if not items:
                self._empty(canvas, top)
            for piece in pieces:
                block = blocks[piece.block]
                y = top + piece.y
                for row in piece.rows:
                    row.draw(canvas, x, y, width)
                    y += row.height
                if block.decorate is not None:
                    block.decorate(canvas, x, top + piece.y, width, piece.height, piece.first,
                                   piece.last)
            self._crop_marks(canvas)
            yield image

    # --- page furniture ---------------------------------------------------------------------

    def _line(self, canvas: Canvas, text: str, role: str, x: int, y: int, w: int, *,
              bold: bool = False, fill: tuple = BLACK, align: str = "left") -> None:
        t = self.type
        size = t.px(role)
        lines = t.lines(text, size, w, bold=bold)
        if lines:
            t.draw_text_line(canvas, lines[0], size, x, y, w, bold=bold, fill=fill, align=align)

    def _furniture(self, canvas: Canvas, number: int, count: int) -> None:
        safe, t, issue = self.sheet.safe, self.type, self.issue
        rule = max(3, self.sheet.mm(0.5, scaled=True))
        # a board without a `name` is called by its id, which is for files, not for residents
        board_name = issue.board.name if issue.board.name and issue.board.name != issue.board.id \
            else "居务公开栏"
        if number == 0:
            y = safe.top
            self._line(canvas, issue.community, "masthead", safe.left, y, safe.width, bold=True,
                       fill=RED, align="center")
            y += t.line_px(t.px("masthead"))
            self._line(canvas, f"{board_name}　{issue.label}", "sub", safe.left, y,
                       safe.width, align="center")
            y += t.line_px(t.px("sub")) + self.sheet.mm(1.5, scaled=True)
            canvas.draw.rectangle((safe.left, y, safe.right - 1, y + 2 * rule - 1), fill=RED)
            y += 2 * rule + rule
            canvas.draw.rectangle((safe.left, y, safe.right - 1, y + rule // 2), fill=RED)
        else:
            y = safe.top
            self._line(canvas, f"{issue.community}　{board_name}", "header", safe.left, y,
                       safe.width, fill=GREY)
            self._line(canvas, issue.label, "header", safe.left, y, safe.width, fill=GREY,
                       align="right")
            y += t.line_px(t.px("header")) + self.sheet.mm(0.5, scaled=True)
            # grey, not red: a page of plain text then stays greyscale (a third of the PNG size)
            canvas.draw.rectangle((safe.left, y, safe.right - 1, y + rule // 2), fill=GREY)
        # footer
        f_size = t.px("footer")
        fy = safe.bottom - t.line_px(f_size)
        canvas.draw.rectangle((safe.left, fy - self.sheet.mm(1.5, scaled=True),
                               safe.right - 1, fy - self.sheet.mm(1.5, scaled=True) + rule // 2),
                              fill=GREY)
        self._line(canvas, f"监督电话：{issue.phone}", "footer", safe.left, fy, safe.width)
        printed = "重印日期" if issue.reprint else "印制日期"
        self._line(canvas, f"{printed}：{chinese_date(issue.print_date)}", "footer", safe.left, fy,
                   safe.width, align="center")
        self._line(canvas, f"第{number + 1}页／共{count}页", "footer", safe.left, fy, safe.width,
                   align="right")

    def _empty(self, canvas: Canvas, top: int) -> None:
        """An empty month still gets a sheet: say so, and how to reach the committee."""
        safe, t, issue = self.sheet.safe, self.type, self.issue
        y = top + self.sheet.mm(30, scaled=True)
        self._line(canvas, f"{issue.month.year}年{issue.month.month}月暂无需要张贴的公开事项",
                   "title", safe.left, y, safe.width, bold=True, align="center")
        y += t.line_px(t.px("title")) + self.sheet.mm(8, scaled=True)
        lines = [f"如需查询居务、财务公开信息，或对社区工作有意见建议，欢迎联系{issue.community}。",
                 f"监督电话：{issue.phone}"]
        if issue.address:
            lines.append(f"地址：{issue.address}")
        if issue.office_hours:
            lines.append(f"办公时间：{issue.office_hours}")
        if issue.qq_group:
            lines.append(issue.qq_group)
        width = safe.width - 2 * self.sheet.mm(20, scaled=True)
        x = safe.left + self.sheet.mm(20, scaled=True)
        size = t.px("body")
        for text in lines:
            for line in t.lines(text, size, width):
                t.draw_text_line(canvas, line, size, x, y, width, align="center")
                y += t.line_px(size)

    def _crop_marks(self, canvas: Canvas) -> None:
        thickness = max(1, self.sheet.mm(0.1))
        for x0, y0, x1, y1 in self.sheet.crop_marks():
            if x0 == x1:
                canvas.draw.rectangle((x0, y0, x0 + thickness - 1, y1), fill=BLACK)
            else:
                canvas.draw.rectangle((x0, y0, x1, y0 + thickness - 1), fill=BLACK)
