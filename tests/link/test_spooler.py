"""The Windows spooler: its flags mapped to printer findings (pure, tested on every platform), the check's verdicts
from a spooler state, and the Windows-only call kept off other systems."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_doctor.checks.runner import CheckOptions
from pos_doctor.checks.session import open_session
from pos_doctor.errors import LinkError, UsageError
from pos_doctor.link import spooler
from pos_doctor.link.spooler import ATTRIBUTE_WORK_OFFLINE, STATUS_FLAGS as F, decode_flags, findings, printer_fields

# Values from MS-RPRN 2.2.3.12 (Status and Attribute Values), as the spooler returns them in PRINTER_INFO_2.Status
PUBLIC = {"paused": 0x1, "error": 0x2, "paper_jam": 0x8, "paper_out": 0x10, "paper_problem": 0x40, "offline": 0x80,
          "not_available": 0x1000, "user_intervention": 0x100000, "out_of_memory": 0x200000, "door_open": 0x400000}


def test_flag_values_are_the_documented_ones():
    for name, bit in PUBLIC.items():
        assert F[name] == bit


@pytest.mark.parametrize("status, attributes, first, severity", [
    (F["paper_out"], 0, "paper_out", "critical"),
    (F["door_open"] | F["paper_out"], 0, "door_open", "critical"),
    (F["paper_jam"], 0, "paper_jam", "critical"),
    (F["offline"], 0, "offline", "critical"),
    (0, ATTRIBUTE_WORK_OFFLINE, "work_offline", "critical"),
    (F["error"], 0, "error", "critical"),
    (F["paused"], 0, "paused", "warning"),
    (F["paused"] | F["paper_out"], 0, "paper_out", "critical"),
])
def test_findings(status, attributes, first, severity):
    found = findings(status, attributes)
    assert found[0].flag == first and found[0].status == severity
    assert found[0].text("zh") and found[0].text("en") != found[0].text("zh")


@pytest.mark.parametrize("status", [0, F["printing"], F["busy"] | F["io_active"], F["processing"], F["waiting"]])
def test_work_in_progress_is_no_problem(status):
    assert findings(status) == []


@given(st.integers(0, 2**32 - 1), st.sampled_from([0, ATTRIBUTE_WORK_OFFLINE]))
def test_mapping_properties(status, attributes):
    names = decode_flags(status, attributes)
    found = findings(status, attributes)
    order = [f.flag for f in spooler.FINDINGS]
    assert [f.flag for f in found] == [n for n in order if n in names]  # worst first, each backed by a set bit
    for f in found:
        assert f.flag == "work_offline" or status & F[f.flag]
    fields = printer_fields(status, attributes)
    # the spooler can say a fault is there; it never vouches that one is absent
    assert all(v in (True, None) for k, v in fields.items() if k != "online")
    assert fields["online"] in (False, None) and fields["paper_near_end"] is None
    assert (fields["paper_end"] is True) == bool(status & F["paper_out"])


def test_unknown_bits_are_named_not_dropped():
    assert decode_flags(0x80000000) == ["0x80000000"]


def test_spooler_names():
    assert spooler.spooler_name("spooler:EPSON TM-T20III Receipt") == "EPSON TM-T20III Receipt"
    assert spooler.spooler_name("/dev/usb/lp0") is None
    with pytest.raises(UsageError):
        spooler.spooler_name("spooler:  ")


@pytest.mark.skipif(sys.platform == "win32", reason="the refusal is for other systems")
def test_spooler_addresses_are_refused_off_windows():
    with pytest.raises(LinkError) as exc:
        spooler.query("spooler:EPSON")
    assert "only on Windows" in str(exc.value) and "Windows" in exc.value.text("zh")
    assert spooler.list_printers() == []


def test_pywin32_is_imported_only_on_windows():
    code = "import sys, pos_doctor.link.spooler, pos_doctor.cli.ports; print([m for m in ('win32print', 'pywintypes') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def _checks(monkeypatch, status, attributes=0):
    state = spooler.SpoolerPrinter("EPSON TM-T20III Receipt", status, attributes, "USB001", "EPSON TM-T20III Receipt5",
                                   decode_flags(status, attributes))
    monkeypatch.setattr(spooler, "query", lambda port: state)  # the Windows call; everything after it is real
    options = CheckOptions(printer="spooler:EPSON TM-T20III Receipt")
    with open_session(options) as s:
        report = s.run(only=["link.printer", "printer.receipt"])
    return {r.id: r for r in report.checks}


@pytest.mark.parametrize("status, attributes, verdict, playbook", [
    (0, 0, "ok", None),
    (F["paper_out"], 0, "critical", "printer-paper"),
    (F["door_open"], 0, "critical", "printer-cover-open"),
    (F["offline"], 0, "critical", "printer-fault"),
    (0, ATTRIBUTE_WORK_OFFLINE, "critical", "printer-fault"),
    (F["paused"], 0, "warning", None),
])
def test_check_verdicts_from_the_spooler(monkeypatch, status, attributes, verdict, playbook):
    res = _checks(monkeypatch, status, attributes)
    assert res["link.printer"].status == "ok" and "USB001" in res["link.printer"].message("en")
    receipt = res["printer.receipt"]
    assert receipt.status == verdict and receipt.playbook == playbook
    if verdict == "ok":  # a clear status is reported as the spooler's word, not as a printer that answered
        assert "spooler" in receipt.message("en") and "打印队列" in receipt.message("zh")
    else:
        assert receipt.hint is not None and receipt.hint("zh")
