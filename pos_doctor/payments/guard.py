"""The walk-time money guard and the freshness of the terminal evidence: what the step engine consults before it lets
staff move money, and before it reads the terminal again. Pure: no I/O, no playbook (the engine passes what a walk
holds through `WalkRecord`, and the names of the walk values that are the customer's evidence).

- The verdict that stands (`verdict`) is the latest reconciliation's, while the customer's evidence is what it was
  compared on; changing one of those values clears it (`clear_if_changed`).
- A money step opens only on the verdict the one rule permits (payments/reconcile.py `allows`, tabled in `MONEY`),
  and a refund, void or difference also on who paid (`who_paid_ok`).
- A verdict is bound to the records it was reached on (payments/binding.py): `stale_reason` says why it no longer
  stands for them (read again, another terminal, too old, resumed); the engine then reconciles again.
- Records read a moment ago from this terminal, with nothing done since, are reused (`evidence_is_fresh`).
- A walk continued from its saved file trusts nothing for money (`resumed`).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Protocol, Sequence

from pos_doctor.i18n import Text
from pos_doctor.payments import binding
from pos_doctor.payments.model import VERDICTS, CustomerEvidence, TerminalEvidence
from pos_doctor.payments.qr import evidence_from_values
from pos_doctor.payments.reconcile import MONEY_ACTIONS, allows, payment_object, reconcile, who_paid_settled
from pos_doctor.payments.verdicts import Reconciliation

Json = dict[str, Any]

# the money steps that give back or void a recorded payment: these also need who paid settled
MOVES_RECORDED = frozenset({"refund", "void", "difference"})


def now() -> str:
    """The walk's clock: UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def money_table() -> dict[str, tuple[str, ...]]:
    """What a step lets staff do with money, and the standing verdicts that permit it, read off the one rule
    (`allows`), so the loader, the engine and the core cannot differ."""
    standing = [(v, Reconciliation(v, (), (), ())) for v in VERDICTS]
    standing.append(("double_charge", Reconciliation("mismatch", (), (), (), double_charge=True)))
    return {what: tuple(v for v, r in standing if allows(what, r)) for what in MONEY_ACTIONS}


MONEY = money_table()


class WalkRecord(Protocol):
    """What the guard reads and keeps of a walk (the engine's WalkState)."""

    payment: dict[str, Any] | None
    values: dict[str, str]
    transaction: dict[str, Any] | None
    terminal_evidence: dict[str, Any] | None
    transcript: list[dict[str, Any]]
    history: list[dict[str, Any]]


class MoneyGuard:
    """The money rule for one walk. `customer_fields` are the walk values that make up the customer's evidence;
    `identity` says which terminal the walk talks to now (None: it cannot say)."""

    def __init__(self, state: WalkRecord, customer_fields: Sequence[str], identity: Callable[[], Json | None]):
        self.state = state
        self.fields = tuple(customer_fields)
        self.identity = identity
        self.tolerance = timedelta(minutes=5)  # clock drift and typing: how far the customer's time may be off
        self.max_age_s: float | None = None   # payment.evidence_max_age_s (None: the default of binding.py)

    # --- the verdict that stands -----------------------------------------------------------------------------
    def customer_values(self) -> dict[str, str | None]:
        return {f: self.state.values.get(f) for f in self.fields}

    def changed(self) -> bool:
        """The customer's evidence is no longer what the verdict was reached on (or there is no verdict)."""
        p = self.state.payment or {}
        return bool(p.get("customer_values") != self.customer_values())

    def verdict(self) -> str:
        """The verdict that stands for the customer's evidence as it is now: charged, not_charged, mismatch,
        double_charge, unknown, or "none" (not reconciled, or the evidence changed since)."""
        p = self.state.payment
        if not p or self.changed():
            return "none"
        return "double_charge" if p.get("double_charge") else str(p.get("verdict", "none"))

    def clear_if_changed(self) -> str | None:
        """A value of the customer's evidence was recorded: a verdict reached on other values is cleared (its verdict
        is returned, for the log); None when nothing was cleared."""
        p = self.state.payment
        if p is None or not self.changed():
            return None
        self.state.payment = None
        return str(p["verdict"])

    # --- what a money step needs ---------------------------------------------------------------------------
    def allowed(self, what: Sequence[str]) -> bool:
        """May a step that `allows` these enter on the verdict that stands?"""
        verdict = self.verdict()
        return all(verdict in MONEY.get(w, ()) for w in what) and self.who_paid_ok(what)

    def who_paid_ok(self, what: Sequence[str]) -> bool:
        """A refund, a void or taking the difference on `charged` also needs the matched record shown to be this
        customer's (card, voucher or authorisation code), not only the same amount and time
        (payments/reconcile.who_paid_settled)."""
        if not MOVES_RECORDED & set(what):
            return True
        return self.verdict() != "charged" or who_paid_settled(self.state.payment)

    def last_is_matched(self) -> bool:
        """Is the terminal's last payment (what Repeat Receipt reprints) the one record the standing verdict matched
        to this customer? Same trace and receipt number, both reported. Two matched records, none, a verdict no
        longer standing for the customer's evidence, or a number not reported: false - a reprint may then be another
        customer's slip."""
        p, tx = self.state.payment, self.state.transaction
        if not isinstance(p, dict) or not isinstance(tx, dict) or p.get("double_charge"):
            return False
        if p.get("customer_values") != self.customer_values():
            return False
        matched = [m for m in p.get("matched") or [] if isinstance(m, dict)]
        if len(matched) != 1 or not tx.get("approved"):
            return False
        m = matched[0]
        same = [(m.get(k), tx.get(k)) for k in ("trace_number", "receipt_number")
                if m.get(k) is not None or tx.get(k) is not None]
        return bool(same) and all(a is not None and str(a) == str(b) for a, b in same)

    # --- the records the verdict is bound to ---------------------------------------------------------------
    def stale_reason(self) -> tuple[str, Text] | None:
        """Why the standing verdict no longer stands for the terminal's records (code, text), or None while it
        does (or when there is no standing verdict to settle)."""
        p = self.state.payment
        if not p or self.changed():
            return None
        st = self.state
        if self.max_age_s:
            return binding.stale(p, st.terminal_evidence, st.transcript, self.identity(), max_age_s=self.max_age_s)
        return binding.stale(p, st.terminal_evidence, st.transcript, self.identity())

    def evidence_is_fresh(self) -> bool:
        """Records read a moment ago from this terminal, nothing done since: a reconcile step reuses them."""
        st = self.state
        return binding.evidence_is_fresh(st.terminal_evidence, st.transcript, self.identity())

    def _hold(self, evidence: Json, seq: int, **extra: Any) -> None:
        self.state.terminal_evidence = {"evidence": evidence, "at": now(), "seq": seq, "terminal": self.identity(),
                                        **extra}

    def keep_reading(self, evidence: Any, transaction: Json | None) -> None:
        """The records just read, with when and from which terminal (`seq` is set once the reading is logged)."""
        if not isinstance(evidence, dict):  # also when unreadable: it names what was not reported
            evidence = TerminalEvidence(readable=False).to_json()
        if transaction is not None:
            self.state.transaction = transaction
        self._hold(evidence, len(self.state.transcript) + 1)

    def keep_typed(self, evidence: Json, key: str) -> None:
        """Transactions staff typed from the POS机 (payments/typed.py), at the record_list step `key`."""
        self._hold(evidence, len(self.state.transcript) + 1, typed=key)

    def keep_qr_typed(self) -> None:
        """The QR order staff typed from the merchant app (payments/qr.py), kept like records read from a device."""
        self._hold(evidence_from_values(self.state.values).to_json(), len(self.state.transcript) + 1)

    def hold_unreadable(self, origin: str) -> None:
        """No records held, and none to be read here (they are typed): the evidence says so, with its origin."""
        if not isinstance(self.state.terminal_evidence, dict):
            self._hold(TerminalEvidence(readable=False, origin=origin).to_json(), len(self.state.transcript))

    # --- reaching a verdict --------------------------------------------------------------------------------
    def verdict_on(self, evidence_entry: Json | None, key: str) -> Json:
        """The payment object for the customer's evidence as recorded now and the terminal's records held."""
        terminal = TerminalEvidence.from_json((evidence_entry or {}).get("evidence"))
        customer = CustomerEvidence.from_values(self.state.values)
        rec = reconcile(customer, terminal, tolerance=self.tolerance)
        return {**payment_object(customer, terminal, rec), "summary": rec.summary().to_json(), "step": key,
                "at": now(), "customer_values": self.customer_values()}

    def reach(self, key: str) -> Json:
        """Reconcile on the records held, at reconcile step `key`, and bind the verdict to them (its log entry is
        the next one of the transcript)."""
        st = self.state
        payment = self.verdict_on(st.terminal_evidence, key)
        payment["binding"] = binding.bind(st.terminal_evidence, len(st.transcript) + 1)  # after this entry
        st.payment = payment
        return payment

    def logged(self) -> None:
        """The reconcile step's entry is in the transcript: the records held count from it."""
        if isinstance(self.state.terminal_evidence, dict):
            self.state.terminal_evidence["seq"] = len(self.state.transcript)

    def resumed(self) -> None:
        """The walk continues from its saved file: nothing in it is trusted for money. The verdict (and any kept
        for "back") is recomputed from the stored evidence and answers, and marked so that a money step reads
        the terminal and reconciles again first."""
        st = self.state
        p = st.payment
        if p is not None:
            if not isinstance(st.terminal_evidence, dict) or self.changed():
                st.payment = None
            else:
                again = self.verdict_on(st.terminal_evidence, str(p.get("step", "")))
                again["binding"] = p.get("binding") if isinstance(p.get("binding"), dict) else {}
                if (again.get("verdict") != p.get("verdict")
                        or bool(again.get("double_charge")) != bool(p.get("double_charge"))):
                    st.transcript.append({"at": now(), "note": f"resumed: the saved verdict {p.get('verdict')} does "
                                                               f"not follow from the saved evidence; recomputed: "
                                                               f"{again['verdict']}"})
                st.payment = again
        binding.distrust(st.payment, st.terminal_evidence)
        for snap in st.history:
            if isinstance(snap.get("payment"), dict):
                binding.distrust(snap["payment"], None)
