"""Share cards: one 1080×1440 PNG per item for the residents' QQ/WeChat groups (and og:image).

Why built from the slides: a resident who saw the lobby screen recognises the same card in the
group chat, and there is one text engine and one set of templates. A card is the item's lobby
slide drawn square (1080×1080, the slide template with title, chip, key facts and a short text)
on top of a 360-px panel with the QR code to the item's page, its URL and the 监督电话.

Cards go through the shared `RenderCache` ("cards"), keyed by what the slide says, the link,
the fonts and the renderer, so an unchanged item is never drawn again.
"""
from __future__ import annotations

import io
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw

from generator.config import SiteConfig
from generator.lifecycle import display_ends_at, is_published
from generator.model import Item

from . import slides
from .cache import RenderCache, cache_key, drawing_code_digest, file_sha, fonts_digest
from .pool import map_batches
from .fonts import FontChain, sans_spec
from .layout import Box, Page, Spacing, draw_page, fit
from .posters.qr import QUIET_ZONE, item_link, make_qr, qr_image
from .profiles import Profile
from .screens import RENDERER
from .slidedata import SlideData, slide_data

__all__ = ["CARD_SIZE", "CardsReport", "build_cards", "card_name"]

VERSION = 1  # bump when the card's own drawing (the QR panel) changes
CARD_SIZE = (1080, 1440)
SLIDE_SIZE = (1080, 1080)
PANEL_H = CARD_SIZE[1] - SLIDE_SIZE[1]
SHORT_LIMIT = 90  # characters of text under the facts; the rest is one scan away
MIN_TEXT = 20  # at least 1/54 of the card width: still legible in a chat's preview


@dataclass
class CardsReport:
    cards: dict[str, Path] = field(default_factory=dict)  # item id -> PNG
    rendered: int = 0
    reused: int = 0
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"分享卡片：{len(self.cards)} 张（新绘制 {self.rendered} 张，沿用缓存 {self.reused} 张）"]


def card_name(item: Item) -> str:
    """`cards/<slug>.png` relative to the site root: the item's URL path joined with `-`.

    The website uses the same function for og:image, so the two never disagree.
    """
    slug = item.url.strip("/").replace("/", "-") or "item"
    return f"cards/{slug}.png"


def card_profile(config: SiteConfig, root: Path) -> Profile:
    """A square full-colour 'screen' with sizes for a phone: body 48–60 px, title 64–84 px."""
    return Profile(id="card", name="分享卡片", width=SLIDE_SIZE[0], height=SLIDE_SIZE[1],
                   color="full", palette=(), fonts=sans_spec(config.fonts, root),
                   body_sizes=(60, 54, 48), title_sizes=(84, 76, 68), margin=40, duration=10)


def card_data(item: Item, config: SiteConfig, image: Path | None) -> SlideData:
    """The item's slide data, with a short text so the square frame never pages."""
    data = slide_data(item, config, image=image)
    text = (item.summary or item.text).strip()
    if len(text) > SHORT_LIMIT:
        text = text[:SHORT_LIMIT].rstrip("，。、；：,.;: ") + "……"
    return replace(data, body=text, short=text)


def _one_frame(data: SlideData, profile: Profile, chains: tuple[FontChain, FontChain],
               image: Path | None) -> Image.Image:
    """The first frame, shortening the text until the slide fits one frame (no 1/2 marker)."""
    frames = slides.render(data, profile, chains, image)
    text = data.body
    while len(frames) > 1 and len(text) > 10:
        text = text[: len(text) * 2 // 3].rstrip("，。、；：") + "……"
        data = replace(data, body=text, short=text)
        frames = slides.render(data, profile, chains, image)
    if len(frames) > 1:
        frames = slides.render(replace(data, body="", short=""), profile, chains, image)
    return frames[0]


def render_card(item: Item, config: SiteConfig, chains: tuple[FontChain, FontChain],
                profile: Profile, image: Path | None) -> Image.Image:
    """The 1080×1440 card: the square slide over the QR panel."""
    regular, bold = chains
    data = card_data(item, config, image)
    slide = _one_frame(data, profile, chains, image)
    theme = slides.theme_for(data)
    card = Image.new("RGB", CARD_SIZE, theme.band)
    card.paste(slide, (0, 0))
    draw = ImageDraw.Draw(card)
    margin = 48
    top = SLIDE_SIZE[1]
    draw.rectangle((0, top, CARD_SIZE[0], top + 6), fill=theme.accent)
    link = item_link(config.site_url, item.url)
    text_x = margin
    if link:
        n = make_qr(link).symbol_size(border=QUIET_ZONE)[0]
        module = max(4, (PANEL_H - 2 * 36) // n)
        code = qr_image(link, module=module).convert("RGB")
        y = top + (PANEL_H - code.height) // 2 + 3
        card.paste(code, (margin, y))
        text_x = margin + code.width + 40
    box = Box(text_x, top + 44, CARD_SIZE[0] - text_x - margin, PANEL_H - 88)
    lines: list[tuple[str, FontChain, int, tuple[int, int, int]]] = []
    if link:
        lines.append(("扫码查看全文", bold, 48, theme.title))
        lines.append((link, regular, 30, theme.muted))
    else:
        lines.append((config.community, bold, 48, theme.title))
        if config.address:
            lines.append((config.address, regular, 30, theme.muted))
    y = box.y
    for text, chain, size, colour in lines:
        laid = fit(text, chain, box.w, max(size * 2, box.bottom - y), [size, max(MIN_TEXT, size - 8)],
                   Spacing(1.3, 0))
        page = Page(laid.size, tuple(l for p in laid.pages for l in p.lines), Spacing(1.3, 0))
        used = draw_page(draw, page, chain, Box(box.x, y, box.w, box.bottom - y), colour)
        y += used + 16
    return card


def _fonts_digest(profile: Profile) -> str:
    """Hash of the font files' bytes: replacing a font redraws every card."""
    return fonts_digest([*profile.fonts.regular, *profile.fonts.bold])


def _image_path(item: Item, config: SiteConfig, root: Path) -> Path | None:
    """The item's picture inside content/, if it has one that exists."""
    if not item.image or "://" in item.image:
        return None
    content = (root / config.content_dir).resolve()
    path = (content / Path(item.source).parent / item.image).resolve()
    if not path.is_relative_to(content) or not path.is_file():
        return None
    from generator.images import usable

    return path if usable(path) else None  # board check reports why it is not


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def gets_card(item: Item, config: SiteConfig, now: datetime) -> bool:
    """Whether an item has a share card: published, and still on the screens and boards.

    Cards are for posting what is current into the residents' chat groups. A community
    publishes for years; drawing a card for every archived item would cost minutes and hundreds
    of megabytes (3,000 items: 150 s, 800 MB) for pictures nobody shares. Archived pages keep
    their own picture for link previews.
    """
    if not is_published(item, now) or item.withdrawn:
        return False
    end = display_ends_at(item, config.display_days)
    return end is None or end > now


@dataclass(frozen=True)
class CardJob:
    """One card to draw; picklable, for the render pool."""

    item: Item
    config: SiteConfig
    profile: Profile
    image: str | None


def render_card_batch(jobs: list[CardJob]) -> list[bytes]:
    """Draw cards in this process (font chains are built once per process: display.fonts)."""
    out = []
    for job in jobs:
        image = Path(job.image) if job.image else None
        out.append(_png(render_card(job.item, job.config, job.profile.fonts.chains(), job.profile,
                                    image)))
    return out


def build_cards(items: Iterable[Item], config: SiteConfig, now: datetime, out_dir: Path, *,
                root: Path, cache_dir: Path, workers: int | None = None) -> CardsReport:
    """Write `out_dir/cards/<slug>.png` for every item that `gets_card` (drafts and scheduled
    items get none: a card must not announce what the site does not show yet)."""
    report = CardsReport()
    if not config.site_url:
        report.warnings.append("mkdocs.yml 没有设置 site_url：分享卡片上不印二维码。")
    profile = card_profile(config, root)
    digest = _fonts_digest(profile)
    cache = RenderCache(cache_dir, "cards", today=now.date())
    folder = out_dir / "cards"
    folder.mkdir(parents=True, exist_ok=True)
    todo: dict[str, CardJob] = {}
    wanted: list[tuple[Item, str]] = []
    for item in sorted((i for i in items if gets_card(i, config, now)), key=lambda i: i.id):
        image = _image_path(item, config, root)
        data = card_data(item, config, image)
        key = cache_key("card", VERSION, RENDERER, drawing_code_digest(), data.as_dict(), profile.cache_key(), digest,
                        item_link(config.site_url, item.url), config.phone,
                        file_sha(image) if image else "")
        wanted.append((item, key))
        if cache.get(key) is None and key not in todo:
            todo[key] = CardJob(item, config, profile, str(image) if image else None)
    if todo:
        profile.fonts.preload()  # parsed once here, inherited by forked workers
    for key, png in zip(todo, map_batches(render_card_batch, list(todo.values()), workers=workers)):
        cache.put(key, [png])
    report.rendered = len(todo)
    report.reused = len(wanted) - len(todo)
    for item, key in wanted:
        files = cache.get(key)
        assert files is not None
        target = out_dir / card_name(item)
        shutil.copyfile(cache.path(files[0]), target)
        report.cards[item.id] = target
    cache.save()
    return report
