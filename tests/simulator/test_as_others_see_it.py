"""The simulator as software we did not write sees it: node-thermal-printer's getStatus() (GS r 1), a switched-off
network printer, a switched-off USB printer, and python-escpos 3.1's Usb class with usblp bound (Linux) and not."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
import usb.core
import usb.util

from pos_doctor.simulator.printer import EscposPrinter
from pos_doctor.simulator.scenario import load_scenario
from pos_doctor.simulator.usb_device import PID, VID


def _printer(scenario: str) -> EscposPrinter:
    return EscposPrinter(load_scenario(scenario).printer)


@pytest.mark.parametrize("scenario, paper, drawer", [
    ("healthy", b"\x00", b"\x00"),
    ("paper-near-end", b"\x03", b"\x00"),  # bits 0+1: roll near end
    ("paper-out", b"", b""),               # offline for paper end: GS r is not executed (Epson reference)
    ("cover-open", b"", b""),
])
def test_gs_r_transmit_status(scenario, paper, drawer):
    p = _printer(scenario)
    assert b"".join(p.feed(b"\x1d\x72\x01")) == paper
    assert b"".join(p.feed(b"\x1d\x72\x31")) == paper  # n = 49 is the same query
    assert b"".join(p.feed(b"\x1d\x72\x02")) == drawer
    for reply in p.feed(b"\x1d\x72\x01\x1d\x72\x02"):
        assert reply[0] & 0x90 == 0  # bits 4 and 7 are fixed 0 in every GS r reply


def test_gs_r_is_answered_over_a_pty(pos_simulator_factory):
    sim = pos_simulator_factory("paper-near-end")
    fd = os.open(sim.printer_port, os.O_RDWR | os.O_NOCTTY)
    try:
        import termios
        import tty

        tty.setraw(fd)
        os.write(fd, b"\x1d\x72\x01")
        import select

        r, _, _ = select.select([fd], [], [], 3)
        assert r, "no answer to GS r 1"
        assert os.read(fd, 16) == b"\x03"
        termios.tcflush(fd, termios.TCIFLUSH)
    finally:
        os.close(fd)


def _addr(port: str) -> tuple[str, int]:
    host, p = port.removeprefix("socket://").rsplit(":", 1)
    return host, int(p)


def test_a_switched_off_network_printer_refuses_the_connect(pos_simulator_factory):
    sim = pos_simulator_factory("printer-off", link="tcp")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(_addr(sim.printer_port), timeout=2).close()
    # the terminal of the same scenario is on and takes connections
    socket.create_connection(_addr(sim.terminal_port), timeout=2).close()


def test_a_switched_on_network_printer_accepts(pos_simulator_factory):
    sim = pos_simulator_factory("healthy", link="tcp")
    with socket.create_connection(_addr(sim.printer_port), timeout=2) as s:
        s.sendall(b"\x1d\x72\x01")
        s.settimeout(3)
        assert s.recv(16) == b"\x00"


def test_the_products_link_says_the_network_printer_refused(pos_simulator_factory):
    from pos_doctor.errors import LinkError
    from pos_doctor.link import open_link

    sim = pos_simulator_factory("printer-off", link="tcp")
    with pytest.raises(LinkError) as e:
        open_link(sim.printer_port, name="printer").close()
    assert "refused" in str(e.value).lower()


def test_a_switched_off_usb_printer_is_missing_from_the_bus(pos_simulator_factory):
    sim = pos_simulator_factory("printer-off", printer_link="usb")
    backend = sim._endpoints[1].backend
    assert usb.core.find(idVendor=VID, idProduct=PID, backend=backend) is None
    on = pos_simulator_factory("healthy", printer_link="usb")._endpoints[1].backend
    assert usb.core.find(idVendor=VID, idProduct=PID, backend=on) is not None


# --- python-escpos 3.1's Usb class, unchanged --------------------------------------------------------------------

@pytest.mark.parametrize("usblp_bound", [True, False], ids=["linux-usblp-bound", "no-kernel-driver"])
def test_python_escpos_usb_in_both_kernel_driver_states(pos_simulator_factory, usblp_bound):
    from escpos import printer as escpos_printer

    sim = pos_simulator_factory("paper-near-end", printer_link="usb")
    backend = sim._endpoints[1].backend
    backend.kernel_driver = usblp_bound  # Linux binds usblp when a printer is plugged in
    p = escpos_printer.Usb(VID, PID, usb_args={"backend": backend, "serial_number": backend.serial}, timeout=1000)
    try:
        assert p.is_online() is True
        assert p.paper_status() == 1  # near end
    finally:
        p.close()
    # python-escpos asked libusb to detach usblp exactly when it was bound
    assert backend.driver_log[:1] == (["detach"] if usblp_bound else [])


def test_claim_with_usblp_bound_is_still_busy_without_a_detach(pos_simulator_factory):
    """The model stays honest: a client that never detaches gets EBUSY, as libusb gives it on Linux."""
    sim = pos_simulator_factory("healthy", printer_link="usb")
    backend = sim._endpoints[1].backend
    assert backend.kernel_driver is True
    dev = usb.core.find(idVendor=VID, idProduct=PID, backend=backend)
    try:
        with pytest.raises(usb.core.USBError) as e:
            usb.util.claim_interface(dev, 0)
        assert e.value.errno == errno.EBUSY
    finally:
        usb.util.dispose_resources(dev)


# --- node-thermal-printer's getStatus() -------------------------------------------------------------------------

NODE_SCRIPT = textwrap.dedent("""
    const { printer: ThermalPrinter, types: PrinterTypes } = require("node-thermal-printer");
    (async () => {
      const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: process.argv[2], options: { timeout: 3000 } });
      p.getStatus();
      try {
        const data = await p.execute({ waitForResponse: true });
        console.log(JSON.stringify({ ok: true, hex: Buffer.from(data).toString("hex") }));
      } catch (e) {
        console.log(JSON.stringify({ ok: false, error: String(e && e.message || e) }));
      }
    })();
""")


@pytest.fixture(scope="module")
def node_thermal_printer() -> Path:
    """node-thermal-printer installed from the npm registry into a cached folder (once per machine)."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node/npm are not installed: node-thermal-printer cannot run here")
    cache = Path(os.environ.get("POS_DOCTOR_NODE_CACHE", Path(tempfile.gettempdir()) / "pos-doctor-node-cache"))
    if not (cache / "node_modules" / "node-thermal-printer").is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(cache),
                            "node-thermal-printer@4"], capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            pytest.skip(f"npm could not install node-thermal-printer: {r.stderr.strip()[-300:]}")
    (cache / "status.js").write_text(NODE_SCRIPT)
    return cache


def _node_status(cache: Path, port: str) -> dict:
    host, p = _addr(port)
    r = subprocess.run(["node", str(cache / "status.js"), f"tcp://{host}:{p}"], capture_output=True, text=True,
                       timeout=30, cwd=cache)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("scenario, reply", [("healthy", "00"), ("paper-near-end", "03")])
def test_node_thermal_printer_get_status(node_thermal_printer, pos_simulator_factory, scenario, reply):
    sim = pos_simulator_factory(scenario, link="tcp")
    assert _node_status(node_thermal_printer, sim.printer_port) == {"ok": True, "hex": reply}


def test_node_thermal_printer_against_a_switched_off_printer(node_thermal_printer, pos_simulator_factory):
    sim = pos_simulator_factory("printer-off", link="tcp")
    res = _node_status(node_thermal_printer, sim.printer_port)
    assert res["ok"] is False and "ECONNREFUSED" in res["error"]  # refused, not accepted and left silent
