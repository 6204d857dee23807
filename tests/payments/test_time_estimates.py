"""The customer's time as the customer says it: "about ten minutes ago", "around 14:00", "between 14:00 and 14:30",
大约十分钟前, 两点左右, 两点到两点半之间 - read by the one parser (payments/customer_input.py) as a time and an
uncertainty, kept by the prompt as the moment it stands for (customer_time) and its uncertainty beside it
(customer_time_uncertainty), read back alike by the reconciliation."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.payments.customer_input import (AROUND_S, MIN_AGO_S, parse_customer_when, read_record, time_text,
                                                uncertainty_field)
from pos_doctor.payments.model import CustomerEvidence

NOW = datetime(2026, 12, 6, 14, 40)
ZH_NUM = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十", 11: "十一",
          12: "十二", 15: "十五", 20: "二十", 25: "二十五", 30: "三十", 45: "四十五"}


@pytest.mark.parametrize("said, at, give_or_take", [
    ("about ten minutes ago", "14:30", MIN_AGO_S), ("大约十分钟前", "14:30", MIN_AGO_S),
    ("around 14:00", "14:00", AROUND_S), ("两点左右", "14:00", AROUND_S), ("around 2 pm", "14:00", AROUND_S),
    ("between 14:00 and 14:30", "14:15", 900), ("两点到两点半之间", "14:15", 900), ("14:00-14:30", "14:15", 900),
    ("下午两点到三点", "14:30", 1800), ("half an hour ago", "14:10", 900), ("半小时前", "14:10", 900),
    ("一个小时前", "13:40", 1800), ("just now", "14:40", MIN_AGO_S), ("刚才", "14:40", MIN_AGO_S),
    ("twenty-five minutes ago", "14:15", 750), ("14:05", "14:05", 0), ("两点十五", "14:15", 0),
    ("下午两点半", "14:30", 0), ("2:30 pm", "14:30", 0),
])
def test_what_the_customer_says(said, at, give_or_take):
    when = parse_customer_when(said, now=NOW)
    assert (f"{when.time:%H:%M}", when.uncertainty_s) == (at, give_or_take)
    assert time_text(said, now=NOW) == at


@pytest.mark.parametrize("said", ["2", "lunchtime", "明天", "about 25:00", "between 14:30 and 14:00",
                                  "between 08:00 and 18:00", "two days ago", "0 minutes ago", "100000 minutes ago"])
def test_what_cannot_be_read_is_refused_not_guessed(said):
    assert parse_customer_when(said, now=NOW) is None
    ok, _, why, _ = read_record("time", said, False)
    assert not ok and "大约十分钟前" in why.zh and "about ten minutes ago" in why.en


def test_an_estimate_said_just_after_midnight_keeps_its_date():
    when = parse_customer_when("about half an hour ago", now=datetime(2026, 12, 7, 0, 10))
    assert when.time == datetime(2026, 12, 6, 23, 40)
    assert time_text("about half an hour ago", now=datetime(2026, 12, 7, 0, 10)) == "2026-12-06 23:40"


def _zh(n: int) -> str:
    return ZH_NUM.get(n, str(n))


@settings(max_examples=300, deadline=None)
@given(n=st.sampled_from([1, 2, 3, 5, 8, 10, 12, 15, 20, 25, 30, 45, 90, 200]), zh=st.booleans(),
       about=st.booleans(), now=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)))
def test_property_n_minutes_ago_is_now_minus_n_give_or_take_at_least_half(n, zh, about, now):
    said = (("大约" if about else "") + f"{_zh(n)}分钟前") if zh else (("about " if about else "") + f"{n} minutes ago")
    when = parse_customer_when(said, now=now)
    assert when.time == (now - timedelta(minutes=n)).replace(microsecond=0)  # to the second: the window reaches now
    assert when.uncertainty_s >= max(MIN_AGO_S, n * 30)
    # the kept text reads back as the same moment (one parser: the prompt keeps what the reconciliation reads)
    kept = time_text(said, now=now)
    assert parse_customer_when(kept, today=now.date(), now=now).time == when.time


@settings(max_examples=300, deadline=None)
@given(h=st.integers(0, 23), m=st.integers(0, 59), width=st.integers(1, 360), zh_word=st.sampled_from(
    ["between {a} and {b}", "{a}-{b}", "{a} to {b}", "{a}到{b}之间", "从{a}到{b}", "在{a}至{b}之间"]))
def test_property_a_range_is_its_middle_give_or_take_half_its_width(h, m, width, zh_word):
    start = datetime(2026, 12, 6, h, m)
    end = start + timedelta(minutes=width)
    now = end + timedelta(minutes=5)
    said = zh_word.format(a=f"{start:%H:%M}", b=f"{end:%H:%M}")
    when = parse_customer_when(said, now=now)
    assert when is not None, said
    assert when.time == start + (end - start) / 2 and when.uncertainty_s == width * 30
    assert abs(when.time - start) <= timedelta(seconds=when.uncertainty_s)  # both ends are inside the window
    assert abs(end - when.time) <= timedelta(seconds=when.uncertainty_s)


@settings(max_examples=300, deadline=None)
@given(h=st.integers(1, 12), half=st.sampled_from(["", "半", "一刻"]), around=st.sampled_from(["左右", "", "大约"]),
       now=st.datetimes(min_value=datetime(2026, 1, 2), max_value=datetime(2026, 12, 30)))
def test_property_a_chinese_hour_is_the_last_such_hour_not_in_the_future(h, half, around, now):
    said = (around if around == "大约" else "") + f"{_zh(h)}点{half}" + (around if around == "左右" else "")
    when = parse_customer_when(said, now=now)
    assert when is not None, said
    assert when.time <= now + timedelta(minutes=15) and now - when.time < timedelta(hours=12, minutes=15)
    assert when.time.hour % 12 == h % 12 and when.time.minute == {"": 0, "半": 30, "一刻": 15}[half]
    assert when.uncertainty_s == (AROUND_S if around or not half else 0)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_property_the_prompt_accepts_exactly_what_the_reconciliation_reads(text):
    now = datetime.now()
    ok, kept, _, said = read_record("time", text, False)
    when = parse_customer_when(text.strip(), now=now) if text.strip() else None
    if not ok:
        return
    assert when is not None
    # what the prompt keeps, the reconciliation reads as the same moment and uncertainty
    ev = CustomerEvidence.from_values({"customer_time": kept,
                                       uncertainty_field("customer_time"): str(said.get("uncertainty_s", 0))})
    assert abs(ev.time - when.time) <= timedelta(minutes=1) and ev.time_uncertainty_s == when.uncertainty_s


def test_the_walk_keeps_the_uncertainty_and_drops_it_when_an_exact_time_is_given(tmp_path):
    from pos_doctor.playbooks.engine import Walk, WalkState
    from tests.playbooks.test_money import RECONCILE, RECORDS, TAIL, Person, Terminal, approved, journal, lib_with

    lib = lib_with(tmp_path, RECORDS + RECONCILE + TAIL)
    term = Terminal(journal(approved("99.00", "14:05", 42)))
    state = Walk(lib, term, Person(amount="99", time="about ten minutes ago"), WalkState("main")).run()
    assert state.values["customer_time_uncertainty"] == "300"
    assert state.payment["customer"]["time_uncertainty_s"] == 300
    state = Walk(lib, term, Person(amount="99", time="14:05"), WalkState("main")).run()
    assert "customer_time_uncertainty" not in state.values and state.payment["customer"]["time_uncertainty_s"] == 0


def test_the_providers_sheet_says_the_time_is_the_customers_estimate():
    from pos_doctor.records.provider import facts

    view = {"customer": {"time": "2026-12-06T14:30:00", "amount": "99.00", "time_uncertainty_s": 300}, "records": []}
    (when,) = [f["value"] for f in facts(view, {}, {}, {}, "+01:00", 1) if f["key"] == "time"]
    assert {k: when[k] for k in ("en", "zh")} == {"en": "2026-12-06 14:30:00 UTC+01:00 (the customer's estimate, give or take 5 min)",
                    "zh": "2026-12-06 14:30:00（UTC+01:00）（客人估计的时间，前后约 5 分钟）"}
    view["customer"]["time_uncertainty_s"] = 0
    (when,) = [f["value"] for f in facts(view, {}, {}, {}, None, 1) if f["key"] == "time"]
    assert {k: when[k] for k in ("en", "zh")} == {"en": "2026-12-06 14:30:00", "zh": "2026-12-06 14:30:00"}


# --- exact examples (issue 28: found by the mutation run of payments/customer_time.py) ----------------------------

def test_a_time_of_day_out_of_range_is_no_time():
    from pos_doctor.payments.customer_time import parse_customer_when

    now = datetime(2026, 12, 6, 14, 37, 42)
    assert parse_customer_when("23:59:59", now=now).time == datetime(2026, 12, 6, 23, 59, 59)
    for text in ("23:60", "24:00", "23:59:60"):
        assert parse_customer_when(text, now=now) is None, text


def test_n_units_ago_in_each_unit_and_its_bounds():
    from pos_doctor.payments.customer_time import CustomerTime, parse_customer_when

    now = datetime(2026, 12, 6, 14, 37, 42)
    assert parse_customer_when("half an hour ago", now=now) == CustomerTime(datetime(2026, 12, 6, 14, 7, 42), 900)
    assert parse_customer_when("half a hour ago", now=now) == CustomerTime(datetime(2026, 12, 6, 14, 7, 42), 900)
    assert parse_customer_when("两个钟头前", now=now) == CustomerTime(datetime(2026, 12, 6, 12, 37, 42), 3600)
    assert parse_customer_when("俩钟头前", now=now) == CustomerTime(datetime(2026, 12, 6, 12, 37, 42), 3600)
    assert parse_customer_when("24 hours ago", now=now) == CustomerTime(datetime(2026, 12, 5, 14, 37, 42), 43200)
    assert parse_customer_when("25 hours ago", now=now) is None
    assert parse_customer_when("0 minutes ago", now=now) is None


def test_a_bare_time_just_after_midnight_is_yesterday_evening_up_to_six_hours_back():
    from pos_doctor.payments.customer_time import parse_customer_when

    midnight = datetime(2026, 12, 6, 0, 0)
    assert parse_customer_when("18:00", now=midnight).time == datetime(2026, 12, 5, 18, 0)
    assert parse_customer_when("17:59", now=midnight).time == datetime(2026, 12, 6, 17, 59)
    assert parse_customer_when("00:15", now=midnight).time == datetime(2026, 12, 6, 0, 15)


@pytest.mark.parametrize("text, impossible", [
    ("2026-02-30 14:05", True), ("2026-02-30T14:05", True), ("2026/13/01 10:00", True),
    ("2026-02-28 14:05", False), ("14:05", False), ("abc", False), (None, False), (1405, False)])
def test_an_impossible_date_is_told_apart_from_a_time_that_is_not_a_date(text, impossible):
    from pos_doctor.payments.customer_time import impossible_date

    assert impossible_date(text) is impossible


LATE = datetime(2026, 12, 6, 22, 37, 42)
TODAY_AT = {h: datetime(2026, 12, 6, h, 0) for h in range(24)}


@pytest.mark.parametrize("text, when, give_or_take", [
    ("两点", TODAY_AT[14], AROUND_S), ("两点整", TODAY_AT[14], AROUND_S),
    ("两点半", datetime(2026, 12, 6, 14, 30), 0), ("两点一刻", datetime(2026, 12, 6, 14, 15), 0),
    ("两点三刻", datetime(2026, 12, 6, 14, 45), 0), ("两点十分", datetime(2026, 12, 6, 14, 10), 0),
    ("两点零五分", datetime(2026, 12, 6, 14, 5), 0),
    ("上午十点", TODAY_AT[10], AROUND_S), ("早上八点", TODAY_AT[8], AROUND_S), ("早晨七点", TODAY_AT[7], AROUND_S),
    ("凌晨三点", TODAY_AT[3], AROUND_S), ("下午三点", TODAY_AT[15], AROUND_S), ("晚上八点", TODAY_AT[20], AROUND_S),
    ("傍晚六点", TODAY_AT[18], AROUND_S), ("中午十二点", TODAY_AT[12], AROUND_S), ("下午14点", TODAY_AT[14], AROUND_S),
    ("下午十二点", TODAY_AT[12], AROUND_S), ("十四点", TODAY_AT[14], AROUND_S), ("零点", TODAY_AT[0], AROUND_S),
    ("十二点", TODAY_AT[12], AROUND_S),
    # 23:00 today is more than 15 minutes ahead of 22:37: the latest 23:00 is yesterday's
    ("23点", datetime(2026, 12, 5, 23, 0), AROUND_S), ("下午23点", datetime(2026, 12, 5, 23, 0), AROUND_S),
    ("二十三点", datetime(2026, 12, 5, 23, 0), AROUND_S), ("around 23:00", datetime(2026, 12, 5, 23, 0), AROUND_S),
    ("noon", TODAY_AT[12], AROUND_S), ("midday", TODAY_AT[12], AROUND_S), ("2 pm", TODAY_AT[14], AROUND_S),
    ("2:30pm", datetime(2026, 12, 6, 14, 30), 0), ("10 am", TODAY_AT[10], AROUND_S), ("12 am", TODAY_AT[0], AROUND_S),
    ("12 pm", TODAY_AT[12], AROUND_S), ("2 p.m.", TODAY_AT[14], AROUND_S), ("10 A.M.", TODAY_AT[10], AROUND_S),
    ("around 2 pm", TODAY_AT[14], AROUND_S), ("大约两点", TODAY_AT[14], AROUND_S), ("两点左右", TODAY_AT[14], AROUND_S),
    ("between 2 pm and 3 pm", datetime(2026, 12, 6, 14, 30), 1800),
    ("两点到两点半之间", datetime(2026, 12, 6, 14, 15), 900),
])
def test_a_time_of_day_said_in_words_in_each_form(text, when, give_or_take):
    got = parse_customer_when(text, now=LATE)
    assert (got.time, got.uncertainty_s) == (when, give_or_take)
