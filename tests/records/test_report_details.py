# ruff: noqa: E501 - the pages below are held line by line as the renderers write them
"""The evidence report in process, through the report package's public functions (`build_model`, `render`,
`render_md`, `render_html`, `payment_table` and the words both renderers share): the whole page of a run in
Markdown and HTML, in English and Chinese, said exactly; the payment table's rows, which column each value is in
and which cells are marked as differing, for every kind of source; every field of the model masked (and the known
identifiers put back as written). `tests/cli/test_report_evidence.py` runs the same through `pos-doctor report`
subprocesses, which a mutation run cannot see into."""

from __future__ import annotations

import copy
import json

import pytest

from pos_doctor.i18n import Text
from pos_doctor.records.report import build_model, find_transaction, render, render_html, render_json, render_md
from pos_doctor.records.report.words import (
    bracketed,
    by_whom,
    check_name,
    marked,
    payment_details,
    payment_table,
    said,
    terminal_line,
    text,
    tx_rows,
    word,
)
from tests.cli.test_report_evidence import DEBIT_DOC
from tests.clock import utc_local_time  # noqa: F401 (a fixture)
from tests.records.docs import check_doc

# the reports show times in the PC's time zone ("06:20:00 UTC+00:00"): these read it as UTC, wherever the suite runs
pytestmark = pytest.mark.usefixtures("utc_local_time")

PAN = "4111111111111111"
PHONE = "13812345678"


def run_of(doc: dict, kind: str = "fix", **kw) -> dict:
    """A runs row as `Store.get_run` gives it."""
    base = {"id": 42, "kind": kind, "started_at": "2026-12-06T06:20:00+00:00", "tool_version": "0.1.0",
            "status": "critical", "document": doc, "playbook": "charged-no-response", "outcome": "escalated",
            "note": "customer waits at the counter"}
    return {**base, **kw}


def checks_doc() -> dict:
    d = check_doc()
    d["checks"][0]["id"] = "link.terminal"
    d["checks"][1]["id"] = "network.acquirer"
    return d


def debit_model() -> dict:
    return build_model(run_of(copy.deepcopy(DEBIT_DOC)))


def check_model() -> dict:
    return build_model(run_of(checks_doc(), kind="check", playbook=None, outcome=None, note=None))


DEBIT_MD_EN = "\n".join([
    '> **SIMULATED — a simulated terminal and printer, not a real payment**',
    '',
    '# Incident report — #42',
    '',
    '**Shop**: 老王面馆 · Address 上海市黄浦区某路 8 号 · Merchant ID 898440153990021  ',
    '**Support**: 收单机构客服 · Phone +86 21 5555 0100 · Hours 7×24',
    '',
    '## Summary',
    '',
    "> **Debit without a sale: the customer's bank shows 99.00 CNY at 14:05 (card ending 4242), and this terminal recorded no payment attempt then — please tell us whether this debit is ours and, if so, return it.**",
    '',
    "- **What happened**: Terminal not responding, but the customer's phone shows a charge",
    '- **When**: 2026-12-06 14:20:00 UTC+08:00',
    '- **Terminal**: SIM-ZVT-1, Terminal ID 10240086',
    "- **Payment**: **The customer's bank shows a debit, and the terminal recorded no payment attempt at that time**",
    '',
    "  | | Customer's evidence | Terminal's record |",
    '  |---|---|---|',
    '  | Amount | 99.00 CNY | no record at that time |',
    '  | Time | 2026-12-06 14:05:00 UTC+08:00 | — |',
    '  | Card | …4242 | — |',
    '',
    '  - The terminal listed every transaction of its period; none near 14:05.',
    "- **Asked of the provider**: Please tell us whether this debit came from us; if it did without a sale, return it to the customer's card.",
    '',
    '  | | |',
    '  |---|---|',
    '  | Merchant ID | 898440153990021 |',
    '  | Terminal ID | 10240086 |',
    '  | Shop | 老王面馆, 上海市黄浦区某路 8 号 |',
    "  | Date and time of the customer's charge | 2026-12-06 14:05:00 UTC+08:00 |",
    '  | Amount and currency | 99.00 CNY |',
    '  | Card last four digits | 4242 |',
    "  | Terminal record | none at the customer's time |",
    "  | Merchant name on the customer's message | 上海某某餐饮管理有限公司 |",
    "  | Who paid, compared by | card's last four digits |",
    '  | Our reference | pos-doctor run 42 |',
    '',
    '- **Tried**: ',
    '  1. Type the amount: 99.00',
    '  2. Restart the terminal: done — not done by a person: answered by --yes',
    '  3. Keep evidence: not done by a person: answered by --yes',
    '- **Outcome**: Not resolved: handed to the payment provider',
    '',
    '## Details',
    '',
    '- **Run**: 42',
    '- **Kind**: fix',
    '- **Time (UTC)**: 2026-12-06T06:20:00+00:00',
    '- **Tool version**: 0.1.0',
    '- **Status**: critical',
    '- **Model**: SIM-ZVT-1',
    '- **Terminal ID**: 10240086',
    '- **Simulated**: yes',
    '- **Playbook**: charged-no-response',
    '',
    '### Check results',
    '',
    'none',
    '',
    '### Last transaction as the terminal reported it',
    '',
    'none',
    '',
    "### Was the customer charged? (the customer's evidence against the terminal's records)",
    '',
    '- **Verdict**: cannot be settled',
    '- **The customer shows**: 99.00 CNY, 2026-12-06 14:05:00',
    '- **Why**: The terminal listed every transaction of its period; none near 14:05.',
    '',
    '### Steps taken',
    '',
    '| # | Step | Answer | Result |',
    '|---|---|---|---|',
    "| 1 | Type the amount the customer's phone shows. | 99.00 |  |",
    '| 2 | Restart the terminal: switch it off, wait 10 seconds, switch it on. | done (not done by a person: answered by --yes) |  |',
    '| 3 | Keep evidence: ask the customer to keep the record. | done (not done by a person: answered by --yes) |  |',
    '| 4 | Call the payment provider. Do not charge again. Tell the customer when you will call back. |  |  |',
    '',
    '### Recorded values',
    '',
    '- **Paid by**: card at the terminal',
    '- **Amount the customer shows**: 99.00',
    '- **Time the customer shows**: 14:05',
    '- **Card, last four digits**: 4242',
    "- **Merchant name on the customer's message**: 上海某某餐饮管理有限公司",
    '',
    '### Operator note',
    '',
    'customer waits at the counter',
    '',
    '> **SIMULATED — a simulated terminal and printer, not a real payment**',
    '',
])


DEBIT_MD_ZH = "\n".join([
    '> **模拟 —— 模拟的POS机和打印机，不是真实交易**',
    '',
    '# 事件报告 — #42',
    '',
    '**商户**：老王面馆 · 地址 上海市黄浦区某路 8 号 · 商户号 898440153990021  ',
    '**客服**：收单机构客服 · 电话 +86 21 5555 0100 · 服务时间 7×24',
    '',
    '## 摘要',
    '',
    '> **没有交易却被扣款：客人银行显示 14:05 扣款 99.00 元（卡号后四位 4242），这台POS机当时没有任何付款记录——请核实这笔扣款是否来自本店，如是，请退回。**',
    '',
    '- **发生了什么**：POS机无反应，但客人手机显示已扣费',
    '- **时间**：2026-12-06 14:20:00 UTC+08:00',
    '- **POS机**：SIM-ZVT-1，终端号 10240086',
    '- **支付**：**客人银行显示已扣款，但POS机在该时间没有任何付款记录**',
    '',
    '  | | 客人的凭据 | POS机记录 |',
    '  |---|---|---|',
    '  | 金额 | 99.00 元 | 该时间没有记录 |',
    '  | 时间 | 2026-12-06 14:05:00 UTC+08:00 | — |',
    '  | 卡号 | …4242 | — |',
    '',
    '  - POS机列出了本批次全部交易，14:05 前后没有任何交易。',
    '- **请服务商协助**：请核实这笔扣款是否来自本店；如果没有交易却扣了款，请退回客人卡上。',
    '',
    '  | | |',
    '  |---|---|',
    '  | 商户号 | 898440153990021 |',
    '  | 终端号 | 10240086 |',
    '  | 商户 | 老王面馆, 上海市黄浦区某路 8 号 |',
    '  | 客人扣款的日期和时间 | 2026-12-06 14:05:00（UTC+08:00） |',
    '  | 金额和币种 | 99.00 元 |',
    '  | 卡号后四位 | 4242 |',
    '  | POS机记录 | 客人所说的时间没有记录 |',
    '  | 客人扣款信息上显示的商户名 | 上海某某餐饮管理有限公司 |',
    '  | 已核对的付款人信息 | 卡号后四位 |',
    '  | 本店参考编号 | pos-doctor 记录 42 |',
    '',
    '- **已尝试**：',
    '  1. 输入金额：99.00',
    '  2. 重启POS机：已完成（并非有人操作：由 --yes 自动回答）',
    '  3. 保留证据：并非有人操作：由 --yes 自动回答',
    '- **结果**：未解决：已转交支付服务商',
    '',
    '## 详细信息',
    '',
    '- **记录**：42',
    '- **类型**：处理',
    '- **时间（世界协调时）**：2026-12-06T06:20:00+00:00',
    '- **工具版本**：0.1.0',
    '- **状态**：严重',
    '- **型号**：SIM-ZVT-1',
    '- **终端号**：10240086',
    '- **模拟**：是',
    '- **处理手册**：charged-no-response',
    '',
    '### 检查结果',
    '',
    '无',
    '',
    '### POS机报告的最后一笔交易',
    '',
    '无',
    '',
    '### 客人是否已被扣款？（客人的凭证与POS机记录核对）',
    '',
    '- **结论**：无法确认',
    '- **客人出示**：99.00 元，2026-12-06 14:05:00',
    '- **依据**：POS机列出了本批次全部交易，14:05 前后没有任何交易。',
    '',
    '### 执行的步骤',
    '',
    '| # | 步骤 | 回答 | 结果 |',
    '|---|---|---|---|',
    '| 1 | 输入客人手机上显示的金额。 | 99.00 |  |',
    '| 2 | 重启POS机：关机，等10秒，再开机。 | 已完成（并非有人操作：由 --yes 自动回答） |  |',
    '| 3 | 保留证据：请客人保留记录。 | 已完成（并非有人操作：由 --yes 自动回答） |  |',
    '| 4 | 联系支付服务商。不要再收款。告诉客人您什么时候回电。 |  |  |',
    '',
    '### 记录的数值',
    '',
    '- **付款方式**：刷卡',
    '- **客人出示的金额**：99.00',
    '- **客人出示的时间**：14:05',
    '- **卡号后四位**：4242',
    '- **客人扣款信息上的商户名称**：上海某某餐饮管理有限公司',
    '',
    '### 操作员备注',
    '',
    'customer waits at the counter',
    '',
    '> **模拟 —— 模拟的POS机和打印机，不是真实交易**',
    '',
])


DEBIT_HTML_EN = "".join([
    '</head><body><table class="page"><thead><tr><td><div class="banner">SIMULATED — a simulated terminal and printer, not a real payment</div>',
    '</td></tr>',
    '</thead><tbody><tr><td><h1>Incident report — #42</h1>',
    '\n<div class="contacts"><div><b>Shop</b>老王面馆 · Address 上海市黄浦区某路 8 号 · Merchant ID 898440153990021</div>',
    '<div><b>Support</b>收单机构客服 · Phone +86 21 5555 0100 · Hours 7×24</div>',
    '</div>',
    '\n<section class="summary"><h2>Summary</h2>',
    '<div class="headline debit_without_attempt">Debit without a sale: the customer&#x27;s bank shows 99.00 CNY at 14:05 (card ending 4242), and this terminal recorded no payment attempt then — please tell us whether this debit is ours and, if so, return it.</div>',
    '<table><tr><th>What happened</th><td>Terminal not responding, but the customer&#x27;s phone shows a charge</td></tr>',
    '<tr><th>When</th><td>2026-12-06 14:20:00 UTC+08:00</td></tr>',
    '<tr><th>Terminal</th><td>SIM-ZVT-1, Terminal ID 10240086</td></tr>',
    '<tr><th>Payment</th><td><div class="verdict unknown">The customer&#x27;s bank shows a debit, and the terminal recorded no payment attempt at that time</div>',
    '<table class="payment"><tr><th></th><th data-side="customer">Customer&#x27;s evidence</th><th data-side="terminal">Terminal&#x27;s record</th></tr>',
    '<tr data-field="Amount"><th>Amount</th><td data-side="customer">99.00 CNY</td><td data-side="terminal">no record at that time</td></tr>',
    '<tr data-field="Time"><th>Time</th><td data-side="customer">2026-12-06 14:05:00 UTC+08:00</td><td data-side="terminal">—</td></tr>',
    '<tr data-field="Card"><th>Card</th><td data-side="customer">…4242</td><td data-side="terminal">—</td></tr>',
    '</table>',
    '<div class="muted">The terminal listed every transaction of its period; none near 14:05.</div>',
    '</td></tr>',
    '<tr><th>Asked of the provider</th><td><div class="ask"><p>Please tell us whether this debit came from us; if it did without a sale, return it to the customer&#x27;s card.</p>',
    '<table><tr data-fact="merchant_id"><th>Merchant ID</th><td>898440153990021</td></tr>',
    '<tr data-fact="terminal_id"><th>Terminal ID</th><td>10240086</td></tr>',
    '<tr data-fact="shop"><th>Shop</th><td>老王面馆, 上海市黄浦区某路 8 号</td></tr>',
    '<tr data-fact="time"><th>Date and time of the customer&#x27;s charge</th><td>2026-12-06 14:05:00 UTC+08:00</td></tr>',
    '<tr data-fact="amount"><th>Amount and currency</th><td>99.00 CNY</td></tr>',
    '<tr data-fact="card_last4"><th>Card last four digits</th><td>4242</td></tr>',
    '<tr data-fact="record"><th>Terminal record</th><td>none at the customer&#x27;s time</td></tr>',
    '<tr data-fact="customer_merchant"><th>Merchant name on the customer&#x27;s message</th><td>上海某某餐饮管理有限公司</td></tr>',
    '<tr data-fact="compared"><th>Who paid, compared by</th><td>card&#x27;s last four digits</td></tr>',
    '<tr data-fact="reference"><th>Our reference</th><td>pos-doctor run 42</td></tr>',
    '</table>',
    '</div>',
    '</td></tr>',
    '<tr><th>Tried</th><td><ol><li>Type the amount: 99.00</li><li>Restart the terminal: done <span class="byhand">— not done by a person: answered by --yes</span></li><li>Keep evidence: not done by a person: answered by --yes</li></ol></td></tr>',
    '<tr><th>Outcome</th><td><b>Not resolved: handed to the payment provider</b></td></tr>',
    '</table>',
    '</section>\n<h2>Details</h2>',
    '<table><tr><th>Run</th><td>42</td></tr>',
    '<tr><th>Kind</th><td>fix</td></tr>',
    '<tr><th>Time (UTC)</th><td>2026-12-06T06:20:00+00:00</td></tr>',
    '<tr><th>Tool version</th><td>0.1.0</td></tr>',
    '<tr><th>Status</th><td>critical</td></tr>',
    '<tr><th>Model</th><td>SIM-ZVT-1</td></tr>',
    '<tr><th>Terminal ID</th><td>10240086</td></tr>',
    '<tr><th>Simulated</th><td>yes</td></tr>',
    '<tr><th>Playbook</th><td>charged-no-response</td></tr>',
    '</table>',
    '\n<h3>Check results</h3>',
    '\n<p>none</p>',
    '\n<h3>Last transaction as the terminal reported it</h3>',
    '\n<p>none</p>',
    '\n<h3>Was the customer charged? (the customer&#x27;s evidence against the terminal&#x27;s records)</h3>',
    '<table><tr><th>Verdict</th><td>cannot be settled</td></tr>',
    '<tr><th>The customer shows</th><td>99.00 CNY, 2026-12-06 14:05:00</td></tr>',
    '<tr><th>Why</th><td>The terminal listed every transaction of its period; none near 14:05.</td></tr>',
    '</table>',
    '\n<h3>Steps taken</h3>',
    '\n<table><tr><th>#</th><th>Step</th><th>Answer</th><th>Result</th></tr>',
    '<tr><td>1</td><td>Type the amount the customer&#x27;s phone shows.</td><td>99.00</td><td></td></tr>',
    '<tr><td>2</td><td>Restart the terminal: switch it off, wait 10 seconds, switch it on.</td><td>done<div class="byhand">not done by a person: answered by --yes</div>',
    '</td><td></td></tr>',
    '<tr><td>3</td><td>Keep evidence: ask the customer to keep the record.</td><td>done<div class="byhand">not done by a person: answered by --yes</div>',
    '</td><td></td></tr>',
    '<tr><td>4</td><td>Call the payment provider. Do not charge again. Tell the customer when you will call back.</td><td></td><td></td></tr>',
    '</table>',
    '\n<h3>Recorded values</h3>',
    '<table><tr><th>Paid by</th><td>card at the terminal</td></tr>',
    '<tr><th>Amount the customer shows</th><td>99.00</td></tr>',
    '<tr><th>Time the customer shows</th><td>14:05</td></tr>',
    '<tr><th>Card, last four digits</th><td>4242</td></tr>',
    '<tr><th>Merchant name on the customer&#x27;s message</th><td>上海某某餐饮管理有限公司</td></tr>',
    '</table>',
    '\n<h3>Operator note</h3>',
    '<p>customer waits at the counter</p>',
    '</td></tr>',
    '</tbody></table>',
    '</body></html>\n',
])


CHECK_MD_ZH = "\n".join([
    '> **模拟 —— 模拟的POS机和打印机，不是真实交易**',
    '',
    '# 事件报告 — #42',
    '',
    '**商户**：未配置（pos-doctor.toml 中的 `[shop]`）  ',
    '**客服**：未配置（pos-doctor.toml 中的 `[support]`）  ',
    '*（取自今天的 pos-doctor.toml：这次记录保存时还没有随记录保存联系信息）*',
    '',
    '## 摘要',
    '',
    '- **发生了什么**：设备检查：发现问题',
    '- **时间**：2026-12-06 06:20:00 UTC+00:00',
    '- **POS机**：Ingenico Move/5000，终端号 52500381，序列号 SN-0042-XY，软件版本 GER-APP-75.12，POS机端口 /dev/pts/7',
    '- **发现的问题**：',
    '  - 严重 — 缺纸',
    '- **结果**：设备检查：发现问题',
    '',
    '## 详细信息',
    '',
    '- **记录**：42',
    '- **类型**：检查',
    '- **时间（世界协调时）**：2026-12-06T06:20:00+00:00',
    '- **工具版本**：0.1.0',
    '- **状态**：严重',
    '- **型号**：Ingenico Move/5000',
    '- **终端号**：52500381',
    '- **序列号**：SN-0042-XY',
    '- **软件版本**：GER-APP-75.12',
    '- **POS机端口**：/dev/pts/7',
    '- **打印机**：/dev/pts/8',
    '- **模拟**：是',
    '',
    '### 检查结果',
    '',
    '| 检查项 | 状态 | 信息 |',
    '|---|---|---|',
    '| POS机连接 | 正常 | 终端有应答 |',
    '| 支付服务商系统 | 严重 | 缺纸 |',
    '',
    '### POS机报告的最后一笔交易',
    '',
    '无',
    '',
    '### 执行的步骤',
    '',
    '无',
    '',
    '### 操作员备注',
    '',
    '无',
    '',
    '> **模拟 —— 模拟的POS机和打印机，不是真实交易**',
    '',
])


CHECK_HTML_ZH = "".join([
    '</head><body><table class="page"><thead><tr><td><div class="banner">模拟 —— 模拟的POS机和打印机，不是真实交易</div>',
    '</td></tr>',
    '</thead><tbody><tr><td><h1>事件报告 — #42</h1>',
    '\n<div class="contacts"><div><b>商户</b>未配置（pos-doctor.toml 中的 `[shop]`）<span class="src">取自今天的 pos-doctor.toml：这次记录保存时还没有随记录保存联系信息</span></div>',
    '<div><b>客服</b>未配置（pos-doctor.toml 中的 `[support]`）<span class="src">取自今天的 pos-doctor.toml：这次记录保存时还没有随记录保存联系信息</span></div>',
    '</div>',
    '\n<section class="summary"><h2>摘要</h2>',
    '<table><tr><th>发生了什么</th><td>设备检查：发现问题</td></tr>',
    '<tr><th>时间</th><td>2026-12-06 06:20:00 UTC+00:00</td></tr>',
    '<tr><th>POS机</th><td>Ingenico Move/5000，终端号 52500381，序列号 SN-0042-XY，软件版本 GER-APP-75.12，POS机端口 /dev/pts/7</td></tr>',
    '<tr><th>发现的问题</th><td><ul><li><span class="critical">严重</span> — 缺纸</li></ul></td></tr>',
    '<tr><th>结果</th><td><b>设备检查：发现问题</b></td></tr>',
    '</table>',
    '</section>\n<h2>详细信息</h2>',
    '<table><tr><th>记录</th><td>42</td></tr>',
    '<tr><th>类型</th><td>检查</td></tr>',
    '<tr><th>时间（世界协调时）</th><td>2026-12-06T06:20:00+00:00</td></tr>',
    '<tr><th>工具版本</th><td>0.1.0</td></tr>',
    '<tr><th>状态</th><td>严重</td></tr>',
    '<tr><th>型号</th><td>Ingenico Move/5000</td></tr>',
    '<tr><th>终端号</th><td>52500381</td></tr>',
    '<tr><th>序列号</th><td>SN-0042-XY</td></tr>',
    '<tr><th>软件版本</th><td>GER-APP-75.12</td></tr>',
    '<tr><th>POS机端口</th><td>/dev/pts/7</td></tr>',
    '<tr><th>打印机</th><td>/dev/pts/8</td></tr>',
    '<tr><th>模拟</th><td>是</td></tr>',
    '</table>',
    '\n<h3>检查结果</h3>',
    '\n<table><tr><th>检查项</th><th>状态</th><th>信息</th></tr>',
    '<tr><td>POS机连接</td><td class="ok">正常</td><td>终端有应答</td></tr>',
    '<tr><td>支付服务商系统</td><td class="critical">严重</td><td>缺纸</td></tr>',
    '</table>',
    '\n<h3>POS机报告的最后一笔交易</h3>',
    '\n<p>无</p>',
    '\n<h3>执行的步骤</h3>',
    '\n<p>无</p>',
    '\n<h3>操作员备注</h3>',
    '<p>无</p>',
    '</td></tr>',
    '</tbody></table>',
    '</body></html>\n',
])



def test_markdown_of_a_debit_without_attempt_in_english():
    assert render_md(debit_model(), "en") == DEBIT_MD_EN
    assert render(debit_model(), "md") == DEBIT_MD_EN


def test_markdown_of_a_debit_without_attempt_in_chinese():
    assert render_md(debit_model(), "zh") == DEBIT_MD_ZH
    assert render(debit_model(), "md", "zh") == DEBIT_MD_ZH


def test_html_of_a_debit_without_attempt_in_english():
    page = render_html(debit_model(), "en")
    assert page.startswith('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Incident report #42 — '
                           'SIMULATED — a simulated terminal and printer, not a real payment</title><style>')
    assert page[page.index("</style>") + 8:] == DEBIT_HTML_EN
    assert render(debit_model(), "html") == page


def test_markdown_and_html_of_a_check_run_in_chinese():
    assert render_md(check_model(), "zh") == CHECK_MD_ZH
    page = render_html(check_model(), "zh", stats=[{"id": "x"}])  # stats: accepted and ignored
    assert page.startswith('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>事件报告 #42 — '
                           '模拟 —— 模拟的POS机和打印机，不是真实交易</title><style>')
    assert page[page.index("</style>") + 8:] == CHECK_HTML_ZH


def test_a_real_run_has_no_banner_and_no_page_table():
    doc = copy.deepcopy(DEBIT_DOC)
    doc["target"]["simulated"] = False
    m = build_model(run_of(doc))
    page = render_html(m, "de")
    assert page.startswith('<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>')
    assert "banner" not in page[page.index("</style>"):] and '<table class="page">' not in page
    assert page[page.index("</style>"):].startswith("</style></head><body><h1>")
    md = render_md(m, "en")
    assert md.startswith("# Incident report — #42\n\n") and md.endswith("customer waits at the counter\n")
    assert "- **Simulated**" not in md


# ---- the payment table: which column each value is in, and which cells are marked as differing

CUST = {"amount": "99.00", "currency": "EUR", "time": "2026-12-06T14:05:00", "card_last4": "4242",
        "order_number": "0042", "payee": "Bäckerei", "voucher": "V-17", "auth_code": "A1B2"}
R1 = {"amount": "99.00", "currency": "EUR", "time": "12-06 14:05:03", "result": "approved", "card_name": "VISA",
      "pan_masked": "************4242", "trace_number": 311, "receipt_number": 77, "batch_number": 5,
      "auth_code": "XY9", "reference": "REF-1", "order_number": "20261206-0042"}
R2 = {"amount": "98.00", "currency": "EUR", "time": "2026-12-06T14:06:10", "approved": False,
      "pan_masked": "************1111", "trace_number": 312, "batch": "6", "aid": "A0000000031010",
      "order_number": "77"}
NO_YEAR, CLOCK = "(terminal's clock, no year or time zone)", "(terminal's clock)"


def test_one_terminal_record_beside_the_customers_evidence_row_by_row():
    heads, rows = payment_table({"customer": CUST, "records": [R1], "differences": []}, "en", "+01:00")
    assert heads == ["Customer's evidence", "Terminal's record"]
    assert rows == [
        ("Amount", ["99.00 EUR", "99.00 EUR"], [False, False]),
        ("Result", ["—", "approved"], [False, False]),
        ("Time", ["2026-12-06 14:05:00 UTC+01:00", f"12-06 14:05:03 {NO_YEAR}"], [False, False]),
        ("Order number", ["0042", "20261206-0042"], [False, False]),
        ("Payee", ["Bäckerei", "—"], [False, False]),
        ("Card", ["…4242", "VISA ************4242"], [False, False]),
        ("Trace number", ["—", "311"], [False, False]),
        ("Receipt (voucher) number", ["V-17", "77"], [False, False]),
        ("Batch number", ["—", "5"], [False, False]),
        ("Authorisation code", ["A1B2", "XY9"], [False, False]),
        ("Reference number", ["—", "REF-1"], [False, False]),
    ]


def test_a_double_charge_shows_each_record_in_its_own_column_and_marks_what_differs():
    heads, rows = payment_table({"customer": CUST, "records": [R1, R2], "double_charge": True}, "zh", "+08:00")
    assert heads == ["客人的凭据", "POS机记录 1", "POS机记录 2"]
    assert rows == [
        ("金额", ["99.00 欧元", "99.00 欧元", "98.00 欧元"], [True, False, True]),
        ("结果", ["—", "成功", "未成功"], [False, False, False]),
        ("时间", ["2026-12-06 14:05:00 UTC+08:00", "12-06 14:05:03（POS机时钟，无年份和时区）",
                "2026-12-06 14:06:10（POS机时钟）"], [False, False, False]),
        ("订单号", ["0042", "20261206-0042", "77"], [True, False, True]),
        ("收款方", ["Bäckerei", "—", "—"], [False, False, False]),
        ("卡号", ["…4242", "VISA ************4242", "************1111"], [True, False, True]),
        ("流水号", ["—", "311", "312"], [False, False, False]),
        ("凭证号", ["V-17", "77", "—"], [False, False, False]),
        ("批次号", ["—", "5", "6"], [False, False, False]),
        ("授权码", ["A1B2", "XY9", "A0000000031010"], [False, False, False]),
        ("参考号", ["—", "REF-1", "—"], [False, False, False]),
    ]


def test_differences_reconcile_found_mark_the_only_record_and_the_customers_side():
    p = {"customer": {"amount": "99.00", "currency": "EUR"}, "records": [{"amount": "99.00", "status": "declined"}],
         "differences": [{"field": "amount"}, {"field": "status"}]}
    assert payment_table(p, "en") == (["Customer's evidence", "Terminal's record"], [
        ("Amount", ["99.00 EUR", "99.00"], [True, True]), ("Result", ["—", "not approved"], [True, True])])
    # with two records the listed differences are not marked: only values that differ are
    two = {**p, "records": [{"amount": "99.00", "status": "declined"}, {"amount": "99.00", "result": "approved"}]}
    assert payment_table(two, "en")[1] == [
        ("Amount", ["99.00 EUR", "99.00", "99.00"], [False, False, False]),
        ("Result", ["—", "not approved", "approved"], [False, False, False])]


@pytest.mark.parametrize(("decided_by", "one", "several", "time"), [
    ({"origin": "typed_terminal"}, "Typed from the POS机", "Typed from the POS机, {n}", f"12-06 14:05:03 {NO_YEAR}"),
    ({"origin": "statement"}, "The provider's statement", "Statement row {n}", "12-06 14:05:03"),
    ({"origin": "link"}, "Terminal's record", "Terminal record {n}", f"12-06 14:05:03 {NO_YEAR}"),
    ({}, "Terminal's record", "Terminal record {n}", f"12-06 14:05:03 {NO_YEAR}"),
])
def test_the_records_column_is_named_after_their_source(decided_by, one, several, time):
    p = {"customer": CUST, "records": [R1], "decided_by": decided_by}
    heads, rows = payment_table(p, "en")
    assert heads == ["Customer's evidence", one]
    assert rows[2] == ("Time", ["2026-12-06 14:05:00", time], [False, False])
    heads, rows = payment_table({**p, "records": [R1, R2]}, "en")
    assert heads == ["Customer's evidence", several.format(n=1), several.format(n=2)]


def test_a_qr_order_typed_from_the_merchant_app():
    p = {"customer": {"amount": "35.00", "currency": "CNY", "order_number": "8812"}, "origin": "typed_qr_app",
         "decided_by": {"origin": "typed_qr_app"},
         "records": [{"amount": "35.00", "currency": "CNY", "order_state": "paying", "order_number": "99998812",
                      "time": "2026-12-06T14:05:00"}]}
    assert payment_table(p, "zh") == (["客人的凭据", "商户App订单（店员录入）"], [
        ("金额", ["35.00 元", "35.00 元"], [False, False]),
        ("结果", ["—", "用户支付中"], [False, False]),
        ("时间", ["—", "2026-12-06 14:05:00"], [False, False]),
        ("订单号", ["8812", "99998812"], [False, False])])
    other = {**p, "customer": {**p["customer"], "order_number": "1234"}}
    assert payment_table(other, "en")[1][3] == ("Order number", ["1234", "99998812"], [True, True])
    unknown = {"customer": {}, "origin": "typed_qr_app", "records": [{"order_state": "weird", "status": "approved"}]}
    assert payment_table(unknown, "en") == (["Customer's evidence", "Merchant app's order (typed by staff)"],
                                           [("Result", ["—", "—"], [False, False])])


def test_no_record_and_no_evidence():
    assert payment_table({"customer": {}, "records": []}, "en") == (["Customer's evidence", "Terminal's record"], [
        ("Amount", ["—", "no record at that time"], [False, False]), ("Result", ["—", "—"], [False, False])])
    assert payment_table({"customer": CUST, "records": ["not a record"]}, "en")[1][:3] == [
        ("Amount", ["99.00 EUR", "no record at that time"], [False, False]),
        ("Time", ["2026-12-06 14:05:00", "—"], [False, False]),
        ("Order number", ["0042", "—"], [False, False])]
    # a record with no amount against the customer's: nothing to compare, nothing marked
    heads, rows = payment_table({"customer": {"amount": "5"}, "records": [{"approved": True}]}, "en")
    assert rows == [("Amount", ["5.00", "—"], [False, False]), ("Result", ["—", "approved"], [False, False])]


def test_the_payment_in_html_carries_each_cell_on_its_side():
    p = {"verdict": "mismatch", "verdict_text": {"en": "Amounts differ", "zh": "金额不符"}, "customer": CUST,
         "records": [R1, R2], "decided_by": {"origin": "link"},
         "differences": [{"field": "amount", "text": {"en": "99.00 against 98.00", "zh": "99.00 对 98.00"}},
                         {"field": "card", "text": "another card"}],
         "reasons": [{"text": {"en": "Two approvals", "zh": "两笔成功"}}, {"text": "Same minute"}]}
    m = debit_model()
    m["summary"]["payment"] = p
    page = render_html(m, "en")
    table = page[page.index('<table class="payment">'):]
    table = table[:table.index("</table>") + 8]
    assert table == (
        '<table class="payment"><tr><th></th><th data-side="customer">Customer&#x27;s evidence</th>'
        '<th data-side="terminal">Terminal record 1</th><th data-side="terminal">Terminal record 2</th></tr>'
        '<tr data-field="Amount"><th>Amount</th><td data-side="customer" class="diff">99.00 EUR ⚠</td>'
        '<td data-side="terminal">99.00 EUR</td><td data-side="terminal" class="diff">98.00 EUR ⚠</td></tr>'
        '<tr data-field="Result"><th>Result</th><td data-side="customer">—</td><td data-side="terminal">approved</td>'
        '<td data-side="terminal">not approved</td></tr>'
        '<tr data-field="Time"><th>Time</th><td data-side="customer">2026-12-06 14:05:00 UTC+08:00</td>'
        '<td data-side="terminal">12-06 14:05:03 (terminal&#x27;s clock, no year or time zone)</td>'
        '<td data-side="terminal">2026-12-06 14:06:10 (terminal&#x27;s clock)</td></tr>'
        '<tr data-field="Order number"><th>Order number</th><td data-side="customer" class="diff">0042 ⚠</td>'
        '<td data-side="terminal">20261206-0042</td><td data-side="terminal" class="diff">77 ⚠</td></tr>'
        '<tr data-field="Payee"><th>Payee</th><td data-side="customer">Bäckerei</td><td data-side="terminal">—</td>'
        '<td data-side="terminal">—</td></tr>'
        '<tr data-field="Card"><th>Card</th><td data-side="customer" class="diff">…4242 ⚠</td>'
        '<td data-side="terminal">VISA ************4242</td>'
        '<td data-side="terminal" class="diff">************1111 ⚠</td></tr>'
        '<tr data-field="Trace number"><th>Trace number</th><td data-side="customer">—</td>'
        '<td data-side="terminal">311</td><td data-side="terminal">312</td></tr>'
        '<tr data-field="Receipt (voucher) number"><th>Receipt (voucher) number</th>'
        '<td data-side="customer">V-17</td><td data-side="terminal">77</td><td data-side="terminal">—</td></tr>'
        '<tr data-field="Batch number"><th>Batch number</th><td data-side="customer">—</td>'
        '<td data-side="terminal">5</td><td data-side="terminal">6</td></tr>'
        '<tr data-field="Authorisation code"><th>Authorisation code</th><td data-side="customer">A1B2</td>'
        '<td data-side="terminal">XY9</td><td data-side="terminal">A0000000031010</td></tr>'
        '<tr data-field="Reference number"><th>Reference number</th><td data-side="customer">—</td>'
        '<td data-side="terminal">REF-1</td><td data-side="terminal">—</td></tr></table>')
    assert ('<div class="verdict mismatch">Amounts differ</div><div class="source">Source: read from the terminal '
            'over its link</div><table class="payment">') in page
    assert table + ('<div class="diffnote">⚠ 99.00 against 98.00</div><div class="diffnote">⚠ another card</div>'
                    '<div class="muted">Two approvals</div><div class="muted">Same minute</div></td></tr>') in page
    md = render_md(m, "en")
    assert "- **Payment**: **Amounts differ**\n- **Source**: read from the terminal over its link\n\n" in md
    assert ("  | | Customer's evidence | Terminal record 1 | Terminal record 2 |\n  |---|---|---|---|\n"
            "  | Amount | **99.00 EUR** ⚠ | 99.00 EUR | **98.00 EUR** ⚠ |\n"
            "  | Result | — | approved | not approved |\n") in md
    assert ("  | Reference number | — | REF-1 | — |\n\n  - ⚠ **99.00 against 98.00**\n  - ⚠ **another card**\n"
            "  - Two approvals\n  - Same minute\n") in md


# ---- the model: every field through the masker, the known identifiers and the shop's contacts as written

CARD, TEL = "411111******1111", "138****5678"
SAID = f"card {PAN} tel {PHONE}"
HIDDEN = f"card {CARD} tel {TEL}"


def leaky_run() -> dict:
    """A run of an older version that stored every field in clear: a card and a phone number in each."""
    doc = {
        "target": {"model": SAID, "terminal_id": "52500381", "serial": SAID, "software_version": "cR02.01.01-00.09-2-2",
                   "terminal_port": SAID, "printer_identity": SAID, "simulated": False, "scenario": SAID},
        "checks": [{"id": SAID, "category": SAID, "status": "critical", "message": {"en": SAID, "zh": SAID},
                    "observed": SAID, "expected": SAID, "hint": "not in the model"}, "not a check"],
        "steps": [{"id": SAID, "kind": SAID, "title": {"en": SAID, "zh": SAID}, "answer": SAID, "result": SAID,
                   "answered_by": "answers_file"}, "not a step"],
        "values": {"customer_phone": PHONE, "said": SAID},
        "payment": {"verdict": "unknown", "finding": "debit_without_attempt", "verdict_text": {"en": SAID, "zh": SAID},
                    "customer": {"amount": "9.00", "time": SAID, "card_last4": "1111"},
                    "reasons": [{"text": {"en": SAID, "zh": SAID}}], "records": [], "considered": []},
        "outcome": "escalated",
        "result": {"transaction": {"amount": "9.00", "trace_number": 5, "pan": PAN, "time": SAID}},
        "contacts": {"shop": {"name": "Kiosk", "merchant_id": "898310012340012", "address": SAID},
                     "support": {"provider": SAID, "phone": PHONE, "hours": "24h"}, "utc_offset": "+01:00"},
    }
    return run_of(doc, tool_version=SAID, note=SAID, playbook=SAID, terminal_model="old model")


def test_every_field_of_the_model_is_masked():
    m = build_model(leaky_run())
    assert m["terminal"] == {"model": HIDDEN, "terminal_id": "52500381", "serial": HIDDEN,
                             "software_version": "cR02.01.01-00.09-2-2", "port": HIDDEN, "printer": HIDDEN,
                             "simulated": False, "scenario": HIDDEN}
    assert m["checks"] == [{"id": HIDDEN, "category": HIDDEN, "status": "critical",
                            "message": {"en": HIDDEN, "zh": HIDDEN}, "observed": HIDDEN, "expected": HIDDEN}]
    assert m["steps"] == [{"id": HIDDEN, "kind": HIDDEN, "title": {"en": HIDDEN, "zh": HIDDEN}, "answer": HIDDEN,
                           "result": HIDDEN, "answered_by": "answers_file"}]
    assert m["recorded"] == {"customer_phone": TEL, "said": HIDDEN}
    assert m["payment"]["customer"] == {"amount": "9.00", "time": HIDDEN, "card_last4": "1111"}
    assert m["payment"]["reasons"] == [{"text": {"en": HIDDEN, "zh": HIDDEN}}]
    assert m["last_transaction"] == {"amount": "9.00", "trace_number": 5, "pan": CARD, "time": HIDDEN}
    assert m["outcome"] == "escalated"
    assert (m["note"], m["playbook"], m["tool_version"]) == (HIDDEN, HIDDEN, HIDDEN)
    sm = m["summary"]
    assert sm["shop"] == {"name": "Kiosk", "merchant_id": "898310012340012", "address": SAID}  # the shop's own
    assert sm["support"] == {"provider": HIDDEN, "phone": PHONE, "hours": "24h"}  # the number to call, as written
    assert sm["terminal"]["terminal_id"] == "52500381"
    facts = {f["key"]: text(f["value"], "en") for f in sm["ask"]["facts"]}
    assert facts["merchant_id"] == "898310012340012" and facts["terminal_id"] == "52500381"
    assert facts["shop"] == f"Kiosk, {SAID}"  # a known fact: as the shop wrote it
    assert facts["time"] == f"{HIDDEN} UTC+01:00"  # the customer's time is no known fact: masked
    rest = json.dumps({k: v for k, v in m.items() if k != "summary"}, ensure_ascii=False)
    assert PAN not in rest and PHONE not in rest
    assert (m["simulated"], m["run_id"], m["kind"], m["status"], m["schema_version"]) == (False, 42, "fix",
                                                                                         "critical", 3)


def test_redact_hides_the_identifiers_and_the_phone_too():
    m = build_model(leaky_run(), redact=True)
    assert m["terminal"]["terminal_id"] == "[redacted]" and m["terminal"]["serial"] == "[redacted]"
    sm = m["summary"]
    assert sm["shop"]["merchant_id"] == "[redacted]" and sm["terminal"]["terminal_id"] == "[redacted]"
    # the serial number's text repeated anywhere (here: as the provider) is hidden too
    assert sm["support"] == {"provider": "[redacted]", "phone": TEL, "hours": "24h"}
    facts = {f["key"]: text(f["value"], "en") for f in sm["ask"]["facts"]}
    assert facts["merchant_id"] == "[redacted]" and facts["terminal_id"] == "[redacted]"
    assert "898310012340012" not in render_md(m, "en") and "52500381" not in render_html(m, "en")


def test_the_run_row_fills_what_the_document_lacks():
    run = run_of({"steps": [{"id": "a", "text": "Do it", "answer": "yes", "status": "done", "answered_by": "robot",
                             "answer_label": "Yes, done"}, {"id": "b", "answer": "yes", "answered_by": "yes"}],
                  "recorded": ["one", "two"], "outcome": None},
                 kind="check", terminal_model="Move/5000", terminal_id="1234", terminal_serial="S-9",
                 software_version="1.2", printer="TM-T88", simulated=1, scenario="healthy", outcome="resolved")
    m = build_model(run)
    assert m["terminal"] == {"model": "Move/5000", "terminal_id": "1234", "serial": "S-9", "software_version": "1.2",
                             "port": None, "printer": "TM-T88", "simulated": True, "scenario": "healthy"}
    assert m["steps"] == [
        {"id": "a", "kind": None, "title": "Do it", "answer": "Yes, done", "result": "done", "answered_by": "person"},
        {"id": "b", "kind": None, "title": None, "answer": "yes", "result": None, "answered_by": "yes"}]
    assert (m["simulated"], m["recorded"], m["outcome"], m["payment"]) == (True, ["one", "two"], "resolved", None)
    assert m["summary"]["terminal"]["model"] == "Move/5000"
    md = render_md(m, "en")
    assert "- **Printer**: TM-T88\n- **Simulated**: yes\n- **Playbook**: charged-no-response\n" in md
    assert "### Recorded values\n\n- **1**: one\n- **2**: two\n" in md
    assert "| 1 | Do it | Yes, done | done |\n| 2 | b | yes (not done by a person: answered by --yes) |  |" in md
    doc = {"target": {"printer": "/dev/usb/lp0", "printer_port": "/dev/ttyS1", "terminal": "/dev/ttyS0"},
           "values": {"x": 1}, "payment": "not a dict", "outcome": "resolved"}
    m = build_model(run_of(doc, printer="TM-T88", outcome="not_resolved"))
    assert (m["terminal"]["port"], m["payment"], m["recorded"], m["outcome"]) == ("/dev/ttyS0", None, {"x": 1},
                                                                                  "resolved")
    assert "- **Printer**: /dev/usb/lp0\n" in render_md(m, "en")


def test_find_transaction_takes_the_last_one_anywhere():
    assert find_transaction({"a": 1}) is None
    assert find_transaction([{"transaction": {"status": "x"}}]) is None  # no transaction field
    doc = {"steps": [{"result": {"transaction": {"approved": True, "n": 1}}},
                     {"data": [{"x": {"amount": "1.00", "trace_number": 2}}]},
                     {"last_transaction": {"pan_masked": "****1111", "n": 3}}]}
    assert find_transaction(doc) == {"pan_masked": "****1111", "n": 3}
    assert find_transaction(doc["steps"][:2]) == {"amount": "1.00", "trace_number": 2}
    assert find_transaction({"transaction": {"trace_number": 1, "inner": {"transaction": {"amount": 2}}}}) == {
        "trace_number": 1, "inner": {"transaction": {"amount": 2}}}
    assert find_transaction({"other": {"amount": 1}, "more": {"trace_number": 1}}) is None
    assert find_transaction({"last_transaction": {"amount": 1}, "t": {"amount": 2, "trace_number": 3}}) == {
        "amount": 2, "trace_number": 3}


def test_json_report_is_the_model():
    m = check_model()
    assert render(m, "json") == render_json(m) == json.dumps(m, ensure_ascii=False, indent=2, default=str)
    assert json.loads(render(m, "json"))["checks"][1] == {
        "id": "network.acquirer", "category": "printer", "status": "critical",
        "message": {"en": f"Paper out; customer called from {TEL}", "zh": "缺纸"},
        "observed": "paper end", "expected": "paper present"}


# ---- the words both renderers share

def test_text_says_each_kind_of_value():
    assert [text(v, "en") for v in (None, True, False, 3, "x", [1, "二"], {"a": 1})] == [
        "", "yes", "no", "3", "x", '[1, "二"]', '{"a": 1}']
    assert text(True, "zh") == "是"
    assert text({"outcome": "resolved", "message": "reprinted"}, "en") == "resolved: reprinted"
    assert text({"status": "failed"}, "en") == "failed"
    assert text({"message": "only this"}, "en") == "only this"
    assert text({"outcome": "", "status": "ok", "message": ""}, "en") == "ok"
    assert text({"en": "hello", "zh": "你好"}, "zh") == "你好"
    assert text(Text("Shop"), "zh") == "商户"
    assert text({"en": "hello", "de": 3}, "en") == '{"en": "hello", "de": 3}'  # not all text: no message


def test_an_older_record_in_a_language_it_lacks():
    assert said({"en": "Shop", "zh": "店"}, "de") == "Geschäft"  # the catalog knows its English
    assert said({"en": "something else entirely", "zh": "别的"}, "de") == "something else entirely"
    assert said({"en": "Shop", "zh": "店"}, "zh") == "店"
    assert said("plain", "en") == ""
    assert said({"en": "Shop"}, "zh") == "商户"


def test_machine_words_and_who_answered():
    assert [word(w, "en") for w in ("ok", "escalated", "unsure", "run", "fix", "declined", "other", None, 5)] == [
        "ok", "handed to the payment provider", "not sure", "done", "fix", "not approved", "other", "", "5"]
    assert word("critical", "zh") == "严重"
    assert by_whom("yes", "en") == "not done by a person: answered by --yes"
    assert by_whom("answers_file", "en") == "not done by a person: answered from the answers file"
    assert by_whom("person", "en") == by_whom(None, "en") == ""
    assert marked("Restart: done", "X", "en") == "Restart: done — X"
    assert marked("Restart: done", "", "en") == "Restart: done"
    assert marked("Restart: answered by --yes", "X", "en") == "Restart: answered by --yes"
    assert bracketed("a", "b", "en") == "a (b)" and bracketed("a", "b", "zh") == "a（b）"


def test_check_names_on_each_page():
    assert check_name("link.terminal", "en") == "link.terminal"
    assert check_name("link.terminal", "zh") == "POS机连接"
    assert check_name("link.terminal", "de") == "Terminal-Verbindung"
    assert check_name("no.such.check", "zh") == "no.such.check"
    assert check_name(None, "zh") == "" and check_name(7, "de") == "7"
    assert check_name("link.terminal", "fr") == "link.terminal"  # no words in that language: the id
    assert check_name({"en": "Terminal link", "zh": "POS机连接"}, "en") == "Terminal link"  # an older record's text


def test_terminal_line_and_transaction_rows():
    t = {"model": "M", "terminal_id": "1234", "terminal_id_source": "configuration", "serial": "S",
         "software_version": "V", "port": "P"}
    assert terminal_line(t, "en") == ("M, Terminal ID 1234 (from pos-doctor.toml), Serial number S, "
                                      "Software version V, Terminal port P")
    assert terminal_line({"terminal_id": "1234"}, "zh") == "终端号 1234"
    assert terminal_line({}, "en") == "not reported"
    tx = {"approved": False, "amount": "12.50", "currency": "EUR", "time": "T", "trace_number": 0,
          "receipt_number": 7, "pan": "****1111", "card_name": "VISA", "terminal_id": "1234"}
    assert tx_rows(tx, "en") == [("Approved", "no"), ("Amount", "12.50"), ("Currency", "EUR"), ("Time", "T"),
                                 ("Trace number", "0"), ("Receipt (voucher) number", "7"), ("Card", "****1111"),
                                 ("Card type", "VISA"), ("Terminal ID", "1234")]
    assert tx_rows({"amount": "12.50", "currency": "EUR", "pan_masked": "**1", "pan": "**2"}, "zh") == [
        ("金额", "12.50 欧元"), ("卡号", "**1")]
    assert tx_rows({"amount": "abc", "currency": "EUR"}, "zh") == [("金额", "abc")]


def test_payment_details_in_words():
    m = {"payment": {"verdict": "charged", "double_charge": True, "customer": {"amount": "9.00", "currency": "EUR"},
                     "reasons": [{"text": "first"}, "not a reason", {"text": {"en": "second", "zh": "二"}}],
                     "considered": [{"source": "link", "amount": "9.00", "result": "approved"}, "x"]}}
    rows = payment_details(m, "en")
    assert rows[:4] == [("Verdict", "charged twice"), ("The customer shows", "9.00 EUR, none"),
                        ("Why", "first"), ("Why", "second")]
    assert [k for k, _ in rows[4:]] == ["Terminal transactions compared"]
    assert payment_details({"payment": None}, "en") == []
    odd = payment_details({"payment": {"verdict": "made_up", "decided_by": {"origin": "statement"},
                                       "considered": [{"amount": "1.00"}]}}, "en")
    assert odd[0] == ("Verdict", "made_up") and odd[1] == ("The customer shows", "none, none")
    assert [k for k, _ in odd[2:]] == ["Source", "Statement rows compared"]


def test_the_source_that_decided_in_words():
    from pos_doctor.records.report.words import source_text

    label = {"en": "typed by staff from the POS机's 交易明细, 3 transactions", "zh": "店员从POS机交易明细录入，3 笔"}
    assert source_text({"decided_by": {"origin": "typed_terminal", "label": label}}, "zh") == label["zh"]
    assert source_text({"decided_by": {"origin": "typed_terminal"}}, "en") == "typed by staff from the POS机"
    assert source_text({"decided_by": {"origin": "statement", "label": {"en": "x"}}}, "en") == (
        "the provider's statement")
    assert source_text({"decided_by": {"origin": "link"}}, "en") == "read from the terminal over its link"
    assert source_text({"decided_by": "statement"}, "en") == "read from the terminal over its link"
    assert source_text({}, "en") == "read from the terminal over its link"
    typed = {"payment": {"verdict": "charged", "decided_by": {"origin": "typed_terminal", "label": label},
                         "considered": [{"source": "typed", "amount": "9.00", "result": "approved"}]}}
    rows = payment_details(typed, "en")
    assert rows[2] == ("Source", label["en"])
    assert [k for k, _ in rows[3:]] == ["Typed transactions compared"]
    odd = payment_details({"payment": {"verdict": "charged", "decided_by": "typed_terminal",
                                       "considered": [{"amount": "9.00"}]}}, "en")
    assert [k for k, _ in odd] == ["Verdict", "The customer shows", "Terminal transactions compared"]


def test_a_model_with_a_value_json_does_not_know_is_written_as_its_text():
    from datetime import datetime

    assert render_json({"when": datetime(2026, 1, 2, 3, 4, 5), "價": "ü"}) == (
        '{\n  "when": "2026-01-02 03:04:05",\n  "價": "ü"\n}')


def test_a_headline_without_a_case_and_a_run_without_a_time():
    m = debit_model()
    m["summary"]["when"] = None
    m["summary"]["payment"] = {"headline": "Look at this", "verdict": "unknown", "verdict_text": "Unsettled"}
    page = render_html(m, "zh")
    assert '<div class="headline ">Look at this</div><table><tr><th>发生了什么</th>' in page
    assert "<tr><th>时间</th><td>未报告</td></tr>" in page
    assert "- **时间**：未报告\n" in render_md(m, "zh")
