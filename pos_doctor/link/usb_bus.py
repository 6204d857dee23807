"""What a USB device is, without pyusb: the receipt-printer makers by id, and on Linux whether the bus holds anything
that could be a printer at all, read from sysfs.

`pos-doctor ports` lists USB printers through libusb (link/usb.py), whose loading costs twice a bare interpreter's
start. On Linux the kernel already says, in /sys/bus/usb/devices, every device's ids, class and interface classes;
when none of them can be a printer (the usual till: keyboard, scanner, hubs) the listing libusb would give is empty,
and it is not loaded. Anything that may be one - a known maker, a printer-class interface, a device whose interfaces
sysfs does not show (unconfigured, or several configurations) - goes to libusb, which reads its descriptors.
"""

from __future__ import annotations

import os
import sys

PRINTER_CLASS = 7  # USB interface class "Printer"; protocol 1 one-way, 2 bidirectional, 3 IEEE 1284.4
HUB_CLASS = 9

# Makers of receipt printers by USB vendor id. Registered ids as the USB ID list names them (usb.ids, 2025-07);
# Gprinter's 6868 is not registered there: it is taken from the descriptors of Gprinter ZH-380, 58MBIII+ and
# GP-R222C published in sintrb/USB-Printer-Descriptors. Chip makers' ids (STMicroelectronics 0483, Winbond 0416,
# ...) appear on many Chinese printers; only a product id seen on a printer names the brand (RECEIPT_PRODUCTS).
RECEIPT_VENDORS = {
    0x04B8: "Epson",
    0x0519: "Star Micronics",
    0x1504: "Bixolon",
    0x1D90: "Citizen",
    0x2730: "Citizen",
    0x0DD4: "Custom",
    0x154F: "SNBC (Beiyang)",
    0x0AA7: "Wincor Nixdorf",
    0x0404: "NCR",
    0x6868: "Gprinter",
}
RECEIPT_PRODUCTS = {
    (0x0483, 0x5743): "Xprinter",  # XP-T58H: "Xprinter" / "USB Printer P" (sintrb/USB-Printer-Descriptors)
}

SYSFS = "/sys/bus/usb/devices"
USBFS = "/dev/bus/usb"


def maker_of(vid: int, pid: int) -> str | None:
    return RECEIPT_PRODUCTS.get((vid, pid)) or RECEIPT_VENDORS.get(vid)


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            return f.read().strip()
    except OSError:
        return None


def _hex(text: str | None) -> int | None:
    try:
        return int(text, 16) if text is not None else None
    except ValueError:
        return None


def _may_be_printer(root: str, name: str, interfaces: list[str]) -> bool:
    base = os.path.join(root, name)
    device_class, vid, pid = (_hex(_read(os.path.join(base, f))) for f in ("bDeviceClass", "idVendor", "idProduct"))
    if device_class == HUB_CLASS:
        return False  # libusb's listing leaves hubs out as well
    if vid is None or pid is None or _read(os.path.join(base, "bNumConfigurations")) != "1" or not interfaces:
        return True  # sysfs does not say enough: libusb reads the descriptors
    if maker_of(vid, pid):
        return True
    return any(_hex(_read(os.path.join(root, i, "bInterfaceClass"))) in (PRINTER_CLASS, None) for i in interfaces)


def may_hold_printers(root: str = SYSFS, usbfs: str = USBFS) -> bool:
    """False only when this is Linux and the kernel shows no device that could be a printer (or no USB bus at all,
    which libusb cannot read either); True anywhere else, or when in doubt."""
    if not sys.platform.startswith("linux"):
        return True
    try:
        entries = os.listdir(root)
    except FileNotFoundError:
        return os.path.exists(usbfs)  # no sysfs: libusb scans usbfs, if there is one
    except OSError:
        return True
    devices = [e for e in entries if ":" not in e]
    return any(_may_be_printer(root, d, [e for e in entries if e.startswith(d + ":")]) for d in devices)
