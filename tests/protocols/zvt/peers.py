"""The far end for client tests: a scripted terminal on the device side of a real pty or TCP connection, whose\nnear end is the product's own Link (`open_link` on the pty path or a `socket://` URL)."""

from __future__ import annotations

import os
import select
import socket
import threading
import time

from pos_doctor.errors import LinkTimeout
from pos_doctor.protocols.zvt.framing import decode_frame, encode_frame, decode_tcp


class FdLink:
    """The terminal's side of the line (the pty master has no path `open_link` could open): read/write on a raw fd."""

    is_tcp = False

    def __init__(self, fd: int):
        self.fd = fd
        self.bytes_in = self.bytes_out = 0

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)
        self.bytes_out += len(data)

    def read(self, n: int, timeout: float) -> bytes:
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return b""
        data = os.read(self.fd, n)
        self.bytes_in += len(data)
        return data

    def read_exactly(self, n: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        out = b""
        while len(out) < n:
            chunk = self.read(n - len(out), deadline - time.monotonic())
            if not chunk:
                raise LinkTimeout("short read", timer="read")
            out += chunk
        return out

    def reset_input(self) -> None:
        while self.read(4096, 0):
            pass

    def close(self) -> None:
        os.close(self.fd)


class SockLink(FdLink):
    is_tcp = True

    def __init__(self, sock: socket.socket):
        super().__init__(sock.fileno())
        self.sock = sock

    def write(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read(self, n: int, timeout: float) -> bytes:
        r, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        return self.sock.recv(n) if r else b""

    def close(self) -> None:
        self.sock.close()  # never os.close the fd: the socket object would close a reused fd number later


def pty_pair():
    """(ECR side, terminal side) over a real pty: the ECR end is the product's Link, opened by path through
    `open_link` exactly as a serial port is; the scripted terminal holds the raw master descriptor."""
    import tty

    from pos_doctor.link import open_link

    master, slave = os.openpty()
    tty.setraw(master)
    try:
        link = open_link(os.ttyname(slave), name="terminal")
    finally:
        os.close(slave)  # the link holds its own descriptor on the path
    return link, FdLink(master)


def sock_pair():
    """(ECR side, terminal side) over TCP: the product's Link on `socket://127.0.0.1:PORT`, the terminal the accepted
    connection."""
    from pos_doctor.link import open_link

    with socket.create_server(("127.0.0.1", 0)) as server:
        link = open_link(f"socket://127.0.0.1:{server.getsockname()[1]}", name="terminal")
        conn, _ = server.accept()
    return link, SockLink(conn)


class Terminal:
    """A scripted terminal on the other end; `script(t)` runs in a thread, errors are re-raised by `join`."""

    def __init__(self, link: FdLink, script, tcp: bool = False):
        self.link, self.tcp, self.buf, self.error = link, tcp, bytearray(), None
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._main, args=(script,), daemon=True)
        self.thread.start()

    def _main(self, script):
        try:
            script(self)
        except BaseException as exc:  # noqa: BLE001 - surfaced in join()
            self.error = exc

    def join(self):
        self.thread.join(10)
        assert not self.thread.is_alive(), "scripted terminal hung"
        if self.error:
            raise self.error

    def _fill(self, timeout=5.0):
        chunk = self.link.read(4096, timeout)
        if not chunk:
            raise AssertionError("terminal peer waited in vain")
        self.buf += chunk

    def byte(self) -> int:
        while not self.buf:
            self._fill()
        b = self.buf[0]
        del self.buf[:1]
        return b

    def expect_apdu(self, ack: bool = True) -> bytes:
        """Next APDU from the ECR; on serial, answer the link ACK (or not)."""
        while True:
            if self.tcp:
                n, apdu = decode_tcp(self.buf)
            else:
                n, frame = decode_frame(self.buf)
                apdu = frame.apdu if frame else None
            del self.buf[:n]
            if apdu is not None:
                self.received.append(apdu)
                if ack and not self.tcp:
                    self.link.write(b"\x06")
                return apdu
            self._fill()

    def send(self, apdu: bytes, *, corrupt: bool = False, expect_ack: bool = True) -> int | None:
        if self.tcp:
            self.link.write(apdu)
            return None
        frame = bytearray(encode_frame(apdu))
        if corrupt:
            frame[-1] ^= 0xFF
        self.link.write(bytes(frame))
        return self.byte() if expect_ack else None

    def converse(self, *apdus: bytes) -> None:
        """Send terminal messages, each followed by the ECR's 80 00 00."""
        for apdu in apdus:
            assert self.send(apdu) in (None, 0x06)
            assert self.expect_apdu() == b"\x80\x00\x00"
