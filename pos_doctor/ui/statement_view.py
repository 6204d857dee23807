"""The screen of `pos-doctor statement import`: plain lines in the person's language, from the JSON-ready answer of
statements.match.compare (the same data `--json` prints). Its texts are messages (`Text.from_json` for the ones the
answer keeps), said in any language."""

from __future__ import annotations

from typing import Any

from pos_doctor.i18n import TC, TN, T, Text

_STATE = {"refunded": TC("a statement's row", "refunded"),
          "partly_refunded": TC("a statement's row", "partly refunded"),
          "reversed": TC("a statement's row", "reversed"), "failed": TC("a statement's row", "failed"),
          "unknown": TC("a statement's row", "state unknown"),
          "approved": TC("a statement's row", "paid")}
SOURCE = {"history": Text("the terminal readings recorded by earlier fix walks"),
          "terminal": Text("read from the terminal just now"),
          "walk": Text("read from the terminal during this walk")}
SECTIONS = (("refunded", TC("statement rows", "Refunded")), ("reversed", TC("statement rows", "Reversed (cancelled)")),
            ("failed", TC("statement rows", "Failed")), ("unknown_state", TC("statement rows", "State not known")),
            ("duplicated", TC("statement rows", "The same order number more than once")))
PARTS = TC("between the parts of a line", ", ")
AMOUNT = TC("a statement's amount", "{amount}")


def _said(value: Any) -> Text:
    return Text.from_json(value) if isinstance(value, dict) else Text(str(value or ""), inline={"en": str(value or "")})


def _row(r: dict, lang: str) -> str:
    amount = r.get("amount")
    number = r.get("order_number") or r.get("provider_number") or r.get("trace_number")
    parts = [AMOUNT.format(amount=amount) if amount else T("amount not given"),
             r.get("time") or T("time not given"),
             T("order {number}", number=number) if number else T("no order number")]
    if r.get("card"):
        parts.append(T("card {card}", card=r["card"]))
    row = PARTS(lang).join(p(lang) if isinstance(p, Text) else str(p) for p in parts)
    return T("{row} (line {line})", row=row, line=r["line"])(lang)


def statement_lines(result: dict, lang: str, source: str | None) -> list[str]:
    st, totals = result["statement"], result["totals"]
    out = T("{label} ({file}, {encoding})", label=_said(st["label"]), file=st["file"],
            encoding=str(st["encoding"]).upper())(lang).split("\n")
    day = result.get("day")
    counts = dict(payments=TN("{n} payment", "{n} payments", totals["payments"]), amount=totals["amount"],
                  refunds=TN("{n} refund", "{n} refunds", totals["refunds"]), refunded=totals["refunded"],
                  fees=totals["fees"], net=totals["net"])
    if day:
        out.append(T("Day {day}: {payments}, {amount}; {refunds}, {refunded}; fees {fees}; net {net}.", day=day,
                     **counts)(lang))
    else:
        out.append(T("All days: {payments}, {amount}; {refunds}, {refunded}; fees {fees}; net {net}.", **counts)(lang))
    term = result["terminal"]
    if not term["available"] and term.get("history_error"):
        out.append(T("No terminal records to compare: the history could not be read ({error}). The totals above are "
                     "the statement's own.", error=_said(term["history_error"]))(lang))
    elif not term["available"]:
        out.append(T("No terminal records to compare: no terminal readings in the history, and no --terminal given. "
                     "The totals above are the statement's own.")(lang))
    else:
        src = SOURCE.get(source or "", Text("the terminal's records"))
        n, found, missing = term["payments"], len(result["in_statement"]), result["missing"]
        out.append(T("The terminal's approved payments of the day ({source}): {n}; in the statement {found}, MISSING "
                     "from it {missing}.", source=src, n=n, found=found, missing=len(missing))(lang))
        for m in missing:
            out.append("  - " + T("missing: {payment}", payment=_said(m["text"]))(lang))
        for m in result["in_statement"]:
            if m["state"] not in ("approved",):
                state = _STATE.get(m["state"], _STATE["unknown"])
                out.append("  - " + T("in the statement but {state}: {row}", state=state, row=_row(m["row"], lang))(
                    lang))
    for key, label in SECTIONS:
        rows = result[key]
        if rows:
            out.append(TC("a count of statement rows", "{label}: {n}", label=label, n=len(rows))(lang))
            out.extend("  - " + _row(r, lang) for r in rows[:20])
            if len(rows) > 20:
                out.append("  " + T("... {n} more", n=len(rows) - 20)(lang))
    p = result["payment"]
    if p["verdict"] != "not_asked":
        a = p["asked"]
        what = [x for x in (a["amount"] and AMOUNT.format(amount=a["amount"]), a["time"],
                            a["order"] and T("order {number}", number=a["order"])) if x]
        shown = PARTS(lang).join(x(lang) if isinstance(x, Text) else str(x) for x in what)
        out.append(T("The payment asked about ({what}): {verdict}", what=shown, verdict=_said(p["text"]))(lang))
        out.extend("  - " + _row(r, lang) for r in p["rows"][:5])
    return out
