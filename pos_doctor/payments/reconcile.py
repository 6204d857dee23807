"""Was this customer charged? The customer's evidence against the terminal's records. Pure: no I/O, no screen.

The verdict is the money rule of pos-doctor: a new payment is allowed only on `not_charged`, which needs the
terminal's records to cover the customer's time and to show no approved payment of that amount. Anything the
records cannot settle is `unknown`; anything they contradict is `mismatch`. A field the terminal did not send is
"not reported", never a decline.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from pos_doctor.i18n import Text

from .customer_input import parse_amount, parse_customer_time

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

    @classmethod
    def from_values(cls, values: dict[str, str], *, today: date | None = None) -> "CustomerEvidence":
        """From walk values: customer_amount, customer_time, customer_card_last4, payment_method (and
        customer_currency). A bad or empty value becomes None for that field, never a guess."""
        values = values if isinstance(values, dict) else {}
        amount, currency = parse_amount(_clean(values.get("customer_amount")))
        cur = _clean(values.get("customer_currency"))
        if cur and re.fullmatch(r"[A-Za-z]{3}", cur):
            currency = cur.upper()
        last4 = _clean(values.get("customer_card_last4"))
        if last4:
            last4 = last4.replace("*", "").replace(" ", "")[-4:] if re.fullmatch(r"[*\s0-9]*[0-9]{4}", last4) else None
        method = (_clean(values.get("payment_method")) or "").lower() or None
        return cls(amount=amount, time=parse_customer_time(_clean(values.get("customer_time")), today=today),
                   card_last4=last4, method=method if method in METHODS else None,
                   currency=currency if amount is not None else None)

    def to_json(self) -> dict:
        return {"amount": _amount_json(self.amount), "time": _time_json(self.time), "card_last4": self.card_last4,
                "method": self.method, "currency": self.currency}

    @classmethod
    def from_json(cls, data: dict) -> "CustomerEvidence":
        data = data if isinstance(data, dict) else {}
        return cls(amount=_json_amount(data.get("amount")), time=_json_time(data.get("time")),
                   card_last4=_json_str(data.get("card_last4")),
                   method=data.get("method") if data.get("method") in METHODS else None,
                   currency=_json_str(data.get("currency")))


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
                "reference": self.reference}

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
                   source=source if source in SOURCES else "status", reference=_json_str(data.get("reference")))

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


# --- the verdict ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    code: str
    text: Text

    def to_json(self) -> dict:
        return {"code": self.code, "text": self.text.to_json()}


@dataclass(frozen=True)
class Reconciliation:
    verdict: str
    reasons: tuple[Reason, ...]
    matched: tuple[TerminalRecord, ...]
    considered: tuple[TerminalRecord, ...]
    double_charge: bool = False

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "reasons": [r.to_json() for r in self.reasons],
                "matched": [r.to_json() for r in self.matched],
                "considered": [r.to_json() for r in self.considered], "double_charge": self.double_charge}

    def summary(self) -> Text:
        head = _VERDICT_TEXT[self.verdict]
        if not self.reasons:
            return head
        first = self.reasons[0].text
        return Text(f"{head.en} {first.en}", head.zh + first.zh)


_VERDICT_TEXT = {
    "charged": Text("The customer WAS charged by this terminal - do not take the payment again.",
                    "这笔钱已经从客人卡上扣了——不要再收一次。"),
    "not_charged": Text("The terminal's records show this customer was NOT charged.",
                        "POS机记录显示这位客人没有被扣款。"),
    "mismatch": Text("The terminal's records and the customer's evidence disagree - do not charge again; "
                     "call the payment provider with the evidence.",
                     "POS机记录和客人出示的扣款信息对不上——不要再收款，请带着证据联系支付服务商。"),
    "unknown": Text("It cannot be settled from the terminal whether the customer was charged - do not charge again "
                    "until it is.", "从POS机无法确认客人是否已被扣款——确认之前不要再收款。"),
}


def _r(code: str, en: str, zh: str, **kw) -> Reason:
    """A reason; a keyword `x_zh` replaces `x` in the Chinese text (amounts read "99.00 欧元" there)."""
    zh_kw = {**kw, **{k[:-3]: v for k, v in kw.items() if k.endswith("_zh")}}
    return Reason(code, Text(en.format(**kw), zh.format(**zh_kw)))


_CURRENCY_ZH = {"EUR": "欧元", "CNY": "元", "USD": "美元", "GBP": "英镑", "CHF": "瑞士法郎", "HKD": "港元"}


def _money(amount: Decimal, currency: str | None) -> str:
    return f"{amount:.2f} {currency or ''}".strip()


def money_zh(amount: Decimal, currency: str | None) -> str:
    """'99.00 元': no currency code on a Chinese screen."""
    if not currency:
        return f"{amount:.2f}"
    return f"{amount:.2f} {_CURRENCY_ZH.get(currency.upper(), '（外币）')}"


def _d(text: Text) -> dict:
    """A record's description as the {d} of a reason, in each language."""
    return {"d": text.en, "d_zh": text.zh}


def _pc_time(rec: TerminalRecord, offset_s: float | None) -> datetime | None:
    if rec.time is None:
        return None
    return _naive(rec.time) - timedelta(seconds=offset_s) if offset_s is not None else _naive(rec.time)


def _cancelled_traces(records) -> set[int]:
    return {r.trace_number for r in records
            if (r.result == "reversed" or r.kind == "reversal") and r.trace_number is not None}


def distinct(records) -> tuple[TerminalRecord, ...]:
    """One record per transaction: the same trace and receipt number reported twice (status information and
    journal) is one payment, not a double charge. Records without a trace number are never merged."""
    seen, out = set(), []
    for r in records:
        key = (r.trace_number, r.receipt_number, r.kind, r.result, r.amount)
        if r.trace_number is not None and key in seen:
            continue
        seen.add(key)
        out.append(r)
    return tuple(out)


def reconcile(customer: CustomerEvidence, terminal: TerminalEvidence, *,
              tolerance: timedelta = timedelta(minutes=5)) -> Reconciliation:
    records = distinct(terminal.records) if terminal.readable else ()
    if not terminal.readable:
        return Reconciliation("unknown", (_r("terminal_unreadable",
                                             "The terminal could not be read.", "无法读取POS机记录。"),), (), ())
    if customer.method == "qr":
        return Reconciliation("unknown", (_r(
            "qr_not_in_terminal",
            "A QR-code payment (WeChat Pay, Alipay, UnionPay QR) is not in the card terminal: look up the order "
            "number in the merchant app.",
            "扫码支付（微信、支付宝、云闪付）不在POS机里：请在商户后台或收款应用里按订单号查询。"),), (), records)
    missing = []
    if customer.amount is None:
        missing.append(_r("no_customer_amount", "The amount on the customer's phone or bank message is missing.",
                          "缺少客人手机或银行短信上显示的金额。"))
    if customer.time is None:
        missing.append(_r("no_customer_time", "The time on the customer's phone or bank message is missing.",
                          "缺少客人手机或银行短信上显示的时间。"))
    if missing:
        return Reconciliation("unknown", tuple(missing), (), records)

    offset = terminal.clock_offset_s
    start, end = _naive(customer.time) - tolerance, _naive(customer.time) + tolerance
    cancelled = _cancelled_traces(records)
    payments = [r for r in records if r.kind == "payment" and r.result != "reversed"]

    def in_window(rec: TerminalRecord) -> bool:
        t = _pc_time(rec, offset)
        return t is not None and start <= t <= end

    def same_amount(rec: TerminalRecord) -> bool:
        return rec.amount is not None and rec.amount == customer.amount

    def currency_ok(rec: TerminalRecord) -> bool:
        return not (rec.currency and customer.currency and rec.currency.upper() != customer.currency.upper())

    def card_ok(rec: TerminalRecord) -> bool:
        return not (rec.last4 and customer.card_last4 and rec.last4 != customer.card_last4)

    def live_approved(rec: TerminalRecord) -> bool:
        return rec.result == "approved" and not (rec.trace_number is not None and rec.trace_number in cancelled)

    considered = tuple(r for r in records if r.time is None or in_window(r))
    amount_text = _money(customer.amount, customer.currency)
    amount_zh = money_zh(customer.amount, customer.currency)
    reasons: list[Reason] = []
    if offset is None:
        reasons.append(_r("clock_offset_unknown",
                          "The terminal's clock was not compared with the PC; times are taken as they are.",
                          "未能比较POS机时钟和电脑时钟，时间按原样比对。"))
    for rec in records:
        if rec.trace_number is not None and rec.trace_number in cancelled and rec.result == "approved" \
                and rec.kind == "payment" and same_amount(rec):
            reasons.append(_r("reversed", "The approved payment with trace {t} was reversed (cancelled).",
                              "流水号 {t} 的成功付款已被冲正（取消）。", t=rec.trace_number))

    matched = tuple(r for r in payments if live_approved(r) and in_window(r) and same_amount(r)
                    and currency_ok(r) and card_ok(r))
    # Records that could be this payment but lack what it takes to tell: an approved (or unknown-result)
    # payment in the window without an amount, or one of this amount whose time was not reported.
    doubtful = [r for r in payments if r not in matched and (
        (in_window(r) and r.amount is None and r.result in ("approved", "unknown"))
        or (r.time is None and (r.amount is None or same_amount(r)) and r.result in ("approved", "unknown"))
        or (in_window(r) and same_amount(r) and r.result == "unknown"))]
    # A record that only carries a result code says nothing about this payment - it is never a decline.
    unreadable = [r for r in payments if r.result in ("declined", "aborted") and r.amount is None
                  and (r.time is None or in_window(r))]

    if len(matched) >= 2:
        traces = [str(r.trace_number) if r.trace_number is not None else "?" for r in matched]
        return Reconciliation("mismatch", (_r(
            "double_charge", "{n} approved payments of {a} at the customer's time (traces {t}): the customer was "
            "charged more than once.", "客人所说的时间有 {n} 笔 {a}的成功付款（流水号 {t}）：客人被重复扣款。",
            n=len(matched), a=amount_text, a_zh=amount_zh, t=", ".join(traces), t_zh="、".join(traces)), *reasons),
            matched, considered, double_charge=True)

    for rec in doubtful + unreadable:
        missing_en = [w for w, v in (("amount", rec.amount), ("time", rec.time), ("trace", rec.trace_number))
                      if v is None]
        zh_words = {"amount": "金额", "time": "时间", "trace": "流水号"}
        reasons.append(_r(
            "record_fields_missing", "A record from the terminal lacks {miss} ({d}).",
            "POS机的一条记录缺少{miss_zh}（{d}）。", miss=", ".join(missing_en) or "the result",
            miss_zh="、".join(zh_words[w] for w in missing_en) or "结果", **_d(rec.describe())))

    if len(matched) == 1:
        rec = matched[0]
        if doubtful:
            return Reconciliation("unknown", (_r(
                "possible_second_charge", "One approved payment of {a} matches ({d}), but another record could be a "
                "second one and lacks the fields to tell.",
                "有一笔 {a}的成功付款与之相符（{d}），但另一条记录信息不全，可能是第二笔扣款。",
                a=amount_text, a_zh=amount_zh, **_d(rec.details())), *reasons), matched, considered)
        return Reconciliation("charged", (_r(
            "amount_match", "One approved payment of {a} at the customer's time ({d}).",
            "客人所说的时间有一笔 {a}的成功付款（{d}）。", a=amount_text, a_zh=amount_zh, **_d(rec.details())),
            *reasons), matched, considered)

    if doubtful or unreadable:
        return Reconciliation("unknown", (_r(
            "no_amount_in_record", "The terminal's record does not say enough (amount, time or result not "
            "reported) to tell whether {a} was charged.",
            "POS机记录信息不全（金额、时间或结果未上报），无法判断 {a}是否已扣款。", a=amount_text, a_zh=amount_zh),
            *reasons), (), considered)

    covered, cover_reason = _coverage(terminal, start, end, offset)
    if cover_reason is not None and cover_reason.code == "outside_coverage":
        return Reconciliation("unknown", (cover_reason, *reasons), (), considered)

    near = [r for r in payments if live_approved(r) and in_window(r) and same_amount(r)]
    if near:  # same amount, same time, but the card or the currency differs
        rec = near[0]
        card = not card_ok(rec)
        return Reconciliation("mismatch", (_r(
            "card_differs" if card else "currency_differs",
            "An approved payment of {a} at that time was made with another {w} ({d}).",
            "该时间有一笔 {a}的成功付款，但{w}不同（{d}）。", a=amount_text, a_zh=amount_zh,
            w="card" if card else "currency", w_zh="卡号后四位" if card else "币种", **_d(rec.describe())),
            *reasons), (), considered)

    failed_here = [r for r in payments if r.result in ("declined", "aborted") and in_window(r) and same_amount(r)]
    if covered and failed_here:
        rec = failed_here[-1]
        return Reconciliation("not_charged", (_r(
            "declined_in_window", "The terminal's records cover that time: no approved payment of {a}; the attempt "
            "was {res} ({d}). If the customer's account shows a hold, the automatic reversal releases it.",
            "POS机记录覆盖了该时间：没有 {a}的成功付款，那次交易{res}（{d}）。如果客人账户上显示冻结，会通过自动冲正释放。",
            a=amount_text, a_zh=amount_zh, res=rec.result, res_zh="被拒" if rec.result == "declined" else "已中止",
            **_d(rec.details())), *reasons), (), considered)

    others = [r for r in payments if live_approved(r) and in_window(r)]
    if others:
        rec = others[0]
        return Reconciliation("mismatch", (_r(
            "other_amount_in_window", "At that time the terminal approved another amount ({d}); the customer shows "
            "{a}.", "该时间POS机成功收款的是另一个金额（{d}）；客人出示的是 {a}。", a=amount_text, a_zh=amount_zh,
            **_d(rec.describe())), *reasons), (), considered)

    elsewhere = [r for r in payments if live_approved(r) and same_amount(r) and currency_ok(r)
                 and not in_window(r)]
    if elsewhere:
        rec = elsewhere[-1]
        return Reconciliation("mismatch", (_r(
            "amount_outside_window", "An approved payment of {a} exists, but not at the customer's time ({d}).",
            "有一笔 {a}的成功付款，但不在客人所说的时间（{d}）。", a=amount_text, a_zh=amount_zh,
            **_d(rec.details())), *reasons), (), considered)

    if covered and not [r for r in payments if in_window(r)]:
        return Reconciliation("not_charged", (_r(
            "nothing_in_window", "The terminal listed every payment of its current period and none is at the "
            "customer's time.", "POS机列出了本批次的全部交易，客人所说的时间没有任何付款。"), *reasons), (), considered)

    why = cover_reason or _r("nothing_conclusive", "The terminal's records show nothing that settles {a}.",
                             "POS机记录中没有能确认 {a}的交易。", a=amount_text, a_zh=amount_zh)
    return Reconciliation("unknown", (why, *reasons), (), considered)


def _coverage(terminal: TerminalEvidence, start: datetime, end: datetime,
              offset: float | None) -> tuple[bool, Reason | None]:
    """Do the records cover [start, end] (PC clock)? Only a complete listing of the period can say so."""
    if not terminal.complete:
        return False, _r("listing_incomplete",
                         "The terminal only reported some transactions (not its whole period), so an earlier "
                         "payment at that time cannot be ruled out.",
                         "POS机只报告了部分交易（不是整个批次），无法排除该时间还有别的付款。")
    shift = timedelta(seconds=offset or 0)
    begin = _naive(terminal.covers_from) - shift if terminal.covers_from is not None else None
    until = _naive(terminal.read_at) - shift if terminal.read_at is not None else None
    if begin is None:
        return False, _r("period_start_unknown", "The terminal did not report when its period began.",
                         "POS机未上报本批次的开始时间。")
    if start < begin or (until is not None and start > until):  # after the read nothing can be listed
        return False, _r("outside_coverage", "The customer's time is outside what the terminal's records cover.",
                         "客人所说的时间不在POS机记录覆盖的范围内。")
    return True, None


# --- the money rule, in one place ----------------------------------------------------------------------------

MONEY_ACTIONS = ("new_payment", "refund", "void", "refund_duplicate")


def allows(action: str, result: Reconciliation | None) -> bool:
    """May staff do `action` for this customer's payment, given the verdict? A new payment (retry, other method,
    manual keying) only on `not_charged`; a refund or void only on `charged`; refunding the second of two only on
    a double charge. No verdict (None) allows nothing; an unknown action is refused."""
    if result is None or action not in MONEY_ACTIONS:
        return False
    if action == "new_payment":
        return result.verdict == "not_charged"
    if action == "refund_duplicate":
        return result.verdict == "mismatch" and result.double_charge
    return result.verdict == "charged"


def payment_object(customer: CustomerEvidence, terminal: TerminalEvidence, result: Reconciliation) -> dict:
    """The transcript's `payment` object: the customer's evidence, what the terminal could tell, the verdict."""
    return {"customer": customer.to_json(),
            "terminal": {"readable": terminal.readable, "complete": terminal.complete,
                         "covers_from": _time_json(terminal.covers_from), "read_at": _time_json(terminal.read_at),
                         "clock_offset_s": terminal.clock_offset_s, "not_reported": list(terminal.not_reported),
                         "records": len(terminal.records)},
            **result.to_json()}
