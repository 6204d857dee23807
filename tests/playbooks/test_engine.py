"""The step engine's rules, driven by a scripted person, against the real simulator (one session per module)."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_doctor.checks.runner import CheckOptions
from pos_doctor.checks.session import open_session
from pos_doctor.playbooks.actions import DeviceServices
from pos_doctor.playbooks.engine import Aborted, Reply, Walk, WalkState, parse_record
from pos_doctor.playbooks.library import Library


@pytest.fixture(scope="module")
def services():
    with open_session(CheckOptions(simulate="dropped-transaction", timeout=10, check_timeout=5)) as session:
        yield DeviceServices(session, sleep=lambda s: None)


class Person:
    """Answers from a script, in order; records what was asked."""

    def __init__(self, *replies):
        self.replies = list(replies)
        self.asked: list[tuple[str, object, str | None]] = []
        self.events: list[str] = []

    def ask(self, prompt):
        self.asked.append((prompt.step.id, prompt.default, prompt.error.en if prompt.error else None))
        if not self.replies:
            raise AssertionError(f"unexpected question at {prompt.key}")
        return self.replies.pop(0)

    def show(self, event, **info):
        self.events.append(event)


def library(tmp_path, **files) -> Library:
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return Library.load([tmp_path])


HEAD = """\
spec: 1
id: {id}
title: {{en: "T", zh: "测"}}
summary: {{en: "S", zh: "概"}}
needs_checks: [link.terminal]
steps:
"""


def step(sid, kind, **kw) -> str:
    lines = [f"  - id: {sid}", f"    kind: {kind}"]
    if kind not in ("include",):
        lines.append('    text: {en: "x", zh: "x"}')
    for k, v in kw.items():
        lines.append(f"    {k}: {v}")
    return "\n".join(lines) + "\n"


END = step("done", "end", outcome="resolved") + step("help", "escalate", to='{en: "them", zh: "他们"}', evidence="[check_results]")


def test_back_skip_and_the_answers_they_leave(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("amount", "record", field="amount", type="amount", optional="true")
                  + step("q", "question", choices='[{id: a, label: {en: "A", zh: "甲"}, goto: done}, {id: b, label: {en: "B", zh: "乙"}, goto: help}]')
                  + END)
    person = Person("12,5", Reply.BACK, Reply.SKIP, "2")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert [a[0] for a in person.asked] == ["amount", "q", "amount", "q"]
    assert st.answers == {"main/amount": None, "main/q": "b"}  # the amount given first was taken back
    assert st.values == {} and st.outcome == "escalated" and st.verified is False


def test_questions_cannot_be_skipped_and_bad_values_are_asked_again(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("amount", "record", field="amount", type="amount")
                  + step("q", "question", choices='[{id: a, label: {en: "A", zh: "甲"}, goto: done}, {id: b, label: {en: "B", zh: "乙"}, goto: help}]')
                  + END)
    person = Person("twelve", "12", Reply.SKIP, "maybe", "a")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    errors = [e for _, _, e in person.asked]
    assert errors == [None, "Type the amount as a number, e.g. 12.50.", None, "This question needs an answer.",
                      "Answer one of: a, b."]
    assert st.values == {"amount": "12.00"} and st.outcome == "resolved" and st.verified is True


def test_quit_raises_and_state_is_kept(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main") + step("do", "instruction")
                  + step("ok", "confirm", on_yes="done", on_no="help") + END)
    state = WalkState(playbook="main")
    with pytest.raises(Aborted):
        Walk(lib, services, Person(Reply.QUIT), state).run()
    assert state.frames == [["main", "do"]] and state.outcome is None


def test_loop_limit_sends_the_walk_to_escalation(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("try", "instruction", max_visits=2)
                  + step("ok", "confirm", on_yes="done", on_no="try", on_unsure="help")
                  + END)
    person = Person("done", "no", "done", "no")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert [a[0] for a in person.asked] == ["try", "ok", "try", "ok"]
    assert st.outcome == "escalated" and any(e.get("skipped", "").startswith("visited more than 2") for e in st.transcript)


def test_loop_limit_without_an_escalate_step_ends_not_resolved(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("try", "instruction", max_visits=2)
                  + step("ok", "confirm", on_yes="done", on_no="try")
                  + step("done", "end", outcome="resolved"))
    person = Person("done", "no", "done", "no")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert [a[0] for a in person.asked] == ["try", "ok", "try", "ok"]
    assert st.outcome == "not_resolved" and st.verified is False and st.escalations == []
    assert st.transcript[-1]["note"] == "step try repeated too often"


def test_a_walk_that_never_ends_is_stopped_after_max_steps(tmp_path, services):
    from pos_doctor.playbooks.engine import MAX_STEPS_PER_WALK

    # a loop of 25 steps, each allowed 20 visits (the loader's most): 500 steps are allowed by the limits,
    # the walk's own ceiling stops it first
    loop = "".join(step(f"s{i}", "instruction", max_visits=20) for i in range(24))
    lib = library(tmp_path, main=HEAD.format(id="main") + loop
                  + step("ok", "confirm", on_yes="done", on_no="s0", on_unsure="help", max_visits=20)
                  + END)
    person = Person(*(["done"] * 24 + ["no"]) * 20)
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert len(person.asked) == MAX_STEPS_PER_WALK  # every step taken asked once; the next one is not taken
    assert st.outcome == "escalated" and st.verified is False
    assert st.transcript[-1]["note"] == "the walk took too many steps"


def test_include_returns_to_the_next_step_and_when_skips(tmp_path, services):
    lib = library(tmp_path,
                  child=HEAD.format(id="child") + step("c1", "instruction") + step("cend", "end", outcome="not_resolved"),
                  main=HEAD.format(id="main")
                  + step("q", "question", choices='[{id: a, label: {en: "A", zh: "甲"}, goto: inc}, {id: b, label: {en: "B", zh: "乙"}, goto: inc}]')
                  + step("inc", "include", playbook="child")
                  + step("only-b", "instruction", when="\"answer('q') == 'b'\"")
                  + step("after", "check", checks="[link.terminal]", on_ok="done", on_fail="help")
                  + END)
    person = Person("a", "done")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    walked = [f"{e['playbook']}/{e['step']}" for e in st.transcript if "step" in e]
    assert walked == ["main/q", "main/inc", "child/c1", "child/cend", "main/only-b", "main/after", "main/done"]
    assert st.transcript[4]["skipped"] == "condition false"
    assert "enter" in person.events and "leave" in person.events
    assert st.outcome == "resolved" and st.verified is True


def test_confirm_suggests_the_verdict_of_the_step_before(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("fix", "instruction", verify="[link.terminal]")
                  + step("ok", "confirm", on_yes="read", on_no="help")
                  + step("read", "action", action="last_transaction", params="{}")
                  + step("ok2", "confirm", on_yes="done", on_no="help")
                  + END)
    person = Person("done", "yes", "unsure")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert person.asked[1][:2] == ("ok", "yes")         # the verify passed: "yes" is suggested
    assert person.asked[2][:2] == ("ok2", "yes")        # the action worked: "yes" is suggested
    assert st.outcome == "escalated"                     # unsure goes the "no" way when on_unsure is absent


def test_last_transaction_feeds_conditions(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("read", "action", action="last_transaction", params="{}")
                  + step("q", "question", choices="[{id: paid, label: {en: P, zh: 付}, goto: done, suggest: \"last_tx('status') == 'approved' and last_tx('amount') == 12.5\"}, "
                                                  "{id: not-paid, label: {en: N, zh: 未}, goto: help}]")
                  + END)
    person = Person("paid")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert person.asked == [("q", "paid", None)]
    assert st.transaction["approved"] is True and st.transaction["amount"] == "12.50"
    assert st.transaction["pan_masked"] == "672500*********0019"


@given(st.sampled_from(["amount", "time", "text", "phone", "number"]), st.text(max_size=40), st.booleans())
def test_parse_record_never_raises_and_never_keeps_a_phone_number(kind, raw, optional):
    ok, value, why = parse_record(kind, raw, optional)
    assert ok == (why is None)
    if ok and kind == "phone" and value:
        assert "*" in value
    if ok and kind == "amount" and value:
        assert value.count(".") == 1 and len(value.split(".")[1]) == 2


@pytest.mark.parametrize("kind, raw, value", [
    ("amount", "¥12.5", "12.50"), ("amount", "12,50", "12.50"), ("amount", "1,250.00", "1250.00"),
    ("time", "9:05", "09:05"), ("time", "14：05：09", "14:05:09"), ("time", "2026-11-22 14:05", "2026-11-22 14:05"),
    ("phone", "+86 138-1234-5678", "86138****5678"), ("phone", "13812345678", "138****5678"),
    ("text", "card 4111 1111 1111 1111 was used", "card 411111******1111 was used"),
])
def test_parse_record_values(kind, raw, value):
    assert parse_record(kind, raw, False)[1] == value


@pytest.mark.parametrize("kind, raw", [("amount", "-5"), ("amount", "12.345"), ("time", "25:00"), ("time", "2026-02-30 10:00"),
                                       ("phone", "12345"), ("number", "1.5")])
def test_parse_record_refuses(kind, raw):
    assert parse_record(kind, raw, False)[0] is False
