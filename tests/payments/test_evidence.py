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


# --- exact oracles (issue 28: what the mutation run found untested) ----------------------------------------------

def _said(text):  # what a record keeps of a message, in both languages
    kept = text.to_json()
    return {"en": kept["en"], "zh": kept["zh"]}


def test_describe_evidence_says_exactly_how_much_the_terminal_could_tell_in_both_languages():
    unreadable = evidence_from_results(repeat=CommandResult("repeat_receipt", "refused", result_code=0x83))
    assert _said(describe_evidence(unreadable)) == {"en": "The terminal could not be read.",
                                                       "zh": "无法读取POS机记录。"}
    complete = evidence_from_results(status=status(), turnover=turnover(REPORT), pc_at_status=PC)
    assert _said(describe_evidence(complete)) == {
        "en": "The terminal listed all 1 transaction(s) of its current period.", "zh": "POS机列出了本批次全部 1 笔交易。"}
    empty = evidence_from_results(status=status(), pc_at_status=PC)
    assert _said(describe_evidence(empty)) == {
        "en": "The terminal reported no transaction and cannot list its period.",
        "zh": "POS机没有报告任何交易，也无法列出本批次的交易。"}
    some = evidence_from_results(status=status(), turnover=turnover(REPORT[:-1]), pc_at_status=PC)
    assert _said(describe_evidence(some)) == {"en": INCOMPLETE, "zh": "POS机报告了 1 笔交易，但无法列出本批次的全部交易。"}


def test_a_command_the_terminal_only_acknowledged_counts_as_an_answer():
    # the terminal answered (80 00) but sent nothing more: it can be read, it told nothing
    ev = evidence_from_results(repeat=CommandResult("repeat_receipt", "acknowledged"))
    assert (ev.readable, ev.records, ev.complete) == (True, (), False)
    # a turnover report whose command ended without a completion still gives its printed listing
    ev = evidence_from_results(status=status(), turnover=turnover(REPORT, outcome="acknowledged"), pc_at_status=PC)
    assert (ev.readable, ev.complete, [r.trace_number for r in ev.records]) == (True, True, [7])
    # an aborted one does not
    ev = evidence_from_results(status=status(), turnover=turnover(REPORT, outcome="aborted"), pc_at_status=PC)
    assert (ev.complete, ev.records, ev.not_reported) == (False, (), ("period",))


@pytest.mark.parametrize("trace,receipt,merged", [
    (7, 3, True),       # same trace and receipt number: one transaction
    (7, None, True),    # the status did not say the receipt number: the trace decides
    (7, 4, False),      # same trace, another receipt number: two transactions
    (8, 3, False),      # another trace, same receipt number: two transactions
    (8, None, False),   # another trace: two transactions
    (None, 3, False),   # no trace number: never merged
])
def test_the_newest_transaction_is_merged_with_its_twin_in_the_listing_only_by_trace_and_receipt(trace, receipt,
                                                                                                 merged):
    newest = Transaction(True, 0, Decimal("99.00"), "EUR", "01-02 08:58:00", trace, receipt, "girocard")
    ev = evidence_from_results(status=status(), repeat=repeat(newest), turnover=turnover(REPORT), pc_at_status=PC)
    if merged:
        assert [(r.source, r.trace_number, r.receipt_number, r.card_name) for r in ev.records] == [
            ("journal", 7, 3, "girocard")]
    else:
        assert [(r.source, r.trace_number, r.receipt_number, r.card_name) for r in ev.records] == [
            ("journal", 7, 3, None), ("status", trace, receipt, "girocard")]


def test_a_merged_record_keeps_what_the_listing_printed_and_takes_only_what_it_lacks():
    # the status information reports the time a few seconds later and a currency; the listing's time stays
    newest = Transaction(True, 0, Decimal("99.00"), "EUR", "01-02 08:58:07", 7, 3, "girocard", "672500******0019")
    lines = [line for line in REPORT if line != "AMOUNT 99.00 EUR"] + []
    lines.insert(4, "AMOUNT 99.00")  # no currency printed
    ev = evidence_from_results(status=status(), repeat=repeat(newest), turnover=turnover(lines), pc_at_status=PC)
    (rec,) = ev.records
    assert (rec.source, rec.time, rec.amount, rec.currency, rec.card_name, rec.pan_masked, rec.result_code) == (
        "journal", datetime(2026, 1, 2, 8, 58), Decimal("99.00"), "EUR", "girocard", "672500******0019", 0)


@pytest.mark.parametrize("text,when", [
    ("2025-12-31 23:59:00", datetime(2025, 12, 31, 23, 59)),  # a year printed is the year, whatever the clock says
    ("2026-01-03 09:00:01", datetime(2026, 1, 3, 9, 0, 1)),
    ("01-03 09:00:00", datetime(2026, 1, 3, 9, 0)),           # a day ahead of the terminal's clock: still this year
    ("01-03 09:00:01", datetime(2025, 1, 3, 9, 0, 1)),        # more than a day ahead: last year's
])
def test_a_transaction_time_with_or_without_its_year(text, when):
    rec = record_from_transaction(Transaction(True, 0, Decimal("5.00"), time=text), year=2026,
                                  read_at=datetime(2026, 1, 2, 9, 0))
    assert rec.time == when


def test_the_clock_offset_is_kept_to_a_tenth_of_a_second_and_needs_both_clocks():
    ev = evidence_from_results(status=status(datetime(2026, 1, 2, 9, 0, 30, 460000)), pc_at_status=PC)
    assert ev.clock_offset_s == 30.5 and ev.read_at == datetime(2026, 1, 2, 9, 0, 30, 460000)
    assert evidence_from_results(status=status(datetime(2026, 1, 2, 9, 0, 30, 120000)),
                                 pc_at_status=PC).clock_offset_s == 30.1
    # the terminal's clock without the PC's: read, but no offset
    ev = evidence_from_results(status=status())
    assert (ev.read_at, ev.clock_offset_s, ev.not_reported) == (datetime(2026, 1, 2, 9, 0, 30), None, ("period",))
    # the PC's clock without the terminal's (the status enquiry was refused): no offset, the clock not reported
    refused = CommandResult("status_enquiry", "refused", result_code=0x83)
    ev = evidence_from_results(status=refused, turnover=turnover(REPORT), pc_at_status=PC)
    assert (ev.read_at, ev.clock_offset_s, ev.not_reported) == (None, None, ("clock",))


def test_without_the_terminal_clock_the_year_of_a_bare_date_comes_from_the_pc():
    newest = Transaction(True, 0, Decimal("99.00"), "EUR", "01-02 08:58:00", 7, 3)
    ev = evidence_from_results(repeat=repeat(newest), pc_at_status=PC)
    assert [r.time for r in ev.records] == [datetime(2026, 1, 2, 8, 58)]
    lines = ["DATE 01-02 08:58:00", "TRACE 7  RECEIPT 3", "AMOUNT 99.00 EUR", "APPROVED"]
    rr = CommandResult("repeat_receipt", "completed", result_code=0, receipt_lines=lines)
    assert [r.time for r in evidence_from_results(repeat=rr, pc_at_status=PC).records] == [datetime(2026, 1, 2, 8, 58)]
    report = ["TURNOVER SINCE 2026-01-01 20:00:00", "----"] + lines + ["----", "COUNT 1  TOTAL 99.00 EUR"]
    ev = evidence_from_results(turnover=turnover(report), pc_at_status=PC)
    assert [r.time for r in ev.records] == [datetime(2026, 1, 2, 8, 58)] and ev.complete


def test_a_december_transaction_read_in_january_from_the_status_information_is_last_years():
    newest = Transaction(True, 0, Decimal("99.00"), "EUR", "12-31 23:59:00", 7, 3)
    ev = evidence_from_results(status=status(), repeat=repeat(newest), pc_at_status=PC)
    assert [r.time for r in ev.records] == [datetime(2025, 12, 31, 23, 59)]


def test_of_several_receipts_printed_again_only_the_last_is_the_newest():
    receipts = []
    for trace, amount in ((5, "1.00"), (6, "12.50"), (7, "99.00")):
        receipts += [f"DATE 2026-01-02 08:5{trace}:00", f"TRACE {trace}  RECEIPT {trace}", f"AMOUNT {amount} EUR",
                     "APPROVED", "----"]
    rr = CommandResult("repeat_receipt", "completed", result_code=0, receipt_lines=receipts)
    ev = evidence_from_results(status=status(), repeat=rr, pc_at_status=PC)
    assert [(r.trace_number, r.amount) for r in ev.records] == [(7, Decimal("99.00"))]


def test_what_was_not_reported_is_listed_once_each_in_order():
    ev = evidence_from_results(repeat=repeat(Transaction(False, 0x6D)))
    assert ev.not_reported == ("clock", "amount", "time", "trace", "period")
    both = evidence_from_results(status=status(), repeat=repeat(Transaction(False, 0x6D)), pc_at_status=PC)
    assert both.not_reported == ("amount", "time", "trace", "period")


def test_a_transaction_sent_before_the_command_was_cut_short_is_still_evidence():
    # the repeat receipt ended without its completion, but its 04 0F arrived: the terminal was read
    cut = CommandResult("repeat_receipt", "aborted", transaction=Transaction(True, 0, Decimal("99.00"), "EUR",
                                                                          "01-02 08:58:00", 7, 3))
    ev = evidence_from_results(repeat=cut, pc_at_status=PC)
    assert (ev.readable, [r.trace_number for r in ev.records], ev.complete) == (True, [7], False)


def test_every_field_the_status_information_sent_is_in_the_record():
    tx = Transaction(True, 0, Decimal("99.00"), "EUR", "2026-01-02 08:58:00", 7, 3, "girocard", "672500******0019")
    rec = record_from_transaction(tx, year=2026, read_at=datetime(2026, 1, 2, 9, 0), source="receipt")
    assert (rec.result, rec.result_code, rec.amount, rec.currency, rec.time, rec.trace_number, rec.receipt_number,
            rec.pan_masked, rec.card_name, rec.source, rec.kind) == (
        "approved", 0, Decimal("99.00"), "EUR", datetime(2026, 1, 2, 8, 58), 7, 3, "672500******0019", "girocard",
        "receipt", "payment")
    assert record_from_transaction(tx).source == "status"


def test_a_december_transaction_printed_without_its_year_and_read_in_january_is_last_years():
    """Found by the mutation work: the print lines' dates without a year took the clock's year, so a payment at
    23:58 on 31 December read at 00:10 was dated a year ahead - 'not at the customer's time'."""
    clock = datetime(2026, 1, 1, 0, 10)
    lines = ["DATE 12-31 23:58:00", "TRACE 7  RECEIPT 3", "AMOUNT 99.00 EUR", "APPROVED"]
    report = turnover(["TURNOVER SINCE 2025-12-31 20:00:00", "----", *lines, "----", "COUNT 1  TOTAL 99.00 EUR"])
    ev = evidence_from_results(status=status(clock), turnover=report, pc_at_status=clock)
    assert [r.time for r in ev.records] == [datetime(2025, 12, 31, 23, 58)] and ev.complete
    rr = CommandResult("repeat_receipt", "completed", result_code=0, receipt_lines=lines)
    ev = evidence_from_results(status=status(clock), repeat=rr, pc_at_status=clock)
    assert [r.time for r in ev.records] == [datetime(2025, 12, 31, 23, 58)]
    # the customer's payment is then found at the customer's time
    from pos_doctor.payments import CustomerEvidence, reconcile

    ev = evidence_from_results(status=status(clock), turnover=report, pc_at_status=clock)
    assert reconcile(CustomerEvidence(Decimal("99.00"), datetime(2025, 12, 31, 23, 58)), ev).verdict == "charged"
    # a date up to a day ahead of the clock stays this year
    ahead = ["DATE 01-02 00:05:00", "TRACE 8", "AMOUNT 5.00 EUR", "APPROVED"]
    rr = CommandResult("repeat_receipt", "completed", result_code=0, receipt_lines=ahead)
    assert [r.time for r in evidence_from_results(status=status(clock), repeat=rr, pc_at_status=clock).records] == [
        datetime(2026, 1, 2, 0, 5)]


@pytest.mark.parametrize("printed, when", [
    ("DATE 01-02 00:10:00", datetime(2026, 1, 2, 0, 10)),     # exactly a day ahead of the clock: this year
    ("DATE 01-02 00:10:01", datetime(2025, 1, 2, 0, 10, 1)),  # more than a day ahead: last year's
    ("DATE 2027-01-05 09:00:00", datetime(2027, 1, 5, 9, 0)),  # another year than the clock's was printed: kept
])
def test_a_printed_date_ahead_of_the_terminal_clock(printed, when):
    clock = datetime(2026, 1, 1, 0, 10)
    rr = CommandResult("repeat_receipt", "completed", result_code=0,
                       receipt_lines=[printed, "TRACE 8", "AMOUNT 5.00 EUR", "APPROVED"])
    assert [r.time for r in evidence_from_results(status=status(clock), repeat=rr, pc_at_status=clock).records] == [
        when]
