"""Machine formats of a check run: JSON, Nagios/Icinga, Checkmk local check, JUnit XML, Prometheus textfile.

Pure text, no rich. Every format has two entry points: `render(fmt, report, till)` for a run that produced a report,
and `render(fmt, None, till)` for a run that could not decide at all (bad configuration, a bad `-w` range, a crash):
a monitoring engine must still get a valid document that says so, never an empty file. The series, services and
perfdata labels are the same whatever happened, so a dashboard or an alert never sees a metric vanish.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from pos_doctor.i18n import T

MACHINE_FORMATS = ("json", "nagios", "checkmk", "junit", "prometheus")
NAGIOS = {0: "OK", 1: "WARNING", 2: "CRITICAL", 3: "UNKNOWN"}
STATUS_VALUE = {"ok": 0, "warning": 1, "critical": 2, "unknown": 3, "skipped": -1}
PROBLEM = ("critical", "warning", "unknown")
ALL_PASSED = T("all checks passed")

# The timings a fleet graphs: (check, data key without _ms, what it is). Always exported; NaN / U when not measured.
TIMINGS = (
    ("link.terminal", "first_answer", "command sent to the terminal's first answer"),
    ("link.terminal", "completion", "command sent to the terminal's status enquiry completed"),
    ("network.terminal", "completion", "the terminal's own host diagnosis"),
    ("network.dns", "resolve", "resolving the payment host's name"),
    ("network.acquirer", "connect", "TCP connect to the payment host"),
)


@dataclass
class Till:
    """Who ran, and what the formats say besides the report. `error`: why the run could not decide (no report)."""

    host: str
    shop: str
    lang: str = "en"
    now: float = 0.0                       # when the run finished (epoch seconds)
    last_success: float | None = None      # when a run last decided (0, 1, 2); None: never, as far as we know
    run_id: int | None = None
    fix_args: str = ""                     # device options to append to a suggested `pos-doctor fix` command
    error: tuple[str, str | None] | None = None  # (message, hint) in `lang`
    error_kind: str = "usage"              # a short class of the error, for the Prometheus label
    check_ids: list[tuple[str, str]] = field(default_factory=list)  # every registered (id, category): the stable set


def run_success(report) -> int:
    """1 when the run reached a verdict; 0 when it could not decide (nothing checked, an unknown, or no report) -
    whatever --fail-on made of the exit code."""
    return 0 if report is None or report.status == "unknown" else 1


def exit_code(report) -> int:
    return 3 if report is None else report.exit_code


def cause(c) -> str:
    """A short label from a bounded set for why a check is not ok: 'busy', 'timeout', 'paper_end', 'cover_open',
    'code_9c' (the device's own code), a link stage ('nothing', 'line_ack', 'gone'), 'slow', 'below_policy'..."""
    if c.status not in PROBLEM:
        return ""
    observed = (c.observed or "").strip()
    if c.data.get("holder") is not None or observed.startswith("busy"):
        return "busy"  # another program holds the port: busy, not dead
    if isinstance(c.data.get("stage"), str):
        return _slug(c.data["stage"])
    if not observed or "not reported" in observed:
        return "not_reported"
    if re.fullmatch(r"[a-z_]+", observed):
        return observed
    if re.fullmatch(r"[0-9A-Fa-f]{2}( [0-9A-Fa-f]{2})*", observed):
        return "code_" + _slug(observed)
    head = observed.split(",")[0].split("(")[0].strip().lower()
    if re.fullmatch(r"[a-z]+( [a-z]+)?", head):
        return _slug(head)  # "offline", "not reported", "no answer"
    if " ms" in observed or any(k in c.data for k in ("completion_ms", "connect_ms", "resolve_ms")):
        return "slow"
    if c.category == "software":
        return "below_policy"
    return "other"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:32] or "other"


def _text(t, lang: str) -> str:
    return t(lang) if t is not None else ""


def _fix_command(c, till: Till) -> str:
    """The command that fixes a check with a playbook (the callers ask only for those)."""
    return f"pos-doctor fix {c.playbook}{till.fix_args}"


def _error_line(till: Till) -> str:
    msg = till.error[0] if till.error else ""
    return T("could not decide: {message}", message=msg)(till.lang)


# --- JSON ----------------------------------------------------------------------------------------------------
def json_doc(report, till: Till) -> dict:
    ident = {"host": till.host, "shop": till.shop}
    if report is not None:
        return {**report.to_json(), "till": ident, "run_id": till.run_id}
    from pos_doctor import __version__

    stamp = datetime.fromtimestamp(till.now, timezone.utc).isoformat(timespec="seconds")
    msg, hint = till.error or ("", None)
    return {"schema_version": 1, "tool": {"name": "pos-doctor", "version": __version__}, "status": "unknown",
            "exit_code": 3, "notice": None, "error": {"kind": till.error_kind, "message": msg, "hint": hint},
            "timing": {"started_at": stamp, "finished_at": stamp, "duration_ms": 0}, "target": {}, "checks": [],
            "playbooks": [], "till": ident, "run_id": None}


# --- Nagios / Icinga -----------------------------------------------------------------------------------------
def _perf_num(ms: float) -> str:
    return f"{ms / 1000:.3f}".rstrip("0").rstrip(".") if math.isfinite(ms) else ("~" if ms < 0 else "")


def _perf_range(rng) -> str:
    """A threshold in seconds. A plain `0:N` is written as `N` (what Graphite and InfluxDB writers keep)."""
    if rng is None:
        return ""
    if isinstance(rng, str):
        from pos_doctor.checks.thresholds import parse_range

        rng = parse_range(rng)
    if not rng.inside and rng.start == 0 and math.isfinite(rng.end):
        return _perf_num(rng.end)
    return ("@" if rng.inside else "") + f"{_perf_num(rng.start)}:{_perf_num(rng.end)}"


def _perfdata(report, till: Till) -> list[str]:
    by_id = {c.id: c for c in report.checks} if report is not None else {}
    perf = []
    for cid, key, _what in TIMINGS:
        c = by_id.get(cid)
        value = c.data.get(key + "_ms") if c is not None else None
        limits = ((c.data.get("thresholds") or {}).get(key + "_ms") if c is not None else None) or (None, None)
        warn, crit = (_perf_range(x or None) for x in limits)
        shown = f"{value / 1000:.3f}s" if isinstance(value, (int, float)) else "U"
        perf.append(f"'{cid}_{key}'={shown};{warn};{crit};0;")
    perf.append(f"'duration'={report.duration_ms / 1000:.3f}s;;;0;" if report is not None else "'duration'=U;;;0;")
    performed = sum(c.status != "skipped" for c in report.checks) if report is not None else 0
    perf.append(f"'checks_performed'={performed};;;0;")
    return perf


def nagios(report, till: Till) -> str:
    """Status line | perfdata, then one long-output block per problem (hint and next command), per the plugin
    guidelines. No run id in the status line: a result that does not change must read the same every time."""
    lang = till.lang
    code = exit_code(report)
    long: list[str] = []
    if report is None:
        summary = _error_line(till)
        if till.error and till.error[1]:
            long.append(T("What to do: {hint}", hint=till.error[1])(lang))
    elif report.notice is not None:
        summary = report.notice(lang)
    else:
        problems = [c for c in report.checks if c.status in PROBLEM]
        summary = ("; ".join(f"{c.id}: {c.message(lang)}" for c in problems) or ALL_PASSED(lang))
        for c in problems:
            long.append(f"[{NAGIOS[STATUS_VALUE[c.status]]}] {c.id}: {c.message(lang)}")
            if c.hint is not None:
                long.append("  " + T("What to do: {hint}", hint=c.hint(lang))(lang))
            if c.playbook:
                long.append("  " + T("Next: {command}", command=_fix_command(c, till))(lang))
    if till.run_id is not None:
        long.append(T("Run {run}: {command}", run=till.run_id, command=f"pos-doctor report {till.run_id}")(lang))
    clean = lambda s: s.replace("|", "/").replace("\n", " ")  # noqa: E731 - '|' starts perfdata
    out = [f"POS-DOCTOR {NAGIOS.get(code, 'UNKNOWN')} - {clean(summary)} | " + " ".join(_perfdata(report, till))]
    out += [clean(x) for x in long]
    return "\n".join(out) + "\n"


# --- Checkmk local check -------------------------------------------------------------------------------------
def checkmk(report, till: Till) -> str:
    """One local-check line per check and one for the run: `<state> "<service>" <perfdata|-> <text>`.
    The services are every registered check whatever happened (a service that vanishes goes stale, not red)."""
    lang = till.lang
    code = exit_code(report)
    perf = []
    for item in _perfdata(report, till):
        name, value = item.split("=", 1)
        v = value.split(";")[0].rstrip("s")
        if v != "U":
            perf.append(f"{name.strip(chr(39)).replace('.', '_')}={v};" + ";".join(value.split(";")[1:]))
    if report is None:
        text = _error_line(till)
    elif report.notice is not None:
        text = report.notice(lang)
    else:
        problems = [c for c in report.checks if c.status in PROBLEM]
        text = ("; ".join(f"{c.id}: {c.message(lang)}" for c in problems) or ALL_PASSED(lang))
    clean = lambda s: s.replace("\n", " ").replace("\\", "/")  # noqa: E731 - one line per service
    lines = [f'{code} "POS doctor" {"|".join(perf) or "-"} {clean(text)}']
    by_id = {c.id: c for c in report.checks} if report is not None else {}
    for cid, _cat in till.check_ids or [(c.id, c.category) for c in by_id.values()]:
        c = by_id.get(cid)
        if c is None:
            state, msg = ((3, _error_line(till)) if report is None
                          else (0, T("not selected in this run")(lang)))
        elif c.status == "skipped":
            state, msg = 0, T("skipped: {message}", message=c.message(lang))(lang)
        else:
            state, msg = STATUS_VALUE[c.status], c.message(lang)
            if c.status in PROBLEM and c.hint is not None:
                msg = T("{message}. What to do: {hint}", message=msg, hint=c.hint(lang))(lang)
            if c.status in PROBLEM and c.playbook:
                msg = T("{message}. Next: {command}", message=msg, command=_fix_command(c, till))(lang)
        secs = f"duration={c.duration_ms / 1000:.3f};;;0;" if c is not None else "-"
        lines.append(f'{state} "POS doctor {cid}" {secs} {clean(msg)}')
    return "\n".join(lines) + "\n"


# --- JUnit ---------------------------------------------------------------------------------------------------
def _ant_time(iso: str | None, fallback: float) -> str:
    """Ant's timestamp: `YYYY-MM-DDTHH:MM:SS`, no fraction, no zone (UTC)."""
    try:
        dt = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
        if dt.tzinfo is not None:
            dt = dt.astimezone(timezone.utc)
    except (TypeError, ValueError):
        dt = datetime.fromtimestamp(fallback, timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def junit(report, till: Till) -> str:
    """One suite per till (`pos-doctor <shop>/<host>`), case classnames carrying the host so that CI servers that
    key results by classname + name keep every till's. Case times are the checks' measured durations, scaled down
    to share the run's wall time when checks ran in parallel (the measured ones are the suite's properties)."""
    # here, not at the top: xml.sax.saxutils imports urllib.request (~15 ms of every `check --json`'s start-up)
    from xml.sax.saxutils import escape, quoteattr

    lang = till.lang
    fails = set()
    if report is not None:
        fails = ({"critical", "warning"} if report.fail_on == "warning"
                 else {"critical"} if report.fail_on == "critical" else set())
    checks = report.checks if report is not None else []
    notice = (report.notice(lang) if report is not None and report.notice is not None
              else (_error_line(till) if report is None else None))
    n_fail = sum(c.status in fails for c in checks)
    n_skip = sum(c.status == "skipped" for c in checks)
    n_err = sum(c.status == "unknown" for c in checks) + bool(notice)
    wall = report.duration_ms / 1000 if report is not None else 0.0
    total = sum(c.duration_ms for c in checks) / 1000
    scale = wall / total if total > wall > 0 else (0.0 if wall == 0 else 1.0)
    started = _ant_time(report.started_at if report is not None else None, till.now)
    host = till.host or "localhost"
    klass = lambda cat: f"pos_doctor.{_token(host)}.{cat}"  # noqa: E731
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<testsuite name={quoteattr(f"pos-doctor {till.shop}/{host}")} hostname={quoteattr(host)} '
           f'tests="{len(checks) + bool(notice)}" failures="{n_fail}" errors="{n_err}" skipped="{n_skip}" '
           f'time="{wall:.3f}" timestamp="{started}">', "  <properties>",
           f'    <property name="shop" value={quoteattr(till.shop)}/>']
    if till.run_id is not None:
        out.append(f'    <property name="run_id" value="{int(till.run_id)}"/>')
    for c in checks:
        out.append(f'    <property name={quoteattr("duration_s." + c.id)} value="{c.duration_ms / 1000:.3f}"/>')
    out.append("  </properties>")
    if notice is not None:  # a run that checked nothing must not pass in CI
        hint = till.error[1] if report is None and till.error and till.error[1] else ""
        out += [f'  <testcase classname={quoteattr(klass("run"))} name="run" time="0.000">',
                f'    <error type="unknown" message={quoteattr(notice)}>{escape(hint)}</error>', "  </testcase>"]
    for c in checks:
        msg = quoteattr(c.message(lang))
        out.append(f'  <testcase classname={quoteattr(klass(c.category))} name={quoteattr(c.id)} '
                   f'time="{c.duration_ms / 1000 * scale:.3f}">')
        body = escape(f"observed: {c.observed}; expected: {c.expected}; playbook: {c.playbook}"
                      + (f"; what to do: {c.hint(lang)}" if c.hint is not None else ""))
        if c.status in fails:
            out.append(f'    <failure type="{c.status}" message={msg}>{body}</failure>')
        elif c.status == "unknown":
            out.append(f'    <error type="unknown" message={msg}>{body}</error>')
        elif c.status == "skipped":
            out.append(f"    <skipped message={msg}/>")
        out.append("  </testcase>")
    out += ["  <system-out/>", "  <system-err/>", "</testsuite>"]
    return "\n".join(out) + "\n"


def _token(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", s) or "till"


# --- Prometheus ----------------------------------------------------------------------------------------------
def _esc(s: object) -> str:
    return str(s if s is not None else "").replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _num(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "NaN"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def prometheus(report, till: Till) -> str:
    """Per the Prometheus naming guide: base units, one `_info` metric for identity, the same series every run."""
    target = report.target if report is not None else {}
    ident = {"host": till.host, "shop": till.shop}
    lines: list[str] = []

    def metric(name: str, kind: str, help_: str, samples: Sequence[tuple[dict[str, Any], object]]) -> None:
        lines.extend([f"# HELP {name} {help_}", f"# TYPE {name} {kind}"])
        for labels, value in samples:
            lbl = ",".join(f'{k}="{_esc(v)}"' for k, v in labels.items() if v not in ("", None))  # "" is no label
            lines.append(f"{name}{{{lbl}}} {_num(value)}" if lbl else f"{name} {_num(value)}")

    if report is None and till.error:
        lines.append("# pos-doctor could not decide: " + till.error[0].replace("\n", " "))
    metric("pos_doctor_info", "gauge", "Identity of the till and its terminal (value always 1).",
           [({**ident, "model": target.get("model") or "", "software_version": target.get("software_version") or "",
              "terminal_id": target.get("terminal_id") or ""}, 1)])
    metric("pos_doctor_run_success", "gauge",
           "1 when the last run decided (exit 0, 1 or 2), 0 when it could not (exit 3; reason in the label).",
           [({"reason": "" if run_success(report) else (till.error_kind if report is None else "nothing_checked"
                                                        if report.notice is not None else "unknown_check")},
             run_success(report))])
    metric("pos_doctor_exit_code", "gauge",
           "Exit code of the last run (Nagios: 0 ok, 1 warning, 2 critical, 3 unknown).",
           [({}, exit_code(report))])
    metric("pos_doctor_status", "gauge", "Worst status of the last run: 0 ok, 1 warning, 2 critical, 3 unknown.",
           [({}, STATUS_VALUE[report.status] if report is not None else 3)])
    metric("pos_doctor_checks_performed", "gauge", "Checks that looked at something (not skipped) in the last run.",
           [({}, sum(c.status != "skipped" for c in report.checks) if report is not None else 0)])
    metric("pos_doctor_last_run_timestamp_seconds", "gauge", "When the last run finished (Unix time).",
           [({}, float(till.now))])
    metric("pos_doctor_last_success_timestamp_seconds", "gauge",
           "When a run last decided (exit 0, 1 or 2), kept across failed runs; 0 when none is known.",
           [({}, float(till.last_success or 0.0))])
    metric("pos_doctor_run_duration_seconds", "gauge", "How long the last run took.",
           [({}, report.duration_ms / 1000 if report is not None else 0.0)])
    metric("pos_doctor_last_run_id", "gauge",
           "History id of the last run (`pos-doctor report ID`); NaN when not recorded.",
           [({}, int(till.run_id) if till.run_id is not None else math.nan)])
    by_id = {c.id: c for c in report.checks} if report is not None else {}
    ids = till.check_ids or [(c.id, c.category) for c in by_id.values()]
    status_rows, duration_rows = [], []
    for cid, cat in ids:
        c = by_id.get(cid)
        value = STATUS_VALUE[c.status] if c is not None else (3 if report is None else -1)
        why = cause(c) if c is not None else ("run_failed" if report is None else "")
        status_rows.append(({"check": cid, "category": cat, "cause": why,
                             "playbook": (c.playbook or "") if c is not None and c.status in PROBLEM else ""}, value))
        duration_rows.append(({"check": cid, "category": cat}, c.duration_ms / 1000 if c is not None else math.nan))
    metric("pos_doctor_check_status", "gauge",
           "Status per check: 0 ok, 1 warning, 2 critical, 3 unknown, -1 skipped or not selected; cause and playbook "
           "when not ok.",
           status_rows)
    metric("pos_doctor_check_duration_seconds", "gauge", "How long each check took (NaN when it did not run).",
           duration_rows)
    timing_rows = []
    for cid, key, _what in TIMINGS:
        c = by_id.get(cid)
        v = c.data.get(key + "_ms") if c is not None else None
        timing_rows.append(({"check": cid, "timing": key}, v / 1000 if isinstance(v, (int, float)) else math.nan))
    metric("pos_doctor_timing_seconds", "gauge",
           "Measured times: terminal first answer and completion, host diagnosis, DNS, payment host connect (NaN: not "
           "measured).",
           timing_rows)
    clock = by_id.get("terminal.clock")
    drift = clock.data.get("drift_s") if clock is not None else None
    metric("pos_doctor_terminal_clock_drift_seconds", "gauge", "Terminal clock minus this PC's (NaN: not measured).",
           [({}, float(drift) if isinstance(drift, (int, float)) else math.nan)])
    return "\n".join(lines) + "\n"


def render(fmt: str, report, till: Till) -> str:
    if fmt == "json":
        return json.dumps(json_doc(report, till), ensure_ascii=False, indent=2, default=str) + "\n"
    return {"nagios": nagios, "checkmk": checkmk, "junit": junit, "prometheus": prometheus}[fmt](report, till)


_LAST_SUCCESS = re.compile(r"^pos_doctor_last_success_timestamp_seconds (\S+)$", re.M)
_LAST_RUN = re.compile(r"^pos_doctor_last_run_timestamp_seconds (\S+)$", re.M)
_SUCCESS = re.compile(r"^pos_doctor_run_success(?:\{[^}]*\})? (\S+)$", re.M)


def last_success_from(text: str) -> float | None:
    """When the previous output (a .prom file) says a run last decided: its own run if that succeeded."""
    try:
        if (m := _SUCCESS.search(text)) and float(m.group(1)) == 1 and (r := _LAST_RUN.search(text)):
            return float(r.group(1))
        if m := _LAST_SUCCESS.search(text):
            v = float(m.group(1))
            return v if v > 0 else None
    except ValueError:
        return None
    return None
