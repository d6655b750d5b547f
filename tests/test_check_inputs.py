"""Every bad input of the foundation issue gets its own clear error, with file and line."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import NOTICE, REPO, TinyProject

GOOD_FINANCE = """\
---
type: finance
title: 10月财务公开
date: 2026-11-10
period: 2026-10
prepared_by: 程洪
reviewed_by: 李明
ledger:
  opening: 100.00
  income:
    - {item: 拨款, amount: 50.00}
  expense:
    - {item: 办公用品, amount: 20.50}
  closing: 129.50
---
"""

GONGSHI = """\
---
type: gongshi
title: 志愿者公示
date: 2026-11-20
start: 2026-11-20
end: 2026-11-27
objection:
  phone: 023-6388 1234
---
正文
"""

# (case name, file name, file text, expected line, expected field, words the message must contain)
CASES = [
    # the line that opened the bracket, not the next one where libyaml noticed
    ("yaml syntax", "notices/a.md", "---\ntype: notice\ntitle: [未闭合\ndate: 2026-11-20\n---\n", 3, "", ["格式错误", "引号"]),
    ("tab indentation", "notices/a.md", "---\ntype: notice\ntitle: 标题\ndate: 2026-11-20\nobjection:\n\tphone: 1\n---\n", 6, "", ["制表符"]),
    ("not a mapping", "notices/a.md", "---\n- 一\n- 二\n---\n", 2, "", ["字段: 值"]),
    ("empty file", "notices/a.md", "", 1, "", ["空的"]),
    ("no front matter", "notices/a.md", "只有正文\n", 1, "", ["---"]),
    ("missing type", "notices/a.md", "---\ntitle: 标题\ndate: 2026-11-20\n---\n", 2, "", ["type"]),
    ("missing title", "notices/a.md", "---\ntype: notice\ndate: 2026-11-20\n---\n", 2, "", ["title"]),
    ("missing date", "notices/a.md", "---\ntype: notice\ntitle: 标题\n---\n", 2, "", ["date"]),
    ("unknown type", "notices/a.md", "---\ntype: noitce\ntitle: 标题\ndate: 2026-11-20\n---\n", 2, "type", ["notice"]),
    ("unknown field", "notices/a.md", "---\ntype: notice\ntitle: 标题\ndate: 2026-11-20\nexpries: 2026-12-01\n---\n", 5, "expries", ["expires"]),
    ("impossible date", "notices/a.md", "---\ntype: notice\ntitle: 标题\ndate: 2026-02-30\n---\n", 4, "date", ["不存在", "28"]),
    ("expires before date", "notices/a.md", "---\ntype: notice\ntitle: 标题\ndate: 2026-11-20\nexpires: 2026-11-10\n---\n", 5, "expires", ["早于"]),
    ("event end before start", "events/a.md", "---\ntype: event\ntitle: 活动\ndate: 2026-11-20\nstart: 2026-12-01 10:00\nend: 2026-12-01 09:00\nplace: 广场\n---\n", 6, "end", ["早于"]),
    ("ledger unbalanced", "finance/a.md", GOOD_FINANCE.replace("closing: 129.50", "closing: 130.00"), 14, "ledger.closing", ["不平", "0.50"]),
    ("three decimals", "finance/a.md", GOOD_FINANCE.replace("amount: 20.50", "amount: 20.505"), 13, "ledger.expense[0].amount", ["两位小数"]),
    ("negative amount", "finance/a.md", GOOD_FINANCE.replace("amount: 50.00", "amount: -50.00"), 11, "ledger.income[0].amount", ["负数"]),
    ("amount as text", "finance/a.md", GOOD_FINANCE.replace("amount: 50.00", "amount: 五十元"), 11, "ledger.income[0].amount", ["不是金额"]),
    ("gongshi too short", "gongshi/a.md", GONGSHI.replace("end: 2026-11-27", "end: 2026-11-22"), 6, "end", ["3 天", "5 天"]),
    ("gongshi no phone", "gongshi/a.md", GONGSHI.replace("  phone: 023-6388 1234\n", "  address: 居委会\n"), 7, "objection", ["phone"]),
    ("unknown screen", "notices/a.md", NOTICE.replace("screens: [lobby]", "screens: [lobby, gate]"), 5, "screens", ["gate", "lobby"]),
    ("unknown board", "notices/a.md", NOTICE.replace("boards: [notice]", "boards: hall"), 6, "boards", ["hall"]),
    ("missing image", "notices/a.md", NOTICE + "\n![图](images/nope.png)\n", 11, "", ["不存在"]),
    ("escaping link", "notices/a.md", NOTICE + "\n[密码](../../etc/passwd)\n", 11, "", ["以外"]),
    ("javascript link", "notices/a.md", NOTICE + "\n[点我](javascript:alert(1))\n", 11, "", ["不安全"]),
]


@pytest.mark.parametrize("name,rel,text,line,field,words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_reports_file_line_and_gist(tiny: TinyProject, name: str, rel: str, text: str,
                                              line: int, field: str, words: list[str]) -> None:
    tiny.add_item(rel, text)
    errors = tiny.check().errors
    assert errors, f"{name}: expected an error"
    first = errors[0]
    assert first.path == f"content/{rel}"
    assert first.line == line, first.format()
    if field:
        assert first.field == field, first.format()
    for word in words:
        assert word in first.message, first.format()


def test_bom_is_accepted(tiny: TinyProject) -> None:
    tiny.add_item("notices/bom.md", "\ufeff" + NOTICE)
    problems = tiny.check()
    assert not problems.errors
    assert tiny.load().items[0].title == "停水通知"


def test_gbk_file_says_how_to_resave(tiny: TinyProject) -> None:
    tiny.add_item("notices/gbk.md", NOTICE, encoding="gbk")
    (error,) = tiny.check().errors
    assert error.path == "content/notices/gbk.md"
    assert "UTF-8" in error.message and "GBK" in error.message


def test_two_items_at_one_url(tiny: TinyProject) -> None:
    tiny.add_item("notices/停水.md", NOTICE)
    tiny.add_item("notices/ting-shui.md", NOTICE)
    errors = tiny.check().errors
    assert {e.path for e in errors} == {"content/notices/停水.md", "content/notices/ting-shui.md"}
    assert all("同一个网址" in e.message for e in errors)


def test_every_problem_is_reported_not_just_the_first(tiny: TinyProject) -> None:
    tiny.add_item("notices/a.md", "---\ntype: notice\ntitle: 标题\ndate: 2026-02-30\nexpries: x\npriority: high\n---\n")
    tiny.add_item("notices/b.md", "")
    errors = tiny.check().errors
    assert [(e.path, e.line) for e in errors] == [
        ("content/notices/a.md", 4), ("content/notices/a.md", 5), ("content/notices/a.md", 6),
        ("content/notices/b.md", 1)]


@pytest.mark.parametrize("option,value,path", [
    ("color: full", "color: rainbow", "plugins.board.screens.lobby.color"),
    ("paper: A3", "paper: B5", "plugins.board.boards.notice.paper"),
    ("timezone: Asia/Shanghai", "timezone: Mars/Olympus", "plugins.board.timezone"),
])
def test_config_errors_name_the_option_path(tiny: TinyProject, option: str, value: str, path: str) -> None:
    text = tiny.config_file.read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if option in t)
    tiny.write_config(text.replace(option, value, 1))
    result = subprocess.run([sys.executable, "-m", "generator.cli", "check", "-f", str(tiny.config_file)],
                            capture_output=True, text=True, cwd=tiny.root)
    assert result.returncode == 2
    assert f"mkdocs.yml:{line}:" in result.stdout
    assert path in result.stdout


def test_personal_data_is_an_error_and_masked_forms_pass(tiny: TinyProject) -> None:
    tiny.add_item("gongshi/a.md", GONGSHI.replace("正文", "张三 身份证 500103199001011234 电话 13800138000\n"))
    errors = tiny.check().errors
    assert [(e.line, e.message.split("「")[0]) for e in errors] == [
        (10, "这里有完整的身份证号"), (10, "这里有完整的手机号码")]
    assert "5001**********1234" in errors[0].message and "138****8000" in errors[1].message
    masked = GONGSHI.replace("正文", "张三 5001**********1234 电话 138****8000\n")
    tiny.add_item("gongshi/a.md", masked)
    assert not [w for w in tiny.check() if w.path == "content/gongshi/a.md"]


def test_expired_item_and_missing_catalog_period_warn(tiny: TinyProject) -> None:
    tiny.add_item("notices/old.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-01\nexpires: 2026-11-15"))
    tiny.add_item("finance/2026-10.md", GOOD_FINANCE)
    warnings = tiny.check().warnings
    assert any(w.field == "expires" for w in warnings)
    missing = [w for w in warnings if w.path == "mkdocs.yml"]
    assert len(missing) == 1 and "2026年9月" in missing[0].message  # October was disclosed; November is not due


def test_check_cli_exit_codes_and_formats(tiny: TinyProject) -> None:
    import json

    tiny.add_item("notices/a.md", NOTICE)
    ok = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--today", "2026-11-29"],
                        capture_output=True, text=True, cwd=tiny.root)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    tiny.add_item("notices/b.md", "---\ntype: notice\ntitle: 坏\ndate: 2026-13-01\n---\n")
    for fmt in ("text", "github", "json"):
        bad = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--format", fmt],
                             capture_output=True, text=True, cwd=tiny.root)
        assert bad.returncode == 1
        if fmt == "github":
            assert "::error file=content/notices/b.md,line=4::" in bad.stdout
        elif fmt == "json":
            (entry,) = [e for e in json.loads(bad.stdout) if e["severity"] == "error"]
            assert entry["path"] == "content/notices/b.md" and entry["line"] == 4
        else:
            assert bad.stdout.startswith("content/notices/b.md:4: 错误:")


def test_sample_community_checks_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--today", "2026-11-29"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "错误:" not in result.stdout
