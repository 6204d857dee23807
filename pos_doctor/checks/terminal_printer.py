"""printer.terminal: the terminal's own receipt printer, from its status byte."""

from __future__ import annotations

from pos_doctor.checks.registry import check
from pos_doctor.checks.runner import CheckContext, result
from pos_doctor.checks.zvt import ZVT, not_reported, status_or_none, unreported
from pos_doctor.i18n import Text


@check("printer.terminal", "printer", Text("Terminal printer"), port="terminal", timeout=None, needs=ZVT)
def printer_terminal(ctx: CheckContext):
    res, skip = status_or_none(ctx)
    if skip:
        return skip
    if unreported(res):
        return not_reported(ctx)
    if res.terminal_status == 0xCC:
        return result("warning", Text("terminal printer not ready (paper?)"),
                      observed="CC",
                      playbook="printer-paper", hint=Text("Refill the terminal's paper roll."))
    return result("ok", Text("terminal printer ready"),
                  observed=f"status {res.terminal_status:02X}: ready")
