"""Share cards as og:image and the editor's preview page (/preview/), issue 7 and issue 6.

The sample community is built once with its rasters, as `mkdocs serve` would build it (the
plugin told the command is "serve"), so the preview page is there; a tiny project shows that a
production build leaves the page out unless `preview: true`.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from urllib.parse import unquote, urljoin, urlparse

import pytest

from conftest import REPO, TODAY, BuiltSite, build_site, chromium_path, serve_folder
from generator import plugin
from generator.lifecycle import is_published, resolve_now
from generator.loader import load_project


NOTICE = """---
type: notice
title: 停水通知
date: 2026-11-20
screens: [lobby, door]
boards: [notice]
---

因管道维修，11月30日停水。
"""


@contextlib.contextmanager
def as_serve() -> Iterator[None]:
    """Builds inside behave as under `mkdocs serve` (which calls on_startup(command="serve");
    an in-process build() calls no on_startup at all).

    MkDocs keeps a plugin with on_startup across config loads in the same process, so the
    instances touched here are put back to "build" afterwards, for the tests that follow.
    """
    original = plugin.BoardPlugin.on_config
    touched: list[plugin.BoardPlugin] = []

    def on_config(self, config):  # noqa: ANN001, ANN202
        touched.append(self)
        self.on_startup(command="serve", dirty=False)
        return original(self, config)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(plugin.BoardPlugin, "on_config", on_config)
        try:
            yield
        finally:
            for instance in touched:
                instance.on_startup(command="build", dirty=False)


@pytest.fixture(scope="module")
def served_sample(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample community with slides, posters, cards and the preview page, for 2026-11-29."""
    with as_serve():
        return build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("served-sample"), TODAY,
                          rasters=True)


def _og_image(site: BuiltSite, url: str) -> str | None:
    metas = [m for m in site.page(url).find_all("meta") if m.attrs.get("property") == "og:image"]
    return metas[0].attrs["content"] if metas else None


@pytest.mark.slow
def test_items_on_display_have_a_card_and_it_is_the_og_image(served_sample: BuiltSite) -> None:
    from display.cards import gets_card

    project = load_project(REPO / "mkdocs.yml")
    assert project is not None
    now = resolve_now(TODAY, project.config.tz)
    published = [i for i in project.items if is_published(i, now)]
    carded = [i for i in published if gets_card(i, project.config, now)]
    assert carded and len(carded) < len(published)  # the sample has archived items too
    base = project.config.site_url
    for item in carded:
        image = _og_image(served_sample, item.url)
        assert image is not None and image.startswith(base), (item.id, image)
        path = served_sample.dir / unquote(image[len(base):])
        assert path.is_file() and path.parent.name == "cards", (item.id, image)
    for item in set(published) - set(carded):  # archived: no card, and no link to a missing one
        image = _og_image(served_sample, item.url) or ""
        assert "/cards/" not in image, (item.id, image)
    cards = list((served_sample.dir / "cards").glob("*.png"))
    assert len(cards) == len(carded)


@pytest.mark.slow
def test_served_site_has_the_preview_page_outside_the_nav(served_sample: BuiltSite) -> None:
    page = served_sample.page("preview/")
    sections = {s.attrs.get("data-screen") for s in page.find_all("section") if s.attrs.get("data-screen")}
    boards = {s.attrs.get("data-board") for s in page.find_all("section") if s.attrs.get("data-board")}
    assert sections == {"lobby", "door"} and boards == {"notice", "entrance"}
    home = served_sample.page("")
    assert not [a for a in home.find_all("a") if "preview" in (a.attrs.get("href") or "")]
    assert "preview" not in (served_sample.dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "pv-screen" not in (served_sample.dir / "search/search_index.json").read_text(encoding="utf-8")


def test_production_build_leaves_the_preview_out_unless_configured(tiny, site_of) -> None:  # noqa: ANN001
    tiny.add_item("notices/2026-11-water.md", NOTICE)
    plain = site_of(tiny, rasters=True)
    assert (plain.dir / "cards" / "notices-2026-11-water.png").is_file()
    assert not (plain.dir / "preview").exists()
    text = tiny.config_file.read_text(encoding="utf-8")
    tiny.write_config(text.replace("      gongshi_min_days: 5\n", "      gongshi_min_days: 5\n      preview: true\n"))
    configured = site_of(tiny, rasters=True)
    html = (configured.dir / "preview" / "index.html").read_text(encoding="utf-8")
    assert "preview: true" in html and "cards/notices-2026-11-water.png" in html


def test_serve_writes_the_preview_and_a_content_page_may_not_take_its_url(tiny, site_of) -> None:  # noqa: ANN001
    from mkdocs.exceptions import Abort

    tiny.add_item("notices/2026-11-water.md", NOTICE)
    with as_serve():
        site = site_of(tiny, rasters=True)
        assert "board serve" in (site.dir / "preview" / "index.html").read_text(encoding="utf-8")
        tiny.add_item("preview.md", "# 我的预览\n")
        with pytest.raises(Abort):
            site_of(tiny)
    assert site_of(tiny).exists("preview/")  # a production build: the content page is allowed


def test_days_in_the_preview_follow_the_playlist_entries() -> None:
    from datetime import date

    from display.preview import plays_on

    project = load_project(REPO / "mkdocs.yml")
    assert project is not None
    config = project.config
    frame = {"start": "2026-12-05T00:00:00+08:00", "end": "2026-12-19T00:00:00+08:00", "days": [6, 7]}
    assert not plays_on(frame, date(2026, 12, 4), config)
    assert plays_on(frame, date(2026, 12, 5), config)  # a Saturday
    assert not plays_on(frame, date(2026, 12, 7), config)  # a Monday
    assert not plays_on({"end": "2026-11-30T00:00:00+08:00"}, date(2026, 11, 30), config)
    assert plays_on({"end": "2026-11-30T00:00:01+08:00"}, date(2026, 11, 30), config)


# --- in a browser -------------------------------------------------------------------------------

def browser_only(test):  # noqa: ANN001, ANN201
    """Marks for a test that needs Debian's chromium (skipped where it is not installed)."""
    for mark in (pytest.mark.browser, pytest.mark.slow,
                 pytest.mark.skipif(chromium_path() is None,
                                    reason="Debian's chromium is not installed (/usr/bin/chromium)")):
        test = mark(test)
    return test


@pytest.fixture(scope="module")
def server(served_sample: BuiltSite) -> Iterator[str]:
    with serve_folder(served_sample.dir) as url:
        yield url


@pytest.fixture
def page(browser, server):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


@browser_only
def test_preview_lists_every_screen_and_board_and_its_links_resolve(page, server) -> None:  # noqa: ANN001
    project = load_project(REPO / "mkdocs.yml")
    assert project is not None
    page.goto(server + "preview/", wait_until="load")
    screens = page.eval_on_selector_all("[data-screen]", "els => els.map(e => e.dataset.screen)")
    boards = page.eval_on_selector_all("[data-board]", "els => els.map(e => e.dataset.board)")
    assert sorted(screens) == sorted(project.config.screens)
    assert sorted(boards) == sorted(project.config.boards)
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    images = page.eval_on_selector_all("img[src]", "els => els.map(e => e.src)")
    targets = sorted({urljoin(u, urlparse(u).path) for u in links + images if u.startswith(server)})
    assert len(targets) > 50
    for target in targets:
        response = page.request.get(target)
        assert response.status == 200, target
    # every image on the page actually decodes (thumbnails are lazy: scroll them in first)
    page.eval_on_selector_all("img[loading=lazy]", "els => els.forEach(e => e.loading = 'eager')")
    page.wait_for_function("Array.from(document.images).filter(i => i.src).every(i => i.complete)")
    broken = page.eval_on_selector_all("img[src]", "els => els.filter(e => !e.naturalWidth).map(e => e.src)")
    assert broken == []


@browser_only
def test_preview_marks_what_plays_on_the_chosen_day(page, server) -> None:  # noqa: ANN001
    fire = "关于开展冬季消防安全入户检查的通知"  # published 2026-12-05: in the playlist, not yet playing

    def off_titles(day: str) -> set[str]:
        page.goto(server + f"preview/?today={day}")
        return set(page.eval_on_selector_all(
            "[data-screen=lobby] .pv-frame.pv-off img", "els => els.map(e => e.alt)"))

    assert fire in off_titles("2026-12-01")
    assert fire not in off_titles("2026-12-05")
    assert page.locator("#pv-outside").is_hidden()
    player = page.locator("[data-screen=door] a.pv-player").get_attribute("href") or ""
    assert "now=2026-12-05T10%3A00%3A00%2B08%3A00" in player and "scale=3" in player
    page.goto(server + "preview/?today=2027-03-01")
    assert page.locator("#pv-outside").is_visible()
    assert "board serve --today 2027-03-01" in page.locator("#pv-outside").inner_text()


@browser_only
def test_a_click_shows_the_frame_at_its_native_pixel_size(page, server) -> None:  # noqa: ANN001
    page.goto(server + "preview/")
    page.locator("[data-screen=door] a.pv-zoom").first.click()
    big = page.locator("#pv-dialog img")
    page.wait_for_function("document.querySelector('#pv-dialog img').naturalWidth > 0")
    size = big.evaluate("i => [i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width]")
    assert size[:2] == [192, 64] and size[2] == 192  # devicePixelRatio 1: one pixel per pixel
