"""Printer addresses beside serial paths and pyserial URLs: `usb://VID:PID[/SERIAL]`, `tcp://HOST:PORT` and
`HOST:PORT` (a network printer's raw port, usually 9100), `spooler:NAME` (Windows), and a printer the OS offers as
a character device (`/dev/usb/lp0`). `open_link` asks `open_address` first; None means "a serial port or URL".

Nothing here imports pyusb or pywin32: those load only when such an address is used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable

from pos_doctor.errors import UsageError
from pos_doctor.i18n import T

if TYPE_CHECKING:
    from pos_doctor.link.port import Link
    from pos_doctor.link.trace import Tracer

USB_ADDRESS = re.compile(r"^(?i:usb)://(?:(?P<vid>[0-9a-fA-F]{1,4}):(?P<pid>[0-9a-fA-F]{1,4})(?:/(?P<serial>[^/]+))?)?/?$")
SOCKET_URL = re.compile(r"^socket://(?P<host>[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]):(?P<port>\d{1,5})/?$", re.IGNORECASE)
HOST_PORT = re.compile(r"^(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\]):(?P<port>\d{1,5})$")


def printer_address_ok(port: str) -> bool:
    """A printer address of this module's kinds, well formed (usb://, tcp://, HOST:PORT, spooler:NAME)."""
    text = str(port).strip()
    low = text.lower()
    if low.startswith("usb://"):
        return USB_ADDRESS.match(text) is not None
    if low.startswith("spooler:"):
        return bool(text[len("spooler:"):].strip())
    try:
        return network_url(text) is not None
    except UsageError:
        return False


def network_url(port: str) -> str | None:
    """socket://HOST:PORT for `tcp://HOST:PORT` or `HOST:PORT`; None for anything else."""
    text = port.strip()
    rest = text[6:] if text.lower().startswith("tcp://") else text
    m = HOST_PORT.match(rest.rstrip("/"))
    if m is None:
        if text.lower().startswith("tcp://"):
            raise UsageError(T("{port!r}: write tcp://HOST:PORT (a network printer's raw port is usually 9100)",
                               port=port))
        return None
    number = int(m["port"])
    if not 0 < number < 65536:
        raise UsageError(T("{port!r}: port {number} is not between 1 and 65535", port=port, number=number))
    return f"socket://{m['host']}:{number}"


def tcp_address(url: str) -> tuple[str, int] | None:
    """(host, port) of a plain `socket://HOST:PORT`, which link/tcp.py opens; None for anything else (pyserial opens
    a socket:// URL with options or a path, as it opens every other URL)."""
    m = SOCKET_URL.match(url)
    if m is None or int(m["port"]) > 65535:
        return None
    return m["host"].strip("[]"), int(m["port"])


def modules_for(port: str) -> tuple[str, ...]:
    """The modules opening `port` imports (this module and open_link import lazily), for a caller to import before
    its time-critical part: an import between opening a port and its first byte would delay that byte."""
    text = str(port or "").strip()
    low = text.lower()
    # the link package loads its names on first use (issue 27): the port and trace modules every link needs too
    names = ["pos_doctor.link.port", "pos_doctor.link.trace", "pos_doctor.link.spooler", "pos_doctor.link.chardev"]
    if low.startswith("usb://"):
        return (*names, "pos_doctor.link.usb")
    try:
        url = network_url(text) if "://" not in low or low.startswith("tcp://") else text
    except UsageError:  # opening it reports that, with its own words
        url = None
    if url and tcp_address(url) is not None:  # our own TCP connection, not pyserial's
        return (*names, "pos_doctor.link.tcp")
    names.append("serial")
    if url and "://" in url:  # pyserial imports the URL's handler when it opens the port
        names.append("serial.urlhandler.protocol_" + url.split("://", 1)[0].lower())
    return tuple(names)


def open_address(port: str, *, name: str, open_link: Callable[..., Link], tracer: Tracer | None = None,
                 **kw: Any) -> Link | None:
    """A Link for the addresses this module knows, else None. `open_link` is the serial/URL opener."""
    low = port.lower()
    if low.startswith("usb://"):
        from pos_doctor.link.usb import open_usb

        return open_usb(port, name=name, tracer=tracer)
    if low.startswith("spooler:"):  # the module only for its own addresses (a terminal's process never needs it)
        from pos_doctor.link.spooler import spooler_name

        spooler_name(port)  # a name missing: its own usage error
        raise UsageError(T("{port}: a Windows spooler printer reports its status only; it has no byte link", port=port),
                         hint=T("use it as --printer for `check`"))
    if "://" not in port or low.startswith("tcp://"):
        url = network_url(port)
        if url is not None:
            link = open_link(url, name=name, tracer=tracer, **kw)
            link.port = port  # reported as the person wrote it
            return link
    if "://" not in port:
        from pos_doctor.link.chardev import is_printer_device

        if is_printer_device(port):
            from pos_doctor.link.chardev import open_char_device

            return open_char_device(port, name=name, tracer=tracer)
    return None
