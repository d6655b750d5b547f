"""What every page of the sample says about itself, and what residents never get (issue 15).

Static checks on the built HTML: document language, a description of its own, Open Graph tags,
the community's footer with a tel: link, tables labelled for phones, the search index as UTF-8,
and the editors' guide kept out of the residents' site.
"""
from __future__ import annotations

import json
import re

import pytest

from conftest import REPO

pytestmark = pytest.mark.slow

OG = ("og:title", "og:description", "og:image", "og:site_name", "og:url")


def _pages(site) -> list[str]:  # noqa: ANN001
    out = []
    for path in sorted(site.dir.rglob("*.html")):
        rel = path.relative_to(site.dir).as_posix()
        out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out


def _metas(page) -> dict[str, str]:  # noqa: ANN001
    out = {}
    for m in page.find_all("meta"):
        key = m.attrs.get("property") or m.attrs.get("name")
        if key:
            out[key] = m.attrs.get("content") or ""
    return out


def test_every_page_is_zh_cn_with_its_own_description_and_og_tags(sample_site) -> None:  # noqa: ANN001
    pages = _pages(sample_site)
    assert len(pages) >= 30
    descriptions: dict[str, str] = {}
    for url in pages:
        page = sample_site.page(url)
        assert page.one("html").attrs.get("lang") == "zh-CN", url
        metas = _metas(page)
        missing = [k for k in OG if not metas.get(k)]
        assert not missing, (url, missing)
        assert metas["og:image"].startswith("https://lvyuan.example.org/"), (url, metas["og:image"])
        assert metas["og:site_name"] == "绿苑社区居务公开"
        assert metas["description"] == metas["og:description"], url
        assert metas["description"] not in descriptions, (url, descriptions.get(metas["description"]))
        descriptions[metas["description"]] = url
    assert _metas(sample_site.page("catalog/"))["og:url"] == "https://lvyuan.example.org/catalog/"
    assert (sample_site.dir / "assets/board/share.png").is_file()


def test_footer_is_the_communitys_own(sample_site) -> None:  # noqa: ANN001
    for url in ("", "notices/2026-11-water-outage/", "404.html"):
        html = sample_site.file(url).read_text(encoding="utf-8")
        assert "Made with" not in html and "squidfunk" not in html, url
        footer = sample_site.page(url).one("div", cls="board-footer")
        assert footer.one("a", href="tel:02363881234").text == "023-6388 1234"
        assert "绿苑路 18 号社区服务中心一楼" in footer.text and "办公时间" in footer.text


def test_phone_numbers_in_text_are_tel_links(sample_site) -> None:  # noqa: ANN001
    page = sample_site.content("notices/2026-11-water-outage/")
    contact = page.one("p", cls="board-contact")
    assert contact.one("a", href="tel:02363885678").text == "023-6388 5678"
    home = sample_site.content("")
    assert home.find("a", href="tel:02363881234") is not None


def test_generated_and_markdown_tables_are_labelled_for_phones(sample_site) -> None:  # noqa: ANN001
    ledger = sample_site.content("finance/2026-10/").one("table", cls="board-ledger")
    assert "board-stack" in ledger.classes
    labels = {td.attrs.get("data-label") for td in ledger.find_all("td") if td.text.strip()}
    assert {"日期", "凭证号", "摘要", "收入", "支出", "余额"} <= labels
    catalog = sample_site.content("catalog/").one("table", cls="board-catalog")
    assert {td.attrs.get("data-label") for td in catalog.find_all("td")} >= {"期间", "状态", "公开内容"}
    # a table the editor wrote in Markdown
    table = sample_site.content("gongshi/2026-11-volunteer-nominees/").one("table", cls="board-stack")
    heads = [th.text.strip() for th in table.find_all("th")]
    first_row = table.find_all("tr")[1]
    assert [td.attrs.get("data-label") for td in first_row.find_all("td")] == heads


def test_search_index_is_utf8_text(sample_site) -> None:  # noqa: ANN001
    raw = (sample_site.dir / "search/search_index.json").read_text(encoding="utf-8")
    assert not re.search(r"\\u[4-9][0-9a-f]{3}", raw)  # no escaped hanzi
    assert "停水" in raw
    json.loads(raw)


def test_feeds_are_not_taken_for_language_versions(sample_site) -> None:  # noqa: ANN001
    head = sample_site.page("").one("head")
    feeds = [link for link in head.find_all("link") if "alternate" in (link.attrs.get("rel") or "").split()]
    assert {f.attrs["type"] for f in feeds} == {"application/rss+xml", "application/feed+json"}
    assert all(f.attrs["rel"] != "alternate" for f in feeds)  # Material fetches sitemap.xml per rel="alternate"


def test_editors_guide_is_not_on_the_residents_site(sample_site) -> None:  # noqa: ANN001
    assert (REPO / "docs" / "guide.md").is_file() and not (REPO / "content" / "guide.md").exists()
    assert not sample_site.exists("guide/")
    assert "编辑指南" not in (sample_site.dir / "search/search_index.json").read_text(encoding="utf-8")
    nav = sample_site.page("").one("nav", cls="md-nav--primary")
    assert "编辑指南" not in nav.text
    assert "guide" not in (sample_site.dir / "sitemap.xml").read_text(encoding="utf-8")


def test_print_date_slot_and_script_only_buttons(sample_site) -> None:  # noqa: ANN001
    page = sample_site.page("finance/2026-10/")
    slot = page.one("p", cls="board-print-date")
    assert "hidden" in slot.attrs and "data-print-date" in slot.attrs
    css = (sample_site.dir / "assets/board/board.css").read_text(encoding="utf-8")
    assert "html:not(.board-js) .board-tools { display: none; }" in css
