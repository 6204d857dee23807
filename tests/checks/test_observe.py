"""The observation model (checks/observe.py) by example: the timers an exchange is given against the run's deadline,
how far a failed exchange got, when it was cut short by the deadline rather than dead, and what is said about it.
In process, exact (the mutation run of observe.py takes these with the device checks' tests)."""

import pytest

from pos_doctor.checks import observe
from pos_doctor.checks.observe import Exchange, margin, timed, timers_for
from pos_doctor.errors import LinkClosed, LinkTimeout, PosDoctorError


def test_margin_is_a_fifth_of_the_run_at_most_half_a_second():
    assert margin(10) == 0.5
    assert margin(2.5) == 0.5
    assert margin(2) == pytest.approx(0.4)
    assert margin(1) == pytest.approx(0.2)


def test_timers_of_a_long_run_are_the_protocols_own():
    given, limits = timers_for(time_left=60, run_timeout=60, t4=20)
    assert limits == {"T2": 5.0, "T3": 1.0, "T4": 20}
    assert given == {"T2": 5.0, "T3": 1.0, "T4": 20}


def test_timers_shortened_to_the_time_left_less_the_margin():
    given, limits = timers_for(time_left=3.5, run_timeout=10, t4=20)  # 3 s left after the 0.5 s margin
    assert given == {"T2": 3.0, "T3": 1.0, "T4": 3.0}
    assert limits == {"T2": 5.0, "T3": 1.0, "T4": 20}
    given, _ = timers_for(time_left=1.7, run_timeout=10, t4=20)  # 1.2 s left: T3 gets a third of it
    assert given == {"T2": pytest.approx(1.2), "T3": pytest.approx(0.4), "T4": pytest.approx(1.2)}


def test_timers_never_below_fifty_milliseconds():
    given, _ = timers_for(time_left=0, run_timeout=1, t4=20)
    assert given == {"T2": 0.05, "T3": 0.05, "T4": 0.05}
    given, _ = timers_for(time_left=-5, run_timeout=1, t4=20)
    assert given == {"T2": 0.05, "T3": 0.05, "T4": 0.05}
    given, _ = timers_for(time_left=0.32, run_timeout=1, t4=20)  # 0.12 s left: a third would be 0.04
    assert given["T3"] == 0.05 and given["T2"] == pytest.approx(0.12)


def timeout(timer: str | None) -> LinkTimeout:
    return LinkTimeout("no answer", timer=timer)


FULL = {"T2": 5.0, "T3": 1.0, "T4": 20.0}


def ex(error=None, transport="serial", timers=None, line=None, **kw) -> Exchange:
    return Exchange("status", transport=transport, error=error, timers=dict(timers or FULL), limits=dict(FULL),
                    line=line or {}, **kw)


@pytest.mark.parametrize("error, transport, line, stage", [
    (None, "serial", {}, None),
    (LinkClosed("gone"), "serial", {}, "gone"),
    (PosDoctorError("other"), "serial", {}, None),
    (ValueError("bug"), "serial", {}, None),
    (timeout("T4"), "serial", {}, "acknowledged"),
    (timeout("T4 completion"), "tcp", {}, "acknowledged"),
    (timeout("T1 inter-byte"), "serial", {}, "partial"),
    (timeout("T2 header"), "serial", {}, "line-ack"),
    (timeout("T2"), "tcp", {}, "nothing"),
    (timeout("T3 ack"), "serial", {}, "nothing"),
    (timeout("T3 ack"), "serial", {"naks_received": 2}, "garbled"),
    (timeout("T3 ack"), "serial", {"missing_acks": 1}, "garbled"),
    (timeout("T3 ack"), "serial", {"naks_received": 0, "missing_acks": 0}, "nothing"),
    (timeout(None), "serial", {}, "nothing"),
    (timeout("T2"), "serial", {"naks_received": 3}, "line-ack"),
])
def test_how_far_a_failed_exchange_got(error, transport, line, stage):
    e = ex(error, transport=transport, line=line)
    assert e.stage == stage


def test_the_timer_that_ran_out():
    assert ex(timeout("T2 header")).timer == "T2 header"
    assert ex(LinkClosed("gone")).timer is None
    assert ex().timer is None


def test_shortened_when_any_timer_is_below_its_protocol_length():
    assert not ex().shortened
    assert ex(timers={**FULL, "T4": 19.9}).shortened
    assert ex(timers={**FULL, "T3": 0.5}).shortened
    assert not ex(timers={**FULL, "T2": 6.0}).shortened  # longer is not shortened
    assert not Exchange("x").shortened  # no timers given


@pytest.mark.parametrize("timer", ["T2 header", "T4"])
def test_cut_by_deadline_when_the_timer_that_ran_out_was_shortened(timer):
    key = timer.split(" ")[0]
    assert ex(timeout(timer), timers={**FULL, key: FULL[key] - 0.1}).cut_by_deadline
    assert not ex(timeout(timer)).cut_by_deadline  # the full protocol length ran out
    assert not ex(timeout(timer), timers={**FULL, key: FULL[key] + 1}).cut_by_deadline


def test_not_cut_by_deadline():
    shortened = {"T2": 1.0, "T3": 0.1, "T4": 1.0}
    assert not ex(timeout("T3 ack"), timers=shortened).cut_by_deadline  # a missing line ACK never is
    assert not ex(timeout("T1"), timers=shortened).cut_by_deadline
    assert not ex(None, timers=shortened).cut_by_deadline
    assert not ex(LinkClosed("gone"), timers=shortened).cut_by_deadline
    # another timer shortened does not make this one cut
    assert not ex(timeout("T2"), timers={**FULL, "T4": 1.0}).cut_by_deadline


def test_dead_only_when_nothing_came_back_and_the_timer_ran_its_length():
    assert ex(timeout("T2"), transport="tcp").dead
    assert ex(timeout("T3 ack")).dead
    assert ex(LinkClosed("gone")).dead
    assert not ex(timeout("T2"), transport="tcp", timers={**FULL, "T2": 1.0}).dead  # the deadline cut it
    assert not ex(timeout("T2")).dead  # serial: the frame got its line ACK
    assert not ex(timeout("T4")).dead
    assert not ex(timeout("T1")).dead
    assert not ex(timeout("T3"), line={"naks_received": 1}).dead
    assert not ex().dead


def test_what_happened_in_each_language():
    t = ex(timeout("T4")).what_happened()
    assert (t.en, t.zh) == ("the terminal acknowledged the command, but it did not complete", "POS机已确认指令，但没有完成")
    t = ex(LinkClosed("gone")).what_happened()
    assert (t.en, t.zh) == ("the port went away during the command", "指令进行中端口断开")
    t = ex(ValueError("bug")).what_happened()
    assert (t.en, t.zh) == ("no answer", "无应答")
    assert set(observe.STAGES) == {"nothing", "gone", "line-ack", "acknowledged", "partial", "garbled"}


def test_observed_of_a_completed_exchange():
    assert ex(elapsed_ms=1234).observed() == "completed after 1234 ms"


def test_observed_of_a_timer_that_ran_out():
    e = ex(timeout("T2 header"), elapsed_ms=5012)
    assert e.observed() == ("line-ack: the frame was acknowledged on the line, but no answer to the command came; "
                            "timer T2 header ran out after 5.0 s")


def test_observed_of_a_timer_cut_by_the_deadline():
    e = ex(timeout("T4"), timers={**FULL, "T4": 2.5}, elapsed_ms=2549, run_timeout=3)
    assert e.observed() == ("acknowledged: the terminal acknowledged the command, but it did not complete; "
                            "timer T4 ran out after 2.5 s (shortened to fit the run deadline of 3 s)")


def test_observed_of_another_error_names_its_type():
    assert ex(ValueError("bug"), elapsed_ms=3).observed() == "ValueError: no answer"
    assert ex(LinkClosed("gone")).observed() == "gone: the port went away during the command"


def test_data_for_the_machine_formats():
    e = ex(timeout("T4"), timers={"T2": 1.5, "T3": 0.25, "T4": 1.5}, elapsed_ms=1502)
    assert e.data() == {"stage": "acknowledged", "timer": "T4", "elapsed_ms": 1502,
                        "timers_ms": {"T2": 1500, "T3": 250, "T4": 1500}, "cut_by_deadline": True}
    assert ex(elapsed_ms=7).data() == {"stage": None, "timer": None, "elapsed_ms": 7,
                                       "timers_ms": {"T2": 5000, "T3": 1000, "T4": 20000}, "cut_by_deadline": False}


def test_timed_keeps_the_result_or_the_error_and_the_time_taken(monkeypatch):
    clock = iter([100.0, 100.25])
    e = Exchange("status")
    monkeypatch.setattr(observe.time, "monotonic", lambda: next(clock))
    assert timed(e, lambda: "answer") is e
    assert (e.result, e.error, e.elapsed_ms) == ("answer", None, 250)

    err = LinkTimeout("no answer", timer="T2")

    def fails():
        raise err
    clock = iter([7.0, 12.0105])
    e = timed(Exchange("status"), fails)
    assert e.result is None and e.error is err and e.elapsed_ms == 5010


def test_observed_rounds_the_milliseconds_to_tenths_of_a_second():
    e = ex(timeout("T4"), elapsed_ms=19960)  # the full 20 s completion timer, as measured
    assert e.observed().endswith("; timer T4 ran out after 20.0 s")
    assert ex(timeout("T4"), elapsed_ms=1949).observed().endswith("ran out after 1.9 s")
