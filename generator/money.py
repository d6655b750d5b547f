"""Exact money: parsing editors' amounts and writing them in Chinese capitals (大写).

Amounts are `Decimal` with at most two places, never binary floats. The capital form follows
the People's Bank of China rules for filling in bills: one 零 for a run of zeros, 整 after
元 or 角 and never after 分.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿")
MAX_AMOUNT = Decimal("999999999999.99")  # up to 千亿


class MoneyError(ValueError):
    """An amount an editor wrote that is not valid money; the message is for the editor."""


class NegativeAmount(MoneyError):
    """A negative amount: the caller knows whether it sits in income or expense and says more."""


def parse_amount(value: object) -> Decimal:
    """Turn an editor's amount (number or text such as `1,200.50`) into an exact Decimal."""
    if isinstance(value, bool) or value is None:
        raise MoneyError("金额必须是数字，例如 1200.50")
    if isinstance(value, float):  # never produced by our YAML loader; refuse rather than round
        raise MoneyError("金额必须写成精确的数字，例如 1200.50")
    text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    for prefix in ("¥", "￥", "人民币"):
        text = text.removeprefix(prefix)
    text = text.removesuffix("元")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise MoneyError(f"「{value}」不是金额，请写阿拉伯数字，例如 1200.50") from None
    if not amount.is_finite():
        raise MoneyError(f"「{value}」不是金额，请写阿拉伯数字，例如 1200.50")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise MoneyError(f"金额「{value}」超过两位小数，请精确到分，例如 {amount.quantize(CENT)}")
    if amount < 0:
        raise NegativeAmount(f"金额「{value}」是负数；金额都写正数：支出写在 expense 里，"
                             "退款和冲销的写法见编辑指南「退款和冲销」一节")
    if amount > MAX_AMOUNT:
        raise MoneyError(f"金额「{value}」过大（最多到千亿元）")
    return amount.quantize(CENT)


def format_amount(amount: Decimal) -> str:
    """`1234567.5` → `1,234,567.50` (two decimals, thousands separators)."""
    return f"{amount.quantize(CENT):,.2f}"


def _group(n: int) -> str:
    """0 < n < 10000 in capitals, with 零 for inner zeros: 1010 → 壹仟零壹拾."""
    out: list[str] = []
    pending_zero = False
    for power in (3, 2, 1, 0):
        digit = (n // 10**power) % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[digit] + _SMALL_UNITS[power])
    return "".join(out)


def _integer(n: int) -> str:
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out: list[str] = []
    pending_zero = False
    for index in range(len(groups) - 1, -1, -1):
        g = groups[index]
        if g == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or g < 1000):
            out.append("零")
        out.append(_group(g) + _GROUP_UNITS[index])
        pending_zero = False
    return "".join(out)


def capital(amount: Decimal, *, prefix: str = "") -> str:
    """The amount in Chinese capitals: 10005 → 壹万零伍元整, 0.50 → 伍角整, 1.05 → 壹元零伍分."""
    amount = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    if amount < 0:
        return prefix + "负" + capital(-amount)
    if amount > MAX_AMOUNT:
        raise MoneyError(f"金额 {amount} 过大")
    cents = int(amount * 100)
    yuan, jiao, fen = cents // 100, (cents // 10) % 10, cents % 10
    if cents == 0:
        return prefix + "零元整"
    out = _integer(yuan) + "元" if yuan else ""
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif yuan and fen:
        out += "零"
    if fen:
        out += _DIGITS[fen] + "分"
    else:
        out += "整"
    return prefix + out
