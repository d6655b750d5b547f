"""Screen profiles: what a screen can show, derived from its `screens` entry in mkdocs.yml.

Why: the legibility rule and the colour model belong to the screen, not to a template. A lobby
screen is read from about 5 m, so body text is never smaller than 1/15 of the screen height
(72 px on 1080 lines: about 5 cm on a 65-inch panel, comfortable at 5 m and more). LED strips
are read as pixels: Unifont at 16 px or an integer multiple, one bit per pixel, no anti-aliasing.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from generator.config import Screen, SiteConfig

from .fonts import PIXEL_SIZE, FontSpec, configured_fonts, pixel_spec, sans_spec

RGB = tuple[int, int, int]

LED_RGB: dict[str, RGB] = {
    "red": (255, 0, 0),
    "green": (0, 255, 0),
    "amber": (255, 176, 0),
    "white": (255, 255, 255),
}
BLACK: RGB = (0, 0, 0)
DUAL_PALETTE: tuple[RGB, ...] = (BLACK, (255, 0, 0), (0, 255, 0), (255, 255, 0))
LEGIBLE_FRACTION = 15  # full-colour body text: at least height / 15 px


@dataclass(frozen=True)
class Profile:
    """Everything about a screen that shapes its pixels (and so enters the render-cache key)."""

    id: str
    name: str
    width: int
    height: int
    color: str  # full | mono | dual
    palette: tuple[RGB, ...]  # mono: (black, LED); dual: black, red, green, yellow; full: ()
    fonts: FontSpec
    body_sizes: tuple[int, ...]  # allowed body sizes, largest first; the last is the minimum
    title_sizes: tuple[int, ...]
    margin: int  # safe-area inset on every side; text never leaves it
    duration: int
    max_pages: int = 4  # body pages one item may take (full colour)
    long_text: str = "summary"  # what a longer body becomes unless the item says: summary | full

    @property
    def full(self) -> bool:
        return self.color == "full"

    @property
    def min_size(self) -> int:
        return self.body_sizes[-1]

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    def cache_key(self) -> dict[str, object]:
        """The profile as plain data; font files enter the key by their bytes, not their path."""
        data = asdict(self)
        data["fonts"] = {"regular": [Path(p).name for p in self.fonts.regular],
                         "bold": [Path(p).name for p in self.fonts.bold]}
        data.pop("duration")  # a longer duration does not change a pixel
        data.pop("name")
        return data


def profile_for(screen: Screen, config: SiteConfig, root: Path) -> Profile:
    if screen.color == "full":
        return _full(screen, config, root)
    return _pixel(screen, config, root)


def _own_font_first(spec: FontSpec, screen: Screen, root: Path) -> FontSpec:
    """`font:` on a screen puts that file first in both chains."""
    if not screen.font:
        return spec
    first = str(configured_fonts([screen.font], root)[0])
    return FontSpec(regular=(first, *[p for p in spec.regular if p != first]),
                    bold=(first, *[p for p in spec.bold if p != first]))


def _full(screen: Screen, config: SiteConfig, root: Path) -> Profile:
    h = screen.height
    minimum = max(12, round(h / LEGIBLE_FRACTION))
    if screen.sizes:
        body = tuple(sorted({s for s in screen.sizes if s >= minimum} or {minimum}, reverse=True))
    else:
        body = tuple(sorted({round(h * f) for f in (84 / 1080, 78 / 1080)} | {minimum}, reverse=True))
        body = tuple(s for s in body if s >= minimum)
    title = tuple(sorted({round(s * 1.3) for s in body} | {body[0]}, reverse=True))
    spec = _own_font_first(sans_spec(config.fonts, root), screen, root)
    return Profile(id=screen.id, name=screen.name, width=screen.width, height=h, color="full",
                   palette=(), fonts=spec, body_sizes=body, title_sizes=title,
                   margin=round(min(screen.width, h) * 0.04), duration=screen.duration,
                   max_pages=screen.max_pages, long_text=screen.long_text)


def _pixel(screen: Screen, config: SiteConfig, root: Path) -> Profile:
    """Unifont at its native 16 px or integer multiples; four lines on a 64-px strip."""
    largest = max(1, screen.height // (4 * PIXEL_SIZE))
    allowed = {s for s in screen.sizes if s % PIXEL_SIZE == 0 and s <= screen.height}
    sizes = tuple(sorted(allowed or {PIXEL_SIZE * k for k in range(1, largest + 1)}, reverse=True))
    led = LED_RGB.get(screen.led_color, LED_RGB["red"])
    palette = (BLACK, led) if screen.color == "mono" else DUAL_PALETTE
    spec = _own_font_first(pixel_spec(config.fonts, root), screen, root)
    return Profile(id=screen.id, name=screen.name, width=screen.width, height=screen.height,
                   color=screen.color, palette=palette, fonts=spec, body_sizes=sizes,
                   title_sizes=sizes, margin=0, duration=screen.duration)
