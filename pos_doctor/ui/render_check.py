"""Human output of a check report: grouped by category, marks, hints under problems, one next step."""

from __future__ import annotations

from pos_doctor.checks.model import CheckReport
from pos_doctor.i18n import Text

MARKS = {"ok": ("✓", "green"), "warning": ("!", "yellow"), "critical": ("✗", "red"), "unknown": ("?", "magenta"), "skipped": ("-", "dim")}
CATEGORIES = {
    "link": Text("Connections", "连接"), "terminal": Text("Payment terminal", "支付终端"),
    "software": Text("Software", "软件"), "network": Text("Network", "网络"), "printer": Text("Printers", "打印机"),
    "power": Text("Power", "电源"),
}
STATUS_WORD = {"ok": Text("All good", "一切正常"), "warning": Text("Warnings", "有警告"), "critical": Text("Problems found", "发现问题"),
               "unknown": Text("Could not check everything", "部分项目无法检查"), "skipped": Text("Nothing checked", "未检查")}


def render(report: CheckReport, env, verbose: bool = False) -> None:
    from rich.markup import escape

    lang, con = env.lang, env.out
    seen = []
    for c in report.checks:
        if c.category not in seen:
            seen.append(c.category)
    for cat in seen:
        con.print(f"[bold]{escape(CATEGORIES.get(cat, Text(cat, cat))(lang))}[/bold]")
        for c in (x for x in report.checks if x.category == cat):
            mark, color = MARKS[c.status]
            con.print(f"  [{color}]{mark}[/{color}] {c.id:<20} {escape(c.message(lang))}", soft_wrap=True)
            if c.hint and c.status in ("critical", "warning", "unknown"):
                con.print(f"      → {escape(c.hint(lang))}", soft_wrap=True)
            if verbose:
                if c.observed is not None or c.expected is not None:
                    con.print(f"      {'实际' if lang == 'zh' else 'observed'}: {escape(str(c.observed))}  "
                              f"{'期望' if lang == 'zh' else 'expected'}: {escape(str(c.expected))}  ({c.duration_ms} ms)")
                if c.data:
                    con.print(f"      data: {escape(str(c.data))}")
    con.print("")
    word = STATUS_WORD[report.status](lang)
    con.print(f"[bold]{escape(word)}[/bold]")
    pbs = report.playbooks()
    if pbs:
        title, summary = _playbook_summary(pbs[0], lang)
        con.print(("下一步: " if lang == "zh" else "Next step: ") + f"[bold]{escape(title)}[/bold] ({pbs[0]})")
        if summary:
            con.print(f"  {escape(summary)}", soft_wrap=True)
        if len(pbs) > 1:
            con.print(("其他处理: " if lang == "zh" else "Also: ") + ", ".join(pbs[1:]))


def _playbook_summary(pid: str, lang: str) -> tuple[str, str]:
    """Title and summary of a shipped playbook, read straight from its YAML (the wizard is not built yet)."""
    try:
        import yaml

        from pos_doctor.resources import shipped_playbooks_dir

        data = yaml.safe_load((shipped_playbooks_dir() / f"{pid}.yaml").read_text(encoding="utf-8"))
        return data["title"][lang], data.get("summary", {}).get(lang, "")
    except Exception:  # noqa: BLE001 - a missing playbook must not break the report
        return pid, ""
