"""Hostile terminals on real ptys, written from the public ZVT framing rules (protocols/ZVT.md; the same rules as
ecrterm's and Portalum.Zvt's transports): a frame is DLE STX, the APDU with every DLE doubled, DLE ETX, then the
CRC-16/KERMIT of APDU + ETX, low byte first; the receiver answers each frame with ACK (06). Nothing here uses the
package's codecs, so a bug there cannot hide itself.

Behaviours (one per terminal, chosen by name):
  chatty        acknowledges every command (80 00 00), then sends 04 FF intermediate status every 0.9 s, forever
  status-ok     answers the status enquiry properly (completion 06 0F), and is `chatty` for everything else
  silent        reads and never answers, not even ACK
  acks-only     ACKs each frame at link level and never sends anything else
  flood         answers every frame with an endless stream of bytes that never make a valid frame
  half          ACKs, then sends the first half of a frame and stops
  late          answers every command correctly, but 10 s late
  bare          acknowledges, then completes with 06 0F 00: no fields at all
  vanish        closes its end of the pty as soon as a command arrives
"""

from __future__ import annotations

import os
import threading
import time
import tty

DLE, STX, ETX, ACK = 0x10, 0x02, 0x03, 0x06
BEHAVIOURS = ("chatty", "status-ok", "silent", "acks-only", "flood", "half", "late", "bare", "vanish")


def crc_kermit(data: bytes) -> int:
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc


def frame(apdu: bytes) -> bytes:
    crc = crc_kermit(apdu + bytes([ETX]))
    return bytes([DLE, STX]) + apdu.replace(b"\x10", b"\x10\x10") + bytes([DLE, ETX, crc & 0xFF, crc >> 8])


class HostileTerminal:
    """`with HostileTerminal("chatty") as t:` - t.path is the pty the CLI opens as --terminal."""

    def __init__(self, behaviour: str):
        assert behaviour in BEHAVIOURS, behaviour
        self.behaviour = behaviour
        self.master, slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        # a write the client does not read (a flood, a client that stopped) must not block the thread past its stop
        os.set_blocking(self.master, False)
        self._slave = slave  # kept open so the pty survives between the CLI's opens
        self.stop = threading.Event()
        self.commands: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True, name=f"hostile {behaviour}")

    def __enter__(self) -> "HostileTerminal":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join(30)
        if self.thread.is_alive():
            # never close descriptors under a live thread: their numbers are reused by the next test's ptys, and the
            # thread would then read and write a stranger's line (a flood's junk answering another test's printer)
            raise AssertionError(f"hostile terminal {self.behaviour!r} did not stop")
        for fd in (self.master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass

    # --- the line -------------------------------------------------------------------------------------------
    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view and not self.stop.is_set():
            try:
                view = view[os.write(self.master, view):]
            except BlockingIOError:  # the line is full: wait for the client to read, or for the stop
                self.stop.wait(0.01)
            except OSError:
                return

    def _read(self, timeout: float) -> bytes:
        import select

        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return b""
        try:
            return os.read(self.master, 4096)
        except OSError:
            return b""

    def _frames(self, buf: bytearray) -> list[bytes]:
        """Complete frames at the front of buf (removed); a lone ACK/NAK from the ECR is dropped."""
        out = []
        while True:
            while buf and buf[:2] != bytes([DLE, STX]):
                del buf[0]
            if len(buf) < 2:
                return out
            i, apdu = 2, bytearray()
            while i + 1 < len(buf):
                if buf[i] == DLE and buf[i + 1] == DLE:
                    apdu.append(DLE)
                    i += 2
                elif buf[i] == DLE and buf[i + 1] == ETX:
                    if i + 4 > len(buf):
                        return out
                    del buf[: i + 4]
                    out.append(bytes(apdu))
                    break
                else:
                    apdu.append(buf[i])
                    i += 1
            else:
                return out

    def _serve(self) -> None:
        buf = bytearray()
        while not self.stop.is_set():
            buf += self._read(0.05)
            for apdu in self._frames(buf):
                if apdu[:2] == b"\x80\x00" or apdu[:1] == b"\x84":  # the ECR's answer to one of our messages
                    if self.behaviour not in ("silent", "vanish"):
                        self._write(bytes([ACK]))
                    continue
                self.commands.append(apdu)
                self._answer(apdu)

    def _answer(self, apdu: bytes) -> None:
        b = self.behaviour
        if b == "vanish":
            os.close(self.master)
            os.close(self._slave)
            self.master = self._slave = -1
            self.stop.set()
            return
        if b == "silent":
            return
        self._write(bytes([ACK]))
        if b == "acks-only":
            return
        if b == "flood":
            junk = bytes(range(0x20, 0x7F)) * 8  # no DLE STX anywhere: never a frame
            while not self.stop.is_set():
                self._write(junk)
                time.sleep(0.01)
            return
        if b == "half":
            whole = frame(b"\x80\x00\x00")
            self._write(whole[: len(whole) // 2])
            return
        if b == "late":
            if self.stop.wait(10):
                return
        self._write(frame(b"\x80\x00\x00"))  # the command is accepted: the terminal is master now
        if b == "bare":
            self._write(frame(b"\x06\x0F\x00"))
            return
        if b in ("late",) or (b == "status-ok" and apdu[:2] == b"\x05\x01"):
            # completion: software version "1.0" (LLLVAR, length as F0 F0 F3) and terminal status 00 (ready)
            self._write(frame(bytes.fromhex("060F07F0F0F3") + b"1.0" + b"\x00"))
            return
        while not self.stop.wait(0.9):  # chatty: 04 FF "please wait" forever, never the completion
            self._write(frame(bytes.fromhex("04FF01") + b"\x0A"))
