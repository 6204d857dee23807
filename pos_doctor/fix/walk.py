"""The walk itself: the engine driven with the devices, the answers (file, --yes, the person) and the progress
saved after every step; what a stop, a quit or a missing answer leaves."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from pos_doctor.errors import ExitCode, UsageError
from pos_doctor.i18n import T, Text

if TYPE_CHECKING:
    from pos_doctor.checks.session import CheckSession
    from pos_doctor.fix.options import Prompter
    from pos_doctor.playbooks.answers import AnswersFile
    from pos_doctor.playbooks.engine import WalkState
    from pos_doctor.playbooks.library import Library

SAVED = Text("Stopped. Your progress is saved; continue with: pos-doctor fix --resume")
NOT_SAVED = Text("Stopped. The progress could not be saved (see above), so this walk cannot be continued.")


class NeedsAnswers(Exception):
    """The walk stopped at a step nobody can answer here (saved: resumable). `missing`: the steps still to answer
    from there on; `error`: the screen that says so."""

    def __init__(self, missing: list[dict], error: UsageError):
        super().__init__(error.message)
        self.missing = missing
        self.error = error


def progress_saver(store: Path | None, device: dict, keep: dict, prompter: Prompter) -> Callable[[dict], bool]:
    """saved.save, but a data folder that cannot take the file (full, read-only, not a folder) does not end the
    walk: it goes on unsaved, and the person is told once, with why. Returns True when the progress is saved."""
    from pos_doctor.playbooks import saved
    from pos_doctor.records.recorder import spool_reason_text

    told: list[OSError] = []

    def save(state: dict) -> bool:
        try:
            saved.save(store, state, device, **keep)  # type: ignore[arg-type]  # a walk always has its file
            return True
        except OSError as exc:
            if not told:
                told.append(exc)
                reason = spool_reason_text(exc)
                why = reason if reason is not None else T("cannot be written: {error}", error=str(exc.strerror or exc))
                folder = store.parent if store is not None else ""
                prompter.say(T("Note: the progress of this walk cannot be saved ({folder}: {why}). The walk goes on; "
                               "if it stops, it cannot be continued later.", folder=str(folder), why=why), "yellow")
            return False
    return save


def walk(lib: Library, session: CheckSession, state: WalkState, prompter: Prompter, answers: AnswersFile, *,
         yes: bool, store: Path | None, device: dict, clear: Callable[[], None], keep: dict,
         tolerance_s: Any = None, max_age_s: Any = None) -> int:
    """Walk `state`'s playbook to its end: 0 resolved and verified, 1 resolved, 2 not resolved or escalated, 130
    stopped (progress saved). Raises NeedsAnswers when a step has no answer and nobody is at the keyboard."""
    from pos_doctor.playbooks.actions import DeviceServices
    from pos_doctor.playbooks.answers import AnswerSource, answer_hint, missing_after
    from pos_doctor.playbooks.engine import Aborted, NeedAnswer, Walk

    class Services(DeviceServices):
        def run_checks(self, ids):
            results = super().run_checks(ids)
            clear()
            return results

        def action(self, name, params):  # the progress line goes before the result (a verdict) is printed
            try:
                return super().action(name, params)
            finally:
                clear()

    services = Services(session, on_wait=lambda remaining, result: prompter.say(
        T("  … still waiting ({seconds} s left): {message}", seconds=int(remaining), message=result.message)))
    interactive = prompter.interactive
    engine = Walk(lib, services, AnswerSource(prompter, answers, yes=yes, interactive=interactive), state)
    prompter.walk_state = state  # the screen numbers the steps of this walk
    # --yes marking: a walk a script started with --yes is not offered to the cashier as theirs to finish
    mark = {"started_with_yes": True} if yes else {}
    save = progress_saver(store, device, keep, prompter)

    def on_save(st: WalkState) -> None:
        save({**st.to_json(), **mark})

    engine.on_save = on_save
    if tolerance_s:  # payment.tolerance_s: clock drift and typing between the customer's time and the terminal's
        from datetime import timedelta

        engine.tolerance = timedelta(seconds=float(tolerance_s))
    if max_age_s:  # payment.evidence_max_age_s: records older than this do not open a money step
        engine.max_age_s = float(max_age_s)
    try:
        engine.run()
    except NeedAnswer as exc:
        save({**state.to_json(), **mark})
        missing = missing_after(lib, state, answers, yes)
        listing = answer_hint(missing, state.playbook)
        rows = [{"id": key.split("/", 1)[1] if key.startswith(f"{state.playbook}/") else key, "answer": what}
                for key, what in missing]
        raise NeedsAnswers(rows, UsageError(
            T("step '{step}' needs an answer and nobody is at the keyboard (stdin is not a terminal, or CI is set). "
              "Steps without an answer from here on:\n{listing}", step=exc.prompt.step.id, listing=listing),
            hint=T("these steps have no suggested answer, so --yes cannot answer them: put `step-id: answer` lines in "
                   "a file and pass --answers FILE; continue this walk with `pos-doctor fix --resume --answers FILE`")
            if yes else
            T("put `step-id: answer` lines in a file and pass --answers FILE (or --yes for the suggested answers); "
              "continue this walk with `pos-doctor fix --resume --answers FILE`"))) from None
    except (Aborted, KeyboardInterrupt):
        kept = save({**state.to_json(), **mark})
        try:
            if kept:
                prompter.say(Text("\n"))
                prompter.say(SAVED, "yellow")
            else:
                prompter.say(NOT_SAVED, "yellow")
        except OSError:  # the terminal went away (its window closed): nobody to tell
            pass
        return ExitCode.INTERRUPTED
    if state.outcome == "resolved":
        return 0 if state.verified else 1
    return 2


def check_answers(lib: Library, answers: AnswersFile, pid: str) -> None:
    """Every key of the answers file names a step of the playbook or of one it includes."""
    from pos_doctor.playbooks.model import Include

    keys: set[str] = set()
    todo: list[str] = [pid]
    seen: set[str] = set()
    while todo:
        cur = todo.pop()
        if cur in seen:
            continue
        seen.add(cur)
        pb = lib.get(cur)
        for s in pb.steps:
            keys.add(f"{cur}/{s.id}")
            if isinstance(s, Include):
                todo.append(str(s.playbook))
    answers.check_known(keys)
