"""The terminal as the checks see it: one ZVT client per session, and one Status Enquiry per run (ctx.once) whose
result every terminal check reads; what a check says when that enquiry brought nothing to look at.
"""

from __future__ import annotations

from pos_doctor.checks.observe import STATUS_T4, Exchange, timed, timers_for
from pos_doctor.checks.ports import NO_TERMINAL, device_link
from pos_doctor.checks.registry import see
from pos_doctor.checks.runner import DEADLINE_HINT, CheckContext, error_text, result
from pos_doctor.errors import LinkClosed, LinkError, LinkTimeout
from pos_doctor.i18n import TC, T, Text

NO_STATUS = Text("no status received")
NOT_REPORTED = TC('checks.zvt', "terminal did not report its status")
UNREPORTED_HINT = Text("Look at the terminal's screen for a message; if there is none, restart the terminal and check "
                       "again.")
REFUSED = Text("terminal refuses commands")
# What the terminal checks import lazily (the runner imports it before the ports open): the ZVT client with its
# codecs, the code page of the terminal's texts, and the software policy's YAML reader.
ZVT = ("pos_doctor.protocols.zvt.session", "encodings.cp437")
POLICY = ("pos_doctor.checks.policy", "yaml")
CALL_TECH = Text("Call your payment provider's hotline and read them the message above.")
UPDATE_WAIT = Text("Only wait: an update usually takes 10 to 30 minutes and the terminal restarts by itself. Do not "
                   "switch it off or unplug it. If nothing changes for an hour, call your payment provider's support.")


def zvt_client(ctx: CheckContext):
    def make():
        held = ctx.resources.get("zvt")
        if held is not None:
            return held
        from pos_doctor.protocols.zvt.session import ZvtClient, ZvtTimers

        # For actions outside a check run (the fix wizard) the timers fit the per-check budget; a check's own
        # exchange sets them from the run's deadline for its duration (see exchange).
        ct = ctx.options.check_timeout
        timers = ZvtTimers(t2=min(5.0, ct * 0.7), t3=min(1.0, ct / 6), t4=min(30.0, ct), t4_status=min(10.0, ct * 0.6),
                           command=ct)
        client = ZvtClient(device_link(ctx, "terminal"), transport=ctx.options.terminal_transport, timers=timers,
                           password=ctx.options.password, on_event=ctx.resources.get("on_event"))
        ctx.resources["zvt"] = client
        return client
    return ctx.once("zvt.client", make)


def exchange(ctx: CheckContext, command: str, t4: float) -> Exchange:
    """One command to the terminal with timers that follow the run's deadline, observed (see checks.observe)."""
    from pos_doctor.protocols.zvt.session import ZvtTimers

    given, limits = timers_for(ctx.time_left(), ctx.options.timeout, t4)
    ex = Exchange(command, transport=ctx.options.terminal_transport, timers=given, limits=limits,
                  run_timeout=ctx.options.timeout)

    def call():
        client = zvt_client(ctx)
        kept = getattr(client, "timers", None)
        client.timers = ZvtTimers(t2=given["T2"], t3=given["T3"], t4=given["T4"], t4_status=given["T4"])
        stats = lambda: dict(vars(client.stats)) if hasattr(client, "stats") else {}  # noqa: E731
        before = stats()
        try:
            return getattr(client, command)(deadline=ctx.deadline)  # nothing the terminal sends extends the run
        finally:
            ex.line = {k: v - before.get(k, 0) for k, v in stats().items()}
            client.timers = kept  # the session's client outlives this run (fix actions use it afterwards)
    return timed(ex, call)


def status_exchange(ctx: CheckContext) -> Exchange:
    """The one Status Enquiry of the run, with what was observed of it."""
    def make():
        ex = exchange(ctx, "status_enquiry", STATUS_T4)
        res = ex.result
        if res is not None:
            ctx.target.update(model=(res.device.name if res.device else None), software_version=res.software_version,
                              terminal_id=res.terminal_id)
        return ex
    return ctx.once("zvt.status", make)


def terminal_status(ctx: CheckContext):
    ex = status_exchange(ctx)
    if ex.error is not None:
        raise ex.error
    return ex.result


def status_or_none(ctx, *, refused_ok: bool = False):
    """The status enquiry's result, or the `skipped` result of a check that has nothing to look at. A terminal that
    refuses the enquiry reports nothing about its clock, journal or printer: those checks are skipped, not ok."""
    if not ctx.options.terminal:
        return None, result("skipped", NO_TERMINAL)
    try:
        res = terminal_status(ctx)
    except LinkError as exc:
        if runs(ctx, "link.terminal"):  # link.terminal reports the silence (one fault, one finding)
            return None, result("skipped", see("link.terminal", NO_STATUS))
        what = status_exchange(ctx).what_happened() if isinstance(exc, (LinkTimeout, LinkClosed)) else \
            error_text(exc)
        return None, result("unknown", T("no status received: {what}", what=what),
                            observed=status_exchange(ctx).observed(),
                            hint=DEADLINE_HINT if status_exchange(ctx).cut_by_deadline
                            else Text("Check that the terminal is on and its cable plugged in, then check again."))
    if res.outcome == "refused" and not refused_ok:
        return None, result("skipped", see("terminal.status", REFUSED) if runs(ctx, "terminal.status") else REFUSED)
    return res, None


def runs(ctx: CheckContext, cid: str) -> bool:
    """A pointer ("see ...") goes only to a check that runs in this selection; otherwise the finding stays here."""
    return ctx.selected is None or cid in ctx.selected


def not_reported(ctx: CheckContext):
    """A check that decides from the status byte, when the terminal sent none: terminal.status says so (then this
    one points there), or - when terminal.status is not in the run - this check cannot decide."""
    if runs(ctx, "terminal.status"):
        return result("skipped", see("terminal.status", NOT_REPORTED), observed="status not reported")
    return result("unknown", NOT_REPORTED, observed="status not reported", expected="a status byte",
                  hint=UNREPORTED_HINT)


def unreported(res) -> bool:
    """The enquiry ended without a status byte: nothing follows from it (a missing byte is not "ready")."""
    return res.outcome != "refused" and res.terminal_status is None
