"""A printer the OS offers as a character device, not a tty: Linux `usblp` (/dev/usb/lp*, major 180) and the
parallel port (/dev/lp*, major 6). Opened as a file, without termios, and given the face of a pyserial port so
`Link` serves it with the same deadlines and stale-input flush. POSIX only; imported only for such a path."""

from __future__ import annotations

import errno
import os
import select
import stat
import time
from typing import TYPE_CHECKING

from pos_doctor.errors import LinkError, PortBusy, PortNotFound, listing
from pos_doctor.i18n import TC, T

if TYPE_CHECKING:
    from pos_doctor.link.port import Link
    from pos_doctor.link.trace import Tracer

PRINTER_MAJORS = {180, 6}  # Linux: usb/lp (usblp) and lp (parallel printer)
WRITE_TIMEOUT = 2.0


def is_printer_device(path: str) -> bool:
    if os.name != "posix":
        return False
    try:
        st = os.stat(path)
    except OSError:
        return path.startswith("/dev/usb/lp")  # gone: let the opener report it as missing
    return stat.S_ISCHR(st.st_mode) and os.major(st.st_rdev) in PRINTER_MAJORS


class CharDevicePipe:
    def __init__(self, fd: int, write_timeout: float = WRITE_TIMEOUT):
        self.fd = fd
        self.timeout: float = 0
        self.write_timeout = write_timeout
        self.in_waiting = 0  # the driver does not say; reads wait on select

    def write(self, data: bytes) -> int:
        view, deadline = memoryview(bytes(data)), time.monotonic() + self.write_timeout
        while view:
            left = deadline - time.monotonic()
            if left <= 0:
                raise OSError(errno.ETIMEDOUT, f"the printer did not take the data within {self.write_timeout:.0f} s")
            _, ready, _ = select.select([], [self.fd], [], left)
            if not ready:
                continue
            try:
                view = view[os.write(self.fd, view):]
            except BlockingIOError:
                continue
        return len(data)

    def flush(self) -> None:
        pass

    def read(self, n: int = 1) -> bytes:
        timeout = self.timeout or 0
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            data = os.read(self.fd, n)
        except BlockingIOError:
            data = b""
        if not data:  # usblp reports "nothing yet" as an empty read: wait out the slice instead of spinning
            time.sleep(timeout)
        return data

    def reset_input_buffer(self) -> None:
        deadline = time.monotonic() + 0.05
        while time.monotonic() < deadline:
            try:
                if not os.read(self.fd, 4096):
                    return
            except BlockingIOError:
                return

    def close(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass


def open_char_device(path: str, *, name: str, tracer: Tracer | None = None) -> Link:
    from pos_doctor.link.port import Link

    try:
        fd = os.open(path, os.O_RDWR | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
            try:
                from pos_doctor.link.usb import list_usb_devices

                available = [d.label() for d in list_usb_devices(printers_only=False)[0]]
            except (ImportError, OSError, ValueError):  # no pyusb/libusb: the hint still names the cable and power
                available = []
            raise PortNotFound(path, available, message=TC("printer device", "port {port} does not exist", port=path),
                               hint=T("the printer behind {path} is not there: check its USB cable and power. "
                                      "USB devices on this PC: {listed}", path=path,
                                      listed=listing(available))) from exc
        if exc.errno == errno.EBUSY:
            from pos_doctor.link.ports import port_holder

            holder = port_holder(path)
            raise PortBusy(path, holder, context="printer device",
                           hint=(T("close {holder} and run again", holder=holder) if holder
                                 else T("close the program using the printer and run again"))) from None
        if exc.errno == errno.EACCES:
            raise LinkError(T("no permission to open {path}", path=path),
                            hint=T("add your user to the 'lp' group (then log in again), or install the udev rule in "
                                   "contrib/")) from None
        raise LinkError(T("cannot open {path}: {value}", path=path, value=exc.strerror or exc)) from None
    return Link(CharDevicePipe(fd), name=name, port=path, tracer=tracer)
