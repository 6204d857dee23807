"""The printer status's flood check after its last answer (issue 27): it waits the line time of two bytes on a serial
line, nothing where bytes do not travel at a baud rate, and still makes a printer that sends more than it was asked
"not understood". A scripted line on a virtual clock: the waits are read from the calls, never from a wall clock."""

from __future__ import annotations

import os

import pytest

from pos_doctor.link.port import LineSettings, open_link
from pos_doctor.protocols.escpos.session import SETTLE_BYTES, PrinterClient

BYTE_9600 = 10 / 9600  # 8N1: start bit, 8 data bits, stop bit


class ScriptedLine:
    """A printer on a line: answers each DLE EOT with `replies(n)` (bytes, each one line time after the other);
    `extra_after` seconds after the answer to DLE EOT 4, the bytes `extra` arrive (none when None)."""

    def __init__(self, per_byte: float | None, replies=lambda n: b"\x12", extra: bytes = b"", extra_after: float = 0.0):
        self.per_byte, self.replies, self.extra, self.extra_after = per_byte, replies, extra, extra_after
        self.now, self.pending, self.reads = 0.0, [], []

    def seconds_per_byte(self):
        return self.per_byte

    def reset_input(self):
        self.pending.clear()

    def write(self, data: bytes):
        n = data[2]
        step = self.per_byte or 0.0
        at = self.now + 4 * step
        for k, b in enumerate(self.replies(n)):
            self.pending.append((at + k * step, b))
        if n == 4 and self.extra:
            for k, b in enumerate(self.extra):
                self.pending.append((at + self.extra_after + k * step, b))

    def read(self, n: int, timeout: float) -> bytes:
        self.reads.append(timeout)
        due = [(t, b) for t, b in self.pending if t <= self.now + timeout]
        if not due:
            self.now += timeout
            return b""
        self.now = max(self.now, due[0][0])
        got = [(t, b) for t, b in self.pending if t <= self.now][:n]
        for item in got:
            self.pending.remove(item)
        return bytes(b for _, b in got)


def test_a_quiet_printer_costs_two_byte_times_after_its_last_answer():
    line = ScriptedLine(BYTE_9600)
    st = PrinterClient(line).status()
    assert st.online and st.not_understood is None
    assert line.reads[-1] == pytest.approx(SETTLE_BYTES * BYTE_9600)  # about 2 ms at 9600 baud, where it was 20 ms


def test_a_second_byte_one_line_time_after_the_last_answer_is_seen():
    line = ScriptedLine(BYTE_9600, extra=b"\x12", extra_after=BYTE_9600)  # answers DLE EOT 4 twice, back to back
    st = PrinterClient(line).status()
    assert st.not_understood == "1 byte(s) nobody asked for"


def test_a_flood_is_not_ready():
    line = ScriptedLine(BYTE_9600, replies=lambda n: b"\x12" * 8, extra=b"\x12" * 8, extra_after=BYTE_9600)
    assert PrinterClient(line).status().not_understood is not None


def test_where_bytes_come_in_packets_only_what_is_there_is_read():
    line = ScriptedLine(None, replies=lambda n: b"\x12\x12" if n == 4 else b"\x12")  # one packet, two answers
    st = PrinterClient(line).status()
    assert line.reads[-1] == 0.0 and st.not_understood == "1 byte(s) nobody asked for"
    quiet = ScriptedLine(None)
    assert PrinterClient(quiet).status().not_understood is None and quiet.reads[-1] == 0.0


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys")
@pytest.mark.parametrize("settings, per_byte", [(LineSettings(), 10 / 9600), (LineSettings(baudrate=1200, parity="E"), 11 / 1200),
                                                (LineSettings(baudrate=115200, stopbits=2), 11 / 115200)])
def test_a_serial_link_knows_its_line_time_of_one_byte(settings, per_byte):
    master, slave = os.openpty()
    try:
        with open_link(os.ttyname(slave), settings, name="printer", exclusive=False) as link:
            assert link.seconds_per_byte() == pytest.approx(per_byte)
    finally:
        os.close(master)
        os.close(slave)
