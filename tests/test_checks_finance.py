"""Finance disclosures as one series (issue 13): one per period or an explicit 更正, opening =
previous closing, ledger lines inside their period, and corrections shown on the site."""
from __future__ import annotations

import pytest

from conftest import TinyProject


def fin(period: str, date: str, opening: str, closing: str, *, income: str = "", extra: str = "") -> str:
    """A finance file; `income` is one ledger line's amount (dated inside the period unless given)."""
    lines = ["---", "type: finance", f"title: {period} 财务公开", f"date: {date}", f"period: {period}",
             "prepared_by: 程洪", "reviewed_by: 李明", "ledger:", f"  opening: {opening}"]
    if income:
        lines += ["  income:", f"    - {{item: 拨款, amount: {income}, date: {period}-10}}"]
    lines += [f"  closing: {closing}"]
    if extra:
        lines += extra.splitlines()
    return "\n".join(lines + ["---", "正文", ""])


# catalog `since` in the tiny project is 2026-09
SEP = fin("2026-09", "2026-10-10", "0.00", "100.00", income="100.00")
OCT = fin("2026-10", "2026-11-10", "100.00", "150.00", income="50.00")

# (case, files {name: text}, file with the error, its line, field, words) — line None: no error
CASES = [
    ("consistent series", {"2026-09": SEP, "2026-10": OCT}, None, 0, "", []),
    ("duplicate period", {"2026-09": SEP, "2026-10": OCT, "2026-10-again": OCT.replace("2026-11-10", "2026-11-12")},
     "2026-10-again", 5, "period", ["finance/2026-10", "同一期", "corrects"]),
    ("opening differs from last closing", {"2026-09": SEP, "2026-10": OCT.replace("opening: 100.00", "opening: 0.00").replace("closing: 150.00", "closing: 50.00")},
     "2026-10", 9, "ledger.opening", ["0.00", "100.00", "2026年9月", "不一致"]),
    ("template's opening 0.00 after a real closing",
     {"2026-09": SEP, "2026-10": fin("2026-10", "2026-11-10", "0.00", "0.00")},
     "2026-10", 9, "ledger.opening", ["0.00", "100.00"]),
    ("first disclosure is exempt", {"2026-10": fin("2026-10", "2026-11-10", "777.00", "777.00")}, None, 0, "", []),
    ("a gap is exempt", {"2026-09": SEP, "2026-11": fin("2026-11", "2026-12-10", "5.00", "5.00")}, None, 0, "", []),
    ("catalog since is exempt", {"2026-08": fin("2026-08", "2026-09-10", "0.00", "1.00", income="1.00"),
                                 "2026-09": SEP}, None, 0, "", []),
    ("line dated outside the period", {"2026-10": OCT.replace("date: 2026-10-10", "date: 2026-11-03")},
     "2026-10", 11, "ledger.income[0].date", ["2026年11月3日", "2026年10月"]),
    ("correction replaces", {"2026-09": SEP, "2026-10": OCT,
                             "2026-10-gengzheng": OCT.replace("2026-11-10", "2026-11-20").replace(
                                 "closing: 150.00", "closing: 150.00\ncorrects: finance/2026-10")},
     None, 0, "", []),
    ("next period follows the correction", {
        "2026-09": SEP,
        "2026-09-gengzheng": fin("2026-09", "2026-10-12", "0.00", "120.00", income="120.00",
                                 extra="corrects: 2026-09"),
        "2026-10": OCT}, "2026-10", 9, "ledger.opening", ["100.00", "120.00"]),
    ("correction of an unknown file", {"2026-09": SEP, "2026-09-b": SEP.replace("2026-10-10", "2026-10-12").replace(
        "---\n正文", "corrects: finance/2026-9\n---\n正文")}, "2026-09-b", 13, "corrects", ["找不到", "finance/2026-09"]),
    ("correction of another period", {"2026-09": SEP, "2026-10": OCT.replace(
        "closing: 150.00", "closing: 150.00\ncorrects: finance/2026-09")}, "2026-10", 13, "corrects", ["同一期"]),
]


@pytest.mark.parametrize("name,files,bad,line,field,words", CASES, ids=[c[0] for c in CASES])
def test_finance_series(tiny: TinyProject, name: str, files: dict[str, str], bad: str | None, line: int,
                        field: str, words: list[str]) -> None:
    for stem, text in files.items():
        tiny.add_item(f"finance/{stem}.md", text)
    errors = tiny.check().errors
    if bad is None:
        assert not errors, [e.format() for e in errors]
        return
    assert len(errors) == 1, [e.format() for e in errors]
    error = errors[0]
    assert (error.path, error.line, error.field) == (f"content/finance/{bad}.md", line, field), error.format()
    for word in words:
        assert word in error.message, error.format()
    assert f"finance/{bad}" not in {i.id for i in tiny.load().items}  # never published inconsistent


def test_correction_is_shown_on_the_site(tiny: TinyProject, site_of) -> None:  # noqa: ANN001
    tiny.add_item("finance/2026-09.md", SEP)
    tiny.add_item("finance/2026-10.md", OCT)
    tiny.add_item("finance/2026-10-gengzheng.md", OCT.replace("2026-11-10", "2026-11-20").replace(
        "closing: 150.00", "closing: 150.00\ncorrects: finance/2026-10").replace("title: 2026-10 财务公开",
                                                                                 "title: 2026-10 财务公开（更正）"))
    site = site_of(tiny, today="2026-11-29")
    original = site.content("finance/2026-10/")
    assert "已更正" in original.text and "2026-10 财务公开（更正）" in original.text
    assert "finance/2026-10-gengzheng/" in site.linked("finance/2026-10/", original)
    correction = site.content("finance/2026-10-gengzheng/")
    assert "更正并取代" in correction.text
    assert "finance/2026-10/" in site.linked("finance/2026-10-gengzheng/", correction)
    assert "已过期" not in original.text
    # the correction takes the original's place in the current lists (and on screens and boards)
    from generator.lifecycle import current, resolve_now

    project = tiny.load()
    live = {i.id for i in current(project.items, resolve_now("2026-11-29", project.config.tz))}
    assert "finance/2026-10-gengzheng" in live and "finance/2026-10" not in live
    # before the correction is published, the original is not marked and still current
    early = site_of(tiny, today="2026-11-15").content("finance/2026-10/")
    assert "已更正" not in early.text
    live = {i.id for i in current(project.items, resolve_now("2026-11-15", project.config.tz))}
    assert "finance/2026-10" in live


def test_refund_as_documented_in_the_guide_checks_clean(tiny: TinyProject) -> None:
    """A refund received is an income line whose item starts with 退款 (see docs/guide.md)."""
    tiny.add_item("finance/2026-10.md", OCT.replace(
        "    - {item: 拨款, amount: 50.00, date: 2026-10-10}",
        "    - {item: 拨款, amount: 30.00, date: 2026-10-10}\n"
        "    - {item: 退款：10月8日购买扫帚退回2把, amount: 20.00, date: 2026-10-12}"))
    assert not tiny.check().errors
    ledger = tiny.load().items[0].ledger
    assert ledger is not None and ledger.income[1].item.startswith("退款")
