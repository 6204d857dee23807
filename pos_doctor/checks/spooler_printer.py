"""link.printer and printer.receipt for a printer addressed as `spooler:NAME` (Windows): what the spooler knows.

The spooler is asked once per run; the meaning of its flags is `pos_doctor.link.spooler.findings` (pure)."""

from __future__ import annotations

from pos_doctor.checks.runner import CheckContext, error_text, hint_of, result
from pos_doctor.errors import LinkError, PortNotFound
from pos_doctor.i18n import T, Text

PROBLEM_HINT = {"door_open": "cover_open", "paper_out": "paper_end", "paper_problem": "paper_end"}
SERVICE_HINT = Text("Switch the printer off and on and clear any jammed paper; if the error stays, call service.")
OFFLINE_HINT = Text("Check that the printer is switched on and its cable is plugged in, then print a test page from "
                    "Windows.")


def _state(ctx: CheckContext):
    from pos_doctor.link.spooler import query

    return ctx.once("printer.spooler", lambda: query(ctx.options.printer or ""))  # only a spooler: address comes here


def link_result(ctx: CheckContext):
    try:
        state = _state(ctx)
    except PortNotFound as exc:
        return result("unknown", error_text(exc), observed="not in the spooler",
                      expected="printer known to Windows",
                      playbook="printer-fault", data={"available": exc.available}, hint=hint_of(exc))
    except LinkError as exc:
        return result("unknown", error_text(exc), playbook="printer-fault",
                      hint=hint_of(exc))
    said = (T("Windows knows printer {name} ({port})", name=state.name, port=state.port_name) if state.port_name
            else T("Windows knows printer {name}", name=state.name))
    return result("ok", said,
                  observed="known to the spooler", data=state.to_json())


def receipt_result(ctx: CheckContext):
    from pos_doctor.link.spooler import HINTS, findings
    from pos_doctor.protocols.escpos.status import PROBLEMS

    try:
        state = _state(ctx)
    except LinkError:
        return result("skipped", Text("the spooler did not answer; see link.printer"))
    data = {"spooler": state.to_json()}
    found = findings(state.status, state.attributes)
    if found:
        f = found[0]
        hint = HINTS.get(f.flag) or dict(PROBLEMS).get(PROBLEM_HINT.get(f.flag, "")) or (
            OFFLINE_HINT if f.flag in ("offline", "not_available") else SERVICE_HINT)
        return result(f.status, f.text, observed=", ".join(state.flags), expected="no flags", playbook=f.playbook,
                      hint=hint, data=data)
    # A clear status is all the spooler says: some drivers never report the printer's state.
    return result("ok",
                  Text("the Windows spooler reports no problem (it knows only what the printer's driver reports)"),
                  observed=", ".join(state.flags) or "no flags", data=data)
