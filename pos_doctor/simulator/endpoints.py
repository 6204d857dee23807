"""Transport-neutral pieces of the endpoints: line pacing and the TCP endpoint (works on every OS)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Protocol


class Endpoint(Protocol):
    """A device's end of its line (a pty, one TCP connection, the USB pipe): the device reads and writes here."""

    def read(self, timeout: float) -> bytes: ...

    def write(self, data: bytes) -> None: ...

    def unplug(self) -> None: ...


class Unconnected:
    """The endpoint of a device that nobody has connected to yet: nothing comes, nothing can be sent."""

    def read(self, timeout: float) -> bytes:
        raise OSError("no peer connected")

    def write(self, data: bytes) -> None:
        raise OSError("no peer connected")

    def unplug(self) -> None:
        pass


class Pacer:
    """Holds bytes to the speed of a real serial line (8 data bits, parity, stop bits), in both directions, and
    counts them: the line time of the bytes on the wire is the floor no client can beat.

    One clock, `busy_until`, for the line and the device behind it: bytes received, the device's processing time
    (`hold`) and bytes sent each take their time after whatever came before. The device's thread sleeps only where a
    byte must wait to leave, once for all that came before it, not once per step: each sleep is a wake-up that waits
    for a core on a busy machine, and the time a real line takes is the same either way."""

    CHUNK = 16

    def __init__(self, baud: int | None, bits_per_byte: int = 10, stop: threading.Event | None = None):
        self.byte_time = bits_per_byte / baud if baud else 0.0
        self.stop = stop or threading.Event()
        self.bytes_in = 0   # client -> device
        self.bytes_out = 0  # device -> client
        self.busy_until = 0.0  # time.monotonic() at which the line and the device are free for the next byte out

    def _take(self, seconds: float) -> None:
        self.busy_until = max(time.monotonic(), self.busy_until) + seconds

    def received(self, data: bytes) -> bytes:
        """The device has a frame only once its last byte has crossed the line (a pty or socket delivers at once):
        its answer leaves no earlier than that line time after the bytes were read."""
        self.bytes_in += len(data)
        if data and self.byte_time:
            self._take(len(data) * self.byte_time)
        return data

    def hold(self, seconds: float) -> None:
        """The device works this long before its next byte leaves (a processing delay)."""
        if seconds > 0:
            self._take(seconds)

    def paced(self, data: bytes, send) -> None:
        self.bytes_out += len(data)
        start = max(time.monotonic(), self.busy_until)
        if not self.byte_time:  # no line to pace (ZVT over TCP, USB): the whole message once the device is done
            if start > time.monotonic() and self.stop.wait(start - time.monotonic()):
                raise EOFError()
            send(data)
            return
        for i in range(0, len(data), self.CHUNK):
            chunk = data[i:i + self.CHUNK]
            # the bytes are on the wire only after their transmission time, counted from the message's first byte:
            # a wait that overshoots (the scheduler's) is not added again to every later chunk, as a UART does not
            if self.stop.wait(max(0.0, start + (i + len(chunk)) * self.byte_time - time.monotonic())):
                raise EOFError()
            send(chunk)
        self.busy_until = start + len(data) * self.byte_time


def hold(ep, seconds: float, stop: threading.Event) -> bool:
    """A device's processing delay on endpoint `ep`: taken by its pacer before the next byte out, or slept here
    where the endpoint has none. True when the simulator is stopping."""
    pacer = getattr(ep, "pacer", None)
    if pacer is None:
        return stop.wait(seconds)
    pacer.hold(seconds)
    return stop.is_set()


class TcpEndpoint:
    """One accepted connection, as an endpoint for a device."""

    def __init__(self, conn: socket.socket, pacer: Pacer):
        self.conn, self.pacer = conn, pacer
        conn.settimeout(None)

    def read(self, timeout: float) -> bytes:
        self.conn.settimeout(max(timeout, 0.001))
        try:
            data = self.conn.recv(4096)
        except socket.timeout:
            return b""
        if not data:
            raise EOFError()
        return self.pacer.received(data)

    def write(self, data: bytes) -> None:
        self.pacer.paced(data, self.conn.sendall)

    def unplug(self) -> None:
        try:
            self.conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.conn.close()

    def close(self) -> None:
        self.conn.close()


class TcpServer:
    """A listening socket on 127.0.0.1 serving one peer at a time to `serve(endpoint)`.

    switched_off: the address is held (bound) but nothing listens, as a network printer that is switched off: the
    connect is refused (on loopback; on a LAN it would time out), it is never accepted and then left silent."""

    def __init__(self, serve, pacer: Pacer, stop: threading.Event, *, switched_off: bool = False):
        self.serve, self.pacer, self.stop = serve, pacer, stop
        self.switched_off = switched_off
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        if not switched_off:
            self.sock.listen(1)
        self.sock.settimeout(0.1)
        self.port = f"socket://127.0.0.1:{self.sock.getsockname()[1]}"
        self.unplugged = False
        self.current: TcpEndpoint | None = None

    def run(self) -> None:
        if self.switched_off:
            self.stop.wait()
            return
        while not self.stop.is_set() and not self.unplugged:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            ep = self.current = TcpEndpoint(conn, self.pacer)
            try:
                self.serve(ep)
            except (OSError, EOFError):
                pass  # the peer went away; wait for the next one
            finally:
                ep.close()

    def wake(self) -> None:
        """Make a blocked accept or recv return at once; the owner joins the thread, then closes."""
        for sock in (self.current.conn if self.current else None, self.sock):
            try:
                if sock is not None:
                    sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self.sock.close()
