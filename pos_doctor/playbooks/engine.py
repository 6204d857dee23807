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

The money rule is the engine's, not the YAML's: how it walks around money steps is playbooks/money_steps.py, what
a verdict permits and when it no longer stands is payments/guard.py.
"""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any, cast

from pos_doctor.i18n import Text

# values people type are read by the one parser of payments/ (parse_record is re-exported for callers)
from pos_doctor.payments.customer_input import currency_field, parse_record, read_record, uncertainty_field  # noqa: F401
from pos_doctor.payments.guard import MoneyGuard, now
from pos_doctor.playbooks.model import (
    CUSTOMER_FIELDS,
    WALK_ACTIONS,
    Action,
    Confirm,
    Escalate,
    Instruction,
    Playbook,
    Record,
    Step,
)
from pos_doctor.playbooks.money_steps import MoneySteps
from pos_doctor.playbooks.replies import accept

# the engine's boundary to people and devices, and its state (re-exported: callers import them from here)
from pos_doctor.playbooks.walk import (  # noqa: F401
    BY_YES_NOTE,
    PASSING,
    Aborted,
    ActionResult,
    Facts,
    NeedAnswer,
    Prompt,
    Prompter,
    Reply,
    Services,
    WalkState,
    by_yes,
    escalation_evidence,
    options_of,
)
from pos_doctor.playbooks.wording import ANSWER_WORDS, NEEDS_AN_ANSWER, NOTHING_BEFORE  # noqa: F401

MAX_STEPS_PER_WALK = 400


def distrust_saved(library, state: "WalkState", *, tolerance_s: float | None = None) -> "WalkState":
    """A walk read back from its saved file: its verdict recomputed, and nothing in it trusted for money
    (`Walk.resumed`). Before any device is opened, so that the recap already shows the recomputed verdict."""
    walk = Walk(library, None, None, state)  # type: ignore[arg-type]  # no device and no person needed
    if tolerance_s:
        walk.tolerance = timedelta(seconds=float(tolerance_s))
    walk.resumed()
    return state


_TX_NAMES = {"trace": "trace_number", "receipt": "receipt_number", "card": "card_name"}


class Walk(MoneySteps):
    def __init__(self, library: Any, services: Services, prompter: Prompter, state: WalkState):
        self.lib = library
        self.services = services
        self.prompter = prompter
        self.state = state
        self.on_save = lambda state: None
        self.guard = MoneyGuard(state, CUSTOMER_FIELDS, self._identity)  # the money rule, payments/guard.py
        self._fresh: dict[str, dict] = {}
        self._said: dict = {}  # what else the last accepted record answer said (its currency)
        self._carry: dict[str, dict] = {}
        self._answered_by = "person"
        if not state.frames:
            first = library.get(state.playbook).steps[0].id
            state.frames = [[state.playbook, first]]
            state.started_at = state.started_at or now()

    @property
    def tolerance(self) -> timedelta:
        """Clock drift and typing: how far the customer's time may be off (payment.tolerance_s)."""
        return self.guard.tolerance

    @tolerance.setter
    def tolerance(self, value: timedelta) -> None:
        self.guard.tolerance = value

    @property
    def max_age_s(self) -> float | None:
        """payment.evidence_max_age_s (None: the default of payments/binding.py)."""
        return self.guard.max_age_s

    @max_age_s.setter
    def max_age_s(self, value: float | None) -> None:
        self.guard.max_age_s = value

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
            step = pb.step(sid).in_market(st.market)  # its words in the shop's market (`markets:`)
            key = f"{pid}/{sid}"
            if step.allows:  # before `when`: no condition can open it
                self._settle_before_money(pb, step)
                if st.outcome is not None:
                    break
                if not self.guard.allowed(step.allows):
                    self._refuse(pb, step)
                    continue
            if step.when is not None and not step.when(Facts(st, pid)):
                if not step.when.refs or any(f != "market" for f, _a, _c in step.when.refs):  # else: another market's
                    self._log(pb, step, skipped="condition false")
                self._move(pb, step, pb.steps[pb.index(sid) + 1].id if pb.index(sid) + 1 < len(pb.steps) else None)
                continue
            st.visits[key] = st.visits.get(key, 0) + 1
            if step.max_visits and st.visits[key] > step.max_visits:
                self._over_limit(pb, step)
                continue
            if not isinstance(step, Confirm):
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
        target = next((s.id for s in pb.steps if isinstance(s, Escalate)), None)
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
            if isinstance(step, (Instruction, Action)) and isinstance(reply, str) and reply.strip().lower() == "skip":
                reply = Reply.SKIP  # "skip" is one of their options: it must be recorded as skipped, not done/run
            if reply == Reply.QUIT:
                raise Aborted()
            if reply == Reply.BACK:
                if not st.history:
                    prompt.error = NOTHING_BEFORE
                    continue
                return Reply.BACK
            if reply == Reply.SKIP and not can_skip:
                prompt.error = NEEDS_AN_ANSWER
                continue
            if reply == Reply.SKIP:
                return reply
            ok, value, why = self._accept(step, reply)
            if ok:
                return value
            prompt.error = why


    def _accept(self, step: Step, reply: Any) -> tuple[bool, Any, Text | None]:
        ok, value, why, said = accept(step, reply)
        if isinstance(step, Record):
            self._said = said
        return ok, value, why


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
                       "values": dict(self.state.values),
                       "visits": {**self.state.visits, key: self.state.visits[key] - 1},
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
        facts = Facts(self.state, pb.id)
        default = next((c.id for c in step.choices if c.suggest is not None and c.suggest(facts)), None)
        reply = self._asked(pb, step, key, default=default, can_skip=False)
        if reply is None:
            return
        self.state.answers[key] = reply
        choice = next(c for c in step.choices if c.id == reply)
        entry = self._log(pb, step, answer=reply, answer_label=choice.label.to_json(), suggested=default)
        if step.field:
            self.state.values[step.field] = reply
            if step.field in CUSTOMER_FIELDS:
                self._clear_verdict(entry)
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
        name = cast(str, step.field)  # a record step always names its field (the loader)
        self.state.answers[key] = value
        if value is not None:
            self.state.values[name] = value
        elif step.field in CUSTOMER_FIELDS:
            self.state.values.pop(name, None)  # left empty now: the earlier value is not the customer's word
        if step.type == "amount":  # the currency typed with it is kept (and compared); none typed: none kept
            said = self._said.get("currency") if value is not None and reply != Reply.SKIP else None
            if said:
                self.state.values[currency_field(name)] = said
            else:
                self.state.values.pop(currency_field(name), None)
        if step.type == "time":  # how far the customer's estimate may be off is kept beside it; none said: none kept
            said = self._said.get("uncertainty_s") if value is not None and reply != Reply.SKIP else None
            if said:
                self.state.values[uncertainty_field(name)] = str(said)
            else:
                self.state.values.pop(uncertainty_field(name), None)
        entry = self._log(pb, step, answer=value, field=step.field)
        if step.field in CUSTOMER_FIELDS:
            self._clear_verdict(entry)
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
        result = self.services.action(cast(str, step.action), params)
        if step.action in WALK_ACTIONS:  # what it found, for the steps after it (never the customer's evidence)
            for name, value in (result.data.get("values") or {}).items():
                if name not in CUSTOMER_FIELDS and isinstance(value, str):
                    self.state.values[name] = value
        if step.action == "last_transaction":
            self.state.transaction = result.transaction
        if step.action == "read_journal" or (step.action in WALK_ACTIONS and result.ok
                                             and isinstance(result.data.get("terminal_evidence"), dict)):
            # its log entry below is the reading (or the statement's rows) itself, not something after it
            self.guard.keep_reading(result.data.get("terminal_evidence"), result.transaction)
        for c in result.data.get("checks", []):
            self.state.checks[c["id"]] = c
        self.prompter.show("action", playbook=pb, step=step, result=result)
        entry = self._log(pb, step, action=step.action, result=result.to_json(),
                          **({"answer": "run"} if confirm else {}))
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

    # --- the money rule (payments/guard.py decides; money_steps.py finds the safe path) -------------------------
    def _identity(self) -> dict | None:
        """The terminal the walk talks to now (services that cannot say: None)."""
        ident = getattr(self.services, "identity", None)
        return ident() if callable(ident) else None

    def resumed(self) -> None:
        """The walk continues from its saved file: nothing in it is trusted for money (payments/guard.py)."""
        self.guard.resumed()

    def verdict(self) -> str:
        """The verdict that stands for the customer's evidence as it is now: charged, not_charged, mismatch,
        double_charge, unknown, or "none" (not reconciled, or the evidence changed since)."""
        return self.guard.verdict()

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
            self._finish(cast(str, step.outcome), step=step)

    def _escalate(self, pb: Playbook, step: Step, key: str) -> None:
        evidence = {name: escalation_evidence(self.state, name) for name in step.evidence}
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

