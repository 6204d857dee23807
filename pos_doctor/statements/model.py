"""A statement as plain data: its rows (`StatementRow`), the totals its own summary declares, and where it came from.
No I/O. Card and phone numbers are masked before a row is built (privacy.py); order numbers and merchant IDs are not."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from pos_doctor.errors import UserFileError, Where
from pos_doctor.i18n import TC, TN, T, Text

# the state of one row: a payment approved (支付成功), refunded later (已退款), reversed (撤销/冲正), failed;
# a refund row (WeChat REFUND, Alipay 退款) is kind "refund" with the state of the refund itself
STATES = ("approved", "refunded", "reversed", "failed", "unknown")
ROW_KINDS = ("payment", "refund")
LAYOUTS = {"wechat": Text("WeChat Pay bill"), "alipay": Text("Alipay bill"),
           "mapping": Text("statement")}


@dataclass(slots=True)  # not frozen: a 100 000-row bill builds its rows noticeably faster
class StatementRow:
    line: int                       # the row's line in the file (CSV) or row number (XLSX), 1-based
    time: datetime | None
    amount: Decimal | None          # the order's amount; a refund row: the amount refunded (positive)
    state: str = "approved"
    kind: str = "payment"
    currency: str | None = None
    order_number: str | None = None  # the shop's order number (商户订单号), or the voucher number of a card payment
    provider_number: str | None = None  # the provider's own number (微信订单号, 支付宝交易号, 参考号)
    trace_number: str | None = None
    card: str | None = None          # masked
    fee: Decimal | None = None
    merchant_id: str | None = None
    note: str | None = None          # free text (商品名称, 备注), masked

    def to_json(self) -> dict:
        return {"line": self.line, "time": None if self.time is None else self.time.isoformat(sep=" "),
                "amount": None if self.amount is None else f"{self.amount:.2f}", "state": self.state,
                "kind": self.kind, "currency": self.currency, "order_number": self.order_number,
                "provider_number": self.provider_number, "trace_number": self.trace_number, "card": self.card,
                "fee": None if self.fee is None else f"{self.fee:.2f}", "merchant_id": self.merchant_id,
                "note": self.note}

    def describe(self) -> Text:
        when = self.time.strftime("%Y-%m-%d %H:%M:%S") if self.time else None
        amount = f"{self.amount:.2f}" if self.amount is not None else None
        number = self.order_number or self.provider_number or self.trace_number
        return T("{amount}, {when}, {number} (line {line})",
                 amount=TC("statements.amount", "{amount}", amount=amount) if amount else T("amount not given"),
                 when=when or T("time not given"),
                 number=T("order {number}", number=number) if number else T("no order number"), line=self.line)


@dataclass(frozen=True)
class Statement:
    layout: str                      # "wechat" | "alipay" | "mapping"
    file: str
    encoding: str                    # "utf-8", "utf-8-sig", "gb18030", "xlsx"
    rows: tuple[StatementRow, ...]
    declared: dict = field(default_factory=dict)  # what its own summary says: {"count": n, "amount": Decimal, ...}
    period: tuple[date, date] | None = None      # first and last day the statement says it covers
    name: Text | None = None         # a mapping file's name for its layout

    def days(self) -> tuple[date, ...]:
        if self.period is not None:
            first, last = self.period
            return tuple(first + timedelta(days=i) for i in range((last - first).days + 1))
        return tuple(sorted({r.time.date() for r in self.rows if r.time is not None}))

    def covers(self, day: date) -> bool:
        return day in self.days()

    def payments(self) -> list[StatementRow]:
        return [r for r in self.rows if r.kind == "payment"]

    def label(self) -> Text:
        """'WeChat Pay bill of 2026-12-05, 148 orders' / '微信支付账单（2026-12-05，148笔）'."""
        kind = self.name or LAYOUTS[self.layout]
        days = self.days()
        span: Any = (T("no date") if not days else str(days[0]) if len(days) == 1
                     else T("{first} to {last}", first=str(days[0]), last=str(days[-1])))
        n = len(self.payments())
        return TN("{kind} of {span}, {n} order", "{kind} of {span}, {n} orders", n, kind=kind, span=span)

    def totals(self) -> dict:
        """The sums of the rows as read: approved payments (count, amount), refunds, fees, and the net."""
        paid = [r for r in self.payments() if r.state in ("approved", "refunded") and r.amount is not None]
        refunds = [r for r in self.rows if r.kind == "refund" and r.state == "approved" and r.amount is not None]
        refunded_state = [r for r in self.payments() if r.state == "refunded" and r.amount is not None]
        gross = sum((r.amount for r in paid if r.amount is not None), Decimal("0"))
        refunded = (sum((r.amount for r in refunds if r.amount is not None), Decimal("0"))
                    + sum((r.amount for r in refunded_state if r.amount is not None), Decimal("0")))
        fees = sum((r.fee for r in self.rows if r.fee is not None), Decimal("0"))
        return {"payments": len(paid), "amount": gross, "refunds": len(refunds) + len(refunded_state),
                "refunded": refunded, "fees": fees, "net": gross - refunded - fees,
                "reversed": sum(1 for r in self.payments() if r.state == "reversed"),
                "failed": sum(1 for r in self.payments() if r.state == "failed")}

    def covers_until(self) -> datetime | None:
        days = self.days()
        return datetime.combine(days[-1], time(23, 59, 59)) if days else None


class StatementError(UserFileError):
    """A statement (or its mapping file) that cannot be read: one problem, with file, line and column, in both
    languages, and what to do. Exit 3 (cli/main.py)."""

    def __init__(self, where: Where, what: Text, *, hint: Text, kind: str = "statement"):
        self.where, self.what = where, what
        super().__init__(kind, [(where, what)], hint=hint)

    @property
    def en(self) -> str:
        """The problem in English (logs, JSON, tests)."""
        return self.what.en

    @property
    def zh(self) -> str:
        return self.what.zh

    def line_msg(self) -> Text:
        """The one line: file, line and column, and what, as a message."""
        w = self.where
        if w.line is not None and w.column is not None:
            return TC("statement", "{file}:{line}:{column}: {problem}", file=w.file, line=w.line, column=w.column,
                      problem=self.what)
        if w.line is not None:
            return TC("statement", "{file}:{line}: {problem}", file=w.file, line=w.line, problem=self.what)
        return TC("statement", "{file}: {problem}", file=w.file, problem=self.what)

    def lines(self, lang: str = "en") -> list[str]:
        return [self.line_msg()(lang)]

    def to_json(self) -> dict:
        return {"file": self.where.file, "line": self.where.line, "column": self.where.column,
                "message": self.what.to_json(), "hint": self.hint_msg.to_json() if self.hint_msg else None}
