"""The ten-second summary at the top of every report: what happened, when, which terminal and shop, the payment
with both sides side by side, what was tried, the outcome, and what is asked of the provider.

Pure: the stored run (and the shop/support configuration) in, plain JSON out; texts as {"en", "zh"}. Nothing is
filled in: what the run did not observe is None, and the renderers say "not reported".
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pos_doctor.playbooks.transcript import payment_view, steps_carried_out, verdict_text

SHOP_KEYS = ("name", "merchant_id", "terminal_id", "address")
SUPPORT_KEYS = ("provider", "phone", "email", "hours")

CHECK_WHAT = {
    "ok": ("Device check: all checks passed", "设备检查：全部通过"),
    "warning": ("Device check: warnings found", "设备检查：发现警告"),
    "critical": ("Device check: problems found", "设备检查：发现问题"),
    "unknown": ("Device check: could not check everything", "设备检查：部分项目无法检查"),
    "skipped": ("Device check: nothing checked", "设备检查：未检查任何项目"),
}
OUTCOME = {
    "resolved": ("Resolved", "已解决"), "not_resolved": ("Not resolved", "未解决"),
    "escalated": ("Not resolved: handed to the payment provider", "未解决：已转交支付服务商"),
}


def _t(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def local_time(iso: Any) -> str | None:
    """'2026-11-24 15:02:11 UTC+01:00': full date, local time of this computer, and its offset."""
    if not iso:
        return None
    try:
        dt = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return str(iso)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    dt = dt.astimezone()
    off = dt.strftime("%z") or "+0000"
    return f"{dt:%Y-%m-%d %H:%M:%S} UTC{off[:3]}:{off[3:5]}"


def _section(doc: dict, config: Any, name: str, keys: tuple[str, ...]) -> dict:
    """The run's own record of the shop/support (when it kept one) over this computer's configuration."""
    own = doc.get(name) if isinstance(doc.get(name), dict) else {}
    conf = config.section(name) if config is not None and hasattr(config, "section") else {}
    out = {k: own.get(k) or conf.get(k) for k in keys}
    return {k: str(v) for k, v in out.items() if v not in (None, "")}


def _what(run: dict, doc: dict) -> dict[str, str]:
    if run.get("kind") == "fix":
        pb = doc.get("playbook")
        if isinstance(pb, dict) and isinstance(pb.get("title"), dict):
            return _t(str(pb["title"].get("en")), str(pb["title"].get("zh") or pb["title"].get("en")))
        reason = doc.get("reason")
        if isinstance(reason, dict) and "en" in reason:
            return _t("Guided fix: " + str(reason["en"]), "引导处理：" + str(reason.get("zh") or reason["en"]))
        pid = pb if isinstance(pb, str) else run.get("playbook")
        return _t(f"Guided fix: {pid or 'no playbook walked'}", f"引导处理：{pid or '未进入处理流程'}")
    en, zh = CHECK_WHAT.get(str(run.get("status")), (f"Device check: {run.get('status')}", f"设备检查：{run.get('status')}"))
    return _t(en, zh)


def _ask(doc: dict) -> dict[str, str] | None:
    """What the provider is asked: the escalate step's own words (the playbook author's request)."""
    for s in reversed(doc.get("steps") or []):
        if isinstance(s, dict) and s.get("kind") == "escalate" and isinstance(s.get("text"), dict):
            return _t(str(s["text"].get("en")), str(s["text"].get("zh") or s["text"].get("en")))
    return None


def _payment_ask(p: dict | None) -> dict[str, str] | None:
    """The question the payment leaves open, in numbers: what the provider's records must settle."""
    if not p or p["verdict"] not in ("mismatch", "unknown"):
        return None
    cust, tx = p.get("customer") or {}, p.get("terminal") or {}
    if p["verdict"] == "mismatch" and cust.get("amount") and tx.get("amount"):
        return _t(f"Check in your records what was charged to the customer's card: the customer shows "
                  f"{cust['amount']}, the terminal recorded {tx['amount']}.",
                  f"请在贵方记录中核实客人卡上实际扣款：客人出示 {cust['amount']}，POS机记录 {tx['amount']}。")
    if p["verdict"] == "mismatch":
        return _t("Check in your records whether the customer was charged: their evidence and the terminal's record differ.",
                  "请在贵方记录中核实客人是否被扣款：客人的凭据与POS机记录不一致。")
    what = " ".join(str(v) for v in (cust.get("amount"), cust.get("time")) if v)
    return _t("Check in your records whether the customer was charged" + (f" ({what})" if what else "") +
              ": the terminal's records do not settle it.",
              "请在贵方记录中核实客人是否被扣款" + (f"（{what}）" if what else "") + "：POS机记录不能说明。")


def build_summary(run: dict, doc: dict, terminal: dict, config: Any = None) -> dict:
    shop = _section(doc, config, "shop", SHOP_KEYS)
    if terminal.get("terminal_id") is None and shop.get("terminal_id"):
        terminal = dict(terminal, terminal_id=shop["terminal_id"], terminal_id_source="configuration")
    kind = run.get("kind")
    payment = None
    tried = None
    if kind == "fix":
        values = doc.get("values") if isinstance(doc.get("values"), dict) else doc.get("recorded")
        payment = payment_view(doc.get("payment"), values, doc.get("last_transaction"))
        payment["verdict_text"] = verdict_text(payment["verdict"])
        carried = doc.get("carried_out")
        if isinstance(carried, dict) and isinstance(carried.get("done"), list):
            tried = carried
        elif isinstance(doc.get("steps"), list) and all(isinstance(s, dict) and "playbook" in s for s in doc["steps"]):
            tried = steps_carried_out(doc["steps"])  # a run recorded before `carried_out` was kept
    outcome = doc.get("outcome") if not isinstance(doc.get("outcome"), dict) else doc["outcome"].get("status")
    outcome = outcome or run.get("outcome")
    if kind == "fix":
        en, zh = OUTCOME.get(str(outcome), (str(outcome or "not reported"), str(outcome or "未记录")))
        verified = doc.get("verified")
        if outcome == "resolved":
            en += ", confirmed by the checks" if verified else ", not confirmed by the checks"
            zh += "，检查已确认" if verified else "，检查未能确认"
        outcome_text = _t(en, zh)
    else:
        outcome_text = _what(run, doc)
    findings = [{"id": c.get("id"), "status": c.get("status"), "message": c.get("message")}
                for c in (doc.get("checks") or []) if isinstance(c, dict) and c.get("status") in ("critical", "warning", "unknown")]
    return {
        "what": _what(run, doc),
        "findings": findings,
        "when": local_time(run.get("started_at")),
        "shop": shop,
        "support": _section(doc, config, "support", SUPPORT_KEYS),
        "terminal": terminal,
        "payment": payment,
        "tried": tried,
        "outcome": outcome_text,
        "ask": _join_ask(_payment_ask(payment), _ask(doc)) if outcome == "escalated" else None,
    }


def _join_ask(*asks: dict[str, str] | None) -> dict[str, str] | None:
    parts = [a for a in asks if a]
    if not parts:
        return None
    return _t(" ".join(a["en"] for a in parts), "".join(a["zh"] for a in parts))
