"""The verdicts of payments/ are messages with parameters: said in German, every sentence and every part of it
(amounts, records, traces, fields) is German, with nothing Chinese left and the numbers where they belong."""

from __future__ import annotations

import inspect
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from pos_doctor.i18n import Text
from pos_doctor.payments import CustomerEvidence, TerminalEvidence, TerminalRecord, reconcile, sentences as say
from pos_doctor.payments.model import money_message
from pos_doctor.payments.statement_words import worded
from pos_doctor.payments.verdicts import Reason
from tests.messages_de import assert_german, untranslated

NOW = datetime(2026, 11, 24, 14, 5)
AMOUNT = money_message(Decimal("99.00"), "EUR")


def rec(result="approved", minutes=0, trace=41, amount="99.00", **kw) -> TerminalRecord:
    return TerminalRecord(result=result, result_code=0 if result == "approved" else 5,
                          amount=Decimal(amount) if amount is not None else None, currency="EUR",
                          time=NOW + timedelta(minutes=minutes), trace_number=trace, **kw)


RECORDS = {
    "link": rec(),
    "declined": rec("declined"),
    "typed": rec(source="typed", receipt_number=123, pan_masked="************1234"),
    "qr": rec(source="qr_app", order_number="4200001234567890", order_state="success"),
    "bare": rec("unknown", amount=None, trace=None),
}


def every_reason() -> list[Reason]:
    """One reason of each function of payments/sentences.py, with records of every kind as its parameters."""
    out = []
    for name, fn in inspect.getmembers(say, inspect.isfunction):
        if fn.__module__ != say.__name__ or name.startswith("_") or name in ("reason", "described", "value",
                                                                              "listed", "semicolons"):
            continue
        params = inspect.signature(fn).parameters
        for r in RECORDS.values():
            args = {"code": "identity_differs", "amount": AMOUNT, "rec": r, "a": RECORDS["link"],
                    "b": rec(source="receipt", amount="12.00"),
                    "typed": True, "trace": 41, "minutes": 5, "start": NOW, "end": NOW + timedelta(minutes=30),
                    "covers_from": NOW, "covers_to": NOW, "what": say.FIELD_WORDS["amount"],
                    "customer_card_given": False, "n": 2, "traces": ["41", "42"], "last4": "1234",
                    "why": say.NOT_EVERY_CARD, "records": list(RECORDS.values())}
            out.append(fn(**{k: v for k, v in args.items() if k in params}))
            for typed in (False,) if "typed" in params else ():
                out.append(fn(**{**{k: v for k, v in args.items() if k in params}, "typed": typed}))
    return out


@pytest.mark.parametrize("reason", every_reason(), ids=lambda r: r.code)
def test_every_reason_is_german_to_its_last_part(reason):
    said = assert_german(reason.text)
    assert reason.text("en") != said  # German, not English standing in


def test_amounts_are_german_money():
    assert money_message(Decimal("12.5"), "EUR")("de") == "12,50 EUR"
    assert money_message(Decimal("12.5"), "EUR")("zh") == "12.50 欧元"
    assert money_message(Decimal("12.5"), "EUR")("en") == "12.50 EUR"
    assert money_message(Decimal("3"), "XYZ")("zh") == "3.00 （外币）"
    assert money_message(Decimal("3"), None)("de") == "3,00"


def test_a_records_description_is_german_in_every_part():
    for r in RECORDS.values():
        for text in (r.describe(), r.details()):
            assert_german(text)
    said = RECORDS["link"].describe()("de")
    assert said == "Zahlung genehmigt: 99,00 EUR, 2026-11-24 14:05:00, Trace-Nr. 41", said


def test_a_double_charge_lists_its_traces_the_languages_way():
    r = say.double_charge(2, AMOUNT, ["41", "42"], "1234")
    assert "Trace-Nr. 41, 42" in r.text("de") and "流水号 41、42" in r.text("zh") and "traces 41, 42" in r.text("en")


@pytest.mark.parametrize("verdict_case", ["charged", "not_charged", "mismatch", "unknown", "double"])
def test_a_reconciliations_summary_is_german(verdict_case):
    customer = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", debit=False,
                                card_last4="1234" if verdict_case == "double" else None)
    records = {"charged": (rec(),), "not_charged": (rec("declined"),), "mismatch": (rec(amount="12.00"),),
               "unknown": (), "double": (rec(pan_masked="****1234"), rec(minutes=1, trace=42, pan_masked="****1234"))}
    ev = TerminalEvidence(readable=verdict_case != "unknown", records=records[verdict_case], complete=True,
                          covers_from=NOW - timedelta(hours=3), read_at=NOW + timedelta(minutes=30),
                          clock_offset_s=0.0)
    result = reconcile(customer, ev)
    assert_german(result.summary())
    for r in result.reasons:
        assert_german(r.text)
    for r in worded(result).reasons:  # the same verdict said of a provider's statement
        assert_german(r.text)


def test_a_message_kept_in_a_record_is_german_again():
    reason = say.double_charge(2, AMOUNT, ["41", "42"], "1234")
    kept = Text.from_json(reason.text.to_json())
    assert kept("de") == reason.text("de") and not untranslated(kept)


def test_the_core_catalogs_carry_the_same_messages_with_the_same_placeholders():
    """core.po (the composed messages of the core) in Chinese and German: the same ids, every one translated, and
    a translation names no parameter the code does not give."""
    import re

    from babel.messages.pofile import read_po

    from tests.messages_de import LOCALE

    def entries(locale: str) -> dict:
        with open(LOCALE / locale / "LC_MESSAGES" / "core.po", "rb") as fh:
            return {(m.context, m.id if isinstance(m.id, str) else m.id): m.string for m in read_po(fh) if m.id}

    zh, de = entries("zh_CN"), entries("de")
    assert set(zh) == set(de) and len(zh) > 200
    names = re.compile(r"\{(\w+)")
    for (context, msgid), said in [*zh.items(), *de.items()]:
        forms = said if isinstance(said, tuple) else (said,)
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        given = {n for i in ids for n in names.findall(i)}
        for form in forms:
            assert form, (context, msgid)
            unknown = set(names.findall(form)) - given - {"decimal_comma", "count", "choices", "answers"}
            assert not unknown, (context, msgid, form)
