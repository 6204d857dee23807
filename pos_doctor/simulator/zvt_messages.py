"""The APDUs the simulated terminal sends, built with the package's own encoders (one place for all builders)."""

from __future__ import annotations

from datetime import datetime, timedelta

from pos_doctor.privacy import mask_pan
from pos_doctor.protocols.zvt.apdu import encode_apdu
from pos_doctor.protocols.zvt.bmp import bcd, encode_bmp, lllvar
from pos_doctor.protocols.zvt.codes import currency_alpha

from .scenario import LastTransaction, TerminalSpec

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
    return (now or datetime.now()) + timedelta(days=spec.clock_offset_days, minutes=spec.clock_offset_minutes)


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


def transactions(spec: TerminalSpec) -> list[LastTransaction]:
    """The period's transactions, oldest first (the journal, or the one last transaction)."""
    if spec.journal is not None:
        return list(spec.journal)
    return [spec.last_transaction] if spec.last_transaction is not None else []


def tx_time(spec: TerminalSpec, t: LastTransaction, now: datetime | None = None) -> datetime:
    return (terminal_clock(spec, now) - timedelta(minutes=t.minutes_ago)).replace(microsecond=0)


def status_information(spec: TerminalSpec) -> bytes:
    t = spec.last_transaction
    if t is None:  # nothing to tell: callers ask only when there is a last transaction
        raise ValueError("no last transaction in the scenario")
    if t.status_only:  # only the result code: no amount, time, trace or receipt number
        return encode_apdu(0x04, 0x0F, encode_bmp(0x27, t.result))
    when = tx_time(spec, t)
    data = (encode_bmp(0x27, t.result) + encode_bmp(0x04, t.amount) + encode_bmp(0x49, t.currency)
            + encode_bmp(0x0B, t.trace) + encode_bmp(0x0C, when.strftime("%H%M%S"))
            + encode_bmp(0x0D, when.strftime("%m%d")) + encode_bmp(0x87, t.receipt)
            + encode_bmp(0x29, spec.terminal_id) + encode_bmp(0x8B, t.card_name) + encode_bmp(0x22, t.pan))
    return encode_apdu(0x04, 0x0F, data)


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def listed_result(t: LastTransaction) -> int:
    """The result the period listing prints (a terminal whose sources disagree prints another than its 04 0F)."""
    return t.result if t.listed_result is None else t.listed_result


def _result_lines(t: LastTransaction, result: int | None = None) -> list[str]:
    result = t.result if result is None else result
    word = "APPROVED" if result == 0 else f"DECLINED ({result:02X})"
    lines = [t.result_text or word]
    if t.reversal_pending:
        lines.append("AUTO-REVERSAL PENDING")
    return lines


def receipt_lines(spec: TerminalSpec) -> list[str]:
    t = spec.last_transaction
    if t is None:
        return ["NO TRANSACTION"]
    return [f"TERMINAL {spec.terminal_id}", f"{t.card_name}", f"DATE {tx_time(spec, t):%Y-%m-%d %H:%M:%S}",
            f"TRACE {t.trace}  RECEIPT {t.receipt}", f"AMOUNT {_amount(t.amount)}", *_result_lines(t)]


def turnover_lines(spec: TerminalSpec) -> list[str]:
    """The period report for Send Turnover Totals: every transaction since the period began, then the count."""
    now = datetime.now()
    since = (terminal_clock(spec, now) - timedelta(minutes=spec.period_minutes)).replace(microsecond=0)
    lines = ["TURNOVER REPORT", f"TERMINAL {spec.terminal_id}", f"TURNOVER SINCE {since:%Y-%m-%d %H:%M:%S}"]
    total = 0
    txs = transactions(spec)
    for t in txs:
        lines += ["-" * 24, f"DATE {tx_time(spec, t, now):%Y-%m-%d %H:%M:%S}", f"TRACE {t.trace}  RECEIPT {t.receipt}",
                  f"CARD {mask_pan(t.pan)}", f"AMOUNT {_amount(t.amount)} {currency_alpha(t.currency)}",
                  *_result_lines(t, listed_result(t))]
        total += t.amount if listed_result(t) == 0 else 0
    currency = currency_alpha(txs[-1].currency) if txs else ""
    return lines + ["-" * 24, f"COUNT {len(txs)}  TOTAL {_amount(total)} {currency}".rstrip()]


def turnover_status(spec: TerminalSpec) -> bytes:
    """The 04 0F of Send Turnover Totals: the approved total, not a transaction."""
    txs = transactions(spec)
    total = sum(t.amount for t in txs if listed_result(t) == 0)
    currency = txs[-1].currency if txs else 978
    return encode_apdu(0x04, 0x0F, encode_bmp(0x04, total) + encode_bmp(0x49, currency))


def config_lines(spec: TerminalSpec) -> list[str]:
    return ["SYSTEM CONFIGURATION", f"MODEL {spec.model}", f"SW {spec.software_version}",
            f"SERIAL {spec.serial_number}", f"TID {spec.terminal_id}"]
