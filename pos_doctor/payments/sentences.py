"""The reasons a reconciliation gives: one function per reason code of the decision table (payments/reconcile.py),
each returning a `Reason` whose text is a message with parameters (its translations in the catalogs). An amount is
passed as a message (payments/model.money_message), a record by its own description."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from pos_doctor.i18n import TC, T, Text

from .model import TerminalRecord
from .verdicts import Reason


def reason(code: str, template: str, **params: Any) -> Reason:
    """A reason: the message `template` (its English; the catalogs carry its translations) with its parameters."""
    return Reason(code, T(template, **params))


def described(text: Text) -> dict[str, Text]:
    """A record's description as the {d} of a reason."""
    return {"d": text}


def _a(amount: Text) -> dict[str, Text]:
    return {"a": amount}


def value(v: Any) -> Text:
    """A value shown as it is in every language (a trace number in a list the language joins its own way)."""
    return T("{value}", value=v)


def listed(parts: Sequence[Text]) -> Text:
    """'a, b, c' ('a、b、c' in Chinese): a list as one message (a record keeps each part's id and parameters)."""
    out = parts[0]
    for part in parts[1:]:
        out = TC("list", "{first}, {then}", first=out, then=part)
    return out


def semicolons(parts: Sequence[Text]) -> Text:
    """'a; b; c' ('a；b；c' in Chinese)."""
    out = parts[0]
    for part in parts[1:]:
        out = T("{first}; {then}", first=out, then=part)
    return out


SOURCE = {"status": Text("the status information"), "receipt": Text("the receipt"),
          "journal": Text("the period's listing")}

# what a record lacks (record_fields_missing), and what an attempt was (declined_in_window)
FIELD_WORDS = {"amount": TC("payments.field", "amount"), "time": TC("payments.field", "time"),
               "trace": TC("payments.field", "trace")}
ATTEMPT_WORDS = {"declined": TC("payments.attempt", "declined"), "aborted": TC("payments.attempt", "aborted")}


# --- before the table: what cannot be compared at all ----------------------------------------------------------
def terminal_unreadable() -> Reason:
    return reason("terminal_unreadable", "The terminal could not be read.")


def qr_not_in_terminal() -> Reason:
    return reason("qr_not_in_terminal",
                  "A QR-code payment (WeChat Pay, Alipay, UnionPay QR) is not in the card terminal: look up the order "
                  "number in the merchant app.")


def no_customer_amount() -> Reason:
    return reason("no_customer_amount", "The amount on the customer's phone or bank message is missing.")


def no_customer_time() -> Reason:
    return reason("no_customer_time", "The time on the customer's phone or bank message is missing.")


# --- said beside any verdict -----------------------------------------------------------------------------------
def clock_offset_unknown(typed: bool) -> Reason:
    if typed:
        return reason("clock_offset_unknown",
                      "The times were typed from the POS机's screen or slip; its clock was not compared with "
                      "the PC, so they are taken as they are.")
    return reason("clock_offset_unknown",
                  "The terminal's clock was not compared with the PC; times are taken as they are.")


def reversed_payment(trace: int | None) -> Reason:
    return reason("reversed", "The approved payment with trace {t} was reversed (cancelled).", t=trace)


def time_estimate(minutes: int, start: datetime, end: datetime) -> Reason:
    return reason("time_estimate", "The customer's time is an estimate (give or take {m} min): the "
                  "terminal's records from {s} to {e} were compared.", m=minutes,
                  s=f"{start:%H:%M}", e=f"{end:%H:%M}")


def identity_compared(what: Text) -> Reason:
    return reason("identity_compared", "Compared with the customer's evidence: {w}.",
                  w=what)


def identity_not_compared(customer_card_given: bool) -> Reason:
    if not customer_card_given:
        return reason("identity_not_compared", "Who paid was not compared: the customer's card's last four digits "
                      "were not given.")
    return reason("identity_not_compared", "Who paid was not compared: the terminal's records near that time show no "
                  "card number.")


def record_fields_missing(rec: TerminalRecord) -> Reason:
    missing = [FIELD_WORDS[w] for w, v in (("amount", rec.amount), ("time", rec.time), ("trace", rec.trace_number))
               if v is None]
    return reason("record_fields_missing", "A record from the terminal lacks {miss} ({d}).",
                  miss=listed(missing) if missing else T("the result"), **described(rec.describe()))


# --- the rows of the table ---------------------------------------------------------------------------------------
def sources_disagree(a: TerminalRecord, b: TerminalRecord) -> Reason:  # row 2
    return reason(
        "sources_disagree", "The terminal's own records disagree about one transaction: {s1} says {d1}; "
        "{s2} says {d2}. Which is right cannot be settled here.",
        s1=SOURCE[a.source], d1=a.describe(), s2=SOURCE[b.source], d2=b.describe())


TRACES = Text("traces ")  # the label of records named by trace number (kept for callers: `label`)


def _listed(traces: list[str], label: Text | None, records: Sequence[TerminalRecord]) -> dict[str, Text]:
    """The records named in a reason: by trace number ("traces 41, 42"), or - typed from the POS机 (voucher
    numbers) or a statement's orders - by what each one shows."""
    if label is not None:
        return {"t": T("traces {traces}", traces=listed([value(t) for t in traces]) if traces else "")}
    return {"t": semicolons([r.details() for r in records])}


def double_charge(n: int, amount: Text, traces: list[str], last4: str, label: Text | None = TRACES,
                  records: Sequence[TerminalRecord] = ()) -> Reason:  # row 3
    return reason(
        "double_charge", "{n} approved payments of {a} at the customer's time ({t}), each with the "
        "customer's card ending {l}: the customer was charged more than once.",
        n=n, **_a(amount), **_listed(traces, label, records), l=last4)


# why two approved payments of the amount are not established as a double charge (row 4)
NO_CUSTOMER_CARD = Text("the customer's card's last four digits were not given, so it cannot be told whose they are")
NOT_EVERY_CARD = Text("the terminal does not show the card of every one, so it cannot be told whose they are")
NOT_ALL_THEIRS = Text("they were not all made with the customer's card")


def possible_double_charge(n: int, amount: Text, traces: list[str], why: Text, label: Text | None = TRACES,
                           records: Sequence[TerminalRecord] = ()) -> Reason:  # row 4
    return reason(
        "possible_double_charge", "{n} approved payments of {a} at the customer's time ({t}), but {w}: "
        "this is not established as a double charge. Do not refund or void anything; ask the customer for the "
        "last four digits on the debit message, or call the provider.", n=n, **_a(amount),
        **_listed(traces, label, records), w=why)


def possible_second_charge(amount: Text, rec: TerminalRecord) -> Reason:  # row 5
    return reason(
        "possible_second_charge", "One approved payment of {a} matches ({d}), but another record could "
        "be a second one and lacks the fields to tell.",
        **_a(amount), **described(rec.details()))


def amount_match(amount: Text, rec: TerminalRecord) -> Reason:  # row 6
    return reason(
        "amount_match", "One approved payment of {a} at the customer's time ({d}).", **_a(amount),
        **described(rec.details()))


def no_amount_in_record(amount: Text) -> Reason:  # row 7
    return reason(
        "no_amount_in_record", "The terminal's record does not say enough (amount, time or result not "
        "reported) to tell whether {a} was charged.", **_a(amount))


def listing_incomplete(typed: bool) -> Reason:  # rows 8, 15: what the records do not cover
    if typed:
        return reason("listing_incomplete",
                      "Staff did not confirm that the typed list holds every transaction around that time, so "
                      "another payment at that time cannot be ruled out.")
    return reason("listing_incomplete",
                  "The terminal only reported some transactions (not its whole period), so an earlier "
                  "payment at that time cannot be ruled out.")


def period_start_unknown() -> Reason:
    return reason("period_start_unknown", "The terminal did not report when its period began.")


def outside_coverage() -> Reason:  # row 8
    return reason("outside_coverage", "The customer's time is outside what the terminal's records cover.")


def outside_typed_coverage(covers_from: datetime, covers_to: datetime) -> Reason:  # row 8, of a typed list
    return reason("outside_coverage",
                  "The customer's time (give or take the tolerance) is not wholly inside the times the typed "
                  "list covers ({f}–{t}).",
                  f=f"{covers_from:%H:%M}", t=f"{covers_to:%H:%M}")


def amount_outside_window(amount: Text, rec: TerminalRecord) -> Reason:  # row 9
    return reason(
        "amount_outside_window", "An approved payment of {a} exists, but not at the customer's time ({d}); "
        "it may be the customer's if the time on the phone is off.",
        **_a(amount), **described(rec.details()))


def declined_in_window(amount: Text, rec: TerminalRecord, typed: bool) -> Reason:  # row 10
    res = ATTEMPT_WORDS.get(str(rec.result), ATTEMPT_WORDS["aborted"])
    if typed:  # on a list staff confirmed complete
        return reason(
            "declined_in_window", "Staff confirmed the typed list holds every transaction of that time: no "
            "approved payment of {a}; the attempt was {res} ({d}). If the customer's account shows a hold, the "
            "automatic reversal releases it.",
            **_a(amount), res=res, **described(rec.details()))
    return reason(
        "declined_in_window", "The terminal's records cover that time: no approved payment of {a}; the "
        "attempt was {res} ({d}). If the customer's account shows a hold, the automatic reversal releases it.",
        **_a(amount), res=res, **described(rec.details()))


def identity_differs(code: str, amount: Text, what: Text, rec: TerminalRecord) -> Reason:  # row 11
    return reason(
        code,
        "An approved payment of {a} at that time differs from the customer's in the {w} ({d}): it is "
        "not this customer's.", **_a(amount),
        w=what, **described(rec.describe()))


def other_amount_in_window(amount: Text, rec: TerminalRecord) -> Reason:  # row 12
    return reason(
        "other_amount_in_window", "At that time the terminal approved another amount ({d}); the customer "
        "shows {a}.", **_a(amount),
        **described(rec.describe()))


def nothing_in_window(typed: bool) -> Reason:  # row 13
    if typed:  # on a list staff confirmed complete
        return reason(
            "nothing_in_window", "Staff confirmed the typed list holds every transaction of that time and "
            "none could be this one; the customer's phone shows no debit.")
    return reason(
        "nothing_in_window", "The terminal listed every payment of its current period and none could be "
        "this one; the customer's phone shows no debit.")


def debit_without_attempt(amount: Text, typed: bool) -> Reason:  # row 14
    if typed:  # on a list staff confirmed complete
        return reason(
            "debit_without_attempt", "The customer shows a debit of {a}, but staff confirmed the typed list "
            "holds every transaction of that time and none (approved, failed or voided) could be it: this "
            "POS机 does not explain the debit. It may come from another terminal, a QR code or another "
            "merchant. Do not take the payment again; ask for the merchant name on the customer's message and "
            "give it to the payment provider.", **_a(amount))
    return reason(
        "debit_without_attempt", "The customer shows a debit of {a}, but the terminal listed every payment "
        "of its current period and holds no attempt (approved, declined or aborted) that could be it: this "
        "terminal does not explain the debit. It may come from another terminal, a QR code or another "
        "merchant. Do not take the payment again; ask for the merchant name on the customer's message and "
        "give it to the payment provider.", **_a(amount))


def nothing_conclusive(amount: Text, typed: bool) -> Reason:  # row 15
    if typed:
        return reason(
            "nothing_conclusive", "The transactions typed from the POS机 show nothing that settles {a}.", **_a(amount))
    return reason(
        "nothing_conclusive", "The terminal's records show nothing that settles {a}.", **_a(amount))
