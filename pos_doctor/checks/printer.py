"""Checks that ask the receipt printer (ESC/POS real-time status): does it answer, and is it ready to print.

A printer that answers nothing is off or unplugged (link.printer); one that answers with the offline bit is on but
cannot print, and its status bytes say why when the model reports the cause (printer.receipt).
"""

from __future__ import annotations

from pos_doctor.checks.ports import NO_PRINTER, device_link, port_problem_hint, ports_hint
from pos_doctor.checks.registry import check, see
from pos_doctor.checks.runner import CheckContext, error_text, hint_of, result
from pos_doctor.errors import LinkError, LinkTimeout, PortBusy, PortNotFound
from pos_doctor.i18n import T, Text

ESCPOS = ("pos_doctor.protocols.escpos.session",)  # imported by the runner before the ports open


def _printer_status(ctx: CheckContext):
    def make():
        held = ctx.resources.get("printer")
        if held is None:
            from pos_doctor.protocols.escpos.session import PrinterClient

            held = ctx.resources["printer"] = PrinterClient(device_link(ctx, "printer"))
        return held.status()
    return ctx.once("printer.status", make)


@check("link.printer", "link", Text("Printer connection"), port="printer", needs=ESCPOS)
def link_printer(ctx: CheckContext):
    if not ctx.options.printer:
        return result("skipped", NO_PRINTER)
    if str(ctx.options.printer).lower().startswith("spooler:"):  # Windows: what the spooler knows, no byte link
        from pos_doctor.checks.spooler_printer import link_result

        return link_result(ctx)
    try:
        _printer_status(ctx)
    except PortBusy as exc:
        return result("unknown", T("printer port is in use by {holder}", holder=exc.holder or T("another program")),
                      playbook="printer-fault", data={"holder": exc.holder},
                      hint=Text("Close the program holding the port (often the till software), then run again."))
    except PortNotFound as exc:
        # a usb:// address with nothing of those ids on the bus: the printer is not there
        if str(ctx.options.printer).lower().startswith("usb://"):
            return result("critical", T("no USB printer {port} is attached", port=ctx.options.printer),
                          observed="not on the USB bus", expected="printer attached", playbook="printer-fault",
                          data={"available": exc.available}, hint=hint_of(exc))
        return result("unknown", T("printer port {port} does not exist", port=ctx.options.printer),
                      observed="missing", expected="port exists", playbook="printer-fault",
                      data={"available": exc.available}, hint=ports_hint(exc, "printer", "--printer / printer.port"))
    except LinkTimeout:
        return result("critical", Text("printer does not answer"), observed="timeout",
                      playbook="printer-fault",
                      hint=Text("Check that the printer is on and its cable is plugged in."))
    except LinkError as exc:
        return result("unknown", T("cannot use printer port: {error}", error=error_text(exc)),
                      playbook="printer-fault", hint=hint_of(exc) or port_problem_hint("printer"))
    return result("ok", T("printer answers on {port}", port=ctx.options.printer),
                  observed="answered")


PRINTER_FLAGS = [  # flag, status, playbook, message  — in order of what staff should fix first
    ("unrecoverable_error", "critical", "printer-fault", T("printer has an unrecoverable error")),
    ("cover_open", "critical", "printer-cover-open", T("printer cover is open")),
    ("paper_end", "critical", "printer-paper", T("printer is out of paper")),
    ("autocutter_error", "critical", "printer-fault", T("paper cutter error")),
    ("auto_recoverable_error", "warning", "printer-fault", T("printer overheated or recoverable error")),
    ("paper_near_end", "warning", "printer-paper", T("paper roll nearly empty")),
]


OFFLINE_CAUSES = [  # DLE EOT 2 bits naming why a printer is offline (cover and paper are reported above)
    ("paper_feeding", T("the feed button is being pressed")),
    ("error", T("an error stopped it")),
]


@check("printer.receipt", "printer", Text("Receipt printer"), port="printer", needs=ESCPOS)
def printer_receipt(ctx: CheckContext):
    if not ctx.options.printer:
        return result("skipped", NO_PRINTER)
    if str(ctx.options.printer).lower().startswith("spooler:"):
        from pos_doctor.checks.spooler_printer import receipt_result

        return receipt_result(ctx)
    try:
        st = _printer_status(ctx)
    except LinkError:
        silent = Text("printer did not answer")
        if ctx.selected is None or "link.printer" in ctx.selected:  # reported there (one fault, one finding)
            return result("skipped", see("link.printer", silent))
        return result("unknown", silent, observed="no answer", playbook="printer-fault",
                      hint=Text("Check that the printer is on and its cable is plugged in."))
    raw = {str(k): v for k, v in (st.raw or {}).items()}
    if getattr(st, "not_understood", None) or st.online is None:
        # a flood of status bytes, or bytes that are not a status reply: one of them may look like "ready"
        return result("unknown", Text("the printer's answer was not understood"),
                      observed="not understood", expected="one status byte per query", playbook="printer-fault",
                      data={"raw": raw, "why": st.not_understood or "no printer status in the replies"},
                      hint=Text("Switch the printer off and on, check that the port is the printer's, then check "
                                "again."))
    from pos_doctor.protocols.escpos.status import PROBLEMS

    hints = dict(PROBLEMS)
    for flag, status_, pb, said in PRINTER_FLAGS:
        if getattr(st, flag, None):
            return result(status_, said, observed=flag, expected="ready", playbook=pb, data={"raw": raw},
                          hint=hints.get(flag))
    if st.online is False:
        # offline, yet it answers: the cause is in DLE EOT 2 when the printer sets it (feed button, error)
        cause = next(((why, flag) for flag, why in OFFLINE_CAUSES if getattr(st, flag, None)), None)
        why, flag = cause or (T("it does not say why"), "not reported")
        return result("critical", T("printer is offline ({why})", why=why),
                      observed=f"offline, cause: {flag}", expected="online", playbook="printer-fault",
                      data={"raw": raw},
                      hint=Text("Press the printer's online/feed button or switch it off and on; check cover and "
                                "paper."))
    return result("ok", Text("printer ready"), observed="ready", data={"raw": raw})
