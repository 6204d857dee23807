"""Which serial ports exist and who holds them; the USB printers and the Windows spooler's, loaded only when needed.

Light on purpose (`pos-doctor ports` is within 2x a bare interpreter start, issue 27): no dataclasses, pyserial's
port listing only, psutil only for a port that exists, libusb only when the bus may hold a printer (link/usb_bus.py),
pywin32 only on Windows.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pos_doctor.link.spooler import SpoolerPrinter
    from pos_doctor.link.usb import UsbDeviceInfo


class PortInfo:
    __slots__ = ("device", "description", "vid", "pid", "serial_number", "hwid", "phantom", "holder")

    def __init__(self, device: str, description: str = "", vid: int | None = None, pid: int | None = None,
                 serial_number: str | None = None, hwid: str = "", phantom: bool = False,
                 holder: str | None = None) -> None:
        self.device, self.description, self.vid, self.pid = device, description, vid, pid
        self.serial_number, self.hwid, self.phantom, self.holder = serial_number, hwid, phantom, holder

    def __repr__(self) -> str:
        return "PortInfo(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__) + ")"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PortInfo) and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

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
    """USB receipt printers (UsbDeviceInfo) and, when the bus could not be read, why. Loads pyusb only now, and
    only when the bus may hold a printer or the simulator's bus is attached in this process."""
    if "pos_doctor.link.usb" not in sys.modules:  # else its virtual bus may hold the simulator's printer
        from pos_doctor.link.usb_bus import may_hold_printers

        if not may_hold_printers():
            return [], None
    try:
        from pos_doctor.link.usb import list_usb_printers as listing
    except ImportError as exc:  # pragma: no cover - pyusb is a dependency; a broken install is still explained
        return [], f"pyusb is not installed ({exc})"
    return listing()


def list_spooler_printers() -> list[SpoolerPrinter]:
    """Printers the Windows spooler knows (SpoolerPrinter); [] on other systems."""
    if sys.platform != "win32":
        return []
    from pos_doctor.link.spooler import list_printers

    return list_printers()
