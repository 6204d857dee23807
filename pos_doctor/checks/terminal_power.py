"""power.terminal: a terminal that answers has power; one silent for the full time is a power suspect."""

from __future__ import annotations

from pos_doctor.checks.ports import NO_TERMINAL
from pos_doctor.checks.registry import check, see
from pos_doctor.checks.runner import CheckContext, result
from pos_doctor.checks.zvt import NO_STATUS, ZVT, status_exchange, unreported
from pos_doctor.errors import LinkClosed, LinkTimeout
from pos_doctor.i18n import Text


@check("power.terminal", "power", Text("Terminal power"), port="terminal", timeout=None, needs=ZVT)
def power_terminal(ctx: CheckContext):
    if not ctx.options.terminal:
        return result("skipped", NO_TERMINAL)
    hint = Text("Check the terminal's power supply and socket.")
    ex = status_exchange(ctx)
    if isinstance(ex.error, (LinkTimeout, LinkClosed)):
        if ex.dead:  # nothing at all came back in the full time: only then is power a suspect
            return result("warning", Text("terminal silent: power suspect"),
                          observed=ex.observed(), playbook="terminal-power", hint=hint, data=ex.data())
        if ex.cut_by_deadline:
            return result("skipped", see("link.terminal", Text("no complete answer before the run deadline")),
                          observed=ex.observed())
        return result("ok", Text("terminal has power (it answered, but did not finish)"),
                      observed=ex.observed(), data=ex.data())
    if ex.error is not None:
        return result("skipped", see("link.terminal", NO_STATUS))
    res = ex.result
    if res.terminal_status == 0xBF:
        return result("critical", Text("terminal supply voltage too low"), observed="BF",
                      playbook="terminal-power", hint=hint)
    if unreported(res):
        return result("ok", Text("terminal has power (it answers); supply voltage not reported"),
                      observed="answering, status not reported")
    return result("ok", Text("terminal power fine"), observed="answering")
