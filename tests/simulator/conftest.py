"""Helpers for talking to the simulator like the tool does: pyserial on the real pty or socket."""

from __future__ import annotations

import os
import threading

import pytest
import serial

from pos_doctor.errors import LinkClosed


class SerialLink:
    """The minimal Link surface ZvtClient needs, over pyserial (pty path or socket:// URL)."""

    def __init__(self, port: str):
        self.port = port
        self.is_tcp = port.startswith("socket://")
        self.s = serial.serial_for_url(port, baudrate=9600, timeout=0)

    def write(self, data: bytes) -> None:
        try:
            self.s.write(data)
        except (OSError, serial.SerialException) as exc:
            raise LinkClosed(f"{self.port} went away: {exc}") from exc

    def read(self, n: int, timeout: float) -> bytes:
        try:
            self.s.timeout = timeout
            first = self.s.read(1)
            if not first:
                return b""
            self.s.timeout = 0
            return first + self.s.read(min(self.s.in_waiting, n - 1)) if n > 1 else first
        except (OSError, serial.SerialException) as exc:
            raise LinkClosed(f"{self.port} went away: {exc}") from exc

    def reset_input(self) -> None:
        self.s.reset_input_buffer()

    def close(self) -> None:
        self.s.close()


@pytest.fixture
def open_serial():
    opened = []

    def _open(port: str) -> SerialLink:
        link = SerialLink(port)
        opened.append(link)
        return link

    yield _open
    for link in opened:
        link.close()


def _fds() -> set[str]:
    try:
        return set(os.listdir("/proc/self/fd"))
    except FileNotFoundError:
        return set()


@pytest.fixture(autouse=True)
def no_leaks():
    """Every simulator thread and fd must be gone when a test ends."""
    before_fds = _fds()
    yield
    threads = [t.name for t in threading.enumerate() if t.name.startswith("pos-sim-")]
    assert threads == [], f"simulator threads left running: {threads}"
    leaked = _fds() - before_fds
    assert leaked == set(), f"file descriptors leaked: {leaked}"
