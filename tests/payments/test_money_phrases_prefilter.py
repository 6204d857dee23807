"""English money orders are matched with their whole pattern only where the table entry alone is found first
(payments/money_phrases.py, issue 27: the whole patterns, each with a ~400-character lead, were most of a `fix` walk's
start-up regex compilation). The prefilter must change no answer: `money_hits` is the same as matching every whole
pattern on every clause, for every English text of the shipped playbooks and for sentences built from the table's own
words, negated, led in and joined."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from pos_doctor.lazyre import lazy
from pos_doctor.payments import money_phrases as mp
from pos_doctor.resources import shipped_playbooks_dir

EVERYWHERE = lazy("")  # found in every clause: the whole pattern is matched everywhere, as before the prefilter


def _every_clause(text: str) -> list:
    """money_hits with the whole pattern tried on every clause."""
    saved = mp._EN
    mp._EN = [(what, EVERYWHERE, whole) for what, _, whole in saved]
    try:
        return mp.money_hits(text, "en")
    finally:
        mp._EN = saved


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where it is there: read at every worker's collection
SHIPPED = sorted({s for path in shipped_playbooks_dir().glob("*.yaml")
                  for s in _strings(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)) if s.strip()})


def test_the_prefilter_is_the_table_entry_and_the_whole_pattern_is_unchanged():
    for (what, entry, whole), (what2, p) in zip(mp._EN, [(w, p) for w, ps in mp.EN.items() for p in ps], strict=True):
        assert (what, entry.pattern, entry.flags) == (what2, p, re.I)
        assert (whole.pattern, whole.flags) == (rf"{mp._LEAD_EN}(?P<verb>{p})\b", re.I)


def test_shipped_texts_read_the_same():
    assert len(SHIPPED) > 500  # every playbook's strings, not an empty glob
    ordered = [t for t in SHIPPED if mp.money_hits(t, "en")]
    assert ordered, "no shipped text tells staff to move money: the comparison below would not see a hit"
    for text in SHIPPED:
        assert mp.money_hits(text, "en") == _every_clause(text), text


WORDS = sorted({w for ps in mp.EN.values() for p in ps for w in re.findall(r"[a-z][a-z'-]+", p)}
               | {"Do", "not", "never", "please", "then", "the", "customer", "card", "if", "charged", "once"})
SEPARATORS = [" ", " ", " ", ", ", ". ", "; ", " — ", " and ", " then "]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=14))
def test_sentences_of_the_table_s_words_read_the_same(parts):
    text = "".join(w + s for w, s in parts)
    assert mp.money_hits(text, "en") == _every_clause(text)


@pytest.mark.parametrize("text", ["Charge the customer again.", "Do not charge again, refund it.",
                                  "If not charged take the payment again", "Give the money back to them."])
def test_orders_are_still_found(text):
    assert mp.money_hits(text, "en") and mp.money_hits(text, "en") == _every_clause(text)
