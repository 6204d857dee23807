"""Opening a device port (path or pyserial URL) and the dumb pipe over it, with deadlines written once.

A pty path from the simulator goes through exactly the same code as /dev/ttyUSB0 or COM3, and the simulator's
`socket://127.0.0.1:PORT` the same code as a terminal's `socket://192.168.1.20:20007` (link/tcp.py). Failures
become the package's link errors: PortNotFound (listing the ports that exist), PortBusy (naming the process that
holds the port), LinkTimeout (naming the timer), LinkClosed (the device went away).
"""

from __future__ import annotations

import errno
import sys
import time
from typing import TYPE_CHECKING, Any

from pos_doctor.errors import LinkClosed, LinkError, LinkTimeout, PortBusy, PortNotFound, UsageError, listing
from pos_doctor.i18n import TC, T, Text
from pos_doctor.values import Value

if TYPE_CHECKING:
    from pos_doctor.link.trace import Tracer  # a caller that traces made one; a link without a trace needs none

KNOWN_SCHEMES = ("socket", "rfc2217", "loop", "spy", "hwgrep", "alt")
STANDARD_BAUDS = (1200, 2400, 4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400, 460800, 921600)


class LineSettings(Value):
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    rtscts: bool = False
    xonxoff: bool = False

    def validate(self) -> None:
        if self.baudrate not in STANDARD_BAUDS:
            raise UsageError(T("baud rate {baudrate} is not supported; use one of {items}", baudrate=self.baudrate,
                               items=', '.join(map(str, STANDARD_BAUDS))))
        if self.bytesize not in (5, 6, 7, 8):
            raise UsageError(T("byte size {bytesize} is not valid; use 7 or 8", bytesize=self.bytesize))
        if str(self.parity).upper() not in ("N", "E", "O", "M", "S"):
            raise UsageError(T("parity {parity!r} is not valid; use N, E or O", parity=self.parity))
        if self.stopbits not in (1, 1.5, 2):
            raise UsageError(T("stop bits {stopbits} is not valid; use 1 or 2", stopbits=self.stopbits))

    def seconds_per_byte(self) -> float:
        bits = 1 + self.bytesize + (0 if str(self.parity).upper() == "N" else 1) + self.stopbits
        return bits / self.baudrate


def _scheme(port: str) -> str | None:
    if "://" not in port:
        return None
    return port.split("://", 1)[0].lower()


POLL = 0.05  # longest single wait inside a read, so a deadline is never overshot by more than this
# A wait that ends this much later than asked: this process was not running (a loaded PC) when its time ran out, so
# the end of that time was not observed, and a device served from this process (the simulator) was not running
# either. One more look, this long at most, before the wait counts as silence.
STALL = 0.05


def _line_failures() -> tuple[type[BaseException], ...]:
    """What a port that went away raises: OSError from our own pipes (TCP, character device, USB), and inside
    pyserial its SerialException and, on POSIX, termios.error, which is not an OSError: pyserial lets it through from
    tcflush (reset_input_buffer), tcdrain (flush) and tcsetattr (a timeout change) once the device end of a tty is
    gone (EIO). Read only when an exception is raised (it is an `except` clause's expression); a module not imported
    raises nothing, so a TCP link's failure does not import pyserial to name it."""
    failures: list[type[BaseException]] = [OSError]
    for module, name in (("serial", "SerialException"), ("termios", "error")):
        if module in sys.modules:
            failures.append(getattr(sys.modules[module], name))
    return tuple(failures)


class Link:
    """A pipe to one device. All reads take a timeout; the deadline loop lives here and nowhere else."""

    def __init__(self, serial_port: Any, *, name: str, port: str, tracer: Tracer | None = None):
        # a pyserial port, or anything with its face (link.usb.UsbPipe, link.chardev's file)
        self._s = serial_port
        self.name = name
        self.port = port
        self.is_tcp = _scheme(port) == "socket"
        # a pipe whose read(n) returns at once all that has arrived, up to n (link.tcp.TcpPipe): asked for all that
        # is wanted, not byte by byte (a trace line per byte, a system call per byte)
        self._whole = getattr(serial_port, "READS_WHAT_ARRIVED", False) is True
        self.tracer = tracer
        self.bytes_in = 0
        self.bytes_out = 0

    def write(self, data: bytes) -> None:
        try:
            self._s.write(bytes(data))
            self._s.flush()
        except _line_failures() as exc:
            raise LinkClosed(T("{name}: {port} went away (cannot write: {exc})", name=self.name, port=self.port,
                               exc=exc),
                             hint=T("check the cable and that the device is powered")) from None
        self.bytes_out += len(data)
        if self.tracer:
            self.tracer.record(self.name, "tx", data)

    def seconds_per_byte(self) -> float | None:
        """The line time of one byte on a serial line (start bit, data bits, parity, stop bits at its baud rate);
        None where bytes do not travel one by one at a baud rate (TCP, USB, a character device)."""
        s = self._s
        baud = getattr(s, "baudrate", None)
        if self.is_tcp or not isinstance(baud, (int, float)) or baud <= 0 or not hasattr(s, "bytesize"):
            return None
        parity = 0 if str(getattr(s, "parity", "N")).upper() == "N" else 1
        return float(1 + s.bytesize + parity + float(getattr(s, "stopbits", 1))) / float(baud)

    def _set_timeout(self, value: float) -> None:
        # pyserial reconfigures the port on every timeout assignment (tcsetattr; over RFC 2217 a negotiation
        # round trip per setting), so only a change is passed on.
        if self._s.timeout != value:
            self._s.timeout = value

    def read(self, n: int, timeout: float) -> bytes:
        """Up to n bytes: returns as soon as at least one byte is there; b"" when `timeout` passes first."""
        deadline = time.monotonic() + max(0.0, timeout)
        out = b""
        looked_again = timeout <= 0  # a poll (no wait) is not a wait that can end late
        try:
            while True:
                waiting = self._s.in_waiting if not self.is_tcp else 0
                began = time.monotonic()
                left = deadline - began
                wait = round(min(left, POLL), 3) if left > 0 else 0
                self._set_timeout(wait)
                chunk = self._s.read(max(1, n if self._whole else min(n, waiting or 1)))
                if chunk:
                    out = chunk
                    more = self._s.in_waiting if not self.is_tcp else 0
                    if more and len(out) < n:  # already there: returns at once, whatever the timeout
                        out += self._s.read(min(n - len(out), more))
                    break
                now = time.monotonic()
                if now >= deadline:
                    if looked_again or now - (began + wait) <= STALL:
                        break
                    looked_again, deadline = True, now + min(STALL, timeout)
        except _line_failures() as exc:
            raise LinkClosed(T("{name}: {port} went away: {exc}", name=self.name, port=self.port, exc=exc),
                             hint=T("check the cable and that the device is powered")) from None
        if out:
            self.bytes_in += len(out)
            if self.tracer:
                self.tracer.record(self.name, "rx", out)
        return out

    def read_exactly(self, n: int, timeout: float, *, timer: str = "read") -> bytes:
        deadline = time.monotonic() + timeout
        out = b""
        while len(out) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LinkTimeout(T("{name}: no complete answer within {timeout:.1f} s ({timer}); got {got} of {n} "
                                    "bytes",
                                    name=link_name(self.name), timeout=timeout, timer=timer, got=len(out), n=n),
                                  timer=timer)
            out += self.read(n - len(out), left)
        return out

    def reset_input(self) -> None:
        """Drop stale input (a late reply to an earlier query is a known source of wrong readings)."""
        try:
            if self.is_tcp:
                self._s.timeout = 0
                while self._s.read(4096):
                    pass
            else:
                self._s.reset_input_buffer()
        except _line_failures() as exc:
            raise LinkClosed(T("{name}: {port} went away: {exc}", name=self.name, port=self.port, exc=exc),
                             hint=T("check the cable and that the device is powered")) from None

    def close(self) -> None:
        try:
            self._s.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass

    def __enter__(self) -> "Link":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


LINK_NAME = {"terminal": TC("link", "terminal"), "printer": TC("link", "printer")}  # a link's name, said in a language


def link_name(name: str) -> Text | str:
    """A link's name ("terminal", "printer") as a message, so each language says it its way."""
    return LINK_NAME.get(name, name)


def open_link(port: str, settings: LineSettings = LineSettings(), *, name: str = "terminal", exclusive: bool = True,
              tracer: Tracer | None = None, connect_timeout: float = 3.0) -> Link:
    if not port or not str(port).strip():
        raise UsageError(T("no {name} port given", name=link_name(name)),
                         hint=T("pass --terminal/--printer or set it in pos-doctor.toml"))
    port = str(port).strip()
    # usb://, tcp://, HOST:PORT, spooler:, /dev/usb/lp*: printer addresses beside paths and pyserial URLs
    from pos_doctor.link.addresses import open_address, tcp_address

    link = open_address(port, name=name, open_link=open_link, tracer=tracer, settings=settings, exclusive=exclusive,
                        connect_timeout=connect_timeout)
    if link is not None:
        return link
    scheme = _scheme(port)
    if scheme is not None and scheme not in KNOWN_SCHEMES:
        raise UsageError(T("unknown URL scheme '{scheme}://' in {port}; use a path (/dev/ttyUSB0, COM3), "
                           "socket://host:port, tcp://host:9100 or usb://VID:PID", scheme=scheme, port=port))
    settings.validate()
    address = tcp_address(port) if scheme == "socket" else None
    if address is not None:  # a plain socket://HOST:PORT: a TCP connection of our own, without pyserial (link/tcp.py)
        from pos_doctor.link.tcp import connect

        try:
            pipe = connect(*address, timeout=connect_timeout)
        except OSError as exc:
            raise _open_error(port, name, exc) from None
        return Link(pipe, name=name, port=port, tracer=tracer)
    import serial

    try:
        s = serial.serial_for_url(port, do_not_open=True)
    except (ValueError, serial.SerialException) as exc:
        raise UsageError(T("cannot use {port}: {exc}", port=port, exc=exc)) from None
    s.baudrate = settings.baudrate
    s.bytesize = settings.bytesize
    s.parity = str(settings.parity).upper()
    s.stopbits = settings.stopbits
    s.rtscts = settings.rtscts
    s.xonxoff = settings.xonxoff
    s.timeout = connect_timeout if scheme == "socket" else 0
    if scheme != "rfc2217":  # pyserial's RFC 2217 client refuses a write timeout (NotImplementedError)
        s.write_timeout = 2.0
    if scheme is None and exclusive:
        try:
            s.exclusive = True
        except (ValueError, AttributeError):  # not supported on this platform
            pass
    try:
        s.open()
    except serial.SerialException as exc:
        raise _open_error(port, name, exc) from None
    except OSError as exc:
        raise _open_error(port, name, exc) from None
    return Link(s, name=name, port=port, tracer=tracer)


def _connect_failure(exc: Exception) -> Text | str:
    """Why a network connection failed, in the reader's language where the system's reason is a known one (the
    system's own words are English)."""
    import socket

    cause = exc if isinstance(exc, OSError) else (exc.__cause__ or exc.__context__)  # pyserial wraps the OSError
    if isinstance(cause, socket.gaierror):
        return T("the name does not resolve")
    err = getattr(cause, "errno", None)
    if err == errno.ECONNREFUSED:
        return T("the connection was refused (nothing answers on that port)")
    if err == errno.ETIMEDOUT or isinstance(cause, TimeoutError):  # a connect timeout has no errno
        return T("no answer in time")
    if err in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN):
        return T("the address cannot be reached from this PC")
    return _system_reason(exc)


def _system_reason(exc: Exception) -> Text:
    """A failure the system gave in its own words (English, whatever the reader's language): the error's number for
    every reader, the system's words in English only, so that no English reaches a Chinese screen."""
    cause = exc if isinstance(exc, OSError) else (exc.__cause__ or exc.__context__)
    err = getattr(cause, "errno", None)
    if isinstance(err, int):
        return T("the system reported error {code} ({reason})", code=err,
                 reason=getattr(cause, "strerror", None) or str(exc))
    return T("the system gave no reason in this language ({reason})", reason=str(exc))


def _open_error(port: str, name: str, exc: Exception) -> LinkError:
    from pos_doctor.link.ports import list_ports, port_holder

    err = getattr(exc, "errno", None)
    text = str(exc)
    if _scheme(port) in ("socket", "rfc2217"):
        return LinkError(T("cannot connect to {name} at {port}: {exc}", name=link_name(name), port=port,
                           exc=_connect_failure(exc)),
                         hint=T("check the address and port, and that the device is on the network"))
    missing = ("No such file" in text or "FileNotFoundError" in text or "cannot find" in text.lower())
    if err in (errno.ENOENT, errno.ENODEV, errno.ENXIO) or "could not open port" in text and missing:
        available = [p.device for p in list_ports() if not p.phantom]
        listed_t = listing(available, T("none found"))
        return PortNotFound(port, available,
                            hint=T("ports on this PC: {listed}. Check the cable, or run `pos-doctor ports`.",
                                   listed=listed_t))
    held = ("Access is denied" in text or "Could not exclusively lock" in text
            or "Resource temporarily unavailable" in text)
    if err in (errno.EAGAIN, errno.EBUSY, errno.EACCES) or held:
        if err == errno.EACCES and "denied" in text.lower() and not _is_windows():
            return LinkError(T("no permission to open {port}", port=port),
                             hint=T("add your user to the 'dialout' group (then log in again)"))
        holder = port_holder(port)
        return PortBusy(port, holder,
                        hint=(T("close {who} (often the till software) or use another port", who=holder) if holder
                              else T("close another program (often the till software) or use another port")))
    return LinkError(T("cannot open {port}: {exc}", port=port, exc=_system_reason(exc)))


def _is_windows() -> bool:
    import os

    return os.name == "nt"
