"""The simulator counts the bytes on each line and the processing delays it served: the benchmark's physical floor.

The counts are checked against the client's own wire trace, so a byte the simulator forgets (or invents) fails here.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pos_doctor.link.port import LineSettings, open_link
from pos_doctor.link.trace import Tracer
from pos_doctor.protocols.escpos.session import PrinterClient
from pos_doctor.protocols.zvt.session import ZvtClient
from pos_doctor.simulator import Simulator


def traced_bytes(tracer: Tracer, direction: str) -> int:
    return sum(len(ev.data) for ev in tracer.events if ev.direction == direction)


@pytest.fixture
def sim():
    with Simulator("healthy") as s:
        yield s


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(rounds=st.integers(1, 3))
def test_printer_bytes_and_delays_match_the_conversation(sim, rounds):
    before = sim.stats()
    tracer = Tracer()
    with open_link(sim.printer_port, LineSettings(), name="printer", tracer=tracer) as link:
        client = PrinterClient(link)
        for _ in range(rounds):
            assert client.status().online
    run = Simulator.stats_between(before, sim.stats())
    p, queries = run["devices"]["printer"], 4 * rounds
    assert p["bytes_in"] == 3 * queries == traced_bytes(tracer, "tx")
    assert p["bytes_out"] == queries == traced_bytes(tracer, "rx")
    assert p["delays_s"] == pytest.approx(queries * sim.scenario.printer.delay_ms / 1000)
    assert p["line_s"] == pytest.approx((p["bytes_in"] + p["bytes_out"]) * 10 / 9600, abs=1e-4)
    assert p["floor_s"] == pytest.approx(p["line_s"] + p["delays_s"], abs=1e-4)
    assert run["devices"]["terminal"]["bytes_in"] == 0 and run["floor_s"] == p["floor_s"]


def test_terminal_bytes_match_the_trace_and_no_answer_beats_the_floor(sim):
    before = sim.stats()
    tracer = Tracer()
    with open_link(sim.terminal_port, LineSettings(), name="terminal", tracer=tracer) as link:
        client = ZvtClient(link)
        start = time.monotonic()
        res = client.status_enquiry()
        elapsed = time.monotonic() - start
        received = traced_bytes(tracer, "rx")
        client.diagnosis()
        time.sleep(0.05)  # the ECR's last ACK is still crossing the line when the client returns
    assert res.outcome == "completed"
    run = Simulator.stats_between(before, sim.stats())
    t = run["devices"]["terminal"]
    assert t["bytes_in"] == traced_bytes(tracer, "tx") and t["bytes_out"] == traced_bytes(tracer, "rx")
    assert t["delays_s"] == pytest.approx(2 * sim.scenario.terminal.delay_ms / 1000)
    assert run["bytes_on_wire"] == t["bytes_in"] + t["bytes_out"]
    # The line is paced like a real one, so the status enquiry cannot end before its answer's bytes and one
    # processing delay have passed (a lower bound: a loaded machine only makes it slower).
    assert elapsed >= received * 10 / 9600 + sim.scenario.terminal.delay_ms / 1000 - 0.002


def test_check_json_carries_the_line_and_floor_for_simulated_runs():
    from pos_doctor.checks.runner import CheckOptions
    from pos_doctor.checks.session import open_session

    with open_session(CheckOptions(simulate="healthy")) as s:
        first = s.run(only=["printer.receipt"])
        second = s.run(only=["printer.receipt"])
    for rep in (first, second):  # each run counts only its own bytes
        line = rep.target["line"]
        assert line["baud"] == 9600
        assert line["devices"]["printer"]["bytes_in"] >= 3 and line["devices"]["terminal"]["bytes_in"] == 0
        assert line["floor_s"] == line["devices"]["printer"]["floor_s"] > 0
    assert first.target["line"]["devices"]["printer"]["bytes_in"] == second.target["line"]["devices"]["printer"]["bytes_in"]
