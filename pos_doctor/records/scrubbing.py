"""Defence in depth: every string in a document passes `privacy.scrub` on its way into the store or a report.

Why also keys like `pan`: a decoder should already have masked it; if one ever did not, the field name tells us
what it is even when the digits fail Luhn (e.g. a test card mistyped).
"""

from __future__ import annotations

from typing import Any

from pos_doctor.privacy import mask_pan, mask_phone, scrub

_PAN_KEYS = {"pan", "card_number", "pan_masked", "card_pan"}
_PHONE_KEYS = {"phone", "phone_number", "customer_phone", "mobile", "tel"}
# fields whose meaning is known: never a card or phone number, so never masked (a software version such as
# 'cR02.01.01-00.09-2-2' reads like card digits to the free-text masker; a trace number is no phone number)
KNOWN_KEYS = {"software_version", "terminal_id", "merchant_id", "trace_number", "receipt_number", "amount",
              "original_trace_number", "turnover_number",
              # a QR order number (交易单号 / 商户单号), whole or its last digits: who paid, never a card number
              "order_number", "customer_order_number", "qr_order_number"}
ID_KEYS = {"terminal_id", "merchant_id", "tid", "mid", "serial", "serial_number", "terminal_serial"}


def scrub_deep(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: scrub_deep(v, str(k).lower()) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub_deep(v, key) for v in value]
    if isinstance(value, (str, int)) and not isinstance(value, bool) and key in KNOWN_KEYS:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and (key in _PAN_KEYS or key in _PHONE_KEYS):
        masked = scrub_deep(str(value), key)  # under a key that says what it is: read as the text it would be
        return value if masked == str(value) else masked
    if isinstance(value, str):
        if key in _PAN_KEYS and sum(c.isdigit() for c in value) > 10:
            masked = value if "*" in value and sum(c.isdigit() for c in value) <= 10 else mask_pan(value)
            return masked
        if key in _PHONE_KEYS:
            return mask_phone(value)
        return scrub(value)
    return scrub(value)  # a card or phone number stored as a number is still one: masked as its text


def _id_values(value: Any, key: str | None = None, found: set | None = None) -> set:
    found = set() if found is None else found
    if isinstance(value, dict):
        for k, v in value.items():
            _id_values(v, str(k).lower(), found)
    elif isinstance(value, list):
        for v in value:
            _id_values(v, key, found)
    elif key in ID_KEYS and value not in (None, "") and len(str(value)) >= 4:
        found.add(str(value))
    return found


def redact_ids(value: Any) -> Any:
    """--redact: hide terminal and merchant IDs and serial numbers too, also where free text repeats them
    (a receipt line 'TID 52500381')."""
    ids = sorted(_id_values(value), key=len, reverse=True)

    def walk(v: Any, key: str | None) -> Any:
        if isinstance(v, dict):
            return {k: walk(x, str(k).lower()) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x, key) for x in v]
        if key in ID_KEYS and v not in (None, ""):
            return "[redacted]"
        if isinstance(v, str):
            for ident in ids:
                v = v.replace(ident, "[redacted]")
        return v

    return walk(value, None)


def support_shown(support: dict, *, redact: bool = False) -> dict:
    """The [support] section as a screen or report shows it. The phone is the number staff must call - the shop's
    own configuration, shown as written; provider, email and hours are free text and pass the one masking function
    (a mobile number typed as the provider is masked). `redact` (report --redact, for sharing outside the shop)
    masks the phone too."""
    out = {}
    for k, v in (support or {}).items():
        if v in (None, ""):
            continue
        if k == "phone" and not redact:
            out[k] = str(v)
        elif k == "phone":
            out[k] = scrub(str(v)) if scrub(str(v)) != str(v) else mask_phone(str(v))
        else:
            out[k] = scrub(str(v))
    return out
