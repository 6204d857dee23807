"""The shop and support contacts as they were when a run was recorded, kept inside the run's document.

Why kept with the run: a report printed next month must name the merchant ID, terminal ID and hotline the shop had
on the day of the incident, not whatever pos-doctor.toml says by then. `record_run` adds them (`snapshot`); the
store keeps them as written (`scrub_run`): they are the shop's own configuration, and the merchant ID (a 15-digit
商户号), the terminal ID and the hotline's phone number are identifiers the provider searches by, not a customer's
card or phone number. Every other field of the document still passes the one masking function.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pos_doctor.records.scrubbing import scrub_deep

SHOP_KEYS = ("name", "merchant_id", "terminal_id", "address")
SUPPORT_KEYS = ("provider", "phone", "email", "hours")
# Known fields, shown as written: what the provider searches by, and the shop's own hotline. The support email is
# free text like the provider and the hours (a mobile number typed as its local part is masked), as screens show it.
KEPT = {"shop": ("merchant_id", "terminal_id"), "support": ("phone",)}


def _section(config: Any, name: str, keys: tuple[str, ...]) -> dict[str, str]:
    conf = config.section(name) if config is not None and hasattr(config, "section") else {}
    if isinstance(config, dict):
        conf = config.get(name) if isinstance(config.get(name), dict) else {}
    return {k: str(conf[k]).strip() for k in keys if conf.get(k) not in (None, "")}


def utc_offset(at: datetime | None = None) -> str:
    """'+01:00': this computer's offset from UTC now (or at `at`), as the run's naive local times need it."""
    off = (at or datetime.now()).astimezone().strftime("%z") or "+0000"
    return f"{off[:3]}:{off[3:5]}"


def snapshot(config: Any) -> dict:
    """{"shop": {...}, "support": {...}, "utc_offset": "+01:00"} from this computer's configuration, now."""
    return {"shop": _section(config, "shop", SHOP_KEYS), "support": _section(config, "support", SUPPORT_KEYS),
            "utc_offset": utc_offset()}


def with_snapshot(document: dict, config: Any) -> dict:
    """The document to store: a copy with `contacts` added (a document that already has them keeps its own)."""
    if not isinstance(document, dict) or isinstance(document.get("contacts"), dict):
        return document
    return {**document, "contacts": snapshot(config)}


def clean(contacts: Any) -> dict:
    """The stored contacts: strings only, the known identifiers as written, everything else masked as usual."""
    if not isinstance(contacts, dict):
        return {}
    out: dict[str, Any] = {}
    for name, keys in (("shop", SHOP_KEYS), ("support", SUPPORT_KEYS)):
        given = contacts.get(name)
        section = given if isinstance(given, dict) else {}
        kept = {k: str(section[k])[:200] for k in keys if section.get(k) not in (None, "")}
        out[name] = {k: (v if k in KEPT[name] else scrub_deep(v)) for k, v in kept.items()}
    offset = contacts.get("utc_offset")
    if isinstance(offset, str) and len(offset) == 6 and offset[0] in "+-":
        out["utc_offset"] = offset
    return out


def scrub_run(document: Any) -> Any:
    """`scrub_deep` for a run's document, with its `contacts` passed around the masker (see `clean`)."""
    if not isinstance(document, dict) or "contacts" not in document:
        return scrub_deep(document)
    rest = scrub_deep({k: v for k, v in document.items() if k != "contacts"})
    return {**rest, "contacts": clean(document["contacts"])}
