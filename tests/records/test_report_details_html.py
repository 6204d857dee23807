"""The HTML evidence page's parts that `test_report_details.py` does not hold: a real run's page (its title, its
language), the summary's findings, the last transaction, each step's result, the recorded values and the operator's
note, said in the reader's language - in process, through `render_html`."""

from __future__ import annotations

import pytest

from pos_doctor.records.report import render_html
from pos_doctor.records.report.words import payment_details, payment_table, text, word
from tests.records.test_report_details import debit_model


def real_run() -> dict:
    """The debit run as a real one (no banner), with what the debit run lacks: findings, a last transaction, a
    step's result, recorded values and a note kept as bilingual texts."""
    m = debit_model()
    m["simulated"] = False
    m["terminal"]["simulated"] = False
    m["summary"]["findings"] = [{"status": "critical", "message": {"en": "Paper out", "zh": "缺纸"}},
                                {"status": "warning", "message": "Cover open"}]
    m["last_transaction"] = {"approved": True, "amount": "12.50", "currency": "EUR", "trace_number": 7}
    m["steps"][0]["result"] = {"en": "reprinted", "zh": "已重打"}
    m["recorded"] = {"said": {"en": "Shop", "zh": "店"}, "n": 3}
    m["note"] = {"en": "waits at the counter", "zh": "在柜台等"}
    return m


def test_a_real_runs_page_in_chinese_part_by_part():
    page = render_html(real_run(), "zh")
    assert page.startswith('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
                           "<title>事件报告 #42</title><style>")
    assert ('<tr><th>发现的问题</th><td><ul><li><span class="critical">严重</span> — 缺纸</li>'
            '<li><span class="warning">警告</span> — Cover open</li></ul></td></tr>') in page
    assert ("<h3>POS机报告的最后一笔交易</h3>\n<table><tr><th>已批准</th><td>是</td></tr>"
            "<tr><th>金额</th><td>12.50 欧元</td></tr><tr><th>流水号</th><td>7</td></tr></table>\n") in page
    assert ("<tr><td>1</td><td>输入客人手机上显示的金额。</td><td>99.00</td><td>已重打</td></tr>"
            "<tr><td>2</td><td>重启POS机：关机，等10秒，再开机。</td>"
            '<td>已完成<div class="byhand">并非有人操作：由 --yes 自动回答</div></td><td></td></tr>') in page
    assert page.endswith("<h3>记录的数值</h3><table><tr><th>其他记录</th><td>店</td></tr><tr><th>其他记录</th><td>3</td></tr>"
                         "</table>\n<h3>操作员备注</h3><p>在柜台等</p></body></html>\n")


def test_a_real_runs_page_in_english_is_the_default():
    m = real_run()
    page = render_html(m)
    assert page == render_html(m, "en")
    assert page.startswith('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                           "<title>Incident report #42</title><style>")
    assert ("<h3>Last transaction as the terminal reported it</h3>\n<table><tr><th>Approved</th><td>yes</td></tr>"
            "<tr><th>Amount</th><td>12.50</td></tr><tr><th>Currency</th><td>EUR</td></tr>"
            "<tr><th>Trace number</th><td>7</td></tr></table>\n") in page
    assert page.endswith("<h3>Recorded values</h3><table><tr><th>said</th><td>Shop</td></tr>"
                         "<tr><th>n</th><td>3</td></tr></table>\n"
                         "<h3>Operator note</h3><p>waits at the counter</p></body></html>\n")


@pytest.mark.parametrize(("lang", "html_lang", "title"), [
    ("de", "de", "Störungsbericht #42"),
    ("fr", "fr", "Incident report #42"),  # a language without words: English, and the page says the code it was asked
])
def test_the_page_says_its_language_code(lang, html_lang, title):
    page = render_html(real_run(), lang)
    assert page.startswith(f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">'
                           f"<title>{title}</title><style>")


# ---- the shared words and the payment table's rows: the values that are empty, odd or kept in another shape

def test_a_kept_text_is_said_whatever_else_the_record_keeps_beside_it():
    from pos_doctor.i18n import Text
    from pos_doctor.records.report.words import message

    # an older record's {"en", "zh"} with a field that is no text: still a text, said in the reader's language
    assert text({"en": "Shop", "zh": "店", "n": 3}, "zh") == "店"
    # a kept message with its parameters whose Chinese was dropped, and one kept inline
    kept = message({"id": "Shop", "params": {"n": 3}, "en": "Shop"})
    assert kept == Text("Shop", params={"n": 3}) and kept("zh") == "商户"
    inline = message({"inline": {"en": "Shop", "zh": "店"}, "params": {"n": 3}, "en": "Shop"})
    assert inline == Text("Shop", inline={"en": "Shop", "zh": "店"}, params={"n": 3}) and inline("zh") == "店"


def test_an_outcome_or_status_is_said_in_the_readers_language():
    from datetime import date

    assert text({"outcome": "resolved"}, "en") == "resolved"
    assert text({"outcome": {"en": "fixed", "zh": "已修好"}, "message": {"en": "reprinted", "zh": "已重打"}}, "zh") == (
        "已修好: 已重打")
    # a machine word of the record is said in the reader's language too (a zh page showed "critical")
    assert text({"status": "ok", "message": {"en": "reprinted", "zh": "已重打"}}, "zh") == "正常: 已重打"
    assert text({"status": "critical"}, "zh") == "严重"
    assert text({"outcome": "failed", "message": {"en": "no host", "zh": "主机不可达"}}, "de") == "fehlgeschlagen: no host"
    assert text({"status": "completed"}, "en") == "completed"
    assert text({"status": "no such word"}, "zh") == "no such word"
    assert text({"when": date(2026, 1, 2), "n": [1, "二"]}, "en") == '{"when": "2026-01-02", "n": [1, "二"]}'
    assert word({"en": "done by hand", "zh": "手动完成"}, "zh") == "手动完成"
    assert word(True, "zh") == "是"


def test_a_head_row_is_left_out_when_empty_and_a_name_is_written_as_reported():
    from pos_doctor.records.report.words import head_rows

    m = debit_model()
    m["terminal"] = {**m["terminal"], "model": "unknown", "serial": "", "port": "fix"}
    assert head_rows(m, "zh") == [("记录", "42"), ("类型", "处理"), ("时间（世界协调时）", "2026-12-06T06:20:00+00:00"),
                                  ("工具版本", "0.1.0"), ("状态", "严重"), ("型号", "unknown"),
                                  ("终端号", "10240086"), ("POS机端口", "fix"), ("模拟", "是"),
                                  ("处理手册", "charged-no-response")]


def test_recorded_values_of_each_shape():
    from pos_doctor.records.report.words import recorded

    assert recorded({"recorded": "one value"}) == [("1", "one value")]
    assert recorded({"recorded": ["a", "b"]}) == [("1", "a"), ("2", "b")]
    # named: a known value by its name and its choice in words, one of the shop's own by its name (en) or as
    # "other record" (zh, de): never an English field id on a zh page
    rows = recorded({"recorded": {"payment_method": "qr", "customer_time_uncertainty": 300, "k_name": "v"}})
    assert [(k(lang), v(lang) if not isinstance(v, (str, int)) else v) for k, v in rows for lang in ("en",)] == [
        ("Paid by", "QR code"), ("The customer's time is an estimate, give or take (seconds)", 300), ("k name", "v")]
    assert [(k("zh"), v("zh") if not isinstance(v, (str, int)) else v) for k, v in rows] == [
        ("付款方式", "扫码"), ("客人说的时间是估计的，前后误差（秒）", 300), ("其他记录", "v")]


def test_payment_details_say_an_odd_verdict_in_the_readers_language():
    assert payment_details({"payment": {"verdict": False}}, "zh")[0] == ("结论", "否")


def test_a_record_without_a_status_has_no_result_row():
    heads, rows = payment_table({"customer": {"amount": "99.00", "currency": "EUR"},
                                 "records": [{"amount": "99.00", "currency": "EUR"}]}, "en")
    assert rows == [("Amount", ["99.00 EUR", "99.00 EUR"], [False, False])]


def test_empty_values_are_no_values_in_the_payment_table():
    p = {"customer": {"amount": "", "time": "", "payee": ""},
         "records": [{"approved": True, "amount": "", "time": "", "trace_number": "", "payee": "Kiosk"}]}
    assert payment_table(p, "en", "+01:00")[1] == [("Result", ["—", "approved"], [False, False]),
                                                   ("Payee", ["—", "Kiosk"], [False, False])]
    p = {"customer": {"payee": "Kiosk"}, "records": [{"approved": True, "payee": ""}, {"payee": "Kiosk GmbH"}]}
    assert payment_table(p, "en")[1] == [("Result", ["—", "approved", "—"], [False, False, False]),
                                         ("Payee", ["Kiosk", "—", "Kiosk GmbH"], [False, False, False])]


def test_what_was_tried_skipped_and_undone_each_under_its_heading():
    from pos_doctor.records.report.words import tried

    m = {"summary": {"tried": {"done": [{"text": "Restart", "result": "done", "answered_by": "yes"}],
                               "skipped": [{"text": "Reprint"}, "not an item"],
                               "undone": [{"step": "time", "times": 2}]}}}
    assert tried(m, "en") == [
        ("Tried", [("Restart: done", "not done by a person: answered by --yes")]),
        ("Skipped (not done)", [("Reprint", "")]),
        ("Undone with back (not done)", [("time (2×)", "")])]
    assert tried({"summary": {"tried": None}}, "en") == []


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "99.00, 2026-12-06 14:05:00 (the customer's estimate, give or take 5 min)"),
    ("zh", "99.00，2026-12-06 14:05:00（客人估计的时间，前后约 5 分钟）"),
])
def test_the_customers_estimated_time_says_it_is_an_estimate(lang, said):
    """"About ten minutes ago" is recorded as a time with a margin: the report says so wherever it shows the time, not
    a time to the second as if read off a message; a time without a margin is shown as it is."""
    cust = {"amount": "99.00", "time": "2026-12-06T14:05:00", "time_uncertainty_s": 300}
    p = {"verdict": "unknown", "customer": cust}
    assert payment_details({"payment": p}, lang)[1][1] == said
    heads, rows = payment_table(p, lang)
    when = said.split("，" if lang == "zh" else ", ", 1)[1]
    assert [cells[0] for _field, cells, _ in rows if when in cells] == [when]
    exact = {"payment": {"verdict": "unknown", "customer": {**cust, "time_uncertainty_s": 0}}}
    assert payment_details(exact, lang)[1][1] == said.split("（")[0].split(" (")[0]


@pytest.mark.parametrize(("margin_s", "minutes"), [(5400, 90), (3570, 60)])
def test_the_customers_margin_is_said_in_whole_minutes(margin_s, minutes):
    """The margin kept in seconds is said to the nearest minute (an hour and a half is 90 min, not 89), in the details
    and in the payment table alike."""
    cust = {"amount": "99.00", "time": "2026-12-06T14:05:00", "time_uncertainty_s": margin_s}
    p = {"verdict": "unknown", "customer": cust}
    when = f"2026-12-06 14:05:00 (the customer's estimate, give or take {minutes} min)"
    assert payment_details({"payment": p}, "en")[1][1] == f"99.00, {when}"
    assert payment_table(p, "en")[1][1] == ("Time", [when, "—"], [False, False])
