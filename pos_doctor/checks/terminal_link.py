"""link.terminal: does the terminal answer on its port, how fast, and with how many line errors."""

from __future__ import annotations

from pos_doctor.checks.model import worst
from pos_doctor.checks.observe import Exchange
from pos_doctor.checks.ports import NO_TERMINAL, port_problem_hint, ports_hint
from pos_doctor.checks.registry import check
from pos_doctor.checks.runner import DEADLINE_HINT, CheckContext, error_text, hint_of, result
from pos_doctor.checks.zvt import ZVT, status_exchange
from pos_doctor.errors import LinkClosed, LinkError, LinkTimeout, PortBusy, PortNotFound
from pos_doctor.i18n import T, Text


@check("link.terminal", "link", Text("Terminal connection"), port="terminal", timeout=None, needs=ZVT)
def link_terminal(ctx: CheckContext):
    if not ctx.options.terminal and not ctx.options.printer:
        # Nothing at the till was looked at: "all good" would be a lie, so the run cannot decide (exit 3).
        return result("unknown", Text("no terminal or printer configured: the devices were not checked"),
                      observed="no ports", expected="--terminal / --printer or pos-doctor.toml",
                      hint=Text("Name the ports: pos-doctor check --terminal PORT --printer PORT (`pos-doctor ports` "
                                "lists them), or set terminal.port / printer.port in pos-doctor.toml. To try it "
                                "without hardware: pos-doctor check --simulate healthy."))
    if not ctx.options.terminal:
        return result("skipped", NO_TERMINAL)
    port = ctx.options.terminal
    ex = status_exchange(ctx)
    exc = ex.error
    if isinstance(exc, PortBusy):
        return result("unknown", T("port {port} is in use by {holder}", port=port,
                                   holder=exc.holder or T("another program")),
                      observed="busy", expected="port free", playbook="terminal-not-answering",
                      hint=Text("Close the program holding the port (often the till software), then run again."),
                      data={"holder": exc.holder})
    if isinstance(exc, PortNotFound):
        return result("unknown", T("port {port} does not exist", port=port), observed="missing",
                      expected="port exists", playbook="terminal-not-answering", data={"available": exc.available},
                      hint=ports_hint(exc, "terminal", "--terminal / terminal.port"))
    if isinstance(exc, (LinkTimeout, LinkClosed)):
        return _silent_terminal(ex)
    if isinstance(exc, LinkError):
        return result("unknown", T("cannot use port {port}: {error}", port=port, error=error_text(exc)),
                      playbook="terminal-not-answering", data={"error": str(exc)},
                      hint=hint_of(exc) or port_problem_hint("terminal"))
    if exc is not None:
        raise exc
    res = ex.result
    errors = sum(ex.line.get(k, 0) for k in ("repeats", "naks_received", "naks_sent", "crc_errors", "timeouts"))
    first, done = res.first_answer_ms, ex.elapsed_ms
    th = ctx.options.thresholds
    data = {"line": ex.line, "raw": res.raw, "first_answer_ms": first, "completion_ms": done,
            "thresholds": {f"{m}_ms": th.perf(m) for m in ("first_answer", "completion")}}
    slow = worst([th.judge("completion", done), th.judge("first_answer", first)])
    expected = f"{th.expected('completion')}, {th.expected('first_answer')}"
    if errors and slow != "critical":
        return result("warning", T("terminal answers on {port} ({errors} line errors)", port=port, errors=errors),
                      observed=f"answered, {errors} line errors", expected="answered, 0 line errors",
                      playbook="terminal-not-answering", data=data,
                      hint=Text("Check the cable; if that does not help, have a technician check the port settings "
                                "(baud rate)."))
    if slow != "ok":
        return result(slow, T("terminal answers slowly ({seconds:.1f} s)", seconds=done / 1000),
                      observed=f"first answer after {first} ms, completed after {done} ms", expected=expected,
                      data=data,
                      hint=Text("The terminal may be busy or short of memory; if it stays slow, restart it at a quiet "
                                "moment."))
    return result("ok", T("terminal answers on {port}", port=port),
                  observed=f"first answer after {first} ms, completed after {done} ms", expected=expected, data=data)


def _silent_terminal(ex: Exchange):
    """link.terminal when no complete answer came: dead only if nothing at all came back in the full time."""
    data = {**ex.data(), "line": ex.line}
    secs = ex.elapsed_ms / 1000
    if ex.cut_by_deadline:
        return result("unknown", T("run deadline reached ({deadline:g} s): {what} within {seconds:.1f} s",
                                   deadline=ex.run_timeout, what=ex.what_happened(), seconds=secs),
                      observed=ex.observed(), expected="status enquiry completed", data=data, hint=DEADLINE_HINT)
    if ex.dead:
        # A terminal that goes away mid-command (unplugged) is as silent as a dead one for staff.
        return result("critical", Text("terminal does not answer"), observed=ex.observed(),
                      expected="answer to Status Enquiry", playbook="terminal-not-answering", data=data,
                      hint=Text("Check that the terminal is switched on and its cable is plugged in."))
    what = ex.what_happened()
    return result("critical", T("terminal is on but stuck: {what} within {seconds:.0f} s", what=what, seconds=secs),
                  observed=ex.observed(), expected="status enquiry completed", playbook="terminal-not-answering",
                  data=data,
                  hint=Text("Look at the terminal's screen; finish or cancel what it shows, or restart it, then check "
                            "again."))
