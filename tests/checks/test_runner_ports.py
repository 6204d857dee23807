"""The checks of one port run one after another in declared order, in one thread: no hand-over of the port between
threads; a check that ends its thread does not take the checks behind it on the port down with it."""

from __future__ import annotations

import threading

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
