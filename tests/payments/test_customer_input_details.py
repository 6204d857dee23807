"""payments/customer_input.py: the answer to a record step of every kind, exactly (accepted, the value kept, why not,
and what else the text said), in process: the prompt and the answers file both read answers here."""

from __future__ import annotations

from datetime import datetime

import pytest

from pos_doctor.payments import customer_input, customer_time
from pos_doctor.payments.customer_input import (
    currency_field,
    parse_amount,
    parse_record,
    read_record,
    uncertainty_field,
)

NEEDED = "This value is needed."
TIME_HELP = ('Type the time as HH:MM, e.g. 14:05 (or 2026-11-22 14:05); an estimate is fine: "about ten minutes ago", '
             '"around 14:00", "between 14:00 and 14:30".')
AMOUNT_HELP = "Type the amount as a number, e.g. 12.50."
PHONE = "Type a phone number (7 to 15 digits)."
NUMBER = "Type a whole number."
ORDER = "Type the order number (digits and letters, at most 64), or its last digits."


@pytest.mark.parametrize("kind, raw, optional, said", [
    ("time", None, True, (True, "", None)), ("time", "", True, (True, "", None)), ("time", "", False, (False, None,
        NEEDED)),
    ("time", "  ", False, (False, None, NEEDED)), ("time", "2026-02-30 14:05", False, (False, None,
        "That date does not exist.")),
    ("time", "２０２６-02-30 14：05", False, (False, None, "That date does not exist.")),
    ("time", "2026-11-22 14:05", False, (True, "2026-11-22 14:05", None)), ("time", "14：05", False, (True, "14:05",
        None)),
    ("time", "25:00", False, (False, None, TIME_HELP)),
    ("phone", "+49 (151) 234-5678", False, (True, "491*****5678", None)),
    ("phone", "13800138000", False, (True, "138****8000", None)), ("phone", "1380013", False, (True, "*****13", None)),
    ("phone", "123456", False, (False, None, PHONE)), ("phone", "0123456789012345", False, (False, None, PHONE)),
    ("phone", "", True, (True, "", None)), ("phone", "", False, (False, None, NEEDED)),
    ("number", "12345", False, (True, "12345", None)), ("number", "123", False, (True, "123", None)),
    ("number", "4111111111111111", False, (True, "411111******1111", None)),
    ("number", "１２３", False, (True, "123", None)), ("number", " 42 ", False, (True, "42", None)),
    ("number", "12a", False, (False, None, NUMBER)), ("number", "", False, (False, None, NEEDED)),
    ("number", "1234567890123456789", False, (True, "1234567890123456789", None)),  # no card: Luhn fails,
    ("number", "12345678901234567890", False, (False, None, NUMBER)), ("number", "尾号1234", False, (False, None,
        NUMBER)),
    ("order", "4200001234202612061234567890", False, (True, "4200001234202612061234567890", None)),
    ("order", "ab-12", False, (True, "AB12", None)), ("order", "１２３４", False, (True, "1234", None)),
    ("order", "", False, (False, None, NEEDED)), ("order", "x" * 65, False, (False, None, ORDER)),
    # the last digits after an ellipsis typed on a Chinese keyboard (。。。 or ．．．, the keys of ...)
    ("order", "。。。1234", False, (True, "1234", None)), ("order", "．．．5678", False, (True, "5678", None)),
    (None, "hello", False, (True, "hello", None)), ("text", "  card 4111111111111111 ", False,
                                                    (True, "card 411111******1111", None)),
    ("text", "a" * 500, False, (True, "a" * 500, None)), ("text", "a" * 501, False, (False, None,
        "At most 500 characters.")),
    ("text", None, True, (True, "", None)), ("text", "", False, (False, None, NEEDED)),
    ("text", "１２：３０", False, (True, "１２：３０", None)),  # free text is kept as typed
    ("amount", "", False, (False, None, NEEDED)), ("amount", None, True, (True, "", None)),
    ("amount", "1e9", False, (False, None, AMOUNT_HELP)), ("amount", "abc", False, (False, None, AMOUNT_HELP)),
    ("amount", "999999999.99", False, (True, "999999999.99", None)), ("amount", "1000000000", False, (False, None,
        AMOUNT_HELP)),
])
def test_the_answer_to_a_record_step_of_each_kind(kind, raw, optional, said):
    ok, value, why = parse_record(kind, raw, optional)
    assert (ok, value, why.en if why is not None else None) == said
    assert read_record(kind, raw, optional)[3] == {}


@pytest.mark.parametrize("raw, kept, extra", [("12,50 €", "12.50", {"currency": "EUR"}), ("USD 3", "3.00",
    {"currency": "USD"}),
                                            ("12.5", "12.50", {})])
def test_an_amount_keeps_the_currency_typed_with_it(raw, kept, extra):
    assert read_record("amount", raw, False) == (True, kept, None, extra)


@pytest.mark.parametrize("field, raw, said", [
    ("customer_card_last4", "尾号1234", (True, "1234", None, {})),
    ("customer_card_last4", "**** 1234", (True, "1234", None, {})),
    ("refund_card_last4", "ending 1234", (True, "1234", None, {})),
    ("customer_card_last4", "12345", (True, "12345", None, {})),  # not a card's last four: read as a number
    ("card", "ending 1234", (False, None, NUMBER, {})),           # a field that is no card's last four
])
def test_a_card_s_last_digits_may_be_typed_as_the_message_shows_them(field, raw, said):
    ok, value, why, extra = read_record("number", raw, False, field)
    assert (ok, value, why.en if why is not None else None, extra) == said


def test_where_the_currency_and_the_uncertainty_are_kept():
    assert (currency_field("customer_amount"), currency_field("refund_amount"), uncertainty_field("customer_time")) == (
        "customer_currency", "refund_amount_currency", "customer_time_uncertainty")


class _PcClock(datetime):
    """The PC's clock as read_record reads it."""

    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 12, 6, 15, 0)


class _LaterClock(datetime):
    """Any other reading of the clock (the parser's own, were it asked again): an hour earlier, to tell them apart."""

    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 12, 6, 14, 0)


@pytest.mark.parametrize("raw, said", [
    ("heute 15:10", (True, "15:10", None, {})),  # within fifteen minutes of the clock read once
    ("about ten minutes ago", (True, "14:50", None, {"uncertainty_s": 300})),
    ("两点左右", (True, "14:00", None, {"uncertainty_s": 900})),
    ("14:05", (True, "14:05", None, {})),
])
def test_a_time_is_read_against_one_reading_of_the_clock(monkeypatch, raw, said):
    monkeypatch.setattr(customer_input, "datetime", _PcClock)
    monkeypatch.setattr(customer_time, "datetime", _LaterClock)
    ok, value, why, extra = read_record("time", raw, False)
    assert (ok, value, why, extra) == said


@pytest.mark.parametrize("text, value", [
    ("123,456,789.00", "123456789.00"), ("1,234,567,890.00", None), ("1.234.567.890,00", None), ("12,5", "12.50"),
    ("12", "12.00"), ("1", "1.00"), ("0,01", "0.01"), ("0", None), ("-1", None),
])
def test_an_amount_is_kept_to_the_cent(text, value):
    got, _ = parse_amount(text)
    assert (None if got is None else str(got)) == value
