"""Site build benchmark: this project beside plain mkdocs-material and Hugo, in one run.

For each N it generates the same corpus (benchmarks/corpus.py), then times, as separate
processes, `board build` (cold: no render cache and no previous site; no change: a rebuild of
the same content; one body edited: a paragraph appended to one old item, then `board build`;
in `board serve`: from saving such an edit to its page written by the running preview, and to
the browser's live reload, which MkDocs sends once the whole rebuild is done),
plain mkdocs-material (default navigation with every page, search `lang: zh`) and Hugo (a
minimal layout written here) when `hugo` is installed; Hugo's full build is timed once right
after each of this project's builds and edits, so that the two see the same load. It reports medians, pages per second,
peak RSS, output size, search index size and the ratios, and writes the table as Markdown.
After the edits, the site is compared with a build from scratch of the same content (a fresh
copy, no page state): "identical" says whether every output file is byte-identical.

    python benchmarks/bench_site.py --sizes 100 1000 3000 --runs 3 --out benchmarks/results.md
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2026-11-29"

HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "zh-cn"
title = "bench"
hasCJKLanguage = true
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html lang=zh><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
                             "<body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</nav>"
                             "{{ block \"main\" . }}{{ end }}</body></html>",
    "_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02\" }}</time>{{ .Content }}{{ end }}",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}",
    "index.html": "{{ define \"main\" }}<ul>{{ range first 20 .Site.RegularPages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}",
}


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    raster_seconds: float = 0.0  # the plugin's own figure for slides, posters and cards


RASTER_LINE = re.compile(r"屏幕画面、海报和分享卡片用时 ([0-9.]+) 秒")


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command; wall time and the child's peak RSS (from wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    raster = RASTER_LINE.search(err)
    return Run(seconds, usage.ru_maxrss / 1024, float(raster.group(1)) if raster else 0.0)


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6 if path.exists() else 0.0


def plain_mkdocs(project: Path) -> Path:
    """The same Markdown under plain mkdocs-material: default nav, search lang zh."""
    plain = project.parent / (project.name + "-plain")
    if plain.exists():
        shutil.rmtree(plain)
    shutil.copytree(project / "content", plain / "docs")
    (plain / "mkdocs.yml").write_text(
        "site_name: bench\ntheme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - search:\n      lang: zh\n", encoding="utf-8")
    return plain


def hugo_site(project: Path) -> Path:
    site = project.parent / (project.name + "-hugo")
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(project / "content", site / "content")
    (site / "content" / "index.md").unlink(missing_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        path = site / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


def serve_edits(project: Path, config: Path, env: dict[str, str], runs: int,
                after: Callable[[Run], Run] = lambda run: run) -> tuple[list[Run], list[Run]]:
    """`board serve`: time from saving an edited body to its page written (serve's page state),
    and to the browser's reload (MkDocs' live-reload answers once the whole rebuild is done:
    index, feeds, slides, posters)."""
    from generator.urls import url_for

    target = edit_target(project)
    dest = url_for(target.relative_to(project / "content").as_posix()) + "index.html"
    state = project / ".cache" / "pages" / "serve.json"
    state.unlink(missing_ok=True)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([str(BIN / "board"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def written() -> str:
        try:
            return json.loads(state.read_text(encoding="utf-8"))["pages"][dest]["sha"]
        except (OSError, ValueError, KeyError):
            return ""

    def up() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):  # noqa: S310 - loopback
                return True
        except OSError:
            return False

    def epoch(after: int = 0) -> int:  # blocks until a rebuild newer than `after` is visible
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/livereload/{after}/0", timeout=600) as r:  # noqa: S310
            return int(r.read())

    out, reloads = [], []
    try:
        deadline = time.monotonic() + 3600
        while not (up() and written()) and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2)  # the file watcher starts after the first build
        for run in range(runs):
            before, shown = written(), epoch()
            with target.open("a", encoding="utf-8") as f:
                f.write(f"\n\n预览中补充第 {run + 1} 条。\n")
            start = time.perf_counter()
            while written() == before and time.perf_counter() - start < 600:
                time.sleep(0.01)
            out.append(Run(time.perf_counter() - start, 0.0))
            epoch(shown)
            reloads.append(after(Run(time.perf_counter() - start, 0.0)))  # `after` times Hugo meanwhile
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return out, reloads


def edit_target(project: Path) -> Path:
    """An old notice (published long before the benchmark's today): on no list, no screen."""
    return sorted((project / "content" / "notices").glob("*.md"))[0]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).digest()
            for p in folder.rglob("*") if p.is_file()}


def same_as_scratch(project: Path, env: dict[str, str]) -> bool:
    """The incrementally built site against a build from scratch (rasters from the same cache)."""
    scratch = project.parent / (project.name + "-scratch")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    shutil.copytree(project / "content", scratch / "content")
    shutil.copy2(project / "mkdocs.yml", scratch / "mkdocs.yml")
    shutil.copytree(project / ".cache" / "board", scratch / ".cache" / "board")
    timed([str(BIN / "board"), "build", "-f", str(scratch / "mkdocs.yml")], scratch, env)
    return tree(project / "site") == tree(scratch / "site")


def median(runs: list[Run]) -> tuple[float, float]:
    return statistics.median(r.seconds for r in runs), max(r.peak_rss_mb for r in runs)


def bench(n: int, runs: int, work: Path, plain_runs: int | None = None) -> dict[str, dict[str, float]]:
    project = work / f"c{n}"
    config = write_corpus(n, project)
    env = {**os.environ, "BOARD_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    rows: dict[str, dict[str, float]] = {}

    # Hugo's full build is timed right after each of this project's builds (not in a block at
    # the end): on a shared machine the load changes within a run, and a ratio is only fair
    # between builds made in the same conditions.
    hugo = shutil.which("hugo")
    hsite = hugo_site(project) if hugo else None
    hugo_runs: list[Run] = []

    def then_hugo(run: Run) -> Run:
        if hugo and hsite is not None:
            hugo_runs.append(timed([hugo, "--quiet", "--buildFuture", "--buildExpired"], hsite, env))
        return run

    cold = []
    for _ in range(runs):
        for output in (".cache", "site", ".site-spare"):  # no cache, no previous site or its folders
            shutil.rmtree(project / output, ignore_errors=True)
        cold.append(then_hugo(timed([str(BIN / "board"), "build", "-f", str(config)], project, env)))
    warm = [then_hugo(timed([str(BIN / "board"), "build", "-f", str(config)], project, env)) for _ in range(runs)]
    edited = []
    target = edit_target(project)
    for run in range(runs):
        with target.open("a", encoding="utf-8") as f:
            f.write(f"\n\n补充说明第 {run + 1} 条：请居民相互转告。\n")
        edited.append(then_hugo(timed([str(BIN / "board"), "build", "-f", str(config)], project, env)))
    site = project / "site"
    identical = same_as_scratch(project, env)
    served, reloaded = serve_edits(project, config, env, runs, then_hugo)
    pages = sum(1 for _ in site.rglob("index.html"))
    search = site / "search" / "search_index.json"
    for name, sample in (("this (cold)", cold), ("this (no change)", warm), ("this (one body edited)", edited)):
        secs, rss = median(sample)
        rows[name] = {"s": secs, "rss": rss, "pages": pages, "out": size_mb(site),
                      "search": search.stat().st_size / 1e6 if search.exists() else 0.0,
                      "raster": statistics.median(r.raster_seconds for r in sample), "identical": identical}
    rows["this (serve: edit to page written)"] = {"s": statistics.median(r.seconds for r in served), "rss": 0.0,
                                                  "pages": 1, "out": 0.0, "search": 0.0}
    rows["this (serve: edit to browser reload)"] = {"s": statistics.median(r.seconds for r in reloaded), "rss": 0.0,
                                                    "pages": 1, "out": 0.0, "search": 0.0}

    plain = plain_mkdocs(project)
    sample = [timed([str(BIN / "mkdocs"), "build", "-q"], plain, env) for _ in range(plain_runs or runs)]
    secs, rss = median(sample)
    psite = plain / "site"
    psearch = psite / "search" / "search_index.json"
    rows["plain mkdocs-material"] = {"s": secs, "rss": rss, "pages": sum(1 for _ in psite.rglob("index.html")),
                                     "out": size_mb(psite), "search": psearch.stat().st_size / 1e6 if psearch.exists() else 0.0}
    if hugo_runs and hsite is not None:
        secs, rss = median(hugo_runs)
        pub = hsite / "public"
        rows["hugo"] = {"s": secs, "rss": rss, "pages": sum(1 for _ in pub.rglob("index.html")),
                        "out": size_mb(pub), "search": 0.0}
    return rows


def table(results: dict[int, dict[str, dict[str, float]]]) -> str:
    lines = ["| N | build | median s | rasters s | pages/s | peak RSS MB | output MB | search index MB | ×Hugo | ×plain MkDocs |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, rows in results.items():
        hugo = rows.get("hugo", {}).get("s")
        plain = rows["plain mkdocs-material"]["s"]
        for name, r in rows.items():
            ratio_h = f"{r['s'] / hugo:.1f}" if hugo else "–"
            raster = f"{r['raster']:.2f} ({r['raster'] / r['s']:.0%})" if "raster" in r else "–"
            rss = f"{r['rss']:.0f}" if r["rss"] else "–"
            lines.append(f"| {n} | {name} | {r['s']:.2f} | {raster} | {r['pages'] / r['s']:.0f} | {rss} | "
                         f"{r['out']:.1f} | {r['search']:.2f} | {ratio_h} | {r['s'] / plain:.2f} |")
    return "\n".join(lines) + "\n"


def summary(results: dict[int, dict[str, dict[str, float]]]) -> str:
    """The ratios the performance targets are stated in, and the byte-identity check."""
    lines = []
    for n, rows in results.items():
        plain = rows["plain mkdocs-material"]["s"]
        hugo = rows.get("hugo", {}).get("s")
        cold, warm, edit = rows["this (cold)"]["s"], rows["this (no change)"]["s"], rows["this (one body edited)"]["s"]
        serve = rows["this (serve: edit to page written)"]["s"]
        reload = rows["this (serve: edit to browser reload)"]["s"]
        vs_hugo = (f", one body edited {edit / hugo:.2f}× Hugo's full build (in `board serve` {serve / hugo:.2f}× "
                   f"to the page written, {reload / hugo:.2f}× to the browser's reload)" if hugo else "")
        same = "yes" if rows["this (one body edited)"]["identical"] else "NO"
        lines.append(f"N={n}: cold {cold / plain:.2f}× plain mkdocs-material, no change {warm / plain:.2f}× "
                     f"({plain / warm:.1f}× faster){vs_hugo}; after the edits byte-identical to a build "
                     f"from scratch: {same}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plain-runs", type=int, nargs="+", default=None,
                        help="runs of plain mkdocs-material (default: --runs; at 3,000 items one takes minutes): "
                             "one number for every size, or one per size")
    parser.add_argument("--work", type=Path, default=Path("/tmp/board-bench"))
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown table here")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = {}
    plain_runs = args.plain_runs or [args.runs]
    if len(plain_runs) not in (1, len(args.sizes)):
        parser.error("--plain-runs: one number, or one per size")
    for n, plain in zip(args.sizes, plain_runs * len(args.sizes) if len(plain_runs) == 1 else plain_runs):
        print(f"N = {n} …", file=sys.stderr, flush=True)
        results[n] = bench(n, args.runs, args.work, plain)
        print(table({n: results[n]}), flush=True)
    text = table(results)
    if len(args.sizes) > 1 and all(s in results for s in (1000, 3000)):
        growth = results[3000]["this (cold)"]["s"] / results[1000]["this (cold)"]["s"]
        text += f"\ntime(3000) / time(1000), cold: {growth:.2f}\n"
    text += "\n" + summary(results)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
