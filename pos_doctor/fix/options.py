"""What a fix is told (`FixOptions`), what it gives back (`FixOutcome`), and how it talks to the person (`Prompter`,
implemented by the UI: ui/fix_prompter.py; a test's scripted prompter implements it too)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol

if TYPE_CHECKING:
    from pos_doctor.checks.model import CheckReport
    from pos_doctor.checks.runner import CheckOptions
    from pos_doctor.errors import PosDoctorError
    from pos_doctor.i18n import Text

# on_progress(check id), on_event(terminal message), clear(): the transient progress line during device work
Progress = tuple[Optional[Callable[[str], None]], Optional[Callable[[Any], None]], Callable[[], None]]
# a stopped walk's devices and language -> the configuration and check options they give (the command layers them)
Configure = Callable[[dict, Optional[str]], "tuple[Any, CheckOptions]"]


@dataclass
class FixOptions:
    """One fix run. `device`: the device flags given, as the command builds them (terminal, printer, baud, ...,
    simulate, timeout; only those set). `config` and `checks`: the configuration those flags sit on and the check
    options made from it. `configure`: the same for a resumed walk, whose stopped devices and language fill in what
    was not given again (None: resuming is not offered, e.g. the fix `check` offers)."""

    device: dict
    config: Any
    checks: CheckOptions
    configure: Configure | None = None
    playbook_id: str | None = None
    answers: str | None = None      # --answers FILE
    yes: bool = False               # --yes: the suggested answer wherever there is one
    resume: bool = False            # --resume: continue a stopped walk (playbook_id: its number or playbook id);
                                    # without an id and answers, a stopped walk waiting is offered (or mentioned)
    discard: bool = False           # --discard: drop a stopped walk
    note: str | None = None
    no_record: bool = False
    lang: str | None = None         # the --lang given (kept with a stopped walk; None: the screen's language)


@dataclass
class FixOutcome:
    """`transcript`: the document `fix --json` prints and the history records (None: nothing ran - stopped, or a
    stopped walk discarded). `exit_code`: see cli/fix.py. `error`: raise it after showing the transcript (a walk
    stopped for a missing answer: the transcript lists the steps still to answer). `recording`: whether the run was
    to be recorded (no run id and recording on: the recorder failed and said why)."""

    transcript: dict | None
    exit_code: int
    error: PosDoctorError | None = None
    recording: bool = False


class Prompter(Protocol):
    """The person's side of a fix. The engine's part (ask, echo, show) is what playbooks.answers.AnswerSource puts
    the answers file and --yes in front of; the rest is the fix around the walk."""

    lang: str
    walk_state: Any  # the walk being shown (its answered steps number the steps on the screen)

    @property
    def interactive(self) -> bool: ...

    def say(self, text: Text, style: str = "") -> None: ...

    def note(self, text: Text) -> None:
        """A line aside from the walk's output (stderr): a stopped walk waiting, one discarded."""

    def menu(self, title: Text, items: list[tuple[str, Text]], default: int = 1, *, aside: bool = False) -> int | None:
        """The index picked, None when the person quits. `aside`: shown on stderr."""

    def yes_no(self, question: Text, default: bool = True) -> bool: ...

    def check_rows(self, results: list[dict]) -> None: ...

    def show_report(self, report: CheckReport) -> None:
        """The check results of a fix that checks the devices first (no next-step advice: the fix is it)."""

    def evidence(self, values: dict) -> list[str]:
        """The walk's recorded values as lines to read out, in the prompter's language."""

    def speak(self, lang: str | None) -> None:
        """Change the language (a resumed walk's); None: detect it as at start-up."""

    def progress(self) -> Progress: ...

    def ask(self, prompt: Any) -> Any: ...

    def echo(self, prompt: Any, value: Any, source: str) -> None: ...

    def show(self, event: str, **info: Any) -> None: ...
