"""Answers given in advance: an `--answers` file (step id → answer), `--yes` for the defaults, then the person.

    # answers.yaml
    menu: dropped-transaction          # the situation, when `fix` is run without an id
    compare-with-customer: approved    # question: a choice id (or its number)
    fixed-after-restart: yes           # confirm: yes / no / unsure
    record-customer-amount: 12.50      # record: the value
    restart-terminal: done             # instruction: done / skip
    printer-paper/open-and-load: done  # a step inside an included playbook, when its id is not unique
    typed-records:                     # record_list: transactions typed from a standalone POS机 (payments/typed.py)
      where: list
      transactions:
        - {amount: "99.00", time: "14:05", card: "1234", voucher: "000123", result: 成功}
      complete: {from: "14:00", to: "14:30"}

Non-interactive runs (stdin not a terminal, or CI set) never wait: a step with no answer and no usable default
raises NeedAnswer, and the CLI lists every step id that still needs one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pos_doctor.errors import UsageError, UserFileError, Where, problem
from pos_doctor.i18n import T
from pos_doctor.playbooks.engine import NeedAnswer, Prompt, Reply
from pos_doctor.playbooks.model import Action, Include, Instruction, Record, RecordList
from pos_doctor.yamlfile import YamlDoc, load_yaml_file, type_name, type_word

KIND = "answers file"


class AnswersFile:
    def __init__(self, doc: YamlDoc | None = None):
        self.doc = doc
        self.data: dict[str, Any] = {}
        if doc is not None:
            if doc.data is None:
                doc.data = {}
            if not isinstance(doc.data, dict):
                raise doc.error(KIND, (), problem("expected step-id: answer lines, got {got}", got=type_word(doc.data)))
            for key, value in doc.data.items():
                if isinstance(value, (dict, list)):  # a record_list step's transactions; the engine reads them
                    self.data[str(key)] = value
                    continue
                if isinstance(value, bool):  # YAML reads yes/no as booleans
                    value = "yes" if value else "no"
                self.data[str(key)] = "" if value is None else str(value)

    @classmethod
    def load(cls, path: str | Path | None) -> "AnswersFile":
        return cls(load_yaml_file(path, KIND) if path else None)

    def lookup(self, prompt: Prompt) -> tuple[str, Any] | None:
        sid = prompt.step.id
        for key in (prompt.key, sid):
            if key in self.data:
                return key, self.data[key]
        return None

    def where(self, key: str) -> Where:
        return self.doc.where((key,)) if self.doc else Where("--answers")

    def check_known(self, step_keys: set[str]) -> None:
        """Unknown step ids in the file are typos: say so before the walk starts."""
        import difflib

        bare = {k.split("/", 1)[1] for k in step_keys}
        problems = []
        for key in self.data:
            if key == "menu" or key in step_keys or key in bare:
                continue
            close = difflib.get_close_matches(key, sorted(bare | step_keys), n=1)
            problems.append((self.where(key), problem("no step '{id}' in this playbook; did you mean '{close}'?",
                                                      id=key,
                                                      close=close[0]) if close
                             else problem("no step '{id}' in this playbook", id=key)))
        if problems:
            raise UserFileError(KIND, problems, hint=T("step ids are listed by `pos-doctor playbooks show ID`"))


class AnswerSource:
    """A Prompter in front of the UI: answers file first, then --yes defaults, then the person (if any)."""

    def __init__(self, ui, answers: AnswersFile, *, yes: bool, interactive: bool):
        self.ui = ui
        self.answers = answers
        self.yes = yes
        self.interactive = interactive
        self._used: dict[str, int] = {}
        self._from_file: str | None = None
        self.answered_by = "person"  # who gave the latest answer: person, yes, answers_file (the transcript keeps it)

    def ask(self, prompt: Prompt) -> Any:
        found = self.answers.lookup(prompt)
        if prompt.error is not None and self._from_file == prompt.key and found:
            key, value = found  # the file's answer was refused by the engine: name the line
            if isinstance(prompt.step, RecordList) or isinstance(value, (dict, list)):  # the error names the field
                raise UsageError(T("{where}: {key}: {error}", where=self.answers.where(key).msg(), key=key,
                                   error=prompt.error))
            value = shown(prompt, value)
            raise UsageError(T("{where}: {key}: {value!r} — {error}", where=self.answers.where(key).msg(), key=key,
                               value=value, error=prompt.error))
        self._from_file = None
        # After "back", the person answers again; a script's loop revisits a step and reuses its answer.
        if found and (not self.interactive or self._used.get(prompt.key, 0) == 0):
            self._used[prompt.key] = self._used.get(prompt.key, 0) + 1
            self._from_file = prompt.key
            if isinstance(prompt.step, RecordList):  # said in the screen's language, cards as their last four digits
                from pos_doctor.payments.typed import shown as typed_shown

                self.ui.echo(prompt, typed_shown(found[1]), "answers")
            else:
                self.ui.echo(prompt, shown(prompt, found[1]), "answers")
            self.answered_by = "answers_file"
            return found[1]
        if self.yes and prompt.default is not None and prompt.error is None:
            self.ui.echo(prompt, prompt.default, "default")
            self.answered_by = "yes"
            return prompt.default
        if self.interactive:
            self.answered_by = "person"
            return self.ui.ask(prompt)
        raise NeedAnswer(prompt)

    def show(self, event: str, **info: Any) -> None:
        self.ui.show(event, **info)


def shown(prompt: Prompt, value: str) -> str:
    """A typed value as it may appear in any output: card numbers and phone numbers masked."""
    from pos_doctor.privacy import mask_phone, scrub

    if isinstance(prompt.step, RecordList):  # never the raw text: a card number typed whole is shown as its last four
        from pos_doctor.payments.typed import shown as typed_shown

        return typed_shown(value).en
    if isinstance(value, (dict, list)):
        return type_name(value)
    if not isinstance(prompt.step, Record) or prompt.step.type == "order":  # an order number's meaning is known
        return value
    if prompt.step.type == "phone":
        digits = "".join(c for c in str(value) if c.isdigit())
        return mask_phone(digits) if len(digits) >= 7 else scrub(str(value))
    return scrub(str(value))


def missing_after(lib, state, answers: AnswersFile, yes: bool) -> list[tuple[str, str]]:
    """Every step from the current one on (this playbook and its includes) that asks for an answer the file does
    not hold — what a non-interactive run still needs. (step key, what to answer)."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    todo = [tuple(f) for f in state.frames[-1:]]
    while todo:
        pid, sid = todo.pop(0)
        key = f"{pid}/{sid}"
        if key in seen:
            continue
        seen.add(key)
        pb = lib.get(pid)
        step = pb.step(sid)
        has_default = isinstance(step, (Instruction, Action)) or (isinstance(step, Record) and step.optional)
        if step.asks and not (isinstance(step, Action) and step.action != "print_receipt_copy"):
            if not (key in answers.data or sid in answers.data) and not (yes and has_default):
                p = Prompt(pb, step, key, 0, 0, 0)
                what = "|".join(p.options) if p.options else (step.type or "text")
                out.append((key, what))
        if isinstance(step, Include):
            child = lib.get(step.playbook)
            todo.append((child.id, child.steps[0].id))
        for target in pb.edges()[sid]:
            todo.append((pid, target))
    return out


def answer_hint(missing: list[tuple[str, str]], root: str) -> str:
    lines = []
    for key, what in missing:
        pid, sid = key.split("/", 1)
        lines.append(f"  {sid if pid == root else key}: {what}")
    return "\n".join(lines)


__all__ = ["AnswersFile", "AnswerSource", "missing_after", "answer_hint", "Reply"]
