"""The screen side of `fix`: `FixPrompter` is the wizard (ui/wizard.py) plus what the fix around the walk needs of
the person - lines aside on stderr, the check results, the recorded values read out, the language of a resumed
walk, the progress line. It implements pos_doctor.fix's `Prompter` by shape (ui does not import the application)."""

from __future__ import annotations

from typing import Any, Callable, Optional

from pos_doctor.i18n import Text, detect_lang
from pos_doctor.ui.wizard import WizardUI, evidence_lines

Progress = tuple[Optional[Callable[[str], None]], Optional[Callable[[Any], None]], Callable[[], None]]


class FixPrompter(WizardUI):
    def __init__(self, env: Any, *, to_stderr: bool = False, progress: Progress | None = None):
        super().__init__(env, to_stderr=to_stderr)
        self.to_stderr = to_stderr
        self._progress: Progress = progress or (None, None, lambda: None)

    @property
    def interactive(self) -> bool:
        return bool(self.env.interactive)

    def note(self, text: Text) -> None:
        print(self.env.t(text), file=self.env.stderr)

    def menu(self, title: Text, items: list[tuple[str, Text]], default: int = 1, *, aside: bool = False) -> int | None:
        if aside and not self.to_stderr:
            return WizardUI(self.env, to_stderr=True).menu(title, items, default)
        return super().menu(title, items, default)

    def show_report(self, report: Any) -> None:
        from pos_doctor.ui.render_check import render

        render(report, self.env, next_step=False, console=self.con)

    def evidence(self, values: dict) -> list[str]:
        return evidence_lines(values, self.lang)

    def speak(self, lang: str | None) -> None:
        self.env.lang = self.lang = detect_lang(lang)

    def progress(self) -> Progress:
        return self._progress


def take_ctrl_c(env: Any) -> None:
    """Ctrl-C stops a walk at the keyboard (progress kept), also when whoever started us passed SIGINT on ignored
    (a background job of a script does: a CI runner, `cmd &`) - but only when this process is the foreground program
    of the terminal it reads from, the one that Ctrl-C there is meant for."""
    import os
    import signal

    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        return
    try:
        if os.tcgetpgrp(env.stdin.fileno()) != os.getpgrp():
            return
    except (AttributeError, OSError, ValueError):  # no job control (Windows), or stdin has no terminal behind it
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
