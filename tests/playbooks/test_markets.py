"""Markets, not only languages (issue 30): `[shop] market` (cn, de) decides the payment practice a walk assumes — the
first question (card or QR in China; girocard / credit card / phone wallet in Germany), the refund rules (撤销/退货,
never in cash vs Storno before the Kassenschnitt, Gutschrift, cash or bank refund), whom to call and ELV returns —
while the money rule holds the same in both. Through the CLI (real subprocess runs on the simulator) and the engine."""

from __future__ import annotations

import json
import textwrap

import pytest

from pos_doctor.config import load_config, market_of
from pos_doctor.errors import UserFileError
from pos_doctor.playbooks.engine import Walk, WalkState
from pos_doctor.playbooks.library import Library
from pos_doctor.playbooks.loader import load_playbook
from pos_doctor.playbooks.model import Question
from tests.cli.test_fix import at_run_time, run

# the playbooks that ask how the customer paid: in market de none of them offers a QR code
PAY_HOW = ["card-payment-problem", "charged-no-response", "dropped-transaction", "funds-not-arrived",
           "no-receipt-charged", "suspected-fraud"]
QR_WORDS = ("QR", "WeChat", "Alipay", "UnionPay", "微信", "支付宝", "云闪付", "二维码")


class _First(Exception):
    def __init__(self, step):
        self.step = step


class _ToTheFirstQuestion:
    """Answers what comes before the walk's first question about the way of paying, then stops there."""

    def ask(self, prompt):
        s = prompt.step
        if isinstance(s, Question) and s.field == "payment_method":
            raise _First(s)
        if s.kind == "record":
            return {"amount": "12.50", "time": "14:00"}.get(s.type, "x")
        return "done" if s.kind == "instruction" else prompt.options[0]

    def show(self, event, **info):
        pass


def first_pay_question(pid: str, market: str):
    lib = Library.load()
    state = WalkState(playbook=pid)
    state.market = market
    with pytest.raises(_First) as got:
        Walk(lib, None, _ToTheFirstQuestion(), state).run()  # type: ignore[arg-type]  # no device before it
    return got.value.step, state


@pytest.mark.parametrize("pid", PAY_HOW)
def test_market_de_asks_girocard_credit_card_or_wallet_and_never_qr(pid):
    step, state = first_pay_question(pid, "de")
    assert [c.id for c in step.choices] == ["girocard", "credit-card", "wallet"]
    for lang in ("en", "zh", "de"):
        shown = step.text(lang) + " ".join(c.label(lang) for c in step.choices)
        assert not any(w in shown for w in QR_WORDS), (lang, shown)
    assert not any(e.get("step") == "card-or-qr" for e in state.transcript)


@pytest.mark.parametrize("pid", PAY_HOW)
def test_market_cn_asks_card_or_qr_as_before(pid):
    step, state = first_pay_question(pid, "cn")
    assert step.id == "card-or-qr" and [c.id for c in step.choices] == ["card", "qr"]
    # the German market's steps are not part of a Chinese walk: not asked, not even logged as skipped
    assert not any(e.get("step") == "card-kind" for e in state.transcript)


def test_the_market_comes_from_the_shop_table_else_from_the_language(tmp_path):
    cfg = load_config(cwd=tmp_path, env={}, user_file=tmp_path / "none.toml")
    assert (market_of(cfg, "en"), market_of(cfg, "zh"), market_of(cfg, "de")) == ("cn", "cn", "de")
    cfg = load_config(cwd=tmp_path, env={"POS_DOCTOR_SHOP_MARKET": "de"}, user_file=tmp_path / "none.toml")
    assert market_of(cfg, "zh") == "de" and cfg.sources["shop.market"] == "env POS_DOCTOR_SHOP_MARKET"
    (tmp_path / "pos-doctor.toml").write_text('[shop]\nmarket = "cn"\n', encoding="utf-8")
    assert market_of(load_config(cwd=tmp_path, env={}, user_file=tmp_path / "none.toml"), "de") == "cn"
    (tmp_path / "pos-doctor.toml").write_text('[shop]\nmarket = "fr"\n', encoding="utf-8")
    with pytest.raises(UserFileError) as exc:
        load_config(cwd=tmp_path, env={}, user_file=tmp_path / "none.toml")
    assert "one of cn, de" in str(exc.value.problems)


# --- through the CLI -------------------------------------------------------------------------------------------
def fix(tmp_path, market: str, *args, answers=None):
    return run(tmp_path, "fix", "card-payment-problem", "--json", "--no-record", *args,
               answers=answers, env={"POS_DOCTOR_SHOP_MARKET": market}, timeout=180)


@pytest.mark.parametrize("market, first, options", [("de", "card-kind", "girocard|credit-card|wallet"),
                                                     ("cn", "card-or-qr", "card|qr")])
def test_the_first_question_through_the_cli(tmp_path, market, first, options):
    p = fix(tmp_path, market, "--simulate", "healthy")
    assert p.returncode == 3 and "Traceback" not in p.stderr, p.stderr[-2000:]
    doc = json.loads(p.stdout)
    asked = [a for a in doc["needs_answers"] if "|" in a["answer"]]  # the questions still to answer
    pay = [a for a in asked if a["id"] in ("card-kind", "card-or-qr")]
    assert pay[0] == {"id": first, "answer": options}, pay
    if market == "de":  # the walk stands at the German question: the first one it needs an answer for
        assert doc["needs_answers"][0] == {"id": "card-kind", "answer": options}
    else:  # the German question is behind a Chinese walk already: never asked
        assert "card-kind" not in [a["id"] for a in doc["needs_answers"]]


# the customer's debit is this shop's payment (the simulator's approved 12.50): the amount was wrong, too much charged
OVERCHARGED = {"card-kind": "girocard", "card-or-qr": "card", "which-problem": "amount",
               "record-debited-amount": "12.50", "record-debited-time": "<now>", "whose-error": "our-error"}


def _walked(doc: dict) -> dict[str, dict]:
    return {s["step"]: s for s in doc["steps"]}


def test_the_refund_rules_differ_by_market_and_wait_for_the_verdict_in_both(tmp_path):
    answers = at_run_time(OVERCHARGED)
    docs = {}
    for market in ("cn", "de"):
        (tmp_path / market).mkdir()
        p = fix(tmp_path / market, market, "--simulate", "dropped-transaction", "--yes", answers=answers)
        assert "Traceback" not in p.stderr and p.returncode in (0, 1, 2), p.stderr[-2000:]
        docs[market] = json.loads(p.stdout)
    for market, doc in docs.items():
        walked = _walked(doc)
        assert doc["payment"]["verdict"] == "charged", (market, doc["payment"])
        refund = walked["refund-difference"]["text"]
        assert list(walked).index("reconcile-amount") < list(walked).index("refund-difference")
        if market == "de":
            assert "Kassenschnitt" in refund["en"] and "Gutschrift" in refund["de"] and "bar" in refund["de"]
            assert "never in cash" not in refund["en"]
            assert "card-or-qr" not in walked and walked["card-kind"]["answer"] == "girocard"
        else:
            assert "never in cash" in refund["en"] and "不退现金" in refund["zh"]
            assert "Kassenschnitt" not in refund["en"]
            assert "card-kind" not in walked
    assert docs["cn"]["steps"][0]["step"] == "calm-and-ask"


@pytest.mark.parametrize("market", ["cn", "de"])
def test_an_unsettled_payment_opens_no_refund_in_either_market(tmp_path, market):
    # a result code alone: the terminal's records cannot settle whether this customer was charged
    answers = at_run_time(OVERCHARGED)
    p = fix(tmp_path, market, "--simulate", "status-result-only", "--yes", answers=answers)
    assert "Traceback" not in p.stderr and p.returncode in (1, 2), p.stderr[-2000:]
    doc = json.loads(p.stdout)
    assert doc["payment"]["verdict"] in ("unknown", "mismatch")
    walked = _walked(doc)
    assert not {"refund-difference", "charge-right-amount", "card-retry"} & set(walked), list(walked)
    assert "contact-provider" in walked
    to = doc["escalations"][-1]["to"]
    assert ("Netzbetreiber" in to["en"]) == (market == "de"), to


# --- the loader: the market's words are read and checked like the step's own ----------------------------------
HEAD = """\
spec: 1
id: {id}
title: {{en: "T", zh: "测", de: "T"}}
summary: {{en: "S", zh: "概", de: "Z"}}
steps:
"""


def write(tmp_path, pid: str, body: str):
    path = tmp_path / f"{pid}.yaml"
    path.write_text(HEAD.format(id=pid) + textwrap.dedent(body), encoding="utf-8")
    return path


def problems(path) -> list[str]:
    with pytest.raises(UserFileError) as exc:
        load_playbook(path)
    return [f"{w.line}: {w.path}: {what}" for w, what in exc.value.problems]


def test_a_market_text_that_moves_money_needs_allows_like_the_step_s_own(tmp_path):
    path = write(tmp_path, "refund-words", """\
      - id: say
        kind: instruction
        markets:
          de: {text: {en: "Tell the customer.", de: "Erstatten Sie dem Kunden den Betrag."}}
        text: {en: "Tell the customer.", zh: "告诉客人。"}
      - id: done
        kind: end
        outcome: not_resolved
        text: {en: "Done.", zh: "好。"}
    """)
    got = problems(path)
    assert any("steps[0].markets.de.text.de" in p and "refund" in p for p in got), got


def test_a_market_text_cannot_open_a_refund_before_a_verdict(tmp_path):
    path = write(tmp_path, "early-refund", """\
      - id: give-back
        kind: instruction
        allows: refund
        markets:
          de: {text: {en: "Refund the customer as a Gutschrift.", de: "Erstatten Sie den Betrag per Gutschrift."}}
        text: {en: "Refund the customer to the card.", zh: "把钱退回客人的卡。"}
      - id: done
        kind: end
        outcome: not_resolved
        text: {en: "Done.", zh: "好。"}
    """)
    got = problems(path)
    assert any("steps[0].allows" in p and "no reconcile step precedes it" in p for p in got), got


@pytest.mark.parametrize("bad, expected", [
    ("markets: {fr: {text: {en: \"x\"}}}", "unknown key 'fr'"),
    ("markets: {de: {to: {en: \"x\"}}}", "unknown key 'to'"),
    ("markets: {de: {text: \"x\"}}", "expected a text by language"),
    ("markets: []", "expected a mapping of markets"),
    ("when: \"market == 'us'\"", "market is one of cn, de, not 'us'"),
    ("when: \"market in ('cn', 'fr')\"", "market is one of cn, de, not 'fr'"),
    ("when: \"market == answer('done')\"", "compare market only with a market in quotes"),
])
def test_market_mistakes_are_named(tmp_path, bad, expected):
    path = write(tmp_path, "market-mistake", f"""\
      - id: say
        kind: instruction
        {bad}
        text: {{en: "Tell the customer.", zh: "告诉客人。"}}
      - id: done
        kind: end
        outcome: not_resolved
        text: {{en: "Done.", zh: "好。"}}
    """)
    got = problems(path)
    assert any(expected in p for p in got), got


def test_the_printed_procedure_says_which_steps_are_of_one_market(tmp_path):
    p = run(tmp_path, "playbooks", "show", "card-payment-problem")
    assert p.returncode == 0, p.stderr
    first = p.stdout.split("\n1. ", 1)[1].split("\n2. ", 1)[0]
    assert "Only if: the shop's market is `de` (`[shop] market`)" in first and "girocard" in first


@pytest.mark.parametrize("source, de, cn", [
    ("market == 'de'", True, False), ("market != 'de'", False, True), ("market in ('cn', 'de')", True, True),
    ("market == 'cn' and not market == 'de'", False, True), ("'de' == market", True, False),
])
def test_market_in_a_condition(source, de, cn):
    from pos_doctor.playbooks.expr import compile_condition
    from pos_doctor.playbooks.walk import Facts

    cond = compile_condition(source)
    assert ("market", "", source.index("market") + 1) in cond.refs
    for market, expected in (("de", de), ("cn", cn)):
        state = WalkState(playbook="x")
        state.market = market
        assert cond(Facts(state, "x")) is expected


def test_a_saved_walk_keeps_its_market():
    state = WalkState(playbook="x")
    state.market = "de"
    assert WalkState.from_json(json.loads(json.dumps(state.to_json()))).market == "de"
    assert WalkState.from_json({"playbook": "x"}).market == "cn"  # a walk saved before markets: as it was
