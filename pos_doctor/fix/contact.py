"""Whom to call when a walk escalates, with which facts: from [support] and [shop] in pos-doctor.toml."""

from __future__ import annotations

from typing import Any

from pos_doctor.i18n import TC, T, Text


def escalation_contact(cfg: Any, run_id: int | None, terminal_id: str | None = None) -> Text:
    """"Call X at Y. Give them merchant ID …, terminal ID … and the facts above. Your own reference: run 24." — the
    provider searches by the identifiers and the payment's facts; the run id means something only to the shop.
    Without a number, where to put it so it is shown next time."""
    from pos_doctor.records.scrubbing import support_shown

    sup = support_shown(cfg.section("support") if hasattr(cfg, "section") else {})
    shop = cfg.section("shop") if hasattr(cfg, "section") else {}
    who: Text | str = sup.get("provider") or T("your payment provider")
    at = sup.get("phone") or sup.get("email")
    terminal_id = terminal_id or shop.get("terminal_id")
    ids = [said.format(id=v) for said, v in ((T("merchant ID {id}"), shop.get("merchant_id")),
                                             (T("terminal ID {id}"), terminal_id)) if v]
    give = T("Give them the facts above.")
    if ids:
        give = T("Give them {ids} and the facts above.",
                 ids=ids[0] if len(ids) == 1 else TC("list", "{a}, {b}", a=ids[0], b=ids[1]))
    if run_id is not None:
        give = T("{give} Your own reference: run {run} (`pos-doctor report {run}` prints all of it for them).",
                 give=give, run=run_id)
    if at and sup.get("hours"):
        return T("Call {who} at {at} ({hours}). {give}", who=who, at=at, hours=sup["hours"], give=give)
    if at:
        return T("Call {who} at {at}. {give}", who=who, at=at, give=give)
    return T("Call {who}. {give} (Put their number in pos-doctor.toml under [support] phone = \"…\" to have it shown "
             "here.)", who=who, give=give)
