"""A monitoring run while the till application holds the terminal's port: "busy" (unknown, exit 3), never "dead"."""

from __future__ import annotations

import fcntl
import os
import re

import pytest

from .conftest import run


@pytest.mark.skipif(os.name != "posix", reason="ptys and flock")
def test_a_held_port_is_busy_not_dead(tmp_path):
    master, slave = os.openpty()
    path = os.ttyname(slave)
    holder = os.open(path, os.O_RDWR | os.O_NOCTTY)
    fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a till application holding the port does (as pyserial's exclusive)
    try:
        p = run(tmp_path, "check", "--terminal", path, "--only", "link.terminal", "--format", "prometheus", "--timeout", "5")
        n = run(tmp_path, "check", "--terminal", path, "--only", "link.terminal", "--format", "nagios", "--timeout", "5")
    finally:
        os.close(holder)
        os.close(slave)
        os.close(master)
    assert p.returncode == 3, p.stdout + p.stderr
    assert re.search(r'^pos_doctor_check_status\{check="link.terminal",category="link",cause="busy",playbook="terminal-not-answering"\} 3$',
                     p.stdout, re.M), p.stdout
    assert 'pos_doctor_run_success{reason="unknown_check"} 0' in p.stdout
    assert n.returncode == 3 and n.stdout.startswith("POS-DOCTOR UNKNOWN - link.terminal: port ") and "in use by" in n.stdout
    assert "CRITICAL" not in n.stdout
