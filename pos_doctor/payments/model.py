"""The evidence a reconciliation works on: what the customer shows (`CustomerEvidence`) and what the terminal
reported (`TerminalRecord`, `TerminalEvidence`), with their JSON for the walk state. Pure: no I/O, no screen. A
field that was not reported is None, never a guess."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from pos_doctor.i18n import Text

from .customer_input import MAX_AGO_S, parse_amount, parse_customer_when

VERDICTS = ("charged", "not_charged", "mismatch", "unknown")
RESULTS = ("approved", "declined", "aborted", "reversed", "unknown")
KINDS = ("payment", "reversal", "refund")
SOURCES = ("status", "receipt", "journal")
METHODS = ("card", "qr")

NOT_REPORTED = Text("not reported", "未上报")


def _clean(value) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _amount_json(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _time_json(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def _naive(value: datetime | None) -> datetime | None:
    """All times here are naive local wall-clock times; an aware one is converted, never compared as is."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone().replace(tzinfo=None)


def _json_time(value) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return _naive(datetime.fromisoformat(value))
    except (ValueError, OverflowError, OSError):
        return None


def _json_amount(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite() or abs(amount) >= 10**12 or amount != amount.quantize(Decimal("0.01")):
        return None  # money has cents; anything finer was not written by pos-doctor
    return amount


def _json_str(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _json_int(value, base: int = 10) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value), base)
    except ValueError:
        return None


# --- the evidence ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CustomerEvidence:
    """What the customer shows (phone, bank SMS, app): the customer's, not the terminal's."""
    amount: Decimal | None = None
    time: datetime | None = None  # naive local time as the person typed it (same clock as the PC)
    card_last4: str | None = None
    method: str | None = None  # "card" | "qr" | None (not asked)
    currency: str | None = None
    merchant: str | None = None  # the merchant name on the customer's debit message (for the provider)
    voucher: str | None = None  # an order, voucher or receipt number the customer can show
    auth_code: str | None = None  # the authorisation code on the customer's slip
    debit: bool | None = None  # does the customer's phone show a debit? None: not asked (taken as yes)
    time_uncertainty_s: int = 0  # how far the customer's time may be off, either way ("about ten minutes ago")

    @classmethod
    def from_values(cls, values: dict[str, str], *, today: date | None = None) -> "CustomerEvidence":
        """From walk values: customer_amount, customer_time, customer_card_last4, payment_method, customer_currency,
        customer_merchant, customer_voucher, customer_auth_code, customer_debit (yes/no), customer_time_uncertainty
        (seconds; an estimate typed as the time counts too). A bad or empty value becomes None for that field, never
        a guess."""
        values = values if isinstance(values, dict) else {}
        amount, currency = parse_amount(_clean(values.get("customer_amount")))
        cur = _clean(values.get("customer_currency"))
        if cur and re.fullmatch(r"[A-Za-z]{3}", cur):
            currency = cur.upper()
        method = (_clean(values.get("payment_method")) or "").lower() or None
        debit = (_clean(values.get("customer_debit")) or "").lower()
        when = parse_customer_when(_clean(values.get("customer_time")), today=today)
        return cls(amount=amount, time=None if when is None else when.time,
                   time_uncertainty_s=max(when.uncertainty_s if when else 0,
                                          _uncertainty(values.get("customer_time_uncertainty"))) if when else 0,
                   card_last4=card_last4(values.get("customer_card_last4")),
                   method=method if method in METHODS else None,
                   currency=currency if amount is not None else None,
                   merchant=_short(values.get("customer_merchant")), voucher=_number(values.get("customer_voucher")),
                   auth_code=_number(values.get("customer_auth_code")),
                   debit={"yes": True, "no": False}.get(debit))

    def to_json(self) -> dict:
        return {"amount": _amount_json(self.amount), "time": _time_json(self.time), "card_last4": self.card_last4,
                "method": self.method, "currency": self.currency, "merchant": self.merchant, "voucher": self.voucher,
                "auth_code": self.auth_code, "debit": self.debit, "time_uncertainty_s": self.time_uncertainty_s}

    @classmethod
    def from_json(cls, data: dict) -> "CustomerEvidence":
        data = data if isinstance(data, dict) else {}
        debit = data.get("debit")
        return cls(amount=_json_amount(data.get("amount")), time=_json_time(data.get("time")),
                   card_last4=card_last4(data.get("card_last4")),
                   method=data.get("method") if data.get("method") in METHODS else None,
                   currency=_json_str(data.get("currency")), merchant=_short(data.get("merchant")),
                   voucher=_number(data.get("voucher")), auth_code=_number(data.get("auth_code")),
                   debit=debit if isinstance(debit, bool) else None,
                   time_uncertainty_s=_uncertainty(data.get("time_uncertainty_s")))


def _uncertainty(value) -> int:
    """Seconds either way, 0..one day; anything else (text, negative, a bool) is 0: the time is taken as given."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 0 <= value <= MAX_AGO_S else 0


def card_last4(value) -> str | None:
    """'1234', '**** 1234', '尾号1234', 'ending 1234' -> '1234'; anything else (empty, 'no card number', five
    digits, a full card number) -> None: only exactly four digits the customer can read are the last four."""
    text = _clean(value) if isinstance(value, str) else None
    if not text:
        return None
    text = re.sub(r"^(?:尾号|卡号尾号|末四位|后四位|ending(?: in)?|last four|x+|\*+|#+)\s*[:：]?", "", text, flags=re.I)
    text = re.sub(r"[*xX#•·\s]", "", text).translate(_FULL_DIGITS)
    return text if re.fullmatch(r"[0-9]{4}", text) else None


_FULL_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


def _short(value) -> str | None:
    """A free text the customer's message shows (a merchant name): trimmed, at most 80 characters."""
    text = _clean(value) if isinstance(value, str) else None
    return " ".join(text.split())[:80] if text else None


def _number(value) -> str | None:
    """A voucher, order or authorisation number: letters, digits and dashes only, at most 32 characters."""
    text = _clean(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if not text:
        return None
    text = text.translate(_FULL_DIGITS).replace(" ", "")
    return text.upper() if re.fullmatch(r"[0-9A-Za-z-]{1,32}", text) else None


@dataclass(frozen=True)
class TerminalRecord:
    """One transaction the terminal reported; None = the terminal did not report that field."""
    result: str  # "approved" | "declined" | "aborted" | "reversed" | "unknown"
    result_code: int | None = None
    amount: Decimal | None = None
    currency: str | None = None
    time: datetime | None = None  # terminal clock
    trace_number: int | None = None
    receipt_number: int | None = None
    pan_masked: str | None = None
    card_name: str | None = None
    kind: str = "payment"  # "payment" | "reversal" | "refund"
    source: str = "status"  # "status" (04 0F) | "receipt" (parsed print lines) | "journal"
    reference: str | None = None  # the acquirer's reference (参考号) when a receipt shows it
    auth_code: str | None = None  # the authorisation code (授权码, Genehmigungs-Nr.) when a receipt shows it

    @property
    def last4(self) -> str | None:
        digits = re.sub(r"\D", "", self.pan_masked or "")
        tail = (self.pan_masked or "").rstrip()[-4:]
        return tail if len(tail) == 4 and tail.isdigit() and len(digits) >= 4 else None

    def to_json(self) -> dict:
        return {"result": self.result,
                "result_code": None if self.result_code is None else f"{self.result_code:02X}",
                "amount": _amount_json(self.amount), "currency": self.currency, "time": _time_json(self.time),
                "trace_number": self.trace_number, "receipt_number": self.receipt_number,
                "pan_masked": self.pan_masked, "card_name": self.card_name, "kind": self.kind, "source": self.source,
                "reference": self.reference, "auth_code": self.auth_code}

    @classmethod
    def from_json(cls, data: dict) -> "TerminalRecord":
        result = data.get("result")
        kind = data.get("kind")
        source = data.get("source")
        return cls(result=result if result in RESULTS else "unknown",
                   result_code=_json_int(data.get("result_code"), 16), amount=_json_amount(data.get("amount")),
                   currency=_json_str(data.get("currency")), time=_json_time(data.get("time")),
                   trace_number=_json_int(data.get("trace_number")),
                   receipt_number=_json_int(data.get("receipt_number")), pan_masked=_json_str(data.get("pan_masked")),
                   card_name=_json_str(data.get("card_name")), kind=kind if kind in KINDS else "payment",
                   source=source if source in SOURCES else "status", reference=_json_str(data.get("reference")),
                   auth_code=_json_str(data.get("auth_code")))

    def details(self) -> Text:
        """'2026-11-24 14:05:10, trace 42' (the terminal's time and trace; 'not reported' when missing)."""
        when_en = self.time.strftime("%Y-%m-%d %H:%M:%S") if self.time else "time not reported"
        when_zh = self.time.strftime("%Y-%m-%d %H:%M:%S") if self.time else "时间未上报"
        trace_en = f"trace {self.trace_number}" if self.trace_number is not None else "trace not reported"
        trace_zh = f"流水号 {self.trace_number}" if self.trace_number is not None else "流水号未上报"
        return Text(f"{when_en}, {trace_en}", f"{when_zh}，{trace_zh}")

    def describe(self) -> Text:
        """'approved 12.50 EUR at 14:05:10, trace 42' with 'not reported' for every missing field."""
        words = {"approved": ("approved", "成功"), "declined": ("declined", "被拒"), "aborted": ("aborted", "已中止"),
                 "reversed": ("reversed", "已冲正")}.get(self.result, ("result not reported", "结果未上报"))
        kind = {"reversal": ("reversal", "冲正"), "refund": ("refund", "退货")}.get(self.kind, ("payment", "付款"))
        amount_en = _money(self.amount, self.currency) if self.amount is not None else "amount not reported"
        amount_zh = money_zh(self.amount, self.currency) if self.amount is not None else "金额未上报"
        more = self.details()
        return Text(f"{kind[0]} {words[0]}: {amount_en}, {more.en}",
                    kind[1] + words[1] + f"：{amount_zh}，{more.zh}")


@dataclass(frozen=True)
class TerminalEvidence:
    readable: bool  # False: the terminal could not be read at all
    records: tuple[TerminalRecord, ...] = ()
    complete: bool = False  # True only when the terminal listed every transaction of its current period
    covers_from: datetime | None = None  # earliest moment the listing covers (period start), terminal clock
    read_at: datetime | None = None  # terminal clock when read
    clock_offset_s: float | None = None  # terminal clock minus PC clock, when measured
    not_reported: tuple[str, ...] = ()  # what the terminal could not report, e.g. ("period", "amount")

    def to_json(self) -> dict:
        return {"readable": self.readable, "records": [r.to_json() for r in self.records],
                "complete": self.complete, "covers_from": _time_json(self.covers_from),
                "read_at": _time_json(self.read_at), "clock_offset_s": self.clock_offset_s,
                "not_reported": list(self.not_reported)}

    @classmethod
    def from_json(cls, data: dict) -> "TerminalEvidence":
        data = data if isinstance(data, dict) else {}
        offset = data.get("clock_offset_s")
        if not (isinstance(offset, (int, float)) and not isinstance(offset, bool) and math.isfinite(offset)):
            offset = None
        records = data.get("records") if isinstance(data.get("records"), list) else []
        missing = data.get("not_reported") if isinstance(data.get("not_reported"), list) else []
        return cls(readable=data.get("readable") is True,
                   records=tuple(TerminalRecord.from_json(r) for r in records if isinstance(r, dict)),
                   complete=data.get("complete") is True, covers_from=_json_time(data.get("covers_from")),
                   read_at=_json_time(data.get("read_at")),
                   clock_offset_s=None if offset is None else float(offset),
                   not_reported=tuple(x for x in missing if isinstance(x, str)))


_CURRENCY_ZH = {"EUR": "欧元", "CNY": "元", "USD": "美元", "GBP": "英镑", "CHF": "瑞士法郎", "HKD": "港元"}


def _money(amount: Decimal, currency: str | None) -> str:
    return f"{amount:.2f} {currency or ''}".strip()


def money_zh(amount: Decimal, currency: str | None) -> str:
    """'99.00 元': no currency code on a Chinese screen."""
    if not currency:
        return f"{amount:.2f}"
    return f"{amount:.2f} {_CURRENCY_ZH.get(currency.upper(), '（外币）')}"
