"""The wire trace: every byte in both directions with timestamps — what a technician attaches to a report."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TraceEvent:
    ts: float  # time.monotonic()
    link: str
    direction: str  # "tx" (to the device) or "rx" (from it)
    data: bytes


class Tracer:
    def __init__(self) -> None:
        self.events: list[TraceEvent] = []
        self._lock = threading.Lock()
        self._t0 = time.monotonic()

    def record(self, link: str, direction: str, data: bytes) -> None:
        with self._lock:
            self.events.append(TraceEvent(time.monotonic(), link, direction, bytes(data)))

    def format(self) -> str:
        lines = []
        for ev in self.events:
            arrow = "->" if ev.direction == "tx" else "<-"
            hexed = ev.data.hex(" ").upper()
            text = "".join(chr(b) if 32 <= b < 127 else "." for b in ev.data)
            lines.append(f"{ev.ts - self._t0:9.4f}s {ev.link:8} {arrow} {hexed}  |{text}|")
        return "\n".join(lines) + ("\n" if lines else "")

    def write_to(self, path: str | Path) -> None:
        Path(path).write_text(self.format(), encoding="utf-8")
