"""A result phrase's pattern is matched only on a line that holds its needle (payments/receipts.py, issue 27: the 42
patterns were compiled at import). The needle must change no reading: `result_of_line` is the same as matching every
phrase's pattern on every line — in every case, with words split by other spaces, in lines that are not ASCII
(where re.IGNORECASE also folds 'ſ' to 's' and the Kelvin sign to 'k'), and in Chinese."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from pos_doctor.payments import receipts

PHRASES = [phrase for table in receipts.RESULT_PHRASES.values() for _, phrase in table]
ALWAYS = ("", False)  # "" is in every line: every pattern is matched, as before the needles


def _every_pattern(line: str) -> str | None:
    saved = receipts._RESULT_TABLE
    receipts._RESULT_TABLE = tuple((result, pattern, ALWAYS) for result, pattern, _ in saved)
    try:
        return receipts.result_of_line(line)
    finally:
        receipts._RESULT_TABLE = saved


def test_the_patterns_are_the_table_s():
    assert [(r, p.pattern, p.flags) for r, p, _ in receipts._RESULT_TABLE] == [
        (result, r"(?<![0-9A-Za-zÄÖÜäöüß])" + r"\s+".join(re.escape(w) for w in phrase.split())
         + r"(?![0-9A-Za-zÄÖÜäöüß])", re.I) if re.search("[A-Za-z]", phrase) else (result, re.escape(phrase), 0)
        for table in receipts.RESULT_PHRASES.values() for result, phrase in table]


def _variants(phrase: str) -> list[str]:
    return [phrase, phrase.lower(), phrase.title(), phrase.replace(" ", "  "), phrase.replace(" ", "\t"),
            phrase.replace("S", "ſ").replace("s", "ſ"), phrase.replace("K", "\u212a"), "NOT " + phrase,
            "X" + phrase, phrase + "1", f"RESULT: {phrase} (RC 00)", "未" + phrase, f"{phrase} / {PHRASES[0]}"]


@pytest.mark.parametrize("phrase", PHRASES)
def test_every_phrase_reads_the_same(phrase):
    assert receipts.result_of_line(phrase) is not None  # the phrase alone states a result
    for line in _variants(phrase):
        assert receipts.result_of_line(line) == _every_pattern(line), line


PIECES = sorted({w for p in PHRASES for w in p.split()} | {" ", "  ", ":", "NOT", "ſ", "\u212a", "ä", "Ö", "0", "-"})


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8), st.lists(st.sampled_from([" ", "", "\t"]),
                                                                          min_size=8, max_size=8), st.booleans())
def test_lines_of_the_table_s_words_read_the_same(words, gaps, lower):
    line = "".join(w + g for w, g in zip(words, gaps, strict=False))
    line = line.lower() if lower else line
    assert receipts.result_of_line(line) == _every_pattern(line), line
