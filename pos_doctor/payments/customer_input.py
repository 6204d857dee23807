"""What a person types about the customer's payment (amount, time), read into values or None. Pure.

"99,00", "¥99", "14：05", "11月24日 14:05": read as written; anything unclear is None ("not given"), never a guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

_CURRENCY_SIGNS = {"€": "EUR", "EUR": "EUR", "EURO": "EUR", "¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY",
                   "CNY": "CNY", "$": "USD", "USD": "USD", "£": "GBP", "GBP": "GBP", "CHF": "CHF", "HKD": "HKD"}
_AMOUNT = re.compile(r"^\s*([-+]?)\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$")


def parse_amount(text: str | None) -> tuple[Decimal | None, str | None]:
    """'99.00', '99,00', '€ 99', '¥99.00', '99.00 EUR', '99元' -> (Decimal('99.00'), currency or None).
    Anything else (empty, negative, zero, thousands separators we cannot read safely) -> (None, None)."""
    if not isinstance(text, str):
        return None, None
    s = text.strip().replace("\u3000", " ").replace("，", ",").replace("。", ".").replace("．", ".")
    currency = None
    for sign, code in sorted(_CURRENCY_SIGNS.items(), key=lambda kv: -len(kv[0])):
        up = s.upper()
        if up.startswith(sign):
            s, currency = s[len(sign):], code
            break
        if up.endswith(sign):
            s, currency = s[: len(s) - len(sign)], code
            break
    m = _AMOUNT.match(s)
    if not m or m.group(1) == "-":
        return None, None
    cents = (m.group(3) or "").ljust(2, "0")
    value = Decimal(f"{m.group(2)}.{cents}")
    if value <= 0:
        return None, None
    return value, currency


_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                 "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


def parse_customer_time(text: str | None, *, today: date | None = None) -> datetime | None:
    """'14:05', '14:05:30', '14：05', '2026-11-24 14:05', '24.11.2026 14:05' -> naive datetime; else None.
    A bare time of day is taken on `today` (the PC's date unless given)."""
    if not isinstance(text, str):
        return None
    s = " ".join(text.strip().replace("：", ":").replace("\u3000", " ").split())
    if not s or len(s) > 40:
        return None
    m = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", s)
    if m:
        h, mi, sec = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if h > 23 or mi > 59 or sec > 59:
            return None
        day = today or date.today()
        return datetime(day.year, day.month, day.day, h, mi, sec)
    m = re.fullmatch(r"(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[:点]\s*(\d{1,2})\s*分?", s)
    if m:  # '11-24 14:05', '11月24日 14:05', '11月24日14点05分': this year (the PC's)
        try:
            return datetime((today or date.today()).year, *(int(g) for g in m.groups()))
        except ValueError:
            return None
    m = re.fullmatch(r"(\d{1,2})\s*点\s*(\d{1,2})\s*分?", s)
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:  # '14点05分'
        day = today or date.today()
        return datetime(day.year, day.month, day.day, int(m.group(1)), int(m.group(2)))
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    return None
