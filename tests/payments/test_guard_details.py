"""The money guard's details, each with its exact value (found by the mutation run of payments/guard.py, wave 9): what
is kept of a reading and when, what a verdict's payment object carries, which verdict stands, which money steps open
on several permissions, when the last payment is the matched one, and what a walk read back from its file keeps."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from pos_doctor.payments import binding
from pos_doctor.payments.guard import MoneyGuard, now
from pos_doctor.payments.model import TerminalEvidence, TerminalRecord
from pos_doctor.payments.qr import evidence_from_values

from .test_guard import FIELDS, TERMINAL, Record, approved, listing, walk

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def reached(card: str | None = "1234", *records: TerminalRecord) -> tuple[Record, MoneyGuard]:
    """A walk whose verdict was reached at pb/reconcile on a listing of `records` (one approved payment)."""
    rec, guard = walk(card)
    guard.keep_reading(listing(*(records or (approved(),))), None)
    guard.reach("pb/reconcile")
    return rec, guard


def test_the_walks_clock_is_utc_to_the_second():
    before = datetime.now(timezone.utc).replace(microsecond=0)
    stamp = now()
    assert ISO.fullmatch(stamp), stamp
    assert before <= datetime.fromisoformat(stamp) <= datetime.now(timezone.utc)


def test_a_reading_is_kept_with_its_place_in_the_transcript_its_terminal_and_its_time():
    rec, guard = walk()
    rec.transcript += [{"kind": "check"}, {"kind": "action"}]
    ev = listing(approved())
    guard.keep_reading(ev, {"approved": True, "trace_number": 41})
    held = rec.terminal_evidence
    assert sorted(held) == ["at", "evidence", "seq", "terminal"]
    assert (held["evidence"], held["seq"], held["terminal"]) == (ev, 3, TERMINAL)
    assert ISO.fullmatch(held["at"])
    assert rec.transaction == {"approved": True, "trace_number": 41}
    guard.keep_reading(ev, None)  # no transaction read this time: the last one stays
    assert rec.transaction == {"approved": True, "trace_number": 41}


def test_an_unreadable_terminal_is_kept_as_unreadable_evidence():
    rec, guard = walk()
    guard.keep_reading(None, None)
    assert rec.terminal_evidence["evidence"] == TerminalEvidence(readable=False).to_json()
    assert (rec.terminal_evidence["seq"], rec.transaction) == (1, None)


def test_typed_records_are_kept_with_their_step():
    rec, guard = walk()
    rec.transcript.append({"kind": "record_list"})
    ev = listing(approved()) | {"origin": "typed_terminal"}
    guard.keep_typed(ev, "pb/typed")
    held = rec.terminal_evidence
    assert sorted(held) == ["at", "evidence", "seq", "terminal", "typed"]
    assert (held["evidence"], held["seq"], held["terminal"], held["typed"]) == (ev, 2, TERMINAL, "pb/typed")


def test_a_typed_qr_order_is_kept_from_the_walks_values():
    rec, guard = walk()
    rec.values |= {"payment_method": "qr", "qr_order_number": "4200001234567890", "qr_order_state": "success"}
    guard.keep_qr_typed()
    held = rec.terminal_evidence
    assert held["evidence"] == evidence_from_values(rec.values).to_json()
    assert held["evidence"]["origin"] == "typed_qr_app"
    assert (held["seq"], held["terminal"], "typed" in held) == (1, TERMINAL, False)


def test_no_records_held_counts_from_the_last_entry_and_records_held_are_not_replaced():
    rec, guard = walk()
    rec.transcript += [{"kind": "record_list"}, {"kind": "record_list"}]
    guard.hold_unreadable("typed_terminal")
    assert rec.terminal_evidence["seq"] == 2
    assert rec.terminal_evidence["evidence"] == TerminalEvidence(readable=False, origin="typed_terminal").to_json()
    ev = listing(approved())
    guard.keep_reading(ev, None)
    guard.hold_unreadable("typed_terminal")
    assert rec.terminal_evidence["evidence"] == ev


def test_the_payment_object_of_a_verdict_names_its_step_time_summary_and_the_values_compared():
    rec, guard = walk()
    paid = approved()
    guard.keep_reading(listing(paid), None)
    rec.transcript.append({"kind": "action"})
    payment = guard.reach("pb/reconcile")
    assert payment["step"] == "pb/reconcile" and ISO.fullmatch(payment["at"])
    assert payment["customer_values"] == {f: rec.values.get(f) for f in FIELDS}
    assert payment["summary"]["en"] == ("The customer WAS charged by this terminal - do not take the payment again. "
                                        "One approved payment of 12.50 at the customer's time "
                                        f"({paid.time:%Y-%m-%d %H:%M:%S}, trace 41).")
    assert payment["binding"] == binding.bind(rec.terminal_evidence, 2)
    assert payment["binding"]["seq"] == 2
    rec.transcript.append({"kind": "reconcile"})
    guard.logged()
    assert rec.terminal_evidence["seq"] == 2


def test_logged_without_records_held_changes_nothing():
    rec, guard = walk()
    rec.transcript.append({"kind": "reconcile"})
    guard.logged()
    assert rec.terminal_evidence is None


def test_a_double_charge_stands_as_its_own_verdict_and_opens_only_the_refund_of_the_duplicate():
    rec, guard = walk()
    guard.keep_reading(listing(approved(3, trace=41), approved(2, trace=42)), None)
    guard.reach("pb/reconcile")
    assert (rec.payment["verdict"], rec.payment["double_charge"]) == ("mismatch", True)
    assert guard.verdict() == "double_charge"
    assert guard.allowed(("refund_duplicate",))
    assert not guard.allowed(("refund",)) and not guard.allowed(("new_payment",))
    assert guard.who_paid_ok(("refund_duplicate",))
    assert not guard.last_is_matched()  # two payments matched: a reprint may be either


def test_a_verdict_missing_from_the_payment_stands_as_none():
    rec, guard = walk()
    rec.payment = {"customer_values": guard.customer_values()}
    assert guard.verdict() == "none"
    rec.payment = {"customer_values": guard.customer_values(), "verdict": "unknown"}
    assert guard.verdict() == "unknown"


def test_a_cleared_verdict_is_returned_in_words():
    rec, guard = walk()
    rec.payment = {"customer_values": {}, "verdict": "not_charged"}
    assert guard.clear_if_changed() == "not_charged" and rec.payment is None
    assert guard.clear_if_changed() is None


def test_a_step_with_several_permissions_needs_every_one():
    rec, guard = reached()
    assert guard.allowed(("refund", "void")) and guard.allowed(("difference",))
    assert not guard.allowed(("refund", "new_payment"))
    assert not guard.allowed(("refund", "refund_anything"))  # an unknown permission opens nothing
    assert guard.allowed(())


def test_taking_the_difference_needs_who_paid_too():
    rec, guard = reached(None, approved(pan=None))
    assert guard.verdict() == "charged"
    assert not guard.who_paid_ok(("difference",)) and not guard.who_paid_ok(("void",))
    assert not guard.allowed(("difference",))


def test_who_paid_is_not_asked_on_a_verdict_other_than_charged():
    rec, guard = walk(card=None)
    guard.keep_reading(listing(), None)  # nothing at all: not charged needs no debit, so unknown here
    guard.reach("pb/reconcile")
    assert guard.verdict() != "charged"
    assert guard.who_paid_ok(("refund",))


def test_the_last_payment_is_the_matched_one_only_when_every_reported_number_agrees():
    rec, guard = reached()
    cases = [({"approved": True, "trace_number": 41, "receipt_number": 16}, True),
             ({"approved": True, "trace_number": "41", "receipt_number": "16"}, True),  # read as text: still equal
             ({"approved": True, "trace_number": 41}, False),  # the receipt number not reported by the transaction
             ({"approved": True, "trace_number": 41, "receipt_number": 17}, False),
             ({"approved": False, "trace_number": 41, "receipt_number": 16}, False),
             ({"trace_number": 41, "receipt_number": 16}, False)]
    for tx, same in cases:
        rec.transaction = tx
        assert guard.last_is_matched() is same, tx
    rec.transaction = {"approved": True, "trace_number": 41, "receipt_number": 16}
    rec.payment["matched"][0]["receipt_number"] = None  # neither side reports it: the trace alone decides
    rec.transaction = {"approved": True, "trace_number": 41}
    assert guard.last_is_matched() is True
    rec.transaction = {"approved": True, "trace_number": 41, "receipt_number": 16}  # only the reprint reports it
    assert guard.last_is_matched() is False
    rec.payment["matched"][0]["trace_number"] = None  # no number on either side: nothing says it is the same
    rec.transaction = {"approved": True}
    assert guard.last_is_matched() is False


def test_the_last_payment_is_not_the_matched_one_once_the_customers_evidence_changed():
    rec, guard = reached()
    rec.transaction = {"approved": True, "trace_number": 41, "receipt_number": 16}
    assert guard.last_is_matched()
    rec.values["customer_card_last4"] = "9999"
    assert not guard.last_is_matched()
    rec.values["customer_card_last4"] = "1234"
    rec.transaction = None
    assert not guard.last_is_matched()


def test_the_last_payment_is_never_the_matched_one_of_a_verdict_flagged_as_a_double_charge():
    rec, guard = reached()
    rec.transaction = {"approved": True, "trace_number": 41, "receipt_number": 16}
    assert guard.last_is_matched()
    rec.payment["double_charge"] = True  # as a file edited on disk may hold it: one record matched, yet the flag
    assert guard.last_is_matched() is False


def test_a_resumed_walk_whose_saved_verdict_lost_its_step_recomputes_it_with_an_empty_step():
    rec, guard = reached()
    del rec.payment["step"]  # edited on disk
    guard.resumed()
    assert rec.transcript == []
    assert (rec.payment["verdict"], rec.payment["step"]) == ("charged", "")


def test_a_resumed_walk_keeps_a_verdict_that_follows_from_its_evidence_without_a_note():
    rec, guard = reached()
    binding_before = dict(rec.payment["binding"])
    guard.resumed()
    assert rec.transcript == []
    assert rec.payment["verdict"] == "charged" and rec.payment["step"] == "pb/reconcile"
    assert rec.payment["binding"] == {**binding_before, "resumed": True}


def test_a_resumed_walk_says_which_verdict_it_recomputed():
    rec, guard = reached()
    rec.payment["verdict"] = "not_charged"
    rec.payment["binding"] = "edited"  # not a binding: the recomputed verdict carries an empty one, distrusted
    guard.resumed()
    assert [e["note"] for e in rec.transcript] == [
        "resumed: the saved verdict not_charged does not follow from the saved evidence; recomputed: charged"]
    assert ISO.fullmatch(rec.transcript[0]["at"])
    assert rec.payment["binding"] == {"resumed": True}


def test_a_resumed_walk_recomputes_a_double_charge_flag_edited_on_disk():
    rec, guard = reached()
    rec.payment["double_charge"] = True
    guard.resumed()
    assert [e["note"] for e in rec.transcript] == [
        "resumed: the saved verdict charged does not follow from the saved evidence; recomputed: charged"]
    assert rec.payment["double_charge"] is False


def test_a_resumed_walk_drops_a_verdict_without_evidence_or_on_changed_values():
    rec, guard = walk()
    rec.payment = {"verdict": "charged", "customer_values": guard.customer_values()}
    guard.resumed()
    assert rec.payment is None
    rec, guard = reached()
    rec.values["customer_amount"] = "13.00"
    guard.resumed()
    assert rec.payment is None and rec.terminal_evidence["resumed"] is True


def test_a_resumed_walk_distrusts_every_verdict_kept_for_back():
    rec, guard = walk()
    rec.history += [{"payment": {"verdict": "charged"}}, {"payment": None}, {"step": "x"}]
    guard.resumed()
    assert rec.history == [{"payment": {"verdict": "charged", "binding": {"resumed": True}}}, {"payment": None},
                           {"step": "x"}]


def test_the_configured_age_is_used_only_when_set():
    rec, guard = reached()
    old = (datetime.now(timezone.utc) - timedelta(seconds=700)).isoformat(timespec="seconds")
    rec.terminal_evidence["at"] = rec.payment["binding"]["read_at"] = old
    assert guard.stale_reason()[0] == "evidence_old"  # the default, 600 s
    assert guard.stale_reason()[1].en == "the terminal's records are older than 600 s"
    guard.max_age_s = 900
    assert guard.stale_reason() is None
    guard.max_age_s = 0  # not set: the default again
    assert guard.stale_reason()[1].en == "the terminal's records are older than 600 s"


def test_no_standing_verdict_is_never_stale_and_a_changed_one_neither():
    rec, guard = reached()
    rec.payment["binding"] = None
    assert guard.stale_reason()[0] == "unbound"
    rec.values["customer_amount"] = "13.00"
    assert guard.stale_reason() is None


def test_the_guard_reads_its_fields_and_terminal_from_the_walk():
    rec = Record(values={"customer_amount": "12.50", "other": "x"})
    guard = MoneyGuard(rec, ["customer_amount", "customer_time"], lambda: None)
    assert guard.fields == ("customer_amount", "customer_time")
    assert guard.customer_values() == {"customer_amount": "12.50", "customer_time": None}
    assert (guard.tolerance, guard.max_age_s) == (timedelta(minutes=5), None)
    guard.keep_reading(listing(approved()), None)
    assert rec.terminal_evidence["terminal"] is None


def test_a_resumed_walk_restores_a_double_charge_whose_flag_was_cleared_on_disk():
    rec, guard = reached("1234", approved(3, trace=41), approved(2, trace=42))
    assert (rec.payment["verdict"], rec.payment["double_charge"]) == ("mismatch", True)
    rec.payment["double_charge"] = False  # edited on disk: the verdict word is the same
    guard.resumed()
    assert [e["note"] for e in rec.transcript] == [
        "resumed: the saved verdict mismatch does not follow from the saved evidence; recomputed: mismatch"]
    assert rec.payment["double_charge"] is True and guard.verdict() == "double_charge"


def test_the_verdict_is_reached_with_the_walks_tolerance():
    rec, guard = walk()
    guard.tolerance = timedelta(minutes=1)  # the playbook's clock tolerance (the engine sets it)
    guard.keep_reading(listing(approved(minutes_ago=8)), None)  # five minutes before the customer's time
    assert guard.reach("pb/reconcile")["verdict"] == "mismatch"  # the default five minutes would say charged
    assert rec.payment["reasons"][0]["code"] == "amount_outside_window"
