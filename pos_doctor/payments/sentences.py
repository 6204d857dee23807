"""The reasons a reconciliation gives, in English and Chinese: one function per reason code of the decision table
(payments/reconcile.py), each returning a `Reason`. An amount is passed as a `Text` ("99.00 EUR" / "99.00 欧元"),
a record by its own description."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from pos_doctor.i18n import Text

from .model import TerminalRecord
from .verdicts import Reason


def reason(code: str, en: str, zh: str, **kw: Any) -> Reason:
    """A reason; a keyword `x_zh` replaces `x` in the Chinese text (amounts read "99.00 欧元" there)."""
    zh_kw = {**kw, **{k[:-3]: v for k, v in kw.items() if k.endswith("_zh")}}
    return Reason(code, Text(en.format(**kw), zh.format(**zh_kw)))


def described(text: Text) -> dict[str, str]:
    """A record's description as the {d} of a reason, in each language."""
    return {"d": text.en, "d_zh": text.zh}


def _a(amount: Text) -> dict[str, str]:
    return {"a": amount.en, "a_zh": amount.zh}


SOURCE = {"status": Text("the status information"), "receipt": Text("the receipt"),
          "journal": Text("the period's listing")}


# --- before the table: what cannot be compared at all ----------------------------------------------------------
def terminal_unreadable() -> Reason:
    return reason("terminal_unreadable", "The terminal could not be read.", "无法读取POS机记录。")


def qr_not_in_terminal() -> Reason:
    return reason("qr_not_in_terminal",
                  "A QR-code payment (WeChat Pay, Alipay, UnionPay QR) is not in the card terminal: look up the order "
                  "number in the merchant app.",
                  "扫码支付（微信、支付宝、云闪付）不在POS机里：请在商户后台或收款应用里按订单号查询。")


def no_customer_amount() -> Reason:
    return reason("no_customer_amount", "The amount on the customer's phone or bank message is missing.",
                  "缺少客人手机或银行短信上显示的金额。")


def no_customer_time() -> Reason:
    return reason("no_customer_time", "The time on the customer's phone or bank message is missing.",
                  "缺少客人手机或银行短信上显示的时间。")


# --- said beside any verdict -----------------------------------------------------------------------------------
def clock_offset_unknown(typed: bool) -> Reason:
    if typed:
        return reason("clock_offset_unknown",
                      "The times were typed from the POS机's screen or slip; its clock was not compared with "
                      "the PC, so they are taken as they are.",
                      "时间是从POS机屏幕或小票上抄录的，未与电脑时钟比较，按原样比对。")
    return reason("clock_offset_unknown",
                  "The terminal's clock was not compared with the PC; times are taken as they are.",
                  "未能比较POS机时钟和电脑时钟，时间按原样比对。")


def reversed_payment(trace: int | None) -> Reason:
    return reason("reversed", "The approved payment with trace {t} was reversed (cancelled).",
                  "流水号 {t} 的成功付款已被冲正（取消）。", t=trace)


def time_estimate(minutes: int, start: datetime, end: datetime) -> Reason:
    return reason("time_estimate", "The customer's time is an estimate (give or take {m} minutes): the "
                  "terminal's records from {s} to {e} were compared.",
                  "客人说的时间是估计的（前后约 {m} 分钟）：比对了POS机 {s} 到 {e} 之间的记录。", m=minutes,
                  s=f"{start:%H:%M}", e=f"{end:%H:%M}")


def identity_compared(what: Text) -> Reason:
    return reason("identity_compared", "Compared with the customer's evidence: {w}.", "已与客人的信息核对：{w}。",
                  w=what.en, w_zh=what.zh)


def identity_not_compared(customer_card_given: bool) -> Reason:
    if not customer_card_given:
        return reason("identity_not_compared", "Who paid was not compared: the customer's card's last four digits "
                      "were not given.", "未核对是谁付的款：没有客人卡号的后四位。")
    return reason("identity_not_compared", "Who paid was not compared: the terminal's records near that time show no "
                  "card number.", "未核对是谁付的款：POS机在该时间附近的记录没有显示卡号。")


def record_fields_missing(rec: TerminalRecord) -> Reason:
    missing_en = [w for w, v in (("amount", rec.amount), ("time", rec.time), ("trace", rec.trace_number)) if v is None]
    zh_words = {"amount": "金额", "time": "时间", "trace": "流水号"}
    return reason("record_fields_missing", "A record from the terminal lacks {miss} ({d}).",
                  "POS机的一条记录缺少{miss_zh}（{d}）。", miss=", ".join(missing_en) or "the result",
                  miss_zh="、".join(zh_words[w] for w in missing_en) or "结果", **described(rec.describe()))


# --- the rows of the table ---------------------------------------------------------------------------------------
def sources_disagree(a: TerminalRecord, b: TerminalRecord) -> Reason:  # row 2
    return reason(
        "sources_disagree", "The terminal's own records disagree about one transaction: {s1} says {d1}; "
        "{s2} says {d2}. Which is right cannot be settled here.",
        "POS机自己的记录对同一笔交易说法不一：{s1_zh}显示{d1_zh}；{s2_zh}显示{d2_zh}。无法在这里判断哪个是对的。",
        s1=SOURCE[a.source].en, s1_zh=SOURCE[a.source].zh, d1=a.describe().en, d1_zh=a.describe().zh,
        s2=SOURCE[b.source].en, s2_zh=SOURCE[b.source].zh, d2=b.describe().en, d2_zh=b.describe().zh)


TRACES = Text("traces ")


def _listed(traces: list[str], label: Text | None, records: Sequence[TerminalRecord]) -> dict[str, str]:
    """The records named in a reason: by trace number ("traces 41, 42"), or - typed from the POS机 (voucher
    numbers) or a statement's orders - by what each one shows."""
    if label is not None:
        return {"t": label.en + ", ".join(traces), "t_zh": label.zh + "、".join(traces)}
    return {"t": "; ".join(r.details().en for r in records), "t_zh": "；".join(r.details().zh for r in records)}


def double_charge(n: int, amount: Text, traces: list[str], last4: str, label: Text | None = TRACES,
                  records: Sequence[TerminalRecord] = ()) -> Reason:  # row 3
    return reason(
        "double_charge", "{n} approved payments of {a} at the customer's time ({t}), each with the "
        "customer's card ending {l}: the customer was charged more than once.",
        "客人所说的时间有 {n} 笔 {a}的成功付款（{t}），都是客人尾号 {l} 的卡：客人被重复扣款。",
        n=n, **_a(amount), **_listed(traces, label, records), l=last4)


# why two approved payments of the amount are not established as a double charge (row 4)
NO_CUSTOMER_CARD = Text("the customer's card's last four digits were not given, so it cannot be told whose they are")
NOT_EVERY_CARD = Text("the terminal does not show the card of every one, so it cannot be told whose they are")
NOT_ALL_THEIRS = Text("they were not all made with the customer's card")


def possible_double_charge(n: int, amount: Text, traces: list[str], why: Text, label: Text | None = TRACES,
                           records: Sequence[TerminalRecord] = ()) -> Reason:  # row 4
    return reason(
        "possible_double_charge", "{n} approved payments of {a} at the customer's time ({t}), but {w}: "
        "this is not established as a double charge. Do not refund or void anything; ask the customer for the "
        "last four digits on the debit message, or call the provider.",
        "客人所说的时间有 {n} 笔 {a}的成功付款（{t}），但{w}：不能认定为重复扣款。不要退款或撤销任何一笔；"
        "请问客人扣款信息上的卡号后四位，或联系支付服务商。", n=n, **_a(amount), **_listed(traces, label, records),
        w=why.en, w_zh=why.zh)


def possible_second_charge(amount: Text, rec: TerminalRecord) -> Reason:  # row 5
    return reason(
        "possible_second_charge", "One approved payment of {a} matches ({d}), but another record could "
        "be a second one and lacks the fields to tell.",
        "有一笔 {a}的成功付款与之相符（{d}），但另一条记录信息不全，可能是第二笔扣款。",
        **_a(amount), **described(rec.details()))


def amount_match(amount: Text, rec: TerminalRecord) -> Reason:  # row 6
    return reason(
        "amount_match", "One approved payment of {a} at the customer's time ({d}).",
        "客人所说的时间有一笔 {a}的成功付款（{d}）。", **_a(amount), **described(rec.details()))


def no_amount_in_record(amount: Text) -> Reason:  # row 7
    return reason(
        "no_amount_in_record", "The terminal's record does not say enough (amount, time or result not "
        "reported) to tell whether {a} was charged.",
        "POS机记录信息不全（金额、时间或结果未上报），无法判断 {a}是否已扣款。", **_a(amount))


def listing_incomplete(typed: bool) -> Reason:  # rows 8, 15: what the records do not cover
    if typed:
        return reason("listing_incomplete",
                      "Staff did not confirm that the typed list holds every transaction around that time, so "
                      "another payment at that time cannot be ruled out.",
                      "店员没有确认抄录的列表包含该时间前后的全部交易，无法排除该时间还有别的付款。")
    return reason("listing_incomplete",
                  "The terminal only reported some transactions (not its whole period), so an earlier "
                  "payment at that time cannot be ruled out.",
                  "POS机只报告了部分交易（不是整个批次），无法排除该时间还有别的付款。")


def period_start_unknown() -> Reason:
    return reason("period_start_unknown", "The terminal did not report when its period began.",
                  "POS机未上报本批次的开始时间。")


def outside_coverage() -> Reason:  # row 8
    return reason("outside_coverage", "The customer's time is outside what the terminal's records cover.",
                  "客人所说的时间不在POS机记录覆盖的范围内。")


def outside_typed_coverage(covers_from: datetime, covers_to: datetime) -> Reason:  # row 8, of a typed list
    return reason("outside_coverage",
                  "The customer's time (give or take the tolerance) is not wholly inside the times the typed "
                  "list covers ({f}–{t}).", "客人所说的时间（含允许误差）不完全在抄录列表覆盖的时间（{f}–{t}）之内。",
                  f=f"{covers_from:%H:%M}", t=f"{covers_to:%H:%M}")


def amount_outside_window(amount: Text, rec: TerminalRecord) -> Reason:  # row 9
    return reason(
        "amount_outside_window", "An approved payment of {a} exists, but not at the customer's time ({d}); "
        "it may be the customer's if the time on the phone is off.",
        "有一笔 {a}的成功付款，但不在客人所说的时间（{d}）；如果客人手机上的时间有出入，那可能就是客人的这笔。",
        **_a(amount), **described(rec.details()))


def declined_in_window(amount: Text, rec: TerminalRecord, typed: bool) -> Reason:  # row 10
    res_zh = "被拒" if rec.result == "declined" else "已中止"
    if typed:  # on a list staff confirmed complete
        return reason(
            "declined_in_window", "Staff confirmed the typed list holds every transaction of that time: no "
            "approved payment of {a}; the attempt was {res} ({d}). If the customer's account shows a hold, the "
            "automatic reversal releases it.",
            "店员确认抄录的列表包含该时间的全部交易：没有 {a}的成功付款，那次交易{res}（{d}）。"
            "如果客人账户上显示冻结，会通过自动冲正释放。",
            **_a(amount), res=rec.result, res_zh=res_zh, **described(rec.details()))
    return reason(
        "declined_in_window", "The terminal's records cover that time: no approved payment of {a}; the "
        "attempt was {res} ({d}). If the customer's account shows a hold, the automatic reversal releases it.",
        "POS机记录覆盖了该时间：没有 {a}的成功付款，那次交易{res}（{d}）。如果客人账户上显示冻结，会通过自动冲正释放。",
        **_a(amount), res=rec.result, res_zh=res_zh, **described(rec.details()))


def identity_differs(code: str, amount: Text, what: Text, rec: TerminalRecord) -> Reason:  # row 11
    return reason(
        code,
        "An approved payment of {a} at that time differs from the customer's in the {w} ({d}): it is "
        "not this customer's.", "该时间有一笔 {a}的成功付款，但{w}不同（{d}）：那不是这位客人的。", **_a(amount),
        w=what.en, w_zh=what.zh, **described(rec.describe()))


def other_amount_in_window(amount: Text, rec: TerminalRecord) -> Reason:  # row 12
    return reason(
        "other_amount_in_window", "At that time the terminal approved another amount ({d}); the customer "
        "shows {a}.", "该时间POS机成功收款的是另一个金额（{d}）；客人出示的是 {a}。", **_a(amount),
        **described(rec.describe()))


def nothing_in_window(typed: bool) -> Reason:  # row 13
    if typed:  # on a list staff confirmed complete
        return reason(
            "nothing_in_window", "Staff confirmed the typed list holds every transaction of that time and "
            "none could be this one; the customer's phone shows no debit.",
            "店员确认抄录的列表包含该时间的全部交易，没有一笔可能是这次付款；客人手机上也没有扣款。")
    return reason(
        "nothing_in_window", "The terminal listed every payment of its current period and none could be "
        "this one; the customer's phone shows no debit.",
        "POS机列出了本批次的全部交易，没有一笔可能是这次付款；客人手机上也没有扣款。")


def debit_without_attempt(amount: Text, typed: bool) -> Reason:  # row 14
    if typed:  # on a list staff confirmed complete
        return reason(
            "debit_without_attempt", "The customer shows a debit of {a}, but staff confirmed the typed list "
            "holds every transaction of that time and none (approved, failed or voided) could be it: this "
            "POS机 does not explain the debit. It may come from another terminal, a QR code or another "
            "merchant. Do not take the payment again; ask for the merchant name on the customer's message and "
            "give it to the payment provider.",
            "客人出示了一笔 {a}的扣款，但店员确认抄录的列表包含该时间的全部交易，"
            "其中没有任何一笔可能对应（成功、失败或撤销都没有）："
            "这台POS机解释不了这笔扣款。它可能来自别的POS机、扫码支付或别的商户。不要重新收款；请问清客人扣款信息上显示的商户名称，"
            "交给支付服务商核查。", **_a(amount))
    return reason(
        "debit_without_attempt", "The customer shows a debit of {a}, but the terminal listed every payment "
        "of its current period and holds no attempt (approved, declined or aborted) that could be it: this "
        "terminal does not explain the debit. It may come from another terminal, a QR code or another "
        "merchant. Do not take the payment again; ask for the merchant name on the customer's message and "
        "give it to the payment provider.",
        "客人出示了一笔 {a}的扣款，但POS机列出了本批次的全部交易，"
        "其中没有任何一次可能对应的交易（成功、被拒或中止都没有）："
        "这台POS机解释不了这笔扣款。它可能来自别的POS机、扫码支付或别的商户。不要重新收款；请问清客人扣款信息上显示的商户名称，"
        "交给支付服务商核查。", **_a(amount))


def nothing_conclusive(amount: Text, typed: bool) -> Reason:  # row 15
    if typed:
        return reason(
            "nothing_conclusive", "The transactions typed from the POS机 show nothing that settles {a}.",
            "从POS机抄录的交易中没有能确认 {a}的交易。", **_a(amount))
    return reason(
        "nothing_conclusive", "The terminal's records show nothing that settles {a}.",
        "POS机记录中没有能确认 {a}的交易。", **_a(amount))
