"""`board check`: everything the loader found, plus rules that need "today" or the whole set."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from .catalog import catalog_rows
from .lifecycle import is_expired
from .loader import Project
from .problems import ProblemList

# Items that expired longer ago are simply archived: a warning for each would pile up for ever
# (20 by mid-2027 in the sample) and bury the problems that need a clerk.
RECENTLY_EXPIRED = timedelta(days=30)


def check_project(project: Project, now: datetime) -> ProblemList:
    """All problems: the loader's (personal data among them), stale expiries and the disclosure catalog."""
    problems = ProblemList(project.problems)
    content = project.config.content_dir
    for item in project.items:
        rel = f"{content}/{item.source}"
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


def _catalog_line(project: Project, entry_id: str) -> int:
    try:
        lines = project.config_file.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return 0
    pattern = re.compile(r"^\s*-?\s*id:\s*['\"]?" + re.escape(entry_id) + r"['\"]?\s*$")
    return next((n for n, text in enumerate(lines, 1) if pattern.match(text)), 0)
