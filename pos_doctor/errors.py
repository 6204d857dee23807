"""The one exception tree of pos-doctor, and the exit codes it maps to (in cli/main.py, and only there).

A leaf module: it imports only `pos_doctor.i18n` (itself a leaf), so codecs may raise these errors and stay pure.
Messages and hints are messages (`Text`, see i18n.py), rendered in a language only at the edge: `exc.text(lang)`,
`exc.hint_text(lang)`; `str(exc)` is the English (logs, JSON). A plain str is accepted as an untranslated English
text (a protocol-level detail).
Exit codes follow Nagios: 0 ok, 1 warning, 2 critical, 3 could not decide; 130 interrupted.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Sequence

from pos_doctor.i18n import TC, T, Text
from pos_doctor.values import Value


def as_text(value: "Text | str") -> Text:
    """A message; a plain str is an English text with no translation (shown as it is in every language)."""
    if isinstance(value, Text):
        return value
    return Text(str(value), inline={"en": str(value)})


class Problem(str):
    """One problem found in a user file: its English (a str, for logs, JSON and tests) carrying the message it was
    said with (`.msg`), so a screen says it in its own language: `problem.text(lang)`."""

    msg: Text

    def __new__(cls, value: "Text | str") -> "Problem":
        if isinstance(value, Problem):
            return value
        msg = as_text(value)
        self = super().__new__(cls, msg.en)
        self.msg = msg
        return self

    def text(self, lang: str = "en") -> str:
        return self.msg(lang)


def listing(items: "list[str]", none: "Text | None" = None) -> "list[Text] | Text":
    """Names (ports, printers) as a parameter: joined the language's way ('a, b' or 'a、b'); `none` when empty."""
    if not items:
        return none if none is not None else T("none")
    return [Text(str(i), inline={"en": str(i)}) for i in items]


def problem(id: str, /, **params: Any) -> Problem:
    """A problem message by its English template (the message id), like `T`."""
    return Problem(T(id, **params))


class ExitCode(IntEnum):
    OK = 0
    WARNING = 1
    CRITICAL = 2
    UNKNOWN = 3  # bad arguments, bad files, port cannot be opened: we could not decide
    INTERRUPTED = 130


class PosDoctorError(Exception):
    """Base of every error pos-doctor raises on purpose: a message, and a `hint` that says what to do (messages:
    `msg` and `hint_msg`; `message` and `hint` are their English)."""

    exit_code: ExitCode = ExitCode.UNKNOWN

    def __init__(self, message: Text | str, *, hint: Text | str | None = None):
        self.msg = as_text(message)
        self.hint_msg = as_text(hint) if hint is not None else None
        self.message = self.msg.en
        super().__init__(self.message)

    @property
    def hint(self) -> str | None:
        return self.hint_msg.en if self.hint_msg is not None else None

    def text(self, lang: str = "en") -> str:
        return self.msg(lang)

    def hint_text(self, lang: str = "en") -> str | None:
        return self.hint_msg(lang) if self.hint_msg is not None else None


# --- protocol (codecs): bytes that do not decode -------------------------------------------------

class ProtocolError(PosDoctorError):
    """Bytes that are not a valid frame / APDU / status reply. Codecs raise only this family."""


class FrameError(ProtocolError):
    """Bad transport frame: stuffing, CRC, length. `consumed`: how many bytes of the buffer the caller drops to
    resynchronise past the bad frame (0 when the decoder does not say)."""

    def __init__(self, message: Text | str, *, consumed: int = 0, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.consumed = consumed


class ApduError(ProtocolError):
    """An APDU, BMP or TLV that does not decode."""


class RefusedCommand(ProtocolError):
    """A command outside the safe allowlist (payment, refund, ...) was asked for. Never sent."""


# --- link: ports and bytes on the wire -----------------------------------------------------------

class LinkError(PosDoctorError):
    """Opening, reading or writing a port failed."""


class PortNotFound(LinkError):
    def __init__(self, port: str, available: list[str] | None = None, *, message: Text | None = None, **kw: Any):
        self.port = port
        self.available = available or []
        super().__init__(message or T("port {port} does not exist", port=port), **kw)


class PortBusy(LinkError):
    def __init__(self, port: str, holder: str | None = None, *, context: str | None = None,
                 params: dict[str, Any] | None = None, **kw: Any):
        """`context` (a msgctxt) names the kind of port where a language says it another way (a USB printer);
        `params` are more parameters its translations may use (the link's name)."""
        self.port = port
        self.holder = holder
        what = (Text("port {port} is in use, held by {holder}", context=context, params={"port": port,
                                                                                         "holder": holder})
                if holder else Text("port {port} is in use", context=context, params={"port": port}))
        super().__init__(what.format(**(params or {})), **kw)


class LinkTimeout(LinkError, TimeoutError):
    """No (complete) answer before the deadline. Also a TimeoutError, like python-can's."""

    def __init__(self, message: Text | str, *, timer: str | None = None, **kw: Any):
        self.timer = timer  # which timer expired (e.g. "T3 ack", "T2 header")
        super().__init__(message, **kw)


class LinkClosed(LinkError):
    """The device went away (port vanished, peer closed the socket)."""


# --- device answers that are errors at the application level ------------------------------------

class DeviceError(PosDoctorError):
    """The device answered, and the answer is a refusal or failure. `code` is the device's code."""

    def __init__(self, message: Text | str, *, code: int | None = None, **kw: Any):
        self.code = code
        super().__init__(message, **kw)


# --- files users write and arguments they type ---------------------------------------------------

class Where(Value, frozen=False):
    """A breadcrumb into a user file: file, line and column (1-based), and the key path."""

    file: str
    line: int | None = None
    column: int | None = None
    path: str | None = None  # e.g. "steps[3].choices[0].goto"
    label: Text | None = None  # what `file` is said as on a screen, when it is not a file ("environment variable X")

    def __str__(self) -> str:
        s = self.file
        if self.line is not None:
            s += f":{self.line}"
            if self.column is not None:
                s += f":{self.column}"
        if self.path:
            s += f" (at {self.path})"
        return s

    def msg(self) -> Text | str:
        """The breadcrumb as a parameter of a message (its key path said in the screen's language)."""
        place = str(Where(self.file, self.line, self.column))
        return T("{place} (at {path})", place=place, path=self.path) if self.path else place

    def text(self, lang: str = "en") -> str:
        """The breadcrumb on a screen: the key path said in the screen's language."""
        place = str(Where(self.label(lang) if self.label is not None else self.file, self.line, self.column))
        return T("{place} (at {path})", place=place, path=self.path)(lang) if self.path else place


class UserFileError(PosDoctorError):
    """A playbook, scenario, configuration or policy file that is invalid. One or more problems."""

    def __init__(self, kind: str, problems: "Sequence[tuple[Where, Text | str]]", **kw: Any):
        self.kind = kind  # "playbook", "scenario", "configuration", "software policy"
        self.problems: list[tuple[Where, Problem]] = [(where, Problem(what)) for where, what in problems]
        first = self.problems[0] if self.problems else (Where("?"), Problem("invalid"))
        msg = f"invalid {kind}: {first[0]}: {first[1]}"
        if len(problems) > 1:
            msg += f" (and {len(problems) - 1} more)"
        super().__init__(msg, **kw)

    def kind_text(self, lang: str = "en") -> str:
        """What kind of file, in the screen's language."""
        return FILE_KINDS[self.kind](lang) if self.kind in FILE_KINDS else self.kind

    def lines(self, lang: str = "en") -> list[str]:
        """One line a problem: where (file:line:column, key path) and what, in the screen's language."""
        return [T("{where}: {problem}", where=where.text(lang), problem=what.text(lang))(lang)
                for where, what in self.problems]


# The kinds of files a UserFileError names (its `kind`), as the error screen says them.
FILE_KINDS = {kind: TC("file kind", kind) for kind in (
    "configuration", "software policy", "scenario", "playbook", "answers file", "saved progress", "statement",
    "statement mapping")}


class UsageError(PosDoctorError):
    """A bad command-line argument or option value."""

    cause: BaseException | None = None  # the error underneath, where a caller acts on it (records/store.py)
