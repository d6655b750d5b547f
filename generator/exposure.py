"""Personal numbers in anything that would be published: errors with the masked form to write.

Every text value of the front matter (title, summary, ledger lines, names, contacts…) and
every line of the body (tables, image alt text, HTML comments: all reach the page source) is
searched with `personal.find`. A number is published on purpose only when the item says so
in `public_numbers:` (an office mobile, a donation account), visibly, next to the content;
the site's own phone in mkdocs.yml is public by definition.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from . import personal
from .problems import ProblemList
from .schema import dotted
from .yamlsrc import LoadedYaml, Path_

OPT_OUT = "public_numbers"
WITHDRAWN_PUBLISHED = {("title",), ("withdrawn_reason",)}


def message(found: personal.Finding) -> str:
    """What was typed, what to type instead, and how to publish it on purpose."""
    if found.kind in ("id", "id15"):
        return (f"这里有完整的{found.label}「{found.written}」，会原样发布到网站、屏幕和海报上；"
                f"身份证号请遮挡中间部分，写成 {found.masked}。"
                f"如果它其实不是身份证号（如凭证编号），请在信息区加一行 {OPT_OUT}: [{found.written}]")
    return (f"这里有完整的{found.label}「{found.written}」，会原样发布到网站、屏幕和海报上；"
            f"请遮挡中间部分，写成 {found.masked}。"
            f"如果这个号码确实要公开（如社区的办公手机、捐款账号），请在信息区加一行 {OPT_OUT}: [{found.written}]")


def scan_document(doc: LoadedYaml, body: str, body_line: int, source_lines: list[str], rel: str,
                  problems: ProblemList, also_public: Iterable[str] = ()) -> None:
    """Report every personal number in the front matter and the body of one file as an error.

    `source_lines` are the file's lines (for the line of a number inside a multi-line value);
    `also_public` are numbers published anyway (the community's phone).
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    declared = data.get(OPT_OUT)
    declared_list = declared if isinstance(declared, list) else ([] if declared is None else [declared])
    allowed = {personal.normalise(str(n)) for n in [*declared_list, *also_public]}
    used: set[str] = set()
    # a withdrawn item publishes only its title and the reason (web/items.py withdrawn_article):
    # an urgent withdrawal of a leaked number must not be blocked by that very number
    withdrawn = data.get("withdrawn") is True
    for path, text in _texts(data, ()):
        if path[:1] == (OPT_OUT,) or (withdrawn and path[:1] not in WITHDRAWN_PUBLISHED):
            continue
        for found in personal.find(text):
            if found.digits in allowed:
                used.add(found.digits)
                continue
            line = _line_of(doc, path, found.written, source_lines)
            problems.error(rel, line, message(found), dotted(path))
    for offset, text in enumerate([] if withdrawn else body.splitlines()):
        for found in personal.find(text):
            if found.digits in allowed:
                used.add(found.digits)
                continue
            problems.error(rel, body_line + offset, message(found))
    for index, number in enumerate([] if withdrawn else declared_list):
        if personal.normalise(str(number)) not in used:
            problems.warning(rel, doc.line((OPT_OUT, index)),
                             f"{OPT_OUT} 里的「{number}」在这条内容里没有出现；不需要了就删掉它", OPT_OUT)


def scan_page(text: str, rel: str, problems: ProblemList, also_public: Iterable[str] = ()) -> None:
    """A plain page (home page, guide): every line is published."""
    allowed = {personal.normalise(n) for n in also_public}
    for number, line_text in enumerate(text.splitlines(), 1):
        if line_text.lstrip().startswith(OPT_OUT):
            allowed.update(personal.normalise(n) for n in line_text.split(":", 1)[-1].strip(" []").split(","))
            continue
        for found in personal.find(line_text):
            if found.digits not in allowed:
                problems.error(rel, number, message(found))


def _texts(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _texts(sub, path + (str(key),))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _texts(sub, path + (index,))
    elif isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
        yield path, str(value)


def _line_of(doc: LoadedYaml, path: Path_, written: str, source_lines: list[str]) -> int:
    """The line of the number itself when a value spans several lines, else the key's line."""
    first, last = doc.spans.get(tuple(path), (0, 0))
    probe = written[:4]
    for number in range(first, last + 1):
        if 0 < number <= len(source_lines) and probe in source_lines[number - 1]:
            return number
    return doc.line(path)
