"""Issue 24: a provider's statement as a reconcile step's evidence. The same transactions give the same verdict
whether they were read over the terminal's link, typed by staff from the POS机 (a list confirmed complete over the
same times) or imported from a statement; the verdict names the statement and never speaks of the terminal."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from pos_doctor.payments.model import CustomerEvidence, TerminalEvidence, TerminalRecord
from pos_doctor.payments.reconcile import reconcile
from pos_doctor.payments.typed import evidence as typed_evidence, read_typed
from pos_doctor.statements import read as statement_read
from pos_doctor.statements.evidence import statement_evidence
from pos_doctor.statements.model import Statement, StatementRow
from tests.statements import bills as B

DAY = datetime(2026, 12, 5)
BASE = DAY.replace(hour=14)
STATES = {"成功": ("approved", "approved"), "失败": ("failed", "declined"), "撤销": ("reversed", "reversed")}


@st.composite
def lines(draw):
    n = draw(st.integers(0, 6))
    vouchers = draw(st.lists(st.integers(1, 999999), min_size=n, max_size=n, unique=True))
    return [{"amount": draw(st.sampled_from(["99.00", "49.99", "12.00"])),
             "time": f"14:{draw(st.integers(0, 59)):02d}", "card": draw(st.sampled_from([None, "1234", "0119"])),
             "voucher": f"{v:06d}", "result": draw(st.sampled_from(list(STATES)))} for v in vouchers]


def _when(x: dict) -> datetime:
    return BASE.replace(minute=int(x["time"][3:]))


def as_statement(xs: list[dict]) -> Statement:
    """The transactions as an acquirer's statement of the day lists them (a card payment's voucher number as its
    order number, the card masked)."""
    rows = tuple(StatementRow(line=i + 2, time=_when(x), amount=Decimal(x["amount"]), state=STATES[x["result"]][0],
                              order_number=x["voucher"], trace_number=x["voucher"],
                              card=f"622588******{x['card']}" if x["card"] else None)
                 for i, x in enumerate(xs))
    return Statement("mapping", "export.csv", "utf-8", rows, period=(DAY.date(), DAY.date()))


def as_read_over_the_link(xs: list[dict]) -> TerminalEvidence:
    """The same transactions in the terminal's period listing, the period being the statement's day."""
    records = tuple(TerminalRecord(result=STATES[x["result"]][1], amount=Decimal(x["amount"]), time=_when(x),
                                   trace_number=int(x["voucher"]), receipt_number=int(x["voucher"]),
                                   pan_masked=f"622588******{x['card']}" if x["card"] else None, source="journal")
                    for x in xs)
    return TerminalEvidence(readable=True, records=records, complete=True, covers_from=datetime.combine(DAY, time()),
                            read_at=datetime.combine(DAY, time(23, 59, 59)))


customers = st.builds(
    CustomerEvidence, amount=st.sampled_from([Decimal("99.00"), Decimal("49.99")]),
    time=st.integers(5, 54).map(lambda m: BASE.replace(minute=m)), card_last4=st.sampled_from([None, "1234", "0119"]),
    debit=st.sampled_from([None, True, False]), method=st.sampled_from([None, "card", "qr"]))

TERMINAL_WORDS = ("terminal's records", "The terminal", "the terminal listed", "POS机记录", "POS机列出", "这台POS机")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(xs=lines(), c=customers)
def test_property_statement_rows_typed_lists_and_link_records_give_one_verdict(xs, c):
    link = reconcile(c, as_read_over_the_link(xs))
    imported = reconcile(c, statement_evidence(as_statement(xs)))
    # staff typed the same transactions from the POS机 and confirmed the list holds every one from 14:00 to 14:59
    typed = read_typed({"where": "list", "transactions": xs, "complete": {"from": "14:00", "to": "14:59"}},
                       today=DAY.date())
    by_hand = reconcile(c, typed_evidence(typed, today=DAY.date(), now=DAY.replace(hour=15)))
    if c.method == "qr":  # a QR payment is not in the card terminal; a statement lists QR orders too
        assert link.verdict == "unknown" and link.reasons[0].code == "qr_not_in_terminal"
        c = CustomerEvidence(**{**c.__dict__, "method": None})
        link, by_hand = reconcile(c, as_read_over_the_link(xs)), reconcile(c, typed_evidence(
            typed, today=DAY.date(), now=DAY.replace(hour=15)))
    for other in (imported, by_hand):
        assert (other.verdict, other.double_charge, other.finding) == (link.verdict, link.double_charge, link.finding)
        assert other.reasons[0].code == link.reasons[0].code
    assert imported.origin == "statement" and imported.origin_label.en.startswith("statement of 2026-12-05, ")
    said = [r.text for r in imported.reasons] + [imported.summary()]
    for text in said:
        assert not any(w in text.en or w in text.zh for w in TERMINAL_WORDS), text
    assert "Source: statement of 2026-12-05" in imported.summary().en
    assert "来源：对账单（2026-12-05" in imported.summary().zh


@settings(max_examples=200, deadline=None)
@given(xs=lines(), c=customers, where=st.sampled_from(["list", "last", "voucher", "slip", None]))
def test_property_an_incomplete_typed_list_never_gives_not_charged_even_with_a_statements_rows(xs, c, where):
    # the statement is complete, the typed list is not: only the statement may say "not charged"
    t = read_typed({"where": where, "transactions": xs}, today=DAY.date())
    assert reconcile(c, typed_evidence(t, today=DAY.date(), now=DAY.replace(hour=15))).verdict != "not_charged"


def test_a_wechat_bill_decides_one_customers_qr_payment_and_names_itself(tmp_path):
    txs = B.day_of(148)
    path = tmp_path / "bill.csv"
    path.write_bytes(B.wechat(txs))
    ev = statement_evidence(statement_read.read_statement(path))
    assert ev.origin_label.en == "WeChat Pay bill of 2026-12-05, 148 orders"
    paid = txs[40]
    c = CustomerEvidence(amount=paid.amount, time=paid.time, method="qr")
    r = reconcile(c, ev)
    assert r.verdict == "charged" and r.matched[0].order_number == paid.order
    assert r.to_json()["decided_by"] == {"origin": "statement", "label": ev.origin_label.to_json()}
    # a payment the bill does not hold (the shop opened at 09:00): the bill lists every order of its day, none could
    # be it
    missing = reconcile(CustomerEvidence(amount=Decimal("12.34"), time=paid.time.replace(hour=8), method="qr"), ev)
    assert missing.verdict == "unknown" and missing.finding == "debit_without_attempt"
    assert "this statement does not explain the debit" in missing.reasons[0].text.en
    # a day the bill does not cover
    other_day = reconcile(CustomerEvidence(amount=paid.amount, time=paid.time.replace(day=6), method="qr"), ev)
    assert other_day.verdict == "unknown" and other_day.reasons[0].code == "outside_coverage"


def test_the_missing_payment_is_the_payment_asked_about_and_a_customers_values_win():
    c = CustomerEvidence.from_values({"missing_amount": "12.00", "missing_time": "2026-12-05 14:00",
                                      "missing_order": "T0000000040"})
    assert (c.amount, c.time, c.order_number) == (Decimal("12.00"), BASE, "T0000000040")
    c = CustomerEvidence.from_values({"customer_amount": "99.00", "customer_time": "2026-12-05 14:05",
                                      "missing_amount": "12.00", "missing_order": "T0000000040"})
    assert (c.amount, c.order_number) == (Decimal("99.00"), None)
    assert CustomerEvidence.from_values({"customer_order_number": "00123456"}).order_number == "00123456"
