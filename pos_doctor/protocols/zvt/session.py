"""ZvtClient: the cash-register side of a ZVT conversation, over a Link (serial frames or raw TCP APDUs).

Every command passes `commands.safe_apdu` in `_send` - the only place that writes a command - so nothing off
the allowlist can reach the wire. Silence raises LinkTimeout naming the timer; a refusal is a result.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from pos_doctor.errors import FrameError, LinkTimeout, ProtocolError
from pos_doctor.i18n import T, Text
from pos_doctor.values import Value, field

from . import codes, commands
from .framing import ACK, DLE, NAK, STX, decode_frame, decode_tcp, encode_frame
from .messages import (
    Abort,
    Ack,
    Completion,
    DeviceInfo,
    PrintLine,
    PrintTextBlock,
    Refusal,
    StatusInformation,
    TerminalMessage,
    Transaction,
    decode_message,
)

if TYPE_CHECKING:
    from pos_doctor.protocols.wire import ByteLink

MAX_SENDS = 3
_ZVT_CLASSES = {0x04, 0x05, 0x06, 0x08, 0x80, 0x84}


class ZvtTimers(Value):
    t1: float = 0.2  # inter-byte, once a frame has started
    t2: float = 5.0  # first answer (80 00 / 84 xx) to a command
    t3: float = 1.0  # link ACK for a frame we sent
    t4: float = 30.0  # next terminal message while the terminal is master (diagnosis talks to the host)
    t4_status: float = 10.0  # the same for status enquiry / repeat receipt, which stay local
    command: float = 120.0  # the whole command, send to completion: intermediate status (04 FF) restarts T4, not this


class LineStats(Value, frozen=False):
    frames_sent: int = 0
    repeats: int = 0
    naks_received: int = 0
    naks_sent: int = 0
    crc_errors: int = 0
    timeouts: int = 0
    missing_acks: int = 0  # terminal answered with a frame instead of the ACK byte


class CommandResult(Value, frozen=False):
    command: str
    outcome: str  # "completed" | "aborted" | "refused" | "acknowledged"
    result_code: int | None = None
    result: Text | None = None
    terminal_status: int | None = None
    terminal_status_text: Text | None = None
    software_version: str | None = None
    terminal_id: str | None = None
    device: DeviceInfo | None = None
    terminal_time: datetime | None = None
    transaction: Transaction | None = None
    receipt_lines: list[str] = field(default_factory=list)
    messages: list[TerminalMessage] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    error_text: str | None = None
    first_answer_ms: int | None = None  # command sent -> the terminal's first answer (80 00 / 84 xx)


class ZvtClient:
    def __init__(self, link: ByteLink, *, transport: str = "serial", password: str = "000000",
                 timers: ZvtTimers = ZvtTimers(), on_event: Callable[[TerminalMessage], None] | None = None):
        if transport not in ("serial", "tcp"):
            raise ValueError(f"transport must be 'serial' or 'tcp', not {transport!r}")
        self._link = link
        self.transport = transport
        self.password = password
        self.timers = timers
        self.on_event = on_event
        self.stats = LineStats()
        self._buf = bytearray()

    # --- commands ------------------------------------------------------------------------------------------
    # Every command takes `deadline` (time.monotonic() value) from its caller: nothing the terminal sends extends
    # it. Without one, the command ends within `timers.command` of its start.
    def status_enquiry(self, *, deadline: float | None = None) -> CommandResult:
        return self._run("status_enquiry", commands.status_enquiry(self.password), self.timers.t4_status,
                         deadline=deadline)

    def diagnosis(self, kind: int | None = None, *, deadline: float | None = None) -> CommandResult:
        return self._run("diagnosis", commands.diagnosis(kind), self.timers.t4, deadline=deadline)

    def repeat_receipt(self, *, print_copy: bool = False, deadline: float | None = None) -> CommandResult:
        return self._run("repeat_receipt", commands.repeat_receipt(self.password, print_copy=print_copy),
                         self.timers.t4_status, deadline=deadline)

    def print_system_configuration(self, *, deadline: float | None = None) -> CommandResult:
        return self._run("print_system_configuration", commands.print_system_configuration(), self.timers.t4,
                         deadline=deadline)

    def abort(self, *, deadline: float | None = None) -> CommandResult:
        return self._run("abort", commands.abort(), self.timers.t4_status, ends_at_ack=True, deadline=deadline)

    def log_off(self, *, deadline: float | None = None) -> CommandResult:
        return self._run("log_off", commands.log_off(), self.timers.t4_status, ends_at_ack=True, deadline=deadline)

    def register(self, config_byte: int, *, currency: int | None = 978, service_byte: int | None = None,
                 deadline: float | None = None) -> CommandResult:
        apdu = commands.registration(self.password, config_byte, currency, service_byte)
        return self._run("registration", apdu, self.timers.t4, deadline=deadline)

    def send_turnover_totals(self, *, deadline: float | None = None) -> CommandResult:
        """The current period's totals and report lines, read-only (never End-of-Day). The 04 0F it may send
        carries totals, not a transaction: `transaction` of the result is not a payment record here."""
        return self._run("send_turnover_totals", commands.send_turnover_totals(self.password), self.timers.t4,
                         deadline=deadline)

    # --- conversation --------------------------------------------------------------------------------------
    _end: float | None = None  # the running command's overall deadline (monotonic)

    def _run(self, name: str, apdu: bytes, master_timeout: float, ends_at_ack: bool = False, *,
             deadline: float | None = None) -> CommandResult:
        end = time.monotonic() + self.timers.command
        self._end = end if deadline is None else min(end, deadline)
        try:
            return self._converse(name, apdu, master_timeout, ends_at_ack)
        finally:
            self._end = None

    def _converse(self, name: str, apdu: bytes, master_timeout: float, ends_at_ack: bool) -> CommandResult:
        res = CommandResult(command=name, outcome="acknowledged")
        self._context = name  # the status enquiry completion has its own layout
        self._check_deadline()
        self._link.reset_input()
        self._buf.clear()
        self._send(apdu)
        sent = time.monotonic()
        first = self._receive(self.timers.t2, "T2 first answer")
        res.first_answer_ms = int((time.monotonic() - sent) * 1000)
        res.raw.append(first.hex)
        if isinstance(first, Refusal):
            res.outcome, res.result_code, res.result = "refused", first.result_code, first.text
            res.messages.append(first)
            return res
        pending: TerminalMessage | None = None if isinstance(first, Ack) else first
        if ends_at_ack and pending is None:
            return res
        while True:
            msg = pending or self._receive(master_timeout, "T4 terminal master")
            pending = None
            if isinstance(msg, Refusal):  # 84 xx while the terminal is master: it gave up; never ack a refusal
                res.raw.append(msg.hex)
                res.messages.append(msg)
                res.outcome, res.result_code, res.result = "refused", msg.result_code, msg.text
                return res
            if not isinstance(msg, Ack):  # a late/duplicate 80 00 is not a message to acknowledge
                if msg is not first:
                    res.raw.append(msg.hex)
                self._event(msg)
                res.messages.append(msg)
                self._send(commands.ACK_APDU)
            if self._absorb(res, msg):
                return res

    def _event(self, msg: TerminalMessage) -> None:
        if self.on_event is not None:
            self.on_event(msg)

    @staticmethod
    def _absorb(res: CommandResult, msg: TerminalMessage) -> bool:
        """Fold one message into the result; True when it ends the command."""
        if isinstance(msg, (PrintLine, PrintTextBlock)):
            from pos_doctor.privacy import COLONS, SEPARATORS, STARS, mask_lines

            new = [msg.text] if isinstance(msg, PrintLine) else list(msg.lines)
            # each print line was masked alone when decoded; a card or phone number split across lines of the
            # receipt is found by masking the new lines with the lines before them as one text: the line before, and
            # before it every line made only of digits and separators (a number can run through those, "4111" /
            # "1111" / "1111 1111" on a narrow receipt, and through no other line)
            keep = len(res.receipt_lines) - 1 if res.receipt_lines else 0
            while keep > 0 and all(ch.isdecimal() or ch in SEPARATORS or ch in COLONS or ch in STARS
                                   for ch in res.receipt_lines[keep]):
                keep -= 1
            res.receipt_lines[keep:] = mask_lines(res.receipt_lines[keep:] + new)
        elif isinstance(msg, StatusInformation):
            res.transaction = msg.transaction
        elif isinstance(msg, Completion):
            res.outcome = "completed"
            res.result_code = msg.result_code
            res.result = codes.result_text(msg.result_code) if msg.result_code is not None else None
            res.terminal_status = msg.terminal_status
            if msg.terminal_status is not None:
                res.terminal_status_text = codes.terminal_status_text(msg.terminal_status)
            res.software_version = msg.software_version
            res.terminal_id = msg.terminal_id or (res.transaction.terminal_id if res.transaction else None)
            res.device, res.terminal_time = msg.device, msg.terminal_time
            return True
        elif isinstance(msg, Abort):
            res.outcome, res.result_code, res.result = "aborted", msg.result_code, msg.text
            res.error_text = msg.error_text
            return True
        return False

    # --- transport -----------------------------------------------------------------------------------------
    def _send(self, apdu: bytes) -> None:
        apdu = commands.safe_apdu(apdu)  # the choke point: refuses anything off the allowlist
        if self.transport == "tcp":
            self._link.write(apdu)
            self.stats.frames_sent += 1
            return
        frame = encode_frame(apdu)
        naks = 0
        for attempt in range(MAX_SENDS):
            if attempt:
                self.stats.repeats += 1
            self._link.write(frame)
            self.stats.frames_sent += 1
            answer = self._wait_ack()
            if answer == ACK:
                return
            if answer == NAK:
                naks += 1
                self.stats.naks_received += 1
            else:
                self.stats.timeouts += 1
        if naks == MAX_SENDS:
            raise FrameError(T("the terminal rejected the frame {MAX_SENDS} times (NAK): check cable and baud rate",
                               MAX_SENDS=MAX_SENDS))
        raise LinkTimeout(T("no ACK from the terminal after {MAX_SENDS} sends", MAX_SENDS=MAX_SENDS), timer="T3 ack")

    def _check_deadline(self) -> None:
        if self._end is not None and time.monotonic() >= self._end:
            self.stats.timeouts += 1
            raise LinkTimeout(T("the command ran out of time (overall deadline); the terminal kept it busy"),
                              timer="command deadline")

    def _bounded(self, timeout: float, timer: str) -> tuple[float, str]:
        """A timer's wait, cut to the command's overall deadline (which then names itself when it runs out)."""
        if self._end is None:
            return timeout, timer
        left = self._end - time.monotonic()
        return (left, "command deadline") if left < timeout else (timeout, timer)

    def _wait_ack(self) -> int | None:
        """ACK, NAK, or None on T3 expiry. A new frame instead of the ACK counts as ACK (some terminals omit it).
        Bytes of a frame the terminal sent ahead stay in the buffer for `_receive`."""
        self._check_deadline()
        deadline = time.monotonic() + self._bounded(self.timers.t3, "T3 ack")[0]
        fresh = len(self._buf)  # only bytes arriving from now on can be the ACK
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            chunk = self._link.read(1, left)
            if not chunk:
                return None
            if chunk[0] in (ACK, NAK) and len(self._buf) == fresh and not self._frame_open():
                return chunk[0]
            self._buf += chunk
            if bytes([DLE, STX]) in self._buf[max(fresh - 1, 0):]:
                self.stats.missing_acks += 1
                return ACK

    def _frame_open(self) -> bool:
        """True while the buffer holds the start of a frame whose end has not arrived (an 06 there is data)."""
        try:
            consumed, frame = decode_frame(self._buf)
        except FrameError:
            return False
        return frame is None and bytes([DLE, STX]) in self._buf[consumed:]

    def _receive(self, timeout: float, timer: str) -> TerminalMessage:
        timeout, timer = self._bounded(timeout, timer)
        apdu = self._receive_tcp(timeout, timer) if self.transport == "tcp" else self._receive_serial(timeout, timer)
        return decode_message(apdu, self._context)

    _context: str | None = None

    def _read_more(self, deadline: float, timer: str, started: bool) -> None:
        """Read what is there. Before a message starts the command's timer applies; inside one, T1."""
        left = deadline - time.monotonic()
        if left <= 0:
            self.stats.timeouts += 1
            # which timer ran out: in the English text, -v and the trace
            raise LinkTimeout(T("the terminal did not answer in time ({timer})", timer=timer), timer=timer)
        wait = min(left, self.timers.t1) if started else left
        chunk = self._link.read(4096, wait)
        if chunk:
            self._buf += chunk
        elif started and wait < left:
            self.stats.timeouts += 1
            raise LinkTimeout(T("the terminal stopped in the middle of a message (T1 inter-byte)"),
                              timer="T1 inter-byte")

    def _receive_serial(self, timeout: float, timer: str) -> bytes:
        deadline = time.monotonic() + timeout
        while True:
            try:
                consumed, frame = decode_frame(self._buf)
            except FrameError as exc:
                del self._buf[: exc.consumed or 1]
                self.stats.crc_errors += 1
                self._link.write(bytes([NAK]))
                self.stats.naks_sent += 1
                continue
            if consumed:
                del self._buf[:consumed]
            if frame is not None:
                if frame.crc_ok:
                    self._link.write(bytes([ACK]))
                    return frame.apdu
                self.stats.crc_errors += 1
                self.stats.naks_sent += 1
                self._link.write(bytes([NAK]))  # the terminal repeats the frame
                continue
            self._read_more(deadline, timer, started=bytes([DLE, STX]) in self._buf)

    def _receive_tcp(self, timeout: float, timer: str) -> bytes:
        deadline = time.monotonic() + timeout
        while True:
            if self._buf and (self._buf[0] not in _ZVT_CLASSES or self._buf[:2] == bytes([DLE, STX])):
                shown = bytes(self._buf[:16]).hex(" ").upper()
                raise ProtocolError(
                    T("not ZVT on this TCP link (got {shown}): wrong port or serial framing on a TCP link",
                      shown=shown),
                    hint=T("Check the terminal's ECR port (often 20007) and that it is set to TCP/IP, not serial "
                           "framing."))
            consumed, apdu = decode_tcp(self._buf)
            if apdu is not None:
                del self._buf[:consumed]
                return apdu
            self._read_more(deadline, timer, started=bool(self._buf))
