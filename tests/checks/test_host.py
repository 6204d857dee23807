"""The PC's own checks where the machine cannot be made to fail on demand: a name that does not resolve, a PC on
battery. The system calls are replaced at their source (socket.getaddrinfo, psutil); the checks run through the
runner as `pos-doctor check` runs them."""

from __future__ import annotations

import socket
import time
from collections import namedtuple

import psutil
import pytest

from pos_doctor.checks.runner import CheckContext, CheckOptions, run_checks

Battery = namedtuple("Battery", "percent secsleft power_plugged")


def checks(only, **options):
    report = run_checks(CheckContext(CheckOptions(**options)), only=only)
    return {c.id: c for c in report.checks}


def test_a_name_that_does_not_resolve_is_critical_for_dns_and_the_connection(monkeypatch):
    calls = []

    def fail(host, port, *a, **kw):
        calls.append((host, port))
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    res = checks(["network.dns", "network.acquirer"], payment_host="pay.example.invalid", payment_port=443)
    for cid in ("network.dns", "network.acquirer"):
        c = res[cid]
        assert (c.status, c.playbook, c.message.en, c.message.zh) == (
            "critical", "network-down", "cannot resolve pay.example.invalid", "无法解析 pay.example.invalid")
        assert c.observed == "[Errno -2] Name or service not known" and c.hint.en.startswith("Check the network cable")
    assert calls == [("pay.example.invalid", 443)]  # asked once, the answer shared by both checks


@pytest.mark.parametrize("battery,status,words,playbook", [
    (Battery(15.0, 600, False), "critical", ("on battery, 15% left", "正在用电池，剩余 15%"), "terminal-power"),
    (Battery(19.4, 600, False), "critical", ("on battery, 19% left", "正在用电池，剩余 19%"), "terminal-power"),
    (Battery(20.0, 600, False), "warning", ("running on battery (mains unplugged?)", "正在用电池（电源未接？）"), "terminal-power"),
    (Battery(5.0, 600, True), "ok", ("PC power fine", "电脑电源正常"), None),   # charging: mains is there
    (None, "ok", ("PC power fine", "电脑电源正常"), None),                       # a desktop: no battery at all
], ids=["low", "just-under-20", "at-20", "plugged", "no-battery"])
def test_battery_and_mains(monkeypatch, battery, status, words, playbook):
    monkeypatch.setattr(psutil, "sensors_battery", lambda: battery)
    booted = time.time() - 7200
    monkeypatch.setattr(psutil, "boot_time", lambda: booted)
    c = checks(["power.host"])["power.host"]
    assert (c.status, (c.message.en, c.message.zh), c.playbook) == (status, words, playbook)
    assert c.data["uptime_s"] >= 7200
    if battery is not None:
        assert (c.data["battery_percent"], c.data["plugged"]) == (battery.percent, battery.power_plugged)
    else:
        assert "battery_percent" not in c.data


def test_a_fresh_start_is_said_not_warned(monkeypatch):
    monkeypatch.setattr(psutil, "sensors_battery", lambda: None)
    booted = time.time() - 190
    monkeypatch.setattr(psutil, "boot_time", lambda: booted)
    c = checks(["power.host"])["power.host"]
    assert c.status == "ok" and c.data["recent_start"] is True
    assert c.message.en == "PC power on; started 3 min ago — if nobody restarted it, the power may have been cut"
