"""RFC 2217 (serial port over telnet, as served by terminal servers and ser2net): the simulator's pty behind a real
RFC 2217 server on loopback, reached by `rfc2217://host:port` through the same open_link as hardware."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading

import pytest
import serial
import serial.rfc2217

from pos_doctor.errors import LinkError
from pos_doctor.link.port import LineSettings, open_link
from pos_doctor.protocols.zvt.session import ZvtClient
from pos_doctor.simulator import Simulator

pytestmark = pytest.mark.skipif(os.name == "nt", reason="the simulator's pty backend is POSIX only")


class _Writer:
    """PortManager writes its telnet replies with .write()."""

    def __init__(self, conn: socket.socket):
        self.write = conn.sendall


class _PtySerial(serial.Serial):
    """A pty has no modem lines (TIOCMGET fails); a terminal server reports them, so report an idle line."""

    cts = dsr = cd = True
    ri = False

    def _update_rts_state(self):  # TIOCMBIS/TIOCMBIC fail on a pty too
        pass

    def _update_dtr_state(self):
        pass


class Rfc2217Bridge:
    """One client at a time: telnet/RFC 2217 on a loopback socket <-> a serial port (the simulator's pty)."""

    def __init__(self, device: str):
        self.device = device
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"rfc2217://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="rfc2217-bridge", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.sock.close()
        self.thread.join(5)

    def _run(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            with conn, _PtySerial(self.device, 9600, timeout=0) as port:
                manager = serial.rfc2217.PortManager(port, _Writer(conn))
                while not self.stop.is_set():
                    ready, _, _ = select.select([conn, port.fileno()], [], [], 0.05)
                    if conn in ready:
                        data = conn.recv(4096)
                        if not data:
                            break
                        port.write(b"".join(manager.filter(data)))
                    if port.fileno() in ready:
                        data = port.read(port.in_waiting or 1)
                        if data:
                            conn.sendall(b"".join(manager.escape(data)))


@pytest.fixture
def bridged():
    with Simulator("dropped-transaction") as sim, Rfc2217Bridge(sim.terminal_port) as bridge:
        yield sim, bridge


def test_zvt_client_over_rfc2217(bridged):
    sim, bridge = bridged
    with open_link(bridge.url, LineSettings(baudrate=9600), name="terminal") as link:
        client = ZvtClient(link)
        status = client.status_enquiry()
        last = client.repeat_receipt().transaction
    assert status.outcome == "completed" and status.software_version
    assert last is not None and last.approved and last.amount is not None
    assert "*" in last.pan_masked  # masked in the decoder, whatever the transport


def test_check_over_rfc2217_from_the_cli(bridged, tmp_path):
    sim, bridge = bridged
    env = {**os.environ, "POS_DOCTOR_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "pos_doctor", "check", "--terminal", bridge.url, "--printer", sim.printer_port,
                          "--json", "--no-record", "--only", "link.terminal", "--only", "terminal.status"],
                         capture_output=True, text=True, env=env, timeout=60)
    doc = json.loads(out.stdout)
    assert out.returncode == 0, out.stderr
    assert {c["id"]: c["status"] for c in doc["checks"]} == {"link.terminal": "ok", "terminal.status": "ok"}
    assert doc["target"]["terminal_port"] == bridge.url


def test_rfc2217_server_not_there_is_a_network_error_with_advice():
    free = socket.create_server(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    with pytest.raises(LinkError) as info:
        open_link(f"rfc2217://127.0.0.1:{port}", name="terminal")
    assert f"127.0.0.1:{port}" in str(info.value)
    assert "network" in (info.value.hint or "")
