"""read_journal over a real pty against each journal scenario: the evidence it gives, and the verdict on it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from pos_doctor.checks.runner import CheckOptions
from pos_doctor.checks.session import open_session
from pos_doctor.payments import CustomerEvidence, TerminalEvidence, reconcile
from pos_doctor.playbooks.actions import DeviceServices


def read(scenario: str):
    with open_session(CheckOptions(simulate=scenario, timeout=10, check_timeout=5)) as session:
        res = DeviceServices(session, sleep=lambda s: None).action("read_journal", {})
    return res, TerminalEvidence.from_json(res.data["terminal_evidence"])


def customer(amount: str) -> CustomerEvidence:
    return CustomerEvidence(amount=Decimal(amount), time=datetime.now())


def test_retry_after_dropped_lists_the_approved_original_before_the_declined_retry():
    res, ev = read("retry-after-dropped")
    assert res.ok and ev.readable and ev.complete and ev.covers_from is not None
    assert [(r.result, r.amount, r.trace_number, r.source) for r in ev.records] == [
        ("approved", Decimal("12.50"), 40, "journal"), ("approved", Decimal("99.00"), 41, "journal"),
        ("declined", Decimal("99.00"), 42, "journal")]
    assert ev.records[-1].result_code == 0x05 and ev.records[-1].card_name == "girocard"  # merged from 04 0F
    assert ev.clock_offset_s is not None and abs(ev.clock_offset_s) < 5
    assert all(r.pan_masked and "******" in r.pan_masked for r in ev.records)
    verdict = reconcile(customer("99.00"), ev)
    assert verdict.verdict == "charged" and verdict.matched[0].trace_number == 41
    assert res.transaction["status"] == "declined"  # last_transaction's shape is still there


def test_double_charge():
    _, ev = read("double-charge")
    assert ev.complete and len(ev.records) == 2
    # both approved payments show the card ending 0019: a double charge only once the customer's card says so
    verdict = reconcile(CustomerEvidence(Decimal("99.00"), datetime.now(), card_last4="0019"), ev)
    assert verdict.verdict == "mismatch" and verdict.double_charge and "card_last4" in verdict.compared
    verdict = reconcile(customer("99.00"), ev)
    assert verdict.verdict == "unknown" and not verdict.double_charge
    assert verdict.reasons[0].code == "possible_double_charge"
    assert reconcile(CustomerEvidence(Decimal("99.00"), datetime.now(), card_last4="1234"), ev).verdict == "mismatch"


def test_declined_with_reversal_pending_is_not_charged():
    _, ev = read("declined-reversal-pending")
    assert ev.complete and [r.result for r in ev.records] == ["approved", "declined"]
    assert ev.records[-1].currency == "CNY"
    assert reconcile(CustomerEvidence(Decimal("99.00"), datetime.now(), currency="CNY"), ev).verdict == "not_charged"


def test_status_with_only_a_result_code():
    res, ev = read("status-result-only")
    (rec,) = ev.records
    assert (rec.result_code, rec.amount, rec.time, rec.trace_number) == (0x6D, None, None, None)
    assert {"amount", "time", "trace", "period"} <= set(ev.not_reported) and not ev.complete
    verdict = reconcile(customer("99.00"), ev)
    assert verdict.verdict == "unknown"
    text = " ".join(r.text.en + r.text.zh for r in verdict.reasons)
    assert "not reported" in text and "未上报" in text and "None" not in text


def test_no_period_list_leaves_a_declined_last_payment_unknown():
    _, ev = read("no-period-list")
    assert not ev.complete and "period" in ev.not_reported and len(ev.records) == 1
    assert ev.records[0].result == "declined" and ev.records[0].source == "status"
    assert reconcile(customer("99.00"), ev).verdict == "unknown"


@pytest.mark.parametrize("scenario", ["dead-terminal"])
def test_a_dead_terminal_is_unreadable(scenario):
    res, ev = read(scenario)
    assert not res.ok and not ev.readable and res.data["error"] == "LinkTimeout"
    assert reconcile(customer("99.00"), ev).verdict == "unknown"


def test_a_turnover_command_refused_before_sending_still_gives_the_rest(monkeypatch):
    from pos_doctor.errors import RefusedCommand
    from pos_doctor.protocols.zvt.session import ZvtClient

    def refused(self, **_):
        raise RefusedCommand("command 06 10 is not on pos-doctor's safe list and is never sent")

    monkeypatch.setattr(ZvtClient, "send_turnover_totals", refused)
    res, ev = read("retry-after-dropped")
    assert res.ok and res.data["error"] == "RefusedCommand"
    assert not ev.complete and "period" in ev.not_reported and [r.trace_number for r in ev.records] == [42]
    assert reconcile(customer("99.00"), ev).verdict == "unknown"  # the declined retry alone settles nothing


def test_last_transaction_with_only_a_result_code_never_reads_none_or_declined():
    with open_session(CheckOptions(simulate="status-result-only", timeout=10, check_timeout=5)) as session:
        services = DeviceServices(session, sleep=lambda s: None)
        last = services.action("last_transaction", {})
        copy = services.action("print_receipt_copy", {})
    text = last.message.en + last.message.zh + " ".join(copy.receipt or [])
    assert "None" not in text and "not approved" not in text.lower() and "未成功" not in text
    assert "not reported" in last.message.en and "未上报" in last.message.zh


def test_sources_that_disagree_are_both_kept_and_make_it_unknown():
    _, ev = read("sources-disagree")
    twins = [(r.source, r.result) for r in ev.records if r.trace_number == 42]
    assert sorted(twins) == [("journal", "declined"), ("status", "approved")]
    verdict = reconcile(customer("99.00"), ev)
    assert verdict.verdict == "unknown" and verdict.reasons[0].code == "sources_disagree"
    assert len(verdict.contradictions) == 1


def test_result_wording_is_read_as_whole_words():
    _, ev = read("result-wording")
    assert {r.trace_number: r.result for r in ev.records} == {41: "unknown", 42: "approved", 43: "approved"}
    assert reconcile(customer("99.00"), ev).verdict == "charged"       # "AVOID" is no void
    assert reconcile(customer("45.00"), ev).verdict == "unknown"       # a result line the table does not know
