"""The money rule's details by example, with exact expectations: what a reason says about a record that lacks fields,
which attempts could be the customer's (an undated one can; one far from the customer's time cannot), the trace
numbers a possible double charge names, the refund of a duplicate, the walk's `payment` object. (Found by the
mutation run of payments/reconcile.py: each case here is a wrong product the other tests let through.)"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from pos_doctor.payments import CustomerEvidence, TerminalEvidence, TerminalRecord, reconcile
from pos_doctor.payments.reconcile import Reason, Reconciliation, allows, payment_object, who_paid_settled
from pos_doctor.i18n import Text

NOW = datetime(2026, 11, 24, 14, 5)
PERIOD = datetime(2026, 11, 24, 6, 0)
CUSTOMER = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR")


def rec(result="approved", amount="99.00", minutes: float | None = 0, trace=None, **kw) -> TerminalRecord:
    return TerminalRecord(result=result, amount=None if amount is None else Decimal(amount), currency="EUR",
                          time=None if minutes is None else NOW + timedelta(minutes=minutes), trace_number=trace, **kw)


def journal(*records, complete=True) -> TerminalEvidence:
    return TerminalEvidence(readable=True, records=tuple(records), complete=complete, covers_from=PERIOD,
                            read_at=NOW + timedelta(minutes=10), clock_offset_s=0.0)


def reason(r: Reconciliation, code: str) -> Reason:
    found = [x for x in r.reasons if x.code == code]
    assert len(found) == 1, [x.code for x in r.reasons]
    return found[0]


def test_a_reason_as_json():
    assert Reason("amount_match", Text("one", "一")).to_json() == {"code": "amount_match",
                                                                   "text": {"en": "one", "zh": "一"}}


# --- a record that lacks fields: named field by field -----------------------------------------------------------

def test_a_record_without_amount_and_trace_names_both():
    r = reconcile(CUSTOMER, journal(rec(amount=None)))
    assert r.verdict == "unknown" and r.reasons[0].code == "no_amount_in_record"
    x = reason(r, "record_fields_missing")
    assert x.text.en == ("A record from the terminal lacks amount, trace "
                         "(payment approved: amount not reported, 2026-11-24 14:05:00, trace not reported).")
    assert x.text.zh == "POS机的一条记录缺少金额、流水号（付款成功：金额未上报，2026-11-24 14:05:00，流水号未上报）。"


def test_an_undated_record_without_amount_or_trace_names_all_three():
    x = reason(reconcile(CUSTOMER, journal(rec(amount=None, minutes=None))), "record_fields_missing")
    assert x.text.en.startswith("A record from the terminal lacks amount, time, trace (")
    assert x.text.zh.startswith("POS机的一条记录缺少金额、时间、流水号（")


def test_a_record_with_every_field_but_its_result_names_the_result():
    r = reconcile(CUSTOMER, journal(rec(result="unknown", trace=7)))
    assert r.verdict == "unknown" and r.reasons[0].code == "no_amount_in_record"
    x = reason(r, "record_fields_missing")
    assert x.text.en == ("A record from the terminal lacks the result "
                         "(payment result not reported: 99.00 EUR, 2026-11-24 14:05:00, trace 7).")
    assert x.text.zh == "POS机的一条记录缺少结果（付款结果未上报：99.00 欧元，2026-11-24 14:05:00，流水号 7）。"


def test_an_undated_record_of_the_amount_whose_time_is_missing_is_named():
    x = reason(reconcile(CUSTOMER, journal(rec(minutes=None, trace=3))), "record_fields_missing")
    assert x.text.en.startswith("A record from the terminal lacks time (payment approved: 99.00 EUR, ")
    assert x.text.zh.startswith("POS机的一条记录缺少时间（")


# --- which attempts could be the customer's (rows 13-15) --------------------------------------------------------

NO_DEBIT = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", debit=False)


def test_a_decline_of_the_amount_an_hour_away_is_not_this_attempt():
    # a complete listing, the customer shows no debit: the decline an hour earlier is another attempt
    r = reconcile(NO_DEBIT, journal(rec(result="declined", minutes=-60, trace=5)))
    assert r.verdict == "not_charged" and r.reasons[0].code == "nothing_in_window"


def test_an_undated_decline_of_the_amount_could_be_this_attempt():
    # the same decline without a time could be the customer's: the listing does not show there was no attempt
    r = reconcile(NO_DEBIT, journal(rec(result="declined", minutes=None, trace=5)))
    assert r.verdict == "unknown" and r.reasons[0].code == "nothing_conclusive"
    # and with a debit shown, the terminal does have an attempt that could explain it: no debit-without-attempt
    r = reconcile(CUSTOMER, journal(rec(result="declined", minutes=None, trace=5)))
    assert r.verdict == "unknown" and r.finding is None


def test_a_decline_of_another_amount_in_the_window_is_not_this_attempt():
    r = reconcile(NO_DEBIT, journal(rec(result="declined", amount="12.00", trace=5)))
    assert r.verdict == "not_charged" and r.reasons[0].code == "nothing_in_window"


# --- a possible double charge names its traces -------------------------------------------------------------------

def test_two_approvals_without_trace_numbers_are_named_with_question_marks():
    r = reconcile(CUSTOMER, journal(rec(minutes=0), rec(minutes=1)))
    assert r.verdict == "unknown" and r.reasons[0].code == "possible_double_charge"
    assert "(traces ?, ?)" in r.reasons[0].text.en and "（流水号 ?、?）" in r.reasons[0].text.zh


def test_two_approvals_name_their_trace_numbers():
    r = reconcile(CUSTOMER, journal(rec(minutes=0, trace=41), rec(minutes=1, trace=42)))
    assert r.reasons[0].code == "possible_double_charge"
    assert "(traces 41, 42)" in r.reasons[0].text.en and "（流水号 41、42）" in r.reasons[0].text.zh


# --- the money rule ------------------------------------------------------------------------------------------------

def _verdict(verdict: str, double_charge: bool = False) -> Reconciliation:
    return Reconciliation(verdict, (), (), (), double_charge=double_charge)


@pytest.mark.parametrize("verdict, double, expected", [
    ("mismatch", True, True), ("mismatch", False, False), ("charged", True, False), ("unknown", True, False),
    ("charged", False, False), ("not_charged", False, False),
])
def test_refunding_the_duplicate_needs_an_established_double_charge(verdict, double, expected):
    assert allows("refund_duplicate", _verdict(verdict, double)) is expected


def test_the_walks_payment_object_says_what_the_terminal_could_tell():
    ev = TerminalEvidence(readable=True, records=(rec(trace=1), rec(result="declined", minutes=-30, trace=2)),
                          complete=True, covers_from=PERIOD, read_at=NOW + timedelta(minutes=10),
                          clock_offset_s=-3.5, not_reported=("period",))
    r = reconcile(CUSTOMER, ev)
    doc = payment_object(CUSTOMER, ev, r)
    assert doc["terminal"] == {"readable": True, "complete": True, "origin": "link", "origin_label": None, "covers_from": "2026-11-24T06:00:00",
                               "read_at": "2026-11-24T14:15:00", "clock_offset_s": -3.5,
                               "not_reported": ["period"], "records": 2}
    assert doc["customer"] == CUSTOMER.to_json()
    assert doc["verdict"] == "charged" and doc["reasons"][0]["code"] == "amount_match"
    assert doc["reasons"][0] == r.reasons[0].to_json()
    assert doc["matched"] == [rec(trace=1).to_json()]


def test_the_payment_object_of_an_unreadable_terminal():
    ev = TerminalEvidence(readable=False)
    doc = payment_object(CUSTOMER, ev, reconcile(CUSTOMER, ev))
    assert doc["terminal"] == {"readable": False, "complete": False, "origin": "link", "origin_label": None, "covers_from": None, "read_at": None,
                               "clock_offset_s": None, "not_reported": [], "records": 0}
    assert doc["verdict"] == "unknown" and doc["reasons"][0]["code"] == "terminal_unreadable"


# --- two approvals of the amount: a double charge only with the customer's card on each -------------------------

def _two(pan_a, pan_b, last4="1234"):
    customer = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", card_last4=last4)
    return reconcile(customer, journal(rec(minutes=0, trace=41, pan_masked=pan_a),
                                       rec(minutes=1, trace=42, pan_masked=pan_b)))


def test_a_double_charge_says_so_exactly():
    r = _two("****1234", "476173******1234")
    assert (r.verdict, r.double_charge, r.reasons[0].code) == ("mismatch", True, "double_charge")
    assert [m.trace_number for m in r.matched] == [41, 42]
    assert r.reasons[0].text.en == ("2 approved payments of 99.00 EUR at the customer's time (traces 41, 42), each "
                                    "with the customer's card ending 1234: the customer was charged more than once.")
    assert r.reasons[0].text.zh == ("客人所说的时间有 2 笔 99.00 欧元的成功付款（流水号 41、42），都是客人尾号 1234 的卡："
                                    "客人被重复扣款。")
    assert allows("refund_duplicate", r) and not allows("new_payment", r)


TAIL_EN = (": this is not established as a double charge. Do not refund or void anything; ask the customer for the "
           "last four digits on the debit message, or call the provider.")
TAIL_ZH = "：不能认定为重复扣款。不要退款或撤销任何一笔；请问客人扣款信息上的卡号后四位，或联系支付服务商。"


def test_two_approvals_without_the_customers_last_four_are_a_possible_double_charge():
    r = _two("****1234", "****1234", last4=None)
    assert (r.verdict, r.double_charge, r.reasons[0].code) == ("unknown", False, "possible_double_charge")
    assert [m.trace_number for m in r.matched] == [41, 42]
    assert r.reasons[0].text.en == ("2 approved payments of 99.00 EUR at the customer's time (traces 41, 42), but the "
                                    "customer's card's last four digits were not given, so it cannot be told whose "
                                    "they are" + TAIL_EN)
    assert r.reasons[0].text.zh == ("客人所说的时间有 2 笔 99.00 欧元的成功付款（流水号 41、42），但没有客人卡号的后四位，"
                                    "无法判断是谁的" + TAIL_ZH)
    assert not allows("refund_duplicate", r) and not allows("refund", r)


def test_two_approvals_one_without_a_card_number_are_a_possible_double_charge():
    r = _two("****1234", None)
    assert (r.verdict, r.double_charge, r.reasons[0].code) == ("unknown", False, "possible_double_charge")
    assert [m.trace_number for m in r.matched] == [41, 42]
    assert r.reasons[0].text.en == ("2 approved payments of 99.00 EUR at the customer's time (traces 41, 42), but the "
                                    "terminal does not show the card of every one, so it cannot be told whose they "
                                    "are" + TAIL_EN)
    assert r.reasons[0].text.zh == ("客人所说的时间有 2 笔 99.00 欧元的成功付款（流水号 41、42），但POS机没有显示每一笔的卡号，"
                                    "无法判断是谁的" + TAIL_ZH)


def test_an_approval_of_another_card_is_no_second_charge():
    r = _two("****1234", "****9999")
    assert (r.verdict, r.reasons[0].code) == ("charged", "amount_match")
    assert [m.trace_number for m in r.matched] == [41]


# --- what the listing covers, on the PC's clock ------------------------------------------------------------------

def _listing(*records, covers_from=PERIOD, read_at=NOW + timedelta(minutes=10), offset=0.0, complete=True):
    return TerminalEvidence(readable=True, records=tuple(records), complete=complete, covers_from=covers_from,
                            read_at=read_at, clock_offset_s=offset)


def test_a_terminal_clock_ahead_moves_the_period_start_back_on_the_pcs_clock():
    # the terminal is an hour ahead: its period began at 15:00 on its clock, 14:00 on the PC's; the customer paid
    # at 14:05 (PC), the decline is listed at 15:05 (terminal) - inside what the listing covers
    hour = 3600.0
    declined = rec(result="declined", minutes=60, trace=9)
    ev = _listing(declined, covers_from=datetime(2026, 11, 24, 15, 0), read_at=NOW + timedelta(minutes=70),
                  offset=hour)
    r = reconcile(CUSTOMER, ev)
    assert (r.verdict, r.reasons[0].code) == ("not_charged", "declined_in_window")
    # the same listing an hour later on the PC's clock would not cover the customer's time
    ev = _listing(declined, covers_from=datetime(2026, 11, 24, 16, 0), read_at=NOW + timedelta(minutes=70),
                  offset=hour)
    assert reconcile(CUSTOMER, ev).reasons[0].code == "outside_coverage"


def test_a_terminal_clock_behind_moves_the_read_time_forward_on_the_pcs_clock():
    # the terminal is an hour behind: read at 13:15 on its clock, 14:15 on the PC's - after the customer's 14:05
    hour = 3600.0
    declined = rec(result="declined", minutes=-60, trace=9)
    ev = _listing(declined, covers_from=datetime(2026, 11, 24, 5, 0), read_at=NOW + timedelta(minutes=-50),
                  offset=-hour)
    r = reconcile(CUSTOMER, ev)
    assert (r.verdict, r.reasons[0].code) == ("not_charged", "declined_in_window")
    # read at 12:15 on its clock (13:15 PC): the customer's time is after the read, nothing of it can be listed
    ev = _listing(declined, covers_from=datetime(2026, 11, 24, 5, 0), read_at=NOW + timedelta(minutes=-110),
                  offset=-hour)
    assert reconcile(CUSTOMER, ev).reasons[0].code == "outside_coverage"


def test_a_complete_listing_without_its_read_time_covers_from_its_period_start():
    r = reconcile(CUSTOMER, _listing(rec(result="declined", trace=9), read_at=None))
    assert (r.verdict, r.reasons[0].code) == ("not_charged", "declined_in_window")


def test_a_complete_listing_without_its_period_start_covers_nothing():
    r = reconcile(CUSTOMER, _listing(rec(result="declined", trace=9), covers_from=None))
    assert r.verdict == "unknown"
    assert r.reasons[0].code == "period_start_unknown"
    assert (r.reasons[0].text.en, r.reasons[0].text.zh) == ("The terminal did not report when its period began.",
                                                            "POS机未上报本批次的开始时间。")
    r = reconcile(NO_DEBIT, _listing(covers_from=None))
    assert (r.verdict, r.reasons[0].code) == ("unknown", "period_start_unknown")


def test_an_incomplete_listing_says_so():
    r = reconcile(NO_DEBIT, _listing(rec(result="declined", trace=9), complete=False))
    assert (r.verdict, r.reasons[0].code) == ("unknown", "listing_incomplete")
    assert r.reasons[0].text.en == ("The terminal only reported some transactions (not its whole period), so an "
                                    "earlier payment at that time cannot be ruled out.")
    assert r.reasons[0].text.zh == "POS机只报告了部分交易（不是整个批次），无法排除该时间还有别的付款。"


# --- reversals, refunds and the window's edges -------------------------------------------------------------------

def codes(r):
    return [x.code for x in r.reasons]


def test_a_reversal_record_cancels_the_approval_of_its_trace():
    r = reconcile(NO_DEBIT, journal(rec(trace=5, source="journal"),
                                    rec(trace=5, kind="reversal", source="journal")))
    assert r.verdict == "unknown" and r.matched == ()
    assert reason(r, "reversed").text.en == "The approved payment with trace 5 was reversed (cancelled)."
    assert reason(r, "reversed").text.zh == "流水号 5 的成功付款已被冲正（取消）。"


def test_a_payment_listed_as_reversed_cancels_the_approval_of_its_trace():
    r = reconcile(CUSTOMER, journal(rec(trace=5, source="journal"), rec(result="reversed", trace=5, source="journal")))
    assert r.verdict == "unknown" and r.matched == () and "reversed" in codes(r)


def test_a_reversed_payment_alone_is_no_attempt_that_could_be_it():
    # the terminal lists the customer's payment as reversed, the customer's phone shows no debit: not charged
    r = reconcile(NO_DEBIT, journal(rec(result="reversed", trace=5)))
    assert (r.verdict, r.reasons[0].code) == ("not_charged", "nothing_in_window")


def test_an_approved_refund_of_the_amount_is_no_charge():
    r = reconcile(CUSTOMER, journal(rec(trace=5, kind="refund")))
    assert r.verdict != "charged" and r.matched == ()
    r = reconcile(NO_DEBIT, journal(rec(trace=5, kind="refund")))
    assert (r.verdict, r.reasons[0].code) == ("not_charged", "nothing_in_window")


def test_an_approval_that_was_not_reversed_says_nothing_of_a_reversal():
    r = reconcile(CUSTOMER, journal(rec(trace=5)))
    assert r.verdict == "charged" and "reversed" not in codes(r)


@pytest.mark.parametrize("minutes, verdict", [(-5, "charged"), (5, "charged"), (-5.02, "mismatch"),
                                               (5.02, "mismatch")])
def test_the_window_includes_its_edges(minutes, verdict):
    # the default tolerance is 5 minutes either side of the customer's time, both ends included
    r = reconcile(CUSTOMER, journal(rec(minutes=minutes, trace=5)))
    assert r.verdict == verdict, codes(r)


def test_the_customers_amount_is_named_with_its_currency():
    r = reconcile(CUSTOMER, journal(rec(trace=5)))
    assert r.reasons[0].text.en.startswith("One approved payment of 99.00 EUR at the customer's time")
    assert r.reasons[0].text.zh.startswith("客人所说的时间有一笔 99.00 欧元的成功付款")


def test_an_unmeasured_clock_is_said():
    ev = TerminalEvidence(readable=True, records=(rec(trace=5),), complete=True, covers_from=PERIOD,
                          read_at=NOW + timedelta(minutes=10), clock_offset_s=None)
    x = reason(reconcile(CUSTOMER, ev), "clock_offset_unknown")
    assert (x.text.en, x.text.zh) == ("The terminal's clock was not compared with the PC; times are taken as they are.",
                                      "未能比较POS机时钟和电脑时钟，时间按原样比对。")
    assert "clock_offset_unknown" not in codes(reconcile(CUSTOMER, journal(rec(trace=5))))


def test_outside_coverage_says_so():
    r = reconcile(CUSTOMER, _listing(rec(result="declined", trace=9), covers_from=NOW + timedelta(hours=1)))
    assert (r.verdict, r.reasons[0].code) == ("unknown", "outside_coverage")
    assert (r.reasons[0].text.en, r.reasons[0].text.zh) == (
        "The customer's time is outside what the terminal's records cover.", "客人所说的时间不在POS机记录覆盖的范围内。")


# --- which records' identity is compared: those that could be near the customer's payment ------------------------

CARD_CUSTOMER = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", card_last4="1234")


def test_a_record_of_the_amount_far_from_the_customers_time_is_compared():
    r = reconcile(CARD_CUSTOMER, journal(rec(minutes=60, trace=5, pan_masked="****1234")))
    assert r.verdict == "mismatch" and r.reasons[0].code == "amount_outside_window"
    assert r.compared == ("card_last4", "currency") and "identity_compared" in codes(r)


def test_a_record_of_another_amount_in_the_window_is_compared():
    r = reconcile(CARD_CUSTOMER, journal(rec(amount="12.00", trace=5, pan_masked="****1234")))
    assert r.verdict == "mismatch" and r.reasons[0].code == "other_amount_in_window"
    assert r.compared == ("card_last4", "currency")


def test_a_record_of_another_amount_far_away_is_not_compared():
    r = reconcile(CARD_CUSTOMER, journal(rec(amount="12.00", minutes=60, trace=5, pan_masked="****9999")))
    assert r.compared == ()


def test_two_sources_disagreeing_on_a_record_near_the_customers_payment_are_said():
    # the status information has the customer's payment approved; the listing has the same transaction as a
    # decline of another amount an hour later: one of the pair is near the customer's payment - unknown
    status = rec(trace=5, receipt_number=7, source="status")
    listing = rec(result="declined", amount="12.00", minutes=60, trace=5, receipt_number=7, source="journal")
    r = reconcile(CUSTOMER, journal(listing, status))
    assert (r.verdict, r.reasons[0].code) == ("unknown", "sources_disagree")
    assert r.contradictions == ((listing, status),)


# --- a refund or void only for a payment shown to be this customer's ----------------------------------------------

def _payment(customer: CustomerEvidence, *records: TerminalRecord) -> dict:
    ev = journal(*records)
    return payment_object(customer, ev, reconcile(customer, ev))


def test_who_paid_settled_by_the_card():
    p = _payment(CARD_CUSTOMER, rec(trace=5, pan_masked="****1234"))
    assert p["verdict"] == "charged" and who_paid_settled(p)


def test_who_paid_settled_by_the_voucher_or_the_authorisation_code():
    customer = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", voucher="5")
    assert who_paid_settled(_payment(customer, rec(trace=5)))
    customer = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", auth_code="A1B2")
    assert who_paid_settled(_payment(customer, rec(trace=5, auth_code="a1b2")))


def test_who_paid_not_settled_by_amount_time_and_currency_alone():
    p = _payment(CUSTOMER, rec(trace=5))
    assert p["verdict"] == "charged" and not who_paid_settled(p)


def test_who_paid_not_settled_without_a_match_or_a_payment():
    assert not who_paid_settled(None)
    assert not who_paid_settled({})
    assert not who_paid_settled({"matched": []})
    assert not who_paid_settled("charged")  # type: ignore[arg-type]
    p = _payment(CARD_CUSTOMER, rec(result="declined", trace=5, pan_masked="****1234"))
    assert p["matched"] == [] and not who_paid_settled(p)


def test_who_paid_settled_only_when_every_matched_record_is_the_customers():
    p = _payment(CARD_CUSTOMER, rec(trace=5, pan_masked="****1234"), rec(minutes=1, trace=6, pan_masked="****1234"))
    assert p["double_charge"] and who_paid_settled(p)
    p["matched"][1]["pan_masked"] = None  # one of them not shown to be the customer's
    assert not who_paid_settled(p)
    p["matched"][1]["pan_masked"] = "****9999"
    assert not who_paid_settled(p)


def test_who_paid_read_from_the_saved_payment_not_from_the_live_objects():
    p = _payment(CARD_CUSTOMER, rec(trace=5, pan_masked="****1234"))
    p["customer"]["card_last4"] = "9999"  # edited on disk: the saved customer's card no longer matches
    assert not who_paid_settled(p)
    p["customer"] = None  # no customer at all: nothing says who paid
    assert not who_paid_settled(p)


# --- rows 2, 5, 7, 8, 9 said exactly ---------------------------------------------------------------------------

def test_sources_that_disagree_are_named_with_what_each_says():
    status = rec(trace=5, receipt_number=7, source="status")
    slip = rec(result="declined", trace=5, receipt_number=7, source="receipt")
    r = reconcile(CUSTOMER, journal(status, slip))
    assert (r.verdict, r.reasons[0].code) == ("unknown", "sources_disagree")
    assert r.reasons[0].text.en == (
        "The terminal's own records disagree about one transaction: the receipt says payment declined: 99.00 EUR, "
        "2026-11-24 14:05:00, trace 5; the status information says payment approved: 99.00 EUR, 2026-11-24 14:05:00, "
        "trace 5. Which is right cannot be settled here.")
    assert r.reasons[0].text.zh == (
        "POS机自己的记录对同一笔交易说法不一：小票显示付款被拒：99.00 欧元，2026-11-24 14:05:00，流水号 5；"
        "状态信息显示付款成功：99.00 欧元，2026-11-24 14:05:00，流水号 5。无法在这里判断哪个是对的。")


def test_one_approval_and_a_record_without_amount_may_be_a_second_charge():
    one = rec(trace=5)
    r = reconcile(CUSTOMER, journal(one, rec(amount=None, minutes=1, trace=6)))
    assert (r.verdict, r.reasons[0].code) == ("unknown", "possible_second_charge")
    assert r.matched == (one,)
    assert r.reasons[0].text.en == ("One approved payment of 99.00 EUR matches (2026-11-24 14:05:00, trace 5), but "
                                    "another record could be a second one and lacks the fields to tell.")
    assert r.reasons[0].text.zh == ("有一笔 99.00 欧元的成功付款与之相符（2026-11-24 14:05:00，流水号 5），"
                                    "但另一条记录信息不全，可能是第二笔扣款。")


NOT_ENOUGH = ("The terminal's record does not say enough (amount, time or result not reported) to tell whether "
              "99.00 EUR was charged.", "POS机记录信息不全（金额、时间或结果未上报），无法判断 99.00 欧元是否已扣款。")


@pytest.mark.parametrize("record", [
    rec(result="unknown", amount=None, trace=6),               # in the window, no result and no amount
    rec(result="unknown", minutes=None, trace=6),              # undated, no result, the amount
    rec(result="aborted", amount=None, trace=6),               # an abort without its amount is no abort of 99.00
    rec(result="declined", amount=None, trace=6),
    rec(result="declined", amount=None, minutes=None, trace=6),
], ids=["unknown-no-amount", "unknown-undated", "aborted-no-amount", "declined-no-amount", "declined-undated"])
def test_a_record_that_does_not_say_enough(record):
    r = reconcile(NO_DEBIT, journal(record))
    assert (r.verdict, r.reasons[0].code) == ("unknown", "no_amount_in_record")
    assert (r.reasons[0].text.en, r.reasons[0].text.zh) == NOT_ENOUGH
    assert "record_fields_missing" in codes(r)


def test_outside_coverage_comes_before_another_amount_in_the_window():
    # the listing begins after the customer's time: an approval of another amount at that time settles nothing
    r = reconcile(CUSTOMER, _listing(rec(amount="12.00", trace=5), covers_from=NOW + timedelta(minutes=1)))
    assert (r.verdict, r.reasons[0].code) == ("unknown", "outside_coverage")


def test_of_approvals_elsewhere_the_nearest_to_the_customers_time_is_named():
    far, near = rec(minutes=-90, trace=1), rec(minutes=40, trace=2)
    for records in ((far, near), (near, far)):
        r = reconcile(CUSTOMER, journal(*records))
        assert (r.verdict, r.reasons[0].code) == ("mismatch", "amount_outside_window")
        assert "(2026-11-24 14:45:00, trace 2)" in r.reasons[0].text.en
        assert "（2026-11-24 14:45:00，流水号 2）" in r.reasons[0].text.zh
        assert set(r.considered) == {far, near}  # both shown with the verdict


def test_the_nearest_approval_elsewhere_is_judged_on_the_pcs_clock():
    # the terminal is an hour ahead: 15:45 on its clock is 14:45 on the PC's (40 min after the customer's 14:05),
    # 14:05 on its clock is 13:05 (an hour before): the first is the nearer
    a, b = rec(minutes=100, trace=1), rec(minutes=0, trace=2)
    r = reconcile(CUSTOMER, _listing(a, b, offset=3600.0, read_at=NOW + timedelta(hours=2)))
    assert (r.verdict, r.reasons[0].code) == ("mismatch", "amount_outside_window")
    assert "trace 1)" in r.reasons[0].text.en


ROW_TEXTS = {
    "amount_outside_window": (
        CUSTOMER, (rec(minutes=40, trace=2),), "mismatch",
        "An approved payment of 99.00 EUR exists, but not at the customer's time (2026-11-24 14:45:00, trace 2); it "
        "may be the customer's if the time on the phone is off.",
        "有一笔 99.00 欧元的成功付款，但不在客人所说的时间（2026-11-24 14:45:00，流水号 2）；如果客人手机上的时间有出入，"
        "那可能就是客人的这笔。"),
    "declined_in_window": (
        CUSTOMER, (rec(result="declined", trace=2),), "not_charged",
        "The terminal's records cover that time: no approved payment of 99.00 EUR; the attempt was declined "
        "(2026-11-24 14:05:00, trace 2). If the customer's account shows a hold, the automatic reversal releases it.",
        "POS机记录覆盖了该时间：没有 99.00 欧元的成功付款，那次交易被拒（2026-11-24 14:05:00，流水号 2）。"
        "如果客人账户上显示冻结，会通过自动冲正释放。"),
    "aborted_in_window": (
        CUSTOMER, (rec(result="aborted", trace=2),), "not_charged",
        "The terminal's records cover that time: no approved payment of 99.00 EUR; the attempt was aborted "
        "(2026-11-24 14:05:00, trace 2). If the customer's account shows a hold, the automatic reversal releases it.",
        "POS机记录覆盖了该时间：没有 99.00 欧元的成功付款，那次交易已中止（2026-11-24 14:05:00，流水号 2）。"
        "如果客人账户上显示冻结，会通过自动冲正释放。"),
    "card_differs": (
        CARD_CUSTOMER, (rec(trace=2, pan_masked="****9999"),), "mismatch",
        "An approved payment of 99.00 EUR at that time differs from the customer's in the card's last four digits "
        "(payment approved: 99.00 EUR, 2026-11-24 14:05:00, trace 2): it is not this customer's.",
        "该时间有一笔 99.00 欧元的成功付款，但卡号后四位不同（付款成功：99.00 欧元，2026-11-24 14:05:00，流水号 2）："
        "那不是这位客人的。"),
    "identity_differs": (
        CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", voucher="3"), (rec(trace=2),), "mismatch",
        "An approved payment of 99.00 EUR at that time differs from the customer's in the voucher or receipt number "
        "(payment approved: 99.00 EUR, 2026-11-24 14:05:00, trace 2): it is not this customer's.",
        "该时间有一笔 99.00 欧元的成功付款，但凭证号或票据号不同（付款成功：99.00 欧元，2026-11-24 14:05:00，流水号 2）："
        "那不是这位客人的。"),
    "other_amount_in_window": (
        CUSTOMER, (rec(amount="12.00", trace=2),), "mismatch",
        "At that time the terminal approved another amount (payment approved: 12.00 EUR, 2026-11-24 14:05:00, "
        "trace 2); the customer shows 99.00 EUR.",
        "该时间POS机成功收款的是另一个金额（付款成功：12.00 欧元，2026-11-24 14:05:00，流水号 2）；客人出示的是 99.00 欧元。"),
}


@pytest.mark.parametrize("row", ROW_TEXTS)
def test_each_rows_reason_said_exactly(row):
    customer, records, verdict, en, zh = ROW_TEXTS[row]
    r = reconcile(customer, journal(*records))
    code = "declined_in_window" if row == "aborted_in_window" else row
    assert (r.verdict, r.reasons[0].code) == (verdict, code)
    assert (r.reasons[0].text.en, r.reasons[0].text.zh) == (en, zh)


def test_a_payment_in_another_currency_is_not_this_customers():
    customer = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="CNY")
    r = reconcile(customer, journal(rec(trace=2)))
    assert (r.verdict, r.reasons[0].code) == ("mismatch", "currency_differs")
    assert "in the currency (payment approved: 99.00 EUR" in r.reasons[0].text.en
    assert "币种不同（付款成功：99.00 欧元" in r.reasons[0].text.zh
    # the card and the currency both differ: the card is named first
    customer = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="CNY", card_last4="1234")
    r = reconcile(customer, journal(rec(trace=2, pan_masked="****9999")))
    assert r.reasons[0].code == "card_differs"
    assert "in the card's last four digits, currency (" in r.reasons[0].text.en


# --- what is missing, and what was compared, said exactly -------------------------------------------------------

def test_missing_customer_evidence_is_named_field_by_field():
    r = reconcile(CustomerEvidence(), journal(rec(trace=2)))
    assert r.verdict == "unknown" and r.matched == ()
    assert [(x.code, x.text.en, x.text.zh) for x in r.reasons] == [
        ("no_customer_amount", "The amount on the customer's phone or bank message is missing.", "缺少客人手机或银行短信上显示的金额。"),
        ("no_customer_time", "The time on the customer's phone or bank message is missing.", "缺少客人手机或银行短信上显示的时间。")]
    r = reconcile(CustomerEvidence(time=NOW), journal(rec(trace=2)))
    assert [x.code for x in r.reasons] == ["no_customer_amount"]
    assert r.considered == (rec(trace=2),)  # the records are still shown with the verdict


def test_an_unreadable_terminal_is_said():
    r = reconcile(CUSTOMER, TerminalEvidence(readable=False, records=(rec(trace=2),)))
    assert r.verdict == "unknown" and r.matched == () and r.considered == ()
    assert [(x.code, x.text.en, x.text.zh) for x in r.reasons] == [
        ("terminal_unreadable", "The terminal could not be read.", "无法读取POS机记录。")]


def test_what_was_compared_is_said():
    r = reconcile(CARD_CUSTOMER, journal(rec(trace=2, pan_masked="****1234")))
    x = reason(r, "identity_compared")
    assert (x.text.en, x.text.zh) == ("Compared with the customer's evidence: card's last four digits, currency.",
                                      "已与客人的信息核对：卡号后四位、币种。")


def test_who_paid_not_compared_says_why():
    r = reconcile(CustomerEvidence(amount=Decimal("99.00"), time=NOW), journal(rec(trace=2)))
    x = reason(r, "identity_not_compared")
    assert (x.text.en, x.text.zh) == ("Who paid was not compared: the customer's card's last four digits were not "
                                      "given.", "未核对是谁付的款：没有客人卡号的后四位。")
    r = reconcile(CustomerEvidence(amount=Decimal("99.00"), time=NOW, card_last4="1234"), journal(rec(trace=2)))
    x = reason(r, "identity_not_compared")
    assert (x.text.en, x.text.zh) == ("Who paid was not compared: the terminal's records near that time show no "
                                      "card number.", "未核对是谁付的款：POS机在该时间附近的记录没有显示卡号。")


# --- one order for the records, whatever order they were read in ------------------------------------------------
# The verdict names records (the latest decline, the first of another card...) and shows the records it considered
# in this order; two reports of one transaction keep the fuller one. Each pair below differs in one tie-break only.

def _at(**kw) -> TerminalRecord:
    return TerminalRecord(**{"result": "declined", "result_code": 5, "amount": Decimal("99.00"), "currency": "EUR",
                             "time": NOW, **kw})


ORDER_PAIRS = {
    "earlier first": (_at(time=NOW - timedelta(minutes=1), trace_number=9), _at(trace_number=1)),
    "undated last": (_at(trace_number=9), _at(time=None, trace_number=1, auth_code="A")),
    "fuller first": (_at(card_name="girocard"), _at()),
    "no trace before trace 1": (_at(receipt_number=9), _at(trace_number=1)),
    "no receipt before receipt 1": (_at(trace_number=6, auth_code="A"), _at(trace_number=6, receipt_number=1)),
    "no amount before 1.00": (_at(amount=None, auth_code="A"), _at(amount=Decimal("1.00"))),
    "no result code before 01": (_at(result_code=None, auth_code="A"), _at(result_code=1)),
    "no currency before EUR": (_at(currency=None, auth_code="A"), _at()),
    # a number below 0 (no terminal reports one; a hand-edited file may hold one) sorts with a missing one, so the
    # next field decides: here the authorisation code, which the second record reports instead
    "trace -1 as no trace": (_at(trace_number=-1), _at(auth_code="A")),
    "receipt -1 as no receipt": (_at(receipt_number=-1), _at(auth_code="A")),
    "amount -1.00 as no amount": (_at(amount=Decimal("-1.00")), _at(amount=None, auth_code="A")),
    "-1.50 before no amount": (_at(amount=Decimal("-1.50")), _at(amount=None, auth_code="A")),
    "result code -1 as none": (_at(result_code=-1), _at(result_code=None, auth_code="A")),
}


@pytest.mark.parametrize("first,second", ORDER_PAIRS.values(), ids=ORDER_PAIRS.keys())
def test_the_records_considered_come_in_one_order_whatever_order_they_were_read_in(first, second):
    customer = CustomerEvidence(amount=Decimal("99.00"), time=NOW)
    for read in ((first, second), (second, first)):
        assert reconcile(customer, journal(*read)).considered == (first, second)


def test_of_two_reports_of_one_transaction_the_fuller_one_is_kept_whatever_order_they_were_read_in():
    bare = rec(trace=7, receipt_number=3)
    full = rec(trace=7, receipt_number=3, card_name="girocard", pan_masked="****0019")
    for read in ((bare, full), (full, bare)):
        r = reconcile(CUSTOMER, journal(*read))
        assert (r.verdict, r.matched, r.considered) == ("charged", (full,), (full,))


def test_a_transaction_reported_twice_does_not_hide_the_records_after_it():
    twice = rec(amount="12.50", minutes=-30, trace=7, receipt_number=3)
    r = reconcile(CUSTOMER, journal(twice, twice, rec(trace=8, receipt_number=4)))
    assert (r.verdict, [m.trace_number for m in r.matched]) == ("charged", [8])


# --- records typed by staff (origin typed_terminal): the same rules, said of a typed list --------------------------

TYPED_LABEL = Text("typed by staff from the POS机's 交易明细, 1 transaction", "店员从POS机交易明细抄录，1 笔")
TYPED_CLOCK = ("clock_offset_unknown", "The times were typed from the POS机's screen or slip; its clock was not "
               "compared with the PC, so they are taken as they are.", "时间是从POS机屏幕或小票上抄录的，未与电脑时钟比较，按原样比对。")


def typed_list(*records, complete=True, begin=NOW - timedelta(minutes=30), end=datetime(2026, 11, 24, 14, 30),
               read_at=NOW + timedelta(hours=1), origin="typed_terminal") -> TerminalEvidence:
    return TerminalEvidence(readable=True, records=tuple(records), complete=complete,
                            covers_from=begin if complete else None, covers_to=end if complete else None,
                            read_at=read_at, origin=origin, origin_label=TYPED_LABEL)


def said(r: Reconciliation) -> list[tuple[str, str, str]]:
    return [(x.code, x.text.en, x.text.zh) for x in r.reasons]


def test_a_typed_decline_in_a_confirmed_list_is_not_charged_and_says_staff_confirmed_it():
    r = reconcile(CUSTOMER, typed_list(rec("declined", trace=3)))
    assert r.verdict == "not_charged"
    assert said(r)[0] == (
        "declined_in_window", "Staff confirmed the typed list holds every transaction of that time: no approved "
        "payment of 99.00 EUR; the attempt was declined (2026-11-24 14:05:00, trace 3). If the customer's account "
        "shows a hold, the automatic reversal releases it.",
        "店员确认抄录的列表包含该时间的全部交易：没有 99.00 欧元的成功付款，那次交易被拒（2026-11-24 14:05:00，流水号 3）。如果客人账户上显示冻结，"
        "会通过自动冲正释放。")
    assert said(r)[1] == TYPED_CLOCK
    assert r.summary().en.startswith("The transactions staff typed from the POS机 show this customer was NOT charged. "
                                     "Source: typed by staff from the POS机's 交易明细, 1 transaction. Staff confirmed")
    assert r.summary().zh.startswith("店员从POS机抄录的交易显示这位客人没有被扣款。来源：店员从POS机交易明细抄录，1 笔。店员确认")
    assert r.to_json()["decided_by"] == {"origin": "typed_terminal", "label": TYPED_LABEL.to_json()}
    aborted = reconcile(CUSTOMER, typed_list(rec("aborted", trace=3)))
    assert aborted.verdict == "not_charged" and "那次交易已中止" in aborted.reasons[0].text.zh


def test_a_typed_list_not_confirmed_complete_settles_nothing():
    r = reconcile(CUSTOMER, typed_list(rec("declined", trace=3), complete=False))
    assert r.verdict == "unknown"
    assert said(r)[:2] == [("listing_incomplete", "Staff did not confirm that the typed list holds every transaction "
                            "around that time, so another payment at that time cannot be ruled out.",
                            "店员没有确认抄录的列表包含该时间前后的全部交易，无法排除该时间还有别的付款。"), TYPED_CLOCK]
    assert r.summary().en.startswith("The transactions staff typed from the POS机 cannot settle whether the customer "
                                     "was charged - do not charge again until it is. Source: typed by staff")
    nothing = reconcile(CUSTOMER, typed_list(rec(amount="12.00", minutes=-20, trace=3), complete=False))
    assert nothing.verdict == "unknown" and nothing.reasons[0].code == "listing_incomplete"


def test_an_empty_confirmed_typed_list_is_not_charged_only_when_the_customer_shows_no_debit():
    no_debit = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", debit=False)
    r = reconcile(no_debit, typed_list())
    assert r.verdict == "not_charged" and said(r)[0] == (
        "nothing_in_window", "Staff confirmed the typed list holds every transaction of that time and none could be "
        "this one; the customer's phone shows no debit.", "店员确认抄录的列表包含该时间的全部交易，没有一笔可能是这次付款；客人手机上也没有扣款。")
    r = reconcile(CUSTOMER, typed_list())
    assert (r.verdict, r.finding) == ("unknown", "debit_without_attempt")
    assert r.reasons[0].text.en.startswith("The customer shows a debit of 99.00 EUR, but staff confirmed the typed "
                                           "list holds every transaction of that time and none (approved, failed or "
                                           "voided) could be it: this POS机 does not explain the debit.")
    assert r.reasons[0].text.zh.startswith("客人出示了一笔 99.00 欧元的扣款，但店员确认抄录的列表包含该时间的全部交易")


def test_a_typed_approval_of_another_amount_outside_the_confirmed_times_is_nothing_conclusive():
    # the list is confirmed for the window; a record far from it settles nothing about this payment
    r = reconcile(CUSTOMER, typed_list(rec(amount="12.00", minutes=-25, trace=3)))
    assert (r.verdict, r.finding) == ("unknown", "debit_without_attempt")
    partial = typed_list(rec("declined", amount=None, minutes=None, trace=3), complete=False)
    assert reconcile(CUSTOMER, partial).verdict == "unknown"


@pytest.mark.parametrize("minutes, end, read_at, covered", [
    (0, datetime(2026, 11, 24, 14, 30), None, True),
    (20, datetime(2026, 11, 24, 14, 30), None, True),                         # up to 14:30 and 5 minutes' tolerance
    (20.75, datetime(2026, 11, 24, 14, 30), None, True),                      # "to 14:30" is the whole minute
    (20 + 59 / 60, datetime(2026, 11, 24, 14, 30), None, True),               # to 14:30:59 inclusive
    (21, datetime(2026, 11, 24, 14, 30), None, False),
    (20.75, datetime(2026, 11, 24, 14, 30, 30), None, False),                 # to the second: that second
    (-25, datetime(2026, 11, 24, 14, 30), None, True),                        # the window starts at the list's start
    (-26, datetime(2026, 11, 24, 14, 30), None, False),
    (0, datetime(2026, 11, 24, 14, 8), datetime(2026, 11, 24, 14, 8, 30), True),  # typed at 14:08:30: nothing later
    (0, datetime(2026, 11, 24, 14, 8), datetime(2026, 11, 24, 14, 9, 30), False),
])
def test_the_customers_window_must_lie_inside_the_confirmed_times(minutes, end, read_at, covered):
    customer = CustomerEvidence(amount=Decimal("99.00"), time=NOW + timedelta(minutes=minutes), currency="EUR",
                                debit=False)
    r = reconcile(customer, typed_list(end=end, read_at=read_at))
    if covered:
        assert r.verdict == "not_charged"
    else:
        assert r.verdict == "unknown" and r.reasons[0].code == "outside_coverage"
        begin, until = NOW - timedelta(minutes=30), end
        assert r.reasons[0].text.en == ("The customer's time (give or take the tolerance) is not wholly inside the "
                                        f"times the typed list covers ({begin:%H:%M}–{until:%H:%M}).")
        assert r.reasons[0].text.zh == f"客人所说的时间（含允许误差）不完全在抄录列表覆盖的时间（{begin:%H:%M}–{until:%H:%M}）之内。"


def test_a_typed_approval_is_charged_and_the_headline_says_staff_typed_it():
    r = reconcile(CUSTOMER, typed_list(rec(trace=3)))
    assert r.verdict == "charged"
    summary = r.summary()
    assert {"en": summary.en, "zh": summary.zh} == {
        "en": "The customer WAS charged: the transactions staff typed from the POS机 show it - do not take the payment "
              "again. Source: typed by staff from the POS机's 交易明细, 1 transaction. One approved payment of 99.00 "
              "EUR at the customer's time (2026-11-24 14:05:00, trace 3).",
        "zh": "店员从POS机抄录的交易显示这笔钱已经从客人卡上扣了——不要再收一次。来源：店员从POS机交易明细抄录，1 笔。客人所说的时间有一笔 "
              "99.00 欧元的成功付款（2026-11-24 14:05:00，流水号 3）。"}
    # the same record read over the link: the terminal's headline, no source
    link = reconcile(CUSTOMER, journal(rec(trace=3)))
    assert link.summary().en.startswith("The customer WAS charged by this terminal - do not take the payment again. "
                                        "One approved payment")
    assert link.to_json()["decided_by"] == {"origin": "link", "label": None}
    # a typed list without its label still says staff typed it, and names no source
    bare = reconcile(CUSTOMER, TerminalEvidence(readable=True, records=(rec(trace=3),), origin="typed_terminal"))
    assert bare.summary().en.startswith("The customer WAS charged: the transactions staff typed from the POS机 show "
                                        "it - do not take the payment again. One approved payment")


def test_the_walks_payment_object_of_a_typed_list_names_its_source_and_its_confirmed_times():
    ev = typed_list(rec("declined", trace=3), read_at=datetime(2026, 11, 24, 14, 40))
    r = reconcile(CUSTOMER, ev)
    doc = payment_object(CUSTOMER, ev, r)
    assert doc["terminal"] == {"readable": True, "complete": True, "origin": "typed_terminal",
                               "origin_label": TYPED_LABEL.to_json(), "covers_from": "2026-11-24T13:35:00",
                               "covers_to": "2026-11-24T14:30:00", "read_at": "2026-11-24T14:40:00",
                               "clock_offset_s": None, "not_reported": [], "records": 1}
    assert doc["decided_by"] == {"origin": "typed_terminal", "label": TYPED_LABEL.to_json()}
    assert doc["verdict"] == "not_charged"


def test_a_qr_code_payment_is_not_looked_for_in_the_card_terminal():
    qr = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", method="qr")
    r = reconcile(qr, journal(rec(trace=3)))  # an approval of the amount at that time is not the QR payment
    assert (r.verdict, r.matched, r.considered) == ("unknown", (), (rec(trace=3),))
    assert said(r) == [("qr_not_in_terminal", "A QR-code payment (WeChat Pay, Alipay, UnionPay QR) is not in the card "
                        "terminal: look up the order number in the merchant app.",
                        "扫码支付（微信、支付宝、云闪付）不在POS机里：请在商户后台或收款应用里按订单号查询。")]
    card = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", method="card")
    assert reconcile(card, journal(rec(trace=3))).verdict == "charged"


def test_a_typed_list_is_complete_only_with_both_confirmed_times():
    one_sided = [TerminalEvidence(readable=True, records=(), complete=True, covers_from=NOW - timedelta(hours=1),
                                  origin="typed_terminal"),
                 TerminalEvidence(readable=True, records=(), complete=True, covers_to=NOW + timedelta(hours=1),
                                  origin="typed_terminal"),
                 TerminalEvidence(readable=True, records=(), complete=False, covers_from=NOW - timedelta(hours=1),
                                  covers_to=NOW + timedelta(hours=1), origin="typed_terminal")]
    no_debit = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", debit=False)
    for ev in one_sided:
        r = reconcile(no_debit, ev)
        assert (r.verdict, r.reasons[0].code) == ("unknown", "listing_incomplete")


def test_a_verdict_on_a_typed_qr_order_is_said_of_what_staff_typed():
    r = Reconciliation("unknown", (), (), (), origin="typed_qr_app", origin_label=TYPED_LABEL)
    assert r.summary().en == ("The transactions staff typed from the POS机 cannot settle whether the customer was "
                              "charged - do not charge again until it is. Source: typed by staff from the POS机's "
                              "交易明细, 1 transaction.")


# --- two payments of the amount from typed lists and statements: named by what each shows (wave 9) -----------------

def typed_rec(voucher: int, minutes: float, pan: str | None = "****1234", **kw) -> TerminalRecord:
    return TerminalRecord(result="approved", amount=Decimal("99.00"), currency="EUR", source="typed",
                          time=NOW + timedelta(minutes=minutes), receipt_number=voucher, pan_masked=pan, **kw)


def statement_rec(order: str, minutes: float, pan: str | None = None) -> TerminalRecord:
    return TerminalRecord(result="approved", amount=Decimal("99.00"), currency="EUR", source="statement",
                          time=NOW + timedelta(minutes=minutes), order_number=order, pan_masked=pan)


def statement(*records) -> TerminalEvidence:
    return TerminalEvidence(readable=True, records=tuple(records), complete=True, covers_from=PERIOD,
                            read_at=NOW + timedelta(minutes=40), clock_offset_s=0.0, origin="statement")


TYPED_PAIR = ("2026-11-24 14:04, voucher no. 000041, typed by staff; "
              "2026-11-24 14:05, voucher no. 000042, typed by staff",
              "2026-11-24 14:04，凭证号 000041，店员抄录；2026-11-24 14:05，凭证号 000042，店员抄录")


def test_two_typed_payments_of_the_card_are_a_double_charge_named_by_their_vouchers():
    card = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", card_last4="1234")
    r = reconcile(card, typed_list(typed_rec(41, -1), typed_rec(42, 0)))
    assert (r.verdict, r.double_charge, [m.receipt_number for m in r.matched]) == ("mismatch", True, [41, 42])
    assert said(r)[0] == (
        "double_charge",
        f"2 approved payments of 99.00 EUR at the customer's time ({TYPED_PAIR[0]}), each with the customer's card "
        "ending 1234: the customer was charged more than once.",
        f"客人所说的时间有 2 笔 99.00 欧元的成功付款（{TYPED_PAIR[1]}），都是客人尾号 1234 的卡：客人被重复扣款。")
    assert r.reasons[0].text.de == (
        "2 genehmigte Zahlungen über 99,00 EUR zur Zeit des Kunden (2026-11-24 14:04, Beleg-Nr. 000041, vom Personal "
        "abgetippt; 2026-11-24 14:05, Beleg-Nr. 000042, vom Personal abgetippt), jede mit der Karte des Kunden mit "
        "Endziffern 1234: Der Kunde wurde mehrfach belastet.")


def test_two_typed_payments_without_the_customers_card_are_a_possible_double_charge_named_by_their_vouchers():
    r = reconcile(CUSTOMER, typed_list(typed_rec(41, -1), typed_rec(42, 0)))
    assert (r.verdict, r.double_charge, len(r.matched)) == ("unknown", False, 2)
    assert said(r)[0] == (
        "possible_double_charge",
        f"2 approved payments of 99.00 EUR at the customer's time ({TYPED_PAIR[0]}), but the customer's card's last "
        "four digits were not given, so it cannot be told whose they are: this is not established as a double "
        "charge. Do not refund or void anything; ask the customer for the last four digits on the debit message, or "
        "call the provider.",
        f"客人所说的时间有 2 笔 99.00 欧元的成功付款（{TYPED_PAIR[1]}），"
        "但没有客人卡号的后四位，无法判断是谁的：不能认定为"
        "重复扣款。不要退款或撤销任何一笔；请问客人扣款信息上的卡号后四位，或联系支付服务商。")


@pytest.mark.parametrize("last4,why_en,why_zh", [
    (None, "the customer's card's last four digits were not given", "没有客人卡号的后四位"),
    ("1234", "the statement does not show the card of every one", "对账单没有显示每一笔的卡号")])
def test_two_payments_on_a_statement_are_named_by_their_order_numbers(last4, why_en, why_zh):
    c = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", card_last4=last4)
    r = reconcile(c, statement(statement_rec("4200001", -1), statement_rec("4200002", 0, pan="****1234")))
    assert (r.verdict, r.double_charge, [m.order_number for m in r.matched]) == ("unknown", False,
                                                                                  ["4200001", "4200002"])
    assert said(r)[0] == (
        "possible_double_charge",
        "2 approved payments of 99.00 EUR at the customer's time (2026-11-24 14:04:00, order 4200001; 2026-11-24 "
        f"14:05:00, order 4200002), but {why_en}, so it cannot be told whose they are: this is not established as a "
        "double charge. Do not refund or void anything; ask the customer for the last four digits on the debit "
        "message, or call the provider.",
        "客人所说的时间有 2 笔 99.00 欧元的成功付款（2026-11-24 14:04:00，订单号 4200001；2026-11-24 14:05:00，订单号 "
        f"4200002），但{why_zh}，无法判断是谁的：不能认定为重复扣款。不要退款或撤销任何一笔；请问客人扣款信息上的卡号后四位，或联系"
        "支付服务商。")


def test_a_confirmed_typed_list_whose_only_payment_was_reversed_settles_nothing_and_says_it_of_the_typed_list():
    r = reconcile(CUSTOMER, typed_list(typed_rec(41, 0, pan=None, trace_number=7),
                                       typed_rec(42, 1, pan=None, trace_number=7, kind="reversal")))
    assert (r.verdict, [x.code for x in r.reasons]) == (
        "unknown", ["nothing_conclusive", "clock_offset_unknown", "reversed", "identity_compared"])
    assert said(r)[0] == ("nothing_conclusive", "The transactions typed from the POS机 show nothing that settles "
                          "99.00 EUR.", "从POS机抄录的交易中没有能确认 99.00 欧元的交易。")
    assert r.reasons[0].text.de == "Die vom Terminal abgetippten Buchungen zeigen nichts, was 99,00 EUR klärt."


@pytest.mark.parametrize("verdict,double,words", [
    ("charged", False, ("charged", "已扣款", "belastet")),
    ("mismatch", True, ("charged twice", "重复扣款", "doppelt belastet")),
    ("not_charged", True, ("charged twice", "重复扣款", "doppelt belastet")),
    ("not_charged", False, ("not charged", "未扣款", "nicht belastet")),
    ("unknown", False, ("cannot be settled", "无法确认", "nicht zu klären")),
    ("mismatch", False, ("records and customer disagree", "记录与客人不符", "Buchungen und Kunde widersprechen sich")),
    ("debit_without_attempt", False, ("debit without a sale at this terminal", "POS机没有交易却被扣款",
                                      "Belastung ohne Buchung an diesem Terminal"))])
def test_a_verdicts_short_label(verdict, double, words):
    from pos_doctor.payments.verdicts import label

    text = label(verdict, double)
    assert text is not None and (text.en, text.zh, text.de) == words


def test_a_verdict_without_a_label_has_none():
    from pos_doctor.payments.verdicts import label

    assert (label(None), label("none"), label("None")) == (None, None, None)


def test_a_complete_listing_whose_only_payment_of_the_amount_was_reversed_settles_nothing():
    paid = rec(trace=7, source="journal")
    reversal = rec(minutes=1, trace=7, source="journal", kind="reversal")
    r = reconcile(CUSTOMER, journal(paid, reversal))
    assert (r.verdict, r.matched, r.finding) == ("unknown", (), None)
    assert said(r) == [
        ("nothing_conclusive", "The terminal's records show nothing that settles 99.00 EUR.",
         "POS机记录中没有能确认 99.00 欧元的交易。"),
        ("reversed", "The approved payment with trace 7 was reversed (cancelled).",
         "流水号 7 的成功付款已被冲正（取消）。"),
        ("identity_compared", "Compared with the customer's evidence: currency.", "已与客人的信息核对：币种。")]


def test_an_estimate_of_a_minute_and_a_half_is_said_as_two_minutes():
    about = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", time_uncertainty_s=90)
    x = reason(reconcile(about, journal(rec(trace=3))), "time_estimate")
    assert x.text.en == ("The customer's time is an estimate (give or take 2 min): the terminal's records from "
                         "13:58 to 14:11 were compared.")


def test_a_qr_payment_is_looked_for_on_the_providers_statement():
    qr = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", method="qr")
    r = reconcile(qr, statement(statement_rec("4200001", 0)))
    assert (r.verdict, r.origin, [m.order_number for m in r.matched]) == ("charged", "statement", ["4200001"])
    assert r.summary().en == ("The provider's statement lists this payment as approved - do not take the payment "
                              "again. One approved payment of 99.00 EUR at the customer's time (2026-11-24 14:05:00, "
                              "order 4200001).")


def test_a_qr_order_typed_from_the_merchant_app_is_decided_by_its_order_number():
    qr = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="CNY", method="qr", order_number="4200001")
    order = TerminalRecord(result="approved", amount=Decimal("99.00"), currency="CNY", source="qr_app", time=NOW,
                           order_number="4200001", order_state="success")
    app = TerminalEvidence(readable=True, complete=True, origin="typed_qr_app", read_at=NOW + timedelta(minutes=10),
                           records=(order,))
    r = reconcile(qr, app)
    assert (r.verdict, r.origin, [x.code for x in r.reasons]) == ("charged", "typed_qr_app", ["qr_paid", "qr_source"])
    assert r.summary().en == (
        "The customer's QR payment reached this shop - do not take the payment again. Typed by staff from the QR "
        "merchant app: order 4200001, payment successful, 99.00 CNY - the same order as on the customer's phone (its "
        "number ends with the customer's digits) and the same amount.")


STATEMENT_LABEL = Text("the bank's statement of 24 Nov", "11月24日的银行对账单")
CHARGED_HEAD = ("The customer WAS charged by this terminal - do not take the payment again.",
                "这笔钱已经从客人卡上扣了——不要再收一次。")


def test_a_verdict_names_its_source_only_for_a_statement_or_typed_records_that_have_one():
    link = Reconciliation("charged", (), (), (), origin="link", origin_label=STATEMENT_LABEL)
    assert (link.summary().en, link.summary().zh) == CHARGED_HEAD  # read from the terminal: no "Source"
    st = Reconciliation("charged", (), (), (), origin="statement", origin_label=STATEMENT_LABEL)
    assert (st.summary().en, st.summary().zh) == (CHARGED_HEAD[0] + " Source: the bank's statement of 24 Nov.",
                                                  CHARGED_HEAD[1] + "来源：11月24日的银行对账单。")
    unlabelled = Reconciliation("charged", (), (), (), origin="statement")
    assert unlabelled.summary().en == CHARGED_HEAD[0]
    typed = Reconciliation("charged", (), (), (), origin="typed_terminal")
    assert typed.summary().en == ("The customer WAS charged: the transactions staff typed from the POS机 show it - do "
                                  "not take the payment again.")


# --- what the records cover, to the second (classify.coverage and typed_coverage) -----------------------------------

def covered_by(ev: TerminalEvidence, at: datetime = NOW) -> tuple[str, str]:
    r = reconcile(CustomerEvidence(amount=Decimal("99.00"), time=at, currency="EUR", debit=False), ev)
    return r.verdict, r.reasons[0].code


COVERED, OUTSIDE = ("not_charged", "nothing_in_window"), ("unknown", "outside_coverage")


def empty_listing(begin: datetime, read: datetime, offset: float | None = 0.0) -> TerminalEvidence:
    return TerminalEvidence(readable=True, records=(), complete=True, covers_from=begin, read_at=read,
                            clock_offset_s=offset)


def test_a_listing_covers_a_window_that_starts_exactly_when_its_period_began_and_not_one_second_earlier():
    start = NOW - timedelta(minutes=5)  # the customer's time less the tolerance
    assert covered_by(empty_listing(start, NOW + timedelta(minutes=10))) == COVERED
    assert covered_by(empty_listing(start + timedelta(seconds=1), NOW + timedelta(minutes=10))) == OUTSIDE
    assert covered_by(empty_listing(start + timedelta(seconds=1), NOW + timedelta(minutes=10), None)) == OUTSIDE


def test_a_listing_read_exactly_when_the_window_starts_covers_it_and_one_read_a_second_earlier_does_not():
    start = NOW - timedelta(minutes=5)
    assert covered_by(empty_listing(NOW - timedelta(hours=1), start)) == COVERED
    assert covered_by(empty_listing(NOW - timedelta(hours=1), start - timedelta(seconds=1))) == OUTSIDE


def typed_empty(begin: datetime, end: datetime, read: datetime = datetime(2026, 11, 24, 15, 0)) -> TerminalEvidence:
    return TerminalEvidence(readable=True, records=(), complete=True, covers_from=begin, covers_to=end, read_at=read,
                            origin="typed_terminal")


def test_a_typed_list_to_a_whole_minute_covers_that_minute_and_not_a_second_more():
    to_1430 = typed_empty(datetime(2026, 11, 24, 13, 0), datetime(2026, 11, 24, 14, 30))
    assert covered_by(to_1430, datetime(2026, 11, 24, 14, 25, 59)) == COVERED  # the window ends 14:30:59
    assert covered_by(to_1430, datetime(2026, 11, 24, 14, 26)) == OUTSIDE  # ... 14:31:00


def test_a_typed_list_to_a_time_with_seconds_covers_up_to_that_second():
    to_143010 = typed_empty(datetime(2026, 11, 24, 13, 0), datetime(2026, 11, 24, 14, 30, 10))
    assert covered_by(to_143010, datetime(2026, 11, 24, 14, 25, 10)) == COVERED
    assert covered_by(to_143010, datetime(2026, 11, 24, 14, 25, 11)) == OUTSIDE


def test_a_typed_list_covers_a_window_that_starts_exactly_at_its_first_time():
    assert covered_by(typed_empty(datetime(2026, 11, 24, 14, 0), datetime(2026, 11, 24, 14, 30))) == COVERED
    assert covered_by(typed_empty(datetime(2026, 11, 24, 14, 0, 1), datetime(2026, 11, 24, 14, 30))) == OUTSIDE


def test_a_typed_list_is_not_asked_for_what_happened_after_staff_typed_it():
    # typed at 14:06:30, every transaction to 14:06 confirmed: the window's end (14:10) is after the typing
    ev = typed_empty(datetime(2026, 11, 24, 13, 0), datetime(2026, 11, 24, 14, 6), datetime(2026, 11, 24, 14, 6, 30))
    assert covered_by(ev) == COVERED
    later = typed_empty(datetime(2026, 11, 24, 13, 0), datetime(2026, 11, 24, 14, 6), datetime(2026, 11, 24, 14, 7))
    assert covered_by(later) == OUTSIDE  # typed at 14:07: 14:07:00 is after 14:06:59


def test_a_qr_order_is_decided_with_the_tolerance_reconcile_was_given():
    qr = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="CNY", method="qr", order_number="4200001")
    order = TerminalRecord(result="approved", amount=Decimal("99.00"), currency="CNY", source="qr_app",
                           time=NOW + timedelta(minutes=10), order_number="4200001", order_state="success")
    app = TerminalEvidence(readable=True, complete=True, origin="typed_qr_app", read_at=NOW + timedelta(minutes=20),
                           records=(order,))
    assert reconcile(qr, app).reasons[0].code == "qr_time_differs"  # ten minutes off: more than the default five
    r = reconcile(qr, app, tolerance=timedelta(minutes=15))
    assert (r.verdict, r.reasons[0].code) == ("charged", "qr_paid")


def test_an_estimate_of_a_minute_is_said_as_one_minute():
    about = CustomerEvidence(amount=Decimal("99.00"), time=NOW, currency="EUR", time_uncertainty_s=60)
    x = reason(reconcile(about, journal(rec(trace=3))), "time_estimate")
    assert x.text.zh == "客人说的时间是估计的（前后约 1 分钟）：比对了POS机 13:59 到 14:11 之间的记录。"
