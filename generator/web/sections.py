"""The site's sections: which items each index lists, and where it lives.

Sections are chosen by item type (and category), not by folder, so an editor who files a
notice in the wrong folder still sees it under 通知公告. The navigation lists these sections
and nothing else: with thousands of items in the nav every page would carry them all.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Item

PAGE_SIZE = 20


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    url: str  # e.g. "notices/"; page n > 1 lives at f"{url}page/{n}/"
    accepts: Callable[[Item], bool]
    blurb: str = ""
    children: tuple["Section", ...] = field(default=())

    def page_url(self, number: int) -> str:
        return self.url if number == 1 else f"{self.url}page/{number}/"

    def page_src(self, number: int) -> str:
        """The virtual Markdown file that MkDocs builds for page `number`."""
        return f"{self.url}index.md" if number == 1 else f"{self.url}page/{number}.md"


def _is(*types: str) -> Callable[[Item], bool]:
    return lambda item: item.type in types


def _disclosure(category: str) -> Callable[[Item], bool]:
    def accepts(item: Item) -> bool:
        if category == "finance":
            return item.type == "finance" or (item.type == "disclosure" and item.category == "finance")
        if category == "affairs":
            return (item.type == "disclosure" and item.category == "affairs") or item.type == "survey"
        return item.type == "disclosure" and item.category == category
    return accepts


DISCLOSURE_CHILDREN = (
    Section("party", "党务公开", "disclosure/party/", _disclosure("party"), "党组织建设、党费收缴使用等情况"),
    Section("affairs", "居务公开", "disclosure/affairs/", _disclosure("affairs"), "居务工作情况、满意度调查结果"),
    Section("finance", "财务公开", "disclosure/finance/", _disclosure("finance"), "社区每月财务收支"),
)

SECTIONS: tuple[Section, ...] = (
    Section("notices", "通知公告", "notices/", _is("notice"), "社区通知、通告"),
    Section("gongshi", "公示", "gongshi/", _is("gongshi"), "公示期内可提出异议"),
    Section("disclosure", "党务居务财务公开", "disclosure/", _is("disclosure", "finance", "survey"),
            "党务、居务、财务公开", DISCLOSURE_CHILDREN),
    Section("publicity", "宣传", "publicity/", _is("publicity", "honor"), "政策宣传、光荣榜"),
    Section("events", "活动预告", "events/", _is("event"), "社区活动时间、地点和报名方式"),
    Section("plans", "工作计划", "plans/", _is("plan"), "年度工作计划与进度"),
)

CATALOG_URL = "catalog/"
ARCHIVE_URL = "archive/"
FEED_RSS = "feed.xml"
FEED_JSON = "feed.json"


def all_sections() -> list[Section]:
    """Every section including sub-sections, parents first."""
    out: list[Section] = []
    for section in SECTIONS:
        out.append(section)
        out.extend(section.children)
    return out


def section_of(item: Item) -> Section:
    """The top-level section an item belongs to (every type has one)."""
    for section in SECTIONS:
        if section.accepts(item):
            return section
    raise KeyError(item.type)


def pages_needed(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))
