"""The words of a verdict decided on a provider's statement (origin "statement", statements/evidence.py). The rules
are the terminal's (reconcile.py); only the source they speak of differs: "the statement's rows", never "the
terminal's records" - nothing imported from a file is said to have been read from the device. Pure text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from pos_doctor.i18n import Text

if TYPE_CHECKING:
    from .reconcile import Reconciliation

VERDICT_TEXT = {
    "charged": Text("The provider's statement lists this payment as approved - do not take the payment again."),
    "not_charged": Text("The provider's statement shows this payment was NOT made."),
    "mismatch": Text("The provider's statement and the payment's details disagree - do not charge again; call the "
                     "payment provider with the evidence."),
    "unknown": Text("The provider's statement cannot settle this payment - do not charge again until it is."),
}

# the terminal's sentences (reconcile.py) -> the statement's message ids (their translations in core.po); the longest
# first, so a phrase is replaced whole
STATEMENT_PHRASES = (
    ("The terminal listed every payment of its current period and none could be this one",
     "The statement lists every order of the days it covers and none could be this one"),
    ("the terminal listed every payment of its current period and holds no attempt",
     "the statement lists every order of the days it covers and holds no attempt"),
    ("this terminal does not explain the debit", "this statement does not explain the debit"),
    ("The terminal's records cover that time", "The statement covers that time"),
    ("The terminal's clock was not compared with the PC; times are taken as they are.",
     "The times are the provider's, as the statement gives them; they are taken as they are."),
    ("At that time the terminal approved another amount", "At that time the statement lists another amount approved"),
    ("the terminal does not show the card of every one", "the statement does not show the card of every one"),
    ("A record from the terminal lacks", "A row of the statement lacks"),
    ("The terminal's record does not say enough (amount, time or result not reported)",
     "The statement's row does not say enough (amount, time or state not given)"),
    ("The terminal's own records disagree", "The statement's own rows disagree"),
    ("The terminal's records show nothing", "The statement shows nothing"),
    ("what the terminal's records cover", "the days the statement covers"),
    ("the terminal's records near that time", "the statement's rows near that time"),
    ("the terminal's records from", "the statement's rows from"),
    ("The terminal's records", "The statement's rows"),
    ("the terminal's records", "the statement's rows"),
)
def _said(text: Text) -> Text:
    """The same message said of the statement: the statement's own template (in the catalogs), its parameters too."""
    if text.inline is not None:
        return text
    params = {k: _said(v) if isinstance(v, Text) else v for k, v in text.params.items()}
    said = text.id
    for a, b in STATEMENT_PHRASES:
        said = said.replace(a, b)
    return Text(said, context=text.context, plural=text.plural, params=params)


def worded(result: "Reconciliation") -> "Reconciliation":
    """The verdict with every reason said of the statement, and its headline."""
    reasons = tuple(replace(r, text=_said(r.text)) for r in result.reasons)
    return replace(result, reasons=reasons, head=result.head or VERDICT_TEXT[result.verdict])
