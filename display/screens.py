"""Build every screen's frames and playlist: `site/screens/<id>/playlist.json` + `frames/*.png`.

Why a playlist with a week of lookahead: a lobby or door controller that loses its network must
keep playing the right slides, so the playlist lists items active today and those starting in
the next 7 days, each with its window (start/end, weekdays, daily hours) and priority, and a
fallback frame (community, date, 监督电话) per day for empty time. Frame files are named by
their content hash, so players download only what changed.

Rendering goes through the render cache (`display.cache`): a frame is drawn only when its data,
template, profile, fonts or the renderer changed, and misses are drawn in parallel processes.
"""
from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image

from generator.atomic import write_atomic
from generator.config import SiteConfig
from generator.lifecycle import active_between, day_start, display_ends_at
from generator.model import Item

from . import slidedata, slides
from .cache import RenderCache, cache_key, drawing_code_digest, fonts_digest
from .fonts import FontSpec
from .player import write_player
from .pool import map_batches
from .profiles import Profile, profile_for
from .slidedata import SlideData, counts_down, fallback_data, slide_data

LOOKAHEAD_DAYS = 7
DAILY_TYPES = frozenset({"gongshi"})  # slides that say "还剩 N 天" change every day
                                     # (while they count down: slidedata.counts_down)
RENDERER = f"slides-{slides.VERSION}.{slidedata.VERSION}"
Progress = Callable[[str, int, int], None]  # (screen id, done, total)


@dataclass(frozen=True)
class Job:
    """One slide to render (it may produce several page frames); picklable for workers."""

    data: SlideData
    profile: Profile
    image: str | None = None


@dataclass(frozen=True)
class Slot:
    """When a slide plays: what the playlist says about its frames."""

    item: str  # item id, or "fallback"
    url: str
    title: str
    start: datetime | None
    end: datetime | None
    priority: str  # urgent | normal | fallback
    duration: int
    days: tuple[int, ...] = ()  # ISO weekdays, Monday = 1
    hours: tuple[str, ...] = ()


@dataclass
class ScreenReport:
    id: str
    name: str
    playlist: Path
    frames: int = 0  # frame entries in the playlist
    rendered: int = 0  # slides drawn in this build
    reused: int = 0  # slides taken from the cache
    slides: int = 0


@dataclass
class ScreensReport:
    screens: list[ScreenReport] = field(default_factory=list)

    @property
    def rendered(self) -> int:
        return sum(s.rendered for s in self.screens)

    @property
    def reused(self) -> int:
        return sum(s.reused for s in self.screens)

    def lines(self) -> list[str]:
        """One line per screen, for the clerk."""
        return [f"{s.name}（{s.id}）：{s.frames} 帧，新绘制 {s.rendered} 张幻灯片，"
                f"沿用缓存 {s.reused} 张 → {s.playlist.as_posix()}" for s in self.screens]


def build_screens(items: Sequence[Item], config: SiteConfig, now: datetime, out_dir: Path, *,
                  root: Path, cache_dir: Path, screen_ids: Sequence[str] | None = None,
                  workers: int | None = None, progress: Progress | None = None) -> ScreensReport:
    """Render every (or the named) screen's frames into `out_dir/<id>/` (playlist.json, frames/).

    `out_dir` is the site's screens folder (`site/screens`); `cache_dir` is normally
    `default_cache_dir(root)` (`<root>/.cache/board`), shared by the CLI and the plugin.
    """
    report = ScreensReport()
    cache = RenderCache(cache_dir, "slides", today=now.date())
    ids = list(screen_ids) if screen_ids is not None else list(config.screens)
    unknown = [i for i in ids if i not in config.screens]
    if unknown:
        raise KeyError("、".join(unknown))
    digests: dict[FontSpec, str] = {}
    for sid in ids:
        screen = config.screens[sid]
        profile = profile_for(screen, config, root)
        screen_report = ScreenReport(sid, screen.name, out_dir / sid / "playlist.json")
        slots = _render_screen(items, config, profile, now, root, cache, digests, screen_report,
                               workers=workers, progress=_bind(progress, sid))
        _write_screen(out_dir / sid, screen.name, profile, config, now, slots, cache,
                      screen_report)
        report.screens.append(screen_report)
    cache.save()
    return report


def _render_screen(items: Sequence[Item], config: SiteConfig, profile: Profile, now: datetime,
                   root: Path, cache: RenderCache, digests: dict[FontSpec, str],
                   report: ScreenReport, *, workers: int | None = None,
                   progress: Callable[[int, int], None] | None = None
                   ) -> list[tuple[Slot, list[str]]]:
    """Every slot of the screen with its frames' digests, drawing only what the cache lacks."""
    if profile.fonts not in digests:
        digests[profile.fonts] = _fonts_digest(profile.fonts)
    planned = plan_screen(items, config, profile, now, root)
    keys = _job_keys(planned, profile, digests[profile.fonts])
    hits = {k: cache.get(k) for k in set(keys)}
    missing = {k: job for (job, _), k in zip(planned, keys) if hits[k] is None}
    for key, blobs in zip(missing, render_jobs(list(missing.values()), workers=workers,
                                               progress=progress)):
        hits[key] = cache.put(key, blobs)
    report.rendered = len(missing)
    report.reused = len(set(keys)) - len(missing)
    report.slides = len(set(keys))
    return [(slot, hits[k] or []) for (_, slot), k in zip(planned, keys)]


def fill_cache(items: Sequence[Item], config: SiteConfig, now: datetime, *, root: Path,
               cache_dir: Path, workers: int | None = None) -> dict[str, int]:
    """Draw every screen's missing slides into the render cache, writing no screen folder;
    `build_screens` then only copies. Returns the slides drawn per screen id."""
    cache = RenderCache(cache_dir, "slides", today=now.date())
    digests: dict[FontSpec, str] = {}
    drawn: dict[str, int] = {}
    for sid, screen in config.screens.items():
        profile = profile_for(screen, config, root)
        report = ScreenReport(sid, screen.name, Path())
        _render_screen(items, config, profile, now, root, cache, digests, report, workers=workers)
        drawn[sid] = report.rendered
    cache.save()
    return drawn


def screen_entries(items: Sequence[Item], config: SiteConfig, now: datetime, screen_id: str, *,
                   root: Path, cache_dir: Path, workers: int | None = None) -> list[dict[str, object]]:
    """The playlist entries one build would write for the screen, without drawing a frame.

    For `board check`'s loop-length warning, which needs how many pages each slide takes: a
    slide the render cache holds counts its cached frames, any other is laid out by the same
    code that draws it (`slides.frame_count`), so the count is exact. Drawing is left to the
    build (in the background, display.prerender). The entries' image and sha256 are empty.
    """
    cache = RenderCache(cache_dir, "slides", today=now.date())
    profile = profile_for(config.screens[screen_id], config, root)
    planned = plan_screen(items, config, profile, now, root)
    keys = _job_keys(planned, profile, _fonts_digest(profile.fonts))
    counts: dict[str, int] = {}
    todo: dict[str, Job] = {}
    for (job, _slot), key in zip(planned, keys):
        if key in counts or key in todo:
            continue
        files = cache.get(key)
        if files is not None:
            counts[key] = len(files)
        else:
            todo[key] = job
    if todo:
        profile.fonts.preload()  # parsed once here, inherited by forked workers
    counts.update(zip(todo, map_batches(count_batch, list(todo.values()), workers=workers)))
    return _entries([(slot, [""] * counts[key]) for (_job, slot), key in zip(planned, keys)])


def count_batch(jobs: Sequence[Job]) -> list[int]:
    """Frames per job, laid out in this process but not drawn."""
    return [slides.frame_count(job.data, job.profile, job.profile.fonts.chains(),
                               Path(job.image) if job.image else None) for job in jobs]


def _job_keys(planned: list[tuple[Job, Slot]], profile: Profile, fonts_digest: str) -> list[str]:
    """Each slide's render-cache key: its data, the profile, the fonts and the drawing code."""
    code = drawing_code_digest()
    return [cache_key(RENDERER, code, job.data.key_fields(profile.full), profile.cache_key(),
                      fonts_digest)
            for job, _ in planned]


def default_cache_dir(root: Path) -> Path:
    """Where renders are cached: `<project>/.cache/board` (ignored by git, kept between builds)."""
    return root / ".cache" / "board"


def _bind(progress: Progress | None, sid: str) -> Callable[[int, int], None] | None:
    if progress is None:
        return None
    return lambda done, total: progress(sid, done, total)


def _fonts_digest(spec: FontSpec) -> str:
    """Hash of the font files' bytes: replacing a font re-renders every frame drawn with it."""
    return fonts_digest([*spec.regular, *spec.bold])


# --- what plays when ---------------------------------------------------------------------------

def window(now: datetime) -> tuple[datetime, datetime]:
    """From now to the end of the 7th day after today (site time zone)."""
    start_day = now.date()
    return now, day_start(start_day + timedelta(days=LOOKAHEAD_DAYS + 1), now.tzinfo)  # type: ignore[arg-type]


def screen_items(items: Sequence[Item], screen_id: str, now: datetime,
                 display_days: int | None = None) -> list[Item]:
    """Items for this screen live at some moment of the window: urgent first, then newest."""
    start, end = window(now)
    chosen = [i for i in items
              if screen_id in i.screens and active_between(i, start, end, display_days)]
    return sorted(chosen, key=lambda i: (not i.urgent, -i.published_at.timestamp(), i.id))


def plan_screen(items: Sequence[Item], config: SiteConfig, profile: Profile, now: datetime,
                root: Path) -> list[tuple[Job, Slot]]:
    """Every slide of the playlist, in play order, with when it plays."""
    start, end = window(now)
    tz = now.tzinfo
    planned: list[tuple[Job, Slot]] = []
    days_shown = config.display_days
    for item in screen_items(items, profile.id, now, days_shown):
        image = _image_path(item, config, root)
        duration = item.duration or profile.duration
        days = tuple(d + 1 for d in item.weekdays)
        hours = tuple(str(h) for h in item.hours)
        priority = "urgent" if item.urgent else "normal"
        base = dict(item=item.id, url=item.url, title=item.title, priority=priority,
                    duration=duration, days=days, hours=hours)
        if item.type in DAILY_TYPES:
            day = now.date()
            ends = display_ends_at(item, days_shown)
            while day_start(day, tz) < end:  # type: ignore[arg-type]
                lo, hi = day_start(day, tz), day_start(day + timedelta(days=1), tz)  # type: ignore[arg-type]
                if not counts_down(item, day):
                    # from this day on the slide is the same every day (公示已结束): one slot
                    if active_between(item, max(lo, start), end, days_shown):
                        job = Job(slide_data(item, config, day=day, image=image), profile,
                                  str(image) if image else None)
                        planned.append((job, Slot(start=max(item.published_at, lo), end=ends, **base)))
                    break
                if active_between(item, max(lo, start), hi, days_shown):
                    job = Job(slide_data(item, config, day=day, image=image), profile,
                              str(image) if image else None)
                    slot = Slot(start=max(item.published_at, lo), end=min(ends, hi) if ends else hi, **base)
                    planned.append((job, slot))
                day += timedelta(days=1)
            continue
        job = Job(slide_data(item, config, image=image), profile, str(image) if image else None)
        planned.append((job, Slot(start=item.published_at, end=display_ends_at(item, days_shown),
                                  **base)))
    day = now.date()
    while day_start(day, tz) < end:  # type: ignore[arg-type]
        lo, hi = day_start(day, tz), day_start(day + timedelta(days=1), tz)  # type: ignore[arg-type]
        planned.append((Job(fallback_data(config, day), profile),
                        Slot(item="fallback", url="", title=config.community, start=lo, end=hi,
                             priority="fallback", duration=profile.duration)))
        day += timedelta(days=1)
    return planned


def _image_path(item: Item, config: SiteConfig, root: Path) -> Path | None:
    if not item.image or "://" in item.image:
        return None
    from generator.images import usable

    content = (root / config.content_dir).resolve()
    path = (content / Path(item.source).parent / item.image).resolve()
    # inside content/ and a picture Pillow can open safely (board check reports the others)
    return path if path.is_relative_to(content) and path.is_file() and usable(path) else None


# --- rendering ---------------------------------------------------------------------------------

def encode_png(frame: Image.Image) -> bytes:
    """PNG bytes; palette frames (LED strips) keep their 1- or 2-bit palette."""
    buffer = io.BytesIO()
    if frame.mode == "P":
        colours = len(frame.getpalette() or []) // 3
        frame.save(buffer, "PNG", bits=1 if colours <= 2 else 2 if colours <= 4 else 8, optimize=True)
    else:
        frame.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def render_batch(jobs: Sequence[Job]) -> list[list[bytes]]:
    """Render jobs in this process (fonts loaded once per process); PNG bytes per job."""
    out = []
    for job in jobs:
        chains = job.profile.fonts.chains()  # built once per process (display.fonts)
        frames = slides.render(job.data, job.profile, chains, Path(job.image) if job.image else None)
        out.append([encode_png(f) for f in frames])
    return out


def render_jobs(jobs: Sequence[Job], *, workers: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[list[bytes]]:
    """Render in a process pool when there is enough work; results in job order."""
    for spec in dict.fromkeys(job.profile.fonts for job in jobs):
        spec.preload()  # parsed once here, inherited by forked workers
    return map_batches(render_batch, jobs, workers=workers, progress=progress)


# --- output ------------------------------------------------------------------------------------

def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _entries(slots: list[tuple[Slot, list[str]]]) -> list[dict[str, object]]:
    """playlist.json's frame entries: one per page, in play order."""
    entries: list[dict[str, object]] = []
    for slot, digests in slots:
        for page, digest in enumerate(digests, 1):
            entry: dict[str, object] = {
                "image": f"frames/{digest}.png", "sha256": digest, "duration": slot.duration,
                "item": slot.item, "url": slot.url, "title": slot.title,
                "start": _iso(slot.start), "end": _iso(slot.end), "priority": slot.priority,
                "page": f"{page}/{len(digests)}",
            }
            if slot.days:
                entry["days"] = list(slot.days)
            if slot.hours:
                entry["hours"] = list(slot.hours)
            entries.append(entry)
    return entries


def _write_screen(folder: Path, name: str, profile: Profile, config: SiteConfig, now: datetime,
                  slots: list[tuple[Slot, list[str]]], cache: RenderCache,
                  report: ScreenReport) -> None:
    frames_dir = folder / "frames"
    frames_dir.mkdir(parents=True, exist_ok=True)
    entries = _entries(slots)
    wanted: set[str] = set()
    for _slot, digests in slots:
        for digest in digests:
            target = frames_dir / f"{digest}.png"
            wanted.add(target.name)
            if not target.is_file():
                shutil.copyfile(cache.path(digest), target)
    start, end = window(now)
    screen = config.screens[profile.id]
    playlist = {
        "screen": profile.id, "name": name, "community": config.community,
        "size": [profile.width, profile.height],
        "color": profile.color, "timezone": config.timezone, "generated": now.isoformat(),
        "valid_from": start.isoformat(), "valid_until": end.isoformat(),
        "hours": [str(h) for h in screen.hours], "renderer": RENDERER,
        "rotation": {"urgent_share": screen.urgent_share},  # see display/rotation.py
        "frames": entries,
    }
    write_atomic(folder / "playlist.json",
                 json.dumps(playlist, ensure_ascii=False, indent=2).encode("utf-8"))
    # Only now that the new playlist is in place: a screen polling meanwhile never gets a
    # playlist that names deleted frames.
    for stale in frames_dir.glob("*.png"):
        if stale.name not in wanted:
            stale.unlink()
    write_player(screen, folder)  # index.html that plays this playlist on the screen
    report.frames = len(entries)
