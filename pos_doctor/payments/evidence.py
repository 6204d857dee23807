"""What the ZVT client got back, turned into `TerminalEvidence`. Pure: results in, evidence out (no I/O).

Sources, in the order the `read_journal` action asks for them: Status Enquiry (the terminal's clock: read_at and
the offset to the PC), Repeat Receipt (the newest transaction as 04 0F, and its print lines), Send Turnover
Totals (the period report's print lines: every transaction since the period began, and their count). The 04 0F of
Send Turnover Totals carries totals, never a transaction, so it is not read as one. The newest transaction and its
twin in the listing (same trace number) become one record only when they agree; when they disagree on the result or
the amount
both are kept, and the reconciliation says the terminal's sources disagree (never "the listing wins").
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pos_doctor.i18n import T, Text

from .identity import disagree
from .model import TerminalEvidence, TerminalRecord
from .receipts import parse_listing

if TYPE_CHECKING:
    from pos_doctor.protocols.zvt.messages import Transaction
    from pos_doctor.protocols.zvt.session import CommandResult

ABORTED_CODES = frozenset({0x6C})  # timed out or abort key: the terminal stopped the attempt


def _result_of(code: int | None) -> str:
    if code is None:
        return "unknown"
    if code == 0:
        return "approved"
    return "aborted" if code in ABORTED_CODES else "declined"


def _when(text: str | None, year: int | None, read_at: datetime | None) -> datetime | None:
    """'YYYY-MM-DD HH:MM:SS' or 'MM-DD HH:MM:SS' (the year then comes from the terminal's own clock)."""
    if not text:
        return None
    m = re.fullmatch(r"(?:(\d{4})-)?(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})", text.strip())
    if not m:
        return None
    y = int(m.group(1)) if m.group(1) else year
    if y is None:
        return None
    try:
        mo, d, h, mi, sec = (int(g) for g in m.groups()[1:])
        when = datetime(y, mo, d, h, mi, sec)
        if not m.group(1) and read_at is not None and when - timedelta(days=1) > read_at:
            when = when.replace(year=y - 1)  # a December record read in January
    except (ValueError, OverflowError):
        return None
    return when


def record_from_transaction(tx: Transaction, *, year: int | None = None, read_at: datetime | None = None,
                            source: str = "status") -> TerminalRecord:
    """A ZVT `Transaction` (04 0F) as a record; a field the terminal did not send stays None."""
    return TerminalRecord(result=_result_of(tx.result_code), result_code=tx.result_code, amount=tx.amount,
                          currency=tx.currency, time=_when(tx.time, year, read_at), trace_number=tx.trace_number,
                          receipt_number=tx.receipt_number, pan_masked=tx.pan_masked, card_name=tx.card_name,
                          source=source)


def _last_year_if_ahead(rec: TerminalRecord, year: int | None, read_at: datetime | None) -> TerminalRecord:
    """A printed date without its year took the terminal clock's year: a December record read in January is last
    year's (as `_when` does for the status information). The listing does not say which dates had a year printed:
    any date of the clock's year more than a day ahead of the clock is taken as one without (the terminal cannot
    have listed a transaction from after its own clock)."""
    if (rec.time is None or read_at is None or year is None or rec.time.year != year
            or rec.time - timedelta(days=1) <= read_at):
        return rec
    try:
        return TerminalRecord(**{**rec.__dict__, "time": rec.time.replace(year=year - 1)})
    except ValueError:  # 29 February
        return rec


def _answered(res: CommandResult | None) -> bool:
    return res is not None and res.outcome in ("completed", "acknowledged")


def _same(a: TerminalRecord, b: TerminalRecord) -> bool:
    return (a.trace_number is not None and a.trace_number == b.trace_number
            and (a.receipt_number is None or b.receipt_number is None or a.receipt_number == b.receipt_number))


def _fill_from(primary: TerminalRecord, other: TerminalRecord) -> TerminalRecord:
    """The journal's record, with what only the status information told (card name, currency...)."""
    values = {k: getattr(primary, k) if getattr(primary, k) is not None else getattr(other, k)
              for k in ("result_code", "amount", "currency", "time", "pan_masked", "card_name", "reference")}
    return TerminalRecord(**{**primary.__dict__, **values})


def evidence_from_results(*, status: CommandResult | None = None, repeat: CommandResult | None = None,
                          turnover: CommandResult | None = None,
                          pc_at_status: datetime | None = None) -> TerminalEvidence:
    """Evidence from the three `CommandResult`s (any may be None: not asked, or the link failed)."""
    read_at = status.terminal_time if status is not None and status.outcome == "completed" else None
    offset = None
    if read_at is not None and pc_at_status is not None:
        offset = round((read_at - pc_at_status).total_seconds(), 1)
    clock = read_at or pc_at_status
    year = clock.year if clock is not None else None
    not_reported: list[str] = []
    if read_at is None:
        not_reported.append("clock")

    newest: list[TerminalRecord] = []
    if repeat is not None and repeat.transaction is not None:
        newest.append(record_from_transaction(repeat.transaction, year=year, read_at=read_at))
    elif repeat is not None and repeat.receipt_lines:
        newest.extend(_last_year_if_ahead(r, year, read_at)
                      for r in parse_listing(list(repeat.receipt_lines), default_year=year).records[-1:])
    for rec in newest:
        not_reported += [f for f, v in (("amount", rec.amount), ("time", rec.time), ("trace", rec.trace_number))
                         if v is None and f not in not_reported]

    journal: list[TerminalRecord] = []
    complete = False
    covers_from = None
    if turnover is not None and _answered(turnover) and turnover.receipt_lines:
        listing = parse_listing(list(turnover.receipt_lines), default_year=year, source="journal")
        journal = [_last_year_if_ahead(r, year, read_at) for r in listing.records]
        covers_from = listing.period_start
        # complete only when the report says how many it lists, that many were read, and when the period began
        complete = listing.count is not None and listing.count == len(journal) and covers_from is not None
        if not complete:
            not_reported.append("period")
    else:
        not_reported.append("period")

    records = list(journal)
    for rec in newest:
        twin = next((i for i, j in enumerate(records) if _same(j, rec)), None)
        if twin is None or disagree(records[twin], rec):  # sources that disagree stay two: reconcile shows both
            records.append(rec)
        else:
            records[twin] = _fill_from(records[twin], rec)
    readable = any(_answered(r) for r in (status, repeat, turnover)) or bool(records)
    return TerminalEvidence(readable=readable, records=tuple(records), complete=complete and readable,
                            covers_from=covers_from, read_at=read_at, clock_offset_s=offset,
                            not_reported=tuple(not_reported))


def describe_evidence(ev: TerminalEvidence) -> Text:
    """One line for the screen: how much the terminal could tell."""
    if not ev.readable:
        return Text("The terminal could not be read.")
    n = len(ev.records)
    if ev.complete:
        return T("The terminal listed all {n} transaction(s) of its current period.", n=n)
    if n == 0:
        return Text("The terminal reported no transaction and cannot list its period.")
    return T("The terminal reported {n} transaction(s) but cannot list its whole period.", n=n)
