"""What a person types about the customer's payment (amount, currency, time). Pure.

The one parser: the answer prompt (playbooks/engine.parse_record), the answers file (through the same prompt) and the
reconciliation (reconcile.CustomerEvidence.from_values) all read amounts and times here, so what one accepts the
others read the same way, and a currency the person typed is kept (the engine stores it as `customer_currency`).

"99,00", "¥99", "USD 12.50", "CHF 5", "１２。５０", "14：05", "11月24日 14:05": read as written; anything unclear is
None ("not given"), never a guess — "1,250" (1.25 or 1250?) and "1.234,50" are refused; "1,250.00" is not unclear.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

# a Chinese keyboard types ，。．： and full-width digits: the same keys as , . . : and 0-9
FULL_WIDTH = str.maketrans({"，": ",", "。": ".", "．": ".", "：": ":", "\u3000": " ",
                            **{chr(0xFF10 + i): str(i) for i in range(10)}})
_CURRENCY_SIGNS = {"€": "EUR", "EUR": "EUR", "EURO": "EUR", "¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY",
                   "CNY": "CNY", "$": "USD", "US$": "USD", "USD": "USD", "£": "GBP", "GBP": "GBP", "CHF": "CHF",
                   "HKD": "HKD", "HK$": "HKD"}
_SIGNS = sorted(_CURRENCY_SIGNS, key=lambda s: -len(s))
_AMOUNT = re.compile(r"^\s*([-+]?)\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$")
_GROUPED = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+)\.(\d{1,2})\s*$")  # 1,250.00: the thousands can only be commas


def normalise(text: str) -> str:
    """Full-width digits and punctuation as their ASCII keys; surrounding space removed."""
    return text.translate(FULL_WIDTH).strip()


def parse_amount(text: str | None) -> tuple[Decimal | None, str | None]:
    """'99.00', '99,00', '€ 99', '¥99.00', '99.00 EUR', '99元', 'USD 12.50', 'CHF 5', '1,250.00'
    -> (Decimal('99.00'), currency or None). Anything else (empty, negative, zero, three decimals, an unclear
    thousands separator, two currencies) -> (None, None)."""
    if not isinstance(text, str):
        return None, None
    s = normalise(text)
    currency = None
    for sign in _SIGNS:  # one currency, before or after the number
        up = s.upper()
        if up.startswith(sign):
            s, currency = s[len(sign):], _CURRENCY_SIGNS[sign]
            break
        if up.endswith(sign):
            s, currency = s[: len(s) - len(sign)], _CURRENCY_SIGNS[sign]
            break
    grouped = _GROUPED.match(s)
    if grouped:
        whole, cents = grouped.group(1).replace(",", ""), grouped.group(2)
        if len(whole) > 9:
            return None, None
    else:
        m = _AMOUNT.match(s)
        if not m or m.group(1) == "-":
            return None, None
        whole, cents = m.group(2), m.group(3) or ""
    value = Decimal(f"{whole}.{cents.ljust(2, '0')}")
    if value <= 0:
        return None, None
    return value, currency


def amount_text(value: Decimal) -> str:
    """How an amount is kept in the walk's values and shown: '12.50'."""
    return f"{value:.2f}"


_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                 "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")
_BARE = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _clean_time(text: str) -> str:
    return " ".join(normalise(text).split())


def parse_customer_time(text: str | None, *, today: date | None = None) -> datetime | None:
    """'14:05', '14:05:30', '14：05', '2026-11-24 14:05', '24.11.2026 14:05' -> naive datetime; else None.
    A bare time of day is taken on `today` (the PC's date unless given)."""
    if not isinstance(text, str):
        return None
    s = _clean_time(text)
    if not s or len(s) > 40:
        return None
    m = _BARE.fullmatch(s)
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


def time_text(text: str | None, *, today: date | None = None) -> str | None:
    """The time as the walk keeps it: 'HH:MM' (or 'HH:MM:SS') for a time of day, 'YYYY-MM-DD HH:MM[:SS]' when a
    date was given (a date without a year is this year's); None when `parse_customer_time` cannot read it."""
    when = parse_customer_time(text, today=today)
    if when is None:
        return None
    s = _clean_time(text or "")
    seconds = bool(re.search(r"\d:\d{2}:\d{2}", s))
    clock = f"{when:%H:%M}" + (f":{when:%S}" if seconds else "")
    if _BARE.fullmatch(s) or re.fullmatch(r"\d{1,2}\s*点\s*\d{1,2}\s*分?", s):
        return clock
    return f"{when:%Y-%m-%d} {clock}"


def impossible_date(text: str | None) -> bool:
    """A date written out in full that the calendar does not have (2026-02-30): said as such, not as bad format."""
    if not isinstance(text, str):
        return False
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T]\d{1,2}:\d{2}(?::\d{2})?", _clean_time(text))
    if not m:
        return False
    try:
        date(*(int(g) for g in m.groups()))
    except ValueError:
        return True
    return False
