"""pytest plugin: start the pos-doctor simulator for a test.

    @pytest.mark.pos_scenario("paper-out")
    def test_x(pos_simulator):
        ZvtClient(open_link(pos_simulator.terminal_port), transport=pos_simulator.terminal_transport)

or parametrise indirectly: `@pytest.mark.parametrize("pos_simulator", ["healthy", "paper-out"], indirect=True)`.
`pos_simulator_factory(scenario, **kw)` starts more; all are stopped at the end of the test.
`printer_link="usb"` (marker or factory keyword) puts the printer on the simulated USB bus: its port is then
`usb://1209:0001/SIMnnnn`, reached through `open_link` like a USB printer.
"""

from __future__ import annotations

import sys

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "pos_scenario(name, **kw): scenario (and Simulator options) for pos_simulator")


@pytest.fixture
def pos_simulator_factory():
    from pos_doctor.simulator import Simulator

    started = []

    def factory(scenario="healthy", **kw):
        kw.setdefault("link", "tcp" if sys.platform == "win32" else "pty")
        sim = Simulator(scenario, **kw).start()
        started.append(sim)
        return sim

    yield factory
    for sim in started:
        sim.stop()


@pytest.fixture
def pos_simulator(request, pos_simulator_factory):
    scenario, kw = "healthy", {}
    marker = request.node.get_closest_marker("pos_scenario")
    if marker is not None:
        scenario = marker.args[0] if marker.args else marker.kwargs.get("scenario", scenario)
        kw = {k: v for k, v in marker.kwargs.items() if k != "scenario"}
    if hasattr(request, "param"):
        scenario = request.param
    return pos_simulator_factory(scenario, **kw)
