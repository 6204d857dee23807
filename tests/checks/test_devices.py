"""Terminal/printer checks decide from what the device answered.

Until the simulator lands, a scripted client returning real CommandResult objects stands in for the terminal
(the only stand-in: hardware is absent); the subprocess tests run the same checks through real ptys.
"""

from datetime import datetime, timedelta

import pytest

from pos_doctor.checks.runner import CheckContext, CheckOptions, run_checks
from pos_doctor.errors import LinkTimeout
from pos_doctor.protocols.zvt.session import CommandResult

TERMINAL_IDS = ["link.terminal", "terminal.status", "terminal.clock", "terminal.journal", "software.terminal",
                "network.terminal", "printer.terminal", "power.terminal"]


class Scripted:
    def __init__(self, status=None, diag=None, raises=None):
        self._status, self._diag, self._raises = status, diag, raises
        self.calls = []

    def status_enquiry(self, *, deadline=None):
        self.calls.append("status")
        if self._raises:
            raise self._raises
        return self._status

    def diagnosis(self, kind=None, *, deadline=None):
        self.calls.append("diagnosis")
        return self._diag


def run(client, **opts):
    o = CheckOptions(terminal="/dev/fake", **opts)
    return run_checks(CheckContext(o, resources={"zvt": client}), only=TERMINAL_IDS).by_id()


def sr(code=0, version="2.4.1", **kw):
    return CommandResult("status_enquiry", "completed", result_code=0, terminal_status=code, software_version=version,
                         device=None, **kw)


def statuses(res):
    return {k: (v.status, v.playbook) for k, v in res.items()}


def test_ready_terminal_one_status_enquiry_one_diagnosis():
    c = Scripted(sr(terminal_time=datetime.now()), CommandResult("diagnosis", "completed", result_code=0))
    res = run(c)
    assert all(v.status == "ok" for v in res.values()), statuses(res)
    assert sorted(c.calls) == ["diagnosis", "status"]


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
def test_status_bytes(code, check, status, playbook):
    res = run(Scripted(sr(code), CommandResult("diagnosis", "completed", result_code=0)), no_host_contact=True)
    assert (res[check].status, res[check].playbook) == (status, playbook)


def test_clock_drift_and_zvt_disabled():
    res = run(Scripted(sr(terminal_time=datetime.now() + timedelta(hours=1))), no_host_contact=True)
    assert (res["terminal.clock"].status, res["terminal.clock"].playbook) == ("critical", "terminal-clock")
    off = CommandResult("status_enquiry", "refused", result_code=0x83)
    res = run(Scripted(off), no_host_contact=True)
    assert (res["terminal.status"].playbook, res["software.terminal"].playbook) == ("zvt-disabled", "zvt-disabled")


def test_outdated_and_bad_versions_from_policy(tmp_path):
    from pos_doctor.protocols.zvt import messages

    f = tmp_path / "p.yaml"
    f.write_text('format: 1\nmodels:\n  M1:\n    minimum: "2.0"\n    bad:\n      - version: "2.1"\n        note: loses host\n', encoding="utf-8")
    for ver, want in (("1.9.0", "warning"), ("2.1", "critical"), ("2.10", "ok")):
        dev = messages.DeviceInfo(name="M1", software_version=ver)
        r = CommandResult("status_enquiry", "completed", terminal_status=0, software_version=ver, device=dev)
        assert run(Scripted(r), no_host_contact=True, policy=str(f))["software.terminal"].status == want, ver


def test_silent_terminal():
    res = run(Scripted(raises=LinkTimeout("no answer", timer="T3 ack")), no_host_contact=True)
    assert (res["link.terminal"].status, res["link.terminal"].playbook) == ("critical", "terminal-not-answering")
    assert (res["power.terminal"].status, res["power.terminal"].playbook) == ("warning", "terminal-power")
    assert res["terminal.status"].status == "skipped"
