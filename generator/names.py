"""The person (and signing body) names an item carries, so layout never splits one (「程|洪」).

Why from the item's own fields: a name is not recognisable by pattern, but the item says who it
names: the signatures of a ledger (制表/审核), the honorees of a 光荣榜, the body that receives
objections to a 公示, the issuer who signs, and the 姓名 column of a nominee table in the body.
"""
from __future__ import annotations

import re

from .model import Item

NAME_HEADERS = ("姓名", "名字", "人员", "户主", "推荐人选", "候选人")
MAX_NAME = 12  # longer values are descriptions, not names: keeping them whole would strand lines
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def _cells(line: str) -> list[str]:
    inner = line.strip().strip("|")
    return [re.sub(r"[*_`\\]", "", c).strip() for c in re.split(r"(?<!\\)\|", inner)]


def table_names(body: str) -> list[str]:
    """The cells under a 姓名-like header in the body's pipe tables."""
    lines = body.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    for i in range(len(lines) - 1):
        if "|" not in lines[i] or not _TABLE_SEP.match(lines[i + 1]):
            continue
        header = _cells(lines[i])
        cols = [k for k, h in enumerate(header) if any(word in h for word in NAME_HEADERS)]
        for row in lines[i + 2:]:
            if "|" not in row:
                break
            cells = _cells(row)
            out.extend(cells[k] for k in cols if k < len(cells))
    return out


def protected_names(item: Item) -> tuple[str, ...]:
    """Names to keep on one line wherever the item is laid out, longest first, no repeats."""
    found = [item.prepared_by, item.reviewed_by, item.issuer, item.organizer]
    found += [h.name for h in item.honorees]
    if item.objection is not None:
        found.append(item.objection.receiver)
    found += table_names(item.body)
    names = {n.strip() for n in found if 2 <= len(n.strip()) <= MAX_NAME and not n.strip().isdigit()}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))
