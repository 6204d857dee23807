# ruff: noqa: E501 - the pages below are held line by line as the renderers write them
"""The evidence report's model and its Markdown page, beyond `test_report_details.py`: the model's fields a support
line reads in the JSON report (the run's start in the shop's time, the printer from a check's port), and the Markdown
page's parts said exactly - which column a payment value is in, the words and their order - for the cases the whole
pages there do not reach."""

from __future__ import annotations

import copy

from pos_doctor.records.report import build_model, render_md
from tests.cli.test_report_evidence import DEBIT_DOC
from tests.records.docs import fix_doc
from tests.records.test_report_details import PHONE, leaky_run, run_of

# ---- the model


def test_the_run_starts_in_the_shops_own_time():
    # the offset of the day of the run (the run's contacts), whatever this computer's time zone: +08:00 and +01:00
    assert build_model(run_of(copy.deepcopy(DEBIT_DOC)))["started_local"] == "2026-12-06 14:20:00 UTC+08:00"
    assert build_model(leaky_run())["started_local"] == "2026-12-06 07:20:00 UTC+01:00"
    assert build_model(run_of({}, started_at=None))["started_local"] is None


def test_the_printer_is_the_checks_printer_port_when_nothing_names_it():
    doc = {"target": {"printer_port": "/dev/ttyS1", "terminal_port": "/dev/ttyS0"}}
    m = build_model(run_of(doc, printer="TM-T88"))
    assert (m["terminal"]["printer"], m["terminal"]["port"]) == ("/dev/ttyS1", "/dev/ttyS0")
    assert build_model(run_of({"target": {}}, printer="TM-T88"))["terminal"]["printer"] == "TM-T88"


# ---- the Markdown page's details: the last transaction, the steps' results and the recorded values in the reader's
# language, and a value that would break the table (a bar, a new line) kept inside its cell


def detailed_run() -> dict:
    doc = fix_doc()
    doc["checks"] = [{"id": "printer.receipt", "category": "printer", "status": "critical",
                      "message": {"en": "Paper out | roll 2\nload a new one", "zh": "缺纸 | 第二卷\n请装新纸"}}]
    doc["steps"][0]["result"] = {"en": "The customer has no receipt", "zh": "客人没有小票"}
    doc["steps"][2]["result"] = {"outcome": "failed", "message": {"en": "host unreachable", "zh": "主机不可达"}}
    doc["recorded"] = {"customer_phone": PHONE, "debit_shown": True,
                       "bank_says": {"en": "Debit pending", "zh": "扣款处理中"}}
    return run_of(doc, note="the customer | waits")


def details_of(page: str, head: str) -> list[str]:
    return page[page.index(head):].split("\n")


def test_the_details_in_english():
    assert details_of(render_md(build_model(detailed_run()), "en"), "### Check results") == [
        '### Check results',
        '',
        '| Check | Status | Message |',
        '|---|---|---|',
        '| printer.receipt | critical | Paper out \\| roll 2 load a new one |',
        '',
        '### Last transaction as the terminal reported it',
        '',
        '- **Approved**: yes',
        '- **Amount**: 12.50',
        '- **Currency**: EUR',
        '- **Time**: 2026-11-22T11:58:03',
        '- **Trace number**: 1234',
        '- **Receipt (voucher) number**: 77',
        '- **Card**: 411111******1111',
        '- **Card type**: VISA',
        '- **Terminal ID**: 52500381',
        '',
        '### Steps taken',
        '',
        '| # | Step | Answer | Result |',
        '|---|---|---|---|',
        '| 1 | Did the customer get a receipt? | no | The customer has no receipt |',
        '| 2 | Reprint the last receipt |  | completed |',
        '| 3 | check-network |  | failed: host unreachable |',
        '| 4 | note-phone | customer phone 138****5678 | recorded |',
        '',
        '### Recorded values',
        '',
        '- **Customer phone (masked)**: 138****5678',
        '- **debit shown**: yes',
        '- **bank says**: Debit pending',
        '',
        '### Operator note',
        '',
        'the customer | waits',  # a paragraph, not a table: as written
        '',
        '> **SIMULATED — a simulated terminal and printer, not a real payment**',
        '',
    ]


def test_the_details_in_chinese():
    assert details_of(render_md(build_model(detailed_run()), "zh"), "### 检查结果") == [
        '### 检查结果',
        '',
        '| 检查项 | 状态 | 信息 |',
        '|---|---|---|',
        '| 小票打印机 | 严重 | 缺纸 \\| 第二卷 请装新纸 |',
        '',
        '### POS机报告的最后一笔交易',
        '',
        '- **已批准**：是',
        '- **金额**：12.50 欧元',
        '- **时间**：2026-11-22T11:58:03',
        '- **流水号**：1234',
        '- **凭证号**：77',
        '- **卡号**：411111******1111',
        '- **卡类型**：VISA',
        '- **终端号**：52500381',
        '',
        '### 执行的步骤',
        '',
        '| # | 步骤 | 回答 | 结果 |',
        '|---|---|---|---|',
        '| 1 | 顾客拿到小票了吗？ | 否 | 客人没有小票 |',
        '| 2 | 重打最后一张小票 |  | 已完成 |',
        '| 3 | check-network |  | 失败: 主机不可达 |',
        '| 4 | note-phone | customer phone 138****5678 | recorded |',
        '',
        '### 记录的数值',
        '',
        '- **客人电话（已脱敏）**：138****5678',
        '- **其他记录**：是',
        '- **其他记录**：扣款处理中',
        '',
        '### 操作员备注',
        '',
        'the customer | waits',
        '',
        '> **模拟 —— 模拟的POS机和打印机，不是真实交易**',
        '',
    ]
