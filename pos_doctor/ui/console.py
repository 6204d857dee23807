"""The console environment (httpie's `Environment`): stdio, TTY flags, colour, width and language.

Every command gets one `Env` and prints only through it; tests build one with `Env.for_test()` and read what
was written. rich is imported lazily, when a console is first used.
"""

from __future__ import annotations

import io
import os
import sys
from typing import IO, Any, TextIO, cast

from pos_doctor.i18n import Text, detect_lang

# A console that cannot show them (PYTHONIOENCODING=cp1252, Windows with redirected output) gets ASCII marks;
# whatever else it cannot show (Chinese) comes out as \\u escapes, never as a crash.
ASCII_MARKS = str.maketrans({"\u2713": "+", "\u2714": "+", "\u2717": "x", "\u2718": "x", "\u2026": "...",
                             "\u2192": "->", "\u2190": "<-", "\u2014": "-", "\u2013": "-", "\u201c": '"',
                             "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2022": "*", "\u00b7": "-",
                             "\u26a0": "!", "\u2500": "-", "\u2501": "=", "\u2502": "|", "\u2550": "="})


def encodes_unicode(stream: IO) -> bool:
    enc = getattr(stream, "encoding", None)
    if not enc:
        return True  # a StringIO and the like: text all the way
    try:
        "\u2713\u4e2d".encode(enc)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def harden_stdio() -> None:
    """stdout and stderr never raise on a character their encoding lacks: backslash escapes instead."""
    for stream in (sys.stdout, sys.stderr):
        if not encodes_unicode(stream) and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


class AsciiMarks(io.TextIOBase):
    """A text stream that writes the console's marks as ASCII (the stream escapes what is left)."""

    def __init__(self, raw: TextIO):
        self.raw = raw

    @property  # typeshed declares TextIOBase.encoding writable; at run time it is read-only there too
    def encoding(self) -> str:  # type: ignore[override]
        return self.raw.encoding

    @property
    def buffer(self):
        return getattr(self.raw, "buffer", None)

    def write(self, s: str) -> int:
        self.raw.write(s.translate(ASCII_MARKS))
        return len(s)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return _isatty(self.raw)

    def fileno(self) -> int:
        return self.raw.fileno()


def _isatty(stream: IO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Env:
    """Not a dataclass: importing dataclasses (and inspect with it) costs a fifth of a bare interpreter's start, which
    the light commands (cli/light.py) do not have to spare."""

    def __init__(self, lang: str = "en", color: bool = True, stdout: IO | None = None, stderr: IO | None = None,
                 stdin: IO | None = None, width: int | None = None) -> None:
        self.lang, self.color, self.width = lang, color, width
        self.stdout: IO = sys.stdout if stdout is None else stdout
        self.stderr: IO = sys.stderr if stderr is None else stderr
        self.stdin: IO = sys.stdin if stdin is None else stdin
        self._out: Any = None
        self._err: Any = None

    @classmethod
    def create(cls, lang: str | None = None, no_color: bool = False) -> "Env":
        color = not no_color and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        harden_stdio()
        # an AsciiMarks is a text stream (io.TextIOBase), which typeshed's IO does not name as one of its bases
        out, err = (s if encodes_unicode(s) else cast(IO[str], AsciiMarks(s)) for s in (sys.stdout, sys.stderr))
        return cls(lang=detect_lang(lang), color=color, stdout=out, stderr=err)

    @classmethod
    def for_test(cls, lang: str = "en", width: int = 100, stdin: str = "") -> "Env":
        return cls(lang=lang, color=False, stdout=io.StringIO(), stderr=io.StringIO(), stdin=io.StringIO(stdin),
                   width=width)

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
        """Raw text to stdout (JSON, Nagios, Prometheus...): no markup, no wrapping. Always UTF-8: a console
        encoding that cannot carry it (cp1252) does not change what a machine format holds."""
        text = text if text.endswith("\n") else text + "\n"
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is not None and not encodes_unicode(self.stdout):
            self.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
            return
        self.stdout.write(text)
        self.stdout.flush()
