"""The values of every page's footer (theme/partials/footer.html), escaped once per build.

The footer is the same on every page, including 404.html (which MkDocs renders without a page,
so the values travel in `config.extra`, not in the per-page context).
"""
from __future__ import annotations

from ..config import SiteConfig
from .fmt import e, tel


def footer_values(config: SiteConfig) -> dict[str, str]:
    """Escaped community name, 监督电话 (shown and as a tel: number), address and office hours."""
    return {
        "community": e(config.community),
        "phone": e(config.phone),
        "tel": e(tel(config.phone)),
        "address": e(config.address),
        "office_hours": e(config.office_hours),
    }
