"""Issue 24, QR payments: `pos-doctor fix charged-no-response` by QR with NO terminal configured, walked through the
shipped playbook by answers files (real subprocess) in Chinese and English, for the order in each state the merchant
app can show. None enters a step that lets staff take a new payment unless the verdict permits it (this shop's own
closed or failed order, or the money went to another payee), none gives back a second payment, and the exit code
follows the outcome. One walk at a real pty."""

from __future__ import annotations

import functools
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from pos_doctor.playbooks.library import Library
from tests.cli.test_fix import run

LANGS = ("en", "zh")
ORDER = "4200001234202612061234567890"
LUHN_ORDER = "4111111111111111"  # a 16-digit merchant order number that passes the Luhn check: still not masked


@functools.cache
def _step_ids() -> frozenset[str]:  # read once: the answers of every walk below are built at collection
    return frozenset(s.id for s in Library.load().get("charged-no-response").steps)


def qr_answers(state: str, **more) -> dict:
    base = {"card-or-qr": "qr", "qr-customer-order": "34567890", "qr-customer-payee": "小王便利店",
            "qr-customer-amount": "99.00", "qr-customer-time": "14:05", "qr-app": "wechat", "qr-look-up": "done",
            "qr-order-state": state, "qr-order-number": ORDER, "qr-order-amount": "99.00", "qr-order-time": "14:06",
            "qr-not-charged": "done", "qr-other-payee": "done", "qr-pending": "no", **more}
    ids = _step_ids()
    assert set(base) <= ids, set(base) - ids  # an answer for a step the playbook does not have is a test bug
    return base


# name -> (answers, verdict, first reason, finding, steps walked, new payment allowed, exit code, outcome)
WALKS = {
    "paid": (qr_answers("success"), "charged", "qr_paid", None, ["qr-reconcile", "qr-paid"], False, 1, "resolved"),
    "pending": (qr_answers("paying"), "unknown", "qr_pending", "qr_pending", ["qr-pending", "qr-to-provider"],
                False, 2, "escalated"),
    "pending-then-paid": (qr_answers("paying", **{"qr-pending": "yes", "qr-state-again": "success"}), "charged",
                          "qr_paid", None, ["qr-pending", "qr-state-again", "qr-reconcile-again", "qr-paid"], False, 1,
                          "resolved"),
    "pending-still": (qr_answers("paying", **{"qr-pending": "yes", "qr-state-again": "paying"}), "unknown",
                      "qr_pending", "qr_pending", ["qr-reconcile-again", "qr-to-provider"], False, 2, "escalated"),
    "closed": (qr_answers("closed"), "not_charged", "qr_closed", None, ["qr-not-charged", "qr-pay-again"], True, 1,
               "resolved"),
    "failed": (qr_answers("failed"), "not_charged", "qr_failed", None, ["qr-not-charged", "qr-pay-again"], True, 1,
               "resolved"),
    "refunded": (qr_answers("refunded"), "unknown", "qr_refunded", "qr_refunded", ["qr-refund-on-way"], False, 2,
                 "not_resolved"),
    "other-payee": (qr_answers("not-found", **{"qr-customer-payee": "某某科技", "qr-payee-ours": "no"}),
                    "not_charged", "other_payee", "other_payee", ["qr-payee-ours", "qr-other-payee", "qr-pay-again"],
                    True, 1, "resolved"),
    "not-found": (qr_answers("not-found", **{"qr-payee-ours": "yes"}), "unknown", "qr_not_found", None,
                  ["qr-payee-ours", "qr-to-provider"], False, 2, "escalated"),
    "not-found-unsure": (qr_answers("not-found", **{"qr-customer-payee": "某某科技", "qr-payee-ours": "unsure"}),
                         "unknown", "qr_not_found", None, ["qr-to-provider"], False, 2, "escalated"),
    "another-order": (qr_answers("success", **{"qr-order-number": "4200001234202612069999911111"}), "unknown",
                      "qr_other_order", None, ["qr-to-provider"], False, 2, "escalated"),
    "no-number": (qr_answers("success", **{"qr-customer-order": ""}), "unknown", "qr_no_order_number", None,
                  ["qr-to-provider"], False, 2, "escalated"),
    "luhn-order": (qr_answers("success", **{"qr-customer-order": LUHN_ORDER[-8:], "qr-order-number": LUHN_ORDER}),
                   "charged", "qr_paid", None, ["qr-paid"], False, 1, "resolved"),
}


@pytest.fixture(scope="module")
def walks(tmp_path_factory):
    jobs = [(name, lang) for name in WALKS for lang in LANGS]

    def walk(job):
        name, lang = job
        tmp = tmp_path_factory.mktemp(f"qr-{name}-{lang}")
        return job, run(tmp, "fix", "charged-no-response", "--json", "--no-record", "--lang", lang,
                        answers=WALKS[name][0], timeout=120)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(walk, jobs))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", WALKS)
def test_a_qr_payment_is_settled_by_its_order_number_without_a_terminal(walks, name, lang):
    _, verdict, code, finding, walked, new_payment, code_exit, outcome = WALKS[name]
    p = walks[(name, lang)]
    assert "Traceback" not in p.stderr, p.stderr[-3000:]
    doc = json.loads(p.stdout)
    payment = doc["payment"]
    assert (payment["verdict"], payment["reasons"][0]["code"], payment["finding"]) == (verdict, code, finding)
    assert doc["target"]["terminal_port"] is None and not doc["target"]["simulated"]  # no terminal at all
    assert payment["terminal"]["origin"] == "typed_qr_app"
    assert payment["terminal"]["origin_label"]["zh"] == "店员从微信支付商家助手查到并录入"
    ids = [s["id"] for s in doc["steps"]]
    assert set(walked) <= set(ids), ids
    assert not any(s.get("action") == "read_journal" for s in doc["steps"])  # nothing is read from a device
    entered = [s for s in doc["steps"] if s.get("new_payment_allowed")]
    assert bool(entered) == new_payment, ids
    for step in entered:  # only on the verdict that permits it
        assert step["verdict"] == "not_charged" and step["step"] == "qr-pay-again"
    for step in doc["steps"]:
        assert "refund_duplicate" not in step.get("allows", []) and "refund" not in step.get("allows", [])
    if code_exit is not None:
        assert (p.returncode, doc["outcome"]) == (code_exit, outcome), p.stderr[-2000:]
    assert p.returncode != 0  # no device was checked: never "fixed and verified"
    reason = payment["reasons"][0]["text"][lang]
    assert reason in p.stderr  # said to the person, in their language
    if lang == "zh":
        assert not any(w in reason for w in ("order", "paid", "typed", "QR", "WeChat"))
        assert "结论：" in p.stderr and "Verdict" not in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_the_order_number_is_kept_whole_and_never_masked(walks, lang):
    for name, number in (("paid", ORDER), ("luhn-order", LUHN_ORDER)):
        doc = json.loads(walks[(name, lang)].stdout)
        (rec,) = doc["payment"]["considered"]
        assert rec["order_number"] == number and rec["order_state"] == "success" and rec["source"] == "qr_app"
        assert doc["payment"]["matched"][0]["order_number"] == number
        assert doc["payment"]["customer"]["order_number"] == number[-8:]
        assert doc["payment"]["compared"] == ["order_number"]
        assert number in walks[(name, lang)].stderr  # the screen shows the whole number of the order compared


@pytest.mark.parametrize("lang", LANGS)
def test_what_staff_tell_the_customer_who_paid_someone_else(walks, lang):
    p = walks[("other-payee", lang)]
    doc = json.loads(p.stdout)
    assert doc["payment"]["customer"]["payee"] == "某某科技" and doc["payment"]["customer"]["payee_is_shop"] is False
    reason = doc["payment"]["reasons"][0]["text"][lang]
    assert "某某科技" in reason
    assert ("对订单有疑问" in reason and "收款码" in reason) if lang == "zh" else (
        "questions about this order" in reason and "QR code" in reason)
    assert ("收款码" if lang == "zh" else "swapped") in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_pending_waits_and_looks_again_never_charges(walks, lang):
    for name in ("pending-then-paid", "pending-still"):
        p = walks[(name, lang)]
        doc = json.loads(p.stdout)
        verdicts = [s["payment"]["verdict"] for s in doc["steps"] if s.get("kind") == "reconcile"]
        assert verdicts[0] == "unknown" and len(verdicts) == 2  # looked up again after waiting, once
        assert ("等2分钟" if lang == "zh" else "Wait 2 minutes") in p.stderr
        assert not any(s.get("new_payment_allowed") for s in doc["steps"])


def test_a_report_names_the_source_and_shows_the_order_number(tmp_path):
    """Recorded, then `pos-doctor report`: Markdown and HTML name the merchant app and show the whole order number."""
    p = run(tmp_path, "fix", "charged-no-response", "--json", answers=WALKS["luhn-order"][0], timeout=120)
    assert json.loads(p.stdout)["payment"]["verdict"] == "charged"
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        r = run(tmp_path, "report", "latest", "--kind", "fix", "--format", fmt, "--output", str(out), timeout=60)
        assert r.returncode == 0, r.stderr[-2000:]
        text = out.read_text(encoding="utf-8")
        assert LUHN_ORDER in text and "WeChat Pay Merchant Assistant" in text, fmt
        assert "Paid by QR code: order …11111111" in text, fmt  # the headline names the QR order, not a trace
        assert "Merchant app&#x27;s order" in text or "Merchant app's order" in text, fmt  # the table's side
        assert "Terminal's record" not in text and "terminal's clock" not in text, fmt


def test_at_a_pty(tmp_path):
    """The same walk as a person meets it, in Chinese: answers typed at a real terminal."""
    from tests.cli.test_fix_interactive import Session

    s = Session(tmp_path, "fix", "charged-no-response", "--no-record", lang="zh")
    s.prompt("扫二维码", "2")
    s.prompt("账单详情", "34567890")
    s.prompt("收款方", "小王便利店")
    s.prompt("金额", "99")
    s.prompt("支付时间", "14:05")
    s.prompt("微信支付商家助手", "1")
    s.prompt("交易记录", "")
    s.prompt("显示什么", "1")
    s.prompt("完整订单号", ORDER)
    s.prompt("订单的金额", "99.00")
    s.prompt("订单的时间", "")
    code = s.wait()
    text = s.text
    assert "结论：客人的扫码付款已付到本店" in text and ORDER in text and "店员从微信支付商家助手查到并录入" in text
    assert code == 1  # resolved; no device was checked


OTHER_PLAYBOOKS = ("dropped-transaction", "no-receipt-charged", "card-payment-problem", "terminal-not-answering")


@pytest.mark.parametrize("pid", OTHER_PLAYBOOKS)
@pytest.mark.parametrize("case", ["paid", "other-payee", "pending"])
def test_the_other_money_playbooks_take_the_same_qr_path(tmp_path, pid, case):
    """The same QR steps in every playbook that asks card or QR: the verdict by order number, a new payment only on
    another payee, nothing read from a device for the QR decision."""
    ids = {s.id for s in Library.load().get(pid).steps}
    answers = {k: v for k, v in {**WALKS[case][0], "payment-running": "yes", "which-problem": "not-read",
                                 "qr-paid": "done", "check-cable": "done"}.items() if k in ids}
    p = run(tmp_path, "fix", pid, "--simulate", "healthy", "--json", "--no-record", "--yes", answers=answers,
            timeout=120)
    assert "Traceback" not in p.stderr and p.returncode in (0, 1, 2), p.stderr[-3000:]
    doc = json.loads(p.stdout)
    verdict, code = WALKS[case][1:3]
    assert (doc["payment"]["verdict"], doc["payment"]["reasons"][0]["code"]) == (verdict, code)
    entered = [s["step"] for s in doc["steps"] if s.get("new_payment_allowed")]
    assert entered == (["qr-pay-again"] if case == "other-payee" else [])
    assert (doc["outcome"] == "resolved") == (case != "pending")
    assert (p.returncode == 0) <= (doc["outcome"] == "resolved")
