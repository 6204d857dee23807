"""Evidence reports of one run: a plain model built from the stored run, rendered as JSON, Markdown or HTML (and PDF
from the HTML, records/pdf.py). The report opens with the ten-second summary (records/summary.py, with the
payment's headline and the request to the provider from records/provider.py); the details follow. A simulated run
says so on every page. Failure statistics are not here: they are `history --stats`.

Pure: a dict in, a string out. Every value passes scrub again here (a database written by an older version might
hold less-masked text) — except the identifiers the provider searches by (merchant ID, terminal ID) and the shop's
own contacts, which are known fields, not card or phone numbers: they go around the masker and are hidden only by
`redact` (for sharing outside the shop), which also hides serial numbers.
"""

from __future__ import annotations

import json
from typing import Any

from pos_doctor.records.report.html import render_html
from pos_doctor.records.report.markdown import render_md
from pos_doctor.records.report.words import WORDS, L, text, word
from pos_doctor.records.scrubbing import redact_ids, scrub_deep, support_shown

__all__ = ["L", "WORDS", "build_model", "find_transaction", "render", "render_html", "render_json",
           "render_md", "text", "word"]

_TX_KEYS = ("amount", "trace_number", "approved", "pan_masked")
KNOWN_FACTS = ("merchant_id", "terminal_id", "shop")  # facts of the request shown as written (see module doc)


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


def _steps(doc: dict) -> list[dict]:
    steps = []
    for s in doc.get("steps") or []:
        if isinstance(s, dict):
            by = s.get("answered_by") if s.get("answered_by") in ("person", "yes", "answers_file") else "person"
            steps.append({"id": s.get("id"), "kind": s.get("kind"), "title": s.get("title") or s.get("text"),
                          "answer": s.get("answer_label") or s.get("answer"),
                          "result": s.get("result") or s.get("status"), "answered_by": by})
    return steps


def build_model(run: dict, *, redact: bool = False, config: Any = None) -> dict:
    """`config`: this computer's configuration, for [shop] and [support] of a run recorded before it kept its own."""
    from pos_doctor.records.summary import build_summary, local_time

    doc = run.get("document") or {}
    target = doc.get("target") or {}
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
        "printer": (target.get("printer_identity") or target.get("printer") or target.get("printer_port")
                    or run.get("printer")),
        "simulated": bool(target.get("simulated") or run.get("simulated")),
        "scenario": target.get("scenario") or run.get("scenario"),
    }
    summary = build_summary(run, doc, terminal, config)
    offset = summary.get("utc_offset")
    model = {
        "schema_version": 3,
        "run_id": run.get("id"),
        "kind": run.get("kind"),
        "started_at": run.get("started_at"),
        "started_local": local_time(run.get("started_at"), offset),
        "tool_version": run.get("tool_version"),
        "status": run.get("status"),
        "simulated": terminal["simulated"],
        "terminal": summary["terminal"],
        "summary": summary,
        "checks": checks,
        "last_transaction": find_transaction(doc),
        "playbook": run.get("playbook"),
        "steps": _steps(doc),
        "recorded": doc.get("recorded") or doc.get("values"),
        "payment": doc.get("payment") if isinstance(doc.get("payment"), dict) else None,
        "outcome": doc.get("outcome") if doc.get("outcome") is not None else run.get("outcome"),
        "note": run.get("note"),
    }
    model = _scrub(model, summary, redact=redact)
    return redact_ids(model) if redact else model


def _scrub(model: dict, summary: dict, *, redact: bool = False) -> dict:
    """Everything through the masker, then the known identifiers and the shop's contacts put back as written."""
    out = scrub_deep(model)
    sm = out["summary"]
    sm["shop"], sm["support"] = summary["shop"], support_shown(summary["support"], redact=redact)
    tid = summary["terminal"].get("terminal_id")
    for t in (sm["terminal"], out["terminal"]):
        t["terminal_id"] = tid
    if summary.get("ask"):
        for mine, orig in zip(sm["ask"]["facts"], summary["ask"]["facts"], strict=True):
            if orig["key"] in KNOWN_FACTS:
                mine["value"] = orig["value"]
    return out


def render_json(model: dict) -> str:
    return json.dumps(model, ensure_ascii=False, indent=2, default=str)


def render(model: dict, fmt: str, lang: str = "en", stats: list[dict] | None = None) -> str:
    if fmt == "json":
        return render_json(model)
    if fmt == "md":
        return render_md(model, lang)
    return render_html(model, lang)
