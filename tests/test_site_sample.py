"""The sample community (mkdocs.yml + content/) built for 2026-11-29, read as parsed HTML."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.slow

WATER = "notices/2026-11-water-outage/"
EXPIRED_NOTICE = "notices/2026-09-green-community/"
FUTURE_NOTICE = "notices/2026-12-fire-safety-check/"
DRAFT = "notices/2027-01-new-year-draft/"
FUTURE_FINANCE = "finance/2026-11/"
PAST_EVENT = "events/2026-11-01-cleanup-day/"
NEXT_EVENT = "events/2026-12-01-cleanup-day/"


def _all_html_text(site) -> str:  # noqa: ANN001
    return "\n".join(p.read_text(encoding="utf-8") for p in site.dir.rglob("*.html"))


def test_current_notices_index_newest_first(sample_site) -> None:  # noqa: ANN001
    links = [a for a in sample_site.content("notices/").find_all("a", cls="board-entry-title")]
    urls = [sample_site.resolve("notices/", a.attrs["href"]) for a in links]
    assert urls == [WATER, "notices/2026-11-corridor-clearance/",
                    "notices/2026-11-rectification-building3/", "notices/2026-10-sorting-schedule/"]
    assert EXPIRED_NOTICE not in urls


def test_expired_items_are_archived_not_current(sample_site) -> None:  # noqa: ANN001
    assert sample_site.exists(EXPIRED_NOTICE)
    page = sample_site.content(EXPIRED_NOTICE)
    assert page.one(cls="board-badge-expired").text == "已过期"
    note = page.one("p", cls="board-expired-note")
    assert "hidden" not in note.attrs and "2026年9月30日" in note.text
    september = sample_site.content("archive/2026-09/")
    entry = next(li for li in september.find_all("li", cls="board-entry")
                 if EXPIRED_NOTICE in sample_site.linked("archive/2026-09/", li))
    assert "board-entry-expired" in entry.classes
    assert entry.one(cls="board-badge-expired").text == "已过期"
    for url in ("", "notices/", "events/"):
        assert EXPIRED_NOTICE not in sample_site.linked(url)
    assert PAST_EVENT not in sample_site.linked("events/")
    assert PAST_EVENT in sample_site.linked("archive/2026-10/")


def test_future_items_and_drafts_are_not_built(sample_site) -> None:  # noqa: ANN001
    for url in (FUTURE_NOTICE, DRAFT, FUTURE_FINANCE):
        assert not sample_site.exists(url)
    text = _all_html_text(sample_site)
    assert "元旦游园活动安排" not in text
    assert "2026-12-fire-safety-check" not in text
    index = json.loads((sample_site.dir / "search/search_index.json").read_text(encoding="utf-8"))
    assert not any("fire-safety" in doc["location"] or "draft" in doc["location"] for doc in index["docs"])
    feed = (sample_site.dir / "feed.xml").read_text(encoding="utf-8")
    assert "fire-safety" not in feed and "new-year" not in feed


def test_section_membership(sample_site) -> None:  # noqa: ANN001
    assert set(sample_site.linked("disclosure/finance/")) >= {"finance/2026-10/", "finance/2026-09/"}
    assert "disclosure/2026-q3-party-fees/" in sample_site.linked("disclosure/party/")
    assert "finance/2026-10/" not in sample_site.linked("disclosure/party/")
    assert "surveys/2026-environment-satisfaction/" in sample_site.linked("disclosure/affairs/")
    assert "honors/2026-q3-sorting-model-households/" in sample_site.linked("publicity/")
    assert NEXT_EVENT in sample_site.linked("events/")
    assert "plans/2026-green-community-plan/" in sample_site.linked("plans/")


def test_home_page_blocks(sample_site) -> None:  # noqa: ANN001
    home = sample_site.content("")
    urgent = home.one("section", cls="board-urgent")
    assert sample_site.linked("", urgent) == [WATER]
    blocks = {b.one("h2").text.replace("查看全部", ""): b for b in home.find_all("section", cls="board-block")}
    assert WATER in sample_site.linked("", blocks["当前通知"])
    assert NEXT_EVENT in sample_site.linked("", blocks["近期活动"])
    assert PAST_EVENT not in sample_site.linked("", blocks["近期活动"])
    this_month = sample_site.linked("", blocks["本月公开（2026年11月）"])
    assert "finance/2026-10/" in this_month and "disclosure/2026-10-affairs/" in this_month
    assert "finance/2026-09/" not in this_month
    contact = blocks["联系我们"]
    assert "023-6388 1234" in contact.text and "监督电话" in contact.text
    # and every page's footer carries the 监督电话
    footer = sample_site.page("catalog/").one("div", cls="board-footer")
    assert "监督电话：023-6388 1234" in footer.text
    assert footer.one("a", href="tel:02363881234").text == "023-6388 1234"


def test_navigation_lists_sections_not_items(sample_site) -> None:  # noqa: ANN001
    nav = sample_site.page(WATER).one("nav", cls="md-nav--primary")
    hrefs = [a.attrs["href"] for a in nav.find_all("a") if a.attrs.get("href")]
    targets = {sample_site.resolve(WATER, h) for h in hrefs}
    assert {"notices/", "gongshi/", "catalog/", "archive/", "disclosure/finance/"} <= targets
    assert not any(t.startswith("notices/2026") for t in targets)
    assert len(targets) < 20


def test_ledger_table(sample_site) -> None:  # noqa: ANN001
    page = sample_site.content("finance/2026-10/")
    table = page.one("table", cls="board-ledger")
    assert "单位：元" in table.one("caption").text
    rows = {tr.find("th").text: tr for tr in table.find_all("tr") if tr.find("th") and tr.find("td")}
    def cells(label: str) -> list[str]:
        return [td.text for td in rows[label].find_all("td") if td.text]
    assert cells("期初余额") == ["20,063.90"]
    assert cells("本期收入合计") == ["8,356.20"]
    assert cells("本期支出合计") == ["3,918.60"]
    assert cells("期末余额") == ["24,501.50"]
    assert table.one("span", cls="board-capital").text == "人民币贰万肆仟伍佰零壹元伍角整"
    incomes = table.find_all("tr", cls="board-ledger-income")
    expenses = table.find_all("tr", cls="board-ledger-expense")
    assert len(incomes) == 2 and len(expenses) == 4
    assert [td.text for td in incomes[0].find_all("td")][:4] == ["10月8日", "记-1001", "街道拨付社区工作经费", "8,000.00"]
    assert "制表人：程洪" in page.one("p", cls="board-signers").text
    assert "监督电话" in page.one("p", cls="board-supervision").text


def test_gongshi_period_days_left_and_objection(sample_site) -> None:  # noqa: ANN001
    page = sample_site.content("gongshi/2026-11-greening-contractor/")
    facts = {tr.one("th").text: tr.one("td").text for tr in page.one("table", cls="board-gongshi").find_all("tr")}
    assert facts["公示期"] == "2026年11月26日 至 2026年12月2日（共 7 天）"
    assert facts["公示状态"] == "公示中，还剩 4 天"
    objection = page.one("div", cls="board-objection")
    assert "023-6388 1234" in objection.text and "社区服务中心一楼居委会办公室" in objection.text
    assert objection.one("a").attrs["href"] == "tel:02363881234"


def test_event_time_and_place(sample_site) -> None:  # noqa: ANN001
    page = sample_site.content(NEXT_EVENT)
    facts = {tr.one("th").text: tr.one("td").text for tr in page.one("table", cls="board-event").find_all("tr")}
    assert facts["活动时间"] == "2026年12月1日（星期二） 8:30 至 11:00"
    assert facts["活动地点"] == "各楼栋单元门口集合"
    assert facts["活动状态"] == "即将开始"


def test_plan_milestones_overdue_marked(sample_site) -> None:  # noqa: ANN001
    page = sample_site.content("plans/2026-green-community-plan/")
    rows = page.one("div", cls="board-milestones").one("tbody").find_all("tr")
    overdue = [r for r in rows if "board-ms-overdue" in r.classes]
    assert len(overdue) == 1
    assert overdue[0].find_all("td")[0].text.startswith("自查申请")
    assert "已逾期" in overdue[0].find_all("td")[2].text
    due_tomorrow = next(r for r in rows if r.find_all("td")[0].text.startswith("检查验收"))
    assert "board-ms-overdue" not in due_tomorrow.classes


def test_catalog_rows(sample_site) -> None:  # noqa: ANN001
    page = sample_site.content("catalog/")
    finance = page.one("section", id="finance")
    rows = {tr.find_all("td")[0].text: tr for tr in finance.one("tbody").find_all("tr")}
    assert "board-status-late" in rows["2026年9月"].classes
    assert "逾期公开" in rows["2026年9月"].find_all("td")[2].text
    assert rows["2026年9月"].find_all("td")[3].text == "2026年10月18日"
    assert "board-status-ontime" in rows["2026年10月"].classes
    assert "board-status-open" in rows["2026年11月"].classes
    assert "统计截至 2026年11月29日" in page.text


def test_item_page_dates_and_breadcrumb(sample_site) -> None:  # noqa: ANN001
    page = sample_site.content(WATER)
    meta = {d.one("dt").text: d.one("dd").text for d in page.one("dl", cls="board-meta").find_all("div")}
    assert meta["发布日期"] == "2026年11月27日"
    assert meta["有效期至"] == "2026年12月2日 18:00"
    assert sample_site.linked(WATER, page.one("nav", cls="board-crumbs")) == ["", "notices/"]
    assert page.one("p", cls="board-print-url").text == "网址：https://lvyuan.example.org/" + WATER
    article = page.one("article", cls="board-item")
    assert article.attrs["data-ends"] == "2026-12-02T18:00:00+08:00"


def test_feeds(sample_site) -> None:  # noqa: ANN001
    rss = ET.parse(sample_site.dir / "feed.xml").getroot()
    items = rss.findall("./channel/item")
    assert items[0].findtext("link") == "https://lvyuan.example.org/" + "events/2026-12-13-swap-market/"
    links = [i.findtext("link") for i in items]
    assert "https://lvyuan.example.org/" + EXPIRED_NOTICE in links  # published stays in the feed
    feed = json.loads((sample_site.dir / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert len(feed["items"]) == len(items) <= 50
    assert feed["items"][0]["date_published"] == "2026-11-28T00:00:00+08:00"


def test_chinese_search_index_is_segmented(sample_site) -> None:  # noqa: ANN001
    index = json.loads((sample_site.dir / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    assert "\\u200b" in index["config"]["separator"] or "\u200b" in index["config"]["separator"]
    doc = next(d for d in index["docs"] if d["location"] == WATER)
    words = doc["text"].split("\u200b")
    assert "储备" in words or "储备生活用水" in "".join(words)
    assert any(w == "储备" for w in words), "jieba did not segment the body"


def test_no_external_requests_in_pages(sample_site) -> None:  # noqa: ANN001
    for url in ("", WATER, "catalog/", "finance/2026-10/"):
        page = sample_site.page(url)
        for node in page.find_all():
            for attr in ("src", "href"):
                value = node.attrs.get(attr) or ""
                if node.tag == "a" or not value:
                    continue
                assert "://" not in value or value.startswith("https://lvyuan.example.org/"), (url, node)


def test_vendored_raster_fonts_are_not_published(sample_site) -> None:  # noqa: ANN001
    assert not list(sample_site.dir.rglob("*.otf"))
