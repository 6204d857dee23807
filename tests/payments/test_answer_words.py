"""payments/answer_words.py by example: every word of every language and what it answers, the same word typed with
other spaces or case, and the words that answer nothing (the caller asks again)."""

from __future__ import annotations

import pytest

from pos_doctor.payments.answer_words import answer_word, control_word, key, step_answer, yes_or_no

YES = ["y", "yes", "是", "j", "ja"]
NO = ["n", "no", "否", "nein"]
UNSURE = ["?", "？", "unsure", "not sure", "don't know", "dont know", "不确定", "不知道", "weiß nicht", "weiss nicht",
          "unsicher", "nicht sicher"]
NOTHING = ["", "x", "yess", "jein", "nö", "ok", "done", "好", "不", "b", "s", "skip", "q", "r", "maybe", "不要"]


@pytest.mark.parametrize("raw, kept", [
    ("  Ja ", "ja"), ("NOT  SURE", "not sure"), ("weiß\tnicht", "weiß nicht"), ("？", "?"), ("Don't\n Know",
        "don't know"),
    (12, "12"), (None, "none"),
])
def test_a_typed_word_is_compared_trimmed_in_lower_case_with_single_spaces(raw, kept):
    assert key(raw) == kept


@pytest.mark.parametrize("word", YES)
def test_yes_in_every_language(word):
    assert (answer_word(word), answer_word(f" {word.upper()} "), yes_or_no(word)) == ("yes", "yes", True)


@pytest.mark.parametrize("word", NO)
def test_no_in_every_language(word):
    assert (answer_word(word), answer_word(f" {word.upper()} "), yes_or_no(word)) == ("no", "no", False)


@pytest.mark.parametrize("word", UNSURE)
def test_unsure_in_every_language_is_no_plain_yes_or_no(word):
    assert (answer_word(word), answer_word(word.upper()), yes_or_no(word)) == ("unsure", "unsure", None)


@pytest.mark.parametrize("word", NOTHING)
def test_a_word_of_no_answer_is_none(word):
    assert answer_word(word) is None


@pytest.mark.parametrize("word, said", [("好", True), ("要", True), ("继续", True), ("不", False), ("不要", False),
                                        ("?", None), ("ok", None), ("", None), ("好的", None), ("s", None)])
def test_a_plain_yes_or_no_takes_more_words_and_never_a_question_mark(word, said):
    assert yes_or_no(word) is said


@pytest.mark.parametrize("word, said", [
    *[(w, "back") for w in ("b", "back", "返回", "zurück", "zurueck", " BACK ")],
    *[(w, "quit") for w in ("q", "quit", "退出", "beenden", "abbrechen", "Quit")],
    *[(w, "skip") for w in ("s", "skip", "跳过", "überspringen", "ueberspringen", "SKIP")],
    ("y", None), ("ok", None), ("", None), ("bb", None), ("exit", None),
])
def test_the_keys_around_every_question(word, said):
    assert control_word(word) == said


YES_NO_UNSURE = ["yes", "no", "unsure"]
DONE_SKIP = ["done", "skip"]
RUN_SKIP = ["run", "skip"]


@pytest.mark.parametrize("word, options, said", [
    ("yes", YES_NO_UNSURE, "yes"), ("JA", YES_NO_UNSURE, "yes"), ("是", YES_NO_UNSURE, "yes"),
    ("nein", YES_NO_UNSURE, "no"), ("weiß nicht", YES_NO_UNSURE, "unsure"), ("?", YES_NO_UNSURE, "unsure"),
    ("done", YES_NO_UNSURE, None), ("ja", DONE_SKIP, None), ("ja", ["yes", "no"], "yes"), ("?", ["yes", "no"], None),
    *[(w, DONE_SKIP, "done") for w in ("ok", "d", "done", "完成", "fertig", "erledigt", " Fertig ")],
    *[(w, RUN_SKIP, "run") for w in ("r", "run", "执行", "ausführen", "RUN")],
    *[(w, DONE_SKIP, "skip") for w in ("skip", "跳过", "überspringen", "ueberspringen")],
    *[(w, RUN_SKIP, "skip") for w in ("skip", "跳过", "überspringen")],
    ("s", DONE_SKIP, None), ("s", RUN_SKIP, None),  # 's' is the skip key around every question, not an answer
    ("s", ["s", "t"], "s"),                         # unless the step's own options name it
    ("run", DONE_SKIP, None), ("done", RUN_SKIP, None), ("ok", RUN_SKIP, None), ("r", DONE_SKIP, None),
    ("skip", YES_NO_UNSURE, None), ("", DONE_SKIP, None), ("x", DONE_SKIP, None),
])
def test_a_step_takes_the_option_a_word_names_and_no_other(word, options, said):
    assert step_answer(word, options) == said
