"""Recognising personal numbers in text: resident IDs, mobile numbers, bank cards.

People write numbers the way they read them aloud: `139 2345 6789`, `138-1234-5678`,
`+86 139…`, `500103 19900101 1236`, with full-width digits from a Chinese input method.
A number is a run of digit groups joined by single separators; each kind accepts the
groupings people use for it, and every candidate must also be plausible (an ID's birth date
and check digit, a card's Luhn digit, a mobile's 13x–19x prefix) so that amounts, dates,
voucher numbers and office landlines (`023-6388 1234`) are left alone. Masked forms
(`5001**********1236`, `139****6789`) have no long digit run and are never found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# full-width digits, X and plus sign map one-to-one onto ASCII, so offsets stay valid
_WIDE = str.maketrans("０１２３４５６７８９Ｘｘ＋", "0123456789Xx+")
SEPARATORS = " \u3000\u00a0-－–—"
_SEP = "[" + "".join(re.escape(ch) for ch in SEPARATORS) + "]"
_RUN = re.compile(r"(?<![0-9])[0-9]+(?:" + _SEP + r"[0-9]+)*(?:[Xx](?![A-Za-z0-9]))?")
_GROUP = re.compile(r"[0-9]+[Xx]?")
# the shortest number looked for has 11 digits with at most one separator between digits: most
# lines are dismissed by this one scan
_ENOUGH = re.compile(r"[0-9０-９](?:" + _SEP + r"?[0-9０-９]){10}")

LABELS = {"id": "身份证号", "id15": "身份证号（15 位旧号码）", "card": "银行卡号", "mobile": "手机号码"}
_PRIORITY = {"id": 0, "card": 1, "id15": 2, "mobile": 3}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

MOBILE_SHAPES = ((11,), (3, 4, 4), (3, 8), (7, 4))
ID_SHAPES = ((18,), (6, 8, 4), (6, 4, 4, 4), (6, 12))
ID15_SHAPES = ((15,), (6, 6, 3))


def card_shapes(length: int) -> tuple[tuple[int, ...], ...]:
    """Groupings of a 16–19 digit card: whole, fours (the last group shorter), 6 + rest."""
    fours = (4,) * (length // 4) + ((length % 4,) if length % 4 else ())
    return ((length,), fours, (6, length - 6))


@dataclass(frozen=True)
class Finding:
    kind: str  # id | id15 | card | mobile
    start: int  # span in the text, as written (prefix such as +86 excluded)
    end: int
    written: str
    digits: str  # without separators; an ID's X upper-case

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def masked(self) -> str:
        return mask(self.kind, self.digits)


def mask(kind: str, digits: str) -> str:
    """The form that may be published: 5001**********1236, 139****6789, 6222********7890."""
    if kind == "mobile":
        return digits[:3] + "****" + digits[-4:]
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check character of an 18-digit resident ID."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _kinds(raw: str, shape: tuple[int, ...]) -> list[str]:
    """The kinds of personal number `raw` (digits, an ID may end in X) written as `shape` can be."""
    kinds = []
    n = len(raw)
    if n == 18 and shape in ID_SHAPES and raw[0] in "12345678" and raw[:17].isdigit():
        if _valid_date(int(raw[6:10]), int(raw[10:12]), int(raw[12:14])) and 1900 <= int(raw[6:10]) <= 2099:
            # a mistyped check digit is still somebody's ID when written the usual ways;
            # the rarer groupings must carry a valid check digit to count
            if shape in ((18,), (6, 8, 4)) or id_check_digit(raw[:17]) == raw[17]:
                kinds.append("id")
    if not raw.isdigit():
        return kinds
    if 16 <= n <= 19 and shape in card_shapes(n) and raw[0] in "3456" and luhn_ok(raw):
        kinds.append("card")
    if n == 15 and shape in ID15_SHAPES and raw[0] in "12345678":
        if _valid_date(1900 + int(raw[6:8]), int(raw[8:10]), int(raw[10:12])):
            kinds.append("id15")
    if n == 11 and shape in MOBILE_SHAPES and raw[0] == "1" and raw[1] in "3456789":
        kinds.append("mobile")
    return kinds


def find(text: str) -> list[Finding]:
    """Every full ID, mobile and card number in `text`, in order, none overlapping."""
    if not _ENOUGH.search(text):
        return []
    plain = text.translate(_WIDE)
    candidates: list[Finding] = []
    for run in _RUN.finditer(plain):
        if len(run.group()) < 11:
            continue
        groups = [(m.start() + run.start(), m.end() + run.start()) for m in _GROUP.finditer(run.group())]
        for i in range(len(groups)):
            for first_start in _prefix_starts(plain, groups[i]):
                shape: list[int] = []
                raw = ""
                for j in range(i, len(groups)):
                    start = first_start if j == i else groups[j][0]
                    piece = plain[start:groups[j][1]].upper()
                    if "X" in piece[:-1]:
                        break
                    shape.append(len(piece))
                    raw += piece
                    if len(raw) > 19:
                        break
                    for kind in _kinds(raw, tuple(shape)):
                        end = groups[j][1]
                        candidates.append(Finding(kind, first_start, end, text[first_start:end], raw))
    chosen: list[Finding] = []
    for found in sorted(candidates, key=lambda f: (_PRIORITY[f.kind], f.start, -f.end)):
        if all(found.end <= other.start or found.start >= other.end for other in chosen):
            chosen.append(found)
    return sorted(chosen, key=lambda f: f.start)


def _prefix_starts(plain: str, group: tuple[int, int]) -> list[int]:
    """Where a number may start inside a group: its start, or after a glued 86 / 0086 prefix."""
    start, end = group
    starts = [start]
    body = plain[start:end]
    for prefix in ("0086", "86"):
        if body.startswith(prefix) and len(body) > len(prefix):
            starts.append(start + len(prefix))
    return starts


def normalise(number: str) -> str:
    """A number as compared with findings: digits (and an ID's X) only, country code removed."""
    plain = str(number).translate(_WIDE).upper()
    digits = "".join(ch for ch in plain if ch.isdigit() or ch == "X")
    for prefix in ("0086", "86"):
        rest = digits[len(prefix):]
        if digits.startswith(prefix) and len(rest) == 11 and rest.startswith("1"):
            return rest
    return digits
