"""Where the checks reach the devices: the link to the terminal or the printer, opened once per session.

Links are opened through pos_doctor.link.open_link, exactly as for hardware (a simulated device is one more
backend there), or taken from an open CheckSession (ctx.resources).
"""

from __future__ import annotations

from pos_doctor.checks.runner import CheckContext
from pos_doctor.i18n import TC, T, Text

NO_TERMINAL = Text("no terminal configured (--terminal or terminal.port)")
NO_PRINTER = Text("no receipt printer configured (--printer or printer.port)")


def ports_hint(exc, device: str, option: str) -> Text:
    """A port that does not exist: the cable, the name that was given, and the ports this PC has."""
    available = [T("{value}", value=p) for p in getattr(exc, "available", None) or []]
    listed = _listed(available) if available else T("none found")
    if device == "terminal":
        return T("Check the terminal's cable and the port name ({option}). Ports on this PC: {listed}; "
                 "`pos-doctor ports` lists them.", option=option, listed=listed)
    return T("Check the printer's cable and the port name ({option}). Ports on this PC: {listed}; "
             "`pos-doctor ports` lists them.", option=option, listed=listed)


def _listed(parts: list[Text]) -> Text:
    """'a, b' ('a、b' in Chinese), as payments.sentences.listed says a list (checks do not import payments)."""
    out = parts[0]
    for part in parts[1:]:
        out = TC("list", "{first}, {then}", first=out, then=part)
    return out


def port_problem_hint(device: str) -> Text:
    if device == "terminal":
        return T("Check the terminal port setting (path or socket://host:port), the cable and the device's power.")
    return T("Check the printer port setting (path or socket://host:port), the cable and the device's power.")


def device_link(ctx: CheckContext, name: str):
    held = ctx.resources.get(f"{name}_link")
    if held is not None:
        return held
    from pos_doctor.link import LineSettings, open_link

    o = ctx.options
    port = o.terminal if name == "terminal" else o.printer
    baud = o.baud if name == "terminal" else o.printer_baud
    link = open_link(port or "", LineSettings(baudrate=baud, parity=o.parity, stopbits=o.stopbits), name=name,
                     tracer=ctx.resources.get("tracer"))
    ctx.resources[f"{name}_link"] = link
    ctx.resources.setdefault("_opened", []).append(link)
    return link
