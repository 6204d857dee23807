"""Typed messages a ZVT terminal sends to the cash register. Pure: bytes in, value objects out.

`decode_message` raises only ApduError. Card numbers are masked by the BMP decoder before any object here sees
them, and every `hex` dump has sensitive BMP values, and bytes whose layout is unknown, replaced by `**` (a garbled
message must not show a card number in its dump either).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable

from pos_doctor.errors import ApduError, ProtocolError
from pos_doctor.i18n import T, Text
from pos_doctor.privacy import mask_lines, redact_text_bytes, scrub
from pos_doctor.values import Value, replace

from . import codes
from .apdu import Apdu, decode_apdu
from .bmp import Bmp, bmp_dict, decode_bmps, redact_hex
from .tlv import Tlv, decode_tlv, find_tlv, tlv_text, value_text

if TYPE_CHECKING:
    from decimal import Decimal  # imported where an amount is decoded: a status enquiry has none (issue 27: CPU)


class TerminalMessage(Value):
    hex: str  # the APDU as hex, card data redacted

    @property
    def kind(self) -> str:
        return type(self).__name__


class Ack(TerminalMessage):
    pass


class Refusal(TerminalMessage):
    result_code: int = 0

    @property
    def text(self) -> Text:
        return codes.result_text(self.result_code)


class IntermediateStatus(TerminalMessage):
    code: int = 0
    timeout: int | None = None
    lines: tuple[str, ...] = ()  # free text from TLV 24/07 (code FF)

    @property
    def text(self) -> Text:
        if self.lines:
            return T("{value}", value=" / ".join(self.lines))  # the terminal's own words, as it shows them
        return codes.intermediate_text(self.code)


class Transaction(Value):
    approved: bool
    result_code: int | None
    amount: Decimal | None = None
    currency: str | None = None
    time: str | None = None  # "MM-DD HH:MM:SS", year prefixed when the terminal sends it
    trace_number: int | None = None
    receipt_number: int | None = None
    card_name: str | None = None
    pan_masked: str | None = None
    terminal_id: str | None = None

    @property
    def result(self) -> Text | None:
        return None if self.result_code is None else codes.result_text(self.result_code)


class StatusInformation(TerminalMessage):
    transaction: Transaction | None = None
    bmps: tuple[Bmp, ...] = ()
    tlv: tuple[Tlv, ...] = ()


class PrintLine(TerminalMessage):
    attribute: int = 0
    text: str = ""
    tlv: tuple[Tlv, ...] = ()  # a well-formed BMP 06 some terminals append after the text (kept as data, not text)

    @property
    def last_line(self) -> bool:
        return bool(self.attribute & 0x80)  # bit 8: last line of the receipt (attribute FF is also "last")


class PrintTextBlock(TerminalMessage):
    lines: tuple[str, ...] = ()
    tlv: tuple[Tlv, ...] = ()


class DeviceInfo(Value):
    name: str | None = None
    software_version: str | None = None
    serial_number: str | None = None
    state: int | None = None


class Completion(TerminalMessage):
    result_code: int | None = None
    terminal_status: int | None = None
    software_version: str | None = None
    terminal_id: str | None = None
    device: DeviceInfo | None = None
    terminal_time: datetime | None = None
    bmps: tuple[Bmp, ...] = ()
    tlv: tuple[Tlv, ...] = ()


class Abort(TerminalMessage):
    result_code: int = 0xFF
    extended_code: int | None = None
    error_text: str | None = None
    bmps: tuple[Bmp, ...] = ()

    @property
    def text(self) -> Text:
        return codes.result_text(self.result_code)


class SetDateTime(TerminalMessage):
    date: str | None = None
    time: str | None = None


class Unknown(TerminalMessage):
    cls: int = 0
    instr: int = 0
    data_length: int = 0


# --- helpers -------------------------------------------------------------------------------------------------

def _tlv_of(bmps: Iterable[Bmp]) -> tuple[Tlv, ...]:
    return next((b.value for b in bmps if b.tag == 0x06), ())


def _lines(items: Iterable[Tlv], container: int) -> tuple[str, ...]:
    box = find_tlv(items, container)
    src = box.children if box is not None else ()
    # the lines of one block are masked as one text: a card or phone number split across two lines is found
    return tuple(mask_lines([t.value.decode("cp437").rstrip("\x00") for t in src if t.tag == 0x07]))


def _int(v: str | int | None) -> int | None:
    return None if v is None else int(v)


def _transaction(bmps: Iterable[Bmp]) -> Transaction:
    from decimal import Decimal

    d = bmp_dict(bmps)
    rc = d.get(0x27)
    amount = Decimal(int(d[0x04])).scaleb(-2) if 0x04 in d else None  # cents, keep 2 places
    when = None
    if 0x0D in d or 0x0C in d:
        date, t = d.get(0x0D, ""), d.get(0x0C, "")
        parts = []
        if len(date) == 4:
            parts.append(f"{date[:2]}-{date[2:]}")
        if len(t) == 6:
            parts.append(f"{t[:2]}:{t[2:4]}:{t[4:]}")
        when = " ".join(parts) or None
        year = d.get(0xAA, "")
        if when and len(year) == 6 and len(date) == 4:
            when = f"20{year[:2]}-{when}"
    return Transaction(
        approved=rc == 0,
        result_code=rc,
        amount=amount,
        currency=codes.currency_alpha(int(d[0x49])) if 0x49 in d else None,
        time=when,
        trace_number=_int(d.get(0x0B)),
        receipt_number=_int(d.get(0x87)),
        card_name=scrub(d.get(0x8B)),  # a card name sometimes carries the number itself
        pan_masked=d.get(0x22) or None,
        terminal_id=d.get(0x29),
    )


def _terminal_time(items: Iterable[Tlv]) -> datetime | None:
    date, t = tlv_text_raw(items, 0x1F0E), tlv_text_raw(items, 0x1F0F)
    if not date or not t:  # a date without its time is no moment: midnight would move every record by hours
        return None
    try:
        if len(date) == 4:  # BCD YYYYMMDD
            y, m, dd = int(date[:2].hex()), int(date[2:3].hex()), int(date[3:4].hex())
        else:
            s = date.decode("ascii")
            y, m, dd = int(s[:4]), int(s[4:6]), int(s[6:8])
        if len(t) == 3:
            hh, mm, ss = int(t[0:1].hex()), int(t[1:2].hex()), int(t[2:3].hex())
        else:
            s = t.decode("ascii")
            hh, mm, ss = int(s[:2]), int(s[2:4]), int(s[4:6])
        return datetime(y, m, dd, hh, mm, ss)
    except (ValueError, UnicodeDecodeError, IndexError):
        return None  # an unreadable clock is a finding for the checks, not a protocol error


def tlv_text_raw(items: Iterable[Tlv], tag: int) -> bytes | None:
    item = find_tlv(items, tag)
    return None if item is None else item.value


def _device(items: Iterable[Tlv]) -> DeviceInfo | None:
    box = find_tlv(items, 0xE4)
    if box is None:
        return None
    state = box.find(0x1F43)
    return DeviceInfo(
        name=scrub(tlv_text(box.children, 0x1F40)),  # terminal-reported texts are free text: masked here
        # the version is a field whose meaning is known: never masked (a version such as 'cR02.01.01-00.09' reads
        # like digits of a card number to a free-text masker); a serial may be free text and stays masked
        software_version=tlv_text(box.children, 0x1F41),
        serial_number=scrub(tlv_text(box.children, 0x1F42)),
        state=int.from_bytes(state.value, "big") if state is not None and state.value else None,
    )


def _terminal_id(items: Iterable[Tlv], bmps: Iterable[Bmp]) -> str | None:
    tid = find_tlv(items, 0x1F44)
    if tid is not None:
        v = tid.value
        hx = v.hex().upper()
        return hx if hx.isdigit() else value_text(v)
    return bmp_dict(bmps).get(0x29)


def _completion_status_enquiry(data: bytes, off: int) -> tuple[dict[str, Any], list[tuple[Bmp, int]]]:
    i = 0
    version = None
    if len(data) >= 3 and all(b & 0xF0 == 0xF0 and b & 0x0F <= 9 for b in data[:3]):
        n = (data[0] & 0xF) * 100 + (data[1] & 0xF) * 10 + (data[2] & 0xF)
        if 3 + n > len(data):
            raise ApduError("status enquiry completion: software version cut short")
        version = data[3 : 3 + n].decode("cp437").strip()
        i = 3 + n
    status = data[i] if i < len(data) else None
    i += 1 if status is not None else 0
    rest = data[i:]
    items: tuple[Tlv, ...] = ()
    if rest[:1] == b"\x06":
        bmps = decode_bmps(rest, strict=False)
        items = _tlv_of(bmps)
    else:
        bmps = decode_bmps(rest, strict=False) if rest else []
    return {"software_version": version, "terminal_status": status, "tlv": items}, [(b, off + i) for b in bmps]


def decode_message(apdu: bytes, context: str | None = None) -> TerminalMessage:
    """Decode one terminal APDU. `context` is the command it answers ("status_enquiry" changes 06 0F)."""
    try:
        return _hide_text_in_hex(bytes(apdu), _decode(bytes(apdu), context))
    except ProtocolError:
        raise
    except (IndexError, ValueError, KeyError, TypeError) as exc:  # any slip on hostile bytes stays a protocol error
        raise ApduError(f"undecodable terminal message: {exc}") from None


def _hide_text_in_hex(raw: bytes, msg: TerminalMessage) -> TerminalMessage:
    """Texts the terminal sends (04 FF status, 06 1E abort texts, print lines, any field) are masked where decoded;
    their bytes in the hex dump are withheld the same way, whatever the message (privacy.redact_text_bytes)."""
    cells = msg.hex.split(" ")
    if len(cells) != len(raw):
        return msg
    hidden = redact_text_bytes(raw, cells)
    changes = {"hex": " ".join(hidden)} if hidden != cells else {}
    if isinstance(msg, Abort) and msg.error_text:
        changes["error_text"] = scrub(msg.error_text)
    return replace(msg, **changes) if changes else msg


def _intermediate(raw: bytes, data: bytes, off: int, context: str | None) -> TerminalMessage:
    if not data:
        raise ApduError("intermediate status without a status byte")
    rest, timeout = data[1:], None
    if rest and rest[0] != 0x06:
        timeout, rest = rest[0], rest[1:]
    bmps = decode_bmps(rest, strict=False) if rest else []
    items = _tlv_of(bmps)
    lines = _lines(items, 0x24) or tuple(mask_lines([t.value.decode("cp437") for t in items if t.tag == 0x07]))
    return IntermediateStatus(redact_hex(raw, bmps, len(raw) - len(rest)), code=data[0], timeout=timeout, lines=lines)


def _status_information(raw: bytes, data: bytes, off: int, context: str | None) -> TerminalMessage:
    bmps = decode_bmps(data, strict=False)
    # the message that carries the card number: its dump shows which fields came, not their values (a garbled tag
    # or length would otherwise show the number's digits as some other field; the Transaction has every value)
    return StatusInformation(redact_hex(raw, bmps, off, values=False), transaction=_transaction(bmps), bmps=tuple(bmps),
                             tlv=_tlv_of(bmps))


def _print_line(raw: bytes, data: bytes, off: int, context: str | None) -> TerminalMessage:
    if not data:
        raise ApduError("print line without an attribute byte")
    body, items = _split_trailing_tlv(data[1:])
    text = body.decode("cp437").rstrip("\x00")
    hx = _hex(raw)
    if scrub(text) != text:  # a card number on the receipt: its bytes must not stay readable in the hex dump
        cells = hx.split(" ")
        hx = " ".join(cells[:off + 1] + ["**"] * (len(cells) - off - 1))
    return PrintLine(hx, attribute=data[0], text=scrub(text), tlv=items)


def _split_trailing_tlv(body: bytes) -> tuple[bytes, tuple[Tlv, ...]]:
    """Text and the well-formed BMP 06 that ends it, if one does (`... 06 04 1F 07 01 01`: receipt type). Only a
    block that parses as exactly one BMP 06 running to the last byte is taken; anything else stays text."""
    p, tries = body.rfind(b"\x06"), 8  # bounded: a hostile line full of 06 bytes stays linear
    while p >= 0 and tries:
        tries -= 1
        try:
            bmps = decode_bmps(body[p:])
        except ApduError:
            bmps = []
        if len(bmps) == 1 and bmps[0].tag == 0x06 and bmps[0].span[1] == len(body) - p:
            return body[:p], bmps[0].value
        p = body.rfind(b"\x06", 0, p)
    return body, ()


def _print_block(raw: bytes, data: bytes, off: int, context: str | None) -> TerminalMessage:
    bmps = decode_bmps(data, strict=False)
    items = _tlv_of(bmps)
    return PrintTextBlock(redact_hex(raw, bmps, off), lines=_lines(items, 0x25), tlv=items)


def _completion(raw: bytes, data: bytes, off: int, context: str | None) -> TerminalMessage:
    if context == "status_enquiry":
        fields, placed = _completion_status_enquiry(data, off)
        bmps = [b for b, _ in placed]
        hx = redact_hex(raw, bmps, placed[0][1]) if placed else _hex(raw)
        items = fields["tlv"]
        device = _device(items)
        # the status enquiry completion carries no result code; its status byte may be absent (`06 0F 00`): then
        # both stay None - "not reported" - and nothing downstream may read that as "ready"
        return Completion(hx, result_code=None, terminal_status=fields["terminal_status"],
                          software_version=fields["software_version"] or (device.software_version if device else None),
                          terminal_id=_terminal_id(items, bmps), device=device,
                          terminal_time=_terminal_time(items), bmps=tuple(bmps), tlv=items)
    bmps = decode_bmps(data, strict=False)
    items = _tlv_of(bmps)
    d = bmp_dict(bmps)
    return Completion(redact_hex(raw, bmps, off), result_code=d.get(0x27), terminal_status=d.get(0x19),
                      terminal_id=_terminal_id(items, bmps), device=_device(items),
                      terminal_time=_terminal_time(items), bmps=tuple(bmps), tlv=items)


def _abort(raw: bytes, data: bytes, off: int, context: str | None) -> TerminalMessage:
    rc = data[0] if data else 0xFF
    rest = data[1:]
    bmps = decode_bmps(rest, strict=False) if rest else []
    items = _tlv_of(bmps)
    if not items and rest[:1] not in (b"", b"\x06"):
        try:  # some terminals put the TLV objects right after the code, without the BMP 06 wrapper
            items = decode_tlv(rest)
        except ApduError:
            items = ()
    ext = find_tlv(items, 0x1F16)
    return Abort(redact_hex(raw, bmps, off + 1), result_code=rc,
                 extended_code=int.from_bytes(ext.value, "big") if ext is not None and ext.value else None,
                 error_text=tlv_text(items, 0x1F17), bmps=tuple(bmps))


def _set_date_time(raw: bytes, data: bytes, off: int, context: str | None) -> TerminalMessage:
    bmps = decode_bmps(data, strict=False)
    d = bmp_dict(bmps)
    return SetDateTime(redact_hex(raw, bmps, off), date=d.get(0xAA) or d.get(0x0D), time=d.get(0x0C))


def _hex(raw: bytes) -> str:
    return raw.hex(" ").upper()


def _header_hex(a: Apdu) -> str:
    """Only the header of an APDU whose data has no known layout (it may carry anything, card data included)."""
    return f"{a.cls:02X} {a.instr:02X} [{len(a.data)} bytes]"


# terminal messages by (class, instr); 80 xx and 84 xx are matched on the class alone
DECODERS = {
    (0x04, 0xFF): _intermediate,
    (0x04, 0x0F): _status_information,
    (0x06, 0xD1): _print_line,
    (0x06, 0xD3): _print_block,
    (0x06, 0x0F): _completion,
    (0x06, 0x1E): _abort,
    (0x04, 0x01): _set_date_time,
}


def _decode(raw: bytes, context: str | None) -> TerminalMessage:
    a = decode_apdu(raw)
    if a.cls in (0x80, 0x84):  # 80 00 00 / 84 xx 00 carry no data; a garbled one might carry anything
        hx = _hex(raw) if not a.data else _header_hex(a)
        return Ack(hx) if a.cls == 0x80 else Refusal(hx, result_code=a.instr)
    decoder = DECODERS.get(a.code)
    if decoder is not None:
        return decoder(raw, a.data, len(raw) - len(a.data), context)
    # unknown messages may carry anything, card data included: keep only the header
    return Unknown(_header_hex(a), cls=a.cls, instr=a.instr,
                   data_length=len(a.data))
