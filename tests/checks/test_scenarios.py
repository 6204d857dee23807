"""Every shipped simulator scenario: the expected status of every device check, through the real pty link.

The scenarios are checked once per session, concurrently (each its own simulator and session), by the
`scenario_reports` fixture in tests/conftest.py; the robustness matrix reads the same reports.
"""

import json
import os
import subprocess
import sys

import pytest

from pos_doctor import simulator as sim

IDS = ["link.terminal", "link.printer", "terminal.status", "terminal.clock", "terminal.journal", "software.terminal",
       "network.terminal", "printer.receipt", "printer.terminal", "power.terminal"]
HEALTHY = dict.fromkeys(IDS, "ok")
DEAD = {"link.terminal": "critical", "terminal.status": "skipped", "terminal.clock": "skipped", "terminal.journal": "skipped",
        "software.terminal": "skipped", "network.terminal": "skipped", "printer.terminal": "skipped", "power.terminal": "warning"}
EXPECTED = {  # scenario -> the checks that differ from healthy
    "healthy": {}, "dropped-transaction": {}, "last-declined": {}, "slow": {"link.terminal": "warning"},
    "busy-updating": {"terminal.status": "warning", "software.terminal": "warning"},
    "clock-wrong": {"terminal.status": "warning", "terminal.clock": "critical"},
    "corrupted-crc": {"link.terminal": "warning"},
    "no-ack": {"link.terminal": "warning"},
    "cover-open": {"printer.receipt": "critical"},
    "cutter-error": {"printer.receipt": "critical"},
    "paper-near-end": {"printer.receipt": "warning"},
    "paper-out": {"printer.receipt": "critical"},
    "printer-overheat": {"printer.receipt": "warning"},
    "printer-offline": {"link.printer": "critical", "printer.receipt": "skipped"},
    "dead-terminal": DEAD, "unplugged": DEAD,
    "host-unreachable": {"network.terminal": "critical"},
    "init-required": {"terminal.status": "critical"},
    "journal-full": {"terminal.status": "warning", "terminal.journal": "critical"},
    "reconciliation-required": {"terminal.status": "warning", "terminal.journal": "warning"},
    "low-voltage": {"terminal.status": "warning", "power.terminal": "critical"},
    "outdated-software": {"software.terminal": "warning"},
    "terminal-printer-not-ready": {"terminal.status": "warning", "printer.terminal": "warning"},
    "zvt-disabled": {"terminal.status": "critical", "software.terminal": "critical", "network.terminal": "skipped",
                     "terminal.clock": "skipped", "terminal.journal": "skipped", "printer.terminal": "skipped"},
}


def shipped():
    return sorted(name for name, _ in sim.list_scenarios())


def test_table_covers_every_shipped_scenario():
    assert set(EXPECTED) == set(shipped())


def test_every_scenario_every_check(scenario_reports):
    wrong = {}
    for name in sorted(EXPECTED):
        rep, _ = scenario_reports[name]
        got = {c.id: c.status for c in rep.checks if c.id in IDS}
        want = {**HEALTHY, **EXPECTED[name]}
        if got != want:
            wrong[name] = {k: (got.get(k), want[k]) for k in IDS if got.get(k) != want[k]}
        assert rep.target["simulated"] is True and rep.target["scenario"] == name
    assert wrong == {}, wrong


def test_simulate_outdated_software_subprocess(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path), POS_DOCTOR_LANG="en")
    p = subprocess.run([sys.executable, "-m", "pos_doctor", "check", "--simulate", "outdated-software", "--json", "--timeout", "6"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    doc = json.loads(p.stdout)
    sw = {c["id"]: c for c in doc["checks"]}["software.terminal"]
    assert (sw["status"], sw["playbook"], sw["observed"]) == ("warning", "terminal-software", "1.9.0")
    assert doc["target"]["scenario"] == "outdated-software" and doc["target"]["software_version"] == "1.9.0"
    assert "terminal-software" in doc["playbooks"]
