"""socket://HOST:PORT as our own TCP connection (link/tcp.py): the same Link, errors and stale-input flush as through
pyserial's handler, which still opens a socket:// URL with options."""

from __future__ import annotations

import socket
import sys
import time

import pytest

from pos_doctor.errors import LinkClosed, LinkError
from pos_doctor.link import open_link
from pos_doctor.link.addresses import tcp_address
from pos_doctor.link.tcp import TcpPipe
from pos_doctor.link.trace import Tracer


@pytest.fixture
def server():
    srv = socket.create_server(("127.0.0.1", 0))
    yield srv, f"socket://127.0.0.1:{srv.getsockname()[1]}"
    srv.close()


@pytest.mark.parametrize("url, address", [
    ("socket://127.0.0.1:20007", ("127.0.0.1", 20007)),
    ("SOCKET://terminal.local:20007/", ("terminal.local", 20007)),
    ("socket://[::1]:20007", ("::1", 20007)),
    ("socket://127.0.0.1:20007?logging=debug", None),  # pyserial's options: pyserial opens it
    ("socket://user@127.0.0.1:20007", None),
    ("socket://127.0.0.1:99999", None),  # pyserial reports the port out of range, as before
    ("socket://127.0.0.1", None),
    ("rfc2217://127.0.0.1:20007", None),
])
def test_which_urls_are_a_plain_tcp_connection(url, address):
    assert tcp_address(url) == address


def test_bytes_both_ways_over_our_own_connection(server):
    srv, url = server
    with open_link(url, name="terminal") as link:
        conn, _ = srv.accept()
        with conn:
            assert isinstance(link._s, TcpPipe) and link.is_tcp and link.seconds_per_byte() is None
            link.write(b"\x05\x01\x03\x00\x00\x00")
            assert conn.recv(16) == b"\x05\x01\x03\x00\x00\x00"
            conn.sendall(b"\x80\x00\x00")
            assert link.read_exactly(3, 2.0) == b"\x80\x00\x00"
            assert link.read(4096, 0.05) == b""  # nothing more: empty when the time is up, not an error
            assert (link.bytes_in, link.bytes_out) == (3, 6)


def test_the_far_end_closing_is_link_closed(server):
    srv, url = server
    link = open_link(url, name="terminal")
    conn, _ = srv.accept()
    conn.close()
    with pytest.raises(LinkClosed) as exc:
        link.read(1, 2.0)
    assert str(exc.value).startswith(f"terminal: {url} went away: ")
    assert exc.value.hint_text("en") == "check the cable and that the device is powered"
    link.close()


@pytest.mark.skipif(sys.platform != "linux", reason="a full accept queue drops new connections on Linux")
def test_a_connect_without_answer_ends_at_connect_timeout():
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(0)  # never accepted: once its queue is full, the next connection gets no answer
        address = srv.getsockname()
        queued = []
        for _ in range(4):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(address)
            queued.append(s)
        try:
            with pytest.raises(LinkError) as exc:
                open_link(f"socket://127.0.0.1:{address[1]}", name="terminal", connect_timeout=0.3)
        finally:
            for s in queued:
                s.close()
    assert str(exc.value) == f"cannot connect to terminal at socket://127.0.0.1:{address[1]}: no answer in time"
    # the reason in the reader's language, the device by its name in that language (the system's words are English)
    assert exc.value.text("zh") == f"无法连接 socket://127.0.0.1:{address[1]} 上的POS机：未能及时应答"
    assert exc.value.hint_text("en") == "check the address and port, and that the device is on the network"


@pytest.mark.parametrize("lang, said", [("en", "the connection was refused (nothing answers on that port)"),
                                         ("zh", "连接被拒绝（该端口上没有设备应答）"),
                                         ("de", "die Verbindung wurde abgelehnt (an diesem Port antwortet nichts)")])
def test_a_refused_connection_is_said_in_the_readers_language(lang, said):
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        port = srv.getsockname()[1]  # bound, never listening: the connection is refused
        with pytest.raises(LinkError) as exc:
            open_link(f"socket://127.0.0.1:{port}", name="printer", connect_timeout=1.0)
    text = exc.value.text(lang)
    assert text.endswith(said) and "Errno" not in text, text
    assert {"zh": "打印机", "de": "Drucker", "en": "printer"}[lang] in text, text


def test_what_has_arrived_is_read_at_once_and_traced_as_it_came(server):
    """A frame that arrived whole is one read and one trace line (not a system call and a trace line per byte); a read
    never takes more than it asked for, and the rest waits for the next one."""
    srv, url = server
    tracer = Tracer()
    with open_link(url, name="terminal", tracer=tracer) as link:
        conn, _ = srv.accept()
        with conn:
            frame = bytes.fromhex("060f0b") + b"SIM-ZVT-1.." + bytes.fromhex("800000")
            conn.sendall(frame)
            time.sleep(0.2)  # all of it has arrived (loopback)
            assert link.read(14, 2.0) == frame[:14]
            assert link.read(4096, 2.0) == frame[14:]
            assert [(e.direction, e.data) for e in tracer.events] == [("rx", frame[:14]), ("rx", frame[14:])]
            assert link.bytes_in == len(frame)
