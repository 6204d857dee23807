"""Talking to the simulator exactly as the tool does: the product's `open_link` on the pty path or socket:// URL."""

from __future__ import annotations

import os
import threading

import pytest

from pos_doctor.link import open_link


@pytest.fixture
def open_port():
    """open_port(port) -> the product's Link to it, closed when the test ends."""
    opened = []

    def _open(port: str):
        link = open_link(port, name="terminal")
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
