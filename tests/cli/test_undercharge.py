"""card-payment-problem's `undercharged` step through the CLI, in English and Chinese: taking the difference is a
new payment (`allows: difference`), right only when the terminal's records show THIS customer's payment (who paid
settled: the card's last four digits, voucher or authorisation code compared and equal) of the lower amount.
Otherwise the walk does not enter it and goes the unknown way, to the provider. The simulator's payment is
12.50 EUR by a card ending 0019."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_fix import NOW, at_run_time, run

LANGS = ["en", "zh"]


def _walk(tmp_path, lang, card: str):
    answers = {"card-or-qr": "card", "which-problem": "amount", "record-debited-amount": "12.50",
               "record-debited-time": NOW, "record-debited-card": card, "whose-error": "undercharged"}
    p = run(tmp_path, "fix", "card-payment-problem", "--simulate", "dropped-transaction", "--json", "--yes",
            "--no-record", "--lang", lang, answers=at_run_time(answers))
    assert "Traceback" not in p.stderr, p.stderr
    return p, json.loads(p.stdout)


@pytest.mark.parametrize("lang", LANGS)
def test_the_difference_is_taken_when_the_records_show_this_customers_payment(tmp_path, lang):
    p, doc = _walk(tmp_path, lang, "0019")
    steps = {s["id"]: s for s in doc["steps"]}
    assert doc["payment"]["verdict"] == "charged" and "card_last4" in doc["payment"]["compared"]
    assert "undercharged" in steps and steps["undercharged"].get("allows") == ["difference"]
    assert "refused" not in steps["undercharged"] and not any(s.get("new_payment_allowed") for s in doc["steps"])
    assert p.returncode == 1 and doc["outcome"] == "resolved"  # resolved, not verified: --yes did the hands-on steps
    if lang == "zh":
        assert "这位客人自己的那笔付款" in p.stderr and "只把差额另收一笔" in p.stderr and "不要按全款收" in p.stderr
    else:
        assert "this customer's own payment" in p.stderr and "take just the difference as a separate payment" in p.stderr
        assert "never the whole amount" in p.stderr


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("card", ["", "1234"])
def test_without_this_customers_payment_on_record_the_difference_goes_to_the_provider(tmp_path, lang, card):
    """No card given (who paid not compared) or another card's payment: the step is not entered; unknown → provider."""
    p, doc = _walk(tmp_path, lang, card)
    ids = [s["id"] for s in doc["steps"]]
    assert p.returncode != 0 and doc["outcome"] != "resolved"
    if card:  # the 12.50 on record is another card's: not this customer's at all
        assert doc["payment"]["verdict"] == "mismatch" and "undercharged" not in ids
    else:
        assert doc["payment"]["verdict"] == "charged"
        refused = next(s for s in doc["steps"] if s["id"] == "undercharged")
        assert refused["refused"] == {"allows": ["difference"], "verdict": "charged", "who_paid": "not compared"}
        screen = p.stderr
        assert ("把差额另收一笔" in screen and "没有证据表明比对到的那笔是这位客人的" in screen) if lang == "zh" else \
            ("take the difference as a new payment" in screen and "card's last four digits" in screen)
    assert ids[-1] == "contact-provider" and doc["outcome"] == "escalated"
    assert not any(s.get("new_payment_allowed") for s in doc["steps"])
