"""BER-TLV as ZVT uses it inside BMP 06: pure decode/encode.

Tags are kept as ints of their raw bytes (0x1F44, 0xE4) because the ZVT tables are written that way.
Lengths: one byte below 0x80, `81 xx`, `82 xx xx` - ZVT never needs more, so anything else is an ApduError.
"""

from __future__ import annotations

from typing import Any, Iterable, TypeAlias

from pos_doctor.errors import ApduError
from pos_doctor.values import Value

MAX_DEPTH = 16  # nesting this deep is garbage, and bounding it keeps hostile input from recursing forever


class Tlv(Value):
    tag: int
    value: bytes = b""
    children: tuple["Tlv", ...] = ()

    @property
    def constructed(self) -> bool:
        return is_constructed(self.tag)

    def find(self, tag: int) -> "Tlv | None":
        return find_tlv(self.children, tag)


TlvItem: TypeAlias = "Tlv | tuple[int, Any]"  # what encode_tlvs takes: an object, or (tag, value)


def tag_bytes(tag: int) -> bytes:
    if tag < 0:
        raise ApduError(f"negative TLV tag {tag}")
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def is_constructed(tag: int) -> bool:
    return bool(tag_bytes(tag)[0] & 0x20)


def _read_tag(data: bytes, i: int) -> tuple[int, int]:
    if i >= len(data):
        raise ApduError("TLV cut short before its tag")
    start = i
    i += 1
    if data[start] & 0x1F == 0x1F:  # multi-byte tag: continuation bytes have bit 8 set, the last one not
        while True:
            if i >= len(data):
                raise ApduError("TLV multi-byte tag cut short")
            i += 1
            if not data[i - 1] & 0x80:
                break
            if i - start >= 4:  # four bytes read and the fourth says another follows
                raise ApduError("TLV tag longer than 4 bytes")
    return int.from_bytes(data[start:i], "big"), i


def _read_len(data: bytes, i: int) -> tuple[int, int]:
    if i >= len(data):
        raise ApduError("TLV cut short before its length")
    b = data[i]
    if b < 0x80:
        return b, i + 1
    if b == 0x81:
        if i + 2 > len(data):
            raise ApduError("TLV length 81 cut short")
        return data[i + 1], i + 2
    if b == 0x82:
        if i + 3 > len(data):
            raise ApduError("TLV length 82 cut short")
        return data[i + 1] << 8 | data[i + 2], i + 3
    raise ApduError(f"unsupported TLV length byte 0x{b:02X}")


def decode_tlv(data: bytes, _depth: int = 0) -> tuple[Tlv, ...]:
    """All TLV objects in `data`; constructed tags (bit 0x20 of the first tag byte) are parsed into children."""
    if _depth > MAX_DEPTH:
        raise ApduError("TLV nested too deep")
    data = bytes(data)
    out: list[Tlv] = []
    i = 0
    while i < len(data):
        tag, i = _read_tag(data, i)
        n, i = _read_len(data, i)
        if i + n > len(data):
            raise ApduError(f"TLV tag {tag:X} says {n} bytes, only {len(data) - i} left")
        value = data[i : i + n]
        i += n
        children = decode_tlv(value, _depth + 1) if is_constructed(tag) else ()
        out.append(Tlv(tag, value, children))
    return tuple(out)


def encode_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    if n <= 0xFF:
        return bytes([0x81, n])
    if n <= 0xFFFF:
        return bytes([0x82, n >> 8, n & 0xFF])
    raise ApduError(f"TLV value too long ({n} bytes)")


def encode_tlv(tag: int, value: bytes | str | list[TlvItem] | tuple[TlvItem, ...] = b"") -> bytes:
    """One TLV object. `value` may be bytes, a CP437 string, or a list of (tag, value) / Tlv for constructed tags."""
    if isinstance(value, (list, tuple)):
        body = encode_tlvs(value)
    elif isinstance(value, str):
        body = value.encode("cp437", "replace")
    else:
        body = bytes(value)
    return tag_bytes(tag) + encode_length(len(body)) + body


def encode_tlvs(items: Iterable[TlvItem]) -> bytes:
    out = b""
    for item in items:
        if isinstance(item, Tlv):
            out += encode_tlv(item.tag, list(item.children) if item.children else item.value)
        else:
            out += encode_tlv(*item)
    return out


def find_tlv(items: Iterable[Tlv], tag: int) -> Tlv | None:
    """Depth-first search for the first object with `tag`."""
    for item in items:
        if item.tag == tag:
            return item
        hit = find_tlv(item.children, tag)
        if hit is not None:
            return hit
    return None


def tlv_text(items: Iterable[Tlv], tag: int) -> str | None:
    """The value as text (CP437) when it is text; a binary value (control bytes inside, e.g. a serial number
    `11 E9 30 EC`) as uppercase hex, so what the terminal sent stays readable and nothing is shown as garbage."""
    item = find_tlv(items, tag)
    return None if item is None else value_text(item.value)


def value_text(value: bytes) -> str:
    body = bytes(value).rstrip(b"\x00")
    if any(b < 0x20 or b == 0x7F for b in body):
        return body.hex().upper()
    return body.decode("cp437").strip()
