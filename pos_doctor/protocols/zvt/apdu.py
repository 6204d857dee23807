"""ZVT APDUs: CLASS INSTR LEN DATA, LEN one byte or FF + 2 bytes little-endian for 255 bytes or more."""

from __future__ import annotations

from pos_doctor.errors import ApduError, RefusedCommand
from pos_doctor.i18n import T
from pos_doctor.values import Value

# ECR -> terminal instructions that move money or change the terminal's state: the "Never send" list of
# protocols/ZVT.md. The encoders refuse them, so no caller of this package can build one: not the client, not the
# simulator, not a script importing the codec. (Read-only reports such as 06 10 Send Turnover Totals are not here:
# whether they are sent is the allowlist's decision, commands.ALLOWED.)
FORBIDDEN: frozenset[tuple[int, int]] = frozenset({
    (0x06, 0x01),  # authorisation (payment)
    (0x06, 0x30), (0x06, 0x31),  # reversal, refund
    (0x06, 0x22), (0x06, 0x23), (0x06, 0x24), (0x06, 0x25),  # pre-authorisation and its booking / reversal
    (0x06, 0x50),  # end-of-day
    (0x06, 0x93),  # initialisation
    (0x06, 0x1B),  # set terminal ID
    (0x06, 0x95),  # change password
    (0x06, 0x18),  # reset terminal
    (0x08, 0x10),  # software update
    (0x08, 0x13),  # configuration change
})


def refuse_forbidden(cls: int, instr: int) -> None:
    if (cls & 0xFF, instr & 0xFF) in FORBIDDEN:
        raise RefusedCommand(
            T("{value:02X} {value2:02X} moves money or changes the terminal; pos-doctor never builds it",
              value=cls & 0xFF, value2=instr & 0xFF),
            hint=T("do payments, refunds and settings on the till or the terminal itself"))


class Apdu(Value):
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
    """Refuses the FORBIDDEN instructions (RefusedCommand)."""
    refuse_forbidden(cls, instr)
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
