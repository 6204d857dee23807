"""A verdict and how it is said: the `Reason` and `Reconciliation` a reconciliation returns, the verdict's headline
(of records read from the terminal, or typed by staff from it), and the one set of short verdict labels every
screen, transcript and report uses (`LABELS`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pos_doctor.i18n import T, Text

if TYPE_CHECKING:  # kept light: the labels are read by reports and screens that never reconcile
    from .model import TerminalRecord

# The verdicts in a word or three, for tables and recaps (the walk's screen, the transcript, the reports, history):
# the four verdicts of model.VERDICTS, a double charge, and the finding of a debit without an attempt.
LABELS = {"charged": Text("charged"), "not_charged": Text("not charged"),
          "mismatch": Text("records and customer disagree"),
          "double_charge": Text("charged twice"), "unknown": Text("cannot be settled"),
          "debit_without_attempt": Text("debit without a sale at this terminal")}


def label(verdict: str | None, double_charge: bool = False) -> Text | None:
    """The short label of a verdict (a double charge's own), None for a verdict that has none."""
    return LABELS.get("double_charge" if double_charge else str(verdict))


@dataclass(frozen=True)
class Reason:
    code: str
    text: Text

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text.to_json()}


@dataclass(frozen=True)
class Reconciliation:
    verdict: str
    reasons: tuple[Reason, ...]
    matched: tuple[TerminalRecord, ...]
    considered: tuple[TerminalRecord, ...]
    double_charge: bool = False
    compared: tuple[str, ...] = ()  # the identifying fields compared with a record (identity.FIELDS)
    finding: str | None = None  # "debit_without_attempt": the customer shows a debit this terminal has no attempt for
    contradictions: tuple[tuple[TerminalRecord, TerminalRecord], ...] = ()  # sources that disagree
    head: Text | None = None  # the verdict's headline when its source is not the terminal (payments/qr.py)
    origin: str = "link"  # which source decided it (model.ORIGINS)
    origin_label: Text | None = None

    def to_json(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "reasons": [r.to_json() for r in self.reasons],
                "matched": [r.to_json() for r in self.matched],
                "considered": [r.to_json() for r in self.considered], "double_charge": self.double_charge,
                "compared": list(self.compared), "finding": self.finding,
                "contradictions": [[a.to_json(), b.to_json()] for a, b in self.contradictions],
                "decided_by": {"origin": self.origin,
                               "label": self.origin_label.to_json() if self.origin_label is not None else None}}

    def summary(self) -> Text:
        typed = self.origin in ("typed_terminal", "typed_qr_app")
        head = self.head or (TYPED_HEADLINES if typed else HEADLINES)[self.verdict]
        if (typed or self.origin == "statement") and self.origin_label is not None:
            src = self.origin_label
            head = T("{headline} Source: {source}.", headline=head, source=src)
        if not self.reasons:
            return head
        first = self.reasons[0].text
        return T("{headline} {reason}", headline=head, reason=first)


HEADLINES = {
    "charged": Text("The customer WAS charged by this terminal - do not take the payment again."),
    "not_charged": Text("The terminal's records show this customer was NOT charged."),
    "mismatch": Text("The terminal's records and the customer's evidence disagree - do not charge again; "
                     "call the payment provider with the evidence."),
    "unknown": Text("It cannot be settled from the terminal whether the customer was charged - do not charge again "
                    "until it is."),
}


# the same verdicts said of records staff typed from the POS机's screen or slip (never "the terminal reported")
TYPED_HEADLINES = {
    "charged": Text("The customer WAS charged: the transactions staff typed from the POS机 show it - do not take the "
                    "payment again."),
    "not_charged": Text("The transactions staff typed from the POS机 show this customer was NOT charged."),
    "mismatch": Text("The transactions staff typed from the POS机 and the customer's evidence disagree - do not charge "
                     "again; call the payment provider with the evidence."),
    "unknown": Text("The transactions staff typed from the POS机 cannot settle whether the customer was charged - do "
                    "not charge again until it is."),
}
