"""Evidence reports of one run: a plain model built from the stored run, rendered as JSON, Markdown or HTML (and PDF
from the HTML, records/pdf.py). The report opens with the ten-second summary (records/summary.py); the details
follow. A simulated run says so on every page. Failure statistics are not here: they are `history --stats`.

Pure: a dict in, a string out. Every value passes scrub again here (a database written by an older version
might hold less-masked text), and `redact` hides terminal/merchant IDs for sharing outside the shop.
"""

from __future__ import annotations

import html
import json
from typing import Any

from pos_doctor.i18n import Text
from pos_doctor.records.scrubbing import redact_ids, scrub_deep, support_shown

L = {
    "title": Text("pos-doctor evidence report", "pos-doctor 证据报告"),
    "run": Text("Run", "记录"),
    "kind": Text("Kind", "类型"),
    "when": Text("Time (UTC)", "时间（世界协调时）"),
    "tool": Text("Tool version", "工具版本"),
    "terminal": Text("Terminal", "POS机"),
    "model": Text("Model", "型号"),
    "terminal_id": Text("Terminal ID", "终端号"),
    "serial": Text("Serial number", "序列号"),
    "software": Text("Software version", "软件版本"),
    "printer": Text("Printer", "打印机"),
    "port": Text("Terminal port", "POS机端口"),
    "simulated": Text("Simulated", "模拟"),
    "checks": Text("Check results", "检查结果"),
    "tx": Text("Last transaction as the terminal reported it", "POS机报告的最后一笔交易"),
    "approved": Text("Approved", "已批准"),
    "amount": Text("Amount", "金额"),
    "currency": Text("Currency", "币种"),
    "time": Text("Time", "时间"),
    "trace": Text("Trace number", "流水号"),
    "receipt": Text("Receipt number", "凭证号"),
    "card": Text("Card", "卡号"),
    "card_name": Text("Card type", "卡类型"),
    "steps": Text("Steps taken", "执行的步骤"),
    "playbook": Text("Playbook", "处理手册"),
    "outcome": Text("Outcome", "结果"),
    "status": Text("Status", "状态"),
    "note": Text("Operator note", "操作员备注"),
    "none": Text("none", "无"),
    "yes": Text("yes", "是"),
    "no": Text("no", "否"),
    "check": Text("Check", "检查项"),
    "message": Text("Message", "信息"),
    "step": Text("Step", "步骤"),
    "answer": Text("Answer", "回答"),
    "result": Text("Result", "结果"),
    "recorded": Text("Recorded values", "记录的数值"),
    "payment_check": Text("Was the customer charged? (the customer's evidence against the terminal's records)",
                    "客人是否已被扣款？（客人的凭证与POS机记录核对）"),
    "verdict": Text("Verdict", "结论"),
    "customer": Text("The customer shows", "客人出示"),
    "considered": Text("Terminal transactions compared", "比对过的POS机交易"),
    "reasons": Text("Why", "依据"),
    "incident": Text("Incident report", "事件报告"),
    "summary": Text("Summary", "摘要"),
    "details": Text("Details", "详细信息"),
    "what": Text("What happened", "发生了什么"),
    "when_local": Text("When", "时间"),
    "shop": Text("Shop", "商户"),
    "support": Text("Support", "客服"),
    "payment": Text("Payment", "支付"),
    "side_customer": Text("Customer's evidence", "客人的凭据"),
    "side_terminal": Text("Terminal's record", "POS机记录"),
    "tried": Text("Tried", "已尝试"),
    "skipped_steps": Text("Skipped (not done)", "已跳过（未执行）"),
    "undone_steps": Text("Undone with back (not done)", "已撤回（未执行）"),
    "ask": Text("Asked of the provider", "请服务商协助"),
    "findings": Text("Problems found", "发现的问题"),
    "not_reported": Text("not reported", "未报告"),
    "sim_banner": Text("SIMULATED — a simulated terminal and printer, not a real payment",
                       "模拟 —— 模拟的POS机和打印机，不是真实交易"),
    "name": Text("Name", "名称"), "merchant_id": Text("Merchant ID", "商户号"), "address": Text("Address", "地址"),
    "provider": Text("Provider", "服务商"), "phone": Text("Phone", "电话"), "email": Text("Email", "邮箱"),
    "hours": Text("Hours", "服务时间"),
    "tx_clock": Text("terminal's clock, no year or time zone", "POS机时钟，无年份和时区"),
    "from_config": Text("from pos-doctor.toml", "来自 pos-doctor.toml"),
    "tx_status": Text("Result", "结果"),
    "no_shop": Text("not configured ([shop] in pos-doctor.toml)", "未配置（pos-doctor.toml 中的 `[shop]`）"),
    "no_support": Text("not configured ([support] in pos-doctor.toml)", "未配置（pos-doctor.toml 中的 `[support]`）"),
}
VERDICTS = {"charged": Text("charged", "已扣款"), "not_charged": Text("not charged", "未扣款"),
            "mismatch": Text("records and customer disagree", "记录与客人不符"),
            "double_charge": Text("charged twice", "重复扣款"), "unknown": Text("cannot be settled", "无法确认")}

# Machine words in the record, said in the reader's language (the JSON report keeps the words themselves).
WORDS = {
    "ok": Text("ok", "正常"), "warning": Text("warning", "警告"), "critical": Text("critical", "严重"),
    "unknown": Text("unknown", "未知"), "skipped": Text("skipped", "已跳过"),
    "resolved": Text("resolved", "已解决"), "not_resolved": Text("not resolved", "未解决"),
    "escalated": Text("handed to the payment provider", "已转交支付服务商"),
    "yes": Text("yes", "是"), "no": Text("no", "否"), "unsure": Text("not sure", "不确定"),
    "done": Text("done", "已完成"), "run": Text("done", "已执行"),
    "check": Text("check", "检查"), "fix": Text("fix", "处理"),
    "approved": Text("approved", "成功"), "declined": Text("not approved", "未成功"),
}


def _word(value: Any, lang: str) -> str:
    return WORDS[value](lang) if isinstance(value, str) and value in WORDS else _text(value, lang)


_TX_KEYS = ("amount", "trace_number", "approved", "pan_masked")


def _text(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and set(value) >= {"en", "zh"}:
        return str(value[lang] if lang in value else value["en"])
    if isinstance(value, bool):
        return L["yes"](lang) if value else L["no"](lang)
    if isinstance(value, dict) and ("message" in value or "outcome" in value or "status" in value):
        # An outcome / action result: say what happened, not the whole structure (that is in the JSON report).
        head = _text(value.get("outcome") or value.get("status"), lang)
        msg = _text(value.get("message"), lang)
        return f"{head}: {msg}" if head and msg else (head or msg)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def find_transaction(doc: Any) -> dict | None:
    """The last transaction anywhere in the document (a fix's action result, a check's data)."""
    found: list[dict] = []

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for k, child in v.items():
                if isinstance(child, dict) and (
                        (k in ("transaction", "last_transaction") and any(x in child for x in _TX_KEYS))
                        or {"amount", "trace_number"} <= set(child)):
                    found.append(child)
                else:
                    walk(child)
        elif isinstance(v, list):
            for child in v:
                walk(child)

    walk(doc)
    return found[-1] if found else None


def build_model(run: dict, *, redact: bool = False, config: Any = None) -> dict:
    """`config`: this computer's configuration, for [shop] and [support] (the run's own record of them wins)."""
    from pos_doctor.records.summary import build_summary, local_time

    doc = run.get("document") or {}
    target = doc.get("target") or {}
    steps = []
    for s in doc.get("steps") or []:
        if isinstance(s, dict):
            steps.append({"id": s.get("id"), "kind": s.get("kind"), "title": s.get("title") or s.get("text"),
                          "answer": s.get("answer_label") or s.get("answer"), "result": s.get("result") or s.get("status")})
    checks = [
        {"id": c.get("id"), "category": c.get("category"), "status": c.get("status"), "message": c.get("message"),
         "observed": c.get("observed"), "expected": c.get("expected")}
        for c in (doc.get("checks") or []) if isinstance(c, dict)
    ]
    terminal = {
        "model": target.get("model") or run.get("terminal_model"),
        "terminal_id": target.get("terminal_id") or run.get("terminal_id"),
        "serial": target.get("serial") or run.get("terminal_serial"),
        "software_version": target.get("software_version") or run.get("software_version"),
        "port": target.get("terminal_port") or target.get("terminal"),
        "printer": target.get("printer_identity") or target.get("printer") or target.get("printer_port") or run.get("printer"),
        "simulated": bool(target.get("simulated") or run.get("simulated")),
        "scenario": target.get("scenario") or run.get("scenario"),
    }
    summary = build_summary(run, doc, terminal, config)
    support = summary.pop("support")
    model = {
        "schema_version": 2,
        "run_id": run.get("id"),
        "kind": run.get("kind"),
        "started_at": run.get("started_at"),
        "started_local": local_time(run.get("started_at")),
        "tool_version": run.get("tool_version"),
        "status": run.get("status"),
        "simulated": terminal["simulated"],
        "terminal": summary["terminal"],
        "summary": summary,
        "checks": checks,
        "last_transaction": find_transaction(doc),
        "playbook": run.get("playbook"),
        "steps": steps,
        "recorded": doc.get("recorded") or doc.get("values"),
        "payment": doc.get("payment") if isinstance(doc.get("payment"), dict) else None,
        "outcome": doc.get("outcome") if doc.get("outcome") is not None else run.get("outcome"),
        "note": run.get("note"),
    }
    model = scrub_deep(model)
    # The support line is the shop's own configuration, not a customer's number: shown as written (after scrubbing,
    # which would mask it as a phone number).
    model["summary"]["support"] = support_shown(support, redact=redact)
    return redact_ids(model) if redact else model


def render_json(model: dict) -> str:
    return json.dumps(model, ensure_ascii=False, indent=2, default=str)


def _tx_rows(tx: dict, lang: str) -> list[tuple[str, str]]:
    rows = [("approved", tx.get("approved")), ("amount", tx.get("amount")), ("currency", tx.get("currency")),
            ("time", tx.get("time")), ("trace", tx.get("trace_number")), ("receipt", tx.get("receipt_number")),
            ("card", tx.get("pan_masked") or tx.get("pan")), ("card_name", tx.get("card_name")),
            ("terminal_id", tx.get("terminal_id"))]
    return [(L[k](lang), _text(v, lang)) for k, v in rows if v is not None]


def _head_rows(m: dict, lang: str) -> list[tuple[str, str]]:
    t = m["terminal"]
    rows = [("run", m["run_id"]), ("kind", m["kind"]), ("when", m["started_at"]), ("tool", m["tool_version"]),
            ("status", m["status"]), ("model", t["model"]), ("terminal_id", t["terminal_id"]), ("serial", t["serial"]),
            ("software", t["software_version"]), ("port", t["port"]), ("printer", t["printer"]), ("simulated", t["simulated"] or None),
            ("playbook", m["playbook"])]
    return [(L[k](lang), _word(v, lang) if k in ("status", "kind") else _text(v, lang)) for k, v in rows if v not in (None, "")]


def _recorded(m: dict) -> list[tuple[str, Any]]:
    rec = m["recorded"]
    if isinstance(rec, dict):
        return list(rec.items())
    return [(str(i + 1), v) for i, v in enumerate(rec if isinstance(rec, list) else [rec])]


def _payment_rows(m: dict, lang: str) -> list[tuple[str, str]]:
    """The reconciliation of the walk (fix transcripts since the money rule), in the reader's language."""
    p = m.get("payment")
    if not p:
        return []
    key = "double_charge" if p.get("double_charge") else p.get("verdict")
    cust = p.get("customer") or {}
    missing = L["none"](lang)
    rows = [(L["verdict"](lang), VERDICTS[key](lang) if key in VERDICTS else _text(key, lang)),
            (L["customer"](lang), f"{cust.get('amount') or missing}, {cust.get('time') or missing}")]
    rows += [(L["reasons"](lang), _text(r.get("text"), lang)) for r in p.get("reasons") or [] if isinstance(r, dict)]
    from pos_doctor.payments.reconcile import TerminalRecord

    for t in p.get("considered") or []:
        if isinstance(t, dict):
            rows.append((L["considered"](lang), TerminalRecord.from_json(t).describe()(lang)))
    return rows


# --- the summary, as rows both renderers share -------------------------------------------------------------------
def _contact(section: dict, keys: tuple[str, ...], lang: str) -> str:
    return " · ".join(f"{section[k]}" if k in ("name", "provider") else f"{L[k](lang)} {section[k]}"
                      for k in keys if section.get(k))


def _terminal_line(t: dict, lang: str) -> str:
    parts = [t.get("model")]
    if t.get("terminal_id"):
        tid = f"{L['terminal_id'](lang)} {t['terminal_id']}"
        if t.get("terminal_id_source") == "configuration":
            tid += f" ({L['from_config'](lang)})" if lang != "zh" else f"（{L['from_config'](lang)}）"
        parts.append(tid)
    if t.get("serial"):
        parts.append(f"{L['serial'](lang)} {t['serial']}")
    if t.get("software_version"):
        parts.append(f"{L['software'](lang)} {t['software_version']}")
    if t.get("port"):
        parts.append(f"{L['port'](lang)} {t['port']}")
    return ("，" if lang == "zh" else ", ").join(str(p) for p in parts if p) or L["not_reported"](lang)


def payment_rows(p: dict, lang: str) -> list[tuple[str, str, str, bool]]:
    """(field, customer's side, terminal's side, differs) — a side not observed says so."""
    cust, tx = p.get("customer") or {}, p.get("terminal") or {}
    differs = {d.get("field") for d in p.get("differences") or []}
    nr = "—"
    status = tx.get("status") or (("approved" if tx.get("approved") else "declined") if "approved" in tx else None)
    tx_time = tx.get("time")
    if tx_time is not None and not str(tx_time)[:4].isdigit():  # "11-24 11:48:10": the terminal's own clock text
        tx_time = f"{tx_time} ({L['tx_clock'](lang)})" if lang != "zh" else f"{tx_time}（{L['tx_clock'](lang)}）"
    amount_t = tx.get("amount")
    if amount_t is not None and tx.get("currency"):
        amount_t = f"{amount_t} {tx['currency']}"
    rows = [("amount", cust.get("amount"), amount_t, "amount" in differs),
            ("tx_status", "—" if not cust else None, _word(status, lang) if status else None, "status" in differs),
            ("time", cust.get("time"), tx_time, False),
            ("trace", None, tx.get("trace_number"), False),
            ("receipt", None, tx.get("receipt_number"), False),
            ("card", None, " ".join(str(x) for x in (tx.get("card_name"), tx.get("pan_masked")) if x) or None, False)]
    out = []
    for k, c, t, d in rows:
        if c is None and t is None:
            continue
        out.append((L[k](lang), nr if c in (None, "") else str(c), nr if t in (None, "") else str(t), d))
    return out


def _tried(m: dict, lang: str) -> list[tuple[str, list[str]]]:
    from pos_doctor.playbooks.transcript import lines

    tried = m["summary"].get("tried")
    return lines(tried, lang) if isinstance(tried, dict) else []


def _c(lang: str) -> str:
    """The colon after a label: full-width next to Chinese."""
    return "：" if lang == "zh" else ": "


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _md_summary(m: dict, lang: str) -> list[str]:
    sm = m["summary"]
    out = [f"## {L['summary'](lang)}", ""]
    out.append(f"- **{L['what'](lang)}**{_c(lang)}{_md_cell(_text(sm['what'], lang))}")
    out.append(f"- **{L['when_local'](lang)}**{_c(lang)}{sm['when'] or L['not_reported'](lang)}")
    out.append(f"- **{L['terminal'](lang)}**{_c(lang)}{_md_cell(_terminal_line(sm['terminal'], lang))}")
    if sm.get("findings"):
        out.append(f"- **{L['findings'](lang)}**{_c(lang)}")
        out += [f"  - {_md_cell(_word(f['status'], lang))} — {_md_cell(_text(f['message'], lang))}" for f in sm["findings"]]
    p = sm.get("payment")
    if p:
        out.append(f"- **{L['payment'](lang)}**{_c(lang)}**{_md_cell(_text(p['verdict_text'], lang))}**")
        rows = payment_rows(p, lang)
        if rows:
            out += ["", f"  | | {L['side_customer'](lang)} | {L['side_terminal'](lang)} |", "  |---|---|---|"]
            for k, c, t, d in rows:
                mark = " ⚠" if d else ""
                cell = (lambda v: f"**{_md_cell(v)}**{mark}") if d else _md_cell
                out.append(f"  | {_md_cell(k)} | {cell(c)} | {cell(t)} |")
            out.append("")
        for d in p.get("differences") or []:
            out.append(f"  - ⚠ **{_md_cell(_text(d['text'], lang))}**")
        for r in p.get("reasons") or []:
            out.append(f"  - {_md_cell(_text(r.get('text'), lang))}")
    for head, items in _tried(m, lang):
        out.append(f"- **{head}**{_c(lang)}")
        out += [f"  {i}. {_md_cell(line)}" for i, line in enumerate(items, 1)]
    out.append(f"- **{L['outcome'](lang)}**{_c(lang)}{_md_cell(_text(sm['outcome'], lang))}")
    if sm.get("ask"):
        out.append(f"- **{L['ask'](lang)}**{_c(lang)}{_md_cell(_text(sm['ask'], lang))}")
    return out + [""]


def render_md(m: dict, lang: str = "en") -> str:
    sm = m["summary"]
    banner = [f"> **{L['sim_banner'](lang)}**", ""] if m["simulated"] else []
    out = banner + [f"# {L['incident'](lang)} — #{m['run_id']}", ""]
    out.append(f"**{L['shop'](lang)}**{_c(lang)}{_md_cell(_contact(sm['shop'], ('name', 'address', 'merchant_id'), lang) or L['no_shop'](lang))}  ")
    out.append(f"**{L['support'](lang)}**{_c(lang)}{_md_cell(_contact(sm['support'], ('provider', 'phone', 'email', 'hours'), lang) or L['no_support'](lang))}")
    out.append("")
    out += _md_summary(m, lang)
    out += [f"## {L['details'](lang)}", ""]
    out += [f"- **{k}**{_c(lang)}{_md_cell(v)}" for k, v in _head_rows(m, lang)] + [""]
    out += [f"### {L['checks'](lang)}", ""]
    if m["checks"]:
        out += [f"| {L['check'](lang)} | {L['status'](lang)} | {L['message'](lang)} |", "|---|---|---|"]
        out += [f"| {_md_cell(_text(c['id'], lang))} | {_md_cell(_word(c['status'], lang))} | {_md_cell(_text(c['message'], lang))} |" for c in m["checks"]]
    else:
        out.append(L["none"](lang))
    out += ["", f"### {L['tx'](lang)}", ""]
    tx = m["last_transaction"]
    out += [f"- **{k}**{_c(lang)}{_md_cell(v)}" for k, v in _tx_rows(tx, lang)] if tx else [L["none"](lang)]
    if m.get("payment"):
        out += ["", f"### {L['payment_check'](lang)}", ""] + [f"- **{k}**{_c(lang)}{_md_cell(v)}" for k, v in _payment_rows(m, lang)]
    out += ["", f"### {L['steps'](lang)}", ""]
    if m["steps"]:
        out += [f"| # | {L['step'](lang)} | {L['answer'](lang)} | {L['result'](lang)} |", "|---|---|---|---|"]
        out += [f"| {i + 1} | {_md_cell(_text(s['title'] or s['id'], lang))} | {_md_cell(_word(s['answer'], lang))} | {_md_cell(_text(s['result'], lang))} |"
                for i, s in enumerate(m["steps"])]
    else:
        out.append(L["none"](lang))
    if m["recorded"]:
        out += ["", f"### {L['recorded'](lang)}", ""] + [f"- **{_md_cell(str(k))}**{_c(lang)}{_md_cell(_text(v, lang))}" for k, v in _recorded(m)]
    out += ["", f"### {L['note'](lang)}", "", _text(m["note"], lang) or L["none"](lang), ""]
    return "\n".join(out + banner)


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;max-width:60rem;margin:0 auto;color:#111;padding:0 1rem 2rem}
h1{font-size:1.5rem;margin:.8rem 0 .4rem}h2{font-size:1.2rem;margin-top:1.4rem;border-bottom:2px solid #333}h3{font-size:1.05rem;margin-top:1.2rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}.ok{color:#176b17}.warning{color:#8a5a00}.critical{color:#a00;font-weight:bold}
.banner{background:#b00020;color:#fff;font-weight:bold;text-align:center;padding:.35rem;letter-spacing:.05em}
.contacts{display:flex;gap:1rem;margin:.4rem 0}.contacts div{flex:1;border:1px solid #bbb;padding:.4rem .6rem}
.contacts b{display:block;font-size:.8rem;color:#555;text-transform:uppercase}
.summary{border:2px solid #333;padding:.2rem .8rem .6rem;margin-top:.6rem}.summary th{width:11rem}
.verdict{font-size:1.15rem;font-weight:bold}.verdict.mismatch,.verdict.unknown{color:#a00}.verdict.charged{color:#174f8a}
.verdict.not_charged{color:#176b17}.diff td{background:#ffe3e3;font-weight:bold}.diffnote{color:#a00;font-weight:bold;margin:.3rem 0}
ol,ul{margin:.2rem 0 .2rem 1.4rem;padding:0}.muted{color:#555}
@media screen{thead .banner{position:sticky;top:0}}
table.page,table.page>*>tr>td{border:0;padding:0}
@page{margin:12mm}
@media print{body{margin:0;max-width:none;font-size:9.5pt;padding:0}
h2,h3{break-after:avoid}tr{break-inside:avoid}th{background:#ddd!important}.diff td{background:#ffd0d0!important}
.banner{background:#b00020!important;color:#fff!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _e(s: Any) -> str:
    return html.escape(str(s))


def _kv_table(rows: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows) + "</table>"


def _html_summary(m: dict, lang: str) -> str:
    sm = m["summary"]
    rows = [(L["what"](lang), _e(_text(sm["what"], lang))), (L["when_local"](lang), _e(sm["when"] or L["not_reported"](lang))),
            (L["terminal"](lang), _e(_terminal_line(sm["terminal"], lang)))]
    if sm.get("findings"):
        rows.append((L["findings"](lang), "<ul>" + "".join(
            f"<li><span class=\"{_e(f['status'])}\">{_e(_word(f['status'], lang))}</span> — {_e(_text(f['message'], lang))}</li>"
            for f in sm["findings"]) + "</ul>"))
    p = sm.get("payment")
    if p:
        cell = f"<div class=\"verdict {_e(p['verdict'])}\">{_e(_text(p['verdict_text'], lang))}</div>"
        prow = payment_rows(p, lang)
        if prow:
            cell += (f"<table><tr><th></th><th>{_e(L['side_customer'](lang))}</th><th>{_e(L['side_terminal'](lang))}</th></tr>"
                     + "".join(("<tr class=\"diff\">" if d else "<tr>") + f"<th>{_e(k)}</th><td>{_e(c)}</td><td>{_e(t)}</td></tr>"
                               for k, c, t, d in prow) + "</table>")
        cell += "".join(f"<div class=\"diffnote\">⚠ {_e(_text(d['text'], lang))}</div>" for d in p.get("differences") or [])
        cell += "".join(f"<div class=\"muted\">{_e(_text(r.get('text'), lang))}</div>" for r in p.get("reasons") or [])
        rows.append((L["payment"](lang), cell))
    for head, items in _tried(m, lang):
        rows.append((head, "<ol>" + "".join(f"<li>{_e(x)}</li>" for x in items) + "</ol>"))
    rows.append((L["outcome"](lang), f"<b>{_e(_text(sm['outcome'], lang))}</b>"))
    if sm.get("ask"):
        rows.append((L["ask"](lang), _e(_text(sm["ask"], lang))))
    return (f"<section class=\"summary\"><h2>{_e(L['summary'](lang))}</h2><table>"
            + "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows) + "</table></section>")


def render_html(m: dict, lang: str = "en", stats: list[dict] | None = None) -> str:
    """`stats` is accepted for callers of the older signature and ignored: an incident report carries no chart."""
    sm = m["summary"]
    banner = f"<div class=\"banner\">{_e(L['sim_banner'](lang))}</div>" if m["simulated"] else ""
    parts = [banner, f"<h1>{_e(L['incident'](lang))} — #{_e(m['run_id'])}</h1>"]
    shop = _contact(sm["shop"], ("name", "address", "merchant_id"), lang) or L["no_shop"](lang)
    sup = _contact(sm["support"], ("provider", "phone", "email", "hours"), lang) or L["no_support"](lang)
    parts.append(f"<div class=\"contacts\"><div><b>{_e(L['shop'](lang))}</b>{_e(shop)}</div>"
                 f"<div><b>{_e(L['support'](lang))}</b>{_e(sup)}</div></div>")
    parts.append(_html_summary(m, lang))
    parts.append(f"<h2>{_e(L['details'](lang))}</h2>" + _kv_table(_head_rows(m, lang)))
    parts.append(f"<h3>{_e(L['checks'](lang))}</h3>")
    if m["checks"]:
        parts.append(f"<table><tr><th>{_e(L['check'](lang))}</th><th>{_e(L['status'](lang))}</th><th>{_e(L['message'](lang))}</th></tr>"
                     + "".join(f"<tr><td>{_e(_text(c['id'], lang))}</td><td class=\"{_e(_text(c['status'], lang))}\">{_e(_word(c['status'], lang))}</td>"
                               f"<td>{_e(_text(c['message'], lang))}</td></tr>" for c in m["checks"]) + "</table>")
    else:
        parts.append(f"<p>{_e(L['none'](lang))}</p>")
    parts.append(f"<h3>{_e(L['tx'](lang))}</h3>")
    tx = m["last_transaction"]
    parts.append(_kv_table(_tx_rows(tx, lang)) if tx else f"<p>{_e(L['none'](lang))}</p>")
    if m.get("payment"):
        parts.append(f"<h3>{_e(L['payment_check'](lang))}</h3>" + _kv_table(_payment_rows(m, lang)))
    parts.append(f"<h3>{_e(L['steps'](lang))}</h3>")
    if m["steps"]:
        parts.append(f"<table><tr><th>#</th><th>{_e(L['step'](lang))}</th><th>{_e(L['answer'](lang))}</th><th>{_e(L['result'](lang))}</th></tr>"
                     + "".join(f"<tr><td>{i + 1}</td><td>{_e(_text(s['title'] or s['id'], lang))}</td><td>{_e(_word(s['answer'], lang))}</td>"
                               f"<td>{_e(_text(s['result'], lang))}</td></tr>" for i, s in enumerate(m["steps"])) + "</table>")
    else:
        parts.append(f"<p>{_e(L['none'](lang))}</p>")
    if m["recorded"]:
        parts.append(f"<h3>{_e(L['recorded'](lang))}</h3>" + _kv_table([(str(k), _text(v, lang)) for k, v in _recorded(m)]))
    parts.append(f"<h3>{_e(L['note'](lang))}</h3><p>{_e(_text(m['note'], lang) or L['none'](lang))}</p>")
    html_lang = "zh-CN" if lang == "zh" else "en"
    title = f"{L['incident'](lang)} #{m['run_id']}" + (f" — {L['sim_banner'](lang)}" if m["simulated"] else "")
    body = "\n".join(parts[1:])
    if banner:  # a table header repeats on every printed page: the banner is on every page of the PDF
        body = f"<table class=\"page\"><thead><tr><td>{banner}</td></tr></thead><tbody><tr><td>{body}</td></tr></tbody></table>"
    return (f"<!DOCTYPE html><html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
            + body + "</body></html>\n")


def render(model: dict, fmt: str, lang: str = "en", stats: list[dict] | None = None) -> str:
    if fmt == "json":
        return render_json(model)
    if fmt == "md":
        return render_md(model, lang)
    return render_html(model, lang)
