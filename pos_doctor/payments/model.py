"""The evidence a reconciliation works on: what the customer shows (`CustomerEvidence`) and what the terminal
reported (`TerminalRecord`, `TerminalEvidence`), with their JSON for the walk state. Pure: no I/O, no screen. A
field that was not reported is None, never a guess."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, overload

from pos_doctor.i18n import TC, T, Text

from .customer_input import MAX_AGO_S, parse_amount, parse_customer_when

VERDICTS = ("charged", "not_charged", "mismatch", "unknown")
RESULTS = ("approved", "declined", "aborted", "reversed", "unknown")
KINDS = ("payment", "reversal", "refund")
SOURCES = ("status", "receipt", "journal", "typed", "qr_app", "statement")
METHODS = ("card", "qr")
# where a TerminalEvidence came from: the ZVT link, typed by staff from the terminal's screen or slip or from the QR
# merchant app, or a provider's statement file
ORIGINS = ("link", "typed_terminal", "typed_qr_app", "statement")
# the state of a QR order as the merchant app shows it (payments/qr.py): 支付成功, 用户支付中, 已关闭, 支付失败,
# 已退款, 转入退款
ORDER_STATES = ("success", "paying", "closed", "failed", "refunded", "refunding")

NOT_REPORTED = TC('payments.model', "not reported")


def clean(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _amount_json(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def time_json(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


@overload
def naive(value: datetime) -> datetime: ...
@overload
def naive(value: None) -> None: ...
@overload
def naive(value: datetime | None) -> datetime | None: ...
def naive(value: datetime | None) -> datetime | None:
    """All times here are naive local wall-clock times; an aware one is converted, never compared as is."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone().replace(tzinfo=None)


def _json_time(value: Any) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return naive(datetime.fromisoformat(value))
    except (ValueError, OverflowError, OSError):
        return None


def _json_amount(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite() or abs(amount) >= 10**12 or amount != amount.quantize(Decimal("0.01")):
        return None  # money has cents; anything finer was not written by pos-doctor
    return amount


def _json_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _json_int(value: Any, base: int = 10) -> int | None:
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
    # the order number on the customer's 账单详情 (交易单号/商户单号), maybe its end only
    order_number: str | None = None
    payee: str | None = None  # the payee (收款方) the customer's phone shows for a QR payment
    payee_is_shop: bool | None = None  # staff's reading of that payee: this shop (True), another business (False)
    time_uncertainty_s: int = 0  # how far the customer's time may be off, either way ("about ten minutes ago")

    @classmethod
    def from_values(cls, values: dict[str, Any], *, today: date | None = None) -> "CustomerEvidence":
        """From walk values: customer_amount, customer_time, customer_card_last4, payment_method, customer_currency,
        customer_merchant, customer_voucher, customer_auth_code, customer_debit (yes/no), customer_order_number,
        customer_payee, customer_payee_is_shop (yes/no), customer_time_uncertainty (seconds; an estimate typed as the
        time counts too). A bad or empty value becomes None for that field, never a guess. Without customer_amount
        and customer_time, missing_amount, missing_time and missing_order (the payment that has not arrived,
        funds-not-arrived) are the payment asked about."""
        values = values if isinstance(values, dict) else {}
        missing = values.get("missing_amount") is not None or values.get("missing_time") is not None
        if missing and values.get("customer_amount") is None and values.get("customer_time") is None:
            values = {**values, "customer_amount": values.get("missing_amount"),
                      "customer_time": values.get("missing_time"),
                      "customer_order_number": values.get("customer_order_number") or values.get("missing_order")}
        amount, currency = parse_amount(clean(values.get("customer_amount")))
        cur = clean(values.get("customer_currency"))
        if cur and re.fullmatch(r"[A-Za-z]{3}", cur):
            currency = cur.upper()
        method = (clean(values.get("payment_method")) or "").lower() or None
        debit = (clean(values.get("customer_debit")) or "").lower()
        when = parse_customer_when(clean(values.get("customer_time")), today=today)
        return cls(amount=amount, time=None if when is None else when.time,
                   time_uncertainty_s=max(when.uncertainty_s if when else 0,
                                          _uncertainty(values.get("customer_time_uncertainty"))) if when else 0,
                   card_last4=card_last4(values.get("customer_card_last4")),
                   method=method if method in METHODS else None,
                   currency=currency if amount is not None else None,
                   merchant=_short(values.get("customer_merchant")), voucher=_number(values.get("customer_voucher")),
                   auth_code=_number(values.get("customer_auth_code")),
                   debit={"yes": True, "no": False}.get(debit),
                   order_number=order_number(values.get("customer_order_number")),
                   payee=_short(values.get("customer_payee")),
                   payee_is_shop={"yes": True,
                                  "no": False}.get((clean(values.get("customer_payee_is_shop")) or "").lower()))

    def to_json(self) -> dict[str, Any]:
        return {"amount": _amount_json(self.amount), "time": time_json(self.time), "card_last4": self.card_last4,
                "method": self.method, "currency": self.currency, "merchant": self.merchant, "voucher": self.voucher,
                "auth_code": self.auth_code, "debit": self.debit, "order_number": self.order_number,
                "payee": self.payee, "payee_is_shop": self.payee_is_shop, "time_uncertainty_s": self.time_uncertainty_s}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "CustomerEvidence":
        data = data if isinstance(data, dict) else {}
        debit = data.get("debit")
        ours = data.get("payee_is_shop")
        return cls(amount=_json_amount(data.get("amount")), time=_json_time(data.get("time")),
                   card_last4=card_last4(data.get("card_last4")),
                   method=data.get("method") if data.get("method") in METHODS else None,
                   currency=_json_str(data.get("currency")), merchant=_short(data.get("merchant")),
                   voucher=_number(data.get("voucher")), auth_code=_number(data.get("auth_code")),
                   debit=debit if isinstance(debit, bool) else None,
                   order_number=order_number(data.get("order_number")), payee=_short(data.get("payee")),
                   payee_is_shop=ours if isinstance(ours, bool) else None,
                   time_uncertainty_s=_uncertainty(data.get("time_uncertainty_s")))


def _uncertainty(value: Any) -> int:
    """Seconds either way, 0..one day; anything else (text, negative, a bool) is 0: the time is taken as given."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 0 <= value <= MAX_AGO_S else 0


# the words before a card's last digits, in every language: "尾号1234", "ending in 1234", "last four: 1234",
# "Endziffern 1234", "endet auf 1234", "letzte vier: 1234", "Karte endet auf 1234"
CARD_WORDS = re.compile(
    r"^(?:(?:the\s+)?card(?:\s+number)?\s+|卡号|(?:die\s+)?karte(?:nnummer)?\s+|karten-?nr\.?\s*)?"
    r"(?:尾号|末四位|后四位|ending(?:\s+in)?|ends\s+in|last\s+(?:four|4)(?:\s+digits)?|endziffern?|endet\s+auf|"
    r"letzten?\s+(?:vier|4)(?:\s+ziffern)?)\s*(?:是|为)?\s*[:：]?\s*", re.I)


def card_last4(value: Any) -> str | None:
    """'1234', '**** 1234', '尾号1234', 'ending 1234', 'Endziffern 1234', 'endet auf 1234' -> '1234'; anything else
    (empty, 'no card number', five digits, a full card number) -> None: only exactly four digits the customer can
    read are the last four."""
    text = clean(value) if isinstance(value, str) else None
    if not text:
        return None
    text = CARD_WORDS.sub("", text, count=1)
    text = re.sub(r"^(?:x+|\*+|#+)\s*[:：]?", "", text, flags=re.I)
    text = re.sub(r"[*xX#•·\s]", "", text).translate(_FULL_DIGITS)
    return text if re.fullmatch(r"[0-9]{4}", text) else None


_FULL_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


def _short(value: Any) -> str | None:
    """A free text the customer's message shows (a merchant name): trimmed, at most 80 characters."""
    text = clean(value) if isinstance(value, str) else None
    return " ".join(text.split())[:80] if text else None


def _number(value: Any) -> str | None:
    """A voucher, order or authorisation number: letters, digits and dashes only, at most 32 characters."""
    text = clean(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if not text:
        return None
    text = text.translate(_FULL_DIGITS).replace(" ", "")
    return text.upper() if re.fullmatch(r"[0-9A-Za-z-]{1,32}", text) else None


def order_number(value: Any) -> str | None:
    """An order number as written (交易单号, 商户单号 - or only its last digits): letters, digits and dashes, spaces
    and dashes dropped, at most 64 characters, upper case; None when it is anything else. Leading zeros are kept:
    '0012' is not '12'. An order number is not a card number: its meaning is known, it is never masked."""
    text = clean(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if not text:
        return None
    text = re.sub(r"[\s\-\u2010-\u2015\uff0d]", "", text.translate(_FULL_DIGITS))
    text = re.sub(r"^(?:尾号|末尾|后\d位|…|\.{3}|\*+)", "", text)
    return text.upper() if re.fullmatch(r"[0-9A-Za-z]{1,64}", text) else None


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
    order_number: str | None = None  # a QR order / statement order number (交易单号 or 商户单号), whole
    payee: str | None = None  # the payee (收款方) the QR app shows
    order_state: str | None = None  # a QR order's state in the merchant app (ORDER_STATES); None: not read

    @property
    def last4(self) -> str | None:
        digits = re.sub(r"\D", "", self.pan_masked or "")
        tail = (self.pan_masked or "").rstrip()[-4:]
        return tail if len(tail) == 4 and tail.isdigit() and len(digits) >= 4 else None

    def to_json(self) -> dict[str, Any]:
        return {"result": self.result,
                "result_code": None if self.result_code is None else f"{self.result_code:02X}",
                "amount": _amount_json(self.amount), "currency": self.currency, "time": time_json(self.time),
                "trace_number": self.trace_number, "receipt_number": self.receipt_number,
                "pan_masked": self.pan_masked, "card_name": self.card_name, "kind": self.kind, "source": self.source,
                "reference": self.reference, "auth_code": self.auth_code, "order_number": self.order_number,
                "payee": self.payee, "order_state": self.order_state}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "TerminalRecord":
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
                   auth_code=_json_str(data.get("auth_code")), order_number=order_number(data.get("order_number")),
                   payee=_short(data.get("payee")),
                   order_state=data.get("order_state") if data.get("order_state") in ORDER_STATES else None)

    def details(self) -> Text:
        """'2026-11-24 14:05:10, trace 42' (the terminal's time and trace; 'not reported' when missing)."""
        if self.source == "typed":  # typed by staff from the POS机: its voucher number (凭证号), never "not reported"
            when: Any = self.time.strftime("%Y-%m-%d %H:%M") if self.time else TC("payments.typed", "time not typed")
            no = self.receipt_number
            voucher = T("voucher no. {no:06d}", no=no) if no is not None else T("no voucher number typed")
            return T("{when}, {voucher}, typed by staff", when=when, voucher=voucher)
        typed = self.source == "qr_app"  # typed by staff from the merchant app: a time left empty was not typed
        none = TC("payments.qr_app", "time not typed") if typed else T("time not reported")
        when = self.time.strftime("%Y-%m-%d %H:%M:%S") if self.time else none
        if self.order_number is not None:  # a QR or statement order: its number is who paid, not a trace
            return T("{when}, order {order}", when=when, order=self.order_number)
        trace = (T("trace {trace}", trace=self.trace_number) if self.trace_number is not None
                 else T("trace not reported"))
        return T("{when}, {trace}", when=when, trace=trace)

    def describe(self) -> Text:
        """'approved 12.50 EUR at 14:05:10, trace 42' with 'not reported' for every missing field."""
        result = RESULT_WORDS.get(str(self.result), T("result not reported"))
        kind = KIND_WORDS.get(self.kind, TC("payments.kind", "payment"))
        amount = money_message(self.amount, self.currency) if self.amount is not None else T("amount not reported")
        more = self.details()
        if self.order_state is not None or self.source == "qr_app":
            state = ORDER_STATE_TEXT.get(self.order_state or "", Text("state not read"))
            return T("QR order {state}: {amount}, {details}", state=state, amount=amount, details=more)
        if self.source == "typed" and self.last4:
            more = T("{details}, card ending {last4}", details=more, last4=self.last4)
        return T("{kind} {result}: {amount}, {details}", kind=kind, result=result, amount=amount, details=more)


# a record's result and kind in words (describe)
RESULT_WORDS = {"approved": TC("payments.result", "approved"), "declined": TC("payments.result", "declined"),
                "aborted": TC("payments.result", "aborted"), "reversed": TC("payments.result", "reversed")}
KIND_WORDS = {"reversal": TC("payments.kind", "reversal"), "refund": TC("payments.kind", "refund")}


# the words the merchant apps show for each state (the zh text is what staff read on the screen)
ORDER_STATE_TEXT = {"success": Text("payment successful"), "paying": Text("customer still paying"),
                    "closed": Text("closed"), "failed": Text("payment failed"),
                    "refunded": Text("refunded"), "refunding": Text("refund in progress")}


@dataclass(frozen=True)
class TerminalEvidence:
    readable: bool  # False: the terminal could not be read at all
    records: tuple[TerminalRecord, ...] = ()
    complete: bool = False  # True only when the terminal listed every transaction of its current period
    covers_from: datetime | None = None  # earliest moment the listing covers (period start), terminal clock
    read_at: datetime | None = None  # terminal clock when read
    clock_offset_s: float | None = None  # terminal clock minus PC clock, when measured
    not_reported: tuple[str, ...] = ()  # what the terminal could not report, e.g. ("period", "amount")
    origin: str = "link"  # ORIGINS: where the records came from (typed ones were never read from the device)
    origin_label: Text | None = None  # the source in words: "typed by staff from the POS机's 交易明细, 3 transactions"
    covers_to: datetime | None = None  # a typed list's end: staff confirmed every transaction up to here (PC clock)

    def to_json(self) -> dict[str, Any]:
        out = {"readable": self.readable, "records": [r.to_json() for r in self.records],
               "complete": self.complete, "covers_from": time_json(self.covers_from),
               "read_at": time_json(self.read_at), "clock_offset_s": self.clock_offset_s,
               "not_reported": list(self.not_reported), "origin": self.origin,
               "origin_label": self.origin_label.to_json() if self.origin_label is not None else None}
        if self.covers_to is not None:
            out["covers_to"] = time_json(self.covers_to)
        return out

    @classmethod
    def from_json(cls, data: Any) -> "TerminalEvidence":
        data = data if isinstance(data, dict) else {}
        offset = data.get("clock_offset_s")
        if not (isinstance(offset, (int, float)) and not isinstance(offset, bool) and math.isfinite(offset)):
            offset = None
        records: list[Any] = data["records"] if isinstance(data.get("records"), list) else []
        missing: list[Any] = data["not_reported"] if isinstance(data.get("not_reported"), list) else []
        return cls(readable=data.get("readable") is True,
                   records=tuple(TerminalRecord.from_json(r) for r in records if isinstance(r, dict)),
                   complete=data.get("complete") is True, covers_from=_json_time(data.get("covers_from")),
                   read_at=_json_time(data.get("read_at")),
                   clock_offset_s=None if offset is None else float(offset),
                   not_reported=tuple(x for x in missing if isinstance(x, str)),
                   origin=str(data["origin"]) if data.get("origin") in ORIGINS else "link",
                   origin_label=_json_text(data.get("origin_label")), covers_to=_json_time(data.get("covers_to")))

    @property
    def typed(self) -> bool:
        """Typed by a person (from a screen, a slip or an app): never presented as read from the device."""
        return self.origin in ("typed_terminal", "typed_qr_app")


def _json_text(value: Any) -> Text | None:
    if isinstance(value, dict) and isinstance(value.get("en"), str) and isinstance(value.get("zh"), str):
        return Text.from_json(value)
    return None


# an amount with its currency: the currency in the language's words ('99.00 欧元': no currency code on a Chinese screen)
CURRENCY_WORDS = {"EUR": T("{amount} EUR"), "CNY": T("{amount} CNY"), "USD": T("{amount} USD"),
                  "GBP": T("{amount} GBP"), "CHF": T("{amount} CHF"), "HKD": T("{amount} HKD")}


def money(amount: Decimal, currency: str | None) -> str:
    return f"{amount:.2f} {currency or ''}".strip()


def money_message(amount: Decimal, currency: str | None) -> Text:
    """An amount with its currency as a message: '12.50 EUR', '12.50 欧元', '12,50 EUR'."""
    figure = f"{amount:.2f}"  # a language whose decimal mark is a comma says {decimal_comma} (de: '12,50')
    number = TC("payments.money", "{amount}", amount=figure, decimal_comma=figure.replace(".", ","))
    if not currency:
        return number
    words = CURRENCY_WORDS.get(currency.upper())
    if words is None:
        return TC("payments.money", "{amount} {currency}", amount=number, currency=currency)
    return words.format(amount=number)


def money_zh(amount: Decimal, currency: str | None) -> str:
    """'99.00 元': no currency code on a Chinese screen (money_message in Chinese)."""
    return money_message(amount, currency)("zh")
def money_text(amount: Any, currency: Any) -> "Text | None":
    """An amount as stored in JSON (text or number) with its currency, in both languages: '12.50 EUR' / '12.50 欧元'
    (money_zh: no currency code on a Chinese page). None when no amount was observed."""
    try:
        d = Decimal(str(amount)) if amount not in (None, "") and not isinstance(amount, bool) else None
    except ArithmeticError:
        d = None
    if d is None:
        return None
    cur = str(currency) if currency else None
    return money_message(d, cur)
