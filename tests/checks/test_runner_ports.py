"""The checks of one port run one after another in declared order, in one thread: no hand-over of the port between
threads; a check that ends its thread does not take the checks behind it on the port down with it."""

from __future__ import annotations

import threading
import time

from pos_doctor.checks.registry import CheckSpec
from pos_doctor.checks.runner import CheckContext, CheckOptions, result, run_specs
from pos_doctor.i18n import Text

T = Text("x", "x")


def spec(id, func, port=None, timeout=5.0):
    return CheckSpec(id, id.split(".")[0], T, func, port, timeout)


def test_one_port_runs_its_checks_in_declared_order_in_one_thread():
    seen: list[tuple[str, str]] = []

    def f(name):
        def run(ctx):
            seen.append((name, threading.current_thread().name))
            return result("ok", T)
        return run

    specs = [spec(f"t.c{i}", f(f"t.c{i}"), port="terminal") for i in range(5)] + [spec("h.x", f("h.x"))]
    out = run_specs(specs, CheckContext(CheckOptions()))
    assert [r.status for r in out] == ["ok"] * 6
    on_port = [name for name, _ in seen if name.startswith("t.")]
    assert on_port == [f"t.c{i}" for i in range(5)]
    assert {th for name, th in seen if name.startswith("t.")} == {"check terminal"}
    assert dict(seen)["h.x"] == "check h.x"


def test_a_check_that_ends_its_thread_times_out_alone():
    def leave(ctx):
        raise SystemExit(0)

    specs = [spec("t.gone", leave, port="terminal", timeout=0.3), spec("t.next", lambda ctx: result("ok", T), port="terminal")]
    out = run_specs(specs, CheckContext(CheckOptions(timeout=3, check_timeout=3)))
    assert [(r.id, r.status) for r in out] == [("t.gone", "unknown"), ("t.next", "ok")]
    assert out[0].data["error"] == "timeout"


def test_a_queued_check_counts_its_wait_for_the_port():
    gate = threading.Event()
    specs = [spec("t.slow", lambda ctx: gate.wait(0.1) or result("ok", T), port="terminal"),
             spec("t.after", lambda ctx: result("ok", T), port="terminal")]
    out = run_specs(specs, CheckContext(CheckOptions()))
    assert out[1].duration_ms >= out[0].duration_ms >= 100


def test_a_result_that_came_after_the_run_deadline_is_the_deadline_however_late_the_run_reads_it():
    """A check whose own timer equals what is left of the run (a 2 s run, a connect timeout capped at 2 s) finishes
    just after the run's deadline; a busy machine may wake the run later still. What finished after the deadline was
    not part of the run: UNKNOWN "run deadline reached", never the check's late verdict."""
    finished = threading.Event()

    def late(ctx):
        time.sleep(0.5)  # past the 0.3 s deadline
        finished.set()
        return result("critical", Text("host does not accept connections (timed out)", "x"))

    def slow_reader(check_id):  # the run's own thread, late to read: it looks only after the check has finished
        finished.wait(5)

    ctx = CheckContext(CheckOptions(timeout=0.3, check_timeout=5), on_progress=slow_reader)
    out = run_specs([spec("network.acquirer", late)], ctx)
    assert (out[0].status, out[0].data["error"]) == ("unknown", "deadline")
    assert out[0].message.en == "run deadline reached (0.3 s): the check had not finished"


def test_a_result_in_time_is_kept_when_the_run_reads_it_late():
    done = threading.Event()

    def quick(ctx):
        done.set()
        return result("critical", Text("host does not accept connections (refused)", "x"))

    ctx = CheckContext(CheckOptions(timeout=2, check_timeout=5), on_progress=lambda check_id: done.wait(5) and time.sleep(0.1))
    out = run_specs([spec("network.acquirer", quick)], ctx)
    assert (out[0].status, out[0].message.en) == ("critical", "host does not accept connections (refused)")
