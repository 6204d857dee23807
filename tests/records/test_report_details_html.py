"""The HTML evidence page's parts that `test_report_details.py` does not hold: a real run's page (its title, its
language), the summary's findings, the last transaction, each step's result, the recorded values and the operator's
note, said in the reader's language - in process, through `render_html`."""

from __future__ import annotations

import pytest

from pos_doctor.records.report import render_html
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
    assert page.endswith("<h3>记录的数值</h3><table><tr><th>said</th><td>店</td></tr><tr><th>n</th><td>3</td></tr>"
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
