"""payments/statement_words.py by example: a verdict decided on a provider's statement speaks of the statement's rows,
never of the terminal's records - each phrase replaced whole, in its parameters too, the message's context and plural
kept, a text with its own translations left as it is, and the headline."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pos_doctor.i18n import T, Text
from pos_doctor.payments.model import TerminalRecord
from pos_doctor.payments.statement_words import STATEMENT_PHRASES, VERDICT_TEXT, _said, worded
from pos_doctor.payments.verdicts import Reason, Reconciliation


@pytest.mark.parametrize("terminal, statement", STATEMENT_PHRASES)
def test_each_phrase_of_the_terminal_is_said_of_the_statement(terminal, statement):
    said = _said(Text(f"Before. {terminal}: after {{n}}.", params={"n": 3}))
    assert (said.id, said.params, said.inline) == (f"Before. {statement}: after {{n}}.", {"n": 3}, None)


def test_a_reason_said_of_the_statement_is_the_statement_s_own_message_in_every_language():
    said = _said(T("The customer's time is outside what the terminal's records cover."))
    assert (said.en, said.zh, said.de) == (
        "The customer's time is outside the days the statement covers.", "客人所说的时间不在对账单覆盖的日期内。",
        "Die Uhrzeit des Kunden liegt außerhalb der Tage, die die Abrechnung abdeckt.")


def test_its_parameters_are_said_of_the_statement_too_and_its_context_and_plural_kept():
    inner = T("the terminal's records from {t}", t="14:00")
    said = _said(Text("The terminal's records: {what} ({n})", context="reason", plural="The terminal's records: many",
                      params={"what": inner, "n": 2}))
    assert (said.id, said.context, said.plural, said.params["n"]) == (
        "The statement's rows: {what} ({n})", "reason", "The terminal's records: many", 2)
    assert (said.params["what"].id, said.params["what"].params) == ("the statement's rows from {t}", {"t": "14:00"})


def test_a_text_with_its_own_translations_is_left_as_it_is():
    own = Text("The terminal's records show nothing", "POS机记录中没有")
    assert _said(own) is own
    kept = _said(T("{x}: The terminal's records", x=own))
    assert (kept.id, kept.params["x"]) == ("{x}: The statement's rows", own)


RECORD = TerminalRecord(result="approved", amount=Decimal("9.90"))


@pytest.mark.parametrize("verdict", ["charged", "not_charged", "mismatch", "unknown"])
def test_the_verdict_gets_the_statement_s_headline_and_its_reasons_are_said_of_the_statement(verdict):
    result = Reconciliation(verdict, (Reason("a", T("The terminal's records show nothing that settles {a}.", a="9.90")),
                                      Reason("b", Text("as it is", "原样"))),
                            (RECORD,), (RECORD,), compared=("amount",), origin="statement")
    out = worded(result)
    assert out.head is VERDICT_TEXT[verdict]
    assert [(r.code, r.text.id) for r in out.reasons] == [("a", "The statement shows nothing that settles {a}."),
                                                          ("b", "as it is")]
    assert (out.verdict, out.matched, out.considered, out.compared, out.origin) == (
        verdict, (RECORD,), (RECORD,), ("amount",), "statement")


def test_a_headline_already_given_is_kept():
    head = Text("given", "已给")
    assert worded(Reconciliation("charged", (), (), (), head=head)).head is head
