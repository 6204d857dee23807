"""Was this customer charged? The customer's evidence against the terminal's records. Pure: no I/O, no screen.

The verdict is the money rule of pos-doctor: a new payment is allowed only on `not_charged`, which needs positive
evidence about *this* attempt. Anything the records cannot settle is `unknown`; anything they contradict is
`mismatch`. A field the terminal did not send is "not reported", never a decline.

The verdict is a function of the SET of records, the customer's evidence and the window (the customer's time ±
(the clock tolerance + the customer's uncertainty), on the PC's clock; "about ten minutes ago", "around 14:00" and
"between 14:00 and 14:30" carry their uncertainty, a time to the minute none): the records are put in one canonical
order first, and every rule below asks "is there a record such that ...", never "the first record"
(payments/classify.py classifies the records, payments/rules.py orders the rows, payments/sentences.py says the
reasons). A record is *this customer's* only when no identifying field differs (identity.py: card's last four
digits, voucher/receipt number, authorisation code, currency; the fields compared are listed in `compared`). The
first row that holds decides (the records: identity not differing, unless said) -> verdict [finding / reason]:

 1. the terminal could not be read; a QR payment (decided by its order number in the merchant app: payments/qr.py);
    the customer's amount or time is missing -> unknown
 2. two sources (status, receipt, listing) disagree on the result or amount of one transaction (same trace or
    receipt number) that could be the customer's -> unknown [sources_disagree]
 3. two or more approved payments of the amount in the window, every one with the customer's card's last four
    digits -> mismatch, double_charge [double_charge]
 4. two or more approved payments of the amount in the window, otherwise (no last four digits, other cards, cards
    not shown) -> unknown [possible_double_charge]
 5. one approved payment of the amount in the window, and a record that could be a second one lacks fields
    -> unknown [possible_second_charge]
 6. one approved payment of the amount in the window -> charged [amount_match]
 7. a record that could be it lacks its amount, time or result -> unknown [no_amount_in_record]
 8. the customer's time is outside what the listing covers -> unknown [outside_coverage]
 9. an approved payment of the amount elsewhere in the records (the customer's time may be off): it outweighs any
    decline -> mismatch [amount_outside_window]
10. a declined or aborted attempt of the amount in the window, complete listing -> not_charged [declined_in_window]
11. an approved payment of the amount in the window, but of another card or currency (identity differs)
    -> mismatch [card_differs / currency_differs]
12. an approved payment of another amount in the window -> mismatch [other_amount_in_window]
13. complete listing, no attempt (approved, declined, aborted, unknown) that could be it, the customer confirms
    there is no debit -> not_charged [nothing_in_window]
14. complete listing, no attempt that could be it, the customer shows a debit (or was not asked) -> unknown
    [finding debit_without_attempt]
15. anything else -> unknown [listing_incomplete, period_start_unknown, nothing_conclusive]

The records may come from several sources (model.ORIGINS): read over the terminal's link, or typed by staff from a
standalone POS机's screen or slip (typed.py). The rules are the same whatever the source; a typed list is complete only
when staff confirmed it holds every transaction between two times they named (`complete`, `covers_from`..`covers_to`),
so rows 10 and 13 - the only rows that give `not_charged` - need that confirmation, and row 8 needs the customer's
whole window inside those two times. The verdict names its source (`decided_by`), and nothing typed is said to have
been read from the device.

So an approved record that could be the customer's always outweighs a declined one (rows 3-9 before 10), a
record of another card is never "this customer's" (rows 3, 6 take only records whose identity does not differ), and
a debit the terminal holds no attempt for is never `not_charged` (row 14).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from . import sentences as say
from .classify import canonical_order, distinct  # noqa: F401 (distinct re-exported)
from .customer_input import parse_amount, parse_customer_time  # noqa: F401 (re-exported)
from .identity import identity
from .model import (  # noqa: F401 (re-exported)
    KINDS,
    METHODS,
    NOT_REPORTED,
    RESULTS,
    SOURCES,
    VERDICTS,
    CustomerEvidence,
    TerminalEvidence,
    TerminalRecord,
    card_last4,
    money,
    money_zh,
    time_json,
)
from .rules import Decision
from .verdicts import LABELS, Reason, Reconciliation  # noqa: F401 (re-exported)

__all__ = ["KINDS", "LABELS", "METHODS", "MONEY_ACTIONS", "NOT_REPORTED", "RESULTS", "SOURCES", "VERDICTS",
           "CustomerEvidence", "Reason", "Reconciliation", "TerminalEvidence", "TerminalRecord", "allows", "card_last4",
           "distinct", "money", "money_zh", "parse_amount", "parse_customer_time", "payment_object", "reconcile",
           "who_paid_settled"]


def reconcile(customer: CustomerEvidence, terminal: TerminalEvidence, *,
              tolerance: timedelta = timedelta(minutes=5)) -> Reconciliation:
    """The verdict by the table in the module docstring, naming the source that decided it; a QR order typed from
    the merchant app is decided by its order number (payments/qr.py)."""
    if terminal.origin == "typed_qr_app":
        from .qr import decide

        result = decide(customer, terminal, tolerance=tolerance)
    else:
        result = _reconcile(customer, terminal, tolerance)
    if terminal.origin == "statement":  # the same rules, said of the statement's rows (never "the terminal")
        from .statement_words import worded

        result = worded(result)
    return replace(result, origin=terminal.origin, origin_label=terminal.origin_label)


def _reconcile(customer: CustomerEvidence, terminal: TerminalEvidence, tolerance: timedelta) -> Reconciliation:
    """Row 1 of the table (nothing to compare), then the rest (payments/rules.py)."""
    if not terminal.readable:
        return Reconciliation("unknown", (say.terminal_unreadable(),), (), ())
    records = distinct(sorted(terminal.records, key=canonical_order))
    if customer.method == "qr" and terminal.origin != "statement":  # a statement lists QR orders too
        return Reconciliation("unknown", (say.qr_not_in_terminal(),), (), records)
    missing = []
    if customer.amount is None:
        missing.append(say.no_customer_amount())
    if customer.time is None:
        missing.append(say.no_customer_time())
    if missing:
        return Reconciliation("unknown", tuple(missing), (), records)
    return Decision(customer, terminal, records, tolerance).verdict()


# --- the money rule, in one place ----------------------------------------------------------------------------

MONEY_ACTIONS = ("new_payment", "refund", "void", "refund_duplicate", "difference")


def allows(action: str, result: Reconciliation | None) -> bool:
    """May staff do `action` for this customer's payment, given the verdict? A new payment (retry, other method,
    manual keying) only on `not_charged`; a refund or void only on `charged`; refunding the second of two only on
    a double charge; taking the difference of an undercharge (a new, separate payment of only the difference) only on
    `charged` - the records show the customer's payment, of the lower amount. A refund, a void and the difference
    also need the matched payment shown to be this customer's (`who_paid_settled`, checked by the engine). No
    verdict (None) allows nothing; an unknown action is refused."""
    if result is None or action not in MONEY_ACTIONS:
        return False
    if action == "new_payment":
        return result.verdict == "not_charged"
    if action in ("refund", "void", "difference"):
        return result.verdict == "charged"
    if action == "refund_duplicate":
        return result.verdict == "mismatch" and result.double_charge
    return result.verdict == "charged"


def who_paid_settled(payment: dict[str, Any] | None) -> bool:
    """A refund or void moves one recorded payment: only when every record the verdict matched is shown to be this
    customer's by what says who paid (card last four, voucher or authorisation code compared and equal), not only by
    amount and time: another customer's payment of the same amount in the window is never given back or voided."""
    if not isinstance(payment, dict) or not payment.get("matched"):
        return False
    customer = CustomerEvidence.from_json(payment.get("customer") or {})
    return all(identity(customer, TerminalRecord.from_json(m)) == "match"
               for m in payment["matched"] if isinstance(m, dict))


def payment_object(customer: CustomerEvidence, terminal: TerminalEvidence, result: Reconciliation) -> dict[str, Any]:
    """The transcript's `payment` object: the customer's evidence, what the terminal could tell, the verdict."""
    return {"customer": customer.to_json(),
            "terminal": {"readable": terminal.readable, "complete": terminal.complete, "origin": terminal.origin,
                         "origin_label": terminal.origin_label.to_json() if terminal.origin_label else None,
                         "covers_from": time_json(terminal.covers_from), "read_at": time_json(terminal.read_at),
                         "clock_offset_s": terminal.clock_offset_s, "not_reported": list(terminal.not_reported),
                         "records": len(terminal.records),
                         **({"covers_to": time_json(terminal.covers_to)} if terminal.covers_to is not None else {})},
            **result.to_json()}
