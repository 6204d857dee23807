"""The funds-not-arrived walk's statement step (the `import_statement` action): the file staff named, compared with
the terminal's records the walk holds and with the payment staff said is missing. Returns (ok, message, data);
the engine keeps `data["values"]` (statement_finding, statement_missing) for the steps after it."""

from __future__ import annotations

from typing import Any

from pos_doctor.i18n import LANGS, T, Text
from pos_doctor.payments.model import TerminalEvidence

FILE_FIELD, MAPPING_FIELD = "statement_file", "statement_mapping"
ASKED_FIELDS = ("missing_amount", "missing_time", "missing_order")


def import_for_walk(values: dict, terminal_evidence: dict | None) -> tuple[bool, Text, dict]:
    from datetime import date

    from pos_doctor.payments.customer_input import parse_amount, parse_customer_time

    from . import StatementError, read_statement
    from .match import Asked, compare

    path = (values.get(FILE_FIELD) or "").strip()
    if not path:
        return (False, Text("No statement file was named."),
                {"values": {"statement_finding": "no_file"}})
    try:
        st = read_statement(path, (values.get(MAPPING_FIELD) or "").strip() or None)
    except StatementError as exc:
        return False, T("The statement could not be read: {where}. What to do: {hint}", where=_first_line(exc),
                        hint=_hint(exc)), \
            {"error": exc.to_json(), "values": {"statement_finding": "bad_file"}}
    days = st.days()
    amount, _cur = parse_amount(values.get("missing_amount"))
    when = parse_customer_time(values.get("missing_time"), today=days[0] if len(days) == 1 else date.today())
    asked = Asked(amount, when, (values.get("missing_order") or "").strip() or None)
    ev = TerminalEvidence.from_json(terminal_evidence) if isinstance(terminal_evidence, dict) else None
    records = list(ev.records) if ev is not None and ev.readable and ev.origin == "link" else None
    day = when.date() if when is not None else None
    result = compare(st, records, day=day, asked=asked)
    label = st.label()
    p = result["payment"]
    missing = [m["text"] for m in result["missing"]]
    named = p["verdict"] != "not_asked"
    en = [f"{label.en}: the payment staff named is {p['text']['en']}." if named else f"{label.en}."]
    zh = [f"{label.zh}：所说的这笔付款——{p['text']['zh']}。" if named else f"{label.zh}。"]
    if records is None:
        en.append("No terminal records in this walk to compare with the statement.")
        zh.append("本次流程没有POS机记录可与账单比对。")
    else:
        en.append(f"Of the terminal's {result['terminal']['payments']} approved payment(s) that day, {len(missing)} "
                  "are NOT in the statement" + (": " + "; ".join(m["en"] for m in missing) if missing else "."))
        zh.append(f"POS机当天 {result['terminal']['payments']} 笔成功付款中，账单里没有 {len(missing)} 笔"
                  + ("：" + "；".join(m["zh"] for m in missing) if missing else "。"))
    evidence = {"label": label.to_json(), "file": st.file, "missing": missing,
                "payment": {k: p[k] for k in ("asked", "verdict", "text")},
                "totals": result["totals"], "terminal_compared": records is not None}
    from .evidence import statement_evidence

    data = {"statement": evidence, "terminal_evidence": statement_evidence(st).to_json(),
            "values": {"statement_finding": p["verdict"], "statement_missing": str(len(missing))}}
    return True, Text(" ".join(en), "".join(zh)), data


def _first_line(exc: Any) -> Text:
    """Where the statement went wrong, as the error says it in each language."""
    return Text.from_map({lang: exc.lines(lang)[0] for lang in LANGS})


def _hint(exc: Any) -> Text:
    """What to do, as the error says it in each language."""
    return Text.from_map({lang: exc.hint_text(lang) or "" for lang in LANGS})
