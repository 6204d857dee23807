"""The simulated ZVT payment terminal (PT side), driven over any endpoint that moves bytes.

The terminal knows framing (serial DLE/STX with ACK/NAK, or ZVT-over-TCP raw APDUs) but nothing of ptys or
sockets: an endpoint gives it `read(timeout) -> bytes` (b"" on timeout, OSError when gone), `write(bytes)` and
`unplug()`. Faults from the scenario are applied here so every transport shows the same misbehaviour.
"""

from __future__ import annotations

import threading
import time

from pos_doctor.errors import PosDoctorError
from pos_doctor.protocols.zvt import framing
from pos_doctor.protocols.zvt.apdu import decode_apdu

from . import zvt_messages as m
from .endpoints import Endpoint, Unconnected, hold
from .scenario import TerminalSpec

ACK_TIMEOUT = 1.0       # how long the terminal waits for the ECR's ACK byte before repeating
APP_ACK_TIMEOUT = 3.0   # how long it waits for the ECR's 80 00 00 before giving up the conversation
REG_PRINTS_TO_ECR = 0x02 | 0x04 | 0x80


class Unplugged(Exception):
    pass


class ZvtTerminal:
    def __init__(self, spec: TerminalSpec, *, framing_mode: str = "serial", log=None,
                 stop: threading.Event | None = None):
        self.spec = spec
        self.serial = framing_mode == "serial"
        self.log = log or (lambda msg: None)
        self.stop = stop or threading.Event()
        self.rx = bytearray()
        self.config_byte: int | None = None
        self.status_queries = 0
        self.frames_in = 0
        self.frames_out = 0
        self.bytes_out = 0
        self.delays_s = 0.0  # processing delays served, for the physical floor
        self.ep: Endpoint = Unconnected()
        self._unacked: bytes | None = None

    # --- serving -------------------------------------------------------------------------------------
    def serve(self, ep: Endpoint) -> None:
        """Serve one connected peer until it goes away or stop is set."""
        self.ep, self.rx = ep, bytearray()
        try:
            while not self.stop.is_set():
                apdu = self._next_apdu(0.2)
                if apdu is None:
                    continue
                if self.spec.dead:
                    continue
                if self.spec.mute:
                    self.log("terminal: took the command and never answered (fault)")
                    continue
                self._handle(apdu)
        except (OSError, EOFError, Unplugged):
            return

    def _write(self, data: bytes) -> None:
        stall = self.spec.stall_after_bytes
        if stall and self.bytes_out + len(data) > stall:
            part = data[: max(0, stall - self.bytes_out)]
            if part:
                self.bytes_out += len(part)
                self.ep.write(part)
            self.log("terminal: stopped sending mid-message, line still open (fault)")
            self.stop.wait()  # hung until the simulator stops, as a real one stays hung until restarted
            raise Unplugged()
        limit = self.spec.unplug_after_bytes
        if limit and self.bytes_out + len(data) > limit:
            part = data[: max(1, limit - self.bytes_out)]
            self.ep.write(part)
            self.log("terminal: unplugged mid-frame")
            self.ep.unplug()
            raise Unplugged()
        self.bytes_out += len(data)
        self.ep.write(data)

    def _fill(self, timeout: float) -> bool:
        data = self.ep.read(timeout)
        if data:
            self.rx += data
            return True
        return False

    def _next_apdu(self, timeout: float) -> bytes | None:
        """The next complete APDU from the ECR, ACKing (or NAKing) serial frames at once."""
        deadline = time.monotonic() + timeout
        while not self.stop.is_set():
            if self.serial:
                # stray ACK/NAK bytes between frames are not frames
                while self.rx and self.rx[0] in (framing.ACK, framing.NAK):
                    del self.rx[:1]
                consumed, frame = framing.decode_frame(self.rx)
                del self.rx[:consumed]
                if frame is not None:
                    self.frames_in += 1
                    if self.spec.dead:
                        continue  # a dead terminal sends nothing at all, not even the line ACK
                    if not frame.crc_ok:
                        self._write(bytes([framing.NAK]))
                        continue
                    drop = self.spec.drop_ack_every
                    if self._unacked == frame.apdu:
                        # the ECR repeats the frame whose ACK we dropped: ACK it, but act on it only once
                        self._unacked = None
                        self._write(bytes([framing.ACK]))
                        continue
                    if drop and self.frames_in % drop == 0:
                        self.log("terminal: dropped the ACK (fault)")
                        self._unacked = frame.apdu
                    else:
                        self._unacked = None
                        self._write(bytes([framing.ACK]))
                    return frame.apdu
            else:
                consumed, apdu = framing.decode_tcp(self.rx)
                del self.rx[:consumed]
                if apdu is not None:
                    return apdu
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._fill(min(left, 0.2))
        return None

    def _send(self, apdu: bytes) -> None:
        """Send one APDU; on serial wait for the ACK byte and repeat up to 3 times on NAK or silence."""
        if not self.serial:
            self._write(apdu)
            return
        for _attempt in range(4):
            self.frames_out += 1
            frame = framing.encode_frame(apdu)
            corrupt = self.spec.corrupt_crc_every
            if corrupt and self.frames_out % corrupt == 0:
                frame = frame[:-1] + bytes([frame[-1] ^ 0xFF])
                self.log("terminal: sent a frame with a bad CRC (fault)")
            self._write(frame)
            if self._wait_ack():
                return
        self.log("terminal: no ACK after 3 repeats, giving up")
        raise EOFError()

    def _wait_ack(self) -> bool:
        deadline = time.monotonic() + ACK_TIMEOUT
        while not self.stop.is_set():
            if self.rx:
                b = self.rx[0]
                if b in (framing.ACK, framing.NAK):
                    del self.rx[:1]
                    return b == framing.ACK
                return False  # a frame instead of an ACK: repeat
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self._fill(min(left, 0.2))
        raise EOFError()

    def _master(self, apdus: list[bytes]) -> None:
        """Send each message as master and wait for the ECR's 80 00 00 before the next."""
        for apdu in apdus:
            self._send(apdu)
            answer = self._next_apdu(APP_ACK_TIMEOUT)
            if answer is None:
                self.log("terminal: no application ACK from the ECR")
                return
            if answer[:2] == b"\x06\xb0":
                self._send(m.ACK_APDU)
                self._send(m.abort(0x6C))
                return

    def _delay(self) -> None:
        self.delays_s += self.spec.delay_ms / 1000
        hold(self.ep, self.spec.delay_ms / 1000, self.stop)

    # --- commands ------------------------------------------------------------------------------------
    def _handle(self, raw: bytes) -> None:
        try:
            apdu = decode_apdu(raw)
        except PosDoctorError:
            self._delay()
            self._send(m.refusal(0x83))
            return
        if (apdu.cls, apdu.instr) == (0x80, 0x00):
            return  # a late application ACK while idle is not a command
        code = (apdu.cls, apdu.instr)
        self.log(f"terminal: command {apdu.cls:02X} {apdu.instr:02X}")
        if self.spec.refuse_all is not None:
            self._delay()  # a refusal is the first and only answer: it comes after the processing delay
            self._send(m.refusal(self.spec.refuse_all))
            return
        handler = {
            (0x05, 0x01): self._status_enquiry, (0x06, 0x70): self._diagnosis, (0x06, 0x20): self._repeat_receipt,
            (0x06, 0x1A): self._print_config, (0x06, 0x00): self._registration,
            (0x06, 0x02): self._ack_only, (0x06, 0xB0): self._ack_only, (0x06, 0x10): self._turnover,
        }.get(code)
        if handler is None:
            self.log(f"terminal: refused unsupported command {apdu.cls:02X} {apdu.instr:02X}")
            self._send(m.refusal(0x83))
            return
        handler(apdu.data)

    def _ack_only(self, data: bytes) -> None:
        self._send(m.ACK_APDU)  # nothing to complete: no delay

    @staticmethod
    def _service_byte(data: bytes) -> int | None:
        # [pw 3 BCD] [03 <service byte>]
        if len(data) >= 5 and data[3] == 0x03:
            return data[4]
        return None

    def _ack_then_work(self) -> None:
        """`delay_ms`: the command is acknowledged (80 00 00) at once and completed after the delay, like a real
        terminal that takes the command and then works on it."""
        self._send(m.ACK_APDU)
        self._delay()

    def current_status(self) -> int | None:
        s = self.spec
        if s.heal_after and self.status_queries > s.heal_after:
            return 0x00
        return s.status

    def _status_enquiry(self, data: bytes) -> None:
        self.status_queries += 1
        service = self._service_byte(data)
        self._ack_then_work()
        status = self.current_status()
        self._master([m.status_completion(self.spec, status, with_version=not (service or 0) & 0x02)])

    def _diagnosis(self, data: bytes) -> None:
        self._ack_then_work()
        msgs = [m.intermediate(0x13)]  # dialling / connecting to host
        if self.spec.diagnosis == "host-unreachable":
            self.log("terminal: diagnosis failed, payment host unreachable")
            msgs.append(m.abort(self.spec.diagnosis_error, "no connection to host"))
        else:
            msgs += [m.intermediate(0x14), m.completion()]
        self._master(msgs)

    def _prints(self, lines: list[str], service: int | None) -> list[bytes]:
        """Print lines go to the ECR only when it registered for receipts and did not say 'no print'."""
        registered = self.spec.ecr_prints if self.config_byte is None else self.config_byte & REG_PRINTS_TO_ECR
        to_ecr = bool(registered)
        if service is not None and service & 0x02:
            return []
        if to_ecr:
            return [m.print_line(line) for line in lines]
        for line in lines:
            self.log(f"terminal: printed {line!r}")
        return []

    def _repeat_receipt(self, data: bytes) -> None:
        service = self._service_byte(data)
        self._ack_then_work()
        msgs = []
        if service is not None and service & 0x01 and self.spec.last_transaction is not None:
            msgs.append(m.status_information(self.spec))
        msgs += self._prints(m.receipt_lines(self.spec), service)
        self._master(msgs + [m.completion()])

    def _turnover(self, data: bytes) -> None:
        if not self.spec.period_list:
            self.log("terminal: cannot list its period (Send Turnover Totals refused)")
            self._send(m.refusal(0x83))
            return
        self._ack_then_work()
        self._master([m.turnover_status(self.spec)] + self._prints(m.turnover_lines(self.spec),
                                                                   None) + [m.completion()])

    def _print_config(self, data: bytes) -> None:
        self._ack_then_work()
        self._master(self._prints(m.config_lines(self.spec), None) + [m.completion()])

    def _registration(self, data: bytes) -> None:
        self.config_byte = data[3] if len(data) >= 4 else 0
        self.log(f"terminal: registered, config byte {self.config_byte:02X}")
        self._ack_then_work()
        self._master([m.completion()])
