"""pos_doctor.link.usb_bus: whether the bus may hold a printer, read from a sysfs tree (built here as the kernel lays
it out), so that `pos-doctor ports` loads libusb only then."""

from __future__ import annotations

import sys

import pytest

from pos_doctor.link import usb_bus

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sysfs is Linux's")


def device(root, name, *, cls="00", vid="046d", pid="c31c", configs="1", interfaces=("03",)):
    d = root / name
    d.mkdir(parents=True)
    for f, v in (("bDeviceClass", cls), ("idVendor", vid), ("idProduct", pid), ("bNumConfigurations", configs)):
        (d / f).write_text(v + "\n")
    for n, icls in enumerate(interfaces):
        i = root / f"{name}:1.{n}"
        i.mkdir()
        (i / "bInterfaceClass").write_text(icls + "\n")


def test_hubs_and_a_keyboard_hold_no_printer(tmp_path):
    device(tmp_path, "usb1", cls="09", vid="1d6b", pid="0002", interfaces=())
    (tmp_path / "1-0:1.0").mkdir()  # a root hub's interface is named after its bus, not the device
    device(tmp_path, "1-1", cls="09", vid="05e3", pid="0608", interfaces=("09",))
    device(tmp_path, "1-1.2", interfaces=("03", "03"))  # keyboard: HID interfaces
    assert usb_bus.may_hold_printers(str(tmp_path)) is False


@pytest.mark.parametrize("kw", [dict(interfaces=("07",)),                     # printer class, any maker
                                dict(vid="04b8", pid="0e15", interfaces=("ff",)),  # Epson, vendor class
                                dict(vid="0483", pid="5743", interfaces=("ff",)),  # Xprinter's product id
                                dict(interfaces=()),                            # unconfigured: interfaces unknown
                                dict(configs="2"),                              # another configuration may be one
                                dict(vid="zz")],                                # unreadable ids
                         ids=["printer class", "known maker", "known product", "unconfigured", "two configurations",
                              "bad ids"])
def test_what_may_be_a_printer_goes_to_libusb(tmp_path, kw):
    device(tmp_path, "usb1", cls="09", vid="1d6b", pid="0002", interfaces=())
    device(tmp_path, "1-1.2", interfaces=("03",))
    device(tmp_path, "1-1.3", **kw)
    assert usb_bus.may_hold_printers(str(tmp_path)) is True


def test_no_sysfs_means_usbfs_decides(tmp_path):
    assert usb_bus.may_hold_printers(str(tmp_path / "none"), str(tmp_path / "no-usbfs")) is False
    (tmp_path / "usbfs").mkdir()
    assert usb_bus.may_hold_printers(str(tmp_path / "none"), str(tmp_path / "usbfs")) is True


def test_no_printer_on_the_bus_is_listed_without_libusb(monkeypatch):
    from pos_doctor.link import ports

    monkeypatch.delitem(sys.modules, "pos_doctor.link.usb", raising=False)
    monkeypatch.setattr(usb_bus, "may_hold_printers", lambda: False)
    monkeypatch.setitem(sys.modules, "usb", None)  # an import of pyusb would raise
    assert ports.list_usb_printers() == ([], None)
