"""`socket://HOST:PORT` without pyserial: a plain TCP connection given the face of a pyserial port, as
link/chardev.py and link/usb.py give theirs, so `Link` serves it with the same deadlines and stale-input flush.

Why not pyserial's socket handler: opening through it imports `serial`, its URL handler and `logging` (about 10 ms of
CPU per process, more than the whole ZVT status enquiry; issue 27), and closing it sleeps 0.3 s. A URL this module
does not take (options after `?`, a user name, a path: addresses.tcp_address) still goes to pyserial, as before.
Failures are the socket's own OSErrors, which `open_link` and `Link` map as they map pyserial's: connection
refused, host unreachable, a name that does not resolve or no answer within `connect_timeout` -> LinkError "cannot
connect"; the far end closing or resetting the connection -> LinkClosed.
"""

from __future__ import annotations

import errno
import select
import socket
import time

WRITE_TIMEOUT = 2.0  # as open_link gives pyserial's ports


class TcpPipe:
    """One TCP connection. `read(n)` waits up to `timeout` seconds for the first byte (0: only what is there) and
    returns what has arrived, at most n bytes; b"" when nothing came. A closed connection raises OSError."""

    READS_WHAT_ARRIVED = True  # Link asks for all it wants at once (a pyserial port's read(n) waits for all n)

    def __init__(self, sock: socket.socket, write_timeout: float = WRITE_TIMEOUT):
        self._sock = sock
        sock.setblocking(False)
        self.timeout: float = 0
        self.write_timeout = write_timeout

    def fileno(self) -> int:
        return self._sock.fileno()

    def read(self, n: int = 1) -> bytes:
        ready, _, _ = select.select([self._sock], [], [], self.timeout or 0)
        if not ready:
            return b""
        try:
            data = self._sock.recv(n)
        except (BlockingIOError, InterruptedError):
            return b""
        if not data:
            raise OSError(errno.ECONNRESET, "the other end closed the connection")
        return data

    def write(self, data: bytes) -> int:
        view, deadline = memoryview(bytes(data)), time.monotonic() + self.write_timeout
        while view:
            try:
                view = view[self._sock.send(view):]
                continue
            except (BlockingIOError, InterruptedError):
                pass
            left = deadline - time.monotonic()
            if left <= 0:
                raise OSError(errno.ETIMEDOUT, f"the device took no data for {self.write_timeout:.0f} s")
            select.select([], [self._sock], [], left)
        return len(data)

    def flush(self) -> None:
        pass  # send() hands every byte to the kernel

    def close(self) -> None:
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # already reset by the other end
            pass
        self._sock.close()


def connect(host: str, port: int, timeout: float) -> TcpPipe:
    """Raises OSError (ConnectionRefusedError, TimeoutError, socket.gaierror, ...) when no connection is made."""
    # an ASCII name goes to getaddrinfo as bytes: a str is first encoded with the 'idna' codec, whose import
    # (stringprep, unicodedata) costs 2 ms of CPU; a name in another script still takes that way
    name: str | bytes = host.encode("ascii") if host.isascii() else host
    # typeshed types the host as str; create_connection hands it to getaddrinfo, which takes bytes as well
    return TcpPipe(socket.create_connection((name, port), timeout=timeout))  # type: ignore[arg-type]
