"""python-escpos's own USB printer class, unchanged, against the simulated printer on the simulated USB bus: pyusb
is the same, only the backend is the simulator's, so a third-party client sees what it would see on hardware."""

from __future__ import annotations

import time

import pytest
from escpos import printer as escpos_printer  # python-escpos, from the test extra

from pos_doctor.simulator.usb_device import PID, VID


def escpos_usb(sim):
    backend = sim._endpoints[1].backend
    backend.kernel_driver = False  # as on Windows with WinUSB or macOS: python-escpos detaches only under libusb1
    return escpos_printer.Usb(VID, PID, usb_args={"backend": backend, "serial_number": backend.serial}, timeout=1000)


@pytest.mark.parametrize("scenario,online,paper", [
    ("healthy", True, 2),          # python-escpos: 2 = paper adequate, 1 = near end, 0 = no paper
    ("paper-near-end", True, 1),
    ("paper-out", False, 0),
    ("cover-open", False, 2),
])
def test_python_escpos_reads_status_over_the_simulated_usb(pos_simulator_factory, scenario, online, paper):
    p = escpos_usb(pos_simulator_factory(scenario, printer_link="usb"))
    try:
        assert p.is_online() is online
        assert p.paper_status() == paper
    finally:
        p.close()


def test_python_escpos_prints_over_the_simulated_usb(pos_simulator_factory):
    log: list[str] = []
    sim = pos_simulator_factory("healthy", printer_link="usb", log=log.append)
    p = escpos_usb(sim)
    try:
        p.text("Receipt copy 42\n")
        p.cut()
        deadline = time.monotonic() + 5
        while not any("Receipt copy 42" in line for line in log) and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        p.close()
    assert any("printer: printed 'Receipt copy 42'" in line for line in log), log
