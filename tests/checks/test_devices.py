"""Terminal/printer checks decide from what the device answered: the simulated terminal, reached through the
product's own ports (open_link on its pty), answering one status byte, clock, version or silence at a time."""

import pytest
import yaml

from pos_doctor.checks.runner import CheckOptions
from pos_doctor.checks.session import open_session
from pos_doctor.simulator import Simulator

TERMINAL_IDS = ["link.terminal", "terminal.status", "terminal.clock", "terminal.journal", "software.terminal",
                "network.terminal", "printer.terminal", "power.terminal"]


def run(tmp_path, terminal: dict, **opts):
    """The terminal checks against a simulated terminal set up by `terminal`; (results by id, commands it got)."""
    path = tmp_path / "terminal.yaml"
    path.write_text(yaml.safe_dump({"spec": 1, "name": "terminal", "description": {"en": "t", "zh": "t"},
                                    "terminal": terminal}), encoding="utf-8")
    logged: list[str] = []
    with Simulator(str(path), log=logged.append) as sim:
        options = CheckOptions(terminal=sim.terminal_port, terminal_transport=sim.terminal_transport, timeout=10,
                               check_timeout=5, **opts)
        with open_session(options) as session:
            report = session.run(only=TERMINAL_IDS)
    return report.by_id(), [line.split("command ")[1] for line in logged if line.startswith("terminal: command ")]


def statuses(res):
    return {k: (v.status, v.playbook) for k, v in res.items()}


def test_ready_terminal_one_status_enquiry_one_diagnosis(tmp_path):
    res, commands = run(tmp_path, {})
    assert all(v.status == "ok" for v in res.values()), statuses(res)
    assert sorted(commands) == ["05 01", "06 70"]  # Status Enquiry and Diagnosis, each once for all eight checks


@pytest.mark.parametrize("code,check,status,playbook", [
    (0x51, "terminal.status", "critical", "terminal-service"),
    (0xDF, "terminal.status", "critical", "terminal-service"),
    (0x62, "terminal.clock", "critical", "terminal-clock"),
    (0xF0, "terminal.journal", "warning", "terminal-journal"),
    (0xFA, "terminal.journal", "warning", "terminal-journal"),
    (0x9C, "software.terminal", "warning", "terminal-software"),
    (0xCC, "printer.terminal", "warning", "printer-paper"),
    (0xBF, "power.terminal", "critical", "terminal-power"),
])
def test_status_bytes(tmp_path, code, check, status, playbook):
    res, commands = run(tmp_path, {"status": code}, no_host_contact=True)
    assert (res[check].status, res[check].playbook) == (status, playbook)
    assert commands == ["05 01"]  # no host contact: no diagnosis


def test_clock_drift_and_zvt_disabled(tmp_path):
    res, _ = run(tmp_path, {"clock_offset_days": 1}, no_host_contact=True)
    assert (res["terminal.clock"].status, res["terminal.clock"].playbook) == ("critical", "terminal-clock")
    res, _ = run(tmp_path, {"refuse_all": 0x83}, no_host_contact=True)
    assert (res["terminal.status"].playbook, res["software.terminal"].playbook) == ("zvt-disabled", "zvt-disabled")


def test_outdated_and_bad_versions_from_policy(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text('format: 1\nmodels:\n  M1:\n    minimum: "2.0"\n    bad:\n      - version: "2.1"\n        note: loses host\n', encoding="utf-8")
    for ver, want in (("1.9.0", "warning"), ("2.1", "critical"), ("2.10", "ok")):
        res, _ = run(tmp_path, {"model": "M1", "software_version": ver}, no_host_contact=True, policy=str(f))
        assert res["software.terminal"].status == want, ver


def test_silent_terminal(tmp_path):
    res, commands = run(tmp_path, {"dead": True}, no_host_contact=True)
    assert (res["link.terminal"].status, res["link.terminal"].playbook) == ("critical", "terminal-not-answering")
    assert (res["power.terminal"].status, res["power.terminal"].playbook) == ("warning", "terminal-power")
    assert res["terminal.status"].status == "skipped"
    assert commands == []  # the line took the frame; the terminal never handled a command
