"""Font coverage check for `board check`: a character no font can draw is a warning, located.

Why: Pillow draws a missing glyph as an empty box (豆腐块), so a character no font has would show
as a box on the lobby screen and the printed board. But a resident's legal name cannot be
changed, so it must never stop publishing: the chain covers CJK Unified Ideographs and Extension
A from the vendored fonts and Extensions B–F from Hanazono (display/rarefonts.py); only what
none of them draws is reported, as a warning naming the file, the line and the code point, with
how to add a font (mkdocs.yml `fonts`).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from generator.lifecycle import is_expired
from generator.loader import Project
from generator.memo import stat_digest
from generator.model import Item
from generator.problems import Problem, Severity

from .fonts import FontChain, sans_spec

FIELDS = ("title", "summary", "issuer", "addressee", "contact", "place", "organizer", "audience",
          "signup", "basis", "target", "doc_no", "prepared_by", "reviewed_by", "method")


def shown_somewhere(item: Item, now: datetime) -> bool:
    """The item will be on a screen or a board (now or later): not a draft, not over."""
    return not item.draft and bool(item.screens or item.boards) and not is_expired(item, now)


def item_texts(item: Item) -> Iterator[tuple[int, str, str]]:
    """(line, field, text) for everything of the item a slide or poster may draw."""
    for name in FIELDS:
        value = getattr(item, name, "")
        if value:
            yield item.line_of(name), name, str(value)
    if item.objection is not None:
        for value in (item.objection.phone, item.objection.address, item.objection.receiver):
            yield item.line_of("objection"), "objection", value
    if item.ledger is not None:
        for line in (*item.ledger.income, *item.ledger.expense):
            yield item.line_of("ledger"), "ledger", line.item
    for honoree in item.honorees:
        yield item.line_of("honorees"), "honorees", honoree.name + honoree.reason
    for milestone in item.milestones:
        yield item.line_of("milestones"), "milestones", milestone.name + milestone.note
    for result in item.results:
        yield item.line_of("results"), "results", result.answer
    for offset, text in enumerate(item.body.splitlines()):
        yield item.body_line + offset, "", text


def item_problems(item: Item, chain: FontChain, path: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    for line, name, text in item_texts(item):
        for char in sorted(chain.missing(text), key=text.index):
            if (line, char) in seen:
                continue
            seen.add((line, char))
            problems.append(Problem(
                path, line, Severity.WARNING,
                f"「{char}」U+{ord(char):04X} 没有任何字体能显示，屏幕和海报上会显示成方框（照常发布）。"
                f"{_advice(char)}",
                name))
    return problems


def _advice(char: str) -> str:
    from .rarefonts import rare_font_files

    code = ord(char)
    if 0x20000 <= code <= 0x3FFFF and not rare_font_files():
        return ("这是扩展 B 至 F 区的生僻字，需要花园明朝字体：Debian/Ubuntu 上运行 "
                "sudo apt install fonts-hanazono；其他系统把 HanaMinA.ttf、HanaMinB.ttf 放进系统字体文件夹，"
                "或在 mkdocs.yml 的 fonts 里写上它们的路径")
    return "如果是人名，请保留原字，并在 mkdocs.yml 的 fonts 里加入含有这个字的字体文件（见编辑指南「生僻字」）"


def coverage_problems(project: Project, now: datetime) -> list[Problem]:
    """Every character of an item a screen or board will show that the font chain lacks."""
    config = project.config
    problems: list[Problem] = []
    for name in config.fonts:
        if not (project.root / name).is_file():
            problems.append(Problem(project.config_file.name, 0, Severity.ERROR,
                                    f"字体文件「{name}」不存在（路径相对于 mkdocs.yml 所在的文件夹）",
                                    "plugins.board.fonts"))
    spec = sans_spec(config.fonts, project.root)
    chain: FontChain | None = None  # opened only when some item is not in the memo
    memo = project.memo("coverage", stat_digest(spec.regular))
    for item in project.items:
        if not shown_somewhere(item, now):
            continue
        path = f"{config.content_dir}/{item.source}"
        key = project.digests.get(item.source)
        stored = memo.get(key) if key else None
        if stored is None:
            if chain is None:
                chain = spec.chains()[0]  # the body chain is the strictest
            found = item_problems(item, chain, path)
            stored = [[p.line, p.message, p.field] for p in found]
            if key:
                memo.put(key, stored)
        problems.extend(Problem(path, line, Severity.WARNING, message, name) for line, message, name in stored)
    memo.save()
    return problems
