"""What the wizard reads out to the payment provider at an escalation (the evidence, one line each), and how it says
a terminal record, a verdict's source and a transaction's amount."""

from __future__ import annotations

from pos_doctor.i18n import TC, T, Text
from pos_doctor.ui.wizard_words import QR_VERDICT, SOURCE_LINE, TYPED_VERDICT, VERDICT, statement_verdict

LAST_PAYMENT = T("Terminal's last payment: {status}, {amount}, {time}, trace {trace}, {card}")
LAST_APPROVED, LAST_NOT_APPROVED = TC("the last payment", "approved"), TC("the last payment", "not approved")
LABELLED = TC("a label and its value", "{label}: {value}")


def evidence_lines(evidence: dict, lang: str) -> list[str]:
    """What to read out to the provider, one line each; phone numbers are masked already."""
    out = []
    for name, value in evidence.items():
        if value in (None, "", []):
            continue
        if name == "last_transaction":
            tx = value
            status = LAST_APPROVED if tx["status"] == "approved" else LAST_NOT_APPROVED
            out.append(LAST_PAYMENT.format(status=status, amount=money_of(tx, lang), time=tx["time"],
                                           trace=tx["trace_number"], card=tx["pan_masked"] or "")(lang).rstrip(", ，"))
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
            out.extend(Text.from_json(r["text"])(lang) for r in value.get("reasons") or [])
            cust = value.get("customer") or {}
            unknown = T("not recorded")
            when = str(cust["time"]).replace("T", " ") if cust.get("time") else unknown
            shown = T("Customer shows: {amount}, {time}", amount=cust.get("amount") or unknown, time=when)
            about = round((cust.get("time_uncertainty_s") or 0) / 60)
            if about:
                shown = T("{shown} (give or take {minutes} min)", shown=shown, minutes=about)
            if cust.get("card_last4"):
                shown = T("{shown}, card ending {last4}", shown=shown, last4=cust["card_last4"])
            if cust.get("order_number"):
                shown = T("{shown}, order number ending {order}", shown=shown, order=cust["order_number"])
            out.append(shown(lang))
            for d in value.get("considered") or []:
                out.append(record_line(d, lang))
        elif name == "statement" and isinstance(value, dict):  # the provider's statement: what is missing from it
            label = _said(value.get("label"), lang)
            verdict = _said((value.get("payment") or {}).get("text"), lang)
            out.append(T("Statement: {label} ({file})", label=label, file=value.get("file"))(lang))
            if verdict and (value.get("payment") or {}).get("verdict") != "not_asked":
                out.append("  " + T("The missing payment: {verdict}", verdict=verdict)(lang))
            for m in value.get("missing") or []:
                out.append("  " + T("In the terminal, not in the statement: {record}", record=_said(m, lang))(lang))
        elif name == "check_results":
            bad = [c for c in value if c["status"] not in ("ok", "skipped")]
            titles = _check_titles() if lang != "en" else {}  # not en: the check's name; en: its id
            for c in bad or value[:0]:
                name = titles[c["id"]](lang) if c["id"] in titles else c["id"]
                out.append(LABELLED.format(label=name, value=_said(c["message"], lang))(lang))
        elif name == "steps_taken":
            from pos_doctor.playbooks.transcript import lines

            if isinstance(value, dict):
                for head, items in lines(value, lang):
                    out.append(T("{heading}:", heading=head)(lang))
                    out += [f"  {i}. {line}" for i, line in enumerate(items, 1)]
        else:
            from pos_doctor.records.value_words import name_of, value_of

            out.append(LABELLED.format(label=name_of(name), value=value_of(name, value))(lang))
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

    line = TerminalRecord.from_json(d).describe()
    if d.get("receipt_number") is not None and d.get("source") != "typed":  # a typed one names its 凭证号 already
        line = T("{line}, receipt no. {number}", line=line, number=d["receipt_number"])
    if d.get("reference"):
        line = T("{line}, reference {reference}", line=line, reference=d["reference"])
    return line(lang)


def _said(value: object, lang: str) -> str:
    """A text the walk kept (`Text.to_json`, or an older {"en", "zh"}) in `lang`; '' for none."""
    return Text.from_json(value)(lang) if isinstance(value, dict) and value.get("en") is not None else ""


def _check_titles() -> dict[str, Text]:
    from pos_doctor.checks.registry import all_checks

    return {c.id: c.title for c in all_checks()}


def money_of(tx: dict, lang: str) -> str:
    """A transaction's amount as staff read it: '12.50 EUR', on a zh screen '12.50 欧元' (payments money_zh)."""
    from pos_doctor.payments.model import money_text

    m = money_text(tx.get("amount"), tx.get("currency"))
    return m(lang) if m is not None else ""
