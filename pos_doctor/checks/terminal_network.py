"""network.terminal: the terminal's Diagnosis, in which it calls its payment host."""

from __future__ import annotations

from pos_doctor.checks.registry import check
from pos_doctor.checks.runner import DEADLINE_HINT, CheckContext, result
from pos_doctor.checks.zvt import ZVT, exchange, status_or_none
from pos_doctor.errors import LinkClosed, LinkTimeout
from pos_doctor.i18n import T, Text

DIAGNOSIS_T4 = 30.0  # the terminal calls its payment host: allow it the protocol's T4


@check("network.terminal", "network", Text("Terminal to host"), port="terminal", timeout=None, needs=ZVT)
def network_terminal(ctx: CheckContext):
    if ctx.options.no_host_contact:
        return result("skipped", Text("skipped (--no-host-contact)"))
    res, skip = status_or_none(ctx)
    if skip:
        return skip
    ex = exchange(ctx, "diagnosis", DIAGNOSIS_T4)
    if isinstance(ex.error, (LinkTimeout, LinkClosed)):
        if ex.cut_by_deadline:
            late = T("run deadline reached ({seconds:g} s): {what}", seconds=ex.run_timeout,
                     what=T("the diagnosis had not finished"))
            return result("unknown", late,
                          observed=ex.observed(), expected="diagnosis ok", data=ex.data(), hint=DEADLINE_HINT)
        what = ex.what_happened()
        return result("critical", T("diagnosis did not finish: {what}", what=what),
                      observed=ex.observed(), expected="diagnosis ok", playbook="network-down", data=ex.data(),
                      hint=Text("Check the terminal's network cable / router."))
    if ex.error is not None:
        raise ex.error
    diag = ex.result
    if diag.outcome == "completed" and diag.result_code in (0, None):
        # a completion without a result code (BMP 27) is success by the protocol: 06 0F alone means "done"
        return result("ok", Text("terminal reached its payment host"),
                      observed="diagnosis ok", data={"completion_ms": ex.elapsed_ms})
    text = diag.result or Text("diagnosis failed")
    code = f"{diag.result_code:02X}" if diag.result_code is not None else diag.outcome
    return result("critical", text, observed=code, expected="diagnosis ok", playbook="network-down",
                  hint=Text("Check the terminal's network cable / router."))
