"""Nagios threshold ranges (plugin guidelines: `[@]start:end`, `~` = minus infinity, bare `N` = `0:N`)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.checks.observe import Exchange, timers_for
from pos_doctor.checks.thresholds import Thresholds, parse_range, parse_thresholds
from pos_doctor.errors import LinkTimeout, UsageError


@pytest.mark.parametrize("text, inside, outside", [  # the guidelines' own examples
    ("10", [0, 10], [-1, 11]),
    ("10:", [10, 1e9], [9.9]),
    ("~:10", [-1e9, 10], [11]),
    ("10:20", [10, 20], [9, 21]),
    ("@10:20", [9, 21], [10, 15, 20]),   # '@': alert inside
])
def test_guideline_examples(text, inside, outside):
    r = parse_range(text)
    for v in inside:
        assert not r.alerts(v), (text, v)
    for v in outside:
        assert r.alerts(v), (text, v)


@pytest.mark.parametrize("bad", ["", "x", "5:1", "1:2:3", "@", "~", "nan", "--1"])
def test_bad_ranges_are_usage_errors(bad):
    parse_thresholds("", "-w")  # nothing given: nothing set
    with pytest.raises(UsageError):
        parse_range(bad)


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(-10, 10**6 + 10), st.booleans())
@settings(max_examples=300)
def test_range_property(a, b, v, at):
    lo, hi = min(a, b), max(a, b)
    r = parse_range(("@" if at else "") + f"{lo}:{hi}")
    assert r.alerts(v) == ((lo <= v <= hi) if at else not (lo <= v <= hi))


@given(st.text(max_size=12))
@settings(max_examples=300)
def test_any_text_parses_or_is_a_usage_error(text):
    try:
        r = parse_range(text)
    except UsageError:
        return
    assert r.start <= r.end and not math.isnan(r.start)


def test_thresholds_per_metric_and_defaults():
    th = Thresholds.build("completion=3000", "connect=@0:5")
    assert th.judge("completion", 2000) == "ok" and th.judge("completion", 3001) == "warning"
    assert th.judge("connect", 3) == "critical" and th.judge("connect", 1200) == "warning"  # default warn 1000 stays
    assert th.judge("first_answer", None) == "ok"
    assert th.perf("completion") == ("3000", "") and th.perf("connect") == ("1000", "@0:5")
    with pytest.raises(UsageError):
        Thresholds.build("latency=5")


def test_exchange_words_what_came_back():
    given_, limits = timers_for(time_left=1.0, run_timeout=1.0, t4=20.0)
    assert given_["T4"] < limits["T4"] and given_["T2"] < limits["T2"]
    ex = Exchange("status_enquiry", timers=given_, limits=limits, run_timeout=1.0,
                  error=LinkTimeout("x", timer="T4 terminal master"), elapsed_ms=880)
    assert (ex.stage, ex.cut_by_deadline, ex.dead) == ("acknowledged", True, False)
    assert "shortened to fit the run deadline of 1 s" in ex.observed()
    full, limits = timers_for(time_left=60.0, run_timeout=60.0, t4=20.0)
    dead = Exchange("status_enquiry", timers=full, limits=limits, error=LinkTimeout("x", timer="T3 ack"))
    assert (dead.stage, dead.cut_by_deadline, dead.dead) == ("nothing", False, True)
    short_dead = Exchange("status_enquiry", timers=given_, limits=limits, error=LinkTimeout("x", timer="T3 ack"))
    assert short_dead.dead  # a line ACK comes in milliseconds: its absence is not the deadline's doing
    garbled = Exchange("status_enquiry", timers=full, limits=limits, error=LinkTimeout("x", timer="T3 ack"),
                       line={"naks_received": 2})
    assert (garbled.stage, garbled.dead) == ("garbled", False)


@pytest.mark.parametrize("time_left,shortened", [(30.0, False), (5.5, False), (5.4, True), (1.0, True)])
def test_an_exchange_says_whether_the_deadline_shortened_any_of_its_timers(time_left, shortened):
    # run timeout 10 s keeps back 0.5 s: with 5.5 s left T2 (5 s) still runs its full length, with 5.4 s it is cut
    given, limits = timers_for(time_left, 10.0, 5.0)
    ex = Exchange("status_enquiry", timers=given, limits=limits, run_timeout=10.0)
    assert ex.shortened is shortened
    assert ex.shortened == any(given[k] < limits[k] for k in limits)
    assert ex.cut_by_deadline is False  # nothing ran out: shortened is not "cut"
