"""Draw the slides, the month's posters and the share cards in the background while MkDocs builds.

Why: a cold build used to draw every slide during the check, then run MkDocs' page building
(one core), then draw posters in the main process and cards after them, one after the other;
on a two-core machine one core sat idle most of the time. Forked as soon as the project is
loaded and checked, this process fills the render cache (`display.cache`) with exactly what
`build_screens`, `build_posters` and `build_cards` will ask for; the build then finds every
frame, page and card there and only copies them. The build stays the authority: it draws anything the background did not (a failure here
is never reported, the build redraws and reports it), so the output is the same byte for byte.
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
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.process import BaseProcess
from pathlib import Path

from generator.loader import Project

from .pool import start_method


@dataclass
class Prerender:
    """The background process; `finish` waits for it (seconds spent waiting, for the log)."""

    process: BaseProcess | None

    def finish(self) -> float:
        """Wait for the process to end; the render cache then holds what it drew."""
        if self.process is None:
            return 0.0
        begin = time.perf_counter()
        self.process.join()
        self.process = None
        atexit.unregister(self.cancel)
        return time.perf_counter() - begin

    def cancel(self) -> None:
        """Stop drawing (the build failed): what is already in the cache stays valid."""
        if self.process is not None and self.process.is_alive():
            self.process.terminate()  # its SIGTERM handler stops its render workers too
            self.process.join()
        self.process = None
        atexit.unregister(self.cancel)


def start(project: Project, now: datetime, cache_dir: Path) -> Prerender:
    """Fork the background drawing when forking is safe (no threads yet, POSIX), else do nothing:
    the build then draws slides, posters and cards itself, as before."""
    if start_method() != "fork":
        return Prerender(None)
    context = multiprocessing.get_context("fork")
    # not a daemon: it starts render pools of its own; `cancel` stops it if the build fails
    process = context.Process(target=_draw, args=(project, now, cache_dir), name="board-prerender")
    process.start()
    job = Prerender(process)
    atexit.register(job.cancel)  # the build stopped without reaching `finish` or `cancel`
    return job


def _draw(project: Project, now: datetime, cache_dir: Path) -> None:
    """In the child: the screens' slides (in a pool of their own), then posters and cards, into
    the cache (posters and cards are written to a scratch folder that is thrown away)."""
    from .cards import build_cards
    from .posters import build_posters
    from .screens import fill_cache

    signal.signal(signal.SIGTERM, _stop)
    logging.disable(logging.CRITICAL)  # the build reports everything once, from the parent
    try:
        fill_cache(project.items, project.config, now, root=project.root, cache_dir=cache_dir)
        with tempfile.TemporaryDirectory(prefix="board-prerender-") as scratch:
            out = Path(scratch)
            build_posters(project.items, project.config, now, out, root=project.root,
                          cache_dir=cache_dir)
            build_cards(project.items, project.config, now, out, root=project.root,
                        cache_dir=cache_dir)
    except Exception:  # noqa: BLE001 - the build redraws whatever failed here and reports it
        sys.exit(1)


def _stop(signum: int, frame: object) -> None:
    """`cancel` in the child: stop the render workers too, or they would wait forever for
    work from a parent that is gone (holding the build's output pipes open)."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(5)
    os._exit(1)
