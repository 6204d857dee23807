"""Receipt lines back into records, exactly (issue 28, wave 9: what the mutation run of payments/receipts.py found
untested). Example tests only: the mutation run of receipts.py takes them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from pos_doctor.payments import TerminalRecord
from pos_doctor.payments.receipts import (
    Listing,
    parse_amount_text,
    parse_listing,
    parse_receipt,
    render_receipt,
    result_of_line,
)


@pytest.mark.parametrize("line", ["GROßSTORNO", "Großstorno", "STORNOßUMME", "ABBRUCHßTELLE"])
def test_a_result_word_joined_to_an_sharp_s_is_part_of_another_word(line):
    # ß is a letter like any other: a phrase with ß before or after it is inside a word, not a result
    assert result_of_line(line) is None
    assert result_of_line(line.replace("ß", " ")) == ("reversed" if "STORNO" in line.upper() else "aborted")


R = TerminalRecord
WHEN = datetime(2026, 11, 24, 14, 5, 10)


@pytest.mark.parametrize("rec, lines", [
    (R("approved", 0, Decimal("12.5"), "EUR", WHEN, 42, 17, "************1234"),
     ["DATE 2026-11-24 14:05:10", "TRACE 42  RECEIPT 17", "CARD ************1234", "AMOUNT 12.50 EUR", "APPROVED"]),
    # a reversal names the payment it cancels: ORIG TRACE
    (R("reversed", None, Decimal("99"), None, None, 41, None, kind="reversal"),
     ["ORIG TRACE 41", "AMOUNT 99.00", "REVERSAL"]),
    (R("reversed", 0, None, None, None, 41, 18), ["ORIG TRACE 41  RECEIPT 18", "REVERSAL (00)"]),
    (R("declined", 0, None, None, None, None, 17), ["RECEIPT 17", "DECLINED (00)"]),  # a code on a decline is shown
    (R("approved", 0x10), ["APPROVED (10)"]),   # an approval shows only a code other than 00
    (R("approved", None), ["APPROVED"]),
    (R("declined", None), ["DECLINED"]),
    (R("aborted", 0x6C), ["ABORTED (6C)"]),
    (R("unknown", 5, Decimal("1")), ["AMOUNT 1.00"]),  # no result word for a result nobody knows
], ids=["full", "reversal", "reversal-receipt", "declined-00", "approved-10", "approved-none", "declined-none",
        "aborted", "unknown"])
def test_our_receipt_layout_line_by_line(rec, lines):
    assert render_receipt(rec) == lines


@pytest.mark.parametrize("line", ["成功交易失败", "失败交易成功"])
def test_two_results_side_by_side_without_a_space_cannot_be_read(line):
    # the shorter result is not inside the longer one: both stand, so the line says two things
    assert result_of_line(line) == "unknown"


@pytest.mark.parametrize("text, value", [("1'234.50", Decimal("1234.50")), ("1'234'567,05", Decimal("1234567.05"))])
def test_an_apostrophe_groups_thousands_as_on_swiss_receipts(text, value):
    assert parse_amount_text(text) == value


# issue 28, wave 10: the survivors of the first run of every mutant of receipts.py


@pytest.mark.parametrize("text, value", [("12,5", "12.50"), ("12.50", "12.50"), ("7", "7.00"),
                                         ("123456789,00", "123456789.00")])
def test_an_amount_is_read_to_the_cent(text, value):
    assert str(parse_amount_text(text)) == value  # two decimals, as the terminal counts: 12.50, not 12.5 or 12.500


@pytest.mark.parametrize("text", ["1234567890", "1.234.567.890,00", "12a,50", ",50", ""])
def test_an_amount_of_ten_digits_or_with_no_whole_number_is_no_amount(text):
    assert parse_amount_text(text) is None


def rec(**fields) -> TerminalRecord:
    return TerminalRecord(**{"result": "unknown", "source": "receipt", **fields})


@pytest.mark.parametrize("lines, records", [
    # a lone amount is a subtotal, a lone number no transaction; an amount with a trace, receipt or time is one
    (["AMOUNT 12.50 EUR"], ()),
    (["TRACE 42"], ()),
    (["AMOUNT 12.50 EUR", "TRACE 42"], (rec(amount=Decimal("12.50"), currency="EUR", trace_number=42),)),
    (["AMOUNT 12.50 EUR", "RECEIPT 17"], (rec(amount=Decimal("12.50"), currency="EUR", receipt_number=17),)),
    # what is not a line of text is passed over, a blank line ends nothing
    ([None, "APPROVED", "", "AMOUNT 12.50 EUR"],
     (rec(result="approved", result_code=0, amount=Decimal("12.50"), currency="EUR"),)),
    # a bare money line is an amount only after a line that says "amount"
    (["12,50 EUR", "APPROVED"], (rec(result="approved", result_code=0),)),
    # a currency in lower case is the currency
    (["AMOUNT 12.50 eur", "APPROVED"],
     (rec(result="approved", result_code=0, amount=Decimal("12.50"), currency="EUR"),)),
    (["金额 30.00 rmb", "交易成功"], (rec(result="approved", result_code=0, amount=Decimal("30.00"), currency="CNY"),)),
    # a full-width space groups thousands like a space
    (["BETRAG 1\u3000234,50 EUR", "GENEHMIGT"],
     (rec(result="approved", result_code=0, amount=Decimal("1234.50"), currency="EUR"),)),
    # a date without a time, and a time on a line of its own
    (["日期 2026年11月24日", "时间 14:05:10", "交易成功"],
     (rec(result="approved", result_code=0, time=datetime(2026, 11, 24, 14, 5, 10)),)),
    (["DATE 2026-11-24 14:05", "APPROVED"],
     (rec(result="approved", result_code=0, time=datetime(2026, 11, 24, 14, 5)),)),
    # an impossible date is no date: it neither dates the record nor starts a new one
    (["DATUM 24.11.2026 14:05", "31.02.2026", "GENEHMIGT", "BETRAG 12,50 EUR"],
     (rec(result="approved", result_code=0, amount=Decimal("12.50"), currency="EUR",
          time=datetime(2026, 11, 24, 14, 5)),)),
])
def test_receipt_lines_into_records(lines, records):
    assert parse_listing(lines).records == records


@pytest.mark.parametrize("clock", ["24:00", "14:60", "14:05:60"])
def test_a_time_no_clock_shows_is_no_time(clock):
    assert parse_listing(["DATUM 24.11.2026", f"UHRZEIT {clock}", "GENEHMIGT"]).records == (
        rec(result="approved", result_code=0),)


def test_a_line_is_read_to_its_200th_character():
    assert parse_listing(["X" * 191 + " APPROVED"]).records == (rec(result="approved", result_code=0),)
    assert parse_listing(["X" * 192 + " APPROVED"]).records == ()  # "APPROVE" and a cut


def test_lines_that_are_no_list_are_no_lines():
    assert parse_listing({"APPROVED": "AMOUNT 12.50 EUR"}) == Listing()  # a JSON object where lines belong


@pytest.mark.parametrize("line, default_year, start", [
    ("TURNOVER SINCE 2026-11-24", None, datetime(2026, 11, 24, 0, 0)),   # a day alone: from its midnight
    ("ZEITRAUM AB: DATUM 11/24 08:00", 2026, datetime(2026, 11, 24, 8, 0)),  # month and day: the year given
    ("ZEITRAUM AB: DATUM 11/24 08:00", None, None),
])
def test_the_period_a_turnover_report_starts_at(line, default_year, start):
    assert parse_listing([line], default_year=default_year) == Listing(period_start=start)


def test_the_count_a_turnover_report_states_and_the_records_after_it():
    assert parse_listing(["ANZAHL: 1", "GENEHMIGT", "BETRAG 12,50 EUR"]) == Listing(
        (rec(result="approved", result_code=0, amount=Decimal("12.50"), currency="EUR"),), count=1)


def test_a_reversal_line_names_the_payment_it_cancels_without_a_result_word():
    assert parse_listing(["ORIG TRACE 41", "AMOUNT 99.00 EUR"]).records == (
        rec(result="reversed", amount=Decimal("99.00"), currency="EUR", trace_number=41, kind="reversal"),)


@pytest.mark.parametrize("line, code", [("DECLINED RC 1A", 26), ("DECLINED (1A)", 26), ("ABGELEHNT FEHLER: 05", 5)])
def test_a_result_code_is_read_in_hex(line, code):
    assert parse_listing([line]).records == (rec(result="declined", result_code=code),)


@pytest.mark.parametrize("line, field", [
    ("AMOUNT 12.50 EUR ****1234", {"amount": Decimal("12.50"), "currency": "EUR"}),
    ("TRACE 42 ****1234", {"trace_number": 42}), ("RECEIPT 17 ****1234", {"receipt_number": 17}),
    ("参考号: 4111111111111111", {"reference": "4111111111111111"}),
    ("AUTH CODE: 123456 ****1234", {"auth_code": "123456"}),
])
def test_a_number_on_a_line_that_names_another_field_is_no_card_number(line, field):
    assert parse_listing([line, "APPROVED"]).records == (rec(result="approved", result_code=0, **field),)


@pytest.mark.parametrize("card", ["**** **** **** 1234", "XXXX XXXX XXXX 1234", "xxxx xxxx xxxx 1234",
                                  "#### #### #### 1234"])
def test_a_masked_card_number_is_kept_with_stars_and_without_spaces(card):
    assert parse_listing([f"CARD {card}", "APPROVED"]).records == (
        rec(result="approved", result_code=0, pan_masked="************1234"),)


def test_a_second_date_or_a_second_time_starts_the_next_record():
    lines = ["DATUM 24.11.2026", "UHRZEIT 14:05", "GENEHMIGT", "BETRAG 12,50 EUR",
             "DATUM 24.11.2026", "UHRZEIT 14:20", "GENEHMIGT", "BETRAG 5,00 EUR"]
    assert parse_listing(lines).records == (
        rec(result="approved", result_code=0, amount=Decimal("12.50"), currency="EUR",
            time=datetime(2026, 11, 24, 14, 5)),
        rec(result="approved", result_code=0, amount=Decimal("5.00"), currency="EUR",
            time=datetime(2026, 11, 24, 14, 20)))


def test_the_same_amount_said_again_in_another_currency_stays_in_its_record():
    # only a field said again with another value starts a new record; the currency is not such a field
    assert parse_listing(["AMOUNT 12.50 EUR", "APPROVED", "AMOUNT 12.50 CHF"]).records == (
        rec(result="approved", result_code=0, amount=Decimal("12.50"), currency="CHF"),)


def test_a_receipt_parsed_as_another_source_names_it():
    assert parse_receipt(["APPROVED"], source="journal") == (rec(result="approved", result_code=0, source="journal"),)
