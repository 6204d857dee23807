"""The payment's headline and side-by-side columns from hand-made payment objects (pay-core's shape: matched,
considered, compared field names, finding)."""

from __future__ import annotations

from pos_doctor.records.report import build_model, render


def _rec(trace: int, card: str, amount: str = "99.00") -> dict:
    return {"result": "approved", "amount": amount, "currency": "EUR", "time": f"2026-12-06T14:0{trace % 10}:00",
            "trace_number": trace, "receipt_number": trace - 25, "pan_masked": f"476173******{card}", "kind": "payment",
            "source": "journal", "auth_code": f"A{trace}X"}


def _run(payment: dict) -> dict:
    doc = {"kind": "fix", "outcome": "escalated", "payment": payment,
           "values": {"customer_amount": "99.00", "customer_time": "14:05"},
           "contacts": {"shop": {"merchant_id": "898310012340012"}, "support": {}, "utc_offset": "+01:00"}}
    return {"id": 3, "kind": "fix", "started_at": "2026-12-06T13:10:00+00:00", "status": "critical", "document": doc}


CUSTOMER = {"amount": "99.00", "time": "2026-12-06T14:05:00", "card_last4": "0019", "currency": None}


def test_records_on_other_cards_are_named_in_the_headline_and_marked_in_their_column():
    pay = {"verdict": "mismatch", "double_charge": False, "customer": CUSTOMER, "matched": [],
           "considered": [_rec(41, "0119"), _rec(42, "1234")], "compared": ["card_last4"],
           "reasons": [{"code": "card_differs", "text": {"en": "Another card.", "zh": "另一张卡。"}}]}
    model = build_model(_run(pay))
    md = render(model, "md")
    assert ("> **Records disagree: the customer's bank shows 99.00 at 14:05, the terminal recorded 99.00 EUR (trace 41, "
            "another card …0119) and 99.00 EUR (trace 42, another card …1234) — please tell us what was charged to the "
            "customer's card.**") in md
    assert "| Card | **…0019** ⚠ | **476173******0119** ⚠ | **476173******1234** ⚠ |" in md
    assert "| Authorisation code | — | A41X | A42X |" in md
    assert "| Who paid, compared by | card's last four digits |" in md
    assert "| Date and time of the customer's charge | 2026-12-06 14:05:00 UTC+01:00 |" in md
    zh = render(model, "md", "zh")
    assert "POS机记录 99.00 欧元（流水号 41，另一张卡，后四位 0119） 和 99.00 欧元（流水号 42，另一张卡，后四位 1234）" in zh


def test_a_double_charge_of_three_asks_to_return_the_duplicates():
    pay = {"verdict": "mismatch", "double_charge": True, "customer": CUSTOMER, "considered": [],
           "matched": [_rec(41, "0019"), _rec(42, "0019"), _rec(43, "0019")], "reasons": []}
    md = render(build_model(_run(pay)), "md")
    assert "> **Charged 3 times: trace 41, 42 and 43, 99.00 EUR each — please confirm and return the duplicates.**" in md
    assert "Please confirm these debits and return the duplicates (trace 42 and 43) to the customer's card." in md
    assert "| | Customer's evidence | Terminal record 1 | Terminal record 2 | Terminal record 3 |" in md
