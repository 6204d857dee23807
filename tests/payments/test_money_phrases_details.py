"""Money orders in a step's text, exactly (issue 28, wave 9: what the mutation run of payments/money_phrases.py found
untested). Example tests only: the mutation run of money_phrases.py takes them."""

from __future__ import annotations

import pytest

from pos_doctor.payments.money_phrases import Hit, money_hits


def test_a_chinese_clause_ends_at_bingqie_so_a_negation_before_it_does_not_reach_the_order():
    # "do not wait, and charge again": 并且 starts a clause of its own, so 不要 negates only the waiting
    assert money_hits("不要等待并且重新收款", "zh") == [Hit("new_payment", "重新收款", "zh")]


@pytest.mark.parametrize("text, hits", [
    ("不要在客人的面前重新收款", []),  # the negator six characters before the order: it negates it
    ("不要在这位客人的面前重新收款", [Hit("new_payment", "重新收款", "zh")]),  # seven: too far to negate it
])
def test_a_chinese_negator_reaches_six_characters_ahead(text, hits):
    assert money_hits(text, "zh") == hits


@pytest.mark.parametrize("text, hits", [
    ("Die Bank wird den Betrag erstatten.", []),   # said of what the bank does, not an order
    ("Stornieren-Taste drücken", []),               # the name of a key, not an order
    ("Den Betrag erstatten.", [Hit("refund", "erstatten", "de")]),
    ("Stornieren", [Hit("void", "Stornieren", "de")]),
])
def test_a_german_money_verb_is_an_order_only_when_nothing_makes_it_a_statement_or_a_name(text, hits):
    assert money_hits(text, "de") == hits


@pytest.mark.parametrize("text, lang, hits", [
    ("Refund only after the provider confirms. Charge the customer again.", "en",
     [Hit("new_payment", "Charge the customer again", "en")]),
    ("只有在支付服务商确认之后才退款。重新收款", "zh", [Hit("new_payment", "重新收款", "zh")]),
])
def test_a_sentence_left_to_the_provider_passes_and_the_next_sentence_is_still_read(text, lang, hits):
    assert money_hits(text, lang) == hits


@pytest.mark.parametrize("text", [None, 5, "", "   \n"])
def test_no_text_has_no_money_order(text):
    assert money_hits(text, "en") == [] and money_hits(text, "zh") == []  # type: ignore[arg-type]


def test_the_same_order_twice_is_one_hit():
    assert money_hits("Charge again. Charge again.", "en") == [Hit("new_payment", "Charge again", "en")]
    assert money_hits("重新收款。重新收款", "zh") == [Hit("new_payment", "重新收款", "zh")]
