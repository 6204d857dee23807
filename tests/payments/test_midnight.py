"""A time of day typed without a date, just after midnight: the customer's debit was yesterday evening, never a moment
in the future; at any other hour a bare time is today's (payments/customer_time.py, AHEAD and EVENING)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, strategies as st

from pos_doctor.payments.customer_input import parse_customer_time, time_text
from pos_doctor.payments.customer_time import AHEAD, EVENING


def test_a_debit_before_midnight_typed_after_it_is_yesterdays_and_keeps_its_date():
    now = datetime(2026, 12, 7, 0, 10)
    assert parse_customer_time("23:55", now=now) == datetime(2026, 12, 6, 23, 55)
    assert parse_customer_time("23点55分", now=now) == datetime(2026, 12, 6, 23, 55)
    assert time_text("23:55", now=now) == "2026-12-06 23:55"  # kept with its day: the same moment when read later
    assert parse_customer_time("00:05", now=now) == datetime(2026, 12, 7, 0, 5)
    assert time_text("00:05", now=now) == "00:05"


def test_a_bare_time_in_the_day_stays_today_even_when_it_is_ahead():
    now = datetime(2026, 12, 7, 14, 0)
    assert parse_customer_time("14:10", now=now) == datetime(2026, 12, 7, 14, 10)  # clocks differ a little
    assert parse_customer_time("20:00", now=now) == datetime(2026, 12, 7, 20, 0)  # not yesterday: 18 h ago
    assert parse_customer_time("23:55", today=date(2026, 12, 7)) == datetime(2026, 12, 7, 23, 55)  # a named day


@given(now=st.datetimes(min_value=datetime(2020, 1, 2), max_value=datetime(2035, 1, 1)),
       h=st.integers(0, 23), m=st.integers(0, 59))
def test_a_bare_time_is_today_or_yesterday_evening_and_its_kept_text_means_the_same(now, h, m):
    now = now.replace(microsecond=0)
    typed = f"{h:02d}:{m:02d}"
    got = parse_customer_time(typed, now=now)
    today = datetime(now.year, now.month, now.day, h, m)
    if got != today:
        assert got == today - timedelta(days=1)
        assert today > now + AHEAD and now - got <= EVENING  # only a future time whose yesterday was this evening
    assert parse_customer_time(time_text(typed, now=now), now=now) == got
