"""ZVT APDUs: CLASS INSTR LEN DATA, LEN one byte or FF + 2 bytes little-endian for 255 bytes or more."""

from __future__ import annotations

from dataclasses import dataclass

from pos_doctor.errors import ApduError


@dataclass(frozen=True)
class Apdu:
    cls: int
    instr: int
    data: bytes = b""

    @property
    def code(self) -> tuple[int, int]:
        return (self.cls, self.instr)

    def encode(self) -> bytes:
        return encode_apdu(self.cls, self.instr, self.data)

    def __str__(self) -> str:
        return f"{self.cls:02X} {self.instr:02X} [{len(self.data)}] {self.data.hex(' ').upper()}".rstrip()


def encode_apdu(cls: int, instr: int, data: bytes = b"") -> bytes:
    n = len(data)
    if n > 0xFFFF:
        raise ApduError(f"APDU data too long ({n} bytes)")
    head = bytes([cls & 0xFF, instr & 0xFF])
    if n < 0xFF:
        return head + bytes([n]) + bytes(data)
    return head + bytes([0xFF, n & 0xFF, n >> 8]) + bytes(data)


def decode_apdu(raw: bytes) -> Apdu:
    """Exactly one APDU; raises ApduError when the length field disagrees with the bytes."""
    raw = bytes(raw)
    if len(raw) < 3:
        raise ApduError(f"APDU too short ({len(raw)} bytes)")
    if raw[2] == 0xFF:
        if len(raw) < 5:
            raise ApduError("extended length field cut short")
        n, off = raw[3] | raw[4] << 8, 5
    else:
        n, off = raw[2], 3
    if len(raw) != off + n:
        raise ApduError(f"length field says {n} data bytes, got {len(raw) - off}")
    return Apdu(raw[0], raw[1], raw[off:])
