"""The wire trace: every byte in both directions with timestamps — what a technician attaches to a report."""

from __future__ import annotations

import re
import threading
import time
from bisect import bisect_left
from pathlib import Path
from typing import Sequence

from pos_doctor.values import Value

HEADER = ("# pos-doctor wire trace. Masked (shown as ** in hex, * in text): the card number (ZVT BMP 22), the terminal "
          "password in commands, and card or phone numbers written as text.")

# ZVT commands whose data starts with the 3-byte terminal password: status enquiry, repeat receipt, registration
_PASSWORD_COMMANDS = {(0x05, 0x01), (0x06, 0x20), (0x06, 0x00)}
_DLE = 0x10
_PRINTABLE = bytes(b if 32 <= b < 127 else 0x2E for b in range(256))  # the ASCII column: '.' for the rest


class TraceEvent(Value):
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
        """The dump a technician attaches to a ticket: masked (see HEADER) in the hex and the ASCII column alike."""
        hidden = _hidden_bytes(self.events)
        lines = [HEADER]
        for k, ev in enumerate(self.events):
            arrow = "->" if ev.direction == "tx" else "<-"
            hexed, text = ev.data.hex(" ").upper(), ev.data.translate(_PRINTABLE).decode("ascii")
            gone = hidden.get(k)
            if gone:
                cells, chars = hexed.split(" "), list(text)
                for i in gone:
                    cells[i], chars[i] = "**", "*"
                hexed, text = " ".join(cells), "".join(chars)
            lines.append(f"{ev.ts - self._t0:9.4f}s {ev.link:8} {arrow} {hexed}  |{text}|")
        return "\n".join(lines) + "\n"

    def write_to(self, path: str | Path) -> None:
        """Refuses (UsageError naming --trace) a FIFO, device or unwritable path instead of blocking on it."""
        from pos_doctor.yamlfile import write_output

        write_output(path, self.format(), "--trace")


def _logical(stream: bytes) -> list[tuple[int, int]]:
    """(byte value, index of its first wire byte) with serial DLE stuffing undone (10 10 -> 10)."""
    out, i = [], 0
    while i < len(stream):
        out.append((stream[i], i))
        i += 2 if stream[i] == _DLE and i + 1 < len(stream) and stream[i + 1] == _DLE else 1
    return out


def _stuffed(stream: bytes, i: int) -> list[int]:
    return [i, i + 1] if stream[i] == _DLE and i + 1 < len(stream) and stream[i + 1] == _DLE else [i]


_CARD_FIELD = re.compile(rb"(?=\x22[\xf0-\xf9][\xf0-\xf9])")  # BMP 22, an LLVAR length: the card number follows
_PASSWORD = re.compile(rb"(?=(?:\x05\x01|\x06\x20|\x06\x00)[\x03-\xff])")  # _PASSWORD_COMMANDS, length >= 3


def _hidden_in(stream: bytes, direction: str) -> set[int]:
    """Wire-byte indices of one direction of one link to mask. Linear: the fields are found by regular expressions
    over the unstuffed bytes."""
    from pos_doctor.privacy import dump_positions

    hidden = set(dump_positions(stream.decode("latin-1")))
    where: Sequence[int]  # wire index of each logical byte
    if b"\x10\x10" in stream:
        seq = _logical(stream)
        values, where = bytes(v for v, _ in seq), [i for _, i in seq]
    else:
        values, where = stream, range(len(stream))
    last = len(values) - 3  # a field needs its tag, two more bytes and data
    if direction == "rx":
        for m in _CARD_FIELD.finditer(values):
            k = m.start()
            if k >= last:
                break
            n = (values[k + 1] & 0x0F) * 10 + (values[k + 2] & 0x0F)  # LLVAR: a BCD card number of n bytes
            for idx in where[k + 3:k + 3 + n]:
                hidden.update(_stuffed(stream, idx))
    elif direction == "tx":
        for m in _PASSWORD.finditer(values):
            k = m.start()
            if k >= last:
                break
            for idx in where[k + 3:k + 6]:
                hidden.update(_stuffed(stream, idx))
    return hidden


def _hidden_bytes(events: list[TraceEvent]) -> dict[int, set[int]]:
    """Per event, the indices of its bytes to mask. A field may be split across reads, so each direction of each
    link is scanned as one stream and the result mapped back onto the events."""
    streams: dict[tuple[str, str], list[int]] = {}
    for k, ev in enumerate(events):
        streams.setdefault((ev.link, ev.direction), []).append(k)
    out: dict[int, set[int]] = {}
    for (_, direction), ks in streams.items():
        stream = b"".join(events[k].data for k in ks)
        hidden = sorted(_hidden_in(stream, direction))
        if not hidden:
            continue
        base = 0
        for k in ks:  # each event takes its slice of the stream's sorted hidden indices: linear in the trace
            n = len(events[k].data)
            lo, hi = bisect_left(hidden, base), bisect_left(hidden, base + n)
            if lo < hi:
                out[k] = {i - base for i in hidden[lo:hi]}
            base += n
    return out
