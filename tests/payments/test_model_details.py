"""The evidence model (payments/model.py), exactly (issue 28, wave 9: what the mutation run of model.py found
untested). Example tests only: the mutation run of model.py takes them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from pos_doctor.payments.model import CustomerEvidence, TerminalEvidence, TerminalRecord

WHEN = datetime(2026, 11, 24, 14, 5, 10)
FULL = TerminalRecord("declined", 0x6C, Decimal("12.5"), "EUR", WHEN, 42, 17, "************1234", "girocard", "payment",
                      "journal", "REF1", "A1", "0012", "shop", "success")
FULL_JSON = {"result": "declined", "result_code": "6C", "amount": "12.50", "currency": "EUR",
             "time": "2026-11-24T14:05:10", "trace_number": 42, "receipt_number": 17, "pan_masked": "************1234",
             "card_name": "girocard", "kind": "payment", "source": "journal", "reference": "REF1", "auth_code": "A1",
             "order_number": "0012", "payee": "shop", "order_state": "success"}
BARE_JSON = {"result": "approved", "result_code": None, "amount": None, "currency": None, "time": None,
             "trace_number": None, "receipt_number": None, "pan_masked": None, "card_name": None, "kind": "payment",
             "source": "status", "reference": None, "auth_code": None, "order_number": None, "payee": None,
             "order_state": None}


def test_a_record_as_json_field_by_field_and_back():
    assert FULL.to_json() == FULL_JSON
    assert TerminalRecord.from_json(FULL_JSON) == FULL
    assert TerminalRecord("approved").to_json() == BARE_JSON
    assert TerminalRecord.from_json(BARE_JSON) == TerminalRecord("approved")
    # a result code is two hex digits, a time to the second, an amount with its cents
    rec = TerminalRecord("approved", 5, Decimal("7"), time=datetime(2026, 1, 2, 3, 4, 5, 678000))
    assert (rec.to_json()["result_code"], rec.to_json()["amount"], rec.to_json()["time"]) == (
        "05", "7.00", "2026-01-02T03:04:05")


def test_customer_evidence_as_json_field_by_field_and_back():
    c = CustomerEvidence(Decimal("12.5"), datetime(2026, 11, 24, 14, 5), "1234", "card", "EUR", "Shop", "42", "A1",
                         True, "0012", "payee", False, 600)
    doc = {"amount": "12.50", "time": "2026-11-24T14:05:00", "card_last4": "1234", "method": "card", "currency": "EUR",
           "merchant": "Shop", "voucher": "42", "auth_code": "A1", "debit": True, "order_number": "0012",
           "payee": "payee", "payee_is_shop": False, "time_uncertainty_s": 600}
    assert c.to_json() == doc
    assert CustomerEvidence.from_json(doc) == c
    assert CustomerEvidence().to_json() == {k: (0 if k == "time_uncertainty_s" else None) for k in doc}
    assert CustomerEvidence.from_json({}) == CustomerEvidence() == CustomerEvidence.from_json("not a dict")


def test_terminal_evidence_as_json_and_back_with_and_without_its_end():
    ev = TerminalEvidence(True, (TerminalRecord("approved"),), True, datetime(2026, 11, 24, 6),
                          datetime(2026, 11, 24, 14, 6), 1.5, ("period",), "typed_terminal", None,
                          datetime(2026, 11, 24, 14, 10))
    doc = {"readable": True, "records": [BARE_JSON], "complete": True, "covers_from": "2026-11-24T06:00:00",
           "read_at": "2026-11-24T14:06:00", "clock_offset_s": 1.5, "not_reported": ["period"],
           "origin": "typed_terminal", "origin_label": None, "covers_to": "2026-11-24T14:10:00"}
    assert ev.to_json() == doc
    assert TerminalEvidence.from_json(doc) == ev
    assert ev.typed
    bare = TerminalEvidence(False)
    assert bare.to_json() == {"readable": False, "records": [], "complete": False, "covers_from": None, "read_at": None,
                              "clock_offset_s": None, "not_reported": [], "origin": "link", "origin_label": None}
    assert TerminalEvidence.from_json(bare.to_json()) == bare and not bare.typed
    assert TerminalEvidence.from_json(None) == bare


@pytest.mark.parametrize("field, value, read", [
    ("result", "bogus", "unknown"), ("result", "reversed", "reversed"),
    ("result_code", "6c", 0x6C), ("result_code", "zz", None), ("result_code", "", None), ("result_code", True, None),
    ("result_code", 5, 5),
    ("amount", "12.345", None), ("amount", "12.3", Decimal("12.30")), ("amount", "1e12", None),
    ("amount", "-3", Decimal("-3")),
    ("amount", "999999999999.99", Decimal("999999999999.99")), ("amount", True, None), ("amount", "", None),
    ("amount", "NaN", None), ("amount", "ten", None), ("amount", 12, Decimal("12")),
    ("trace_number", "42", 42), ("trace_number", "x", None), ("trace_number", False, None),
    ("kind", "refund", "refund"), ("kind", "x", "payment"), ("source", "typed", "typed"), ("source", "x", "status"),
    ("order_state", "paying", "paying"), ("order_state", "x", None),
    ("time", "2026-11-24T14:05:10", WHEN), ("time", "yesterday", None), ("time", 5, None), ("time", "", None),
    ("pan_masked", "", None), ("pan_masked", 5, None), ("currency", "EUR", "EUR"),
    ("order_number", "ab-12", "AB12"), ("payee", "  a   b ", "a b"),
])
def test_a_record_read_from_json_keeps_only_what_pos_doctor_writes(field, value, read):
    assert getattr(TerminalRecord.from_json({"result": "approved", field: value}), field) == read


@pytest.mark.parametrize("doc, offset", [({"clock_offset_s": 2}, 2.0), ({"clock_offset_s": True}, None),
                                         ({"clock_offset_s": float("inf")}, None), ({"clock_offset_s": "2"}, None),
                                         ({"clock_offset_s": -0.5}, -0.5)])
def test_the_clock_offset_read_from_json_is_a_finite_number(doc, offset):
    got = TerminalEvidence.from_json({"readable": True, **doc}).clock_offset_s
    assert got == offset and (offset is None or type(got) is float)


def test_evidence_read_from_json_drops_what_is_not_its_own():
    ev = TerminalEvidence.from_json({"readable": "yes", "complete": 1, "records": [BARE_JSON, "x", 3],
                                     "not_reported": ["period", 5, None], "origin": "elsewhere",
                                     "origin_label": {"en": "typed"}})
    assert ev == TerminalEvidence(False, (TerminalRecord("approved"),), False, not_reported=("period",))
    assert TerminalEvidence.from_json({"records": "x", "not_reported": "period"}) == TerminalEvidence(False)


def test_naive_keeps_a_wall_clock_time_and_turns_an_aware_one_into_local_wall_clock():
    from datetime import timezone

    from pos_doctor.payments.model import naive

    assert naive(None) is None
    assert naive(WHEN) == WHEN
    aware = datetime(2026, 11, 24, 14, 5, 10, tzinfo=timezone.utc)
    local = naive(aware)
    assert local.tzinfo is None and local.astimezone() == aware  # the same instant, as the PC's wall clock
    assert TerminalRecord.from_json({"result": "approved", "time": "2026-11-24T14:05:10+00:00"}).time == local


# --- CustomerEvidence.from_values: the walk's values, field by field (issue 28, wave 10) -------------------------
DAY = datetime(2026, 11, 24).date()


def test_the_customers_values_field_by_field():
    values = {"customer_amount": "12,50", "customer_time": "14:05", "customer_card_last4": "尾号1234",
              "payment_method": " CARD ", "customer_currency": "usd", "customer_merchant": "  Kaffee   Haus ",
              "customer_voucher": "ab-12", "customer_auth_code": "０4 2", "customer_debit": " Yes ",
              "customer_order_number": "0012-34", "customer_payee": " 某某  科技 ", "customer_payee_is_shop": "NO",
              "customer_time_uncertainty": " 600 "}
    assert CustomerEvidence.from_values(values, today=DAY) == CustomerEvidence(
        amount=Decimal("12.50"), time=datetime(2026, 11, 24, 14, 5), card_last4="1234", method="card",
        currency="USD", merchant="Kaffee Haus", voucher="AB-12", auth_code="042", debit=True, order_number="001234",
        payee="某某 科技", payee_is_shop=False, time_uncertainty_s=600)


def test_what_is_not_a_dict_of_values_is_no_evidence():
    for values in (None, ["customer_amount", "12.50"], "customer_amount=12.50"):
        assert CustomerEvidence.from_values(values) == CustomerEvidence()  # type: ignore[arg-type]


@pytest.mark.parametrize("values, amount, time, order", [
    # the payment that has not arrived (funds-not-arrived) is the payment asked about, each field on its own
    ({"missing_amount": "12.00", "missing_time": "14:00", "missing_order": "T40"},
     Decimal("12.00"), datetime(2026, 11, 24, 14), "T40"),
    ({"missing_amount": "12.00"}, Decimal("12.00"), None, None),
    ({"missing_time": "14:00"}, None, datetime(2026, 11, 24, 14), None),
    ({"missing_order": "T40"}, None, None, None),  # an order number alone is not a missing payment
    ({"missing_amount": "12.00", "missing_order": "T40", "customer_order_number": "C7"}, Decimal("12.00"), None, "C7"),
    # the customer's own amount or time wins, and then nothing of the missing payment is taken
    ({"missing_amount": "12.00", "missing_time": "14:00", "missing_order": "T40", "customer_amount": "99"},
     Decimal("99.00"), None, None),
    ({"missing_amount": "12.00", "missing_time": "14:00", "missing_order": "T40", "customer_time": "15:00"},
     None, datetime(2026, 11, 24, 15), None),
])
def test_the_missing_payment_stands_in_for_the_customers_amount_and_time(values, amount, time, order):
    c = CustomerEvidence.from_values(values, today=DAY)
    assert (c.amount, c.time, c.order_number) == (amount, time, order)


@pytest.mark.parametrize("extra, currency", [
    ({}, "CNY"), ({"customer_currency": "eur"}, "EUR"), ({"customer_currency": "USD"}, "USD"),
    ({"customer_currency": "EU"}, "CNY"),
    ({"customer_currency": "euro"}, "CNY"), ({"customer_currency": "€1"}, "CNY"), ({"customer_currency": " "}, "CNY"),
])
def test_a_currency_typed_apart_is_three_letters(extra, currency):
    assert CustomerEvidence.from_values({"customer_amount": "¥99", **extra}).currency == currency
    assert CustomerEvidence.from_values({"customer_amount": "x", **extra}).currency is None  # no amount, no currency


@pytest.mark.parametrize("field, typed, attribute, read", [
    ("payment_method", "QR", "method", "qr"), ("payment_method", "cash", "method", None),
    ("payment_method", "", "method", None),
    ("customer_debit", "NO", "debit", False), ("customer_debit", "yes", "debit", True),
    ("customer_debit", "unsure", "debit", None), ("customer_debit", None, "debit", None),
    ("customer_payee_is_shop", " Yes", "payee_is_shop", True), ("customer_payee_is_shop", "no", "payee_is_shop", False),
    ("customer_payee_is_shop", "", "payee_is_shop", None),
])
def test_a_word_the_person_chose_is_read_whatever_its_case(field, typed, attribute, read):
    got = getattr(CustomerEvidence.from_values({field: typed}), attribute)
    assert got == read and type(got) is type(read)


@pytest.mark.parametrize("time, uncertainty, kept", [
    ("14:05", "600", 600), ("14:05", 600, 600), ("14:05", None, 0), ("14:05", "-5", 0), ("14:05", True, 0),
    ("14:05", 86400, 86400), ("14:05", 86401, 0), ("14:05", "ten minutes", 0),
    ("around 14:00", "60", 900), ("around 14:00", "3600", 3600),  # the wider of the estimate and what was kept
    ("", "600", 0), ("later", "600", 0),  # no time read: nothing is uncertain
])
def test_how_far_the_customers_time_may_be_off(time, uncertainty, kept):
    values = {"customer_time": time, "customer_time_uncertainty": uncertainty}
    assert CustomerEvidence.from_values(values, today=DAY).time_uncertainty_s == kept


@pytest.mark.parametrize("field, value, read", [
    ("method", "cash", None), ("method", "QR", None), ("debit", "yes", None), ("debit", 1, None),
    ("payee_is_shop", "no", None), ("payee_is_shop", 0, None),
    ("voucher", True, None), ("voucher", 12, "12"), ("voucher", Decimal("12"), None), ("voucher", "ab 12", "AB12"),
    ("voucher", "12/34", None), ("voucher", "x" * 33, None), ("auth_code", "０４２", "042"),
    ("merchant", 5, None), ("merchant", "m" * 81, "m" * 80), ("merchant", " Kaffee \n Haus ", "Kaffee Haus"),
    ("order_number", True, None), ("order_number", 12, "12"), ("order_number", Decimal("12"), None),
    ("order_number", "尾号0012", "0012"), ("order_number", "T40", "T40"), ("order_number", "…T40", "T40"),
    ("order_number", "12/34", None), ("order_number", "1" * 65, None), ("order_number", "12－34", "1234"),
    ("card_last4", 1234, None), ("card_last4", "12 34", "1234"), ("card_last4", "XXXX:1234", "1234"),
    ("card_last4", "XXXX XXXX XXXX 1234", "1234"), ("card_last4", "xxxx xxxx 1234", "1234"),
    ("card_last4", "ending :: 1234", None), ("card_last4", "•••• １２３４", "1234"),
])
def test_the_customers_evidence_read_from_json_keeps_only_what_pos_doctor_writes(field, value, read):
    got = getattr(CustomerEvidence.from_json({field: value}), field)
    assert got == read and type(got) is type(read)


@pytest.mark.parametrize("record, en", [
    (TerminalRecord("approved", time=WHEN, receipt_number=7, source="typed"),
     "2026-11-24 14:05, voucher no. 000007, typed by staff"),
    (TerminalRecord("approved", receipt_number=7, source="typed"),
     "time not typed, voucher no. 000007, typed by staff"),
    (TerminalRecord("approved", source="typed"), "time not typed, no voucher number typed, typed by staff"),
])
def test_a_typed_records_details_name_its_voucher_and_never_say_not_reported(record, en):
    assert record.details()("en") == en


# --- a record in words, and money (issue 28, wave 10) -------------------------------------------------------------
@pytest.mark.parametrize("record, en, zh, de", [
    (TerminalRecord("approved", amount=Decimal("12.5"), currency="EUR", time=WHEN, trace_number=42),
     "payment approved: 12.50 EUR, 2026-11-24 14:05:10, trace 42",
     "付款成功：12.50 欧元，2026-11-24 14:05:10，流水号 42",
     "Zahlung genehmigt: 12,50 EUR, 2026-11-24 14:05:10, Trace-Nr. 42"),
    (TerminalRecord("declined", kind="refund"),
     "refund declined: amount not reported, time not reported, trace not reported",
     "退货被拒：金额未上报，时间未上报，流水号未上报",
     "Gutschrift abgelehnt: Betrag nicht gemeldet, Uhrzeit nicht gemeldet, Trace-Nr. nicht gemeldet"),
    (TerminalRecord("bogus", amount=Decimal("3"), currency="CNY", kind="reversal"),
     "reversal result not reported: 3.00 CNY, time not reported, trace not reported",
     "冲正结果未上报：3.00 元，时间未上报，流水号未上报",
     "Storno Ergebnis nicht gemeldet: 3,00 CNY, Uhrzeit nicht gemeldet, Trace-Nr. nicht gemeldet"),
    (TerminalRecord("reversed", time=WHEN, source="receipt"),
     "payment reversed: amount not reported, 2026-11-24 14:05:10, trace not reported",
     "付款已冲正：金额未上报，2026-11-24 14:05:10，流水号未上报",
     "Zahlung storniert: Betrag nicht gemeldet, 2026-11-24 14:05:10, Trace-Nr. nicht gemeldet"),
    (TerminalRecord("approved", amount=Decimal("99"), currency="CNY", time=WHEN, source="qr_app", order_number="T40",
                    order_state="success"),
     "QR order payment successful: 99.00 CNY, 2026-11-24 14:05:10, order T40",
     "扫码订单支付成功：99.00 元，2026-11-24 14:05:10，订单号 T40",
     "QR-Bestellung Zahlung erfolgreich: 99,00 CNY, 2026-11-24 14:05:10, Bestellung T40"),
    (TerminalRecord("approved", amount=Decimal("99"), source="qr_app"),
     "QR order state not read: 99.00, time not typed, trace not reported",
     "扫码订单状态未读到：99.00，未录入时间，流水号未上报",
     "QR-Bestellung Status nicht gelesen: 99,00, Uhrzeit nicht eingegeben, Trace-Nr. nicht gemeldet"),
    (TerminalRecord("approved", amount=Decimal("99"), source="statement", order_number="T41", order_state="refunding"),
     "QR order refund in progress: 99.00, time not reported, order T41",
     "扫码订单转入退款：99.00，时间未上报，订单号 T41",
     "QR-Bestellung Erstattung läuft: 99,00, Uhrzeit nicht gemeldet, Bestellung T41"),
    (TerminalRecord("approved", amount=Decimal("5"), currency="xyz", time=WHEN, receipt_number=7,
                    pan_masked="****1234", source="typed"),
     "payment approved: 5.00 xyz, 2026-11-24 14:05, voucher no. 000007, typed by staff, card ending 1234",
     "付款成功：5.00 （外币），2026-11-24 14:05，凭证号 000007，店员抄录，卡号尾号 1234",
     "Zahlung genehmigt: 5,00 xyz, 2026-11-24 14:05, Beleg-Nr. 000007, vom Personal abgetippt, "
     "Karte mit Endziffern 1234"),
    (TerminalRecord("aborted", pan_masked="****12a4", source="typed"),
     "payment aborted: amount not reported, time not typed, no voucher number typed, typed by staff",
     "付款已中止：金额未上报，未抄录时间，未抄录凭证号，店员抄录",
     "Zahlung abgebrochen: Betrag nicht gemeldet, Uhrzeit nicht abgetippt, keine Beleg-Nr. abgetippt, "
     "vom Personal abgetippt"),
])
def test_a_record_in_words_in_every_language(record, en, zh, de):
    said = record.describe()
    assert (said("en"), said("zh"), said("de")) == (en, zh, de)


@pytest.mark.parametrize("amount, currency, en, zh, de, plain", [
    (Decimal("12.5"), None, "12.50", "12.50", "12,50", "12.50"),
    (Decimal("12.5"), "", "12.50", "12.50", "12,50", "12.50"),
    (Decimal("12.5"), "eur", "12.50 EUR", "12.50 欧元", "12,50 EUR", "12.50 eur"),
    (Decimal("12.5"), "JPY", "12.50 JPY", "12.50 （外币）", "12,50 JPY", "12.50 JPY"),
    (Decimal("1234.5"), "CHF", "1234.50 CHF", "1234.50 瑞士法郎", "1234,50 CHF", "1234.50 CHF"),
])
def test_an_amount_with_its_currency(amount, currency, en, zh, de, plain):
    from pos_doctor.payments.model import money, money_message, money_zh

    said = money_message(amount, currency)
    assert (said("en"), said("zh"), said("de"), money_zh(amount, currency), money(amount, currency)) == (
        en, zh, de, zh, plain)


@pytest.mark.parametrize("amount, currency, en, zh", [
    ("12.5", "EUR", "12.50 EUR", "12.50 欧元"), (12, None, "12.00", "12.00"), (Decimal("7"), 0, "7.00", "7.00"),
    (None, "EUR", None, None), ("", "EUR", None, None), (True, "EUR", None, None), ("x", "EUR", None, None),
])
def test_an_amount_as_stored_in_json_with_its_currency(amount, currency, en, zh):
    from pos_doctor.payments.model import money_text

    said = money_text(amount, currency)
    assert (said if said is None else (said("en"), said("zh"))) == (None if en is None else (en, zh))


def test_where_the_terminals_evidence_came_from_in_words_and_back():
    from pos_doctor.payments.model import RESULT_WORDS

    label = RESULT_WORDS["approved"]
    ev = TerminalEvidence(True, origin="typed_qr_app", origin_label=label)
    assert ev.to_json()["origin_label"] == label.to_json()
    back = TerminalEvidence.from_json(ev.to_json())
    assert back == ev and back.origin_label is not None and back.origin_label("zh") == "成功" and back.typed
    for kept in ({"en": "a", "zh": 5}, {"zh": "a"}, {"en": "a"}, "a", None):
        assert TerminalEvidence.from_json({"origin_label": kept}).origin_label is None
    statement = TerminalEvidence.from_json({"origin": "statement"})
    assert statement.origin == "statement" and not statement.typed
