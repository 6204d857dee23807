"""ZVT BMPs ("bitmaps"): one tag byte, then a fixed, LLVAR (`Fx Fy`) or LLLVAR (`Fx Fy Fz`) value.

Card data (BMP 22 PAN, 23/24/2D track data) is masked inside the decoder: no decoded object ever holds it, and
`Bmp.span` lets callers redact it from hex dumps.
"""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple

from pos_doctor.errors import ApduError
from pos_doctor.privacy import mask_pan
from pos_doctor.values import Value

from . import tlv as _tlv


class Spec(NamedTuple):
    name: str
    kind: str  # "bcd" | "bin" | "llvar" | "lllvar" | "tlv"
    length: int = 0  # fixed length for bcd/bin
    fmt: str = "bin"  # value format for var kinds: "bin" | "text" | "bcd" | "pan" | "track"


BMPS: dict[int, Spec] = {
    0x01: Spec("timeout", "bin", 1),
    0x02: Spec("max_status_infos", "bin", 1),
    0x03: Spec("service_byte", "bin", 1),
    0x04: Spec("amount", "bcd", 6),
    0x05: Spec("pump_number", "bin", 1),
    0x06: Spec("tlv", "tlv"),
    0x0B: Spec("trace_number", "bcd", 3),
    0x0C: Spec("time", "bcd", 3),
    0x0D: Spec("date", "bcd", 2),
    0x0E: Spec("expiry_date", "bcd", 2),
    0x17: Spec("card_sequence_number", "bcd", 2),
    0x19: Spec("status_byte", "bin", 1),
    0x22: Spec("pan", "llvar", fmt="pan"),
    0x23: Spec("track2", "llvar", fmt="track"),
    0x24: Spec("track3", "lllvar", fmt="track"),
    0x27: Spec("result_code", "bin", 1),
    0x29: Spec("terminal_id", "bcd", 4),
    0x2A: Spec("vu_number", "bin", 15),
    0x2D: Spec("track1", "llvar", fmt="track"),
    0x2E: Spec("sync_chip_data", "lllvar"),
    0x37: Spec("original_trace_number", "bcd", 3),
    0x3A: Spec("cvv", "bcd", 2),
    0x3B: Spec("aid", "bin", 8),
    0x3C: Spec("additional_text", "lllvar", fmt="text"),
    0x3D: Spec("password", "bcd", 3),
    0x49: Spec("currency", "bcd", 2),
    0x60: Spec("individual_totals", "lllvar"),
    0x87: Spec("receipt_number", "bcd", 2),
    0x88: Spec("turnover_number", "bcd", 3),
    0x8A: Spec("card_type", "bin", 1),
    0x8B: Spec("card_name", "llvar", fmt="text"),
    0x8C: Spec("card_type_id", "bin", 1),
    0x9A: Spec("geldkarte_data", "lllvar"),
    0xA0: Spec("result_code_as", "bin", 1),
    0xA7: Spec("chip_data", "llvar"),
    0xAA: Spec("date_yymmdd", "bcd", 3),
    0xAF: Spec("ef_id", "lllvar"),
    0xBA: Spec("aid_parameter", "bin", 5),
    0xD0: Spec("algorithm_key", "bin", 1),
    0xD1: Spec("card_offset", "llvar"),
    0xD2: Spec("direct_debit_data", "llvar"),
    0xD3: Spec("extended_error", "llvar"),
    0xE0: Spec("min_length", "bin", 1),
    0xE1: Spec("text_line_1", "llvar", fmt="text"),
    0xE2: Spec("text_line_2", "llvar", fmt="text"),
    0xE3: Spec("text_line_3", "llvar", fmt="text"),
    0xE4: Spec("text_line_4", "llvar", fmt="text"),
    0xF1: Spec("text_1", "llvar", fmt="text"),
    0xF2: Spec("text_2", "llvar", fmt="text"),
}

SENSITIVE = frozenset(t for t, s in BMPS.items() if s.fmt in ("pan", "track")) | {0x3A}


class Bmp(Value):
    tag: int
    name: str
    # str of digits (bcd; None when the terminal filled it with FF: not reported), int (1-byte bin), bytes,
    # str (text, masked pan), tuple[Tlv] (06)
    value: Any
    span: tuple[int, int]  # where the value sits in the decoded data, for redacting hex dumps

    @property
    def sensitive(self) -> bool:
        return self.tag in SENSITIVE


def bcd_digits(data: bytes) -> str:
    """Packed BCD -> digit string; nibbles above 9 (ZVT pads with E/F) are dropped."""
    return "".join(f"{b:02X}" for b in data).rstrip("EF").replace("E", "").replace("F", "")


def pan_as_sent(data: bytes) -> str:
    """BMP 22 as the terminal sent it: the trailing pad nibble of an odd length (F, or E after a digit) dropped, and
    every other E/F nibble - a digit the terminal itself withheld - kept in place as '*', so the length stays.
    (Terminals withhold leading or middle digits and keep the last four, so a final E after a digit is the pad.)"""
    s = data.hex().upper()
    if s.endswith("F") or (len(s) >= 2 and s[-1] == "E" and s[-2].isdigit()):
        s = s[:-1]
    return "".join(c if c.isdigit() else "*" for c in s)


def mask_pan_in_place(pan: str) -> str:
    """The 6/4 rule (privacy.mask_pan) over a card number that may already hold '*': positions the terminal withheld
    stay withheld, the digits it sent are masked by the one masking function, and the length is kept."""
    masked = mask_pan("".join("0" if c == "*" else c for c in pan))
    if len(masked) != len(pan):  # the masking function chose another layout: it has the last word
        return masked
    return "".join("*" if a == "*" else b for a, b in zip(pan, masked, strict=True))


def bcd_strict(data: bytes, what: str = "BCD field") -> str:
    s = "".join(f"{b:02X}" for b in data)
    if not s.isdigit():
        raise ApduError(f"{what} is not BCD: {data.hex(' ').upper()}")
    return s


def bcd(n: int | str, length: int) -> bytes:
    """bcd(1234, 3) -> 00 12 34."""
    s = str(n)
    if not s.isdigit() or len(s) > 2 * length:
        raise ApduError(f"{n!r} does not fit {length} BCD bytes")
    return bytes.fromhex(s.rjust(2 * length, "0"))


def _var_len(digits: int, length: int) -> bytes:
    s = str(length)
    if len(s) > digits:
        raise ApduError(f"value of {length} bytes too long for a {digits}-digit length")
    return bytes(0xF0 | int(c) for c in s.rjust(digits, "0"))


def llvar(data: bytes) -> bytes:
    return _var_len(2, len(data)) + bytes(data)


def lllvar(data: bytes) -> bytes:
    return _var_len(3, len(data)) + bytes(data)


def _read_var_len(data: bytes, i: int, digits: int, tag: int) -> tuple[int, int]:
    if i + digits > len(data):
        raise ApduError(f"BMP {tag:02X} length cut short")
    n = 0
    for b in data[i : i + digits]:
        if b & 0xF0 != 0xF0 or b & 0x0F > 9:
            raise ApduError(f"BMP {tag:02X} has a bad length byte 0x{b:02X}")
        n = n * 10 + (b & 0x0F)
    return n, i + digits


def _value(spec: Spec, tag: int, raw: bytes) -> Any:
    if spec.kind == "bcd":
        if raw and all(b == 0xFF for b in raw):
            return None  # real terminals fill a field they have no value for with FF ("87 FF FF": no receipt number)
        return bcd_strict(raw, f"BMP {tag:02X} ({spec.name})")
    if spec.kind == "bin":
        return raw[0] if spec.length == 1 else raw
    if spec.kind == "tlv":
        return _tlv.decode_tlv(raw)
    if spec.fmt == "pan":
        return mask_pan_in_place(pan_as_sent(raw))
    if spec.fmt == "track":
        return f"[{len(raw)} bytes of card data withheld]"
    if spec.fmt == "text":
        return raw.decode("cp437").rstrip("\x00")
    return raw


def decode_bmps(data: bytes, *, strict: bool = True) -> list[Bmp]:
    """All BMPs in `data`. An unknown tag has no known length: strict raises ApduError, otherwise decoding
    stops and the remainder is kept as one Bmp(tag, "unknown", bytes) so nothing is silently lost."""
    data = bytes(data)
    out: list[Bmp] = []
    i = 0
    while i < len(data):
        tag = data[i]
        spec = BMPS.get(tag)
        if spec is None:
            if strict:
                raise ApduError(f"unknown BMP {tag:02X} at offset {i}")
            out.append(Bmp(tag, "unknown", data[i + 1 :], (i + 1, len(data))))
            break
        i += 1
        if spec.kind in ("bcd", "bin"):
            n = spec.length
        elif spec.kind == "llvar":
            n, i = _read_var_len(data, i, 2, tag)
        elif spec.kind == "lllvar":
            n, i = _read_var_len(data, i, 3, tag)
        else:  # tlv: BER length
            n, i = _tlv._read_len(data, i)
        if i + n > len(data):
            raise ApduError(f"BMP {tag:02X} ({spec.name}) needs {n} bytes, only {len(data) - i} left")
        out.append(Bmp(tag, spec.name, _value(spec, tag, data[i : i + n]), (i, i + n)))
        i += n
    return out


def bmp_dict(bmps: Iterable[Bmp]) -> dict[int, Any]:
    return {b.tag: b.value for b in bmps}


def encode_bmp(tag: int, value: Any) -> bytes:
    """One BMP. bcd fields take an int or digit string; 1-byte fields an int; var fields bytes or str (CP437);
    BMP 22 a digit string (packed BCD, padded with E); BMP 06 bytes or a list of (tag, value)/Tlv."""
    spec = BMPS.get(tag)
    if spec is None:
        raise ApduError(f"unknown BMP {tag:02X}")
    head = bytes([tag])
    if spec.kind == "bcd":
        return head + bcd(value, spec.length)
    if spec.kind == "bin":
        raw = bytes([value]) if isinstance(value, int) else bytes(value)
        if len(raw) != spec.length:
            raise ApduError(f"BMP {tag:02X} takes {spec.length} bytes, got {len(raw)}")
        return head + raw
    if spec.kind == "tlv":
        body = _tlv.encode_tlvs(value) if isinstance(value, (list, tuple)) else bytes(value)
        return head + _tlv.encode_length(len(body)) + body
    if spec.fmt == "pan" and isinstance(value, str):
        digits = value + ("E" if len(value) % 2 else "")
        raw = bytes.fromhex(digits)
    elif isinstance(value, str):
        raw = value.encode("cp437", "replace")
    else:
        raw = bytes(value)
    return head + (llvar(raw) if spec.kind == "llvar" else lllvar(raw))


def redact_hex(data: bytes, bmps: list[Bmp], offset: int = 0, *, values: bool = True) -> str:
    """Hex dump of `data` with the values of sensitive BMPs replaced by '**' (offset: where the BMPs begin).
    The remainder after an unknown tag is withheld too: its layout is unknown, so it may hold card data (a garbled
    tag byte in front of BMP 22 leaves the card number there). values=False withholds every value (tags stay)."""
    cells = [f"{b:02X}" for b in data]
    for b in bmps:
        if b.sensitive or b.name == "unknown" or not values:
            for k in range(offset + b.span[0], min(offset + b.span[1], len(cells))):
                cells[k] = "**"
    return " ".join(cells)
