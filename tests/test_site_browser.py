"""The site in a real headless Chromium (Debian's): Chinese search (loaded only when opened),
大字, client-side expiry, the print date, and pages without JavaScript."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import chromium_path, serve_folder

TZ = ZoneInfo("Asia/Shanghai")
WATER = "notices/2026-11-water-outage/"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(chromium_path() is None,
                       reason="Debian's chromium is not installed (/usr/bin/chromium); .ci/run installs it"),
]


@pytest.fixture(scope="module")
def server(sample_site) -> Iterator[str]:  # noqa: ANN001
    """Serve the built sample site on 127.0.0.1 (a LAN server, no internet)."""
    with serve_folder(sample_site.dir) as url:
        yield url


@pytest.fixture
def page(browser, server):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    outside: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    page = context.new_page()
    page.outside_requests = outside  # type: ignore[attr-defined]
    yield page
    context.close()
    assert outside == [], f"requests left the site: {outside}"


def test_search_finds_word_from_mid_sentence(page, server) -> None:  # noqa: ANN001
    page.goto(server, wait_until="networkidle")  # the search worker has loaded its index
    box = page.locator("input.md-search__input")
    links = page.locator(".md-search-result__list a")
    # 「储备」 is in the middle of 「请大家提前储备生活用水」 in the water-outage notice
    for _attempt in range(5):  # a query sent before the worker is ready is dropped
        box.click()
        box.fill("储备")  # as an IME commits a word: text inserted without key events ...
        box.press("End")  # ... then a key release, which is what Material listens to
        try:
            links.first.wait_for(timeout=3000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; retry the query
            continue
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert any(WATER in h for h in hrefs), hrefs


def test_large_text_toggle_enlarges_and_persists(page, server) -> None:  # noqa: ANN001
    def body_size() -> float:
        return float(page.eval_on_selector(".board-body p", "p => parseFloat(getComputedStyle(p).fontSize)"))

    page.goto(server + WATER)
    normal = body_size()
    toggle = page.locator("[data-board-large]")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    large = body_size()
    assert large >= normal * 1.5, (normal, large)
    page.goto(server + "finance/2026-10/")
    assert page.evaluate("document.documentElement.classList.contains('board-large')")
    assert body_size() >= normal * 1.5
    assert page.locator("[data-board-large]").get_attribute("aria-pressed") == "true"
    page.locator("[data-board-large]").click()
    page.goto(server + WATER)
    assert abs(body_size() - normal) < 0.5


def _at(page, when: datetime) -> None:  # noqa: ANN001
    page.clock.set_fixed_time(when)


def test_expired_item_is_hidden_by_the_page_script(page, server) -> None:  # noqa: ANN001
    # built on 2026-11-29; the water outage notice expires 2026-12-02 18:00
    _at(page, datetime(2026, 12, 2, 17, 0, tzinfo=TZ))
    page.goto(server + "notices/")
    entry = page.locator(f"li.board-entry:has(a[href$='{WATER.split('/')[1]}/'])")
    assert entry.is_visible()

    _at(page, datetime(2026, 12, 2, 18, 1, tzinfo=TZ))
    page.goto(server + "notices/")
    assert entry.count() == 1 and entry.is_hidden()
    assert page.locator("li.board-entry:visible").count() == 3
    page.goto(server)
    assert page.locator(".board-urgent li").first.is_hidden()
    page.goto(server + WATER)
    assert page.locator("[data-expired-note]").is_visible()


def _requests(page) -> list[str]:  # noqa: ANN001
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


@pytest.mark.parametrize("width", [375, 1280])
def test_search_index_loads_only_when_search_is_opened(page, server, width: int) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": width, "height": 800})
    seen = _requests(page)
    page.goto(server + WATER, wait_until="networkidle")
    page.wait_for_timeout(500)
    assert not [u for u in seen if "search_index" in u or "/workers/search" in u], seen
    assert sum("sitemap.xml" in u for u in seen) <= 1, seen  # Material read the feeds as languages: 2
    if width < 960:
        page.locator("label.md-header__button[for='__search']").click()  # the phone's search button
    box = page.locator("input.md-search__input")
    links = page.locator(".md-search-result__list a")
    for _attempt in range(5):  # a query sent before the worker is ready is dropped
        box.click()
        box.fill("储备")
        box.press("End")
        try:
            links.first.wait_for(timeout=3000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; retry the query
            continue
    assert sum("search_index.json" in u for u in seen) == 1, seen
    assert any(WATER in (links.nth(i).get_attribute("href") or "") for i in range(links.count()))


def test_printed_page_carries_the_print_date(page, server) -> None:  # noqa: ANN001
    _at(page, datetime(2026, 12, 3, 9, 0, tzinfo=TZ))
    page.goto(server + "finance/2026-10/")
    date = page.locator(".board-print-date")
    assert date.is_hidden()  # on screen
    page.emulate_media(media="print")
    assert date.is_visible() and date.inner_text() == "打印日期：2026年12月3日"
    assert page.locator(".board-tools").is_hidden() and page.locator(".md-footer").is_hidden()


def test_without_javascript_no_dead_buttons(browser, server) -> None:  # noqa: ANN001
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(server + WATER)
        assert page.locator(".board-tools").count() == 1 and page.locator(".board-tools").is_hidden()
        assert page.locator(".board-print-date").is_hidden()
        assert page.locator("h1").first.is_visible()
    finally:
        context.close()
