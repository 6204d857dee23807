"""payments/customer_time.py in the detail a mutation run asks for, with example inputs only (the hypothesis
properties of test_german_input.py and test_time_estimates.py say the same in general, but cost seconds per mutant):
a day said before the time (`_on_named_day`: "gestern 18 Uhr", "yesterday 18:05", "昨天 下午六点") with its bounds,
each pinned to the moment and the uncertainty it stands for."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from pos_doctor.payments.customer_time import CustomerTime, parse_customer_when, time_text

NOW = datetime(2026, 12, 6, 15, 0)  # a Sunday afternoon, the PC's clock
AROUND = 15 * 60


def at(day: int, h: int, m: int, s: int = 0) -> datetime:
    return datetime(2026, 12, day, h, m, s)


@pytest.mark.parametrize("text, when, uncertainty", [
    # yesterday, to the minute: exact
    ("yesterday 18:05", at(5, 18, 5), 0), ("YESTERDAY 18:05", at(5, 18, 5), 0), ("Gestern um 18:05", at(5, 18, 5), 0),
    ("yesterday, 14:05", at(5, 14, 5), 0), ("gestern,14:05", at(5, 14, 5), 0), ("gestern um14:05", at(5, 14, 5), 0),
    ("yesterday 23:59:30", at(5, 23, 59, 30), 0), ("gestern 23:50 Uhr", at(5, 23, 50), 0),
    # yesterday, said by the hour or around a time: the latest such moment on that day, give or take 15 minutes
    ("gestern 18 Uhr", at(5, 18, 0), AROUND), ("yesterday at 6 pm", at(5, 18, 0), AROUND),
    ("昨天 下午六点", at(5, 18, 0), AROUND), ("昨天下午六点", at(5, 18, 0), AROUND),
    ("yesterday 两点", at(5, 14, 0), AROUND), ("昨天 两点左右", at(5, 14, 0), AROUND),
    ("yesterday, around 2 pm", at(5, 14, 0), AROUND), ("yesterday about 14:00", at(5, 14, 0), AROUND),
    ("yesterday around 11 pm", at(5, 23, 0), AROUND), ("yesterday around 11:55 pm", at(5, 23, 55), AROUND),
    ("yesterday around 00:05", at(5, 0, 5), AROUND), ("gestern um 0 Uhr", at(5, 0, 0), AROUND),
    ("gestern zwischen 14 und 15 Uhr", at(5, 14, 30), 1800),
    # a part of the day said: it makes an hour of the clock the morning's or the evening's, and must agree
    ("gestern Abend um 8 Uhr", at(5, 20, 0), AROUND), ("gestern um 8 Uhr abends", at(5, 20, 0), AROUND),
    ("gestern Abend 9 Uhr abends", at(5, 21, 0), AROUND), ("gestern Nachmittag 3 Uhr", at(5, 15, 0), AROUND),
    ("gestern morgen 8 Uhr", at(5, 8, 0), AROUND), ("gestern früh 6 Uhr", at(5, 6, 0), AROUND),
    ("gestern vormittag 9 Uhr", at(5, 9, 0), AROUND), ("gestern abend 20:05", at(5, 20, 5), 0),
    ("gestern nachmittag 14:30", at(5, 14, 30), 0), ("heute vormittag 10 Uhr", at(6, 10, 0), AROUND),
    ("heute Nachmittag 2 Uhr", at(6, 14, 0), AROUND), ("heute früh 6 Uhr", at(6, 6, 0), AROUND),
    ("heute nachmittag 14:00", at(6, 14, 0), 0),
    # today
    ("heute um 14:05", at(6, 14, 5), 0), ("today 14:05", at(6, 14, 5), 0), ("今天 14:05", at(6, 14, 5), 0),
    ("today at 14:05", at(6, 14, 5), 0), ("heute um 15 Uhr", at(6, 15, 0), AROUND), ("heute 2 pm", at(6, 14, 0),
        AROUND),
    ("heute um 3 Uhr nachmittags", at(6, 15, 0), AROUND), ("heute zwischen 14 und 15 Uhr", at(6, 14, 30), 1800),
    # today up to fifteen minutes ahead of the PC's clock (a clock a little behind), not later
    ("heute 15:15", at(6, 15, 15), 0), ("heute um 15:15 Uhr", at(6, 15, 15), 0),
])
def test_a_day_said_before_the_time_is_that_day(text, when, uncertainty):
    assert parse_customer_when(text, now=NOW) == CustomerTime(when, uncertainty)


@pytest.mark.parametrize("text", [
    "heute 15:16", "heute 23:00",                       # later today than the clock allows
    "gestern Abend 8:05", "gestern abend 11:30",        # the evening, and a morning time: they contradict
    "gestern Morgen 20 Uhr", "gestern Abend 9 Uhr morgens", "gestern Nachmittag 14 Uhr morgens",
        "gestern morgens 8 Uhr",
    "heute Morgen", "gestern",                          # no time of day
    "gestern vor 10 Minuten", "heute vor 5 Minuten", "gestern gerade", "today just now", "today 刚才",  # an 'ago'
    "gestern gestern 8:00", "today today 14:00",       # a day said twice
    "yesterday 2026-12-01 14:00",                       # a date that is not yesterday's
])
def test_a_day_said_with_a_time_it_cannot_have_is_refused(text):
    assert parse_customer_when(text, now=NOW) is None


def test_just_after_midnight_today_and_yesterday_are_the_calendar_s():
    now = datetime(2026, 12, 6, 0, 5)
    assert parse_customer_when("heute 00:10", now=now) == CustomerTime(at(6, 0, 10), 0)
    assert parse_customer_when("gestern 23:55", now=now) == CustomerTime(at(5, 23, 55), 0)
    assert parse_customer_when("yesterday 0:20", now=now) == CustomerTime(at(5, 0, 20), 0)


@pytest.mark.parametrize("text, when, uncertainty", [
    # German hours: "Uhr" with or without minutes, the half of the day before or after it
    ("14 Uhr", at(6, 14, 0), AROUND), ("3 Uhr", at(6, 15, 0), AROUND),  # '3 Uhr': 03:00 or 15:00, whichever was last
    ("3 Uhr nachmittags", at(6, 15, 0), AROUND), ("nachmittags 3 Uhr", at(6, 15, 0), AROUND),
    ("3 Uhr morgens", at(6, 3, 0), AROUND), ("3 Uhr MORGENS", at(6, 3, 0), AROUND),
    ("morgens 9 Uhr", at(6, 9, 0), AROUND), ("abends 8 Uhr", at(5, 20, 0), AROUND), ("8 Uhr abends", at(5, 20, 0),
        AROUND),
    ("2 Uhr 30", at(6, 14, 30), 0),  # minutes said: to the minute
    ("14.30 Uhr abends", at(6, 14, 30), 0), ("2.30 Uhr nachmittags", at(6, 14, 30), 0),
    ("ca. 14.30 Uhr", at(6, 14, 30), AROUND), ("gegen 2.30 Uhr", at(6, 2, 30), AROUND),  # a dot time is a 24-hour time
    # Chinese and English times of day
    ("晚上八点", at(5, 20, 0), AROUND), ("下午三点", at(6, 15, 0), AROUND), ("凌晨两点", at(6, 2, 0), AROUND),
    ("两点左右", at(6, 14, 0), AROUND), ("两点整", at(6, 14, 0), AROUND), ("十四点一刻", at(6, 14, 15), 0),
    ("两点三刻", at(6, 14, 45), 0), ("下午两点半", at(6, 14, 30), 0), ("两点十五", at(6, 14, 15), 0),
    ("两点十五分", at(6, 14, 15), 0),
    ("noon", at(6, 12, 0), AROUND), ("around noon", at(6, 12, 0), AROUND),
    ("around 2:30", at(6, 2, 30), AROUND),  # a colon time is a 24-hour time
    # minutes ago, in words
    ("vor fünfundzwanzig Minuten", at(6, 14, 35), 750), ("vor dreiunddreißig Minuten", at(6, 14, 27), 990),
    ("二十五分钟前", at(6, 14, 35), 750), ("十分钟前", at(6, 14, 50), 300),
])
def test_a_time_of_day_or_an_ago_in_words(text, when, uncertainty):
    assert parse_customer_when(text, now=NOW) == CustomerTime(when, uncertainty)


def test_noon_is_the_last_noon():
    assert parse_customer_when("noon", now=datetime(2026, 12, 6, 11, 0)) == CustomerTime(at(5, 12, 0), AROUND)


@pytest.mark.parametrize("text", [
    "14:30 Uhr 15", "nachmittags 3 Uhr abends",              # minutes or the half of the day said twice
    "一二三点", "一二三分钟前", "十十分钟前", "一二十分钟前", "一十十分钟前", "十二三分钟前",  # no Chinese number
    "vor vielen Minuten", "vor xy Minuten",                  # no number
])
def test_a_time_or_an_ago_without_a_number_it_can_read_is_refused(text):
    assert parse_customer_when(text, now=NOW) is None


@pytest.mark.parametrize("text, now, when, uncertainty", [
    # hours ago in German ("Stunden", "Std."), a half and a quarter of an hour
    ("vor 2 Stunden", NOW, at(6, 13, 0), 3600), ("vor 2 Std.", NOW, at(6, 13, 0), 3600),
    ("vor einer halben Stunde", NOW, at(6, 14, 30), 900), ("vor einer viertel Stunde", NOW, at(6, 14, 45), 450),
    ("half an hour ago", datetime(2026, 12, 6, 11, 0), at(6, 10, 30), 900),
    # the hours and minutes a clock has, and the half of the day they are in
    ("两点五十九", NOW, at(6, 14, 59), 0), ("2 Uhr 59", NOW, at(6, 14, 59), 0), ("下午13点", NOW, at(6, 13, 0), AROUND),
    ("1 pm", NOW, at(6, 13, 0), AROUND), ("下午一点到两点", NOW, at(6, 13, 30), 1800),
    ("十二点", datetime(2026, 12, 6, 6, 0), at(6, 0, 0), AROUND),   # 00:00 or 12:00: the last one was midnight
    ("十三点", datetime(2026, 12, 6, 6, 0), at(5, 13, 0), AROUND),  # 13:00 only: yesterday's
    # the latest such moment: up to fifteen minutes ahead of the clock, not one more
    ("around 15:15", NOW, at(6, 15, 15), AROUND), ("around 15:16", NOW, at(5, 15, 16), AROUND),
    # "just now" is the minute it is
    ("just now", datetime(2026, 12, 6, 15, 0, 37, 500000), at(6, 15, 0), 300), ("just now", NOW, at(6, 15, 0), 300),
    # "um" after the day, in any case
    ("gestern, um 14:05", NOW, at(5, 14, 5), 0), ("gestern, UM 14:05", NOW, at(5, 14, 5), 0),
    # ranges: "Uhr" said once for both hours, the half of the day said once for both, the range's bounds
    ("zwischen 14 und 15 UHR", NOW, at(6, 14, 30), 1800), ("2 pm bis 3 Uhr", NOW, at(6, 14, 30), 1800),
    ("上午十点到十一点", NOW, at(6, 10, 30), 1800), ("between 14:00 and 20:00", NOW, at(6, 17, 0), 10800),
])
def test_an_estimate_is_the_moment_it_stands_for(text, now, when, uncertainty):
    assert parse_customer_when(text, now=now) == CustomerTime(when, uncertainty)


@pytest.mark.parametrize("text", ["vor einer viertel Minute", "下午24点", "13 am", "between 14:00 and 14:00",
                                  "between 14:00 and 20:01"])
def test_an_estimate_that_is_no_time_or_too_wide_a_range_is_refused(text):
    assert parse_customer_when(text, now=NOW) is None


def test_the_uncertainty_is_kept_as_whole_seconds():
    assert json.dumps(parse_customer_when("vor 2 Stunden", now=NOW).uncertainty_s) == "3600"


@pytest.mark.parametrize("text, kept", [("vor 2 Stunden", "13:00"), ("gerade eben", "15:00"), ("0 Uhr", "00:00")])
def test_an_estimate_typed_today_is_kept_as_its_time_of_day(text, kept):
    assert time_text(text, today=NOW.date(), now=NOW) == kept


@pytest.mark.parametrize("text, now, when, uncertainty", [
    ("下午两点到下午三点", NOW, at(6, 14, 30), 1800),   # the half of the day said twice: once is enough, twice is fine
    ("10:00到十一点", NOW, at(6, 10, 30), 1800),        # a colon time, then a Chinese hour: the same morning
    ("gestern Abend 8 Uhr ABENDS", NOW, at(5, 20, 0), AROUND),
    ("yesterday around 11:59 pm", NOW, at(5, 23, 59), AROUND), ("gestern nachmittag 12:30", NOW, at(5, 12, 30), 0),
])
def test_a_range_or_a_named_day_at_its_edges(text, now, when, uncertainty):
    assert parse_customer_when(text, now=now) == CustomerTime(when, uncertainty)


def test_a_range_wider_than_half_a_day_is_refused_not_folded():
    assert parse_customer_when("两点到14:10", now=datetime(2026, 12, 6, 6, 0)) is None


def test_a_time_of_day_is_kept_against_the_day_it_was_typed_and_an_estimate_to_the_second():
    assert [time_text(t, today=date(2025, 1, 1)) for t in ("14:05", "23:50")] == ["14:05", "23:50"]
    assert time_text("about ten minutes ago", now=datetime(2026, 12, 6, 15, 0, 37)) == "14:50:37"


@pytest.mark.parametrize("text", ["um 23:00", "Um 23:00 Uhr", "UM 23:00", "23.00 Uhr", "23:00 Uhr"])
def test_a_german_time_to_the_minute_is_today_s_like_the_bare_time(text):
    """'um' before and 'Uhr' after a time to the minute change nothing: it stays today's (later today than the clock,
    which the reconciliation then finds outside what the records cover), not yesterday's as an estimate would be."""
    assert parse_customer_when(text, now=NOW) == parse_customer_when("23:00", now=NOW) == CustomerTime(at(6, 23, 0), 0)


def test_hours_uhr_minutes_a_german_date_and_a_chinese_time_to_the_minute():
    assert parse_customer_when("23 Uhr 30", now=NOW) == CustomerTime(at(6, 23, 30), 0)  # today's, as "23:30"
    assert parse_customer_when("24.11. 14:05", today=NOW.date()) == CustomerTime(datetime(2026, 11, 24, 14, 5), 0)
    assert parse_customer_when("24.11. um 14:05 Uhr", today=NOW.date()) == CustomerTime(
        datetime(2026, 11, 24, 14, 5), 0)
    assert time_text("14点05分", today=NOW.date(), now=NOW) == "14:05"


@pytest.mark.parametrize("text", ["上午十一点到十二点", "11 am to 12 pm", "11 Uhr vormittags bis 12 Uhr"])
def test_a_range_in_the_morning_that_ends_at_twelve_ends_at_noon(text):
    # "between eleven and twelve in the morning": 11:00 to 12:00, not to the midnight before it
    assert parse_customer_when(text, now=NOW) == CustomerTime(at(6, 11, 30), 1800)


@pytest.mark.parametrize("text", ["晚上十一点到一点", "between 11 pm and 1 am", "zwischen 23 und 1 Uhr"])
@pytest.mark.parametrize("now, middle", [
    (datetime(2026, 12, 7, 0, 30), at(7, 0, 0)),  # said at the till half an hour after midnight: 23:00 to 01:00
    (NOW, at(6, 0, 0)),                           # said the next afternoon: last night's 23:00 to 01:00
])
def test_a_range_from_eleven_at_night_to_one_runs_across_midnight(text, now, middle):
    assert parse_customer_when(text, now=now) == CustomerTime(middle, 3600)


def test_the_end_of_a_chinese_range_is_the_first_time_the_clock_showed_it_after_the_start():
    # the half of the day said once, for the start: the end is the first such hour after it, up to six hours on
    assert parse_customer_when("上午十一点到五点", now=NOW) == CustomerTime(at(6, 14, 0), 3 * 3600)
    assert parse_customer_when("上午十点到十三点", now=NOW) == CustomerTime(at(6, 11, 30), 5400)
    assert parse_customer_when("上午十点到五点", now=NOW) is None  # 10:00 to 17:00: wider than six hours


@pytest.mark.parametrize("text, now, when", [
    # hours and minutes in digits with 点: a 24-hour time (13-23, 0) is exact and today's like "16:05"; an hour of
    # 1-12 may be either half of the day, so it is the latest such moment, to the minute
    ("16点05分", NOW, at(6, 16, 5)), ("13点05分", datetime(2026, 12, 6, 12, 0), at(6, 13, 5)),
    ("0点30", datetime(2026, 12, 7, 0, 10), at(7, 0, 30)),
    ("12点05分", datetime(2026, 12, 6, 6, 0), at(6, 0, 5)), ("2点15", NOW, at(6, 14, 15)),
    ("2点00", NOW, at(6, 14, 0)), ("1点15", NOW, at(6, 13, 15)),
    # "Uhr" between the hour and the minutes likewise: 13-23 and 0 are 24-hour times, 1-12 the latest such moment
    ("13 Uhr 30", datetime(2026, 12, 6, 12, 0), at(6, 13, 30)),
    ("0 Uhr 30", datetime(2026, 12, 7, 0, 10), at(7, 0, 30)),
    ("12 Uhr 30", datetime(2026, 12, 6, 6, 0), at(6, 0, 30)), ("2 Uhr 00", NOW, at(6, 14, 0)),
    ("1 Uhr 30", NOW, at(6, 13, 30)),
])
def test_a_time_to_the_minute_with_dian_or_uhr_between_hour_and_minutes(text, now, when):
    assert parse_customer_when(text, now=now) == CustomerTime(when, 0)


@pytest.mark.parametrize("text", ["24点05分", "14点60分", "24 Uhr 30"])
def test_an_hour_or_a_minute_no_clock_shows_is_refused(text):
    assert parse_customer_when(text, now=NOW) is None


@pytest.mark.parametrize("text", ["11-24 14:05", "11月24日14点05分", "24.11. 14:05", "24.11. um 14:05 Uhr"])
def test_a_date_without_a_year_is_in_the_year_of_the_day_it_was_typed(text):
    assert parse_customer_when(text, today=date(2025, 1, 1)) == CustomerTime(datetime(2025, 11, 24, 14, 5), 0)


def test_a_time_is_read_from_at_most_40_characters():
    assert parse_customer_when("gestern zwischen 14:00 Uhr und 14:30 Uhr", now=NOW) == CustomerTime(at(5, 14, 15), 900)
    assert parse_customer_when("gestern, zwischen 14:00 Uhr und 14:30 Uhr", now=NOW) is None  # 41


def test_an_estimate_typed_on_a_named_day_without_a_clock_is_read_on_that_day():
    assert parse_customer_when("gestern 18 Uhr", today=date(2025, 1, 1)) == CustomerTime(
        datetime(2024, 12, 31, 18, 0), AROUND)
