"""The statement parsers on files generated from the published layouts: WeChat Pay bills (UTF-8, with and without a
BOM, GBK), Alipay statements (GBK, GB18030, UTF-8), portal exports through a mapping file (CSV and XLSX); damaged
files (wrong encoding, cut off, a column missing, rows missing); any bytes give a statement or the bad-file error."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_doctor.statements import StatementError, parse
from pos_doctor.statements.mapping import check_mapping
from tests.statements import bills as B

MAPPING = check_mapping(yaml.safe_load(B.PORTAL_MAPPING), "portal.yaml", lambda path: None)

txs_strategy = st.lists(
    st.builds(B.Tx,
              time=st.datetimes(min_value=datetime(2026, 12, 5), max_value=datetime(2026, 12, 5, 23, 0)).map(lambda t: t.replace(microsecond=0)),
              amount=st.integers(1, 10**7).map(lambda c: Decimal(c) / 100),
              order=st.from_regex(r"[A-Z0-9]{6,20}", fullmatch=True),
              state=st.sampled_from(["approved", "approved", "refunded", "reversed"]),
              name=st.sampled_from(["咖啡", "午餐 套餐", "Milk tea", "会员卡 4111111111111111 充值", "电话 13812345678"])),
    min_size=1, max_size=25)


def _payments(statement):
    return [r for r in statement.rows if r.kind == "payment"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(txs=txs_strategy, enc=st.sampled_from([("utf-8", False), ("utf-8", True), ("gbk", False), ("gb18030", False)]))
def test_wechat_bill_round_trip(txs, enc):
    s = parse(B.wechat(txs, encoding=enc[0], bom=enc[1]), "bill.csv")
    assert s.layout == "wechat" and s.encoding in ("utf-8", "utf-8-sig", "gb18030")
    pays = _payments(s)
    assert [(r.time, r.amount, r.order_number) for r in pays] == [(t.time, t.amount, t.order) for t in txs]
    assert [r.state for r in pays] == [{"refunded": "approved"}.get(t.state, t.state) for t in txs]
    refunds = [r for r in s.rows if r.kind == "refund"]
    assert [(r.order_number, r.amount) for r in refunds] == [(t.order, t.amount) for t in txs if t.state == "refunded"]
    assert s.declared["count"] == len(s.rows) and all(r.merchant_id == B.MERCHANT for r in s.rows)
    for r in s.rows:  # a card or phone number in free text never shows whole
        assert "4111111111111111" not in (r.note or "") and "13812345678" not in (r.note or "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(txs=txs_strategy.map(lambda ts: [t for t in ts if t.state != "reversed"] or [B.Tx(datetime(2026, 12, 5, 9), Decimal("1.00"), "X1")]),
       enc=st.sampled_from(["gbk", "gb18030", "utf-8"]))
def test_alipay_statement_round_trip(txs, enc):
    s = parse(B.alipay(txs, encoding=enc), "alipay.csv")
    assert s.layout == "alipay" and s.period is not None
    pays = _payments(s)
    assert [(r.time, r.amount, r.order_number) for r in pays] == [(t.time, t.amount, t.order) for t in txs]
    assert [r.order_number for r in s.rows if r.kind == "refund"] == [t.order for t in txs if t.state == "refunded"]
    assert all(r.merchant_id == "20881234567890120156" for r in s.rows)  # a merchant's account: not masked
    assert all(r.fee is not None and r.fee >= 0 for r in pays)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(txs=txs_strategy, enc=st.sampled_from(["gbk", "utf-8"]))
def test_portal_export_through_a_mapping_round_trip(txs, enc):
    s = parse(B.portal_csv(txs, encoding=enc), "portal.csv", MAPPING)
    assert s.layout == "mapping" and s.name.en == "Acquirer portal export"
    assert [(r.time, r.amount, r.state) for r in s.rows] == [(t.time, t.amount, t.state) for t in txs]
    assert all(r.card == "622202*********0123" for r in s.rows)  # the card column: first 6 and last 4 at most
    assert [r.order_number for r in s.rows] == [f"{i + 1:06d}" for i in range(len(txs))]  # vouchers: not masked


def test_portal_export_as_xlsx():
    txs = B.day_of(12)
    s = parse(B.portal_xlsx(txs), "portal.xlsx", MAPPING)
    assert s.encoding == "xlsx" and len(s.rows) == 12
    assert [(r.time, r.amount) for r in s.rows] == [(t.time, t.amount) for t in txs]


def test_label_names_provider_day_and_orders():
    s = parse(B.wechat(B.day_of(148)), "bill.csv")
    assert s.label().en == "WeChat Pay bill of 2026-12-05, 148 orders"
    assert s.label().zh == "微信支付账单（2026-12-05，148笔）"


@given(data=st.binary(max_size=400))
@settings(max_examples=300, deadline=None)
def test_any_bytes_give_a_statement_or_the_bad_file_error(data):
    for mapping in (None, MAPPING):
        try:
            parse(data, "x.csv", mapping)
        except StatementError as exc:
            assert exc.where.file == "x.csv" and exc.lines("en") and exc.lines("zh") and exc.hint and exc.hint_text("zh")


@given(cut=st.integers(1, 2000), which=st.sampled_from(["wechat", "alipay"]))
@settings(max_examples=200, deadline=None)
def test_a_bill_cut_anywhere_is_refused_never_misread(cut, which):
    full = B.wechat(B.day_of(20)) if which == "wechat" else B.alipay(B.day_of(20))
    data = full[:max(1, len(full) - cut)]
    whole = parse(full, "cut.csv")
    try:
        got = parse(data, "cut.csv")
    except StatementError as exc:
        assert exc.where.line is not None
    else:  # only the line end or the last figures of the closing lines were cut: every row is still there
        assert got.rows == whole.rows and got.declared.get("count") == whole.declared.get("count")


@given(prefix=st.binary(min_size=0, max_size=50), noise=st.binary(min_size=1, max_size=50))
@settings(max_examples=100, deadline=None)
def test_bytes_spliced_into_a_bill_never_crash(prefix, noise):
    full = B.wechat(B.day_of(5))
    at = len(full) // 2
    for data in (prefix + full, full[:at] + noise + full[at:]):
        try:
            parse(data, "x.csv")
        except StatementError:
            pass


def test_wrong_encoding_names_line_and_column():
    data = B.wechat(B.day_of(3)).replace("咖啡".encode(), b"\xff\xfe", 1)
    with pytest.raises(StatementError) as err:
        parse(data, "bill.csv")
    assert (err.value.where.line, err.value.where.column) == (2, data.split(b"\r\n")[1].index(b"\xff") + 1)
    assert "not UTF-8 or GBK/GB18030 text" in err.value.lines("en")[0]
    assert err.value.lines("zh")[0].startswith("bill.csv 第 2 行第")


def test_gbk_file_read_as_the_mapping_says_utf8_is_refused():
    m = check_mapping({**yaml.safe_load(B.PORTAL_MAPPING), "encoding": "utf-8"}, "m.yaml", lambda p: None)
    with pytest.raises(StatementError) as err:
        parse(B.portal_csv(B.day_of(3), encoding="gbk"), "p.csv", m)
    assert "not UTF-8 text" in err.value.en and "encoding" in err.value.hint


def test_a_column_missing_from_the_header_is_named():
    data = B.wechat(B.day_of(3)).decode().replace("商户订单号", "订单", 1).encode()
    with pytest.raises(StatementError) as err:
        parse(data, "bill.csv")
    assert err.value.where.line == 1 and "has no column 商户订单号" in err.value.en and "缺少“商户订单号”" in err.value.zh


def test_a_row_missing_a_cell_is_named():
    lines = B.wechat(B.day_of(3)).decode().split("\r\n")
    lines[2] = lines[2].rsplit(",", 1)[0]
    with pytest.raises(StatementError) as err:
        parse("\r\n".join(lines).encode(), "bill.csv")
    assert err.value.where.line == 3 and "cut off or a column is missing" in err.value.en


def test_rows_removed_from_a_bill_disagree_with_its_summary():
    lines = B.wechat(B.day_of(5)).decode().split("\r\n")
    del lines[3]
    with pytest.raises(StatementError) as err:
        parse("\r\n".join(lines).encode(), "bill.csv")
    assert "says 5 rows, the file holds 4" in err.value.en


def test_alipay_without_its_end_line_is_cut_off():
    with pytest.raises(StatementError) as err:
        parse(B.alipay(B.day_of(4), end=False), "a.csv")
    assert "cut off" in err.value.en


def test_an_unknown_layout_asks_for_a_mapping_file():
    with pytest.raises(StatementError) as err:
        parse(B.portal_csv(B.day_of(2)), "p.csv")
    assert err.value.where.line == 1 and "--mapping" in err.value.hint and "映射文件" in err.value.hint_text("zh")


def test_a_damaged_workbook_is_refused():
    data = B.portal_xlsx(B.day_of(3))
    with pytest.raises(StatementError) as err:
        parse(data[: len(data) // 2], "p.xlsx", MAPPING)
    assert "not a readable XLSX workbook" in err.value.en


def test_a_hundred_thousand_rows():
    start = datetime(2026, 12, 5, 0, 0, 1)
    txs = [B.Tx(start + timedelta(seconds=i * 86_000 // 100_000), Decimal(100 + i % 9000) / 100, f"O{i:09d}")
           for i in range(100_000)]
    s = parse(B.wechat(txs), "big.csv")
    assert len(s.rows) == 100_000 and s.declared["count"] == 100_000
    totals = s.totals()
    assert totals["payments"] == 100_000 and totals["amount"] == sum(t.amount for t in txs)
