"""Which of the terminal's records could be this customer's payment: the records put in one canonical order, one per
transaction, and each one classified against the customer's evidence - in the window (the customer's time ± the clock
tolerance and the customer's uncertainty, on the PC's clock), of the amount, approved and not reversed, of no other
card or currency - and whether the records cover the window at all. The decision table (payments/rules.py) asks
only these questions."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Iterable, Sequence

from .identity import FIELDS, compare, identity
from .model import CustomerEvidence, TerminalEvidence, TerminalRecord, naive
from .sentences import listing_incomplete, outside_coverage, outside_typed_coverage, period_start_unknown
from .verdicts import Reason


def pc_time(rec: TerminalRecord, offset_s: float | None) -> datetime | None:
    """The record's time on the PC's clock (the terminal's clock offset taken off, when it is known)."""
    t = naive(rec.time)
    if t is None:
        return None
    return t - timedelta(seconds=offset_s) if offset_s is not None else t


def cancelled_traces(records: Iterable[TerminalRecord]) -> set[int]:
    return {r.trace_number for r in records
            if (r.result == "reversed" or r.kind == "reversal") and r.trace_number is not None}


def distinct(records: Iterable[TerminalRecord]) -> tuple[TerminalRecord, ...]:
    """One record per transaction: the same trace and receipt number reported twice (status information and
    journal) is one payment, not a double charge. Records without a trace number are never merged."""
    seen: set[tuple[Any, ...]] = set()
    out: list[TerminalRecord] = []
    for r in records:
        key = (r.trace_number, r.receipt_number, r.kind, r.result, r.amount)
        if r.trace_number is not None and key in seen:
            continue
        seen.add(key)
        out.append(r)
    return tuple(out)


def canonical_order(rec: TerminalRecord) -> tuple[Any, ...]:
    """One order for any permutation of the same records: by time, then every other field (a record that reports
    more fields first, so that of two reports of one transaction the fuller one is kept)."""
    known = sum(v is not None for v in (rec.amount, rec.time, rec.trace_number, rec.receipt_number, rec.pan_masked,
                                         rec.currency, rec.result_code, rec.reference, rec.auth_code, rec.card_name))
    return (rec.time is None, naive(rec.time) or datetime.min, -known, rec.trace_number or -1,
            rec.receipt_number or -1, rec.kind, rec.source, rec.result, rec.amount or Decimal(-1),
            rec.result_code or -1,
            *(str(getattr(rec, f) or "") for f in ("currency", "pan_masked", "card_name", "reference", "auth_code")))


class Classified:
    """The records against one customer's evidence (whose amount and time are known)."""

    def __init__(self, customer: CustomerEvidence, terminal: TerminalEvidence, records: Sequence[TerminalRecord],
                 tolerance: timedelta):
        self.c, self.terminal, self.records = customer, terminal, records
        self.offset = terminal.clock_offset_s
        self.reach = tolerance + timedelta(seconds=customer.time_uncertainty_s)
        when = naive(customer.time)
        assert when is not None  # reconcile() answers unknown before a window is needed
        self.when = when
        self.start, self.end = when - self.reach, when + self.reach
        cancelled = cancelled_traces(records)
        self.payments = [r for r in records if r.kind == "payment" and r.result != "reversed"]
        self.live = {id(r) for r in self.payments if r.result == "approved"
                     and not (r.trace_number is not None and r.trace_number in cancelled)}
        self.ident = {id(r): identity(customer, r) for r in records}
        self.compared = tuple(f for f in FIELDS if any(f in compare(customer, r) for r in records
                                                       if self.could_be_near(r)))

    # --- one record ---------------------------------------------------------------------------------------------
    def in_window(self, rec: TerminalRecord) -> bool:
        t = pc_time(rec, self.offset)
        return t is not None and self.start <= t <= self.end

    def same_amount(self, rec: TerminalRecord) -> bool:
        return rec.amount is not None and rec.amount == self.c.amount

    def mine(self, rec: TerminalRecord) -> bool:
        """No identifying field differs (card, voucher, authorisation code, currency)."""
        return self.ident[id(rec)] != "differs"

    def approved(self, rec: TerminalRecord) -> bool:
        return id(rec) in self.live

    def could_be_near(self, rec: TerminalRecord) -> bool:
        return rec.time is None or self.in_window(rec) or self.same_amount(rec) or rec.amount is None

    def could_be_it(self, rec: TerminalRecord) -> bool:
        """An attempt (any result) that could be the customer's: in the window or undated, this amount or none."""
        return (self.mine(rec) and (rec.time is None or self.in_window(rec))
                and (rec.amount is None or self.same_amount(rec)))

    def distance(self, rec: TerminalRecord) -> timedelta:
        """How far the record's time (PC clock) is from the customer's (for a dated record)."""
        t = pc_time(rec, self.offset)
        return abs(t - self.when) if t is not None else timedelta.max

    # --- the groups of payments the table asks about ------------------------------------------------------------
    def candidates(self) -> list[TerminalRecord]:
        """Approved, in the window, of the amount, of no other card: the customer's payment, once or more."""
        return [r for r in self.payments if self.approved(r) and self.in_window(r) and self.same_amount(r)
                and self.mine(r)]

    def doubtful(self, candidates: list[TerminalRecord]) -> list[TerminalRecord]:
        """Records that could be a (further) payment of the customer's but lack the fields to tell."""
        return [r for r in self.payments if r not in candidates and self.mine(r) and (
            (self.in_window(r) and r.amount is None and r.result in ("approved", "unknown"))
            or (r.time is None and (r.amount is None or self.same_amount(r)) and r.result in ("approved", "unknown"))
            or (self.in_window(r) and self.same_amount(r) and r.result == "unknown"))]

    def unreadable(self) -> list[TerminalRecord]:
        """A record that only carries a result code says nothing about this payment - it is never a decline."""
        return [r for r in self.payments if r.result in ("declined", "aborted") and r.amount is None and self.mine(r)
                and (r.time is None or self.in_window(r))]

    def elsewhere(self) -> list[TerminalRecord]:
        """Approved payments of the amount, of no other card, outside the window."""
        return [r for r in self.payments if self.approved(r) and self.same_amount(r) and self.mine(r)
                and r.time is not None and not self.in_window(r)]

    def failed(self) -> list[TerminalRecord]:
        """Declined or aborted attempts of the amount in the window, of no other card."""
        return [r for r in self.payments if r.result in ("declined", "aborted") and self.in_window(r)
                and self.same_amount(r) and self.mine(r)]

    def of_the_amount_in_window(self) -> list[TerminalRecord]:
        """Approved payments of the amount in the window, whatever the card or currency."""
        return [r for r in self.payments if self.approved(r) and self.in_window(r) and self.same_amount(r)]

    def others_in_window(self) -> list[TerminalRecord]:
        """Approved payments in the window, of no other card, of any amount."""
        return [r for r in self.payments if self.approved(r) and self.in_window(r) and self.mine(r)]


# --- do the records cover the window? ----------------------------------------------------------------------------
def coverage(terminal: TerminalEvidence, start: datetime, end: datetime,
             offset: float | None) -> tuple[bool, Reason | None]:
    """Do the records cover [start, end] (PC clock)? Only a complete listing of the period can say so; a typed list
    only when staff confirmed it holds every transaction between two times, and the whole window lies between them."""
    if terminal.typed:
        return typed_coverage(terminal, start, end)
    if not terminal.complete:
        return False, listing_incomplete(typed=False)
    shift = timedelta(seconds=offset or 0)
    from_ = naive(terminal.covers_from)
    read = naive(terminal.read_at)
    begin = from_ - shift if from_ is not None else None
    until = read - shift if read is not None else None
    if begin is None:
        return False, period_start_unknown()
    if start < begin or (until is not None and start > until):  # after the read nothing can be listed
        return False, outside_coverage()
    return True, None


def typed_coverage(terminal: TerminalEvidence, start: datetime, end: datetime) -> tuple[bool, Reason | None]:
    covers_from, covers_to = naive(terminal.covers_from), naive(terminal.covers_to)
    if not terminal.complete or covers_from is None or covers_to is None:
        return False, listing_incomplete(typed=True)
    until = covers_to
    if until.second == 0:  # "to 14:30" as staff type it: the whole of that minute
        until += timedelta(seconds=59)
    read = naive(terminal.read_at)
    if read is not None:  # nothing after it was typed can be on the list (as after a link's reading)
        end = min(end, read)
    if start < covers_from or end > until:
        assert terminal.covers_from is not None and terminal.covers_to is not None
        return False, outside_typed_coverage(terminal.covers_from, terminal.covers_to)
    return True, None
