"""Documents shaped like `pos-doctor check --json` and `pos-doctor fix --json`, for the records tests."""

from __future__ import annotations


def check_doc(status: str = "critical", pan: str = "4111111111111111", phone: str = "13812345678") -> dict:
    return {
        "schema_version": 1, "tool": {"name": "pos-doctor", "version": "0.1.0"}, "status": status,
        "exit_code": {"ok": 0, "warning": 1, "critical": 2}.get(status, 3),
        "timing": {"started_at": "2026-11-22T12:00:00+00:00", "duration_ms": 812},
        "target": {"terminal": "/dev/pts/7", "printer": "/dev/pts/8", "model": "Ingenico Move/5000",
                   "software_version": "GER-APP-75.12", "terminal_id": "52500381", "serial": "SN-0042-XY",
                   "simulated": True, "scenario": "dropped-transaction"},
        "checks": [
            {"id": "terminal.reachable", "category": "terminal", "status": "ok",
             "message": {"en": "Terminal answers", "zh": "终端有应答"}, "observed": "answered", "expected": "answer",
             "hint": None, "playbook": None, "duration_ms": 40, "data": {"raw": ["80 00 00"]}},
            {"id": "printer.paper", "category": "printer", "status": status,
             "message": {"en": f"Paper out; customer called from {phone}", "zh": "缺纸"}, "observed": "paper end",
             "expected": "paper present", "hint": {"en": "Load paper", "zh": "装纸"}, "playbook": "printer-paper",
             "duration_ms": 12, "data": {"receipt": f"CARD {pan}", "new_field": [1, 2]}},
        ],
        "playbooks": ["printer-paper"],
    }


def fix_doc(pan: str = "4111111111111111", phone: str = "13812345678") -> dict:
    return {
        "schema_version": 1, "tool": {"name": "pos-doctor", "version": "0.1.0"},
        "playbook": "dropped-transaction",
        "target": {"model": "Ingenico Move/5000", "terminal_id": "52500381", "serial": "SN-0042-XY",
                   "software_version": "GER-APP-75.12", "simulated": True, "scenario": "dropped-transaction"},
        "steps": [
            {"id": "ask-receipt", "kind": "ask", "title": {"en": "Did the customer get a receipt?", "zh": "顾客拿到小票了吗？"},
             "answer": "no", "result": "answered"},
            {"id": "repeat-receipt", "kind": "action", "title": {"en": "Reprint the last receipt", "zh": "重打最后一张小票"},
             "action": "repeat_receipt",
             "result": {"outcome": "completed",
                        "transaction": {"approved": True, "amount": "12.50", "currency": "EUR",
                                        "time": "2026-11-22T11:58:03", "trace_number": 1234, "receipt_number": 77,
                                        "card_name": "VISA", "pan_masked": pan, "terminal_id": "52500381"},
                        "receipt_lines": ["TID 52500381", f"Karte {pan}", f"Tel {phone}", "BETRAG EUR 12,50"]}},
            {"id": "check-network", "kind": "check", "checks": ["network.acquirer"],
             "check_results": {"network.acquirer": {"status": "critical", "message": {"en": "host unreachable", "zh": "主机不可达"}}},
             "result": "fail"},
            {"id": "note-phone", "kind": "record", "answer": f"customer phone {phone}", "result": "recorded"},
        ],
        "recorded": {"customer_phone": phone},
        "outcome": {"status": "resolved", "message": {"en": "Payment was approved; receipt reprinted", "zh": "支付已批准，已重打小票"}},
    }
