"""Receipt lines back into records, exactly (issue 28, wave 9: what the mutation run of payments/receipts.py found
untested). Example tests only: the mutation run of receipts.py takes them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from pos_doctor.payments import TerminalRecord
from pos_doctor.payments.receipts import result_of_line, with_source


def test_with_source_names_the_source_of_every_record_and_keeps_the_rest():
    recs = [TerminalRecord("approved", 0, Decimal("12.50"), "EUR", datetime(2026, 11, 24, 14, 5, 10), 42, 17),
            TerminalRecord("declined", 5, Decimal("3.00"), source="journal")]
    assert with_source(recs, "receipt") == (
        TerminalRecord("approved", 0, Decimal("12.50"), "EUR", datetime(2026, 11, 24, 14, 5, 10), 42, 17,
                       source="receipt"),
        TerminalRecord("declined", 5, Decimal("3.00"), source="receipt"))
    assert with_source([], "journal") == ()


@pytest.mark.parametrize("line", ["GROßSTORNO", "Großstorno", "STORNOßUMME", "ABBRUCHßTELLE"])
def test_a_result_word_joined_to_an_sharp_s_is_part_of_another_word(line):
    # ß is a letter like any other: a phrase with ß before or after it is inside a word, not a result
    assert result_of_line(line) is None
    assert result_of_line(line.replace("ß", " ")) == ("reversed" if "STORNO" in line.upper() else "aborted")
