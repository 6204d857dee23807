"""Receipt lines back into records, exactly (issue 28, wave 9: what the mutation run of payments/receipts.py found
untested). Example tests only: the mutation run of receipts.py takes them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from pos_doctor.payments import TerminalRecord
from pos_doctor.payments.receipts import parse_amount_text, render_receipt, result_of_line


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
