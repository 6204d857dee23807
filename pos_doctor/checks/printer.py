"""Checks that ask the receipt printer (ESC/POS real-time status): does it answer, and is it ready to print.

A printer that answers nothing is off or unplugged (link.printer); one that answers with the offline bit is on but
cannot print, and its status bytes say why when the model reports the cause (printer.receipt).
"""

from __future__ import annotations

from pos_doctor.checks.ports import NO_PRINTER, device_link, port_problem_hint, ports_hint
from pos_doctor.checks.registry import check, see
from pos_doctor.checks.runner import CheckContext, hint_of, result
from pos_doctor.errors import LinkError, LinkTimeout, PortBusy, PortNotFound
from pos_doctor.i18n import Text

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
        return result("unknown", Text(f"printer port is in use by {exc.holder or 'another program'}",
                                      f"打印机端口被 {exc.holder or '其他程序'} 占用"),
                      playbook="printer-fault", data={"holder": exc.holder},
                      hint=Text("Close the program holding the port (often the till software), then run again."))
    except PortNotFound as exc:
        # a usb:// address with nothing of those ids on the bus: the printer is not there
        if str(ctx.options.printer).lower().startswith("usb://"):
            return result("critical", Text(f"no USB printer {ctx.options.printer} is attached",
                                           f"未连接 USB 打印机 {ctx.options.printer}"),
                          observed="not on the USB bus", expected="printer attached", playbook="printer-fault",
                          data={"available": exc.available}, hint=hint_of(exc))
        return result("unknown", Text(f"printer port {ctx.options.printer} does not exist",
                                      f"打印机端口 {ctx.options.printer} 不存在"),
                      observed="missing", expected="port exists", playbook="printer-fault",
                      data={"available": exc.available}, hint=ports_hint(exc, "printer", "--printer / printer.port"))
    except LinkTimeout:
        return result("critical", Text("printer does not answer"), observed="timeout",
                      playbook="printer-fault",
                      hint=Text("Check that the printer is on and its cable is plugged in."))
    except LinkError as exc:
        return result("unknown", Text(f"cannot use printer port: {exc}", f"无法使用打印机端口：{exc.text('zh')}"),
                      playbook="printer-fault", hint=hint_of(exc) or port_problem_hint("printer"))
    return result("ok", Text(f"printer answers on {ctx.options.printer}", f"打印机在 {ctx.options.printer} 上应答"),
                  observed="answered")


PRINTER_FLAGS = [  # flag, status, playbook, en, zh  — in order of what staff should fix first
    ("unrecoverable_error", "critical", "printer-fault", "printer has an unrecoverable error",
     "打印机出现不可恢复错误"),
    ("cover_open", "critical", "printer-cover-open", "printer cover is open", "打印机盖未关"),
    ("paper_end", "critical", "printer-paper", "printer is out of paper", "打印机缺纸"),
    ("autocutter_error", "critical", "printer-fault", "paper cutter error", "切纸刀故障"),
    ("auto_recoverable_error", "warning", "printer-fault", "printer overheated or recoverable error",
     "打印机过热或可恢复错误"),
    ("paper_near_end", "warning", "printer-paper", "paper roll nearly empty", "纸卷快用完了"),
]


OFFLINE_CAUSES = [  # DLE EOT 2 bits naming why a printer is offline (cover and paper are reported above)
    ("paper_feeding", "the feed button is being pressed", "正在按走纸键"),
    ("error", "an error stopped it", "出错后停止"),
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
    for flag, status_, pb, en, zh in PRINTER_FLAGS:
        if getattr(st, flag, None):
            return result(status_, Text(en, zh), observed=flag, expected="ready", playbook=pb, data={"raw": raw},
                          hint=hints.get(flag))
    if st.online is False:
        # offline, yet it answers: the cause is in DLE EOT 2 when the printer sets it (feed button, error)
        cause = next(((en, zh, flag) for flag, en, zh in OFFLINE_CAUSES if getattr(st, flag, None)), None)
        en, zh, flag = cause or ("it does not say why", "打印机未说明原因", "not reported")
        return result("critical", Text(f"printer is offline ({en})", f"打印机离线（{zh}）"),
                      observed=f"offline, cause: {flag}", expected="online", playbook="printer-fault",
                      data={"raw": raw},
                      hint=Text("Press the printer's online/feed button or switch it off and on; check cover and "
                                "paper."))
    return result("ok", Text("printer ready"), observed="ready", data={"raw": raw})
