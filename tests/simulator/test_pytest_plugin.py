"""The pytest plugin as a shop's CI would use it (through pytester, in a separate test run)."""

from __future__ import annotations

pytest_plugins = ["pytester"]

TESTS = '''
import pytest, serial

def status4(port):
    with serial.serial_for_url(port, timeout=2) as p:
        p.write(bytes([0x10, 0x04, 0x04]))
        return p.read(1)

@pytest.mark.pos_scenario("paper-out")
def test_marker(pos_simulator):
    assert status4(pos_simulator.printer_port) == b"\\x7e"
    assert pos_simulator.terminal_transport == "serial"

def test_default_is_healthy(pos_simulator):
    assert status4(pos_simulator.printer_port) == b"\\x12"

@pytest.mark.parametrize("pos_simulator", ["paper-near-end", "healthy"], indirect=True)
def test_indirect(pos_simulator):
    assert status4(pos_simulator.printer_port) in (b"\\x1e", b"\\x12")

@pytest.mark.pos_scenario("healthy", link="tcp", tcp_framing="zvt")
def test_marker_options(pos_simulator):
    assert pos_simulator.terminal_port.startswith("socket://")
    assert pos_simulator.terminal_transport == "tcp"

def test_factory(pos_simulator_factory):
    a = pos_simulator_factory("cover-open")
    b = pos_simulator_factory("healthy")
    assert status4(a.printer_port) == b"\\x12" and a.printer_port != b.printer_port

def test_fails_inside(pos_simulator):
    assert False, "the simulator must still be stopped"

def test_zz_every_simulator_was_stopped():
    import threading
    assert [t.name for t in threading.enumerate() if t.name.startswith("pos-sim-")] == []
'''


def test_plugin_fixtures_markers_and_cleanup(pytester):
    pytester.makepyfile(TESTS)
    # the plugin arrives through its pytest11 entry point, like in a shop's CI
    result = pytester.runpytest_subprocess("--strict-markers",
                                           "-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=7, failed=1)
    result.stdout.fnmatch_lines(["*the simulator must still be stopped*"])
