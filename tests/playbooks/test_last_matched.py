"""`last_tx('matched')`: a reprint (Repeat Receipt prints the terminal's LAST payment) is this customer's slip only when
that last payment is the one record the standing verdict matched to them — by trace and receipt number, both
reported. Anything else is false: a reprint could be another customer's slip."""

from __future__ import annotations

import pytest

from pos_doctor.playbooks.walk import Facts, WalkState, last_is_matched
from pos_doctor.playbooks.expr import compile_condition
from pos_doctor.playbooks.model import CUSTOMER_FIELDS

VALUES = {"customer_amount": "12.50", "customer_time": "2026-12-06T10:00:00"}


def _state(matched: list[dict], tx: dict | None, *, double=False, values=None) -> WalkState:
    payment = {"verdict": "charged", "double_charge": double, "matched": matched,
               "customer_values": {f: VALUES.get(f) for f in CUSTOMER_FIELDS}}
    return WalkState(playbook="no-receipt-charged", values=dict(values or VALUES), payment=payment, transaction=tx)


def rec(trace, receipt):
    return {"trace_number": trace, "receipt_number": receipt, "amount": "12.50"}


def tx(trace, receipt, approved=True):
    return {"trace_number": trace, "receipt_number": receipt, "approved": approved, "status": "approved" if approved else "declined"}


def test_the_matched_record_is_the_last_one():
    assert last_is_matched(_state([rec(41, 16)], tx(41, 16))) is True
    cond = compile_condition("last_tx('matched') == true")
    assert cond(Facts(_state([rec(41, 16)], tx(41, 16)), "no-receipt-charged"))


@pytest.mark.parametrize("state", [
    _state([rec(41, 16)], tx(42, 17)),                                   # a sale followed
    _state([rec(41, 16), rec(42, 17)], tx(42, 17), double=True),          # charged twice: which slip is "theirs"?
    _state([rec(41, 16), rec(42, 17)], tx(42, 17)),                       # two matched
    _state([], tx(42, 17)),                                               # nothing matched
    _state([rec(41, 16)], None),                                          # the last payment not read
    _state([rec(41, 16)], tx(41, 16, approved=False)),                    # the last one declined
    _state([rec(41, None)], tx(41, 16)),                                  # a number not reported on one side
    _state([rec(None, None)], tx(None, None)),                            # nothing to compare by
    _state([rec(41, 16)], tx(41, 16), values={**VALUES, "customer_amount": "30.00"}),  # evidence changed since
], ids=["later-sale", "double", "two-matched", "none-matched", "not-read", "declined", "half-reported",
        "no-numbers", "stale"])
def test_anything_else_is_not_the_customers_slip(state):
    assert last_is_matched(state) is False
    assert compile_condition("last_tx('matched') != true")(Facts(state, "no-receipt-charged"))
