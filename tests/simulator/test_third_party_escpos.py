"""A third-party ESC/POS client (python-escpos, unchanged) works against the simulated printer on its pty: the
real-time status it reads matches the scenario, and what it prints reaches the simulated paper."""

from __future__ import annotations

import os
import time

import pytest
from escpos import printer as escpos_printer  # python-escpos, from the test extra

from pos_doctor.simulator import Simulator

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the simulator's pty backend is POSIX only")


@pytest.mark.parametrize("scenario,online,paper", [
    ("healthy", True, 2),          # python-escpos: 2 = paper adequate, 1 = near end, 0 = no paper
    ("paper-near-end", True, 1),
    ("paper-out", False, 0),
    ("cover-open", False, 2),
    ("printer-offline", False, 2),
])
def test_python_escpos_reads_the_simulated_status(scenario, online, paper):
    with Simulator(scenario) as sim:
        p = escpos_printer.Serial(devfile=sim.printer_port, baudrate=9600, timeout=1)
        try:
            assert p.is_online() is online
            assert p.paper_status() == paper
        finally:
            p.close()


def test_python_escpos_prints_on_the_simulated_paper():
    log: list[str] = []
    with Simulator("healthy", log=log.append) as sim:
        p = escpos_printer.Serial(devfile=sim.printer_port, baudrate=9600, timeout=1)
        try:
            p.text("Receipt copy 42\n")
            p.cut()
            deadline = time.monotonic() + 5
            while not any("Receipt copy 42" in line for line in log) and time.monotonic() < deadline:
                time.sleep(0.02)
        finally:
            p.close()
    assert any("printer: printed 'Receipt copy 42'" in line for line in log), log
