"""When would a rebuilt site differ from the one built now? (for `board next-change`)

Beyond items appearing and expiring (lifecycle.next_change), the website shows states that
flip with the calendar: a plan milestone becomes 已逾期 the day after its deadline, a 公开目录
period turns from 本期进行中 to 待公开 and then to 逾期未公开, an event starts, the home page's
本月公开 block moves to a new month. The 公示 countdown is updated by the page script instead.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from ..catalog import catalog_rows
from ..config import SiteConfig
from ..lifecycle import day_start
from ..model import Item


def site_changes(items: Iterable[Item], config: SiteConfig, now: datetime) -> list[tuple[datetime, str]]:
    """(moment, reason) for every change after `now`, earliest first."""
    items = [i for i in items if not i.draft and i.date is not None]
    tz = config.tz
    out: list[tuple[datetime, str]] = []

    def add(moment: datetime, reason: str) -> None:
        if moment > now:
            out.append((moment, reason))

    for item in items:
        where = f"{item.title}（{item.source}）"
        add(item.published_at, f"上线：{where}")
        if item.ends_at is not None:
            add(item.ends_at, f"到期：{where}")
        if item.type == "event" and item.start is not None:
            add(item.start.value, f"活动开始：{where}")
        for milestone in item.milestones:
            if milestone.status != "done":
                add(day_start(milestone.due + timedelta(days=1), tz), f"计划节点逾期：{milestone.name}（{item.source}）")
    for row in catalog_rows(config, items, now):
        label = f"公开目录「{row.entry.title}」{row.period.label}"
        if row.status == "open":
            add(day_start(row.period.end_day, tz), f"{label}：本期结束，进入待公开")
        elif row.status == "due":
            add(day_start(row.due + timedelta(days=1), tz), f"{label}：超过公开期限")
    first = now.date().replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    add(day_start(next_month, tz), f"首页「本月公开」换到 {next_month.year}年{next_month.month}月")
    return sorted(out, key=lambda change: change[0])


def next_site_change(items: Iterable[Item], config: SiteConfig,
                     now: datetime) -> tuple[datetime, list[str]] | None:
    """The next moment the site changes and every reason for it, or None."""
    changes = site_changes(items, config, now)
    if not changes:
        return None
    moment = changes[0][0]
    return moment, [reason for when, reason in changes if when == moment]
