"""Issue 23, the rest of "advice that hurts" and the zh report, through the CLI in English and Chinese (answers files,
simulated terminal and printer on ptys):

- Repeat Receipt reprints the terminal's LAST payment: a reprint is handed over only when that last payment is the
  one record matched to this customer; when a sale followed, the walk says so and prints nothing;
- the paper playbook, on its own, offers the waiting customer's slip once the paper is in, comparing the last
  payment with the customer's message before anything prints (inside no-receipt-charged it leaves that to the
  payment walk);
- compensation is a step after a double charge is given back, and what was agreed reaches the escalation;
- a zh screen and a zh report say money in words (12.50 欧元), never with a currency code.
"""

from __future__ import annotations

import re
import sys

import pytest

from tests.cli.test_fix import APPROVED, card, scenario
from tests.cli.test_walks_truth import LANGS, fix, run  # run: both lines at 115200 baud

# the customer's payment (trace 41), then another customer's sale (trace 42); the printer is out of paper
LATER_SALE = {"ecr_prints": True, "journal": [
    {"result": 0, "amount": 1250, "currency": 978, "trace": 41, "receipt": 16, "minutes_ago": 3},
    {"result": 0, "amount": 3000, "currency": 978, "trace": 42, "receipt": 17, "minutes_ago": 1}]}
PAPER_OUT = {"paper": "out", "heal_after": 2}


def _walked(doc: dict) -> list[str]:
    """The steps the walk went through (a step whose condition was false is logged as skipped, not walked)."""
    return [s["id"] for s in doc["steps"] if not s.get("skipped")]


def _actions(doc: dict) -> list[str]:
    return [s.get("action") for s in doc["steps"] if s.get("kind") == "action"]


def _three_minutes_ago() -> str:
    from datetime import datetime, timedelta

    return (datetime.now() - timedelta(minutes=3)).strftime("%H:%M")


@pytest.mark.parametrize("lang", LANGS)
def test_no_reprint_when_a_sale_followed_the_customers_payment(tmp_path, lang):
    sim = scenario(tmp_path, "later-sale", LATER_SALE, PAPER_OUT)
    answers = {"card-or-qr": "card", "record-customer-amount": "12.50", "record-customer-time": _three_minutes_ago(),
               "record-customer-card": "0019"}
    p, doc = fix(tmp_path, lang, "no-receipt-charged", sim, answers, "--yes")
    assert doc["payment"]["verdict"] == "charged", doc["payment"]
    assert [m["trace_number"] for m in doc["payment"]["matched"]] == [41]
    walked = _walked(doc)
    assert "not-the-last" in walked and "print-copy" not in walked and "done-copy" not in walked, walked
    assert "print_receipt_copy" not in _actions(doc)  # nothing was printed: trace 42 is another customer's slip
    assert walked[-1] == "proof-given" and doc["outcome"] == "resolved"
    if lang == "zh":
        assert "不要补打" in p.stderr and "打出来的会是别人的小票" in p.stderr and "把补打的小票交给客人" not in p.stderr
    else:
        assert "Do not reprint" in p.stderr and "It would be another customer's slip" in p.stderr
        assert "Give the copy to the customer" not in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_the_customers_slip_is_reprinted_when_it_is_the_last_payment(tmp_path, lang):
    sim = scenario(tmp_path, "paid-no-paper", APPROVED, PAPER_OUT)
    p, doc = fix(tmp_path, lang, "no-receipt-charged", sim, card("12.50", **{"record-customer-card": "", "print-copy": "run", "copy-ok": "yes"}),
                 "--yes")
    walked = _walked(doc)
    assert "print-copy" in walked and "not-the-last" not in walked and walked[-1] == "done-copy", walked
    assert "printer-paper/reprint-offer" not in walked  # the paper playbook inside the payment walk leaves the reprint to it
    assert "print_receipt_copy" in _actions(doc)
    if lang == "zh":
        assert "补打这位客人的小票：POS机上的最后一笔就是和这位客人对上的那一笔" in p.stderr
    else:
        assert "Print a copy of this customer's slip: the terminal's LAST payment is the one matched to them" in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_paper_playbook_offers_the_waiting_customers_slip(tmp_path, lang):
    sim = scenario(tmp_path, "paid-no-paper", APPROVED, PAPER_OUT)
    p, doc = fix(tmp_path, lang, "printer-paper", sim,
                 {"open-and-load": "done", "reprint-offer": "slip-wanted", "last-is-theirs": "theirs",
                  "print-copy": "run", "copy-ok": "yes"})
    assert _walked(doc)[-6:] == ["reprint-offer", "read-last", "last-is-theirs", "print-copy", "copy-ok", "copy-given"]
    # the last payment is read (not printed) and shown BEFORE the cashier is asked whether it is the customer's
    assert _actions(doc)[-2:] == ["last_transaction", "print_receipt_copy"]
    shown = p.stderr.index("12.50 欧元" if lang == "zh" else "12.50 EUR")
    asked = p.stderr.index("它是不是这位客人的" if lang == "zh" else "Is it this customer's")
    assert shown < asked
    assert p.returncode == 0 and doc["outcome"] == "resolved"


@pytest.mark.parametrize("lang", LANGS)
def test_paper_playbook_prints_nothing_when_the_last_payment_is_not_theirs(tmp_path, lang):
    sim = scenario(tmp_path, "later-sale", LATER_SALE, PAPER_OUT)
    p, doc = fix(tmp_path, lang, "printer-paper", sim,
                 {"open-and-load": "done", "reprint-offer": "slip-wanted", "last-is-theirs": "not-theirs"})
    assert _walked(doc)[-1] == "no-reprint" and "print_receipt_copy" not in _actions(doc)
    assert "pos-doctor fix no-receipt-charged" in p.stderr
    assert ("不要把补打的小票交给客人" if lang == "zh" else "do not hand over a reprint") in p.stderr
    # --yes takes the safe answer (nobody waiting, nothing printed), and says it is only that, not a terminal reading
    (tmp_path / "yes").mkdir()
    p, doc = fix(tmp_path / "yes", lang, "printer-paper", "paper-out", None, "--yes")
    assert doc["answers"]["printer-paper/reprint-offer"] == "no-slip" and "print_receipt_copy" not in _actions(doc)
    assert ("拿不准时的稳妥答案" if lang == "zh" else "the safe answer when unsure") in p.stderr
    assert ("POS机读到的结果" if lang == "zh" else "what the terminal reported") not in p.stderr


DOUBLE = {"record-customer-card": "0019", "double-charge": "done", "provider-confirms-second": "yes",
          "return-second": "done", "goodwill": "coupon 5.00"}


@pytest.mark.parametrize("pid", ["charged-no-response", "dropped-transaction"])
@pytest.mark.parametrize("lang", LANGS)
def test_compensation_is_a_step_after_the_duplicate_is_given_back(tmp_path, lang, pid):
    p, doc = fix(tmp_path, lang, pid, "double-charge", card("99.00", **DOUBLE))
    walked = _walked(doc)
    assert walked[-3:] == ["return-second", "goodwill", "refund-follow-up"], walked
    assert doc["values"]["goodwill"] == "coupon 5.00"
    said = p.stderr[p.stderr.index("请联系" if lang == "zh" else "Contact:"):]
    if lang == "zh":
        assert "给客人的补偿：coupon 5.00" in said
        assert "店长可以决定" in p.stderr and "补偿也不能给现金" in p.stderr
    else:
        assert "Compensation for the trouble of being charged twice: coupon 5.00" in said
        assert "the manager may offer a goodwill gesture" in p.stderr and "never as cash" in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_zh_money_in_words_and_check_names_on_the_screen_and_in_the_report(tmp_path, lang):
    sim = scenario(tmp_path, "paid-no-paper", APPROVED, PAPER_OUT)
    p, doc = fix(tmp_path, lang, "no-receipt-charged", sim, card("12.50", **{"record-customer-card": "", "print-copy": "run", "copy-ok": "yes"}),
                 "--yes")
    screen = p.stderr.split("小票副本" if lang == "zh" else "receipt copy")[0]  # the slip itself prints what it prints
    for fmt in ("md", "html"):
        r = run(tmp_path, "report", "latest", "--kind", "fix", "--format", fmt, "--lang", lang)
        assert r.returncode == 0, r.stderr
        page = re.sub(r"<style.*?</style>", "", r.stdout, flags=re.S)
        if lang == "zh":
            assert "12.50 欧元" in page and not re.search(r"\bEUR\b", page), re.findall(r".{40}EUR.{20}", page)
            assert "币种" not in page  # no separate currency-code row
            assert "POS机连接" in page and "link.terminal" not in page  # a check by its name, not its id
        else:
            assert "12.50 EUR" in page
    if lang == "zh":
        assert re.search(r"金额\s+12\.50 欧元", screen) and "EUR" not in screen
    else:
        assert "12.50 EUR" in screen


@pytest.mark.parametrize("pid", ["charged-no-response", "dropped-transaction"])
@pytest.mark.parametrize("lang", LANGS)
def test_unknown_calls_the_provider_at_once_before_any_device_step(tmp_path, lang, pid):
    p, doc = fix(tmp_path, lang, pid, "dead-terminal", card("12.50", **{"update-running": "not-updating"}), "--yes")
    assert doc["payment"]["verdict"] == "unknown"
    walked = _walked(doc)
    at = walked.index("call-provider-now")
    devices = [i for i, s in enumerate(doc["steps"]) if not s.get("skipped") and s.get("kind") == "check"]
    assert walked[at - 1] == "keep-evidence" and all(i > at for i in devices), walked
    assert ("现在就联系支付服务商" if lang == "zh" else "Call the payment provider now") in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_funds_prevention_does_not_contradict_its_steps(tmp_path, lang):
    r = run(tmp_path, "playbooks", "show", "funds-not-arrived", "--lang", lang)
    assert r.returncode == 0, r.stderr
    if lang == "zh":
        assert "日结总额" in r.stdout and "结算单" in r.stdout and "每天核对POS机交易记录和账户流水" not in r.stdout
    else:
        assert "end-of-day total" in r.stdout and "not single payments with the bank statement" in r.stdout


@pytest.mark.parametrize("lang", LANGS)
def test_paper_playbook_with_no_stored_payment_asks_nothing_about_it(tmp_path, lang):
    p, doc = fix(tmp_path, lang, "printer-paper", "paper-out", {"open-and-load": "done", "reprint-offer": "slip-wanted"})
    assert _walked(doc)[-2:] == ["read-last", "no-approved-last"] and "print_receipt_copy" not in _actions(doc)
    assert ("它是不是这位客人的" if lang == "zh" else "Is it this customer's") not in p.stderr
    assert ("没有可以为这位客人补打的小票" if lang == "zh" else "nothing to reprint for this customer") in p.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("lang", LANGS)
def test_at_the_keyboard_the_last_payment_is_shown_before_the_slip_question(tmp_path, lang):
    from tests.cli.test_fix_interactive import Session

    sim = scenario(tmp_path, "later-sale", LATER_SALE, PAPER_OUT)
    s = Session(tmp_path, "fix", "printer-paper", "--simulate", sim, lang=lang)
    step = "第 {} 步 ·" if lang == "zh" else "Step {} ·"
    s.prompt(step.format(1), "")                     # the roll is in
    s.prompt(step.format(2) + (r"[\s\S]*正在等小票" if lang == "zh" else r"[\s\S]*waiting for their slip"), "1")
    s.prompt(step.format(3), "2")                    # the last payment shown (30.00, trace 42) is not theirs
    assert s.wait() == 0
    asked = s.text.index("它是不是这位客人的" if lang == "zh" else "Is it this customer's")
    shown = s.text.index("30.00 欧元" if lang == "zh" else "30.00 EUR")
    assert shown < asked and re.search(r"(流水号|Trace no\.)\s+42", s.text[:asked])
    assert ("小票副本" if lang == "zh" else "receipt copy") not in s.text  # nothing was printed
    assert "pos-doctor fix no-receipt-charged" in s.text
