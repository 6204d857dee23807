"""A provider's statement as the evidence of a reconcile step (`source: statement`): its rows become the records
(source "statement"), complete for the days the statement covers, and the verdict names it ("WeChat Pay bill of
2026-12-05, 148 orders"). Pure: a Statement in, a TerminalEvidence out.

The reconciliation's rules are the same whatever the source (payments/reconcile.py), so the rows of a statement give
the verdict the same transactions would give read over the terminal's link: a whole statement lists every order of
its days, as the terminal's period listing lists every transaction of its period.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from pos_doctor.payments.model import CustomerEvidence, TerminalEvidence, order_number

from .match import Asked, to_records
from .model import Statement

ORIGIN = "statement"


def statement_evidence(statement: Statement) -> TerminalEvidence:
    """The statement's rows as evidence: complete from the first day's midnight to the last day's end (a file with
    no dated row covers nothing: incomplete)."""
    days = statement.days()
    begin = datetime.combine(days[0], time()) if days else None
    end = statement.covers_until()
    return TerminalEvidence(readable=True, records=tuple(to_records(statement)), complete=bool(days),
                            covers_from=begin, read_at=end, covers_to=end, origin=ORIGIN,
                            origin_label=statement.label(), not_reported=() if days else ("period",))


def reconciled(statement: Statement, asked: Asked) -> dict[str, Any] | None:
    """One payment asked about (`statement import --amount --time [--order]`) reconciled against the statement's
    rows by the reconciliation's rules: the payment object a fix walk records (verdict, reasons, `decided_by`), or
    None when the amount or the time was not given (nothing to reconcile)."""
    from pos_doctor.payments.reconcile import payment_object, reconcile

    if asked.amount is None or asked.time is None:
        return None
    customer = CustomerEvidence(amount=asked.amount, time=asked.time, order_number=order_number(asked.order))
    terminal = statement_evidence(statement)
    result = reconcile(customer, terminal)
    return {**payment_object(customer, terminal, result), "summary": result.summary().to_json()}
