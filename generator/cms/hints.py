"""Chinese hints for the form fields, taken from the archetypes' `# comments`.

The archetypes (archetypes/<type>.md) are what `board new` writes; each front-matter line says in
a comment what the field means. The forms show the same text, so a community that edits its
archetypes edits its forms' hints too. Clauses that only make sense in a text editor ("delete
this line", "remove the leading #") are dropped.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..archetypes import ArchetypeError, archetype_path, read_archetype

_LINE = re.compile(r"^(?P<indent>\s*)(?:#\s?(?P<cindent>\s*))?(?P<key>[A-Za-z_]\w*):(?P<value>.*?)\s#\s*(?P<hint>.+)$")
_EDITOR_ONLY = ("删掉", "行首", "不要改", "#")


def _clean(hint: str) -> str:
    hint = hint.strip().removeprefix("*").strip()
    clauses = [c for c in re.split(r"(?<=[；。])", hint) if c.strip()]
    kept = []
    for clause in clauses:
        if any(word in clause for word in _EDITOR_ONLY) or re.search(r"写\s*[A-Za-z]+\s*:", clause):
            continue
        if "[" in clause or ": " in clause:  # YAML syntax ("all，或 [lobby]"): keep what precedes it
            head = re.split(r"[：:]", clause)[0]
            if head != clause and not re.search(r"[\[\]]", head):
                kept.append(head)
            continue
        kept.append(clause)
    return "".join(kept).strip().rstrip("；。，") if kept else ""


def archetype_hints(item_type: str, project_root: Path) -> dict[str, str]:
    """{'title': '标题，一行写完', 'ledger.opening': '期初余额（…）', ...} for one type."""
    try:
        text = read_archetype(archetype_path(item_type, project_root))
    except ArchetypeError:
        return {}
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    hints: dict[str, str] = {}
    stack: list[tuple[int, str]] = []  # (indent, key) of the enclosing mappings
    for line in lines[1:]:
        if line.strip() in ("---", "..."):
            break
        match = _LINE.match(line)
        if not match:
            continue
        indent = len(match["indent"]) + len(match["cindent"] or "")
        while stack and stack[-1][0] >= indent:
            stack.pop()
        dotted = ".".join([key for _, key in stack] + [match["key"]])
        if match["value"].strip() == "":
            stack.append((indent, match["key"]))
        hint = _clean(match["hint"])
        if hint and dotted not in hints:
            hints[dotted] = hint
    return hints
