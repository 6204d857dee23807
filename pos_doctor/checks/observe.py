"""The observation model the device checks share: what came back from the terminal, and what did not.

Every verdict names its evidence: a field that was received, a field that was not reported, or a timer that ran
out - and then how far the exchange had got (nothing at all, the frame's line ACK, the terminal's acknowledgement,
part of a message) and whether the run's own deadline had shortened that timer. "Dead" is kept for the one case
where nothing at all came back and the timer ran its full protocol length.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from pos_doctor.i18n import T, Text

STATUS_T4 = 20.0     # longest we wait for a status enquiry to complete after the terminal acknowledged it
MARGIN_MAX = 0.5     # time kept back from the run's deadline so the report is out before it


def margin(run_timeout: float) -> float:
    """Time kept back from the run's deadline for the checks that follow and the report."""
    return min(MARGIN_MAX, run_timeout / 5)


T2 = 5.0             # first answer (80 00 / 84 xx) to a command
T3 = 1.0             # the line ACK byte for a frame we sent


def timers_for(time_left: float, run_timeout: float, t4: float) -> tuple[dict[str, float], dict[str, float]]:
    """The timers of one exchange: the protocol's own lengths, each shortened when the run's deadline comes first
    (a slow terminal is then cut short by the deadline - and said so - rather than called dead).
    Returns (timers given, protocol lengths)."""
    left = max(0.05, time_left - margin(run_timeout))
    limits = {"T2": T2, "T3": T3, "T4": t4}
    given = {"T2": min(T2, left), "T3": min(T3, max(0.05, left / 3)), "T4": min(t4, left)}
    return given, limits


STAGES = {  # how far an exchange got before its timer ran out
    "nothing": T("nothing came back"),
    "gone": T("the port went away during the command"),
    "line-ack": T("the frame was acknowledged on the line, but no answer to the command came"),
    "acknowledged": T("the terminal acknowledged the command, but it did not complete"),
    "partial": T("the terminal stopped in the middle of a message"),
    "garbled": T("only garbled or rejected frames came back"),
}
NO_ANSWER = T("no answer")


@dataclass
class Exchange:
    """One command to the terminal, observed: its result or the error that ended it, how long it took, and how
    much time it was given."""
    command: str
    transport: str = "serial"
    result: Any = None
    error: BaseException | None = None
    elapsed_ms: int = 0
    timers: dict[str, float] = field(default_factory=dict)   # "T2" -> seconds given to this exchange
    limits: dict[str, float] = field(default_factory=dict)   # "T2" -> the protocol's own length of that timer
    run_timeout: float = 0.0
    line: dict[str, int] = field(default_factory=dict)   # line errors during this exchange

    @property
    def stage(self) -> str | None:
        """How far a failed exchange got (None when it did not fail by silence)."""
        from pos_doctor.errors import LinkClosed, LinkTimeout

        exc = self.error
        if isinstance(exc, LinkClosed):
            return "gone"
        if not isinstance(exc, LinkTimeout):
            return None
        timer = (exc.timer or "").split(" ")[0]
        if timer == "T4":
            return "acknowledged"
        if timer == "T1":
            return "partial"
        if timer == "T2":  # on a serial line our frame got its ACK byte; over TCP there is no such ACK
            return "line-ack" if self.transport == "serial" else "nothing"
        if timer == "T3" and (self.line.get("naks_received") or self.line.get("missing_acks")):
            return "garbled"
        return "nothing"

    @property
    def timer(self) -> str | None:
        return getattr(self.error, "timer", None)

    @property
    def shortened(self) -> bool:
        return any(self.timers[k] < self.limits.get(k, 0) for k in self.timers)

    @property
    def cut_by_deadline(self) -> bool:
        """The run's deadline ended it: the timer that ran out had been shortened to fit the deadline. A missing
        line ACK (T3) does not count - a live terminal sends it within milliseconds, however short the run."""
        key = (self.timer or "").split(" ")[0]
        if key not in ("T2", "T4") or self.error is None:
            return False
        return self.timers.get(key, 0) < self.limits.get(key, 0)

    @property
    def dead(self) -> bool:
        """Nothing at all came back (or the port vanished), and not because the run ran out of time."""
        return self.stage in ("nothing", "gone") and not self.cut_by_deadline

    def what_happened(self) -> Text:
        return STAGES.get(self.stage or "", NO_ANSWER)

    def observed(self) -> str:
        """For -v and the machine formats: what came back, which timer ran out after how long."""
        if self.error is None:
            return f"completed after {self.elapsed_ms} ms"
        s = f"{self.stage or type(self.error).__name__}: {self.what_happened().en}"
        if self.timer:
            s += f"; timer {self.timer} ran out after {self.elapsed_ms / 1000:.1f} s"
        if self.cut_by_deadline:
            s += f" (shortened to fit the run deadline of {self.run_timeout:g} s)"
        return s

    def data(self) -> dict[str, Any]:
        return {"stage": self.stage, "timer": self.timer, "elapsed_ms": self.elapsed_ms,
                "timers_ms": {k: int(v * 1000) for k, v in self.timers.items()},
                "cut_by_deadline": self.cut_by_deadline}


def timed(exchange: Exchange, call) -> Exchange:
    t0 = time.monotonic()
    try:
        exchange.result = call()
    except Exception as exc:  # noqa: BLE001 - kept: every check that reads this exchange decides from it
        exchange.error = exc
    exchange.elapsed_ms = int((time.monotonic() - t0) * 1000)
    return exchange
