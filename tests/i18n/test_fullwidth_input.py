"""What a cashier types on a Chinese keyboard (full-width ，。：and digits) is read exactly as the same keys typed
half-width — an amount never changes by a factor of 100 because the comma was full-width."""

from __future__ import annotations

from hypothesis import given, strategies as st

from pos_doctor.playbooks.engine import parse_record

FULL = str.maketrans({",": "，", ".": "。", ":": "：", **{str(i): chr(0xFF10 + i) for i in range(10)}})


def test_full_width_comma_is_a_decimal_comma_like_the_ascii_one():
    assert parse_record("amount", "12，50", False)[:2] == parse_record("amount", "12,50", False)[:2] == (True, "12.50")
    assert parse_record("amount", "１２。５０", False)[:2] == (True, "12.50")
    assert parse_record("time", "１４：０５", False)[:2] == (True, "14:05")


@given(st.integers(0, 99999), st.integers(0, 99), st.sampled_from([",", "."]))
def test_amount_same_whatever_the_keyboard(units, cents, sep):
    typed = f"{units}{sep}{cents:02d}"
    assert parse_record("amount", typed.translate(FULL), False)[:2] == parse_record("amount", typed, False)[:2]


@given(st.integers(0, 23), st.integers(0, 59))
def test_time_same_whatever_the_keyboard(h, m):
    typed = f"{h}:{m:02d}"
    assert parse_record("time", typed.translate(FULL), False)[:2] == parse_record("time", typed, False)[:2]
