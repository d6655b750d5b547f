"""The website, as plain Python: pages and fragments rendered from typed items.

Nothing in this package imports MkDocs. `generator/plugin.py` adapts these functions to MkDocs
hooks, so a move to another static-site engine (mkdocs-material reaches end of life in 2027)
replaces only that adapter and the templates in `theme/`.

Security model: every front-matter value is escaped where it enters HTML (see `fmt.e`). The
Markdown *body* of an item may contain raw HTML, which is kept on purpose: editors need it for
tables and layout, and editors are trusted (they commit to the repository). Do not publish
content from untrusted people without review.
"""
