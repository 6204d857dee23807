"""Terminal/printer checks decide from what the device answered.

Every case runs the product's check path (`open_session` -> `open_link` -> ZvtClient / PrinterClient) against the
simulator speaking ZVT and ESC/POS over a real pty or a `socket://` URL, in-process. One simulator serves the cases
that differ only in what the devices report (their specs are set per test); a terminal that hangs gets a simulator
of its own (it stays hung until stopped). The timer cases run with the protocol's timers scaled down (`fast_timers`),
so a full-length, not-shortened timer runs out in a fraction of a second.
"""

from __future__ import annotations

import dataclasses
import sys

import pytest

from pos_doctor.checks import observe, zvt
from pos_doctor.checks.runner import CheckOptions
from pos_doctor.checks.session import open_session
from pos_doctor.i18n import Text
from pos_doctor.simulator import Scenario, Simulator
from pos_doctor.simulator.scenario import PrinterSpec, TerminalSpec

TERMINAL_IDS = ["link.terminal", "terminal.status", "terminal.clock", "terminal.journal", "software.terminal",
                "network.terminal", "printer.terminal", "power.terminal"]
LINK = "tcp" if sys.platform == "win32" else "pty"
BAUD = 115200


def scenario(**terminal) -> Scenario:
    return Scenario("devices-test", Text("checks against the simulator", "检查对模拟设备"), TerminalSpec(**terminal), PrinterSpec())


@pytest.fixture(scope="module")
def shared():
    """One simulator for the cases that differ only in what the devices report; `log` holds what it did."""
    log: list[str] = []
    sim = Simulator(scenario(), link=LINK, baud=BAUD, log=log.append).start()
    sim.test_log = log
    yield sim
    sim.stop()


@pytest.fixture
def sim(shared):
    """The shared simulator with the terminal and printer of this test (defaults unless set with .terminal()/.printer())."""
    def reset(target, cls, fields):
        fresh = cls(**fields)
        for name in cls.__struct_fields__:  # the scenario's typed model (msgspec Structs)
            setattr(target, name, getattr(fresh, name))

    class Devices:
        port, printer_port = shared.terminal_port, shared.printer_port
        transport = shared.terminal_transport
        log = shared.test_log

        @staticmethod
        def terminal(**fields):
            reset(shared.terminal.spec, TerminalSpec, fields)

        @staticmethod
        def printer(**fields):
            reset(shared.printer.spec, PrinterSpec, fields)

    Devices.terminal()
    Devices.printer()
    shared.test_log.clear()
    yield Devices
    Devices.terminal()
    Devices.printer()


def run(port: str | None, transport: str = "serial", only=TERMINAL_IDS, printer: str | None = None, **opts):
    """One check run through a session, as `pos-doctor check` runs it; every link closed afterwards."""
    o = CheckOptions(terminal=port, printer=printer, terminal_transport=transport, baud=BAUD, printer_baud=BAUD, **opts)
    with open_session(o) as session:
        return session.run(only=only).by_id()


def statuses(res):
    return {k: (v.status, v.playbook) for k, v in res.items()}


def test_ready_terminal_one_status_enquiry_one_diagnosis(sim):
    res = run(sim.port, sim.transport)
    assert all(v.status == "ok" for v in res.values()), statuses(res)
    asked = sorted(line for line in sim.log if line.startswith("terminal: command"))
    assert asked == ["terminal: command 05 01", "terminal: command 06 70"]  # status enquiry, diagnosis: once each


@pytest.mark.parametrize("code,check,status,playbook", [
    (0x51, "terminal.status", "critical", "terminal-service"),
    (0xDF, "terminal.status", "critical", "terminal-service"),
    (0x62, "terminal.clock", "critical", "terminal-clock"),
    (0xF0, "terminal.journal", "warning", "terminal-journal"),
    (0xFA, "terminal.journal", "warning", "terminal-journal"),
    (0x9C, "software.terminal", "warning", None),  # an update runs: no walk, only the wait (issue 23)
    (0xCC, "printer.terminal", "warning", "printer-paper"),
    (0xBF, "power.terminal", "critical", "terminal-power"),
])
def test_status_bytes(sim, code, check, status, playbook):
    sim.terminal(status=code)  # the clock is right: 0x62 alone makes terminal.clock critical
    res = run(sim.port, sim.transport, no_host_contact=True)
    assert (res[check].status, res[check].playbook) == (status, playbook)
    st = res["terminal.status"]
    assert st.data["status_byte"] == f"{code:02X}"  # the raw byte stays in the machine formats
    if check != "terminal.status":  # one fault, one finding: terminal.status points to the family check
        assert (st.status, st.playbook) == ("skipped", None)
        assert st.message.en.endswith("”") and "see “" in st.message.en and "见“" in st.message.zh
        others = {k: v.status for k, v in res.items() if k not in (check, "terminal.status", "network.terminal")
                  and not (code == 0x62 and k == "terminal.clock")}
        assert set(others.values()) == {"ok"}, others
    assert res["network.terminal"].status == "skipped"  # no_host_contact: the terminal was not asked to call out


def test_status_byte_alone_when_the_family_check_is_not_run(sim):
    sim.terminal(status=0xBF)
    res = run(sim.port, sim.transport, only=["terminal.status"])
    assert (res["terminal.status"].status, res["terminal.status"].playbook) == ("warning", "terminal-power")


def test_missing_status_byte_is_not_ready(sim):
    sim.terminal(status=None)  # the completion is 06 0F 00: no status byte, no version, no clock
    res = run(sim.port, sim.transport, no_host_contact=True)
    got = {k: (v.status, v.observed) for k, v in res.items()}
    assert got["terminal.status"] == ("unknown", "completed without a status byte (not reported)")
    assert got["terminal.journal"] == ("skipped", "status not reported")
    assert got["printer.terminal"] == ("skipped", "status not reported")
    assert got["power.terminal"][0] == "ok" and "not reported" in res["power.terminal"].message.en
    assert "见“POS机状态”" in res["terminal.journal"].message.zh


@pytest.mark.parametrize("minutes, status", [(60, "critical"), (-60, "critical"), (5, "warning"), (-1, "ok")])
def test_clock_drift(sim, minutes, status):
    sim.terminal(clock_offset_minutes=minutes)  # status byte 00: only the clock itself tells
    res = run(sim.port, sim.transport, only=["terminal.clock"])
    clock = res["terminal.clock"]
    assert clock.status == status, clock
    assert clock.playbook == (None if status == "ok" else "terminal-clock")
    assert abs(clock.data["drift_s"] - minutes * 60) <= 5  # measured from the time the terminal sent


def test_zvt_disabled(sim):
    sim.terminal(refuse_all=0x83)  # every command answered 84 83 00
    res = run(sim.port, sim.transport, no_host_contact=True)
    assert (res["terminal.status"].status, res["terminal.status"].playbook) == ("critical", "zvt-disabled")
    assert res["software.terminal"].status == "skipped" and "Terminal status" in res["software.terminal"].message.en


def test_outdated_and_bad_versions_from_policy(sim, tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text('spec: 1\nmodels:\n  M1:\n    minimum: "2.0"\n    bad:\n      - version: "2.1"\n        note: loses host\n', encoding="utf-8")
    for ver, want in (("1.9.0", "warning"), ("2.1", "critical"), ("2.10", "ok")):
        sim.terminal(model="M1", software_version=ver)
        sw = run(sim.port, sim.transport, no_host_contact=True, policy=str(f))["software.terminal"]
        assert (sw.status, sw.observed) == (want, ver), ver


# --- what came back before a timer ran out ------------------------------------------------------------------------

@pytest.fixture
def fast_timers(monkeypatch):
    """The protocol's T2, T3 and status T4 scaled down: each still runs its full (not shortened) length."""
    monkeypatch.setattr(observe, "T2", 0.6)
    monkeypatch.setattr(observe, "T3", 0.25)
    monkeypatch.setattr(zvt, "STATUS_T4", 0.6)


PTY = {"link": LINK}
SERIAL_SOCKET = {"link": "tcp"}                       # serial framing over socket:// (a serial-to-LAN converter)
ZVT_SOCKET = {"link": "tcp", "tcp_framing": "zvt"}    # ZVT over TCP: raw APDUs, no line ACK


@pytest.mark.parametrize("line, fault, seen, link, power", [
    (PTY, {"dead": True}, "timer T3 ack ran out", "critical", "warning"),            # nothing at all came back
    (SERIAL_SOCKET, {"dead": True}, "timer T3 ack ran out", "critical", "warning"),
    (ZVT_SOCKET, {"dead": True}, "timer T2 first answer ran out", "critical", "warning"),
    (PTY, {"mute": True}, "timer T2 first answer ran out", "critical", "ok"),       # the frame got its line ACK
    (SERIAL_SOCKET, {"mute": True}, "timer T2 first answer ran out", "critical", "ok"),
    (ZVT_SOCKET, {"mute": True}, "timer T2 first answer ran out", "critical", "warning"),  # no line ACK over TCP
    (PTY, {"delay_ms": 600_000}, "timer T4 terminal master ran out", "critical", "ok"),  # acknowledged, never done
    (ZVT_SOCKET, {"delay_ms": 600_000}, "timer T4 terminal master ran out", "critical", "ok"),
    (PTY, {"stall_after_bytes": 5}, "timer T1 inter-byte ran out", "critical", "ok"),  # ACK + 4 bytes of 80 00 00
    (ZVT_SOCKET, {"stall_after_bytes": 2}, "timer T1 inter-byte ran out", "critical", "ok"),
    (PTY, {"unplug_after_bytes": 4}, "gone: the port went away during the command", "critical", "warning"),
], ids=["dead-pty", "dead-serial-socket", "dead-zvt-socket", "mute-pty", "mute-serial-socket", "mute-zvt-socket",
        "never-completes-pty", "never-completes-zvt-socket", "stops-mid-message-pty", "stops-mid-message-zvt-socket",
        "unplugged-pty"])
def test_what_came_back_before_the_timer_ran_out(pos_simulator_factory, fast_timers, line, fault, seen, link, power):
    s = pos_simulator_factory(scenario(**fault), baud=BAUD, **line)
    res = run(s.terminal_port, s.terminal_transport, no_host_contact=True, timeout=10)
    lt, pw = res["link.terminal"], res["power.terminal"]
    assert (lt.status, pw.status) == (link, power), (lt, pw)
    assert seen in lt.observed and "shortened" not in lt.observed, lt.observed
    assert lt.playbook == "terminal-not-answering"
    assert "power" in pw.message.en and (power == "warning") == ("suspect" in pw.message.en)
    assert pw.playbook == ("terminal-power" if power == "warning" else None)
    assert (lt.message.en == "terminal does not answer") == (power == "warning")  # dead, or on but stuck
    assert res["terminal.status"].status == "skipped" and "see “" in res["terminal.status"].message.en


@pytest.mark.parametrize("line", [PTY, ZVT_SOCKET], ids=["pty", "socket-zvt"])
def test_the_run_deadline_cuts_a_slow_terminal_short(pos_simulator_factory, line):
    """A terminal still working when the run's time is up is not called dead: the deadline is named."""
    s = pos_simulator_factory(scenario(delay_ms=600_000), baud=BAUD, **line)
    res = run(s.terminal_port, s.terminal_transport, no_host_contact=True, timeout=1.0)
    lt, pw = res["link.terminal"], res["power.terminal"]
    assert lt.status == "unknown" and lt.message.en.startswith("run deadline reached (1 s): "), lt.message.en
    assert "the terminal acknowledged the command, but it did not complete" in lt.message.en
    assert "shortened to fit the run deadline of 1 s" in lt.observed and lt.data["cut_by_deadline"] is True
    assert pw.status == "skipped" and "see “" in pw.message.en


def test_a_pointer_needs_its_target_in_the_run(sim, pos_simulator_factory, fast_timers):
    """`see ...` only when that check runs; otherwise the finding stays where it was seen."""
    dead = pos_simulator_factory(scenario(dead=True), baud=BAUD, link=LINK)
    res = run(dead.terminal_port, dead.terminal_transport, only=["terminal.journal"])
    assert res["terminal.journal"].status == "unknown" and "nothing came back" in res["terminal.journal"].message.en
    sim.terminal(refuse_all=0x83)
    res = run(sim.port, sim.transport, only=["software.terminal", "link.terminal"])
    assert (res["software.terminal"].status, res["software.terminal"].playbook) == ("critical", "zvt-disabled")
    sim.terminal(status=None)
    res = run(sim.port, sim.transport, only=["printer.terminal"])
    assert res["printer.terminal"].status == "unknown" and "see" not in res["printer.terminal"].message.en


# --- the printer --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cause, said", [("not-reported", "it does not say why"), ("error", "an error stopped it"),
                                         ("feed-button", "the feed button is being pressed")])
def test_offline_printer_names_the_cause_its_status_gives(sim, cause, said):
    sim.printer(online=False, offline_cause=cause)
    res = run(None, printer=sim.printer_port, only=["printer.receipt", "link.printer"])
    assert res["link.printer"].status == "ok"  # it answered: not off, not unplugged
    r = res["printer.receipt"]
    assert (r.status, r.message.en) == ("critical", f"printer is offline ({said})")
    assert "（" in r.message.zh and "离线" in r.message.zh


# --- the paths that are not silence: refusals other than 84 83, a busy port, a port that is not a serial line --------

NO_STATUS_SEEN = ("skipped", None, "no status received; see “Terminal connection”")


def _seen(res, cid):
    return res[cid].status, res[cid].playbook, res[cid].message.en


@pytest.mark.parametrize("code,status,playbook", [(0x51, "critical", "terminal-service"), (0x05, "warning", None)])
def test_a_refusal_other_than_84_83_names_its_code(sim, code, status, playbook):
    sim.terminal(refuse_all=code)
    res = run(sim.port, sim.transport, only=["link.terminal", "terminal.status", "power.terminal"])
    st = res["terminal.status"]
    assert (st.status, st.playbook, st.observed, st.expected) == (status, playbook, f"84 {code:02X}", "00")
    assert st.data == {"status_byte": None, "outcome": "refused", "result_code": f"{code:02X}"}
    assert f"(code {code:02X})" in st.message.en and st.message.en != "ZVT is switched off on the terminal"
    # it answered: the line works and it has power, whatever it refused
    assert _seen(res, "link.terminal")[:2] == ("ok", None) and res["link.terminal"].data["raw"] == [f"84 {code:02X} 00"]
    assert _seen(res, "power.terminal") == ("ok", None, "terminal power fine")


@pytest.mark.skipif(sys.platform == "win32", reason="a pty held open by this process")
def test_a_busy_port_names_its_holder_and_the_power_check_does_not_guess(sim):
    import os

    from pos_doctor.link import open_link

    with open_link(sim.port):  # this process holds the terminal's port, as the till software would
        res = run(sim.port, sim.transport, only=["link.terminal", "terminal.status", "power.terminal"])
    link = res["link.terminal"]
    holder = link.data["holder"]
    assert holder.endswith(f"(pid {os.getpid()})")
    assert (link.status, link.playbook, link.observed, link.expected) == ("unknown", "terminal-not-answering", "busy", "port free")
    assert link.message.en == f"port {sim.port} is in use by {holder}" and link.message.zh == f"端口 {sim.port} 被 {holder} 占用"
    assert link.hint.en == "Close the program holding the port (often the till software), then run again."
    # no answer because the port was busy is no sign of the power: see the connection, never "power suspect"
    assert _seen(res, "power.terminal") == NO_STATUS_SEEN and _seen(res, "terminal.status") == NO_STATUS_SEEN


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX paths")
@pytest.mark.parametrize("path,why", [("/dev/null", "Inappropriate ioctl for device"), ("/", "Is a directory")])
def test_a_port_that_is_not_a_serial_line_is_unknown_with_the_reason(path, why):
    res = run(path, only=["link.terminal", "terminal.status", "power.terminal"])
    link = res["link.terminal"]
    assert (link.status, link.playbook) == ("unknown", "terminal-not-answering")
    assert link.message.en.startswith(f"cannot use port {path}: ") and why in link.message.en and why in link.data["error"]
    assert link.hint.en.startswith("Check the terminal port setting")
    assert _seen(res, "power.terminal") == NO_STATUS_SEEN and _seen(res, "terminal.status") == NO_STATUS_SEEN


def test_a_printer_alone_skips_every_terminal_check_naming_the_missing_setting(sim):
    res = run(None, printer=sim.printer_port, only=["link.terminal", "terminal.status", "power.terminal", "printer.receipt"])
    for cid in ("link.terminal", "terminal.status", "power.terminal"):
        assert (res[cid].status, res[cid].message.en) == ("skipped", "no terminal configured (--terminal or terminal.port)"), cid
        assert "terminal.port" in res[cid].message.zh
    assert res["printer.receipt"].status == "ok"
