"""USB printers through pyusb: addresses, the claimed interface behind Link, the kernel driver given back, and the
errors libusb raises (EACCES, EBUSY, ENODEV, ETIMEDOUT, no backend) — all through pyusb's own core running over the
simulated printer's backend (simulator/usb_device.py), which raises exactly what libusb raises."""

from __future__ import annotations

import errno
import re
import subprocess
import sys
import time

import pytest
import usb.core
from hypothesis import given
from hypothesis import strategies as st

from pos_doctor.errors import LinkClosed, LinkError, LinkTimeout, PortBusy, PortNotFound, UsageError
from pos_doctor.link import Tracer, open_link
from pos_doctor.link import usb as usblink
from pos_doctor.link import usb_bus
from pos_doctor.link.addresses import printer_address_ok
from pos_doctor.protocols.escpos.session import PrinterClient


@pytest.fixture
def no_real_bus(monkeypatch):
    """Only the simulated printers are on the bus (a developer's own printer must not change the result)."""
    def none():
        raise usb.core.NoBackendError("No backend available")
    monkeypatch.setattr(usblink, "real_backend", none)


@pytest.fixture
def usb_printer(pos_simulator_factory, no_real_bus):
    def start(scenario="healthy"):
        sim = pos_simulator_factory(scenario, printer_link="usb")
        return sim, sim._endpoints[1].backend
    return start


# --- addresses -------------------------------------------------------------------------------------------------

@given(st.integers(0, 0xFFFF), st.integers(0, 0xFFFF), st.one_of(st.none(), st.text("ABCDEF0123456789xyz-_", min_size=1, max_size=16)))
def test_address_round_trip(vid, pid, serial):
    addr = usblink.UsbAddress(vid, pid, serial)
    assert usblink.parse_usb_address(str(addr)) == addr
    loud = f"USB://{vid:X}:{pid:04X}" + (f"/{serial}" if serial else "")  # hex in capitals, no leading zeros
    assert usblink.parse_usb_address(loud) == addr
    assert printer_address_ok(str(addr))


@pytest.mark.parametrize("bad", ["usb://04b8", "usb://04b8:", "usb://xyz:0e15", "usb://04b8:0e15/a/b", "usb://12345:1"])
def test_bad_address_is_refused_with_the_form_to_write(bad):
    with pytest.raises(UsageError) as exc:
        usblink.parse_usb_address(bad)
    assert "usb://VID:PID" in str(exc.value) and "usb://厂商号:产品号" in exc.value.text("zh")
    assert not printer_address_ok(bad)


def test_bare_usb_means_the_one_printer():
    assert usblink.parse_usb_address("usb://") == usblink.UsbAddress()


# --- a printer on the bus --------------------------------------------------------------------------------------

def test_status_over_usb_detaches_the_kernel_driver_only_while_open(usb_printer):
    sim, backend = usb_printer("paper-out")
    assert sim.printer_port.startswith("usb://1209:0001/")
    tracer = Tracer()
    with open_link(sim.printer_port, name="printer", tracer=tracer) as link:
        assert backend.kernel_driver is False and backend.claimed
        st_ = PrinterClient(link).status()
        assert st_.paper_end is True and st_.online is False
    assert backend.driver_log == ["detach", "attach"] and backend.kernel_driver is True and not backend.claimed
    assert "-> 10 04 01" in tracer.format()


def test_bare_usb_address_finds_the_one_printer(usb_printer):
    sim, _ = usb_printer("healthy")
    with open_link("usb://", name="printer") as link:
        assert PrinterClient(link).status().online is True


def test_stale_input_is_flushed_before_each_query(usb_printer):
    sim, backend = usb_printer("paper-out")
    with open_link(sim.printer_port, name="printer") as link:
        backend.endpoint._deliver(b"\x12\x12\x12")  # a late answer to an earlier query, still in the printer
        st_ = PrinterClient(link).status()
    assert st_.raw == {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}


def test_a_printer_that_never_answers_is_a_timeout_on_time(usb_printer):
    sim, _ = usb_printer("printer-off")  # answers nothing at all (printer-offline answers, with the offline bit)
    sim._endpoints[1].gone = False  # switched off it is off the bus; here: on the bus, its firmware hung (answers nothing)
    with open_link(sim.printer_port, name="printer") as link:
        t0 = time.monotonic()
        with pytest.raises(LinkTimeout) as exc:
            PrinterClient(link, reply_timeout=0.3).status()
        took = time.monotonic() - t0
    # on time: the client's own 0.3 s status timer is what ended it (its first query's), after at least 0.3 s; the
    # upper bound only tells a hang from a timeout (a loaded machine makes the wait longer, not the verdict)
    assert exc.value.timer == "status reply" and "DLE EOT 1 within 0.3 s" in str(exc.value), exc.value
    assert 0.3 <= took < 0.3 + 10


def test_missing_printer_names_the_usb_devices_there_and_the_udev_rule(usb_printer):
    sim, _ = usb_printer()
    with pytest.raises(PortNotFound) as exc:
        open_link("usb://04b8:0e15", name="printer")
    assert any(sim.printer_port in a and "SIM-TM-80" in a for a in exc.value.available)
    assert "udev" in exc.value.hint and "cable" in exc.value.hint and "udev" in exc.value.hint_text("zh")


def test_two_matching_printers_ask_for_the_serial(usb_printer):
    a, _ = usb_printer()
    b, _ = usb_printer()
    with pytest.raises(LinkError) as exc:
        open_link("usb://1209:0001", name="printer")
    assert a.printer_port in str(exc.value) and b.printer_port in str(exc.value)
    assert "SERIAL" in exc.value.hint


def test_no_libusb_is_explained(no_real_bus):
    with pytest.raises(LinkError) as exc:
        open_link("usb://04b8:0e15", name="printer")
    assert not isinstance(exc.value, PortNotFound)
    assert "libusb" in str(exc.value) and "libusb-package" in exc.value.hint


@pytest.mark.parametrize("op, err, kind, words", [
    ("open", errno.EACCES, LinkError, "no permission"),
    ("claim", errno.EBUSY, PortBusy, "in use"),
    ("open", errno.ENODEV, PortNotFound, "does not exist"),
    ("detach", errno.EACCES, LinkError, "no permission"),
    ("open", errno.ETIMEDOUT, LinkTimeout, "did not answer"),
])
def test_open_errors_libusb_raises(usb_printer, op, err, kind, words):
    sim, backend = usb_printer()
    backend.faults[op] = err
    with pytest.raises(kind) as exc:
        open_link(sim.printer_port, name="printer")
    assert words in str(exc.value)
    if err == errno.EACCES:
        assert "udev" in exc.value.hint and "udev" in exc.value.hint_text("zh")
    # whatever failed, the printer is left bound to its driver and unclaimed
    assert backend.kernel_driver is True and not backend.claimed


def test_claim_refused_after_detach_gives_the_driver_back(usb_printer):
    sim, backend = usb_printer()
    backend.faults["claim"] = errno.EBUSY
    with pytest.raises(PortBusy):
        open_link(sim.printer_port, name="printer")
    assert backend.driver_log == ["detach", "attach"]


def test_printer_pulled_mid_conversation_is_link_closed(usb_printer):
    sim, backend = usb_printer()
    with open_link(sim.printer_port, name="printer") as link:
        client = PrinterClient(link)
        assert client.status().online is True
        backend.endpoint.unplug()
        with pytest.raises(LinkClosed):
            client.status()


@pytest.mark.parametrize("op, err", [("write", errno.ETIMEDOUT), ("write", errno.EIO), ("read", errno.EPIPE)])
def test_transfer_errors_end_as_link_errors(usb_printer, op, err):
    sim, backend = usb_printer()
    with open_link(sim.printer_port, name="printer") as link:
        backend.faults[op] = err
        with pytest.raises(LinkError):
            PrinterClient(link, reply_timeout=0.3).status()


def test_read_timeouts_are_silence_not_errors(usb_printer):
    """libusb's ETIMEDOUT on a bulk IN read is 'nothing yet': the deadline belongs to Link."""
    sim, backend = usb_printer()
    with open_link(sim.printer_port, name="printer") as link:
        t0 = time.monotonic()
        assert link.read(1, 0.2) == b""
        took = time.monotonic() - t0
    assert 0.2 <= took < 0.2 + 10  # waited its deadline out (no error raised early), and did not hang


def test_listing_shows_descriptors_and_maker(usb_printer):
    sim, _ = usb_printer()
    found, problem = usblink.list_usb_printers()
    assert problem == "libusb could not be loaded"  # no_real_bus took the real bus away; the simulated one is read
    (dev,) = found
    assert dev.address == sim.printer_port and dev.vid_pid == "1209:0001" and dev.printer
    assert dev.manufacturer == "pos-doctor simulator" and dev.product == "SIM-TM-80" and dev.maker is None
    assert usb_bus.maker_of(0x04B8, 0x0E15) == "Epson" and usb_bus.maker_of(0x0519, 1) == "Star Micronics"
    assert usb_bus.maker_of(0x0483, 0x5743) == "Xprinter" and usb_bus.maker_of(0x0483, 0x5740) is None


def test_usb_code_is_not_imported_at_start_up():
    code = ("import sys, pos_doctor.cli.main, pos_doctor.link, pos_doctor.checks.registry, pos_doctor.config; "
            "pos_doctor.checks.registry.all_checks(); "  # every family of checks, registered
            "print(sorted(m for m in sys.modules if m == 'usb' or m.startswith(('usb.', 'libusb', 'win32', 'pywintypes'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_udev_rule_covers_the_named_makers():
    import re
    from pathlib import Path

    rule = (Path(__file__).parents[2] / "contrib" / "60-pos-doctor-printers.rules").read_text()
    assert set(re.findall(r'ATTR\{idVendor\}=="([0-9a-f]{4})"', rule)) == {f"{v:04x}" for v in usb_bus.RECEIPT_VENDORS}
    assert 'ID_USB_INTERFACES}=="*:07????:*"' in rule  # every printer-class device, whatever its maker


@pytest.mark.parametrize("lang, words", [("en", ["no USB printer usb://04b8:0e15 is attached", "USB devices on this PC", "udev"]),
                                         ("zh", ["未连接 USB 打印机 usb://04b8:0e15", "本机 USB 设备", "`udev` 规则", "数据线"])])
def test_cli_missing_usb_printer_is_critical(lang, words):
    p = subprocess.run([sys.executable, "-m", "pos_doctor", "check", "--printer", "usb://04b8:0e15", "--only", "link.printer",
                        "--no-record", "--lang", lang], capture_output=True, text=True, timeout=60)
    if "libusb could not be loaded" in p.stdout:
        pytest.skip("no libusb on this machine")
    assert p.returncode == 2, p.stdout + p.stderr
    for w in words:
        assert w in p.stdout


@pytest.mark.parametrize("op, err, status, en, zh", [
    ("open", errno.EACCES, "unknown", "no permission", "没有权限"),
    ("claim", errno.EBUSY, "unknown", "in use", "占用"),
    ("read", errno.ETIMEDOUT, "critical", "does not answer", "无应答"),
    (None, None, "ok", "printer answers on usb://", "打印机在 usb://"),
])
def test_link_printer_verdicts_over_usb(usb_printer, op, err, status, en, zh):
    from pos_doctor.checks.runner import CheckOptions
    from pos_doctor.checks.session import open_session

    sim, backend = usb_printer()
    if op:
        backend.faults[op] = err
    with open_session(CheckOptions(printer=sim.printer_port)) as s:
        (res,) = [r for r in s.run(only=["link.printer"]).checks]
    assert res.status == status
    assert en in res.message("en") and zh in res.message("zh")
    assert not re.search(r"[A-Za-z]{4,}", res.message("zh").replace(sim.printer_port, "")), res.message("zh")
    if err == errno.EACCES:
        assert "udev" in res.hint("en") and "udev" in res.hint("zh")
    assert backend.kernel_driver is True  # given back after the check, whatever happened


@pytest.mark.parametrize("lang, head", [("en", "USB PRINTER"), ("zh", "USB 打印机地址")])
def test_ports_lists_the_usb_printer(pos_simulator_factory, capsys, lang, head):
    import json

    from pos_doctor.cli.main import main

    sim = pos_simulator_factory("healthy", printer_link="usb")
    assert main(["ports", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (row,) = [r for r in doc["usb"] if r["address"] == sim.printer_port]
    assert row["vid_pid"] == "1209:0001" and row["product"] == "SIM-TM-80" and row["printer"] is True
    assert main(["ports", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert head in out and sim.printer_port in out and "pos-doctor simulator SIM-TM-80" in out
