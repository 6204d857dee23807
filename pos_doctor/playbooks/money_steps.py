"""The steps of a walk that touch money, and the way around a money step the verdict does not open: the
`reconcile` step (read or reuse the terminal's records, compare, branch on the verdict or finding), the `record_list`
step (transactions typed from a standalone POS机), reconciling again before a money step when the verdict no longer
stands for the records (payments/binding.py), and refusing a money step for the reconcile step's mismatch/unknown
path or the playbook's escalate step. What the verdict permits is decided by payments/guard.py, not here.

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
from typing import TYPE_CHECKING, Any

from pos_doctor.payments.guard import MoneyGuard
from pos_doctor.payments.typed import evidence as typed_evidence
from pos_doctor.playbooks.model import FINDINGS, Escalate, Playbook, Reconcile, Step, reconcile_again
from pos_doctor.playbooks.walk import Prompter, Reply, Services, WalkState
from pos_doctor.playbooks.wording import COMPARING_AGAIN


class MoneySteps:
    """Part of the engine's `Walk` (playbooks/engine.py), which supplies the walk's state, the guard, the person
    and the devices, and the moves."""

    state: WalkState
    guard: MoneyGuard
    lib: Any
    prompter: Prompter
    services: Services

    if TYPE_CHECKING:  # the moves, the log and the questions of the engine
        def verdict(self) -> str: ...
        def _move(self, pb: Playbook, step: Step, target: str | None) -> None: ...
        def _finish(self, outcome: str, step: Step | None = None, reason: str | None = None) -> None: ...
        def _log(self, pb: Playbook, step: Step, **info: Any) -> dict: ...
        def _asked(self, pb: Playbook, step: Step, key: str, default: Any = None, can_skip: bool = True) -> Any: ...

    def _record_list(self, pb: Playbook, step: Step, key: str) -> None:
        """Transactions typed by staff from the POS机's screen or slip: kept (normalised, cards as their last four
        digits) as the walk's terminal evidence, origin typed_terminal - a verdict bound to earlier records is
        unsettled by it (payments/binding.py), and a reconcile step with that origin compares them."""
        reply = self._asked(pb, step, key)
        if reply is None:
            return
        if reply == Reply.SKIP:  # staff cannot read the POS机 either: nothing typed, the evidence held stays
            self.state.answers[key] = "skipped"
            self._log(pb, step, answer="skipped")
            self._move(pb, step, pb.successor(step))
            return
        ev = typed_evidence(reply)
        self.state.answers[key] = reply
        self.guard.keep_typed(ev.to_json(), key)
        self._log(pb, step, answer="typed", typed=reply,
                  evidence_label=ev.origin_label.to_json() if ev.origin_label else None)
        self._move(pb, step, pb.successor(step))

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
        guard = self.guard
        self.prompter.show("action-start", playbook=pb, step=step)
        read = None
        if step.source == "qr_app":  # what staff typed from the merchant app: nothing is read from a device
            guard.keep_qr_typed()
        elif step.origin != "link":  # the records typed by staff (or the evidence held): the link is never read here
            guard.hold_unreadable(step.origin)
            info = {**info, "origin": step.origin}
        elif not guard.evidence_is_fresh():
            read = self.services.action("read_journal", {})
            guard.keep_reading(read.data.get("terminal_evidence"), read.transaction)
        payment = guard.reach(key)
        self.prompter.show("reconcile", playbook=pb, step=step, payment=payment)
        self._log(pb, step, payment=copy.deepcopy(payment), **info,
                  **({"action": "read_journal", "result": read.to_json()} if read is not None else
                     {"typed_evidence": step.source} if step.source == "qr_app" else {"reused_evidence": True}))
        guard.logged()

    def _settle_before_money(self, pb: Playbook, step: Step) -> None:
        """A money step ahead, and the verdict no longer stands for the terminal's records (payments/binding.py):
        reconcile again, at the reconcile step that reached it, before the step is judged."""
        why = self.guard.stale_reason()
        if why is None:
            return
        code, text = why
        src_pb, src = self._source_of(self.state.payment or {}, pb)
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
            if isinstance(src, Reconcile):
                return src_pb, src
        except Exception:  # noqa: BLE001 - a step id from a file: unknown here means "not that one"
            pass
        first = next((s for s in pb.steps if isinstance(s, Reconcile)), None)
        if first is None:  # no reconcile step to repeat: a synthetic one, with no branches, reads and compares
            first = reconcile_again(COMPARING_AGAIN)
        return pb, first

    def _clear_verdict(self, entry: dict) -> None:
        """A value of the customer's evidence was recorded: a verdict reached on other values no longer stands."""
        cleared = self.guard.clear_if_changed()
        if cleared is not None:
            entry["verdict_cleared"] = cleared

    def _refuse(self, pb: Playbook, step: Step) -> None:
        """The walk reached a money step without the verdict that permits it: do not enter; take the safe path."""
        verdict = self.verdict()
        who_paid = self.guard.who_paid_ok(step.allows)
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
            source = next((s for s in pb.steps if isinstance(s, Reconcile)), None)
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
        if source is not None and isinstance(source, Reconcile):
            if verdict != "none":  # a verdict reached again before a money step: its own branch first
                candidates.append(source.verdict_target(verdict))
            candidates.append(source.on_mismatch if verdict in ("mismatch", "double_charge") else source.on_unknown)
        candidates.append(next((s.id for s in pb.steps if isinstance(s, Escalate)), None))
        ids = {s.id for s in pb.steps}
        for target in candidates:
            if target is not None and target in ids and (not pb.step(target).allows
                                                         or self.guard.allowed(pb.step(target).allows)):
                return target
        return None
