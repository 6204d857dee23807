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
from pos_doctor.playbooks.model import Playbook
from pos_doctor.playbooks.model import build_step as Step  # a step of any kind, built by hand
from tests.clock import pin_local_clock

TODAY = datetime.now().replace(second=0, microsecond=0)


@pytest.fixture(autouse=True)
def afternoon(monkeypatch):
    """The PC's clock reads TODAY 16:40 while a walk runs: the journal's "14:05" and the customer's are the same day's,
    whatever the hour the suite runs at (a run crossing midnight read "14:05" as another day's: verdict unknown)."""
    pin_local_clock(monkeypatch, TODAY.replace(hour=16, minute=40))


def at(hhmm: str) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return TODAY.replace(hour=h, minute=m)


def journal(*records: TerminalRecord, complete: bool = True, readable: bool = True) -> dict:
    return TerminalEvidence(readable=readable, records=records, complete=complete,
                            covers_from=TODAY.replace(hour=0, minute=0), read_at=TODAY.replace(hour=23, minute=59),
                            clock_offset_s=0.0).to_json()


def approved(amount: str, hhmm: str, trace: int, pan: str | None = None) -> TerminalRecord:
    from decimal import Decimal

    return TerminalRecord("approved", 0, Decimal(amount), "EUR", at(hhmm), trace, trace, pan)


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
    assert "step 'again' allows refund, which needs the verdict 'charged'" in what
    assert "'not_charged'" in what


def test_validate_rejects_unknown_permissions_and_missing_branches(tmp_path):
    found = problems(tmp_path, RECORDS + step("rec", "reconcile", on_charged="paid", on_not_charged="again",
                                              on_mismatch="call") + TAIL.replace("new_payment", "charge_again"))
    assert any("missing required key 'on_unknown'" in p for p in found), found
    assert any("unknown money permission 'charge_again'; use new_payment, refund, void, refund_duplicate, difference" in p
               for p in found), found


# --- run time ------------------------------------------------------------------------------------------------------
def lib_with(tmp_path, body) -> Library:
    write(tmp_path, "main", body)
    return Library.load([tmp_path])


@pytest.mark.parametrize("records, amount, verdict, end", [
    ((declined("99.00", "14:05", 7),), "99.00", "not_charged", "again"),
    ((approved("99.00", "14:05", 7),), "99.00", "charged", "paid"),
    ((approved("12.50", "14:05", 7),), "15.00", "mismatch", "call"),
    ((declined("49.99", "09:10", 3),), "99.00", "unknown", "call"),
    # two approvals of the amount, the customer's card not asked: no longer a double charge (issue 22), unknown
    ((approved("99.00", "14:04", 7), approved("99.00", "14:05", 8)), "99.00", "unknown", "call"),
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


# --- the validator is sound: a playbook it accepts never needs the engine's refusal ------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

JOURNALS = {
    "not_charged": journal(declined("99.00", "14:05", 7)),
    "charged": journal(approved("99.00", "14:05", 7)),
    "mismatch": journal(approved("12.50", "14:05", 7)),
    "double_charge": journal(approved("99.00", "14:04", 7), approved("99.00", "14:05", 8)),
    "unknown": None,
}


@st.composite
def playbooks(draw):
    """Small forward-only playbooks (no loops) mixing records, reconcile steps, questions and money steps."""
    n = draw(st.integers(3, 9))
    ids = [f"s{i}" for i in range(n)]
    steps = []
    for i, sid in enumerate(ids[:-1]):
        later = st.sampled_from(ids[i + 1:])
        kind = draw(st.sampled_from(["record", "reconcile", "question", "instruction", "record", "reconcile", "end"]))
        s = {"id": sid, "kind": kind, "text": {"en": "x", "zh": "说明"}}
        if kind == "record":
            s.update(field=draw(st.sampled_from(["customer_amount", "customer_time", "note"])),
                     type="text")
        elif kind == "reconcile":
            s.update({f"on_{v}": draw(later) for v in ("charged", "not_charged", "mismatch", "unknown")})
            s[f"on_{draw(st.sampled_from(['charged', 'not_charged', 'mismatch', 'unknown']))}"] = ids[i + 1]
            if draw(st.booleans()):
                s["on_double_charge"] = draw(later)
        elif kind == "question":  # the first choice goes on, so that later steps stay reachable
            s["choices"] = [{"id": f"c{j}", "label": {"en": "c", "zh": "选"}, "goto": ids[i + 1] if j == 0 else draw(later)}
                            for j in range(2)]
        elif kind == "end":
            s["outcome"] = draw(st.sampled_from(["resolved", "not_resolved"]))
        if kind in ("instruction", "question", "end") and draw(st.integers(0, 5)) == 0:
            s["allows"] = draw(st.sampled_from(["new_payment", ["refund"], ["void", "refund"], "refund_duplicate"]))
        if kind == "record" and s["field"] == "customer_time":
            s["type"] = "time"
        if kind == "record" and s["field"] == "customer_amount":
            s["type"] = "amount"
        steps.append(s)
    steps.append({"id": ids[-1], "kind": "escalate", "text": {"en": "x", "zh": "说明"},
                  "to": {"en": "p", "zh": "服务商"}})
    extra = []
    for s in list(steps):  # often let a verdict branch land on a money step of its own, so that some are accepted
        if s["kind"] == "reconcile" and draw(st.booleans()):
            for branch, what in (("on_not_charged", "new_payment"), ("on_charged", ["refund"]),
                                 ("on_double_charge", ["refund_duplicate"])):
                if draw(st.booleans()):
                    mid = f"m{len(extra)}"
                    s[branch] = mid
                    extra.append({"id": mid, "kind": "instruction", "text": {"en": "x", "zh": "说明"},
                                  "allows": what, "goto": ids[-1]})
    steps[-1:-1] = extra
    if draw(st.integers(0, 3)):  # usually the customer's evidence comes first, as in the shipped playbooks
        steps[:0] = [{"id": "amount", "kind": "record", "field": "customer_amount", "type": "amount",
                      "text": {"en": "x", "zh": "金额"}},
                     {"id": "time", "kind": "record", "field": "customer_time", "type": "time",
                      "text": {"en": "x", "zh": "时间"}}]
    return {"spec": 1, "id": "gen", "title": {"en": "T", "zh": "测"}, "summary": {"en": "S", "zh": "概"},
            "steps": steps}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(doc=playbooks(), data=st.data())
def test_what_validate_accepts_the_engine_never_has_to_refuse(tmp_path, doc, data):
    import yaml
    from hypothesis import assume

    path = tmp_path / "gen.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    try:
        pb = load_playbook(path)
    except UserFileError:
        assume(False)

    class Lib:
        def get(self, pid):
            return pb

    class Drawn(Terminal):
        def action(self, name, params):
            self.evidence = JOURNALS[data.draw(st.sampled_from(sorted(JOURNALS)), label="journal")]
            return super().action(name, params)

    class Anyone:
        def ask(self, prompt):
            s = prompt.step
            if s.kind == "record":
                return {"customer_amount": "99.00", "customer_time": "14:05"}.get(s.field, "x")
            if s.kind == "question":
                return data.draw(st.sampled_from([c.id for c in s.choices]), label=s.id)
            return "done"

        def show(self, event, **info):
            pass

    st_ = Walk(Lib(), Drawn(None), Anyone(), WalkState("gen")).run()
    assert st_.outcome is not None
    from hypothesis import event

    event("entered a money step" if any(e.get("allows") for e in st_.transcript) else "no money step entered")
    # validate cannot know, before the walk, whether the customer's card will identify the matched record: a refund,
    # void or difference on `charged` refused for "who paid not compared" is the engine's run-time rule (README), and
    # it takes the unknown path. Every other refusal means validate let through a path the verdict forbids.
    refused = [e["refused"] for e in st_.transcript if "refused" in e]
    assert not [r for r in refused if "who_paid" not in r], "validate accepted a path the engine refuses"
    for r in refused:
        assert r["verdict"] == "charged" and {"refund", "void", "difference"} & set(r["allows"])
    for e in st_.transcript:
        if e.get("new_payment_allowed"):
            assert e["verdict"] == "not_charged"
        if {"refund", "void"} & set(e.get("allows", [])):
            assert e["verdict"] == "charged"
        if "refund_duplicate" in e.get("allows", []):
            assert e["verdict"] == "double_charge"
    if st_.outcome == "resolved" and st_.payment is not None:
        assert st_.payment["verdict"] in ("charged", "not_charged") and not st_.payment["double_charge"]


# --- a verdict bound to its evidence (payments/binding.py) ---------------------------------------------------------
class Reads(Terminal):
    """A terminal whose journal changes between readings, that can say which terminal it is, and that also answers
    the other reading actions (last_transaction)."""

    def __init__(self, *evidence: dict, name: str = "term-a"):
        super().__init__(evidence[0])
        self.queue = list(evidence)
        self.name = name

    def identity(self):
        return {"port": f"/dev/{self.name}", "scenario": None, "terminal_id": None, "serial": None}

    def action(self, name, params):
        if name == "last_transaction":
            return ActionResult(True, Text("last", "最后一笔"), transaction={"status": "approved"})
        if len(self.queue) > 1:
            self.evidence = self.queue.pop(0)
        else:
            self.evidence = self.queue[0]
        return super().action(name, params)


AGAIN = RECONCILE.replace("on_not_charged: again", "on_not_charged: look")
LOOK_AGAIN = step("look", "action", action="read_journal", params="{}", goto="again") + TAIL


def again_entries(st):
    return [e for e in st.transcript if e.get("kind") == "reconcile" and "again" in e]


def test_a_journal_read_after_the_verdict_makes_the_money_step_reconcile_again(tmp_path):
    """Declined at the verdict; the journal read again before the money step shows the retry approved: the step
    reconciles again on that reading, and the new verdict (charged) does not open a new payment."""
    lib = lib_with(tmp_path, RECORDS + AGAIN + LOOK_AGAIN)
    term = Reads(journal(declined("99.00", "14:05", 7)), journal(declined("99.00", "14:05", 7),
                                                                 approved("99.00", "14:06", 8)))
    st = Walk(lib, term, Person(amount="99.00", time="14:05"), WalkState("main")).run()
    (again,) = again_entries(st)
    assert again["again"]["reason"] == "evidence_changed" and again["again"]["previous_verdict"] == "not_charged"
    assert again["payment"]["verdict"] == "charged" and again["reused_evidence"] is True  # the reading just made
    assert term.reads == 2
    assert not any(e.get("new_payment_allowed") for e in st.transcript)
    assert [e["step"] for e in st.transcript if "step" in e][-2:] == ["again", "paid"]  # refused, then charged's path


def test_the_same_journal_read_again_still_opens_the_step_on_the_new_verdict(tmp_path):
    lib = lib_with(tmp_path, RECORDS + AGAIN + LOOK_AGAIN)
    term = Reads(journal(declined("99.00", "14:05", 7)))
    st = Walk(lib, term, Person(amount="99.00", time="14:05"), WalkState("main")).run()
    (again,) = again_entries(st)
    assert again["payment"]["verdict"] == "not_charged"
    entered = [e for e in st.transcript if e.get("new_payment_allowed")]
    assert len(entered) == 1 and entered[0]["verdict"] == "not_charged" and st.outcome == "resolved"
    assert st.transcript.index(again) < st.transcript.index(entered[0])


def test_another_reading_of_the_terminal_reconciles_again_and_reads_the_journal_again(tmp_path):
    body = RECORDS + AGAIN + step("look", "action", action="last_transaction", params="{}", goto="again") + TAIL
    lib = lib_with(tmp_path, body)
    term = Reads(journal(declined("99.00", "14:05", 7)), journal(approved("99.00", "14:06", 8)))
    st = Walk(lib, term, Person(amount="99.00", time="14:05"), WalkState("main")).run()
    (again,) = again_entries(st)
    assert again["again"]["reason"] == "terminal_read" and again["action"] == "read_journal"
    assert term.reads == 2 and st.payment["verdict"] == "charged"
    assert not any(e.get("new_payment_allowed") for e in st.transcript)


def _stopped_before_the_money_step(tmp_path, term):
    """A walk that reached not_charged and stopped before its money step, as a saved walk holds it."""
    lib = lib_with(tmp_path, RECORDS + RECONCILE.replace("on_not_charged: again", "on_not_charged: sure")
                   + step("sure", "confirm", on_yes="again", on_no="call") + TAIL)
    from pos_doctor.playbooks.engine import Aborted

    person = Person(amount="99.00", time="14:05", sure=Reply.QUIT)
    walk = Walk(lib, term, person, WalkState("main"))
    with pytest.raises(Aborted):
        walk.run()
    return lib, WalkState.from_json(walk.state.to_json())


def test_a_walk_continued_against_another_terminal_reconciles_again_before_the_money_step(tmp_path):
    first = Reads(journal(declined("99.00", "14:05", 7)), name="term-a")
    lib, state = _stopped_before_the_money_step(tmp_path, first)
    assert state.payment["verdict"] == "not_charged"
    other = Reads(journal(approved("99.00", "14:05", 9)), name="term-b")   # the other till's terminal
    walk = Walk(lib, other, Person(sure="yes"), state)
    walk.resumed()
    st = walk.run()
    (again,) = again_entries(st)
    assert again["again"]["reason"] == "other_terminal" and other.reads == 1
    assert again["payment"]["binding"]["terminal"]["port"] == "/dev/term-b"
    assert not any(e.get("new_payment_allowed") for e in st.transcript) and st.payment["verdict"] == "charged"


def test_a_resumed_walk_trusts_no_verdict_from_its_file(tmp_path):
    term = Reads(journal(approved("99.00", "14:05", 7)))
    lib, state = _stopped_before_the_money_step(tmp_path, Reads(journal(declined("99.00", "14:05", 7))))
    state.payment["verdict"] = "not_charged"
    state.terminal_evidence["evidence"] = journal(approved("99.00", "14:05", 7))  # the records say charged
    walk = Walk(lib, term, Person(sure="yes"), state)
    walk.resumed()
    assert state.payment["verdict"] == "charged"   # recomputed from the stored evidence and answers
    assert "does not follow from the saved evidence" in state.transcript[-1]["note"]
    st = walk.run()
    assert not any(e.get("new_payment_allowed") for e in st.transcript)


def test_a_walk_continued_on_the_same_terminal_reads_it_again_first(tmp_path):
    term = Reads(journal(declined("99.00", "14:05", 7)))
    lib, state = _stopped_before_the_money_step(tmp_path, term)
    walk = Walk(lib, term, Person(sure="yes"), state)
    walk.resumed()
    st = walk.run()
    (again,) = again_entries(st)
    assert again["again"]["reason"] == "resumed" and again["action"] == "read_journal" and term.reads == 2
    assert [e for e in st.transcript if e.get("new_payment_allowed")][0]["verdict"] == "not_charged"


def test_records_older_than_the_configured_age_are_read_again(tmp_path):
    from datetime import timedelta, timezone

    term = Reads(journal(declined("99.00", "14:05", 7)))
    lib, state = _stopped_before_the_money_step(tmp_path, term)
    old = (datetime.now(timezone.utc) - timedelta(seconds=700)).isoformat(timespec="seconds")
    state.terminal_evidence["at"] = state.payment["binding"]["read_at"] = old
    walk = Walk(lib, term, Person(sure="yes"), state)
    walk.max_age_s = 600
    st = walk.run()
    (again,) = again_entries(st)
    assert again["again"]["reason"] == "evidence_old" and term.reads == 2
