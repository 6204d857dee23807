"""`pos-doctor statement import` through the real CLI: screens in en and zh, --json, exit codes, bad files (one screen
naming file, line and column, exit 3), nothing written; and a funds-not-arrived walk that imports a statement and
names the payment missing from it."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest

from tests.cli.test_fix import run, scenario
from tests.clock import away_from_midnight
from tests.statements import bills as B


def _bill(tmp_path, name="bill.csv", txs=None, **kw):
    path = tmp_path / name
    path.write_bytes(B.wechat(txs if txs is not None else B.day_of(5, step_s=600), **kw))
    return str(path)


def test_a_bill_without_terminal_records_reports_its_totals_and_exits_1(tmp_path):
    txs = B.day_of(5, step_s=600)
    txs[1] = B.Tx(txs[1].time, txs[1].amount, txs[1].order, "refunded")
    p = run(tmp_path, "statement", "import", _bill(tmp_path, txs=txs))
    assert p.returncode == 1, p.stderr
    assert p.stdout.splitlines()[0] == f"WeChat Pay bill of 2026-12-05, 5 orders ({tmp_path}/bill.csv, UTF-8)"
    assert "No terminal records to compare" in p.stdout and f"Refunded: 1\n  - {txs[1].amount:.2f}" in p.stdout
    assert not (tmp_path / "data").exists()  # nothing stored: no history database, no file


def test_zh_screen_has_no_english(tmp_path):
    txs = [B.Tx(t.time, t.amount, f"2026120500{i:04d}") for i, t in enumerate(B.day_of(5, step_s=600))]
    bill = _bill(tmp_path, txs=txs, encoding="gbk")
    p = run(tmp_path, "--lang", "zh", "statement", "import", bill, "--amount", "1.00", "--time", "09:00")
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "微信支付账单（2026-12-05，5笔）" in out and "所查的付款（1.00 元，2026-12-05 09:00:00）：账单里显示已支付" in out
    from tests.i18n.zhlint import screen_problems

    assert screen_problems(out.replace(bill, "")) == []  # the file's path is data, not language


def test_json_answers_the_questions(tmp_path):
    txs = B.day_of(4, step_s=600)
    p = run(tmp_path, "statement", "import", _bill(tmp_path, txs=txs), "--order", txs[2].order, "--json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["kind"] == "statement" and doc["schema_version"] == 1 and doc["exit_code"] == 0
    assert doc["statement"]["layout"] == "wechat" and doc["day"] == "2026-12-05"
    assert doc["payment"]["verdict"] == "settled" and doc["payment"]["rows"][0]["order_number"] == txs[2].order
    assert doc["totals"]["payments"] == 4 and doc["terminal"] == {"available": False, "payments": None, "source": None}


def test_a_payment_not_in_the_statement_exits_2(tmp_path):
    p = run(tmp_path, "statement", "import", _bill(tmp_path), "--amount", "77.77", "--time", "2026-12-05 10:00")
    assert p.returncode == 2
    assert "The payment asked about (77.77, 2026-12-05 10:00:00): NOT in the statement" in p.stdout


@pytest.mark.parametrize("damage,where,said", [
    (lambda b: b.replace("咖啡".encode(), b"\xff\xfe", 1), ":2:", "not UTF-8 or GBK/GB18030 text"),
    (lambda b: b[: len(b) // 2], ":", "cut off"),
    (lambda b: b.decode().replace("交易状态", "状态", 1).encode(), ":1:", "has no column 交易状态"),
])
def test_bad_files_get_one_screen_and_exit_3(tmp_path, damage, where, said):
    path = tmp_path / "bill.csv"
    path.write_bytes(damage(B.wechat(B.day_of(40))))
    for lang, head in (("en", "Error: invalid statement"), ("zh", "错误：文件无效：账单文件")):
        p = run(tmp_path, "--lang", lang, "statement", "import", str(path))
        assert p.returncode == 3 and p.stdout == ""
        assert p.stderr.startswith(head) and "Traceback" not in p.stderr
        assert str(path) in p.stderr and ("What to do:" in p.stderr or "怎么办：" in p.stderr)
        if lang == "en":
            assert where in p.stderr and said in p.stderr


def test_an_unknown_layout_and_a_portal_export_with_its_mapping(tmp_path):
    csv_path, m_path = tmp_path / "portal.csv", tmp_path / "portal.yaml"
    csv_path.write_bytes(B.portal_csv(B.day_of(3, step_s=600)))
    m_path.write_text(B.PORTAL_MAPPING, encoding="utf-8")
    p = run(tmp_path, "statement", "import", str(csv_path))
    assert p.returncode == 3 and "not a known statement layout" in p.stderr and "--mapping" in p.stderr
    p = run(tmp_path, "statement", "import", str(csv_path), "--mapping", str(m_path), "--json")
    assert p.returncode == 1, p.stderr
    doc = json.loads(p.stdout)
    assert doc["statement"]["label"]["en"] == "Acquirer portal export of 2026-12-05, 3 orders"
    assert "6222021234567890123" not in p.stdout  # the card column never leaves whole


def test_bad_arguments_exit_3(tmp_path):
    bill = _bill(tmp_path)
    for args, said in ((["--day", "yesterday"], "--day 'yesterday' is not a date"),
                       (["--amount", "lots"], "--amount 'lots' is not an amount"),
                       (["--order", "12"], "at least its last 4 characters")):
        p = run(tmp_path, "statement", "import", bill, *args)
        assert p.returncode == 3 and said in p.stderr
    p = run(tmp_path, "statement", "import", str(tmp_path / "none.csv"))
    assert p.returncode == 3 and "no such file" in p.stderr


def test_schema_of_the_mapping_file(tmp_path):
    p = run(tmp_path, "schema", "statement-mapping")
    assert p.returncode == 0 and json.loads(p.stdout)["title"] == "pos-doctor statement mapping file"


def test_compared_with_a_terminal_read_now(tmp_path):
    now = away_from_midnight().replace(microsecond=0)  # "3 minutes ago" is today's
    journal = [{"result": 0, "amount": 1250, "currency": 156, "trace": 41, "receipt": 16, "minutes_ago": 3},
               {"result": 0, "amount": 3300, "currency": 156, "trace": 42, "receipt": 17, "minutes_ago": 2}]
    sc = scenario(tmp_path, "shop-day", terminal={"ecr_prints": True, "journal": journal})
    bill = tmp_path / "bill.csv"
    bill.write_bytes(B.wechat([B.Tx(now - timedelta(minutes=3), Decimal("12.50"), "A1")]))
    p = run(tmp_path, "statement", "import", str(bill), "--simulate", sc, "--day", now.date().isoformat(), "--json")
    assert p.returncode == 2, p.stderr
    doc = json.loads(p.stdout)
    assert doc["terminal"]["source"] == "terminal" and doc["terminal"]["payments"] == 2
    assert [m["terminal"]["trace_number"] for m in doc["missing"]] == [42]


def test_funds_not_arrived_walk_names_the_payment_missing_from_the_statement(tmp_path):
    now = away_from_midnight().replace(microsecond=0)  # "3 minutes ago" is today's
    journal = [{"result": 0, "amount": 1250, "currency": 156, "trace": 41, "receipt": 16, "minutes_ago": 3},
               {"result": 0, "amount": 3300, "currency": 156, "trace": 42, "receipt": 17, "minutes_ago": 2},
               {"result": 0, "amount": 880, "currency": 156, "trace": 43, "receipt": 18, "minutes_ago": 1}]
    sc = scenario(tmp_path, "shop-day", terminal={"ecr_prints": True, "journal": journal})
    (tmp_path / "portal.csv").write_bytes(B.portal_csv([B.Tx(now - timedelta(minutes=3), Decimal("12.50"), "A1"),
                                                        B.Tx(now - timedelta(minutes=1), Decimal("8.80"), "A3")],
                                                       pan="6725000000000000019"))
    (tmp_path / "portal.yaml").write_text(B.PORTAL_MAPPING, encoding="utf-8")
    answers = {"card-or-qr": "card", "record-amount": "33.00",
               "record-time": (now - timedelta(minutes=2)).strftime("%Y-%m-%d %H:%M"), "reconcile": "done",
               "really-missing": "statement", "statement-where": "done", "record-statement-file": "portal.csv",
               "record-statement-mapping": "portal.yaml", "record-statement-order": "", "statement-says": "not-there", "statement-missing": "done",
               "provider-records": "done", "provider-found": "unknown"}
    for lang in ("en", "zh"):
        p = run(tmp_path, "--lang", lang, "fix", "funds-not-arrived", "--simulate", sc, "--json", answers=answers)
        assert p.returncode == 2, p.stderr[-3000:]
        doc = json.loads(p.stdout)
        assert doc["outcome"] == "escalated" and doc["values"]["statement_finding"] == "not_in_statement"
        ev = doc["escalations"][-1]["evidence"]["statement"]
        assert len(ev["missing"]) == 1 and ev["missing"][0]["en"].startswith("payment approved: 33.00 CNY, ")
        assert ev["missing"][0]["en"].endswith(", trace 42") and ev["missing"][0]["zh"].endswith("，流水号 42")
        assert ev["label"]["en"] == f"Acquirer portal export of {now:%Y-%m-%d}, 2 orders"
        shown = "POS机有、账单里没有：付款成功：33.00 元" if lang == "zh" else "In the terminal, not in the statement: payment approved: 33.00 CNY"
        assert shown in p.stderr
        assert ("账单里没有这笔  ← 账单显示的结果" if lang == "zh" else "It is not in the statement  ← what the statement shows") in p.stderr


def test_a_qr_payment_found_in_the_wechat_bill_by_its_order_number(tmp_path):
    txs = B.day_of(6, step_s=600)
    (tmp_path / "bill.csv").write_bytes(B.wechat(txs))
    answers = {"card-or-qr": "qr", "qr-order-number": "done", "record-amount": f"{txs[4].amount:.2f}",
               "record-time": "2026-12-05 12:00", "reconcile": "done", "really-missing": "statement",
               "statement-where": "done", "record-statement-file": "bill.csv", "record-statement-mapping": "",
               "record-statement-order": txs[4].order[-6:], "statement-says": "paid", "statement-paid": "done",
               "wait-for-money": "2026-12-08"}
    p = run(tmp_path, "--lang", "zh", "fix", "funds-not-arrived", "--simulate", "healthy", "--json", answers=answers)
    assert p.returncode == 2, p.stderr[-3000:]
    doc = json.loads(p.stdout)
    assert doc["values"]["statement_finding"] == "settled" and doc["outcome"] == "not_resolved"
    assert "微信支付账单（2026-12-05，6笔）：所说的这笔付款——账单里显示已支付" in p.stderr
    assert "本次流程没有POS机记录可与账单比对" in p.stderr  # a QR payment: the card terminal's journal was not read
    assert "账单里有，显示已支付  ← 账单显示的结果" in p.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_without_a_terminal_the_statements_rows_decide_the_walks_verdict_and_name_it(tmp_path, lang):
    """No terminal configured: the imported bill is the reconcile step's evidence (`source: statement`); the verdict
    names the bill; a payment the bill does not hold is the provider's (the bill lists every order of its day)."""
    txs = B.day_of(148)
    (tmp_path / "bill.csv").write_bytes(B.wechat(txs))
    base = {"card-or-qr": "qr", "qr-order-number": "done", "reconcile": "done", "really-missing": "statement",
            "statement-where": "done", "record-statement-file": "bill.csv", "record-statement-mapping": "",
            "record-statement-order": ""}
    paid = {**base, "record-amount": f"{txs[40].amount:.2f}", "record-time": f"{txs[40].time:%Y-%m-%d %H:%M}",
            "statement-says": "paid", "statement-paid": "done", "wait-for-money": "2026-12-08"}
    p = run(tmp_path, "--lang", lang, "fix", "funds-not-arrived", "--json", answers=paid)
    doc = json.loads(p.stdout)
    assert doc["target"].get("terminal_port") in (None, "") and not doc["target"].get("simulated")
    pay = doc["payment"]
    assert pay["verdict"] == "charged" and pay["decided_by"]["origin"] == "statement", p.stderr[-3000:]
    label = pay["decided_by"]["label"]  # a message as a record keeps it: its id and parameters, its en and zh
    assert {k: label[k] for k in ("en", "zh")} == {"en": "WeChat Pay bill of 2026-12-05, 148 orders",
                                                   "zh": "微信支付账单（2026-12-05，148笔）"}
    assert pay["matched"][0]["order_number"] == txs[40].order
    entry = next(e for e in doc["steps"] if e.get("id") == "reconcile-statement")
    assert "action" not in entry and entry["origin"] == "statement"  # nothing read from a device
    if lang == "zh":
        assert "来源：微信支付账单（2026-12-05，148笔）" in p.stderr
        assert "支付服务商的对账单显示这笔付款已成功" in p.stderr
    else:
        assert "Source: WeChat Pay bill of 2026-12-05, 148 orders" in p.stderr and "terminal's records" not in p.stderr
    report = run(tmp_path, "report", str(doc["run_id"]), "--format", "md", "--lang", lang).stdout
    if lang == "zh":
        assert "- **来源**：微信支付账单（2026-12-05，148笔）" in report and "比对过的对账单订单" in report
        assert "支付服务商对账单" in report and "抄录" not in report
    else:
        assert "- **Source**: WeChat Pay bill of 2026-12-05, 148 orders" in report
        assert "Statement rows compared" in report
        assert "The provider's statement" in report and "typed" not in report.lower().replace("not typed", "")
    missing = {**base, "record-amount": "12.34", "record-time": "2026-12-05 08:00", "statement-says": "not-there",
               "statement-missing": "done", "provider-records": "done", "provider-found": "unknown"}
    p = run(tmp_path, "--lang", lang, "fix", "funds-not-arrived", "--json", answers=missing)
    doc = json.loads(p.stdout)
    assert p.returncode == 2 and doc["outcome"] == "escalated", p.stderr[-3000:]
    assert doc["values"]["statement_finding"] == "not_in_statement"
    pay = next(e for e in doc["steps"] if e.get("id") == "reconcile-statement")["payment"]
    assert pay["verdict"] == "unknown" and pay["finding"] == "debit_without_attempt"
    assert pay["decided_by"]["origin"] == "statement"
    # what the provider then said outweighs the statement's verdict: it is not handed on as the last word
    assert doc["escalations"][-1]["evidence"]["payment"] is None


def test_one_payment_asked_about_is_reconciled_against_the_statements_rows(tmp_path):
    txs = B.day_of(148)
    bill = _bill(tmp_path, txs=txs)
    p = run(tmp_path, "statement", "import", bill, "--json", "--amount", f"{txs[40].amount:.2f}",
            "--time", f"{txs[40].time:%Y-%m-%d %H:%M}", "--order", txs[40].order[-6:])
    doc = json.loads(p.stdout)
    rec = doc["reconcile"]
    assert rec["verdict"] == "charged" and rec["decided_by"]["origin"] == "statement", p.stderr
    assert rec["decided_by"]["label"]["en"] == "WeChat Pay bill of 2026-12-05, 148 orders"
    assert rec["compared"] == ["order_number"] and rec["matched"][0]["order_number"] == txs[40].order
    assert doc["payment"]["verdict"] == "settled"  # the statement's own answer agrees
    # another order number at the same amount and time: not this customer's
    p = run(tmp_path, "statement", "import", bill, "--json", "--amount", f"{txs[40].amount:.2f}",
            "--time", f"{txs[40].time:%Y-%m-%d %H:%M}", "--order", "99999999")
    assert json.loads(p.stdout)["reconcile"]["verdict"] == "mismatch"
    p = run(tmp_path, "statement", "import", bill, "--json")
    assert json.loads(p.stdout)["reconcile"] is None  # no payment asked about: nothing to reconcile
