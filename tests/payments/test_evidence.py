"""CommandResults into TerminalEvidence, without a terminal: the rules for year, completeness and merging."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from pos_doctor.payments.evidence import describe_evidence, evidence_from_results, record_from_transaction
from pos_doctor.protocols.zvt.messages import Transaction
from pos_doctor.protocols.zvt.session import CommandResult

PC = datetime(2026, 1, 2, 9, 0, 0)
REPORT = ["TURNOVER SINCE 2026-01-01 20:00:00", "----", "DATE 2026-01-02 08:58:00", "TRACE 7  RECEIPT 3",
          "AMOUNT 99.00 EUR", "APPROVED", "----", "COUNT 1  TOTAL 99.00 EUR"]


def status(clock=datetime(2026, 1, 2, 9, 0, 30)):
    return CommandResult("status_enquiry", "completed", result_code=0, terminal_time=clock)


def repeat(tx):
    return CommandResult("repeat_receipt", "completed", result_code=0, transaction=tx)


def turnover(lines, outcome="completed"):
    # the 04 0F of 06 10 carries totals; decoded it looks like a transaction and must not become one
    totals = Transaction(approved=False, result_code=None, amount=Decimal("99.00"), currency="EUR")
    return CommandResult("send_turnover_totals", outcome, transaction=totals, receipt_lines=list(lines))


def test_month_day_takes_the_year_from_the_terminal_clock_and_a_december_record_stays_in_december():
    rec = record_from_transaction(Transaction(True, 0, Decimal("5.00"), time="12-31 23:59:00"), year=2026,
                                  read_at=datetime(2026, 1, 2, 9, 0))
    assert rec.time == datetime(2025, 12, 31, 23, 59)
    rec = record_from_transaction(Transaction(True, 0, Decimal("5.00"), time="01-02 08:00:00"), year=2026,
                                  read_at=datetime(2026, 1, 2, 9, 0))
    assert rec.time == datetime(2026, 1, 2, 8, 0)


def test_result_code_alone():
    rec = record_from_transaction(Transaction(False, 0x6D))
    assert (rec.result, rec.result_code, rec.amount, rec.time, rec.trace_number) == ("declined", 0x6D, None, None, None)
    assert record_from_transaction(Transaction(False, 0x6C)).result == "aborted"
    assert record_from_transaction(Transaction(False, None)).result == "unknown"


def test_complete_report_merges_the_newest_and_ignores_the_totals():
    newest = Transaction(True, 0, Decimal("99.00"), "EUR", "01-02 08:58:00", 7, 3, "girocard", "672500******0019")
    ev = evidence_from_results(status=status(), repeat=repeat(newest), turnover=turnover(REPORT), pc_at_status=PC)
    assert ev.complete and ev.covers_from == datetime(2026, 1, 1, 20, 0) and ev.clock_offset_s == 30.0
    (rec,) = ev.records
    assert rec.source == "journal" and rec.card_name == "girocard" and rec.trace_number == 7
    assert ev.not_reported == ()
    assert describe_evidence(ev).zh == "POS机列出了本批次全部 1 笔交易。"


INCOMPLETE = "The terminal reported 1 transaction(s) but cannot list its whole period."


@pytest.mark.parametrize("lines,covers_from", [
    (REPORT[:-1] + ["COUNT 2  TOTAL 198.00 EUR"], datetime(2026, 1, 1, 20, 0)),  # says 2, lists 1
    (REPORT[:-1], datetime(2026, 1, 1, 20, 0)),                                  # no count line: cannot tell
    (REPORT[1:], None),                                                          # no period start
], ids=["wrong-count", "missing-count", "missing-period-start"])
def test_a_report_that_cannot_prove_it_lists_everything_is_not_complete(lines, covers_from):
    ev = evidence_from_results(status=status(), turnover=turnover(lines), pc_at_status=PC)
    assert (ev.complete, ev.covers_from, ev.not_reported) == (False, covers_from, ("period",))
    assert [(r.trace_number, r.amount, r.source) for r in ev.records] == [(7, Decimal("99.00"), "journal")]
    assert describe_evidence(ev).en == INCOMPLETE


def test_a_repeat_receipt_with_only_print_lines_gives_its_newest_record():
    # no 04 0F: the copy's print lines are the record (two receipts printed: the later one is the newest)
    older = ["DATE 2026-01-02 08:10:00", "TRACE 6  RECEIPT 2", "AMOUNT 12.50 EUR", "APPROVED", "----"]
    lines = older + REPORT[2:6]
    rr = CommandResult("repeat_receipt", "completed", result_code=0, receipt_lines=lines)
    ev = evidence_from_results(status=status(), repeat=rr, pc_at_status=PC)
    assert [(r.result, r.amount, r.currency, r.time, r.trace_number, r.receipt_number, r.source) for r in ev.records] == [
        ("approved", Decimal("99.00"), "EUR", datetime(2026, 1, 2, 8, 58), 7, 3, "receipt")]
    assert (ev.readable, ev.complete, ev.not_reported) == (True, False, ("period",))
    # print lines that hold no transaction give no record, and say nothing is known of the period
    blank = CommandResult("repeat_receipt", "completed", result_code=0, receipt_lines=["MERCHANT COPY", "THANK YOU"])
    ev = evidence_from_results(status=status(), repeat=blank, pc_at_status=PC)
    assert (ev.readable, ev.records, ev.not_reported) == (True, (), ("period",))
    assert describe_evidence(ev).en == "The terminal reported no transaction and cannot list its period."


def test_a_report_printed_on_the_terminal_gives_no_listing():
    ev = evidence_from_results(status=status(), turnover=turnover([]), pc_at_status=PC)
    assert ev.readable and not ev.complete and ev.records == () and "period" in ev.not_reported


def test_refused_everything_is_unreadable_and_no_clock_means_no_offset():
    refused = CommandResult("repeat_receipt", "refused", result_code=0x83)
    ev = evidence_from_results(repeat=refused, turnover=turnover([], outcome="refused"))
    assert not ev.readable and ev.clock_offset_s is None and "clock" in ev.not_reported
    assert evidence_from_results() == evidence_from_results(status=None)


def test_a_status_only_record_is_kept_beside_a_complete_report():
    ev = evidence_from_results(status=status(), repeat=repeat(Transaction(False, 0x6D)), turnover=turnover(REPORT),
                               pc_at_status=PC)
    assert len(ev.records) == 2 and ev.records[-1].amount is None
    assert {"amount", "time", "trace"} <= set(ev.not_reported)


def test_status_and_listing_that_disagree_are_both_kept_and_the_verdict_is_unknown():
    """Issue 22, case 4: the status information says trace 7 approved 99.00, the listing says trace 7 declined."""
    from pos_doctor.payments import CustomerEvidence, reconcile

    declined = [line.replace("APPROVED", "DECLINED (05)") for line in REPORT]
    newest = Transaction(True, 0, Decimal("99.00"), "EUR", "01-02 08:58:00", 7, 3, "girocard", "672500******0019")
    ev = evidence_from_results(status=status(), repeat=repeat(newest), turnover=turnover(declined), pc_at_status=PC)
    assert sorted((r.source, r.result) for r in ev.records) == [("journal", "declined"), ("status", "approved")]
    verdict = reconcile(CustomerEvidence(Decimal("99.00"), datetime(2026, 1, 2, 8, 58, 30)), ev)
    assert verdict.verdict == "unknown" and verdict.reasons[0].code == "sources_disagree"
    assert len(verdict.contradictions) == 1 and {r.result for r in verdict.contradictions[0]} == {"approved", "declined"}
    text = verdict.reasons[0].text
    assert "approved" in text.en and "declined" in text.en and "成功" in text.zh and "被拒" in text.zh
    # an amount that differs is a contradiction too; a field one side did not report is none
    other = [line.replace("99.00", "9.90") for line in REPORT]
    ev = evidence_from_results(status=status(), repeat=repeat(newest), turnover=turnover(other), pc_at_status=PC)
    assert reconcile(CustomerEvidence(Decimal("99.00"), datetime(2026, 1, 2, 8, 58)), ev).verdict == "unknown"
    bare = Transaction(True, 0, None, None, None, 7, 3)
    ev = evidence_from_results(status=status(), repeat=repeat(bare), turnover=turnover(REPORT), pc_at_status=PC)
    assert len(ev.records) == 1


from hypothesis import given, strategies as st  # noqa: E402


@given(st.one_of(st.none(), st.text(max_size=30), st.from_regex(r"(\d{4}-)?\d{2}-\d{2} \d{2}:\d{2}:\d{2}", fullmatch=True)),
       st.one_of(st.none(), st.integers(1, 9999)), st.sampled_from([None, datetime(2026, 1, 1), datetime(9999, 12, 31)]))
def test_property_any_terminal_time_text_gives_a_time_or_none(text, year, read_at):
    rec = record_from_transaction(Transaction(True, 0, time=text), year=year, read_at=read_at)
    assert rec.time is None or isinstance(rec.time, datetime)
