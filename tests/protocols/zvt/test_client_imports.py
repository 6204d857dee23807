"""What a ZVT status enquiry over TCP loads (issue 27: CPU per process, against ecrterm): importing the client,
opening a socket:// link and the enquiry to the terminal's completion import neither `dataclasses` (with inspect, ast,
dis and tokenize, and a class built from source text for each of the 23 value classes on the way) nor pyserial's socket
handler with `logging` (link/tcp.py). Held in a fresh interpreter, the way `bench/parts_zvt_cpu.py` measures it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = r"""
import json, sys
before = set(sys.modules)
from pos_doctor.link.port import LineSettings, open_link
from pos_doctor.protocols.zvt.session import ZvtClient
with open_link(sys.argv[1], LineSettings(), name="terminal") as link:
    res = ZvtClient(link, transport="tcp").status_enquiry()
print(json.dumps({"outcome": res.outcome, "version": res.software_version, "pipe": type(link._s).__name__,
                  "modules": sorted(set(sys.modules) - before)}))
"""

NOT_LOADED = ("dataclasses", "inspect", "ast", "dis", "tokenize", "logging", "serial",
              "serial.urlhandler.protocol_socket", "pos_doctor.simulator")


def test_a_status_enquiry_over_tcp_imports_no_dataclasses_nor_pyserial(pos_simulator_factory, tmp_path):
    sim = pos_simulator_factory("healthy", link="tcp", tcp_framing="zvt")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COV", "POS_DOCTOR_"))}  # no coverage in the child
    p = subprocess.run([sys.executable, "-c", PROBE, sim.terminal_port], capture_output=True, text=True, env=env,
                       cwd=tmp_path, stdin=subprocess.DEVNULL, timeout=60)
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout.strip().splitlines()[-1])
    assert got["outcome"] == "completed" and got["version"], got  # the enquiry ran to the completion (06 0F)
    assert got["pipe"] == "TcpPipe"
    assert "pos_doctor.protocols.zvt.messages" in got["modules"] and "socket" in got["modules"]  # the probe sees
    loaded = sorted(set(NOT_LOADED) & set(got["modules"]))
    assert not loaded, f"the ZVT client's path imports {loaded}"
