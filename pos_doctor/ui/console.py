"""The console environment (httpie's `Environment`): stdio, TTY flags, colour, width and language.

Every command gets one `Env` and prints only through it; tests build one with `Env.for_test()` and read what
was written. rich is imported lazily, when a console is first used.
"""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass, field
from typing import IO, Any

from pos_doctor.i18n import Text, detect_lang


def _isatty(stream: IO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass
class Env:
    lang: str = "en"
    color: bool = True
    stdout: IO = field(default_factory=lambda: sys.stdout)
    stderr: IO = field(default_factory=lambda: sys.stderr)
    stdin: IO = field(default_factory=lambda: sys.stdin)
    width: int | None = None
    _out: Any = None
    _err: Any = None

    @classmethod
    def create(cls, lang: str | None = None, no_color: bool = False) -> "Env":
        color = not no_color and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        return cls(lang=detect_lang(lang), color=color)

    @classmethod
    def for_test(cls, lang: str = "en", width: int = 100, stdin: str = "") -> "Env":
        return cls(lang=lang, color=False, stdout=io.StringIO(), stderr=io.StringIO(), stdin=io.StringIO(stdin), width=width)

    # --- flags ----------------------------------------------------------------
    @property
    def stdout_isatty(self) -> bool:
        return _isatty(self.stdout)

    @property
    def stderr_isatty(self) -> bool:
        return _isatty(self.stderr)

    @property
    def stdin_isatty(self) -> bool:
        return _isatty(self.stdin)

    @property
    def interactive(self) -> bool:
        """May we ask the person questions? Never under CI or with stdin not a terminal."""
        return self.stdin_isatty and not os.environ.get("CI")

    # --- text -----------------------------------------------------------------
    def t(self, text: Text | str) -> str:
        return text(self.lang) if isinstance(text, Text) else text

    # --- consoles -------------------------------------------------------------
    def _console(self, stream: IO, tty: bool):
        from rich.console import Console

        return Console(
            file=stream,
            width=self.width,
            no_color=not self.color,
            color_system="auto" if (self.color and tty) else None,
            force_terminal=tty if self.color else False,
            highlight=False,
            emoji=False,
            soft_wrap=not tty,  # wrap only on a terminal: piped or redirected output keeps whole lines
        )

    @property
    def out(self):
        if self._out is None:
            self._out = self._console(self.stdout, self.stdout_isatty)
        return self._out

    @property
    def err(self):
        if self._err is None:
            self._err = self._console(self.stderr, self.stderr_isatty)
        return self._err

    def write(self, text: str) -> None:
        """Raw text to stdout (JSON, Nagios, Prometheus...): no markup, no wrapping."""
        self.stdout.write(text)
        if not text.endswith("\n"):
            self.stdout.write("\n")
        self.stdout.flush()
