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
import json
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from display.cache import RenderCache, cache_key, drawing_code_digest
from display.fonts import sans_spec
from PIL import Image, ImageChops

from generator.config import Board, SiteConfig
from generator.lifecycle import display_ends_at
from generator.model import Item

from .compose import Composer, Digest, Issue
from .digest import fit_digest, last_moment, most_in_full
from .flow import Block, Piece
from .geometry import Sheet
from .issue import Month, MonthError, ending_cutoff, hang_day, hung_from, select_items
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
    ending: list[tuple[str, datetime]] = field(default_factory=list)  # (title, end): not printed
    ending_days: int = 7
    hang_day: str = ""  # ISO date the sheets go up (print date, or the month's first day)
    digest: bool = False  # set as a digest: the full issue would exceed the page limit
    full_pages: int = 0  # pages the full issue would have taken (when digest)
    in_full: int = 0  # leading items printed in full; the rest (when digest) as digest entries
    page_limit: int = 0
    omitted: list[str] = field(default_factory=list)  # titles not even in the digest
    reprint: bool = False

    @property
    def empty(self) -> bool:
        return not self.items

    def notes(self) -> list[str]:
        """What the clerk must know beyond the page count: reprint, digest, left-out items."""
        out: list[str] = []
        if self.reprint:
            out.append(f"这是重印版：每页标有「{_md(self.hang_day)}重印」和重印日期，"
                       "月初印的那一版文件保留不动；张贴时换下旧版。")
        if self.digest:
            shown = len(self.items)
            how = (f"前 {self.in_full} 条（紧急、通知、公示等在前）印全文，其余 {shown - self.in_full} 条"
                   if self.in_full else f"{'印出的' if self.omitted else '全部'} {shown} 条")
            out.append(f"全部内容要印 {self.full_pages} 页，超过这个公开栏的 {self.page_limit} 页"
                       f"（mkdocs.yml 的 max_pages）：{how}只印标题、日期、摘要和二维码。")
        if self.omitted:
            out.append(f"摘要版也放不下全部内容，{len(self.omitted)} 条只列出标题（请到网站查看）："
                       + "、".join(f"《{t}》" for t in self.omitted))
        if self.ending:
            out.append(f"以下 {len(self.ending)} 条内容在张贴后 {self.ending_days} 天内到期，没有印进本期"
                       "（ending_days）；公示期未满的，请把原来张贴的那一页保留到期满：")
            out.extend(f"  《{title}》 有效至 {last_moment(end, end.year)}" for title, end in self.ending)
        if self.held_back:
            out.append(f"另有 {len(self.held_back)} 条本月内容尚未到发布时间，暂不印刷（发布后重新生成即可）："
                       + "、".join(f"《{t}》" for t in self.held_back))
        return out


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
            out.extend("  " + note for note in issue.notes())
        return out


def _md(iso_day: str) -> str:
    d = date.fromisoformat(iso_day)
    return f"{d.month}月{d.day}日"



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
    return [board.id, board.name, board.paper, board.orientation, board.bleed, board.page_limit,
            board.ending_days]


Layout = tuple[list[Block], list[list[Piece]]]


def plan_issue(composer: Composer, items: Sequence[Item], limit: int
               ) -> tuple[list[Item], Digest | None, int, Layout | None]:
    """(items printed, digest plan or None for the full issue, pages of the full issue, the
    full layout when it is the one to draw, else None).

    The full issue when it fits the board's page limit; else as many leading items in full as
    fit with the rest as digest entries; else the digest of as many items as fit, in the
    issue's order, the rest listed by title."""
    laid = composer.layout(items)
    pages = laid[1]
    if len(pages) <= limit:
        return list(items), None, len(pages), laid

    def mixed_pages(full: int) -> int:
        return len(composer.layout(items, Digest(limit, (), full))[1])

    full = most_in_full(len(items), mixed_pages, limit)
    if full is not None:
        return list(items), Digest(limit, (), full), len(pages), None

    def digest_pages(shown: Sequence[Item], omitted: Sequence[Item]) -> int:
        return len(composer.layout(shown, Digest(limit, tuple(omitted)))[1])

    shown, omitted = fit_digest(items, digest_pages, limit)
    return shown, Digest(limit, tuple(omitted)), len(pages), None


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
                  board_ids: Sequence[str] | None = None, reprint: bool = False) -> PostersReport:
    """Write each board's issue for `month` (default: the month of `now`); see the module doc.

    `reprint`: a mid-month reprint dated `now`, written beside the month's issue under its own
    name (`<YYYY-MM>-reprint-<YYYYMMDD>.pdf`), so the first print stays as it was.
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
    plan_cache = RenderCache(cache_dir, "posters-plan", ext="json", today=now.date())
    code = drawing_code_digest()
    print_date = now.astimezone(config.tz).date()
    for board_id in wanted:
        board = config.boards[board_id]
        cutoff = ending_cutoff(the_month, print_date, board.ending_days, config.tz)
        selection = select_items(items, board_id, the_month, config.tz, now, config.display_days,
                                 ending_before=cutoff,
                                 hung_from=hung_from(the_month, print_date, config.tz))
        sheet = Sheet.for_board(board)
        if fonts_digest is None:
            regular, bold = spec.chains()
            fonts_digest = regular.digest() + bold.digest()
        # The footer's 印制日期 is part of the page: a cached issue from another day would carry
        # a stale date (and make the output depend on the cache), so the date is in the key.
        key = cache_key("posters", 2, code, fonts_digest, _board_key(board), the_month.key,
                        print_date.isoformat(), reprint,
                        [config.community, config.phone, config.address, config.office_hours,
                         config.qq_group, config.site_url],
                        [_item_fingerprint(i, content_dir) for i in selection.items])
        page_digests = pages_cache.get(key)
        pdf_digests = pdf_cache.get(key)
        plan_digests = plan_cache.get(key)
        rendered = page_digests is None or pdf_digests is None or plan_digests is None
        if rendered:
            issue = Issue.of(board, the_month, config, print_date, reprint=reprint)
            composer = Composer(issue, sheet, regular, bold, site_url=config.site_url,
                                content_dir=content_dir)
            shown, digest, full_pages, laid = plan_issue(composer, selection.items, board.page_limit)
            plan = {"digest": digest is not None, "full_pages": full_pages,
                    "in_full": digest.full if digest else len(shown),
                    "omitted": [i.id for i in digest.omitted] if digest else []}
            plan_digests = plan_cache.put(key, [json.dumps(plan).encode("utf-8")])
            blobs = [_png_bytes(image) for image in composer.render_pages(shown, digest, laid=laid)]
            page_digests = pages_cache.put(key, blobs)
            scratch = cache_dir / "posters-tmp" / board_id
            scratch.mkdir(parents=True, exist_ok=True)
            paths = [pages_cache.path(d) for d in page_digests]
            tmp_pdf = write_pdf(paths, sheet, scratch / f"{the_month.key}.pdf",
                                title=f"{config.community} {board.name} {issue.label}",
                                author=config.community)
            pdf_digests = pdf_cache.put(key, [tmp_pdf.read_bytes()])
            tmp_pdf.unlink(missing_ok=True)
        plan = json.loads(plan_cache.path(plan_digests[0]).read_text(encoding="utf-8"))
        folder = out_dir / "posters" / board_id
        name = the_month.key + (f"-reprint-{print_date:%Y%m%d}" if reprint else "")
        page_dir = folder / name
        if page_dir.is_dir():
            shutil.rmtree(page_dir)
        pages = []
        for n, digest in enumerate(page_digests, 1):
            target = page_dir / f"page-{n:02d}.png"
            _link(pages_cache.path(digest), target)
            pages.append(target)
        pdf = folder / f"{name}.pdf"
        _link(pdf_cache.path(pdf_digests[0]), pdf)
        omitted = set(plan["omitted"])
        report.issues.append(BoardIssue(
            board=board_id, month=the_month.key, pdf=pdf, pages=pages,
            items=[i.id for i in selection.items if i.id not in omitted],
            held_back=[i.title for i in selection.held_back],
            rendered=rendered, size_px=sheet.size_px, copies=board.copies,
            ending=[(i.title, display_ends_at(i, config.display_days) or cutoff)
                    for i in selection.ending],
            ending_days=board.ending_days,
            hang_day=hang_day(the_month, print_date).isoformat(), digest=plan["digest"],
            full_pages=plan["full_pages"], page_limit=board.page_limit, in_full=plan["in_full"],
            omitted=[i.title for i in selection.items if i.id in omitted], reprint=reprint))
    pages_cache.save()
    pdf_cache.save()
    plan_cache.save()
    return report
