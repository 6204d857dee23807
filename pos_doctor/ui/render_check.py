"""Human output of a check report: grouped by category, marks, hints under problems, one next step."""

from __future__ import annotations

from typing import Any, Callable

from pos_doctor.checks.model import CheckReport
from pos_doctor.i18n import TC, T, Text

MARKS = {"ok": ("✓", "green"), "warning": ("!", "yellow"), "critical": ("✗", "red"), "unknown": ("?", "magenta"),
         "skipped": ("-", "dim")}
CATEGORIES = {
    "link": Text("Connections"), "terminal": Text("Payment terminal"),
    "software": Text("Software"), "network": Text("Network"), "printer": Text("Printers"),
    "power": Text("Power"),
}
PAYMENT_QUESTION = T("The terminal's records show {what}: if a customer's payment is in question, run {command}.")
NEXT_STEP = T("Next step: {command} — {title}")
ALSO = T("Also: {commands}")
OBSERVED = T("observed: {observed}  expected: {expected}  ({duration})")
STATUS_WORD = {"ok": Text("All good"), "warning": Text("Warnings"),
               "critical": TC('ui.render_check', "Problems found"),
               "unknown": Text("Could not check everything"),
               "skipped": Text("Nothing checked")}


def render(report: CheckReport, env, verbose: bool = False, *, next_step: bool = True, console=None,
           fix_args: str = "", payment_question: Text | None = None,
           playbooks: Callable[[], Any] | None = None) -> None:
    """`fix_args`: the device options the run used (" --simulate paper-out"), repeated in the suggested commands.
    `playbooks`: gives the playbook library of the caller's configuration (the shipped playbooks and a technician's
    `playbooks.dirs`), called only when a next step is shown, to name it by its title; None: by its id alone."""
    from rich.cells import cell_len
    from rich.markup import escape

    from pos_doctor.checks.registry import all_checks

    lang, con = env.lang, console or env.out
    names = {spec.id: spec.title(lang) for spec in all_checks()}  # the table shows short names; ids only with -v
    width = max([cell_len(n) for n in names.values()] + [12]) + 2
    seen = []
    for c in report.checks:
        if c.category not in seen:
            seen.append(c.category)
    for cat in seen:
        con.print(f"[bold]{escape(CATEGORIES.get(cat, Text(cat, inline={'en': cat}))(lang))}[/bold]")
        for c in (x for x in report.checks if x.category == cat):
            mark, color = MARKS[c.status]
            name = names.get(c.id, c.id)
            pad = " " * max(1, width - cell_len(name))
            con.print(f"  [{color}]{mark}[/{color}] {escape(name)}{pad}{escape(c.message(lang))}", soft_wrap=True)
            if c.hint and c.status in ("critical", "warning", "unknown"):
                con.print(f"      → {escape(c.hint(lang))}", soft_wrap=True)
            if verbose:
                con.print(f"      id: {c.id}")
                if c.observed is not None or c.expected is not None:
                    con.print("      " + OBSERVED.format(observed=escape(str(c.observed)),
                                                          expected=escape(str(c.expected)),
                                                          duration=f"{c.duration_ms} ms")(lang))
                if c.data:
                    con.print(f"      data: {escape(str(c.data))}")
    con.print("")
    word = STATUS_WORD["skipped" if report.notice is not None else report.status](lang)
    con.print(f"[bold]{escape(word)}[/bold]")
    if report.notice is not None:
        con.print(f"  → {escape(report.notice(lang))}", soft_wrap=True)
    if payment_question is not None:  # the devices are fine; a payment may not be
        # markup stays outside the translated words: the parameters are escaped, the command put in bold
        con.print(PAYMENT_QUESTION.format(what=escape(payment_question(lang)),
                                          command=f"[bold]pos-doctor fix{escape(fix_args)}[/bold]")(lang),
                  soft_wrap=True)
    pbs = report.playbooks()
    if pbs and next_step:
        title, summary = _playbook_summary(pbs[0], lang, playbooks)
        con.print(NEXT_STEP.format(command=f"[bold]pos-doctor fix {escape(pbs[0])}{escape(fix_args)}[/bold]",
                                   title=escape(title))(lang), soft_wrap=True)
        if summary:
            con.print(f"  {escape(summary)}", soft_wrap=True)
        if len(pbs) > 1:
            con.print(ALSO.format(commands=", ".join(f"pos-doctor fix {escape(p)}{escape(fix_args)}"
                                                     for p in pbs[1:]))(lang), soft_wrap=True)


def _playbook_summary(pid: str, lang: str, playbooks: Callable[[], Any] | None) -> tuple[str, str]:
    """Title and summary of the playbook (a technician's own, or shipped); the id alone if it cannot be read."""
    if playbooks is None:
        return pid, ""
    try:
        pb = playbooks().get(pid)
        return pb.title(lang), pb.summary(lang)
    except Exception:  # noqa: BLE001 - a broken playbook must not break the check report
        return pid, ""
