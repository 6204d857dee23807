"""Warning / critical thresholds for the measured times, in the Nagios plugin guidelines' range format.

A range `[@]start:end` (start defaults to 0, `~` is minus infinity, an empty end is plus infinity) alerts when the
value lies outside it, or inside it with `@`; a bare `10` means `0:10`. `-w` / `-c` take either one range for every
timing (`-w 1500`) or `metric=range` pairs (`-w completion=2000,connect=800`). Values are milliseconds.
Pure: no I/O; the checks ask `judge()`, the Nagios renderer prints the ranges in perfdata.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pos_doctor.errors import UsageError, listing
from pos_doctor.i18n import T

METRICS = {  # metric -> (the check that measures it, the key in its data)
    "first_answer": ("link.terminal", "first_answer_ms"),   # command sent -> the terminal's first answer (80 00)
    "completion": ("link.terminal", "completion_ms"),       # command sent -> the status enquiry completed
    "connect": ("network.acquirer", "connect_ms"),          # TCP connect to the payment host
}
DEFAULT_WARN = {"completion": "1500", "connect": "1000"}  # a local status enquiry / a connect should be well below


@dataclass(frozen=True)
class Range:
    text: str
    start: float
    end: float
    inside: bool  # "@": alert inside the range instead of outside

    def alerts(self, value: float) -> bool:
        within = self.start <= value <= self.end
        return within if self.inside else not within


def parse_range(text: str) -> Range:
    s = text.strip()
    inside = s.startswith("@")
    body = s[1:] if inside else s
    if ":" in body:
        lo, hi = body.split(":", 1)
    else:
        lo, hi = "0", body
    try:
        start = -math.inf if lo == "~" else float(lo or 0)
        end = math.inf if hi == "" else float(hi)
    except ValueError:
        raise _bad(text) from None
    if body == "" or start > end or math.isnan(start) or math.isnan(end):
        raise _bad(text)
    return Range(s, start, end, inside)


def _bad(text: str) -> UsageError:
    return UsageError(T("threshold {text!r} is not a Nagios range (e.g. 1500, 500:2000, @0:10, ~:3000)", text=text),
                      hint=T("metrics: {metrics} (milliseconds), e.g. -w completion=2000,connect=800",
                             metrics=listing(list(METRICS))))


def parse_thresholds(spec: str | None, option: str) -> dict[str, Range]:
    """`1500` -> every metric; `completion=2000,connect=800` -> those metrics."""
    if not spec:
        return {}
    if "=" not in spec:
        r = parse_range(spec)
        return dict.fromkeys(METRICS, r)
    out = {}
    for part in spec.split(","):
        name, _, value = part.partition("=")
        name = name.strip()
        if name not in METRICS:
            raise UsageError(T("{option} {spec!r}: unknown metric {name!r}; choose {metrics}", option=option, spec=spec,
                               name=name, metrics=listing(list(METRICS))))
        out[name] = parse_range(value)
    return out


@dataclass(frozen=True)
class Thresholds:
    warn: dict[str, Range]
    crit: dict[str, Range]

    @classmethod
    def build(cls, warning: str | None = None, critical: str | None = None) -> "Thresholds":
        warn = {k: parse_range(v) for k, v in DEFAULT_WARN.items()}
        warn.update(parse_thresholds(warning, "-w"))
        return cls(warn, parse_thresholds(critical, "-c"))

    def judge(self, metric: str, value_ms: float | None) -> str:
        if value_ms is None:
            return "ok"
        if metric in self.crit and self.crit[metric].alerts(value_ms):
            return "critical"
        if metric in self.warn and self.warn[metric].alerts(value_ms):
            return "warning"
        return "ok"

    def perf(self, metric: str) -> tuple[str, str]:
        """The warn and crit fields of a perfdata item (empty when not set)."""
        w, c = self.warn.get(metric), self.crit.get(metric)
        return (w.text if w else "", c.text if c else "")

    def expected(self, metric: str) -> str:
        w = self.warn.get(metric)
        return f"{metric} within {w.text} ms" if w else f"{metric} measured"


DEFAULT = Thresholds.build()
