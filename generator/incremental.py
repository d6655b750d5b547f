"""Incremental site builds: the adapter between MkDocs' build loop and `pagecache`.

`board build` runs MkDocs in its `dirty` mode, where a page is read and rendered only when
its file says it is modified. This module decides that per page: a page (item, generated
list, home, plain page) whose key (`pagecache`) is unchanged, and whose previous output is
intact, is linked from the previous site and reported unmodified; everything else (theme
files, sitemap, 404, search index, feeds, rasters) is built as in a full build. The
search index is put back together in page order from this build's entries and the cached
ones, so the outputs are byte-identical to a full build from scratch.

Only the plugins this module knows (Material's search, board) may be configured: another
plugin could make a page depend on anything, so its presence turns incremental builds off.
"""
from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from .loader import Project
from .model import Item
from .pagecache import PageCache, digest, engine_versions, tree_digest
from .renderkey import RenderKeys
from .web.context import SiteContext
from .web.pages import GeneratedPage

log = logging.getLogger("mkdocs.plugins.board")

KNOWN_PLUGINS = ("search", "material/search", "board")
# anything in a body that MkDocs may rewrite against other files (links, images, references)
LINKISH = re.compile(r"\]\(|\]\s*:|\b(?:href|src)\s*=", re.I)
CONFIG_KEYS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
               "repo_name", "edit_uri", "edit_uri_template", "extra", "nav", "markdown_extensions",
               "mdx_configs", "extra_css", "extra_javascript", "extra_templates", "use_directory_urls",
               "docs_dir", "draft_docs", "not_in_nav", "exclude_docs")


def unsupported(config: MkDocsConfig) -> str | None:
    """Why this configuration cannot be built incrementally, or None."""
    names = list(config.plugins.keys())
    unknown = [n for n in names if n not in KNOWN_PLUGINS]
    if unknown:
        return "mkdocs.yml 里有其他插件（" + "、".join(unknown) + "）"
    search = _search_plugin(config)
    if search is not None:
        if not type(search).__module__.startswith("material.plugins.search"):
            return "search 插件不是 mkdocs-material 的"
        if names.index("board") < max(names.index(n) for n in names if n != "board"):
            return "board 插件需要排在 search 之后"
    return None


def _search_plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("material/search") or config.plugins.get("search")


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """This program's code: a fix in the page code rebuilds every page."""
    return tree_digest([Path(__file__).resolve().parent], "*.py")


def site_key(config: MkDocsConfig, project: Project, serving: bool, banner: str = "") -> str:
    """Everything every page depends on (in `serve`, the problems banner on every page too)."""
    projection = {k: config.get(k) for k in CONFIG_KEYS}
    projection["theme"] = dict(config.theme.items())
    pages = []
    for src in sorted(project.pages):  # their titles are in every page's navigation
        try:
            pages += [src, (project.content_dir / src).read_bytes()]
        except OSError:
            pages += [src, b"-"]
    return digest("board-pages", engine_versions(), _code_digest(),
                  tree_digest([Path(config.theme.custom_dir)]) if config.theme.custom_dir else "-",
                  project.config_file.read_bytes(), json.dumps(projection, sort_keys=True, default=_jsonable),
                  f"serving={serving};preview={project.config.preview}", banner, *pages)


def _jsonable(value: Any) -> Any:
    return dict(value) if isinstance(value, Mapping) else str(value)


def nav_sources(nav: list[Any]) -> tuple[set[str], set[str]]:
    """(sources listed with a title, sources listed bare) in MkDocs' `nav` setting.

    Other pages render a navigation entry's title and front matter: a page listed bare takes
    its title from its own Markdown, so it is never reused (a reused page is not read).
    """
    titled: set[str] = set()
    bare: set[str] = set()

    def walk(entries: Any) -> None:
        for entry in entries if isinstance(entries, list) else [entries]:
            if isinstance(entry, str):
                bare.add(entry)
            elif isinstance(entry, Mapping):
                for value in entry.values():
                    if isinstance(value, str):
                        titled.add(value)
                    else:
                        walk(value)

    walk(nav)
    return titled, bare


def _maybe_links(source: bytes) -> bool:
    """A quick test before `LINKISH` (slow on thousands of bodies): what it needs is not there."""
    if b"]" in source:
        return True
    lower = source.lower()
    return b"href" in lower or b"src" in lower


def _front_matter(source: bytes) -> dict[str, Any]:
    """A plain page's front matter as MkDocs reads it (empty when it has none or it is broken)."""
    from mkdocs.utils.meta import get_data

    try:
        return get_data(source.decode("utf-8-sig"))[1]
    except (UnicodeDecodeError, ValueError):
        return {}


def _links_digest(files: Files) -> str:
    return digest(*sorted(f"{f.src_uri}\t{f.dest_uri}\t{f.url}" for f in files))


class IncrementalBuild:
    """One build's decisions: which pages are reused, and the entries to put back into search."""

    def __init__(self, cache: PageCache, staging: Path, render_keys: RenderKeys | None = None) -> None:
        self.cache = cache
        self.staging = staging
        self.render_keys = render_keys or RenderKeys()
        self.keys: dict[str, str] = {}  # src_uri -> key, for every cacheable page
        self.reused: dict[str, list[dict[str, Any]]] = {}  # src_uri -> search entries
        self.built: dict[str, list[dict[str, Any]]] = {}
        self.nav_sources: set[str] = set()  # pages whose source every page's navigation shows
        self._mark = 0

    def plan(self, files: Files, config: MkDocsConfig, ctx: SiteContext, serving: bool,
             items: dict[str, Item], generated: dict[str, GeneratedPage],
             card_of: Callable[[Item], str], other: Callable[[File], str | None],
             digests: Mapping[str, str] | None = None) -> None:
        """Key every page; mark the ones whose output can be reused.

        `other(file)` is what shapes a page that is neither an item nor generated besides its
        source (the home page's lists), or None when it must always be built. `digests` are the
        loader's digests of the item files' bytes (`Project.digests`): an item's file is not
        read a second time only to be keyed.
        """
        digests = digests or {}
        links = ""
        titled, bare = nav_sources(config.nav or [])
        listed = titled | bare
        inclusion = InclusionLevel.is_in_serve if serving else InclusionLevel.is_included
        for file in files.documentation_pages(inclusion=inclusion):
            src = file.src_uri
            item, page = items.get(src), generated.get(src)
            if page is not None:
                key = digest(self.cache.site_key, "generated", src, file.dest_uri, file.url,
                             str(file.inclusion), page.title, page.html, str(page.searchable))
            else:
                extra = "" if item is not None else other(file)
                if extra is None:
                    continue
                known = digests.get(src) if item is not None and src not in listed else None
                try:
                    source = known.encode("ascii") if known else file.content_bytes
                except OSError:
                    continue
                if src in bare or (src in titled and source.lstrip(b"\xef\xbb\xbf").startswith(b"---")):
                    # Every page's navigation shows this page's title (listed bare) or its front
                    # matter (icon, status…): a reused page is read again, without rendering,
                    # once MkDocs made the navigation (`read_nav_sources`). A bare page's title
                    # must then come from its front matter, not from rendering its first heading.
                    if src in bare and "title" not in _front_matter(source):
                        continue
                    self.nav_sources.add(src)
                dep = ""
                text = item.body.encode("utf-8") if known and item is not None else source
                if _maybe_links(text) and LINKISH.search(text.decode("utf-8", "replace")):
                    links = links or _links_digest(files)
                    dep = links
                if item is not None:
                    extra = self.render_keys.key(item, ctx, card_of, digests.get(src))
                key = digest(self.cache.site_key, "item" if item else "page", src, file.dest_uri, file.url,
                             str(file.inclusion), source, extra, dep)
            self.keys[src] = key
            entries = self.cache.reuse(file.dest_uri, key, self.staging)
            if entries is not None:
                self.reused[src] = entries
        for file in files.documentation_pages():
            # explicit for every page: in place (serve), MkDocs would otherwise compare times
            _mark_modified(file, file.src_uri not in self.reused)

    def read_nav_sources(self, files: Files, config: MkDocsConfig) -> None:
        """After MkDocs made the navigation: read (not render) the reused pages it shows, so
        their titles and front matter appear in every page's navigation as in a full build."""
        for src in sorted(self.nav_sources & self.reused.keys()):
            file = files.get_file_from_path(src)
            if file is not None and file.page is not None:
                file.page.read_source(config)

    def page_indexed(self, src: str, config: MkDocsConfig) -> None:
        """After search indexed a page (board runs after search): keep that page's entries."""
        search = _search_plugin(config)
        if search is None or not hasattr(search, "search_index"):
            return
        entries = search.search_index.entries
        self.built[src] = entries[self._mark:]
        self._mark = len(entries)

    def finish(self, files: Files, config: MkDocsConfig, serving: bool) -> None:
        """Put the search index back in page order; record what was built; save the state."""
        inclusion = InclusionLevel.is_in_serve if serving else InclusionLevel.is_included
        pages = files.documentation_pages(inclusion=inclusion)
        search = _search_plugin(config)
        if search is not None and hasattr(search, "search_index"):
            ordered: list[dict[str, Any]] = []
            for file in pages:
                src = file.src_uri
                ordered.extend(self.reused[src] if src in self.reused else self.built.get(src, []))
            search.search_index.entries[:] = ordered
            # Material's own dirty-serve merging would add the previous build's entries again
            search.search_index_prev = None
        for file in pages:
            src = file.src_uri
            if src in self.keys and src not in self.reused and src in self.built:
                self.cache.record(file.dest_uri, self.keys[src], self.staging / file.dest_uri, self.built[src])
        if self.cache.previous_site == self.staging:  # in place: outputs of pages now gone
            self.cache.remove_stale(self.staging)
        self.cache.save()
        if self.render_keys.memo is not None:
            self.render_keys.memo.save()
        log.info(f"网页：重新生成 {len(self.cache.built)} 个，沿用上次的 {len(self.cache.reused)} 个")


class _DirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave stale pages; here every page says whether it
    changed (and `board build` builds into an empty folder), so the warning does not apply
    (and would fail --strict)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


@contextlib.contextmanager
def quiet_dirty_warning() -> Iterator[None]:
    target = logging.getLogger("mkdocs.commands.build")
    quiet = _DirtyWarning()
    target.addFilter(quiet)
    try:
        yield
    finally:
        target.removeFilter(quiet)


def rebuild_all(files: Files) -> None:
    """Every page is built (a configuration this module cannot follow)."""
    for file in files.documentation_pages():
        _mark_modified(file, True)


def _mark_modified(file: File, modified: bool) -> None:
    """MkDocs' dirty mode skips reading, rendering and writing a file that is not modified."""
    file.is_modified = lambda: modified  # type: ignore[method-assign]
