"""Personal numbers never reach the site by mistake (issue 13).

The recognisers are tested as properties: every generated ID, mobile and card number, in every
spelling `generator.personal` accepts, embedded anywhere in any text, is found, and its masked
form is not. The loader is tested by table: one case per place a number can hide in an item.
"""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import NOTICE, TinyProject
from generator import personal

# --- generated numbers ---------------------------------------------------------------------------

SEPARATORS = st.sampled_from(list(personal.SEPARATORS))
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    region = draw(st.integers(110000, 829999))
    born = date(1900, 1, 1) + timedelta(days=draw(st.integers(0, (date(2025, 12, 31) - date(1900, 1, 1)).days)))
    first17 = f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + personal.id_check_digit(first17)


@st.composite
def old_ids(draw: st.DrawFn) -> str:
    region = draw(st.integers(110000, 829999))
    born = date(1900, 1, 1) + timedelta(days=draw(st.integers(0, 36523)))
    return f"{region}{born:%y%m%d}{draw(st.integers(0, 999)):03d}"


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    return f"1{draw(st.sampled_from('3456789'))}{draw(st.integers(0, 10**9 - 1)):09d}"


@st.composite
def cards(draw: st.DrawFn) -> str:
    length = draw(st.integers(16, 19))
    start = draw(st.sampled_from(["4", "5", "62", "35"]))
    body = start + "".join(str(draw(st.integers(0, 9))) for _ in range(length - len(start) - 1))
    last = next(d for d in "0123456789" if personal.luhn_ok(body + d))
    return body + last


def _spell(digits: str, shape: tuple[int, ...], seps: list[str]) -> str:
    out, at = "", 0
    for index, size in enumerate(shape):
        out += (seps[index - 1] if index else "") + digits[at:at + size]
        at += size
    return out


@st.composite
def spelled(draw: st.DrawFn) -> tuple[str, str, str]:
    """(kind, digits, spelling) in one of the spellings the recogniser accepts."""
    kind = draw(st.sampled_from(["id", "id15", "mobile", "card"]))
    digits = draw({"id": resident_ids(), "id15": old_ids(), "mobile": mobiles(), "card": cards()}[kind])
    shapes = {"id": personal.ID_SHAPES, "id15": personal.ID15_SHAPES, "mobile": personal.MOBILE_SHAPES,
              "card": personal.card_shapes(len(digits))}[kind]
    shape = draw(st.sampled_from(shapes))
    if kind == "id" and shape not in ((18,), (6, 8, 4)):
        assume(personal.id_check_digit(digits[:17]) == digits[17])
    seps = draw(st.lists(SEPARATORS, min_size=len(shape), max_size=len(shape)))
    text = _spell(digits, shape, seps)
    if kind == "id" and text.endswith("X"):
        text = text[:-1] + draw(st.sampled_from("Xx"))
    if kind == "mobile":
        text = draw(st.sampled_from(["", "+86 ", "+86", "+86-", "0086 ", "0086", "(+86) ", "（+86）", "＋86 "])) + text
    if draw(st.booleans()):
        text = text.translate(WIDE)
    return kind, digits, text


FILLER = st.text(alphabet=st.one_of(st.sampled_from(list("停水通知公示张三电话身份证号：，。、（）()|*-_ #[]!\"'<>")),
                                    st.characters(codec="utf-8", exclude_characters="\n\r\x85\u2028\u2029")),
                 max_size=20)
# what a clerk can type into a field (control characters are refused before anything is read)
PRINTABLE_FILLER = st.text(alphabet=st.one_of(
    st.sampled_from(list("停水通知公示张三电话身份证号：，。、（）()|*-_ #[]!\"'<>")),
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf", "Zl", "Zp"))), max_size=20)
_JOINS = set("0123456789０１２３４５６７８９" + personal.SEPARATORS)


def _left_ok(text: str) -> bool:
    return not text or text[-1] not in _JOINS


def _right_ok(text: str) -> bool:
    return not text or (text[0] not in _JOINS and not (text[0].isascii() and text[0].isalnum()))


# --- the recognisers: properties ----------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(number=spelled(), left=FILLER.filter(_left_ok), right=FILLER.filter(_right_ok))
def test_every_spelling_is_found_anywhere(number: tuple[str, str, str], left: str, right: str) -> None:
    kind, digits, text = number
    found = personal.find(left + text + right)
    wanted = digits.upper()
    assert any(f.digits == wanted and f.kind == kind for f in found), (text, found)
    match = next(f for f in found if f.digits == wanted)
    assert personal.find(match.masked) == []


@settings(max_examples=200, deadline=None)
@given(number=spelled(), left=FILLER.filter(_left_ok), right=FILLER.filter(_right_ok))
def test_masked_forms_are_never_found(number: tuple[str, str, str], left: str, right: str) -> None:
    kind, digits, _ = number
    masked = personal.mask(kind, digits.upper())
    start = len(left)
    found = personal.find(left + masked + right)
    assert not [f for f in found if f.start < start + len(masked) and f.end > start], found


@pytest.mark.parametrize("text", [
    "023-6388 1234", "023-63881234", "(023) 6388 1234", "63881234", "400-123-4567", "12345", "95588",
    "2026-11-29", "2026年12月2日8:00至18:00", "3至6栋", "金额 12000.00 元 13000 200000",
    "记-1001", "2026-Q3", "5001**********1236", "139****6789", "138****5678", "6222********0128",
    "500103********1236",
])
def test_ordinary_numbers_are_not_personal(text: str) -> None:
    assert personal.find(text) == []


@pytest.mark.parametrize("text,kind,masked", [
    ("500103 19900101 1236", "id", "5001**********1236"),
    ("500103199001011234", "id", "5001**********1234"),
    ("11010519491231002x", "id", "1101**********002X"),
    ("110105491231002", "id15", "1101*******1002"),
    ("139 2345 6789", "mobile", "139****6789"),
    ("138-1234-5678", "mobile", "138****5678"),
    ("+86 139 2345 6789", "mobile", "139****6789"),
    ("0086-13923456789", "mobile", "139****6789"),
    ("6222 0212 3456 7890 128", "card", "6222***********0128"),
])
def test_issue_spellings_and_their_masks(text: str, kind: str, masked: str) -> None:
    (found,) = personal.find(f"联系：{text}。")
    assert (found.kind, found.masked) == (kind, masked)


# --- the loader: one case per place a number can hide -------------------------------------------

ID = "500103 19900101 1236"
MOBILE = "139 2345 6789"
CARD = "6222 0212 3456 7890 128"

FINANCE = """\
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
    - {item: "退押金 ITEM", amount: 20.50}
  closing: 129.50
---
"""
HONOR = "---\ntype: honor\ntitle: 光荣榜\ndate: 2026-11-10\nhonorees:\n  - {name: 王秀英, reason: 热心}\n  - name: 李四\n    reason: ITEM\n---\n"
SURVEY = ("---\ntype: survey\ntitle: 调查\ndate: 2026-11-10\nvalid_responses: 10\nresults:\n"
          "  - {answer: 满意, count: 5, satisfied: true}\n  - {answer: ITEM, count: 1}\n---\n")
EVENT = "---\ntype: event\ntitle: 活动\ndate: 2026-11-10\nstart: 2026-12-01 09:00\nplace: 广场\nsignup: 报名 ITEM\n---\n"

# (case, file, text with ITEM where the number goes, line, field)
PLACES = [
    ("notice title", "notices/a.md", NOTICE.replace("title: 停水通知", "title: 联系ITEM"), 3, "title"),
    ("notice summary", "notices/a.md", NOTICE.replace("screens:", "summary: 请联系 ITEM 办理\nscreens:"), 5, "summary"),
    ("multi-line summary", "notices/a.md",
     NOTICE.replace("screens:", "summary: |\n  第一行\n  第二行 ITEM\nscreens:"), 7, "summary"),
    ("contact", "notices/a.md", NOTICE.replace("screens:", "contact: 王老师 ITEM\nscreens:"), 5, "contact"),
    ("body", "notices/a.md", NOTICE + "\n联系人：ITEM\n", 11, ""),
    ("table", "notices/a.md", NOTICE + "\n| 姓名 | 号码 |\n|---|---|\n| 张三 | ITEM |\n", 13, ""),
    ("image alt text", "notices/a.md", NOTICE + "\n![张三 ITEM](https://example.org/a.png)\n", 11, ""),
    ("html comment", "notices/a.md", NOTICE + "\n<!-- ITEM -->\n", 11, ""),
    ("ledger item", "finance/a.md", FINANCE, 13, "ledger.expense[0].item"),
    ("honoree", "honors/a.md", HONOR, 8, "honorees[1].reason"),
    ("survey answer", "surveys/a.md", SURVEY, 8, "results[1].answer"),
    ("event signup", "events/a.md", EVENT, 7, "signup"),
]


@pytest.mark.parametrize("number", [ID, MOBILE, CARD])
@pytest.mark.parametrize("case,rel,text,line,field", PLACES, ids=[p[0] for p in PLACES])
def test_personal_number_anywhere_is_an_error(tiny: TinyProject, case: str, rel: str, text: str,
                                              line: int, field: str, number: str) -> None:
    tiny.add_item(rel, text.replace("ITEM", number))
    errors = [e for e in tiny.check().errors if e.path == f"content/{rel}"]
    assert [(e.line, e.field) for e in errors] == [(line, field)], [e.format() for e in errors]
    masked = personal.find(number)[0].masked
    assert f"「{number}」" in errors[0].message and masked in errors[0].message
    assert "public_numbers" in errors[0].message
    assert tiny.load().items == []  # never published


def test_number_typed_as_a_yaml_number_is_found(tiny: TinyProject) -> None:
    tiny.add_item("notices/a.md", NOTICE.replace("screens:", "contact: 13923456789\nscreens:"))
    (error,) = tiny.check().errors
    assert (error.line, error.field) == (5, "contact") and "139****6789" in error.message


def test_office_landline_and_community_phone_pass(tiny: TinyProject) -> None:
    tiny.add_item("notices/a.md", NOTICE + "\n监督电话：023-6388 1234，热线 12345。\n")
    assert not tiny.check().errors
    config = tiny.config_file.read_text(encoding="utf-8").replace("phone: 023-6388 1234", "phone: 139 2345 6789")
    tiny.write_config(config)
    tiny.add_item("notices/a.md", NOTICE + "\n监督电话：13923456789\n")  # the site's own phone, any spelling
    assert not tiny.check().errors


def test_public_numbers_is_a_visible_per_item_opt_out(tiny: TinyProject) -> None:
    text = NOTICE.replace("screens:", "contact: 网格员 139-2345-6789\npublic_numbers: [139 2345 6789]\nscreens:")
    tiny.add_item("notices/a.md", text + "\n网格员手机 13923456789；张三 138 1234 5678\n")
    problems = tiny.check()
    (error,) = problems.errors  # only the number that was not declared
    assert error.line == 13 and "138****5678" in error.message
    tiny.add_item("notices/b.md", NOTICE.replace("screens:", "public_numbers: 13800138000\nscreens:"))
    (unused,) = [w for w in tiny.check().warnings if w.path == "content/notices/b.md"]
    assert unused.field == "public_numbers" and "没有出现" in unused.message


def test_plain_page_is_checked_too(tiny: TinyProject) -> None:
    (tiny.content / "about.md").write_text("# 关于\n\n主任手机 139 2345 6789\n", encoding="utf-8")
    (error,) = tiny.check().errors
    assert (error.path, error.line) == ("content/about.md", 3)
    (tiny.content / "about.md").write_text(
        "---\npublic_numbers: [139 2345 6789]\n---\n# 关于\n\n主任手机 139 2345 6789\n", encoding="utf-8")
    assert not tiny.check().errors


FIELDS = [  # (file, front matter lines before the value, key, after): where a generated number goes
    ("notices/a.md", "---\ntype: notice\ndate: 2026-11-20\n", "title", "---\n正文\n"),
    ("notices/a.md", "---\ntype: notice\ntitle: 通知\ndate: 2026-11-20\n", "summary", "---\n"),
    ("notices/a.md", "---\ntype: notice\ntitle: 通知\ndate: 2026-11-20\n", "addressee", "---\n"),
    ("events/a.md", "---\ntype: event\ntitle: 活动\ndate: 2026-11-20\nstart: 2026-12-01\n", "place", "---\n"),
    ("gongshi/a.md", "---\ntype: gongshi\ntitle: 公示\ndate: 2026-11-20\ndays: 7\nobjection:\n  phone: 12345\n",
     "basis", "---\n"),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=spelled(), left=PRINTABLE_FILLER.filter(_left_ok), right=PRINTABLE_FILLER.filter(_right_ok),
       where=st.sampled_from(FIELDS), in_body=st.booleans())
def test_generated_numbers_in_any_field_block_publishing(tiny: TinyProject, number: tuple[str, str, str],
                                                         left: str, right: str, where: tuple[str, str, str, str],
                                                         in_body: bool) -> None:
    rel, before, key, after = where
    value = left + number[2] + right
    if in_body:
        text = before + f"{key}: 标题\n" + after + "\n" + value + "\n"
        line = text.splitlines().index(value) + 1
    else:
        text = before + f"{key}: {json.dumps(value, ensure_ascii=False)}\n" + after
        line = before.count("\n") + 1
    tiny.add_item(rel, text)
    problems = tiny.check()
    masked = personal.mask(number[0], number[1].upper())
    assert any(e.line == line and masked in e.message for e in problems.errors), [e.format() for e in problems]
    assert tiny.load().items == []


# --- board build: refuses personal data, shows warnings ------------------------------------------

def test_board_build_refuses_personal_data_and_prints_warnings(tiny: TinyProject) -> None:
    tiny.add_item("notices/old.md", NOTICE.replace("date: 2026-11-20", "date: 2026-11-20\nexpires: 2026-11-25"))
    run = [sys.executable, "-m", "generator.cli", "build", "--today", "2026-11-29"]
    ok = subprocess.run(run, capture_output=True, text=True, cwd=tiny.root)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "content/notices/old.md:5: 警告:" in ok.stdout and "个警告（不影响这次生成）" in ok.stderr
    page = tiny.root / "site" / "index.html"
    before = page.read_bytes()
    tiny.add_item("notices/id.md", NOTICE.replace("停水通知", f"张三 {ID}"))
    bad = subprocess.run(run, capture_output=True, text=True, cwd=tiny.root)
    assert bad.returncode == 1
    assert "content/notices/id.md:3: 错误:" in bad.stdout and "5001**********1236" in bad.stdout
    assert page.read_bytes() == before
    assert not any(ID.replace(" ", "") in p.read_text(encoding="utf-8", errors="ignore").replace(" ", "")
                   for p in (tiny.root / "site").rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml"))


def test_plain_mkdocs_build_refuses_a_page_with_a_number(tiny: TinyProject) -> None:
    (tiny.content / "about.md").write_text("# 关于\n\n主任手机 139 2345 6789\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], capture_output=True, text=True,
                            cwd=tiny.root)
    assert result.returncode != 0
    assert "content/about.md:3:" in result.stderr + result.stdout and "139****6789" in result.stderr + result.stdout
    assert not (tiny.root / "site" / "about" / "index.html").exists()
