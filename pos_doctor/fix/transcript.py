"""The fix's transcript: the one document `fix --json` prints, the history records and the report reads - for a
walk, and for a fix that checked the devices and found no playbook to walk (the same keys, in the same order)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pos_doctor.checks.model import CheckReport, CheckResult
    from pos_doctor.checks.session import CheckSession
    from pos_doctor.playbooks.engine import WalkState
    from pos_doctor.playbooks.library import Library

# what the walk's verdict for this customer's payment keeps (null when the playbook did not reconcile)
PAYMENT_KEYS = ("verdict", "double_charge", "reasons", "summary", "customer", "considered", "matched", "terminal",
                "step", "at", "compared", "finding", "contradictions", "binding",  # these four since issue 22
                "decided_by")  # issue 24: which source decided it (the link, or a list typed from the POS机)


def transcript(lib: Library | None, state: WalkState | None, target: dict, code: int, *,
               checked: CheckReport | None = None, rows: list[dict] | None = None, reason: dict | None = None,
               session: CheckSession | None = None) -> dict:
    """The transcript of the walk `state` of `lib`'s playbook; without a walk (`state` None), of the checks
    `checked` (their `rows`) that found nothing to walk, and why (`reason`). `session`: its device time is added."""
    from pos_doctor import __version__
    from pos_doctor.playbooks.engine import now
    from pos_doctor.playbooks.transcript import steps_carried_out

    tool = {"name": "pos-doctor", "version": __version__}
    if state is None or lib is None:
        if checked is None:
            raise ValueError("a transcript without a walk is one of checks")
        doc: dict[str, Any] = {
            "schema_version": 1, "tool": tool, "kind": "fix", "playbook": None,
            "status": checked.status, "exit_code": int(code), "outcome": None if code == 0 else "not_resolved",
            "verified": False, "timing": {"started_at": checked.started_at, "finished_at": checked.finished_at},
            "target": target, "steps": [], "answers": {}, "values": {}, "checks": rows or [],
            "last_transaction": None, "payment": None, "escalations": [], "reason": reason,
        }
    else:
        pb = lib.get(state.playbook)
        doc = {
            "schema_version": 1, "tool": tool, "kind": "fix",
            "playbook": {"id": pb.id, "title": pb.title.to_json(), "source": pb.source, "shipped": pb.shipped},
            "status": {0: "ok", 1: "warning"}.get(code, "critical"), "exit_code": code, "outcome": state.outcome,
            "verified": state.verified, "timing": {"started_at": state.started_at, "finished_at": now()},
            "target": target, "steps": steps(pb.id, state.transcript), "answers": state.answers,
            "values": state.values, "checks": list(state.checks.values()), "last_transaction": state.transaction,
            "payment": payment_json(state.payment), "escalations": state.escalations,
            "carried_out": steps_carried_out(state.transcript),  # what was done, skipped, undone: the report's list
        }
    if session is not None:
        doc["timing"].update(device_time(session))
    return doc


def steps(root: str, log: list[dict]) -> list[dict]:
    """The steps reached, in order (an included playbook's as `playbook/step`); a verification's pass or fail is
    the result of a step that had none."""
    out = []
    for e in log:
        if "step" not in e:
            continue
        row = {"id": e["step"] if e["playbook"] == root else f"{e['playbook']}/{e['step']}", **e}
        if "result" not in row and "verify" in row:
            row["result"] = {"status": "ok" if row["verify"]["passed"] else "critical"}
        out.append(row)
    return out


def payment_json(payment: dict | None) -> dict | None:
    """The walk's verdict for this customer's payment: the customer's evidence, the terminal transactions
    considered, the verdict and its reasons (null when the playbook did not reconcile)."""
    if payment is None:
        return None
    return {k: payment.get(k) for k in PAYMENT_KEYS}


def device_time(session: CheckSession) -> dict:
    """What the run itself measured of its device work: the time spent on ports and the budget it had."""
    return {"device_s": round(session.spent, 3),
            "device_budget_s": None if session.budget is None else round(float(session.budget), 3)}


def check_rows(results: list[CheckResult]) -> list[dict]:
    """Check results as the transcript keeps them."""
    return [{"id": r.id, "status": r.status, "message": r.message.to_json(),
             "hint": r.hint.to_json() if r.hint else None} for r in results]
