"""A verdict bound to its evidence, and the walk-time money guard the engine consults. Pure: no I/O.

A verdict about *this* customer's payment holds only for the records it was reached on. So each verdict carries a
binding: which terminal the records came from (port or address, simulated scenario, terminal ID, serial), a digest
of the records, when they were read, and where in the walk's transcript the verdict was reached. Before a step that
lets staff move money (`allows:`) the engine asks `stale()`; any of these unsettles the verdict:

| what happened since the verdict                                  | reason code          |
| ---------------------------------------------------------------- | -------------------- |
| the verdict carries no binding (older file, built by hand)        | `unbound`            |
| the terminal was read again (an action or a check that reads it)  | `terminal_read`      |
| the evidence the walk holds is not the evidence the verdict used | `evidence_changed`   |
| the walk now talks to another terminal (resume elsewhere)         | `other_terminal`     |
| the records are older than `payment.evidence_max_age_s`           | `evidence_old`       |
| the walk was resumed from its saved file                          | `resumed`            |

A stale verdict is reconciled again (the journal is read again, the customer's evidence compared again) before the
money step; only the new verdict can open it. The customer's evidence changing clears the verdict outright (the
engine, as before): that needs the person's new answers, not a re-read.

Records typed by staff from a standalone POS机 (typed.py) bind a verdict the same way: the binding's digest is
over the typed evidence, so typing the list again, or a later reading of the terminal's link, unsettles it. A money
step then reconciles again at the step that reached the verdict; for a typed verdict that step compares the
evidence held (it never reads the link: there is none), so a new typed list or a new reading decides.

`evidence_is_fresh()` is the other half (for link readings only: typed records are never taken for one): a
reconcile step reuses records read a moment ago from the same terminal with nothing done to the terminal or the till
since, instead of reading the journal twice.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any, Iterable

from pos_doctor.i18n import Text

FRESH_S = 120          # terminal evidence this young, with nothing done since, is not read again by a reconcile step
MAX_AGE_S = 600.0      # default of payment.evidence_max_age_s: older records do not open a money step
# actions that talk to the terminal: after the verdict, each is a new reading of it
TERMINAL_ACTIONS = frozenset({"read_journal", "last_transaction", "print_receipt_copy", "terminal_status",
                              "terminal_diagnosis"})
# checks that talk to the terminal (checks/registry.py ids); a check step, a `verify` or a wait re-runs them
TERMINAL_CHECKS = frozenset({"link.terminal", "terminal.status", "terminal.clock", "terminal.journal",
                             "software.terminal", "network.terminal", "printer.terminal", "power.terminal"})
IDENTITY_KEYS = ("port", "scenario", "terminal_id", "serial")

REASONS = {
    "unbound": Text("the verdict does not say which records it was reached on"),
    "terminal_read": Text("the terminal was read again after the verdict"),
    "evidence_changed": Text("the terminal's records changed after the verdict"),
    "other_terminal": Text("this is not the terminal the verdict was reached on"),
    "evidence_old": Text("the terminal's records are older than {age} s"),
    "resumed": Text("the walk was continued from its saved file"),
}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def canonical(data: Any) -> bytes:
    """One byte string per JSON value: sorted keys, no spaces, UTF-8 (what digests and checksums are taken over)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def digest(evidence: Any) -> str:
    """SHA-256 of the terminal evidence (records, coverage, clock) as canonical JSON."""
    return hashlib.sha256(canonical(evidence)).hexdigest()


def identity(target: dict[str, Any] | None) -> dict[str, Any]:
    """Which terminal, from a session's target: port or address (not for a simulator: its pty is new each run),
    simulated scenario, terminal ID and serial when the terminal reported them. Unknown fields are None."""
    t = target if isinstance(target, dict) else {}
    simulated = bool(t.get("simulated") or t.get("scenario"))
    out = {"port": None if simulated else t.get("terminal_port") or t.get("port"),
           "scenario": t.get("scenario") if simulated else None,
           "terminal_id": t.get("terminal_id"), "serial": t.get("serial")}
    return {k: (None if v is None else str(v)) for k, v in out.items()}


def same_terminal(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Different when a field both know differs, or one is simulated and the other not. Unknown (None) on both
    sides — a caller that cannot say which terminal it talks to — is taken as the same terminal."""
    if not a or not b:
        return not a and not b
    if bool(a.get("scenario")) != bool(b.get("scenario")):
        return False
    return all(a.get(k) is None or b.get(k) is None or a.get(k) == b.get(k) for k in IDENTITY_KEYS)


def _when(iso: Any) -> datetime | None:
    try:
        t = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
    return t if t.tzinfo is not None else t.replace(tzinfo=timezone.utc)


def reads_terminal(entry: dict[str, Any]) -> bool:
    """A transcript entry that talked to the terminal: a terminal action, or checks of the terminal that ran."""
    if entry.get("action") in TERMINAL_ACTIONS and "result" in entry:
        return True
    ran = list(entry.get("checks") or []) + list((entry.get("verify") or {}).get("checks") or [])
    ran += list(((entry.get("result") or {}).get("data") or {}).get("checks") or [])
    return any(isinstance(c, dict) and c.get("id") in TERMINAL_CHECKS and c.get("status") != "skipped" for c in ran)


def bind(evidence_entry: dict[str, Any] | None, seq: int) -> dict[str, Any]:
    """The binding of a verdict reached now on `evidence_entry` ({evidence, at, terminal}) at transcript index `seq`
    (entries from `seq` on happened after the verdict)."""
    ev = evidence_entry or {}
    return {"terminal": ev.get("terminal"), "digest": digest(ev.get("evidence")), "read_at": ev.get("at"),
            "seq": seq}


def stale(payment: dict[str, Any] | None, evidence_entry: dict[str, Any] | None, transcript: Iterable[dict[str, Any]],
          current: dict[str, Any] | None, *,
          max_age_s: float = MAX_AGE_S, now: datetime | None = None) -> tuple[str, Text] | None:
    """Why the verdict in `payment` no longer stands for the terminal (code, text), or None while it does."""
    if not payment:
        return None
    b = payment.get("binding")
    if not isinstance(b, dict) or not isinstance(b.get("seq"), int):
        return "unbound", REASONS["unbound"]
    if not same_terminal(b.get("terminal"), current):
        return "other_terminal", REASONS["other_terminal"]
    ev = evidence_entry or {}
    if digest(ev.get("evidence")) != b.get("digest") or ev.get("at") != b.get("read_at"):
        return "evidence_changed", REASONS["evidence_changed"]
    if any(isinstance(e, dict) and reads_terminal(e) for e in list(transcript)[b["seq"]:]):
        return "terminal_read", REASONS["terminal_read"]
    if b.get("resumed"):
        return "resumed", REASONS["resumed"]
    read = _when(b.get("read_at"))
    age = None if read is None else ((now or _now()) - read).total_seconds()
    if age is None or age < 0 or age > max_age_s:  # a clock set back is no proof of freshness either
        return "evidence_old", REASONS["evidence_old"].format(age=f"{max_age_s:g}")
    return None


def evidence_is_fresh(evidence_entry: dict[str, Any] | None, transcript: list[dict[str, Any]],
                      current: dict[str, Any] | None, *, fresh_s: float = FRESH_S, now: datetime | None = None) -> bool:
    """Read in this walk a moment ago from this terminal, with nothing done to the terminal or the till since."""
    ev = evidence_entry
    if not ev or not isinstance(ev.get("evidence"), dict) or not ev["evidence"].get("readable", False):
        return False
    if ev["evidence"].get("origin", "link") != "link":  # typed by staff: a reading of the link it never was
        return False
    read = _when(ev.get("at"))
    if read is None or ev.get("resumed"):
        return False
    age = ((now or _now()) - read).total_seconds()
    seq = ev.get("seq", 0) if isinstance(ev.get("seq"), int) else 0
    since = transcript[seq:]
    acted = any(e.get("kind") in ("instruction", "include", "confirm") and not e.get("skipped") or reads_terminal(e)
                for e in since)  # something done at the till, or the terminal read again since
    return 0 <= age <= fresh_s and not acted and same_terminal(ev.get("terminal"), current)


def distrust(payment: dict[str, Any] | None, evidence_entry: dict[str, Any] | None) -> None:
    """A walk continued from its file: the verdict is recomputed by the caller, and no money step opens on it
    before the terminal is read again (`stale` says `resumed`); the evidence is not fresh either."""
    if isinstance(payment, dict):
        b = payment.get("binding")
        payment["binding"] = {**(b if isinstance(b, dict) else {}), "resumed": True}
    if isinstance(evidence_entry, dict):
        evidence_entry["resumed"] = True
