"""ESC/POS printer queries over a link: real-time status, identification, and explicit recovery.

A status query costs its line time: each DLE EOT reply is read as soon as its byte arrives.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pos_doctor.errors import LinkTimeout
from pos_doctor.protocols.escpos.status import PrinterStatus, decode_status, is_status_reply

DLE, EOT, ENQ, GS = 0x10, 0x04, 0x05, 0x1D


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


class PrinterClient:
    def __init__(self, link, reply_timeout: float = 0.5):
        self.link = link
        self.reply_timeout = reply_timeout

    def _status_byte(self, n: int) -> int:
        self.link.write(bytes([DLE, EOT, n]))
        deadline = time.monotonic() + self.reply_timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LinkTimeout(f"printer: no status reply to DLE EOT {n} within {self.reply_timeout:.1f} s",
                                  timer="status reply", message_zh=f"打印机：{self.reply_timeout:.1f} 秒内无状态应答")
            b = self.link.read(1, left)
            if b and is_status_reply(b[0]):
                return b[0]
            # anything else (XON/XOFF, ASB, stale data) is not our answer: keep reading until the deadline

    def status(self) -> PrinterStatus:
        replies = {}
        for n in (1, 2, 3, 4):
            self.link.reset_input()
            replies[n] = self._status_byte(n)
        return decode_status(replies)

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
