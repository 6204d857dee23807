"""Who paid (payments/identity.py): each identifying field compared only where both sides have it, exactly; records
of one transaction from two sources that disagree. Example tests with exact expectations (the mutation run of
identity.py takes these)."""

from datetime import datetime
from decimal import Decimal

import pytest

from pos_doctor.payments.identity import compare, contradictions, disagree, fields_text, identity
from pos_doctor.payments.model import CustomerEvidence, TerminalRecord

T = datetime(2026, 11, 24, 14, 5, 10)


def rec(**kw) -> TerminalRecord:
    base = dict(result="approved", amount=Decimal("12.50"), currency="EUR", time=T)
    return TerminalRecord(**{**base, **kw})


def cust(**kw) -> CustomerEvidence:
    return CustomerEvidence(**{"amount": Decimal("12.50"), "time": T, **kw})


# --- compare: which fields, and equal or not ------------------------------------------------------------------

def test_nothing_on_either_side_compares_nothing():
    assert compare(cust(), rec()) == {}
    assert identity(cust(), rec()) == "compatible"


@pytest.mark.parametrize("pan, last4, equal", [
    ("****1234", "1234", True), ("4761 73** **** 1234", "1234", True), ("****1234", "4321", False),
    ("****0019", "0019", True),  # leading zeros of the last four are digits, not padding
])
def test_card_last_four_compared_with_the_records_masked_card(pan, last4, equal):
    assert compare(cust(card_last4=last4), rec(pan_masked=pan)) == {"card_last4": equal}
    assert identity(cust(card_last4=last4), rec(pan_masked=pan)) == ("match" if equal else "differs")


def test_card_last_four_not_compared_when_one_side_lacks_it():
    assert compare(cust(card_last4="1234"), rec()) == {}
    assert compare(cust(card_last4="1234"), rec(pan_masked="****")) == {}  # a card number with no digits shown
    assert compare(cust(), rec(pan_masked="****1234")) == {}
    assert identity(cust(card_last4="1234"), rec()) == "compatible"


@pytest.mark.parametrize("voucher, equal", [("42", True), ("000042", True), ("0042", True), ("43", False),
                                            ("7", True), ("0007", True), ("8", False)])
def test_a_short_voucher_is_the_trace_or_the_receipt_number(voucher, equal):
    r = rec(trace_number=42, receipt_number=7)
    assert compare(cust(voucher=voucher), r) == {"voucher": equal}


def test_a_six_digit_voucher_is_still_a_trace_number_and_a_seven_digit_one_a_reference():
    assert compare(cust(voucher="123456"), rec(trace_number=123456)) == {"voucher": True}
    assert compare(cust(voucher="123456"), rec(trace_number=123457)) == {"voucher": False}
    # seven digits: the acquirer's reference, not compared with the trace number at all
    assert compare(cust(voucher="1234567"), rec(trace_number=1234567)) == {}
    assert compare(cust(voucher="1234567"), rec(trace_number=1, reference="1234567")) == {"voucher": True}
    assert compare(cust(voucher="1234567"), rec(trace_number=1, reference="7654321")) == {"voucher": False}


def test_a_short_voucher_may_also_be_the_reference():
    r = rec(trace_number=42, reference="000099")
    assert compare(cust(voucher="99"), r) == {"voucher": True}
    assert compare(cust(voucher="42"), r) == {"voucher": True}
    assert compare(cust(voucher="41"), r) == {"voucher": False}


def test_a_voucher_with_letters_is_compared_with_the_reference_only():
    r = rec(trace_number=42, reference="AB-12 34")
    assert compare(cust(voucher="ab1234"), r) == {"voucher": True}
    assert compare(cust(voucher="AB1235"), r) == {"voucher": False}
    assert compare(cust(voucher="AB1234"), rec(trace_number=42)) == {}  # no reference: not compared


def test_a_short_voucher_without_trace_or_receipt_number_is_compared_with_the_reference():
    assert compare(cust(voucher="99"), rec(reference="99")) == {"voucher": True}
    assert compare(cust(voucher="99"), rec(reference="98")) == {"voucher": False}
    assert compare(cust(voucher="99"), rec()) == {}


def test_a_receipt_number_of_zero_is_a_number():
    assert compare(cust(voucher="5"), rec(receipt_number=0, trace_number=5)) == {"voucher": True}
    assert compare(cust(voucher="6"), rec(receipt_number=0)) == {"voucher": False}


def test_authorisation_code_compared_ignoring_case_spaces_dashes_and_leading_zeros():
    assert compare(cust(auth_code="0a12-3 4"), rec(auth_code="A1234")) == {"auth_code": True}
    assert compare(cust(auth_code="A1234"), rec(auth_code="A1235")) == {"auth_code": False}
    assert compare(cust(auth_code="A1234"), rec()) == {}
    assert compare(cust(), rec(auth_code="A1234")) == {}


def test_currency_compared_ignoring_case_and_says_only_how_not_who():
    assert compare(cust(currency="eur"), rec(currency="EUR")) == {"currency": True}
    assert compare(cust(currency="CNY"), rec(currency="eur")) == {"currency": False}
    assert compare(cust(currency="CNY"), rec(currency=None)) == {}
    assert identity(cust(currency="EUR"), rec()) == "compatible"  # the currency alone does not say who paid
    assert identity(cust(currency="CNY"), rec()) == "differs"


def test_every_field_at_once():
    r = rec(pan_masked="****1234", trace_number=42, auth_code="X9", currency="EUR")
    c = cust(card_last4="1234", voucher="42", auth_code="x9", currency="EUR")
    assert compare(c, r) == {"card_last4": True, "voucher": True, "auth_code": True, "currency": True}
    assert identity(c, r) == "match"


@pytest.mark.parametrize("field, value", [("card_last4", "9999"), ("voucher", "43"), ("auth_code", "X8"),
                                          ("currency", "CNY")])
def test_one_differing_field_outweighs_every_match(field, value):
    r = rec(pan_masked="****1234", trace_number=42, auth_code="X9", currency="EUR")
    c = cust(**{"card_last4": "1234", "voucher": "42", "auth_code": "X9", "currency": "EUR", field: value})
    assert compare(c, r)[field] is False
    assert identity(c, r) == "differs"


@pytest.mark.parametrize("kw, r", [({"card_last4": "1234"}, {"pan_masked": "****1234"}),
                                   ({"voucher": "42"}, {"trace_number": 42}),
                                   ({"auth_code": "X9"}, {"auth_code": "X9"})])
def test_each_who_field_alone_is_a_match(kw, r):
    assert identity(cust(**kw), rec(**r)) == "match"
    assert identity(cust(currency="EUR", **kw), rec(**r)) == "match"


def test_fields_text_names_the_fields_in_their_fixed_order_in_each_language():
    t = fields_text(["currency", "card_last4", "auth_code"])
    assert t.en == "card's last four digits, authorisation code, currency"
    assert t.zh == "卡号后四位、授权码、币种"
    t = fields_text({"voucher"})
    assert (t.en, t.zh) == ("voucher or receipt number", "凭证号或票据号")
    assert (fields_text([]).en, fields_text([]).zh) == ("", "")


# --- two sources that disagree ---------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, expected", [
    ("approved", "declined", True), ("approved", "aborted", True), ("approved", "reversed", True),
    ("declined", "aborted", False),  # both say "not approved"
    ("declined", "reversed", True), ("approved", "approved", False), ("unknown", "approved", False),
    ("approved", "unknown", False), ("reversed", "reversed", False),
])
def test_disagree_on_the_result(a, b, expected):
    assert disagree(rec(result=a), rec(result=b)) is expected
    assert disagree(rec(result=b), rec(result=a)) is expected


def test_disagree_on_the_amount_only_when_both_report_it():
    assert disagree(rec(amount=Decimal("12.50")), rec(amount=Decimal("12.51"))) is True
    assert disagree(rec(amount=Decimal("12.50")), rec(amount=None)) is False
    assert disagree(rec(amount=None), rec(amount=Decimal("12.50"))) is False
    assert disagree(rec(amount=Decimal("12.50")), rec(amount=Decimal("12.5"))) is False


def test_a_contradiction_is_one_transaction_from_two_sources():
    status = rec(trace_number=42, receipt_number=7, source="status")
    slip = rec(trace_number=42, receipt_number=7, source="receipt", result="declined")
    assert contradictions([slip, status]) == [(slip, status)]  # sorted by source: "receipt" < "status"
    assert contradictions([status, slip]) == [(slip, status)]


def test_no_contradiction_within_one_source_or_between_different_transactions():
    a = rec(trace_number=42, source="status")
    assert contradictions([a, rec(trace_number=42, source="status", result="declined")]) == []
    assert contradictions([a, rec(trace_number=43, source="journal", result="declined")]) == []
    assert contradictions([a, rec(trace_number=42, source="journal")]) == []  # the same, no disagreement
    # the same trace number but different receipt numbers: two transactions
    assert contradictions([rec(trace_number=42, receipt_number=7, source="status"),
                           rec(trace_number=42, receipt_number=8, source="journal", result="declined")]) == []


def test_same_trace_with_one_receipt_number_missing_is_one_transaction():
    a = rec(trace_number=42, receipt_number=7, source="status")
    b = rec(trace_number=42, receipt_number=None, source="journal", amount=Decimal("13.00"))
    assert contradictions([a, b]) == [(b, a)]


def test_without_trace_numbers_the_receipt_number_says_which_transaction():
    a = rec(receipt_number=7, source="status")
    b = rec(receipt_number=7, source="journal", result="declined")
    assert contradictions([a, b]) == [(b, a)]
    assert contradictions([a, rec(receipt_number=8, source="journal", result="declined")]) == []
    # neither number on either side: nothing says they are one transaction
    assert contradictions([rec(source="status"), rec(source="journal", result="declined")]) == []
    # a trace number on one side only: the receipt number decides
    assert contradictions([rec(trace_number=42, receipt_number=7, source="status"),
                           rec(receipt_number=7, source="journal", result="declined")]) != []


def test_only_payments_are_compared():
    a = rec(trace_number=42, source="status")
    b = rec(trace_number=42, source="journal", kind="reversal", result="reversed")
    assert contradictions([a, b]) == []
    assert contradictions([rec(trace_number=42, source="status", kind="refund"), b]) == []


def test_every_disagreeing_pair_is_listed():
    a = rec(trace_number=42, source="status")
    b = rec(trace_number=42, source="receipt", result="declined")
    c = rec(trace_number=42, source="journal", amount=Decimal("1.00"))
    assert set(contradictions([a, b, c])) == {(b, a), (c, a), (c, b)}
    assert len(contradictions([a, b, c])) == 3


def test_a_pair_that_is_skipped_does_not_end_the_search():
    a = rec(trace_number=42, source="status")
    other = rec(trace_number=41, source="status")  # same source as a: never compared with it
    slip = rec(trace_number=42, source="receipt", result="declined")
    assert contradictions([a, other, slip]) == [(slip, a)]
    assert contradictions([other, rec(trace_number=40, source="journal"), a, slip]) == [(slip, a)]


def test_a_letter_of_an_authorisation_code_is_part_of_it():
    assert compare(cust(auth_code="X1234"), rec(auth_code="1234")) == {"auth_code": False}
    assert compare(cust(auth_code="XX0012"), rec(auth_code="12")) == {"auth_code": False}
    assert compare(cust(voucher="X42"), rec(trace_number=1, reference="42")) == {"voucher": False}


# --- a QR order's number (issue 24): the customer's digits against the end of the merchant app's order number ----

@pytest.mark.parametrize("theirs, ours, equal", [
    ("4200000123", "4200000123", True),          # the whole number
    ("0123", "4200000123", True),                # its last four
    ("123", "4200000123", False),                # three characters do not say which order
    ("0012", "4200000012", True), ("0012", "42000012", True),
    ("00012", "4200000012", True), ("0012", "420000012", True),
    ("012", "4200000012", False),
    ("9123", "4200000123", False),               # another end
    ("42 0000-0123", "4200000123", True),        # spaces and dashes as typed
    ("0123", "4200 0001 23", True), ("0123", "4200-0001-23", True),  # and as the app shows them
    (None, "XXXX", False), ("XXXX", None, False),  # no number matches nothing, whatever the other side says
    ("ab12cd", "X-AB12CD", True),                # letters in either case
    ("4200000123", "0123", False),               # more than the app shows: not its end
    ("", "4200000123", False), (None, "4200000123", False), ("0123", None, False), ("0123", "", False),
])
def test_an_order_number_matches_only_by_its_end_and_at_least_four_characters(theirs, ours, equal):
    from pos_doctor.payments.identity import order_matches

    assert order_matches(theirs, ours) is equal


def test_an_order_number_says_who_paid():
    assert compare(cust(order_number="0123"), rec(order_number="4200000123")) == {"order_number": True}
    assert identity(cust(order_number="0123"), rec(order_number="4200000123")) == "match"
    assert compare(cust(order_number="0124"), rec(order_number="4200000123")) == {"order_number": False}
    assert identity(cust(order_number="0124"), rec(order_number="4200000123")) == "differs"
    # one side without it compares nothing
    assert compare(cust(order_number="0123"), rec()) == {} == compare(cust(), rec(order_number="4200000123"))
    t = fields_text(["currency", "order_number", "card_last4"])
    assert (t.en, t.zh) == ("card's last four digits, order number, currency", "卡号后四位、订单号、币种")
