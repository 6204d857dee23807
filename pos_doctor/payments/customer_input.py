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
from typing import Any

from pos_doctor.i18n import Text

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


# --- the answer to a record step (the prompt and the answers file) ------------------------------------------------
AMOUNT_HELP = Text("Type the amount as a number, e.g. 12.50.", "请输入数字金额，例如 12.50。")


def currency_field(field: str) -> str:
    """Where the currency typed with an amount is kept: customer_amount -> customer_currency (what reconcile reads),
    another amount field -> <field>_currency."""
    return "customer_currency" if field == "customer_amount" else f"{field}_currency"


def read_record(kind: str | None, raw: Any, optional: bool) -> tuple[bool, Any, Text | None, dict]:
    """parse_record, and what else the text said: {"currency": "USD"} for an amount typed with its currency."""
    if kind == "amount" and raw is not None and str(raw).strip():
        value, currency = parse_amount(str(raw))
        if value is None or value >= Decimal("1e9"):
            return False, None, AMOUNT_HELP, {}
        return True, amount_text(value), None, ({"currency": currency} if currency else {})
    ok, value, why = _parse_other(kind, raw, optional)
    return ok, value, why, {}


def parse_record(kind: str | None, raw: Any, optional: bool) -> tuple[bool, Any, Text | None]:
    """(accepted, normalised value, why not) for the answer to a record step of `kind`. Amounts become "12.50" and
    times "14:05" or "2026-11-22 14:05", read by the parser above (the reconciliation's); phone numbers are masked at
    once (they never reach the state file, the transcript or the database)."""
    return read_record(kind, raw, optional)[:3]


def _parse_other(kind: str | None, raw: Any, optional: bool) -> tuple[bool, Any, Text | None]:
    import re

    text = "" if raw is None else str(raw).strip()
    if kind in ("amount", "time", "number", "order"):  # a Chinese keyboard types ，。．： — the same keys as , . . :
        text = normalise(text)
    if not text:
        if optional:
            return True, "", None
        return False, None, Text("This value is needed.", "这一项必须填写。")
    if kind == "time":
        if impossible_date(text):
            return False, None, Text("That date does not exist.", "日期无效。")
        kept = time_text(text)
        if kept is not None:
            return True, kept, None
        return False, None, Text("Type the time as HH:MM, e.g. 14:05 (or 2026-11-22 14:05).", "请输入时间，例如 14:05（或 2026-11-22 14:05）。")
    if kind == "phone":
        digits = re.sub(r"[\s\-()+]", "", text)
        if re.fullmatch(r"\d{7,15}", digits):
            from pos_doctor.privacy import mask_phone

            return True, mask_phone(digits), None
        return False, None, Text("Type a phone number (7 to 15 digits).", "请输入电话号码（7 到 15 位数字）。")
    if kind == "number":
        # validated as typed, then masked: a long number (an order, a voucher - or a card) is a whole number; what
        # could be a card number is kept masked by the one masking function, like every other value
        if re.fullmatch(r"\d{1,19}", text):
            from pos_doctor.privacy import scrub

            return True, scrub(text), None
        return False, None, Text("Type a whole number.", "请输入整数。")
    if kind == "order":
        # an order number (交易单号, 商户单号, or its last digits): its meaning is known, so it is kept as typed and
        # never masked - a 16-19 digit merchant order number may pass the Luhn check without being a card number
        from .model import order_number

        kept = order_number(text)
        if kept is not None:
            return True, kept, None
        return False, None, Text("Type the order number (digits and letters, at most 64), or its last digits.",
                                 "请输入订单号（数字和字母，最多 64 位），或它的最后几位。")
    if len(text) > 500:
        return False, None, Text("At most 500 characters.", "最多 500 个字符。")
    from pos_doctor.privacy import scrub

    return True, scrub(text), None
