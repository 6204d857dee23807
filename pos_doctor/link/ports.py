"""Which serial ports exist and who holds them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pos_doctor.link.spooler import SpoolerPrinter
    from pos_doctor.link.usb import UsbDeviceInfo


@dataclass
class PortInfo:
    device: str
    description: str = ""
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    hwid: str = ""
    phantom: bool = False
    holder: str | None = None

    @property
    def vid_pid(self) -> str:
        return f"{self.vid:04X}:{self.pid:04X}" if self.vid is not None and self.pid is not None else ""


def list_ports(with_holders: bool = False) -> list[PortInfo]:
    from serial.tools import list_ports as lp

    out = []
    for p in sorted(lp.comports(), key=lambda p: p.device):
        # recent Linux kernels list /dev/ttyS0..31 that have no hardware behind them
        phantom = p.device.startswith("/dev/ttyS") and (p.hwid or "n/a") == "n/a"
        info = PortInfo(p.device, p.description or "", p.vid, p.pid, p.serial_number, p.hwid or "", phantom)
        if with_holders and not phantom:
            info.holder = port_holder(p.device)
        out.append(info)
    return out


def port_holder(path: str) -> str | None:
    """'pos_app (pid 4242)' for the first other process with `path` open; None when unknown or none."""
    try:
        import psutil
    except ImportError:  # pragma: no cover
        return None
    try:
        target = os.path.realpath(path)
    except OSError:
        target = path
    me = os.getpid()
    found = None
    for proc in psutil.process_iter(["pid", "name"]):
        try:
            for f in _open_paths(proc):
                if f in (path, target):
                    if proc.pid != me:
                        return f"{proc.info['name']} (pid {proc.pid})"
                    found = found or f"{proc.info['name']} (pid {proc.pid})"
        except (psutil.Error, OSError):
            continue
    return found


def _open_paths(proc: Any) -> list[str]:
    """psutil lists only regular files on Linux; device files (ttys) are read from /proc/PID/fd."""
    fd_dir = f"/proc/{proc.pid}/fd"
    if os.path.isdir(fd_dir):
        out = []
        for fd in os.listdir(fd_dir):
            try:
                out.append(os.readlink(os.path.join(fd_dir, fd)))
            except OSError:
                continue
        return out
    return [f.path for f in proc.open_files()]


def list_usb_printers() -> tuple[list[UsbDeviceInfo], str | None]:
    """USB receipt printers (UsbDeviceInfo) and, when the bus could not be read, why. Loads pyusb only now."""
    try:
        from pos_doctor.link.usb import list_usb_printers as listing
    except ImportError as exc:  # pragma: no cover - pyusb is a dependency; a broken install is still explained
        return [], f"pyusb is not installed ({exc})"
    return listing()


def list_spooler_printers() -> list[SpoolerPrinter]:
    """Printers the Windows spooler knows (SpoolerPrinter); [] on other systems."""
    from pos_doctor.link.spooler import list_printers

    return list_printers()
