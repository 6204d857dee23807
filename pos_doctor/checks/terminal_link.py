"""link.terminal: does the terminal answer on its port, how fast, and with how many line errors."""

from __future__ import annotations

from pos_doctor.checks.model import worst
from pos_doctor.checks.observe import Exchange
from pos_doctor.checks.ports import NO_TERMINAL, port_problem_hint, ports_hint
from pos_doctor.checks.registry import check
from pos_doctor.checks.runner import DEADLINE_HINT, CheckContext, hint_of, result
from pos_doctor.checks.zvt import ZVT, status_exchange
from pos_doctor.errors import LinkClosed, LinkError, LinkTimeout, PortBusy, PortNotFound
from pos_doctor.i18n import Text


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
        return result("unknown", Text(f"port {port} is in use by {exc.holder or 'another program'}",
                                      f"端口 {port} 被 {exc.holder or '其他程序'} 占用"),
                      observed="busy", expected="port free", playbook="terminal-not-answering",
                      hint=Text("Close the program holding the port (often the till software), then run again."),
                      data={"holder": exc.holder})
    if isinstance(exc, PortNotFound):
        return result("unknown", Text(f"port {port} does not exist", f"端口 {port} 不存在"), observed="missing",
                      expected="port exists", playbook="terminal-not-answering", data={"available": exc.available},
                      hint=ports_hint(exc, "terminal", "--terminal / terminal.port"))
    if isinstance(exc, (LinkTimeout, LinkClosed)):
        return _silent_terminal(ex)
    if isinstance(exc, LinkError):
        return result("unknown", Text(f"cannot use port {port}: {exc}", f"无法使用端口 {port}：{exc.text('zh')}"),
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
        return result("warning", Text(f"terminal answers on {port} ({errors} line errors)",
                                      f"POS机在 {port} 上应答（{errors} 次线路错误）"),
                      observed=f"answered, {errors} line errors", expected="answered, 0 line errors",
                      playbook="terminal-not-answering", data=data,
                      hint=Text("Check the cable; if that does not help, have a technician check the port settings "
                                "(baud rate)."))
    if slow != "ok":
        return result(slow, Text(f"terminal answers slowly ({done / 1000:.1f} s)",
                                 f"POS机响应很慢（{done / 1000:.1f} 秒）"),
                      observed=f"first answer after {first} ms, completed after {done} ms", expected=expected,
                      data=data,
                      hint=Text("The terminal may be busy or short of memory; if it stays slow, restart it at a quiet "
                                "moment."))
    return result("ok", Text(f"terminal answers on {port}", f"POS机在 {port} 上应答"),
                  observed=f"first answer after {first} ms, completed after {done} ms", expected=expected, data=data)


def _silent_terminal(ex: Exchange):
    """link.terminal when no complete answer came: dead only if nothing at all came back in the full time."""
    data = {**ex.data(), "line": ex.line}
    secs = ex.elapsed_ms / 1000
    if ex.cut_by_deadline:
        return result("unknown", Text(f"run deadline reached ({ex.run_timeout:g} s): {ex.what_happened().en} "
                                      f"within {secs:.1f} s", f"已到本次检查的时限（{ex.run_timeout:g} 秒）："
                                      f"{secs:.1f} 秒内{ex.what_happened().zh}"),
                      observed=ex.observed(), expected="status enquiry completed", data=data, hint=DEADLINE_HINT)
    if ex.dead:
        # A terminal that goes away mid-command (unplugged) is as silent as a dead one for staff.
        return result("critical", Text("terminal does not answer"), observed=ex.observed(),
                      expected="answer to Status Enquiry", playbook="terminal-not-answering", data=data,
                      hint=Text("Check that the terminal is switched on and its cable is plugged in."))
    what = ex.what_happened()
    return result("critical", Text(f"terminal is on but stuck: {what.en} within {secs:.0f} s",
                                   f"POS机已开机但卡住了：{secs:.0f} 秒内{what.zh}"),
                  observed=ex.observed(), expected="status enquiry completed", playbook="terminal-not-answering",
                  data=data,
                  hint=Text("Look at the terminal's screen; finish or cancel what it shows, or restart it, then check "
                            "again."))
