"""The evidence model (payments/model.py), exactly (issue 28, wave 9: what the mutation run of model.py found
untested). Example tests only: the mutation run of model.py takes them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from pos_doctor.payments.model import CustomerEvidence, TerminalEvidence, TerminalRecord

WHEN = datetime(2026, 11, 24, 14, 5, 10)
FULL = TerminalRecord("declined", 0x6C, Decimal("12.5"), "EUR", WHEN, 42, 17, "************1234", "girocard", "payment",
                      "journal", "REF1", "A1", "0012", "shop", "success")
FULL_JSON = {"result": "declined", "result_code": "6C", "amount": "12.50", "currency": "EUR",
             "time": "2026-11-24T14:05:10", "trace_number": 42, "receipt_number": 17, "pan_masked": "************1234",
             "card_name": "girocard", "kind": "payment", "source": "journal", "reference": "REF1", "auth_code": "A1",
             "order_number": "0012", "payee": "shop", "order_state": "success"}
BARE_JSON = {"result": "approved", "result_code": None, "amount": None, "currency": None, "time": None,
             "trace_number": None, "receipt_number": None, "pan_masked": None, "card_name": None, "kind": "payment",
             "source": "status", "reference": None, "auth_code": None, "order_number": None, "payee": None,
             "order_state": None}


def test_a_record_as_json_field_by_field_and_back():
    assert FULL.to_json() == FULL_JSON
    assert TerminalRecord.from_json(FULL_JSON) == FULL
    assert TerminalRecord("approved").to_json() == BARE_JSON
    assert TerminalRecord.from_json(BARE_JSON) == TerminalRecord("approved")
    # a result code is two hex digits, a time to the second, an amount with its cents
    rec = TerminalRecord("approved", 5, Decimal("7"), time=datetime(2026, 1, 2, 3, 4, 5, 678000))
    assert (rec.to_json()["result_code"], rec.to_json()["amount"], rec.to_json()["time"]) == (
        "05", "7.00", "2026-01-02T03:04:05")


def test_customer_evidence_as_json_field_by_field_and_back():
    c = CustomerEvidence(Decimal("12.5"), datetime(2026, 11, 24, 14, 5), "1234", "card", "EUR", "Shop", "42", "A1",
                         True, "0012", "payee", False, 600)
    doc = {"amount": "12.50", "time": "2026-11-24T14:05:00", "card_last4": "1234", "method": "card", "currency": "EUR",
           "merchant": "Shop", "voucher": "42", "auth_code": "A1", "debit": True, "order_number": "0012",
           "payee": "payee", "payee_is_shop": False, "time_uncertainty_s": 600}
    assert c.to_json() == doc
    assert CustomerEvidence.from_json(doc) == c
    assert CustomerEvidence().to_json() == {k: (0 if k == "time_uncertainty_s" else None) for k in doc}
    assert CustomerEvidence.from_json({}) == CustomerEvidence() == CustomerEvidence.from_json("not a dict")


def test_terminal_evidence_as_json_and_back_with_and_without_its_end():
    ev = TerminalEvidence(True, (TerminalRecord("approved"),), True, datetime(2026, 11, 24, 6),
                          datetime(2026, 11, 24, 14, 6), 1.5, ("period",), "typed_terminal", None,
                          datetime(2026, 11, 24, 14, 10))
    doc = {"readable": True, "records": [BARE_JSON], "complete": True, "covers_from": "2026-11-24T06:00:00",
           "read_at": "2026-11-24T14:06:00", "clock_offset_s": 1.5, "not_reported": ["period"],
           "origin": "typed_terminal", "origin_label": None, "covers_to": "2026-11-24T14:10:00"}
    assert ev.to_json() == doc
    assert TerminalEvidence.from_json(doc) == ev
    assert ev.typed
    bare = TerminalEvidence(False)
    assert bare.to_json() == {"readable": False, "records": [], "complete": False, "covers_from": None, "read_at": None,
                              "clock_offset_s": None, "not_reported": [], "origin": "link", "origin_label": None}
    assert TerminalEvidence.from_json(bare.to_json()) == bare and not bare.typed
    assert TerminalEvidence.from_json(None) == bare


@pytest.mark.parametrize("field, value, read", [
    ("result", "bogus", "unknown"), ("result", "reversed", "reversed"),
    ("result_code", "6c", 0x6C), ("result_code", "zz", None), ("result_code", "", None), ("result_code", True, None),
    ("result_code", 5, 5),
    ("amount", "12.345", None), ("amount", "12.3", Decimal("12.30")), ("amount", "1e12", None),
    ("amount", "-3", Decimal("-3")),
    ("amount", "999999999999.99", Decimal("999999999999.99")), ("amount", True, None), ("amount", "", None),
    ("amount", "NaN", None), ("amount", "ten", None), ("amount", 12, Decimal("12")),
    ("trace_number", "42", 42), ("trace_number", "x", None), ("trace_number", False, None),
    ("kind", "refund", "refund"), ("kind", "x", "payment"), ("source", "typed", "typed"), ("source", "x", "status"),
    ("order_state", "paying", "paying"), ("order_state", "x", None),
    ("time", "2026-11-24T14:05:10", WHEN), ("time", "yesterday", None), ("time", 5, None), ("time", "", None),
    ("pan_masked", "", None), ("pan_masked", 5, None), ("currency", "EUR", "EUR"),
    ("order_number", "ab-12", "AB12"), ("payee", "  a   b ", "a b"),
])
def test_a_record_read_from_json_keeps_only_what_pos_doctor_writes(field, value, read):
    assert getattr(TerminalRecord.from_json({"result": "approved", field: value}), field) == read


@pytest.mark.parametrize("doc, offset", [({"clock_offset_s": 2}, 2.0), ({"clock_offset_s": True}, None),
                                         ({"clock_offset_s": float("inf")}, None), ({"clock_offset_s": "2"}, None),
                                         ({"clock_offset_s": -0.5}, -0.5)])
def test_the_clock_offset_read_from_json_is_a_finite_number(doc, offset):
    got = TerminalEvidence.from_json({"readable": True, **doc}).clock_offset_s
    assert got == offset and (offset is None or type(got) is float)


def test_evidence_read_from_json_drops_what_is_not_its_own():
    ev = TerminalEvidence.from_json({"readable": "yes", "complete": 1, "records": [BARE_JSON, "x", 3],
                                     "not_reported": ["period", 5, None], "origin": "elsewhere",
                                     "origin_label": {"en": "typed"}})
    assert ev == TerminalEvidence(False, (TerminalRecord("approved"),), False, not_reported=("period",))
    assert TerminalEvidence.from_json({"records": "x", "not_reported": "period"}) == TerminalEvidence(False)


def test_naive_keeps_a_wall_clock_time_and_turns_an_aware_one_into_local_wall_clock():
    from datetime import timezone

    from pos_doctor.payments.model import naive

    assert naive(None) is None
    assert naive(WHEN) == WHEN
    aware = datetime(2026, 11, 24, 14, 5, 10, tzinfo=timezone.utc)
    local = naive(aware)
    assert local.tzinfo is None and local.astimezone() == aware  # the same instant, as the PC's wall clock
    assert TerminalRecord.from_json({"result": "approved", "time": "2026-11-24T14:05:10+00:00"}).time == local
