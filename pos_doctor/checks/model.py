"""Results of checks and of a whole run. Plain data; renderers pick the language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pos_doctor.i18n import Text

STATUSES = ("ok", "warning", "critical", "unknown", "skipped")
# Worst first when ranking problems; "unknown" ranks below critical/warning for the run status but above ok.
_RANK = {"critical": 4, "warning": 3, "unknown": 2, "ok": 1, "skipped": 0}
SCHEMA_VERSION = 1
NOTHING_SELECTED = Text("Nothing was checked: --only / --skip left no check to run. Run `pos-doctor checks` to list "
                        "the checks and their categories, then choose again.")
ALL_SKIPPED = Text("Nothing was checked: every selected check was skipped (the reasons are listed). Name the devices "
                   "(--terminal, --printer, --payment-host or pos-doctor.toml) or choose other checks with --only.")


def worst(statuses) -> str:
    best = "ok"
    for s in statuses:
        if _RANK[s] > _RANK[best]:
            best = s
    return best


@dataclass
class CheckResult:
    id: str
    category: str
    status: str
    message: Text
    observed: str | None = None
    expected: str | None = None
    hint: Text | None = None
    playbook: str | None = None
    duration_ms: int = 0
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "category": self.category, "status": self.status,
            "message": self.message.to_json(), "observed": self.observed, "expected": self.expected,
            "hint": self.hint.to_json() if self.hint else None, "playbook": self.playbook,
            "duration_ms": self.duration_ms, "data": self.data,
        }


def exit_code_for(status: str, fail_on: str = "warning") -> int:
    """Nagios codes. `fail_on` lowers what counts: with "critical" a warning exits 0; "never" always 0."""
    if fail_on == "never":
        return 0
    if status == "critical":
        return 2
    if status == "warning":
        return 1 if fail_on == "warning" else 0
    if status == "unknown":
        return 3
    return 0


@dataclass
class CheckReport:
    checks: list[CheckResult]
    started_at: str
    finished_at: str
    duration_ms: int
    target: dict[str, Any] = field(default_factory=dict)
    fail_on: str = "warning"

    @property
    def status(self) -> str:
        if self.notice is not None:
            return "unknown"  # a run that looked at nothing cannot say "all good"
        return worst(c.status for c in self.checks)

    @property
    def notice(self) -> Text | None:
        """Why the run as a whole could not decide, and what to do - or None."""
        if not self.checks:
            return NOTHING_SELECTED
        if all(c.status == "skipped" for c in self.checks):
            return ALL_SKIPPED
        return None

    @property
    def exit_code(self) -> int:
        return exit_code_for(self.status, self.fail_on)

    def by_id(self) -> dict[str, CheckResult]:
        return {c.id: c for c in self.checks}

    def playbooks(self) -> list[str]:
        """Recommended fixes: worst status first, then declared order; each playbook once."""
        problems = [(i, c) for i, c in enumerate(self.checks) if c.playbook and c.status in ("critical", "warning",
                                                                                             "unknown")]
        problems.sort(key=lambda p: (-_RANK[p[1].status], p[0]))
        out: list[str] = []
        for _, c in problems:
            if c.playbook and c.playbook not in out:
                out.append(c.playbook)
        return out

    def to_json(self) -> dict[str, Any]:
        from pos_doctor import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "pos-doctor", "version": __version__},
            "status": self.status,
            "exit_code": self.exit_code,
            "notice": self.notice.to_json() if self.notice else None,
            "timing": {"started_at": self.started_at, "finished_at": self.finished_at, "duration_ms": self.duration_ms},
            "target": self.target,
            "checks": [c.to_json() for c in self.checks],
            "playbooks": self.playbooks(),
        }
