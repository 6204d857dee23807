"""software.terminal: the terminal's software version against the software policy."""

from __future__ import annotations

from pos_doctor.checks.registry import check, see
from pos_doctor.checks.runner import CheckContext, result
from pos_doctor.checks.zvt import CALL_TECH, POLICY, REFUSED, UPDATE_WAIT, ZVT, runs, status_or_none
from pos_doctor.i18n import T, Text


@check("software.terminal", "software", Text("Terminal software"), port="terminal", timeout=None,
       needs=ZVT + POLICY)
def software(ctx: CheckContext):
    from pos_doctor.checks.policy import default_policy_path, load_policy, version_key

    res, skip = status_or_none(ctx, refused_ok=True)
    if skip:
        return skip
    hint = Text("Ask your payment provider to update the terminal software.")
    if res.terminal_status == 0x9C:
        # no walk: every one would start an update or a restart; waiting is the only advice while it runs
        return result("warning", Text("software update running — do not unplug"),
                      observed="9C", hint=UPDATE_WAIT)
    if res.outcome == "refused" and runs(ctx, "terminal.status"):  # reported there; it tells nothing of the software
        return result("skipped", see("terminal.status", REFUSED), observed=f"84 {res.result_code:02X}")
    if res.outcome == "refused" and res.result_code == 0x83:
        return result("critical", Text("ZVT switched off (often after an update)"),
                      observed="84 83", playbook="zvt-disabled", hint=CALL_TECH)
    model = res.device.name if res.device else None
    ver = res.software_version or (res.device.software_version if res.device else None)
    if not ver:
        return result("unknown", Text("terminal did not report its software version"),
                      hint=Text("Read the version on the terminal's screen (settings / info) and compare it with your "
                                "provider's current one."))
    policy = load_policy(ctx.options.policy or default_policy_path())
    mp = policy.models.get(model or "")
    data = {"model": model, "version": ver, "policy": policy.file}
    if mp is None:
        return result("ok", T("version {version} (model {model} not in the policy)", version=ver, model=model),
                      observed=ver, data=data)
    if ver in mp.bad:
        return result("critical", T("version {version} is known bad: {why}", version=ver, why=mp.bad[ver]),
                      observed=ver, expected=mp.current or mp.minimum, playbook="terminal-software", hint=hint,
                      data=data)
    if mp.minimum and version_key(ver) < version_key(mp.minimum):
        return result("warning", T("version {version} is outdated (minimum {minimum})", version=ver,
                                   minimum=mp.minimum),
                      observed=ver, expected=f">= {mp.minimum}", playbook="terminal-software", hint=hint, data=data)
    return result("ok", T("version {version}", version=ver), observed=ver,
                  expected=f">= {mp.minimum}" if mp.minimum else None, data=data)
