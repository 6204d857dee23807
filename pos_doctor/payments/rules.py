"""The decision table of payments/reconcile.py, row by row: the first row that holds decides. The records are
classified by payments/classify.py, the reasons said by payments/sentences.py; this module only orders the rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Sequence

from . import sentences as say
from .classify import Classified, coverage
from .identity import compare, contradictions, fields_text
from .model import CustomerEvidence, TerminalEvidence, TerminalRecord, money_message
from .verdicts import Reason, Reconciliation


class Decision(Classified):
    """One reconciliation of a customer's evidence (amount and time known) with the terminal's records."""

    def __init__(self, customer: CustomerEvidence, terminal: TerminalEvidence, records: Sequence[TerminalRecord],
                 tolerance: timedelta):
        super().__init__(customer, terminal, records, tolerance)
        assert customer.amount is not None  # reconcile() answers unknown before the table without an amount
        self.amount = money_message(customer.amount, customer.currency)
        self.extra: list[Reason] = []
        self.shown: list[TerminalRecord] = []  # records named in the verdict beyond the window's

    def verdict(self) -> Reconciliation:
        pay, c, a = self.payments, self.c, self.amount
        typed = self.terminal.typed
        reasons = self.extra
        if self.offset is None:
            reasons.append(say.clock_offset_unknown(typed))
        for rec in self.records:
            if rec.kind == "payment" and rec.result == "approved" and not self.approved(rec) and self.same_amount(rec):
                reasons.append(say.reversed_payment(rec.trace_number))
        reasons.append(self._compared_reason())
        if c.time_uncertainty_s:
            reasons.append(say.time_estimate(max(1, round(c.time_uncertainty_s / 60)), self.start, self.end))

        clash = [(x, y) for x, y in contradictions(self.records) if self.could_be_near(x) or self.could_be_near(y)]
        if clash:  # row 2
            self.shown += [r for pair in clash for r in pair]
            return self._done("unknown", say.sources_disagree(*clash[0]), contradictions=tuple(clash))

        candidates = self.candidates()
        doubtful = self.doubtful(candidates)
        unreadable = self.unreadable()
        for rec in doubtful + unreadable:
            reasons.append(say.record_fields_missing(rec))

        if len(candidates) >= 2:  # rows 3, 4
            return self._several(candidates)
        if len(candidates) == 1:  # rows 5, 6
            rec = candidates[0]
            if doubtful:
                return self._done("unknown", say.possible_second_charge(a, rec), matched=(rec,))
            return self._done("charged", say.amount_match(a, rec), matched=(rec,))
        if doubtful or unreadable:  # row 7
            return self._done("unknown", say.no_amount_in_record(a))

        covered, cover_reason = coverage(self.terminal, self.start, self.end, self.offset)
        if cover_reason is not None and cover_reason.code == "outside_coverage":  # row 8
            return self._done("unknown", cover_reason)

        elsewhere = self.elsewhere()
        if elsewhere:  # row 9: the customer's time may be off; an approval outweighs any decline
            rec = min(elsewhere, key=self.distance)
            self.shown += elsewhere
            return self._done("mismatch", say.amount_outside_window(a, rec))

        failed = self.failed()
        if covered and failed:  # row 10 (of a typed list: one staff confirmed complete)
            return self._done("not_charged", say.declined_in_window(a, failed[-1], typed))

        other_card = self.of_the_amount_in_window()
        if other_card:  # row 11: approved, this amount, this time - another card or currency
            rec = other_card[0]
            differs = [f for f, same in compare(c, rec).items() if not same]
            code = ("card_differs" if "card_last4" in differs else
                    "currency_differs" if differs == ["currency"] else "identity_differs")
            return self._done("mismatch", say.identity_differs(code, a, fields_text(differs), rec))

        others = self.others_in_window()
        if others:  # row 12
            return self._done("mismatch", say.other_amount_in_window(a, others[0]))

        if covered and not any(self.could_be_it(r) for r in pay):
            if c.debit is False:  # row 13: positive evidence - no debit, and no attempt on record
                return self._done("not_charged", say.nothing_in_window(typed))
            return self._done("unknown", say.debit_without_attempt(a, typed),  # row 14
                              finding="debit_without_attempt")

        if typed and cover_reason is None:  # row 15
            return self._done("unknown", say.nothing_conclusive(a, typed=True))
        return self._done("unknown", cover_reason or say.nothing_conclusive(a, typed=False))  # row 15

    def _several(self, candidates: list[TerminalRecord]) -> Reconciliation:
        if not any(r.source in ("typed", "statement") for r in candidates):
            traces = [str(r.trace_number) if r.trace_number is not None else "?" for r in candidates]
            label = say.TRACES
        else:  # typed from the POS机 (voucher numbers) or a statement's orders: named by what each one shows
            traces, label = [], None
        last4 = self.c.card_last4
        if last4 and all(r.last4 == last4 for r in candidates):  # row 3
            return self._done("mismatch",
                              say.double_charge(len(candidates), self.amount, traces, last4, label, candidates),
                              matched=tuple(candidates), double_charge=True)
        cards = {r.last4 for r in candidates}
        if not last4:
            why = say.NO_CUSTOMER_CARD
        elif None in cards:
            why = say.NOT_EVERY_CARD
        else:
            why = say.NOT_ALL_THEIRS
        return self._done("unknown",  # row 4
                          say.possible_double_charge(len(candidates), self.amount, traces, why, label, candidates),
                          matched=tuple(candidates))

    def _compared_reason(self) -> Reason:
        if self.compared:
            return say.identity_compared(fields_text(self.compared))
        return say.identity_not_compared(bool(self.c.card_last4))

    def _done(self, verdict: str, first: Reason, *, matched: tuple[TerminalRecord, ...] = (),
              double_charge: bool = False, finding: str | None = None,
              contradictions: tuple[tuple[TerminalRecord, TerminalRecord], ...] = ()) -> Reconciliation:
        near = {id(r) for r in self.records if r.time is None or self.in_window(r)}
        near |= {id(r) for r in self.shown}
        considered = tuple(r for r in self.records if id(r) in near)
        return Reconciliation(verdict, (first, *self.extra), tuple(matched), considered, double_charge=double_charge,
                              compared=self.compared, finding=finding, contradictions=tuple(contradictions))
