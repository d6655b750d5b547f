"""Phone numbers in residents' text become tel: links, so a tap on a phone dials them.

Only full numbers are linked: landlines with area code (023-6388 1234, 023-63881234), mobiles
(139 2345 6789, 13923456789) and 400 numbers. Masked numbers (138****5678), amounts, dates and
ID numbers never match (no digit may touch a match on either side).
"""
from __future__ import annotations

import re

from .fmt import phone_link

PHONE = re.compile(r"(?<![\d.*])(?:0\d{2,3}[- ]?\d{3,4}[- ]?\d{4}|1[3-9]\d[- ]?\d{4}[- ]?\d{4}"
                   r"|400[- ]?\d{3}[- ]?\d{4})(?![\d*])")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def link_phones_in_text(escaped: str) -> str:
    """Escaped plain text with each phone number wrapped in a tel: link."""
    return PHONE.sub(lambda m: phone_link(m.group(0)), escaped)


def link_phones_in_html(html: str) -> str:
    """The same for rendered HTML: only text outside tags, never inside an existing link or code."""
    out: list[str] = []
    skip = 0  # depth inside <a>, <code>, <pre>
    for part in _TAG_OR_TEXT.split(html):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            tag = name.group(1).lower() if name else ""
            if tag in ("a", "code", "pre") and not part.endswith("/>"):
                skip += -1 if part.startswith("</") else 1
                skip = max(skip, 0)
            out.append(part)
        elif skip or not PHONE.search(part):
            out.append(part)
        else:
            out.append(link_phones_in_text(part))
    return "".join(out)
