"""Printers known to the Windows spooler: `spooler:NAME` reports what the printer's driver told the spooler.

The spooler gives no byte link, only status flags (GetPrinter level 2: Status and Attributes). Their meaning is a
pure mapping (`findings`), tested on every platform; the pywin32 call (`query`, `list_printers`) is imported and
run only on Windows. The spooler has no flag for a nearly empty roll, and a driver that does not watch its printer
leaves every flag clear: "no problem reported" is all a clear status says.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from pos_doctor.errors import LinkError, PortNotFound, UsageError, listing
from pos_doctor.i18n import TC, T, Text

PREFIX = "spooler:"

# PRINTER_STATUS_* values (MS-RPRN 2.2.3.12 "Status and Attribute Values"; PRINTER_INFO_2.Status)
STATUS_FLAGS = {
    "paused": 0x00000001, "error": 0x00000002, "pending_deletion": 0x00000004, "paper_jam": 0x00000008,
    "paper_out": 0x00000010, "manual_feed": 0x00000020, "paper_problem": 0x00000040, "offline": 0x00000080,
    "io_active": 0x00000100, "busy": 0x00000200, "printing": 0x00000400, "output_bin_full": 0x00000800,
    "not_available": 0x00001000, "waiting": 0x00002000, "processing": 0x00004000, "initializing": 0x00008000,
    "warming_up": 0x00010000, "toner_low": 0x00020000, "no_toner": 0x00040000, "page_punt": 0x00080000,
    "user_intervention": 0x00100000, "out_of_memory": 0x00200000, "door_open": 0x00400000,
    "server_unknown": 0x00800000, "power_save": 0x01000000,
}
ATTRIBUTE_WORK_OFFLINE = 0x00000400  # PRINTER_ATTRIBUTE_WORK_OFFLINE: "Use printer offline" ticked in Windows


@dataclass(frozen=True)
class Finding:
    flag: str
    status: str          # critical | warning
    playbook: str | None
    text: Text


# In the order staff should deal with them; the first one present is the check's verdict.
FINDINGS = [
    Finding("door_open", "critical", "printer-cover-open", Text("printer cover is open (Windows spooler)")),
    Finding("paper_out", "critical", "printer-paper", Text("printer is out of paper (Windows spooler)")),
    Finding("paper_jam", "critical", "printer-fault", Text("paper is jammed (Windows spooler)")),
    Finding("paper_problem", "critical", "printer-paper", Text("printer has a paper problem (Windows spooler)")),
    Finding("error", "critical", "printer-fault", Text("printer reports an error (Windows spooler)")),
    Finding("user_intervention", "critical", "printer-fault", Text("printer needs attention (Windows spooler)")),
    Finding("offline", "critical", "printer-fault", Text("printer is offline (Windows spooler)")),
    Finding("not_available", "critical", "printer-fault", Text("printer is not available (Windows spooler)")),
    Finding("work_offline", "critical", "printer-fault",
            Text("Windows is set to use this printer offline")),
    Finding("out_of_memory", "warning", "printer-fault", Text("printer is out of memory (Windows spooler)")),
    Finding("paused", "warning", None, Text("the print queue is paused")),
]
HINTS = {
    "work_offline": Text("In Windows, open the printer's queue and untick Printer > Use Printer Offline."),
    "paused": Text("In Windows, open the printer's queue and untick Printer > Pause Printing."),
}


def spooler_name(port: str | None) -> str | None:
    """NAME for `spooler:NAME`; None for any other address."""
    if not port or not str(port).lower().startswith(PREFIX):
        return None
    name = str(port)[len(PREFIX):].strip()
    if not name:
        raise UsageError(T("spooler: needs the printer's name as Windows shows it, e.g. \"spooler:EPSON TM-T20III "
                           "Receipt\""))
    return name


def decode_flags(status: int, attributes: int = 0) -> list[str]:
    """Names of the flags set, in STATUS_FLAGS order, then `work_offline`; unknown bits as `0x...`."""
    names = [n for n, bit in STATUS_FLAGS.items() if status & bit]
    known = 0
    for bit in STATUS_FLAGS.values():
        known |= bit
    if status & ~known:
        names.append(f"0x{status & ~known:08x}")
    if attributes & ATTRIBUTE_WORK_OFFLINE:
        names.append("work_offline")
    return names


def findings(status: int, attributes: int = 0) -> list[Finding]:
    """What the spooler's flags say about the printer, worst first; [] when it reports no problem."""
    present = set(decode_flags(status, attributes))
    return [f for f in FINDINGS if f.flag in present]


def printer_fields(status: int, attributes: int = 0) -> dict[str, bool | None]:
    """The ESC/POS-style printer flags the spooler can vouch for: True where a flag says so, None where the spooler
    says nothing (it has no near-end flag, and a clear bit is not proof)."""
    present = set(decode_flags(status, attributes))
    offline = bool(present & {"offline", "not_available", "work_offline"})
    return {"online": False if offline else None, "cover_open": True if "door_open" in present else None,
            "paper_end": True if "paper_out" in present else None, "paper_near_end": None,
            "error": True if present & {"error", "paper_jam", "user_intervention"} else None}


@dataclass
class SpoolerPrinter:
    name: str
    status: int = 0
    attributes: int = 0
    port_name: str | None = None
    driver: str | None = None
    flags: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "port": self.port_name, "driver": self.driver, "status": self.status,
                "flags": self.flags}


def _windows_only(what: str) -> LinkError:
    return LinkError(T("{what}: spooler: printers exist only on Windows; on this system address the printer as "
                       "usb://VID:PID, tcp://HOST:9100 or its port", what=what))


def list_printers() -> list[SpoolerPrinter]:
    if sys.platform != "win32":
        return []
    import win32print  # pywin32: a dependency on Windows only

    out = []
    for info in win32print.EnumPrinters(win32print.PRINTER_ENUM_LOCAL | win32print.PRINTER_ENUM_CONNECTIONS, None, 2):
        out.append(SpoolerPrinter(info["pPrinterName"], info["Status"], info["Attributes"], info.get("pPortName"),
                                  info.get("pDriverName"), decode_flags(info["Status"], info["Attributes"])))
    return out


def query(port: str) -> SpoolerPrinter:
    """The spooler's status of the printer `spooler:NAME` names. Raises PortNotFound when Windows has no such
    printer."""
    name = spooler_name(port)
    if sys.platform != "win32":
        raise _windows_only(port)
    import pywintypes
    import win32print

    try:
        handle = win32print.OpenPrinter(name)
    except pywintypes.error as exc:
        available = [p.name for p in list_printers()]
        raise PortNotFound(port, available, message=TC("spooler", "port {port} does not exist", port=port, name=name),
                           hint=T("printers Windows knows: {listed}; write the name exactly as shown in Settings > "
                                  "Printers ({why})", listed=listing(available), why=exc.strerror)) from None
    try:
        info = win32print.GetPrinter(handle, 2)
    finally:
        win32print.ClosePrinter(handle)
    return SpoolerPrinter(name, info["Status"], info["Attributes"], info.get("pPortName"), info.get("pDriverName"),
                          decode_flags(info["Status"], info["Attributes"]))
