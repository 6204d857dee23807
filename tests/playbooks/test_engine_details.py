"""The step engine in detail: what the person is shown, what the transcript and the state keep, where the walk goes
next, and the outcome — each rule singled out by a walk that only it decides (found by the mutation run,
tools/mutation.py). In-process and fast: the simulator session is opened once per module."""

from __future__ import annotations

import textwrap
from datetime import datetime, timezone

import pytest

from pos_doctor.checks.runner import CheckOptions
from pos_doctor.checks.session import open_session
from pos_doctor.i18n import Text
from pos_doctor.playbooks.engine import ActionResult, Reply, Walk, WalkState, parse_record
from pos_doctor.playbooks.actions import DeviceServices
from pos_doctor.playbooks.library import Library
from pos_doctor.playbooks.model import Playbook
from pos_doctor.playbooks.model import build_step as Step  # a step of any kind, built by hand


@pytest.fixture(scope="module")
def services():
    # generous timeouts: no device here is slow or dead, and a busy machine must not turn a check into a timeout
    with open_session(CheckOptions(simulate="dropped-transaction", timeout=60, check_timeout=30)) as session:
        yield DeviceServices(session, sleep=lambda s: None)


@pytest.fixture(scope="module")
def paper_out(tmp_path_factory):
    """The printer is out of paper and stays so: printer.receipt is critical, printer_status fails."""
    path = tmp_path_factory.mktemp("sc") / "no-paper.yaml"
    path.write_text('spec: 1\nname: no-paper\ndescription: {en: x, zh: x}\nprinter: {paper: "out"}\n', encoding="utf-8")
    # generous timeouts: no device here is slow or dead, and a busy machine must not turn a check into a timeout
    with open_session(CheckOptions(simulate=str(path), timeout=60, check_timeout=30)) as session:
        yield DeviceServices(session, sleep=lambda s: None)


class Counting:
    """The real services, counting how often checks were run on the devices."""

    def __init__(self, inner):
        self.inner, self.check_runs = inner, []

    def run_checks(self, ids):
        self.check_runs.append(list(ids))
        return self.inner.run_checks(ids)

    def action(self, name, params):
        return self.inner.action(name, params)


class Person:
    """Answers from a script, in order; keeps every prompt and everything shown."""

    def __init__(self, *replies):
        self.replies = list(replies)
        self.prompts: list[dict] = []
        self.shown: list[tuple[str, dict]] = []

    def ask(self, prompt):
        self.prompts.append({"step": prompt.step.id, "default": prompt.default, "can_skip": prompt.can_skip,
                             "error": (prompt.error.en, prompt.error.zh) if prompt.error else None})
        if not self.replies:
            raise AssertionError(f"unexpected question at {prompt.key}")
        return self.replies.pop(0)

    def show(self, event, **info):
        self.shown.append((event, info))

    @property
    def events(self) -> list[str]:
        return [e for e, _ in self.shown]

    def info(self, event) -> list[dict]:
        return [i for e, i in self.shown if e == event]


HEAD = """\
spec: 1
id: {id}
title: {{en: "T", zh: "测"}}
summary: {{en: "S", zh: "概"}}
{extra}steps:
"""


def head(pid, needs=None):
    return HEAD.format(id=pid, extra=f"needs_checks: [{', '.join(needs)}]\n" if needs else "")


def step(sid, kind, **kw) -> str:
    lines = [f"  - id: {sid}", f"    kind: {kind}"]
    if kind != "include":
        lines.append(f'    text: {{en: "{sid} en", zh: "{sid} 中"}}')
    lines += [f"    {k}: {v}" for k, v in kw.items()]
    return "\n".join(lines) + "\n"


def library(tmp_path, **files) -> Library:
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return Library.load([tmp_path])


def walk(lib, services, person, pid="main") -> WalkState:
    return Walk(lib, services, person, WalkState(playbook=pid)).run()


def logged(st: WalkState) -> dict[str, dict]:
    """The transcript's step entries by step id (the last one of each), without the time stamp."""
    return {e["step"]: {k: v for k, v in e.items() if k != "at"} for e in st.transcript if "step" in e}


def is_utc_now(stamp: str) -> bool:
    t = datetime.fromisoformat(stamp)
    return t.tzinfo is not None and t.utcoffset().total_seconds() == 0 and \
        abs((datetime.now(timezone.utc) - t).total_seconds()) < 60


END = step("done", "end", outcome="resolved")
HELP = step("help", "escalate", to='{en: "them", zh: "他们"}')


# --- the start, the saving, the time stamps ------------------------------------------------------------------------
def test_a_new_walk_starts_at_the_first_step_with_a_utc_start_time_and_is_saved_after_every_step(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("a", "instruction") + step("b", "instruction") + END)
    state = WalkState(playbook="main")
    w = Walk(lib, services, Person("done", "done"), state)
    assert state.frames == [["main", "a"]] and is_utc_now(state.started_at)
    saved: list[tuple[WalkState, int]] = []
    w.on_save = lambda s: saved.append((s, len(s.transcript)))
    w.run()
    assert [(s is state, n) for s, n in saved] == [(True, 1), (True, 2), (True, 3)]  # a, b, done: each step saved
    assert all(is_utc_now(e["at"]) for e in state.transcript)


def test_a_walk_given_a_start_time_keeps_it(tmp_path, services):
    lib = library(tmp_path, main=head("main") + END)
    state = WalkState(playbook="main", started_at="2026-11-24T08:00:00+00:00")
    Walk(lib, services, Person(), state).run()
    assert state.started_at == "2026-11-24T08:00:00+00:00" and state.outcome == "resolved"


def test_state_to_json_is_a_copy_that_later_steps_do_not_change(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("a", "instruction") + step("b", "instruction") + END)
    state = WalkState(playbook="main")
    w = Walk(lib, services, Person("done", "done"), state)
    snapshots = []
    w.on_save = lambda s: snapshots.append(s.to_json())
    w.run()
    assert [len(s["transcript"]) for s in snapshots] == [1, 2, 3]
    assert [s["frames"] for s in snapshots] == [[["main", "b"]], [["main", "done"]], [["main", "done"]]]
    assert snapshots[0]["answers"] == {"main/a": "done"}


# --- the first step may be a check ---------------------------------------------------------------------------------
def test_a_playbook_may_start_with_a_check(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("c", "check", checks="[link.terminal]", on_ok="done", on_fail="help")
                  + END + HELP)
    person = Person()
    st = walk(lib, services, person)
    assert person.events == ["checks", "end"] and st.outcome == "resolved"
    checks, = person.info("checks")
    assert (checks["playbook"].id, checks["step"].id, checks["passed"]) == ("main", "c", True)
    assert [(r["id"], r["status"]) for r in checks["results"]] == [("link.terminal", "ok")]


# --- skipped steps (`when` false) ----------------------------------------------------------------------------------
def test_a_false_when_on_the_next_to_last_step_goes_on_to_the_last(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("a", "instruction")
                  + step("never", "instruction", when='"false"') + END)
    st = walk(lib, services, Person("done"))
    assert [e["step"] for e in st.transcript if "step" in e] == ["a", "never", "done"]
    assert logged(st)["never"] == {"playbook": "main", "step": "never", "kind": "instruction",
                                   "text": {"en": "never en", "zh": "never 中"}, "skipped": "condition false"}
    assert st.outcome == "resolved" and "main/never" not in st.visits


def test_a_false_when_on_the_last_step_ends_the_walk_not_resolved(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("a", "instruction")
                  + step("done", "end", outcome="resolved", when='"false"'))
    person = Person("done")
    st = walk(lib, services, person)
    assert st.outcome == "not_resolved" and st.verified is False
    assert {k: v for k, v in st.transcript[-1].items() if k != "at"} == {"note": "the playbook ended without an end step"}
    assert is_utc_now(st.transcript[-1]["at"]) and "final" not in person.events


def test_falling_off_the_end_of_an_include_returns_to_the_caller(tmp_path, services):
    lib = library(tmp_path,
                  child=head("child") + step("c1", "instruction") + step("cend", "end", outcome="resolved", when='"false"'),
                  main=head("main") + step("inc", "include", playbook="child") + step("after", "instruction") + END)
    person = Person("done", "done")
    st = walk(lib, services, person)
    leave, = person.info("leave")
    assert (leave["playbook"].id, leave["parent"].id) == ("child", "main")
    assert [p["step"] for p in person.prompts] == ["c1", "after"] and st.outcome == "resolved"
    assert logged(st)["inc"] == {"playbook": "main", "step": "inc", "kind": "include", "text": None, "include": "child"}


# --- ends, nested or not ---------------------------------------------------------------------------------------------
def test_an_end_inside_an_include_is_shown_nested_and_returns(tmp_path, services):
    lib = library(tmp_path,
                  child=head("child") + step("cend", "end", outcome="not_resolved"),
                  main=head("main") + step("inc", "include", playbook="child") + END)
    person = Person()
    st = walk(lib, services, person)
    assert person.events == ["enter", "end", "leave", "end"]
    inner, outer = person.info("end")
    assert (inner["playbook"].id, inner["step"].id, inner["nested"]) == ("child", "cend", True)
    assert (outer["playbook"].id, outer["step"].id, outer["nested"]) == ("main", "done", False)
    leave, = person.info("leave")
    assert leave["playbook"].id == "child"
    assert logged(st)["cend"]["outcome"] == "not_resolved" and logged(st)["done"]["outcome"] == "resolved"
    assert st.outcome == "resolved"  # only the playbook the walk started with ends it


def test_an_escalation_at_the_top_is_not_nested(tmp_path, services):
    lib = library(tmp_path, main=head("main") + HELP)
    person = Person()
    st = walk(lib, services, person)
    esc, = person.info("escalate")
    assert esc["nested"] is False and esc["evidence"] == {}
    assert st.escalations == [{"playbook": "main", "step": "help", "to": {"en": "them", "zh": "他们"}, "evidence": {}}]
    assert st.outcome == "escalated" and st.verified is False


# --- instruction, question, confirm, record: what the transcript keeps ----------------------------------------------
QUESTION = step("q", "question", field="note_choice",
                choices='[{id: a, label: {en: "A", zh: "甲"}, goto: q2, suggest: "answer(\'first\') == \'x\'"}, '
                        '{id: b, label: {en: "B", zh: "乙"}, goto: q2}]')


def test_what_the_transcript_keeps_of_answers(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("first", "record", field="first", type="text") + step("i", "instruction")
                  + QUESTION
                  + step("q2", "question", choices='[{id: c, label: {en: "C", zh: "丙"}, goto: done}, '
                                                   '{id: d, label: {en: "D", zh: "丁"}, goto: done}]')
                  + END)
    person = Person("x", "done", "b", "2")
    st = walk(lib, services, person)
    got = logged(st)
    assert got["i"] == {"playbook": "main", "step": "i", "kind": "instruction", "text": {"en": "i en", "zh": "i 中"},
                        "answer": "done", "answered_by": "person"}
    # the suggestion is read from this playbook's own answers: "x" was typed at "first"
    assert [p["default"] for p in person.prompts] == [None, "done", "a", None]
    assert got["q"] == {"playbook": "main", "step": "q", "kind": "question", "text": {"en": "q en", "zh": "q 中"},
                        "answer": "b", "answer_label": {"en": "B", "zh": "乙"}, "suggested": "a", "answered_by": "person"}
    assert got["q2"]["answer"] == "d" and got["q2"]["suggested"] is None
    assert st.values == {"first": "x", "note_choice": "b"}  # a question's field keeps the chosen id
    assert got["first"] == {"playbook": "main", "step": "first", "kind": "record", "text": {"en": "first en", "zh": "first 中"},
                            "answer": "x", "field": "first", "answered_by": "person"}


def test_an_instruction_skipped_is_logged_as_skipped_and_not_verified(tmp_path, services):
    counting = Counting(services)
    lib = library(tmp_path, main=head("main") + step("fix", "instruction", verify="[link.terminal]") + END)
    st = walk(lib, counting, Person(" SKIP "))
    assert logged(st)["fix"]["answer"] == "skipped" and "verify" not in logged(st)["fix"]
    assert counting.check_runs == [] and st.verified_checks == [] and st.verified is False


def test_a_confirm_right_after_a_confirm_suggests_nothing(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("fix", "instruction", verify="[link.terminal]")
                  + step("ok", "confirm", on_yes="ok2", on_no="help")
                  + step("ok2", "confirm", on_yes="done", on_no="help") + END + HELP)
    person = Person("done", "yes", "yes")
    st = walk(lib, services, person)
    assert [(p["step"], p["default"]) for p in person.prompts] == [("fix", "done"), ("ok", "yes"), ("ok2", None)]
    assert logged(st)["ok"]["suggested"] == "yes" and logged(st)["ok2"]["suggested"] is None and st.last_verify is None


@pytest.mark.parametrize("kind, extra, wrong", [
    ("confirm", {"on_yes": "done", "on_no": "done"},
     ("Answer one of: yes, no, unsure.", "请回答：是（y）、否（n）、不确定（?）。")),
    ("instruction", {}, ("Answer one of: done, skip.", "请回答：完成（回车）、跳过（s）。")),
    ("action", {"action": "print_receipt_copy", "params": "{}"}, ("Answer one of: run, skip.", "请回答：执行（y）、跳过（s）。")),
])
def test_a_wrong_answer_is_told_in_both_languages(tmp_path, services, kind, extra, wrong):
    lib = library(tmp_path, main=head("main") + step("s", kind, **extra) + END)
    person = Person("maybe", Reply.SKIP)
    st = walk(lib, services, person)
    assert [p["error"] for p in person.prompts] == [None, wrong]
    assert st.answers["main/s"] == ("unsure" if kind == "confirm" else "skipped")


def test_skip_typed_at_a_confirm_is_not_an_answer_and_at_a_text_record_it_is_text(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("ok", "confirm", on_yes="note", on_no="note")
                  + step("note", "record", field="note", type="text", optional="true") + END)
    person = Person("skip", "yes", "skip")
    st = walk(lib, services, person)
    assert [p["error"] for p in person.prompts] == [
        None, ("Answer one of: yes, no, unsure.", "请回答：是（y）、否（n）、不确定（?）。"), None]
    assert st.answers == {"main/ok": "yes", "main/note": "skip"} and st.values == {"note": "skip"}


def test_a_required_record_has_no_default_and_cannot_be_skipped(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("amount", "record", field="amount", type="amount") + END)
    person = Person(Reply.SKIP, "7")
    st = walk(lib, services, person)
    assert person.prompts == [
        {"step": "amount", "default": None, "can_skip": False, "error": None},
        {"step": "amount", "default": None, "can_skip": False,
         "error": ("This question needs an answer.", "这个问题必须回答。")}]
    assert st.values == {"amount": "7.00"}


def test_left_empty_the_customers_word_is_taken_back_but_a_note_is_kept(tmp_path, services):
    lib = library(tmp_path, main=head("main")
                  + step("amount", "record", field="customer_amount", type="amount", optional="true")
                  + step("card", "record", field="customer_card_last4", type="number", optional="true")
                  + step("note", "record", field="note", type="text", optional="true")
                  + step("again", "confirm", on_yes="amount", on_no="done", max_visits=2) + END)
    person = Person("12.50", "", "remember", "yes", "", "", "", "no")
    st = walk(lib, services, person)
    # the amount typed first is no longer the customer's word; the card was never given; the note stays
    assert st.values == {"note": "remember"}
    assert st.answers["main/amount"] is None and st.answers["main/note"] is None and st.outcome == "resolved"


# --- actions -----------------------------------------------------------------------------------------------------
def test_an_action_is_shown_starting_and_with_its_result(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("read", "action", action="last_transaction", params="{}") + END)
    person = Person()
    st = walk(lib, services, person)
    assert person.events == ["action-start", "action", "end"]
    start, = person.info("action-start")
    assert (start["playbook"].id, start["step"].id) == ("main", "read")
    done, = person.info("action")
    assert (done["playbook"].id, done["step"].id) == ("main", "read")
    assert isinstance(done["result"], ActionResult) and done["result"].ok is True
    assert logged(st)["read"]["result"] == done["result"].to_json()
    assert st.terminal_evidence is None  # the last transaction is not the terminal's journal


def test_a_skipped_print_is_logged_and_the_walk_goes_on(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("copy", "action", action="print_receipt_copy", params="{}")
                  + step("after", "instruction") + END)
    person = Person(Reply.SKIP, "done")
    st = walk(lib, services, person)
    assert logged(st)["copy"] == {"playbook": "main", "step": "copy", "kind": "action",
                                  "text": {"en": "copy en", "zh": "copy 中"}, "answer": "skipped", "answered_by": "person"}
    assert [p["step"] for p in person.prompts] == ["copy", "after"] and st.outcome == "resolved"
    assert "action-start" not in person.events


def test_checks_an_action_ran_are_kept_for_conditions(tmp_path, services):
    lib = library(tmp_path, main=head("main")
                  + step("wait", "action", action="wait_for_check", params="{check: link.terminal, timeout_s: 5}")
                  + step("seen", "instruction", when='"check(\'link.terminal\') == \'ok\'"') + END)
    person = Person("done")
    st = walk(lib, services, person)
    assert [p["step"] for p in person.prompts] == ["seen"]
    assert st.checks["link.terminal"]["status"] == "ok"
    assert st.checks["link.terminal"] == logged(st)["wait"]["result"]["data"]["checks"][0]


@pytest.mark.parametrize("which, on_error, goes_to", [
    ("paper_out", True, "fallback"), ("paper_out", False, "next"), ("services", True, "next"),
])
def test_a_failed_action_takes_its_on_error_branch_and_only_then(tmp_path, request, which, on_error, goes_to):
    svc = request.getfixturevalue(which)
    extra = {"on_error": "fallback"} if on_error else {}
    lib = library(tmp_path, main=head("main") + step("status", "action", action="printer_status", params="{}", **extra)
                  + step("next", "instruction", goto="done") + (step("fallback", "instruction") if on_error else "") + END)
    person = Person("done")
    st = walk(lib, svc, person)
    assert [p["step"] for p in person.prompts] == [goes_to]
    assert logged(st)["status"]["result"]["ok"] is (which == "services")


# --- checks ------------------------------------------------------------------------------------------------------
def test_checks_just_verified_are_not_run_again_on_the_device(tmp_path, paper_out):
    counting = Counting(paper_out)
    lib = library(tmp_path, main=head("main") + step("load", "instruction", verify="[printer.receipt]")
                  + step("again", "check", checks="[printer.receipt]", on_ok="done", on_fail="help") + END + HELP)
    person = Person("done")
    st = walk(lib, counting, person)
    assert counting.check_runs == [["printer.receipt"]] and person.events == ["verify", "escalate"]
    assert st.outcome == "escalated"


def test_check_results_as_evidence_are_the_failing_ones(tmp_path, paper_out):
    lib = library(tmp_path, main=head("main")
                  + step("c", "check", checks="[link.terminal, printer.receipt]", on_ok="done", on_fail="help")
                  + END + step("help", "escalate", to='{en: "them", zh: "他们"}', evidence="[check_results]"))
    st = walk(lib, paper_out, Person())
    assert [(c["id"], c["status"]) for c in st.escalations[0]["evidence"]["check_results"]] == [("printer.receipt", "critical")]


# --- the end: verification ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("needs, verified", [
    (["link.terminal", "network.dns"], True),   # a skipped check neither confirms nor spoils
    (["network.dns"], False),                   # only skipped: nothing was confirmed
    (["link.terminal"], True),
])
def test_resolved_is_verified_only_by_checks_that_ran_and_passed(tmp_path, services, needs, verified):
    lib = library(tmp_path, main=head("main", needs) + END)
    person = Person()
    st = walk(lib, services, person)
    assert (st.outcome, st.verified) == ("resolved", verified)
    final, = person.info("final")
    assert final["verified"] is verified and [r["id"] for r in final["results"]] == needs


def test_resolved_but_the_rechecks_fail_is_not_verified(tmp_path, paper_out):
    lib = library(tmp_path, main=head("main", ["printer.receipt"]) + END)
    st = walk(lib, paper_out, Person())
    assert (st.outcome, st.verified) == ("resolved", False)


# --- conditions: what is missing is null, never an error ---------------------------------------------------------
def test_conditions_on_things_not_there_are_null(tmp_path, services):
    cond = ("check('printer.receipt') == null and value('customer_amount') == null and last_tx('amount') == null "
            "and last_tx('status') == 'none' and value('note') == '1e3'")
    lib = library(tmp_path, main=head("main") + step("note", "record", field="note", type="text")
                  + step("amount", "record", field="customer_amount", type="amount", optional="true")
                  + step("seen", "instruction", when=f'"{cond}"') + END)
    person = Person("1e3", "", "done")
    walk(lib, services, person)
    assert [p["step"] for p in person.prompts] == ["note", "amount", "seen"]


# --- evidence -------------------------------------------------------------------------------------------------------
def test_evidence_names_a_recorded_field_and_trace_is_never_a_field(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("t", "record", field="trace", type="text")
                  + step("n", "record", field="ticket", type="number")
                  + step("help", "escalate", to='{en: "them", zh: "他们"}', evidence="[trace, ticket, payment]"))
    st = walk(lib, services, Person("mine", "4711"))
    assert st.escalations[0]["evidence"] == {"trace": None, "ticket": "4711", "payment": None}


# --- values people type -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind, raw, value", [
    ("amount", "12。50", "12.50"), ("time", "１４：０５", "14:05"), ("number", "１２３", "123"),
    ("text", "你好，世界。", "你好，世界。"),  # free text keeps its full-width punctuation
])
def test_full_width_keys_count_for_numbers_only(kind, raw, value):
    assert parse_record(kind, raw, False) == (True, value, None)


# --- the money rule ------------------------------------------------------------------------------------------------
# a journal as the terminal reports it, and services that hand it over (shared with the money rule's own tests)
from tests.playbooks.test_money import Terminal, afternoon, approved, declined, journal  # noqa: E402,F401


RECORDS = (step("amount", "record", field="customer_amount", type="amount")
           + step("time", "record", field="customer_time", type="time"))


def test_the_customers_time_may_be_five_minutes_off_not_six(tmp_path):
    body = head("main") + RECORDS + step("rec", "reconcile", on_charged="paid", on_not_charged="call",
                                         on_mismatch="call", on_unknown="call") \
        + step("paid", "end", outcome="resolved") + step("call", "escalate", to='{en: "p", zh: "服务商"}')
    lib = library(tmp_path, main=body)
    for typed, verdict in (("14:10", "charged"), ("14:11", "mismatch"), ("14:00", "charged"), ("13:59", "mismatch")):
        st = walk(lib, Terminal(journal(approved("99.00", "14:05", 7))), Person("99.00", typed))
        assert st.payment["verdict"] == verdict, typed


def hand_built(*steps: Step) -> object:
    t = Text("x", "说明")
    pb = Playbook("bad", t, t, False, steps)

    class Lib:
        def get(self, pid):
            return pb

    return Lib()


T = Text("x", "说明")
# a double charge needs the customer's card's last four digits on both payments (issue 22)
PAN = "672500******0019"
CARD = Step("card", "record", text=T, field="customer_card_last4", type="number", optional=True)


@pytest.mark.parametrize("records, verdict", [
    ((approved("12.50", "14:05", 7),), "mismatch"),
    ((approved("99.00", "14:04", 7, PAN), approved("99.00", "14:05", 8, PAN)), "double_charge"),
    (None, "unknown"),
])
def test_resolved_with_an_unsettled_verdict_is_not_resolved(records, verdict):
    """A playbook built by hand around the validator ends "resolved" on any verdict: the engine does not let it."""
    lib = hand_built(Step("amount", "record", text=T, field="customer_amount", type="amount"),
                     Step("time", "record", text=T, field="customer_time", type="time"), CARD,
                     Step("rec", "reconcile", text=T, on_charged="paid", on_not_charged="paid", on_mismatch="paid",
                          on_unknown="paid"),
                     Step("paid", "end", text=T, outcome="resolved"))
    st = walk(lib, Terminal(None if records is None else journal(*records)), Person("99.00", "14:05", "0019"), "bad")
    assert st.outcome == "not_resolved" and st.verified is False
    assert st.transcript[-1]["note"] == f"the payment's verdict is {verdict}: not resolved until the provider settles it"
    assert is_utc_now(st.transcript[-1]["at"])


def test_an_escalation_after_a_mismatch_stays_escalated_and_carries_the_payment(tmp_path):
    body = head("main") + RECORDS + step("rec", "reconcile", on_charged="paid", on_not_charged="paid",
                                         on_mismatch="call", on_unknown="call") \
        + step("paid", "end", outcome="resolved") \
        + step("call", "escalate", to='{en: "p", zh: "服务商"}', evidence="[payment]")
    lib = library(tmp_path, main=body)
    st = walk(lib, Terminal(journal(approved("12.50", "14:05", 7))), Person("99.00", "14:05"))
    assert st.outcome == "escalated" and st.transcript[-1].get("note") is None
    p = st.payment
    assert st.escalations[0]["evidence"]["payment"] == {**{k: p[k] for k in ("verdict", "double_charge", "reasons",
                                                                            "customer", "considered", "decided_by")},
                                                      "terminal": {"readable": True}}
    assert p["decided_by"] == {"origin": "link", "label": None}  # read over the link: the escalation says so
    assert p["verdict"] == "mismatch" and p["double_charge"] is False and p["customer"]["amount"] == "99.00"


MONEY_TAIL = (step("paid", "end", outcome="resolved")
              + step("again", "instruction", allows="new_payment", goto="paid")
              + step("call", "escalate", to='{en: "p", zh: "服务商"}'))


def test_a_money_step_entered_is_logged_with_its_permission_and_the_verdict(tmp_path):
    body = head("main") + RECORDS + step("rec", "reconcile", on_charged="paid", on_not_charged="again",
                                         on_mismatch="call", on_unknown="call") + MONEY_TAIL
    lib = library(tmp_path, main=body)
    person = Person("99.00", "14:05", "done")
    st = walk(lib, Terminal(journal(declined("99.00", "14:05", 7))), person)
    assert logged(st)["again"] == {"playbook": "main", "step": "again", "kind": "instruction",
                                   "text": {"en": "again en", "zh": "again 中"}, "answer": "done",
                                   "allows": ["new_payment"], "verdict": "not_charged", "new_payment_allowed": True, "answered_by": "person"}
    assert "allows" not in logged(st)["rec"] and st.outcome == "resolved"


REFUND_BODY = (head("main") + RECORDS + step("card", "record", field="customer_card_last4", type="number", optional="true")
               + step("rec", "reconcile", on_charged="back", on_not_charged="paid", on_mismatch="call", on_unknown="call")
               + step("paid", "end", outcome="resolved") + step("back", "instruction", allows="[refund]", goto="paid")
               + step("call", "escalate", to='{en: "p", zh: "服务商"}'))


def test_a_refund_step_entered_is_not_a_new_payment(tmp_path):
    lib = library(tmp_path, main=REFUND_BODY)
    st = walk(lib, Terminal(journal(approved("99.00", "14:05", 7, "476173******0019"))),
              Person("99.00", "14:05", "0019", "done"))
    entry = logged(st)["back"]
    assert (entry["allows"], entry["verdict"]) == (["refund"], "charged") and "new_payment_allowed" not in entry


def test_a_refund_on_amount_and_time_alone_is_refused_and_takes_the_unknown_path(tmp_path):
    """charged by amount and time, but the card was not compared: the record may be another customer's, so the
    refund step is not entered, and the walk goes the unknown way (not back to the charged branch: no loop)."""
    lib = library(tmp_path, main=REFUND_BODY)
    st = walk(lib, Terminal(journal(approved("99.00", "14:05", 7, "476173******0019"))), Person("99.00", "14:05", "", "done"))
    assert logged(st)["back"]["refused"] == {"allows": ["refund"], "verdict": "charged", "who_paid": "not compared"}
    assert [e["step"] for e in st.transcript if "step" in e][-1] == "call" and st.outcome == "escalated"


def test_a_money_step_skipped_by_its_condition_is_not_logged_as_entered(tmp_path):
    body = head("main") + RECORDS + step("rec", "reconcile", on_charged="paid", on_not_charged="again",
                                         on_mismatch="call", on_unknown="call") \
        + step("paid", "end", outcome="resolved") \
        + step("again", "instruction", allows="new_payment", when='"false"') \
        + step("call", "escalate", to='{en: "p", zh: "服务商"}')
    lib = library(tmp_path, main=body)
    st = walk(lib, Terminal(journal(declined("99.00", "14:05", 7))), Person("99.00", "14:05"))
    assert logged(st)["again"]["skipped"] == "condition false" and "allows" not in logged(st)["again"]
    assert st.outcome == "escalated"


def test_choosing_another_payment_method_after_the_verdict_clears_it():
    """The validator refuses this playbook (the method clears the verdict before the new payment); built by hand,
    the engine clears the verdict and refuses the money step."""
    from pos_doctor.playbooks.model import Choice

    lib = hand_built(Step("amount", "record", text=T, field="customer_amount", type="amount"),
                     Step("time", "record", text=T, field="customer_time", type="time"),
                     Step("rec", "reconcile", text=T, on_charged="paid", on_not_charged="method", on_mismatch="call",
                          on_unknown="call"),
                     Step("method", "question", text=T, field="payment_method",
                          choices=(Choice("card", T, "again"), Choice("qr", T, "again"))),
                     Step("again", "instruction", text=T, allows=("new_payment",), goto="paid"),
                     Step("paid", "end", text=T, outcome="resolved"),
                     Step("call", "escalate", text=T, to=T))
    st = walk(lib, Terminal(journal(declined("99.00", "14:05", 7))), Person("99.00", "14:05", "qr"), "bad")
    assert logged(st)["method"]["verdict_cleared"] == "not_charged" and st.payment is None
    assert [e for e in st.transcript if "refused" in e][0]["refused"] == {"allows": ["new_payment"], "verdict": "none"}
    assert st.outcome == "escalated" and not any(e.get("new_payment_allowed") for e in st.transcript)


def test_a_method_chosen_before_any_verdict_clears_nothing(tmp_path):
    body = (head("main") + step("method", "question", field="payment_method",
                                choices='[{id: card, label: {en: Card, zh: 刷卡}, goto: amount}, '
                                        '{id: qr, label: {en: QR, zh: 扫码}, goto: amount}]')
            + RECORDS
            + step("rec", "reconcile", on_charged="paid", on_not_charged="again", on_mismatch="call", on_unknown="call")
            + MONEY_TAIL)
    lib = library(tmp_path, main=body)
    st = walk(lib, Terminal(journal(declined("99.00", "14:05", 7))), Person("card", "99.00", "14:05", "done"))
    assert "verdict_cleared" not in logged(st)["method"] and st.values["payment_method"] == "card"
    assert st.payment["verdict"] == "not_charged" and st.outcome == "resolved"


def test_recording_a_note_after_the_verdict_keeps_it(tmp_path):
    body = (head("main") + RECORDS
            + step("rec", "reconcile", on_charged="paid", on_not_charged="note", on_mismatch="call", on_unknown="call")
            + step("note", "record", field="note", type="text")
            + step("kind", "question", field="ticket_kind",
                   choices='[{id: a, label: {en: A, zh: 甲}, goto: again}, {id: b, label: {en: B, zh: 乙}, goto: again}]')
            + MONEY_TAIL)
    lib = library(tmp_path, main=body)
    st = walk(lib, Terminal(journal(declined("99.00", "14:05", 7))), Person("99.00", "14:05", "asked twice", "a", "done"))
    assert "verdict_cleared" not in logged(st)["note"] and "verdict_cleared" not in logged(st)["kind"]
    assert st.payment["verdict"] == "not_charged" and logged(st)["again"]["new_payment_allowed"] is True


def test_typing_the_amount_again_after_the_verdict_clears_it(tmp_path):
    body = (head("main") + RECORDS
            + step("rec", "reconcile", on_charged="paid", on_not_charged="fix", on_mismatch="call", on_unknown="call")
            + step("fix", "record", field="customer_amount", type="amount")
            + step("paid", "end", outcome="resolved") + step("call", "escalate", to='{en: "p", zh: "服务商"}'))
    lib = library(tmp_path, main=body)
    st = walk(lib, Terminal(journal(declined("99.00", "14:05", 7))), Person("99.00", "14:05", "98.00"))
    assert logged(st)["fix"]["verdict_cleared"] == "not_charged" and st.payment is None
    assert st.values["customer_amount"] == "98.00" and st.outcome == "resolved"


def test_going_back_to_a_question_after_the_verdict_keeps_the_verdict(tmp_path):
    body = (head("main") + RECORDS
            + step("rec", "reconcile", on_charged="paid", on_not_charged="q1", on_mismatch="call", on_unknown="call")
            + step("q1", "instruction") + step("q2", "instruction")
            + step("again", "instruction", allows="new_payment", goto="paid")
            + step("paid", "end", outcome="resolved") + step("call", "escalate", to='{en: "p", zh: "服务商"}'))
    lib = library(tmp_path, main=body)
    person = Person("99.00", "14:05", "done", Reply.BACK, "done", "done", "done")
    st = walk(lib, Terminal(journal(declined("99.00", "14:05", 7))), person)
    back = next(e for e in st.transcript if "back_to" in e)
    assert set(back) == {"at", "back_to"} and back["back_to"] == "main/q1" and is_utc_now(back["at"])
    assert [p["step"] for p in person.prompts] == ["amount", "time", "q1", "q2", "q1", "q2", "again"]
    assert logged(st)["again"]["verdict"] == "not_charged" and st.outcome == "resolved"


# --- the money rule at run time: which evidence is read, where a refused walk goes ---------------------------------
class Reading(Terminal):
    """A terminal whose journal also names its last transaction."""

    def __init__(self, evidence, transaction):
        super().__init__(evidence)
        self.transaction = transaction

    def action(self, name, params):
        result = super().action(name, params)
        result.transaction = self.transaction
        return result


REC = step("rec", "reconcile", on_charged="paid", on_not_charged="paid", on_mismatch="call", on_unknown="call")
PAID_CALL = step("paid", "end", outcome="resolved") + step("call", "escalate", to='{en: "p", zh: "服务商"}')


@pytest.mark.parametrize("between, reads", [
    ("", 1),                                                    # nothing between: the reading is reused
    (step("never", "instruction", when='"false"'), 1),          # a step skipped did nothing to the terminal
    (step("tap", "instruction"), 2),                            # staff did something: read again
    (step("sure", "confirm", on_yes="amount", on_no="amount"), 2),
    (step("inc", "include", playbook="child"), 2),
])
def test_a_reading_is_reused_only_when_nothing_was_done_since(tmp_path, between, reads):
    lib = library(tmp_path, child=head("child") + step("cend", "end", outcome="resolved"),
                  main=head("main") + step("before", "instruction")
                  + step("read", "action", action="read_journal", params="{}") + between + RECORDS + REC + PAID_CALL)
    term = Terminal(journal(approved("12.50", "14:05", 42)))
    person = Person(*["done"] * 1 + (["yes"] if "confirm" in between else ["done"] if "tap" in between else [])
                    + ["12.50", "14:05"])
    st = walk(lib, term, person)
    rec = logged(st)["rec"]
    assert term.reads == reads and st.payment["verdict"] == "charged"
    if reads == 1:
        assert rec["reused_evidence"] is True and "action" not in rec
    else:
        assert (rec["action"], rec["result"]["ok"], rec["result"]["message"]) == ("read_journal", True,
                                                                              {"en": "read", "zh": "已读取"})
        assert "reused_evidence" not in rec


def test_a_saved_reading_with_a_damaged_time_is_read_again(tmp_path):
    lib = library(tmp_path, main=head("main") + RECORDS + REC + PAID_CALL)
    ev = journal(approved("12.50", "14:05", 42))
    state = WalkState(playbook="main", frames=[["main", "rec"]],
                      values={"customer_amount": "12.50", "customer_time": "14:05"},
                      terminal_evidence={"evidence": ev, "at": "not a time", "seq": 0})
    term = Terminal(ev)
    Walk(lib, term, Person(), state).run()
    assert term.reads == 1 and state.payment["verdict"] == "charged" and is_utc_now(state.terminal_evidence["at"])


def test_what_a_reconcile_step_shows_and_keeps(tmp_path):
    lib = library(tmp_path, main=head("main") + RECORDS + REC + PAID_CALL)
    person = Person("12.50", "14:05")
    tx = {"status": "approved", "amount": "12.50", "trace_number": 42}
    st = walk(lib, Reading(journal(approved("12.50", "14:05", 42)), tx), person)
    assert person.events == ["action-start", "reconcile", "end"]
    start, shown = person.info("action-start")[0], person.info("reconcile")[0]
    assert (start["playbook"].id, start["step"].id, shown["playbook"].id, shown["step"].id) == ("main", "rec", "main", "rec")
    p = st.payment
    assert shown["payment"] == p and logged(st)["rec"]["payment"] == p
    assert (p["verdict"], p["step"], p["customer_values"]["customer_amount"]) == ("charged", "main/rec", "12.50")
    assert p["summary"]["en"].startswith("The customer WAS charged by this terminal") and p["summary"]["zh"]
    assert is_utc_now(p["at"])
    assert st.transaction == tx  # the journal's last transaction is what last_tx() sees from now on


def test_an_unreadable_terminal_is_unknown_and_says_so(tmp_path):
    lib = library(tmp_path, main=head("main") + RECORDS + REC + PAID_CALL)
    st = walk(lib, Terminal(None), Person("12.50", "14:05"))
    assert st.payment["verdict"] == "unknown" and st.payment["terminal"]["readable"] is False
    assert [r["code"] for r in st.payment["reasons"]] == ["terminal_unreadable"]
    assert st.transaction is None and st.outcome == "escalated"


def test_the_walk_tolerance_is_the_one_reconciled_with(tmp_path):
    from datetime import timedelta

    lib = library(tmp_path, main=head("main") + RECORDS + REC + PAID_CALL)
    w = Walk(lib, Terminal(journal(approved("99.00", "14:05", 7))), Person("99.00", "14:25"), WalkState(playbook="main"))
    w.tolerance = timedelta(minutes=30)  # payment.tolerance_s in the configuration
    assert w.run().payment["verdict"] == "charged"


def test_a_reconcile_step_the_real_terminal_is_read_for(tmp_path, services):
    lib = library(tmp_path, main=head("main") + RECORDS + REC + PAID_CALL)
    st = walk(lib, services, Person("12.50", "14:05"))
    rec = logged(st)["rec"]
    assert rec["action"] == "read_journal" and set(rec["result"]) == {"ok", "message", "data", "transaction", "receipt"}
    assert st.terminal_evidence["evidence"] == rec["result"]["data"]["terminal_evidence"]


def money_walk(*steps: Step, evidence=None, replies=("99.00", "14:05")) -> tuple[WalkState, Person]:
    person = Person(*replies)
    return walk(hand_built(*steps), Terminal(evidence), person, "bad"), person


CUSTOMER = (Step("amount", "record", text=T, field="customer_amount", type="amount"),
            Step("time", "record", text=T, field="customer_time", type="time"))
JOURNALS = {"mismatch": journal(approved("12.50", "14:05", 7)), "unknown": None,
            "double_charge": journal(approved("99.00", "14:04", 7, PAN), approved("99.00", "14:05", 8, PAN)),
            "charged": journal(approved("99.00", "14:05", 7)), "not_charged": journal(declined("99.00", "14:05", 7))}


def refused_at_again(steps: tuple[Step, ...], verdict: str, replies=("99.00", "14:05")) -> tuple[WalkState, Person]:
    """Walk once to reach a verdict, then resume (as `fix --resume` does) at the money step "again" with it."""
    first, _ = money_walk(*steps, evidence=JOURNALS[verdict], replies=replies)
    state = WalkState(playbook="bad", frames=[["bad", "again"]], values=dict(first.values), payment=first.payment,
                      terminal_evidence=first.terminal_evidence)  # the records the verdict is bound to
    person = Person()
    return Walk(hand_built(*steps), Terminal(None), person, state).run(), person


@pytest.mark.parametrize("verdict, goes_to", [("mismatch", "look"), ("double_charge", "look"), ("unknown", "ask")])
def test_a_refused_money_step_sends_the_walk_down_the_reconcile_steps_path_for_the_verdict(verdict, goes_to):
    steps = (*CUSTOMER, CARD, Step("rec", "reconcile", text=T, on_charged="paid", on_not_charged="paid",
                                   on_mismatch="look", on_unknown="ask"),
             Step("again", "instruction", text=T, allows=("new_payment",), goto="paid"),
             Step("help", "escalate", text=T, to=T), Step("look", "escalate", text=T, to=T),
             Step("ask", "escalate", text=T, to=T), Step("paid", "end", text=T, outcome="resolved"))
    st, person = refused_at_again(steps, verdict, replies=("99.00", "14:05", "0019"))
    refused, = person.info("refused")
    assert (refused["playbook"].id, refused["step"].id, refused["verdict"]) == ("bad", "again", verdict)
    assert refused["payment"] is st.payment and st.payment["step"] == "bad/rec"
    assert st.transcript[0]["refused"] == {"allows": ["new_payment"], "verdict": verdict}
    assert st.escalations[0]["step"] == goes_to and st.outcome == "escalated"


def test_a_refusal_follows_the_reconcile_step_that_reached_the_verdict():
    steps = (*CUSTOMER,
             Step("first", "reconcile", text=T, on_charged="mid", on_not_charged="mid", on_mismatch="mid",
                  on_unknown="mid"),
             Step("mid", "instruction", text=T, goto="second"),
             Step("second", "reconcile", text=T, on_charged="paid", on_not_charged="paid", on_mismatch="call-second",
                  on_unknown="call-second"),
             Step("again", "instruction", text=T, allows=("new_payment",), goto="paid"),
             Step("help", "escalate", text=T, to=T), Step("call-second", "escalate", text=T, to=T),
             Step("paid", "end", text=T, outcome="resolved"))
    st, _ = refused_at_again(steps, "unknown", replies=("99.00", "14:05", "done"))
    assert st.escalations[0]["step"] == "call-second"  # not the first reconcile step's path, nor the fallback
    assert [e["step"] for e in st.transcript if "step" in e] == ["again", "call-second"]


def test_a_refusal_whose_own_path_is_the_refused_step_falls_back_to_escalation():
    steps = (*CUSTOMER,
             Step("rec", "reconcile", text=T, on_charged="again", on_not_charged="again", on_mismatch="again",
                  on_unknown="again"),
             Step("again", "instruction", text=T, allows=("new_payment",), goto="paid"),
             Step("paid", "end", text=T, outcome="resolved"),
             Step("help", "escalate", text=T, to=T))
    st, _ = money_walk(*steps, evidence=JOURNALS["unknown"])
    assert [e["step"] for e in st.transcript if "step" in e] == ["amount", "time", "rec", "again", "help"]
    assert st.outcome == "escalated"


def test_a_money_step_before_any_reconcile_takes_the_reconcile_steps_unknown_path():
    st, person = money_walk(Step("again", "instruction", text=T, allows=("new_payment",), goto="paid"),
                            *CUSTOMER,
                            Step("rec", "reconcile", text=T, on_charged="paid", on_not_charged="paid",
                                 on_mismatch="help", on_unknown="amount"),
                            Step("paid", "end", text=T, outcome="resolved"),
                            Step("help", "escalate", text=T, to=T),
                            evidence=JOURNALS["charged"])
    assert [e["step"] for e in st.transcript if "step" in e] == ["again", "amount", "time", "rec", "paid"]
    assert st.transcript[0]["refused"] == {"allows": ["new_payment"], "verdict": "none"}
    assert st.outcome == "resolved"


def test_a_double_charge_may_go_on_to_refund_the_second_payment():
    st, person = money_walk(*CUSTOMER, CARD,
                            Step("rec", "reconcile", text=T, on_charged="again", on_not_charged="again",
                                 on_mismatch="dup", on_unknown="help"),
                            Step("again", "instruction", text=T, allows=("new_payment",), goto="paid"),
                            Step("dup", "instruction", text=T, allows=("refund_duplicate",), goto="help"),
                            Step("paid", "end", text=T, outcome="resolved"),
                            Step("help", "escalate", text=T, to=T),
                            evidence=JOURNALS["double_charge"], replies=("99.00", "14:05", "0019", "done"))
    # the double charge has no branch of its own: it takes on_mismatch, a refund of the second payment, allowed
    assert [e["step"] for e in st.transcript if "step" in e] == ["amount", "time", "card", "rec", "dup", "help"]
    assert logged(st)["dup"]["verdict"] == "double_charge"


def test_a_refused_step_with_no_safe_path_ends_the_walk_and_names_both_permissions():
    st, person = money_walk(*CUSTOMER,
                            Step("rec", "reconcile", text=T, on_charged="paid", on_not_charged="paid",
                                 on_mismatch="back", on_unknown="back"),
                            Step("back", "instruction", text=T, allows=("refund", "void"), goto="paid"),
                            Step("paid", "end", text=T, outcome="resolved"),
                            evidence=JOURNALS["unknown"])
    assert st.outcome == "not_resolved" and st.verified is False
    assert st.transcript[-1]["note"] == ("step back allows refund, void but the verdict is unknown: not entered, and "
                                         "the playbook has no safe path")


def test_a_reconcile_step_without_a_branch_for_its_verdict_escalates():
    st, _ = money_walk(*CUSTOMER,
                       Step("rec", "reconcile", text=T, on_charged="paid", on_not_charged="paid", on_unknown="ask"),
                       Step("ask", "instruction", text=T, goto="paid"),
                       Step("paid", "end", text=T, outcome="resolved"),
                       Step("help", "escalate", text=T, to=T),
                       evidence=JOURNALS["mismatch"])
    # no on_mismatch: not the unknown path (a mismatch is not unknown), the escalate step
    assert [e["step"] for e in st.transcript if "step" in e] == ["amount", "time", "rec", "help"]


def test_a_permission_the_engine_does_not_know_is_never_granted():
    st, person = money_walk(Step("go", "instruction", text=T, allows=("charge_again",), goto="paid"),
                            Step("paid", "end", text=T, outcome="resolved"), Step("help", "escalate", text=T, to=T),
                            replies=())
    assert person.events[0] == "refused" and st.escalations[0]["step"] == "help"


def test_an_escalation_without_a_contact_names_none():
    st, _ = money_walk(Step("help", "escalate", text=T), replies=())
    assert st.escalations == [{"playbook": "bad", "step": "help", "to": None, "evidence": {}}]


def test_a_step_without_an_answer_stops_the_walk_naming_it(tmp_path, services):
    from pos_doctor.playbooks.engine import NeedAnswer

    class NoAnswers(Person):
        def ask(self, prompt):
            raise NeedAnswer(prompt)  # what an answers file without this step does under --yes

    lib = library(tmp_path, main=head("main") + step("a", "instruction") + END)
    state = WalkState(playbook="main")
    with pytest.raises(NeedAnswer) as exc:
        Walk(lib, services, NoAnswers(), state).run()
    assert str(exc.value) == "main/a" and exc.value.prompt.step.id == "a"
    assert state.frames == [["main", "a"]] and state.outcome is None and state.transcript == []


def test_a_resumed_verdict_for_other_evidence_than_the_walks_does_not_stand():
    """A saved walk whose recorded amount no longer matches the one reconciled (an edited or older progress file):
    the verdict is not the customer's, the new payment is refused."""
    steps = (*CUSTOMER, Step("rec", "reconcile", text=T, on_charged="paid", on_not_charged="paid", on_mismatch="help",
                             on_unknown="help"),
             Step("again", "instruction", text=T, allows=("new_payment",), goto="paid"),
             Step("help", "escalate", text=T, to=T), Step("paid", "end", text=T, outcome="resolved"))
    first, _ = money_walk(*steps, evidence=JOURNALS["not_charged"])
    assert first.payment["verdict"] == "not_charged"
    state = WalkState(playbook="bad", frames=[["bad", "again"]], values={**first.values, "customer_amount": "98.00"},
                      payment=first.payment)
    st = Walk(hand_built(*steps), Terminal(None), Person(), state).run()
    assert st.transcript[0]["refused"] == {"allows": ["new_payment"], "verdict": "none"} and st.outcome == "escalated"


def test_a_refusal_may_go_on_to_a_money_step_the_verdict_opens():
    """Resumed at a new payment after a double charge: refused, and sent down the mismatch path to the refund of
    the second payment, which that verdict does open."""
    steps = (*CUSTOMER, CARD, Step("rec", "reconcile", text=T, on_charged="paid", on_not_charged="paid",
                                   on_mismatch="dup", on_unknown="help"),
             Step("again", "instruction", text=T, allows=("new_payment",), goto="paid"),
             Step("dup", "instruction", text=T, allows=("refund_duplicate",), goto="help"),
             Step("help", "escalate", text=T, to=T), Step("paid", "end", text=T, outcome="resolved"))
    first, _ = money_walk(*steps, evidence=JOURNALS["double_charge"], replies=("99.00", "14:05", "0019", "done"))
    state = WalkState(playbook="bad", frames=[["bad", "again"]], values=dict(first.values), payment=first.payment,
                      terminal_evidence=first.terminal_evidence)  # the records the verdict is bound to
    st = Walk(hand_built(*steps), Terminal(None), Person("done"), state).run()
    assert [e["step"] for e in st.transcript if "step" in e] == ["again", "dup", "help"]
    assert logged(st)["dup"]["verdict"] == "double_charge" and st.outcome == "escalated"


# --- wave 11 (mutation run): the market's words, who answered, a saved walk read back ---------------------------------
MARKET_STEP = step("a", "instruction") + '    markets:\n      de:\n        text: {en: "a de-en", zh: "a de-zh"}\n'


@pytest.mark.parametrize("market, en", [("de", "a de-en"), ("cn", "a en")])
def test_a_step_is_asked_and_logged_in_the_words_of_the_walks_market(tmp_path, services, market, en):
    lib = library(tmp_path, main=head("main") + MARKET_STEP + END)
    asked = []

    class Reader(Person):
        def ask(self, prompt):
            asked.append(prompt.step.text.en)
            return super().ask(prompt)

    st = Walk(lib, services, Reader("done"), WalkState(playbook="main", market=market)).run()
    assert asked == [en] and logged(st)["a"]["text"]["en"] == en


def test_a_step_only_for_another_market_is_passed_without_a_trace(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("de", "instruction", when="\"market == 'de'\"")
                  + step("a", "instruction") + END)
    person = Person("done")
    st = Walk(lib, services, person, WalkState(playbook="main", market="cn")).run()
    assert [e["step"] for e in st.transcript if "step" in e] == ["a", "done"]
    assert [p["step"] for p in person.prompts] == ["a"] and "main/de" not in st.visits


def test_the_transcript_names_who_gave_each_answer_as_the_prompter_says(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("a", "instruction") + step("b", "instruction") + END)

    class FromFile(Person):
        def ask(self, prompt):
            self.answered_by = "answers_file" if prompt.step.id == "a" else "yes"
            return super().ask(prompt)

    st = walk(lib, services, FromFile("done", "done"))
    assert (logged(st)["a"]["answered_by"], logged(st)["b"]["answered_by"]) == ("answers_file", "yes")


@pytest.mark.parametrize("tolerance_s, verdict", [(None, "mismatch"), (1800, "charged")])
def test_a_saved_walk_read_back_has_its_verdict_recomputed_with_the_shops_tolerance(tolerance_s, verdict):
    """fix --resume: the saved verdict (reached with a 30-minute tolerance) is recomputed from the saved evidence,
    with the tolerance of the configuration, before any device is opened."""
    from datetime import timedelta

    from pos_doctor.playbooks.engine import distrust_saved

    steps = (*CUSTOMER, Step("rec", "reconcile", text=T, on_charged="paid", on_not_charged="paid", on_mismatch="help",
                             on_unknown="help"),
             Step("help", "escalate", text=T, to=T), Step("paid", "end", text=T, outcome="resolved"))
    lib = hand_built(*steps)
    w = Walk(lib, Terminal(journal(approved("99.00", "14:05", 7))), Person("99.00", "14:25"), WalkState(playbook="bad"))
    w.tolerance = timedelta(minutes=30)
    first = w.run()
    assert first.payment["verdict"] == "charged"
    state = WalkState(playbook="bad", frames=[["bad", "paid"]], values=dict(first.values), payment=first.payment,
                      terminal_evidence=first.terminal_evidence)
    assert distrust_saved(lib, state, tolerance_s=tolerance_s) is state
    assert state.payment["verdict"] == verdict and state.frames == [["bad", "paid"]] and state.outcome is None
    notes = [e["note"] for e in state.transcript if "note" in e]
    assert notes == ([] if verdict == "charged" else
                     ["resumed: the saved verdict charged does not follow from the saved evidence; "
                      "recomputed: mismatch"])


def test_the_currency_and_the_estimate_typed_are_kept_beside_their_value_and_dropped_when_skipped():
    lib = hand_built(Step("a1", "record", text=T, field="tip", type="amount"),
                     Step("a2", "record", text=T, field="tip", type="amount", optional=True),
                     Step("t1", "record", text=T, field="when", type="time"),
                     Step("t2", "record", text=T, field="when", type="time", optional=True),
                     Step("paid", "end", text=T, outcome="resolved"))
    w = Walk(lib, Terminal(None), Person("12,50 €", Reply.SKIP, "about 14:05", Reply.SKIP), WalkState(playbook="bad"))
    seen = []
    w.on_save = lambda s: seen.append(dict(s.values))
    w.run()
    assert seen[:4] == [{"tip": "12.50", "tip_currency": "EUR"}, {"tip": "12.50"},
                        {"tip": "12.50", "when": "14:05", "when_uncertainty": "900"}, {"tip": "12.50", "when": "14:05"}]


class Importing(Terminal):
    """Services with a walk action: it is handed the walk's values and the records held, and finds values."""

    def __init__(self, evidence, found):
        super().__init__(evidence)
        self.found, self.given = found, []

    def action(self, name, params):
        if name != "import_statement":
            return super().action(name, params)
        self.given.append(params)
        return ActionResult(True, Text("imported", "已导入"), data={"values": self.found})


def test_a_walk_action_is_given_the_walks_values_and_records_and_keeps_only_what_it_may_set():
    ev = journal(approved("12.50", "14:05", 42))
    lib = hand_built(Step("read", "action", text=T, action="read_journal"),
                     Step("imp", "action", text=T, action="import_statement", params={"path": "s.csv"}),
                     Step("paid", "end", text=T, outcome="resolved"))
    services = Importing(ev, {"statement_finding": "missing", "customer_amount": "1.00", "statement_missing": 3})
    state = WalkState(playbook="bad", values={"note": "x"})
    Walk(lib, services, Person(), state).run()
    assert services.given == [{"path": "s.csv", "walk": {"values": {"note": "x"}, "terminal_evidence": ev}}]
    assert state.values == {"note": "x", "statement_finding": "missing"}  # never the customer's, only text


def test_a_walk_action_without_records_held_is_given_none():
    lib = hand_built(Step("imp", "action", text=T, action="import_statement"),
                     Step("paid", "end", text=T, outcome="resolved"))
    services = Importing(None, {})
    Walk(lib, services, Person(), WalkState(playbook="bad")).run()
    assert services.given == [{"walk": {"values": {}, "terminal_evidence": None}}]


def test_a_journal_read_by_an_action_keeps_the_terminals_last_transaction():
    tx = {"status": "approved", "amount": "12.50", "trace_number": 42}
    lib = hand_built(Step("read", "action", text=T, action="read_journal"),
                     Step("paid", "end", text=T, outcome="resolved"))
    st = Walk(lib, Reading(journal(approved("12.50", "14:05", 42)), tx), Person(), WalkState(playbook="bad")).run()
    assert st.transaction == tx and st.terminal_evidence["evidence"] == journal(approved("12.50", "14:05", 42))


def test_resolved_by_yes_alone_is_not_verified_and_says_so(tmp_path, services):
    lib = library(tmp_path, main=head("main") + step("a", "instruction")
                  + step("ok", "confirm", on_yes="done", on_no="help") + END + HELP)

    class Yes(Person):
        answered_by = "yes"

    st = walk(lib, services, Yes("done", "yes"))
    assert st.outcome == "resolved" and st.verified is False
    assert st.transcript[-1]["note"] == "not done by a person: steps that need a person's hands were answered by --yes"
    st = walk(lib, services, Person("done", "yes"))
    assert st.outcome == "resolved" and st.verified is True and "note" not in st.transcript[-1]


class Found(Terminal):
    """Services whose every action succeeds or fails as told and reports the given records."""

    def __init__(self, ok, evidence):
        super().__init__(evidence)
        self.ok = ok

    def action(self, name, params):
        return ActionResult(self.ok, Text("r", "r"), data={"terminal_evidence": self.evidence})


@pytest.mark.parametrize("action, ok, kept", [("import_statement", True, True), ("import_statement", False, False),
                                              ("last_transaction", True, False)])
def test_records_an_action_reports_are_held_only_from_a_walk_action_that_succeeded(action, ok, kept):
    ev = journal(approved("12.50", "14:05", 42))
    lib = hand_built(Step("x", "action", text=T, action=action), Step("paid", "end", text=T, outcome="resolved"))
    st = Walk(lib, Found(ok, ev), Person(), WalkState(playbook="bad")).run()
    assert (st.terminal_evidence or {}).get("evidence") == (ev if kept else None)


def test_a_saved_walk_read_back_before_its_first_step_starts_at_the_first_step():
    from pos_doctor.playbooks.engine import distrust_saved

    state = WalkState(playbook="bad", started_at="2026-11-24T08:00:00+00:00")
    assert distrust_saved(hand_built(*CUSTOMER, Step("paid", "end", text=T, outcome="resolved")), state) is state
    assert state.frames == [["bad", "amount"]] and state.started_at == "2026-11-24T08:00:00+00:00"
    assert state.payment is None and state.transcript == []
