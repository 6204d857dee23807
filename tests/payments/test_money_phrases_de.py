"""The money guard reads German too (payments/money_phrases.py, issue 30): a German text that tells staff to take a
payment again, refund (erstatten, Gutschrift), void (stornieren) or give money back (zurückgeben, bar auszahlen) is
found in the Sie-imperative and in the infinitive of written instructions, whatever comes before it; the same words
negated ("Nicht erneut kassieren", "Stornieren Sie die Zahlung nicht") only warn and pass; "nicht bar" negates only
how; what the bank or the terminal does by itself, the nouns (Storno-Taste, Erstattung) and a sentence that leaves it
to the Netzbetreiber's confirmation pass; and the shipped playbooks' German passes (tests/playbooks load them)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from pos_doctor.payments.money_phrases import LANGS, money_hits, uncovered

# imperative (Sie) and infinitive forms, each a complete order
ORDERS_DE = {
    "new_payment": ["Kassieren Sie erneut", "Kassieren Sie den Betrag noch einmal", "Buchen Sie den Betrag erneut ab",
                    "erneut kassieren", "den Betrag nochmals abbuchen", "Stecken Sie die Karte erneut ein",
                    "Starten Sie eine neue Zahlung", "eine neue Zahlung starten", "Wiederholen Sie die Zahlung",
                    "Lassen Sie den Kunden noch einmal bezahlen", "die Zahlung erneut durchführen"],
    "refund": ["Erstatten Sie den Betrag", "dem Kunden den Betrag erstatten", "Buchen Sie eine Gutschrift",
               "eine Gutschrift am Terminal durchführen", "den Betrag zurückerstatten",
               "Überweisen Sie das Geld zurück"],
    "void": ["Stornieren Sie die Zahlung", "die Zahlung am Terminal stornieren", "Führen Sie einen Storno durch",
             "einen Storno durchführen"],
    "money_back": ["Geben Sie dem Kunden das Geld zurück", "Zahlen Sie den Betrag bar aus", "das Geld zurückgeben",
                   "den Betrag bar auszahlen", "Geben Sie die zweite Zahlung zurück"],
}
# the same orders negated, each as German writes it (before the verb, or after the imperative)
NEGATED_DE = ["Kassieren Sie nicht erneut", "Kassieren Sie den Betrag auf keinen Fall noch einmal",
              "Nicht erneut kassieren", "Buchen Sie den Betrag nicht erneut ab", "Keine neue Zahlung starten",
              "Starten Sie noch keine neue Zahlung", "Erstatten Sie nichts", "Nichts erstatten",
              "Stornieren Sie die Zahlung nicht", "Die Zahlung nicht stornieren", "Niemals stornieren",
              "Geben Sie dem Kunden kein Geld zurück", "Zahlen Sie kein Bargeld aus", "Kein Geld zurückgeben",
              "Buchen Sie keine Gutschrift", "Führen Sie keinen Storno durch", "Niemals bar auszahlen",
              "Nicht in bar erstatten"]
LEADS_DE = ["", "Jetzt ", "Bitte ", "Dann ", "OK. ", "Wenn der Kunde nicht belastet wurde, ", "Sofort: ",
            "Rufen Sie den Netzbetreiber an und ", "Warten Sie nicht: ", "Danach "]
TAILS_DE = ["", ".", " – jetzt.", "!", ", der Kunde wartet."]

orders_de = st.sampled_from([(w, o) for w, os in ORDERS_DE.items() for o in os])


def _lead(lead: str, words: str) -> str:
    # a sentence's first word is capitalised in German, a verb after a lead keeps its own case
    text = lead + words
    return text[0].upper() + text[1:]


@settings(max_examples=400, deadline=None)
@given(order=orders_de, lead=st.sampled_from(LEADS_DE), tail=st.sampled_from(TAILS_DE))
def test_a_german_order_is_caught_whatever_comes_before_it(order, lead, tail):
    what, words = order
    text = _lead(lead, words) + tail
    assert what in {h.what for h in money_hits(text, "de")}, (text, money_hits(text, "de"))


@settings(max_examples=300, deadline=None)
@given(neg=st.sampled_from(NEGATED_DE), tail=st.sampled_from(TAILS_DE[:4]))
def test_a_german_warning_passes(neg, tail):
    assert money_hits(neg + tail, "de") == [], neg + tail


@settings(max_examples=200, deadline=None)
@given(order=orders_de, neg=st.sampled_from(NEGATED_DE))
def test_a_german_warning_before_an_order_does_not_hide_the_order(order, neg):
    what, words = order
    for text in (f"{neg}. {_lead('', words)}.", f"{neg}, {words}.", f"{neg} und {words}."):
        assert what in {h.what for h in money_hits(text, "de")}, text


@settings(max_examples=200, deadline=None)
@given(order=orders_de, neg=st.sampled_from(NEGATED_DE))
def test_the_language_decides_the_reading(order, neg):
    # German words are not read as English or Chinese orders, and an English negation is no German one
    assert money_hits(_lead("", order[1]), "zh") == []
    assert money_hits(neg, "en") == [] or "storno" in neg.lower()


@pytest.mark.parametrize("text", [
    "Erstatten Sie den Betrag nicht bar, sondern per Gutschrift.",  # "nicht bar" negates how, not the refund
    "Warten Sie nicht, kassieren Sie erneut.",
    "Warten Sie nicht und kassieren Sie erneut.",
    "Heute, vor dem Kassenschnitt, können Sie stattdessen die ganze Zahlung am Terminal stornieren.",
])
def test_orders_behind_a_negation_of_something_else_are_caught(text):
    assert money_hits(text, "de")


@pytest.mark.parametrize("text", [
    "Der Kunde fragt nach einer Erstattung.",
    "Drücken Sie die Storno-Taste nicht.",
    "Die Bank bucht den Betrag automatisch zurück.",
    "Das Terminal storniert die Zahlung von selbst.",
    "Die Reservierung verfällt nach einigen Tagen.",
    "Die Bank des Kunden kann sie noch bis zu 8 Wochen lang zurückholen (Rücklastschrift).",
    "Erst nachdem der Netzbetreiber die Abbuchung bestätigt hat, erstatten Sie den Betrag.",
    "Starten Sie das Terminal neu.",
    "Führen Sie den Test erneut durch.",
    "Geben Sie die PIN erneut ein.",
    "Geben Sie die Karte zurück.",
    "Geben Sie dem Kunden die Beleg-Nr. und die Trace-Nr.",
])
def test_descriptions_names_and_gated_sentences_pass(text):
    assert money_hits(text, "de") == [], money_hits(text, "de")


def test_allows_covers_german_orders_of_its_own_kind_only():
    hits = money_hits("Kassieren Sie erneut oder erstatten Sie den Betrag.", "de")
    assert {h.what for h in hits} == {"new_payment", "refund"}
    assert {h.what for h in uncovered(hits, ("new_payment",))} == {"refund"}
    assert uncovered(hits, ("new_payment", "refund")) == []
    assert uncovered(money_hits("Stornieren Sie die zweite Zahlung.", "de"), ("refund_duplicate",)) == []
    assert "de" in LANGS


def test_the_loader_reads_a_step_s_german_for_money(tmp_path):
    from pos_doctor.errors import UserFileError
    from pos_doctor.playbooks.loader import load_playbook

    path = tmp_path / "german-order.yaml"
    path.write_text("""\
spec: 1
id: german-order
title: {en: "T", zh: "测", de: "T"}
summary: {en: "S", zh: "概", de: "Z"}
steps:
  - id: say
    kind: instruction
    text: {en: "Tell the customer to wait.", zh: "请客人稍等。", de: "Kassieren Sie den Betrag erneut."}
  - id: done
    kind: end
    outcome: not_resolved
    text: {en: "Done.", zh: "好。", de: "Fertig."}
""", encoding="utf-8")
    with pytest.raises(UserFileError) as exc:
        load_playbook(path)
    (where, what), = exc.value.problems
    assert where.path == "steps[0].text.de" and "de: “Kassieren Sie den Betrag erneut”" in what, what
    path.write_text(path.read_text(encoding="utf-8").replace("Kassieren Sie den Betrag erneut.",
                                                             "Kassieren Sie den Betrag noch nicht erneut."),
                    encoding="utf-8")
    assert load_playbook(path).steps[0].text("de") == "Kassieren Sie den Betrag noch nicht erneut."
