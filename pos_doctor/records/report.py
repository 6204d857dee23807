"""Evidence reports of one run: a plain model built from the stored run, rendered as JSON, Markdown or HTML.

Pure: a dict in, a string out. Every value passes scrub again here (a database written by an older version
might hold less-masked text), and `redact` hides terminal/merchant IDs for sharing outside the shop.
"""

from __future__ import annotations

import html
import json
from typing import Any

from pos_doctor.i18n import Text
from pos_doctor.records.scrubbing import redact_ids, scrub_deep

L = {
    "title": Text("pos-doctor evidence report", "pos-doctor 证据报告"),
    "run": Text("Run", "记录"),
    "kind": Text("Kind", "类型"),
    "when": Text("Time (UTC)", "时间 (UTC)"),
    "tool": Text("Tool version", "工具版本"),
    "terminal": Text("Terminal", "终端"),
    "model": Text("Model", "型号"),
    "terminal_id": Text("Terminal ID", "终端号"),
    "serial": Text("Serial number", "序列号"),
    "software": Text("Software version", "软件版本"),
    "printer": Text("Printer", "打印机"),
    "port": Text("Terminal port", "终端端口"),
    "simulated": Text("Simulated", "模拟"),
    "checks": Text("Check results", "检查结果"),
    "tx": Text("Last transaction as the terminal reported it", "终端报告的最后一笔交易"),
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
    "stats": Text("Failures per check, last 4 weeks (failed/runs)", "最近 4 周各检查项失败次数（失败/运行）"),
    "recorded": Text("Recorded values", "记录的数值"),
    "payment": Text("Was the customer charged? (the customer's evidence against the terminal's records)",
                    "客人是否已被扣款？（客人的凭证与POS机记录核对）"),
    "verdict": Text("Verdict", "结论"),
    "customer": Text("The customer shows", "客人出示"),
    "considered": Text("Terminal transactions compared", "比对过的POS机交易"),
    "reasons": Text("Why", "依据"),
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


def build_model(run: dict, *, redact: bool = False) -> dict:
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
    model = {
        "schema_version": 1,
        "run_id": run.get("id"),
        "kind": run.get("kind"),
        "started_at": run.get("started_at"),
        "tool_version": run.get("tool_version"),
        "status": run.get("status"),
        "terminal": {
            "model": target.get("model") or run.get("terminal_model"),
            "terminal_id": target.get("terminal_id") or run.get("terminal_id"),
            "serial": target.get("serial") or run.get("terminal_serial"),
            "software_version": target.get("software_version") or run.get("software_version"),
            "port": target.get("terminal_port") or target.get("terminal"),
            "printer": target.get("printer_identity") or target.get("printer") or target.get("printer_port") or run.get("printer"),
            "simulated": bool(target.get("simulated") or run.get("simulated")),
            "scenario": target.get("scenario") or run.get("scenario"),
        },
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


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render_md(m: dict, lang: str = "en") -> str:
    out = [f"# {L['title'](lang)} #{m['run_id']}", ""]
    out += [f"- **{k}**: {_md_cell(v)}" for k, v in _head_rows(m, lang)] + [""]
    out += [f"## {L['checks'](lang)}", ""]
    if m["checks"]:
        out += [f"| {L['check'](lang)} | {L['status'](lang)} | {L['message'](lang)} |", "|---|---|---|"]
        out += [f"| {_md_cell(_text(c['id'], lang))} | {_md_cell(_word(c['status'], lang))} | {_md_cell(_text(c['message'], lang))} |" for c in m["checks"]]
    else:
        out.append(L["none"](lang))
    out += ["", f"## {L['tx'](lang)}", ""]
    tx = m["last_transaction"]
    out += [f"- **{k}**: {_md_cell(v)}" for k, v in _tx_rows(tx, lang)] if tx else [L["none"](lang)]
    if m.get("payment"):
        out += ["", f"## {L['payment'](lang)}", ""] + [f"- **{k}**: {_md_cell(v)}" for k, v in _payment_rows(m, lang)]
    out += ["", f"## {L['steps'](lang)}", ""]
    if m["steps"]:
        out += [f"| # | {L['step'](lang)} | {L['answer'](lang)} | {L['result'](lang)} |", "|---|---|---|---|"]
        out += [f"| {i + 1} | {_md_cell(_text(s['title'] or s['id'], lang))} | {_md_cell(_word(s['answer'], lang))} | {_md_cell(_text(s['result'], lang))} |"
                for i, s in enumerate(m["steps"])]
    else:
        out.append(L["none"](lang))
    if m["recorded"]:
        out += ["", f"## {L['recorded'](lang)}", ""] + [f"- **{_md_cell(str(k))}**: {_md_cell(_text(v, lang))}" for k, v in _recorded(m)]
    out += ["", f"## {L['outcome'](lang)}", "", _word(m["outcome"], lang) or L["none"](lang), ""]
    out += [f"## {L['note'](lang)}", "", _text(m["note"], lang) or L["none"](lang), ""]
    return "\n".join(out)


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:60rem;margin:2rem auto;color:#111;padding:0 1rem}
h1{font-size:1.5rem;border-bottom:2px solid #333}h2{font-size:1.15rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}.ok{color:#176b17}.warning{color:#8a5a00}.critical{color:#a00;font-weight:bold}
.bar{display:inline-block;height:.8rem;background:#a00}
@media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}tr{break-inside:avoid}th{background:#ddd!important}}
"""


def _e(s: Any) -> str:
    return html.escape(str(s))


def _kv_table(rows: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows) + "</table>"


def render_stats_html(stats: list[dict], lang: str) -> str:
    if not stats:
        return ""
    top = max((s["failed"] or 0) for s in stats) or 1
    rows = "".join(
        f"<tr><td>{_e(s['id'])}</td><td>{s['failed'] or 0}/{s['runs']}</td>"
        f"<td><span class=\"bar\" style=\"width:{int(200 * (s['failed'] or 0) / top)}px\"></span></td></tr>"
        for s in stats)
    return f"<h2>{_e(L['stats'](lang))}</h2><table>{rows}</table>"


def render_html(m: dict, lang: str = "en", stats: list[dict] | None = None) -> str:
    parts = [f"<h1>{_e(L['title'](lang))} #{_e(m['run_id'])}</h1>", _kv_table(_head_rows(m, lang))]
    parts.append(f"<h2>{_e(L['checks'](lang))}</h2>")
    if m["checks"]:
        parts.append(f"<table><tr><th>{_e(L['check'](lang))}</th><th>{_e(L['status'](lang))}</th><th>{_e(L['message'](lang))}</th></tr>"
                     + "".join(f"<tr><td>{_e(_text(c['id'], lang))}</td><td class=\"{_e(_text(c['status'], lang))}\">{_e(_word(c['status'], lang))}</td>"
                               f"<td>{_e(_text(c['message'], lang))}</td></tr>" for c in m["checks"]) + "</table>")
    else:
        parts.append(f"<p>{_e(L['none'](lang))}</p>")
    parts.append(f"<h2>{_e(L['tx'](lang))}</h2>")
    tx = m["last_transaction"]
    parts.append(_kv_table(_tx_rows(tx, lang)) if tx else f"<p>{_e(L['none'](lang))}</p>")
    if m.get("payment"):
        parts.append(f"<h2>{_e(L['payment'](lang))}</h2>" + _kv_table(_payment_rows(m, lang)))
    parts.append(f"<h2>{_e(L['steps'](lang))}</h2>")
    if m["steps"]:
        parts.append(f"<table><tr><th>#</th><th>{_e(L['step'](lang))}</th><th>{_e(L['answer'](lang))}</th><th>{_e(L['result'](lang))}</th></tr>"
                     + "".join(f"<tr><td>{i + 1}</td><td>{_e(_text(s['title'] or s['id'], lang))}</td><td>{_e(_word(s['answer'], lang))}</td>"
                               f"<td>{_e(_text(s['result'], lang))}</td></tr>" for i, s in enumerate(m["steps"])) + "</table>")
    else:
        parts.append(f"<p>{_e(L['none'](lang))}</p>")
    if m["recorded"]:
        parts.append(f"<h2>{_e(L['recorded'](lang))}</h2>" + _kv_table([(str(k), _text(v, lang)) for k, v in _recorded(m)]))
    parts.append(f"<h2>{_e(L['outcome'](lang))}</h2><p>{_e(_word(m['outcome'], lang) or L['none'](lang))}</p>")
    parts.append(f"<h2>{_e(L['note'](lang))}</h2><p>{_e(_text(m['note'], lang) or L['none'](lang))}</p>")
    parts.append(render_stats_html(stats or [], lang))
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f"<!DOCTYPE html><html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(L['title'](lang))} #{_e(m['run_id'])}</title><style>{_CSS}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def render(model: dict, fmt: str, lang: str = "en", stats: list[dict] | None = None) -> str:
    if fmt == "json":
        return render_json(model)
    if fmt == "md":
        return render_md(model, lang)
    return render_html(model, lang, stats)
