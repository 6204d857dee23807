"""The built-in safe actions and check re-runs, over an open check session (checks.session.CheckSession).

Nothing here can move money: the ZVT client only sends allow-listed commands (status, diagnosis, repeat receipt,
registration, abort, log-off, print configuration), and the printer is only asked for status or told to continue.
"""

from __future__ import annotations

import time
from typing import Callable

from pos_doctor.errors import PosDoctorError
from pos_doctor.i18n import Text
from pos_doctor.playbooks.engine import ActionResult

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
        return Text("The terminal has no stored payment.", "终端里没有保存的交易。")
    amount = f"{tx['amount']} {tx['currency'] or ''}".strip()
    if tx["status"] == "approved":
        return Text(f"Last payment APPROVED: {amount}, {tx['time']}, trace {tx['trace_number']}.",
                    f"最后一笔交易成功：{amount}，{tx['time']}，流水号 {tx['trace_number']}。")
    why = tx["result"] or {"en": f"code {tx['result_code']}", "zh": f"代码 {tx['result_code']}"}
    why = {k: v.rstrip("。.") for k, v in why.items()}
    return Text(f"Last payment NOT approved ({why['en']}): {amount}, {tx['time']}, trace {tx['trace_number']}.",
                f"最后一笔交易未成功（{why['zh']}）：{amount}，{tx['time']}，流水号 {tx['trace_number']}。")


class DeviceServices:
    def __init__(self, session, *, sleep: Callable[[float], None] = time.sleep, on_wait=None):
        self.session = session
        self.sleep = sleep
        self.on_wait = on_wait or (lambda remaining, result: None)

    def run_checks(self, ids: list[str]):
        return self.session.run(only=ids).checks

    def action(self, name: str, params: dict) -> ActionResult:
        try:
            return getattr(self, f"_{name}")(**params)
        except PosDoctorError as exc:
            return ActionResult(False, Text(f"Could not do it: {exc}", f"无法完成：{exc.message_zh or exc}"),
                                data={"error": type(exc).__name__})

    # --- terminal ---------------------------------------------------------------------------------------------
    # Device work holds the port (a timed-out check may still be on it) and ends by the session's deadline.
    def _last_transaction(self) -> ActionResult:
        with self.session.device("terminal") as deadline:
            res = self.session.zvt().repeat_receipt(print_copy=False, deadline=deadline)
        tx = transaction_facts(res.transaction)
        if res.outcome != "completed" and tx is None:
            why = res.result or Text(res.outcome, res.outcome)
            return ActionResult(False, Text(f"The terminal did not give its last payment: {why.en}",
                                            f"终端没有返回最后一笔交易：{why.zh}"), data={"outcome": res.outcome})
        return ActionResult(True, _tx_text(tx), data={"outcome": res.outcome}, transaction=tx)

    def _print_receipt_copy(self) -> ActionResult:
        with self.session.device("terminal") as deadline:
            res = self.session.zvt().repeat_receipt(print_copy=True, deadline=deadline)
        tx = transaction_facts(res.transaction)
        if res.outcome != "completed":
            why = res.result or Text(res.outcome, res.outcome)
            return ActionResult(False, Text(f"The copy was not printed: {why.en}", f"未能补打：{why.zh}"),
                                data={"outcome": res.outcome}, transaction=tx)
        lines = list(res.receipt_lines) or _receipt_from(tx)
        return ActionResult(True, Text("The terminal printed a copy of the last receipt.", "终端已补打最后一笔小票。"),
                            data={"outcome": res.outcome}, transaction=tx, receipt=lines)

    def _terminal_diagnosis(self) -> ActionResult:
        with self.session.device("terminal") as deadline:
            res = self.session.zvt().diagnosis(deadline=deadline)
        if res.outcome == "completed":
            return ActionResult(True, Text("The terminal reached its payment host.", "终端已连通支付主机。"))
        why = res.result or Text(res.outcome, res.outcome)
        return ActionResult(False, Text(f"The terminal could not reach its payment host: {why.en}",
                                        f"终端连不上支付主机：{why.zh}"), data={"outcome": res.outcome})

    def _terminal_status(self) -> ActionResult:
        with self.session.device("terminal") as deadline:
            res = self.session.zvt().status_enquiry(deadline=deadline)
        text = res.terminal_status_text or res.result or Text(res.outcome, res.outcome)
        return ActionResult(res.outcome == "completed" and not res.terminal_status,
                            Text(f"Terminal status: {text.en}", f"终端状态：{text.zh}"),
                            data={"status": None if res.terminal_status is None else f"{res.terminal_status:02X}"})

    # --- printer ----------------------------------------------------------------------------------------------
    def _printer_status(self) -> ActionResult:
        with self.session.device("printer"):
            st = self.session.printer().status()
        problems = st.problems()
        if not problems:
            return ActionResult(True, Text("The printer is ready.", "打印机就绪。"))
        return ActionResult(False, Text("Printer: " + "; ".join(p.en for p in problems),
                                        "打印机：" + "；".join(p.zh for p in problems)))

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
                return ActionResult(True, Text(f"{check} passes now.", f"{check} 已正常。"), data={"checks": [row]})
            remaining = deadline - time.monotonic()
            self.on_wait(max(0.0, remaining), result)
            if remaining <= 0:
                return ActionResult(False, Text(f"{check} still fails after {timeout_s} s: {result.message.en}",
                                                f"等待 {timeout_s} 秒后 {check} 仍未正常：{result.message.zh}"),
                                    data={"checks": [row]})
            self.sleep(min(WAIT_POLL_S, remaining))


def _receipt_from(tx: dict | None) -> list[str]:
    """What the terminal's copy says, when it printed on its own paper and sent us no lines."""
    if tx is None:
        return ["NO TRANSACTION"]
    return [f"TERMINAL {tx['terminal_id'] or ''}".strip(), tx["card_name"] or "", f"CARD {tx['pan_masked'] or ''}".strip(),
            f"TRACE {tx['trace_number']}  RECEIPT {tx['receipt_number']}", f"{tx['time'] or ''}", f"AMOUNT {tx['amount']} {tx['currency'] or ''}".strip(),
            "APPROVED" if tx["status"] == "approved" else f"NOT APPROVED ({tx['result_code']})", "*** COPY ***"]
