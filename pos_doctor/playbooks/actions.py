"""The built-in safe actions and check re-runs, over an open check session (checks.session.CheckSession).

Nothing here can move money: the ZVT client only sends allow-listed commands (status, diagnosis, repeat receipt,
send turnover totals, registration, abort, log-off, print configuration), and the printer is only asked for status or
told to continue.
"""

from __future__ import annotations

import time
from typing import Any, Callable

from pos_doctor.errors import PosDoctorError
from pos_doctor.i18n import TC, T, Text
from pos_doctor.playbooks.walk import ActionResult  # not from the engine: `check` needs no walk to read the journal

WAIT_POLL_S = 2.0


def transaction_facts(tx) -> dict | None:
    """A ZVT Transaction as plain data; the card number is already masked by the decoder."""
    if tx is None:
        return None
    return {
        "status": "approved" if tx.approved else "declined", "approved": bool(tx.approved),
        "result_code": None if tx.result_code is None else f"{tx.result_code:02X}",
        "result": tx.result.to_json() if tx.result else None,
        "amount": None if tx.amount is None else f"{tx.amount:.2f}",
        "currency": tx.currency, "time": tx.time, "trace_number": tx.trace_number, "receipt_number": tx.receipt_number,
        "card_name": tx.card_name, "pan_masked": tx.pan_masked, "terminal_id": tx.terminal_id,
    }


def _tx_text(tx: dict | None) -> Text:
    if tx is None:
        return Text("The terminal has no stored payment.")
    # a field the terminal did not send is "not reported", never "None" (and a bare result code is no decline)
    from pos_doctor.payments.model import money_text  # zh: '12.50 欧元', never a currency code

    amount = money_text(tx["amount"], tx["currency"]) or Text("amount not reported")
    when: Any = tx["time"] if tx["time"] else Text("time not reported")
    trace = (T("trace {trace}", trace=tx["trace_number"]) if tx["trace_number"] is not None
             else Text("trace not reported"))
    if tx["status"] == "approved":
        return T("Last payment APPROVED: {amount}, {when}, {trace}.", amount=amount, when=when, trace=trace)
    from pos_doctor.checks.registry import trimmed

    why = trimmed(Text.from_json(tx["result"]) if tx["result"] else T("code {code}", code=tx["result_code"]))
    if tx["amount"] is None and tx["time"] is None and tx["trace_number"] is None:
        return T("The terminal reported only a result ({why}): amount, time and trace not reported - this "
                 "says nothing about whether the customer was charged.", why=why)
    return T("Last payment NOT approved ({why}): {amount}, {when}, {trace}.", why=why, amount=amount, when=when,
             trace=trace)


# how a command ended, when the terminal gave no result of its own (zvt CommandResult.outcome)
OUTCOMES = {"completed": TC("zvt.outcome", "completed"), "aborted": TC("zvt.outcome", "aborted"),
            "refused": TC("zvt.outcome", "refused"), "acknowledged": TC("zvt.outcome", "acknowledged")}


def outcome_text(outcome: str) -> Text:
    return OUTCOMES.get(outcome) or T("{value}", value=outcome)


class DeviceServices:
    def __init__(self, session, *, sleep: Callable[[float], None] = time.sleep, on_wait=None):
        self.session = session
        self.sleep = sleep
        self.on_wait = on_wait or (lambda remaining, result: None)

    def run_checks(self, ids: list[str]):
        return self.session.run(only=ids).checks

    def identity(self) -> dict:
        """Which terminal this session talks to (port or scenario, terminal ID and serial once read): the walk binds
        each payment verdict to it (payments/binding.py)."""
        from pos_doctor.payments.binding import identity

        return identity(getattr(self.session, "target", None))

    def action(self, name: str, params: dict) -> ActionResult:
        try:
            return getattr(self, f"_{name}")(**params)
        except PosDoctorError as exc:
            from pos_doctor.checks.runner import error_text

            return ActionResult(False, T("Could not do it: {error}", error=error_text(exc)),
                                data={"error": type(exc).__name__})

    # --- terminal ---------------------------------------------------------------------------------------------
    # Device work holds the port (a timed-out check may still be on it) and ends by the session's deadline.
    def _last_transaction(self) -> ActionResult:
        with self.session.device("terminal") as deadline:
            res = self.session.zvt().repeat_receipt(print_copy=False, deadline=deadline)
        tx = transaction_facts(res.transaction)
        if res.outcome != "completed" and tx is None:
            why = res.result or outcome_text(res.outcome)
            return ActionResult(False, T("The terminal did not give its last payment: {why}", why=why),
                                data={"outcome": res.outcome})
        return ActionResult(True, _tx_text(tx), data={"outcome": res.outcome}, transaction=tx)

    def _read_journal(self) -> ActionResult:
        """Everything the terminal can report read-only: its clock (Status Enquiry), the newest transaction
        (Repeat Receipt, not printed) and the period's list (Send Turnover Totals). A link that fails stops the
        reading; what was read so far is the evidence, and what was not is named in `not_reported`."""
        from datetime import datetime

        from pos_doctor.payments.evidence import describe_evidence, evidence_from_results

        got: dict = {}
        error = None
        with self.session.device("terminal") as deadline:  # the whole reading ends within the walk's device time
            zvt = self.session.zvt()
            for name, call in (("status", lambda: zvt.status_enquiry(deadline=deadline)),
                               ("repeat", lambda: zvt.repeat_receipt(print_copy=False, deadline=deadline)),
                               ("turnover", lambda: zvt.send_turnover_totals(deadline=deadline))):
                try:
                    got[name] = call()
                except PosDoctorError as exc:
                    error = exc
                    break
                if name == "status":
                    got["pc_at_status"] = datetime.now()
        evidence = evidence_from_results(status=got.get("status"), repeat=got.get("repeat"),
                                         turnover=got.get("turnover"), pc_at_status=got.get("pc_at_status"))
        repeat = got.get("repeat")
        tx = transaction_facts(repeat.transaction) if repeat is not None else None
        data: dict[str, Any] = {"terminal_evidence": evidence.to_json()}
        if error is not None:
            data["error"] = type(error).__name__
        return ActionResult(evidence.readable, describe_evidence(evidence), data=data, transaction=tx)

    def _print_receipt_copy(self) -> ActionResult:
        with self.session.device("terminal") as deadline:
            res = self.session.zvt().repeat_receipt(print_copy=True, deadline=deadline)
        tx = transaction_facts(res.transaction)
        if res.outcome != "completed":
            why = res.result or outcome_text(res.outcome)
            return ActionResult(False, T("The copy was not printed: {why}", why=why),
                                data={"outcome": res.outcome}, transaction=tx)
        lines = list(res.receipt_lines) or _receipt_from(tx)
        return ActionResult(True, Text("The terminal printed a copy of the last receipt."),
                            data={"outcome": res.outcome}, transaction=tx, receipt=lines)

    def _terminal_diagnosis(self) -> ActionResult:
        with self.session.device("terminal") as deadline:
            res = self.session.zvt().diagnosis(deadline=deadline)
        if res.outcome == "completed":
            return ActionResult(True, Text("The terminal reached its payment host."))
        why = res.result or outcome_text(res.outcome)
        return ActionResult(False, T("The terminal could not reach its payment host: {why}", why=why),
                            data={"outcome": res.outcome})

    def _terminal_status(self) -> ActionResult:
        with self.session.device("terminal") as deadline:
            res = self.session.zvt().status_enquiry(deadline=deadline)
        text = res.terminal_status_text or res.result or (
            TC('playbooks.actions', "not reported") if res.outcome == "completed" else outcome_text(res.outcome))
        return ActionResult(res.outcome == "completed" and res.terminal_status == 0,  # a missing byte is not "ready"
                            T("Terminal status: {status}", status=text),
                            data={"status": None if res.terminal_status is None else f"{res.terminal_status:02X}"})

    def _import_statement(self, walk: dict) -> ActionResult:
        """The provider's statement, read from the file staff named (no device is touched)."""
        from pos_doctor.statements.walk import import_for_walk

        ok, message, data = import_for_walk(walk.get("values") or {}, walk.get("terminal_evidence"))
        return ActionResult(ok, message, data=data)

    # --- printer ----------------------------------------------------------------------------------------------
    def _printer_status(self) -> ActionResult:
        with self.session.device("printer"):
            st = self.session.printer().status()
        problems = st.problems()
        if not problems:
            return ActionResult(True, Text("The printer is ready."))
        from pos_doctor.payments.sentences import semicolons

        return ActionResult(False, T("Printer: {problems}", problems=semicolons(problems)))

    def _printer_recover(self) -> ActionResult:
        with self.session.device("printer"):
            self.session.printer().recover(clear_buffers=False)
        return self._printer_status()

    # --- waiting ----------------------------------------------------------------------------------------------
    def _wait_for_check(self, check: str, timeout_s: int) -> ActionResult:
        deadline = time.monotonic() + timeout_s
        while True:
            result = self.run_checks([check])[0]
            row = {"id": result.id, "status": result.status, "message": result.message.to_json(),
                   "hint": result.hint.to_json() if result.hint else None}
            if result.status == "ok":
                return ActionResult(True, T("{check} passes now.", check=check), data={"checks": [row]})
            remaining = deadline - time.monotonic()
            self.on_wait(max(0.0, remaining), result)
            if remaining <= 0:
                return ActionResult(False, T("{check} still fails after {seconds} s: {message}", check=check,
                                             seconds=timeout_s, message=result.message),
                                    data={"checks": [row]})
            self.sleep(min(WAIT_POLL_S, remaining))


def _receipt_from(tx: dict | None) -> list[str]:
    """What the terminal's copy says, when it printed on its own paper and sent us no lines."""
    if tx is None:
        return ["NO TRANSACTION"]
    def shown(value) -> str:  # a field the terminal did not send is drawn as "-", never "None"
        return "-" if value is None else str(value)

    return [f"TERMINAL {tx['terminal_id'] or ''}".strip(), tx["card_name"] or "",
            f"CARD {tx['pan_masked'] or ''}".strip(),
            f"TRACE {shown(tx['trace_number'])}  RECEIPT {shown(tx['receipt_number'])}", f"{tx['time'] or ''}",
            f"AMOUNT {shown(tx['amount'])} {tx['currency'] or ''}".strip(),
            "APPROVED" if tx["status"] == "approved" else (
                f"RESULT {tx['result_code']} ONLY - NOTHING ELSE REPORTED"
                if tx["amount"] is None and tx["time"] is None and tx["trace_number"] is None
                else f"NOT APPROVED ({tx['result_code']})"), "*** COPY ***"]
