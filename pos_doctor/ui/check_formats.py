"""Machine formats of a check report: Nagios, JUnit XML, Prometheus textfile. Pure text, no rich."""

from __future__ import annotations

import time
from xml.sax.saxutils import quoteattr

from pos_doctor.checks.model import CheckReport

NAGIOS = {0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"}
STATUS_VALUE = {"ok": 0, "warning": 1, "critical": 2, "unknown": 3, "skipped": -1}


def _label(s: str) -> str:
    return "'" + s.replace("'", "") + "'"


def nagios(report: CheckReport, lang: str = "en", run_id: int | None = None) -> str:
    """One status line + perf data (`SERVICE STATUS: text | 'label'=value[UOM];[warn];[crit];[min];[max] ...`)."""
    code = report.exit_code
    problems = [c for c in report.checks if c.status in ("critical", "warning", "unknown")]
    if report.notice is not None:
        summary = report.notice(lang)
    else:
        summary = "; ".join(f"{c.id}: {c.message(lang)}" for c in problems) or ("所有检查通过" if lang == "zh" else "all checks passed")
    perf = []
    for c in report.checks:
        perf.append(f"{_label(c.id + '_ms')}={c.duration_ms}ms")
        limits = c.data.get("thresholds") or {}
        for key in ("connect_ms", "resolve_ms", "first_answer_ms", "completion_ms"):
            if c.data.get(key) is not None:
                warn, crit = limits.get(key) or ("", "")
                perf.append(f"{_label(c.id + '_' + key)}={c.data[key]}ms;{warn};{crit};0;")
    perf.append(f"'duration_ms'={report.duration_ms}ms")
    summary = summary.replace("|", "/").replace("\n", " ")
    if run_id is not None:  # the id to quote to support: `pos-doctor report ID`
        summary += f"（记录 {run_id}）" if lang == "zh" else f" (run {run_id})"
    return f"POS-DOCTOR {NAGIOS.get(code, 'UNKNOWN')} - {summary} | " + " ".join(perf)


def junit(report: CheckReport, lang: str = "en", run_id: int | None = None) -> str:
    fails = {"critical", "warning"} if report.fail_on == "warning" else {"critical"} if report.fail_on == "critical" else set()
    n_fail = sum(c.status in fails for c in report.checks)
    n_skip = sum(c.status == "skipped" for c in report.checks)
    n_err = sum(c.status == "unknown" for c in report.checks)
    notice = report.notice
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name="pos-doctor" tests="{len(report.checks) + bool(notice)}" failures="{n_fail}" '
           f'errors="{n_err + bool(notice)}" skipped="{n_skip}" time="{report.duration_ms / 1000:.3f}" '
           f'timestamp={quoteattr(report.started_at)}>']
    if run_id is not None:
        out.append(f'  <properties><property name="run_id" value="{int(run_id)}"/></properties>')
    if notice is not None:  # a run that checked nothing must not pass in CI
        out += ['  <testcase classname="pos_doctor.run" name="run" time="0.000">',
                f'    <error type="unknown" message={quoteattr(notice(lang))}/>', "  </testcase>"]
    for c in report.checks:
        msg = quoteattr(c.message(lang))
        out.append(f'  <testcase classname={quoteattr("pos_doctor." + c.category)} name={quoteattr(c.id)} time="{c.duration_ms / 1000:.3f}">')
        body = quoteattr(f"observed: {c.observed}; expected: {c.expected}; playbook: {c.playbook}")[1:-1]
        if c.status in fails:
            out.append(f'    <failure type="{c.status}" message={msg}>{body}</failure>')
        elif c.status == "unknown":
            out.append(f'    <error type="unknown" message={msg}>{body}</error>')
        elif c.status == "skipped":
            out.append(f"    <skipped message={msg}/>")
        out.append("  </testcase>")
    out.append("</testsuite>")
    return "\n".join(out)


def _prom_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def prometheus(report: CheckReport, now: float | None = None, run_id: int | None = None) -> str:
    lines = ["# HELP pos_doctor_check_status Check status: 0 ok, 1 warning, 2 critical, 3 unknown, -1 skipped.",
             "# TYPE pos_doctor_check_status gauge"]
    for c in report.checks:
        lines.append(f'pos_doctor_check_status{{id="{_prom_escape(c.id)}",category="{_prom_escape(c.category)}"}} {STATUS_VALUE[c.status]}')
    lines += ["# HELP pos_doctor_check_duration_seconds How long each check took.", "# TYPE pos_doctor_check_duration_seconds gauge"]
    for c in report.checks:
        lines.append(f'pos_doctor_check_duration_seconds{{id="{_prom_escape(c.id)}",category="{_prom_escape(c.category)}"}} {c.duration_ms / 1000:.3f}')
    lines += ["# HELP pos_doctor_status Worst status of the run (0 ok .. 3 unknown; 3 also when nothing was checked).",
              "# TYPE pos_doctor_status gauge", f"pos_doctor_status {STATUS_VALUE[report.status]}",
              "# HELP pos_doctor_checks_performed Checks that looked at something (not skipped) in the last run.",
              "# TYPE pos_doctor_checks_performed gauge",
              f"pos_doctor_checks_performed {sum(c.status != 'skipped' for c in report.checks)}",
              "# HELP pos_doctor_last_run_timestamp_seconds When the last run finished.", "# TYPE pos_doctor_last_run_timestamp_seconds gauge",
              f"pos_doctor_last_run_timestamp_seconds {now if now is not None else time.time():.3f}"]
    if run_id is not None:
        lines += ["# HELP pos_doctor_last_run_id History id of the last run (`pos-doctor report ID`).",
                  "# TYPE pos_doctor_last_run_id gauge", f"pos_doctor_last_run_id {int(run_id)}"]
    return "\n".join(lines) + "\n"
