"""The terminal's own state from its status byte: terminal.status, terminal.clock and terminal.journal."""

from __future__ import annotations

from datetime import datetime

from pos_doctor.checks.registry import check, see
from pos_doctor.checks.runner import CheckContext, result
from pos_doctor.checks.zvt import (
    CALL_TECH,
    UNREPORTED_HINT,
    UPDATE_WAIT,
    ZVT,
    not_reported,
    runs,
    status_or_none,
    unreported,
)
from pos_doctor.i18n import TC, T, Text

SERVICE = {0x51, 0xC2, 0xE4, 0xDF, 0xE0}
JOURNAL = {0xF0: T("end-of-day due"), 0xFA: T("offline transactions not cleared"), 0xB1: T("memory full"),
           0xB2: T("journal full")}
# What to do about a status byte that a more specific check also reports (its playbook has the steps).
STATUS_HINTS = {
    0x62: Text("Set the terminal's date and time (or let it sync at end-of-day)."),
    0x9C: UPDATE_WAIT,
    0xBF: Text("Check the terminal's power supply and socket."),
    0xCC: Text("Refill the terminal's paper roll."),
    **dict.fromkeys(JOURNAL, Text("Run end-of-day on the terminal.")),
}
STATUS_PLAYBOOKS = {0x62: "terminal-clock", 0xBF: "terminal-power", 0xCC: "printer-paper",
                    **dict.fromkeys(JOURNAL, "terminal-journal")}
# A status byte that a family check reports in its own words: terminal.status points there (one fault, one finding).
FAMILY = {0x62: "terminal.clock", 0x9C: "software.terminal", 0xBF: "power.terminal", 0xCC: "printer.terminal",
          **dict.fromkeys(JOURNAL, "terminal.journal")}


@check("terminal.status", "terminal", Text("Terminal status"), port="terminal", timeout=None, needs=ZVT)
def status(ctx: CheckContext):
    res, skip = status_or_none(ctx, refused_ok=True)
    if skip:
        return skip
    code = res.terminal_status
    data = {"status_byte": None if code is None else f"{code:02X}", "outcome": res.outcome,
            "result_code": None if res.result_code is None else f"{res.result_code:02X}"}
    if res.outcome == "refused":
        rc = res.result_code
        if rc == 0x83:
            return result("critical", Text("ZVT is switched off on the terminal"),
                          observed="84 83", expected="00", playbook="zvt-disabled", hint=CALL_TECH, data=data)
        text = res.result or Text("terminal refused the status enquiry")
        return result("critical" if rc in SERVICE else "warning", text, observed=f"84 {rc:02X}", expected="00",
                      playbook="terminal-service" if rc in SERVICE else None, hint=CALL_TECH, data=data)
    if code is None:
        how = "aborted" if res.outcome == "aborted" else "completed"
        return result("unknown", TC('checks.terminal', "terminal did not report its status"),
                      observed=f"{how} without a status byte (not reported)", expected="a status byte (00 = ready)",
                      data=data, hint=UNREPORTED_HINT)
    text = res.terminal_status_text or T("status {code:02X}", code=code)
    obs = f"{code:02X}"
    if code == 0x00:
        return result("ok", text, observed=obs, expected="00", data=data)
    family = FAMILY.get(code)
    if family and runs(ctx, family):
        # the family check says it with its own severity and steps; here only the pointer
        return result("skipped", see(family, text), observed=obs, expected="00", data=data)
    if code in SERVICE:
        return result("critical", text, observed=obs, expected="00", playbook="terminal-service", hint=CALL_TECH,
                      data=data)
    return result("warning", text, observed=obs, expected="00", playbook=STATUS_PLAYBOOKS.get(code),
                  hint=STATUS_HINTS.get(code, CALL_TECH), data=data)


def _drift_text(drift: float) -> Text:
    n = abs(round(drift))
    if n <= 1:
        return Text("terminal clock matches the PC")
    by = (T("{n} s", n=n) if n < 120 else T("{n} min", n=n // 60) if n < 7200 else T("{n} h", n=n // 3600))
    if drift > 0:
        return T("terminal clock is {by} ahead of the PC", by=by)
    return T("terminal clock is {by} behind the PC", by=by)


@check("terminal.clock", "terminal", Text("Terminal clock"), port="terminal", timeout=None, needs=ZVT)
def clock(ctx: CheckContext):
    res, skip = status_or_none(ctx)
    if skip:
        return skip
    hint = Text("Set the terminal's date and time (or let it sync at end-of-day).")
    if res.terminal_status == 0x62:
        return result("critical", Text("terminal reports its date/time is invalid"),
                      observed="62", expected="valid clock", playbook="terminal-clock", hint=hint)
    if res.terminal_time is None:
        return result("skipped", Text("terminal does not report its clock"), observed="not reported")
    drift = (res.terminal_time.replace(tzinfo=None) - datetime.now()).total_seconds()
    st = "ok" if abs(drift) <= 120 else "warning" if abs(drift) <= 900 else "critical"
    return result(st, _drift_text(drift),
                  observed=f"{drift:+.0f} s", expected="within ±120 s", data={"drift_s": round(drift)},
                  playbook="terminal-clock" if st != "ok" else None, hint=hint if st != "ok" else None)


@check("terminal.journal", "terminal", Text("End-of-day"), port="terminal", timeout=None, needs=ZVT)
def journal(ctx: CheckContext):
    res, skip = status_or_none(ctx)
    if skip:
        return skip
    if unreported(res):
        return not_reported(ctx)
    code = res.terminal_status
    if code in JOURNAL:
        st = "critical" if code in (0xB1, 0xB2) else "warning"
        return result(st, res.terminal_status_text or JOURNAL[code], observed=f"{code:02X}",
                      expected="nothing pending", playbook="terminal-journal",
                      hint=Text("Run end-of-day on the terminal."))
    return result("ok", Text("nothing pending"), observed=f"status {code:02X}: nothing pending")
