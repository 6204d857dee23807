"""The ten-second summary at the top of every report: what happened, when, which terminal and shop, the payment
with both sides side by side, what was tried, the outcome, and what is asked of the provider.

Pure: the stored run (and the shop/support configuration) in, plain JSON out; texts as messages (`Text.to_json`:
id, parameters, en, zh — the renderers say them in any language with `Text.from_json`). Nothing is
filled in: what the run did not observe is None, and the renderers say "not reported".
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from pos_doctor.i18n import TC, T, Text
from pos_doctor.playbooks.transcript import payment_view, steps_carried_out, verdict_text

CHECK_WHAT = {
    "ok": T("Device check: all checks passed"),
    "warning": T("Device check: warnings found"),
    "critical": T("Device check: problems found"),
    "unknown": T("Device check: could not check everything"),
    "skipped": T("Device check: nothing checked"),
}
OUTCOME = {
    "resolved": T("Resolved"), "not_resolved": T("Not resolved"),
    "escalated": T("Not resolved: handed to the payment provider"),
}
CONFIRMED = {True: T("{outcome}, confirmed by the checks"), False: T("{outcome}, not confirmed by the checks")}


def _t(text: Text) -> dict[str, Any]:
    return text.to_json()


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


def _what(run: dict, doc: dict) -> dict[str, Any]:
    if run.get("kind") == "fix":
        pb = doc.get("playbook")
        if isinstance(pb, dict) and isinstance(pb.get("title"), dict) and pb["title"].get("en"):
            return _t(Text.from_json(pb["title"]))
        reason = doc.get("reason")
        if isinstance(reason, dict) and "en" in reason:
            return _t(T("Guided fix: {reason}", reason=Text.from_json(reason)))
        pid = pb if isinstance(pb, str) else run.get("playbook")
        return _t(T("Guided fix: {playbook}", playbook=pid) if pid else T("Guided fix: no playbook walked"))
    what = CHECK_WHAT.get(str(run.get("status")))
    return _t(what if what is not None else T("Device check: {status}", status=str(run.get("status"))))


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
        view["verdict_text"] = said.to_json()
    if view["origin"] == "typed_qr_app":  # the merchant app's order decided it, not the terminal
        qr = provider.QR_VERDICT_TEXT.get(view["verdict"])
        view["verdict_text"] = qr.to_json() if qr is not None else view["verdict_text"]
    view["headline"] = provider.headline(view)
    return view


FINDING_TEXT = {"debit_without_attempt": _t(T(
    "The customer's bank shows a debit, and the terminal recorded no payment attempt at that time"))}
TYPED_FINDING_TEXT = {"debit_without_attempt": _t(T(
    "The customer's bank shows a debit, and the complete list staff typed from the POS机 holds no payment attempt at "
    "that time"))}
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
        said = OUTCOME.get(str(outcome)) or (Text(str(outcome), inline={"en": str(outcome), "zh": str(outcome)})
                                             if outcome else TC("records.summary", "not reported"))
        if outcome == "resolved":
            said = CONFIRMED[bool(doc.get("verified"))].format(outcome=said)
        outcome_text = _t(said)
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
