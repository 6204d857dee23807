"""What the wizard reads out to the payment provider at an escalation (the evidence, one line each), and how it says
a terminal record, a verdict's source and a transaction's amount."""

from __future__ import annotations

from pos_doctor.i18n import Text
from pos_doctor.ui.wizard_words import QR_VERDICT, SOURCE_LINE, TYPED_VERDICT, VERDICT, T, statement_verdict


def evidence_lines(evidence: dict, lang: str) -> list[str]:
    """What to read out to the provider, one line each; phone numbers are masked already."""
    names = {"customer_amount": T("Amount the customer shows"),
             "customer_time": T("Time the customer shows"),
             "missing_amount": T("Missing amount"), "missing_time": T("Time of the payment"),
             "customer_phone": T("Customer phone (masked)"), "contact_notes": T("Notes"),
             "payment_method": T("Paid by"), "customer_card_last4": T("Card, last four digits"),
             "customer_currency": T("Currency"),
             "customer_time_uncertainty": T("The customer's time is an estimate, give or take (seconds)"),
             "follow_up_date": T("Look again on"),
             "customer_merchant": T("Merchant name on the customer's message"),
             "goodwill": T("Goodwill agreed with the customer"),
             "customer_payee": T("Payee on the customer's phone")}
    said = {"card": T("card at the terminal"), "qr": T("QR code")}  # a recorded choice, in words
    said |= {"girocard": T("girocard"), "credit-card": T("credit card"), "wallet": T("phone or watch")}  # market de
    out = []
    for name, value in evidence.items():
        if value in (None, "", []):
            continue
        if name == "last_transaction":
            tx = value
            zh = lang == "zh"
            ok = tx["status"] == "approved"
            status = ("成功" if zh else "approved") if ok else ("未成功" if zh else "not approved")
            label = "POS机最后一笔" if lang == "zh" else "Terminal's last payment"
            out.append(f"{label}{'：' if lang == 'zh' else ': '}{status}, {money_of(tx, lang)}, {tx['time']}, "
                       f"{'流水号' if lang == 'zh' else 'trace'} {tx['trace_number']}, "
                       f"{tx['pan_masked'] or ''}".rstrip(", "))
        elif name == "payment":
            key = "double_charge" if value.get("double_charge") else value.get("verdict", "unknown")
            qr = any(str(r.get("code", "")).startswith("qr_") for r in value.get("reasons") or [])  # payments/qr.py
            typed = (value.get("decided_by") or {}).get("origin") not in (None, "link")
            if qr:
                out.append(QR_VERDICT.get(key, VERDICT["unknown"])[0](lang))
            elif (value.get("decided_by") or {}).get("origin") == "statement":
                out.append(statement_verdict(key)(lang))
            elif typed:
                out.append(TYPED_VERDICT.get(key, TYPED_VERDICT["unknown"])(lang))
            else:
                out.append(VERDICT.get(key, VERDICT["unknown"])[0](lang))
            if value.get("decided_by"):
                out.append(SOURCE_LINE.format(s=source_of(value)(lang))(lang))
            out.extend(r["text"][lang] for r in value.get("reasons") or [])
            cust = value.get("customer") or {}
            unknown = T("not recorded")(lang)
            amount, when = cust.get("amount") or unknown, (cust.get("time") or unknown).replace("T", " ")
            card = cust.get("card_last4")
            order = cust.get("order_number")
            about = round((cust.get("time_uncertainty_s") or 0) / 60)
            out.append(T(f"Customer shows: {amount}, {when}" + (f" (give or take {about} min)" if about else "")
                         + (f", card ending "
                            f"{card}" if card else "") + (f", order number ending {order}" if order else ""),
                         f"客人出示：{amount}，{when}" + (f"（前后约 {about} 分钟）" if about else "")
                         + (f"，卡号尾号 {card}" if card else "") + (f"，订单号尾号 {order}" if order else ""))(lang))
            for d in value.get("considered") or []:
                out.append(record_line(d, lang))
        elif name == "statement" and isinstance(value, dict):  # the provider's statement: what is missing from it
            zh = lang == "zh"
            label = (value.get("label") or {}).get(lang) or ""
            verdict = ((value.get("payment") or {}).get("text") or {}).get(lang)
            out.append(("对账单"
                        "：" if zh else "Statement: ") + label + (f"（"
                                                                 f"{value.get('file')}）" if zh else f" "
                                                                                                    f"({value.get('file')})"))
            if verdict and (value.get("payment") or {}).get("verdict") != "not_asked":
                out.append(("  未到账的这笔：" if zh else "  The missing payment: ") + verdict)
            for m in value.get("missing") or []:
                out.append(("  POS机有、账单里没有"
                            "：" if zh else "  In the terminal, not in the statement: ") + (m.get(lang) or ""))
        elif name == "check_results":
            bad = [c for c in value if c["status"] not in ("ok", "skipped")]
            titles = _check_titles() if lang == "zh" else {}  # zh: the check's name; its id stays in English
            for c in bad or value[:0]:
                name = titles[c["id"]](lang) if c["id"] in titles else c["id"]
                out.append(f"{name}{'：' if lang == 'zh' else ': '}{c['message'][lang]}")
        elif name == "steps_taken":
            from pos_doctor.playbooks.transcript import lines

            if isinstance(value, dict):
                for head, items in lines(value, lang):
                    out.append(head + ("：" if lang == "zh" else ":"))
                    out += [f"  {i}. {line}" for i, line in enumerate(items, 1)]
        else:
            label = names.get(name, T(name.replace("_", " "),
                                      "其他记录"))(lang)  # zh: no field id on a cashier's screen
            shown = said[value](lang) if name == "payment_method" and value in said else value
            out.append(f"{label}{'：' if lang == 'zh' else ': '}{shown}")
    return out


def source_of(payment: dict) -> Text:
    """Which source decided the verdict: the link, or the list staff typed (with where, how many, which times)."""
    from pos_doctor.payments.typed import decided_by

    d = payment.get("decided_by")
    d = d if isinstance(d, dict) else {}
    readable = (payment.get("terminal") or {}).get("readable", True) is not False
    return decided_by(d.get("origin"), d.get("label"), readable=readable)


def record_line(d: dict, lang: str) -> str:
    """One terminal record with every number the walk's text may refer to, named as the slip names it: the trace
    number (流水号), the receipt number (凭证号, ZVT Beleg-Nr.), the reference (参考号) when the terminal gave one."""
    from pos_doctor.payments.reconcile import TerminalRecord

    line = TerminalRecord.from_json(d).describe()(lang)
    zh = lang == "zh"
    if d.get("receipt_number") is not None and d.get("source") != "typed":  # a typed one names its 凭证号 already
        line += f"，凭证号 {d['receipt_number']}" if zh else f", receipt no. {d['receipt_number']}"
    if d.get("reference"):
        line += f"，参考号 {d['reference']}" if zh else f", reference {d['reference']}"
    return line


def _check_titles() -> dict[str, Text]:
    from pos_doctor.checks.registry import all_checks

    return {c.id: c.title for c in all_checks()}


def money_of(tx: dict, lang: str) -> str:
    """A transaction's amount as staff read it: '12.50 EUR', on a zh screen '12.50 欧元' (payments money_zh)."""
    from pos_doctor.payments.model import money_text

    m = money_text(tx.get("amount"), tx.get("currency"))
    return m(lang) if m is not None else ""
