"""The one exception tree of pos-doctor, and the exit codes it maps to (in cli/main.py, and only there).

A leaf module: it imports nothing from the package, so codecs may raise these errors and stay pure.
Exit codes follow Nagios: 0 ok, 1 warning, 2 critical, 3 could not decide; 130 interrupted.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    WARNING = 1
    CRITICAL = 2
    UNKNOWN = 3  # bad arguments, bad files, port cannot be opened: we could not decide
    INTERRUPTED = 130


class PosDoctorError(Exception):
    """Base of every error pos-doctor raises on purpose. `hint` says what to do, in both languages."""

    exit_code: ExitCode = ExitCode.UNKNOWN

    def __init__(self, message: str, *, hint: str | None = None, hint_zh: str | None = None,
                 message_zh: str | None = None):
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh or message
        self.hint = hint
        self.hint_zh = hint_zh or hint

    def text(self, lang: str = "en") -> str:
        return self.message_zh if lang == "zh" else self.message

    def hint_text(self, lang: str = "en") -> str | None:
        return self.hint_zh if lang == "zh" else self.hint


# --- protocol (codecs): bytes that do not decode -------------------------------------------------

class ProtocolError(PosDoctorError):
    """Bytes that are not a valid frame / APDU / status reply. Codecs raise only this family."""


class FrameError(ProtocolError):
    """Bad transport frame: stuffing, CRC, length. `consumed`: how many bytes of the buffer the caller drops to
    resynchronise past the bad frame (0 when the decoder does not say)."""

    def __init__(self, message: str, *, consumed: int = 0, **kwargs: str | None):
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
    def __init__(self, port: str, available: list[str] | None = None, **kw):
        self.port = port
        self.available = available or []
        super().__init__(f"port {port} does not exist", **kw)


class PortBusy(LinkError):
    def __init__(self, port: str, holder: str | None = None, **kw):
        self.port = port
        self.holder = holder
        what = f"port {port} is in use" + (f", held by {holder}" if holder else "")
        super().__init__(what, **kw)


class LinkTimeout(LinkError, TimeoutError):
    """No (complete) answer before the deadline. Also a TimeoutError, like python-can's."""

    def __init__(self, message: str, *, timer: str | None = None, **kw):
        self.timer = timer  # which timer expired (e.g. "T3 ack", "T2 header")
        super().__init__(message, **kw)


class LinkClosed(LinkError):
    """The device went away (port vanished, peer closed the socket)."""


# --- device answers that are errors at the application level ------------------------------------

class DeviceError(PosDoctorError):
    """The device answered, and the answer is a refusal or failure. `code` is the device's code."""

    def __init__(self, message: str, *, code: int | None = None, **kw):
        self.code = code
        super().__init__(message, **kw)


# --- files users write and arguments they type ---------------------------------------------------

@dataclass
class Where:
    """A breadcrumb into a user file: file, line and column (1-based), and the key path."""

    file: str
    line: int | None = None
    column: int | None = None
    path: str | None = None  # e.g. "steps[3].choices[0].goto"

    def __str__(self) -> str:
        s = self.file
        if self.line is not None:
            s += f":{self.line}"
            if self.column is not None:
                s += f":{self.column}"
        if self.path:
            s += f" (at {self.path})"
        return s


class UserFileError(PosDoctorError):
    """A playbook, scenario, configuration or policy file that is invalid. One or more problems."""

    def __init__(self, kind: str, problems: list[tuple[Where, str]], **kw):
        self.kind = kind  # "playbook", "scenario", "configuration", "software policy"
        self.problems = problems
        first = problems[0] if problems else (Where("?"), "invalid")
        msg = f"invalid {kind}: {first[0]}: {first[1]}"
        if len(problems) > 1:
            msg += f" (and {len(problems) - 1} more)"
        super().__init__(msg, **kw)

    def lines(self, lang: str = "en") -> list[str]:
        if lang == "zh":  # the English stays where no translation is known (pos_doctor/problems_zh.py)
            from pos_doctor.problems_zh import problem_zh, where_zh

            return [f"{where_zh(where)}：{problem_zh(what) or what}" for where, what in self.problems]
        return [f"{where}: {what}" for where, what in self.problems]


class UsageError(PosDoctorError):
    """A bad command-line argument or option value."""

    cause: BaseException | None = None  # the error underneath, where a caller acts on it (records/store.py)
