"""Who paid: the customer's identifying evidence against one terminal record, and records that contradict each
other. Pure: no I/O, no screen.

Identifying fields, compared only where both sides have them (a field one side lacks is "not compared", never a
match): the card's last four digits (the customer's message, "尾号1234", against the record's masked card number),
the voucher or receipt number (against the record's trace, receipt or reference number), the authorisation code,
the order number of a QR payment (the customer's digits, often only the last ones, against the end of the order
number the merchant app shows: `order_matches`), the currency. A record that differs in any of them is not this
customer's.
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING, Iterable

from pos_doctor.i18n import T, Text

if TYPE_CHECKING:
    from .model import CustomerEvidence, TerminalRecord

# field -> its name in each language (the order is the order they are listed in)
FIELDS = {"card_last4": Text("card's last four digits"),
          "voucher": Text("voucher or receipt number"),
          "auth_code": Text("authorisation code"),
          "order_number": Text("order number"),
          "currency": Text("currency")}
# what says who paid (the currency says only how)
WHO = ("card_last4", "voucher", "auth_code", "order_number")
MIN_ORDER_DIGITS = 4  # fewer of an order number's last characters do not say which order it is


def order_matches(customer_number: str | None, order_number: str | None) -> bool:
    """The customer's order number (whole, or at least its last MIN_ORDER_DIGITS characters) is the end of the
    order number in the merchant app. Nothing is stripped but spaces and dashes: '0012' is not '12'."""
    a = re.sub(r"[\s-]", "", customer_number or "").upper()
    b = re.sub(r"[\s-]", "", order_number or "").upper()
    return len(a) >= MIN_ORDER_DIGITS and len(b) >= len(a) and b.endswith(a)


def _norm(value: str | None) -> str:
    return re.sub(r"[\s-]", "", value or "").upper().lstrip("0")


def compare(customer: CustomerEvidence, rec: TerminalRecord) -> dict[str, bool]:
    """{field: equal?} for every identifying field both the customer and the record have."""
    out: dict[str, bool] = {}
    if customer.card_last4 and rec.last4:
        out["card_last4"] = customer.card_last4 == rec.last4
    voucher = _norm(customer.voucher)
    if voucher:
        # a short number is a trace or receipt number (ZVT: 6 and 4 digits); a long one the acquirer's reference
        numbers = {str(n) for n in (rec.trace_number, rec.receipt_number) if n is not None}
        ref = _norm(rec.reference)
        if voucher.isdigit() and len(voucher) <= 6 and numbers:
            out["voucher"] = voucher in numbers or voucher == ref
        elif ref:
            out["voucher"] = voucher == ref
    if customer.auth_code and rec.auth_code:
        out["auth_code"] = _norm(customer.auth_code) == _norm(rec.auth_code)
    theirs = getattr(customer, "order_number", None)
    ours = getattr(rec, "order_number", None)
    if theirs and ours:
        out["order_number"] = order_matches(theirs, ours)
    if customer.currency and rec.currency:
        out["currency"] = customer.currency.upper() == rec.currency.upper()
    return out


def identity(customer: CustomerEvidence, rec: TerminalRecord) -> str:
    """'differs' (some identifying field differs: not this customer's), 'match' (card, voucher or authorisation
    code compared and equal) or 'compatible' (nothing that says who paid could be compared)."""
    seen = compare(customer, rec)
    if not all(seen.values()):
        return "differs"
    return "match" if any(f in seen for f in WHO) else "compatible"


def fields_text(fields: Iterable[str]) -> Text:
    names = [FIELDS[f] for f in FIELDS if f in fields]
    from .sentences import listed

    return listed(names) if names else T("{value}", value="")


def _same_transaction(a: TerminalRecord, b: TerminalRecord) -> bool:
    if a.trace_number is not None and b.trace_number is not None:
        return a.trace_number == b.trace_number and not (
            a.receipt_number is not None and b.receipt_number is not None and a.receipt_number != b.receipt_number)
    return a.receipt_number is not None and a.receipt_number == b.receipt_number


# what a result says about the money: declined and aborted both say "not approved" (a terminal's status may say
# aborted where its listing prints a decline with the same code)
OUTCOME = {"approved": "approved", "declined": "not approved", "aborted": "not approved", "reversed": "reversed"}


def disagree(a: TerminalRecord, b: TerminalRecord) -> bool:
    """Two reports of one transaction disagree on the result or the amount (a field one side did not report, or
    an unreadable result, is no disagreement)."""
    result = a.result in OUTCOME and b.result in OUTCOME and OUTCOME[a.result] != OUTCOME[b.result]
    return result or (a.amount is not None and b.amount is not None and a.amount != b.amount)


def contradictions(records: Iterable[TerminalRecord]) -> list[tuple[TerminalRecord, TerminalRecord]]:
    """Pairs of payment records from different sources (status information, receipt, listing) that describe the
    same transaction (same trace or receipt number) and disagree on the result or the amount."""
    payments = [r for r in records if r.kind == "payment"]
    out = []
    for a, b in combinations(payments, 2):
        if a.source == b.source or not _same_transaction(a, b):
            continue
        if disagree(a, b):
            first, second = sorted((a, b), key=lambda r: r.source)
            out.append((first, second))
    return out
