"""Benchmark the lobby slides: ms per frame, PNG encoding alone (the floor), cold vs warm build.

Not a test: prints figures for the README's performance section.
`python benchmarks/bench_slides.py [N] [--jobs J]` (N synthetic items, default 24).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from display import slides  # noqa: E402
from display.profiles import profile_for  # noqa: E402
from display.screens import build_screens, encode_png, plan_screen  # noqa: E402
from generator.lifecycle import resolve_now  # noqa: E402
from generator.loader import load_project  # noqa: E402

CONFIG = """\
site_name: 基准社区
docs_dir: content
plugins:
  - board:
      community: 基准社区居民委员会
      phone: 023-6388 1234
      timezone: Asia/Shanghai
      screens:
        lobby: {size: [1920, 1080], color: full}
"""
SENTENCE = "社区将联合物业、消防网格员分楼栋开展入户安全检查，时间为{m}月{d}日9:00—11:30，请居民留意“通知”。"


def _month_before(year: int, month: int, back: int) -> str:
    """YYYY-MM `back` months before year-month: one finance disclosure a period (a second one
    for the same month is an error unless it corrects the first)."""
    index = year * 12 + month - 1 - back
    return f"{index // 12}-{index % 12 + 1:02d}"


def _opening(n: int, back: int) -> float:
    """Each month's opening balance is the month before's closing (500.00 in, 10.50 out)."""
    months = len(range(3, n, 4))  # items 3, 7, 11… are finance disclosures
    return 1000 + (months - 1 - back) * 489.5


def write_items(root: Path, n: int) -> None:
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    for i in range(n):
        kind = ("notice", "event", "gongshi", "finance")[i % 4]
        body = "".join(SENTENCE.format(m=1 + i % 12, d=1 + (i * 7) % 28) for _ in range(2 + i % 9))
        extra = {
            "notice": "",
            "event": "start: 2026-12-03 09:00\nplace: 社区服务中心二楼活动室\n",
            "gongshi": "end: 2026-12-04\nobjection: {phone: 023-6388 1234}\n",
            "finance": ("period: %s\nprepared_by: 程洪\nreviewed_by: 李明\nledger:\n"
                        "  opening: %s\n  income: [{item: 经费, amount: %d.00}]\n"
                        "  expense: [{item: 用品, amount: 10.50}]\n  closing: %s\n"
                        % (_month_before(2026, 10, i // 4), f"{_opening(n, i // 4):.2f}", 500,
                           f"{_opening(n, i // 4) + 489.5:.2f}")),
        }[kind]
        folder = root / "content" / kind
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"item-{i:04d}.md").write_text(
            f"---\ntype: {kind}\ntitle: 第{i}号测试{kind}：关于开展冬季消防安全检查的安排\n"
            f"date: 2026-11-28\nscreens: [lobby]\n{extra}---\n\n{body}\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=24)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_items(root, args.n)
        project = load_project(root / "mkdocs.yml")
        assert project is not None and not project.problems.errors, project.problems
        now = resolve_now("2026-11-29T10:00", project.config.tz)
        profile = profile_for(project.config.screens["lobby"], project.config, root)

        render_ms, encode_ms, frames = [], [], 0
        chains = profile.fonts.chains()
        for job, _ in plan_screen(project.items, project.config, profile, now, root):
            started = time.perf_counter()
            images = slides.render(job.data, profile, chains)
            drawn = time.perf_counter()
            for image in images:
                encode_png(image)
            done = time.perf_counter()
            frames += len(images)
            render_ms.append((drawn - started) * 1000 / len(images))
            encode_ms.append((done - drawn) * 1000 / len(images))
        total = [r + e for r, e in zip(render_ms, encode_ms)]

        # parallel speed-up: the same cold render with one worker, then with --jobs workers
        serial_cache = root / ".cache-serial"
        started = time.perf_counter()
        build_screens(project.items, project.config, now, root / "site-serial" / "screens", root=root,
                      cache_dir=serial_cache, workers=1)
        serial_s = time.perf_counter() - started

        cache = root / ".cache"
        started = time.perf_counter()
        cold = build_screens(project.items, project.config, now, root / "site" / "screens", root=root,
                             cache_dir=cache, workers=args.jobs)
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        warm = build_screens(project.items, project.config, now, root / "site" / "screens", root=root,
                             cache_dir=cache, workers=args.jobs)
        warm_s = time.perf_counter() - started

    print(f"items: {args.n}, lobby frames: {frames} (1920×1080), workers: {args.jobs}")
    print(f"median per frame, draw + PNG: {statistics.median(total):.1f} ms")
    print(f"median per frame, PNG encode alone: {statistics.median(encode_ms):.1f} ms")
    print(f"ratio (draw + PNG) / PNG: {statistics.median(total) / statistics.median(encode_ms):.2f}")
    print(f"cold build: {cold_s:.2f} s ({cold.rendered} slides drawn); "
          f"warm build: {warm_s:.2f} s ({warm.rendered} drawn, {warm.reused} reused); "
          f"warm/cold: {warm_s / cold_s:.1%}")
    print(f"cold build with 1 worker: {serial_s:.2f} s; parallel speed-up with {args.jobs} workers: "
          f"{serial_s / cold_s:.2f}x")


if __name__ == "__main__":
    main()
