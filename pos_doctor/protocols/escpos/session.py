"""ESC/POS printer queries over a link: real-time status, identification, and explicit recovery.

A status query costs its line time: each DLE EOT reply is read as soon as its byte arrives.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos_doctor.errors import LinkTimeout
from pos_doctor.i18n import T
from pos_doctor.protocols.escpos.status import PrinterStatus, decode_status, is_status_reply

if TYPE_CHECKING:
    from pos_doctor.protocols.wire import ByteLink

DLE, EOT, ENQ, GS = 0x10, 0x04, 0x05, 0x1D
FLOW_CONTROL = (0x11, 0x13)  # XON, XOFF
# After the last answer, a printer that keeps sending (a flood, two bytes per query) shows its next byte within the line
# time of one byte; the wait is two, for the jitter of the reading thread. Where bytes do not travel at a baud rate
# (TCP, USB: a packet carries all a reply's bytes at once), what is already buffered is read, and nothing waited for.
SETTLE_BYTES = 2


@dataclass
class PrinterIdentity:
    firmware: str | None = None
    maker: str | None = None
    model: str | None = None
    model_id: int | None = None
    type_id: int | None = None
    rom_version: int | None = None

    @property
    def has_autocutter(self) -> bool | None:
        return None if self.type_id is None else bool(self.type_id & 0x02)


def parse_text_reply(buf: bytes) -> tuple[str | None, bytes]:
    """GS I n>=65 reply: 0x5F text 0x00. Returns (text or None, rest)."""
    start = buf.find(b"\x5f")
    if start < 0:
        return None, buf
    end = buf.find(b"\x00", start + 1)
    if end < 0:
        return None, buf
    return buf[start + 1:end].decode("ascii", "replace").strip(), buf[end + 1:]


# How long a status query waits for its one byte. A printer answers DLE EOT in real time (milliseconds); the margin
# is for the machine the till runs on: a busy PC (or a test machine running six workers on two cores) may not
# schedule the reading process for half a second, and a printer that does answer must not be reported dead.
STATUS_REPLY_S = 1.0


class PrinterClient:
    def __init__(self, link: ByteLink, reply_timeout: float = STATUS_REPLY_S):
        self.link = link
        self.reply_timeout = reply_timeout

    def _status_byte(self, n: int) -> int | None:
        """The answer to DLE EOT n, or None when what came is not one (a byte without the fixed bits)."""
        self.link.write(bytes([DLE, EOT, n]))
        deadline = time.monotonic() + self.reply_timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LinkTimeout(T("printer: no status reply to DLE EOT {n} within {reply_timeout:.1f} s", n=n,
                                    reply_timeout=self.reply_timeout),
                                  timer="status reply")
            b = self.link.read(1, left)
            if not b or b[0] in FLOW_CONTROL:  # XON/XOFF is the line's flow control, not an answer
                continue
            return b[0] if is_status_reply(b[0]) else None

    def status(self) -> PrinterStatus:
        """Four queries, one byte each. A reply that is not the answer - a byte without the fixed bits, or bytes
        nobody asked for (a printer that floods status bytes) - makes the whole reading "not understood", never
        "ready": one byte of a flood looks like a healthy 0x12."""
        replies: dict[int, int | None] = {}
        unasked = b""
        self.link.reset_input()  # stale bytes from before we asked are not an answer
        for n in (1, 2, 3, 4):
            if n > 1:
                unasked += self.link.read(64, 0)  # arrived after the last answer, before this query
            replies[n] = self._status_byte(n)
        unasked += self.link.read(64, self._settle())
        unasked = bytes(b for b in unasked if b not in FLOW_CONTROL)
        st = decode_status({n: b for n, b in replies.items() if b is not None})
        bad = [n for n, b in replies.items() if b is None]
        if bad or unasked:
            st.not_understood = (f"no status form in the reply to DLE EOT {', '.join(map(str, bad))}" if bad else
                                 f"{len(unasked)} byte(s) nobody asked for")
        return st

    def _settle(self) -> float:
        per_byte = getattr(self.link, "seconds_per_byte", lambda: None)()
        return SETTLE_BYTES * per_byte if per_byte else 0.0

    def identify(self, timeout: float = 0.3) -> PrinterIdentity:
        """GS I; old printers do not answer the text forms: those fields stay None, quickly."""
        ident = PrinterIdentity()
        for n, attr in ((1, "model_id"), (2, "type_id"), (3, "rom_version")):
            self.link.reset_input()
            self.link.write(bytes([GS, 0x49, n]))
            b = self.link.read(1, timeout)
            if b:
                setattr(ident, attr, b[0])
        for n, attr in ((65, "firmware"), (66, "maker"), (67, "model")):
            self.link.reset_input()
            self.link.write(bytes([GS, 0x49, n]))
            buf, deadline = b"", time.monotonic() + timeout
            while time.monotonic() < deadline:
                buf += self.link.read(64, deadline - time.monotonic())
                text, _ = parse_text_reply(buf)
                if text is not None:
                    setattr(ident, attr, text)
                    break
        return ident

    def recover(self, clear_buffers: bool = False) -> None:
        """DLE ENQ 1 (recover, resume) or 2 (clear buffers, recover). Explicit action only."""
        self.link.write(bytes([DLE, ENQ, 2 if clear_buffers else 1]))
