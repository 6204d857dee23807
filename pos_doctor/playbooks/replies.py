"""Reading a person's reply to a step: a choice by id or number, yes/no/unsure, done/run/skip and their one-key
aliases, a recorded value (payments/customer_input.py, the one parser of what people type), or the transactions typed
from a standalone POS机 (payments/typed.py)."""

from __future__ import annotations

from typing import Any

from pos_doctor.i18n import Text
from pos_doctor.payments.answer_words import step_answer
from pos_doctor.payments.customer_input import read_record
from pos_doctor.payments.typed import TypedInputError, read_typed
from pos_doctor.playbooks.model import Question, Record, RecordList, Step
from pos_doctor.playbooks.walk import options_of
from pos_doctor.playbooks.wording import answer_one_of

# the one-key aliases, as before; the words of every language (ja, nein, weiß nicht, 是, 否...): answer_words.py
ALIASES = {"y": "yes", "n": "no", "?": "unsure", "ok": "done", "d": "done", "r": "run"}


def accept(step: Step, reply: Any) -> tuple[bool, Any, Text | None, dict[str, Any]]:
    """(taken, the value, why not, what else the reply said - a record's currency or time uncertainty)."""
    if isinstance(step, RecordList):
        try:
            return True, read_typed(reply), None, {}
        except TypedInputError as exc:
            return False, None, exc.text, {}
    if isinstance(step, Record):
        return read_record(step.type, reply, step.optional, field=step.field)
    text = str(reply).strip().lower()
    options = options_of(step)
    text = ALIASES.get(text, text)
    if not isinstance(step, Question):
        text = step_answer(text, options) or text
    if isinstance(step, Question) and text.isdigit() and 1 <= int(text) <= len(step.choices):
        text = step.choices[int(text) - 1].id
    if text in options:
        return True, text, None, {}
    return False, None, answer_one_of(step, options), {}
