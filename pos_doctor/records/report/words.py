"""The report's words and the rows both renderers (Markdown, HTML) share: labels in both languages, machine words
said in the reader's language, and the payment laid out as a table — the customer's evidence beside every
terminal record that matched."""

from __future__ import annotations

import json
from typing import Any

from pos_doctor.i18n import TC, T, Text

L = {
    "title": Text("pos-doctor evidence report"),
    "run": Text("Run"),
    "kind": Text("Kind"),
    "when": Text("Time (UTC)"),
    "tool": Text("Tool version"),
    "terminal": Text("Terminal"),
    "model": Text("Model"),
    "terminal_id": Text("Terminal ID"),
    "serial": Text("Serial number"),
    "software": Text("Software version"),
    "printer": Text("Printer"),
    "port": Text("Terminal port"),
    "simulated": Text("Simulated"),
    "checks": Text("Check results"),
    "tx": Text("Last transaction as the terminal reported it"),
    "approved": Text("Approved"),
    "amount": Text("Amount"),
    "currency": Text("Currency"),
    "time": Text("Time"),
    "trace": Text("Trace number"),
    "receipt": Text("Receipt (voucher) number"),
    "batch": Text("Batch number"),
    "auth": Text("Authorisation code"),
    "reference": Text("Reference number"),
    "card": TC('records.report.words', "Card"),
    "card_name": Text("Card type"),
    "steps": Text("Steps taken"),
    "playbook": Text("Playbook"),
    "outcome": Text("Outcome"),
    "status": Text("Status"),
    "note": Text("Operator note"),
    "none": Text("none"),
    "yes": Text("yes"),
    "no": Text("no"),
    "check": Text("Check"),
    "message": Text("Message"),
    "step": Text("Step"),
    "answer": Text("Answer"),
    "result": Text("Result"),
    "recorded": Text("Recorded values"),
    "payment_check": Text("Was the customer charged? (the customer's evidence against the terminal's records)"),
    "verdict": Text("Verdict"),
    "customer": Text("The customer shows"),
    "considered": Text("Terminal transactions compared"),
    "considered_typed_terminal": Text("Typed transactions compared"),
    "considered_typed_qr_app": Text("Orders typed from the merchant app"),
    "considered_statement": Text("Statement rows compared"),
    "reasons": Text("Why"),
    "decided_by": Text("Source"),
    "side_typed": Text("Typed from the POS机"),
    "side_typed_n": Text("Typed from the POS机, {n}"),
    "side_statement": Text("The provider's statement"),
    "side_statement_n": Text("Statement row {n}"),
    "incident": Text("Incident report"),
    "summary": Text("Summary"),
    "details": Text("Details"),
    "what": Text("What happened"),
    "when_local": Text("When"),
    "shop": Text("Shop"),
    "support": Text("Support"),
    "payment": Text("Payment"),
    "side_customer": Text("Customer's evidence"),
    "side_terminal": Text("Terminal's record"),
    "side_app": Text("Merchant app's order (typed by staff)"),
    "order": Text("Order number"),
    "payee": Text("Payee"),
    "side_terminal_n": Text("Terminal record {n}"),
    "no_record": Text("no record at that time"),
    "tried": Text("Tried"),
    "ask": Text("Asked of the provider"),
    "findings": TC('records.report.words', "Problems found"),
    "not_reported": TC('records.report.words', "not reported"),
    "sim_banner": Text("SIMULATED — a simulated terminal and printer, not a real payment"),
    "name": Text("Name"), "merchant_id": Text("Merchant ID"), "address": Text("Address"),
    "provider": Text("Provider"), "phone": Text("Phone"), "email": Text("Email"),
    "hours": Text("Hours"),
    "tx_clock": Text("terminal's clock, no year or time zone"),
    "terminal_clock": T("terminal's clock"),
    "from_config": Text("from pos-doctor.toml"),
    "contacts_today": Text("today's pos-doctor.toml: this run was recorded before contacts were kept with it"),
    "tx_status": Text("Result"),
    "no_shop": Text("not configured ([shop] in pos-doctor.toml)"),
    "no_support": Text("not configured ([support] in pos-doctor.toml)"),
    # the same words as the walk's screen and transcript (ui/wizard, playbooks/transcript)
    "by_yes": Text("not done by a person: answered by --yes"),
    "by_file": Text("not done by a person: answered from the answers file"),
}

# Machine words in the record, said in the reader's language (the JSON report keeps the words themselves).
WORDS = {
    "ok": Text("ok"), "warning": Text("warning"), "critical": Text("critical"),
    "unknown": Text("unknown"), "skipped": Text("skipped"),
    "resolved": Text("resolved"), "not_resolved": Text("not resolved"),
    "escalated": Text("handed to the payment provider"),
    "yes": Text("yes"), "no": Text("no"), "unsure": Text("not sure"),
    "done": TC('records.report.words', "done"), "run": TC('records.report.words', "done"),
    "check": Text("check"), "fix": Text("fix"),
    "approved": TC('records.report.words', "approved"), "declined": Text("not approved"),
    "aborted": Text("aborted"), "reversed": Text("reversed"),
    # a step's outcome (the transcript's and the terminal command's words)
    "completed": TC("zvt.outcome", "completed"), "failed": TC("playbooks.transcript", "failed"),
}


def message(value: Any) -> Text | None:
    """A text the record keeps (`Text.to_json`: id, parameters, en, zh; or an older run's {"en", "zh"}) as a
    message again, to be said in any language; None for a value that is no text."""
    if isinstance(value, Text):
        return value
    if isinstance(value, dict) and isinstance(value.get("en"), str) and (
            set(value) & {"zh", "id", "inline"} or all(isinstance(v, str) for v in value.values())):
        return Text.from_json(value)
    return None


def said(value: Any, lang: str) -> str:
    """A kept text in `lang`; an older record ({"en", "zh"} only) in a language it lacks: its English, or the
    catalog's words when that English is a message of the catalogs."""
    msg = message(value)
    if msg is None:
        return ""
    if msg.inline is not None and lang not in msg.inline and not msg.params:
        again = Text(msg.inline.get("en", msg.id))
        if again.translated(lang):
            return again(lang)
    return msg(lang)


def text(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if message(value) is not None:
        return said(value, lang)
    if isinstance(value, bool):
        return L["yes"](lang) if value else L["no"](lang)
    if isinstance(value, dict) and ("message" in value or "outcome" in value or "status" in value):
        # An outcome / action result: say what happened, not the whole structure (that is in the JSON report).
        head = word(value.get("outcome") or value.get("status"), lang)
        msg = text(value.get("message"), lang)
        return f"{head}: {msg}" if head and msg else (head or msg)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def word(value: Any, lang: str) -> str:
    return WORDS[value](lang) if isinstance(value, str) and value in WORDS else text(value, lang)


def by_whom(answered_by: Any, lang: str) -> str:
    """'' for a person's answer (and for runs recorded before the transcript said who answered)."""
    return {"yes": L["by_yes"], "answers_file": L["by_file"]}[answered_by](lang) \
        if answered_by in ("yes", "answers_file") else ""


def marked(line: str, by: str, lang: str) -> str:
    """'Restart the terminal: done — not done by a person: answered by --yes' (a line whose result already says
    --yes — the transcript's own words since answered_by — is not marked twice)."""
    if not by or "--yes" in line:
        return line
    return BY.format(line=line, by=by)(lang)


COLON = TC("after a label", ": ")
BY = T("{line} — {by}")
BRACKETS = TC("a note after a value", "{value} ({note})")


def colon(lang: str) -> str:
    """The colon after a label: full-width next to Chinese."""
    return COLON(lang)


def bracketed(value: str, note: str, lang: str) -> str:
    """'value (note)' — 'value（note）'."""
    return BRACKETS.format(value=value, note=note)(lang)


def tx_rows(tx: dict, lang: str) -> list[tuple[str, str]]:
    # zh: the amount with its currency in words (money_zh), no currency code and no separate code row
    zh_money = _amount_cell(tx.get("amount"), tx.get("currency"), lang) if lang == "zh" else None
    rows = [("approved", tx.get("approved")), ("amount", zh_money or tx.get("amount")),
            ("currency", None if zh_money else tx.get("currency")), ("time", tx.get("time")),
            ("trace", tx.get("trace_number")), ("receipt", tx.get("receipt_number")),
            ("card", tx.get("pan_masked") or tx.get("pan")), ("card_name", tx.get("card_name")),
            ("terminal_id", tx.get("terminal_id"))]
    return [(L[k](lang), text(v, lang)) for k, v in rows if v is not None]


def head_rows(m: dict, lang: str) -> list[tuple[str, str]]:
    t = m["terminal"]
    rows = [("run", m["run_id"]), ("kind", m["kind"]), ("when", m["started_at"]), ("tool", m["tool_version"]),
            ("status", m["status"]), ("model", t["model"]), ("terminal_id", t["terminal_id"]), ("serial", t["serial"]),
            ("software", t["software_version"]), ("port", t["port"]), ("printer", t["printer"]),
            ("simulated", t["simulated"] or None), ("playbook", m["playbook"])]
    return [(L[k](lang), word(v, lang) if k in ("status", "kind") else text(v, lang))
            for k, v in rows if v not in (None, "")]


def recorded(m: dict) -> list[tuple[Text | str, Any]]:
    """The recorded values as (name, value) rows: each name and chosen code in words (records/value_words.py), not
    the playbook's field id; a list (runs before values were named) by number."""
    from pos_doctor.records.value_words import name_of, value_of

    rec = m["recorded"]
    if isinstance(rec, dict):
        return [(name_of(str(k)), value_of(str(k), v)) for k, v in rec.items()]
    return [(str(i + 1), v) for i, v in enumerate(rec if isinstance(rec, list) else [rec])]


def source_text(p: dict, lang: str) -> str:
    """Which source decided the verdict, in words ('typed by staff from the POS机's 交易明细 ..., 3 transactions')."""
    from pos_doctor.payments.typed import decided_by

    given = p.get("decided_by")
    d = given if isinstance(given, dict) else {}
    return decided_by(d.get("origin"), d.get("label"))(lang)


def payment_details(m: dict, lang: str) -> list[tuple[str, str]]:
    """The reconciliation of the walk (fix transcripts since the money rule), in the reader's language."""
    p = m.get("payment")
    if not p:
        return []
    key = "double_charge" if p.get("double_charge") else p.get("verdict")
    cust = p.get("customer") or {}
    missing = L["none"](lang)
    from pos_doctor.payments.verdicts import LABELS  # the one set of verdict labels

    rows = [(L["verdict"](lang), LABELS[key](lang) if key in LABELS else text(key, lang)),
            (L["customer"](lang), LIST_SEP(lang).join((_amount_cell(cust.get("amount"), cust.get("currency"), lang)
                                                       or missing, _customer_time(cust, lang, None) or missing)))]
    if isinstance(p.get("decided_by"), dict):
        rows.append((L["decided_by"](lang), source_text(p, lang)))
    rows += [(L["reasons"](lang), text(r.get("text"), lang)) for r in p.get("reasons") or [] if isinstance(r, dict)]
    from pos_doctor.payments.reconcile import TerminalRecord

    origin = (p.get("decided_by") or {}).get("origin") if isinstance(p.get("decided_by"), dict) else None
    seen = L.get(f"considered_{origin}", L["considered"])  # typed or a statement's rows: never "the terminal's"
    for t in p.get("considered") or []:
        if isinstance(t, dict):
            rows.append((seen(lang), TerminalRecord.from_json(t).describe()(lang)))
    return rows


def contact(section: dict, keys: tuple[str, ...], lang: str) -> str:
    return " · ".join(f"{section[k]}" if k in ("name", "provider") else f"{L[k](lang)} {section[k]}"
                      for k in keys if section.get(k))


LIST_SEP = TC("between the parts of a line", ", ")
SHOP_LINE = ("name", "address", "merchant_id")  # the terminal ID is the terminal's own, in the summary
SUPPORT_LINE = ("provider", "phone", "email", "hours")


def contacts(sm: dict, lang: str) -> tuple[str, str, str]:
    """(shop line, support line, a note when they come from today's configuration rather than the run)."""
    shop = contact(sm["shop"], SHOP_LINE, lang) or L["no_shop"](lang)
    sup = contact(sm["support"], SUPPORT_LINE, lang) or L["no_support"](lang)
    return shop, sup, L["contacts_today"](lang) if sm.get("contacts_source") == "configuration" else ""


def terminal_line(t: dict, lang: str) -> str:
    parts = [t.get("model")]
    if t.get("terminal_id"):
        tid = f"{L['terminal_id'](lang)} {t['terminal_id']}"
        if t.get("terminal_id_source") == "configuration":
            tid = bracketed(tid, L["from_config"](lang), lang)
        parts.append(tid)
    if t.get("serial"):
        parts.append(f"{L['serial'](lang)} {t['serial']}")
    if t.get("software_version"):
        parts.append(f"{L['software'](lang)} {t['software_version']}")
    if t.get("port"):
        parts.append(f"{L['port'](lang)} {t['port']}")
    return LIST_SEP(lang).join(str(p) for p in parts if p) or L["not_reported"](lang)


def _amount_cell(amount: Any, currency: Any, lang: str) -> str | None:
    from pos_doctor.records.provider import money

    m = money(amount, currency)
    return said(m, lang) if m else (None if amount in (None, "") else str(amount))


def _time_cell(value: Any, lang: str, offset: str | None, terminal: bool) -> str | None:
    if value in (None, ""):
        return None
    s = str(value).replace("T", " ")
    if terminal:
        note = L["tx_clock"](lang) if not s[:4].isdigit() else L["terminal_clock"](lang)
        return bracketed(s, note, lang)
    return f"{s} UTC{offset}" if offset else s


def _customer_time(cust: dict, lang: str, offset: str | None) -> str | None:
    """The customer's time; an estimate ("about ten minutes ago") says so, with its margin - not a time to the second
    read off a message."""
    when = _time_cell(cust.get("time"), lang, offset, False)
    about = cust.get("time_uncertainty_s")
    minutes = round(about / 60) if isinstance(about, int) and not isinstance(about, bool) else 0
    if when and minutes:
        return T("{time} (the customer's estimate, give or take {minutes} min)", time=when, minutes=minutes)(lang)
    return when


def payment_table(p: dict, lang: str, offset: str | None = None) -> tuple[list[str],
                                                                          list[tuple[str, list[str], list[bool]]]]:
    """(column heads, rows): the customer's evidence, then one column per terminal record shown (every record that
    matched a double charge). Each row: (field, cells, differs) — a side not observed says "—"."""
    from pos_doctor.records.provider import AUTH_KEYS, BATCH_KEYS, first, last4

    cust = p.get("customer") or {}
    recs = [r for r in p.get("records") or [] if isinstance(r, dict)]
    heads = [L["side_customer"](lang)]
    qr = p.get("origin") == "typed_qr_app"  # a QR order typed from the merchant app (payments/qr.py)
    typed = (p.get("decided_by") or {}).get("origin") not in (None, "link")
    side, side_n = (L["side_typed"], L["side_typed_n"]) if typed and not qr else (L["side_terminal"],
                                                                                  L["side_terminal_n"])
    statement = (p.get("decided_by") or {}).get("origin") == "statement"  # the provider's times, not a terminal's
    if statement:
        side, side_n = L["side_statement"], L["side_statement_n"]
    if len(recs) <= 1:
        heads.append((L["side_app"] if qr else side)(lang))
    else:
        heads += [side_n(lang).format(n=i) for i in range(1, len(recs) + 1)]
    cols = recs or [{}]
    diff_fields = {d.get("field") for d in p.get("differences") or []}

    def status(r: dict) -> str | None:
        if r.get("order_state"):
            from pos_doctor.payments.model import ORDER_STATE_TEXT

            return ORDER_STATE_TEXT[r["order_state"]](lang) if r["order_state"] in ORDER_STATE_TEXT else None
        st = (r.get("status") or r.get("result")
              or (("approved" if r.get("approved") else "declined") if "approved" in r else None))
        return word(st, lang) if st else None

    def amount_differs(r: dict) -> bool:
        from pos_doctor.records.provider import decimal_of

        ca, ta = decimal_of(cust.get("amount")), decimal_of(r.get("amount"))
        return ("amount" in diff_fields and len(cols) == 1) or (ca is not None and ta is not None and ca != ta)

    card_c = f"…{cust['card_last4']}" if cust.get("card_last4") else None
    voucher_c, auth_c = cust.get("voucher"), cust.get("auth_code")  # pay-core: what the customer shows
    spec = [
        ("amount", _amount_cell(cust.get("amount"), cust.get("currency"), lang),
         lambda r: _amount_cell(r.get("amount"), r.get("currency"), lang), amount_differs),
        ("tx_status", "—" if not cust else None, status,
         lambda r: "status" in diff_fields and len(cols) == 1),
        ("time", _customer_time(cust, lang, offset),
         lambda r: _time_cell(r.get("time"), lang, None, not qr and not statement), lambda r: False),
        ("order", cust.get("order_number"), lambda r: r.get("order_number"), lambda r: bool(
            cust.get("order_number") and r.get("order_number") and not str(r["order_number"]).endswith(
                str(cust["order_number"])))),
        ("payee", cust.get("payee"), lambda r: r.get("payee"), lambda r: False),
        ("card", card_c, lambda r: " ".join(str(x) for x in (r.get("card_name"), r.get("pan_masked")) if x) or None,
         lambda r: bool(cust.get("card_last4") and last4(r) and last4(r) != cust["card_last4"])),
        ("trace", None, lambda r: r.get("trace_number"), lambda r: False),
        ("receipt", voucher_c, lambda r: r.get("receipt_number"), lambda r: False),
        ("batch", None, lambda r: first(r, BATCH_KEYS), lambda r: False),
        ("auth", auth_c, lambda r: first(r, AUTH_KEYS), lambda r: False),
        ("reference", None, lambda r: r.get("reference"), lambda r: False),
    ]
    rows = []
    none_here = L["no_record"](lang)
    for key, c, get, differs in spec:
        vals = [get(r) if r else None for r in cols]
        if c is None and all(v in (None, "") for v in vals) and (key != "amount" or recs):
            continue
        cells = ["—" if c in (None, "") else str(c)]
        cells += [("—" if v in (None, "") else str(v)) if r else (none_here if key == "amount" else "—")
                  for v, r in zip(vals, cols, strict=True)]
        flags = [False] + [bool(r) and differs(r) for r in cols]
        if any(flags[1:]):
            flags[0] = True
        rows.append((L[key](lang), cells, flags))
    return heads, rows


def tried(m: dict, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(heading, [(line, mark)])] of what was done, skipped, undone; `mark` says when nobody gave the answer by hand
    ('' for a person's)."""
    from pos_doctor.playbooks.transcript import HEAD, item_line

    result = m["summary"].get("tried")
    if not isinstance(result, dict):
        return []
    out = []
    for part in ("done", "skipped", "undone"):
        items = [it for it in result.get(part) or [] if isinstance(it, dict)]
        if items:
            lines = [(item_line(it, lang), by_whom(it.get("answered_by"), lang)) for it in items]
            out.append((HEAD[part](lang), lines))
    return out


def check_name(cid: Any, lang: str) -> str:
    """A check as the reader's page names it: on an en page the id the provider's technician knows; in another
    language its short name in that language (a check id such as link.terminal is a technician's word, kept for the
    JSON) — the id where the check has no name in that language."""
    if lang == "en" or not isinstance(cid, str):
        return text(cid, lang)
    from pos_doctor.checks.registry import title_of  # lazy: only a page in another language needs the names

    title = title_of(cid)
    return title(lang) if title.translated(lang) else cid
