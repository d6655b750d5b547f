"""Ledger arithmetic and amounts in Chinese capitals (大写)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from generator.money import MoneyError, capital, format_amount, parse_amount


@pytest.mark.parametrize("amount,expected", [
    ("0", "零元整"),
    ("0.50", "伍角整"),
    ("0.05", "伍分"),
    ("0.55", "伍角伍分"),
    ("1", "壹元整"),
    ("1.05", "壹元零伍分"),
    ("10", "壹拾元整"),
    ("15", "壹拾伍元整"),
    ("100.50", "壹佰元伍角整"),
    ("1010", "壹仟零壹拾元整"),
    ("1001", "壹仟零壹元整"),
    ("10005", "壹万零伍元整"),
    ("100000", "壹拾万元整"),
    ("101000", "壹拾万壹仟元整"),
    ("1000100", "壹佰万零壹佰元整"),
    ("20063.90", "贰万零陆拾叁元玖角整"),
    ("28221.50", "贰万捌仟贰佰贰拾壹元伍角整"),
    ("100000001", "壹亿零壹元整"),
    ("100010000", "壹亿零壹万元整"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
])
def test_capital(amount: str, expected: str) -> None:
    assert capital(Decimal(amount)) == expected


def test_capital_prefix() -> None:
    assert capital(Decimal("10005"), prefix="人民币") == "人民币壹万零伍元整"


@pytest.mark.parametrize("raw,expected", [
    (Decimal("12.5"), Decimal("12.50")), (8000, Decimal("8000.00")), ("1,200.50", Decimal("1200.50")),
    ("¥36.00", Decimal("36.00")), ("1.500", Decimal("1.50")),
])
def test_parse_amount(raw: object, expected: Decimal) -> None:
    assert parse_amount(raw) == expected


@pytest.mark.parametrize("raw,gist", [
    ("12.345", "两位小数"), ("-5", "负数"), ("五十元", "不是金额"), (True, "数字"), (0.1, "精确"),
    ("NaN", "不是金额"),
])
def test_parse_amount_refuses(raw: object, gist: str) -> None:
    with pytest.raises(MoneyError, match=gist):
        parse_amount(raw)


def test_format_amount() -> None:
    assert format_amount(Decimal("1234567.5")) == "1,234,567.50"


def test_sample_ledgers_balance_and_totals() -> None:
    from conftest import REPO
    from generator.loader import load_project

    project = load_project(REPO / "mkdocs.yml")
    ledgers = {i.period.key: i.ledger for i in project.items if i.type == "finance"}
    assert set(ledgers) >= {"2026-09", "2026-10", "2026-11"}
    october = ledgers["2026-10"]
    assert october.total_income == Decimal("8356.20")
    assert october.total_expense == Decimal("3918.60")
    assert october.balanced and october.closing == Decimal("24501.50")
    assert october.closing_capital == "人民币贰万肆仟伍佰零壹元伍角整"
