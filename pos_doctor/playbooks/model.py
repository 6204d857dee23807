"""Playbooks as plain data: what the loader builds and the engine walks. No I/O, no UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pos_doctor.i18n import Text
from pos_doctor.playbooks.expr import Condition

SPEC = 1
KINDS = ("instruction", "question", "confirm", "check", "action", "record", "escalate", "include", "end", "reconcile")
OUTCOMES = ("resolved", "not_resolved", "escalated")
RECORD_TYPES = ("amount", "time", "text", "phone", "number")
# Built-in safe actions: none of them can move money (the ZVT client refuses financial commands anyway).
ACTIONS = {
    "last_transaction": "read the terminal's last transaction (Repeat Receipt without printing)",
    "read_journal": "read the terminal's transactions (read-only commands) as evidence for a reconcile step",
    "print_receipt_copy": "reprint the last receipt (asks first; prints only, never charges)",
    "printer_recover": "tell the printer to continue after the cause is cleared (DLE ENQ)",
    "printer_status": "read the receipt printer's status",
    "terminal_diagnosis": "let the terminal test its connection to the payment host",
    "terminal_status": "read the terminal's status",
    "wait_for_check": "re-run one check until it passes, at most timeout_s seconds (params: check, timeout_s)",
}
EVIDENCE = ("last_transaction", "check_results", "steps_taken", "trace", "payment")
# The money rule (docs/playbooks.md): what a step lets staff do with money, and the verdicts that permit it —
# read off the one rule in payments/reconcile.py (`allows`), so the loader, the engine and the core cannot differ.
# The engine enforces it at run time and the loader on every path; no `when:`, answer or --yes can override it.
def _money_table() -> dict[str, tuple[str, ...]]:
    from pos_doctor.payments.reconcile import MONEY_ACTIONS, VERDICTS, Reconciliation, allows

    standing = [(v, Reconciliation(v, (), (), ())) for v in VERDICTS]
    standing.append(("double_charge", Reconciliation("mismatch", (), (), (), double_charge=True)))
    return {what: tuple(v for v, r in standing if allows(what, r)) for what in MONEY_ACTIONS}


MONEY = _money_table()
MONEY_KINDS = ("instruction", "question", "confirm", "end")
# The verdict branches of a reconcile step; on_double_charge is optional (else on_mismatch), and so is
# on_debit_without_attempt (the verdict `unknown` with that finding: the customer shows a debit the terminal's complete
# records hold no attempt for; else on_unknown).
VERDICT_BRANCHES = (("charged", "on_charged"), ("not_charged", "on_not_charged"), ("mismatch", "on_mismatch"),
                    ("unknown", "on_unknown"), ("double_charge", "on_double_charge"),
                    ("debit_without_attempt", "on_debit_without_attempt"))
# Walk values that make up the customer's evidence: changing one clears the verdict (the merchant name on the
# customer's message is not compared, only handed to the provider, so it is not one of them).
CUSTOMER_FIELDS = ("customer_amount", "customer_time", "customer_card_last4", "payment_method", "customer_currency",
                   "customer_debit", "customer_voucher", "customer_auth_code", "customer_time_uncertainty")
# Steps whose answer a person (or the answers file) gives.
ASKS = ("instruction", "question", "confirm", "record", "action")


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text
    goto: str
    suggest: Condition | None = None


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    text: Text | None = None
    title: Text | None = None
    when: Condition | None = None
    goto: str | None = None
    max_visits: int | None = None
    verify: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    on_yes: str | None = None
    on_no: str | None = None
    on_unsure: str | None = None
    checks: tuple[str, ...] = ()
    on_ok: str | None = None
    on_fail: str | None = None
    action: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    on_error: str | None = None
    field: str | None = None
    type: str | None = None
    optional: bool = False
    to: Text | None = None
    evidence: tuple[str, ...] = ()
    playbook: str | None = None
    outcome: str | None = None
    allows: tuple[str, ...] = ()
    on_charged: str | None = None
    on_not_charged: str | None = None
    on_mismatch: str | None = None
    on_unknown: str | None = None
    on_double_charge: str | None = None
    on_debit_without_attempt: str | None = None
    warns_only: bool = False  # its money words only warn against moving money (payments/money_phrases.py)
    line: int | None = None

    def targets(self) -> list[tuple[str, str | None]]:
        """Explicit jumps: (target step id, branch label)."""
        out: list[tuple[str, str | None]] = []
        if self.kind == "question":
            out = [(c.goto, c.id) for c in self.choices]
        elif self.kind == "confirm":
            out = [(t, a) for a, t in (("yes", self.on_yes), ("no", self.on_no), ("unsure", self.on_unsure)) if t]
        elif self.kind == "check":
            out = [(t, a) for a, t in (("ok", self.on_ok), ("fail", self.on_fail)) if t]
        elif self.kind == "reconcile":
            out = [(t, v) for v, key in VERDICT_BRANCHES if (t := getattr(self, key))]
        if self.on_error:
            out.append((self.on_error, "error"))
        if self.goto:
            out.append((self.goto, None))
        return out

    def verdict_target(self, verdict: str) -> str | None:
        """Where a reconcile step sends the walk for a verdict (the double charge, without its own branch, is a
        mismatch)."""
        if verdict == "double_charge":
            return self.on_double_charge or self.on_mismatch
        if verdict == "debit_without_attempt":
            return self.on_debit_without_attempt or self.on_unknown
        return getattr(self, f"on_{verdict}", None)

    @property
    def terminal(self) -> bool:
        return self.kind in ("end", "escalate")


@dataclass(frozen=True)
class Playbook:
    id: str
    title: Text
    summary: Text
    situation: bool
    steps: tuple[Step, ...]
    recommended_by: tuple[str, ...] = ()
    needs_checks: tuple[str, ...] = ()
    prevention: tuple[Text, ...] = ()
    source: str = ""
    shipped: bool = True

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def index(self, step_id: str) -> int:
        return [s.id for s in self.steps].index(step_id)

    def successor(self, step: Step) -> str | None:
        """Where a step without a branch continues: its goto, else the next step in the file."""
        if step.goto:
            return step.goto
        i = self.index(step.id)
        return self.steps[i + 1].id if i + 1 < len(self.steps) else None

    def edges(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for s in self.steps:
            targets = [t for t, _ in s.targets()]
            branching = s.kind in ("question", "confirm", "check", "reconcile")
            if not s.terminal and not branching and not s.goto:
                nxt = self.successor(s)
                if nxt:
                    targets.append(nxt)
            if s.when is not None:  # a skipped step falls through to the next one, whatever its goto says (engine)
                i = self.index(s.id)
                if i + 1 < len(self.steps):
                    targets.append(self.steps[i + 1].id)
            out[s.id] = list(dict.fromkeys(targets))
        return out

    def fields(self) -> dict[str, str]:
        return {s.field: s.type or "choice" for s in self.steps if s.kind in ("record", "question") and s.field}
