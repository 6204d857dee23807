"""Playbooks as plain data: what the loader builds and the engine walks. No I/O, no UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pos_doctor.i18n import Text
from pos_doctor.playbooks.expr import Condition

SPEC = 1
KINDS = ("instruction", "question", "confirm", "check", "action", "record", "escalate", "include", "end", "reconcile",
         "record_list")
OUTCOMES = ("resolved", "not_resolved", "escalated")
RECORD_TYPES = ("amount", "time", "text", "phone", "number", "order")  # order: an order number, kept as typed
# What a record_list step collects: `transactions` typed by staff from a standalone POS机 (payments/typed.py)
RECORD_LIST_TYPES = ("transactions",)
# Where a reconcile step takes the records from: `link` reads the terminal (unless read a moment ago); any other
# origin compares the evidence the walk holds (typed by staff in a record_list step) and never reads the link
RECONCILE_ORIGINS = ("link", "typed_terminal", "typed_qr_app", "statement")
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
    "import_statement": "read the provider's statement named in statement_file (statement_mapping for a portal export) "
                        "and find missing_amount/missing_time/missing_order and the terminal's payments in it",
}
# Actions that see the walk's recorded values and the terminal records it holds (and may set values of their own).
WALK_ACTIONS = ("import_statement",)
EVIDENCE = ("last_transaction", "check_results", "steps_taken", "trace", "payment", "statement")
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
# The verdict branches of a reconcile step; on_double_charge is optional (else on_mismatch), and so are the branches
# of a finding (else the branch of its verdict, FINDINGS): on_debit_without_attempt (`unknown`: the customer shows a
# debit the terminal's complete records hold no attempt for), on_qr_pending (`unknown`: the QR order is 用户支付中 -
# wait, never charge again), on_qr_refunded (`unknown`: the QR order was refunded), on_other_payee (`not_charged`:
# the merchant app has no such order and the customer paid another payee; payments/qr.py); and so is on_unreadable
# (the verdict `unknown` because the terminal could not be read at all - no link configured, or it did not answer;
# else on_unknown).
VERDICT_BRANCHES = (("charged", "on_charged"), ("not_charged", "on_not_charged"), ("mismatch", "on_mismatch"),
                    ("unknown", "on_unknown"), ("double_charge", "on_double_charge"),
                    ("debit_without_attempt", "on_debit_without_attempt"), ("qr_pending", "on_qr_pending"),
                    ("qr_refunded", "on_qr_refunded"), ("other_payee", "on_other_payee"),
                    ("unreadable", "on_unreadable"))
FINDINGS = {"debit_without_attempt": "unknown", "qr_pending": "unknown", "qr_refunded": "unknown",
            "other_payee": "not_charged"}
# where a reconcile step takes the records from: the terminal over its link (default), the QR order staff typed
# from the merchant app (walk values qr_order_state, qr_order_number, qr_order_amount, qr_order_time, qr_app), the
# transactions typed from the POS机 (typed_terminal) or the statement imported (statement): the last two are read as
# `origin` (the evidence the walk holds; the link is never read) until the one `source:` model lands
RECONCILE_SOURCES = ("link", "qr_app", "typed_terminal", "statement")
# Walk values that make up the customer's evidence: changing one clears the verdict (the merchant name on the
# customer's message is not compared, only handed to the provider, so it is not one of them).
CUSTOMER_FIELDS = ("customer_amount", "customer_time", "customer_card_last4", "payment_method", "customer_currency",
                   "customer_debit", "customer_voucher", "customer_auth_code", "customer_order_number", "customer_payee",
                   "customer_payee_is_shop", "customer_time_uncertainty", "missing_amount", "missing_time",
                   "missing_order",
                   # what the provider found about the payment (funds-not-arrived): it outweighs a statement's verdict
                   "provider_finding",
                   # and what staff typed from the QR merchant app: typed evidence, so changing it clears the verdict too
                   "qr_app", "qr_order_state", "qr_order_number", "qr_order_amount", "qr_order_time",
                   "qr_order_amount_currency")
# Steps whose answer a person (or the answers file) gives.
ASKS = ("instruction", "question", "confirm", "record", "action", "record_list")


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
    on_qr_pending: str | None = None
    on_qr_refunded: str | None = None
    on_other_payee: str | None = None
    source: str | None = None  # a reconcile step's records: RECONCILE_SOURCES (None: the terminal's link)
    on_unreadable: str | None = None
    origin: str = "link"  # reconcile: where the records come from (RECONCILE_ORIGINS)
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
        if verdict in FINDINGS:
            return getattr(self, f"on_{verdict}") or getattr(self, f"on_{FINDINGS[verdict]}")
        if verdict == "unreadable":
            return self.on_unreadable or self.on_unknown
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
