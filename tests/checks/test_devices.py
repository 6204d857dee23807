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
    res = run(Scripted(sr(code, terminal_time=datetime.now()), CommandResult("diagnosis", "completed", result_code=0)),
              no_host_contact=True)
    assert (res[check].status, res[check].playbook) == (status, playbook)
    st = res["terminal.status"]
    assert st.data["status_byte"] == f"{code:02X}"  # the raw byte stays in the machine formats
    if check != "terminal.status":  # one fault, one finding: terminal.status points to the family check
        assert (st.status, st.playbook) == ("skipped", None)
        assert st.message.en.endswith("”") and "see “" in st.message.en and "见“" in st.message.zh
        others = {k: v.status for k, v in res.items() if k not in (check, "terminal.status", "network.terminal")
                  and not (code == 0x62 and k == "terminal.clock")}
        assert set(others.values()) == {"ok"}, others


def test_status_byte_alone_when_the_family_check_is_not_run():
    res = run_checks(CheckContext(CheckOptions(terminal="/dev/fake"), resources={"zvt": Scripted(sr(0xBF))}),
                     only=["terminal.status"]).by_id()
    assert (res["terminal.status"].status, res["terminal.status"].playbook) == ("warning", "terminal-power")


def test_missing_status_byte_is_not_ready():
    res = run(Scripted(sr(None)), no_host_contact=True)
    got = {k: (v.status, v.observed) for k, v in res.items()}
    assert got["terminal.status"] == ("unknown", "completed without a status byte (not reported)")
    assert got["terminal.journal"] == ("skipped", "status not reported")
    assert got["printer.terminal"] == ("skipped", "status not reported")
    assert got["power.terminal"][0] == "ok" and "not reported" in res["power.terminal"].message.en
    assert "见“POS机状态”" in res["terminal.journal"].message.zh


@pytest.mark.parametrize("timer, transport, link, power", [
    ("T3 ack", "serial", "critical", "warning"),            # nothing at all came back: dead, power suspect
    ("T2 first answer", "tcp", "critical", "warning"),      # over TCP there is no line ACK: nothing came back
    ("T2 first answer", "serial", "critical", "ok"),        # the frame got its line ACK: on, but stuck
    ("T4 terminal master", "serial", "critical", "ok"),     # acknowledged, never completed: on, but stuck
    ("T1 inter-byte", "serial", "critical", "ok"),
])
def test_what_came_back_before_the_timer_ran_out(timer, transport, link, power):
    res = run(Scripted(raises=LinkTimeout("no answer", timer=timer)), no_host_contact=True, terminal_transport=transport,
              timeout=60)
    assert (res["link.terminal"].status, res["power.terminal"].status) == (link, power)
    assert ("power" in res["power.terminal"].message.en) and (power == "warning") == ("suspect" in res["power.terminal"].message.en)
    assert timer in res["link.terminal"].observed


def test_clock_drift_and_zvt_disabled():
    res = run(Scripted(sr(terminal_time=datetime.now() + timedelta(hours=1))), no_host_contact=True)
    assert (res["terminal.clock"].status, res["terminal.clock"].playbook) == ("critical", "terminal-clock")
    off = CommandResult("status_enquiry", "refused", result_code=0x83)
    res = run(Scripted(off), no_host_contact=True)
    assert (res["terminal.status"].status, res["terminal.status"].playbook) == ("critical", "zvt-disabled")
    assert res["software.terminal"].status == "skipped" and "Terminal status" in res["software.terminal"].message.en


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


class _Printer:
    def __init__(self, replies):
        from pos_doctor.protocols.escpos.status import decode_status

        self.st = decode_status(replies)

    def status(self):
        return self.st


@pytest.mark.parametrize("b2, cause", [(0x12, "it does not say why"), (0x12 | 0x40, "an error stopped it"),
                                       (0x12 | 0x08, "the feed button is being pressed")])
def test_offline_printer_names_the_cause_its_status_gives(b2, cause):
    o = CheckOptions(printer="/dev/fake")
    ctx = CheckContext(o, resources={"printer": _Printer({1: 0x1A, 2: b2, 3: 0x12, 4: 0x12})})
    res = run_checks(ctx, only=["printer.receipt", "link.printer"]).by_id()
    assert res["link.printer"].status == "ok"  # it answered: not off, not unplugged
    r = res["printer.receipt"]
    assert (r.status, r.message.en) == ("critical", f"printer is offline ({cause})")
    assert "（" in r.message.zh and "离线" in r.message.zh


def test_a_pointer_needs_its_target_in_the_run():
    """`see ...` only when that check runs; otherwise the finding stays where it was seen."""
    silent = LinkTimeout("no answer", timer="T3 ack")
    res = run_checks(CheckContext(CheckOptions(terminal="/dev/fake"), resources={"zvt": Scripted(raises=silent)}),
                     only=["terminal.journal"]).by_id()
    assert res["terminal.journal"].status == "unknown" and "nothing came back" in res["terminal.journal"].message.en
    off = CommandResult("status_enquiry", "refused", result_code=0x83)
    res = run_checks(CheckContext(CheckOptions(terminal="/dev/fake"), resources={"zvt": Scripted(off)}),
                     only=["software.terminal", "link.terminal"]).by_id()
    assert (res["software.terminal"].status, res["software.terminal"].playbook) == ("critical", "zvt-disabled")
    res = run_checks(CheckContext(CheckOptions(terminal="/dev/fake"), resources={"zvt": Scripted(sr(None))}),
                     only=["printer.terminal"]).by_id()
    assert res["printer.terminal"].status == "unknown" and "see" not in res["printer.terminal"].message.en
