"""The APDUs the simulated terminal sends, built with the package's own encoders (one place for all builders)."""

from __future__ import annotations

from datetime import datetime, timedelta

from pos_doctor.protocols.zvt.apdu import encode_apdu
from pos_doctor.protocols.zvt.bmp import bcd, encode_bmp, lllvar
from pos_doctor.protocols.zvt.tlv import encode_tlv

from .scenario import TerminalSpec

ACK_APDU = bytes([0x80, 0x00, 0x00])


def refusal(code: int) -> bytes:
    return bytes([0x84, code, 0x00])


def intermediate(code: int) -> bytes:
    return encode_apdu(0x04, 0xFF, bytes([code]))


def print_line(text: str, attribute: int = 0x00) -> bytes:
    return encode_apdu(0x06, 0xD1, bytes([attribute]) + text.encode("cp437", "replace"))


def completion(data: bytes = b"") -> bytes:
    return encode_apdu(0x06, 0x0F, data)


def abort(code: int, text: str | None = None) -> bytes:
    extra = encode_bmp(0x06, [(0x1F17, text)]) if text else b""
    return encode_apdu(0x06, 0x1E, bytes([code]) + extra)


def terminal_clock(spec: TerminalSpec, now: datetime | None = None) -> datetime:
    return (now or datetime.now()) + timedelta(days=spec.clock_offset_days)


def status_completion(spec: TerminalSpec, status: int | None, with_version: bool) -> bytes:
    if status is None:  # `status: none`: the bare completion a third-party emulator sends (06 0F 00)
        return completion()
    clock = terminal_clock(spec)
    tlv = [
        (0x1F44, bcd(spec.terminal_id, 4)),
        (0xE4, [(0x1F40, spec.model), (0x1F41, spec.software_version), (0x1F42, spec.serial_number),
                (0x1F43, bytes([status]))]),
        (0x34, [(0x1F0E, bcd(clock.strftime("%Y%m%d"), 4)), (0x1F0F, bcd(clock.strftime("%H%M%S"), 3))]),
    ]
    head = lllvar(spec.software_version.encode("ascii")) if with_version else b""
    return completion(head + bytes([status]) + encode_bmp(0x06, tlv))


def status_information(spec: TerminalSpec) -> bytes:
    t = spec.last_transaction
    when = terminal_clock(spec)
    data = (encode_bmp(0x27, t.result) + encode_bmp(0x04, t.amount) + encode_bmp(0x49, t.currency)
            + encode_bmp(0x0B, t.trace) + encode_bmp(0x0C, when.strftime("%H%M%S"))
            + encode_bmp(0x0D, when.strftime("%m%d")) + encode_bmp(0x87, t.receipt)
            + encode_bmp(0x29, spec.terminal_id) + encode_bmp(0x8B, t.card_name) + encode_bmp(0x22, t.pan))
    return encode_apdu(0x04, 0x0F, data)


def receipt_lines(spec: TerminalSpec) -> list[str]:
    t = spec.last_transaction
    if t is None:
        return ["NO TRANSACTION"]
    amount = f"{t.amount // 100}.{t.amount % 100:02d}"
    return [f"TERMINAL {spec.terminal_id}", f"{t.card_name}", f"TRACE {t.trace}  RECEIPT {t.receipt}",
            f"AMOUNT {amount}", "APPROVED" if t.result == 0 else f"DECLINED ({t.result:02X})"]


def config_lines(spec: TerminalSpec) -> list[str]:
    return ["SYSTEM CONFIGURATION", f"MODEL {spec.model}", f"SW {spec.software_version}",
            f"SERIAL {spec.serial_number}", f"TID {spec.terminal_id}"]
