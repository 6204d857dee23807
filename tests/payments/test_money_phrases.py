"""The money guard for every playbook (payments/money_phrases.py): a text that tells staff to take a payment again,
refund, void or give money back is found in English and Chinese, whatever comes before it; the same words negated
("do not charge again", "不要再收款") only warn and pass; a sentence that leaves it to the provider's confirmation
passes; and every shipped playbook passes (tests/playbooks/test_schema.py loads them all)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.payments.money_phrases import money_hits, uncovered

ORDERS_EN = {
    "new_payment": ["charge again", "charge the customer again", "take the payment again", "run the card again",
                    "start a new payment", "take a new payment", "retry the payment", "try the card again",
                    "let the customer pay again", "ask the customer to pay by another card", "charge it once more"],
    "refund": ["refund the customer", "refund it", "refund the payment in cash", "reimburse the customer"],
    "void": ["void the payment", "void it", "cancel the transaction", "reverse the payment"],
    "money_back": ["give the money back", "give the customer cash back", "hand the cash back", "pay the customer back",
                   "give back the amount"],
}
ORDERS_ZH = {
    "new_payment": ["重新收款", "再收一次", "重新刷卡", "再刷一次", "重新支付", "发起一笔新的交易", "让客人再付一次", "改用现金收款"],
    "refund": ["退款给客人", "把钱退还给客人", "做退货"],
    "void": ["撤销这笔交易", "把这笔作废", "手动冲正"],
    "money_back": ["给客人现金", "退现金给客人"],
}
LEADS_EN = ["", "Now ", "Please ", "Then ", "OK. ", "If the customer was not charged, ", "You can ", "Just ",
            "Call the provider and ", "Do not wait: ", "If not charged "]
TAILS_EN = ["", ".", " now.", " right away!", " in cash.", " — the customer is waiting."]
NEGS_EN = ["Do not ", "Don't ", "Never ", "Do not ever ", "You must not ", "Please do not ", "No need to ",
           "Never, ever "]
LEADS_ZH = ["", "现在", "请", "马上", "然后", "如果客人没有被扣款，", "没问题就", "好，"]
TAILS_ZH = ["", "。", "！", "，客人在等。"]
NEGS_ZH = ["不要", "请不要", "先不要", "千万不要", "别", "切勿", "请勿", "不能", "先别急着"]

orders_en = st.sampled_from([(w, o) for w, os in ORDERS_EN.items() for o in os])
orders_zh = st.sampled_from([(w, o) for w, os in ORDERS_ZH.items() for o in os])


@settings(max_examples=400, deadline=None)
@given(order=orders_en, lead=st.sampled_from(LEADS_EN), tail=st.sampled_from(TAILS_EN), cap=st.booleans())
def test_an_english_order_is_caught_whatever_comes_before_it(order, lead, tail, cap):
    what, words = order
    if cap and not lead:
        words = words[0].upper() + words[1:]
    hits = money_hits(lead + words + tail, "en")
    assert what in {h.what for h in hits}, (lead + words + tail, hits)


@settings(max_examples=400, deadline=None)
@given(order=orders_zh, lead=st.sampled_from(LEADS_ZH), tail=st.sampled_from(TAILS_ZH))
def test_a_chinese_order_is_caught_whatever_comes_before_it(order, lead, tail):
    what, words = order
    hits = money_hits(lead + words + tail, "zh")
    assert what in {h.what for h in hits}, (lead + words + tail, hits)


@settings(max_examples=400, deadline=None)
@given(order=orders_en, neg=st.sampled_from(NEGS_EN), tail=st.sampled_from(TAILS_EN[:4] + [" until the provider confirms."]))
def test_an_english_warning_passes(order, neg, tail):
    _, words = order
    assert money_hits(neg + words + tail, "en") == []


@settings(max_examples=400, deadline=None)
@given(order=orders_zh, neg=st.sampled_from(NEGS_ZH), tail=st.sampled_from(TAILS_ZH[:3]))
def test_a_chinese_warning_passes(order, neg, tail):
    _, words = order
    assert money_hits(neg + words + tail, "zh") == []


@settings(max_examples=200, deadline=None)
@given(order=orders_en, neg=st.sampled_from(NEGS_EN), zh=orders_zh, zneg=st.sampled_from(NEGS_ZH))
def test_a_warning_before_an_order_does_not_hide_the_order(order, neg, zh, zneg):
    what, words = order
    assert what in {h.what for h in money_hits(f"{neg}wait. {words[0].upper()}{words[1:]} now.", "en")}
    assert zh[0] in {h.what for h in money_hits(f"{zneg}等了，{zh[1]}。", "zh")}


@pytest.mark.parametrize("text, lang", [
    ("Take the payment again now, or refund the customer in cash.", "en"),
    ("If the terminal shows nothing, charge again.", "en"),
    ("如果没有扣款就重新收款。", "zh"),
    ("不要等了，直接退款。", "zh"),
])
def test_the_issue_s_orders_are_caught(text, lang):
    assert money_hits(text, lang)


@pytest.mark.parametrize("text, lang", [
    ("Give the customer the voucher number of the void or refund.", "en"),
    ("If it must be given back: void it the same day, refund it after settlement — only after the provider "
     "confirms the debit went through.", "en"),
    ("POS机会自动冲正，发卡银行通常在1到7个工作日内解冻退回。", "zh"),
    ("把撤销或退货凭条上的凭证号告诉客人。", "zh"),
    ("如需退款：当天结算前做撤销，结算后做退货；支付服务商确认扣款已入账之后才办理。", "zh"),
    ("The customer asks for a refund.", "en"),
])
def test_descriptions_and_provider_gated_sentences_pass(text, lang):
    assert money_hits(text, lang) == []


def test_allows_covers_only_its_own_kind_of_money():
    hits = money_hits("Charge again, or refund the customer.", "en")
    assert {h.what for h in uncovered(hits, ("new_payment",))} == {"refund"}
    assert uncovered(hits, ("new_payment", "refund")) == []
    assert {h.what for h in uncovered(money_hits("撤销第二笔。", "zh"), ("refund_duplicate",))} == set()
