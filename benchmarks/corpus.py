"""A deterministic synthetic community: N items of mixed types over five years.

Used by the benchmarks (not by `make test`): realistic Chinese bodies of 200 to 3,000
characters, tables, finance ledgers, 公示, events, targeted at the sample screens and boards.
`python benchmarks/corpus.py 1000 /tmp/corpus` writes mkdocs.yml and content/.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PHRASES = [
    "社区居委会", "楼栋长", "志愿者服务队", "垃圾分类", "环境卫生日", "居民议事会", "消防安全",
    "绿化带改造", "楼道堆物", "低碳生活", "老年居民", "物业服务中心", "居务监督委员会", "公开栏",
    "满意度调查", "电动车充电", "停水停电", "文明城区创建", "旧物交换", "健康讲座", "便民服务",
]
VERBS = ["开展", "组织", "推进", "落实", "宣传", "检查", "协调", "完善", "征求", "公布"]
TAILS = ["工作", "活动", "情况", "意见", "措施", "方案", "进展", "结果"]
TYPES = ["notice", "notice", "gongshi", "disclosure", "finance", "publicity", "publicity", "event",
         "event", "plan", "honor", "survey"]
FOLDERS = {"notice": "notices", "gongshi": "gongshi", "disclosure": "disclosure",
           "finance": "finance", "publicity": "publicity", "event": "events", "plan": "plans",
           "honor": "honors", "survey": "surveys"}


def sentence(rng: random.Random) -> str:
    parts = [rng.choice(VERBS) + rng.choice(PHRASES) + rng.choice(TAILS) for _ in range(rng.randint(2, 4))]
    time = f"{rng.randint(7, 20)}:{rng.choice(['00', '30'])}"
    return "，".join(parts) + f"，时间为{rng.randint(1, 12)}月{rng.randint(1, 28)}日{time}。"


def body(rng: random.Random, length: int) -> str:
    paragraphs, current, total = [], [], 0
    while total < length:
        s = sentence(rng)
        current.append(s)
        total += len(s)
        if len(current) >= rng.randint(2, 5):
            paragraphs.append("".join(current))
            current = []
    if current:
        paragraphs.append("".join(current))
    if rng.random() < 0.2:
        rows = "\n".join(f"| {rng.choice(PHRASES)} | {rng.randint(1, 99)} | {rng.choice(TAILS)} |" for _ in range(rng.randint(3, 8)))
        paragraphs.insert(1, "| 事项 | 数量 | 备注 |\n|---|---|---|\n" + rows)
    return "\n\n".join(paragraphs) + "\n"


LEDGER = re.compile(r"^ledger:\n(?:  .*\n)+", re.M)


def ledger(rng: random.Random, opening: Decimal | None = None) -> str:
    opening = Decimal(rng.randint(0, 5_000_000)) / 100 if opening is None else opening
    income = [Decimal(rng.randint(100, 1_000_000)) / 100 for _ in range(rng.randint(1, 6))]
    expense = [Decimal(rng.randint(100, 300_000)) / 100 for _ in range(rng.randint(1, 12))]
    closing = opening + sum(income) - sum(expense)
    while closing < 0:
        income.append(Decimal("10000.00"))
        closing += Decimal("10000.00")
    lines = ["ledger:", f"  opening: {opening:.2f}", "  income:"]
    lines += [f"    - {{item: {rng.choice(PHRASES)}经费, amount: {a:.2f}}}" for a in income]
    lines += ["  expense:"]
    lines += [f"    - {{item: {rng.choice(PHRASES)}支出, amount: {a:.2f}}}" for a in expense]
    lines += [f"  closing: {closing:.2f}"]
    return "\n".join(lines)


def item(rng: random.Random, index: int, kind: str, day: date) -> tuple[str, str]:
    title = f"{rng.choice(VERBS)}{rng.choice(PHRASES)}{rng.choice(TAILS)}（第{index}号）"
    front = [f"type: {kind}", f"title: {title}", f"date: {day.isoformat()}"]
    if rng.random() < 0.3:
        front.append(f"expires: {(day + timedelta(days=rng.randint(7, 60))).isoformat()}")
    if rng.random() < 0.5:
        front.append(f"screens: {rng.choice(['all', '[lobby]', '[lobby, door]'])}")
    if rng.random() < 0.5:
        front.append(f"boards: {rng.choice(['all', '[notice]', '[entrance]'])}")
    if kind == "gongshi":
        front += ["days: 7", "objection: {phone: 023-6388 1234}"]
    elif kind == "disclosure":
        front += [f"category: {rng.choice(['party', 'affairs'])}", f"period: {day.year}-{day.month:02d}"]
    elif kind == "finance":
        front += [f"period: {day.year}-{day.month:02d}", "prepared_by: 程洪", "reviewed_by: 李明", ledger(rng)]
    elif kind == "event":
        start = day + timedelta(days=rng.randint(1, 20))
        front += [f"start: {start.isoformat()} 09:00", f"end: {start.isoformat()} 11:30",
                  f"place: {rng.choice(['社区服务中心', '门前广场', '二楼活动室'])}"]
    elif kind == "plan":
        front += ["milestones:"] + [
            f"  - {{name: {rng.choice(PHRASES)}, due: {(day + timedelta(days=30 * k)).isoformat()}, status: {rng.choice(['todo', 'doing', 'done'])}}}"
            for k in range(1, 5)]
    elif kind == "honor":
        front += ["honorees:"] + [f"  - {{name: 居民{n}号家庭, reason: {rng.choice(PHRASES)}}}" for n in range(3)]
    elif kind == "survey":
        a, b, c = rng.randint(100, 300), rng.randint(50, 150), rng.randint(0, 50)
        front += [f"valid_responses: {a + b + c}", "results:",
                  f"  - {{answer: 满意, count: {a}, satisfied: true}}",
                  f"  - {{answer: 基本满意, count: {b}, satisfied: true}}",
                  f"  - {{answer: 不满意, count: {c}}}"]
    name = f"{FOLDERS[kind]}/{day.isoformat()}-{index:05d}.md"
    return name, "---\n" + "\n".join(front) + "\n---\n\n" + body(rng, rng.randint(200, 3000))


def chain_finance(entries: list[tuple[date, str, Path]], rng: random.Random) -> None:
    """The finance series `board check` requires (generator/continuity.py): one disclosure per
    month, a later one for the same month is a correction (`corrects:`) of the one before, and
    each month opens at the previous month's closing balance."""
    months: dict[tuple[int, int], list[tuple[str, Path]]] = defaultdict(list)
    for day, name, path in sorted(entries):
        months[(day.year, day.month)].append((name, path))
    closing: dict[tuple[int, int], Decimal] = {}
    for year, month in sorted(months):
        before = (year, month - 1) if month > 1 else (year - 1, 12)
        corrects = ""
        for name, path in months[(year, month)]:
            block = ledger(rng, closing.get(before))
            text = LEDGER.sub(lambda _m: block + "\n", path.read_text(encoding="utf-8"), count=1)
            if corrects:
                text = text.replace("\nledger:", f"\ncorrects: {corrects}\nledger:", 1)
            path.write_text(text, encoding="utf-8")
            corrects = name.removesuffix(".md")
        closing[(year, month)] = Decimal(block.rsplit("closing: ", 1)[1])


def write_corpus(n: int, out: Path, *, seed: int = 20261129) -> Path:
    """Write mkdocs.yml (the sample config) and N items under out/content; returns mkdocs.yml."""
    rng = random.Random(seed + n)
    if out.exists():
        shutil.rmtree(out)
    content = out / "content"
    content.mkdir(parents=True)
    shutil.copy(REPO / "content" / "index.md", content / "index.md")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: theme", f"custom_dir: {(REPO / 'theme').as_posix()}")
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    first = date(2021, 12, 1)
    span = (date(2026, 11, 28) - first).days
    finance: list[tuple[date, str, Path]] = []
    for index in range(n):
        kind = TYPES[index % len(TYPES)]
        day = first + timedelta(days=rng.randint(0, span))
        name, text = item(rng, index, kind, day)
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if kind == "finance":
            finance.append((day, name, path))
    chain_finance(finance, random.Random(seed + n + 1))
    return out / "mkdocs.yml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()
    print(write_corpus(args.n, args.out, seed=args.seed))


if __name__ == "__main__":
    main()
