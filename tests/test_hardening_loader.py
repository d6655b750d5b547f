"""The loader never crashes: arbitrary front matter yields items or located problems."""
from __future__ import annotations

import string
from decimal import Decimal

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TinyProject
from generator.money import capital

WEIRD_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("停水通知公示𠮷𪚥😀\u200b\u200e\u202e\u0000\t\r\n:-[]{}#&*!|>'\"%@`,，。")),
        st.characters(codec="utf-8"),
    ),
    max_size=40,
)
KEYS = st.sampled_from(["type", "title", "date", "expires", "screens", "boards", "ledger", "period",
                        "objection", "start", "end", "days", "priority", "draft", "milestones",
                        "results", "valid_responses", "category", "hours", "weekdays", "image",
                        "expries", "题目"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), WEIRD_TEXT,
                    st.sampled_from(["notice", "finance", "gongshi", "event", "2026-02-30",
                                     "2026-11-29 25:00", "all", "lobby", "1e400", "NaN", ".inf",
                                     "2026-Q5", "9:00", "07:00-22:00"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(KEYS, WEIRD_TEXT), inner, max_size=4)),
    max_leaves=12)
FRONT = st.dictionaries(KEYS, VALUES, max_size=8)


def _assert_located(tiny: TinyProject) -> None:
    problems = tiny.check()  # must not raise
    for problem in problems:
        assert problem.path.startswith(("content/", "mkdocs.yml"))
        assert problem.line >= 0
        assert problem.message


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=FRONT, body=WEIRD_TEXT)
def test_random_front_matter_never_crashes(tiny: TinyProject, front: dict, body: str) -> None:
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    tiny.add_item("notices/random.md", text)
    _assert_located(tiny)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(alphabet=st.sampled_from(list(string.printable + "停水：，—𠮷")), max_size=200))
def test_random_bytes_in_front_matter_never_crash(tiny: TinyProject, raw: str) -> None:
    tiny.add_item("notices/raw.md", "---\n" + raw + "\n---\n正文\n")
    _assert_located(tiny)


def test_huge_title_and_astral_characters(tiny: TinyProject) -> None:
    tiny.add_item("notices/big.md", "---\ntype: notice\ntitle: " + "𠮷" * 100_000 + "\ndate: 2026-11-20\n---\n")
    (error,) = tiny.check().errors
    assert error.field == "title" and "太长" in error.message and error.line == 3


def test_deeply_nested_yaml(tiny: TinyProject) -> None:
    tiny.add_item("notices/deep.md", "---\ntype: notice\ntitle: " + "[" * 5000 + "\n---\n")
    errors = tiny.check().errors
    assert errors and errors[0].path == "content/notices/deep.md"


@settings(max_examples=300, deadline=None)
@given(cents=st.integers(0, 99_999_999_999_999))
def test_capital_round_trips_through_cn2an(cents: int) -> None:
    import cn2an

    amount = Decimal(cents) / 100
    text = capital(amount)
    spoken = text.replace("整", "")
    if "元" in spoken:
        yuan_part, _, rest = spoken.partition("元")
    else:
        yuan_part, rest = "零", spoken
    yuan = int(cn2an.cn2an(yuan_part, "normal")) if yuan_part else 0
    rest = rest.removeprefix("零")
    jiao = int(cn2an.cn2an(rest.split("角")[0], "normal")) if "角" in rest else 0
    fen_text = rest.split("角")[-1]
    fen = int(cn2an.cn2an(fen_text.removesuffix("分"), "normal")) if "分" in fen_text else 0
    assert Decimal(yuan) + Decimal(jiao) / 10 + Decimal(fen) / 100 == amount, text
