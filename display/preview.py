"""The editor's preview page, `site/preview/index.html`: every output of one build on one page.

Why a page of its own: a clerk who wrote a notice wants to see, before committing, how it looks
on the lobby screen, on the door strip, on the month's posters and as the share card for the
residents' group, without walking to each device. The page is plain HTML beside the outputs it
shows (relative links only), so it works in `mkdocs serve`, from any static host and offline.

What "a chosen day" can honestly mean for a static site: the screens' playlists already carry
a week of lookahead (`display.screens.window`), so for any day inside that window the page marks,
from the playlist entries themselves (start/end and weekdays, exactly what the player obeys),
which frames play that day and how long one rotation takes, and links to the real player with
its virtual clock (`?now=`) set to that day. Posters are the build's month and cards are the
build's state; for a day outside the window the page says so and gives the command that renders
that day (`board serve --today D`). Nothing is guessed.

The page is written by the plugin after the rasters, in `serve` always and in a production build
only with `preview: true`; it is not in the navigation, the sitemap or the search index (it is
not a MkDocs page at all) and asks search engines not to index it.
"""
from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from generator.config import SiteConfig
from generator.lifecycle import day_start, is_published
from generator.model import Item

__all__ = ["PREVIEW_DIR", "preview_days", "plays_on", "render_preview", "write_preview"]

PREVIEW_DIR = "preview"
THUMB_W = 360  # CSS pixels for a screen thumbnail
WEEKDAYS = "一二三四五六日"


class _ScreensReport(Protocol):
    """display.screens.ScreensReport: `screens` with id, name and playlist path each."""

    screens: list[Any]


@dataclass(frozen=True)
class Day:
    """One day of the playlists' window, with what the page needs to show and link it."""

    day: date
    label: str  # 11月29日（星期日）
    player_now: str  # ISO instant at 10:00 local, for the player's virtual clock


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def href(path: str) -> str:
    """A link from site/preview/ to a site-relative path."""
    return "../" + quote(path)


def preview_days(playlists: Sequence[dict[str, Any]], config: SiteConfig, now: datetime) -> list[Day]:
    """The days every playlist covers: from the build's day to the end of its lookahead."""
    today = now.astimezone(config.tz).date()
    until = today + timedelta(days=7)
    ends = [datetime.fromisoformat(p["valid_until"]).astimezone(config.tz) for p in playlists
            if p.get("valid_until")]
    if ends:
        last = min(ends)  # the day a playlist's window ends at midnight is not covered
        until = (last - timedelta(microseconds=1)).date()
    days: list[Day] = []
    day = today
    while day <= until:
        moment = datetime.combine(day, datetime.min.time().replace(hour=10), config.tz)
        days.append(Day(day, f"{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）", moment.isoformat()))
        day += timedelta(days=1)
    return days


def plays_on(frame: dict[str, Any], day: date, config: SiteConfig) -> bool:
    """Whether a playlist entry is scheduled at some moment of `day` (the player's rules:
    its [start, end) window and its ISO weekdays; daily hours are shown, not filtered)."""
    lo = day_start(day, config.tz)
    hi = day_start(day + timedelta(days=1), config.tz)
    start = datetime.fromisoformat(frame["start"]) if frame.get("start") else None
    end = datetime.fromisoformat(frame["end"]) if frame.get("end") else None
    if start is not None and start >= hi:
        return False
    if end is not None and end <= lo:
        return False
    days = frame.get("days") or []
    return not days or day.isoweekday() in days


def _thumb_width(width: int) -> int:
    """Small LED screens are magnified by a whole factor (crisp pixels); big ones shrink."""
    if width <= THUMB_W:
        return width * max(1, THUMB_W // width)
    return THUMB_W


def _frame_html(frame: dict[str, Any], screen_id: str, size: tuple[int, int],
                days: list[Day], config: SiteConfig, pages: set[str]) -> str:
    on = [d.day.isoformat() for d in days if plays_on(frame, d.day, config)]
    path = f"screens/{screen_id}/{frame['image']}"
    width = _thumb_width(size[0])
    height = round(size[1] * width / size[0])
    kind = {"urgent": "紧急", "fallback": "空闲时显示"}.get(str(frame.get("priority")), "")
    facts = [f"{frame.get('duration', '')} 秒"]
    if frame.get("page") and frame["page"] != "1/1":
        facts.append(f"第 {frame['page']} 页")
    if frame.get("days"):
        facts.append("每周" + "、".join(WEEKDAYS[d - 1] for d in frame["days"]))
    if frame.get("hours"):
        facts.append("每天 " + "，".join(frame["hours"]))
    title = frame.get("title") or ""
    if frame.get("priority") == "fallback":
        title = "社区信息（没有内容时显示）"
    # Items that start later in the week have no page in this build yet: name them, don't link.
    link = f'<a href="{e(href(frame["url"]))}">{e(title)}</a>' if frame.get("url") in pages else e(title)
    badge = f'<span class="pv-badge pv-{e(frame.get("priority"))}">{e(kind)}</span>' if kind else ""
    return (f'<figure class="pv-frame" data-days="{e(" ".join(on))}" '
            f'data-duration="{e(frame.get("duration", 0))}" data-kind="{e(frame.get("priority"))}">'
            f'<a class="pv-zoom" href="{e(href(path))}" title="点击按屏幕实际像素查看">'
            f'<img src="{e(href(path))}" width="{width}" height="{height}" loading="lazy" '
            f'alt="{e(title)}" class="pv-pixel"></a>'
            f'<figcaption>{badge}{link}<br><small>{e(" · ".join(facts))}</small>'
            f'<small class="pv-off-note">这天不播放</small></figcaption></figure>')


def _screens_html(playlists: list[tuple[str, dict[str, Any]]], days: list[Day],
                  config: SiteConfig, pages: set[str]) -> str:
    if not playlists:
        return "<p>mkdocs.yml 里没有设置屏幕。</p>"
    parts: list[str] = []
    for screen_id, playlist in playlists:
        screen = config.screens.get(screen_id)
        size = tuple(playlist.get("size") or (screen.width, screen.height))  # type: ignore[union-attr]
        name = playlist.get("name") or screen_id
        colour = {"full": "全彩", "mono": "单色", "dual": "双色"}.get(str(playlist.get("color")), "")
        scale = max(1, 640 // size[0])
        player = f"screens/{screen_id}/index.html"
        nows = {d.day.isoformat(): d.player_now for d in days}
        hours = "，".join(playlist.get("hours") or []) or "全天"
        frames = "".join(_frame_html(f, screen_id, size, days, config, pages)  # type: ignore[arg-type]
                         for f in playlist.get("frames", []))
        parts.append(
            f'<section class="pv-screen" id="screen-{e(screen_id)}" data-screen="{e(screen_id)}">'
            f'<h3>{e(name)} <small>（{e(screen_id)}，{size[0]}×{size[1]} 像素，{e(colour)}，开屏 {e(hours)}）</small></h3>'
            f'<p class="pv-summary" aria-live="polite"></p>'
            f'<p><a class="pv-player" href="{e(href(player))}" data-base="{e(href(player))}" '
            f'data-scale="{scale}" data-nows="{e(json.dumps(nows))}">用屏幕播放器播放这一天</a>'
            f'（屏幕实际打开的页面；按 F11 全屏）</p>'
            f'<div class="pv-grid">{frames}</div></section>')
    return "".join(parts)


def _posters_html(posters: Any, config: SiteConfig) -> str:
    if posters is None:
        return "<p>这次生成没有海报。</p>"
    if not posters.issues:
        return "<p>mkdocs.yml 里没有设置公开栏。</p>"
    parts = [f'<p>本次生成的是 {e(posters.month)} 这一期；其他月份请运行 '
             f'<code>board posters --month YYYY-MM</code>。</p>']
    for issue in posters.issues:
        board = config.boards.get(issue.board)
        name = board.name if board else issue.board
        paper = f"{board.paper} {'竖' if board.orientation == 'portrait' else '横'}向" if board else ""
        base = f"posters/{issue.board}"
        pages = "".join(
            f'<figure class="pv-page"><a class="pv-zoom" href="{e(href(f"{base}/{issue.month}/{p.name}"))}" '
            f'title="点击按实际像素（300 dpi）查看"><img src="{e(href(f"{base}/{issue.month}/{p.name}"))}" '
            f'width="200" loading="lazy" alt="第 {n} 页"></a><figcaption>第 {n}/{len(issue.pages)} 页</figcaption></figure>'
            for n, p in enumerate(issue.pages, 1))
        count = f"{len(issue.items)} 条内容" if issue.items else "这个月没有内容（只印社区信息）"
        parts.append(
            f'<section class="pv-board" id="board-{e(issue.board)}" data-board="{e(issue.board)}">'
            f'<h3>{e(name)} <small>（{e(issue.board)}，{e(paper)}，{e(issue.month)}，{count}）</small></h3>'
            f'<p><a href="{e(href(f"{base}/{issue.pdf.name}"))}">打印用 PDF</a></p>'
            + _poster_notes(issue) +
            f'<div class="pv-grid">{pages}</div></section>')
    return "".join(parts)


def _poster_notes(issue: Any) -> str:
    """The issue's notes (digest, items left out as ending soon …), as the CLI prints them."""
    notes = issue.notes() if hasattr(issue, "notes") else []
    if not notes:
        return ""
    return '<ul class="pv-notes">' + "".join(f"<li>{e(n.strip())}</li>" for n in notes) + "</ul>"


def _cards_html(cards: Any, items: Iterable[Item]) -> str:
    if cards is None:
        return "<p>这次生成没有分享卡片。</p>"
    if not cards.cards:
        return "<p>还没有已发布的内容，所以没有分享卡片。</p>"
    by_id = {i.id: i for i in items}
    parts: list[str] = []
    for item_id, path in cards.cards.items():
        item = by_id.get(item_id)
        if item is None:
            continue
        card = f"cards/{path.name}"
        parts.append(
            f'<figure class="pv-card"><a class="pv-zoom" href="{e(href(card))}" title="点击按实际像素查看">'
            f'<img src="{e(href(card))}" width="180" height="240" loading="lazy" alt="{e(item.title)}"></a>'
            f'<figcaption><a href="{e(href(item.url))}">{e(item.title)}</a></figcaption></figure>')
    return f'<div class="pv-grid">{"".join(parts)}</div>'


STYLE = """
body{font:16px/1.6 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0 auto;max-width:80rem;padding:1rem 1.5rem;color:#222}
h1{font-size:1.6rem;margin:.5rem 0}h2{border-bottom:2px solid #ccc;margin-top:2rem}h3 small,h1 small{font-weight:normal;color:#555;font-size:.8em}
.pv-note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5rem 1rem}
.pv-warn{background:#fdecea;border-left:4px solid #c62828;padding:.5rem 1rem}
.pv-grid{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
figure{margin:0;max-width:100%}figcaption{font-size:.9rem;max-width:22rem}
img{display:block;border:1px solid #999;background:#000;max-width:100%;height:auto}
.pv-pixel,dialog img{image-rendering:pixelated}
.pv-off{opacity:.35}.pv-off-note{display:none;color:#c62828}.pv-off .pv-off-note{display:block}
.pv-badge{display:inline-block;padding:0 .4em;margin-right:.3em;border-radius:3px;background:#eee;font-size:.8rem}
.pv-urgent{background:#c62828;color:#fff}
dialog{padding:0;border:0;max-width:100vw;max-height:100vh;overflow:auto;background:#333}
dialog img{max-width:none;border:0}dialog button{position:sticky;top:0;left:0;z-index:1}
"""

SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pv-data").textContent);
  var m = /[?&]today=(\\d{4}-\\d{2}-\\d{2})/.exec(location.search);
  var day = m ? m[1] : data.built;
  var known = data.days.map(function (d) { return d.day; });
  var picker = document.getElementById("pv-today");
  picker.value = day;
  var label = document.getElementById("pv-day");
  var warn = document.getElementById("pv-outside");
  var covered = known.indexOf(day) >= 0;
  label.textContent = covered ? data.days[known.indexOf(day)].label : day;
  if (!covered) {
    warn.hidden = false;
    warn.querySelector("code").textContent = "board serve --today " + day;
  }
  document.querySelectorAll(".pv-screen").forEach(function (section) {
    var seconds = 0, count = 0, urgent = 0;
    var frames = section.querySelectorAll(".pv-frame");
    frames.forEach(function (f) {
      var on = covered && f.getAttribute("data-days").split(" ").indexOf(day) >= 0;
      f.classList.toggle("pv-off", !on);
      f.hidden = !on && f.getAttribute("data-kind") === "fallback";
      if (on && f.getAttribute("data-kind") !== "fallback") {
        count++; seconds += parseFloat(f.getAttribute("data-duration")) || 0;
        if (f.getAttribute("data-kind") === "urgent") { urgent++; }
      }
    });
    var summary = section.querySelector(".pv-summary");
    if (!covered) { summary.textContent = "这一天不在本次生成的播放列表里。"; }
    else if (!count) { summary.textContent = "这天没有内容，屏幕显示社区信息。"; }
    else {
      summary.textContent = "这天轮播 " + count + " 帧，一轮 " + seconds + " 秒" +
        (urgent ? "；紧急的 " + urgent + " 帧与其他内容穿插播放（每轮重复几次，一轮会更长），其他内容每轮都能轮到" : "") + "（暗的画面这天不播放）。";
    }
    var player = section.querySelector(".pv-player");
    var nows = JSON.parse(player.getAttribute("data-nows"));
    var q = "?scale=" + player.getAttribute("data-scale");
    if (nows[day]) { q += "&now=" + encodeURIComponent(nows[day]); }
    player.href = player.getAttribute("data-base") + q;
  });
  var dialog = document.getElementById("pv-dialog");
  var big = dialog.querySelector("img");
  document.querySelectorAll("a.pv-zoom").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      if (!dialog.showModal) { return; }
      ev.preventDefault();
      big.onload = function () {
        // one image pixel = one device pixel, as on the screen or the printer
        var r = window.devicePixelRatio || 1;
        big.style.width = (big.naturalWidth / r) + "px";
        big.style.height = (big.naturalHeight / r) + "px";
      };
      big.src = a.getAttribute("href");
      big.alt = a.querySelector("img").alt;
      dialog.showModal();
    });
  });
  dialog.querySelector("button").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (ev) { if (ev.target === dialog) { dialog.close(); } });
})();
"""


def render_preview(items: Sequence[Item], config: SiteConfig, now: datetime, *,
                   playlists: list[tuple[str, dict[str, Any]]], posters: Any, cards: Any,
                   serving: bool) -> str:
    """The page's HTML (see the module doc); `playlists` are (screen id, parsed playlist.json)."""
    days = preview_days([p for _, p in playlists], config, now)
    pages = {i.url for i in items if is_published(i, now)}
    built = now.astimezone(config.tz).date()
    data = {"built": built.isoformat(),
            "days": [{"day": d.day.isoformat(), "label": d.label} for d in days]}
    where = ("本页只在本地预览（board serve）中出现，不会发布到网站。" if serving else
             "mkdocs.yml 里设置了 preview: true，本页随网站发布，但不在网站导航中。")
    first, last = days[0].day.isoformat(), days[-1].day.isoformat()
    screens_nav = "、".join(f'<a href="#screen-{e(s)}">{e(p.get("name") or s)}</a>' for s, p in playlists)
    boards_nav = "、".join(f'<a href="#board-{e(i.board)}">{e(config.boards[i.board].name if i.board in config.boards else i.board)}</a>'
                           for i in (posters.issues if posters else []))
    config_json = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>预览 · {e(config.community)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>预览：网站、屏幕、海报和分享卡片 <small>{e(config.community)}</small></h1>
<p class="pv-note">{e(where)}本次按 <strong>{e(built.isoformat())}</strong> 生成。
屏幕的播放列表包含 {e(first)} 至 {e(last)} 的安排，可以在这几天里选一天看屏幕播放什么；
海报是 {e(posters.month if posters else "")} 这一期，分享卡片和网站是生成当天的样子。
要看其他日子的全部输出，请停止预览后运行 <code>board serve --today YYYY-MM-DD</code>。</p>
<form method="get" action="">
<label>查看哪一天：<input type="date" id="pv-today" name="today" min="{e(first)}" max="{e(last)}"></label>
<button type="submit">查看</button>
正在查看：<strong id="pv-day">{e(built.isoformat())}</strong>
</form>
<p class="pv-warn" id="pv-outside" hidden>本次生成的播放列表不包含这一天。要看这一天，请运行 <code>board serve --today</code>。</p>
<p>跳到：<a href="../">网站首页</a> · 屏幕 {screens_nav} · 公开栏 {boards_nav} · <a href="#cards">分享卡片</a></p>
<h2 id="screens">屏幕轮播</h2>
<p>按播放顺序列出每块屏幕的画面和停留秒数；点击画面按屏幕的实际像素查看。</p>
{_screens_html(playlists, days, config, pages)}
<h2 id="boards">公开栏海报</h2>
{_posters_html(posters, config)}
<h2 id="cards">分享卡片</h2>
<p>发到居民 QQ 群、微信群的图片；也是网页在聊天软件里的预览图。</p>
{_cards_html(cards, items)}
<dialog id="pv-dialog"><button type="button">关闭</button><img alt=""></dialog>
<script type="application/json" id="pv-data">{config_json}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


def write_preview(site_dir: Path, items: Sequence[Item], config: SiteConfig, now: datetime, *,
                  screens: _ScreensReport | None, posters: Any, cards: Any, serving: bool) -> Path:
    """Write `site_dir/preview/index.html` from the reports of the raster steps; return its path."""
    playlists: list[tuple[str, dict[str, Any]]] = []
    for report in (screens.screens if screens else []):
        playlists.append((report.id, json.loads(Path(report.playlist).read_text(encoding="utf-8"))))
    page = site_dir / PREVIEW_DIR / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    # Plain write (ordinary permissions): the site is built in a staging folder anyway.
    page.write_text(render_preview(items, config, now, playlists=playlists, posters=posters,
                                   cards=cards, serving=serving), encoding="utf-8")
    return page
