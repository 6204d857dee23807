"""Was this customer charged by a QR payment (WeChat Pay, Alipay, UnionPay QR / 云闪付)? Decided by the ORDER NUMBER.
Pure: no I/O, no screen.

A QR payment never passes the card terminal. Its truth is in the merchant app (微信支付商家助手, 支付宝商家版, or the
acquirer's app), which lists the shop's own orders with number, amount, time and state; staff look the order up there
and type what they see (`evidence_from_values`). The customer's phone shows the same order in 账单详情: its 交易单号 /
商户单号 (the customer may read only the last digits), amount, time and 收款方 (payee). The order number says who paid:
the customer's digits must be the END of the app's order number (`identity.order_matches`, at least four characters;
'0012' is not '12'). The customer's "paid" screen alone never decides: without the app's answer the verdict is
`unknown`.

The first row that holds decides (the records are put in one order first; every row asks "is there an order such
that ...", so the verdict is a function of the set of orders):

| # | what staff typed from the app, and the customer's evidence                              | verdict     \
| finding / reason |
|---|------------------------------------------------------------------------------------------|-------------\
|------------------|
| 1 | the merchant app was not looked at (no state typed)                                      | unknown     \
| qr_not_looked_up |
| 2 | the customer gave no order number, or fewer than 4 of its last characters                | unknown     \
| qr_no_order_number |
| 3 | two or more different orders end with the customer's digits                             | unknown     \
| qr_several_orders |
| 4 | one order number typed twice with a different state or amount                           | unknown     \
| qr_sources_disagree |
| 5 | the order ends with the digits, but its amount or the customer's is missing or differs (or the currency) \
| unknown | qr_amount_missing / qr_amount_differs |
| 6 | ... and its time is more than the tolerance from the customer's                          | unknown     \
| qr_time_differs |
| 7 | ... and staff say the payee on the customer's phone is another business                  | unknown     \
| qr_payee_conflict |
| 8 | the same order (digits and amount), 支付成功                                              | charged     \
| qr_paid |
| 9 | the same order, 用户支付中 (the customer has not finished): wait and look again          | unknown     \
| finding qr_pending |
| 10 | the same order, 已关闭 or 支付失败: this shop's order took no money                     | not_charged \
| qr_closed / qr_failed |
| 11 | the same order, 已退款 or 转入退款: paid, and given back                                | unknown     \
| finding qr_refunded (qr_refunding) |
| 12 | the same order, its state not read                                                      | unknown     \
| qr_state_unknown |
| 13 | staff typed an order from the app whose number does not end with the customer's digits | unknown     \
| qr_other_order |
| 14 | the app has no such order, the customer's phone names a payee and staff say it is another business \
(not this shop) | not_charged | finding other_payee |
| 15 | the app has no such order, otherwise (payee this shop's, not typed, or staff unsure)     | unknown     \
| qr_not_found |

Why row 14 may be `not_charged`, which lets the walk take a new payment: this shop's own list of its QR orders has no
order with the customer's number, and the customer's own screen says the money went to someone else — a name staff
typed from that screen and said is not this shop's. Nothing reached this shop, so taking the payment is legitimate;
the customer's claim is with that payee and their wallet's support (a swapped QR sticker), which the walk tells them.
A payee that is not typed, or that staff cannot tell, never opens it (row 15). A found order always outweighs the
payee (rows 3-13 before 14).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Iterable

from pos_doctor.i18n import Text

from .customer_input import parse_amount, parse_customer_time
from .identity import MIN_ORDER_DIGITS, compare, order_matches
from .model import (
    ORDER_STATE_TEXT,
    ORDER_STATES,
    CustomerEvidence,
    TerminalEvidence,
    TerminalRecord,
    clean,
    money,
    money_zh,
    naive,
    order_number,
)
from .reconcile import Reason, Reconciliation
from .sentences import reason

ORIGIN = "typed_qr_app"
# the merchant apps staff look in (walk value qr_app), as staff know them
APPS = {"wechat": Text("the WeChat Pay Merchant Assistant"),
        "alipay": Text("the Alipay merchant app"),
        "unionpay": Text("the UnionPay QuickPass or acquirer's merchant app")}
ANY_APP = Text("the QR merchant app")
# the walk's answers for the order's state (walk value qr_order_state): ORDER_STATES, or what the search found
NOT_FOUND = "not-found"
STATE_ANSWERS = (*ORDER_STATES, NOT_FOUND, "other")
# what a state says about the money, as a record's result (the reconciliation's words)
RESULT_OF = {"success": "approved", "paying": "unknown", "closed": "aborted", "failed": "declined",
             "refunded": "reversed", "refunding": "reversed"}
# the values a QR reconciliation reads: the customer's (CUSTOMER_FIELDS) and what staff typed from the app
APP_FIELDS = ("qr_app", "qr_order_state", "qr_order_number", "qr_order_amount", "qr_order_time")

HEADS = {
    "charged": Text("The customer's QR payment reached this shop - do not take the payment again."),
    "not_charged": Text("The merchant app shows this shop did NOT receive this QR payment."),
    "mismatch": Text("The merchant app and the customer's phone disagree - do not charge again; call the QR "
                     "payment provider with the evidence."),
    "unknown": Text("It cannot be settled from the merchant app whether the customer paid this shop - do not "
                    "charge again until it is."),
}


def label_of(app: str | None) -> Text:
    """'typed by staff from the WeChat Pay Merchant Assistant' / '店员从微信支付商家助手查到并录入'."""
    name = APPS.get(app or "", ANY_APP)
    return Text(f"typed by staff from {name.en}", f"店员从{name.zh}查到并录入")


def evidence_from_values(values: dict[str, Any], *, today: date | None = None) -> TerminalEvidence:
    """What staff typed from the merchant app (walk values qr_app, qr_order_state, qr_order_number, qr_order_amount,
    qr_order_time) as evidence: no state typed -> not looked at (unreadable); "not_found" -> the app holds no such
    order (no record); else the one order staff read. Nothing typed is presented as read from a device."""
    values = values if isinstance(values, dict) else {}
    label = label_of(clean(values.get("qr_app")))
    state = (clean(values.get("qr_order_state")) or "").lower()
    if state not in STATE_ANSWERS:
        return TerminalEvidence(readable=False, origin=ORIGIN, origin_label=label, not_reported=("order",))
    if state == NOT_FOUND:
        return TerminalEvidence(readable=True, origin=ORIGIN, origin_label=label)
    amount, currency = parse_amount(clean(values.get("qr_order_amount")))
    rec = TerminalRecord(result=RESULT_OF.get(state, "unknown"), amount=amount, currency=currency,
                         time=parse_customer_time(clean(values.get("qr_order_time")), today=today),
                         order_number=order_number(values.get("qr_order_number")),
                         order_state=state if state in ORDER_STATES else None, source="qr_app")
    missing = tuple(f for f, v in (("amount", rec.amount), ("time", rec.time), ("order_number", rec.order_number))
                    if v is None)
    return TerminalEvidence(readable=True, records=(rec,), origin=ORIGIN, origin_label=label, not_reported=missing)


def _tail(number: str | None, keep: int = 8) -> str:
    """The end of an order number for a sentence ('…34567890'): a text never carries a number long enough to read as
    a card number; the whole number is in the record (`order_number`), which the report shows as it is."""
    if not number:
        return "?"
    return number if len(number) <= keep else "…" + number[-keep:]


def _canon(rec: TerminalRecord) -> tuple[Any, ...]:
    return (rec.order_number or "", rec.order_state or "", rec.amount is None, rec.amount or 0, rec.time is None,
            naive(rec.time) or datetime.min, rec.currency or "", rec.result, rec.payee or "")


def decide(customer: CustomerEvidence, evidence: TerminalEvidence, *,
           tolerance: timedelta = timedelta(minutes=5)) -> Reconciliation:
    """The verdict by the table in the module docstring."""
    return _Decision(customer, evidence, tolerance).verdict()


class _Decision:
    def __init__(self, customer: CustomerEvidence, evidence: TerminalEvidence, tolerance: timedelta):
        self.c, self.ev, self.tolerance = customer, evidence, tolerance
        self.records = tuple(sorted(set(evidence.records), key=_canon))
        self.src = evidence.origin_label or label_of(None)
        self.digits = customer.order_number
        self.mine = [r for r in self.records if order_matches(self.digits, r.order_number)]

    def _done(self, verdict: str, first: Reason, *, matched: Iterable[TerminalRecord] = (), finding: str | None = None,
              compared: Iterable[str] = ()) -> Reconciliation:
        return Reconciliation(verdict, (first, *self._more()), tuple(matched), self.records, compared=tuple(compared),
                              finding=finding, head=HEADS[verdict])

    def _more(self) -> tuple[Reason, ...]:
        out = [reason("qr_source", "Decided on what was {s} (the customer's phone alone never decides).",
                  "依据{s_zh}的订单信息（只看客人手机上的“已支付”不能下结论）。", s=self.src.en, s_zh=self.src.zh)]
        if self.c.payee:
            out.append(reason("customer_payee", "The customer's phone shows the payee: {p}.",
                          "客人手机上显示的收款方：{p}。", p=self.c.payee))
        return tuple(out)

    def _said(self, rec: TerminalRecord) -> dict[str, Any]:
        """{o, st, a}: the order's end, state and amount as one sentence part, in each language."""
        state = ORDER_STATE_TEXT.get(rec.order_state or "", Text("state not read"))
        a = money(rec.amount, rec.currency) if rec.amount is not None else "amount not typed"
        a_zh = money_zh(rec.amount, rec.currency) if rec.amount is not None else "金额未录入"
        return {"o": _tail(rec.order_number), "st": state.en, "st_zh": state.zh, "a": a, "a_zh": a_zh,
                "s": self.src.en[:1].upper() + self.src.en[1:], "s_zh": self.src.zh}

    def verdict(self) -> Reconciliation:
        c = self.c
        if not self.ev.readable:  # row 1
            return self._done("unknown", reason(
                "qr_not_looked_up", "The order was not looked up in the merchant app; the customer's screen alone "
                "does not show that this shop was paid.",
                "还没有在商户App里查这笔订单；只凭客人手机上的页面，不能说明本店已收到付款。"))
        if not self.digits or len(self.digits) < MIN_ORDER_DIGITS:  # row 2
            return self._done("unknown", reason(
                "qr_no_order_number", "The customer's order number (at least its last {n} digits, from the bill "
                "details) was not given, so the order in the app cannot be told from another one.",
                "没有客人的订单号（账单详情里的交易单号或商户单号，至少最后 {n} 位），"
                "无法确认商户App里是不是同一笔订单。",
                n=MIN_ORDER_DIGITS))
        numbers = {r.order_number for r in self.mine}
        if len(numbers) >= 2:  # row 3
            return self._done("unknown", reason(
                "qr_several_orders", "{k} orders in the app end with the customer's digits {d}: which one is the "
                "customer's cannot be told. Ask the customer for more digits of the order number.",
                "商户App里有 {k} 笔订单的尾号都是 {d}，无法判断哪一笔是客人的。请客人再多报几位订单号。",
                k=len(numbers), d=self.digits))
        if len(self.mine) >= 2:  # row 4
            return self._done("unknown", reason(
                "qr_sources_disagree", "Order {o} was typed twice with a different state or amount; which is right "
                "cannot be settled here.", "订单 {o} 录入了两次，状态或金额不一致，无法在这里判断哪个是对的。",
                o=_tail(self.mine[0].order_number)))
        if self.mine:
            return self._order(self.mine[0])
        if self.records:  # row 13
            return self._done("unknown", reason(
                "qr_other_order", "The order typed from the app ({o}) does not end with the customer's digits {d}: "
                "it is another order. Look up the customer's order number in the app again.",
                "从商户App录入的订单（{o}）尾号和客人的 {d} 不一致：那是另一笔订单。"
                "请在商户App里重新按客人的订单号查询。",
                o=_tail(self.records[0].order_number), d=self.digits))
        if c.payee and c.payee_is_shop is False:  # row 14
            return self._done("not_charged", reason(
                "other_payee", "The merchant app has no order ending in {d}, and the customer's phone shows the "
                "money went to another payee ({p}), not to this shop: this shop received nothing. Tell the customer "
                "their payment went to {p}, possibly through a QR code that was swapped or pasted over; they should "
                "contact their wallet's support from that payment (in the bill details: questions about this order, or "
                "complain).",
                "商户App里没有尾号 {d} 的订单，客人手机显示这笔钱付给了别的收款方（{p}），"
                "不是本店：本店没有收到这笔钱。"
                "告诉客人：这笔钱付给了“{p}”，可能是收款码被调换或被覆盖了；请客人在账单详情里点“对订单有疑问”或“投诉”，"
                "联系其钱包（微信支付或支付宝）的客服处理那笔付款。", d=self.digits, p=c.payee), finding="other_payee")
        return self._done("unknown", reason(  # row 15
            "qr_not_found", "The merchant app has no order ending in {d}, but nothing shows the money went elsewhere "
            "(the payee on the customer's phone is this shop, was not typed, or staff cannot tell): the QR payment "
            "provider must look for it.",
            "商户App里没有尾号 {d} 的订单，但也没有证据说明钱付给了别人"
            "（客人手机上的收款方是本店、没有录入，或无法判断）："
            "需要扫码支付服务商查找这笔付款。", d=self.digits))

    def _order(self, rec: TerminalRecord) -> Reconciliation:
        c, said = self.c, self._said(rec)
        seen = compare(c, rec)
        compared = tuple(f for f in ("order_number", "currency") if f in seen)
        if c.amount is None or rec.amount is None:  # row 5
            return self._done("unknown", reason(
                "qr_amount_missing", "Order {o} in the app ends with the customer's digits, but the amount on {w} "
                "was not typed.", "商户App里的订单 {o} 尾号与客人的一致，但{w_zh}的金额没有录入。", o=said["o"],
                w="the customer's phone" if c.amount is None else "the app's order",
                w_zh="客人手机上" if c.amount is None else "商户App订单上"), compared=compared)
        if rec.amount != c.amount or seen.get("currency") is False:
            a = money(c.amount, c.currency)
            return self._done("unknown", reason(
                "qr_amount_differs", "Order {o} in the app ({a_app}) ends with the customer's digits, but the "
                "customer's phone shows {a}: the same order cannot show two amounts. "
                "The QR payment provider settles it.",
                "商户App里的订单 {o}（{a_app_zh}）尾号与客人的一致，但客人手机上显示 {a_zh}："
                "同一笔订单不会有两个金额。请扫码支付服务商核实。",
                o=said["o"], a_app=said["a"], a_app_zh=said["a_zh"], a=a, a_zh=money_zh(c.amount, c.currency)),
                compared=compared)
        if c.time is not None and rec.time is not None and abs(naive(rec.time) - naive(c.time)) > self.tolerance:
            return self._done("unknown", reason(  # row 6
                "qr_time_differs", "Order {o} in the app ends with the customer's digits, but its time "
                "({t_app}) is far from the customer's ({t}): it may be another order with the same last digits.",
                "商户App里的订单 {o} 尾号与客人的一致，但时间（{t_app}）和客人手机上的（{t}）相差太多："
                "可能是尾号相同的另一笔订单。",
                o=said["o"], t_app=rec.time.strftime("%Y-%m-%d %H:%M"), t=c.time.strftime("%Y-%m-%d %H:%M")),
                compared=compared)
        if c.payee_is_shop is False:  # row 7
            return self._done("unknown", reason(
                "qr_payee_conflict", "Order {o} is in this shop's app with the customer's amount, but staff said the "
                "payee on the customer's phone is another business: both cannot be true.",
                "订单 {o} 在本店的商户App里，金额也一致，但店员判断客人手机上的收款方是别的商家：两者矛盾。",
                o=said["o"]), compared=compared)
        state = rec.order_state
        if state == "success":  # row 8
            return self._done("charged", reason(
                "qr_paid", "{s}: order {o}, {st}, {a} - the same order as on the customer's phone (its number ends "
                "with the customer's digits) and the same amount.",
                "{s_zh}：订单 {o}，{st_zh}，{a_zh}——"
                "与客人手机账单详情上的是同一笔订单（订单号尾号一致），金额一致。", **said),
                matched=(rec,), compared=compared)
        if state == "paying":  # row 9
            return self._done("unknown", reason(
                "qr_pending", "{s}: order {o}, {st}. The customer has not finished paying (or the wallet is still "
                "confirming). Do not take the payment again: wait a few minutes and look the order up again.",
                "{s_zh}：订单 {o}，{st_zh}。客人还没有完成付款（或钱包还在确认）。"
                "不要重新收款：等几分钟再在商户App里查一次。",
                **said), matched=(rec,), compared=compared, finding="qr_pending")
        if state in ("closed", "failed"):  # row 10
            return self._done("not_charged", reason(
                "qr_" + state, "{s}: order {o}, {st}. This shop's order took no money. If the customer's wallet still "
                "shows money taken for it, the wallet returns it by itself; the customer can ask their "
                "wallet's support.",
                "{s_zh}：订单 {o}，{st_zh}。本店这笔订单没有收到钱。"
                "如果客人的钱包里仍显示为这笔订单扣了钱，钱包会自动退回；"
                "客人可以联系其钱包的客服查询。", **said), compared=compared)
        if state in ("refunded", "refunding"):  # row 11
            return self._done("unknown", reason(
                "qr_" + state, "{s}: order {o}, {st}. The customer paid and the money is being given back: tell "
                "the customer the refund is on its way to the account they paid from (usually within a few working "
                "days). Do not refund again and do not give cash.",
                "{s_zh}：订单 {o}，{st_zh}。客人付过款，钱已经在退回：告诉客人退款会原路退回到付款的账户"
                "（通常几个工作日内到账）。不要再退一次，也不要给现金。", **said),
                matched=(rec,), compared=compared, finding="qr_refunded")
        return self._done("unknown", reason(  # row 12
            "qr_state_unknown", "{s}: order {o}, its state was not read. Whether the customer paid cannot be settled.",
            "{s_zh}：订单 {o}，没有读到订单状态，无法确认客人是否已付款。", **said), compared=compared)
