import os
import socket
import sys
import threading
import tty

import pytest

from pos_doctor.errors import LinkClosed, LinkTimeout, PortBusy, PortNotFound, UsageError
from pos_doctor.link import LineSettings, Tracer, open_link
from pos_doctor.protocols.escpos.session import PrinterClient

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="ptys are POSIX")


@pytest.fixture
def pty_pair():
    master, slave = os.openpty()
    tty.setraw(slave)
    path = os.ttyname(slave)
    yield master, path
    # each descriptor closed once: a second close could hit a number another thread of the worker was given since
    for fd in (master, slave):
        if fd not in _CLOSED:
            os.close(fd)
    _CLOSED.clear()


_CLOSED: set[int] = set()


def _close_master(fd: int) -> None:
    os.close(fd)
    _CLOSED.add(fd)


def test_roundtrip_and_trace(pty_pair):
    master, path = pty_pair
    tracer = Tracer()
    with open_link(path, name="printer", tracer=tracer) as link:
        link.write(b"\x10\x04\x01")
        assert os.read(master, 3) == b"\x10\x04\x01"
        os.write(master, b"\x12")
        assert link.read_exactly(1, 1.0) == b"\x12"
        assert link.bytes_out == 3 and link.bytes_in == 1
    dump = tracer.format()
    assert "-> 10 04 01" in dump and "<- 12" in dump


def test_timeout_names_the_timer(pty_pair):
    _, path = pty_pair
    with open_link(path) as link:
        with pytest.raises(LinkTimeout) as exc:
            link.read_exactly(4, 0.2, timer="T3 ack")
    assert exc.value.timer == "T3 ack" and isinstance(exc.value, TimeoutError)


def test_busy_port_names_this_process(pty_pair):
    _, path = pty_pair
    with open_link(path):
        with pytest.raises(PortBusy) as exc:
            open_link(path)
    assert exc.value.holder and f"pid {os.getpid()}" in exc.value.holder


def test_missing_port():
    with pytest.raises(PortNotFound) as exc:
        open_link("/dev/ttyUSB-does-not-exist")
    assert "pos-doctor ports" in exc.value.hint


@pytest.mark.parametrize("port,settings", [
    ("gopher://x:1", LineSettings()),
    ("/dev/null", LineSettings(baudrate=12345)),
    ("/dev/null", LineSettings(parity="Q")),
])
def test_bad_arguments_are_usage_errors(port, settings):
    with pytest.raises(UsageError):
        open_link(port, settings)


def test_port_vanishing_mid_read(pty_pair):
    master, path = pty_pair
    link = open_link(path)
    _close_master(master)
    with pytest.raises(LinkClosed):
        link.read(1, 0.5)
    link.close()


def test_socket_url():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    with open_link(f"socket://127.0.0.1:{port}") as link:
        conn, _ = srv.accept()
        conn.sendall(b"\x80\x00\x00")
        assert link.read_exactly(3, 1.0) == b"\x80\x00\x00"
        assert link.is_tcp
        conn.close()
    srv.close()


def test_stale_input_is_dropped_on_a_pty_and_on_socket_url(pty_pair):
    """A late reply to an earlier command is waiting when the next one starts: reset_input drops it, over the
    serial path (the driver's buffer) and over socket:// (read off until nothing is left), and only that."""
    import time

    master, path = pty_pair
    srv = socket.create_server(("127.0.0.1", 0))
    try:
        with open_link(path) as serial_link, open_link(f"socket://127.0.0.1:{srv.getsockname()[1]}") as tcp_link:
            conn, _ = srv.accept()
            with conn:
                stale = b"\x04\x0f\x02\x27\x00" * 2000  # 10 kB: more than one 4096-byte read off the socket
                os.write(master, stale[:64])
                conn.sendall(stale)
                for link in (serial_link, tcp_link):
                    end = time.monotonic() + 2
                    while time.monotonic() < end and not (link._s.in_waiting if not link.is_tcp else _readable(link)):
                        time.sleep(0.01)
                time.sleep(0.05)  # the rest of the 10 kB lands in the socket's buffer
                serial_link.reset_input()
                tcp_link.reset_input()
                os.write(master, b"\x80\x00\x00")
                conn.sendall(b"\x80\x00\x00")
                assert serial_link.read(4096, 1.0) == b"\x80\x00\x00"
                assert tcp_link.read_exactly(3, 1.0) == b"\x80\x00\x00"
                assert tcp_link.read(4096, 0.1) == b""  # and nothing of the stale reply after it
                assert tcp_link.bytes_in == 3  # what was dropped is not counted as received
    finally:
        srv.close()


def _readable(link) -> bool:
    import select

    return bool(select.select([link._s.fileno()], [], [], 0)[0])


def test_printer_client_skips_stale_and_xon(pty_pair):
    master, path = pty_pair

    def printer():
        while True:
            try:
                q = os.read(master, 3)
            except OSError:
                return
            if len(q) == 3 and q[:2] == b"\x10\x04":
                os.write(master, b"\x11" + (b"\x72" if q[2] == 4 else b"\x12"))

    with open_link(path, name="printer") as link:
        os.write(master, b"\x99\x13")  # stale bytes before the first query
        t = threading.Thread(target=printer, daemon=True)
        t.start()
        st = PrinterClient(link).status()
    assert st.paper_end is True and st.online is True


def test_printer_that_does_not_answer(pty_pair):
    _, path = pty_pair
    with open_link(path, name="printer") as link:
        with pytest.raises(LinkTimeout):
            PrinterClient(link, reply_timeout=0.2).status()
        ident = PrinterClient(link).identify(timeout=0.05)
    assert ident.model is None and ident.firmware is None


class _Stalled:
    """time.monotonic for pos_doctor.link.port as a loaded PC gives it: the clock jumps `stall` seconds after the
    `at`-th reading, as if this process had not run meanwhile; `during` runs at the jump (the device, which did run
    on its own line, sends then)."""

    def __init__(self, at: int, stall: float, during=None):
        import time as real

        self.real, self.at, self.stall, self.during, self.calls, self.jumped = real, at, stall, during, 0, 0.0

    def monotonic(self) -> float:
        self.calls += 1
        if self.calls == self.at:
            self.jumped = self.stall
            if self.during:
                self.during()
        return self.real.monotonic() + self.jumped


def test_a_wait_that_ended_while_this_process_did_not_run_looks_once_more(pty_pair, monkeypatch):
    """A time-out that ran out while the process was not scheduled did not observe silence until its end (and a
    device served from this process, the simulator, did not run either): one more look (at most STALL) before the
    read returns nothing. The byte the device sent during the stall is read."""
    import pos_doctor.link.port as port

    master, path = pty_pair
    with open_link(path) as link:
        clock = _Stalled(at=3, stall=0.5, during=lambda: os.write(master, b"\x06"))
        monkeypatch.setattr(port, "time", clock)
        assert link.read(1, 0.2) == b"\x06"


def test_a_wait_that_ended_on_time_is_silence_and_a_stall_is_looked_past_only_once(pty_pair, monkeypatch):
    import pos_doctor.link.port as port

    class Starved(_Stalled):  # every reading of the clock after the second comes half a second late
        def monotonic(self) -> float:
            self.calls += 1
            self.jumped += 0.5 if self.calls > 2 else 0.0
            return self.real.monotonic() + self.jumped

    master, path = pty_pair
    with open_link(path) as link:
        reads = []
        real_read = link._s.read
        monkeypatch.setattr(link._s, "read", lambda k: reads.append(k) or real_read(k))
        assert link.read(1, 0.1) == b""  # on time: silence
        reads.clear()
        monkeypatch.setattr(port, "time", Starved(at=0, stall=0))
        assert link.read(1, 0.2) == b""  # the one more look found nothing: silence, however late every wait ends
        assert len(reads) == 2  # the first wait and one more look, not a look after every late wait
