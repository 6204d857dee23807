"""Every command ends within its deadline against every hostile terminal (issue 13, "Runs that never end"), and
says which way it ended.

The terminals are real ptys (tests/hostile/terminals.py); the CLI runs as a subprocess, reaching them through the
same port-opening code as hardware. What is judged is what the run reports - its own duration against its deadline,
the verdict and words of each check, which client timer fired - not the wall clock of a shared machine; one
real-time smoke case per command keeps a generous margin.
"""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from pos_doctor.errors import LinkClosed, LinkTimeout
from pos_doctor.link.port import open_link
from pos_doctor.protocols.zvt.session import ZvtClient, ZvtTimers
from tests.robustness.test_bad_input import cli

from .terminals import BEHAVIOURS, HostileTerminal

pytestmark = [pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys"), pytest.mark.timeout(300)]

TIMEOUT = 3.0
SLACK_MS = 500  # the promise: a run ends within its deadline + 0.5 s, by its own clock


@pytest.fixture(scope="module")
def startup(tmp_path_factory) -> float:
    """What a run costs before it touches a device: the interpreter and the CLI's imports (best of two)."""
    home = tmp_path_factory.mktemp("startup")
    return min(cli(["fix", "--help"], home).seconds for _ in range(2))


COMMANDS = {
    "check": ["check", "--terminal", "PTY", "--timeout", str(TIMEOUT), "--json"],
    "fix": ["fix", "dropped-transaction", "--terminal", "PTY", "--timeout", str(TIMEOUT), "--yes", "--json"],
}
DEADLINE = "run deadline reached (3 s): "
ACKED = DEADLINE + "the frame was acknowledged on the line, but no answer to the command came"
NO_STATUS = ("skipped", "no status received; see “Terminal connection”")
# behaviour -> `check`'s exit code, then (status, the words' start) of link.terminal and terminal.status
CHECK = {
    "chatty": (3, ("unknown", DEADLINE + "the check had not finished"), ("unknown", DEADLINE + "the check had not finished")),
    "status-ok": (3, ("ok", "terminal answers on "), ("ok", "Ready.")),
    "silent": (2, ("critical", "terminal does not answer"), NO_STATUS),
    "acks-only": (3, ("unknown", ACKED), NO_STATUS),
    "flood": (3, ("unknown", ACKED), NO_STATUS),
    "half": (2, ("critical", "terminal is on but stuck: the terminal stopped in the middle of a message"), NO_STATUS),
    "late": (3, ("unknown", ACKED), NO_STATUS),
    "bare": (3, ("ok", "terminal answers on "), ("unknown", "terminal did not report its status")),
    "vanish": (2, ("critical", "terminal does not answer"), NO_STATUS),
}


def _document(run) -> dict:
    assert run.code is not None, f"never ended\n{run}"
    assert "Traceback" not in run.err and "internal error" not in run.err.lower(), run
    return json.loads(run.out)


def _rows(doc: dict) -> dict[str, tuple[str, str]]:
    return {c["id"]: (c["status"], c["message"]["en"]) for c in doc["checks"]}


def _run(command: str, behaviour: str, home):
    with HostileTerminal(behaviour) as term:
        run = cli([a.replace("PTY", term.path) for a in COMMANDS[command]], home, timeout=60)
    assert term.commands, "the terminal was never asked anything: the test proves nothing"
    return run


@pytest.mark.parametrize("behaviour", BEHAVIOURS)
def test_check_ends_within_its_deadline_and_says_why(behaviour, tmp_path):
    run = _run("check", behaviour, tmp_path)
    doc = _document(run)
    code, link, status = CHECK[behaviour]
    assert (run.code, doc["exit_code"]) == (code, code), run  # a hostile terminal is never "all good"
    rows = _rows(doc)
    for cid, (want, words) in (("link.terminal", link), ("terminal.status", status)):
        assert rows[cid][0] == want and rows[cid][1].startswith(words), (cid, rows[cid], run)
    # the run's own clock: the whole run, and every check in it, within the deadline + 0.5 s
    assert doc["timing"]["duration_ms"] <= TIMEOUT * 1000 + SLACK_MS, doc["timing"]
    assert all(c["duration_ms"] <= TIMEOUT * 1000 + SLACK_MS for c in doc["checks"]), doc["checks"]


@pytest.mark.parametrize("behaviour", BEHAVIOURS)
def test_fix_ends_within_its_deadline_and_says_why(behaviour, tmp_path):
    # --yes cannot answer the customer's evidence: the walk stops there, after checking the devices (exit 3)
    run = _run("fix", behaviour, tmp_path)
    doc = _document(run)
    assert (run.code, doc["outcome"], doc["status"]) == (3, "needs_answers", "unknown"), run
    assert [n["id"] for n in doc["needs_answers"]][:1] == ["card-or-qr"], doc["needs_answers"]
    rows = _rows(doc)
    _, link, status = CHECK[behaviour]
    for cid, (want, words) in (("link.terminal", link), ("terminal.status", status)):
        assert rows[cid][0] == want and rows[cid][1].startswith(words), (cid, rows[cid], run)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_real_time_smoke(command, startup, tmp_path):
    """The one wall-clock case per command, with a margin a loaded machine keeps: a chatty terminal that would hold
    a careless client forever does not hold the command."""
    run = _run(command, "chatty", tmp_path)
    _document(run)
    assert run.seconds <= TIMEOUT + 10 + startup * 3, f"{run.seconds:.2f} s (start-up {startup:.2f} s)\n{run}"


# --- the client: an overall deadline that intermediate status cannot extend ------------------------------------
# Every protocol timer is far longer than the deadline, so only the deadline can end these commands in time: a
# client that ignores it is ended by T2/T4 (named so) or never (a chatty terminal restarts T4 for ever).

LONG = ZvtTimers(t1=0.2, t2=30.0, t3=5.0, t4=30.0, t4_status=30.0, command=120)
# the client's commands that take a deadline; abort and log-off end at the terminal's acknowledgement
DEADLINE_COMMANDS = {
    "status_enquiry": lambda c, d: c.status_enquiry(deadline=d),
    "diagnosis": lambda c, d: c.diagnosis(deadline=d),
    "repeat_receipt": lambda c, d: c.repeat_receipt(deadline=d),
    "print_system_configuration": lambda c, d: c.print_system_configuration(deadline=d),
    "register": lambda c, d: c.register(0x86, deadline=d),
    "send_turnover_totals": lambda c, d: c.send_turnover_totals(deadline=d),
}
ENDS_AT_ACK = {"abort": lambda c, d: c.abort(deadline=d), "log_off": lambda c, d: c.log_off(deadline=d)}


def _call(behaviour: str, command, seconds: float, timers: ZvtTimers = LONG):
    """Run one client command against a hostile terminal; (error or result, when it ended, the deadline,
    intermediate status messages seen, the terminal). Bounded by a thread join, so a client that never ends fails."""
    seen, box = [], {}
    with HostileTerminal(behaviour) as term, open_link(term.path) as link:
        client = ZvtClient(link, timers=timers, on_event=lambda msg: seen.append(type(msg).__name__))

        def go():
            box["deadline"] = time.monotonic() + seconds if seconds else None
            try:
                box["out"] = command(client, box["deadline"])
            except Exception as exc:  # noqa: BLE001 - the error is the observation
                box["out"] = exc
            box["at"] = time.monotonic()

        t = threading.Thread(target=go, daemon=True)
        t.start()
        t.join(60)
        assert not t.is_alive(), f"{behaviour}: the command never ended"
    return box["out"], box["at"], box["deadline"], seen, term


@pytest.mark.parametrize("command", sorted(DEADLINE_COMMANDS))
def test_every_client_command_ends_at_its_deadline_against_a_chatty_terminal(command):
    out, at, deadline, seen, term = _call("chatty", DEADLINE_COMMANDS[command], 2.5)
    assert isinstance(out, LinkTimeout) and out.timer == "command deadline", repr(out)
    assert at >= deadline  # not before it: nothing the terminal did ended the command
    assert "IntermediateStatus" in seen, seen  # the terminal kept talking (04 FF) and that did not extend it
    assert term.commands, "nothing reached the terminal"


@pytest.mark.parametrize("command", sorted(ENDS_AT_ACK))
def test_commands_that_end_at_the_acknowledgement_do_so_against_a_chatty_terminal(command):
    out, at, deadline, seen, _ = _call("chatty", ENDS_AT_ACK[command], 20)
    assert not isinstance(out, Exception), repr(out)
    assert out.outcome == "acknowledged" and at < deadline and seen == []


@pytest.mark.parametrize("behaviour", ["chatty", "acks-only", "flood", "late"])
def test_client_honours_the_callers_deadline(behaviour):
    out, at, deadline, _, _ = _call(behaviour, DEADLINE_COMMANDS["repeat_receipt"], 1.5)
    assert isinstance(out, LinkTimeout) and out.timer == "command deadline", repr(out)
    assert at >= deadline


def test_client_command_cap_without_a_deadline():
    # no caller's deadline: the client's own cap (`command`) ends it, though each 04 FF restarts T4
    out, _, _, seen, _ = _call("chatty", lambda c, d: c.diagnosis(), 0,
                               timers=ZvtTimers(t2=30.0, t4=30.0, t4_status=30.0, command=2.0))
    assert isinstance(out, LinkTimeout) and out.timer == "command deadline", repr(out)
    assert "IntermediateStatus" in seen


def test_vanishing_terminal_is_link_closed():
    out, _, _, _, term = _call("vanish", DEADLINE_COMMANDS["status_enquiry"], 20)
    assert isinstance(out, LinkClosed), repr(out)  # the port went away: not a timer that ran out
    assert term.path in str(out) and "went away" in str(out)


def test_status_ok_terminal_completes():  # the control: the fixture speaks correct ZVT
    out, at, deadline, _, _ = _call("status-ok", DEADLINE_COMMANDS["status_enquiry"], 20)
    assert not isinstance(out, Exception), repr(out)
    assert (out.outcome, out.software_version, out.terminal_status) == ("completed", "1.0", 0) and at < deadline
