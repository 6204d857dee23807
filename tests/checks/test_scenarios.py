"""Every shipped simulator scenario: the expected status of every device check, through the real pty link.

The scenarios are checked once per session, concurrently (each its own simulator and session), by the
`scenario_reports` fixture in tests/conftest.py; the robustness matrix reads the same reports.
"""

import json
import os
import subprocess
import sys


from pos_doctor import simulator as sim
from pos_doctor.checks.registry import all_checks

IDS = ["link.terminal", "link.printer", "terminal.status", "terminal.clock", "terminal.journal", "software.terminal",
       "network.terminal", "printer.receipt", "printer.terminal", "power.terminal"]
HEALTHY = dict.fromkeys(IDS, "ok")
DEAD = {"link.terminal": "critical", "terminal.status": "skipped", "terminal.clock": "skipped", "terminal.journal": "skipped",
        "software.terminal": "skipped", "network.terminal": "skipped", "printer.terminal": "skipped", "power.terminal": "warning"}
SKIP = "skipped"
EXPECTED = {  # scenario -> the checks that differ from healthy
    "healthy": {}, "dropped-transaction": {}, "last-declined": {}, "slow": {"link.terminal": "warning"},
    "late-completion": {"link.terminal": "warning"},
    # one fault, one finding: terminal.status points to the family check that reports the status byte
    "busy-updating": {"terminal.status": SKIP, "software.terminal": "warning"},
    "clock-wrong": {"terminal.status": SKIP, "terminal.clock": "critical"},
    "corrupted-crc": {"link.terminal": "warning"},
    "no-ack": {"link.terminal": "warning"},
    "cover-open": {"printer.receipt": "critical"},
    "cutter-error": {"printer.receipt": "critical"},
    # the payment journals are not device faults: every check is ok (the verdict is the playbook's business)
    "retry-after-dropped": {}, "double-charge": {}, "declined-reversal-pending": {}, "status-result-only": {},
    "no-period-list": {}, "double-charge-two-cards": {}, "debit-no-attempt": {}, "declined-then-approved": {},
    "sources-disagree": {}, "result-wording": {},
    "paper-near-end": {"printer.receipt": "warning"},
    "paper-out": {"printer.receipt": "critical"},
    "printer-overheat": {"printer.receipt": "warning"},
    "printer-offline": {"printer.receipt": "critical"},           # answers, with the offline bit set
    "printer-off": {"link.printer": "critical", "printer.receipt": SKIP},  # answers nothing
    "dead-terminal": DEAD, "unplugged": DEAD, "no-terminal-link": DEAD,
    "host-unreachable": {"network.terminal": "critical"},
    "init-required": {"terminal.status": "critical"},
    "journal-full": {"terminal.status": SKIP, "terminal.journal": "critical"},
    "reconciliation-required": {"terminal.status": SKIP, "terminal.journal": "warning"},
    "low-voltage": {"terminal.status": SKIP, "power.terminal": "critical"},
    "outdated-software": {"software.terminal": "warning"},
    "terminal-printer-not-ready": {"terminal.status": SKIP, "printer.terminal": "warning"},
    "zvt-disabled": {"terminal.status": "critical", "software.terminal": SKIP, "network.terminal": SKIP,
                     "terminal.clock": SKIP, "terminal.journal": SKIP, "printer.terminal": SKIP},
    # 06 0F 00: no status byte, no version, no clock - nothing may read as "ready"
    "no-status-byte": {"terminal.status": "unknown", "terminal.journal": SKIP, "printer.terminal": SKIP,
                       "terminal.clock": SKIP, "software.terminal": "unknown"},
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
        # no other finding: every check that is not ok is one the table expects, and a skipped check either had
        # nothing to look at or points to the check that reports the fault ("see ...") - which itself ran
        titles = {s.id: s.title.en for s in all_checks()}
        for c in rep.checks:
            if c.status == "skipped" and "see “" in c.message.en:
                target = c.message.en.rsplit("see “", 1)[1].rstrip("”")
                pointed = [cid for cid, t in titles.items() if t == target]
                assert pointed and pointed[0] in got, (name, c.id, c.message.en)
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
