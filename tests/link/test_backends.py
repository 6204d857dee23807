"""Device backends by name: `--simulate` reaches the simulator through pos_doctor.link.backends, the way python-can
finds its virtual bus, so a backend registered under the same name replaces it for the whole check session."""

from __future__ import annotations

import pytest

from pos_doctor.checks.runner import CheckOptions
from pos_doctor.checks.session import open_session
from pos_doctor.link import backends
from pos_doctor.link.backends import BackendRequest, backend_names, factory_for, open_backend


def test_the_simulator_is_a_named_backend_serving_a_scenario():
    assert "simulator" in backend_names()
    sim = open_backend("simulator", BackendRequest("healthy", baud=115200, printer_baud=38400))
    try:
        assert sim.terminal_port and sim.printer_port and sim.terminal_port != sim.printer_port
        assert sim.terminal_transport == "serial"
        assert (sim.stats()["baud"], sim.stats()["printer_baud"]) == (115200, 38400)
    finally:
        sim.stop()


def test_an_unknown_backend_is_named_with_the_known_ones():
    with pytest.raises(ValueError, match=r"no device backend named 'canbus'; known: .*simulator"):
        factory_for("canbus")


def test_the_check_session_asks_the_registry_for_the_simulator(monkeypatch):
    real = factory_for("simulator")
    asked: list[BackendRequest] = []

    def spy(request: BackendRequest):
        asked.append(request)
        return real(request)

    backends.register_backend("simulator", spy)
    try:
        options = CheckOptions(simulate="clock-wrong", baud=115200, printer_baud=115200, timeout=8)
        with open_session(options) as session:
            report = session.run(only=["terminal.clock"])
            backend = session.backend
            assert backend is not None and options.terminal == backend.terminal_port
        assert session.backend is None  # stopped with the session
    finally:
        backends.unregister_backend("simulator")
    assert [(r.target, r.baud, r.printer_baud, r.printer_link) for r in asked] == [
        ("clock-wrong", 115200, 115200, None)]
    (clock,) = report.checks
    assert (clock.id, clock.status, clock.playbook) == ("terminal.clock", "critical", "terminal-clock")
    assert report.target["line"]["bytes_on_wire"] > 0  # the line statistics come from the backend


def test_a_registered_backend_shadows_the_table_only_while_registered():
    sentinel = object()
    backends.register_backend("simulator", lambda request: sentinel)  # type: ignore[arg-type,return-value]
    try:
        assert open_backend("simulator", BackendRequest("healthy")) is sentinel
    finally:
        backends.unregister_backend("simulator")
    assert factory_for("simulator").__module__ == "pos_doctor.simulator.backend"
