"""The money rule: a step that lets staff take a new payment, refund or void is entered only with the verdict that
permits it — refused by `playbooks validate` on any path that lacks it, and stopped by the engine at run time even
when a playbook was built by hand around the validator."""

from __future__ import annotations

import textwrap
from datetime import datetime

import pytest

from pos_doctor.errors import UserFileError
from pos_doctor.i18n import Text
from pos_doctor.payments.reconcile import TerminalEvidence, TerminalRecord
from pos_doctor.playbooks.engine import ActionResult, Reply, Walk, WalkState
from pos_doctor.playbooks.library import Library
from pos_doctor.playbooks.loader import load_playbook
from pos_doctor.playbooks.model import Playbook, Step

TODAY = datetime.now().replace(second=0, microsecond=0)


def at(hhmm: str) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return TODAY.replace(hour=h, minute=m)


def journal(*records: TerminalRecord, complete: bool = True, readable: bool = True) -> dict:
    return TerminalEvidence(readable=readable, records=records, complete=complete,
                            covers_from=TODAY.replace(hour=0, minute=0), read_at=TODAY.replace(hour=23, minute=59),
                            clock_offset_s=0.0).to_json()


def approved(amount: str, hhmm: str, trace: int) -> TerminalRecord:
    from decimal import Decimal

    return TerminalRecord("approved", 0, Decimal(amount), "EUR", at(hhmm), trace, trace)


def declined(amount: str, hhmm: str, trace: int) -> TerminalRecord:
    from decimal import Decimal

    return TerminalRecord("declined", 0x05, Decimal(amount), "EUR", at(hhmm), trace, trace)


class Terminal:
    """Services whose terminal reports a given journal (the part that reads a real one is tested with the
    simulator in tests/cli); checks always pass."""

    def __init__(self, evidence: dict | None):
        self.evidence = evidence
        self.reads = 0

    def run_checks(self, ids):
        return []

    def action(self, name, params):
        assert name == "read_journal", name
        self.reads += 1
        if self.evidence is None:
            return ActionResult(False, Text("no answer", "无应答"))
        return ActionResult(True, Text("read", "已读取"), data={"terminal_evidence": self.evidence})


class Person:
    def __init__(self, **answers):
        self.answers = answers
        self.asked: list[str] = []
        self.events: list[tuple[str, dict]] = []

    def ask(self, prompt):
        self.asked.append(prompt.step.id)
        if prompt.step.id not in self.answers:
            raise AssertionError(f"unexpected question at {prompt.key}")
        a = self.answers[prompt.step.id]
        return a.pop(0) if isinstance(a, list) else a

    def show(self, event, **info):
        self.events.append((event, info))


HEAD = """\
spec: 1
id: {id}
title: {{en: "T", zh: "测"}}
summary: {{en: "S", zh: "概"}}
steps:
"""


def step(sid, kind, **kw) -> str:
    lines = [f"  - id: {sid}", f"    kind: {kind}"]
    if kind != "include":
        lines.append('    text: {en: "x", zh: "说明"}')
    lines += [f"    {k}: {v}" for k, v in kw.items()]
    return "\n".join(lines) + "\n"


RECORDS = (step("amount", "record", field="customer_amount", type="amount")
           + step("time", "record", field="customer_time", type="time"))
RECONCILE = step("rec", "reconcile", on_charged="paid", on_not_charged="again", on_mismatch="call", on_unknown="call")
TAIL = (step("paid", "end", outcome="resolved")
        + step("again", "end", outcome="resolved", allows="new_payment")
        + step("call", "escalate", to='{en: "provider", zh: "支付服务商"}', evidence="[payment]"))


def write(tmp_path, name, body) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(HEAD.format(id=name) + textwrap.dedent(body), encoding="utf-8")
    return str(path)


def problems(tmp_path, body) -> list[str]:
    with pytest.raises(UserFileError) as exc:
        load_playbook(write(tmp_path, "main", body))
    return [what for _, what in exc.value.problems]


# --- validate ------------------------------------------------------------------------------------------------------
def test_a_safe_playbook_loads(tmp_path):
    pb = load_playbook(write(tmp_path, "main", RECORDS + RECONCILE + TAIL))
    assert pb.step("again").allows == ("new_payment",)
    assert pb.step("rec").verdict_target("double_charge") == "call"


def test_validate_refuses_a_new_payment_reached_on_unknown(tmp_path):
    body = RECORDS + step("rec", "reconcile", on_charged="paid", on_not_charged="again", on_mismatch="call",
                          on_unknown="again") + TAIL
    resolved, money = problems(tmp_path, body)
    assert resolved == ("step 'again' ends resolved, but it is reached with the verdict 'unknown' on the path amount → "
                        "time → rec → again; end that path with escalate (call the provider with the evidence) or "
                        "outcome: not_resolved")
    assert money == ("step 'again' allows new_payment, which needs the verdict 'not_charged'; it is reached with the "
                    "verdict 'unknown' on the path amount → time → rec → again. Send the walk here only from a "
                    "reconcile step's on_not_charged branch")


def test_validate_refuses_resolved_on_a_mismatch(tmp_path):
    body = RECORDS + step("rec", "reconcile", on_charged="paid", on_not_charged="again", on_mismatch="paid",
                          on_unknown="call") + TAIL
    (what,) = problems(tmp_path, body)
    assert what.startswith("step 'paid' ends resolved, but it is reached with the verdict 'mismatch'")


def test_validate_refuses_a_new_payment_without_reconcile_and_names_the_line(tmp_path):
    path = write(tmp_path, "main", RECORDS + step("q", "question",
                 choices='[{id: a, label: {en: A, zh: 甲}, goto: again}, {id: b, label: {en: B, zh: 乙}, goto: call}, '
                         '{id: c, label: {en: C, zh: 丙}, goto: paid}]') + TAIL)
    with pytest.raises(UserFileError) as exc:
        load_playbook(path)
    (where, what), = exc.value.problems
    assert (where.line, where.path) == (28, "steps[4].allows")
    assert "no reconcile step precedes it on the path amount → time → q → again" in what


def test_validate_refuses_a_verdict_made_stale_by_recording_the_amount_again(tmp_path):
    body = (RECORDS + step("rec", "reconcile", on_charged="paid", on_not_charged="again-amount", on_mismatch="call",
                           on_unknown="call")
            + step("again-amount", "record", field="customer_amount", type="amount")
            + step("again-step", "instruction", allows="new_payment", goto="paid")
            + TAIL.replace("allows: new_payment", "allows: [new_payment]"))
    found = problems(tmp_path, body)
    assert any("step 'again-step'" in p and "no reconcile step precedes it" in p for p in found), found


def test_validate_refunds_need_charged_and_a_when_does_not_help(tmp_path):
    body = RECORDS + RECONCILE + step("paid", "end", outcome="resolved") + \
        step("again", "instruction", allows="[refund]", when="\"value('customer_amount') > 1\"", goto="paid") + \
        step("call", "escalate", to='{en: "p", zh: "服务商"}')
    (what,) = problems(tmp_path, body)
    assert "step 'again' allows refund, which needs the verdict 'charged' or 'double_charge'" in what
    assert "'not_charged'" in what


def test_validate_rejects_unknown_permissions_and_missing_branches(tmp_path):
    found = problems(tmp_path, RECORDS + step("rec", "reconcile", on_charged="paid", on_not_charged="again",
                                              on_mismatch="call") + TAIL.replace("new_payment", "charge_again"))
    assert any("missing required key 'on_unknown'" in p for p in found), found
    assert any("unknown money permission 'charge_again'; use new_payment, refund, void" in p for p in found), found


# --- run time ------------------------------------------------------------------------------------------------------
def lib_with(tmp_path, body) -> Library:
    write(tmp_path, "main", body)
    return Library.load([tmp_path])


@pytest.mark.parametrize("records, amount, verdict, end", [
    ((declined("99.00", "14:05", 7),), "99.00", "not_charged", "again"),
    ((approved("99.00", "14:05", 7),), "99.00", "charged", "paid"),
    ((approved("12.50", "14:05", 7),), "15.00", "mismatch", "call"),
    ((declined("49.99", "09:10", 3),), "99.00", "unknown", "call"),
    ((approved("99.00", "14:04", 7), approved("99.00", "14:05", 8)), "99.00", "mismatch", "call"),
])
def test_reconcile_branches_on_the_verdict(tmp_path, records, amount, verdict, end):
    lib = lib_with(tmp_path, RECORDS + RECONCILE + TAIL)
    person = Person(amount=amount, time="14:05")
    st = Walk(lib, Terminal(journal(*records, complete=verdict != "unknown")), person, WalkState("main")).run()
    assert st.payment["verdict"] == verdict
    walked = [e["step"] for e in st.transcript if "step" in e]
    assert walked[-1] == end
    assert any(ev == "reconcile" for ev, _ in person.events)
    entered = [e for e in st.transcript if e.get("new_payment_allowed")]
    assert bool(entered) is (verdict == "not_charged")


def test_the_engine_stops_a_hand_built_playbook_that_bypasses_validation(tmp_path):
    t = Text("x", "说明")
    steps = (
        Step("amount", "record", text=t, field="customer_amount", type="amount"),
        Step("rec", "reconcile", text=t, on_charged="paid", on_not_charged="again", on_mismatch="call",
             on_unknown="again"),                                   # unknown → a new payment: validate refuses this
        Step("paid", "end", text=t, outcome="resolved"),
        Step("again", "end", text=t, outcome="resolved", allows=("new_payment",)),
        Step("call", "escalate", text=t, to=t),
    )
    pb = Playbook("bad", t, t, False, steps)

    class Lib:
        def get(self, pid):
            return pb

    person = Person(amount="99.00")
    st = Walk(Lib(), Terminal(None), person, WalkState("bad")).run()  # terminal unreadable → unknown
    assert st.payment["verdict"] == "unknown"
    refused = [e for e in st.transcript if "refused" in e]
    assert refused == [dict(refused[0], refused={"allows": ["new_payment"], "verdict": "unknown"})]
    assert not any(e.get("new_payment_allowed") for e in st.transcript)
    assert st.outcome == "escalated" and [e["step"] for e in st.transcript if "step" in e][-1] == "call"
    assert ("refused", ) == tuple(ev for ev, _ in person.events if ev == "refused")


def test_no_when_and_no_answer_opens_a_money_step_without_a_verdict(tmp_path):
    t = Text("x", "说明")
    from pos_doctor.playbooks.expr import compile_condition

    steps = (Step("go", "instruction", text=t, allows=("new_payment",), when=compile_condition("true"), goto="done"),
             Step("done", "end", text=t, outcome="resolved"))
    pb = Playbook("bare", t, t, False, steps)

    class Lib:
        def get(self, pid):
            return pb

    st = Walk(Lib(), Terminal(None), Person(go="done"), WalkState("bare")).run()
    assert st.outcome == "not_resolved" and not any(e.get("new_payment_allowed") for e in st.transcript)
    assert "not entered" in st.transcript[-1]["note"]


def test_changing_the_amount_after_the_verdict_clears_it(tmp_path):
    body = (RECORDS + step("rec", "reconcile", on_charged="paid", on_not_charged="recheck", on_mismatch="call",
                           on_unknown="call")
            + step("recheck", "question", choices='[{id: go, label: {en: G, zh: 去}, goto: again}, '
                                                  '{id: fix, label: {en: F, zh: 改}, goto: amount}]',
                   max_visits=3)
            + TAIL)
    lib = lib_with(tmp_path, body)
    # the customer's 99.00 was declined at 14:05: not charged. Then the person goes back and types 49.99: the
    # verdict is cleared, reconciled again, and 49.99 has no record at all → unknown → call, no new payment.
    person = Person(amount=["99.00", "49.99"], time=["14:05", "14:05"], recheck=["fix"])
    ev = journal(declined("99.00", "14:05", 7))
    st = Walk(lib, Terminal(ev), person, WalkState("main")).run()
    assert [e.get("verdict_cleared") for e in st.transcript if e.get("verdict_cleared")] == ["not_charged"]
    assert st.payment["customer"]["amount"] == "49.99" and st.payment["verdict"] == "unknown"
    assert st.outcome == "escalated"
    assert not any(e.get("new_payment_allowed") for e in st.transcript)


def test_going_back_over_a_verdict_takes_it_back(tmp_path):
    body = (RECORDS + RECONCILE.replace("on_not_charged: again", "on_not_charged: sure")
            + step("sure", "confirm", on_yes="again", on_no="call") + TAIL)
    lib = lib_with(tmp_path, body)
    ev = journal(declined("99.00", "14:05", 7))
    seen = []

    class Watching(Person):
        def ask(self, prompt):
            seen.append((prompt.step.id, walk.verdict()))
            return super().ask(prompt)

    person = Watching(amount="99.00", time=["14:05", "14:05"], sure=[Reply.BACK, "no"])
    walk = Walk(lib, Terminal(ev), person, WalkState("main"))
    st = walk.run()
    # back from "sure" returns to "time": the verdict reached after it no longer stands until reconciled again
    assert seen == [("amount", "none"), ("time", "none"), ("sure", "not_charged"), ("time", "none"),
                    ("sure", "not_charged")]
    assert len([e for e in st.transcript if e.get("step") == "rec"]) == 2
    assert st.outcome == "escalated" and not any(e.get("new_payment_allowed") for e in st.transcript)


def test_evidence_read_a_moment_ago_is_reused(tmp_path):
    body = (step("read", "action", action="read_journal", params="{}") + RECORDS + RECONCILE + TAIL)
    lib = lib_with(tmp_path, body)
    term = Terminal(journal(approved("12.50", "14:05", 42)))
    st = Walk(lib, term, Person(amount="12.50", time="14:05"), WalkState("main")).run()
    assert term.reads == 1 and st.payment["verdict"] == "charged"
    rec = next(e for e in st.transcript if e.get("step") == "rec")
    assert rec["reused_evidence"] is True
