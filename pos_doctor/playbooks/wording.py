"""What the step engine itself says to a person (the playbooks' own texts are theirs): why an answer was not taken,
and how a step's answers are said on a screen (messages; their translations in the catalogs)."""

from __future__ import annotations

from pos_doctor.i18n import TC, T, Text
from pos_doctor.playbooks.model import Question, Step

# how the answers a step takes are said to a person (with the key that gives them; English says the answers' ids)
ANSWER_WORDS = {o: TC("playbooks.answer", o) for o in ("done", "yes", "no", "unsure", "run", "skip")}

NOTHING_BEFORE = Text("This is the first question; there is nothing to go back to.")
NEEDS_AN_ANSWER = Text("This question needs an answer.")
COMPARING_AGAIN = Text("Comparing again")


def answer_one_of(step: Step, options: list[str]) -> Text:
    """An answer the step does not take: the ones it does (English: the ids of the answers file; other languages:
    the numbers and labels a cashier sees)."""
    if isinstance(step, Question):
        choices = [T("{number}) {label}", number=i, label=c.label) for i, c in enumerate(step.choices, 1)]
        return TC("playbooks.question", "Answer one of: {options}.", options=", ".join(options),
                  count=len(step.choices), choices=semicolons(choices) if choices else "")
    answers = [ANSWER_WORDS.get(o) or T("{value}", value=o) for o in options]
    return TC("playbooks.answers", "Answer one of: {options}.", options=", ".join(options),
              answers=_listed(answers) if answers else "")


def _listed(parts: list[Text]) -> Text:
    from pos_doctor.payments.sentences import listed

    return listed(parts)


def semicolons(parts: list[Text]) -> Text:
    from pos_doctor.payments.sentences import semicolons as joined

    return joined(parts)
