"""Was this customer charged? The customer's evidence against the terminal's records. Pure: no I/O, no screen.

The verdict is the money rule of pos-doctor: a new payment is allowed only on `not_charged`, which needs positive
evidence about *this* attempt. Anything the records cannot settle is `unknown`; anything they contradict is
`mismatch`. A field the terminal did not send is "not reported", never a decline.

The verdict is a function of the SET of records, the customer's evidence and the window (the customer's time ±
(the clock tolerance + the customer's uncertainty), on the PC's clock; "about ten minutes ago", "around 14:00" and
"between 14:00 and 14:30" carry their uncertainty, a time to the minute none): the records are put in one canonical order first, and every rule below asks
"is there a record such that ...", never "the first record". A record is *this customer's* only when no
identifying field differs (identity.py: card's last four digits, voucher/receipt number, authorisation code,
currency; the fields compared are listed in `compared`). The first row that holds decides:

| # | the records (identity not differing, unless said)                          | verdict      | finding / reason |
|---|-----------------------------------------------------------------------------|--------------|------------------|
| 1 | the terminal could not be read; a QR payment (decided by its order number in the merchant app: payments/qr.py); the customer's amount or time is missing | unknown | |
| 2 | two sources (status, receipt, listing) disagree on the result or amount of one transaction (same trace or receipt number) that could be the customer's | unknown | sources_disagree |
| 3 | two or more approved payments of the amount in the window, every one with the customer's card's last four digits | mismatch, double_charge | double_charge |
| 4 | two or more approved payments of the amount in the window, otherwise (no last four digits, other cards, cards not shown) | unknown | possible_double_charge |
| 5 | one approved payment of the amount in the window, and a record that could be a second one lacks fields | unknown | possible_second_charge |
| 6 | one approved payment of the amount in the window | charged | amount_match |
| 7 | a record that could be it lacks its amount, time or result | unknown | no_amount_in_record |
| 8 | the customer's time is outside what the listing covers | unknown | outside_coverage |
| 9 | an approved payment of the amount elsewhere in the records (the customer's time may be off): it outweighs any decline | mismatch | amount_outside_window |
| 10 | a declined or aborted attempt of the amount in the window, complete listing | not_charged | declined_in_window |
| 11 | an approved payment of the amount in the window, but of another card or currency (identity differs) | mismatch | card_differs / currency_differs |
| 12 | an approved payment of another amount in the window | mismatch | other_amount_in_window |
| 13 | complete listing, no attempt (approved, declined, aborted, unknown) that could be it, the customer confirms there is no debit | not_charged | nothing_in_window |
| 14 | complete listing, no attempt that could be it, the customer shows a debit (or was not asked) | unknown | finding debit_without_attempt |
| 15 | anything else | unknown | listing_incomplete, period_start_unknown, nothing_conclusive |

The records may come from several sources (model.ORIGINS): read over the terminal's link, or typed by staff from a
standalone POS机's screen or slip (typed.py). The rules are the same whatever the source; a typed list is complete only
when staff confirmed it holds every transaction between two times they named (`complete`, `covers_from`..`covers_to`),
so rows 10 and 13 - the only rows that give `not_charged` - need that confirmation, and row 8 needs the customer's
whole window inside those two times. The verdict names its source (`decided_by`), and nothing typed is said to have
been read from the device.

So an approved record that could be the customer's always outweighs a declined one (rows 3-9 before 10), a
record of another card is never "this customer's" (rows 3, 6 take only records whose identity does not differ), and
a debit the terminal holds no attempt for is never `not_charged` (row 14).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from pos_doctor.i18n import Text

from .customer_input import parse_amount, parse_customer_time  # noqa: F401 (re-exported)
from .identity import FIELDS, compare, contradictions, fields_text, identity
from .model import (KINDS, METHODS, NOT_REPORTED, RESULTS, SOURCES, VERDICTS, CustomerEvidence,  # noqa: F401
                    TerminalEvidence, TerminalRecord, _money, _naive, _time_json, card_last4, money_zh)


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
    compared: tuple[str, ...] = ()  # the identifying fields compared with a record (identity.FIELDS)
    finding: str | None = None  # "debit_without_attempt": the customer shows a debit this terminal has no attempt for
    contradictions: tuple[tuple[TerminalRecord, TerminalRecord], ...] = ()  # sources that disagree
    head: Text | None = None  # the verdict's headline when its source is not the terminal (payments/qr.py)
    origin: str = "link"  # which source decided it (model.ORIGINS)
    origin_label: Text | None = None

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "reasons": [r.to_json() for r in self.reasons],
                "matched": [r.to_json() for r in self.matched],
                "considered": [r.to_json() for r in self.considered], "double_charge": self.double_charge,
                "compared": list(self.compared), "finding": self.finding,
                "contradictions": [[a.to_json(), b.to_json()] for a, b in self.contradictions],
                "decided_by": {"origin": self.origin,
                               "label": self.origin_label.to_json() if self.origin_label is not None else None}}

    def summary(self) -> Text:
        typed = self.origin in ("typed_terminal", "typed_qr_app")
        head = self.head or (_TYPED_VERDICT_TEXT if typed else _VERDICT_TEXT)[self.verdict]
        if (typed or self.origin == "statement") and self.origin_label is not None:
            src = self.origin_label
            head = Text(f"{head.en} Source: {src.en}.", f"{head.zh}来源：{src.zh}。")
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


# the same verdicts said of records staff typed from the POS机's screen or slip (never "the terminal reported")
_TYPED_VERDICT_TEXT = {
    "charged": Text("The customer WAS charged: the transactions staff typed from the POS机 show it - do not take the "
                    "payment again.", "店员从POS机抄录的交易显示这笔钱已经从客人卡上扣了——不要再收一次。"),
    "not_charged": Text("The transactions staff typed from the POS机 show this customer was NOT charged.",
                        "店员从POS机抄录的交易显示这位客人没有被扣款。"),
    "mismatch": Text("The transactions staff typed from the POS机 and the customer's evidence disagree - do not charge "
                     "again; call the payment provider with the evidence.",
                     "店员从POS机抄录的交易和客人出示的扣款信息对不上——不要再收款，请带着证据联系支付服务商。"),
    "unknown": Text("The transactions staff typed from the POS机 cannot settle whether the customer was charged - do "
                    "not charge again until it is.", "店员从POS机抄录的交易无法确认客人是否已被扣款——确认之前不要再收款。"),
}


def _r(code: str, en: str, zh: str, **kw) -> Reason:
    """A reason; a keyword `x_zh` replaces `x` in the Chinese text (amounts read "99.00 欧元" there)."""
    zh_kw = {**kw, **{k[:-3]: v for k, v in kw.items() if k.endswith("_zh")}}
    return Reason(code, Text(en.format(**kw), zh.format(**zh_kw)))


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


def _canon(rec: TerminalRecord) -> tuple:
    """One order for any permutation of the same records: by time, then every other field (a record that reports
    more fields first, so that of two reports of one transaction the fuller one is kept)."""
    known = sum(v is not None for v in (rec.amount, rec.time, rec.trace_number, rec.receipt_number, rec.pan_masked,
                                         rec.currency, rec.result_code, rec.reference, rec.auth_code, rec.card_name))
    return (rec.time is None, _naive(rec.time) or datetime.min, -known, rec.trace_number or -1, rec.receipt_number or -1,
            rec.kind, rec.source, rec.result, rec.amount or Decimal(-1), rec.result_code or -1,
            *(str(getattr(rec, f) or "") for f in ("currency", "pan_masked", "card_name", "reference", "auth_code")))


def reconcile(customer: CustomerEvidence, terminal: TerminalEvidence, *,
              tolerance: timedelta = timedelta(minutes=5)) -> Reconciliation:
    """The verdict by the table in the module docstring, naming the source that decided it; a QR order typed from
    the merchant app is decided by its order number (payments/qr.py)."""
    if terminal.origin == "typed_qr_app":
        from .qr import decide

        result = decide(customer, terminal, tolerance=tolerance)
    else:
        result = _reconcile(customer, terminal, tolerance)
    if terminal.origin == "statement":  # the same rules, said of the statement's rows (never "the terminal")
        from .statement_words import worded

        result = worded(result)
    return replace(result, origin=terminal.origin, origin_label=terminal.origin_label)


def _reconcile(customer: CustomerEvidence, terminal: TerminalEvidence, tolerance: timedelta) -> Reconciliation:
    if not terminal.readable:
        return Reconciliation("unknown", (_r("terminal_unreadable",
                                             "The terminal could not be read.", "无法读取POS机记录。"),), (), ())
    records = distinct(sorted(terminal.records, key=_canon))
    if customer.method == "qr" and terminal.origin != "statement":  # a statement lists QR orders too
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
    return _Decision(customer, terminal, records, tolerance).verdict()


class _Decision:
    """One reconciliation: the predicates of the decision table over the set of records."""

    def __init__(self, customer: CustomerEvidence, terminal: TerminalEvidence, records, tolerance: timedelta):
        self.c, self.terminal, self.records = customer, terminal, records
        self.offset = terminal.clock_offset_s
        self.reach = tolerance + timedelta(seconds=customer.time_uncertainty_s)
        self.start, self.end = _naive(customer.time) - self.reach, _naive(customer.time) + self.reach
        cancelled = _cancelled_traces(records)
        self.payments = [r for r in records if r.kind == "payment" and r.result != "reversed"]
        self.live = {id(r) for r in self.payments if r.result == "approved"
                     and not (r.trace_number is not None and r.trace_number in cancelled)}
        self.ident = {id(r): identity(customer, r) for r in records}
        self.compared = tuple(f for f in FIELDS if any(f in compare(customer, r) for r in records
                                                       if self.could_be_near(r)))
        self.a, self.a_zh = _money(customer.amount, customer.currency), money_zh(customer.amount, customer.currency)
        self.extra: list[Reason] = []
        self.shown: list[TerminalRecord] = []  # records named in the verdict beyond the window's

    # --- predicates over one record ---------------------------------------------------------------------------
    def in_window(self, rec: TerminalRecord) -> bool:
        t = _pc_time(rec, self.offset)
        return t is not None and self.start <= t <= self.end

    def same_amount(self, rec: TerminalRecord) -> bool:
        return rec.amount is not None and rec.amount == self.c.amount

    def mine(self, rec: TerminalRecord) -> bool:
        """No identifying field differs (card, voucher, authorisation code, currency)."""
        return self.ident[id(rec)] != "differs"

    def approved(self, rec: TerminalRecord) -> bool:
        return id(rec) in self.live

    def could_be_near(self, rec: TerminalRecord) -> bool:
        return rec.time is None or self.in_window(rec) or self.same_amount(rec) or rec.amount is None

    def could_be_it(self, rec: TerminalRecord) -> bool:
        """An attempt (any result) that could be the customer's: in the window or undated, this amount or none."""
        return (self.mine(rec) and (rec.time is None or self.in_window(rec))
                and (rec.amount is None or self.same_amount(rec)))

    # --- the table --------------------------------------------------------------------------------------------
    def verdict(self) -> Reconciliation:
        pay, c = self.payments, self.c
        reasons = self.extra
        if self.offset is None and self.terminal.typed:
            reasons.append(_r("clock_offset_unknown",
                              "The times were typed from the POS机's screen or slip; its clock was not compared with "
                              "the PC, so they are taken as they are.",
                              "时间是从POS机屏幕或小票上抄录的，未与电脑时钟比较，按原样比对。"))
        elif self.offset is None:
            reasons.append(_r("clock_offset_unknown",
                              "The terminal's clock was not compared with the PC; times are taken as they are.",
                              "未能比较POS机时钟和电脑时钟，时间按原样比对。"))
        for rec in self.records:
            if rec.kind == "payment" and rec.result == "approved" and not self.approved(rec) and self.same_amount(rec):
                reasons.append(_r("reversed", "The approved payment with trace {t} was reversed (cancelled).",
                                  "流水号 {t} 的成功付款已被冲正（取消）。", t=rec.trace_number))
        reasons.append(self._compared_reason())
        if c.time_uncertainty_s:
            minutes = max(1, round(c.time_uncertainty_s / 60))
            reasons.append(_r("time_estimate", "The customer's time is an estimate (give or take {m} minutes): the "
                              "terminal's records from {s} to {e} were compared.",
                              "客人说的时间是估计的（前后约 {m} 分钟）：比对了POS机 {s} 到 {e} 之间的记录。", m=minutes,
                              s=f"{self.start:%H:%M}", e=f"{self.end:%H:%M}"))

        clash = [(a, b) for a, b in contradictions(self.records) if self.could_be_near(a) or self.could_be_near(b)]
        if clash:  # row 2
            a, b = clash[0]
            self.shown += [r for pair in clash for r in pair]
            return self._done("unknown", _r(
                "sources_disagree", "The terminal's own records disagree about one transaction: {s1} says {d1}; "
                "{s2} says {d2}. Which is right cannot be settled here.",
                "POS机自己的记录对同一笔交易说法不一：{s1_zh}显示{d1_zh}；{s2_zh}显示{d2_zh}。无法在这里判断哪个是对的。",
                s1=_SOURCE[a.source].en, s1_zh=_SOURCE[a.source].zh, d1=a.describe().en, d1_zh=a.describe().zh,
                s2=_SOURCE[b.source].en, s2_zh=_SOURCE[b.source].zh, d2=b.describe().en, d2_zh=b.describe().zh),
                contradictions=tuple(clash))

        candidates = [r for r in pay if self.approved(r) and self.in_window(r) and self.same_amount(r) and self.mine(r)]
        doubtful = [r for r in pay if r not in candidates and self.mine(r) and (
            (self.in_window(r) and r.amount is None and r.result in ("approved", "unknown"))
            or (r.time is None and (r.amount is None or self.same_amount(r)) and r.result in ("approved", "unknown"))
            or (self.in_window(r) and self.same_amount(r) and r.result == "unknown"))]
        # a record that only carries a result code says nothing about this payment - it is never a decline
        unreadable = [r for r in pay if r.result in ("declined", "aborted") and r.amount is None and self.mine(r)
                      and (r.time is None or self.in_window(r))]
        for rec in doubtful + unreadable:
            reasons.append(_missing_reason(rec))


        if len(candidates) >= 2:  # rows 3, 4
            return self._several(candidates)
        if len(candidates) == 1:  # rows 5, 6
            rec = candidates[0]
            if doubtful:
                return self._done("unknown", _r(
                    "possible_second_charge", "One approved payment of {a} matches ({d}), but another record could "
                    "be a second one and lacks the fields to tell.",
                    "有一笔 {a}的成功付款与之相符（{d}），但另一条记录信息不全，可能是第二笔扣款。",
                    a=self.a, a_zh=self.a_zh, **_d(rec.details())), matched=(rec,))
            return self._done("charged", _r(
                "amount_match", "One approved payment of {a} at the customer's time ({d}).",
                "客人所说的时间有一笔 {a}的成功付款（{d}）。", a=self.a, a_zh=self.a_zh, **_d(rec.details())),
                matched=(rec,))
        if doubtful or unreadable:  # row 7
            return self._done("unknown", _r(
                "no_amount_in_record", "The terminal's record does not say enough (amount, time or result not "
                "reported) to tell whether {a} was charged.",
                "POS机记录信息不全（金额、时间或结果未上报），无法判断 {a}是否已扣款。", a=self.a, a_zh=self.a_zh))

        covered, cover_reason = _coverage(self.terminal, self.start, self.end, self.offset)
        if cover_reason is not None and cover_reason.code == "outside_coverage":  # row 8
            return self._done("unknown", cover_reason)

        elsewhere = [r for r in pay if self.approved(r) and self.same_amount(r) and self.mine(r)
                     and r.time is not None and not self.in_window(r)]
        if elsewhere:  # row 9: the customer's time may be off; an approval outweighs any decline
            rec = min(elsewhere, key=lambda r: abs(_pc_time(r, self.offset) - _naive(c.time)))
            self.shown += elsewhere
            return self._done("mismatch", _r(
                "amount_outside_window", "An approved payment of {a} exists, but not at the customer's time ({d}); "
                "it may be the customer's if the time on the phone is off.",
                "有一笔 {a}的成功付款，但不在客人所说的时间（{d}）；如果客人手机上的时间有出入，那可能就是客人的这笔。",
                a=self.a, a_zh=self.a_zh, **_d(rec.details())))

        failed = [r for r in pay if r.result in ("declined", "aborted") and self.in_window(r) and self.same_amount(r)
                  and self.mine(r)]
        if covered and failed and self.terminal.typed:  # row 10, on a list staff confirmed complete
            rec = failed[-1]
            return self._done("not_charged", _r(
                "declined_in_window", "Staff confirmed the typed list holds every transaction of that time: no "
                "approved payment of {a}; the attempt was {res} ({d}). If the customer's account shows a hold, the "
                "automatic reversal releases it.",
                "店员确认抄录的列表包含该时间的全部交易：没有 {a}的成功付款，那次交易{res}（{d}）。如果客人账户上显示冻结，会通过自动冲正释放。",
                a=self.a, a_zh=self.a_zh, res=rec.result, res_zh="被拒" if rec.result == "declined" else "已中止",
                **_d(rec.details())))
        if covered and failed:  # row 10
            rec = failed[-1]
            return self._done("not_charged", _r(
                "declined_in_window", "The terminal's records cover that time: no approved payment of {a}; the "
                "attempt was {res} ({d}). If the customer's account shows a hold, the automatic reversal releases it.",
                "POS机记录覆盖了该时间：没有 {a}的成功付款，那次交易{res}（{d}）。如果客人账户上显示冻结，会通过自动冲正释放。",
                a=self.a, a_zh=self.a_zh, res=rec.result, res_zh="被拒" if rec.result == "declined" else "已中止",
                **_d(rec.details())))

        other_card = [r for r in pay if self.approved(r) and self.in_window(r) and self.same_amount(r)]
        if other_card:  # row 11: approved, this amount, this time - another card or currency
            rec = other_card[0]
            differs = [f for f, same in compare(c, rec).items() if not same]
            code = ("card_differs" if "card_last4" in differs else
                    "currency_differs" if differs == ["currency"] else "identity_differs")
            what = fields_text(differs)
            return self._done("mismatch", _r(
                code,
                "An approved payment of {a} at that time differs from the customer's in the {w} ({d}): it is "
                "not this customer's.", "该时间有一笔 {a}的成功付款，但{w}不同（{d}）：那不是这位客人的。", a=self.a,
                a_zh=self.a_zh, w=what.en, w_zh=what.zh, **_d(rec.describe())))

        others = [r for r in pay if self.approved(r) and self.in_window(r) and self.mine(r)]
        if others:  # row 12
            rec = others[0]
            return self._done("mismatch", _r(
                "other_amount_in_window", "At that time the terminal approved another amount ({d}); the customer "
                "shows {a}.", "该时间POS机成功收款的是另一个金额（{d}）；客人出示的是 {a}。", a=self.a, a_zh=self.a_zh,
                **_d(rec.describe())))

        if covered and not any(self.could_be_it(r) for r in pay):
            if c.debit is False and self.terminal.typed:  # row 13, on a list staff confirmed complete
                return self._done("not_charged", _r(
                    "nothing_in_window", "Staff confirmed the typed list holds every transaction of that time and "
                    "none could be this one; the customer's phone shows no debit.",
                    "店员确认抄录的列表包含该时间的全部交易，没有一笔可能是这次付款；客人手机上也没有扣款。"))
            if c.debit is False:  # row 13: positive evidence - no debit, and no attempt on record
                return self._done("not_charged", _r(
                    "nothing_in_window", "The terminal listed every payment of its current period and none could be "
                    "this one; the customer's phone shows no debit.",
                    "POS机列出了本批次的全部交易，没有一笔可能是这次付款；客人手机上也没有扣款。"))
            if self.terminal.typed:  # row 14, on a list staff confirmed complete
                return self._done("unknown", _r(
                    "debit_without_attempt", "The customer shows a debit of {a}, but staff confirmed the typed list "
                    "holds every transaction of that time and none (approved, failed or voided) could be it: this "
                    "POS机 does not explain the debit. It may come from another terminal, a QR code or another "
                    "merchant. Do not take the payment again; ask for the merchant name on the customer's message and "
                    "give it to the payment provider.",
                    "客人出示了一笔 {a}的扣款，但店员确认抄录的列表包含该时间的全部交易，其中没有任何一笔可能对应（成功、失败或撤销都没有）："
                    "这台POS机解释不了这笔扣款。它可能来自别的POS机、扫码支付或别的商户。不要重新收款；请问清客人扣款信息上显示的商户名称，"
                    "交给支付服务商核查。", a=self.a, a_zh=self.a_zh), finding="debit_without_attempt")
            return self._done("unknown", _r(  # row 14
                "debit_without_attempt", "The customer shows a debit of {a}, but the terminal listed every payment "
                "of its current period and holds no attempt (approved, declined or aborted) that could be it: this "
                "terminal does not explain the debit. It may come from another terminal, a QR code or another "
                "merchant. Do not take the payment again; ask for the merchant name on the customer's message and "
                "give it to the payment provider.",
                "客人出示了一笔 {a}的扣款，但POS机列出了本批次的全部交易，其中没有任何一次可能对应的交易（成功、被拒或中止都没有）："
                "这台POS机解释不了这笔扣款。它可能来自别的POS机、扫码支付或别的商户。不要重新收款；请问清客人扣款信息上显示的商户名称，"
                "交给支付服务商核查。", a=self.a, a_zh=self.a_zh), finding="debit_without_attempt")

        if self.terminal.typed and cover_reason is None:
            return self._done("unknown", _r(  # row 15
                "nothing_conclusive", "The transactions typed from the POS机 show nothing that settles {a}.",
                "从POS机抄录的交易中没有能确认 {a}的交易。", a=self.a, a_zh=self.a_zh))
        return self._done("unknown", cover_reason or _r(  # row 15
            "nothing_conclusive", "The terminal's records show nothing that settles {a}.",
            "POS机记录中没有能确认 {a}的交易。", a=self.a, a_zh=self.a_zh))

    def _several(self, candidates: list[TerminalRecord]) -> Reconciliation:
        if not any(r.source in ("typed", "statement") for r in candidates):
            traces = [str(r.trace_number) if r.trace_number is not None else "?" for r in candidates]
            t, t_zh, tl = ", ".join(traces), "、".join(traces), Text("traces ", "流水号 ")
        else:  # typed from the POS机 (voucher numbers) or a statement's orders: what each one shows
            t, t_zh = "; ".join(r.details().en for r in candidates), "；".join(r.details().zh for r in candidates)
            tl = Text("", "")
        if self.c.card_last4 and all(r.last4 == self.c.card_last4 for r in candidates):  # row 3
            return self._done("mismatch", _r(
                "double_charge", "{n} approved payments of {a} at the customer's time ({tl}{t}), each with the "
                "customer's card ending {l}: the customer was charged more than once.",
                "客人所说的时间有 {n} 笔 {a}的成功付款（{tl_zh}{t}），都是客人尾号 {l} 的卡：客人被重复扣款。",
                n=len(candidates), a=self.a, a_zh=self.a_zh, t=t, t_zh=t_zh, tl=tl.en, tl_zh=tl.zh,
                l=self.c.card_last4),
                matched=tuple(candidates), double_charge=True)
        cards = {r.last4 for r in candidates}
        if not self.c.card_last4:
            why = Text("the customer's card's last four digits were not given, so it cannot be told whose they are",
                       "没有客人卡号的后四位，无法判断是谁的")
        elif None in cards:
            why = Text("the terminal does not show the card of every one, so it cannot be told whose they are",
                       "POS机没有显示每一笔的卡号，无法判断是谁的")
        else:
            why = Text("they were not all made with the customer's card", "它们不都是客人的卡")
        return self._done("unknown", _r(
            "possible_double_charge", "{n} approved payments of {a} at the customer's time ({tl}{t}), but {w}: "
            "this is not established as a double charge. Do not refund or void anything; ask the customer for the "
            "last four digits on the debit message, or call the provider.",
            "客人所说的时间有 {n} 笔 {a}的成功付款（{tl_zh}{t}），但{w}：不能认定为重复扣款。不要退款或撤销任何一笔；"
            "请问客人扣款信息上的卡号后四位，或联系支付服务商。", n=len(candidates), a=self.a, a_zh=self.a_zh, t=t,
            t_zh=t_zh, tl=tl.en, tl_zh=tl.zh, w=why.en, w_zh=why.zh), matched=tuple(candidates))

    def _compared_reason(self) -> Reason:
        if self.compared:
            what = fields_text(self.compared)
            return _r("identity_compared", "Compared with the customer's evidence: {w}.", "已与客人的信息核对：{w}。",
                      w=what.en, w_zh=what.zh)
        if not self.c.card_last4:
            return _r("identity_not_compared", "Who paid was not compared: the customer's card's last four digits "
                      "were not given.", "未核对是谁付的款：没有客人卡号的后四位。")
        return _r("identity_not_compared", "Who paid was not compared: the terminal's records near that time show no "
                  "card number.", "未核对是谁付的款：POS机在该时间附近的记录没有显示卡号。")

    def _done(self, verdict: str, first: Reason, *, matched=(), double_charge: bool = False, finding=None,
              contradictions=()) -> Reconciliation:
        near = {id(r) for r in self.records if r.time is None or self.in_window(r)}
        near |= {id(r) for r in self.shown}
        considered = tuple(r for r in self.records if id(r) in near)
        return Reconciliation(verdict, (first, *self.extra), tuple(matched), considered, double_charge=double_charge,
                              compared=self.compared, finding=finding, contradictions=tuple(contradictions))


_SOURCE = {"status": Text("the status information", "状态信息"), "receipt": Text("the receipt", "小票"),
           "journal": Text("the period's listing", "本批次交易清单")}


def _missing_reason(rec: TerminalRecord) -> Reason:
    missing_en = [w for w, v in (("amount", rec.amount), ("time", rec.time), ("trace", rec.trace_number)) if v is None]
    zh_words = {"amount": "金额", "time": "时间", "trace": "流水号"}
    return _r("record_fields_missing", "A record from the terminal lacks {miss} ({d}).",
              "POS机的一条记录缺少{miss_zh}（{d}）。", miss=", ".join(missing_en) or "the result",
              miss_zh="、".join(zh_words[w] for w in missing_en) or "结果", **_d(rec.describe()))


def _coverage(terminal: TerminalEvidence, start: datetime, end: datetime,
              offset: float | None) -> tuple[bool, Reason | None]:
    """Do the records cover [start, end] (PC clock)? Only a complete listing of the period can say so; a typed list
    only when staff confirmed it holds every transaction between two times, and the whole window lies between them."""
    if terminal.typed:
        return _typed_coverage(terminal, start, end)
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


def _typed_coverage(terminal: TerminalEvidence, start: datetime, end: datetime) -> tuple[bool, Reason | None]:
    if not terminal.complete or terminal.covers_from is None or terminal.covers_to is None:
        return False, _r("listing_incomplete",
                         "Staff did not confirm that the typed list holds every transaction around that time, so "
                         "another payment at that time cannot be ruled out.",
                         "店员没有确认抄录的列表包含该时间前后的全部交易，无法排除该时间还有别的付款。")
    until = _naive(terminal.covers_to)
    if until.second == 0:  # "to 14:30" as staff type it: the whole of that minute
        until += timedelta(seconds=59)
    if terminal.read_at is not None:  # nothing after it was typed can be on the list (as after a link's reading)
        end = min(end, _naive(terminal.read_at))
    if start < _naive(terminal.covers_from) or end > until:
        return False, _r("outside_coverage",
                         "The customer's time (give or take the tolerance) is not wholly inside the times the typed "
                         "list covers ({f}–{t}).", "客人所说的时间（含允许误差）不完全在抄录列表覆盖的时间（{f}–{t}）之内。",
                         f=f"{terminal.covers_from:%H:%M}", t=f"{terminal.covers_to:%H:%M}")
    return True, None


# --- the money rule, in one place ----------------------------------------------------------------------------

MONEY_ACTIONS = ("new_payment", "refund", "void", "refund_duplicate", "difference")


def allows(action: str, result: Reconciliation | None) -> bool:
    """May staff do `action` for this customer's payment, given the verdict? A new payment (retry, other method,
    manual keying) only on `not_charged`; a refund or void only on `charged`; refunding the second of two only on
    a double charge; taking the difference of an undercharge (a new, separate payment of only the difference) only on
    `charged` - the records show the customer's payment, of the lower amount. A refund, a void and the difference
    also need the matched payment shown to be this customer's (`who_paid_settled`, checked by the engine). No
    verdict (None) allows nothing; an unknown action is refused."""
    if result is None or action not in MONEY_ACTIONS:
        return False
    if action == "new_payment":
        return result.verdict == "not_charged"
    if action in ("refund", "void", "difference"):
        return result.verdict == "charged"
    if action == "refund_duplicate":
        return result.verdict == "mismatch" and result.double_charge
    return result.verdict == "charged"


def who_paid_settled(payment: dict | None) -> bool:
    """A refund or void moves one recorded payment: only when every record the verdict matched is shown to be this
    customer's by what says who paid (card last four, voucher or authorisation code compared and equal), not only by
    amount and time: another customer's payment of the same amount in the window is never given back or voided."""
    if not isinstance(payment, dict) or not payment.get("matched"):
        return False
    customer = CustomerEvidence.from_json(payment.get("customer") or {})
    return all(identity(customer, TerminalRecord.from_json(m)) == "match"
               for m in payment["matched"] if isinstance(m, dict))


def payment_object(customer: CustomerEvidence, terminal: TerminalEvidence, result: Reconciliation) -> dict:
    """The transcript's `payment` object: the customer's evidence, what the terminal could tell, the verdict."""
    return {"customer": customer.to_json(),
            "terminal": {"readable": terminal.readable, "complete": terminal.complete, "origin": terminal.origin,
                         "origin_label": terminal.origin_label.to_json() if terminal.origin_label else None,
                         "covers_from": _time_json(terminal.covers_from), "read_at": _time_json(terminal.read_at),
                         "clock_offset_s": terminal.clock_offset_s, "not_reported": list(terminal.not_reported),
                         "records": len(terminal.records),
                         **({"covers_to": _time_json(terminal.covers_to)} if terminal.covers_to is not None else {})},
            **result.to_json()}
