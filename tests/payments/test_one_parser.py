"""One parser for what people type about a payment (payments/customer_input.py): the answer prompt
(engine.parse_record / read_record, also behind the answers file) and the reconciliation read amounts, currencies
and times the same way, and a currency typed with the amount is kept and compared."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.payments.customer_input import parse_amount, parse_customer_time, time_text
from pos_doctor.payments.reconcile import CustomerEvidence
from pos_doctor.playbooks.engine import currency_field, parse_record, read_record

SIGNS = {"€": "EUR", "EUR": "EUR", "¥": "CNY", "￥": "CNY", "元": "CNY", "RMB": "CNY", "CNY": "CNY", "$": "USD",
         "USD": "USD", "US$": "USD", "£": "GBP", "GBP": "GBP", "CHF": "CHF", "HKD": "HKD"}
FULL = {str(i): chr(0xFF10 + i) for i in range(10)}

cents = st.integers(min_value=1, max_value=999_999_999_99)


@st.composite
def typed_amounts(draw):
    """An amount as a person may type it: with or without a currency before or after, a space or none, a decimal
    comma or point, full-width digits from a Chinese keyboard."""
    value = Decimal(draw(cents)) / 100
    whole, frac = f"{value:.2f}".split(".")
    if frac == "00" and draw(st.booleans()):
        number = whole
    else:
        number = whole + draw(st.sampled_from([".", ",", "。"])) + (frac.rstrip("0") if draw(st.booleans()) and frac != "00" else frac)
    if draw(st.booleans()):
        number = "".join(FULL.get(c, c) for c in number)
    sign = draw(st.sampled_from([None, *SIGNS]))
    space = draw(st.sampled_from(["", " "]))
    if sign is None:
        text = number
    elif draw(st.booleans()) and sign not in ("元",):
        text = sign + space + number
    else:
        text = number + space + sign
    return text, value, SIGNS.get(sign) if sign else None


@settings(max_examples=300, deadline=None)
@given(typed_amounts())
def test_the_prompt_and_the_reconciliation_read_every_amount_alike(case):
    text, value, currency = case
    assert parse_amount(text) == (value, currency)
    ok, kept, why, said = read_record("amount", text, False)
    assert (ok, kept, why) == (True, f"{value:.2f}", None)
    assert said == ({"currency": currency} if currency else {})
    # what the walk keeps is read back by the reconciliation as the same amount and currency
    values = {"customer_amount": kept, **({currency_field("customer_amount"): currency} if currency else {})}
    ev = CustomerEvidence.from_values(values)
    assert (ev.amount, ev.currency) == (value, currency)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=16) | st.from_regex(r"[-+ ]?[$€¥]?\s?\d{1,10}([.,，。]\d{0,3})?\s?(EUR|USD|CHF|元)?", fullmatch=True))
def test_the_prompt_accepts_an_amount_exactly_when_the_reconciliation_can_read_it(text):
    value, _ = parse_amount(text)
    ok, kept, _ = parse_record("amount", text, False)
    if not text.strip():
        assert ok is False
        return
    assert ok == (value is not None)
    if ok:
        assert Decimal(kept) == value


@pytest.mark.parametrize("text, value, currency", [
    ("USD 12.50", "12.50", "USD"), ("CHF 5", "5.00", "CHF"), ("¥99", "99.00", "CNY"), ("12,50 €", "12.50", "EUR"),
    ("1,250.00", "1250.00", None), ("１２。５０", "12.50", None), ("1.234,50", "1234.50", None),
    ("EUR 12,50", "12.50", "EUR"),
])
def test_the_issue_s_amounts(text, value, currency):
    assert parse_record("amount", text, False) == (True, value, None)
    assert read_record("amount", text, False)[3] == ({"currency": currency} if currency else {})


@pytest.mark.parametrize("text", ["1,250", "1.234", "1.234,5,0", "1.23,50", "12.345", "0", "-5", "USD EUR 5", "12 50", "€"])
def test_unclear_amounts_are_refused_by_both(text):
    assert parse_amount(text) == (None, None) and parse_record("amount", text, False)[0] is False


@settings(max_examples=300, deadline=None)
@given(h=st.integers(0, 23), m=st.integers(0, 59), s=st.none() | st.integers(0, 59),
       colon=st.sampled_from([":", "："]), full=st.booleans(),
       day=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_the_prompt_keeps_the_time_the_reconciliation_reads(h, m, s, colon, full, day):
    clock = f"{h}{colon}{m:02d}" + (f"{colon}{s:02d}" if s is not None else "")
    text = (f"{day:%Y-%m-%d} " if day else "") + clock
    if full:
        text = "".join(FULL.get(c, c) for c in text)
    ok, kept, why = parse_record("time", text, False)
    assert ok and why is None
    expected = f"{h:02d}:{m:02d}" + (f":{s:02d}" if s is not None else "")
    if day is None and kept != expected:  # typed just after midnight: yesterday evening's, kept with its date
        from datetime import timedelta

        assert kept == f"{date.today() - timedelta(days=1):%Y-%m-%d} {expected}"
    else:
        assert kept == (f"{day:%Y-%m-%d} {expected}" if day else expected)
        today = date(2026, 11, 24)
        assert parse_customer_time(kept, today=today) == parse_customer_time(text, today=today)
    assert time_text(kept) == kept


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=24))
def test_a_time_is_accepted_exactly_when_the_reconciliation_can_read_it(text):
    ok, kept, _ = parse_record("time", text, False)
    readable = bool(text.strip()) and parse_customer_time(text) is not None
    assert ok == readable


def test_the_currency_typed_is_kept_in_the_walk_and_compared(tmp_path):
    from pos_doctor.playbooks.engine import Walk, WalkState
    from tests.playbooks.test_money import RECONCILE, RECORDS, TAIL, Person, Terminal, approved, journal, lib_with

    lib = lib_with(tmp_path, RECORDS + RECONCILE + TAIL)
    term = Terminal(journal(approved("12.50", "14:05", 42)))
    state = Walk(lib, term, Person(amount="USD 12.50", time="14:05"), WalkState("main")).run()
    assert state.values["customer_amount"] == "12.50" and state.values["customer_currency"] == "USD"
    assert state.payment["customer"]["currency"] == "USD"
    assert state.payment["verdict"] != "charged"   # the terminal took 12.50 EUR, the customer shows 12.50 USD
