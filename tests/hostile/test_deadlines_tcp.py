"""Deadlines against a terminal on TCP that acknowledges and then sends 04 FF ("please wait") forever (issue 26).

Judged by what the run itself reports - `timing.duration_ms` of check, `timing.device_s` / `device_budget_s` of fix
(the time the walk spent on its devices, measured by its own clock) - plus one generous real-time smoke case.
"""

from __future__ import annotations

import json

import pytest

from tests.robustness.test_bad_input import cli

from .tcp_terminals import HostileTcpTerminal

pytestmark = pytest.mark.timeout(300)

SCHEDULING = 0.1  # a thread's wake-up on a loaded 2-core machine: the run's clock may read this much past its deadline

ANSWERS = ("card-or-qr: card\nrecord-customer-amount: 12.50\nrecord-customer-time: \"12:00\"\n"
           "provider-confirms-second: unsure\nfixed-after-restart: no\nfixed-after-network: no\n")


def _fix(term, home, *extra):
    (home / "answers.yaml").write_text(ANSWERS)
    run = cli(["fix", "dropped-transaction", "--terminal", term.address, "--terminal-transport", "tcp", "--yes",
               "--answers", str(home / "answers.yaml"), "--json", *extra], home, timeout=120)
    assert run.code is not None, f"never ended\n{run}"
    assert run.code in (1, 2, 3) and "Traceback" not in run.err, run
    return run, json.loads(run.out)


def test_check_timeout_3_against_endless_intermediate_status(tmp_path):
    with HostileTcpTerminal() as term:
        run = cli(["check", "--terminal", term.address, "--terminal-transport", "tcp", "--timeout", "3", "--json"],
                  tmp_path, timeout=60)
        sent = term.sent_status
    assert run.code in (1, 2, 3) and "Traceback" not in run.err, run
    doc = json.loads(run.out)
    assert doc["timing"]["duration_ms"] <= 3000 + SCHEDULING * 1000, doc["timing"]
    assert sent >= 2, "the terminal never got to send its endless status: the test proves nothing"
    statuses = {c["id"]: c["status"] for c in doc["checks"]}
    assert statuses["terminal.status"] != "ok"


def test_fix_timeout_4_against_endless_intermediate_status(tmp_path):
    with HostileTcpTerminal() as term:
        run, doc = _fix(term, tmp_path, "--timeout", "4")
        assert term.commands, "the terminal was never asked anything"
    timing = doc["timing"]
    assert timing["device_budget_s"] == 4.0
    assert timing["device_s"] <= 4.0 + SCHEDULING, timing
    assert doc["outcome"] != "resolved"
    # the smoke case in real time, generous: start-up, the walk's own screens, a loaded machine
    assert run.seconds < 4.0 + 20, run.seconds


def test_fix_without_timeout_has_a_default_overall_device_budget(tmp_path):
    (tmp_path / "pos-doctor.toml").write_text("[timeouts]\nrun = 2\n")
    with HostileTcpTerminal() as term:
        run, doc = _fix(term, tmp_path)
    timing = doc["timing"]
    assert timing["device_budget_s"] == 3 * 2.0  # three run deadlines (docs/usage.md)
    assert timing["device_s"] <= timing["device_budget_s"] + SCHEDULING, timing


def test_a_walk_out_of_device_time_does_not_touch_the_port_again(tmp_path):
    with HostileTcpTerminal() as term:
        _, doc = _fix(term, tmp_path, "--timeout", "1")
    texts = json.dumps(doc["steps"], ensure_ascii=False)
    assert "device time (1 s) is used up" in texts
