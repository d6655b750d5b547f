"""Slide templates: `SlideData` → frames (Pillow images) at a profile's exact pixel size.

Why one grid for every full-colour template: residents learn where to look. Every frame has the
community's name and a date in the header band, the item's kind as a coloured chip, the title
large and bold, then key facts (label in the accent colour), then the text, and a footer with
the 监督电话 and the page marker (2/3). Light text on a dark ground (contrast > 10:1) reads
from across a lobby; urgent items turn the whole frame red with a yellow title.

LED strips get the item's short form (title, key time and place, or a totals line), Unifont at
native size, one bit per pixel, paged four lines at a time.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from .fonts import FontChain
from .layout import Box, LayoutError, Page, Spacing, draw_line, draw_page, fit, lines_for, page_height
from .linebreak import Line
from .pagebreak import paginate_text
from .posters.qr import QUIET_ZONE, make_qr, qr_image
from .profiles import Profile
from .slidedata import SlideData

VERSION = 3  # bump whenever a template's drawing changes: every frame re-renders
STRIP_SPACING = Spacing(1.0, 0)

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Theme:
    background: RGB
    band: RGB  # header and footer bands
    text: RGB
    muted: RGB
    title: RGB
    accent: RGB  # chip, fact labels, rule
    chip_text: RGB


NAVY, BAND = (12, 36, 64), (6, 22, 42)
ACCENTS: dict[str, RGB] = {
    "notice": (102, 204, 255), "gongshi": (255, 214, 64), "finance": (120, 220, 130),
    "event": (255, 170, 70), "publicity": (220, 160, 240), "fallback": (102, 204, 255),
}
URGENT = Theme(background=(176, 0, 0), band=(110, 0, 0), text=(255, 255, 255),
               muted=(255, 220, 220), title=(255, 236, 0), accent=(255, 236, 0),
               chip_text=(150, 0, 0))


def theme_for(data: SlideData) -> Theme:
    if data.urgent:
        return URGENT
    accent = ACCENTS.get(data.template, ACCENTS["notice"])
    return Theme(background=NAVY, band=BAND, text=(255, 255, 255), muted=(200, 214, 230),
                 title=(255, 255, 255), accent=accent, chip_text=NAVY)


def render(data: SlideData, profile: Profile, chains: tuple[FontChain, FontChain],
           image: Path | None = None) -> list[Image.Image]:
    """All frames of one slide (one per page), each exactly profile.width × profile.height."""
    if profile.full:
        return FullFrame(data, profile, chains, image).frames()
    return render_strip(data, profile, chains[0])


def frame_count(data: SlideData, profile: Profile, chains: tuple[FontChain, FontChain],
                image: Path | None = None) -> int:
    """len(render(...)), laid out but not drawn."""
    if profile.full:
        return FullFrame(data, profile, chains, image).frame_count()
    return len(strip_pages(data, profile, chains[0])[2])


# --- full colour ---------------------------------------------------------------------------

@dataclass
class _Plan:
    """A full-colour slide measured: which layout, and where its parts go."""

    kind: str  # fallback | finance | pages
    title_h: int = 0
    rule_y: int = 0
    below_rule: int = 0
    fact_size: int = 0
    facts_h: int = 0
    first_y: int = 0
    later: Box | None = None
    image_box: Box | None = None
    qr: Image.Image | None = None
    pages: list[Page | None] = field(default_factory=list)
    shortened: bool = False


class FullFrame:
    """The full-colour grid, scaled from a 1920×1080 design to the profile's size."""

    def __init__(self, data: SlideData, profile: Profile, chains: tuple[FontChain, FontChain],
                 image: Path | None) -> None:
        self.data, self.profile, self.image = data, profile, image
        self.regular, self.bold = chains
        self.theme = theme_for(data)
        w, h = profile.size
        u = h / 1080  # design unit
        self.u = u
        self.safe = Box(0, 0, w, h).inset(profile.margin)
        self.side = max(profile.margin, round(96 * u * w / 1920 if w >= h else 64 * u))
        self.band_h = round(132 * u)
        self.footer_h = round(104 * u)
        self.chrome = max(12, round(46 * u))  # header/footer text size
        self.content = Box(self.side, self.band_h + round(44 * u), w - 2 * self.side,
                           h - self.band_h - self.footer_h - round(44 * u) - round(28 * u))

    # frame scaffolding -----------------------------------------------------------------------

    def _canvas(self) -> tuple[Image.Image, ImageDraw.ImageDraw]:
        w, h = self.profile.size
        img = Image.new("RGB", (w, h), self.theme.background)
        draw = ImageDraw.Draw(img)
        draw.rectangle((0, 0, w, self.band_h), fill=self.theme.band)
        draw.rectangle((0, h - self.footer_h, w, h), fill=self.theme.band)
        return img, draw

    def _chrome_text(self, draw: ImageDraw.ImageDraw, text: str, chain: FontChain, fill: RGB,
                     box: Box, align: str) -> None:
        """One line of header/footer text, vertically centred in `box`, never beyond the safe box."""
        size = self.chrome
        while size > 12 and chain.width(text, size) > box.w:
            size -= 2
        line = Line(text)
        width = chain.width(text, size)
        x = {"left": box.x, "right": box.right - width, "center": box.x + (box.w - width) / 2}[align]
        y = box.y + (box.h - size) / 2
        draw_line(draw, line, chain, size, (x, y), fill)

    def _header(self, draw: ImageDraw.ImageDraw) -> None:
        w = self.profile.width
        top = max(self.safe.y, 0)
        band = Box(self.side, top, w - 2 * self.side, self.band_h - top)
        name_w = self.bold.width(self.data.community, self.chrome)
        date_w = self.regular.width(self.data.dateline, self.chrome)
        chip_size = self.chrome
        chip_w = self.bold.width(self.data.label, chip_size) + round(40 * self.u)
        chip_x = band.x + name_w + round(36 * self.u)
        fits_chip = chip_x + chip_w + round(36 * self.u) + date_w <= band.right
        self._chrome_text(draw, self.data.community, self.bold, self.theme.text,
                          Box(band.x, band.y, band.w - date_w - round(36 * self.u), band.h), "left")
        if fits_chip:
            pad = round(14 * self.u)
            cy = band.y + band.h / 2
            draw.rounded_rectangle((chip_x, cy - chip_size / 2 - pad, chip_x + chip_w,
                                    cy + chip_size / 2 + pad), radius=round(10 * self.u),
                                   fill=self.theme.accent)
            self._chrome_text(draw, self.data.label, self.bold, self.theme.chip_text,
                              Box(chip_x, band.y, chip_w, band.h), "center")
        self._chrome_text(draw, self.data.dateline, self.regular, self.theme.muted, band, "right")

    def _footer(self, draw: ImageDraw.ImageDraw, marker: str) -> None:
        w, h = self.profile.size
        bottom = min(self.safe.bottom, h)
        box = Box(self.side, h - self.footer_h, w - 2 * self.side, bottom - (h - self.footer_h))
        marker_w = self.bold.width(marker, self.chrome) + round(40 * self.u) if marker else 0
        self._chrome_text(draw, self.data.footer, self.regular, self.theme.muted,
                          Box(box.x, box.y, box.w - marker_w, box.h), "left")
        if marker:
            self._chrome_text(draw, marker, self.bold, self.theme.accent, box, "right")

    # content blocks ---------------------------------------------------------------------------

    def _title(self, draw: ImageDraw.ImageDraw, box: Box, *, measure_only: bool = False) -> int:
        spacing = Spacing(1.22, 0)
        title = fit(self.data.title, self.bold, box.w, box.h, self.profile.title_sizes, spacing,
                    max_lines=2, names=self.data.names, balance=True)
        page = title.pages[0]
        if len(title.pages) > 1:  # a title longer than the whole area: keep every character
            page = Page(title.size, tuple(l for p in title.pages for l in p.lines), spacing)
        if not measure_only:
            draw_page(draw, page, self.bold, box, self.theme.title)
        return page_height(page, self.bold)

    def _facts(self, draw: ImageDraw.ImageDraw, box: Box, size: int, *, measure_only: bool = False) -> int:
        """Label/value rows; values wrap with a hanging indent under the value column."""
        spacing = Spacing(1.3, 0)
        label_w = max((self.bold.width(k, size) for k, _ in self.data.facts), default=0) + size
        y = box.y
        for key, value in self.data.facts:
            lines = lines_for(value, self.regular, size, max(size, int(box.w - label_w)),
                              names=self.data.names)
            page = Page(size, tuple(lines), spacing)
            height = page_height(page, self.regular)
            if not measure_only:
                line_px = spacing.line_px(size)
                label = Page(size, (Line(key),), spacing)
                draw_page(draw, label, self.bold, Box(box.x, y, int(label_w), line_px), self.theme.accent)
                draw_page(draw, page, self.regular, Box(box.x + int(label_w), y, int(box.w - label_w), height),
                          self.theme.text)
            y += height + round(size * 0.15)
        return y - box.y

    def _rule(self, draw: ImageDraw.ImageDraw, y: int) -> None:
        x = self.content.x
        draw.rectangle((x, y, x + round(180 * self.u), y + max(2, round(8 * self.u))), fill=self.theme.accent)

    def frames(self) -> list[Image.Image]:
        plan = self._plan()
        if isinstance(plan, FullFrame):
            return plan.frames()  # too much for one frame: facts become paged text
        if plan.kind == "fallback":
            return [self._fallback()]
        if plan.kind == "finance":
            return [self._finance(plan.title_h, plan.rule_y, plan.below_rule)]
        content, later, qr, image_box = self.content, plan.later, plan.qr, plan.image_box
        assert later is not None
        out = []
        for index, page in enumerate(plan.pages):
            img, draw = self._canvas()
            self._header(draw)
            self._title(draw, Box(content.x, content.y, content.w, plan.title_h))
            self._rule(draw, plan.rule_y)
            box = later
            if index == 0 and self.data.facts:
                self._facts(draw, Box(content.x, plan.below_rule, content.w, plan.facts_h), plan.fact_size)
                box = Box(later.x, plan.first_y, later.w, max(0, content.bottom - plan.first_y))
            if page is not None and page.lines:
                draw_page(draw, page, self.regular, box, self.theme.text)
            if plan.shortened and qr is not None:  # the whole text is one scan away
                img.paste(qr, (box.right - qr.width, box.y))
            if image_box is not None:
                self._picture(img, image_box)
            self._footer(draw, page.marker if page is not None else "")
            out.append(img)
        return out

    def frame_count(self) -> int:
        """How many frames `frames` draws, from the same layout but drawing nothing: what
        `board check`'s loop length needs, at a fraction of the cost of drawing and encoding."""
        plan = self._plan()
        if isinstance(plan, FullFrame):
            return plan.frame_count()
        return 1 if plan.kind in ("fallback", "finance") else len(plan.pages)

    def _plan(self) -> _Plan | FullFrame:
        """Where everything goes (measured, not drawn); a FullFrame when the facts must become
        paged text instead."""
        if self.data.template == "fallback":
            return _Plan("fallback")
        probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
        content = self.content
        title_h = self._title(probe, content, measure_only=True)
        gap = round(36 * self.u)
        rule_y = content.y + title_h + round(20 * self.u)
        below_rule = rule_y + max(2, round(8 * self.u)) + gap
        fact_size = self.profile.body_sizes[-1] if len(self.data.facts) > 2 else self.profile.body_sizes[0]
        facts_h = self._facts(probe, Box(content.x, below_rule, content.w, content.bottom - below_rule),
                              fact_size, measure_only=True) if self.data.facts else 0
        if below_rule + facts_h > content.bottom or (
                self.data.template == "finance" and not self._cards_fit(below_rule)):
            return self._as_text()
        first_y = below_rule + (facts_h + gap // 2 if facts_h else 0)
        if self.data.template == "finance":
            return _Plan("finance", title_h=title_h, rule_y=rule_y, below_rule=below_rule)
        text_w, image_box = content.w, None
        if self.data.template == "publicity" and self.image is not None and self.data.image:
            split = round(content.w * 0.42)
            image_box = Box(content.right - split, below_rule, split, content.bottom - below_rule)
            text_w = content.w - split - gap
        later = Box(content.x, below_rule, text_w, content.bottom - below_rule)
        first_h = max(0, content.bottom - first_y)
        qr = self._qr(first_h) if image_box is None else None
        pages, _, shortened = self._body_plan(later, first_h, qr_w=qr.width + gap if qr else 0)
        return _Plan("pages", title_h=title_h, rule_y=rule_y, below_rule=below_rule,
                     fact_size=fact_size, facts_h=facts_h, first_y=first_y, later=later,
                     image_box=image_box, qr=qr, pages=pages, shortened=shortened)

    def _as_text(self) -> FullFrame:
        """The same slide with its facts and figures moved into the (paginated) body text."""
        rows = [f"{k}：{v}" for k, v in self.data.facts]
        rows += [f"{k}：{v} 元" for k, v in self.data.figures]
        body = "\n".join(rows + [self.data.body or self.data.short])
        data = replace(self.data, template="notice" if self.data.template == "finance" else self.data.template,
                       facts=(), figures=(), body=body.strip(), short="")
        return FullFrame(data, self.profile, (self.regular, self.bold), self.image)

    def _cards_fit(self, y: int) -> bool:
        rows = (len(self.data.figures) + 1) // 2
        need = rows * (self.profile.body_sizes[-1] * 2.6 + round(36 * self.u)) + round(32 * self.u) * (rows - 1)
        return y + need <= self.content.bottom

    def _body_pages(self, box: Box, first_height: int) -> list[Page | None]:
        return self._body_plan(box, first_height)[0]

    def _mode(self) -> str:
        """What a body over the screen's page limit becomes: the item's choice, else the screen's."""
        return self.data.screen_text or self.profile.long_text

    def _body_plan(self, box: Box, first_height: int, *, qr_w: int = 0) -> tuple[list[Page | None], int, bool]:
        """The body in pages (the first under the facts, later ones under the title), how many
        pages the whole body needs, and whether the slide shows the summary instead.

        A body over the screen's `max_pages` shows the summary and where to read the rest,
        unless the item (`screen_text: full`) or the screen (`long_text: full`) asks for every
        page; an item without a summary always shows every page (nothing to shorten it to).
        """
        text = self.data.body.strip() or self.data.short.strip()
        if not text:
            return [None], 0, False
        spacing = Spacing(1.42, 0.35)
        try:
            body = fit(text, self.regular, box.w, box.h, self.profile.body_sizes, spacing,
                       first_height=first_height, names=self.data.names)
            needed = len(body.pages)
            if (needed > self.profile.max_pages and self._mode() == "summary"
                    and self.data.short.strip() and self.data.body.strip()):
                where = ("（扫码看全文，或到社区公开栏看）" if qr_w
                         else "（全文见社区公开栏和网站）")
                short = self.data.short.strip() + "\n" + where
                body = fit(short, self.regular, box.w - qr_w, box.h, self.profile.body_sizes, spacing,
                           first_height=first_height, names=self.data.names)
                return list(body.pages), needed, True
        except LayoutError:
            return [None], 0, False
        return list(body.pages), needed, False

    def body_plan(self) -> tuple[int, int, bool]:
        """(pages the body needs, pages shown, shortened?) as `frames` lays them out: what
        `board check` reports for a body over the screen's page limit."""
        if self.data.template in ("fallback", "finance"):
            return 0, 1, False
        probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
        content = self.content
        title_h = self._title(probe, content, measure_only=True)
        gap = round(36 * self.u)
        below_rule = content.y + title_h + round(20 * self.u) + max(2, round(8 * self.u)) + gap
        fact_size = self.profile.body_sizes[-1] if len(self.data.facts) > 2 else self.profile.body_sizes[0]
        facts_h = self._facts(probe, Box(content.x, below_rule, content.w, content.bottom - below_rule),
                              fact_size, measure_only=True) if self.data.facts else 0
        if below_rule + facts_h > content.bottom:
            return self._as_text().body_plan()
        first_y = below_rule + (facts_h + gap // 2 if facts_h else 0)
        text_w = content.w
        if self.data.template == "publicity" and self.image is not None and self.data.image:
            text_w = content.w - round(content.w * 0.42) - gap
        later = Box(content.x, below_rule, text_w, content.bottom - below_rule)
        pages, needed, shortened = self._body_plan(later, max(0, content.bottom - first_y))
        return needed, len(pages), shortened

    def _qr(self, first_height: int) -> Image.Image | None:
        """The item's web address as a QR code for a shortened slide: dark modules on white
        with the 4-module quiet zone, whole pixels per module, no larger than the text area."""
        if not self.data.link:
            return None
        code = make_qr(self.data.link)
        n = code.symbol_size(border=QUIET_ZONE)[0]
        module = min(round(380 * self.u), first_height) // n
        if module < 2:
            return None
        return qr_image(self.data.link, module=module).convert("RGB")

    def _picture(self, img: Image.Image, box: Box) -> None:
        """The picture scaled to fit its box without distortion, centred, never cropped."""
        assert self.image is not None
        with Image.open(self.image) as src:
            pic = ImageOps.exif_transpose(src).convert("RGB")
        pic = ImageOps.contain(pic, (box.w, box.h), Image.Resampling.LANCZOS)
        img.paste(pic, (box.x + (box.w - pic.width) // 2, box.y + (box.h - pic.height) // 2))

    def _finance(self, title_h: int, rule_y: int, y: int) -> Image.Image:
        img, draw = self._canvas()
        content = self.content
        self._header(draw)
        self._title(draw, Box(content.x, content.y, content.w, title_h))
        self._rule(draw, rule_y)
        gap = round(32 * self.u)
        cols = 2
        rows = (len(self.data.figures) + 1) // 2
        cell_w = (content.w - gap * (cols - 1)) // cols
        cell_h = (content.bottom - y - gap * (rows - 1)) // max(1, rows)
        label_size = self.profile.body_sizes[-1]
        for index, (label, value) in enumerate(self.data.figures):
            cx = content.x + (index % cols) * (cell_w + gap)
            cy = y + (index // cols) * (cell_h + gap)
            highlight = label == "期末余额"
            draw.rounded_rectangle((cx, cy, cx + cell_w, cy + cell_h), radius=round(18 * self.u),
                                   fill=self.theme.band, outline=self.theme.accent if highlight else None,
                                   width=max(1, round(4 * self.u)))
            inner = Box(cx, cy, cell_w, cell_h).inset(round(36 * self.u), round(18 * self.u))
            label_page = Page(label_size, (Line(label),), Spacing(1.2, 0))
            draw_page(draw, label_page, self.bold, inner, self.theme.accent)
            value_box = Box(inner.x, inner.y + round(label_size * 1.2), inner.w,
                            inner.h - round(label_size * 1.2))
            sizes = [s for s in (round(120 * self.u), round(108 * self.u), *self.profile.title_sizes,
                                 *self.profile.body_sizes)]
            amount = fit(value + " 元", self.bold, value_box.w, value_box.h, sizes, Spacing(1.2, 0))
            draw_page(draw, amount.pages[0], self.bold, value_box, self.theme.text, valign="middle")
        self._footer(draw, "")
        return img

    def _fallback(self) -> Image.Image:
        img, draw = self._canvas()
        self._header(draw)
        content = self.content
        big = fit(self.data.title, self.bold, content.w, content.h // 3,
                  [round(132 * self.u), *self.profile.title_sizes], Spacing(1.2, 0))
        used = draw_page(draw, big.pages[0], self.bold, Box(content.x, content.y + round(40 * self.u),
                                                             content.w, content.h // 3),
                         self.theme.title, align="center")
        date_size = self.profile.body_sizes[0]
        y = content.y + round(40 * self.u) + used + round(30 * self.u)
        draw_page(draw, Page(date_size, (Line(self.data.dateline),), Spacing(1.3, 0)), self.regular,
                  Box(content.x, y, content.w, round(date_size * 1.4)), self.theme.muted, align="center")
        y += round(date_size * 1.3) + round(60 * self.u)
        facts_box = Box(content.x + content.w // 10, y, content.w - content.w // 5, content.bottom - y)
        facts = list(self.data.facts)
        while facts:  # secondary facts give way rather than run into the footer
            shown = FullFrame(replace(self.data, facts=tuple(facts)), self.profile,
                              (self.regular, self.bold), None)
            if shown._facts(draw, facts_box, self.profile.body_sizes[-1], measure_only=True) <= facts_box.h:
                shown._facts(draw, facts_box, self.profile.body_sizes[-1])
                break
            facts.pop()
        self._footer(draw, "")
        return img


# --- LED strips ------------------------------------------------------------------------------

def strip_pages(data: SlideData, profile: Profile, chain: FontChain) -> tuple[int, Box, list[list[tuple[Line, bool]]]]:
    """The strip's text size, box and frames: lines tagged True while they belong to the title.

    Frames end at a paragraph or sentence end where they can, with no one-line tail frame; one
    frame more than the fewest is allowed when it keeps sentences whole (`display.pagebreak`).
    """
    size = profile.body_sizes[-1]
    if profile.height >= 4 * profile.body_sizes[0]:
        size = profile.body_sizes[0]
    box = Box(0, 0, profile.width, profile.height).inset(profile.margin)
    paragraphs = [" ".join(p.split()) for p in data.strip if p.strip()]
    per_page = max(1, box.h // STRIP_SPACING.line_px(size))

    def wrap_part(index: int, part: str) -> list[Line]:
        return lines_for(part, chain, size, box.w, names=data.names, balance=index == 0)

    def room(lines: Sequence[Line], _: int) -> float | None:
        return len(lines) / per_page if len(lines) <= per_page else None

    pages = paginate_text("\n".join(paragraphs), wrap_part, room, extra_frames=1) or [()]
    chunks: list[list[tuple[Line, bool]]] = []
    in_title = True
    for page in pages:
        chunk = []
        for line in page:
            chunk.append((line, in_title))
            in_title = in_title and not line.paragraph_end
        chunks.append(chunk)
    return size, box, chunks


def render_strip(data: SlideData, profile: Profile, chain: FontChain) -> list[Image.Image]:
    """Mono/dual frames: the strip paragraphs at the pixel font's size, paged by whole lines.

    Mono draws in palette index 1 (the LED colour) on 0 (black); urgent titles are inverted
    (lit band, dark text), unmistakable with a single colour. Dual: titles yellow (urgent red),
    the rest green. Palette images and mode-"1" text mean no anti-aliasing can creep in.
    """
    size, box, chunks = strip_pages(data, profile, chain)
    frames = []
    for chunk in chunks:
        img = Image.new("P", profile.size, 0)
        img.putpalette([c for rgb in profile.palette for c in rgb])
        draw = ImageDraw.Draw(img)
        for row, (line, is_title) in enumerate(chunk):
            y = box.y + row * STRIP_SPACING.line_px(size)
            colour = _strip_colour(profile, data.urgent, is_title)
            if profile.color == "mono" and data.urgent and is_title:
                draw.rectangle((0, y, profile.width - 1, y + size - 1), fill=1)
                colour = 0
            draw_line(draw, line, chain, size, (box.x, y), colour)
        frames.append(img)
    return frames


def _strip_colour(profile: Profile, urgent: bool, is_title: bool) -> int:
    if profile.color == "mono":
        return 1
    if is_title:
        return 1 if urgent else 3  # red / yellow
    return 2  # green


def frame_sizes_ok(frames: Sequence[Image.Image], profile: Profile) -> bool:
    return all(f.size == profile.size for f in frames)
