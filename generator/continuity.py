"""Finance disclosures as one series: one per period, each period opening where the last closed.

A clerk who finds a mistake in a published disclosure publishes a 更正 (a new file with
`corrects: finance/2026-10`), never a silent second disclosure for the same month: the site
then marks the earlier one 已更正 and links both ways. The opening balance of a period must
equal the closing balance of the period before it (the previous disclosure of the same cadence,
or the correction that replaced it); the first disclosure, one after a gap, and the catalog's
`since` period are exempt, since there is nothing published to compare with.

Drafts and withdrawn items take no part: they are not (or no longer) published.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable

from .config import SiteConfig
from .model import Item, ItemRef
from .money import format_amount
from .periods import Period
from .problems import ProblemList


def _ref(item: Item) -> ItemRef:
    return ItemRef(item.id, item.url, item.title, item.published_at)


def _resolve(written: str, item: Item, finance: list[Item], content_dir: str) -> list[Item]:
    """Items `corrects:` may mean: a file id (`finance/2026-10`, with or without `.md` or the
    content folder) or a period (`2026-10`)."""
    key = written.strip().replace("\\", "/").removeprefix("./")
    key = key.removeprefix(content_dir.rstrip("/") + "/").removesuffix(".md")
    folder = item.id.rsplit("/", 1)[0] if "/" in item.id else ""
    by_id = [i for i in finance if i.id in (key, f"{folder}/{key}")]
    if by_id:
        return by_id
    try:
        period = Period.parse(key)
    except ValueError:
        return []
    return [i for i in finance if i.period == period and i.id != item.id]


def check_finance(items: list[Item], config: SiteConfig, problems: ProblemList,
                  where: Callable[[Item], str]) -> list[Item]:
    """Report duplicate periods, broken corrections and opening ≠ previous closing; return the
    items without the offending ones (so that nothing inconsistent is published) and with
    each correction linked to the disclosure it replaces."""
    finance = sorted((i for i in items if i.type == "finance" and i.period is not None
                      and i.ledger is not None and not i.draft and not i.withdrawn),
                     key=lambda i: (i.published_at, i.id))
    bad: set[str] = set()
    replaced_by: dict[str, Item] = {}

    def error(item: Item, field: str, message: str) -> None:
        problems.error(where(item), item.line_of(field), message, field)
        bad.add(item.id)

    for item in finance:
        if not item.corrects:
            continue
        found = _resolve(item.corrects, item, finance, config.content_dir)
        if len(found) != 1 or found[0].id == item.id:
            what = "找不到" if not found or found[0].id == item.id else f"对应了 {len(found)} 份"
            error(item, "corrects", f"corrects 写的「{item.corrects}」{what}要更正的财务公开；"
                                    f"请写被更正的那份的文件名（不带 .md），例如 corrects: {_example(item, finance)}")
            continue
        target = found[0]
        if target.period != item.period:
            error(item, "corrects", f"更正只能针对同一期：{target.id} 是 {target.period.label}，"
                                    f"这份是 {item.period.label}；请改正 period 或 corrects")
        elif target.id in replaced_by:
            other = replaced_by[target.id]
            error(item, "corrects", f"{target.id} 已经由 {other.id} 更正过了；再次更正请写 corrects: {other.id}")
        elif target.published_at > item.published_at:
            error(item, "corrects", f"更正的发布日期早于被更正的 {target.id}；请检查 date 或 corrects")
        else:
            replaced_by[target.id] = item

    # one disclosure per period: the latest correction stands for the period
    standing: dict[Period, Item] = {}
    for item in finance:
        if item.id in replaced_by or item.id in bad:
            continue
        assert item.period is not None
        first = standing.get(item.period)
        if first is None:
            standing[item.period] = item
            continue
        error(item, "period",
              f"和 {first.id} 是同一期（{item.period.label}）的财务公开，一期只能有一份。"
              f"如果这份是更正，请加一行 corrects: {first.id}（网站会把原来那份标为「已更正」并链接到这份）；"
              "否则请改正 period")

    exempt = {e.since for e in config.catalog if "finance" in e.types and e.since is not None}
    for period, item in sorted(standing.items()):
        previous = standing.get(period.previous())
        if previous is None or period in exempt or item.id in bad:
            continue
        assert item.ledger is not None and previous.ledger is not None
        opening, closing = item.ledger.opening, previous.ledger.closing
        if opening != closing:
            error(item, "ledger.opening",
                  f"期初余额 {format_amount(opening)} 元与上一期（{previous.period.label}，{where(previous)}）"
                  f"的期末余额 {format_amount(closing)} 元不一致，相差 {format_amount(abs(opening - closing))} 元；"
                  "本期期初应等于上期期末，请核对。若是上一期写错了，请为上一期发布一份更正（corrects）")

    out: list[Item] = []
    by_id = {i.id: i for i in finance}
    replaces = {corrector.id: by_id[target] for target, corrector in replaced_by.items()}
    for item in items:
        if item.id in bad:
            continue
        corrector = replaced_by.get(item.id)
        if corrector is not None and corrector.id not in bad:
            item = dataclasses.replace(item, replaced_by=_ref(corrector))
        target = replaces.get(item.id)
        if target is not None:
            item = dataclasses.replace(item, replaces=_ref(target))
        out.append(item)
    return out


def _example(item: Item, finance: list[Item]) -> str:
    same = [i for i in finance if i.period == item.period and i.id != item.id]
    return same[0].id if same else "finance/2026-10"
