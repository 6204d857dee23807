"""Network printers as tcp://HOST:PORT and HOST:PORT, and printers the OS offers as character devices."""

from __future__ import annotations

import os
import stat
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_doctor.errors import LinkError, LinkTimeout, PortNotFound, UsageError
from pos_doctor.link import open_link
from pos_doctor.link import chardev
from pos_doctor.link.addresses import network_url, printer_address_ok
from pos_doctor.protocols.escpos.session import PrinterClient


@pytest.mark.parametrize("form", ["tcp://127.0.0.1:{port}", "127.0.0.1:{port}", "localhost:{port}"])
def test_network_printer_addresses(pos_simulator_factory, form):
    sim = pos_simulator_factory("paper-near-end", link="tcp")
    port = int(sim.printer_port.rsplit(":", 1)[1])
    address = form.format(port=port)
    with open_link(address, name="printer") as link:
        assert link.port == address and link.is_tcp  # reported as written, read like socket://
        assert PrinterClient(link).status().paper_near_end is True


# too_slow: drawing from the regex is slow only on a loaded machine (2 s for 6 inputs at load 27); the property is not
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.from_regex(r"[a-z]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?){0,3}", fullmatch=True), st.integers(1, 65535))
def test_host_port_is_a_socket_url(host, port):
    for text in (f"{host}:{port}", f"tcp://{host}:{port}"):
        assert network_url(text) == f"socket://{host}:{port}"
        assert printer_address_ok(text)


@pytest.mark.parametrize("text", ["/dev/ttyUSB0", "COM3", r"C:\x", "socket://h:1", "/dev/usb/lp0"])
def test_paths_are_not_network_addresses(text):
    assert network_url(text) is None


SHAPE = ("write tcp://HOST:PORT (a network printer's raw port is usually 9100)", "请写 tcp://主机:端口（网络打印机的原始端口通常是 9100）")


@pytest.mark.parametrize("bad, en, zh", [
    ("tcp://printer", *SHAPE), ("tcp://:9100", *SHAPE),
    ("tcp://host:99999", "port 99999 is not between 1 and 65535", "端口 99999 不在 1 到 65535 之间"),
    ("host:0", "port 0 is not between 1 and 65535", "端口 0 不在 1 到 65535 之间"),
])
def test_bad_network_addresses(bad, en, zh):
    with pytest.raises(UsageError) as exc:
        network_url(bad)
    assert (str(exc.value), exc.value.text("zh")) == (f"'{bad}': {en}", f"'{bad}'：{zh}")


def test_nobody_listening_is_a_connection_error(unused_tcp_port):
    with pytest.raises(LinkError) as exc:
        open_link(f"tcp://127.0.0.1:{unused_tcp_port}", name="printer", connect_timeout=1.0)
    assert "cannot connect" in str(exc.value)


@pytest.fixture
def unused_tcp_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- character devices (/dev/usb/lp*) --------------------------------------------------------------------------

posix = pytest.mark.skipif(os.name != "posix", reason="character devices are POSIX")


@posix
def test_printer_character_device_is_opened_without_termios(monkeypatch):
    """/dev/null stands in for /dev/usb/lp0 (major 180 here would need the usblp driver): a char device, not a tty.
    Opened as a serial port it fails in termios; opened as a file the status query runs and meets its deadline."""
    monkeypatch.setattr(chardev, "PRINTER_MAJORS", {os.major(os.stat("/dev/null").st_rdev)})
    with open_link("/dev/null", name="printer") as link:
        assert isinstance(link._s, chardev.CharDevicePipe)
        t0 = time.monotonic()
        with pytest.raises(LinkTimeout) as exc:
            PrinterClient(link, reply_timeout=0.3).status()
        took = time.monotonic() - t0
        # the client's own 0.3 s timer ended it (not a read error, not a hang); wall clock only tells a hang apart
        assert exc.value.timer == "status reply" and "DLE EOT 1 within 0.3 s" in str(exc.value), exc.value
        assert 0.3 <= took < 0.3 + 10
        assert link.bytes_out == 3


@posix
def test_usblp_node_without_its_printer_is_not_found(tmp_path):
    node = tmp_path / "lp0"
    try:
        os.mknod(node, stat.S_IFCHR | 0o600, os.makedev(180, 0))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here: {exc}")
    assert chardev.is_printer_device(str(node))
    with pytest.raises(LinkError) as exc:
        open_link(str(node), name="printer")
    if isinstance(exc.value, PortNotFound):  # ENODEV/ENXIO: no usblp device behind the node
        assert "cable" in exc.value.hint and "数据线" in exc.value.hint_text("zh")
    else:  # a filesystem mounted nodev refuses the open itself
        assert str(node) in str(exc.value)


def test_serial_ports_are_not_printer_devices():
    assert not chardev.is_printer_device("COM3")
    if sys.platform != "win32":
        assert not chardev.is_printer_device("/dev/null")
        assert not chardev.is_printer_device("/dev/tty")
