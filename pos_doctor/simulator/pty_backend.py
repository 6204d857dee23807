"""Virtual serial ports on POSIX: a pty pair per device. Imported only for link="pty" (never on Windows)."""

from __future__ import annotations

import os
import select
import threading
import tty

from .endpoints import Pacer


class PtyEndpoint:
    def __init__(self, pacer: Pacer):
        self.master, self.slave = os.openpty()
        # raw at once: no echo and no line discipline rewriting CR/LF before the client configures the port
        tty.setraw(self.slave)
        self.port = os.ttyname(self.slave)
        self.pacer = pacer
        self.closed = False
        self._lock = threading.Lock()
        # stopping wakes a read at once instead of leaving it to its poll timeout
        self._wake_r, self._wake_w = os.pipe()

    def read(self, timeout: float) -> bytes:
        if self.closed:
            raise EOFError()
        ready, _, _ = select.select([self.master, self._wake_r], [], [], timeout)
        if not ready:
            return b""
        if self._wake_r in ready:
            raise EOFError()
        try:
            data = os.read(self.master, 4096)
        except OSError:
            # no peer has the slave open right now (Linux reports EIO); wait instead of spinning
            threading.Event().wait(timeout)
            return b""
        return self.pacer.received(data)

    def write(self, data: bytes) -> None:
        self.pacer.paced(data, self._write_all)

    def _write_all(self, data: bytes) -> None:
        if self.closed:
            raise EOFError()
        view = memoryview(data)
        while view:
            n = os.write(self.master, view)
            view = view[n:]

    def unplug(self) -> None:
        """The cable is pulled: the client's next read/write fails (EIO)."""
        self.close()

    def wake(self) -> None:
        """Make a blocked read return (as if the line were gone); the owner joins the thread, then closes."""
        with self._lock:
            if not self.closed:
                os.write(self._wake_w, b"x")

    def close(self) -> None:
        with self._lock:
            if self.closed:
                return
            self.closed = True
            for fd in (self.master, self.slave, self._wake_r, self._wake_w):
                try:
                    os.close(fd)
                except OSError:
                    pass

    def run(self, serve, stop: threading.Event) -> None:
        while not stop.is_set() and not self.closed:
            try:
                serve(self)
            except (OSError, EOFError):
                return
