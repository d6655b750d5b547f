"""One item's page: the header, what matters for its type, the body, the revision history.

The body HTML comes from the site engine's Markdown renderer (trusted editor input); all
front-matter values are escaped here.
"""
from __future__ import annotations

import html
import re
from datetime import datetime, timedelta

from ..lifecycle import day_start, is_expired, is_published
from ..model import STATUSES, Item, ItemRef
from ..periods import Period
from .context import SiteContext
from .fmt import cn_date, cn_datetime, cn_moment, e, iso, nobr, phone_link, rel, yuan
from .phones import link_phones_in_html, link_phones_in_text
from .sections import section_of
from .tables import label_tables

HISTORY_TYPES = ("disclosure", "finance", "gongshi", "survey")
SUPERVISED_TYPES = ("disclosure", "finance", "gongshi", "survey", "plan")


def render_item(item: Item, body_html: str, ctx: SiteContext) -> str:
    """The whole article for an item page."""
    if item.withdrawn:
        return withdrawn_article(item, ctx)
    corrections = ctx.history.corrections(item.source, item.published_at) if ctx.history.available else []
    parts = [
        _open_article(item),
        crumbs(item),
        header(item, ctx, corrected=bool(corrections)),
        correction_note(item, ctx),
        preview_notice(item, ctx),
        expired_notice(item, ctx),
        details(item, ctx),
        body(item, label_tables(link_phones_in_html(body_html)), ctx),
        after_body(item, ctx),
        signature(item),
        supervision(item, ctx),
        history_block(item, ctx) if item.type in HISTORY_TYPES else "",
        print_url(item, ctx),
        "</article>",
    ]
    return "\n".join(p for p in parts if p)


def withdrawn_article(item: Item, ctx: SiteContext) -> str:
    """What stays public of a withdrawn item: that it was published, when and why it was taken down.

    Nothing of the withdrawn text (summary, body, ledger, names) is shown again: the usual
    reason to withdraw in a hurry is a mistake such as a resident's number in the text.
    """
    when = f"于 {cn_datetime(item.withdrawn_at.value)} " if item.withdrawn_at is not None else ""
    note = (f'<div class="board-warning board-withdrawn-note" role="note"><p>本条内容已{e(when)}撤回，'
            f'原文不再公开。</p><p>撤回原因：{e(item.withdrawn_reason)}</p>'
            f'<p>如有疑问，请联系{e(ctx.config.community)}'
            + (f'（电话 {phone_link(ctx.config.phone)}）' if ctx.config.phone else "") + '。</p></div>')
    return "\n".join([_open_article(item), crumbs(item), header(item, ctx), note, "</article>"])


def full_text_searched(item: Item, ctx: SiteContext) -> bool:
    """Whether search indexes the whole body, or only the title and summary.

    A community publishes for years: indexing every old body would make the Chinese search
    index (built into every visitor's browser) grow past usable sizes. Current items are
    searched in full; expired ones and those older than `search_full_text_days` by their title
    and summary (their pages are unchanged).
    """
    if is_expired(item, ctx.now):
        return False
    return ctx.now - item.published_at <= timedelta(days=ctx.config.search_full_text_days)


def body(item: Item, body_html: str, ctx: SiteContext) -> str:
    if full_text_searched(item, ctx):
        return f'<div class="board-body">{body_html}</div>'
    gist = item.summary or _plain(body_html)[:120]
    return (f'<p class="board-search-gist" hidden>{e(gist)}</p>'
            f'<div class="board-body" data-search-exclude>{body_html}</div>')


def _plain(html_text: str) -> str:
    """Visible text of rendered HTML, whitespace folded (cheaper than rendering Markdown again)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_text)).split())


def crumbs(item: Item) -> str:
    """Items are not in the navigation, so each page says where it belongs."""
    section = section_of(item)
    return (f'<nav class="board-crumbs" aria-label="位置" data-search-exclude><a href="{e(rel(item.url, ""))}">首页</a> › '
            f'<a href="{e(rel(item.url, section.url))}">{e(section.title)}</a></nav>')


def _open_article(item: Item) -> str:
    ends = item.ends_at
    attrs = f' data-ends="{e(iso(ends))}"' if ends is not None else ""
    return f'<article class="board-item board-type-{e(item.type)}"{attrs}>'


def header(item: Item, ctx: SiteContext, *, corrected: bool = False) -> str:
    badges = [f'<span class="board-badge board-badge-type">{e(item.type_label)}</span>']
    if item.urgent:
        badges.append('<span class="board-badge board-badge-urgent">紧急</span>')
    replaced = replaced_by(item, ctx)
    if replaced is not None:
        badges.append(f'<a class="board-badge board-badge-corrected" href="{e(rel(item.url, replaced.url))}">已更正</a>')
    elif corrected:
        badges.append('<a class="board-badge board-badge-corrected" href="#board-history">已更正</a>')
    if item.replaces is not None:
        badges.append('<span class="board-badge board-badge-correction">更正</span>')
    if item.withdrawn:
        badges.append('<span class="board-badge board-badge-withdrawn">已撤回</span>')
    elif is_expired(item, ctx.now) and replaced is None:
        badges.append('<span class="board-badge board-badge-expired">已过期</span>')
    meta = [("发布单位", e(item.issuer)), ("发布日期", nobr(cn_date(item.published_at)))]
    if item.doc_no:
        meta.insert(0, ("文号", e(item.doc_no)))
    if item.expires is not None:
        meta.append(("有效期至", nobr(cn_moment(item.expires))))
    if item.addressee:
        meta.append(("发布对象", e(item.addressee)))
    if item.period is not None and item.type in ("disclosure", "finance", "plan"):
        meta.append(("所属期间", e(item.period.label)))
    if item.tags:
        meta.append(("标签", "、".join(e(t) for t in item.tags)))
    rows = "".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in meta)
    return (f'<header class="board-item-head"><p class="board-badges" data-search-exclude>{"".join(badges)}</p>'
            f'<h1>{e(item.title)}</h1><dl class="board-meta" data-search-exclude>{rows}</dl></header>')


def replaced_by(item: Item, ctx: SiteContext) -> ItemRef | None:
    """The published 更正 that replaces this disclosure, if any (a scheduled one does not yet)."""
    ref = item.replaced_by
    return ref if ref is not None and ref.published_at <= ctx.now else None


def correction_note(item: Item, ctx: SiteContext) -> str:
    """A 更正 and the disclosure it replaces link to each other (corrections are published,
    never silent edits)."""
    replaced = replaced_by(item, ctx)
    if replaced is not None:
        return (f'<div class="board-warning board-corrected-note" role="note"><p>已更正：本期内容已于 '
                f'{e(cn_date(replaced.published_at))} 更正，请以<a href="{e(rel(item.url, replaced.url))}">'
                f'《{e(replaced.title)}》</a>为准。</p></div>')
    ref = item.replaces
    if ref is not None:
        return (f'<p class="board-correction-note" role="note">更正：本份更正并取代 '
                f'{e(cn_date(ref.published_at))} 发布的<a href="{e(rel(item.url, ref.url))}">《{e(ref.title)}》</a>。</p>')
    return ""


def preview_notice(item: Item, ctx: SiteContext) -> str:
    """Only `mkdocs serve` renders unpublished items (for the editor); say so on the page."""
    if item.draft:
        text = "预览：这是草稿（draft: true），不会发布到网站。"
    elif is_published(item, ctx.now):
        return ""
    else:
        text = f"预览：本条将于 {cn_datetime(item.published_at)} 发布，目前网站上还看不到。"
    return f'<p class="board-warning board-preview-note" data-search-exclude>{e(text)}</p>'


def expired_notice(item: Item, ctx: SiteContext) -> str:
    """Server-side when expired at build time; otherwise a hidden note the script reveals."""
    ends = item.ends_at
    if ends is None or item.replaced_by is not None:  # correction_note says what replaced it
        return ""
    text = f"本条内容已于 {e(_end_text(ends))} 到期，仅作存档，请以最新通知为准。"
    hidden = "" if is_expired(item, ctx.now) else " hidden"
    return f'<p class="board-expired-note" data-expired-note data-search-exclude{hidden}>{text}</p>'


def _end_text(ends: datetime) -> str:
    """`until` is exclusive: an all-day expiry on the 30th ends at midnight of the 1st."""
    if ends.hour == 0 and ends.minute == 0:
        return cn_date(ends - timedelta(days=1)) + "结束时"
    return cn_datetime(ends)


def details(item: Item, ctx: SiteContext) -> str:
    render = _DETAILS.get(item.type)
    return render(item, ctx) if render else ""


def _facts(rows: list[tuple[str, str]], cls: str = "") -> str:
    """A definition table of already-escaped values."""
    body = "".join(f"<tr><th scope=\"row\">{k}</th><td>{v}</td></tr>" for k, v in rows if v)
    return f'<table class="board-facts {cls}">{body}</table>' if body else ""


def days_left(end_until: datetime, now: datetime) -> int:
    """Calendar days left including today; 0 once the period is over."""
    if now >= end_until:
        return 0
    last = (end_until - timedelta(microseconds=1)).date()
    return (last - now.date()).days + 1


def _gongshi(item: Item, ctx: SiteContext) -> str:
    assert item.start is not None
    start, end = item.start, item.end
    if end is None:  # end: 长期
        period = f"自 {e(cn_moment(start))} 起长期公示"
        state, left = ("未开始" if ctx.now < start.value else "公示中"), ""
    else:
        total = (end.day - start.day).days + 1
        period = f"{e(cn_moment(start))} 至 {e(cn_moment(end))}（共 {total} 天）"
        if ctx.now < start.value:
            state = "未开始"
            left = ""
        elif ctx.now >= end.until:
            state = "公示已结束"
            left = ""
        else:
            n = days_left(end.until, ctx.now)
            state = "公示中"
            left = (f'，<strong class="board-countdown" data-countdown-end="{e(iso(end.until))}">'
                    f'还剩 {n} 天</strong>')
    rows = [
        ("公示期", period),
        ("公示状态", f"{state}{left}"),
        ("公示依据", e(item.basis)),
    ]
    objection = item.objection
    how = ""
    within = "随时" if end is None else f"在公示期内（{e(cn_moment(end))}前）"
    if objection is not None:
        ways = [f"电话 {phone_link(objection.phone)}"]
        if objection.address:
            ways.append(f"地址 {e(objection.address)}")
        if objection.receiver:
            ways.append(f"受理人 {e(objection.receiver)}")
        how = ("<div class=\"board-objection\"><h2>如何提出异议</h2>"
               f"<p>对公示内容有异议的，请{within}通过以下方式反映，"
               "请说明理由并留下联系方式；社区将在收到后及时核实答复：</p>"
               f"<p class=\"board-objection-ways\">{'；'.join(ways)}。</p></div>")
    return _facts(rows, "board-gongshi") + how


def _event(item: Item, ctx: SiteContext) -> str:
    assert item.start is not None
    when = cn_moment(item.start, weekday=True)
    if item.end is not None:
        same_day = item.end.day == item.start.day
        if same_day and not item.end.all_day:
            when += f" 至 {item.end.value.hour}:{item.end.value.minute:02d}"
        else:
            when += " 至 " + cn_moment(item.end, weekday=True)
    ends = item.ends_at
    if ctx.now < item.start.value:
        state = "即将开始"
    elif ends is not None and ctx.now >= ends:
        state = "已结束"
    else:
        state = "进行中"
    rows = [("活动时间", e(when)), ("活动地点", e(item.place)), ("活动状态", state),
            ("主办", e(item.organizer)), ("参加对象", e(item.audience)), ("报名方式", e(item.signup))]
    return _facts(rows, "board-event")


def _disclosure(item: Item, ctx: SiteContext) -> str:
    rows = [("公开类别", e(item.type_label)),
            ("所属期间", e(item.period.label) if item.period else ""),
            ("公开依据", e(item.basis))]
    return _facts(rows, "board-disclosure")


def _finance(item: Item, ctx: SiteContext) -> str:
    ledger = item.ledger
    if ledger is None:
        return ""
    period = item.period.label if isinstance(item.period, Period) else ""
    rows: list[str] = []

    def line(cells: list[str], cls: str = "") -> None:
        klass = f' class="{cls}"' if cls else ""
        rows.append(f"<tr{klass}>" + "".join(cells) + "</tr>")

    def num(amount: object, label: str) -> str:
        if amount is None:
            return '<td class="board-num"></td>'
        return f'<td class="board-num" data-label="{label}">{e(yuan(amount))}</td>'

    def total(label: str, cells: list[str]) -> list[str]:
        return ['<td class="board-ledger-blank"></td><td class="board-ledger-blank"></td>',
                f'<th scope="row">{label}</th>', *cells]

    line(total("期初余额", ["<td></td><td></td>", num(ledger.opening, "余额")]), "board-ledger-opening")
    for kind, lines_ in (("income", ledger.income), ("expense", ledger.expense)):
        for entry in lines_:
            day = f"{entry.date.month}月{entry.date.day}日" if entry.date else ""
            cells = [f'<td data-label="日期">{e(day)}</td>', f'<td data-label="凭证号">{e(entry.voucher)}</td>',
                     f'<td data-label="摘要">{e(entry.item)}</td>']
            cells += ([num(entry.amount, "收入"), "<td></td>"] if kind == "income"
                      else ["<td></td>", num(entry.amount, "支出")])
            cells.append("<td></td>")
            line(cells, f"board-ledger-{kind}")
        if kind == "income":
            line(total("本期收入合计", [num(ledger.total_income, "收入"), "<td></td><td></td>"]), "board-ledger-total")
        else:
            line(total("本期支出合计", ["<td></td>", num(ledger.total_expense, "支出"), "<td></td>"]),
                 "board-ledger-total")
    line(total("期末余额", ["<td></td><td></td>", num(ledger.closing, "余额")]), "board-ledger-closing")
    rows.append(f'<tr class="board-ledger-capital"><td colspan="6">期末余额（大写）：'
                f'<span class="board-capital">{e(ledger.closing_capital)}</span></td></tr>')
    warn = ""
    if not ledger.balanced:
        warn = (f'<p class="board-warning">账目不平：期初加收入减支出应为 {e(yuan(ledger.expected_closing))} 元，'
                f'与期末余额不符。</p>')
    return (f'<div class="board-ledger-wrap"><table class="board-ledger board-stack">'
            f'<caption><span>{e(period)}收支明细</span><span class="board-unit">单位：元</span></caption>'
            "<thead><tr><th scope=\"col\">日期</th><th scope=\"col\">凭证号</th><th scope=\"col\">摘要</th>"
            "<th scope=\"col\">收入</th><th scope=\"col\">支出</th><th scope=\"col\">余额</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>{warn}")


def _plan(item: Item, ctx: SiteContext) -> str:
    out = []
    if item.target:
        out.append(f'<div class="board-target"><h2>工作目标</h2><p>{e(item.target)}</p></div>')
    if item.milestones:
        today = ctx.now.date()
        rows = []
        for m in item.milestones:
            overdue = m.overdue(today)
            status = e(STATUSES.get(m.status, m.status))
            if overdue:
                status += ' <strong class="board-overdue">已逾期</strong>'
            cls = f"board-ms-{e(m.status)}" + (" board-ms-overdue" if overdue else "")
            rows.append(f'<tr class="{cls}"><td data-label="事项">{e(m.name)}</td>'
                        f'<td data-label="完成期限">{e(cn_date(m.due))}</td>'
                        f'<td data-label="状态">{status}</td><td data-label="说明">{e(m.note)}</td></tr>')
        done = sum(1 for m in item.milestones if m.status == "done")
        late = sum(1 for m in item.milestones if m.overdue(today))
        summary = f"共 {len(item.milestones)} 项，已完成 {done} 项"
        if late:
            summary += f"，<strong class=\"board-overdue\">逾期未完成 {late} 项</strong>"
        out.append('<div class="board-milestones"><h2>工作进度</h2>'
                   f'<p>{summary}{_as_of(item, ctx)}。</p>'
                   '<table class="board-stack"><thead><tr><th scope="col">事项</th><th scope="col">完成期限</th>'
                   '<th scope="col">状态</th><th scope="col">说明</th></tr></thead>'
                   f"<tbody>{''.join(rows)}</tbody></table></div>")
    return "".join(out)


def _as_of(item: Item, ctx: SiteContext) -> str:
    """「（统计至 …）」 is written by the page script with the reader's date.

    The figures only change when a deadline passes, so the page carries no build date: a day
    passing does not change (and rebuild) every plan page. The script shows the date only
    until the next deadline (`data-asof-until`): past it, a page not yet rebuilt would be stale.
    """
    today = ctx.now.date()
    pending = [m.due for m in item.milestones if m.status != "done" and m.due >= today]
    until = iso(day_start(min(pending) + timedelta(days=1), ctx.config.tz)) if pending else ""
    return f'<span class="board-asof" data-asof-until="{e(until)}" hidden></span>'


def _honor(item: Item, ctx: SiteContext) -> str:
    rows = "".join(f'<tr><td data-label="名单">{e(h.name)}</td><td data-label="事迹">{e(h.reason)}</td></tr>'
                   for h in item.honorees)
    return ('<table class="board-honorees board-stack"><thead><tr><th scope="col">名单</th><th scope="col">事迹</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>")


def _survey(item: Item, ctx: SiteContext) -> str:
    facts = _facts([("调查方式", e(item.method)), ("有效问卷", f"{item.valid_responses} 份")])
    rows = []
    for r in item.results:
        share = f"{r.count * 100 / item.valid_responses:.1f}%" if item.valid_responses else "—"
        mark = "（计入满意率）" if r.satisfied else ""
        rows.append(f'<tr><td data-label="选项">{e(r.answer)}{mark}</td>'
                    f'<td class="board-num" data-label="人数">{r.count}</td>'
                    f'<td class="board-num" data-label="占比">{share}</td></tr>')
    rate = item.satisfaction_rate
    verdict = ""
    if rate is not None:
        verdict = f"<p class=\"board-rate\">满意率 <strong>{rate}%</strong>"
        if item.target_rate is not None:
            ok = rate >= item.target_rate
            judged = "已达标" if ok else '<strong class="board-overdue">未达标</strong>'
            verdict += f"，目标 {item.target_rate}%，{judged}"
        verdict += "。</p>"
    return (facts + '<table class="board-survey board-stack"><thead><tr><th scope="col">选项</th>'
            '<th scope="col">人数</th><th scope="col">占比</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{verdict}")


_DETAILS = {"gongshi": _gongshi, "event": _event, "disclosure": _disclosure, "finance": _finance,
            "plan": _plan, "honor": _honor, "survey": _survey}


def after_body(item: Item, ctx: SiteContext) -> str:
    parts = []
    if item.contact:
        parts.append(f'<p class="board-contact"><span class="board-nobr">联系方式：</span>'
                     f'{link_phones_in_text(e(item.contact))}</p>')
    if item.type == "finance" and (item.prepared_by or item.reviewed_by):
        parts.append(f'<p class="board-signers"><span><span class="board-nobr">制表人：</span>{e(item.prepared_by)}</span>'
                     f'<span><span class="board-nobr">审核人：</span>{e(item.reviewed_by)}</span></p>')
    return "".join(parts)


def signature(item: Item) -> str:
    """Issuer above the date, at the right, as on a printed notice (GB/T 9704)."""
    return (f'<p class="board-signature" data-search-exclude><span>{e(item.issuer)}</span>'
            f'<span>{e(cn_date(item.published_at))}</span></p>')


def supervision(item: Item, ctx: SiteContext) -> str:
    if item.type not in SUPERVISED_TYPES:
        return ""
    phone = ctx.config.phone
    return (f'<p class="board-supervision" data-search-exclude><span class="board-nobr">监督电话：</span>{phone_link(phone)}'
            "（对公开内容有疑问，可来电或到社区服务中心查询）</p>")


def history_block(item: Item, ctx: SiteContext) -> str:
    head = '<section class="board-history" id="board-history"><h2>修订记录</h2>'
    history = ctx.history
    if not history.available:
        return f'{head}<p class="board-history-unavailable">{e(history.reason)}</p></section>'
    revs = history.corrections(item.source, item.published_at)
    if not revs:
        return f"{head}<p>发布后未修改。</p></section>"
    tz = ctx.config.tz
    rows = "".join(
        f'<tr><td data-label="更正时间">{e(cn_datetime(r.when.astimezone(tz)))}</td>'
        f'<td data-label="说明">{e(r.message)}</td>'
        f'<td data-label="版本"><code>{e(r.short)}</code></td></tr>' for r in revs)
    return (f"{head}<p>本条内容发布后有 {len(revs)} 次更正，以最新内容为准：</p>"
            '<table class="board-stack"><thead><tr><th scope="col">更正时间</th><th scope="col">说明</th>'
            f'<th scope="col">版本</th></tr></thead><tbody>{rows}</tbody></table></section>')


def print_url(item: Item, ctx: SiteContext) -> str:
    """Only visible on paper: where the notice lives online."""
    url = ctx.absolute(item.url)
    return f'<p class="board-print-url" data-search-exclude>网址：{e(url)}</p>'
