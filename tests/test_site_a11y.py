"""Every page of the sample site on a phone and a desktop, normal and 大字, in Debian's chromium.

One survey loads each generated page once per viewport × text mode (browser contexts reused),
runs axe-core (vendored in tests/vendor/axe-core, no network) and tests/site_probe.js, and
keeps the results; the tests below judge them:

- axe-core: no serious or critical violation at 375 and 1280 px, normal and 大字;
- no sideways scrolling at 320, 375 and 414 px (the page, and no clipped box inside it);
- ledger amounts and the 大写 line inside the screen's width;
- 大字 enlarges body, headings, metadata, tables, badges, buttons and menus ≥ 1.5×;
- tap targets ≥ 44×44 px; text ≥ 16 px at normal size; labels and numbers never split.

The survey's duration is printed (pytest -s) so the cost of these tests stays visible.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from conftest import REPO, chromium_path, serve_folder

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(chromium_path() is None,
                       reason="Debian's chromium is not installed (/usr/bin/chromium); .ci/run installs it"),
]

AXE = (REPO / "tests" / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PROBE = (REPO / "tests" / "site_probe.js").read_text(encoding="utf-8")
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " — " + n.failureSummary.split("\\n")[1])}));
}"""

# Material sizes its sidebars from scripts (a ResizeObserver, then an animation frame): until they
# have run, a long 大字 menu hangs over the dark footer. Judge the page as a resident sees it once
# the scripts have settled: the sidebars' sizes unchanged over three frames (at most 5 s).
SETTLE = """async () => {
  const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
  const sizes = () => Array.from(document.querySelectorAll('.md-sidebar__scrollwrap'),
                                 e => e.style.height + '/' + e.getBoundingClientRect().height).join('|');
  await document.fonts.ready;
  let last = null, same = 0;
  for (const started = Date.now(); Date.now() - started < 5000 && same < 3;) {
    await frame();
    const now = sizes();
    same = now === last ? same + 1 : 0;
    last = now;
  }
}"""

AXE_VIEWS = [(375, False), (375, True), (1280, False), (1280, True)]  # axe + probe
NARROW_VIEWS = [(320, False), (320, True), (414, False), (414, True)]  # probe only
RATIO_KINDS = ("body", "heading", "subheading", "metadata", "table", "badge", "button", "nav", "footer")


@dataclass
class Survey:
    pages: list[str]
    probes: dict[tuple[int, bool], dict[str, dict[str, Any]]] = field(default_factory=dict)
    axe: dict[tuple[int, bool], dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    seconds: float = 0.0


def _site_pages(site_dir) -> list[str]:  # noqa: ANN001
    """Every HTML page MkDocs generated, as URLs relative to the site root."""
    urls = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


def _mode(large: bool) -> str:
    return "大字" if large else "normal"


@pytest.fixture(scope="module")
def survey(browser, sample_site) -> Iterator[Survey]:  # noqa: ANN001
    """Per text mode: a phone context (each page loaded once, probed at 320, 414 and 375 px by
    resizing, axe at 375) and a desktop one (loaded once, probed, axe at 1280)."""
    result = Survey(_site_pages(sample_site.dir))
    started = time.perf_counter()
    with serve_folder(sample_site.dir) as base:
        for large in (False, True):
            for first, widths in ((375, (320, 414, 375)), (1280, (1280,))):
                context = browser.new_context(viewport={"width": first, "height": 800}, locale="zh-CN",
                                              timezone_id="Asia/Shanghai")
                context.add_init_script(f"try{{localStorage.setItem('board-large','{1 if large else 0}')}}catch(e){{}}")
                context.add_init_script(AXE)  # parsed once and cached by V8: cheaper than injecting per page
                page = context.new_page()
                for url in result.pages:
                    page.goto(base + url, wait_until="load")
                    for width in widths:
                        if page.viewport_size["width"] != width:
                            page.set_viewport_size({"width": width, "height": 800})
                        page.evaluate(SETTLE)
                        result.probes.setdefault((width, large), {})[url] = page.evaluate(PROBE)
                    result.axe.setdefault((first, large), {})[url] = page.evaluate(AXE_RUN)  # at `first` again
                context.close()
    result.seconds = time.perf_counter() - started
    print(f"\n[a11y survey] {len(result.pages)} pages: {len(result.pages) * 4} page loads, "
          f"{len(result.pages) * 8} probes, {len(result.pages) * 4} axe runs in {result.seconds:.1f} s")
    yield result


def _report(bad: dict[str, Any]) -> str:
    return "\n".join(f"{url}: {what}" for url, what in bad.items())


def test_survey_covers_every_page(survey: Survey) -> None:
    assert len(survey.pages) >= 30 and "" in survey.pages and "catalog/" in survey.pages
    assert "finance/2026-10/" in survey.pages and "404.html" in survey.pages
    for view in AXE_VIEWS + NARROW_VIEWS:
        assert all(p["large"] == view[1] for p in survey.probes[view].values()), view


@pytest.mark.parametrize("view", AXE_VIEWS, ids=[f"{w}px-{_mode(large)}" for w, large in AXE_VIEWS])
def test_axe_finds_no_serious_violation(survey: Survey, view: tuple[int, bool]) -> None:
    bad = {url: violations for url, violations in survey.axe[view].items() if violations}
    assert not bad, _report(bad)


@pytest.mark.parametrize("view", AXE_VIEWS[:2] + NARROW_VIEWS,
                         ids=[f"{w}px-{_mode(large)}" for w, large in AXE_VIEWS[:2] + NARROW_VIEWS])
def test_no_sideways_scrolling_on_phones(survey: Survey, view: tuple[int, bool]) -> None:
    bad = {}
    for url, probe in survey.probes[view].items():
        problems = []
        if probe["pageWidth"] > probe["vw"]:
            problems.append(f"page {probe['pageWidth']} px wide in {probe['vw']} px")
        problems += probe["clipped"] + probe["outside"][:5]
        if problems:
            bad[url] = problems
    assert not bad, _report(bad)


@pytest.mark.parametrize("view", AXE_VIEWS + NARROW_VIEWS,
                         ids=[f"{w}px-{_mode(large)}" for w, large in AXE_VIEWS + NARROW_VIEWS])
def test_ledger_amounts_and_capital_fit_the_screen(survey: Survey, view: tuple[int, bool]) -> None:
    ledgers = {url: p["ledger"] for url, p in survey.probes[view].items() if p["ledger"]}
    assert len(ledgers) >= 2, "the sample has finance pages with ledgers"
    for url, cells in ledgers.items():
        assert any("元" in c["text"] for c in cells), (url, "the 大写 line is missing")
        hidden = [c for c in cells if not c["ok"]]
        assert not hidden, (url, view, hidden)


@pytest.mark.parametrize("width", [375, 1280, 320, 414])
def test_large_text_is_at_least_one_and_a_half_times(survey: Survey, width: int) -> None:
    bad = {}
    for url, normal in survey.probes[(width, False)].items():
        large = survey.probes[(width, True)][url]
        low = {k: round(large["sizes"][k] / normal["sizes"][k], 2) for k in RATIO_KINDS
               if k in normal["sizes"] and k in large["sizes"]
               and large["sizes"][k] < 1.5 * normal["sizes"][k] - 0.01}
        if low:
            bad[url] = low
    assert not bad, _report(bad)
    home = survey.probes[(width, False)][""]["sizes"]
    assert {"body", "heading", "button", "footer"} <= home.keys(), home


@pytest.mark.parametrize("view", AXE_VIEWS + NARROW_VIEWS,
                         ids=[f"{w}px-{_mode(large)}" for w, large in AXE_VIEWS + NARROW_VIEWS])
def test_tap_targets_are_44_px(survey: Survey, view: tuple[int, bool]) -> None:
    bad = {url: p["small"] for url, p in survey.probes[view].items() if p["small"]}
    assert not bad, _report(bad)


@pytest.mark.parametrize("view", [(375, False), (1280, False)], ids=["375px", "1280px"])
def test_no_text_under_16_px(survey: Survey, view: tuple[int, bool]) -> None:
    bad = {url: p["tiny"][:6] for url, p in survey.probes[view].items() if p["tiny"]}
    assert not bad, _report(bad)


@pytest.mark.parametrize("view", AXE_VIEWS + NARROW_VIEWS,
                         ids=[f"{w}px-{_mode(large)}" for w, large in AXE_VIEWS + NARROW_VIEWS])
def test_labels_and_numbers_stay_on_one_line(survey: Survey, view: tuple[int, bool]) -> None:
    bad = {url: p["broken"] for url, p in survey.probes[view].items() if p["broken"]}
    assert not bad, _report(bad)
