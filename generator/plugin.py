"""The `board` MkDocs plugin: a thin adapter between MkDocs and the plain modules.

Everything that decides what the site shows lives in `generator/web/` and the foundation
modules; this file only maps MkDocs hooks onto them (mkdocs-material reaches end of life in
2027, so the adapter is what a move to another engine replaces):

- on_config: load and validate the project once per build; navigation lists sections only.
- on_files: drafts and not-yet-published items are not built (previewable in `serve` only),
  items get their ASCII URLs, the generated pages are added (section indexes, catalog, archive).
- on_page_markdown / on_page_content: escaped titles; the item page and generated pages' HTML.
- on_page_context: meta values; an item's og:image is its share card.
- on_post_build: feeds, the form editor (/admin/, generator/cms), then the raster outputs (slides, posters, share cards) and, in `serve`
  or with `preview: true`, the editor's preview page (/preview/, outside the navigation).

Item files that fail validation fail `mkdocs build` with the loader's Chinese messages (`board
build` runs `board check` first anyway); during `mkdocs serve` their address shows their errors
instead of the page, and every page carries `board check`'s problems in a banner
(generator/web/banner.py), so the preview keeps working while the editor fixes the file.
- on_serve: the form editor's local backend (generator/cms/site.py) joins the preview server.
"""
from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import incremental
from .gitlog import read_history
from .incremental import IncrementalBuild
from .lifecycle import TodayError, is_published, resolve_now
from .loader import Project, content_rel, iter_sources, load_project
from .memo import Memo, PickleMemo, known_digests_file, save_known_digests
from .renderkey import RenderKeys
from .sources import unpublished
from .webimages import SHRINKABLE, web_copy
from .model import Item
from .pagecache import PageCache
from .plaintext import html_to_text
from .urls import url_for
from .web.banner import broken_item_html, problems_banner, with_banner
from .web.context import SiteContext
from .web.fmt import e
from .web.items import render_item
from .web.pages import GeneratedPage, SitePlan, home_html, plan_site
from .web import feeds, nav as site_nav
from .web.footer import footer_values
from .web.meta import page_head, plain_page_description
from .web.searchindex import rewrite_as_utf8

log = logging.getLogger("mkdocs.plugins.board")

def _stub(title: str) -> str:
    """The virtual Markdown MkDocs reads for a generated page (its HTML replaces the body)."""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n"


class BoardPlugin(BasePlugin):
    """Builds the community's transparency site from the typed items."""

    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        # `board build` has already loaded and checked the project; it hands it over here so
        # that one build reads content/ once (None: load it, as `mkdocs build` does).
        self.preloaded: Project | None = None
        # `board build` sets the previous site folder: pages whose inputs did not change are
        # linked from there instead of rendered (generator.incremental; None: a full build)
        self.previous_site: Path | None = None
        self.in_place = False
        self.item_memo: PickleMemo | None = None  # kept across `board serve` rebuilds
        self.page_cache: PageCache | None = None  # the previous rebuild's page state, in serve
        self._reset()

    def _reset(self) -> None:
        self.project: Project | None = None
        self.ctx: SiteContext | None = None
        self.plan: SitePlan | None = None
        self.items_by_src: dict[str, Item] = {}
        self.generated_by_src: dict[str, GeneratedPage] = {}
        self.broken: set[str] = set()  # serve: item files the loader rejected, shown with their errors
        self.banner = ""  # serve: `board check`'s problems, at the top of every page
        self.problems: list[Any] = []
        self.texts: dict[str, str] = {}  # item body as plain text, from its rendered HTML
        self.incremental: IncrementalBuild | None = None
        self.files: Files | None = None
        self.prerender: Any = None  # display.prerender.Prerender: rasters drawn meanwhile

    # Options are validated by generator.config (with Chinese messages and line numbers),
    # not by MkDocs' option schema.
    def load_config(self, options: dict[str, Any], config_file_path: str | None = None):  # noqa: ANN201
        self.config = dict(options)
        return [], []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining this hook keeps one plugin instance across `mkdocs serve` rebuilds."""
        self.serving = command == "serve"
        # `board serve` rebuilds in place (MkDocs' dirty mode): unchanged pages stay as they are
        self.in_place = self.serving and dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        project, self.preloaded = self.preloaded, None
        if project is None or project.config_file.resolve() != Path(config.config_file_path).resolve():
            project = load_project(Path(config.config_file_path), memo=self.item_memo)
        if project is not None:
            self.item_memo = project.item_memo
        if project is None or project.config.community == "":
            raise PluginError(_problem_text(project, "mkdocs.yml 的 board 设置有错误，无法生成网站："))
        if not config.use_directory_urls:
            raise PluginError("board 插件需要 use_directory_urls: true（网址形如 /notices/2026-11-water-outage/），"
                              "请在 mkdocs.yml 中删除 use_directory_urls: false")
        self.project = project
        try:
            now = resolve_now(None, project.config.tz)
        except TodayError as exc:
            raise PluginError(str(exc)) from None
        self.ctx = SiteContext(project.config, now, site_name=config.site_name)
        if not self.serving:
            self._start_prerender()
        if self.serving:
            from .commands._common import full_check

            self.problems = full_check(project, now)
            self.banner = problems_banner(self.problems)
        if not config.nav:
            config.nav = site_nav.nav_config(project.pages)
            # items are deliberately not in the nav; don't list thousands of them at every build
            config.validation.nav.omitted_files = logging.DEBUG
        if not config.copyright:
            c = project.config
            parts = [c.community, f"监督电话：{c.phone}", c.address]
            config.copyright = e("　".join(p for p in parts if p))  # Material prints it unescaped
        config.extra["board_footer"] = footer_values(project.config)  # 404.html has no page context
        if isinstance(config.theme.get("font"), dict) or config.theme.get("font") is None:
            config.theme["font"] = False  # never wait on Google Fonts (unreachable in mainland China)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.project is not None and self.ctx is not None
        project, ctx = self.project, self.ctx
        self._exclude_outside(files, project)
        self._exclude_invalid(files, project, config)
        self._exclude_unchecked(files, project)
        self._shrink_pictures(files, project, config)
        history = read_history(project.content_dir)
        ctx = self.ctx = SiteContext(ctx.config, ctx.now, ctx.site_name, history)
        by_source = {item.source: item for item in project.items}
        for file in list(files.documentation_pages()):
            item = by_source.get(file.src_uri)
            if item is None:
                continue
            _move(file, item.url, config)
            if not is_published(item, ctx.now):
                # Drafts and future items are never in `mkdocs build`; MkDocs' DRAFT level still
                # shows them at their URL in `mkdocs serve`, so an editor can preview them.
                file.inclusion = InclusionLevel.DRAFT
            self.items_by_src[file.src_uri] = item
        self.plan = plan_site(project.items, ctx)
        taken = {f.url: f.src_uri for f in files.documentation_pages()}
        if (self.serving or project.config.preview) and "preview/" in taken:
            raise PluginError(f"{project.config.content_dir}/{taken['preview/']} 和编辑预览页（/preview/）冲突，"
                              "请给这个文件换个名字")
        for page in self.plan.pages:
            clash = taken.get(page.url) or (page.src if page.src in files.src_uris else None)
            if clash:
                raise PluginError(f"{project.config.content_dir}/{clash} 和网站自动生成的页面「{page.title}」"
                                  f"（/{page.url}）冲突，请给这个文件换个名字")
            files.append(File.generated(config, page.src, content=_stub(page.title)))
            self.generated_by_src[page.src] = page
        if files.get_file_from_path("index.md") is None:
            files.append(File.generated(config, "index.md", content=_stub("首页")))
        _drop_vendored_fonts(files)
        self.files = files
        self._plan_incremental(files, config)
        return files

    def _plan_incremental(self, files: Files, config: MkDocsConfig) -> None:
        previous, self.previous_site = self.previous_site, None
        if self.in_place:
            previous = Path(config.site_dir)
        if previous is None:
            return
        assert self.project is not None and self.ctx is not None
        reason = incremental.unsupported(config)
        if reason:
            log.info(f"{reason}，这次重新生成全部网页")
            incremental.rebuild_all(files)  # in place (serve), MkDocs would compare file times
            return
        key = incremental.site_key(config, self.project, self.serving, self.banner)
        cache = PageCache(self.project.root / ".cache" / "pages", key, previous,
                          "serve.json" if self.serving else "pages.json",
                          known=self.page_cache if self.in_place else None)
        self.page_cache = cache
        keys = RenderKeys(Memo(cache.state_file.with_name(f"render-keys-{cache.state_file.stem}.json"), key))
        self.incremental = IncrementalBuild(cache, Path(config.site_dir), keys)
        self.incremental.plan(files, config, self.ctx, self.serving, self.items_by_src,
                              self.generated_by_src, self._card_of, self._page_inputs,
                              self.project.digests)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Compiled templates are kept in .cache/board/jinja: compiling Material's templates
        costs more than rendering a page (Jinja checks each template's source before use)."""
        from jinja2 import FileSystemBytecodeCache

        if self.project is not None:
            folder = self.project.root / ".cache" / "board" / "jinja"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = FileSystemBytecodeCache(str(folder))
            except OSError as exc:  # a read-only checkout: templates are compiled as usual
                log.debug(f"模板缓存不可用：{exc}")
        return env

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.incremental is not None:
            self.incremental.read_nav_sources(files, config)
        return nav

    def _page_inputs(self, file: File) -> str | None:
        """What shapes a plain page besides its source: the home page's lists (see on_page_content)."""
        assert self.plan is not None and self.ctx is not None
        if file.src_uri in self.broken:
            return None
        return home_html(self.plan, self.ctx, file.url) if file.url in ("", ".", "./", "index.html") else ""

    def _exclude_outside(self, files: Files, project: Project) -> None:
        """Never publish what a symlink in content/ leads to outside it (MkDocs follows links)."""
        if not project.links:
            return  # no link under content/: nothing there can lead outside it
        content = project.content_dir.resolve()
        outside = [f for f in files if getattr(f, "abs_src_path", None)
                   and Path(f.abs_src_path).absolute().is_relative_to(project.content_dir.absolute())
                   and not Path(f.abs_src_path).resolve().is_relative_to(content)]
        if not outside:
            return
        message = (f"content 文件夹里有指向外面的链接（symlink），出于安全不会发布："
                   f"{'、'.join(sorted(f.src_uri for f in outside)[:5])}")
        if not self.serving:
            raise PluginError(message)
        log.error(message)
        for file in outside:
            files.remove(file)

    def _exclude_unchecked(self, files: Files, project: Project) -> None:
        """Files the loader does not read (`.markdown`, `.MD`, `.md.txt`, `_drafts/`…) are not
        published; `board check` already warned about each (see generator/sources.py)."""
        mine = _inside_content(files, project)
        left_out = set(unpublished([f.src_uri for f in mine]))
        for file in mine:
            if file.src_uri in left_out:
                files.remove(file)
        if left_out:
            log.info(f"content 里有 {len(left_out)} 个文件不会发布（board check 会说明原因）："
                     f"{'、'.join(sorted(left_out)[:5])}")

    def _shrink_pictures(self, files: Files, project: Project, config: MkDocsConfig) -> None:
        """Oversized photos are published as web-sized copies (generator/webimages.py)."""
        cache = project.root / ".cache" / "board"
        cfg = project.config
        for file in _inside_content(files, project):
            if os.path.splitext(file.src_uri)[1].lower() not in SHRINKABLE:
                continue
            copy = web_copy(Path(file.abs_src_path), cache, cfg.web_image_max_side, cfg.web_image_max_kb)
            if copy is None:
                continue
            files.remove(file)
            files.append(File.generated(config, file.src_uri, abs_src_path=str(copy.copy)))
            log.info(copy.note(f"{cfg.content_dir}/{file.src_uri}"))

    def _exclude_invalid(self, files: Files, project: Project, config: MkDocsConfig) -> None:
        """Item files the loader rejected (and pages in content/ with an item `type:`) never
        reach MkDocs (which would parse their YAML and publish them unchecked), nor plain pages
        with errors (a personal number)."""
        valid = {item.source for item in project.items} | set(project.pages)
        top = os.fspath(project.content_dir)
        bad = [content_rel(path, top) for path, _ in project.sources or iter_sources(project.content_dir)]
        bad = [src for src in bad if src not in valid]
        errored = {problem.path for problem in project.problems.errors}  # e.g. a page with an ID number
        bad += [page for page in project.pages if f"{project.config.content_dir}/{page}" in errored]
        if not bad:
            return
        message = _problem_text(project, f"有 {len(bad)} 个内容文件有错误，没有生成网站：")
        if not self.serving:
            raise PluginError(message)
        log.error(message + "\n（预览中这些文件的网址显示它们的错误，改正后会自动刷新）")
        for src in bad:
            file = files.get_file_from_path(src)
            if file is not None:  # its YAML never reaches MkDocs: a stub page at its address instead
                files.remove(file)
                stub = File.generated(config, src, content=_stub("这条内容有错误"))
                _move(stub, url_for(src), config)
                files.append(stub)
                self.broken.add(src)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src = page.file.src_uri
        item = self.items_by_src.get(src)
        generated = self.generated_by_src.get(src)
        if item is not None:
            # Material prints page.meta.title unescaped (in <title> and the header): escape it.
            page.meta["title"] = e(item.title)
            if item.withdrawn:  # only the title and the reason stay public; nothing to search
                page.meta["search"] = {"exclude": True}
        elif generated is not None:
            page.meta["title"] = e(generated.title)
            if not generated.searchable:
                page.meta["search"] = {"exclude": True}
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.ctx is not None and self.plan is not None
        src = page.file.src_uri
        item = self.items_by_src.get(src)
        if item is not None:
            self.texts[src] = html_to_text(html)
            return render_item(item, html, self.ctx)
        generated = self.generated_by_src.get(src)
        if generated is not None:
            return generated.html
        if src in self.broken:
            return broken_item_html(src, self.problems)
        if page.is_homepage:
            return html + home_html(self.plan, self.ctx, page.url)
        return html

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Any) -> dict[str, Any]:
        assert self.ctx is not None
        src = page.file.src_uri
        item = self.items_by_src.get(src)
        board = site_nav.page_meta(item, self.ctx, self._card_of(item), self.texts.pop(src, ""))
        generated = self.generated_by_src.get(src)
        if generated is not None:
            title, description = generated.title, generated.description
        else:
            title = page.title or ""
            description = plain_page_description(title, self.ctx, config.site_description or "",
                                                 homepage=page.is_homepage)
        context["board"] = page_head(board, self.ctx, title=title, url=page.url, description=description)
        if self.incremental is not None:
            self.incremental.page_indexed(src, config)
        return context

    def on_template_context(self, context: dict[str, Any], *, template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        """404.html is rendered without a page: give it its own head values too."""
        if template_name == "404.html" and self.ctx is not None:
            context["board"] = page_head({"item": False}, self.ctx, title="页面不存在", url="404.html",
                                         description=f"{self.ctx.site_name}：找不到这个页面，请从首页或搜索查找。")
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return with_banner(output, self.banner) if self.serving else output

    def _card_of(self, item: Item | None) -> str:
        """The share card `_build_rasters` writes for this item, or "" when there will be none.

        Cards exist for published items still on display (`display.cards.gets_card`; a draft
        previewed in `serve` keeps its picture), and only when the raster side is installed.
        """
        assert self.ctx is not None
        if item is None:
            return ""
        try:
            from display.cards import card_name, gets_card
        except ImportError:
            return ""
        return card_name(item) if gets_card(item, self.ctx.config, self.ctx.now) else ""

    @event_priority(50)  # before search writes its index: the incremental build completes it
    def _post_build_site(self, *, config: MkDocsConfig) -> None:
        assert self.project is not None and self.ctx is not None and self.plan is not None
        if self.incremental is not None and self.files is not None:
            self.incremental.finish(self.files, config, self.serving)
        site_dir = Path(config.site_dir)
        (site_dir / "feed.xml").write_text(feeds.rss(self.plan.published, self.ctx), encoding="utf-8")
        (site_dir / "feed.json").write_text(feeds.json_feed(self.plan.published, self.ctx), encoding="utf-8")
        self._write_rare_font(site_dir)
        cms = self.project.config.cms  # the form editor: always in serve, published once configured
        if cms.get("enabled", True) and (self.serving or cms.get("backend")):
            from .cms.site import write_admin

            write_admin(site_dir, self.project.config, self.project.root)
        self._build_rasters(site_dir)
        # the frames and fonts hashed while drawing, for the next process (generator.memo)
        save_known_digests(known_digests_file(self.project.root), self.project.root)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """The form editor's local backend (POST /api/v1, confined to content/) in `board serve`."""
        from .cms.site import with_local_backend

        if self.project is not None and not self.project.config.cms.get("enabled", True):
            return server
        root = Path(config.config_file_path).resolve().parent
        server.set_app(with_local_backend(server.get_app(), root, str(config.docs_dir),
                                          lambda: server.root, server.mount_path))
        return server

    def _write_rare_font(self, site_dir: Path) -> None:
        """Rare hanzi in names (𪚥): a web-font subset of just them (display.rarefonts)."""
        assert self.project is not None
        try:
            from display.rarefonts import site_web_fonts
            from display.screens import default_cache_dir
        except ImportError:
            return
        site_web_fonts(site_dir, self.project.config.fonts, self.project.root,
                       default_cache_dir(self.project.root))

    @event_priority(-50)  # after the search plugin has written its index
    def _post_build_index(self, *, config: MkDocsConfig) -> None:
        rewrite_as_utf8(Path(config.site_dir) / "search" / "search_index.json")

    on_post_build = CombinedEvent(_post_build_site, _post_build_index)

    def _start_prerender(self) -> None:
        """Slides, posters and share cards drawn in a background process while MkDocs builds the
        pages (display.prerender); `_build_rasters` then finds them in the render cache."""
        assert self.project is not None and self.ctx is not None
        try:
            from display.prerender import start
            from display.screens import default_cache_dir
        except ImportError:
            return
        self.prerender = start(self.project, self.ctx.now, default_cache_dir(self.project.root))

    def on_build_error(self, *, error: Exception) -> None:
        if self.prerender is not None:
            self.prerender.cancel()
            self.prerender = None

    def _build_rasters(self, site_dir: Path) -> None:
        """The raster outputs, each from its own package, only if that package is installed.

        Slides (display.screens → site/screens/<id>/), the month's posters (display.posters →
        site/posters/<board>/) and the share cards (display.cards → site/cards/<item>.png, which
        on_page_context already named as each page's og:image). Then the editor's preview page
        (display.preview → site/preview/), which shows all three; it is written in `serve` and,
        only when `preview: true`, in a production build.
        """
        assert self.project is not None and self.ctx is not None
        project, now = self.project, self.ctx.now
        try:
            from display.prerender import Drawn
            from display.screens import build_screens, default_cache_dir
        except ImportError:
            log.debug("display 不可用，跳过屏幕画面、海报和分享卡片")
            return
        started = time.perf_counter()
        drawn = Drawn()  # what the background drew in this build (reported as drawn)
        if self.prerender is not None:
            drawn, self.prerender = self.prerender.finish(), None
            log.debug(f"等待后台绘制屏幕画面、海报和分享卡片 {drawn.waited:.2f} 秒")
        prefix = site_dir.as_posix().rstrip("/") + "/"

        def show(line: str) -> None:  # paths relative to the site folder (it may be a staging copy)
            log.info(line.replace(prefix, ""))

        cache_dir = default_cache_dir(project.root)
        screens = drawn.credit_screens(build_screens(project.items, project.config, now, site_dir / "screens",
                                                     root=project.root, cache_dir=cache_dir))
        for line in screens.lines():
            show(line)
        posters = None
        try:
            from display.posters import build_posters
        except ImportError:
            log.debug("display.posters 不可用，跳过公开栏海报")
        else:
            posters = drawn.credit_posters(build_posters(project.items, project.config, now, site_dir,
                                                         root=project.root, cache_dir=cache_dir))
            for line in [*posters.lines(), *posters.warnings]:
                show(line)  # info, not warning: a missing QR code must not fail --strict
        cards = None
        try:
            from display.cards import build_cards
        except ImportError:
            log.debug("display.cards 不可用，跳过分享卡片")
        else:
            cards = drawn.credit_cards(build_cards(project.items, project.config, now, site_dir,
                                                   root=project.root, cache_dir=cache_dir))
            for line in [*cards.lines(), *cards.warnings]:
                show(line)  # info: a missing site_url is already reported by the posters
        log.info(f"屏幕画面、海报和分享卡片用时 {time.perf_counter() - started:.2f} 秒")
        if self.serving or project.config.preview:
            from display.preview import write_preview

            page = write_preview(site_dir, project.items, project.config, now, screens=screens,
                                 posters=posters, cards=cards, serving=self.serving)
            if self.serving and self.banner:
                page.write_text(with_banner(page.read_text(encoding="utf-8"), self.banner), encoding="utf-8")
            log.info(f"预览页：{page.as_posix()}（不在网站导航中）")


def _move(file: File, url: str, config: MkDocsConfig) -> None:
    """Publish the item at its ASCII URL (pinyin for Chinese file names)."""
    dest = url + "index.html"
    file.dest_uri = dest
    file.url = quote(url)
    file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, dest))


def _inside_content(files: Files, project: Project) -> list[File]:
    """The files MkDocs found under content/ (not theme files), by their absolute paths as
    strings: every `board serve` rebuild asks this of thousands of files."""
    content = os.path.join(os.path.abspath(project.content_dir), "")
    return [f for f in files if (src := getattr(f, "abs_src_path", None)) and os.path.abspath(src).startswith(content)]


def _drop_vendored_fonts(files: Files) -> None:
    """theme/fonts/ holds the raster side's fonts (megabytes); the website uses system fonts."""
    for file in list(files):
        if file.src_uri.startswith("fonts/") and file.src_uri.endswith((".otf", ".ttf", ".ttc", ".pcf", ".bdf")) \
                and getattr(file, "abs_src_path", None) and "theme" in Path(file.abs_src_path).parts:
            files.remove(file)


def _problem_text(project: Project | None, headline: str) -> str:
    if project is None:
        return headline
    lines = [p.format() for p in project.problems.sorted() if p in project.problems.errors]
    return "\n".join([headline, *lines])
