"""Search index size for N synthetic items (benchmarks/corpus.py), as residents download it.

Builds the corpus with MkDocs (rasters off: they do not touch the index) and reports the index
as written (UTF-8, generator/web/searchindex.py) beside the same JSON with Material's \\u
escapes, raw and gzip-compressed (what a web server sends with gzip on). The index is
downloaded only when a resident opens search (theme/assets/board/search-lazy.js).

Usage: .venv/bin/python benchmarks/bench_search_index.py 1000 [3000 ...]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))


def measure(n: int, work: Path) -> dict[str, float]:
    from corpus import write_corpus
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import plugin

    project = write_corpus(n, work / f"corpus-{n}")
    config_file = project / "mkdocs.yml" if project.is_dir() else project
    os.environ.setdefault("BOARD_TODAY", "2026-11-29")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    plugin.BoardPlugin._build_rasters = lambda self, site_dir: None  # type: ignore[method-assign]
    site = work / f"site-{n}"
    started = time.perf_counter()
    build(load_config(str(config_file), site_dir=str(site)))
    seconds = time.perf_counter() - started
    utf8 = (site / "search" / "search_index.json").read_bytes()
    escaped = json.dumps(json.loads(utf8), separators=(",", ":")).encode("ascii")
    return {"items": n, "utf8": len(utf8), "utf8_gz": len(gzip.compress(utf8, 6)),
            "escaped": len(escaped), "escaped_gz": len(gzip.compress(escaped, 6)), "build_s": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="+")
    args = parser.parse_args()
    print("| 条目数 | 索引（UTF-8） | gzip 后 | 原来（\\u 转义） | gzip 后 |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.n:
            r = measure(n, Path(tmp))
            kb = lambda b: f"{b / 1024:,.0f} KB"  # noqa: E731
            print(f"| {n:,} | {kb(r['utf8'])} | {kb(r['utf8_gz'])} | {kb(r['escaped'])} | {kb(r['escaped_gz'])} |",
                  flush=True)


if __name__ == "__main__":
    main()
