"""The ten-second summary at the top of every report: what happened, when, which terminal and shop, the payment
with both sides side by side, what was tried, the outcome, and what is asked of the provider.

Pure: the stored run (and the shop/support configuration) in, plain JSON out; texts as {"en", "zh"}. Nothing is
filled in: what the run did not observe is None, and the renderers say "not reported".
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from pos_doctor.playbooks.transcript import payment_view, steps_carried_out, verdict_text

CHECK_WHAT = {
    "ok": ("Device check: all checks passed", "设备检查：全部通过"),
    "warning": ("Device check: warnings found", "设备检查：发现警告"),
    "critical": ("Device check: problems found", "设备检查：发现问题"),
    "unknown": ("Device check: could not check everything", "设备检查：部分项目无法检查"),
    "skipped": ("Device check: nothing checked", "设备检查：未检查任何项目"),
}
OUTCOME = {
    "resolved": ("Resolved", "已解决"), "not_resolved": ("Not resolved", "未解决"),
    "escalated": ("Not resolved: handed to the payment provider", "未解决：已转交支付服务商"),
}


def _t(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def local_time(iso: Any, offset: str | None = None) -> str | None:
    """'2026-11-24 15:02:11 UTC+01:00': full date and local time, at `offset` (the run's, '+01:00') or this
    computer's."""
    if not iso:
        return None
    try:
        dt = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return str(iso)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    if offset:
        sign = -1 if offset[0] == "-" else 1
        dt = dt.astimezone(timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))))
    else:
        dt = dt.astimezone()
    off = dt.strftime("%z") or "+0000"
    return f"{dt:%Y-%m-%d %H:%M:%S} UTC{off[:3]}:{off[3:5]}"


def _contacts(doc: dict, config: Any) -> tuple[dict, dict, str, str | None]:
    """(shop, support, source, utc_offset): the run's own record of them (kept since the run was recorded), else -
    for a run recorded before they were kept - this computer's configuration today, and the source says so."""
    from pos_doctor.records.contacts import SHOP_KEYS, SUPPORT_KEYS, snapshot

    kept = doc.get("contacts") if isinstance(doc.get("contacts"), dict) else None
    if kept is not None:
        src, source = kept, "run"
    else:
        src, source = snapshot(config), "configuration"
        src.pop("utc_offset")
        for name in ("shop", "support"):  # an older document's own sections still win
            if isinstance(doc.get(name), dict):
                src[name] = {**src[name], **{k: v for k, v in doc[name].items() if v not in (None, "")}}
    shop = {k: str(v) for k, v in (src.get("shop") or {}).items() if k in SHOP_KEYS and v not in (None, "")}
    support = {k: str(v) for k, v in (src.get("support") or {}).items() if k in SUPPORT_KEYS and v not in (None, "")}
    return shop, support, source, kept.get("utc_offset") if kept else None


def _what(run: dict, doc: dict) -> dict[str, str]:
    if run.get("kind") == "fix":
        pb = doc.get("playbook")
        if isinstance(pb, dict) and isinstance(pb.get("title"), dict):
            return _t(str(pb["title"].get("en")), str(pb["title"].get("zh") or pb["title"].get("en")))
        reason = doc.get("reason")
        if isinstance(reason, dict) and "en" in reason:
            return _t("Guided fix: " + str(reason["en"]), "引导处理：" + str(reason.get("zh") or reason["en"]))
        pid = pb if isinstance(pb, str) else run.get("playbook")
        return _t(f"Guided fix: {pid or 'no playbook walked'}", f"引导处理：{pid or '未进入处理流程'}")
    en, zh = CHECK_WHAT.get(str(run.get("status")),
                            (f"Device check: {run.get('status')}", f"设备检查：{run.get('status')}"))
    return _t(en, zh)


def _payment(doc: dict) -> dict | None:
    """Both sides of the payment (playbooks/transcript.py's view), every terminal record that matched, and the
    headline a provider's agent reads first."""
    from pos_doctor.records import provider

    values = doc.get("values") if isinstance(doc.get("values"), dict) else doc.get("recorded")
    stored = doc.get("payment") if isinstance(doc.get("payment"), dict) else None
    view = payment_view(stored, values, doc.get("last_transaction"))
    view["double_charge"] = bool(stored and stored.get("double_charge"))
    view["finding"] = stored.get("finding") if stored and isinstance(stored.get("finding"), str) else None
    if stored and stored.get("compared") is not None:
        view["compared"] = stored["compared"]
    view["records"] = provider.shown_records(stored, view)
    view["case"] = provider.case_of(view)
    origin = ((stored or {}).get("terminal") or {}).get("origin") if isinstance((stored or {}).get("terminal"),
                                                                                dict) else None
    view["origin"] = origin if isinstance(origin, str) else "link"
    if stored and isinstance(stored.get("decided_by"), dict):  # which source decided it (the link, or a typed list)
        from pos_doctor.payments.typed import decided_by

        d = stored["decided_by"]
        readable = (stored.get("terminal") or {}).get("readable", True) is not False
        view["decided_by"] = {"origin": d.get("origin"),
                              "label": decided_by(d.get("origin"), d.get("label"), readable=readable).to_json()}
    typed = (view.get("decided_by") or {}).get("origin") not in (None, "link")
    view["verdict_text"] = (TYPED_FINDING_TEXT if typed else FINDING_TEXT).get(view["case"]) or verdict_text(
        "double_charge" if view["double_charge"] else view["verdict"], typed=typed)
    if (view.get("decided_by") or {}).get("origin") == "statement":  # a statement's rows, never "typed"
        from pos_doctor.payments.statement_words import VERDICT_TEXT

        said = VERDICT_TEXT["mismatch" if view["double_charge"] else view["verdict"]]
        view["verdict_text"] = {"en": said.en, "zh": said.zh}
    if view["origin"] == "typed_qr_app":  # the merchant app's order decided it, not the terminal
        view["verdict_text"] = dict(provider.QR_VERDICT_TEXT.get(view["verdict"], view["verdict_text"]))
    view["headline"] = provider.headline(view)
    return view


FINDING_TEXT = {"debit_without_attempt": _t(
    "The customer's bank shows a debit, and the terminal recorded no payment attempt at that time",
    "客人银行显示已扣款，但POS机在该时间没有任何付款记录")}
TYPED_FINDING_TEXT = {"debit_without_attempt": _t(
    "The customer's bank shows a debit, and the complete list staff typed from the POS机 holds no payment attempt at "
    "that time", "客人银行显示已扣款，但店员从POS机抄录的完整列表中该时间没有任何付款记录")}
ANSWERED_BY = ("person", "yes", "answers_file")


def answered_by(doc: dict) -> dict[str, str]:
    """'playbook/step' -> who gave the step's last answer: "person", "yes" (--yes) or "answers_file". A run recorded
    before the transcript said so was answered by a person."""
    out: dict[str, str] = {}
    for s in doc.get("steps") or []:
        if isinstance(s, dict) and "step" in s:
            by = s.get("answered_by")
            out[f"{s.get('playbook')}/{s.get('step')}"] = by if by in ANSWERED_BY else "person"
    return out


def _mark_tried(tried: dict, by: dict[str, str]) -> dict:
    """Each tried/skipped/undone item with `answered_by` (its own, else the transcript's, else "person")."""
    out = {}
    for part, items in tried.items():
        out[part] = [dict(it, answered_by=it.get("answered_by") if it.get("answered_by") in ANSWERED_BY
                          else by.get(str(it.get("key")), "person")) if isinstance(it, dict) else it
                     for it in items or []] if isinstance(items, list) else items
    return out


def build_summary(run: dict, doc: dict, terminal: dict, config: Any = None) -> dict:
    from pos_doctor.records import provider

    shop, support, source, offset = _contacts(doc, config)
    if offset is None and run.get("started_at"):  # a run recorded before it kept its offset: this computer's then
        from pos_doctor.records.contacts import utc_offset

        try:
            offset = utc_offset(datetime.fromisoformat(str(run["started_at"]).replace("Z", "+00:00")))
        except ValueError:
            offset = None
    if terminal.get("terminal_id") is None and shop.get("terminal_id"):
        terminal = dict(terminal, terminal_id=shop["terminal_id"], terminal_id_source="configuration")
    kind = run.get("kind")
    payment = None
    tried = None
    if kind == "fix":
        payment = _payment(doc)
        carried = doc.get("carried_out")
        if isinstance(carried, dict) and isinstance(carried.get("done"), list):
            tried = carried
        elif isinstance(doc.get("steps"), list) and all(isinstance(s, dict) and "playbook" in s for s in doc["steps"]):
            tried = steps_carried_out(doc["steps"])  # a run recorded before `carried_out` was kept
        if tried is not None:
            tried = _mark_tried(tried, answered_by(doc))
    outcome = doc.get("outcome") if not isinstance(doc.get("outcome"), dict) else doc["outcome"].get("status")
    outcome = outcome or run.get("outcome")
    if kind == "fix":
        en, zh = OUTCOME.get(str(outcome), (str(outcome or "not reported"), str(outcome or "未记录")))
        verified = doc.get("verified")
        if outcome == "resolved":
            en += ", confirmed by the checks" if verified else ", not confirmed by the checks"
            zh += "，检查已确认" if verified else "，检查未能确认"
        outcome_text = _t(en, zh)
    else:
        outcome_text = _what(run, doc)
    findings = [{"id": c.get("id"), "status": c.get("status"), "message": c.get("message")}
                for c in (doc.get("checks") or []) if isinstance(c, dict) and c.get("status") in ("critical", "warning",
                                                                                                  "unknown")]
    what = _what(run, doc)
    ask = None
    if outcome == "escalated":
        pay = payment if payment and payment.get("source") == "payment" else None  # a reconciled payment only
        values = doc.get("values") if isinstance(doc.get("values"), dict) else doc.get("recorded")
        ask = {"request": provider.request(pay, what),
               "facts": provider.facts(pay, shop, terminal, values if isinstance(values, dict) else {}, offset,
                                       run.get("id"))}
    return {
        "what": what,
        "findings": findings,
        "when": local_time(run.get("started_at"), offset),
        "shop": shop,
        "support": support,
        "contacts_source": source,
        "utc_offset": offset,
        "terminal": terminal,
        "payment": payment,
        "tried": tried,
        "outcome": outcome_text,
        "ask": ask,
    }
