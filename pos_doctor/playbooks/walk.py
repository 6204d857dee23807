"""What the step engine talks through and keeps: the prompt to a person (`Prompt`, `Reply`, `Prompter`), the
devices (`Services`, `ActionResult`), the ways a walk stops early (`NeedAnswer`, `Aborted`), and everything a walk
learns (`WalkState`, plain JSON: saved after every step, so Ctrl-C loses nothing and `fix --resume` continues),
with the view conditions have of it (`Facts`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from pos_doctor.i18n import Text
from pos_doctor.playbooks.model import CUSTOMER_FIELDS, Action, Confirm, Instruction, Playbook, Question, Step

PASSING = ("ok", "skipped")


class Reply:
    BACK = "\x00back"
    SKIP = "\x00skip"
    QUIT = "\x00quit"


def options_of(s: Step) -> list[str]:
    """The answers a step takes (a record step takes a value instead)."""
    if isinstance(s, Question):
        return [c.id for c in s.choices]
    if isinstance(s, Confirm):
        return ["yes", "no", "unsure"]
    if isinstance(s, Instruction):
        return ["done", "skip"]
    if isinstance(s, Action):
        return ["run", "skip"]
    return []


@dataclass
class Prompt:
    """One question to the person. `default` is what Enter or `--yes` takes (None: no default)."""

    playbook: Playbook
    step: Step
    key: str                       # "playbook-id/step-id"
    number: int                    # position of the step in its playbook, 1-based
    total: int
    depth: int                     # 0 for the main playbook, 1+ inside an include
    default: Any = None
    can_back: bool = False
    can_skip: bool = True
    error: Text | None = None      # the previous answer was not accepted, and why

    @property
    def options(self) -> list[str]:
        return options_of(self.step)


@dataclass
class ActionResult:
    ok: bool
    message: Text
    data: dict[str, Any] = field(default_factory=dict)
    transaction: dict[str, Any] | None = None  # last_transaction: status, approved, amount, currency, time, trace...
    receipt: list[str] | None = None           # lines of a reprinted receipt

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "message": self.message.to_json(), "data": self.data,
                "transaction": self.transaction, "receipt": self.receipt}


class Prompter(Protocol):
    def ask(self, prompt: Prompt) -> Any: ...
    def show(self, event: str, **info: Any) -> None: ...


class Services(Protocol):
    def run_checks(self, ids: list[str]) -> list[Any]: ...          # CheckResult-like: id, status, message, hint
    def action(self, name: str, params: dict[str, Any]) -> ActionResult: ...


class NeedAnswer(Exception):
    """Non-interactive run without an answer for this step (and no default under --yes)."""

    def __init__(self, prompt: Prompt):
        super().__init__(prompt.key)
        self.prompt = prompt


class Aborted(Exception):
    """The person chose quit, or pressed Ctrl-C; the state is saved."""


@dataclass
class WalkState:
    playbook: str
    frames: list[list[str]] = field(default_factory=list)       # [[playbook id, step id], ...] include stack
    answers: dict[str, Any] = field(default_factory=dict)       # "pb/step" -> answer
    values: dict[str, str] = field(default_factory=dict)        # recorded fields (phone numbers already masked)
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)  # check id -> latest {id, status, message, hint}
    transaction: dict[str, Any] | None = None
    visits: dict[str, int] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)      # snapshots before each question, for "back"
    transcript: list[dict[str, Any]] = field(default_factory=list)
    verified_checks: list[str] = field(default_factory=list)
    last_verify: bool | None = None
    escalations: list[dict[str, Any]] = field(default_factory=list)
    outcome: str | None = None
    verified: bool | None = None
    started_at: str = ""
    payment: dict[str, Any] | None = None            # the latest reconciliation: customer, considered, verdict...
    terminal_evidence: dict[str, Any] | None = None  # {"evidence": TerminalEvidence JSON, "at": iso, "seq": index}
    market: str = "cn"  # the shop's market when the walk started (config.market_of): a resumed walk keeps it

    def to_json(self) -> dict[str, Any]:
        return copy.deepcopy(self.__dict__)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "WalkState":
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def last_is_matched(state: WalkState) -> bool:
    """Is the terminal's last payment (what Repeat Receipt reprints) the one record the standing verdict matched to
    this customer? (payments/guard.py `MoneyGuard.last_is_matched`)"""
    from pos_doctor.payments.guard import MoneyGuard  # here: `check` reads the actions (and this module) without it

    return MoneyGuard(state, CUSTOMER_FIELDS, lambda: None).last_is_matched()


_TX_NAMES = {"trace": "trace_number", "receipt": "receipt_number", "card": "card_name"}


def _is_amount(v: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d+(\.\d{1,2})?", v))


def escalation_evidence(st: WalkState, name: str) -> Any:
    """What an escalate step hands over under `name` (model.EVIDENCE, else a recorded value)."""
    if name == "last_transaction":
        return st.transaction
    if name == "check_results":
        return [c for c in st.checks.values() if c["status"] not in PASSING] or list(st.checks.values())
    if name == "steps_taken":  # what was carried out, not the raw log (back and skip are not "tried")
        from pos_doctor.playbooks.transcript import steps_carried_out

        return steps_carried_out(st.transcript)
    if name == "trace":
        return None
    if name == "statement":  # the latest statement import: the payments missing from it, not the last transaction
        found = [e for e in st.transcript if e.get("action") == "import_statement"]
        return ((found[-1].get("result") or {}).get("data") or {}).get("statement") if found else None
    if name == "payment":
        p = st.payment
        return None if p is None else {**{k: p.get(k) for k in ("verdict", "double_charge", "reasons", "customer",
                                                                "considered", "decided_by")},
                                       "terminal": {"readable": (p.get("terminal") or {}).get("readable")}}
    return st.values.get(name)


class Facts:
    """What conditions see, from inside one playbook (step ids are that playbook's)."""

    def __init__(self, state: WalkState, pid: str):
        self.state, self.pid = state, pid

    def answer(self, step: str) -> Any:
        key = f"{self.pid}/{step}"
        if key in self.state.answers:
            return self.state.answers[key]
        return None

    def check(self, check_id: str) -> Any:
        c = self.state.checks.get(check_id)
        return c["status"] if c else None

    def value(self, name: str) -> Any:
        v = self.state.values.get(name)
        try:
            return Decimal(v) if v is not None and _is_amount(v) else v
        except InvalidOperation:
            return v

    def last_tx(self, name: str) -> Any:
        tx = self.state.transaction
        if name == "matched":
            return last_is_matched(self.state)
        if tx is None:
            return "none" if name == "status" else None
        v = tx.get(_TX_NAMES.get(name, name))
        return Decimal(v) if name == "amount" and v is not None else v

    def visited(self, step: str) -> bool:
        return self.state.visits.get(f"{self.pid}/{step}", 0) > 0

    def market(self) -> str:
        return self.state.market


# --- --yes marking: answers nobody gave ----------------------------------------------------------------------------
BY_YES_NOTE = "not done by a person: steps that need a person's hands were answered by --yes"


def by_yes(transcript: list[dict[str, Any]]) -> bool:
    """Did --yes answer a step that needs a person: an instruction "done", or a "does it work now?" confirm."""
    return any(e.get("answered_by") == "yes" and e.get("kind") in ("instruction", "confirm")
               and e.get("answer") not in ("skipped", None) for e in transcript if isinstance(e, dict))
