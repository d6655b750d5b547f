"""Cold-build growth: `board build` at two sizes of the same corpus, alternating, in one run.

Issue 16's target is time(3000)/time(1000) ≤ 3.3 for a cold build (no render cache, no previous
site). Timed as `bench_site.py` times its cold builds (a separate `board build` process, the
benchmark's BOARD_TODAY, wall time from start to exit), each on a fresh copy of the corpus;
the sizes alternate so that a busy moment on the machine falls on both. Besides wall time it
reports the CPU seconds of the build and everything it started (background drawing, render
pools), which a shared machine disturbs far less: wall time on two busy cores can swing by
half, CPU time by a few percent.

    python benchmarks/bench_growth.py --sizes 1000 3000 --runs 3
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2026-11-29"  # as bench_site.py


def cold_build(corpus: Path, work: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall s, CPU s) of one `board build` on a fresh copy of `corpus`."""
    project = work / corpus.name
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(corpus, project)
    log = work / "build.log"
    with log.open("w", encoding="utf-8") as err:  # a file, not a pipe: a long log never blocks
        start = time.perf_counter()
        proc = subprocess.Popen([str(BIN / "board"), "build", "-f", str(project / "mkdocs.yml")],
                                cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)  # usage covers the waited-for descendants
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"board build failed:\n{log.read_text(encoding='utf-8')[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 3000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "BOARD_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    small, large = args.sizes
    with tempfile.TemporaryDirectory(prefix="board-growth-") as tmp:
        work = Path(tmp)
        corpora = {n: work / "corpus" / f"c{n}" for n in (small, large)}
        for n, folder in corpora.items():
            write_corpus(n, folder)
        runs: dict[int, list[tuple[float, float]]] = {small: [], large: []}
        for run in range(args.runs):
            for n in (small, large):
                wall, cpu = cold_build(corpora[n], work, env)
                runs[n].append((wall, cpu))
                print(f"run {run + 1}, N={n}: {wall:.2f} s wall, {cpu:.2f} s CPU "
                      f"(load average {os.getloadavg()[0]:.1f})", flush=True)
    wall = {n: statistics.median(w for w, _ in runs[n]) for n in runs}
    cpu = {n: statistics.median(c for _, c in runs[n]) for n in runs}
    print(f"\nmedians of {args.runs}: N={small} {wall[small]:.2f} s, N={large} {wall[large]:.2f} s: "
          f"time({large})/time({small}) = {wall[large] / wall[small]:.2f}; "
          f"CPU {cpu[small]:.1f} s / {cpu[large]:.1f} s = {cpu[large] / cpu[small]:.2f}")


if __name__ == "__main__":
    main()
