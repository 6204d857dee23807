"""The third article's questions: which of the terminal's approved payments are in the statement, which are missing,
refunded or reversed; one customer's payment by order number or by amount and time; the statement as evidence."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_doctor.payments.model import TerminalEvidence, TerminalRecord
from pos_doctor.statements import parse
from pos_doctor.statements.match import Asked, compare, find_payment, to_evidence
from tests.statements import bills as B

DAY = datetime(2026, 12, 5, 9, 0, 0)


def terminal(txs, drift_s=0):
    return [TerminalRecord(result="approved", amount=t.amount, currency="CNY", time=t.time + timedelta(seconds=drift_s),
                           trace_number=i + 1, pan_masked="672500*********0019", source="journal")
            for i, t in enumerate(txs)]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 30), data=st.data(), drift=st.integers(-120, 120), layout=st.sampled_from(["wechat", "alipay"]))
def test_exactly_the_payments_left_out_of_the_statement_are_missing(n, data, drift, layout):
    # distinct amounts or times far apart: amount and time tell each payment apart, as at a real till
    txs = [B.Tx(DAY + timedelta(minutes=7 * i), Decimal(100 + i * 13) / 100, f"T{i:06d}") for i in range(n)]
    left_out = data.draw(st.sets(st.integers(0, n - 1), max_size=n - 1))
    kept = [t for i, t in enumerate(txs) if i not in left_out]
    st_ = parse(B.wechat(kept) if layout == "wechat" else B.alipay(kept), "bill.csv")
    result = compare(st_, terminal(txs, drift))
    assert sorted(m["terminal"]["trace_number"] - 1 for m in result["missing"]) == sorted(left_out)
    assert len(result["in_statement"]) == n - len(left_out) and result["terminal"]["payments"] == n


def test_a_payment_read_twice_counts_once_and_a_wrong_card_does_not_match():
    txs = B.day_of(3, step_s=600)
    s = parse(B.portal_csv(txs, pan="6725000000000000019"), "p.csv", __import__("tests.statements.test_parsers", fromlist=["MAPPING"]).MAPPING)
    recs = terminal(txs)
    result = compare(s, recs + recs[:1])
    assert result["terminal"]["payments"] == 3 and not result["missing"]
    other = [TerminalRecord(result="approved", amount=txs[0].amount, currency="CNY", time=txs[0].time,
                            pan_masked="411111******1111", source="journal")]
    assert len(compare(s, other)["missing"]) == 1


def test_refunded_reversed_and_duplicated_rows_are_reported():
    txs = B.day_of(6, step_s=600)
    txs[1] = B.Tx(txs[1].time, txs[1].amount, txs[1].order, "refunded")
    txs[2] = B.Tx(txs[2].time, txs[2].amount, txs[2].order, "reversed")
    txs.append(B.Tx(txs[3].time + timedelta(seconds=5), txs[3].amount, txs[3].order))  # the same order twice
    result = compare(parse(B.wechat(txs), "bill.csv"), None)
    assert [r["order_number"] for r in result["refunded"]] == [txs[1].order]
    assert [r["order_number"] for r in result["reversed"]] == [txs[2].order]
    assert [r["order_number"] for r in result["duplicated"]] == [txs[3].order, txs[3].order]
    assert result["terminal"] == {"available": False, "payments": None} and result["missing"] == []
    assert result["totals"]["refunds"] == 1 and result["totals"]["refunded"] == f"{txs[1].amount:.2f}"


def test_one_customers_payment():
    txs = B.day_of(4, step_s=600)
    txs[2] = B.Tx(txs[2].time, txs[2].amount, txs[2].order, "refunded")
    s = parse(B.wechat(txs), "bill.csv")
    assert find_payment(s, Asked(order=txs[0].order[-6:]))["verdict"] == "settled"
    assert find_payment(s, Asked(amount=txs[1].amount, time=txs[1].time + timedelta(minutes=2)))["verdict"] == "settled"
    assert find_payment(s, Asked(order=txs[2].order))["verdict"] == "refunded"
    assert find_payment(s, Asked(amount=Decimal("999.99"), time=txs[0].time))["verdict"] == "not_in_statement"
    assert find_payment(s, Asked(amount=txs[0].amount, time=txs[0].time + timedelta(days=3)))["verdict"] == "not_covered"
    assert find_payment(s, Asked())["verdict"] == "not_asked"


def test_the_statement_as_evidence_names_its_source():
    s = parse(B.wechat(B.day_of(148)), "bill.csv")
    ev = to_evidence(s)
    assert ev.origin == "statement" and ev.origin_label.en == "WeChat Pay bill of 2026-12-05, 148 orders"
    assert all(r.source == "statement" and r.order_number for r in ev.records)
    back = TerminalEvidence.from_json(ev.to_json())
    assert back == ev and back.origin_label.zh == "微信支付账单（2026-12-05，148笔）"
    assert TerminalEvidence.from_json({"readable": True}).origin == "link"  # old JSON: the link, no label
