"""payments/qr.py: a QR payment decided by its order number. The decision table of the module docstring, walked
exhaustively against an oracle written from the table; hypothesis properties: order independence, the payee rule,
digits of another order never match; and the money rule (`allows`, `who_paid_settled`) on its verdicts."""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.payments.identity import order_matches
from pos_doctor.payments.model import ORDER_STATES, CustomerEvidence, TerminalEvidence, TerminalRecord, order_number
from pos_doctor.payments.qr import decide, evidence_from_values, label_of
from pos_doctor.payments.reconcile import allows, payment_object, reconcile, who_paid_settled

T0 = datetime(2026, 12, 6, 14, 5)
ORDER = "4200001234202612061234567890"
OTHER = "4200001234202612069999911111"
LABEL = label_of("wechat")


def order(number=ORDER, state="success", amount="99.00", time=T0) -> TerminalRecord:
    from pos_doctor.payments.qr import RESULT_OF

    return TerminalRecord(result=RESULT_OF.get(state or "", "unknown"), order_state=state, order_number=number,
                          amount=None if amount is None else Decimal(amount), time=time, source="qr_app")


def app(*records, readable=True) -> TerminalEvidence:
    return TerminalEvidence(readable=readable, records=tuple(records), origin="typed_qr_app", origin_label=LABEL)


def customer(digits="34567890", amount="99.00", time=T0, payee=None, ours=None) -> CustomerEvidence:
    return CustomerEvidence(amount=None if amount is None else Decimal(amount), time=time, method="qr",
                            order_number=digits, payee=payee, payee_is_shop=ours)


# --- the table, exhaustively ----------------------------------------------------------------------------------
DIGITS = {"none": None, "short": "890", "match": "34567890", "whole": ORDER, "zeros": "0034567890"}
RECORDS = {"looked-not": None, "not-found": (), "one": ("mine",), "other-order": ("other",),
           "two-orders": ("mine", "mine-2"), "twice-disagree": ("mine", "mine-again")}
AMOUNTS = {"same": ("99.00", "99.00"), "differs": ("99.00", "98.00"), "customer-missing": (None, "99.00"),
           "app-missing": ("99.00", None)}
TIMES = {"same": (T0, T0 + timedelta(minutes=2)), "far": (T0, T0 + timedelta(hours=3)), "app-missing": (T0, None)}
PAYEES = {"none": (None, None), "ours": ("小王便利店", True), "other": ("某某科技", False), "unsure": ("某某科技", None),
          "other-untyped": (None, False)}
STATES = (*ORDER_STATES, None)


def oracle(digits_key, records_key, state, amount_key, time_key, payee_key) -> tuple[str, str, str | None]:
    """(verdict, first reason code, finding) read off the table row by row."""
    digits = DIGITS[digits_key]
    payee, ours = PAYEES[payee_key]
    if records_key == "looked-not":
        return "unknown", "qr_not_looked_up", None  # 1
    if digits is None or len(digits) < 4:
        return "unknown", "qr_no_order_number", None  # 2
    matches = digits_key in ("match", "whole")
    kinds = RECORDS[records_key]
    if digits_key == "whole" and records_key == "two-orders":
        records_key = "one"  # the other order shares the last digits, not the whole number
    if matches and records_key == "two-orders":
        return "unknown", "qr_several_orders", None  # 3
    if matches and records_key == "twice-disagree":
        return "unknown", "qr_sources_disagree", None  # 4
    if matches and records_key == "one":
        if amount_key in ("customer-missing", "app-missing"):
            return "unknown", "qr_amount_missing", None  # 5
        if amount_key == "differs":
            return "unknown", "qr_amount_differs", None
        if time_key == "far":
            return "unknown", "qr_time_differs", None  # 6
        if ours is False:
            return "unknown", "qr_payee_conflict", None  # 7
        return {"success": ("charged", "qr_paid", None), "paying": ("unknown", "qr_pending", "qr_pending"),
                "closed": ("not_charged", "qr_closed", None), "failed": ("not_charged", "qr_failed", None),
                "refunded": ("unknown", "qr_refunded", "qr_refunded"),
                "refunding": ("unknown", "qr_refunding", "qr_refunded"),
                None: ("unknown", "qr_state_unknown", None)}[state]  # 8-12
    if kinds:  # typed orders, none of them ends with the customer's digits
        return "unknown", "qr_other_order", None  # 13
    if payee and ours is False:
        return "not_charged", "other_payee", "other_payee"  # 14
    return "unknown", "qr_not_found", None  # 15


def build(digits_key, records_key, state, amount_key, time_key, payee_key):
    c_amount, a_amount = AMOUNTS[amount_key]
    c_time, a_time = TIMES[time_key]
    payee, ours = PAYEES[payee_key]
    c = customer(DIGITS[digits_key], c_amount, c_time, payee, ours)
    if RECORDS[records_key] is None:
        return c, app(readable=False)
    made = {"mine": order(ORDER, state, a_amount, a_time), "other": order(OTHER, state, a_amount, a_time),
            "mine-2": order("77" + ORDER[2:], state, a_amount, a_time),
            "mine-again": order(ORDER, "closed" if state != "closed" else "success", a_amount, a_time)}
    return c, app(*(made[k] for k in RECORDS[records_key]))


def test_every_row_of_the_table():
    seen = set()
    for combo in itertools.product(DIGITS, RECORDS, STATES, AMOUNTS, TIMES, PAYEES):
        c, ev = build(*combo)
        got = decide(c, ev, tolerance=timedelta(minutes=5))
        want = oracle(*combo)
        assert (got.verdict, got.reasons[0].code, got.finding) == want, combo
        assert reconcile(c, ev).verdict == got.verdict  # the core sends typed QR evidence here
        seen.add(want[1])
    assert len(seen) == 18  # every row of the 15 (and every reason of a row) was reached


def test_charged_needs_the_order_number_compared_for_a_refund():
    c = customer()
    ev = app(order())
    r = decide(c, ev)
    assert r.verdict == "charged" and r.compared == ("order_number",) and r.matched == ev.records
    assert allows("refund", r) and not allows("new_payment", r)
    assert who_paid_settled(payment_object(c, ev, r))


def test_only_a_closed_order_or_another_payee_lets_staff_take_a_new_payment():
    for combo in itertools.product(DIGITS, RECORDS, STATES, AMOUNTS, TIMES, PAYEES):
        c, ev = build(*combo)
        r = decide(c, ev)
        if allows("new_payment", r):
            assert r.reasons[0].code in ("qr_closed", "qr_failed", "other_payee"), combo


def test_the_customers_paid_screen_alone_never_decides():
    r = decide(customer(payee="小王便利店", ours=True), app(readable=False))
    assert r.verdict == "unknown" and r.reasons[0].code == "qr_not_looked_up"
    assert not allows("new_payment", r) and not allows("refund", r)


def test_the_source_is_named_in_both_languages():
    r = decide(customer(), app(order()))
    assert "微信支付商家助手" in r.reasons[0].text.zh and "WeChat Pay Merchant Assistant" in r.reasons[0].text.en
    assert not any(re.search(r"[\u4e00-\u9fff]", x.text.en) for x in r.reasons)  # no Chinese on an English screen
    assert r.reasons[0].text.en.startswith("Typed by staff")
    assert "…34567890" in r.reasons[0].text.en and ORDER not in r.reasons[0].text.en  # the text shows its end
    assert r.summary().zh.startswith("客人的扫码付款已经付到本店")
    for reason in r.reasons:
        assert not any(w in reason.text.zh for w in ("order", "paid", "typed", "QR "))


def test_evidence_from_what_staff_typed():
    values = {"qr_app": "alipay", "qr_order_state": "success", "qr_order_number": "2026 1206 2200 1412 3456 7890 1234",
              "qr_order_amount": "¥99", "qr_order_time": "14:05"}
    ev = evidence_from_values(values)
    assert ev.origin == "typed_qr_app" and ev.origin_label is not None
    assert (ev.origin_label.en, ev.origin_label.zh) == (
        "typed by staff from the Alipay merchant app", "店员从支付宝商家版查到并录入")
    (rec,) = ev.records
    assert rec.order_number == "2026120622001412345678901234" and rec.amount == Decimal("99.00")
    assert rec.currency == "CNY" and rec.order_state == "success" and rec.result == "approved"
    assert TerminalEvidence.from_json(ev.to_json()) == ev
    assert evidence_from_values({}).readable is False
    assert evidence_from_values({"qr_order_state": "not-found"}) == TerminalEvidence(
        readable=True, origin="typed_qr_app", origin_label=label_of(None))


def test_the_customers_values():
    c = CustomerEvidence.from_values({"customer_order_number": "尾号 0012 3456", "customer_payee": " 某某 科技 ",
                                      "customer_payee_is_shop": "no", "payment_method": "qr"})
    assert (c.order_number, c.payee, c.payee_is_shop) == ("00123456", "某某 科技", False)
    assert CustomerEvidence.from_json(c.to_json()) == c
    assert CustomerEvidence.from_values({"customer_payee_is_shop": "unsure"}).payee_is_shop is None


# --- properties -----------------------------------------------------------------------------------------------
numbers = st.text("0123456789", min_size=8, max_size=32)
states = st.sampled_from((*ORDER_STATES, None))


@st.composite
def orders(draw):
    return order(draw(numbers), draw(states), draw(st.sampled_from(["99.00", "98.00", None])),
                 T0 + timedelta(minutes=draw(st.integers(-30, 30))))


@given(st.lists(orders(), max_size=5), st.data())
@settings(max_examples=300, deadline=None)
def test_the_verdict_does_not_depend_on_the_order_of_the_records(records, data):
    digits = data.draw(st.one_of(st.none(), st.sampled_from([r.order_number[-6:] for r in records] or ["123456"])))
    c = customer(digits, payee=data.draw(st.sampled_from([None, "某某科技"])),
                 ours=data.draw(st.sampled_from([None, True, False])))
    shuffled = data.draw(st.permutations(records))
    a, b = decide(c, app(*records)), decide(c, app(*shuffled))
    assert (a.verdict, a.finding, [r.code for r in a.reasons], a.matched) == \
           (b.verdict, b.finding, [r.code for r in b.reasons], b.matched)


@given(st.lists(orders(), max_size=4), st.sampled_from([None, "某某科技"]), st.sampled_from([None, True, False]),
       st.sampled_from(["34567890", "0000", "123"]))
@settings(max_examples=300, deadline=None)
def test_another_payee_is_not_charged_only_when_typed_said_and_the_app_has_nothing(records, payee, ours, digits):
    r = decide(customer(digits, payee=payee, ours=ours), app(*records))
    if r.finding == "other_payee":
        assert r.verdict == "not_charged" and payee and ours is False and not records and len(digits) >= 4
    elif r.verdict == "not_charged":  # else only this shop's own closed or failed order of the customer's number
        assert r.reasons[0].code in ("qr_closed", "qr_failed") and order_matches(digits, r.reasons and [
            x for x in records if x.order_state in ("closed", "failed")][0].order_number)
    if payee and ours is False and not records and len(digits) >= 4:
        assert r.finding == "other_payee"


@given(numbers, numbers, st.integers(4, 10), states)
@settings(max_examples=400, deadline=None)
def test_digits_of_another_order_never_match(mine, theirs, n, state):
    digits = mine[-n:]
    if theirs.endswith(digits):
        return  # that order does end with the customer's digits
    rec = order(theirs, state)
    r = decide(customer(digits), app(rec))
    assert not order_matches(digits, theirs)
    assert rec not in r.matched and r.verdict != "charged" and r.reasons[0].code == "qr_other_order"


@given(st.text(min_size=1, max_size=8, alphabet="0123456789"), numbers)
def test_a_match_is_the_end_of_the_number_and_zeros_count(digits, number):
    assert order_matches(digits, number) == (len(digits) >= 4 and number.endswith(digits))
    assert not order_matches("0" + number[-5:], number[-5:])


def test_an_order_number_as_typed():
    assert order_number("4200 0012-3420") == "420000123420"
    assert order_number("…7890") == "7890" and order_number("尾号0012") == "0012"
    assert order_number("１２３４") == "1234" and order_number("12/34") is None and order_number("x" * 65) is None


def test_an_order_number_is_never_masked_where_its_meaning_is_known():
    """A 16-digit merchant order number can pass the Luhn check; as an order number (its key, its record type) it is
    kept whole, while the same digits in free text are still masked as a card number."""
    from pos_doctor.payments.customer_input import parse_record
    from pos_doctor.records.scrubbing import scrub_deep

    luhn = "4111111111111111"
    kept = {"order_number": luhn, "customer_order_number": luhn[-8:], "qr_order_number": luhn}
    assert scrub_deep({"payment": {"considered": [kept]}, "values": kept}) == {"payment": {"considered": [kept]},
                                                                               "values": kept}
    assert scrub_deep({"note": luhn})["note"] != luhn
    assert parse_record("order", luhn, False) == (True, luhn, None)
    assert parse_record("number", luhn, False)[1] != luhn  # a plain number field still masks what can be a card


def _record(**fields) -> TerminalRecord:
    return TerminalRecord(**{"result": "unknown", "kind": "payment", "source": "qr_app", **fields})


@pytest.mark.parametrize("values, readable, label, not_reported, records", [
    (None, False, "typed by staff from the QR merchant app", ("order",), ()),
    ({"qr_app": "wechat"}, False, "typed by staff from the WeChat Pay Merchant Assistant", ("order",), ()),
    ({"qr_app": "alipay", "qr_order_state": "not-found"}, True, "typed by staff from the Alipay merchant app", (), ()),
    ({"qr_app": "wechat", "qr_order_state": "Success", "qr_order_number": "4200001234567890",
      "qr_order_amount": "¥38.00", "qr_order_time": "昨天 14:05"},
     True, "typed by staff from the WeChat Pay Merchant Assistant", (),
     (_record(result="approved", amount=Decimal("38.00"), currency="CNY", time=datetime(2026, 12, 5, 14, 5),
              order_number="4200001234567890", order_state="success"),)),
    ({"qr_order_state": "other"}, True, "typed by staff from the QR merchant app", ("amount", "time", "order_number"),
     (_record(),)),
])
def test_what_staff_typed_from_the_app_is_the_evidence_exactly(values, readable, label, not_reported, records):
    ev = evidence_from_values(values, today=datetime(2026, 12, 6).date())
    assert (ev.readable, ev.origin, ev.origin_label.en, ev.not_reported, ev.records) == (
        readable, "typed_qr_app", label, not_reported, records)


def test_the_source_at_the_start_of_a_sentence_is_capitalised_only_when_it_is_the_apps_label():
    from pos_doctor.i18n import Text
    from pos_doctor.payments.qr import capitalised

    assert capitalised(label_of("wechat")).en == "Typed by staff from the WeChat Pay Merchant Assistant"
    assert capitalised(label_of(None)).en == "Typed by staff from the QR merchant app"
    assert (capitalised(Text("the slip", "小票")).en, capitalised(Text("the slip", "小票")).zh) == ("the slip", "小票")


@pytest.mark.parametrize("c, ev, verdict, codes, first, finding, matched", [
    (customer(amount=None), app(order()), 'unknown', ('qr_amount_missing', 'qr_source'),
     "Order …34567890 in the app ends with the customer's digits, but the amount on the customer's phone was "
     "not typed.",
     None, ()),
    (customer(), app(order(amount=None)), 'unknown', ('qr_amount_missing', 'qr_source'),
     "Order …34567890 in the app ends with the customer's digits, but the amount on the app's order was not typed.",
     None, ()),
    (customer(), app(order(amount="98.00")), 'unknown', ('qr_amount_differs', 'qr_source'),
     "Order …34567890 in the app (98.00) ends with the customer's digits, but the customer's phone shows "
     "99.00: the same order cannot show two amounts. The QR payment provider settles it.",
     None, ()),
    (customer(), app(order(time=T0 + timedelta(hours=3))), 'unknown', ('qr_time_differs', 'qr_source'),
     "Order …34567890 in the app ends with the customer's digits, but its time (2026-12-06 17:05) is far from "
     "the customer's (2026-12-06 14:05): it may be another order with the same last digits.",
     None, ()),
    (customer(payee="某某科技", ours=False), app(order()), 'unknown', ('qr_payee_conflict', 'qr_source', 'customer_payee'),
     "Order …34567890 is in this shop's app with the customer's amount, but staff said the payee on the "
     "customer's phone is another business: both cannot be true.",
     None, ()),
    (customer(), app(order()), 'charged', ('qr_paid', 'qr_source'),
     "Typed by staff from the WeChat Pay Merchant Assistant: order …34567890, payment successful, 99.00 - the "
     "same order as on the customer's phone (its number ends with the customer's digits) and the same amount.",
     None, ('4200001234202612061234567890',)),
    (customer(), app(order(state="paying")), 'unknown', ('qr_pending', 'qr_source'),
     'Typed by staff from the WeChat Pay Merchant Assistant: order …34567890, customer still paying. The '
     'customer has not finished paying (or the wallet is still confirming). Do not take the payment again: '
     'wait a few minutes and look the order up again.',
     'qr_pending', ('4200001234202612061234567890',)),
    (customer(), app(order(state="closed")), 'not_charged', ('qr_closed', 'qr_source'),
     "Typed by staff from the WeChat Pay Merchant Assistant: order …34567890, closed. This shop's order took "
     "no money. If the customer's wallet still shows money taken for it, the wallet returns it by itself; the "
     "customer can ask their wallet's support.",
     None, ()),
    (customer(), app(order(state="refunded")), 'unknown', ('qr_refunded', 'qr_source'),
     'Typed by staff from the WeChat Pay Merchant Assistant: order …34567890, refunded. The customer paid and '
     'the money is being given back: tell the customer the refund is on its way to the account they paid from '
     '(usually within a few working days). Do not refund again and do not give cash.',
     'qr_refunded', ('4200001234202612061234567890',)),
    (customer(), app(order(state=None)), 'unknown', ('qr_state_unknown', 'qr_source'),
     'Typed by staff from the WeChat Pay Merchant Assistant: order …34567890, its state was not read. Whether '
     'the customer paid cannot be settled.',
     None, ()),
])
def test_each_row_of_one_found_order_says_its_words(c, ev, verdict, codes, first, finding, matched):
    """Rows 5-12 of the table, each with the first reason's exact words, the finding and the order it rests on."""
    r = decide(c, ev)
    assert (r.verdict, tuple(x.code for x in r.reasons), r.reasons[0].text.en) == (verdict, codes, first)
    assert (r.finding, tuple(x.order_number for x in r.matched), r.compared) == (finding, matched, ("order_number",))


def test_a_source_that_is_not_the_apps_label_is_named_as_it_is():
    from pos_doctor.i18n import Text
    from pos_doctor.payments.qr import capitalised

    said = capitalised(Text("the provider's statement"))  # a catalog message of its own, not the app's label
    assert (said.en, said.zh, said.de) == ("the provider's statement", "支付服务商的对账单",
                                           "die Abrechnung des Zahlungsdienstleisters")


def _priced(currency: str | None, amount: str = "99.00") -> TerminalRecord:
    return TerminalRecord(result="approved", order_state="success", order_number=ORDER, amount=Decimal(amount),
                          currency=currency, time=T0, source="qr_app")


def _customer_in(currency: str | None, **kw) -> CustomerEvidence:
    c = customer(**kw)
    return CustomerEvidence(amount=c.amount, currency=currency, time=c.time, method="qr", order_number=c.order_number)


def test_the_same_amount_in_the_same_currency_is_the_customers_order_with_the_currency_said():
    r = decide(_customer_in("CNY"), app(_priced("CNY")))
    assert (r.verdict, tuple(x.code for x in r.reasons), r.compared) == (
        "charged", ("qr_paid", "qr_source"), ("order_number", "currency"))
    assert (r.reasons[0].text.en, r.reasons[0].text.de) == (
        "Typed by staff from the WeChat Pay Merchant Assistant: order …34567890, payment successful, 99.00 CNY - the "
        "same order as on the customer's phone (its number ends with the customer's digits) and the same amount.",
        "Vom Personal abgelesen und eingegeben (Quelle: der WeChat-Pay-Händlerassistent): Bestellung …34567890, Zahlung "
        "erfolgreich, 99,00 CNY – dieselbe Bestellung wie auf dem Handy des Kunden (ihre Nummer endet mit den Ziffern "
        "des Kunden) und derselbe Betrag.")


@pytest.mark.parametrize("app_amount, en", [
    ("99.00", "Order …34567890 in the app (99.00 CNY) ends with the customer's digits, but the customer's phone shows "
              "99.00 EUR: the same order cannot show two amounts. The QR payment provider settles it."),
    ("98.00", "Order …34567890 in the app (98.00 CNY) ends with the customer's digits, but the customer's phone shows "
              "99.00 EUR: the same order cannot show two amounts. The QR payment provider settles it."),
])
def test_the_same_number_in_another_currency_is_another_amount(app_amount, en):
    r = decide(_customer_in("EUR"), app(_priced("CNY", app_amount)))
    assert (r.verdict, tuple(x.code for x in r.reasons), r.compared, r.reasons[0].text.en) == (
        "unknown", ("qr_amount_differs", "qr_source"), ("order_number", "currency"), en)
    assert r.reasons[0].text.zh == (f"商户App里的订单 …34567890（{app_amount} 元）尾号与客人的一致，"
                                    "但客人手机上显示 99.00 欧元：同一笔订单不会有两个金额。请扫码支付服务商核实。")


def test_a_time_exactly_the_tolerance_away_is_the_same_order_and_a_second_more_is_not():
    at_edge = decide(customer(time=T0 + timedelta(minutes=5)), app(order()))
    beyond = decide(customer(time=T0 + timedelta(minutes=5, seconds=1)), app(order()))
    assert (at_edge.verdict, at_edge.reasons[0].code) == ("charged", "qr_paid")
    assert (beyond.verdict, beyond.reasons[0].code) == ("unknown", "qr_time_differs")


def test_the_orders_considered_are_in_one_order_whatever_order_they_were_typed_in():
    """Each field of the canonical order decides between two orders that differ only there (and in a later field
    pulling the other way): the number (none first), the state, the amount (none last), the time (none last), the
    currency (none first), the result, the payee (none first)."""
    def rec(number="11111111", state="success", amount="5.00", time=T0, currency="CNY", result="approved",
            payee="Z"):
        return TerminalRecord(result=result, order_state=state, order_number=number,
                              amount=None if amount is None else Decimal(amount), time=time, currency=currency,
                              payee=payee, source="qr_app")

    expected = (
        rec(number=None, payee="A"),
        rec(number="11111111", state="closed", payee="Y"),
        rec(number="11111111", amount="3.00", time=T0 + timedelta(minutes=9), currency=None, result="declined"),
        rec(number="11111111", amount="5.00", time=T0, currency=None, payee=None),
        rec(number="11111111", amount="5.00", time=T0, currency=None, payee="A"),
        rec(number="11111111", amount="5.00", time=T0, currency=None, payee="B"),
        rec(number="11111111", amount="5.00", time=T0, currency=None, payee="C"),
        rec(number="11111111", amount="5.00", time=T0, currency="CNY", result="aborted", payee="A"),
        rec(number="11111111", amount="5.00", time=T0 + timedelta(minutes=1), currency=None, payee="A"),
        rec(number="11111111", amount="5.00", time=None, currency=None, payee="A"),
        rec(number="11111111", amount=None, currency=None, payee="A"),
        rec(number="22222222", state="closed", amount="1.00", payee="A"),
    )
    for typed in (expected, expected[::-1], expected[5:] + expected[:5]):
        r = decide(customer(digits="99999999"), app(*typed))
        assert r.considered == expected
        assert r.reasons[0].text.en == ("The order typed from the app (?) does not end with the customer's digits "
                                        "99999999: it is another order. Look up the customer's order number in the "
                                        "app again.")


def test_an_order_whose_state_was_not_read_is_recorded_with_its_state_as_not_read():
    # row 12's sentence does not say the state, but the record keeps every parameter of its reason (to_json)
    r = decide(customer(), app(order(state=None)))
    assert (r.verdict, r.reasons[0].code) == ("unknown", "qr_state_unknown")
    assert r.to_json()["reasons"][0]["text"]["params"]["st"] == {
        "id": "state not read", "en": "state not read", "zh": "状态未读到"}


def test_a_zero_amount_is_ordered_as_zero_before_a_larger_one():
    # a record's amount may be 0.00 (the model reads it from JSON): it sorts by its value, not as a missing amount
    zero, half = order(number="11111111", amount="0.00"), order(number="11111111", amount="0.50")
    for typed in ((zero, half), (half, zero)):
        assert decide(customer(digits="99999999"), app(*typed)).considered == (zero, half)


@pytest.mark.parametrize("number, shown", [("12345678", "12345678"), ("123456789", "…23456789"), ("1234", "1234")])
def test_an_order_number_in_a_sentence_is_its_last_eight_characters(number, shown):
    r = decide(customer(digits="99999999"), app(order(number=number)))
    assert r.reasons[0].text.en.startswith(f"The order typed from the app ({shown}) does not end")


def test_the_source_and_the_customer_s_payee_are_said_after_the_first_reason():
    r = decide(customer(payee="某某科技", ours=None), app())
    assert [(x.code, x.text.en) for x in r.reasons[1:]] == [
        ("qr_source", "Decided on what was typed by staff from the WeChat Pay Merchant Assistant (the customer's "
                      "phone alone never decides)."),
        ("customer_payee", "The customer's phone shows the payee: 某某科技.")]
    assert [x.text.zh for x in r.reasons[1:]] == [
        "依据店员从微信支付商家助手查到并录入的订单信息（只看客人手机上的“已支付”不能下结论）。",
        "客人手机上显示的收款方：某某科技。"]


@pytest.mark.parametrize("c, ev, verdict, finding, code, en", [
    (customer(), app(readable=False), "unknown", None, "qr_not_looked_up",
     "The order was not looked up in the merchant app; the customer's screen alone does not show that this shop was "
     "paid."),
    (customer(digits="890"), app(order()), "unknown", None, "qr_no_order_number",
     "The customer's order number (at least its last 4 digits, from the bill details) was not given, so the order in "
     "the app cannot be told from another one."),
    (customer(digits="7890"), app(order(), order(number="4200001234202612069999997890")), "unknown", None,
     "qr_several_orders",
     "2 orders in the app end with the customer's digits 7890: which one is the customer's cannot be told. Ask the "
     "customer for more digits of the order number."),
    (customer(), app(order(), order(amount="98.00")), "unknown", None, "qr_sources_disagree",
     "Order …34567890 was typed twice with a different state or amount; which is right cannot be settled here."),
    (customer(digits="99999999"), app(order()), "unknown", None, "qr_other_order",
     "The order typed from the app (…34567890) does not end with the customer's digits 99999999: it is another order. "
     "Look up the customer's order number in the app again."),
    (customer(payee="某某科技", ours=False), app(), "not_charged", "other_payee", "other_payee",
     "The merchant app has no order ending in 34567890, and the customer's phone shows the money went to another "
     "payee (某某科技), not to this shop: this shop received nothing. Tell the customer their payment went to "
     "某某科技, "
     "possibly through a QR code that was swapped or pasted over; they should contact their wallet's support from "
     "that payment (in the bill details: questions about this order, or complain)."),
    (customer(), app(), "unknown", None, "qr_not_found",
     "The merchant app has no order ending in 34567890, but nothing shows the money went elsewhere (the payee on the "
     "customer's phone is this shop, was not typed, or staff cannot tell): the QR payment provider must look for it."),
    (customer(digits="7890"), app(order()), "charged", None, "qr_paid",  # four digits are enough
     "Typed by staff from the WeChat Pay Merchant Assistant: order …34567890, payment successful, 99.00 - the same "
     "order as on the customer's phone (its number ends with the customer's digits) and the same amount."),
])
def test_each_row_before_and_after_a_found_order_says_its_words(c, ev, verdict, finding, code, en):
    r = decide(c, ev)
    assert (r.verdict, r.finding, r.reasons[0].code, r.reasons[0].text.en) == (verdict, finding, code, en)
