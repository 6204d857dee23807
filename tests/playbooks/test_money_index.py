"""The money-word check answers a shipped text from its list (playbooks/money_index.py, issue 28) exactly as the money
phrase list would: the list is what `money_hits` says of every shipped text, a text not listed is matched in full, and
nothing is answered from the list once the phrase list's source differs from the one it was made from (so under
tools/mutation.py, whose copy of money_phrases.py is rewritten, every text is matched in full: keep this file out of
that tool's test selections, its first test fails on a rewritten source by design)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_doctor.payments import money_phrases
from pos_doctor.playbooks import money_index


@pytest.fixture()
def fresh_list(monkeypatch):
    monkeypatch.setattr(money_index, "_known", None)  # read money_static.py again, under the test's sources()


def test_money_static_is_made_from_the_shipped_playbooks_and_the_phrase_list_as_they_are():
    assert money_index.generate() == Path(money_index.__file__).with_name("money_static.py").read_text(
        encoding="utf-8"), "run `python -m pos_doctor.playbooks.money_index --write`"


def test_every_shipped_text_gets_the_phrase_list_s_own_answer(fresh_list):
    texts = money_index.shipped_texts()
    assert {lang for _, lang in texts} == {"en", "zh", "de"}
    listed = {(t, lang): money_index.money_hits(t, lang) for t, lang in texts}
    assert listed == {(t, lang): money_phrases.money_hits(t, lang) for t, lang in texts}
    assert set(money_index._listed()) == {money_index.digest(t, lang) for t, lang in texts}  # each, and no other
    assert 0 < sum(bool(h) for h in listed.values()) < len(texts)  # hits are answered from the list too


def test_a_text_not_listed_is_matched_in_full(fresh_list):
    text = "Refund the customer at once, then take a new payment by card."
    assert money_index.digest(text, "en") not in money_index._listed()
    assert money_index.money_hits(text, "en") == money_phrases.money_hits(text, "en") == [
        money_phrases.Hit("refund", "Refund", "en"), money_phrases.Hit("new_payment", "take a new payment", "en")]


def test_a_changed_phrase_list_answers_nothing_from_the_list(fresh_list, monkeypatch):
    text, lang = sorted(money_index.shipped_texts())[0]
    asked = []

    def full(t, lg):
        asked.append((t, lg))
        return []

    monkeypatch.setattr(money_phrases, "money_hits", full)
    listed = money_index._listed()[money_index.digest(text, lang)]
    assert money_index.money_hits(text, lang) == [money_phrases.Hit(*h) for h in listed]  # from the list
    assert asked == []
    monkeypatch.setattr(money_index, "_known", None)
    monkeypatch.setattr(money_index, "sources", lambda: {"pos_doctor.payments.money_phrases": 0})
    assert money_index.money_hits(text, lang) == []
    assert asked == [(text, lang)]
