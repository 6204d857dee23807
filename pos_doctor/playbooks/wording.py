"""What the step engine itself says to a person (the playbooks' own texts are theirs): why an answer was not taken,
and how a step's answers are said with their keys (payments/answer_words.py reads them in any language)."""

from __future__ import annotations

from pos_doctor.i18n import TC, Text
from pos_doctor.playbooks.model import Question, Step

# how the answers a step takes are said to a person (with the key that gives them; English says the answers' ids)
ANSWER_WORDS = {o: TC("playbooks.answer", o) for o in ("done", "yes", "no", "unsure", "run", "skip")}

NOTHING_BEFORE = Text("This is the first question; there is nothing to go back to.")
NEEDS_AN_ANSWER = Text("This question needs an answer.")
COMPARING_AGAIN = Text("Comparing again")


# how the answers a step takes are said, with the key that gives them (the English screen shows the words the answers
# file takes, `ids`; the other languages their own words and keys: 是（y）, ja (j))
ANSWER_KEYS = {"done": TC("input keys", "done (Enter)"), "yes": TC("input keys", "yes (y)"),
               "no": TC("input keys", "no (n)"), "unsure": TC("input keys", "not sure (?)"),
               "run": TC("input keys", "run (y)"), "skip": TC("input keys", "skip (s)")}


def answer_one_of(step: Step, options: list[str]) -> Text:
    """An answer the step does not take: the ones it does (zh, de: the numbers and labels a cashier sees, not the ids
    of the answers file)."""
    ids = ", ".join(options)
    if isinstance(step, Question):
        items = [TC("input keys", "{i}) {label}", i=i, label=c.label) for i, c in enumerate(step.choices, 1)]
        listed = items[0] if items else Text("")
        for item in items[1:]:
            listed = TC("input keys", "{a}; {b}", a=listed, b=item)
        return TC("input keys: choices", "Answer one of: {ids}.", ids=ids, n=len(step.choices), choices=listed)
    return TC("input keys", "Answer one of: {ids}.", ids=ids,
              keys=[ANSWER_KEYS[o] if o in ANSWER_KEYS else Text(o) for o in options])
