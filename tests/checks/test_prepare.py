"""Nothing that can happen before the first byte happens after it: the runner imports what the selected checks and
their ports need before any port opens, so no thread of a run imports a module while the devices are talking."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from pos_doctor.link.addresses import modules_for

# An audit hook records every first import with the thread that did it, then `check` runs against the simulator.
PROBE = r"""
import json, sys, threading
seen, late = set(sys.modules), []
def hook(event, args):
    if event == "import" and args[0] not in sys.modules and args[0] not in seen:
        seen.add(args[0])
        if threading.current_thread() is not threading.main_thread():
            late.append((threading.current_thread().name, args[0]))
sys.addaudithook(hook)
from pos_doctor.cli.main import main
code = main(sys.argv[1:])
print("\nLATE " + json.dumps(late))
"""


@pytest.mark.parametrize("args", [("--simulate", "healthy"), ("--simulate", "healthy", "--only", "terminal.status,printer")])
def test_no_thread_of_a_check_run_imports_a_module(tmp_path, args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(POS_DOCTOR_DATA_DIR=str(tmp_path), CI="1")
    p = subprocess.run([sys.executable, "-c", PROBE, "check", *args, "--json", "--no-record", "--baud", "115200",
                        "--printer-baud", "115200"], capture_output=True, text=True, env=env, timeout=60,
                       stdin=subprocess.DEVNULL)
    out, _, tail = p.stdout.rpartition("\nLATE ")
    doc = json.loads(out)
    assert {c["id"]: c["status"] for c in doc["checks"]}.get("terminal.status") == "ok", p.stderr
    assert json.loads(tail) == [], "imported inside the run's threads (add them to the check's needs=)"


@pytest.mark.parametrize("port,expected,absent", [
    ("/dev/ttyUSB0", {"serial", "pos_doctor.link.chardev"}, {"pos_doctor.link.usb"}),
    # a plain TCP address is our own connection (link/tcp.py): pyserial stays out; with options, pyserial's handler
    ("socket://127.0.0.1:20007", {"pos_doctor.link.tcp"}, {"serial", "pos_doctor.link.usb"}),
    ("tcp://192.168.1.50:9100", {"pos_doctor.link.tcp"}, {"serial", "serial.urlhandler.protocol_socket"}),
    ("192.168.1.50:9100", {"pos_doctor.link.tcp"}, {"serial"}),
    ("socket://[::1]:20007", {"pos_doctor.link.tcp"}, {"serial"}),
    ("socket://127.0.0.1:20007?logging=debug", {"serial", "serial.urlhandler.protocol_socket"}, {"pos_doctor.link.tcp"}),
    ("rfc2217://10.0.0.5:4001", {"serial.urlhandler.protocol_rfc2217"}, set()),
    ("usb://04b8:0202", {"pos_doctor.link.usb"}, {"serial"}),
    ("tcp://no-port-here", {"serial"}, {"serial.urlhandler.protocol_tcp"}),  # open_link reports the bad address
])
def test_modules_for_an_address_are_what_opening_it_imports(port, expected, absent):
    names = set(modules_for(port))
    assert expected <= names and not (absent & names)
    for name in names:  # a renamed module must not silently drop out of the preparation
        assert importlib.util.find_spec(name) is not None, name
