"""`check --simulate S` in-process, one scenario per process: the worker of tests/conftest.py `scenario_reports`.

A process per session, as the CLI runs: the sessions of a batch do not share one interpreter lock. Eight sessions
(client, checks and both simulated devices each: about 30 threads) in one process of a loaded machine starved a
simulator thread long enough for the client's timers to run out - a terminal that "stopped answering" that no real
terminal would be (a shop's PC runs one session per process).
"""

from __future__ import annotations

import time

# 6 s per command: the status enquiry and the diagnosis of `late-completion` both fit this deadline
SCENARIO_TIMEOUT = {"late-completion": 25}
# the scenarios that wait longest on their timers, handed out first so no worker finishes alone
LONGEST = ("late-completion", "slow", "dead-terminal", "no-terminal-link", "no-ack", "corrupted-crc")


def check_scenario(name: str):
    """(name, (CheckReport, seconds)) of every check against the scenario's simulator, reached over real ptys, with
    the CLI's deadlines."""
    from pos_doctor.checks.runner import CheckOptions
    from pos_doctor.checks.session import open_session

    started = time.monotonic()
    with open_session(CheckOptions(simulate=name, timeout=SCENARIO_TIMEOUT.get(name, 10), check_timeout=5)) as session:
        report = session.run()
    return name, (report, time.monotonic() - started)


def in_order(names):
    """The longest first, then the rest in name order."""
    return sorted(names, key=lambda n: (LONGEST.index(n) if n in LONGEST else len(LONGEST), n))
