"""USB receipt printers through pyusb: `usb://VID:PID[/SERIAL]` (hex ids) or `usb://` for the one printer attached.

The printer interface is claimed and wrapped in a serial-port-shaped pipe (`UsbPipe`), so `Link` serves it with the
same deadline loop, stale-input flush and tracing as a serial port: bulk OUT carries the query, bulk IN the reply.
The kernel's printer driver (Linux `usblp`) is detached only while the link is open and attached again on close.

Imported only when a USB address is used or USB devices are listed (start-up stays fast). libusb comes from the
`libusb-package` wheel, so a store PC needs no system package. Backends registered with `attach_virtual` (the
simulator's USB printer) are searched before the real bus, the way python-can finds its virtual bus by name.
"""

from __future__ import annotations

import errno
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import usb.core
import usb.util

from pos_doctor.errors import LinkError, LinkTimeout, PortBusy, PortNotFound, UsageError, listing
from pos_doctor.i18n import TC, T
from pos_doctor.link.addresses import USB_ADDRESS
from pos_doctor.link.port import link_name
from pos_doctor.link.usb_bus import HUB_CLASS, PRINTER_CLASS, maker_of

if TYPE_CHECKING:
    from pos_doctor.link.port import Link
    from pos_doctor.link.trace import Tracer

WRITE_TIMEOUT = 2.0  # the same write deadline as the serial path
FLUSH_S = 0.05       # longest the stale-input flush keeps draining a chatty printer


@dataclass(frozen=True)
class UsbAddress:
    vid: int | None = None
    pid: int | None = None
    serial: str | None = None

    def __str__(self) -> str:
        if self.vid is None:
            return "usb://"
        return f"usb://{self.vid:04x}:{self.pid:04x}" + (f"/{self.serial}" if self.serial else "")


def parse_usb_address(port: str) -> UsbAddress:
    m = USB_ADDRESS.match(str(port).strip())
    if not m:
        raise UsageError(T("{port!r} is not a USB printer address; write usb://VID:PID (hex, e.g. usb://04b8:0e15), "
                           "usb://VID:PID/SERIAL, or usb:// for the one printer attached", port=port))
    if m["vid"] is None:
        return UsbAddress()
    return UsbAddress(int(m["vid"], 16), int(m["pid"], 16), m["serial"])


# --- backends: the simulator's (virtual) ones first, then libusb -----------------------------------------------

_virtual: list[Any] = []  # pyusb backends (no type stubs: Any)
_virtual_lock = threading.Lock()


def attach_virtual(backend: Any) -> None:
    """Put a backend (the simulated printer) on the bus searched by `open_usb` and `list_usb_printers`."""
    with _virtual_lock:
        _virtual.append(backend)


def detach_virtual(backend: Any) -> None:
    with _virtual_lock:
        if backend in _virtual:
            _virtual.remove(backend)


def real_backend() -> Any:
    """libusb from the libusb-package wheel, else the system's; raises usb.core.NoBackendError when neither loads."""
    backend = None
    try:
        import libusb_package

        backend = libusb_package.get_libusb1_backend()
    except ImportError:
        pass
    if backend is None:
        import usb.backend.libusb1

        backend = usb.backend.libusb1.get_backend()
    if backend is None:
        raise usb.core.NoBackendError("No backend available")
    return backend


def _devices() -> tuple[list[Any], str | None]:
    """Every device on the virtual and the real bus; the second value says why the real bus could not be read."""
    with _virtual_lock:
        backends = list(_virtual)
    found: list[Any] = []
    problem: str | None = None
    for b in backends:
        found += list(usb.core.find(find_all=True, backend=b))
    try:
        found += list(usb.core.find(find_all=True, backend=real_backend()))
    except usb.core.NoBackendError:
        problem = "libusb could not be loaded"
    except usb.core.USBError as exc:
        problem = f"the USB bus could not be read: {exc}"
    return found, problem


def _printer_interface(dev: Any) -> tuple[Any, Any, Any] | None:
    """(interface, bulk OUT, bulk IN or None) of the printer-class interface, else of the first interface with a
    bulk OUT endpoint (some Chinese printers declare a vendor class); None when the device has neither."""
    try:
        cfg = dev.get_active_configuration()
    except (usb.core.USBError, NotImplementedError):
        cfg = None
    if cfg is None:
        try:
            cfg = dev[0]
        except (usb.core.USBError, IndexError):
            return None
    candidates = sorted(cfg, key=lambda i: i.bInterfaceClass != PRINTER_CLASS)
    for intf in candidates:
        def bulk(direction: int, intf: Any = intf) -> Any:
            return usb.util.find_descriptor(
                intf, custom_match=lambda e: usb.util.endpoint_type(e.bmAttributes) == usb.util.ENDPOINT_TYPE_BULK
                and usb.util.endpoint_direction(e.bEndpointAddress) == direction)
        out = bulk(usb.util.ENDPOINT_OUT)
        if out is not None:
            return intf, out, bulk(usb.util.ENDPOINT_IN)
    return None


def _has_printer_interface(dev: Any) -> bool:
    try:
        return any(i.bInterfaceClass == PRINTER_CLASS for cfg in dev for i in cfg)
    except usb.core.USBError:
        return False


def _is_printer(dev: Any) -> bool:
    return bool(maker_of(dev.idVendor, dev.idProduct)) or _has_printer_interface(dev)


@dataclass
class UsbDeviceInfo:
    address: str
    vid: int
    pid: int
    maker: str | None = None          # from the ids (maker_of)
    manufacturer: str | None = None   # from the device's own descriptors
    product: str | None = None
    serial_number: str | None = None
    printer: bool = False
    bus: int | None = None
    device: int | None = None
    note: str | None = None           # why a descriptor string could not be read
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def vid_pid(self) -> str:
        return f"{self.vid:04x}:{self.pid:04x}"

    def label(self) -> str:
        what = " ".join(x for x in (self.manufacturer or self.maker, self.product) if x) or "unknown device"
        return f"{self.address} ({what})"

    def to_json(self) -> dict[str, Any]:
        return {"address": self.address, "vid_pid": self.vid_pid, "maker": self.maker,
                "manufacturer": self.manufacturer,
                "product": self.product, "serial_number": self.serial_number, "printer": self.printer,
                "bus": self.bus, "device": self.device, "note": self.note}


def _string(dev: Any, attr: str) -> tuple[str | None, str | None]:
    try:
        return getattr(dev, attr), None
    except (usb.core.USBError, ValueError, NotImplementedError) as exc:
        if getattr(exc, "errno", None) == errno.EACCES or "langid" in str(exc):
            return None, "descriptors not readable (permissions)"
        return None, f"descriptors not readable ({exc})"


def describe(dev: Any) -> UsbDeviceInfo:
    manufacturer, note = _string(dev, "manufacturer")
    product, _ = _string(dev, "product") if note is None else (None, None)
    serial, _ = _string(dev, "serial_number") if note is None else (None, None)
    address = str(UsbAddress(dev.idVendor, dev.idProduct, serial))
    usb.util.dispose_resources(dev)  # reading the strings opened it: close now, not whenever it is collected
    return UsbDeviceInfo(address, dev.idVendor, dev.idProduct, maker_of(dev.idVendor, dev.idProduct), manufacturer,
                         product, serial, _is_printer(dev), dev.bus, dev.address, note)


def list_usb_devices(printers_only: bool = True) -> tuple[list[UsbDeviceInfo], str | None]:
    """USB printers (or every device but hubs) with their descriptors; the second value explains an unreadable bus."""
    found, problem = _devices()
    out = []
    for dev in found:
        if dev.bDeviceClass == HUB_CLASS or (printers_only and not _is_printer(dev)):
            continue
        out.append(describe(dev))
    return out, problem


def list_usb_printers() -> tuple[list[UsbDeviceInfo], str | None]:
    return list_usb_devices(printers_only=True)


# --- the pipe --------------------------------------------------------------------------------------------------

class UsbPipe:
    """A claimed printer interface with the face of a pyserial port (timeout, in_waiting, read, write, flush,
    reset_input_buffer, close), so `Link` runs its deadlines over it unchanged."""

    def __init__(self, dev: Any, intf: int, ep_out: Any, ep_in: Any, *, detached: bool,
                 write_timeout: float = WRITE_TIMEOUT):
        self.dev, self.intf, self.ep_out, self.ep_in = dev, intf, ep_out, ep_in
        self.detached = detached
        self.write_timeout = write_timeout
        self.timeout: float = 0
        self._buf = bytearray()
        self._closed = False

    @property
    def in_waiting(self) -> int:
        return len(self._buf)

    def write(self, data: bytes) -> int:
        if self._closed:
            raise usb.core.USBError("the link is closed", errno=errno.ENODEV)
        return int(self.ep_out.write(bytes(data), timeout=max(1, int(self.write_timeout * 1000))))

    def flush(self) -> None:
        pass  # a bulk transfer returns once the device took the data

    def _fill(self, timeout: float) -> None:
        if self.ep_in is None:  # a one-way printer: nothing ever comes back; wait like a silent line
            time.sleep(max(0.0, timeout))
            return
        # libusb reads 0 ms as "wait forever": the shortest wait is 1 ms
        try:
            data = self.ep_in.read(self.ep_in.wMaxPacketSize or 64, timeout=max(1, int(timeout * 1000)))
        except usb.core.USBTimeoutError:
            return
        self._buf += bytes(data)

    def read(self, n: int = 1) -> bytes:
        if self._closed:
            raise usb.core.USBError("the link is closed", errno=errno.ENODEV)
        if not self._buf:
            self._fill(self.timeout or 0)
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def reset_input_buffer(self) -> None:
        """Drop what is buffered and what the printer has already queued on its IN endpoint (bounded)."""
        self._buf.clear()
        if self.ep_in is None:
            return
        deadline = time.monotonic() + FLUSH_S
        while time.monotonic() < deadline:
            self._fill(0.001)
            if not self._buf:
                break
            self._buf.clear()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            usb.util.release_interface(self.dev, self.intf)
        except (usb.core.USBError, NotImplementedError):
            pass
        if self.detached:  # give the printer back to the system's driver (the spooler / CUPS print through it)
            try:
                self.dev.attach_kernel_driver(self.intf)
            except (usb.core.USBError, NotImplementedError):
                pass
        usb.util.dispose_resources(self.dev)


# --- opening ---------------------------------------------------------------------------------------------------

PERMISSION_HINT = T("Linux: install the udev rule shipped in contrib/ (sudo cp 60-pos-doctor-printers.rules "
                   "/etc/udev/rules.d/ && sudo udevadm control --reload), then unplug and replug the printer. Windows: "
                   "address the printer as spooler:NAME, or give it the WinUSB driver.")
def _missing(address: UsbAddress, port: str, name: str, problem: str | None,
             several: list[UsbDeviceInfo] | None = None) -> LinkError:
    if several:
        listed = ", ".join(d.label() for d in several)
        return LinkError(T("{n} USB printers match {port}: {listed}", n=len(several), port=port, listed=listed),
                         hint=T("name one of them with its full address (usb://VID:PID/SERIAL)"))
    if problem is not None:
        return LinkError(T("cannot look for USB {name} {port}: {problem}", name=link_name(name), port=port,
                           problem=problem),
                         hint=T("reinstall pos-doctor with its dependencies (pip install pos-doctor installs "
                                "libusb-package), or install libusb-1.0 from the system's packages"))
    present, _ = list_usb_devices(printers_only=False)
    available = [d.label() for d in present]
    found = listing(available)
    return PortNotFound(port, available, message=TC("usb", "port {port} does not exist", port=port),
                        hint=T("USB devices on this PC: {listed}. Check the printer's USB cable and power, and its ids "
                               "(`pos-doctor ports`). If nothing is listed at all, this PC may not let pos-doctor see "
                               "the USB bus (permissions). {permission}", listed=found, permission=PERMISSION_HINT))


def _usb_error(exc: Exception, port: str, name: str, dev: Any = None) -> LinkError:
    err = getattr(exc, "errno", None)
    if isinstance(exc, usb.core.USBTimeoutError) or err == errno.ETIMEDOUT:
        return LinkTimeout(T("{name}: {port} did not answer in time while opening: {exc}", name=link_name(name),
                             port=port, exc=exc), timer="usb open")
    if err == errno.EACCES:
        return LinkError(T("no permission to use the USB {name} {port}", name=link_name(name), port=port),
                         hint=PERMISSION_HINT)
    if err == errno.EBUSY:
        holder = None
        if dev is not None and dev.bus is not None and dev.address is not None:
            from pos_doctor.link.ports import port_holder

            holder = port_holder(f"/dev/bus/usb/{dev.bus:03d}/{dev.address:03d}")
        return PortBusy(port, holder, context="usb", params={"name": link_name(name)},
                        hint=(T("close {holder} and run again", holder=holder) if holder else
                              T("close the program using the printer (often the till software or a print queue) and "
                                "run again")))
    if err in (errno.ENODEV, errno.ENOENT, errno.EPIPE, errno.EIO):
        return PortNotFound(port, [], message=TC("usb gone", "port {port} does not exist", port=port),
                            hint=T("the printer went away while it was being opened: check its USB cable and power"))
    if err:
        return LinkError(T("cannot use the USB {name} {port}: {exc}", name=link_name(name), port=port, exc=exc,
                           err=err))
    return LinkError(TC("no error code", "cannot use the USB {name} {port}: {exc}", name=link_name(name), port=port,
                        exc=exc))


def _choose(address: UsbAddress, port: str, name: str) -> Any:
    found, problem = _devices()
    if address.vid is None:  # printer-class devices; failing those, devices of the receipt-printer makers
        matches = [d for d in found if _has_printer_interface(d)] or [d for d in found if d.bDeviceClass != HUB_CLASS
                                                                        and _is_printer(d)]
    else:
        matches = [d for d in found if d.idVendor == address.vid and d.idProduct == address.pid]
        if address.serial is not None:
            serials = [(d, *_string(d, "serial_number")) for d in matches]
            exact = [d for d, serial, _ in serials if serial == address.serial]
            if not exact and any(note for _, serial, note in serials if serial is None):
                # the ids match but the serial number cannot be read: as libusb says when it opens the device
                for d, _, _ in serials:
                    try:
                        d.ctrl_transfer(0x80, 6, 0x0300, 0, 4)  # GET_DESCRIPTOR (string 0): opens the device
                    except usb.core.USBError as exc:
                        raise _usb_error(exc, port, name, d) from None
            matches = exact
    for d in found:
        if len(matches) != 1 or d is not matches[0]:
            usb.util.dispose_resources(d)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise _missing(address, port, name, problem if not found else None)
    raise _missing(address, port, name, None, several=[describe(d) for d in matches])


def open_usb(port: str, *, name: str = "printer", tracer: Tracer | None = None) -> Link:
    """A `Link` over the printer interface of the device `port` names. Raises the package's link errors."""
    from pos_doctor.link.port import Link

    address = parse_usb_address(port)
    dev = _choose(address, port, name)
    try:
        try:
            dev.get_active_configuration()  # opens the device: a permission or busy problem shows here
        except usb.core.USBError as exc:
            if exc.errno is not None:
                raise
            dev.set_configuration()  # "configuration not set": a device fresh from a reset
        found = _printer_interface(dev)
        if found is None:
            raise LinkError(T("{port} has no printer interface (no bulk OUT endpoint)", port=port),
                            hint=T("check that the address names the receipt printer (`pos-doctor ports` lists USB "
                                   "printers)"))
        intf, ep_out, ep_in = found
        number = intf.bInterfaceNumber
        detached = False
        try:
            if dev.is_kernel_driver_active(number):
                dev.detach_kernel_driver(number)
                detached = True
        except NotImplementedError:  # Windows and macOS have no kernel driver to detach this way
            pass
        try:
            usb.util.claim_interface(dev, number)
        except Exception:
            if detached:
                try:
                    dev.attach_kernel_driver(number)
                except (usb.core.USBError, NotImplementedError):
                    pass
            raise
    except usb.core.USBError as exc:
        usb.util.dispose_resources(dev)
        raise _usb_error(exc, port, name, dev) from None
    if ep_in is None:
        pipe = UsbPipe(dev, number, ep_out, None, detached=detached)
        pipe.close()
        raise LinkError(T("{port} is a one-way printer (no bulk IN endpoint): it cannot report its status over USB",
                          port=port),
                        hint=T("check the printer's interface setting (bidirectional), or read its status over "
                               "serial or the network"))
    return Link(UsbPipe(dev, number, ep_out, ep_in, detached=detached), name=name, port=port, tracer=tracer)
