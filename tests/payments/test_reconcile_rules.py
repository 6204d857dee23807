"""Issue 22: who paid, the debit without an attempt, order independence, contradictions. The decision table of
payments/reconcile.py tested exhaustively over archetypal records, and properties over generated journals."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_doctor.payments import CustomerEvidence, TerminalEvidence, TerminalRecord, reconcile

NOW = datetime(2026, 11, 24, 14, 5)
PERIOD = datetime(2026, 11, 24, 6, 0)
MINE, OTHER = "476173******1234", "476173******0119"
TOL = timedelta(minutes=5)


def rec(result="approved", amount="99.00", minutes=0, trace=1, pan=None, **kw) -> TerminalRecord:
    return TerminalRecord(result=result, result_code=0 if result == "approved" else 0x05,
                          amount=None if amount is None else Decimal(amount),
                          time=None if minutes is None else NOW + timedelta(minutes=minutes), trace_number=trace,
                          pan_masked=pan, **kw)


def journal(*records, complete=True) -> TerminalEvidence:
    return TerminalEvidence(readable=True, records=tuple(records), complete=complete, covers_from=PERIOD,
                            read_at=NOW + timedelta(minutes=10), clock_offset_s=0.0)


def customer(last4=None, debit=None, **kw) -> CustomerEvidence:
    return CustomerEvidence(amount=Decimal("99.00"), time=NOW, card_last4=last4, debit=debit, **kw)


# --- the decision table, exhaustively -------------------------------------------------------------------------
# Archetypes, each with its own trace number: approved of the amount in the window with the customer's card (A),
# another card (B), no card shown (G); the customer's card's approval an hour earlier (C); a decline of the amount
# in the window (D); an approval (E) and a decline (F) of another amount in the window; the customer's card's approval
# 15 minutes earlier (H) and a decline 12 minutes later (I): outside the tolerance, inside it plus the uncertainty of
# a customer who says "around 14:05" (15 minutes either way).
POOL = {"A": rec(trace=1, pan=MINE, minutes=1), "B": rec(trace=2, pan=OTHER, minutes=-2),
        "G": rec(trace=3, minutes=2), "C": rec(trace=4, pan=MINE, minutes=-60),
        "D": rec("declined", trace=5, pan=MINE, minutes=-1), "E": rec(amount="49.99", trace=6, pan=MINE, minutes=3),
        "F": rec("declined", amount="49.99", trace=7, pan=MINE, minutes=-3),
        "H": rec(trace=8, pan=MINE, minutes=-15), "I": rec("declined", trace=9, pan=MINE, minutes=12)}
AROUND = 15 * 60


def expected(present: set[str], last4: str | None, debit: bool | None, complete: bool,
             uncertain: bool = False) -> tuple[str, bool, str | None]:
    """The table, written again from the archetypes: (verdict, double charge, finding)."""
    def mine(k):
        return last4 is None or POOL[k].last4 in (None, last4)

    candidates = [k for k in "ABG" + ("H" if uncertain else "") if k in present and mine(k)]
    if len(candidates) >= 2:
        if last4 and all(POOL[k].last4 == last4 for k in candidates):
            return "mismatch", True, None
        return "unknown", False, None
    if len(candidates) == 1:
        return "charged", False, None
    if "C" in present or "H" in present:  # an approval outside the window (H inside only with the uncertainty)
        return "mismatch", False, None
    declined = "D" in present or (uncertain and "I" in present)
    if complete and declined:
        return "not_charged", False, None
    if "B" in present:  # not mine (else a candidate): another card's payment of the amount
        return "mismatch", False, None
    if "E" in present:
        return "mismatch", False, None
    if complete and not declined:
        return ("not_charged", False, None) if debit is False else ("unknown", False, "debit_without_attempt")
    return "unknown", False, None


SUBSETS = [set(k for k, on in zip(POOL, bits) if on) for bits in product((0, 1), repeat=len(POOL))]


@pytest.mark.parametrize("last4,debit,complete,uncertain",
                         list(product([None, "1234"], [None, True, False], [True, False], [False, True])))
def test_the_decision_table_exhaustively(last4, debit, complete, uncertain):
    c = customer(last4, debit, time_uncertainty_s=AROUND if uncertain else 0)
    for present in SUBSETS:
        records = [POOL[k] for k in POOL if k in present]
        for order in (records, records[::-1]):
            r = reconcile(c, journal(*order, complete=complete))
            assert (r.verdict, r.double_charge, r.finding) == expected(present, last4, debit, complete, uncertain), \
                (sorted(present), [x.code for x in r.reasons])
            assert any(x.code == "time_estimate" for x in r.reasons) == uncertain


# --- the cases, one by one ----------------------------------------------------------------------------

def test_case_1_two_cards_same_amount_are_never_a_double_charge_and_another_card_is_never_this_customers():
    two = journal(rec(trace=41, pan=OTHER, minutes=-3), rec(trace=42, pan=MINE, minutes=-1))
    r = reconcile(customer(), two)
    assert r.verdict == "unknown" and not r.double_charge
    assert "卡号后四位" in r.reasons[0].text.zh and "last four digits" in r.reasons[0].text.en
    r = reconcile(customer("1234"), two)
    assert r.verdict == "charged" and [m.trace_number for m in r.matched] == [42] and r.compared == ("card_last4",)
    assert any(x.code == "identity_compared" and "卡号后四位" in x.text.zh for x in r.reasons)
    r = reconcile(customer("1234"), journal(rec(trace=41, pan=OTHER)))
    assert r.verdict == "mismatch" and r.reasons[0].code == "card_differs" and not r.matched


def test_case_2_a_debit_with_no_attempt_on_a_complete_listing_is_the_providers():
    r = reconcile(customer(), journal(rec(amount="35.00", trace=40, minutes=-60)))
    assert r.verdict == "unknown" and r.finding == "debit_without_attempt"
    assert r.to_json()["finding"] == "debit_without_attempt"
    assert "冲正" not in r.reasons[0].text.zh and "重新收款" in r.reasons[0].text.zh  # "不要重新收款"
    assert "Do not take the payment again" in r.reasons[0].text.en


def test_case_3_a_decline_in_the_window_never_hides_an_approval_just_outside_it():
    about_ten_minutes_ago = replace(customer(), time=NOW - timedelta(minutes=10))
    records = (rec("declined", trace=41, minutes=-8), rec(trace=42, minutes=-1))
    for order in (records, records[::-1]):
        r = reconcile(about_ten_minutes_ago, journal(*order))
        assert r.verdict == "mismatch" and r.reasons[0].code == "amount_outside_window"
        assert 42 in [x.trace_number for x in r.considered]  # the approval is listed among the records compared


def test_case_4_sources_that_disagree_are_unknown_and_both_are_listed():
    status = rec(trace=42, minutes=-1, source="status")
    listing = rec("declined", trace=42, minutes=-1, source="journal")
    r = reconcile(customer(), journal(listing, status))
    assert r.verdict == "unknown" and r.reasons[0].code == "sources_disagree"
    assert {x.source for x in r.considered} == {"status", "journal"}
    assert len(r.to_json()["contradictions"]) == 1
    # the same source twice, or a transaction far from the customer's, is no reason to doubt this one
    far = journal(rec(trace=7, amount="5.00", minutes=-300, source="status"),
                  rec("declined", trace=7, amount="5.00", minutes=-300, source="journal"), rec(trace=8))
    assert reconcile(customer(), far).verdict == "charged"


def test_voucher_and_authorisation_code_are_compared_and_a_differing_one_excludes_the_record():
    r = reconcile(customer(voucher="000042"), journal(rec(trace=42, receipt_number=17)))
    assert r.verdict == "charged" and r.compared == ("voucher",)
    r = reconcile(customer(voucher="17"), journal(rec(trace=42, receipt_number=17)))
    assert r.verdict == "charged"
    r = reconcile(customer(voucher="99"), journal(rec(trace=42, receipt_number=17)))
    assert r.verdict == "mismatch" and "凭证号" in r.reasons[0].text.zh
    r = reconcile(customer(auth_code="a1b2c3"), journal(rec(trace=42, auth_code="A1B2C3")))
    assert r.verdict == "charged" and r.compared == ("auth_code",)
    r = reconcile(customer(auth_code="ZZZZ"), journal(rec(trace=42, auth_code="A1B2C3")))
    assert r.verdict != "charged"


@pytest.mark.parametrize("text,last4", [("1234", "1234"), ("**** 1234", "1234"), ("尾号1234", "1234"),
                                        ("ending 1234", "1234"), ("１２３４", "1234"), ("", None), ("12345", None),
                                        ("4111111111111111", None), ("none", None), ("无卡号", None)])
def test_the_customers_last_four_digits_as_typed(text, last4):
    assert CustomerEvidence.from_values({"customer_card_last4": text}).card_last4 == last4


def test_from_values_reads_the_new_fields_and_json_keeps_them():
    c = CustomerEvidence.from_values({"customer_amount": "99", "customer_time": "2026-11-24 14:05",
                                      "customer_merchant": "  Cafe   Muster ", "customer_voucher": "000042",
                                      "customer_auth_code": "a1b2", "customer_debit": "no"})
    assert (c.merchant, c.voucher, c.auth_code, c.debit) == ("Cafe Muster", "000042", "A1B2", False)
    assert CustomerEvidence.from_json(c.to_json()) == c
    assert CustomerEvidence.from_values({"customer_debit": "yes"}).debit is True
    assert CustomerEvidence.from_values({"customer_debit": "unsure"}).debit is None


# --- properties over generated journals -----------------------------------------------------------------------

AMOUNTS = st.sampled_from(["99.00", "49.99", None])


@st.composite
def records(draw, pans=(None, MINE, OTHER)):
    minutes = draw(st.one_of(st.none(), st.integers(-120, 120)))
    return TerminalRecord(
        result=draw(st.sampled_from(["approved", "declined", "aborted", "reversed", "unknown"])),
        result_code=draw(st.one_of(st.none(), st.integers(0, 255))),
        amount=None if (a := draw(AMOUNTS)) is None else Decimal(a),
        currency=draw(st.sampled_from([None, "EUR", "CNY"])),
        time=None if minutes is None else NOW + timedelta(minutes=minutes, seconds=draw(st.integers(0, 59))),
        trace_number=draw(st.one_of(st.none(), st.integers(1, 5))),
        receipt_number=draw(st.one_of(st.none(), st.integers(1, 3))),
        pan_masked=draw(st.sampled_from(pans)), kind=draw(st.sampled_from(["payment", "payment", "reversal"])),
        source=draw(st.sampled_from(["status", "receipt", "journal"])))


@st.composite
def evidence(draw, pans=(None, MINE, OTHER)):
    return TerminalEvidence(
        readable=True, records=tuple(draw(st.lists(records(pans), max_size=7))), complete=draw(st.booleans()),
        covers_from=draw(st.sampled_from([None, PERIOD])), read_at=draw(st.sampled_from([None, NOW + TOL * 4])),
        clock_offset_s=draw(st.sampled_from([None, 0.0, 90.0])))


customers = st.builds(
    CustomerEvidence, amount=st.sampled_from([Decimal("99.00"), Decimal("49.99")]),
    time=st.sampled_from([NOW, NOW - timedelta(minutes=10)]), card_last4=st.sampled_from([None, "1234", "0119"]),
    currency=st.sampled_from([None, "EUR"]), voucher=st.sampled_from([None, "2", "3"]),
    debit=st.sampled_from([None, True, False]), time_uncertainty_s=st.sampled_from([0, 0, 300, 900, 1800]))


def _reach(c) -> timedelta:
    """How far from the customer's time a record may be theirs: the clock tolerance plus the customer's uncertainty."""
    return TOL + timedelta(seconds=c.time_uncertainty_s)


def _outcome(r):
    return (r.verdict, r.double_charge, r.finding, [x.text.to_json() for x in r.reasons], sorted(map(repr, r.matched)),
            sorted(map(repr, r.considered)), r.compared)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(customers, evidence(), st.randoms(use_true_random=False))
def test_property_permuting_the_records_never_changes_the_verdict(c, t, rnd):
    shuffled = list(t.records)
    rnd.shuffle(shuffled)
    assert _outcome(reconcile(c, t)) == _outcome(reconcile(c, replace(t, records=tuple(shuffled))))


def _pc(t, r):
    return r.time - timedelta(seconds=t.clock_offset_s or 0)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(customers, evidence(), st.floats(-0.98, 0.98), st.sampled_from([None, "card"]))
def test_property_an_approval_within_tolerance_is_never_outweighed_by_a_decline(c, t, where, card):
    """An approved payment of the customer's amount within the tolerance plus the customer's uncertainty, with the
    customer's card or none shown, next to a decline of the same amount: never `not_charged`, whatever else the
    journal holds. (A voucher or authorisation code the customer shows that differs from the approval's makes it
    another customer's: not given.)"""
    c = replace(c, voucher=None, auth_code=None)
    seconds = int(where * _reach(c).total_seconds())
    pan = None if card is None or c.card_last4 is None else "476173******" + c.card_last4
    offset = timedelta(seconds=t.clock_offset_s or 0)
    approved = TerminalRecord("approved", 0, c.amount, c.currency, c.time + offset + timedelta(seconds=seconds),
                              trace_number=90, pan_masked=pan, source="journal")
    declined = TerminalRecord("declined", 5, c.amount, c.currency, c.time + offset, trace_number=91, source="journal")
    others = tuple(r for r in t.records if r.trace_number not in (90, 91))
    for records in ((approved, declined, *others), (declined, *others, approved)):
        assert reconcile(c, replace(t, records=records)).verdict != "not_charged"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(customers.filter(lambda c: c.card_last4 == "1234"), evidence(pans=(OTHER,)))
def test_property_another_cards_records_never_make_charged_or_a_double_charge(c, t):
    r = reconcile(c, t)
    assert r.verdict != "charged" and not r.double_charge and r.matched == ()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(customers, evidence())
def test_property_matched_records_are_never_of_another_card(c, t):
    r = reconcile(c, t)
    assert all(not (c.card_last4 and m.last4 and m.last4 != c.card_last4) for m in r.matched)
    if r.double_charge:
        assert c.card_last4 and len(r.matched) >= 2 and all(m.last4 == c.card_last4 for m in r.matched)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(customers.filter(lambda c: c.debit is not False), evidence())
def test_property_a_debit_with_no_attempt_on_a_complete_listing_is_never_not_charged(c, t):
    """Not charged with a debit shown needs a declined or aborted attempt of the amount in the window."""
    t = replace(t, complete=True, covers_from=PERIOD)
    r = reconcile(c, t)
    if r.verdict == "not_charged":
        assert any(x.kind == "payment" and x.result in ("declined", "aborted") and x.amount == c.amount
                   and x.time is not None and abs(_pc(t, x) - c.time) <= _reach(c) for x in t.records)
    no_attempt = tuple(x for x in t.records
                       if x.time is None or abs(_pc(t, x) - c.time) > _reach(c) or x.amount not in (None, c.amount))
    assert reconcile(c, replace(t, records=no_attempt)).verdict != "not_charged"


def test_a_status_that_says_aborted_and_a_listing_that_prints_declined_agree():
    status = rec("aborted", trace=42, minutes=-1, source="status")
    listing = rec("declined", trace=42, minutes=-1, source="journal")
    r = reconcile(customer(debit=True), journal(listing, status))
    assert r.verdict == "not_charged" and not r.contradictions


def test_aware_and_naive_times_sort_together():
    from datetime import timezone

    aware = replace(rec(trace=2, minutes=1), time=(NOW + timedelta(minutes=1)).astimezone(timezone.utc))
    assert reconcile(customer(), journal(rec("declined", trace=1), aware)).verdict == "charged"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(customers.filter(lambda c: c.time_uncertainty_s == 0), evidence(), st.integers(60, 3600))
def test_property_an_estimate_never_hides_an_approval_the_exact_time_would_find(c, t, extra):
    """Widening the window by the customer's uncertainty never turns a `charged` or a double charge into
    `not_charged`: an approval found at the exact time is still there in the wider window."""
    exact = reconcile(c, t)
    wide = reconcile(replace(c, time_uncertainty_s=extra), t)
    if exact.verdict == "charged" or exact.double_charge:
        assert wide.verdict != "not_charged"


def test_case_3_with_the_customers_own_words_the_approval_is_found():
    """"About ten minutes ago" (10 minutes give or take 5, plus the tolerance): the approval a minute ago is in the
    window and outweighs the decline 8 minutes ago - charged, never `not_charged`."""
    from pos_doctor.payments.customer_input import parse_customer_when

    for said in ("about ten minutes ago", "大约十分钟前", "10 minutes ago", "十分钟前"):
        when = parse_customer_when(said, now=NOW + timedelta(minutes=10))
        c = replace(customer(), time=when.time, time_uncertainty_s=when.uncertainty_s)
        records = (rec("declined", trace=41, minutes=2), rec(trace=42, minutes=9))
        for order in (records, records[::-1]):
            r = reconcile(c, journal(*order))
            assert r.verdict == "charged" and [m.trace_number for m in r.matched] == [42], said
            estimate = next(x for x in r.reasons if x.code == "time_estimate")
            assert "give or take 5 min)" in estimate.text.en and "前后约 5 分钟" in estimate.text.zh
