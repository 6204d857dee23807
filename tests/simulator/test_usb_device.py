"""The simulated printer behind the USB code path: every printer scenario gives the same verdicts over USB as over a
pty, through the check session, the pytest plugin and the CLI (`check --simulate X --printer-link usb`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pos_doctor.checks.runner import CheckOptions
from pos_doctor.checks.session import open_session
from pos_doctor.errors import PortNotFound
from pos_doctor.link import open_link
from pos_doctor.link import usb as usblink
from pos_doctor.protocols.escpos.session import PrinterClient
from pos_doctor.simulator import Simulator, list_scenarios

PRINTER_CHECKS = ["link.printer", "printer.receipt"]
posix = pytest.mark.skipif(sys.platform == "win32", reason="the serial side of the comparison runs on ptys")


@pytest.fixture(scope="module", autouse=True)
def libusb_loaded():
    """libusb opens its event descriptors once per process, when first loaded: load it before the per-test leak
    check (conftest.no_leaks), which then sees what each run itself leaves open."""
    try:
        usblink.real_backend()
    except usblink.usb.core.NoBackendError:
        pass


def verdicts(scenario: str, printer_link: str | None) -> tuple[dict, str]:
    options = CheckOptions(simulate=scenario, simulate_printer_link=printer_link)
    with open_session(options) as session:
        report = session.run(only=PRINTER_CHECKS)
        port = session.target["printer_port"]
    # the port name is in link.printer's message; the rest must be identical
    return {r.id: (r.status, r.playbook, r.observed, r.message("en").replace(port, "PORT"), r.message("zh").replace(port, "PORT"))
            for r in report.checks}, port


@posix
@pytest.mark.parametrize("scenario", [name for name, _ in list_scenarios()])
def test_every_scenario_same_over_usb_as_over_a_pty(scenario):
    over_pty, pty_port = verdicts(scenario, None)
    over_usb, usb_port = verdicts(scenario, "usb")
    assert pty_port.startswith("/dev/") and usb_port.startswith("usb://1209:0001/")
    if scenario == "printer-off":  # switched off: silent on a serial line, but missing from the bus over USB
        assert over_usb["link.printer"][:3] == ("critical", "printer-fault", "not on the USB bus")
        assert over_pty["link.printer"][2] == "timeout"
        return
    assert over_usb == over_pty


@pytest.mark.pos_scenario("cover-open", printer_link="usb")
def test_plugin_puts_the_printer_on_usb(pos_simulator):
    assert pos_simulator.printer_port.startswith("usb://")
    with open_link(pos_simulator.printer_port, name="printer") as link:
        assert PrinterClient(link).status().cover_open is True


def test_a_stopped_simulator_leaves_the_bus():
    with Simulator("healthy", printer_link="usb") as sim:
        port = sim.printer_port
        with open_link(port, name="printer") as link:
            assert PrinterClient(link).status().online is True
    with pytest.raises(PortNotFound):
        open_link(port, name="printer")


def test_bad_printer_link_is_refused():
    with pytest.raises(ValueError):
        Simulator("healthy", printer_link="bluetooth")


def cli(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], capture_output=True, text=True, timeout=timeout)


def test_cli_check_over_usb(tmp_path):
    trace = tmp_path / "trace.txt"
    p = cli("check", "--simulate", "paper-out", "--printer-link", "usb", "--json", "--no-record", "--trace", str(trace))
    assert p.returncode == 2, p.stderr
    doc = json.loads(p.stdout)
    assert doc["target"]["printer_port"].startswith("usb://1209:0001/")
    by_id = {c["id"]: c for c in doc["checks"]}
    assert by_id["link.printer"]["status"] == "ok" and by_id["printer.receipt"]["status"] == "critical"
    assert "10 04 01" in trace.read_text()
    zh = cli("check", "--simulate", "paper-out", "--printer-link", "usb", "--only", "printer.receipt", "--no-record", "--lang", "zh")
    assert zh.returncode == 2 and "打印机缺纸" in zh.stdout


@pytest.mark.parametrize("args, words", [
    (["--printer-link", "usb"], "--simulate"),
    (["--simulate", "healthy", "--printer-link", "bluetooth"], "usb"),
])
def test_cli_printer_link_mistakes(args, words):
    for lang in ("en", "zh"):
        p = cli("check", "--no-record", "--lang", lang, *args)
        assert p.returncode == 3 and words in p.stderr and "Traceback" not in p.stderr
