"""`board check`: everything the loader found, plus rules that need "today" or the whole set."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from .catalog import catalog_rows
from .lifecycle import is_expired
from .loader import Project
from .model import Item
from .problems import ProblemList

# 18-digit resident ID (last may be X), not part of a longer number, not masked
_ID_CARD = re.compile(r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")
PERSONAL_DATA_TYPES = ("gongshi", "finance", "honor", "survey")
# Items that expired longer ago are simply archived: a warning for each would pile up for ever
# (20 by mid-2027 in the sample) and bury the problems that need a clerk.
RECENTLY_EXPIRED = timedelta(days=30)


def check_project(project: Project, now: datetime) -> ProblemList:
    """All problems: the loader's, personal data, stale expiries and the disclosure catalog."""
    problems = ProblemList(project.problems)
    content = project.config.content_dir
    for item in project.items:
        rel = f"{content}/{item.source}"
        if item.type in PERSONAL_DATA_TYPES:
            _personal_data(item, rel, problems)
        if item.expires is not None and is_expired(item, now) and not item.draft \
                and not item.withdrawn and item.expires.until > now - RECENTLY_EXPIRED:
            problems.warning(rel, item.line_of("expires"),
                             "这条内容已经过期（expires 已过），它只会出现在归档里；如需继续展示请把 expires 改晚",
                             "expires")
    cfg_rel = project.config_file.name
    for row in catalog_rows(project.config, project.items, now):
        if row.status == "missing":
            line = _catalog_line(project, row.entry.id)
            problems.warning(cfg_rel, line,
                             f"公开目录「{row.entry.title}」{row.period.label} 应在 "
                             f"{row.due.year}年{row.due.month}月{row.due.day}日 前公开，至今没有公开的内容",
                             f"plugins.board.catalog.{row.entry.id}")
    return problems


def _personal_data(item: Item, rel: str, problems: ProblemList) -> None:
    for offset, line in enumerate(item.body.splitlines()):
        _scan(line, rel, item.body_line + offset, problems)
    for name in ("title", "summary"):
        value = getattr(item, name)
        if value:
            _scan(value, rel, item.line_of(name), problems, name)


def _scan(text: str, rel: str, line: int, problems: ProblemList, field: str = "") -> None:
    if _ID_CARD.search(text):
        problems.warning(rel, line, "出现了完整的 18 位身份证号；公示只需写必要信息，请遮挡中间部分（如 500103********1234）", field)
    if _MOBILE.search(text):
        problems.warning(rel, line, "出现了完整的手机号码；涉及个人信息时请遮挡中间四位（如 138****5678）", field)


def _catalog_line(project: Project, entry_id: str) -> int:
    try:
        lines = project.config_file.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return 0
    pattern = re.compile(r"^\s*-?\s*id:\s*['\"]?" + re.escape(entry_id) + r"['\"]?\s*$")
    return next((n for n, text in enumerate(lines, 1) if pattern.match(text)), 0)
