"""ZVT transport framing: serial (DLE STX ... DLE ETX CRC) and TCP (length-delimited APDUs).

Pure and restartable, like pymodbus' framers: `decode_*(buf) -> (consumed, result)`; consumed == 0 with a None
result means "need more bytes". The serial decoder hunts past garbage to the next DLE STX.
"""

from __future__ import annotations

from pos_doctor.errors import FrameError
from pos_doctor.values import Value

from .apdu import refuse_forbidden

DLE, STX, ETX = 0x10, 0x02, 0x03
ACK, NAK = 0x06, 0x15
MAX_APDU = 3 + 2 + 0xFFFF  # class, instr, FF, 2-byte length, data


def _crc_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc_table()


def crc16_kermit(data: bytes, crc: int = 0) -> int:
    """CRC-16/KERMIT (CCITT reflected, init 0, no xor-out). Check value of b'123456789' is 0x2189."""
    for b in data:
        crc = (crc >> 8) ^ _TABLE[(crc ^ b) & 0xFF]
    return crc


def stuff(apdu: bytes) -> bytes:
    return apdu.replace(b"\x10", b"\x10\x10")


def encode_frame(apdu: bytes) -> bytes:
    """APDU -> full serial frame; CRC over the unstuffed APDU + ETX, low byte first, not stuffed. Refuses the
    financial and state-changing instructions (apdu.FORBIDDEN), like encode_apdu."""
    if len(apdu) >= 2:
        refuse_forbidden(apdu[0], apdu[1])
    crc = crc16_kermit(bytes(apdu) + bytes([ETX]))
    return bytes([DLE, STX]) + stuff(bytes(apdu)) + bytes([DLE, ETX, crc & 0xFF, crc >> 8])


class Frame(Value):
    """A complete serial frame; `crc_ok` False means the receiver must answer NAK."""

    apdu: bytes
    crc_ok: bool = True
    garbage: int = 0  # bytes skipped before the frame started


def decode_frame(buf: bytes | bytearray) -> tuple[int, Frame | None]:
    """Find the next frame in `buf`.

    Returns (consumed, Frame) for a complete frame (possibly with a bad CRC), (0, None) when more bytes are
    needed, and (n, None) when n leading bytes are garbage that can be dropped. Raises FrameError, after which
    the caller should drop `exc.consumed` bytes, for a DLE followed by anything but DLE/ETX inside a frame.
    """
    buf = bytes(buf)
    start = buf.find(bytes([DLE, STX]))
    if start < 0:
        # keep a trailing DLE: it may be the start of DLE STX
        keep = 1 if buf.endswith(bytes([DLE])) else 0
        return len(buf) - keep, None
    i = start + 2
    apdu = bytearray()
    n = len(buf)
    while i < n:
        b = buf[i]
        if b != DLE:
            apdu.append(b)
            i += 1
            if len(apdu) > MAX_APDU:
                raise FrameError("frame longer than any APDU", consumed=i)
            continue
        if i + 1 >= n:
            return (start, None) if start else (0, None)
        nxt = buf[i + 1]
        if nxt == DLE:
            apdu.append(DLE)
            i += 2
        elif nxt == ETX:
            if i + 4 > n:
                return (start, None) if start else (0, None)
            crc_lo, crc_hi = buf[i + 2], buf[i + 3]
            ok = crc16_kermit(bytes(apdu) + bytes([ETX])) == (crc_lo | crc_hi << 8)
            return i + 4, Frame(bytes(apdu), ok, start)
        elif nxt == STX:
            # a new frame starts inside this one: the first was cut short; resynchronise on the new one
            return i, None
        else:
            raise FrameError(f"DLE followed by 0x{nxt:02X} inside a frame", consumed=i + 2)
    return (start, None) if start else (0, None)


def apdu_length(buf: bytes | bytearray) -> int | None:
    """Total length of the APDU at the start of `buf`, or None if the header is not complete yet."""
    if len(buf) < 3:
        return None
    if buf[2] != 0xFF:
        return 3 + buf[2]
    if len(buf) < 5:
        return None
    return 5 + (buf[3] | buf[4] << 8)


def decode_tcp(buf: bytes | bytearray) -> tuple[int, bytes | None]:
    """TCP framing: APDUs back to back, delimited by their own length field."""
    total = apdu_length(buf)
    if total is None or len(buf) < total:
        return 0, None
    return total, bytes(buf[:total])
