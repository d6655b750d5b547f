"""The form editor on the clerk's PC: `board serve` serves /admin/ and the forms edit content/.

A fresh copy of the sample, Debian's chromium, nothing leaves the machine. Through the forms a
notice, a 公示 and a finance disclosure with a three-line ledger are created and published;
then the files read back with the values typed, `board check` is clean, and the items are on
the site, on the lobby screen's playlist and on the month's poster. An unbalanced ledger saved
through the same form is reported by `board check` like one typed in a text editor.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cmsdriver import TODAY, Forms, board_serve, get, sample_copy, serve_log_tail, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def served(tmp_path_factory):  # noqa: ANN001, ANN201
    project = sample_copy(tmp_path_factory.mktemp("cms") / "community")
    # November's finance disclosure is the one the clerk writes through the form (one per period)
    (project / "content" / "finance" / "2026-11.md").unlink()
    with board_serve(project) as base:
        yield project, base


@pytest.fixture
def forms(browser, served):  # noqa: ANN001, ANN201
    project, base = served
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith((base, "data:", "blob:")) else outside.append(r.url))
    editor = Forms(page, base, lambda: serve_log_tail(base, project))
    editor.open()
    yield editor
    context.close()
    assert not outside, f"the editor reached outside this machine: {outside}"


def _board(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    board = Path(sys.executable).with_name("board")
    return subprocess.run([str(board), *args, "--today", TODAY], cwd=project, capture_output=True,
                          text=True, timeout=600)


def _load(project: Path):  # noqa: ANN202
    from generator.loader import load_project

    loaded = load_project(project / "mkdocs.yml")
    assert loaded is not None
    return loaded


def test_notice_gongshi_and_finance_through_the_forms(served, forms) -> None:  # noqa: ANN001
    project, base = served
    # a notice
    forms.new("notice")
    forms.fill("title", "表单测试：12月5日停电通知")
    forms.fill("date", TODAY)
    forms.choose("kind", "通知")
    forms.fill("addressee", "1栋、2栋居民")
    forms.fill("summary", "12月5日8:00至12:00，1、2栋停电检修。")
    forms.choose("screens", "服务中心大厅屏（lobby）")
    forms.choose("boards", "居务公开栏（notice）")
    forms.body("因供电线路检修，12月5日（周六）8:00至12:00，1栋、2栋停电。", "特此通知。")
    forms.publish()
    # a 公示
    forms.new("gongshi")
    forms.fill("title", "表单测试：2026年度优秀志愿者拟表彰名单公示")
    forms.fill("date", TODAY)
    forms.fill("days", "7")
    forms.fill("phone", "023-6388 1234")
    forms.fill("address", "社区服务中心一楼")
    forms.fill("receiver", "社区居务监督委员会")
    forms.fill("summary", "拟表彰优秀志愿者10名，公示7天。")
    forms.choose("screens", "服务中心大厅屏（lobby）")
    forms.choose("boards", "居务公开栏（notice）")
    forms.body("经居民推荐、居委会审议，拟表彰以下10名同志为2026年度优秀志愿者。")
    forms.publish()
    # a finance disclosure: opening, two income lines and one expense line, closing
    forms.new("finance")
    forms.fill("title", "表单测试：2026年11月社区财务收支公开")
    forms.fill("period", "2026-11")
    forms.fill("date", TODAY)
    forms.fill("prepared_by", "程洪")
    forms.fill("reviewed_by", "社区居务监督委员会 李明")
    forms.ledger("24501.50", [  # opening: October's closing balance
        ("2026-11-06", "记-1101", "街道拨付社区工作经费", "8000", "收入"),
        ("2026-11-22", "记-1106", "旧物交换集市义卖收入", "1105.20", "收入"),
        ("2026-11-12", "记-1103", "楼道消防器材更换", "3480.40", "支出"),
    ], "30126.30")
    forms.choose("boards", "居务公开栏（notice）")
    forms.choose("screens", "服务中心大厅屏（lobby）")
    forms.body("本月专项资金收支已经社区居务监督委员会审核。")
    forms.publish()

    # the files: same folders and names as `board new`, UTF-8, read back with the typed values
    names = {p.relative_to(project / "content").as_posix() for p in (project / "content").rglob("*表单测试*.md")}
    assert names == {"notices/2026-11-29-表单测试：12月5日停电通知.md",
                     "gongshi/2026-11-29-表单测试：2026年度优秀志愿者拟表彰名单公示.md",
                     "finance/2026-11-29-表单测试：2026年11月社区财务收支公开.md"}
    loaded = _load(project)
    assert not loaded.problems.errors, [p.format() for p in loaded.problems.errors]
    by_title = {i.title: i for i in loaded.items}
    notice = by_title["表单测试：12月5日停电通知"]
    assert (notice.type, notice.kind, notice.date.day, notice.date.all_day) == ("notice", "通知", date(2026, 11, 29), True)
    assert (notice.screens, notice.boards, notice.addressee) == (("lobby",), ("notice",), "1栋、2栋居民")
    assert notice.body.strip() == "因供电线路检修，12月5日（周六）8:00至12:00，1栋、2栋停电。\n\n特此通知。"
    gongshi = by_title["表单测试：2026年度优秀志愿者拟表彰名单公示"]
    assert gongshi.end is not None and gongshi.end.day == date(2026, 12, 5)
    assert gongshi.objection is not None and (gongshi.objection.phone, gongshi.objection.receiver) == \
        ("023-6388 1234", "社区居务监督委员会")
    finance = by_title["表单测试：2026年11月社区财务收支公开"]
    ledger = finance.ledger
    assert ledger is not None and ledger.balanced
    assert [(str(line.date), line.voucher, line.item, line.amount) for line in ledger.income] == [
        ("2026-11-06", "记-1101", "街道拨付社区工作经费", Decimal("8000.00")),
        ("2026-11-22", "记-1106", "旧物交换集市义卖收入", Decimal("1105.20"))]
    assert [(line.item, line.amount) for line in ledger.expense] == [("楼道消防器材更换", Decimal("3480.40"))]
    assert (ledger.opening, ledger.closing) == (Decimal("24501.50"), Decimal("30126.30"))
    for item in (notice, gongshi, finance):
        raw = (project / "content" / item.source).read_bytes()
        assert raw.decode("utf-8").startswith("---\ntype: ") and b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")

    # board check is clean
    check = _board(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr

    # the live preview rebuilt: the site pages, the lobby screen in /preview/
    for item in (notice, gongshi, finance):
        wait_for(base + item.url, item.title, 180)
    preview = wait_for(base + "preview/", finance.title, 300).decode("utf-8")
    assert notice.title in preview and gongshi.title in preview
    status, playlist_raw = get(base + "screens/lobby/playlist.json")
    assert status == 200
    on_lobby = {frame["item"] for frame in json.loads(playlist_raw)["frames"]}
    assert {notice.id, gongshi.id, finance.id} <= on_lobby
    # the month's poster for the 居务公开栏
    from display.posters import build_posters
    from generator.lifecycle import resolve_now

    report = build_posters(loaded.items, loaded.config, resolve_now(TODAY, loaded.config.tz),
                           project / "poster-check", root=loaded.root, cache_dir=project / ".poster-cache",
                           board_ids=["notice"])
    (issue,) = report.issues
    assert issue.month == "2026-11" and {notice.id, gongshi.id, finance.id} <= set(issue.items)
    assert issue.pdf.is_file()


def test_unbalanced_ledger_saved_through_the_form_is_reported(served, forms) -> None:  # noqa: ANN001
    project, _base = served
    forms.new("finance")
    forms.fill("title", "表单测试：账目不平")
    forms.fill("period", "2026-11")
    forms.fill("date", TODAY)
    forms.fill("prepared_by", "程洪")
    forms.fill("reviewed_by", "李明")
    forms.fill("opening", "100")
    forms.add("收入")
    forms.fill("item", "捐款", last=True)
    forms.fill("amount", "50", last=True)
    forms.fill("closing", "200")
    forms.publish()
    check = _board(project, "check")
    assert check.returncode == 1
    (line,) = [ln for ln in check.stdout.splitlines() + check.stderr.splitlines() if "账目不平" in ln]
    assert "finance/2026-11-29-表单测试：账目不平.md:" in line and "多了 50.00 元" in line
