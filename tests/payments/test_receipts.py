"""Receipt lines back into records: our layout, German and Chinese layouts, and properties."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.payments import TerminalRecord
from pos_doctor.payments.receipts import parse_amount_text, parse_listing, parse_receipt, render_receipt


def test_simulator_layout_one_receipt():
    lines = ["TERMINAL 29001234", "girocard", "DATE 2026-11-24 14:05:10", "TRACE 42  RECEIPT 17",
             "AMOUNT 12.50", "APPROVED"]
    (rec,) = parse_receipt(lines)
    assert rec == TerminalRecord("approved", 0, Decimal("12.50"), None, datetime(2026, 11, 24, 14, 5, 10), 42, 17,
                                 source="receipt")


def test_simulator_declined_carries_its_code():
    (rec,) = parse_receipt(["TRACE 43  RECEIPT 18", "AMOUNT 99.00", "DECLINED (05)"])
    assert rec.result == "declined" and rec.result_code == 0x05 and rec.time is None


def test_german_layout():
    # a typical girocard merchant receipt (layout as printed by common German terminals)
    lines = ["Kartenzahlung", "girocard", "Datum: 24.11.2026", "Uhrzeit: 14:05:33 Uhr", "Beleg-Nr. 0815",
             "Trace-Nr. 004711", "Karte 672500******0019", "BETRAG EUR 1.234,50", "Zahlung erfolgt"]
    (rec,) = parse_receipt(lines)
    assert (rec.result, rec.amount, rec.currency) == ("approved", Decimal("1234.50"), "EUR")
    assert (rec.receipt_number, rec.trace_number, rec.pan_masked) == (815, 4711, "672500******0019")
    assert rec.time == datetime(2026, 11, 24, 14, 5, 33)


@pytest.mark.parametrize("word,result", [("Autorisierung abgelehnt", "declined"), ("Abbruch", "aborted"),
                                         ("Vorgang abgebrochen", "aborted"), ("STORNO", "reversed")])
def test_german_failures(word, result):
    (rec,) = parse_receipt(["Datum: 24.11.26", "Uhrzeit: 09:01", "Betrag: 12,50 EUR", word])
    assert rec.result == result and rec.amount == Decimal("12.50") and rec.time == datetime(2026, 11, 24, 9, 1)
    assert rec.result_code is None  # the wording is no result code


def test_chinese_layout():
    lines = ["商户存根", "卡号：622202******1234", "交易类型：消费", "批次号：000123  凭证号：000456",
             "参考号：123456789012", "日期/时间：2026/11/24 14:05:10", "金额：RMB 99.00", "交易成功"]
    listing = parse_listing(lines)
    (rec,) = listing.records
    assert (rec.result, rec.amount, rec.currency, rec.trace_number) == ("approved", Decimal("99.00"), "CNY", 456)
    assert rec.reference == "123456789012" and rec.pan_masked == "622202******1234"
    assert rec.time == datetime(2026, 11, 24, 14, 5, 10) and listing.batch == 123


@pytest.mark.parametrize("word,result", [("交易失败", "declined"), ("撤销", "reversed"), ("冲正", "reversed")])
def test_chinese_failures(word, result):
    (rec,) = parse_receipt(["日期：2026-11-24", "时间：14:05:10", "交易金额：99.00元", word])
    assert rec.result == result and rec.currency == "CNY"


def test_reversal_names_the_original_trace():
    (rec,) = parse_receipt(["撤销", "原凭证号：000456", "金额：99.00"])
    assert rec.kind == "reversal" and rec.trace_number == 456


def test_turnover_report_lists_every_transaction_and_the_period():
    lines = ["TURNOVER SINCE 2026-11-24 06:00:00", "--------------------",
             "DATE 2026-11-24 14:04:00", "TRACE 41  RECEIPT 16", "AMOUNT 99.00 EUR", "APPROVED",
             "--------------------",
             "DATE 2026-11-24 14:05:00", "TRACE 42  RECEIPT 17", "AMOUNT 99.00 EUR", "DECLINED (05)",
             "COUNT 2  TOTAL 99.00 EUR"]
    listing = parse_listing(lines)
    assert listing.period_start == datetime(2026, 11, 24, 6, 0) and listing.count == 2
    assert [r.result for r in listing.records] == ["approved", "declined"]
    assert [r.trace_number for r in listing.records] == [41, 42]


def test_receipts_without_separators_split_on_repeated_fields():
    lines = ["TRACE 1", "AMOUNT 5.00", "APPROVED", "TRACE 2", "AMOUNT 6.00", "DECLINED (05)"]
    assert [(r.trace_number, r.amount) for r in parse_receipt(lines)] == [(1, Decimal("5.00")), (2, Decimal("6.00"))]


def test_month_day_only_takes_the_given_year():
    (rec,) = parse_receipt(["DATE 11-24", "14:05:00", "AMOUNT 1.00", "APPROVED"], default_year=2026)
    assert rec.time == datetime(2026, 11, 24, 14, 5)
    (rec,) = parse_receipt(["DATE 11-24", "14:05:00", "AMOUNT 1.00", "APPROVED"])
    assert rec.time is None  # no year known: not guessed


def test_an_unmasked_card_number_is_masked():
    (rec,) = parse_receipt(["CARD 4111111111111111", "AMOUNT 1.00", "APPROVED"])
    assert rec.pan_masked == "411111******1111"


def test_lines_without_result_or_amount_give_nothing():
    assert parse_receipt(["SYSTEM CONFIGURATION", "MODEL SIM-ZVT-1", "SW 2.4.1"]) == ()
    assert parse_receipt(["NO TRANSACTION"]) == ()


@pytest.mark.parametrize("text,value", [("12,50", "12.50"), ("12.5", "12.50"), ("1.234,50", "1234.50"),
                                        ("1,234.50", "1234.50"), ("1 234,50", "1234.50"), ("7", "7.00")])
def test_amount_text(text, value):
    assert parse_amount_text(text) == Decimal(value)


# --- properties -----------------------------------------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=20))
def test_property_any_text_no_crash_and_stable(lines):
    first = parse_listing(lines)
    assert parse_listing(lines) == first
    for rec in first.records:
        assert rec.result in ("approved", "declined", "aborted", "reversed", "unknown")
        assert rec.pan_masked is None or not any(len(run) > 10 for run in rec.pan_masked.split("*"))


records = st.builds(
    TerminalRecord,
    result=st.sampled_from(["approved", "declined", "aborted"]),
    result_code=st.just(None),
    amount=st.integers(1, 99999999).map(lambda c: Decimal(c).scaleb(-2)),
    currency=st.sampled_from([None, "EUR", "CNY"]),
    time=st.one_of(st.none(), st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31)).map(
        lambda d: d.replace(microsecond=0))),
    trace_number=st.one_of(st.none(), st.integers(0, 999999)),
    receipt_number=st.one_of(st.none(), st.integers(0, 9999)),
    pan_masked=st.sampled_from([None, "672500******0019", "************1234"]),
    source=st.just("receipt"))


@settings(max_examples=300, deadline=None)
@given(st.lists(records, min_size=1, max_size=6))
def test_property_generated_receipts_round_trip(recs):
    recs = [r if r.result == "approved" else TerminalRecord(**{**r.__dict__, "result_code": 0x05}) for r in recs]
    recs = [TerminalRecord(**{**r.__dict__, "result_code": 0}) if r.result == "approved" else r for r in recs]
    lines = []
    for r in recs:
        lines += ["-" * 20] + render_receipt(r)
    assert list(parse_receipt(lines)) == recs


@pytest.mark.parametrize("line", ["AUTO-REVERSAL PENDING", "冲正中", "待冲正"])
def test_a_pending_reversal_is_not_a_reversal(line):
    (rec,) = parse_receipt(["AMOUNT 99.00", "DECLINED (05)", line])
    assert rec.result == "declined"


def test_a_totals_report_gives_no_transactions():
    # what many terminals print for the period: totals per card type, not the transactions themselves
    lines = ["KASSENSCHNITT-NR. 12", "girocard", "Anzahl 3", "Gesamt EUR 123,45", "Mastercard", "Summe 10,00 EUR",
             "TOTAL 133,45 EUR"]
    listing = parse_listing(lines)
    assert listing.records == () and listing.count == 3 and listing.batch == 12


def test_amount_on_the_line_after_its_label():
    (rec,) = parse_receipt(["Betrag", "EUR 12,50", "Zahlung erfolgt"])
    assert rec.amount == Decimal("12.50") and rec.currency == "EUR"
    (rec,) = parse_receipt(["金额：", "RMB 99.00", "交易成功"])
    assert rec.amount == Decimal("99.00")
    assert parse_receipt(["Trace-Nr. 5", "12,50", "Zahlung erfolgt"])[0].amount is None  # no label: not an amount


def test_a_long_reference_is_not_a_card_number_and_sits_beside_the_trace():
    (rec,) = parse_receipt(["凭证号：000456  参考号：1234567890123", "金额：99.00", "交易成功"])
    assert rec.pan_masked is None and rec.reference == "1234567890123" and rec.trace_number == 456
    (rec,) = parse_receipt(["Ref: 1234567890123456", "AMOUNT 1.00", "APPROVED"])
    assert rec.pan_masked is None


# --- result wording: whole words from the table, never parts of other words (issue 22, case 5) ---------------

@pytest.mark.parametrize("line,result", [
    ("APPROVED - KEEP SLIP TO AVOID DISPUTES", "approved"), ("APPROVED", "approved"), ("NOT APPROVED", "declined"),
    ("DECLINED (05)", "declined"), ("VOID", "reversed"), ("TRANSACTION VOIDED", "reversed"),
    ("PLEASE AVOID DISPUTES", None), ("PREAPPROVED OFFER", None), ("DISAPPROVED", None),
    ("Zahlung erfolgt", "approved"), ("Zahlung nicht erfolgt", "declined"), ("NICHT AUTORISIERT", "declined"),
    ("Autorisierungs-Nr. 123456", None), ("Genehmigungs-Nr. 4711", None), ("STORNO", "reversed"),
    ("交易成功", "approved"), ("撤销成功", "reversed"), ("交易失败", "declined"), ("交易未成功", "unknown"),
    ("不成功", "unknown"), ("NOT VOID", "unknown"), ("APPROVED / DECLINED", "unknown"), ("冲正失败", "unknown"),
    ("KASSENSCHNITT", None), ("TOTAL APPROVALS 3", None),
])
def test_result_words_are_whole_phrases(line, result):
    from pos_doctor.payments.receipts import result_of_line

    assert result_of_line(line) == result


def test_an_approved_slip_that_says_avoid_disputes_is_an_approved_payment():
    (rec,) = parse_receipt(["TRACE 42  RECEIPT 17", "AMOUNT 99.00 EUR", "APPROVED - KEEP SLIP TO AVOID DISPUTES"])
    assert rec.result == "approved" and rec.kind == "payment"


def test_a_result_line_that_cannot_be_read_gives_an_unknown_result_never_a_guess():
    (rec,) = parse_receipt(["TRACE 42", "AMOUNT 99.00 EUR", "交易未成功"])
    assert rec.result == "unknown" and rec.result_code is None


def test_the_authorisation_code_is_read_and_is_no_card_number():
    (rec,) = parse_receipt(["授权码：A1B2C3", "凭证号：000456", "金额：99.00", "交易成功"])
    assert rec.auth_code == "A1B2C3" and rec.pan_masked is None
    (rec,) = parse_receipt(["Genehmigungs-Nr. 123456", "Trace-Nr. 7", "Betrag EUR 5,00", "Zahlung erfolgt"])
    assert rec.auth_code == "123456" and rec.result == "approved"


@given(st.lists(st.sampled_from(["APPROVED", "AVOID", "KEEP", "SLIP", "DISPUTES", "VOIDANCE", "-", "THANK", "YOU",
                                 "DEVOID", "REVERSALS", "DECLINEDX"]), min_size=1, max_size=8))
def test_property_a_result_word_is_never_read_inside_another_word(words):
    from pos_doctor.payments.receipts import result_of_line

    line = " ".join(words)
    expected = "approved" if "APPROVED" in words else None
    assert result_of_line(line) == expected
