"""Rendering on every core: a process pool that maps a batch function over jobs, in order.

Slides, share cards and poster pages are independent CPU-bound renders (text layout and PNG
encoding in Python and Pillow); threads would serialise on the GIL, so work goes to processes
in batches (display.fonts builds font chains once per process, and the parent parses the
faces' coverage before forking, so workers inherit it).
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

J = TypeVar("J")
R = TypeVar("R")


def default_workers() -> int:
    """`BOARD_JOBS` if set, else the machine's cores (at most 4: memory per worker adds up)."""
    env = os.environ.get("BOARD_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(os.cpu_count() or 1, 4))


def start_method() -> str:
    """fork is fastest and needs no importable __main__, but is unsafe once threads run
    (e.g. under `mkdocs serve`); then use forkserver (POSIX) or spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def map_batches(batch_fn: Callable[[list[J]], list[R]], jobs: Sequence[J], *,
                workers: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> list[R]:
    """`batch_fn` over `jobs` cut into batches, in a pool when there is enough work.

    `batch_fn` must be a module-level function (picklable) returning one result per job.
    Results come back in job order.
    """
    total = len(jobs)
    if not total:
        return []
    workers = min(workers or default_workers(), total)
    size = max(1, min(8, total // (workers * 2) or 1))
    batches = [list(jobs[i:i + size]) for i in range(0, total, size)]
    results: list[R] = []
    if workers <= 1 or total < 3:
        for batch in batches:
            results.extend(batch_fn(batch))
            if progress:
                progress(len(results), total)
        return results
    context = multiprocessing.get_context(start_method())
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for batch_result in pool.map(batch_fn, batches):
            results.extend(batch_result)
            if progress:
                progress(len(results), total)
    return results
