"""The values a walk records (`record:` in a playbook: the customer's amount, time, card digits, ...) said in words:
their names and the recorded choices, for the wizard's escalation lines (ui/wizard_evidence.py) and the evidence
report's "Recorded values" (records/report) alike - a field id or a choice's code ("card", "customer_time") is
never what a cashier or the provider reads."""

from __future__ import annotations

from typing import Any

from pos_doctor.i18n import T, Text

NAMES = {"customer_amount": T("Amount the customer shows"),
         "customer_time": T("Time the customer shows"),
         "missing_amount": T("Missing amount"), "missing_time": T("Time of the payment"),
         "customer_phone": T("Customer phone (masked)"), "contact_notes": T("Notes"),
         "payment_method": T("Paid by"), "customer_card_last4": T("Card, last four digits"),
         "customer_currency": T("Currency"),
         "customer_time_uncertainty": T("The customer's time is an estimate, give or take (seconds)"),
         "follow_up_date": T("Look again on"),
         "customer_merchant": T("Merchant name on the customer's message"),
         "goodwill": T("Goodwill agreed with the customer"),
         "customer_payee": T("Payee on the customer's phone")}
# a recorded choice of payment_method, in words (card or QR; the German market's card kinds)
CHOICES = {"card": T("card at the terminal"), "qr": T("QR code"),
           "girocard": T("girocard"), "credit-card": T("credit card"), "wallet": T("phone or watch")}


def name_of(key: str) -> Text:
    """A recorded value's name; one a playbook of the shop's own recorded under a name of its own is "other record"
    in zh and de (never an English field id on a cashier's screen), its own name in English."""
    return NAMES.get(key) or Text(key.replace("_", " "), inline={"en": key.replace("_", " "), "zh": "其他记录",
                                                                 "de": "Weitere Angabe"})


def value_of(key: str, value: Any) -> Any:
    """The recorded value as it is said: a payment method's code as its words, anything else as it was recorded."""
    return CHOICES[value] if key == "payment_method" and isinstance(value, str) and value in CHOICES else value
