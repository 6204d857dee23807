"""The funds-not-arrived walk's statement step (the `import_statement` action): the file staff named, compared with
the terminal's records the walk holds and with the payment staff said is missing. Returns (ok, message, data);
the engine keeps `data["values"]` (statement_finding, statement_missing) for the steps after it."""

from __future__ import annotations

from pos_doctor.i18n import T, Text
from pos_doctor.payments.model import TerminalEvidence
from pos_doctor.payments.sentences import semicolons

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
        return False, T("The statement could not be read: {where}. What to do: {hint}", where=exc.line_msg(),
                        hint=exc.hint_msg or ""), \
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
    head = (T("{label}: the payment staff named is {payment}.", label=label, payment=Text.from_json(p["text"]))
            if named else T("{label}.", label=label))
    if records is None:
        more = T("No terminal records in this walk to compare with the statement.")
    else:
        n, k = result["terminal"]["payments"], len(missing)
        more = (T("Of the terminal's {n} approved payment(s) that day, {k} are NOT in the statement: {missing}", n=n,
                  k=k, missing=semicolons([Text.from_json(m) for m in missing])) if missing else
                T("Of the terminal's {n} approved payment(s) that day, {k} are NOT in the statement.", n=n, k=k))
    evidence = {"label": label.to_json(), "file": st.file, "missing": missing,
                "payment": {k: p[k] for k in ("asked", "verdict", "text")},
                "totals": result["totals"], "terminal_compared": records is not None}
    from .evidence import statement_evidence

    data = {"statement": evidence, "terminal_evidence": statement_evidence(st).to_json(),
            "values": {"statement_finding": p["verdict"], "statement_missing": str(len(missing))}}
    return True, T("{headline} {reason}", headline=head, reason=more), data

