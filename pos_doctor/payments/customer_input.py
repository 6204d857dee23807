"""What a person types about the customer's payment (amount, currency, time). Pure.

The one parser: the answer prompt (playbooks/engine.parse_record), the answers file (through the same prompt) and the
reconciliation (reconcile.CustomerEvidence.from_values) all read amounts and times here, so what one accepts the
others read the same way, and a currency the person typed is kept (the engine stores it as `customer_currency`).

"99,00", "¥99", "USD 12.50", "CHF 5", "１２。５０", "14：05", "11月24日 14:05": read as written; anything unclear is
None ("not given"), never a guess — "1,250" (1.25 or 1250?) and "1.234" are refused; "1,250.00" and the German
"1.234,50" are not unclear.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from pos_doctor.i18n import Text

# times, and the keys a Chinese keyboard types, are read in customer_time.py (re-exported: one parser)
from .customer_time import (  # noqa: F401
    AROUND_S,
    FULL_WIDTH,
    MAX_AGO_S,
    MIN_AGO_S,
    CustomerTime,
    impossible_date,
    normalise,
    parse_customer_time,
    parse_customer_when,
    time_text,
)

__all__ = ["AROUND_S", "FULL_WIDTH", "MAX_AGO_S", "MIN_AGO_S", "CustomerTime", "impossible_date", "normalise",
           "parse_customer_time", "parse_customer_when", "time_text", "AMOUNT_HELP", "TIME_HELP", "amount_text",
           "currency_field", "parse_amount", "parse_record", "read_record",
           "uncertainty_field"]

_CURRENCY_SIGNS = {"€": "EUR", "EUR": "EUR", "EURO": "EUR", "¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY",
                   "CNY": "CNY", "$": "USD", "US$": "USD", "USD": "USD", "£": "GBP", "GBP": "GBP", "CHF": "CHF",
                   "HKD": "HKD", "HK$": "HKD"}
_SIGNS = sorted(_CURRENCY_SIGNS, key=lambda s: -len(s))
_AMOUNT = re.compile(r"^\s*([-+]?)\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$")
_GROUPED = re.compile(r"^\s*(\d{1,3}(?:,\d{3})+)\.(\d{1,2})\s*$")  # 1,250.00: the thousands can only be commas
# 1.234,50 (German): only dots before the comma
_GROUPED_DE = re.compile(r"^\s*(\d{1,3}(?:\.\d{3})+),(\d{1,2})\s*$")


def parse_amount(text: str | None) -> tuple[Decimal | None, str | None]:
    """'99.00', '99,00', '€ 99', '¥99.00', '99.00 EUR', '99元', 'USD 12.50', 'CHF 5', '1,250.00', '1.234,50',
    '12,50 €', 'EUR 12,50' -> (Decimal('99.00'), currency or None). Anything else (empty, negative, zero, three
    decimals, an unclear thousands separator, two currencies) -> (None, None)."""
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
    grouped = _GROUPED.match(s) or _GROUPED_DE.match(s)
    if grouped:
        whole, cents = re.sub(r"[.,]", "", grouped.group(1)), grouped.group(2)
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


# --- the answer to a record step (the prompt and the answers file) ------------------------------------------------
TIME_HELP = Text("Type the time as HH:MM, e.g. 14:05 (or 2026-11-22 14:05); an estimate is fine: \"about ten "
                 "minutes ago\", \"around 14:00\", \"between 14:00 and 14:30\".")
AMOUNT_HELP = Text("Type the amount as a number, e.g. 12.50.")


def currency_field(field: str) -> str:
    """Where the currency typed with an amount is kept: customer_amount -> customer_currency (what reconcile reads),
    another amount field -> <field>_currency."""
    return "customer_currency" if field == "customer_amount" else f"{field}_currency"


def uncertainty_field(field: str) -> str:
    """Where how far an estimated time may be off is kept: customer_time -> customer_time_uncertainty (seconds either
    way, what reconcile reads)."""
    return f"{field}_uncertainty"


def read_record(kind: str | None, raw: Any, optional: bool,
                field: str | None = None) -> tuple[bool, Any, Text | None, dict[str, Any]]:
    """parse_record, and what else the text said: {"currency": "USD"} for an amount typed with its currency,
    {"uncertainty_s": 600} for a time the customer estimates ("about ten minutes ago", "两点左右"). A card's last
    digits (a `number` step whose field is a `*card_last4`) may be typed as the message shows them: "尾号1234",
    "ending 1234", "**** 1234", "Endziffern 1234", "endet auf 1234" -> "1234"."""
    if kind == "number" and field and field.endswith("card_last4") and raw is not None:
        from .model import card_last4

        tail = card_last4(normalise(str(raw)))
        if tail is not None:
            return True, tail, None, {}
    if kind == "time" and raw is not None and normalise(str(raw)) and not impossible_date(normalise(str(raw))):
        now = datetime.now()  # an estimate is read once, against one clock, and kept as the moment it stands for
        text = normalise(str(raw))
        when, kept = parse_customer_when(text, now=now), time_text(text, now=now)
        if when is None or kept is None:
            return False, None, TIME_HELP, {}
        return True, kept, None, ({"uncertainty_s": when.uncertainty_s} if when.uncertainty_s else {})
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
        return False, None, Text("This value is needed.")
    if kind == "time":
        if impossible_date(text):
            return False, None, Text("That date does not exist.")
        kept = time_text(text)
        if kept is not None:
            return True, kept, None
        return False, None, TIME_HELP
    if kind == "phone":
        digits = re.sub(r"[\s\-()+]", "", text)
        if re.fullmatch(r"\d{7,15}", digits):
            from pos_doctor.privacy import mask_phone

            return True, mask_phone(digits), None
        return False, None, Text("Type a phone number (7 to 15 digits).")
    if kind == "number":
        # validated as typed, then masked: a long number (an order, a voucher - or a card) is a whole number; what
        # could be a card number is kept masked by the one masking function, like every other value
        if re.fullmatch(r"\d{1,19}", text):
            from pos_doctor.privacy import scrub

            return True, scrub(text), None
        return False, None, Text("Type a whole number.")
    if kind == "order":
        # an order number (交易单号, 商户单号, or its last digits): its meaning is known, so it is kept as typed and
        # never masked - a 16-19 digit merchant order number may pass the Luhn check without being a card number
        from .model import order_number

        kept = order_number(text)
        if kept is not None:
            return True, kept, None
        return False, None, Text("Type the order number (digits and letters, at most 64), or its last digits.")
    if len(text) > 500:
        return False, None, Text("At most 500 characters.")
    from pos_doctor.privacy import scrub

    return True, scrub(text), None
