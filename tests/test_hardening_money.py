"""Money is exact: arbitrary ledgers, written the ways editors write amounts, add up like Decimal.

For random ledgers (opening balance, up to 25 income and 25 expense lines, amounts from 0.01 to
ten million, written as YAML numbers, quoted strings, with thousands separators, ¥ or 元), the
loaded totals, the balance check's verdict and message, the website's ledger table and the
screens' figures all agree with a plain `Decimal` computation; no binary float sneaks in.
"""
from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TinyProject
from generator.money import MAX_AMOUNT, format_amount

CENTS = st.integers(1, 10**9)  # 0.01 … 10,000,000.00 per line


def _written(cents: int, style: int) -> str:
    """One amount as an editor might type it into YAML."""
    amount = Decimal(cents) / 100
    plain = f"{amount:.2f}"
    return [
        plain,                                          # 1234.50 (a YAML number)
        f'"{amount:,.2f}"',                             # "1,234.50"
        f'"¥{plain}"',                                  # "¥1234.50"
        f'"{plain}元"',                                 # "1234.50元"
        str(cents // 100) if cents % 100 == 0 else plain.rstrip("0"),  # 1234 / 1234.5
    ][style % 5]


LINES = st.lists(st.tuples(CENTS, st.integers(0, 4)), max_size=25)


def _ledger_yaml(opening: tuple[int, int], income: list[tuple[int, int]], expense: list[tuple[int, int]],
                 closing: tuple[int, int]) -> str:
    def block(name: str, lines: list[tuple[int, int]]) -> str:
        if not lines:
            return f"  {name}: []\n"
        rows = "".join(f"    - {{item: 第{n}笔, amount: {_written(c, s)}}}\n" for n, (c, s) in enumerate(lines, 1))
        return f"  {name}:\n{rows}"

    return ("---\ntype: finance\ntitle: 财务公开\nperiod: 2026-10\ndate: 2026-11-12\n"
            "prepared_by: 程洪\nreviewed_by: 李明\nledger:\n"
            f"  opening: {_written(*opening)}\n" + block("income", income) + block("expense", expense)
            + f"  closing: {_written(*closing)}\n---\n本月收支。\n")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(opening=st.tuples(st.integers(0, 10**11), st.integers(0, 4)), income=LINES, expense=LINES,
       off_by=st.one_of(st.just(0), st.just(0), st.integers(-10**6, 10**6)), closing_style=st.integers(0, 4))
def test_totals_and_balance_agree_with_decimal(tiny: TinyProject, opening: tuple[int, int],
                                               income: list[tuple[int, int]], expense: list[tuple[int, int]],
                                               off_by: int, closing_style: int) -> None:
    from display.slidedata import money
    from generator.web.context import SiteContext
    from generator.web.items import _finance

    d = lambda cents: Decimal(cents) / 100  # noqa: E731
    want_income = sum((d(c) for c, _ in income), Decimal(0))
    want_expense = sum((d(c) for c, _ in expense), Decimal(0))
    expected = d(opening[0]) + want_income - want_expense
    closing_cents = int(expected * 100) + off_by
    if closing_cents <= 0 or d(closing_cents) > MAX_AMOUNT:
        closing_cents = max(1, int(expected * 100)) if expected > 0 else 1
    closing = d(closing_cents)
    if closing == 0:
        closing_cents, closing = 1, Decimal("0.01")
    tiny.add_item("finance/2026-10.md", _ledger_yaml(opening, income, expense, (closing_cents, closing_style)))
    problems = tiny.check()
    ledger_errors = [p for p in problems.errors if p.field.startswith("ledger")]
    other = [p for p in problems.errors if not p.field.startswith("ledger")]
    assert not other, other
    if closing != expected:
        (error,) = ledger_errors
        assert error.field == "ledger.closing" and "账目不平" in error.message
        assert f"{abs(closing - expected).quantize(Decimal('0.01'))} 元" in error.message
        assert ("多了" if closing > expected else "少了") in error.message
        assert f"= {expected.quantize(Decimal('0.01'))}" in error.message
        return
    assert not ledger_errors, ledger_errors
    project = tiny.load()
    (item,) = [i for i in project.items if i.type == "finance"]
    ledger = item.ledger
    for value in (ledger.opening, ledger.closing, ledger.total_income, ledger.total_expense,
                  *(line.amount for line in (*ledger.income, *ledger.expense))):
        assert isinstance(value, Decimal) and value == value.quantize(Decimal("0.01"))
    assert ledger.total_income == want_income and ledger.total_expense == want_expense
    assert ledger.balanced and ledger.expected_closing == expected == ledger.closing
    # the same numbers reach the website's table and the screens' figures
    html = _finance(item, SiteContext(project.config, item.published_at))
    for value in (ledger.total_income, ledger.total_expense, ledger.closing):
        # cells carry their column's label for the stacked phone layout (data-label)
        assert re.search(rf'<td class="board-num"[^>]*>{re.escape(format_amount(value))}</td>', html), value
    assert "账目不平" not in html
    assert (money(ledger.total_income), money(ledger.closing)) == (f"{want_income:,.2f}", f"{expected:,.2f}")


def test_floats_never_sum_inexactly(tiny: TinyProject) -> None:
    """0.10 + 0.20 is 0.30 exactly (as a binary float it is 0.30000000000000004)."""
    text = _ledger_yaml((0, 0), [(10, 0), (20, 0)], [], (30, 0))
    tiny.add_item("finance/2026-10.md", text)
    assert not tiny.check().errors
    (item,) = tiny.load().items
    assert item.ledger.total_income == Decimal("0.30") and item.ledger.balanced
