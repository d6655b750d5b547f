"""YAML mistakes clerks make: the right line, what was typed, what to type instead, no English.

Also the two ways YAML silently publishes something other than what was typed: a ` #` taken
as a comment inside a text, and a key written twice.
"""
from __future__ import annotations

import re
import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, TinyProject
from generator.yamlmistakes import GENERIC, problem_text
from generator.yamlsrc import YamlError, load_yaml
from tests.test_check_inputs import GOOD_FINANCE

FINANCE = GOOD_FINANCE  # the same well-formed ledger as the check tests
NOTICE = "---\ntype: notice\ntitle: 停水通知\ndate: 2026-11-20\nsummary: 明天停水\n---\n正文\n"
HONOR = "---\ntype: honor\ntitle: 光荣榜\ndate: 2026-11-10\nhonorees:\n  - {name: 张三, reason: 热心}\n---\n"

# (case, file, text, line, words the message must contain, words it must not contain)
CASES = [
    ("chinese colon", "notices/a.md", NOTICE.replace("title: 停水通知", "title：停水通知"), 3,
     ["中文冒号「：」改成英文冒号「:」", "title: 停水通知"], ["缺少冒号"]),
    ("chinese colon on the first line", "notices/a.md", NOTICE.replace("type: notice", "type：notice"), 2,
     ["中文冒号「：」改成英文冒号「:」", "type: notice"], []),
    ("chinese colon on the last line", "notices/a.md", NOTICE.replace("summary: 明天停水", "summary：明天停水"), 5,
     ["中文冒号", "summary: 明天停水"], []),
    ("full-width space after colon", "notices/a.md", NOTICE.replace("type: notice", "type:\u3000notice"), 2,
     ["全角空格", "type: notice"], []),
    ("full-width space in the middle", "notices/a.md", NOTICE.replace("date: 2026-11-20", "date:\u30002026-11-20"), 4,
     ["全角空格", "date: 2026-11-20"], []),
    ("no space after colon", "notices/a.md", NOTICE.replace("title: 停水通知", "title:停水通知"), 3,
     ["缺少空格", "title: 停水通知"], []),
    ("value starts with [", "notices/a.md", NOTICE.replace("summary: 明天停水", "summary: [紧急] 明天停水"), 5,
     ["「[」开头", "列表", 'summary: "[紧急] 明天停水"'], ["缩进"]),
    ("value starts with {", "notices/a.md", NOTICE.replace("summary: 明天停水", "summary: {紧急} 明天停水"), 5,
     ["「{」开头", 'summary: "{紧急} 明天停水"'], []),
    ("value starts with -", "notices/a.md", NOTICE.replace("title: 停水通知", "title: - 停水通知"), 3,
     ["「-」开头", 'title: "- 停水通知"'], ["block"]),
    ("value starts with *", "notices/a.md", NOTICE.replace("title: 停水通知", "title: *重要* 停水"), 3,
     ["「*」开头", "引用", 'title: "*重要* 停水"'], ["alphabetic"]),
    ("value starts with &", "notices/a.md", NOTICE.replace("title: 停水通知", "title: &停水"), 3, ["「&」开头"], []),
    ("value starts with !", "notices/a.md", NOTICE.replace("title: 停水通知", "title: !紧急 停水"), 3, ["「!」开头"], []),
    ("value starts with @", "notices/a.md", NOTICE.replace("title: 停水通知", "title: @全体居民 停水"), 3, ["「@」开头"], []),
    ("value starts with |", "notices/a.md", NOTICE.replace("summary: 明天停水", "summary: | 明天停水"), 5, ["「|」开头"], []),
    ("quote around part", "notices/a.md", NOTICE.replace("title: 停水通知", 'title: "停水" 通知'), 3,
     ["引号", "title: '\"停水\" 通知'"], []),
    ("unclosed quote", "notices/a.md", NOTICE.replace("title: 停水通知", "title: '停水通知"), 3, ["引号"], ["stream"]),
    ("colon and space in value", "notices/a.md", NOTICE.replace("summary: 明天停水", "summary: 时间: 明天"), 5,
     ["英文冒号", 'summary: "时间: 明天"'], []),
    ("indented key", "notices/a.md", NOTICE.replace("title: 停水通知", " title: 停水通知"), 3, ["缩进"], []),
    ("tab indentation", "notices/a.md", NOTICE.replace("title: 停水通知", "\ttitle: 停水通知"), 3, ["制表符"], []),
    ("amount with thousands comma in {…}", "finance/a.md", FINANCE.replace("amount: 50.00", "amount: ¥1,000.00"), 11,
     ["¥1,000.00", "千位分隔符", "amount: 1000.00"], ["未知字段"]),
    ("item with a comma in {…}", "finance/a.md", FINANCE.replace("item: 办公用品", "item: 购买扫帚, 垃圾袋"), 13,
     ["逗号", "加上引号", 'item: "购买扫帚, 垃圾袋"'], ["未知字段"]),
    ("negative line in expense", "finance/a.md",
     FINANCE.replace("amount: 20.50", "amount: -20.50").replace("129.50", "170.50"), 13,
     ["expense", "income", "退款", "冲销", "正数"], ["支出请写在 expense 里"]),
    ("comment cuts a title", "notices/a.md", NOTICE.replace("title: 停水通知", "title: 关于7栋 #2单元停水的通知"), 3,
     ["「#2单元停水的通知」", "只留下了「关于7栋」", 'title: "关于7栋 #2单元停水的通知"'], []),
    ("comment cuts a summary", "notices/a.md", NOTICE.replace("summary: 明天停水", "summary: 3#楼、5 #楼明天停水"), 5,
     ["只留下了「3#楼、5」", 'summary: "3#楼、5 #楼明天停水"'], []),
    ("comment with a space cuts a number", "notices/a.md", NOTICE.replace("title: 停水通知", "title: 关于7栋 # 2单元停水"), 3,
     ["只留下了「关于7栋」"], []),
    ("comment cuts a list entry", "notices/a.md", NOTICE.replace("summary: 明天停水", "tags:\n  - 停水 #3楼"), 6,
     ["只留下了「停水」", '- "停水 #3楼"'], []),
    ("comment cuts a two-line summary", "notices/a.md", NOTICE.replace("summary: 明天停水", "summary: 明天\n  停水 #3楼"), 6,
     ["只留下了「明天 停水」"], []),
    ("comment cuts inside {…}", "honors/a.md", HONOR.replace("reason: 热心", "reason: 3 #楼热心"), 6,
     ["#", 'reason: "3 #楼热心"'], []),
    ("title twice", "notices/a.md", NOTICE.replace("date:", "title: 停水的通知\ndate:"), 4,
     ["「title」写了两次", "第 3 行"], []),
    ("income twice", "finance/a.md", FINANCE.replace("  expense:", "  income:\n    - {item: 利息, amount: 1.00}\n  expense:"), 12,
     ["「income」写了两次", "第 10 行"], []),
]


@pytest.mark.parametrize("name,rel,text,line,words,absent", CASES, ids=[c[0] for c in CASES])
def test_yaml_mistake_is_explained_on_its_line(tiny: TinyProject, name: str, rel: str, text: str, line: int,
                                                words: list[str], absent: list[str]) -> None:
    tiny.add_item(rel, text)
    errors = tiny.check().errors
    assert errors, name
    first = errors[0]
    assert (first.path, first.line) == (f"content/{rel}", line), [e.format() for e in errors]
    for word in words:
        assert word in first.message, first.format()
    for word in [*absent, "found", "expected", "while "]:
        assert all(word not in e.message for e in errors), [e.format() for e in errors]
    assert tiny.load().items == []  # nothing half-read is published


# comments as the archetypes and the guide write them keep working
FINE = [
    ("comment after spaces", "title: 停水通知    # * 标题", "停水通知"),
    ("comment after one space", "basis: 《城市居民委员会组织法》 # 公开依据", "《城市居民委员会组织法》"),
    ("hash inside a word", "summary: 3#楼、5#楼停水", "3#楼、5#楼停水"),
    ("quoted hash", 'title: "关于7栋 #2单元停水的通知"', "关于7栋 #2单元停水的通知"),
    ("number with a comment", "days: 7 # 7 天", 7),
]


@pytest.mark.parametrize("name,line,value", FINE, ids=[c[0] for c in FINE])
def test_ordinary_comments_are_not_flagged(name: str, line: str, value: object) -> None:
    doc = load_yaml(f"type: notice\n{line}\ndate: 2026-11-20\n")
    assert doc.notes == []
    key = line.split(":")[0]
    assert doc.data[key] == value


def test_archetype_comments_are_not_flagged(tiny: TinyProject) -> None:
    """Every template `board new` writes, with its `# 说明` after fields, loads without a note."""
    from generator.yamlsrc import split_front_matter

    for template in sorted((REPO / "archetypes").glob("*.md")):
        text = re.sub(r"\{\{\s*\w+\s*\}\}", "2026-11", template.read_text(encoding="utf-8"))
        fm = split_front_matter(text)
        assert fm.yaml_text is not None
        uncommented = re.sub(r"^# (\w+:)", r"\1", fm.yaml_text, flags=re.M)  # the optional fields too
        for yaml_text in (fm.yaml_text, uncommented):
            assert load_yaml(yaml_text).notes == [], template.name


# every problem text in libyaml 0.2.5 and PyYAML 6 that can reach a clerk
PARSER_PROBLEMS = [
    "block sequence entries are not allowed in this context", "control characters are not allowed",
    "could not find expected ':'", "could not find expected directive name", "did not find URI escaped octet",
    "did not find expected '!'", "did not find expected ',' or ']'", "did not find expected ',' or '}'",
    "did not find expected '-' indicator", "did not find expected <document start>",
    "did not find expected <stream-start>", "did not find expected alphabetic or numeric character",
    "did not find expected comment or line break", "did not find expected digit or '.' character",
    "did not find expected hexdecimal number", "did not find expected key", "did not find expected node content",
    "did not find expected tag URI", "did not find expected version number", "did not find expected whitespace",
    "did not find expected whitespace or line break", "did not find the expected '>'", "duplicate %TAG directive",
    "expected DOCUMENT-END", "expected DOCUMENT-START or STREAM-END",
    "expected SCALAR, SEQUENCE-START, MAPPING-START, or ALIAS", "expected nothing after STREAM-END",
    "found a tab character that violates indentation", "found a tab character where an indentation space is expected",
    "found an incorrect leading UTF-8 octet", "found an incorrect trailing UTF-8 octet",
    "found an indentation indicator equal to 0", "found character that cannot start any token",
    "found duplicate %TAG directive", "found duplicate %YAML directive", "found extremely long version number",
    "found incompatible YAML document", "found invalid Unicode character escape code", "found undefined tag handle",
    "found unexpected ':'", "found unexpected document indicator", "found unexpected end of stream",
    "found unexpected non-alphabetical character", "found unknown directive name", "found unknown escape character",
    "incompatible %YAML directive", "input is too long", "invalid Unicode character", "invalid leading UTF-8 octet",
    "invalid length of a UTF-8 sequence", "invalid trailing UTF-8 octet", "mapping keys are not allowed in this context",
    "mapping values are not allowed in this context", "tag handle must contain alphanumerical characters only",
    "tag handle must end with '!'", "tag handle must not be empty", "tag handle must start with '!'",
    "tag prefix must not be empty", "tag value must not be empty", "unexpected low surrogate area",
    "found undefined alias", "found duplicate anchor; first occurrence", "expected a single document in the stream",
    "but found another document", "could not determine a constructor for the tag 'tag:yaml.org,2002:python/name'",
    "found unhashable key", "expected a mapping node, but found scalar",
    "expected a mapping or list of mappings for merging, but found scalar", "found unconstructable recursive node",
    "expected <block end>, but found '<scalar>'", "expected ',' or ']', but got '<scalar>'",
    "expected '<document start>', but found '<scalar>'", "found character '@' that cannot start any token",
    "expected alphabetic or numeric character, but found '\\u91cd'", "expected the node content, but found '<block end>'",
    "expected a comment or a line break, but found '停'", "special characters are not allowed",
    "unacceptable character #x0007: special characters are not allowed",
    "something libyaml may say one day",
]
ALLOWED_LATIN = {"YAML", "Tab", "UTF", "title"}


def _latin_words(message: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{3,}", message)) - ALLOWED_LATIN


@pytest.mark.parametrize("problem", PARSER_PROBLEMS)
def test_no_parser_problem_reaches_a_clerk_in_english(problem: str) -> None:
    message = problem_text(problem)
    assert re.search(r"[\u4e00-\u9fff]", message) and not _latin_words(message), message
    if problem != "something libyaml may say one day":
        assert message != GENERIC, f"{problem!r} deserves its own explanation"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(alphabet=st.sampled_from(list(string.punctuation + string.digits + " \n\t停水：，—#　")),
                   max_size=80))
def test_random_yaml_errors_are_chinese(raw: str) -> None:
    """No letters typed: any Latin word in a message would be the parser's English leaking."""
    try:
        doc = load_yaml(raw)
    except YamlError as exc:
        assert re.search(r"[\u4e00-\u9fff]", exc.message) and not _latin_words(exc.message), exc.message
        assert 1 <= exc.line <= raw.count("\n") + 2
        return
    for note in doc.notes:
        assert not _latin_words(note.message), note.message


def test_duplicate_keys_in_mkdocs_yml_are_errors(tiny: TinyProject) -> None:
    text = tiny.config_file.read_text(encoding="utf-8")
    tiny.write_config(text.replace("      gongshi_min_days: 5\n", "      gongshi_min_days: 5\n      gongshi_min_days: 7\n"))
    problems = tiny.load().problems
    first = text.splitlines().index("      gongshi_min_days: 5") + 1
    assert any(p.path == "mkdocs.yml" and p.line == first + 1 and "写了两次" in p.message for p in problems.errors), \
        [p.format() for p in problems]


def test_cut_comment_in_a_board_option_is_an_error(tiny: TinyProject) -> None:
    text = tiny.config_file.read_text(encoding="utf-8")
    text = text.replace("      phone: 023-6388 1234\n", "      phone: 023-6388 1234\n      address: 幸福路 #12号\n")
    text = text.replace("  - search:\n", "  - search:   #站内搜索\n")  # MkDocs' own options: not ours to judge
    tiny.write_config(text)
    problems = tiny.load().problems
    line = text.splitlines().index("      address: 幸福路 #12号") + 1
    (error,) = problems.errors
    assert (error.path, error.line, error.field) == ("mkdocs.yml", line, "plugins.board.address"), error.format()
    assert 'address: "幸福路 #12号"' in error.message


def test_parsed_yaml_is_what_pyyaml_reads() -> None:
    """The notes do not change what is read when nothing is wrong."""
    text = "a: 1\nb: [x, y]\nc: {d: 停水, e: '#1'}\n"
    assert load_yaml(text).data == yaml.safe_load(text)
