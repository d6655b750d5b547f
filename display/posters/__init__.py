"""Monthly bulletin-board posters: one print-ready PDF per board per month, plus PNG previews.

`build_posters` is the one entry point (the CLI `board posters` and the MkDocs plugin call it).
For each board it selects the month's items (`issue`), lays them out on the board's paper
(`compose`, `blocks`, `flow`), and writes

    <out_dir>/posters/<board>/<YYYY-MM>.pdf
    <out_dir>/posters/<board>/<YYYY-MM>/page-NN.png

Rendering is skipped when nothing that shapes the pages changed (the shared `RenderCache`,
keyed by the items' source bytes, images, settings, fonts and this code): the output folder is
rebuilt fresh on every build, so cached files are copied, never re-rendered.
"""
from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from display.cache import RenderCache, cache_key, drawing_code_digest
from display.fonts import sans_spec
from PIL import Image, ImageChops

from generator.config import Board, SiteConfig
from generator.model import Item

from .compose import Composer, Issue
from .geometry import Sheet
from .issue import Month, MonthError, select_items
from .pdf import write_pdf

__all__ = ["BoardIssue", "MonthError", "PostersReport", "build_posters"]



@dataclass
class BoardIssue:
    """What was produced for one board."""

    board: str
    month: str
    pdf: Path
    pages: list[Path]
    items: list[str]  # item ids, in page order
    held_back: list[str]  # titles of items live this month but not yet published: not printed
    rendered: bool  # False: reused from the cache
    size_px: tuple[int, int] = (0, 0)
    copies: int = 1

    @property
    def empty(self) -> bool:
        return not self.items


@dataclass
class PostersReport:
    month: str
    issues: list[BoardIssue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def rendered(self) -> int:
        return sum(1 for i in self.issues if i.rendered)

    def lines(self) -> list[str]:
        """Like the screens' and cards' reports: what to print after a build."""
        return self.summary_lines()

    def summary_lines(self) -> list[str]:
        """One line per board, in Chinese, for the build output."""
        out = []
        for issue in self.issues:
            what = f"{len(issue.items)} 条内容" if issue.items else "本月没有内容（仍生成一张说明页）"
            how = "已重新生成" if issue.rendered else "未变化，沿用缓存"
            extra = f"，打印 {issue.copies} 份" if issue.copies > 1 else ""
            out.append(f"公开栏「{issue.board}」{issue.month}：{what}，共 {len(issue.pages)} 页，"
                       f"{how}{extra} → {issue.pdf.as_posix()}")
            if issue.held_back:
                out.append(f"  另有 {len(issue.held_back)} 条本月内容尚未到发布时间，暂不印刷（发布后重新生成即可）："
                           + "、".join(f"《{t}》" for t in issue.held_back))
        return out


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _item_fingerprint(item: Item, content_dir: Path) -> list[str]:
    """The item's source file and picture bytes: anything an editor changes shows up here."""
    parts = [item.id, item.url, _file_digest(content_dir / item.source)]
    if item.image:
        parts.append(_file_digest((content_dir / item.source).parent / item.image))
    return parts


def _board_key(board: Board) -> list[object]:
    return [board.id, board.name, board.paper, board.orientation, board.bleed]


def _link(src: Path, dst: Path) -> None:
    """Place a cached file in the output as a copy with ordinary permissions.

    Not a hard link: the cache writes private (0600) temporary files, and a web server must be
    able to read what lands in site/.
    """
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.unlink(missing_ok=True)
    shutil.copyfile(src, dst)


def _png_bytes(image: Image.Image) -> bytes:
    """The page as PNG, in the smallest lossless mode its pixels allow.

    A page of black text on white is pure grey (mode L, a third of RGB's size); a page with at
    most 256 distinct colours gets an exact palette (mode P, no dithering: every pixel keeps
    its colour); anything else (photos) stays RGB. img2pdf embeds all three without re-encoding.
    """
    colors = image.getcolors(256)
    if colors is not None:
        if all(c[0] == c[1] == c[2] for _, c in colors):
            image = image.convert("L")
        else:
            indexed = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                     dither=Image.Dither.NONE)
            # median cut keeps every colour when there are at most 256; check, never assume
            if ImageChops.difference(indexed.convert("RGB"), image).getbbox() is None:
                image = indexed
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(300, 300), compress_level=6)
    return buf.getvalue()


def build_posters(items: Iterable[Item], config: SiteConfig, now: datetime, out_dir: Path, *,
                  root: Path, cache_dir: Path, month: str | None = None,
                  board_ids: Sequence[str] | None = None) -> PostersReport:
    """Write each board's issue for `month` (default: the month of `now`); see the module doc.

    Raises MonthError for an unreadable `month` and KeyError for an unknown board id.
    """
    items = list(items)
    the_month = Month.parse(month) if month else Month.of(now.astimezone(config.tz))
    report = PostersReport(the_month.key)
    if not config.site_url:
        report.warnings.append("mkdocs.yml 没有设置 site_url：海报上不印二维码。"
                               "请填写网站地址（例如 https://example.org/），居民才能扫码查看全文。")
    wanted = list(board_ids) if board_ids else list(config.boards)
    unknown = [b for b in wanted if b not in config.boards]
    if unknown:
        raise KeyError("、".join(unknown))
    content_dir = root / config.content_dir
    spec = sans_spec(config.fonts, root)
    fonts_digest: str | None = None
    regular = bold = None
    pages_cache = RenderCache(cache_dir, "posters", ext="png", today=now.date())
    pdf_cache = RenderCache(cache_dir, "posters-pdf", ext="pdf", today=now.date())
    code = drawing_code_digest()
    for board_id in wanted:
        board = config.boards[board_id]
        selection = select_items(items, board_id, the_month, config.tz, now, config.display_days)
        sheet = Sheet.for_board(board)
        if fonts_digest is None:
            regular, bold = spec.chains()
            fonts_digest = regular.digest() + bold.digest()
        print_date = now.astimezone(config.tz).date()
        # The footer's 印制日期 is part of the page: a cached issue from another day would carry
        # a stale date (and make the output depend on the cache), so the date is in the key.
        key = cache_key("posters", 1, code, fonts_digest, _board_key(board), the_month.key,
                        print_date.isoformat(),
                        [config.community, config.phone, config.address, config.office_hours,
                         config.qq_group, config.site_url],
                        [_item_fingerprint(i, content_dir) for i in selection.items])
        page_digests = pages_cache.get(key)
        pdf_digests = pdf_cache.get(key)
        rendered = page_digests is None or pdf_digests is None
        if rendered:
            issue = Issue.of(board, the_month, config, print_date)
            composer = Composer(issue, sheet, regular, bold, site_url=config.site_url,
                                content_dir=content_dir)
            blobs = [_png_bytes(image) for image in composer.render_pages(selection.items)]
            page_digests = pages_cache.put(key, blobs)
            scratch = cache_dir / "posters-tmp" / board_id
            scratch.mkdir(parents=True, exist_ok=True)
            paths = [pages_cache.path(d) for d in page_digests]
            tmp_pdf = write_pdf(paths, sheet, scratch / f"{the_month.key}.pdf",
                                title=f"{config.community} {board.name} {the_month.label}",
                                author=config.community)
            pdf_digests = pdf_cache.put(key, [tmp_pdf.read_bytes()])
            tmp_pdf.unlink(missing_ok=True)
        folder = out_dir / "posters" / board_id
        page_dir = folder / the_month.key
        if page_dir.is_dir():
            shutil.rmtree(page_dir)
        pages = []
        for n, digest in enumerate(page_digests, 1):
            target = page_dir / f"page-{n:02d}.png"
            _link(pages_cache.path(digest), target)
            pages.append(target)
        pdf = folder / f"{the_month.key}.pdf"
        _link(pdf_cache.path(pdf_digests[0]), pdf)
        report.issues.append(BoardIssue(
            board=board_id, month=the_month.key, pdf=pdf, pages=pages,
            items=[i.id for i in selection.items], held_back=[i.title for i in selection.held_back],
            rendered=rendered, size_px=sheet.size_px, copies=board.copies))
    pages_cache.save()
    pdf_cache.save()
    return report
