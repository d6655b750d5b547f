"""What every rendered fragment needs to know about the site and the moment of the build."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..config import SiteConfig
from ..gitlog import History, unavailable


@dataclass(frozen=True)
class SiteContext:
    config: SiteConfig
    now: datetime  # the build's "today" (lifecycle.resolve_now), in the site's time zone
    site_name: str = ""
    history: History = field(default_factory=lambda: unavailable("修订记录不可用"))

    @property
    def site_url(self) -> str:
        """Absolute base URL ending in "/", or "" when mkdocs.yml has no site_url."""
        return self.config.site_url

    def absolute(self, url: str) -> str:
        """An absolute link when site_url is known, else a root-relative one."""
        return (self.site_url or "/") + url
