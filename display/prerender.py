"""Draw the slides, the month's posters and the share cards in the background while MkDocs builds.

Why: a cold build used to draw every slide during the check, then run MkDocs' page building
(one core), then draw posters in the main process and cards after them, one after the other;
on a two-core machine one core sat idle most of the time. Forked as soon as the project is
loaded and checked, this process fills the render cache (`display.cache`) with exactly what
`build_screens`, `build_posters` and `build_cards` will ask for; the build then finds every
frame, page and card there and only copies them. The build stays the authority: it draws
anything the background did not (a failure here is never reported, the build redraws and
reports it), so the output is the same byte for byte.
"""
from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from generator.loader import Project

from .pool import start_method

if TYPE_CHECKING:
    from .cards import CardsReport
    from .posters import PostersReport
    from .screens import ScreensReport


@dataclass(frozen=True)
class Drawn:
    """What the background drew in this build, so the build's report can say 新绘制 for it
    (the build itself finds it in the cache): an editor who changed an item must not read
    「未变化，沿用缓存」 for the poster that now carries the change."""

    slides: dict[str, int] = field(default_factory=dict)  # screen id -> slides drawn
    boards: tuple[str, ...] = ()  # boards whose issue was drawn
    cards: int = 0
    waited: float = 0.0  # seconds the build waited for the background at the end

    def credit_screens(self, report: ScreensReport) -> ScreensReport:
        """Count the slides drawn here as drawn, not as reused from the cache."""
        if not any(self.slides.values()):
            return report
        for screen in report.screens:
            moved = min(self.slides.get(screen.id, 0), screen.reused)
            screen.rendered, screen.reused = screen.rendered + moved, screen.reused - moved
        return report

    def credit_posters(self, report: PostersReport) -> PostersReport:
        if not self.boards:
            return report
        report.issues = [replace(i, rendered=True) if i.board in self.boards else i
                         for i in report.issues]
        return report

    def credit_cards(self, report: CardsReport) -> CardsReport:
        if not self.cards:
            return report
        moved = min(self.cards, report.reused)
        report.rendered, report.reused = report.rendered + moved, report.reused - moved
        return report


@dataclass
class Prerender:
    """The background process and the pipe on which it says what it drew."""

    process: BaseProcess | None
    results: Connection | None = None

    def finish(self) -> Drawn:
        """Wait for the process to end; the render cache then holds what it drew."""
        if self.process is None:
            return Drawn()
        begin = time.perf_counter()
        drawn = Drawn()
        if self.results is not None:
            try:
                drawn = self.results.recv()  # sent just before the child exits
            except EOFError:  # it failed: the build draws what is missing and reports it
                pass
            self.results.close()
        self.process.join()
        self.process = None
        atexit.unregister(self.cancel)
        return replace(drawn, waited=time.perf_counter() - begin)

    def cancel(self) -> None:
        """Stop drawing (the build failed): what is already in the cache stays valid."""
        if self.process is not None and self.process.is_alive():
            # the whole group: its render workers too, even one forked a moment ago, or they
            # would wait forever for work from a parent that is gone (holding the build's pipes)
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except OSError:
                self.process.terminate()
            self.process.join()
        self.process = None
        if self.results is not None:
            self.results.close()
            self.results = None
        atexit.unregister(self.cancel)


MANIFESTS = ("slides.json", "posters.json", "cards.json")  # display.cache, one per raster kind


def start(project: Project, now: datetime, cache_dir: Path) -> Prerender:
    """Fork the background drawing for a cold build (a render cache without one of its
    manifests) when forking is safe (no threads yet, POSIX); else do nothing: the build then
    draws slides, posters and cards itself, as before.

    Why only cold: a warm build draws a few rasters at most, and the background would check
    every cached file a second time while the build waits for it."""
    if start_method() != "fork" or all((cache_dir / name).is_file() for name in MANIFESTS):
        return Prerender(None)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    # not a daemon: it starts render pools of its own; `cancel` stops it if the build fails
    process = context.Process(target=_draw, args=(project, now, cache_dir, send),
                              name="board-prerender")
    process.start()
    try:  # its own process group, set on both sides of the fork so `cancel` never misses it
        os.setpgid(process.pid, process.pid)
    except OSError:
        pass  # it has already done it (or already ended)
    send.close()  # the child holds its own end: EOF here when it exits without a result
    job = Prerender(process, receive)
    atexit.register(job.cancel)  # the build stopped without reaching `finish` or `cancel`
    return job


def _draw(project: Project, now: datetime, cache_dir: Path, send: Connection) -> None:
    """In the child: the screens' slides (in a pool of their own), then posters and cards, into
    the cache (posters and cards are written to a scratch folder that is thrown away)."""
    os.setpgid(0, 0)
    signal.signal(signal.SIGTERM, _stop)
    logging.disable(logging.CRITICAL)  # the build reports everything once, from the parent
    try:
        from .cards import build_cards
        from .posters import build_posters
        from .screens import fill_cache

        slides = fill_cache(project.items, project.config, now, root=project.root,
                            cache_dir=cache_dir)
        with tempfile.TemporaryDirectory(prefix="board-prerender-") as scratch:
            out = Path(scratch)
            posters = build_posters(project.items, project.config, now, out, root=project.root,
                                    cache_dir=cache_dir)
            cards = build_cards(project.items, project.config, now, out, root=project.root,
                                cache_dir=cache_dir)
        send.send(Drawn(slides, tuple(i.board for i in posters.issues if i.rendered), cards.rendered))
    except Exception:  # noqa: BLE001 - the build redraws whatever failed here and reports it
        sys.exit(1)


def _stop(signum: int, frame: object) -> None:
    """`cancel` in the child (its workers get the same signal): reap the workers, then go."""
    for child in multiprocessing.active_children():
        child.terminate()
        child.join(5)
    os._exit(1)
