"""The printed binder (`playbooks show`): check ids and `when:` conditions written as sentences, and in Chinese a
page the Chinese lint passes."""

from __future__ import annotations

import pytest

from pos_doctor.playbooks.library import Library
from pos_doctor.ui.playbook_doc import procedure
from tests.i18n.test_zh_lint import PENDING_PLAYBOOKS
from tests.i18n.zhlint import screen_problems

CONDITIONS = """spec: 1
id: binder-demo
title: {en: "Demo", zh: "示例"}
summary: {en: "Conditions as sentences.", zh: "条件写成句子。"}
situation: false
recommended_by: []
needs_checks: [printer.receipt]
steps:
  - id: amount
    kind: record
    field: customer_amount
    type: amount
    text: {en: "Type the amount.", zh: "输入金额。"}
  - id: works
    kind: confirm
    text: {en: "Does it work?", zh: "正常了吗？"}
    on_yes: which
    on_no: which
  - id: which
    kind: question
    text: {en: "Which?", zh: "哪一种？"}
    choices:
      - {id: paid, label: {en: "Paid", zh: "已付款"}, goto: a}
      - {id: other, label: {en: "Other", zh: "其他"}, goto: a}
  - id: a
    kind: instruction
    when: "answer('works') == 'yes' and check('printer.receipt') in ('critical', 'unknown')"
    text: {en: "A.", zh: "甲。"}
  - id: b
    kind: instruction
    when: "not visited('works') or answer('which') != 'paid'"
    text: {en: "B.", zh: "乙。"}
  - id: c
    kind: instruction
    when: "last_tx('status') == 'approved' and value('customer_amount') == last_tx('amount')"
    text: {en: "C.", zh: "丙。"}
  - id: help
    kind: escalate
    to: {en: "support", zh: "技术支持"}
    evidence: [check_results]
    text: {en: "Call.", zh: "打电话。"}
prevention:
  - {en: "None.", zh: "无。"}
"""


@pytest.fixture()
def demo(tmp_path):
    (tmp_path / "binder-demo.yaml").write_text(CONDITIONS, encoding="utf-8")
    lib = Library.load([tmp_path])
    return lib, lib.get("binder-demo")


def test_conditions_read_as_sentences_zh(demo):
    page = procedure(*demo, "zh")
    assert "先检查：小票打印机" in page
    assert "仅当：第 2 步的回答是“是”，且“小票打印机”检查结果是以下之一：有故障、未知" in page
    assert "仅当：并非（已经过第 2 步），或第 3 步的回答不是“已付款”" in page
    assert "仅当：POS机最后一笔交易的结果是交易成功，且第 1 步记录的值是POS机最后一笔交易的金额" in page
    for raw in ("answer(", "check(", "visited(", "last_tx(", "printer.receipt", " == "):
        assert raw not in page
    assert screen_problems(page) == []


def test_conditions_read_as_sentences_en(demo):
    page = procedure(*demo, "en", markdown=True)
    assert "- Only if: the answer at step 2 is “Yes” and the check “Receipt printer” is one of a problem, unknown" in page
    assert "- Only if: not (step 2 was reached) or the answer at step 3 is not “Paid”" in page
    assert "answer(" not in page and "printer.receipt" not in page


@pytest.mark.parametrize("pid", sorted(set(Library.load().ids()) - PENDING_PLAYBOOKS))
@pytest.mark.parametrize("markdown", [False, True])
def test_every_shipped_binder_page_is_clean_chinese(pid, markdown):
    lib = Library.load()
    page = procedure(lib, lib.get(pid), "zh", markdown=markdown)
    assert screen_problems(page) == [], "\n".join(screen_problems(page))
