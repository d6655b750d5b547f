"""The `board` MkDocs plugin: a thin adapter between MkDocs and the plain modules."""
from __future__ import annotations

from mkdocs.plugins import BasePlugin


class BoardPlugin(BasePlugin):
    """Placeholder until the website issue lands: accepts the options, builds nothing extra."""

    def load_config(self, options, config_file_path=None):  # noqa: ANN001, ANN201
        self.config = dict(options)
        return [], []
