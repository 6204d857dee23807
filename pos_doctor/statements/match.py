"""The third article's questions, answered from a statement and the terminal's records: which of the terminal's
approved payments of a day are in the statement, which are missing, which were refunded or reversed, the totals and
fees; and for one customer's payment (amount, time, order number) whether it was settled. Pure: data in, data out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from pos_doctor.i18n import Text
from pos_doctor.payments.model import TerminalEvidence, TerminalRecord

from .model import Statement, StatementRow

TOLERANCE = timedelta(minutes=5)  # terminal clock against the provider's: drift, and the seconds a payment takes
MIN_ORDER_DIGITS = 4


def _amount(v: Decimal | None) -> str | None:
    return None if v is None else f"{v:.2f}"


def refunds_of(statement: Statement) -> dict[int, Decimal]:
    """Payment row line -> the amount its refund rows give back (WeChat REFUND / Alipay 退款 rows, by order number)."""
    by_number: dict[str, StatementRow] = {}
    for r in statement.payments():
        for key in (r.order_number, r.provider_number):
            if key:
                by_number.setdefault(key, r)
    out: dict[int, Decimal] = {}
    for r in statement.rows:
        if r.kind != "refund" or r.state != "approved" or r.amount is None:
            continue
        pay = (by_number.get(r.order_number or "") or by_number.get(r.provider_number or ""))
        if pay is not None:
            out[pay.line] = out.get(pay.line, Decimal("0")) + r.amount
    return out


def effective_state(row: StatementRow, refunds: dict[int, Decimal]) -> str:
    """approved, refunded (in full, by a refund row or the row's own state), partly_refunded, reversed, failed,
    unknown."""
    if row.state != "approved":
        return row.state
    back = refunds.get(row.line)
    if back is None:
        return "approved"
    return "refunded" if row.amount is None or back >= row.amount else "partly_refunded"


def to_records(statement: Statement) -> list[TerminalRecord]:
    """The statement's rows as TerminalRecords (source "statement"): a payment, and for a refunded one its refund."""
    out = []
    for r in statement.rows:
        result = {"approved": "approved", "refunded": "approved", "reversed": "reversed",
                  "failed": "declined"}.get(r.state, "unknown")
        digits = r.trace_number
        trace = int(digits) if digits and digits.isdigit() and len(digits) <= 9 else None
        record = TerminalRecord(result=result, kind="refund" if r.kind == "refund" else "payment", amount=r.amount,
                                currency=r.currency, time=r.time, trace_number=trace, pan_masked=r.card,
                                source="statement", reference=r.provider_number, order_number=r.order_number)
        out.append(record)
        if r.kind == "payment" and r.state == "refunded":
            out.append(replace(record, result="approved", kind="refund"))
    return out


def to_evidence(statement: Statement) -> TerminalEvidence:
    """The statement as evidence: complete for the days it covers (a whole file, its own totals checked)."""
    days = statement.days()
    return TerminalEvidence(readable=True, records=tuple(to_records(statement)), complete=bool(days),
                            covers_from=datetime.combine(days[0], time()) if days else None,
                            read_at=statement.covers_until(), origin="statement", origin_label=statement.label())


def _same_number(rec: TerminalRecord, row: StatementRow) -> bool:
    numbers = {x for x in (rec.order_number, rec.reference,
                           None if rec.receipt_number is None else str(rec.receipt_number),
                           None if rec.trace_number is None else str(rec.trace_number)) if x}
    return bool(numbers & {x for x in (row.order_number, row.provider_number, row.trace_number) if x})


def _last4(card: str | None) -> str | None:
    tail = (card or "").strip()[-4:]
    return tail if len(tail) == 4 and tail.isdigit() else None


def _close(rec: TerminalRecord, row: StatementRow, tolerance: timedelta) -> float | None:
    """Seconds apart when amount (and card, where both show it) agree and the times are within the tolerance."""
    if rec.amount is None or row.amount is None or rec.amount != row.amount or rec.time is None or row.time is None:
        return None
    a, b = rec.last4, _last4(row.card)
    if a and b and a != b:
        return None
    apart = abs((rec.time - row.time).total_seconds())
    return apart if apart <= tolerance.total_seconds() else None


@dataclass(frozen=True)
class Asked:
    """One customer's payment: what staff typed (any of the three)."""
    amount: Decimal | None = None
    time: datetime | None = None
    order: str | None = None

    def given(self) -> bool:
        return self.amount is not None or self.time is not None or bool(self.order)

    def to_json(self) -> dict:
        return {"amount": _amount(self.amount), "time": None if self.time is None else self.time.isoformat(sep=" "),
                "order": self.order}


VERDICT_TEXT = {
    "settled": Text("in the statement as paid: the provider owes it to the shop and pays it out with the day's "
                    "settlement (net of fees)"),
    "refunded": Text("in the statement, and refunded: no money arrives for it"),
    "partly_refunded": Text("in the statement, partly refunded: only the rest arrives"),
    "reversed": Text("in the statement as reversed (cancelled): no money arrives for it"),
    "failed": Text("in the statement as failed: the customer was not charged by this provider"),
    "unknown": Text("in the statement with a state pos-doctor does not know: ask the provider"),
    "not_in_statement": Text("NOT in the statement, which covers that day: the provider has no successful payment like "
                             "it; call the provider with the amount, time and order number"),
    "not_covered": Text("the statement does not cover that day: download the statement of the payment's day"),
    "ambiguous": Text("several rows of the statement fit: give the order number to tell them apart"),
    "not_asked": Text("no payment asked about"),
}


def find_payment(statement: Statement, asked: Asked, tolerance: timedelta = TOLERANCE) -> dict:
    refunds = refunds_of(statement)
    pays = statement.payments()
    if not asked.given():
        return {"asked": asked.to_json(), "verdict": "not_asked", "rows": [],
                "text": VERDICT_TEXT["not_asked"].to_json()}
    rows: list[StatementRow]
    order = (asked.order or "").strip().upper()
    if order and len(order) >= MIN_ORDER_DIGITS:
        exact = [r for r in pays if order in ((r.order_number or "").upper(), (r.provider_number or "").upper())]
        rows = exact or [r for r in pays
                         if any(n and n.upper().endswith(order) for n in (r.order_number, r.provider_number))]
    else:
        rows = [r for r in pays if (asked.amount is None or r.amount == asked.amount)
                and (asked.time is None or (r.time is not None and abs((r.time - asked.time).total_seconds())
                                                                  <= tolerance.total_seconds()))]
        if asked.amount is None and asked.time is None:
            rows = []
    if len(rows) == 1:
        verdict = effective_state(rows[0], refunds)
        verdict = "settled" if verdict == "approved" else verdict
    elif len(rows) > 1:
        verdict = "ambiguous"
    else:
        day = asked.time.date() if asked.time else None
        covered = (day is None and statement.days()) or (day and statement.covers(day))
        verdict = "not_in_statement" if covered else "not_covered"
    return {"asked": asked.to_json(), "verdict": verdict, "rows": [r.to_json() for r in rows],
            "text": VERDICT_TEXT[verdict].to_json()}


def compare(statement: Statement, records: list[TerminalRecord] | None, *, day: date | None = None,
            asked: Asked | None = None, tolerance: timedelta = TOLERANCE) -> dict:
    """The whole answer, JSON-ready. `records`: the terminal's records (None: none available)."""
    refunds = refunds_of(statement)
    days = statement.days()
    day = day or (days[0] if len(days) == 1 else None)
    pays = [r for r in statement.payments() if day is None or (r.time is not None and r.time.date() == day)]
    seen: dict[str, int] = {}
    for r in pays:
        if r.order_number:
            seen[r.order_number] = seen.get(r.order_number, 0) + 1
    duplicated = [r.to_json() for r in pays if r.order_number and seen[r.order_number] > 1]
    matched, missing = [], []
    if records is not None:
        wanted = sorted((x for x in _distinct(records) if x.result == "approved" and x.kind == "payment"
                         and (day is None or x.time is None or x.time.date() == day)),
                        key=lambda x: (x.time is None, x.time or datetime.min))
        free = [r for r in pays if r.state in ("approved", "refunded", "reversed", "unknown")]
        for rec in wanted:
            hit = next((r for r in free if _same_number(rec, r)), None)
            how = "number"
            if hit is None:
                scored = [(s, r) for r in free if (s := _close(rec, r, tolerance)) is not None]
                hit = min(scored, key=lambda x: x[0])[1] if scored else None
                how = "amount_time"
            if hit is None:
                missing.append({"terminal": rec.to_json(), "text": rec.describe().to_json()})
                continue
            free.remove(hit)
            matched.append({"terminal": rec.to_json(), "row": hit.to_json(), "matched_by": how,
                            "state": effective_state(hit, refunds)})
    states = {r.line: effective_state(r, refunds) for r in pays}
    if day is None:
        totals = statement.totals()
    else:
        of_day = tuple(r for r in statement.rows if r.time is None or r.time.date() == day)
        totals = Statement(statement.layout, statement.file, statement.encoding, of_day).totals()
    return {
        "statement": {"file": statement.file, "layout": statement.layout, "encoding": statement.encoding,
                      "label": statement.label().to_json(), "days": [str(d) for d in days],
                      "rows": len(statement.rows)},
        "day": None if day is None else str(day),
        "totals": {k: (_amount(v) if isinstance(v, Decimal) else v) for k, v in totals.items()},
        "declared": {k: (_amount(v) if isinstance(v, Decimal) else v) for k, v in statement.declared.items()},
        "terminal": {"available": records is not None,
                     "payments": None if records is None else len(matched) + len(missing)},
        "in_statement": matched, "missing": missing,
        "refunded": [r.to_json() | {"state": states[r.line]} for r in pays if states[r.line] in ("refunded",
                                                                                                 "partly_refunded")],
        "reversed": [r.to_json() for r in pays if states[r.line] == "reversed"],
        "failed": [r.to_json() for r in pays if states[r.line] == "failed"],
        "unknown_state": [r.to_json() for r in pays if states[r.line] == "unknown"],
        "duplicated": duplicated,
        "payment": find_payment(statement, asked or Asked(), tolerance),
    }


def _distinct(records: list[TerminalRecord]) -> list[TerminalRecord]:
    """One record per transaction: the same payment read twice (two readings, status and journal) counts once."""
    out, keys = [], set()
    for r in records:
        key = (r.trace_number, r.receipt_number, r.amount, r.time, r.kind) if (r.trace_number or r.receipt_number) \
            else (r.amount, r.time, r.kind, r.pan_masked, r.order_number)
        if key in keys:
            continue
        keys.add(key)
        out.append(r)
    return out
