"""Issue 24, without a terminal link: `pos-doctor fix` with NO terminal configured (real subprocess, answers files;
one walk at a real pty), the records typed by staff from the standalone POS机's own screen. The walk reaches a
decided verdict from the typed list, in zh and en, and the JSON, the screen and the report name that source; a
partial list never lets staff take the payment again; a bad typed value is one screen naming the step and field."""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime, timedelta

import pytest

from tests.cli.test_fix import run

LANGS = ("en", "zh")
FULL_PAN = "6225880000001234"


LOOKED_AT = datetime(2026, 12, 1, 14, 30)  # when staff looked at the POS机: fixed, so no walk crosses midnight


def _at(minutes_ago: int) -> str:
    """A time as staff and the customer read it, with its date (a bare 23:55 typed at 00:01 would be today's)."""
    return (LOOKED_AT - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%d %H:%M")


def answers(result: str, *, complete: bool = True, **more) -> dict:
    """The customer shows 99.00 six minutes ago, card ending 1234; the POS机's 交易明细 holds another card's payment,
    and the customer's attempt with `result` (成功 / 失败)."""
    typed = {"where": "交易明细",
             "transactions": [{"amount": "45.00", "time": _at(9), "card": "9876", "voucher": "000121", "result": "成功"},
                              {"amount": "99.00", "time": _at(6), "card": FULL_PAN, "voucher": "000122",
                               "result": result}]}
    if complete:
        typed["complete"] = {"from": _at(30), "to": _at(0)}
    return {"card-or-qr": "card", "record-customer-amount": "99.00", "record-customer-time": _at(6),
            "record-customer-card": "1234", "typed-offer": "read", "typed-records": typed, "explain-reversal": "done",
            **more}


def walked(doc: dict) -> list[str]:
    return [e["id"] for e in doc["steps"] if "id" in e and not e.get("skipped")]


CASES = {  # name -> (typed result, complete, verdict, exit, steps walked, steps never entered)
    "charged": ("成功", True, "charged", 1, ["reconcile", "typed-offer", "typed-records", "reconcile-typed",
                                             "typed-paid"], ["charge-again", "calm-customer", "tell-customer-paid"]),
    "not-charged": ("失败", True, "not_charged", 1, ["reconcile-typed", "explain-reversal", "charge-again"],
                    ["tell-customer-paid", "calm-customer"]),
}


@pytest.fixture(scope="module")
def walks(tmp_path_factory):
    out = {}
    for name, (result, complete, *_rest) in CASES.items():
        for lang in LANGS:
            tmp = tmp_path_factory.mktemp(f"{name}-{lang}")
            p = run(tmp, "fix", "charged-no-response", "--json", "--lang", lang,
                    answers=answers(result, complete=complete))
            doc = json.loads(p.stdout)
            report = run(tmp, "report", str(doc["run_id"]), "--format", "md", "--lang", lang)
            out[name, lang] = (p, doc, report)
    return out


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(CASES))
def test_no_terminal_configured_a_typed_list_decides_and_every_output_names_it(walks, name, lang):
    result, complete, verdict, code, must, never = CASES[name]
    p, doc, report = walks[name, lang]
    assert p.returncode == code, p.stderr[-3000:]
    assert doc["target"].get("terminal_port") in (None, "") and not doc["target"].get("simulated")
    steps = walked(doc)
    assert all(s in steps for s in must), steps
    assert not any(s in steps for s in never), steps
    pay = doc["payment"]
    assert pay["verdict"] == verdict and pay["decided_by"]["origin"] == "typed_terminal"
    label = pay["decided_by"]["label"]
    assert label["zh"].startswith("店员从POS机“交易明细”抄录，2笔，") and \
        label["en"].startswith("typed by staff from the POS机's 交易明细 (transaction list), 2 transactions, ")
    # the first, link reconcile found no terminal: unknown, and took the no-link branch
    first = next(e for e in doc["steps"] if e.get("id") == "reconcile")
    assert first["payment"]["verdict"] == "unknown" and first["payment"]["terminal"]["readable"] is False
    typed_entry = next(e for e in doc["steps"] if e.get("id") == "reconcile-typed")
    assert "action" not in typed_entry and typed_entry["origin"] == "typed_terminal"  # the link is not read again
    # the whole card number typed into the answers file is nowhere: cut to its last four digits at once
    for text in (p.stdout, p.stderr, report.stdout):
        assert FULL_PAN not in text
    # the screen (stderr under --json) and the report say which source decided it, never "the terminal reported"
    screen = p.stderr
    if lang == "zh":
        assert "来源：店员从POS机“交易明细”抄录，2笔" in screen and "比对过的抄录交易" in screen
        assert "- **来源**：店员从POS机“交易明细”抄录，2笔" in report.stdout
        assert "从POS机抄录" in report.stdout
    else:
        assert "Source: typed by staff from the POS机's 交易明细 (transaction list), 2 transactions" in screen
        assert "- **Source**: typed by staff from the POS机's 交易明细 (transaction list), 2 transactions" in report.stdout
        assert "terminal reported" not in screen and "Typed from the POS机" in report.stdout
    if verdict == "not_charged":  # the money guard opened the new payment on the typed verdict, and only then
        entry = next(e for e in doc["steps"] if e.get("id") == "charge-again")
        assert entry["new_payment_allowed"] is True and entry["verdict"] == "not_charged"


@pytest.mark.parametrize("lang", LANGS)
def test_a_partial_typed_list_never_lets_staff_charge_again(tmp_path, lang):
    p = run(tmp_path, "fix", "charged-no-response", "--json", "--yes", "--lang", lang,
            answers=answers("失败", complete=False, **{"update-running": "not-updating"}))
    doc = json.loads(p.stdout)
    assert p.returncode == 2 and doc["outcome"] == "escalated", p.stderr[-2000:]
    typed = next(e for e in doc["steps"] if e.get("id") == "reconcile-typed")["payment"]
    assert typed["verdict"] == "unknown" and typed["reasons"][0]["code"] == "listing_incomplete"
    assert not any(e.get("new_payment_allowed") for e in doc["steps"])
    assert "charge-again" not in walked(doc) and "calm-customer" in walked(doc)


@pytest.mark.parametrize("lang, needle", [
    ("en", "typed-records: transaction 2, voucher number (凭证号): type the voucher number (凭证号) as digits, e.g. 000123"),
    ("zh", "`typed-records` 的回答无效——第 2 笔的凭证号：请输入凭证号（数字），例如 000123"),
])
def test_a_bad_typed_value_in_the_answers_file_is_one_screen_naming_the_step_and_field(tmp_path, lang, needle):
    a = answers("成功")
    a["typed-records"]["transactions"][1]["voucher"] = "12A"
    p = run(tmp_path, "fix", "charged-no-response", "--lang", lang, answers=a)
    assert p.returncode == 3, p.stderr[-2000:]
    assert needle in p.stderr and "answers.yaml" in p.stderr
    assert "Traceback" not in p.stderr and FULL_PAN not in p.stderr + p.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_at_a_pty_staff_type_the_list_one_transaction_at_a_time(tmp_path):
    from tests.cli.test_fix_interactive import Session

    s = Session(tmp_path, "fix", "charged-no-response", lang="zh")
    s.prompt(r"第 1 步[\s\S]*1）在POS机上刷卡", "1")
    s.prompt(r"第 2 步[\s\S]*客人手机上显示的金额", "99")
    s.prompt(r"第 3 步", _at(6))
    s.prompt(r"第 4 步[\s\S]*卡号后四位", "1234")
    s.read_until(r"结论：无法确认")
    s.prompt(r"独立的POS机自己保存着交易记录[\s\S]*1）可以", "1")
    s.prompt(r"查询 → 交易明细[\s\S]*1-4", "1")                                # where: 交易明细
    s.prompt(r"第 1 笔[\s\S]*金额", "99,00")
    s.prompt(r"时间，例如 14:05", "25:99")                                       # a bad time: asked again, saying why
    s.prompt(r"请输入时间，例如 14:05", _at(6))
    s.prompt(r"卡号后四位", FULL_PAN)                                            # the whole number: only 1234 is kept
    s.prompt(r"凭证号", "000122")
    s.prompt(r"结果：1 成功", "2")                                               # 失败
    s.prompt(r"第 2 笔[\s\S]*金额", "")                                          # no more
    s.prompt(r"是否包括POS机上两个时间之间的全部交易", "y")
    s.prompt(r"起始时间", _at(30))
    s.prompt(r"结束时间", _at(0))
    s.read_until(r"结论：根据从POS机抄录的交易，这笔付款客人没有被扣款。[\s\S]*来源：店员从POS机“交易明细”抄录，1笔")
    s.prompt(r"暂时冻结", "")                                                    # explain-reversal
    code = s.wait()
    assert code in (0, 1), s.text[-3000:]
    flat = s.text.replace("\n", "")
    assert "现在可以重新收款" in flat                                             # the guard opened it on not_charged
    # the whole number is on the screen once: the terminal's own echo of what was typed; nothing kept holds it
    assert s.text.count(FULL_PAN) == 1 and "Traceback" not in s.text
    assert "✓ 99.00" in flat and "卡号尾号 1234" in flat
    for f in (tmp_path / "data").rglob("*"):
        if f.is_file():
            assert FULL_PAN.encode() not in f.read_bytes(), f
    verdict = flat[flat.index("结论：根据"):flat.index("暂时冻结")]
    assert not re.search(r"[A-Za-z]{3,}", verdict.replace("POS", "")), "English on the zh verdict screen"


@pytest.mark.parametrize("pid, more, target", [
    ("dropped-transaction", {}, "typed-paid"),
    ("no-receipt-charged", {}, "explain-to-customer"),
])
def test_the_other_money_playbooks_offer_the_typed_records_too(tmp_path, pid, more, target):
    p = run(tmp_path, "fix", pid, "--json", "--yes", answers=answers("成功", **more))
    doc = json.loads(p.stdout)
    steps = walked(doc)
    assert ["typed-offer", "typed-records", "reconcile-typed", target] == \
        [s for s in steps if s in ("typed-offer", "typed-records", "reconcile-typed", target)], steps
    assert doc["payment"]["verdict"] == "charged" and doc["payment"]["decided_by"]["origin"] == "typed_terminal"
    assert not any(e.get("new_payment_allowed") for e in doc["steps"]) and FULL_PAN not in p.stdout + p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_suspected_fraud_compares_the_typed_records_before_anything_is_said(tmp_path, lang):
    a = answers("成功")
    a = {"record-customer-amount": "99.00", "record-customer-time": a["record-customer-time"], "card-or-qr": "card",
         "whose-charge": "ours",
         "found": "type-records", "typed-records": a["typed-records"], "typed-found-payment": "matches-sale",
         "explained": "yes"}
    p = run(tmp_path, "fix", "suspected-fraud", "--json", "--yes", "--lang", lang, answers=a)
    doc = json.loads(p.stdout)
    assert doc["payment"]["verdict"] == "charged" and doc["payment"]["decided_by"]["origin"] == "typed_terminal"
    assert [s for s in walked(doc) if s in ("typed-records", "reconcile-typed", "typed-found-payment", "explain-sale",
                                            "done")] == ["typed-records", "reconcile-typed", "typed-found-payment",
                                                         "explain-sale", "done"]
