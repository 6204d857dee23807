"""The simulator as a device backend (pos_doctor.link.backends names it "simulator")."""

from __future__ import annotations

import sys

from pos_doctor.link.backends import BackendRequest

from .server import Simulator


def start(request: BackendRequest) -> Simulator:
    """Serve the scenario `request.target` on ptys (POSIX) or local TCP sockets (Windows), at the requested line
    speeds, so a technician rehearses their real line."""
    sim = Simulator(request.target, link="tcp" if sys.platform == "win32" else "pty", baud=request.baud,
                    printer_baud=request.printer_baud, stopbits=request.stopbits, parity=request.parity,
                    printer_link=request.printer_link)
    return sim.start()
