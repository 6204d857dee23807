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

from pos_doctor.i18n import T, Text

from .customer_input import parse_amount, parse_customer_time
from .identity import MIN_ORDER_DIGITS, compare, order_matches
from .model import (
    ORDER_STATE_TEXT,
    ORDER_STATES,
    CustomerEvidence,
    TerminalEvidence,
    TerminalRecord,
    clean,
    money_message,
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
    return T(LABEL, app=APPS.get(app or "", ANY_APP))


LABEL = "typed by staff from {app}"


def capitalised(label: Text) -> Text:
    """The source at the start of a sentence: 'Typed by staff from ...' (the label's own message, capitalised)."""
    if label.id == LABEL and label.inline is None:
        return T("Typed by staff from {app}", **label.params)
    return T("{value}", value=label)


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
        out = [reason("qr_source", "Decided on what was {s} (the customer's phone alone never decides).", s=self.src)]
        if self.c.payee:
            out.append(reason("customer_payee", "The customer's phone shows the payee: {p}.", p=self.c.payee))
        return tuple(out)

    def _said(self, rec: TerminalRecord) -> dict[str, Any]:
        """{o, st, a}: the order's end, state and amount as one sentence part, in each language."""
        state = ORDER_STATE_TEXT.get(rec.order_state or "", Text("state not read"))
        a = money_message(rec.amount, rec.currency) if rec.amount is not None else T("amount not typed")
        return {"o": _tail(rec.order_number), "st": state, "a": a, "s": capitalised(self.src)}

    def verdict(self) -> Reconciliation:
        c = self.c
        if not self.ev.readable:  # row 1
            return self._done("unknown", reason(
                "qr_not_looked_up", "The order was not looked up in the merchant app; the customer's screen alone "
                "does not show that this shop was paid."))
        if not self.digits or len(self.digits) < MIN_ORDER_DIGITS:  # row 2
            return self._done("unknown", reason(
                "qr_no_order_number", "The customer's order number (at least its last {n} digits, from the bill "
                "details) was not given, so the order in the app cannot be told from another one.",
                n=MIN_ORDER_DIGITS))
        numbers = {r.order_number for r in self.mine}
        if len(numbers) >= 2:  # row 3
            return self._done("unknown", reason(
                "qr_several_orders", "{k} orders in the app end with the customer's digits {d}: which one is the "
                "customer's cannot be told. Ask the customer for more digits of the order number.",
                k=len(numbers), d=self.digits))
        if len(self.mine) >= 2:  # row 4
            return self._done("unknown", reason(
                "qr_sources_disagree", "Order {o} was typed twice with a different state or amount; which is right "
                "cannot be settled here.",
                o=_tail(self.mine[0].order_number)))
        if self.mine:
            return self._order(self.mine[0])
        if self.records:  # row 13
            return self._done("unknown", reason(
                "qr_other_order", "The order typed from the app ({o}) does not end with the customer's digits {d}: "
                "it is another order. Look up the customer's order number in the app again.",
                o=_tail(self.records[0].order_number), d=self.digits))
        if c.payee and c.payee_is_shop is False:  # row 14
            return self._done("not_charged", reason(
                "other_payee", "The merchant app has no order ending in {d}, and the customer's phone shows the "
                "money went to another payee ({p}), not to this shop: this shop received nothing. Tell the customer "
                "their payment went to {p}, possibly through a QR code that was swapped or pasted over; they should "
                "contact their wallet's support from that payment (in the bill details: questions about this order, or "
                "complain).", d=self.digits, p=c.payee), finding="other_payee")
        return self._done("unknown", reason(  # row 15
            "qr_not_found", "The merchant app has no order ending in {d}, but nothing shows the money went elsewhere "
            "(the payee on the customer's phone is this shop, was not typed, or staff cannot tell): the QR payment "
            "provider must look for it.", d=self.digits))

    def _order(self, rec: TerminalRecord) -> Reconciliation:
        c, said = self.c, self._said(rec)
        seen = compare(c, rec)
        compared = tuple(f for f in ("order_number", "currency") if f in seen)
        if c.amount is None or rec.amount is None:  # row 5
            return self._done("unknown", reason(
                "qr_amount_missing", "Order {o} in the app ends with the customer's digits, but the amount on {w} "
                "was not typed.", o=said["o"],
                w=T("the customer's phone") if c.amount is None else T("the app's order")), compared=compared)
        if rec.amount != c.amount or seen.get("currency") is False:
            return self._done("unknown", reason(
                "qr_amount_differs", "Order {o} in the app ({a_app}) ends with the customer's digits, but the "
                "customer's phone shows {a}: the same order cannot show two amounts. "
                "The QR payment provider settles it.",
                o=said["o"], a_app=said["a"], a=money_message(c.amount, c.currency)),
                compared=compared)
        if c.time is not None and rec.time is not None and abs(naive(rec.time) - naive(c.time)) > self.tolerance:
            return self._done("unknown", reason(  # row 6
                "qr_time_differs", "Order {o} in the app ends with the customer's digits, but its time "
                "({t_app}) is far from the customer's ({t}): it may be another order with the same last digits.",
                o=said["o"], t_app=rec.time.strftime("%Y-%m-%d %H:%M"), t=c.time.strftime("%Y-%m-%d %H:%M")),
                compared=compared)
        if c.payee_is_shop is False:  # row 7
            return self._done("unknown", reason(
                "qr_payee_conflict", "Order {o} is in this shop's app with the customer's amount, but staff said the "
                "payee on the customer's phone is another business: both cannot be true.",
                o=said["o"]), compared=compared)
        state = rec.order_state
        if state == "success":  # row 8
            return self._done("charged", reason(
                "qr_paid", "{s}: order {o}, {st}, {a} - the same order as on the customer's phone (its number ends "
                "with the customer's digits) and the same amount.", **said),
                matched=(rec,), compared=compared)
        if state == "paying":  # row 9
            return self._done("unknown", reason(
                "qr_pending", "{s}: order {o}, {st}. The customer has not finished paying (or the wallet is still "
                "confirming). Do not take the payment again: wait a few minutes and look the order up again.",
                **said), matched=(rec,), compared=compared, finding="qr_pending")
        if state in ("closed", "failed"):  # row 10
            return self._done("not_charged", reason(
                "qr_" + state, "{s}: order {o}, {st}. This shop's order took no money. If the customer's wallet still "
                "shows money taken for it, the wallet returns it by itself; the customer can ask their "
                "wallet's support.", **said), compared=compared)
        if state in ("refunded", "refunding"):  # row 11
            return self._done("unknown", reason(
                "qr_" + state, "{s}: order {o}, {st}. The customer paid and the money is being given back: tell "
                "the customer the refund is on its way to the account they paid from (usually within a few working "
                "days). Do not refund again and do not give cash.", **said),
                matched=(rec,), compared=compared, finding="qr_refunded")
        return self._done("unknown", reason(  # row 12
            "qr_state_unknown", "{s}: order {o}, its state was not read. Whether the customer paid cannot be settled.",
            **said), compared=compared)
