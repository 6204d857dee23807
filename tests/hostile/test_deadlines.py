"""Every command ends within its deadline + 0.5 s against every hostile terminal (issue 13, "Runs that never end").

The terminals are real ptys (tests/hostile/terminals.py); the CLI runs as a subprocess, reaching them through the
same port-opening code as hardware. The allowance for the interpreter's start is measured, not guessed.
"""

from __future__ import annotations

import os
import sys
import time

import pytest

from pos_doctor.errors import LinkClosed, LinkTimeout
from pos_doctor.link.port import open_link
from pos_doctor.protocols.zvt.session import ZvtClient, ZvtTimers
from tests.robustness.test_bad_input import cli

from .terminals import BEHAVIOURS, HostileTerminal

pytestmark = [pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys"), pytest.mark.timeout(300)]

TIMEOUT = 3.0


@pytest.fixture(scope="module")
def startup(tmp_path_factory) -> float:
    """What a run costs before it touches a device: the interpreter and the CLI's imports (best of two)."""
    home = tmp_path_factory.mktemp("startup")
    return min(cli(["fix", "--help"], home).seconds for _ in range(2))


COMMANDS = {
    "check": ["check", "--terminal", "PTY", "--timeout", str(TIMEOUT), "--json"],
    "fix": ["fix", "dropped-transaction", "--terminal", "PTY", "--timeout", str(TIMEOUT), "--yes", "--json"],
}


@pytest.mark.parametrize("behaviour", BEHAVIOURS)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_ends_within_its_deadline(command, behaviour, startup, tmp_path):
    with HostileTerminal(behaviour) as term:
        run = cli([a.replace("PTY", term.path) for a in COMMANDS[command]], tmp_path, timeout=60)
    assert run.code is not None, f"never ended\n{run}"
    assert run.code in (1, 2, 3), run  # a hostile terminal is never "all good", and never a crash
    assert "Traceback" not in run.err and "internal error" not in run.err.lower(), run
    assert run.seconds <= TIMEOUT + 0.5 + startup * 1.5, f"{run.seconds:.2f} s (start-up {startup:.2f} s)\n{run}"
    assert term.commands, "the terminal was never asked anything: the test proves nothing"


# --- the client: an overall deadline that intermediate status cannot extend ------------------------------------

T = ZvtTimers(t1=0.2, t2=1.0, t3=0.5, t4=2.0, t4_status=2.0, command=60)


@pytest.mark.parametrize("behaviour", ["chatty", "acks-only", "flood", "late"])
def test_client_honours_the_callers_deadline(behaviour):
    with HostileTerminal(behaviour) as term, open_link(term.path) as link:
        client = ZvtClient(link, timers=T)
        t0 = time.monotonic()
        with pytest.raises(LinkTimeout) as exc:
            client.repeat_receipt(deadline=t0 + 1.5)
        took = time.monotonic() - t0
    assert took < 1.5 + 0.3, took
    if behaviour == "chatty":  # each 04 FF restarted T4 (2 s); only the caller's deadline ended it
        assert exc.value.timer == "command deadline"


def test_client_command_cap_without_a_deadline():
    with HostileTerminal("chatty") as term, open_link(term.path) as link:
        client = ZvtClient(link, timers=ZvtTimers(t4=2.0, t4_status=2.0, command=1.2))
        t0 = time.monotonic()
        with pytest.raises(LinkTimeout) as exc:
            client.diagnosis()
        assert time.monotonic() - t0 < 1.2 + 0.3 and exc.value.timer == "command deadline"


def test_vanishing_terminal_is_link_closed():
    with HostileTerminal("vanish") as term, open_link(term.path) as link:
        client = ZvtClient(link, timers=T)
        t0 = time.monotonic()
        with pytest.raises(LinkClosed) as exc:  # the port went away: not a timer that ran out
            client.status_enquiry(deadline=t0 + 2)
        assert time.monotonic() - t0 < 2.3
    assert term.path in str(exc.value) and "went away" in str(exc.value)


def test_status_ok_terminal_completes():  # the control: the fixture speaks correct ZVT
    with HostileTerminal("status-ok") as term, open_link(term.path) as link:
        res = ZvtClient(link, timers=T).status_enquiry(deadline=time.monotonic() + 3)
    assert res.outcome == "completed" and res.software_version == "1.0" and res.terminal_status == 0
