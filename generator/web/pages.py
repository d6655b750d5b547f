"""The pages the site generates from items: section indexes, home blocks, catalog, archive.

`plan_site` is the single place that decides which items are on the site at all (published:
not a draft, date reached) and which are current; the adapter only hands the result to MkDocs.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..catalog import CatalogRow, catalog_rows
from ..config import CADENCES
from ..lifecycle import is_expired, published
from ..model import Item
from .context import SiteContext
from .fmt import cn_date, e, month_label, nobr, phone_link, rel
from .lists import item_list, pagination
from .sections import ARCHIVE_URL, CATALOG_URL, PAGE_SIZE, Section, all_sections

HOME_LIMIT = 8


@dataclass(frozen=True)
class GeneratedPage:
    src: str  # virtual Markdown path, e.g. "notices/page/2.md"
    url: str  # e.g. "notices/page/2/"
    title: str  # plain text (escaped by whoever puts it into HTML)
    html: str
    searchable: bool = False
    description: str = ""  # plain text for <meta name="description"> and og:description


@dataclass
class SitePlan:
    published: list[Item]  # on the site, newest first
    current: list[Item]  # published and not expired, newest first
    pages: list[GeneratedPage] = field(default_factory=list)

    def page(self, url: str) -> GeneratedPage:
        for candidate in self.pages:
            if candidate.url == url:
                return candidate
        raise KeyError(url)


def plan_site(items: Sequence[Item], ctx: SiteContext) -> SitePlan:
    on_site = published(items, ctx.now)
    current = [i for i in on_site if not is_expired(i, ctx.now)]
    plan = SitePlan(on_site, current)
    for section in all_sections():
        plan.pages.extend(section_pages(section, [i for i in current if section.accepts(i)], ctx))
    plan.pages.append(GeneratedPage(CATALOG_URL + "index.md", CATALOG_URL, "公开目录",
                                    catalog_html(catalog_rows(ctx.config, items, ctx.now), ctx),
                                    searchable=True,
                                    description=f"{ctx.config.community}公开目录：应当公开的事项、期限和每一期的"
                                                f"实际公开情况，统计截至 {cn_date(ctx.now)}。"))
    plan.pages.extend(archive_pages(on_site, ctx))
    return plan


def section_pages(section: Section, items: list[Item], ctx: SiteContext) -> list[GeneratedPage]:
    chunks = [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
    urls = [section.page_url(n) for n in range(1, len(chunks) + 1)]
    out = []
    for number, chunk in enumerate(chunks, start=1):
        url = urls[number - 1]
        title = section.title if number == 1 else f"{section.title}（第 {number} 页）"
        parts = [f'<h1>{e(title)}</h1>', f'<p class="board-lead">{e(section.blurb)}。'
                 f'共 {len(items)} 条现行内容，按发布时间从新到旧排列。</p>']
        if section.children:
            links = "".join(f'<a href="{e(rel(url, child.url))}">{e(child.title)}</a>'
                            for child in section.children)
            parts.append(f'<nav class="board-subsections" aria-label="分类">{links}</nav>')
        parts.append(item_list(chunk, url, ctx.now, empty=f"目前没有现行的{section.title}内容。"))
        parts.append(pagination(urls, number, url))
        parts.append(f'<p class="board-more">已到期的内容不在此列，请查看'
                     f'<a href="{e(rel(url, ARCHIVE_URL))}">归档</a>。</p>')
        about = f"{ctx.site_name}{title}：{section.blurb}，共 {len(items)} 条现行内容。"
        out.append(GeneratedPage(section.page_src(number), url, title, "".join(parts), description=about))
    return out


# --- home ----------------------------------------------------------------------------------------

def home_html(plan: SitePlan, ctx: SiteContext, from_url: str = "") -> str:
    """The blocks under the editor's welcome text on the home page."""
    now = ctx.now
    current = plan.current
    urgent = [i for i in current if i.urgent]
    notices = [i for i in current if i.type == "notice"]
    gongshi = [i for i in current if i.type == "gongshi"]
    events = sorted((i for i in current if i.type == "event" and i.start is not None),
                    key=lambda i: (i.start.value, i.id))  # type: ignore[union-attr]
    this_month = [i for i in plan.published
                  if i.type in ("disclosure", "finance", "survey")
                  and (i.published_at.year, i.published_at.month) == (now.year, now.month)]
    parts = []
    if urgent:
        rows = "".join(
            (f'<li data-ends="{e(i.ends_at.isoformat())}">' if i.ends_at else "<li>")
            + f'<strong>紧急</strong><a href="{e(rel(from_url, i.url))}">{e(i.title)}</a>'
            + (f"<span>{e(i.summary)}</span>" if i.summary else "") + "</li>"
            for i in urgent)
        parts.append(f'<section class="board-urgent" aria-label="紧急通知"><ul>{rows}</ul></section>')
    parts.append(_home_block("当前通知", "notices/", notices, from_url, ctx, "目前没有现行的通知。"))
    parts.append(_home_block("正在公示", "gongshi/", gongshi, from_url, ctx, "目前没有正在公示的内容。"))
    parts.append(_home_block("近期活动", "events/", events, from_url, ctx, "近期没有活动预告。"))
    parts.append(_home_block(f"本月公开（{month_label(now.year, now.month)}）", "disclosure/", this_month,
                             from_url, ctx, "本月还没有发布党务、居务、财务公开内容。", archive=True))
    parts.append(contact_html(ctx, from_url))
    # the blocks repeat other pages' titles: keep them out of the search index
    return '<div class="board-home" data-search-exclude>' + "".join(parts) + "</div>"


def _home_block(title: str, more_url: str, items: list[Item], from_url: str, ctx: SiteContext,
                empty: str, *, archive: bool = False) -> str:
    shown = items[:HOME_LIMIT]
    more = ""
    if len(items) > len(shown) or items:
        more = f'<a class="board-block-more" href="{e(rel(from_url, more_url))}">查看全部</a>'
    return (f'<section class="board-block"><h2>{e(title)}{more}</h2>'
            f"{item_list(shown, from_url, ctx.now, empty=empty, archive=archive)}</section>")


def contact_html(ctx: SiteContext, from_url: str) -> str:
    c = ctx.config
    rows = [("社区", e(c.community)), ("监督电话", f"<strong>{phone_link(c.phone)}</strong>")]
    if c.address:
        rows.append(("地址", e(c.address)))
    if c.office_hours:
        rows.append(("办公时间", e(c.office_hours)))
    if c.qq_group:
        rows.append(("居民群", e(c.qq_group)))
    body = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in rows)
    links = (f'<p class="board-links"><a href="{e(rel(from_url, CATALOG_URL))}">公开目录</a>'
             f'<a href="{e(rel(from_url, ARCHIVE_URL))}">归档</a></p>')
    return (f'<section class="board-block board-contact-block"><h2>联系我们</h2>'
            f'<dl class="board-meta">{body}</dl>{links}</section>')


# --- catalog -------------------------------------------------------------------------------------

def catalog_html(rows: list[CatalogRow], ctx: SiteContext) -> str:
    url = CATALOG_URL
    by_entry: dict[str, list[CatalogRow]] = defaultdict(list)
    for row in rows:
        by_entry[row.entry.id].append(row)
    problems = sum(1 for r in rows if r.problem)
    missing = sum(1 for r in rows if r.status == "missing")
    late = sum(1 for r in rows if r.status == "late")
    parts = ['<h1>公开目录</h1>',
             f'<p class="board-lead">{e(ctx.config.community)}应当公开的事项、期限和每一期的实际公开情况。'
             f'统计截至 {e(cn_date(ctx.now))}。</p>']
    verdict = (f'<p class="board-catalog-summary board-catalog-bad">共 {len(rows)} 期，'
               f'其中逾期未公开 <strong>{missing}</strong> 期，逾期公开 <strong>{late}</strong> 期。</p>'
               if problems else
               f'<p class="board-catalog-summary board-catalog-good">共 {len(rows)} 期，均已按时公开或未到期限。</p>')
    parts.append(verdict)
    for entry in ctx.config.catalog:
        mine = list(reversed(by_entry.get(entry.id, [])))
        facts = [("公开周期", e(CADENCES.get(entry.every, entry.every))),
                 ("公开期限", e(_due_rule(entry.every, entry.due_day))),
                 ("公开渠道", "、".join(e(c) for c in entry.channels))]
        if entry.basis:
            facts.append(("公开依据", e(entry.basis)))
        fact_rows = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in facts)
        body = "".join(_catalog_row(r, url) for r in mine) or \
            '<tr><td colspan="5">尚无应公开的期次。</td></tr>'
        parts.append(
            f'<section class="board-catalog-entry" id="{e(entry.id)}"><h2>{e(entry.title)}</h2>'
            f'<dl class="board-meta">{fact_rows}</dl>'
            '<table class="board-catalog board-stack"><thead><tr><th scope="col">期间</th><th scope="col">应公开日期</th>'
            '<th scope="col">状态</th><th scope="col">实际公开日期</th><th scope="col">公开内容</th></tr></thead>'
            f"<tbody>{body}</tbody></table></section>")
    return "".join(parts)


def _due_rule(every: str, due_day: int) -> str:
    if every == "month":
        return f"次月{due_day}日前"
    if every == "quarter":
        return f"下一季度首月{due_day}日前"
    return f"次年1月{due_day}日前"


def _catalog_row(row: CatalogRow, from_url: str) -> str:
    links = "<br>".join(f'<a href="{e(rel(from_url, i.url))}">{e(i.title)}</a>' for i in row.items) or "—"
    disclosed = nobr(cn_date(row.disclosed_on)) if row.disclosed_on else "—"
    mark = {"ontime": "✓", "late": "!", "missing": "✗", "due": "…", "open": "…"}[row.status]
    return (f'<tr class="board-status-{e(row.status)}"><td data-label="期间">{nobr(row.period.label)}</td>'
            f'<td data-label="应公开日期">{nobr(cn_date(row.due))}</td>'
            f'<td class="board-status" data-label="状态"><span aria-hidden="true">{mark}</span> {e(row.status_label)}</td>'
            f'<td data-label="实际公开日期">{disclosed}</td><td data-label="公开内容">{links}</td></tr>')


# --- archive -------------------------------------------------------------------------------------

def archive_pages(on_site: list[Item], ctx: SiteContext) -> list[GeneratedPage]:
    """An index of months and one page per month: every published item, expired ones marked."""
    months: dict[tuple[int, int], list[Item]] = defaultdict(list)
    for item in on_site:
        months[(item.published_at.year, item.published_at.month)].append(item)
    keys = sorted(months, reverse=True)
    rows = []
    for year, month in keys:
        key = f"{year}-{month:02d}"
        expired = sum(1 for i in months[(year, month)] if is_expired(i, ctx.now))
        note = f"，其中已过期 {expired} 条" if expired else ""
        rows.append(f'<li><a href="{e(key)}/">{e(month_label(year, month))}</a>'
                    f"<span>{len(months[(year, month)])} 条{note}</span></li>")
    index = ('<h1>归档</h1><p class="board-lead">网站发布过的全部内容，按发布月份排列。'
             '到期的内容保留在这里并标明「已过期」，不会删除。</p>'
             + (f'<ul class="board-months">{"".join(rows)}</ul>' if rows else '<p class="board-empty">暂无内容。</p>'))
    pages = [GeneratedPage(ARCHIVE_URL + "index.md", ARCHIVE_URL, "归档", index,
                           description=f"{ctx.site_name}归档：网站发布过的全部内容，按发布月份排列，到期的内容标明「已过期」。")]
    for i, (year, month) in enumerate(keys):
        url = f"{ARCHIVE_URL}{year}-{month:02d}/"
        title = f"归档：{month_label(year, month)}"
        nav = []
        if i + 1 < len(keys):
            y, m = keys[i + 1]
            nav.append(f'<a rel="prev" href="../{y}-{m:02d}/">{e(month_label(y, m))}</a>')
        nav.append('<a href="../">全部月份</a>')
        if i > 0:
            y, m = keys[i - 1]
            nav.append(f'<a rel="next" href="../{y}-{m:02d}/">{e(month_label(y, m))}</a>')
        html = (f"<h1>{e(title)}</h1>"
                f'<p class="board-lead">{e(month_label(year, month))}发布的全部内容（共 {len(months[(year, month)])} 条）。</p>'
                + item_list(months[(year, month)], url, ctx.now, archive=True)
                + f'<nav class="board-pages" aria-label="月份">{"".join(nav)}</nav>')
        about = f"{ctx.site_name}{month_label(year, month)}发布的全部内容，共 {len(months[(year, month)])} 条。"
        pages.append(GeneratedPage(f"{ARCHIVE_URL}{year}-{month:02d}.md", url, title, html, description=about))
    return pages
