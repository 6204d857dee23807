"""The walk-time money guard (payments/guard.py), driven without a playbook: a plain record of a walk, the customer's
evidence fields, a terminal identity. What the engine asks it - the verdict that stands, whether a money step may
open, why a verdict no longer stands for the records, whether records read a moment ago may be reused, what a walk
read back from its file still trusts - answered from the records and the customer's values alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from pos_doctor.payments.guard import MONEY, MoneyGuard, money_table
from pos_doctor.payments.model import TerminalEvidence, TerminalRecord

FIELDS = ("customer_amount", "customer_time", "customer_card_last4")
TERMINAL = {"port": "/dev/ttyUSB0", "scenario": None, "terminal_id": "52500001", "serial": None}


@dataclass
class Record:
    payment: dict[str, Any] | None = None
    values: dict[str, str] = field(default_factory=dict)
    transaction: dict[str, Any] | None = None
    terminal_evidence: dict[str, Any] | None = None
    transcript: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)


def listing(*records: TerminalRecord) -> dict[str, Any]:
    now = datetime.now().replace(microsecond=0)
    return TerminalEvidence(readable=True, records=records, complete=True, covers_from=now - timedelta(hours=2),
                            read_at=now).to_json()


def approved(minutes_ago: int = 3, pan: str | None = "****1234", trace: int = 41) -> TerminalRecord:
    when = datetime.now().replace(microsecond=0) - timedelta(minutes=minutes_ago)
    return TerminalRecord(result="approved", amount=Decimal("12.50"), currency="EUR", time=when, trace_number=trace,
                          receipt_number=16, pan_masked=pan, source="journal")


def walk(card: str | None = "1234") -> tuple[Record, MoneyGuard]:
    at = (datetime.now() - timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M")
    values = {"customer_amount": "12.50", "customer_time": at, **({"customer_card_last4": card} if card else {})}
    rec = Record(values=values)
    return rec, MoneyGuard(rec, FIELDS, lambda: TERMINAL)


def test_the_money_table_is_read_off_the_one_rule():
    assert money_table() == MONEY
    assert MONEY["new_payment"] == ("not_charged",)
    assert MONEY["refund"] == ("charged",) and MONEY["void"] == ("charged",)
    assert MONEY["refund_duplicate"] == ("double_charge",)


def test_no_verdict_opens_nothing():
    rec, guard = walk()
    assert guard.verdict() == "none"
    assert not guard.allowed(("new_payment",)) and not guard.allowed(("refund",))
    assert guard.stale_reason() is None  # nothing to settle: there is no verdict


def test_a_verdict_reached_on_fresh_records_opens_its_money_step_only():
    rec, guard = walk()
    guard.keep_reading(listing(approved()), None)
    payment = guard.reach("pb/reconcile")
    assert payment["verdict"] == "charged" and rec.payment is payment
    assert guard.verdict() == "charged"
    assert guard.allowed(("refund",)) and guard.allowed(("void",))
    assert not guard.allowed(("new_payment",))
    rec.transcript.append({"kind": "reconcile"})  # the step's own log entry
    guard.logged()
    assert guard.stale_reason() is None
    assert guard.evidence_is_fresh()


def test_a_refund_needs_who_paid_not_only_the_amount():
    rec, guard = walk(card=None)  # the customer's card digits were not given
    guard.keep_reading(listing(approved(pan=None)), None)
    guard.reach("pb/reconcile")
    assert guard.verdict() == "charged"
    assert not guard.who_paid_ok(("refund",)) and not guard.allowed(("refund",))
    assert guard.who_paid_ok(("new_payment",))  # a new payment is not about a recorded one


def test_changing_the_customers_evidence_clears_the_verdict():
    rec, guard = walk()
    guard.keep_reading(listing(approved()), None)
    guard.reach("pb/reconcile")
    assert guard.clear_if_changed() is None  # nothing changed: the verdict stays
    rec.values["customer_amount"] = "13.00"
    assert guard.verdict() == "none"
    assert guard.clear_if_changed() == "charged" and rec.payment is None


def test_reading_the_terminal_again_unsettles_the_verdict():
    rec, guard = walk()
    guard.keep_reading(listing(approved()), None)
    guard.reach("pb/reconcile")
    rec.transcript.append({"kind": "reconcile"})
    guard.logged()
    rec.transcript.append({"kind": "action", "action": "last_transaction", "result": {"ok": True}})
    assert guard.stale_reason() is not None and guard.stale_reason()[0] == "terminal_read"
    assert not guard.evidence_is_fresh()


def test_old_records_are_stale_after_the_configured_age():
    rec, guard = walk()
    guard.keep_reading(listing(approved()), None)
    guard.reach("pb/reconcile")
    old = (datetime.now(timezone.utc) - timedelta(seconds=120)).isoformat(timespec="seconds")
    rec.terminal_evidence["at"] = rec.payment["binding"]["read_at"] = old
    assert guard.stale_reason() is None  # the default: 600 s
    guard.max_age_s = 60
    assert guard.stale_reason()[0] == "evidence_old"


def test_typed_records_are_never_taken_for_a_fresh_reading():
    rec, guard = walk()
    guard.keep_typed(listing(approved()) | {"origin": "typed_terminal"}, "pb/typed")
    assert rec.terminal_evidence["typed"] == "pb/typed"
    assert not guard.evidence_is_fresh()


def test_no_records_held_for_typed_evidence_says_unreadable_with_its_origin():
    rec, guard = walk()
    guard.hold_unreadable("typed_terminal")
    assert rec.terminal_evidence["evidence"]["readable"] is False
    assert rec.terminal_evidence["evidence"]["origin"] == "typed_terminal"
    guard.reach("pb/reconcile")
    assert guard.verdict() == "unknown"


def test_the_last_payment_is_the_matched_one_by_trace_and_receipt():
    rec, guard = walk()
    guard.keep_reading(listing(approved()), None)
    guard.reach("pb/reconcile")
    rec.transaction = {"approved": True, "trace_number": 41, "receipt_number": 16}
    assert guard.last_is_matched()
    rec.transaction = {"approved": True, "trace_number": 42, "receipt_number": 17}
    assert not guard.last_is_matched()


def test_a_resumed_walk_recomputes_and_trusts_nothing():
    rec, guard = walk()
    guard.keep_reading(listing(approved()), None)
    guard.reach("pb/reconcile")
    rec.payment["verdict"] = "not_charged"  # edited on disk
    rec.history.append({"payment": {"verdict": "charged", "binding": {"seq": 1}}})
    guard.resumed()
    assert rec.payment["verdict"] == "charged"  # recomputed from the saved evidence
    assert any("does not follow from the saved evidence" in e.get("note", "") for e in rec.transcript)
    assert rec.payment["binding"]["resumed"] is True and rec.terminal_evidence["resumed"] is True
    assert rec.history[0]["payment"]["binding"]["resumed"] is True
    assert guard.stale_reason()[0] == "resumed"
    assert not guard.evidence_is_fresh()
