"""Issue 24: records typed by staff from a standalone POS机 (payments/typed.py) - the parsing of what they type, the
evidence it becomes (origin typed_terminal, complete only with a confirmed span), the same verdict as the same
records read over the link, and a partial list that never gives `not_charged`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_doctor.payments import binding
from pos_doctor.payments.model import CustomerEvidence, TerminalEvidence, TerminalRecord
from pos_doctor.payments.reconcile import reconcile
from pos_doctor.payments.typed import TypedInputError, card_tail, evidence, label, read_field, read_typed

TODAY = date(2026, 12, 6)
FULL_PAN = "6225880000001234"
LATER = datetime(2026, 12, 6, 20, 0)  # when the list was typed: after every time in these tests


def typed(*lines, where="list", complete=("14:00", "14:30")) -> dict:
    return read_typed({"where": where, "transactions": list(lines),
                       "complete": {"from": complete[0], "to": complete[1]} if complete else None}, today=TODAY)


def line(amount="99.00", time="14:05", card="1234", voucher="000122", result="成功") -> dict:
    return {"amount": amount, "time": time, "card": card, "voucher": voucher, "result": result}


def cust(amount="99.00", time="14:05", last4=None, debit=None) -> CustomerEvidence:
    h, m = map(int, time.split(":"))
    return CustomerEvidence(amount=Decimal(amount), time=datetime(2026, 12, 6, h, m), card_last4=last4, debit=debit)


# --- one field -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, raw, kept", [
    ("amount", "99", "99.00"), ("amount", "¥99.00", "99.00 CNY"), ("amount", "９９，５０", "99.50"),
    ("amount", "USD 12.50", "12.50 USD"), ("time", "14：05", "14:05"), ("time", "2026-12-06 14:05", "2026-12-06 14:05"),
    ("card", "1234", "1234"), ("card", "6225 88** **** 1234", "1234"), ("card", "尾号1234", "1234"),
    ("card", FULL_PAN, "1234"), ("card", "", None), ("voucher", "000122", "000122"), ("voucher", "", None),
    ("result", "成功", "成功"), ("result", "declined", "失败"), ("result", "3", "撤销"), ("result", "refund", "退货"),
    ("where", "交易明细", "list"), ("where", "末笔查询", "last"), ("where", "4", "slip"), ("where", "重打印", "slip"),
])
def test_each_field_is_read_by_the_one_parser_and_kept_normalised(name, raw, kept):
    assert read_field(name, raw, today=TODAY) == kept


@pytest.mark.parametrize("name, raw, en, zh", [
    ("amount", "1,250", "amount: type the amount as a number, e.g. 99.00", "金额：请输入数字金额，例如 99.00"),
    ("time", "25:00", "time: type the time as HH:MM, e.g. 14:05 (or 2026-12-06 14:05)",
     "时间：请输入时间，例如 14:05（或 2026-12-06 14:05）"),
    ("card", "123", "card's last four digits: type the last four digits of the card number, e.g. 1234",
     "卡号后四位：请输入卡号后四位，例如 1234"),
    ("voucher", "A12", "voucher number (凭证号): type the voucher number (凭证号) as digits, e.g. 000123",
     "凭证号：请输入凭证号（数字），例如 000123"),
    ("result", "maybe", "result: type one of 成功 (approved), 失败 (failed), 撤销 (voided), 退货 (refund), or 1-4",
     "结果：请输入 成功、失败、撤销、退货 之一（或 1-4）"),
])
def test_a_bad_value_names_its_field_in_both_languages(name, raw, en, zh):
    with pytest.raises(TypedInputError) as exc:
        read_field(name, raw, today=TODAY)
    assert (exc.value.text.en, exc.value.text.zh) == (en, zh)


def test_a_whole_card_number_is_cut_to_its_last_four_digits_and_never_kept():
    t = typed(line(card=FULL_PAN))
    ev = evidence(t, today=TODAY, now=LATER)
    assert t["transactions"][0]["card"] == "1234" and ev.records[0].last4 == "1234"
    assert FULL_PAN not in json.dumps(t) and FULL_PAN not in json.dumps(ev.to_json(), ensure_ascii=False)
    assert card_tail("**** **** **** 1234") == "1234"


# --- the whole list ---------------------------------------------------------------------------------------------
def test_a_list_is_complete_only_with_both_times_confirmed():
    full = evidence(typed(line()), today=TODAY, now=LATER)
    assert full.complete and full.origin == "typed_terminal" and full.readable
    assert (full.covers_from, full.covers_to) == (datetime(2026, 12, 6, 14, 0), datetime(2026, 12, 6, 14, 30))
    partial = evidence(typed(line(), complete=None), today=TODAY, now=LATER)
    assert not partial.complete and partial.covers_from is None and "period" in partial.not_reported
    bare = evidence(read_typed([line()], today=TODAY), today=TODAY, now=LATER)  # a bare list (the answers file's short form)
    assert not bare.complete and bare.origin == "typed_terminal"


def _both(text):
    return (text.en, text.zh)


def test_the_source_is_named_in_both_languages():
    assert _both(label(typed(line(), line(voucher="000123"), line(voucher="000124")))) == (
        "typed by staff from the POS机's 交易明细 (transaction list), 3 transactions, 14:00–14:30",
        "店员从POS机“交易明细”抄录，3笔，14:00–14:30")
    assert _both(label(typed(line(), where="slip", complete=None))) == (
        "typed by staff from a reprinted slip (重打印), 1 transaction, not confirmed complete",
        "店员从重打印的小票抄录，1笔，未确认完整")


@pytest.mark.parametrize("raw, en", [
    ({"transactions": [line(), line()]}, "transaction 2, voucher number (凭证号): this voucher number was typed twice; "
                                         "type each transaction once"),
    ({"transactions": [{"amount": "99", "time": "14:05"}]}, "transaction 1, result: this value is needed"),
    ({"transactions": [{**line(), "pan": FULL_PAN}]}, "transaction 1, pan: unknown key; use amount, time, card, "
                                                      "voucher, result"),
    ({"transactions": [], "complete": {"from": "14:30", "to": "14:00"}}, "to: the end is before the start"),
    ({"transactions": [], "complete": {"from": "14:30"}}, "complete from/to: give both times: complete: "
                                                          "{from: \"14:00\", to: \"14:30\"}"),
    ("99.00", "transactions: expected the transactions as a list (amount, time, card, voucher, result for each)"),
])
def test_a_bad_list_names_the_transaction_and_the_field(raw, en):
    with pytest.raises(TypedInputError) as exc:
        read_typed(raw, today=TODAY)
    assert exc.value.text.en == en and exc.value.text.zh  # zh too (its wording is linted by tests/i18n)


def test_json_keeps_the_origin_and_old_json_is_read_as_the_link():
    ev = evidence(typed(line()), today=TODAY, now=LATER)
    assert TerminalEvidence.from_json(ev.to_json()) == ev
    old = TerminalEvidence(readable=True).to_json()
    del old["origin"], old["origin_label"]
    assert TerminalEvidence.from_json(old).origin == "link" and TerminalEvidence.from_json(old).origin_label is None


# --- the verdict on typed records ----------------------------------------------------------------------------------
def test_the_verdict_names_its_source_and_never_says_the_terminal_reported():
    r = reconcile(cust(last4="1234"), evidence(typed(line()), today=TODAY, now=LATER))
    decided = r.to_json()["decided_by"]  # the label as a record keeps a message: its id and parameters, en and zh
    assert r.verdict == "charged" and decided["origin"] == "typed_terminal"
    assert {k: decided["label"][k] for k in ("en", "zh")} == {
        "en": "typed by staff from the POS机's 交易明细 (transaction list), 1 transaction, 14:00–14:30",
        "zh": "店员从POS机“交易明细”抄录，1笔，14:00–14:30"}
    s = r.summary()
    assert "typed from the POS机" in s.en and "Source: typed by staff" in s.en and "抄录" in s.zh
    words = " ".join([s.en, *(x.text.en for x in r.reasons)])
    assert "terminal reported" not in words and "The terminal's records" not in words


def test_a_complete_list_with_the_customers_failed_attempt_is_not_charged():
    r = reconcile(cust(last4="1234"), evidence(typed(line(result="失败")), today=TODAY, now=LATER))
    assert r.verdict == "not_charged" and r.reasons[0].code == "declined_in_window"
    assert r.reasons[0].text.en.startswith("Staff confirmed the typed list holds every transaction")


def test_a_partial_list_with_the_same_failed_attempt_is_unknown():
    r = reconcile(cust(last4="1234"), evidence(typed(line(result="失败"), complete=None), today=TODAY, now=LATER))
    assert r.verdict == "unknown" and r.reasons[0].code == "listing_incomplete"
    assert "Staff did not confirm" in r.reasons[0].text.en and "店员没有确认" in r.reasons[0].text.zh


def test_the_customers_window_must_lie_wholly_inside_the_confirmed_times():
    # 14:05 give or take 5 minutes is 14:00-14:10: a list confirmed from 14:02 does not cover 14:00-14:02
    r = reconcile(cust(last4="1234"), evidence(typed(line(result="失败"), complete=("14:02", "14:30")), today=TODAY, now=LATER))
    assert r.verdict == "unknown" and r.reasons[0].code == "outside_coverage"
    r = reconcile(cust(last4="1234"), evidence(typed(line(result="失败"), complete=("13:00", "14:08")), today=TODAY, now=LATER))
    assert r.verdict == "unknown" and r.reasons[0].code == "outside_coverage"


def test_an_empty_complete_list_and_no_debit_is_not_charged_but_a_debit_is_the_providers():
    ev = evidence(typed(complete=("13:00", "15:00")), today=TODAY, now=LATER)
    assert reconcile(cust(debit=False), ev).verdict == "not_charged"
    r = reconcile(cust(debit=True), ev)
    assert (r.verdict, r.finding) == ("unknown", "debit_without_attempt") and "staff confirmed" in r.reasons[0].text.en


def test_a_void_typed_as_its_own_result_is_no_live_charge():
    r = reconcile(cust(last4="1234"), evidence(typed(line(result="撤销")), today=TODAY, now=LATER))
    assert r.verdict != "charged"


# --- binding: a typed verdict is bound to the typed list -----------------------------------------------------------
def test_typed_records_are_never_fresh_link_evidence_and_bind_like_a_reading():
    ev = evidence(typed(line()), today=TODAY, now=LATER).to_json()
    now = datetime.now().astimezone()
    entry = {"evidence": ev, "at": now.isoformat(timespec="seconds"), "seq": 0, "terminal": None}
    assert not binding.evidence_is_fresh(entry, [], None, now=now)
    link = {**entry, "evidence": {**ev, "origin": "link", "origin_label": None}}
    assert binding.evidence_is_fresh(link, [], None, now=now)
    payment = {"binding": binding.bind(entry, 1)}
    assert binding.stale(payment, entry, [{}], None, now=now) is None
    again = {**entry, "evidence": evidence(typed(line(), line(voucher="000123")), today=TODAY, now=LATER).to_json()}
    assert binding.stale(payment, again, [{}], None, now=now)[0] == "evidence_changed"  # typed again
    read = [{}, {"action": "read_journal", "result": {"ok": True}}]
    assert binding.stale(payment, entry, read, None, now=now)[0] == "terminal_read"  # the link read after it


# --- properties ------------------------------------------------------------------------------------------------------
BASE = datetime(2026, 12, 6, 14, 0)
RESULT_WORDS = {"成功": "approved", "失败": "declined", "撤销": "reversed"}


@st.composite
def typed_lines(draw):
    n = draw(st.integers(0, 6))
    vouchers = draw(st.lists(st.integers(1, 999999), min_size=n, max_size=n, unique=True))
    out = []
    for v in vouchers:
        minute = draw(st.integers(0, 59))
        out.append({"amount": draw(st.sampled_from(["99.00", "49.99", "12.00"])), "time": f"14:{minute:02d}",
                    "card": draw(st.sampled_from([None, "1234", "0119"])), "voucher": f"{v:06d}",
                    "result": draw(st.sampled_from(list(RESULT_WORDS)))})
    return out


def _as_read_over_the_link(lines: list[dict], start: datetime, end: datetime) -> TerminalEvidence:
    """The same transactions as the link's period listing would give them: complete, from `start`, read at `end`."""
    records = tuple(TerminalRecord(result=RESULT_WORDS[x["result"]], result_code=0 if x["result"] == "成功" else 5,
                                   amount=Decimal(x["amount"]),
                                   time=BASE.replace(minute=int(x["time"][3:])), trace_number=int(x["voucher"]),
                                   receipt_number=int(x["voucher"]),
                                   pan_masked=f"622588******{x['card']}" if x["card"] else None, source="journal")
                    for x in lines)
    return TerminalEvidence(readable=True, records=records, complete=True, covers_from=start, read_at=end)


customers = st.builds(
    CustomerEvidence, amount=st.sampled_from([Decimal("99.00"), Decimal("49.99")]),
    time=st.integers(0, 59).map(lambda m: BASE.replace(minute=m)), card_last4=st.sampled_from([None, "1234", "0119"]),
    debit=st.sampled_from([None, True, False]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=typed_lines(), c=customers, span=st.tuples(st.integers(0, 30), st.integers(30, 59)))
def test_property_typed_records_give_the_verdict_of_the_same_records_read_over_the_link(lines, c, span):
    start, end = BASE.replace(minute=span[0]), BASE.replace(minute=span[1])
    t = read_typed({"where": "list", "transactions": lines,
                    "complete": {"from": f"{start:%H:%M}", "to": f"{end:%H:%M}"}}, today=TODAY)
    by_hand = reconcile(c, evidence(t, today=TODAY, now=LATER))
    by_link = reconcile(c, _as_read_over_the_link(lines, start, end))
    window_inside = start <= c.time - timedelta(minutes=5) and c.time + timedelta(minutes=5) <= end
    if window_inside:
        assert (by_hand.verdict, by_hand.double_charge, by_hand.finding) == \
            (by_link.verdict, by_link.double_charge, by_link.finding)
        assert [r.code for r in by_hand.reasons[:1]] == [r.code for r in by_link.reasons[:1]]
    else:  # staff looked at fewer minutes than the window: never more certain than the link
        assert by_hand.verdict != "not_charged" or by_link.verdict == "not_charged"
    assert by_hand.origin == "typed_terminal" and by_link.origin == "link"


@settings(max_examples=300, deadline=None)
@given(lines=typed_lines(), c=customers, where=st.sampled_from(["list", "last", "voucher", "slip", None]))
def test_property_an_incomplete_typed_list_never_gives_not_charged(lines, c, where):
    t = read_typed({"where": where, "transactions": lines}, today=TODAY)
    r = reconcile(c, evidence(t, today=TODAY, now=LATER))
    assert r.verdict != "not_charged"
    assert r.to_json()["decided_by"]["origin"] == "typed_terminal"


def test_nothing_typed_after_the_list_was_typed_can_be_missing_from_it():
    # the customer paid 4 minutes ago; staff confirm every transaction up to now: the window's last minute is the
    # future, and the list covers it as a link's reading would
    now = datetime(2026, 12, 6, 14, 9, 30)
    ev = evidence(typed(line(time="14:05", result="失败"), complete=("13:30", "14:09")), today=TODAY, now=now)
    assert reconcile(cust(last4="1234"), ev).verdict == "not_charged"
    ev = evidence(typed(line(time="14:05", result="失败"), complete=("13:30", "14:08")), today=TODAY, now=now)
    assert reconcile(cust(last4="1234"), ev).reasons[0].code == "outside_coverage"


@pytest.mark.parametrize("raw, en", [
    ({"where": "slip", "transactions": [], "extra": 1}, "extra: unknown key; use where, transactions, complete"),
    ({"transactions": "99.00 14:05"}, "transactions: expected a list"),
    ({"transactions": [line(voucher=str(n)) for n in range(1, 52)]}, "transactions: at most 50 transactions"),
    ({"transactions": [line(), "99.00"]}, "transaction 2, transactions: expected amount, time, card, voucher, result"),
    ({"transactions": [line(card="12")]}, "transaction 1, card's last four digits: type the last four digits of the "
                                          "card number, e.g. 1234"),
    ({"transactions": [], "complete": "maybe"}, "complete from/to: answer {from: ..., to: ...} when the list holds "
                                                "every transaction between two times, or no"),
    ({"transactions": [], "complete": True}, "complete from/to: answer {from: ..., to: ...} when the list holds "
                                             "every transaction between two times, or no"),
])
def test_every_refusal_of_a_list_names_its_field(raw, en):
    with pytest.raises(TypedInputError) as exc:
        read_typed(raw, today=TODAY)
    assert exc.value.text.en == en and str(exc.value) == en


def test_fifty_transactions_are_taken():
    assert len(read_typed({"transactions": [line(voucher=str(n)) for n in range(1, 51)]}, today=TODAY)
               ["transactions"]) == 50


@pytest.mark.parametrize("complete", [None, False, "no", "否", ""])
def test_no_confirmed_span_is_said_in_any_of_its_forms(complete):
    assert read_typed({"where": "", "transactions": None, "complete": complete}, today=TODAY) == {
        "where": None, "transactions": [], "complete": None}


@pytest.mark.parametrize("raw, tail", [
    (None, None), ("", None), ("1234", "1234"), ("尾号1234", "1234"), ("ending in 1234", "1234"),
    ("6225 88** **** 1234", "1234"), ("XXXX-XXXX-XXXX-1234", "1234"), ("xxxx xxxx xxxx 1234", "1234"),
])
def test_a_card_tail_is_read_from_each_way_staff_type_it(raw, tail):
    assert card_tail(raw) == tail


@pytest.mark.parametrize("raw, tail", [("尾号", None), ("ending in ", None), ("Endziffern:", None),
                                       ("12 34", "1234"), ("12-34", "1234"), ("尾号 62 25 12 34", "1234")])
def test_a_card_word_alone_is_no_card_and_the_digits_may_be_spaced(raw, tail):
    # only the card word typed: the optional card left empty, not refused; spaces and dashes between the digits
    # are dropped before the last four are read
    assert card_tail(raw) == tail
    assert read_field("card", raw) == tail


def test_a_card_word_is_taken_once():
    with pytest.raises(TypedInputError):
        card_tail("尾号尾号1234")


def test_the_typed_records_carry_every_field_typed_and_say_what_was_not():
    lines = [line(), {"amount": "12.50 EUR", "time": "14:10", "result": "退货"}]
    ev = evidence(typed(*lines, complete=None), today=TODAY, now=LATER)
    assert [(r.kind, r.result, r.amount, r.currency, r.time, r.receipt_number, r.pan_masked, r.source)
            for r in ev.records] == [
        ("payment", "approved", Decimal("99.00"), None, datetime(2026, 12, 6, 14, 5), 122, "**** 1234", "typed"),
        ("refund", "approved", Decimal("12.50"), "EUR", datetime(2026, 12, 6, 14, 10), None, None, "typed")]
    assert (ev.not_reported, ev.complete) == (("period", "card"), False)
    confirmed = evidence(typed(line()), today=TODAY, now=LATER)
    assert (confirmed.not_reported, confirmed.complete) == ((), True)


@pytest.mark.parametrize("name, raw, kept", [
    ("voucher", None, None), ("voucher", False, None), ("card", True, None), ("voucher", "000 123", "000123"),
    ("amount", "999999999.99", "999999999.99"), ("time", "昨天 23:50", "2026-12-05 23:50"),
    ("time", "yesterday 23:50", "2026-12-05 23:50"), ("result", "Zahlung  erfolgt", "成功"),
])
def test_a_field_at_its_edges_is_kept_as_typed(name, raw, kept):
    assert read_field(name, raw, today=TODAY) == kept


@pytest.mark.parametrize("name, raw, en", [
    ("amount", "1000000000", "amount: type the amount as a number, e.g. 99.00"),
    ("where", "tray", "where you read them: answer list (交易明细), last (末笔查询), voucher (按凭证号查询) or slip "
                      "(重打印)"),
    ("colour", "red", "colour: unknown field"),
])
def test_a_field_refused_says_which_and_why(name, raw, en):
    with pytest.raises(TypedInputError) as exc:
        read_field(name, raw, today=TODAY)
    assert (exc.value.text.en, exc.value.field) == (en, name)


def test_yesterday_is_read_against_the_day_the_list_was_typed():
    raw = {"transactions": [line(time="昨天 14:05")], "complete": {"from": "昨天 14:00", "to": "昨天 14:30"}}
    typed_list = read_typed(raw, today=TODAY)
    assert typed_list["transactions"][0]["time"] == "2026-12-05 14:05"
    assert typed_list["complete"] == {"from": "2026-12-05 14:00", "to": "2026-12-05 14:30"}


def test_a_span_of_one_minute_is_taken_and_one_with_another_key_is_not():
    assert read_typed({"transactions": [], "complete": {"from": "14:00", "to": "14:00"}}, today=TODAY)["complete"] == {
        "from": "14:00", "to": "14:00"}
    with pytest.raises(TypedInputError) as exc:
        read_typed({"transactions": [], "complete": {"from": "14:00", "to": "14:30", "at": "x"}}, today=TODAY)
    assert exc.value.text.en == 'complete from/to: give both times: complete: {from: "14:00", to: "14:30"}'


def test_an_empty_amount_is_a_value_needed():
    with pytest.raises(TypedInputError) as exc:
        read_typed({"transactions": [line(amount="")]}, today=TODAY)
    assert exc.value.text.en == "transaction 1, amount: this value is needed"
