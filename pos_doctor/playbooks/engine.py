"""The step engine: walks a playbook one step at a time.

It knows neither the screen nor the devices. People are reached through a `Prompter` (the terminal wizard, an
answers file, or both), devices through `Services` (checks and the built-in safe actions). Everything the walk
learns lives in `WalkState`, which is plain JSON: saved after every step, so Ctrl-C loses nothing and
`fix --resume` continues where it stopped.

Rules a playbook author can rely on (docs/playbooks.md):
- a step whose `when` is false is skipped: the walk goes on with the next step in the file;
- instruction, action and record steps continue with `goto`, else the next step in the file;
- an included playbook runs in place; when it ends (whatever its outcome) the walk returns to the step after the
  include; only the playbook the walk started with ends the walk;
- a step visited more than its `max_visits` sends the walk to the playbook's escalate step;
- `verify` on a step re-runs those checks right after it; a "did this fix it?" step right after a verified step or
  an action suggests their verdict (the action's success) as its answer;
- at a resolved end the playbook's `needs_checks` and every verified check run once more: all passing is
  "resolved and verified" (exit 0), otherwise "resolved, not verified" (exit 1).

The money rule is the engine's, not the YAML's: a `reconcile` step compares the customer's evidence (recorded
values) with the terminal's records (payments/reconcile.py) and keeps the verdict in `WalkState.payment`. A step
that `allows` a new payment is entered only on `not_charged`, a refund or void only on `charged`, giving back the
second of two only on a double charge (payments/reconcile.py `allows`, the one rule);
otherwise the walk takes the reconcile step's mismatch/unknown path, or the playbook's escalate step. No `when`,
answer or --yes overrides it. Recording the customer's evidence again, or going back, clears the verdict.
Without a terminal link (none configured, or it cannot be read) a reconcile step takes its `on_unreadable` branch;
a `record_list` step then collects the transactions staff type from the standalone POS机's own screen or slip
(payments/typed.py), and a reconcile step with `origin: typed_terminal` compares them by the same rules - it never
reads the link, and its verdict names its source. The same money rule opens or refuses the money steps after it.
A verdict is bound to the records it was reached on (payments/binding.py): read the terminal again after it, talk to
another terminal, let the records grow older than `payment.evidence_max_age_s`, or continue the walk from its saved
file, and a money step first reconciles again — only the new verdict can open it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from pos_doctor.i18n import Text
# values people type are read by the one parser of payments/ (parse_record is re-exported for callers)
from pos_doctor.payments.customer_input import (currency_field, parse_record, read_record,  # noqa: F401
                                                 uncertainty_field)
from pos_doctor.playbooks.model import (CUSTOMER_FIELDS, FINDINGS, MONEY, WALK_ACTIONS, Playbook, Step,
                                        reconcile_again)

MAX_STEPS_PER_WALK = 400
PASSING = ("ok", "skipped")


class Reply:
    BACK = "\x00back"
    SKIP = "\x00skip"
    QUIT = "\x00quit"


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
        return _options(self.step)


def _options(s: Step) -> list[str]:
    """The answers a step takes (a record step takes a value instead)."""
    if s.kind == "question":
        return [c.id for c in s.choices]
    if s.kind == "confirm":
        return ["yes", "no", "unsure"]
    if s.kind == "instruction":
        return ["done", "skip"]
    if s.kind == "action":
        return ["run", "skip"]
    return []


@dataclass
class ActionResult:
    ok: bool
    message: Text
    data: dict = field(default_factory=dict)
    transaction: dict | None = None      # last_transaction: status, approved, amount, currency, time, trace_number...
    receipt: list[str] | None = None     # lines of a reprinted receipt

    def to_json(self) -> dict:
        return {"ok": self.ok, "message": self.message.to_json(), "data": self.data,
                "transaction": self.transaction, "receipt": self.receipt}


class Prompter(Protocol):
    def ask(self, prompt: Prompt) -> Any: ...
    def show(self, event: str, **info: Any) -> None: ...


class Services(Protocol):
    def run_checks(self, ids: list[str]) -> list[Any]: ...          # CheckResult-like: id, status, message, hint
    def action(self, name: str, params: dict) -> ActionResult: ...


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
    checks: dict[str, dict] = field(default_factory=dict)       # check id -> latest {id, status, message, hint}
    transaction: dict | None = None
    visits: dict[str, int] = field(default_factory=dict)
    history: list[dict] = field(default_factory=list)           # snapshots before each question, for "back"
    transcript: list[dict] = field(default_factory=list)
    verified_checks: list[str] = field(default_factory=list)
    last_verify: bool | None = None
    escalations: list[dict] = field(default_factory=list)
    outcome: str | None = None
    verified: bool | None = None
    started_at: str = ""
    payment: dict | None = None            # the latest reconciliation: customer, considered, verdict, reasons
    terminal_evidence: dict | None = None  # {"evidence": TerminalEvidence JSON, "at": iso time, "seq": transcript index}

    def to_json(self) -> dict:
        return copy.deepcopy(self.__dict__)

    @classmethod
    def from_json(cls, data: dict) -> "WalkState":
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def distrust_saved(library, state: "WalkState", *, tolerance_s: float | None = None) -> "WalkState":
    """A walk read back from its saved file: its verdict recomputed, and nothing in it trusted for money
    (`Walk.resumed`). Before any device is opened, so that the recap already shows the recomputed verdict."""
    walk = Walk(library, None, None, state)  # type: ignore[arg-type] - no device and no person needed for this
    if tolerance_s:
        walk.tolerance = timedelta(seconds=float(tolerance_s))
    walk.resumed()
    return state


_TX_NAMES = {"trace": "trace_number", "receipt": "receipt_number", "card": "card_name"}


class _Facts:
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
            return Decimal(v) if v is not None and _AMOUNT_RE(v) else v
        except InvalidOperation:
            return v

    def last_tx(self, name: str) -> Any:
        tx = self.state.transaction
        if name == "matched":
            return _last_is_matched(self.state)
        if tx is None:
            return "none" if name == "status" else None
        v = tx.get(_TX_NAMES.get(name, name))
        return Decimal(v) if name == "amount" and v is not None else v

    def visited(self, step: str) -> bool:
        return self.state.visits.get(f"{self.pid}/{step}", 0) > 0


def _last_is_matched(state: WalkState) -> bool:
    """Is the terminal's last payment (what Repeat Receipt reprints) the one record the standing verdict matched to
    this customer? Same trace and receipt number, both reported. Two matched records, none, a verdict no longer
    standing for the customer's evidence, or a number not reported: false — a reprint may then be another
    customer's slip."""
    p, tx = state.payment, state.transaction
    if not isinstance(p, dict) or not isinstance(tx, dict) or p.get("double_charge"):
        return False
    if p.get("customer_values") != {f: state.values.get(f) for f in CUSTOMER_FIELDS}:
        return False
    matched = [m for m in p.get("matched") or [] if isinstance(m, dict)]
    if len(matched) != 1 or not tx.get("approved"):
        return False
    m = matched[0]
    same = [(m.get(k), tx.get(k)) for k in ("trace_number", "receipt_number") if m.get(k) is not None or tx.get(k) is not None]
    return bool(same) and all(a is not None and str(a) == str(b) for a, b in same)


def _AMOUNT_RE(v: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d+(\.\d{1,2})?", v))


class Walk:
    def __init__(self, library, services: Services, prompter: Prompter, state: WalkState):
        self.lib = library
        self.services = services
        self.prompter = prompter
        self.state = state
        self.on_save = lambda state: None
        self.tolerance = timedelta(minutes=5)  # clock drift and typing: how far the customer's time may be off
        self.max_age_s: float | None = None   # payment.evidence_max_age_s (None: the default of payments/binding.py)
        self._fresh: dict[str, dict] = {}
        self._said: dict = {}  # what else the last accepted record answer said (its currency)
        self._carry: dict[str, dict] = {}
        if not state.frames:
            first = library.get(state.playbook).steps[0].id
            state.frames = [[state.playbook, first]]
            state.started_at = state.started_at or now()

    # --- the loop ------------------------------------------------------------------------------------------
    def run(self) -> WalkState:
        st = self.state
        taken = 0
        while st.outcome is None:
            taken += 1
            if taken > MAX_STEPS_PER_WALK:
                self._finish("escalated", reason="the walk took too many steps")
                break
            pid, sid = st.frames[-1]
            pb = self.lib.get(pid)
            step = pb.step(sid)
            key = f"{pid}/{sid}"
            if step.allows:  # before `when`: no condition can open it
                self._settle_before_money(pb, step)
                if st.outcome is not None:
                    break
                if not self._money_allowed(step):
                    self._refuse(pb, step)
                    continue
            if step.when is not None and not step.when(_Facts(st, pid)):
                self._log(pb, step, skipped="condition false")
                self._move(pb, step, pb.steps[pb.index(sid) + 1].id if pb.index(sid) + 1 < len(pb.steps) else None)
                continue
            st.visits[key] = st.visits.get(key, 0) + 1
            if step.max_visits and st.visits[key] > step.max_visits:
                self._over_limit(pb, step)
                continue
            if step.kind != "confirm":
                st.last_verify = None  # a confirm's suggestion is the verdict of the step just before it
            self._carry, self._fresh = self._fresh, {}  # results checked by the step just before, reusable once
            getattr(self, f"_{step.kind}")(pb, step, key)
            self.on_save(st)
        return st

    def _move(self, pb: Playbook, step: Step, target: str | None) -> None:
        """Go to `target` in the current playbook; falling off the end of an include returns to its caller."""
        if target is not None:
            self.state.frames[-1] = [pb.id, target]
            return
        self._return_from_include(pb)

    def _return_from_include(self, pb: Playbook) -> None:
        st = self.state
        if len(st.frames) == 1:
            self._finish("not_resolved", reason="the playbook ended without an end step")
            return
        st.frames.pop()
        parent_id, include_id = st.frames[-1]
        parent = self.lib.get(parent_id)
        include = parent.step(include_id)
        self.prompter.show("leave", playbook=pb, parent=parent)
        self._move(parent, include, parent.successor(include))

    def _over_limit(self, pb: Playbook, step: Step) -> None:
        self._log(pb, step, skipped=f"visited more than {step.max_visits} times")
        target = next((s.id for s in pb.steps if s.kind == "escalate"), None)
        if target is None:
            self._finish("not_resolved", reason=f"step {step.id} repeated too often")
        else:
            self.state.frames[-1] = [pb.id, target]

    # --- asking ----------------------------------------------------------------------------------------------
    def _ask(self, pb: Playbook, step: Step, key: str, default: Any = None, can_skip: bool = True) -> Any:
        st = self.state
        prompt = Prompt(pb, step, key, pb.index(step.id) + 1, len(pb.steps), len(st.frames) - 1, default,
                        can_back=bool(st.history), can_skip=can_skip)
        while True:
            reply = self.prompter.ask(prompt)
            self._answered_by = getattr(self.prompter, "answered_by", "person")  # --yes marking: who gave it
            if step.kind in ("instruction", "action") and isinstance(reply, str) and reply.strip().lower() == "skip":
                reply = Reply.SKIP  # "skip" is one of their options: it must be recorded as skipped, not done/run
            if reply == Reply.QUIT:
                raise Aborted()
            if reply == Reply.BACK:
                if not st.history:
                    prompt.error = Text("This is the first question; there is nothing to go back to.", "这是第一个问题，无法返回。")
                    continue
                return Reply.BACK
            if reply == Reply.SKIP and not can_skip:
                prompt.error = Text("This question needs an answer.", "这个问题必须回答。")
                continue
            if reply == Reply.SKIP:
                return reply
            ok, value, why = self._accept(step, reply)
            if ok:
                return value
            prompt.error = why

    def _accept(self, step: Step, reply: Any) -> tuple[bool, Any, Text | None]:
        if step.kind == "record_list":
            from pos_doctor.payments.typed import TypedInputError, read_typed

            try:
                return True, read_typed(reply), None
            except TypedInputError as exc:
                return False, None, exc.text
        if step.kind == "record":
            ok, value, why, self._said = read_record(step.type, reply, step.optional)
            return ok, value, why
        text = str(reply).strip().lower()
        options = _options(step)
        aliases = {"y": "yes", "n": "no", "?": "unsure", "ok": "done", "d": "done", "r": "run"}
        text = aliases.get(text, text)
        if step.kind == "question" and text.isdigit() and 1 <= int(text) <= len(step.choices):
            text = step.choices[int(text) - 1].id
        if text in options:
            return True, text, None
        if step.kind == "question":  # zh: the numbers and labels a cashier sees, not the ids of the answers file
            zh = f"请输入选项编号 1-{len(step.choices)}：" + "；".join(f"{i}）{c.label.zh}" for i, c in enumerate(step.choices, 1)) + "。"
        else:
            zh = "请回答：" + "、".join(ANSWER_ZH[o] for o in options) + "。"
        return False, None, Text(f"Answer one of: {', '.join(options)}.", zh)

    def _back(self) -> None:
        st = self.state
        snap = st.history.pop()
        # the current step was visited but not answered: undo that visit too
        st.frames, st.answers, st.values, st.visits = snap["frames"], snap["answers"], snap["values"], snap["visits"]
        st.payment = snap.get("payment")  # a verdict reached after that point no longer stands
        st.transcript.append({"at": now(), "back_to": "/".join(st.frames[-1])})

    def _asked(self, pb: Playbook, step: Step, key: str, default: Any = None, can_skip: bool = True) -> Any:
        """Ask, keeping a snapshot for "back"; returns the answer, Reply.SKIP, or None after going back."""
        snap_before = {"frames": copy.deepcopy(self.state.frames), "answers": dict(self.state.answers),
                       "values": dict(self.state.values), "visits": {**self.state.visits, key: self.state.visits[key] - 1},
                       "transcript": len(self.state.transcript), "payment": copy.deepcopy(self.state.payment)}
        reply = self._ask(pb, step, key, default, can_skip)
        if reply == Reply.BACK:
            self._back()
            return None
        self.state.history.append(snap_before)
        return reply

    # --- the kinds -------------------------------------------------------------------------------------------
    def _instruction(self, pb: Playbook, step: Step, key: str) -> None:
        reply = self._asked(pb, step, key, default="done")
        if reply is None:
            return
        self.state.answers[key] = "skipped" if reply == Reply.SKIP else "done"
        entry = self._log(pb, step, answer=self.state.answers[key])
        if reply != Reply.SKIP and step.verify:
            entry["verify"] = self._verify(step)
        self._move(pb, step, pb.successor(step))

    def _question(self, pb: Playbook, step: Step, key: str) -> None:
        facts = _Facts(self.state, pb.id)
        default = next((c.id for c in step.choices if c.suggest is not None and c.suggest(facts)), None)
        reply = self._asked(pb, step, key, default=default, can_skip=False)
        if reply is None:
            return
        self.state.answers[key] = reply
        choice = next(c for c in step.choices if c.id == reply)
        entry = self._log(pb, step, answer=reply, answer_label=choice.label.to_json(), suggested=default)
        if step.field:
            self.state.values[step.field] = reply
            if step.field in CUSTOMER_FIELDS and self.state.payment is not None and self._payment_stale():
                entry["verdict_cleared"] = self.state.payment["verdict"]
                self.state.payment = None
        self._move(pb, step, choice.goto)

    def _confirm(self, pb: Playbook, step: Step, key: str) -> None:
        lv = self.state.last_verify
        default = None if lv is None else ("yes" if lv else "no")
        reply = self._asked(pb, step, key, default=default)
        if reply is None:
            return
        answer = "unsure" if reply == Reply.SKIP else reply
        self.state.answers[key] = answer
        self._log(pb, step, answer=answer, suggested=default)
        target = {"yes": step.on_yes, "no": step.on_no, "unsure": step.on_unsure or step.on_no}[answer]
        self.state.last_verify = None
        self._move(pb, step, target)

    def _record(self, pb: Playbook, step: Step, key: str) -> None:
        reply = self._asked(pb, step, key, default="" if step.optional else None, can_skip=step.optional)
        if reply is None:
            return
        value = None if reply in (Reply.SKIP, "") else reply
        self.state.answers[key] = value
        if value is not None:
            self.state.values[step.field] = value
        elif step.field in CUSTOMER_FIELDS:
            self.state.values.pop(step.field, None)  # left empty now: the earlier value is not the customer's word
        if step.type == "amount":  # the currency typed with it is kept (and compared); none typed: none kept
            said = self._said.get("currency") if value is not None and reply != Reply.SKIP else None
            if said:
                self.state.values[currency_field(step.field)] = said
            else:
                self.state.values.pop(currency_field(step.field), None)
        if step.type == "time":  # how far the customer's estimate may be off is kept beside it; none said: none kept
            said = self._said.get("uncertainty_s") if value is not None and reply != Reply.SKIP else None
            if said:
                self.state.values[uncertainty_field(step.field)] = str(said)
            else:
                self.state.values.pop(uncertainty_field(step.field), None)
        entry = self._log(pb, step, answer=value, field=step.field)
        if step.field in CUSTOMER_FIELDS and self.state.payment is not None and self._payment_stale():
            entry["verdict_cleared"] = self.state.payment["verdict"]
            self.state.payment = None
        self._move(pb, step, pb.successor(step))

    def _record_list(self, pb: Playbook, step: Step, key: str) -> None:
        """Transactions typed by staff from the POS机's screen or slip: kept (normalised, cards as their last four
        digits) as the walk's terminal evidence, origin typed_terminal - a verdict bound to earlier records is
        unsettled by it (payments/binding.py), and a reconcile step with that origin compares them."""
        from pos_doctor.payments.typed import evidence

        reply = self._asked(pb, step, key)
        if reply is None:
            return
        if reply == Reply.SKIP:  # staff cannot read the POS机 either: nothing typed, the evidence held stays
            self.state.answers[key] = "skipped"
            self._log(pb, step, answer="skipped")
            self._move(pb, step, pb.successor(step))
            return
        ev = evidence(reply)
        self.state.answers[key] = reply
        self.state.terminal_evidence = {"evidence": ev.to_json(), "at": now(), "seq": len(self.state.transcript) + 1,
                                        "terminal": self._identity(), "typed": key}
        self._log(pb, step, answer="typed", typed=reply, evidence_label=ev.origin_label.to_json() if ev.origin_label else None)
        self._move(pb, step, pb.successor(step))

    def _action(self, pb: Playbook, step: Step, key: str) -> None:
        confirm = step.action == "print_receipt_copy"  # the one action that puts something on paper: ask first
        if confirm:
            reply = self._asked(pb, step, key, default="run")
            if reply is None:
                return
            if reply == Reply.SKIP:  # "skip" typed or in an answers file too (_ask): nothing is printed
                self.state.answers[key] = "skipped"
                self._log(pb, step, answer="skipped")
                self._move(pb, step, pb.successor(step))
                return
            self.state.answers[key] = "run"
        self.prompter.show("action-start", playbook=pb, step=step)
        params = dict(step.params)
        if step.action in WALK_ACTIONS:  # it reads what the walk recorded and the terminal records it holds
            params["walk"] = {"values": dict(self.state.values),
                              "terminal_evidence": (self.state.terminal_evidence or {}).get("evidence")}
        result = self.services.action(step.action, params)
        if step.action in WALK_ACTIONS:  # what it found, for the steps after it (never the customer's evidence)
            for name, value in (result.data.get("values") or {}).items():
                if name not in CUSTOMER_FIELDS and isinstance(value, str):
                    self.state.values[name] = value
        if step.action == "last_transaction":
            self.state.transaction = result.transaction
        if step.action == "read_journal":
            self._keep_evidence(result)  # its log entry below is the reading itself, not something after it
        for c in result.data.get("checks", []):
            self.state.checks[c["id"]] = c
        self.prompter.show("action", playbook=pb, step=step, result=result)
        entry = self._log(pb, step, action=step.action, result=result.to_json(), **({"answer": "run"} if confirm else {}))
        self.state.last_verify = result.ok
        if step.verify:
            entry["verify"] = self._verify(step)
        self._move(pb, step, step.on_error if (not result.ok and step.on_error) else pb.successor(step))

    def _check(self, pb: Playbook, step: Step, key: str) -> None:
        carried = all(cid in self._carry for cid in step.checks)  # just verified: shown already, not asked again
        results = [self._carry[cid] for cid in step.checks] if carried else self._run_checks(list(step.checks))
        passed = all(r["status"] in PASSING for r in results)
        if not carried:
            self.prompter.show("checks", playbook=pb, step=step, results=results, passed=passed)
        self._log(pb, step, checks=results, passed=passed)
        self._move(pb, step, step.on_ok if passed else step.on_fail)

    def _reconcile(self, pb: Playbook, step: Step, key: str) -> None:
        self._reconcile_now(pb, step, key)
        verdict = self.verdict()
        finding = (self.state.payment or {}).get("finding")
        branch = finding if finding in FINDINGS and FINDINGS[finding] == verdict else verdict
        if branch == "unknown" and not ((self.state.payment or {}).get("terminal") or {}).get("readable", True):
            branch = "unreadable"  # no link, or it did not answer: the records may still be read on the POS机 itself
        self._move(pb, step, step.verdict_target(branch) or self._safe_target(pb, step, verdict))

    def _reconcile_now(self, pb: Playbook, step: Step, key: str, **info: Any) -> None:
        """Compare the customer's evidence with the terminal's records (read again unless read a moment ago from
        this terminal), keep the verdict bound to those records, and log it under the reconcile step."""
        from pos_doctor.payments import binding

        st = self.state
        self.prompter.show("action-start", playbook=pb, step=step)
        read = None
        if step.source == "qr_app":  # what staff typed from the merchant app: nothing is read from a device
            self._keep_typed_evidence()
        elif step.origin != "link":  # the records typed by staff (or the evidence held): the link is never read here
            if not isinstance(st.terminal_evidence, dict):
                from pos_doctor.payments.reconcile import TerminalEvidence

                st.terminal_evidence = {"evidence": TerminalEvidence(readable=False, origin=step.origin).to_json(),
                                        "at": now(), "seq": len(st.transcript), "terminal": self._identity()}
            info = {**info, "origin": step.origin}
        elif not binding.evidence_is_fresh(st.terminal_evidence, st.transcript, self._identity()):
            read = self.services.action("read_journal", {})
            self._keep_evidence(read)
        st.payment = self._verdict_on(st.terminal_evidence, key)
        st.payment["binding"] = binding.bind(st.terminal_evidence, len(st.transcript) + 1)  # after this entry
        self.prompter.show("reconcile", playbook=pb, step=step, payment=st.payment)
        self._log(pb, step, payment=copy.deepcopy(st.payment), **info,
                  **({"action": "read_journal", "result": read.to_json()} if read is not None else
                     {"typed_evidence": step.source} if step.source == "qr_app" else {"reused_evidence": True}))
        st.terminal_evidence["seq"] = len(st.transcript)

    def _verdict_on(self, evidence_entry: dict | None, key: str) -> dict:
        """The payment object for the customer's evidence as recorded now and the terminal's records held."""
        from pos_doctor.payments.reconcile import CustomerEvidence, TerminalEvidence, payment_object, reconcile

        st = self.state
        terminal = TerminalEvidence.from_json((evidence_entry or {}).get("evidence"))
        customer = CustomerEvidence.from_values(st.values)
        rec = reconcile(customer, terminal, tolerance=self.tolerance)
        return {**payment_object(customer, terminal, rec), "summary": rec.summary().to_json(), "step": key,
                "at": now(), "customer_values": {f: st.values.get(f) for f in CUSTOMER_FIELDS}}

    def _identity(self) -> dict | None:
        """The terminal the walk talks to now (services that cannot say: None)."""
        ident = getattr(self.services, "identity", None)
        return ident() if callable(ident) else None

    def _settle_before_money(self, pb: Playbook, step: Step) -> None:
        """A money step ahead, and the verdict no longer stands for the terminal's records (payments/binding.py):
        reconcile again, at the reconcile step that reached it, before the step is judged."""
        from pos_doctor.payments import binding

        p = self.state.payment
        if not p or self._payment_stale():
            return
        why = binding.stale(p, self.state.terminal_evidence, self.state.transcript, self._identity(),
                            **({"max_age_s": self.max_age_s} if self.max_age_s else {}))
        if why is None:
            return
        code, text = why
        src_pb, src = self._source_of(p, pb)
        self.prompter.show("reconcile-again", playbook=pb, step=step, reason=text)
        before = self.verdict()
        self._reconcile_now(src_pb, src, f"{src_pb.id}/{src.id}",
                            again={"before": f"{pb.id}/{step.id}", "reason": code, "why": text.to_json(),
                                   "previous_verdict": before})

    def _source_of(self, p: dict, pb: Playbook) -> tuple[Playbook, Step]:
        """The reconcile step that reached the verdict (else the current playbook's first one)."""
        pid, _, sid = str(p.get("step", "")).partition("/")
        try:
            src_pb = self.lib.get(pid)
            src = src_pb.step(sid)
            if src.kind == "reconcile":
                return src_pb, src
        except Exception:  # noqa: BLE001 - a step id from a file: unknown here means "not that one"
            pass
        first = next((s for s in pb.steps if s.kind == "reconcile"), None)
        if first is None:  # no reconcile step to repeat: a synthetic one, with no branches, reads and compares
            first = reconcile_again(Text("Comparing again", "重新核对"))
        return pb, first

    def resumed(self) -> None:
        """The walk continues from its saved file: nothing in it is trusted for money. The verdict (and any kept
        for "back") is recomputed from the stored evidence and answers, and marked so that a money step reads
        the terminal and reconciles again first."""
        from pos_doctor.payments import binding

        st = self.state
        p = st.payment
        if p is not None:
            if not isinstance(st.terminal_evidence, dict) or self._payment_stale():
                st.payment = None
            else:
                again = self._verdict_on(st.terminal_evidence, str(p.get("step", "")))
                again["binding"] = p.get("binding") if isinstance(p.get("binding"), dict) else {}
                if again.get("verdict") != p.get("verdict") or bool(again.get("double_charge")) != bool(p.get("double_charge")):
                    st.transcript.append({"at": now(), "note": f"resumed: the saved verdict {p.get('verdict')} does not "
                                                                f"follow from the saved evidence; recomputed: {again['verdict']}"})
                st.payment = again
        binding.distrust(st.payment, st.terminal_evidence)
        for snap in st.history:
            if isinstance(snap.get("payment"), dict):
                binding.distrust(snap["payment"], None)

    # --- the money rule ----------------------------------------------------------------------------------------
    def verdict(self) -> str:
        """The verdict that stands for the customer's evidence as it is now: charged, not_charged, mismatch,
        double_charge, unknown, or "none" (not reconciled, or the evidence changed since)."""
        p = self.state.payment
        if not p or self._payment_stale():
            return "none"
        return "double_charge" if p.get("double_charge") else p.get("verdict", "none")

    def _payment_stale(self) -> bool:
        p = self.state.payment or {}
        return p.get("customer_values") != {f: self.state.values.get(f) for f in CUSTOMER_FIELDS}

    def _money_allowed(self, step: Step) -> bool:
        verdict = self.verdict()
        return all(verdict in MONEY.get(what, ()) for what in step.allows) and self._who_paid_ok(step)

    def _who_paid_ok(self, step: Step) -> bool:
        """A refund, a void or taking the difference on `charged` also needs the matched record shown to be this
        customer's (card, voucher or authorisation code), not only the same amount and time
        (payments/reconcile.who_paid_settled)."""
        if not {"refund", "void", "difference"} & set(step.allows):
            return True
        from pos_doctor.payments.reconcile import who_paid_settled

        return self.verdict() != "charged" or who_paid_settled(self.state.payment)

    def _refuse(self, pb: Playbook, step: Step) -> None:
        """The walk reached a money step without the verdict that permits it: do not enter; take the safe path."""
        verdict = self.verdict()
        who_paid = self._who_paid_ok(step)
        self._log(pb, step, refused={"allows": list(step.allows), "verdict": verdict,
                                     **({} if who_paid else {"who_paid": "not compared"})})
        self.prompter.show("refused", playbook=pb, step=step, verdict=verdict, payment=self.state.payment,
                           who_paid=who_paid)
        if not who_paid:  # charged, but perhaps by another customer's card: the unknown path, never the same branch
            verdict = "unknown"
        source = None
        p = self.state.payment
        if p and p.get("step", "").startswith(f"{pb.id}/"):
            source = pb.step(p["step"].split("/", 1)[1])
        if source is None:
            source = next((s for s in pb.steps if s.kind == "reconcile"), None)
        target = self._safe_target(pb, source, verdict)
        if target is None or target == step.id:
            self._finish("not_resolved", reason=f"step {step.id} allows {', '.join(step.allows)} but the verdict is "
                                                f"{verdict}: not entered, and the playbook has no safe path")
        else:
            self.state.frames[-1] = [pb.id, target]

    def _safe_target(self, pb: Playbook, source: Step | None, verdict: str) -> str | None:
        """The reconcile step's mismatch path (for a mismatch) or unknown path, unless that is a money step the
        verdict does not open either; else the playbook's escalate step."""
        candidates = []
        if source is not None and source.kind == "reconcile":
            if verdict != "none":  # a verdict reached again before a money step: its own branch first
                candidates.append(source.verdict_target(verdict))
            candidates.append(source.on_mismatch if verdict in ("mismatch", "double_charge") else source.on_unknown)
        candidates.append(next((s.id for s in pb.steps if s.kind == "escalate"), None))
        for target in candidates:
            if target is not None and target in {s.id for s in pb.steps} and (not pb.step(target).allows or self._money_allowed(pb.step(target))):
                return target
        return None

    def _keep_evidence(self, result: ActionResult) -> None:
        """The records just read, with when and from which terminal (`seq` is set once the reading is logged)."""
        from pos_doctor.payments.reconcile import TerminalEvidence

        evidence = result.data.get("terminal_evidence")  # also when unreadable: it names what was not reported
        if not isinstance(evidence, dict):
            evidence = TerminalEvidence(readable=False).to_json()
        if result.transaction is not None:
            self.state.transaction = result.transaction
        self.state.terminal_evidence = {"evidence": evidence, "at": now(), "seq": len(self.state.transcript) + 1,
                                        "terminal": self._identity()}

    def _keep_typed_evidence(self) -> None:
        """The QR order staff typed from the merchant app (payments/qr.py), kept like records read from a device."""
        from pos_doctor.payments.qr import evidence_from_values

        evidence = evidence_from_values(self.state.values).to_json()
        self.state.terminal_evidence = {"evidence": evidence, "at": now(), "seq": len(self.state.transcript) + 1,
                                        "terminal": self._identity()}

    def _include(self, pb: Playbook, step: Step, key: str) -> None:
        child = self.lib.get(step.playbook)
        self._log(pb, step, include=child.id)
        self.prompter.show("enter", playbook=child, parent=pb, step=step)
        self.state.frames.append([child.id, child.steps[0].id])

    def _end(self, pb: Playbook, step: Step, key: str) -> None:
        self._log(pb, step, outcome=step.outcome)
        self.prompter.show("end", playbook=pb, step=step, nested=len(self.state.frames) > 1)
        if len(self.state.frames) > 1:
            self._return_from_include(pb)
        else:
            self._finish(step.outcome, step=step)

    def _escalate(self, pb: Playbook, step: Step, key: str) -> None:
        evidence = {name: self._evidence(name) for name in step.evidence}
        esc = {"playbook": pb.id, "step": step.id, "to": step.to.to_json() if step.to else None, "evidence": evidence}
        self.state.escalations.append(esc)
        self._log(pb, step, escalate=esc)
        self.prompter.show("escalate", playbook=pb, step=step, evidence=evidence, nested=len(self.state.frames) > 1)
        if len(self.state.frames) > 1:
            self._return_from_include(pb)
        else:
            self._finish("escalated", step=step)

    # --- checks, verification, the end ------------------------------------------------------------------------
    def _run_checks(self, ids: list[str]) -> list[dict]:
        out = []
        for r in self.services.run_checks(ids):
            d = {"id": r.id, "status": r.status, "message": r.message.to_json(),
                 "hint": r.hint.to_json() if getattr(r, "hint", None) else None}
            self.state.checks[r.id] = d
            out.append(d)
        return out

    def _verify(self, step: Step) -> dict:
        results = self._run_checks(list(step.verify))
        self._fresh = {r["id"]: r for r in results}
        passed = all(r["status"] in PASSING for r in results)
        self.state.last_verify = passed
        for cid in step.verify:
            if cid not in self.state.verified_checks:
                self.state.verified_checks.append(cid)
        self.prompter.show("verify", step=step, results=results, passed=passed)
        return {"checks": results, "passed": passed}

    def _finish(self, outcome: str, step: Step | None = None, reason: str | None = None) -> None:
        st = self.state
        if outcome == "resolved" and self.verdict() in ("mismatch", "unknown", "double_charge"):
            reason = f"the payment's verdict is {self.verdict()}: not resolved until the provider settles it"
            outcome = "not_resolved"
        st.outcome = outcome
        if outcome == "resolved":
            root = self.lib.get(st.playbook)
            ids = list(dict.fromkeys([*root.needs_checks, *st.verified_checks]))
            if ids:
                results = self._run_checks(ids)
                ran = [r for r in results if r["status"] != "skipped"]
                st.verified = bool(ran) and all(r["status"] == "ok" for r in ran)
                self.prompter.show("final", results=results, verified=st.verified)
            else:  # nothing a device can confirm: the person's own "yes, it works" is the verification
                confirms = [e for e in st.transcript if e.get("kind") == "confirm"]
                st.verified = bool(confirms) and confirms[-1].get("answer") == "yes"
        else:
            st.verified = False
        if outcome == "resolved" and st.verified and by_yes(st.transcript):  # --yes marking
            st.verified = False  # nobody's hands did the steps: the checks cannot say a person fixed it
            reason = BY_YES_NOTE
        if reason:
            st.transcript.append({"at": now(), "note": reason})

    def _evidence(self, name: str) -> Any:
        st = self.state
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

    def _log(self, pb: Playbook, step: Step, **info: Any) -> dict:
        entry = {"at": now(), "playbook": pb.id, "step": step.id, "kind": step.kind,
                 "text": step.text.to_json() if step.text else None, **info}
        if "answer" in info:  # --yes marking: an automatic answer is not a person's action
            entry["answered_by"] = getattr(self, "_answered_by", "person")
        if step.allows and "skipped" not in info and "refused" not in info:  # entered: the guard let it through
            entry["allows"] = list(step.allows)
            entry["verdict"] = self.verdict()
            if "new_payment" in step.allows:
                entry["new_payment_allowed"] = True
        self.state.transcript.append(entry)
        return entry


# --- --yes marking: answers nobody gave ----------------------------------------------------------------------------
BY_YES_NOTE = "not done by a person: steps that need a person's hands were answered by --yes"


def by_yes(transcript: list[dict]) -> bool:
    """Did --yes answer a step that needs a person: an instruction "done", or a "does it work now?" confirm."""
    return any(e.get("answered_by") == "yes" and e.get("kind") in ("instruction", "confirm")
               and e.get("answer") not in ("skipped", None) for e in transcript if isinstance(e, dict))


# how the answers a step takes are said to a Chinese screen (with the key that gives them)
ANSWER_ZH = {"done": "完成（回车）", "yes": "是（y）", "no": "否（n）", "unsure": "不确定（?）", "run": "执行（y）", "skip": "跳过（s）"}
