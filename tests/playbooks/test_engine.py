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
    # generous timeouts: no device here is slow or dead, and a busy machine must not turn a check into a timeout
    with open_session(CheckOptions(simulate="dropped-transaction", timeout=60, check_timeout=30)) as session:
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


# --- what the person is shown, and what the state keeps, step by step -------------------------------------------

@pytest.fixture
def paper_out(tmp_path_factory):
    """A session whose printer is out of paper and stays so (the shipped paper-out scenario heals after two
    queries): printer.receipt is critical, the terminal fine."""
    path = tmp_path_factory.mktemp("sc") / "no-paper.yaml"
    path.write_text('spec: 1\nname: no-paper\ndescription: {en: x, zh: x}\nprinter: {paper: "out"}\n', encoding="utf-8")
    # generous timeouts: no device here is slow or dead, and a busy machine must not turn a check into a timeout
    with open_session(CheckOptions(simulate=str(path), timeout=60, check_timeout=30)) as session:
        yield DeviceServices(session, sleep=lambda s: None)


class Watcher(Person):
    """A scripted person who also keeps everything shown, with its details."""

    def __init__(self, *replies):
        super().__init__(*replies)
        self.shown: list[tuple[str, dict]] = []

    def show(self, event, **info):
        super().show(event, **info)
        self.shown.append((event, info))

    def info(self, event) -> list[dict]:
        return [i for e, i in self.shown if e == event]


CHILD = (HEAD.format(id="child")
         + step("c-check", "check", checks="[printer.receipt]", on_ok="c-done", on_fail="c-help")
         + step("c-done", "end", outcome="resolved")
         + step("c-help", "escalate", to='{en: "the printer shop", zh: "打印机店"}',
                evidence="[check_results, steps_taken, last_transaction]"))
MAIN = (HEAD.format(id="main")
        + step("amount", "record", field="amount", type="amount")
        + step("inc", "include", playbook="child")
        + step("after", "instruction")
        + step("done", "end", outcome="resolved"))


def test_an_escalation_inside_an_include_returns_to_the_caller_with_its_evidence(tmp_path, paper_out):
    lib = library(tmp_path, child=CHILD, main=MAIN)
    person = Watcher("12,5", "done")
    st = Walk(lib, paper_out, person, WalkState(playbook="main")).run()
    assert [e for e, _ in person.shown] == ["enter", "checks", "escalate", "leave", "end", "final"]
    enter, = person.info("enter")
    assert (enter["playbook"].id, enter["parent"].id, enter["step"].id) == ("child", "main", "inc")
    checks, = person.info("checks")
    assert checks["passed"] is False and [(r["id"], r["status"]) for r in checks["results"]] == [("printer.receipt", "critical")]
    (result,) = checks["results"]
    assert set(result) == {"id", "status", "message", "hint"} and result["message"]["en"] and result["message"]["zh"]
    assert result["hint"]["en"] and result["hint"]["zh"]
    esc, = person.info("escalate")
    assert (esc["playbook"].id, esc["step"].id, esc["nested"]) == ("child", "c-help", True)
    leave, = person.info("leave")
    assert (leave["playbook"].id, leave["parent"].id) == ("child", "main")
    (only,) = st.escalations
    assert (only["playbook"], only["step"], only["to"]) == ("child", "c-help", {"en": "the printer shop", "zh": "打印机店"})
    taken = only["evidence"]["steps_taken"]
    assert [(i["key"], i["result"]["en"]) for i in taken["done"]][:1] == [("main/amount", "12.50")]
    assert [i["key"] for i in taken["done"]] == ["main/amount", "child/c-check"]  # an include is where, not what
    assert taken["skipped"] == [] and taken["undone"] == []
    assert only["evidence"]["last_transaction"] is None and esc["evidence"] == only["evidence"]  # never read: none
    assert [(c["id"], c["status"]) for c in only["evidence"]["check_results"]] == [("printer.receipt", "critical")]
    walked = [(e["playbook"], e["step"]) for e in st.transcript if "step" in e]
    assert walked == [("main", "amount"), ("main", "inc"), ("child", "c-check"), ("child", "c-help"), ("main", "after"),
                      ("main", "done")]
    assert st.transcript[2]["passed"] is False and st.transcript[3]["escalate"] == only
    # the walk went on in the caller and ended there: resolved, and link.terminal (needs_checks) passes again
    assert st.outcome == "resolved" and st.verified is True and st.frames == [["main", "done"]]
    assert st.values == {"amount": "12.50"} and st.answers["main/amount"] == "12.50"
    assert st.checks["printer.receipt"] == result


def test_checks_just_verified_are_not_run_again(tmp_path, paper_out):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("load", "instruction", verify="[printer.receipt]")
                  + step("again", "check", checks="[printer.receipt]", on_ok="done", on_fail="help")
                  + END)
    person = Watcher("done")
    st = Walk(lib, paper_out, person, WalkState(playbook="main")).run()
    assert [e for e, _ in person.shown] == ["verify", "escalate"]  # the check step reuses the verify's result
    verify, = person.info("verify")
    assert verify["step"].id == "load" and verify["passed"] is False
    assert [r["status"] for r in verify["results"]] == ["critical"]
    assert st.transcript[0]["verify"] == {"checks": verify["results"], "passed": False}
    assert st.transcript[1]["checks"] == verify["results"] and st.transcript[1]["passed"] is False
    assert st.verified_checks == ["printer.receipt"] and st.checks["printer.receipt"]["status"] == "critical"
    assert st.outcome == "escalated"


def test_a_verify_that_passes_suggests_yes_and_is_listed_once(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("a", "instruction", verify="[link.terminal]")
                  + step("b", "instruction", verify="[link.terminal, printer.receipt]")
                  + step("ok", "confirm", on_yes="done", on_no="help")
                  + END)
    person = Watcher("done", "done", "")
    person.replies[-1] = "yes"
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert st.verified_checks == ["link.terminal", "printer.receipt"]
    assert [i["passed"] for i in person.info("verify")] == [True, True]
    assert person.asked[2][:2] == ("ok", "yes")
    final, = person.info("final")
    assert final["verified"] is True and {r["id"] for r in final["results"]} == {"link.terminal", "printer.receipt"}


def test_optional_record_left_empty_keeps_no_value(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("phone", "record", field="phone", type="phone", optional="true")
                  + step("note", "record", field="note", type="text", optional="true")
                  + step("done", "end", outcome="resolved"))
    person = Person("", Reply.SKIP)
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert [a[:2] for a in person.asked] == [("phone", ""), ("note", "")]  # Enter takes the empty default
    assert st.answers == {"main/phone": None, "main/note": None} and st.values == {}
    assert [(e["step"], e["answer"], e["field"]) for e in st.transcript if "field" in e] == [("phone", None, "phone"),
                                                                                           ("note", None, "note")]


def test_going_back_is_logged_and_undoes_the_visit(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("a", "instruction") + step("b", "instruction") + step("done", "end", outcome="resolved"))
    person = Person("done", Reply.BACK, "skip", "done")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert [a[0] for a in person.asked] == ["a", "b", "a", "b"]
    assert {"back_to": "main/a"}.items() <= next(e for e in st.transcript if "back_to" in e).items()
    assert st.visits == {"main/a": 1, "main/b": 1, "main/done": 1}  # going back takes the visits back too
    assert st.answers == {"main/a": "skipped", "main/b": "done"}  # "skip" typed is recorded as skipped


def test_conditions_see_values_answers_checks_visits_and_the_last_payment(tmp_path, services):
    cond = ("value('amount') == 12.5 and answer('amount') == '12.50' and check('link.terminal') == 'ok' "
            "and visited('amount') and not visited('nothing') and last_tx('status') == 'none'")
    later = ("last_tx('trace') == 42 and last_tx('receipt') == 17 and last_tx('card') == 'girocard' "
             "and last_tx('amount') == 12.5 and last_tx('currency') == 'EUR'")
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("amount", "record", field="amount", type="amount")
                  + step("c", "check", checks="[link.terminal]", on_ok="seen", on_fail="help")
                  + step("seen", "instruction", when=f'"{cond}"')
                  + step("read", "action", action="last_transaction", params="{}")
                  + step("paid", "instruction", when=f'"{later}"')
                  + step("nothing", "instruction")
                  + END)
    person = Person("12.50", "done", "done", "done")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert [a[0] for a in person.asked] == ["amount", "seen", "paid", "nothing"]
    assert not any(e.get("skipped") for e in st.transcript)


def test_walk_state_survives_json_and_ignores_what_it_does_not_know(tmp_path, services):
    import json

    lib = library(tmp_path, main=HEAD.format(id="main") + step("a", "instruction")
                  + step("ok", "confirm", on_yes="done", on_no="help") + END)
    state = WalkState(playbook="main")
    with pytest.raises(Aborted):
        Walk(lib, services, Person("done", Reply.QUIT), state).run()
    saved = json.loads(json.dumps(state.to_json()))
    assert saved["answers"] == {"main/a": "done"} and saved["frames"] == [["main", "ok"]]
    back = WalkState.from_json({**saved, "written_by": "a newer pos-doctor"})
    assert back == state
    st = Walk(lib, services, Person("yes"), back).run()
    assert st.outcome == "resolved" and st.answers == {"main/a": "done", "main/ok": "yes"}


def test_skip_as_a_word_skips(tmp_path, services):
    """'skip' is listed among the answers of an instruction and of the print action; given as a word (an answers file
    has no key to press) it must be recorded as skipped, and nothing printed. It was taken as 'done' / 'run'."""
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("fix", "instruction", verify="[link.terminal]")
                  + step("copy", "action", action="print_receipt_copy", params="{}")
                  + step("done", "end", outcome="resolved"))
    person = Watcher("skip", "Skip")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert st.answers == {"main/fix": "skipped", "main/copy": "skipped"}
    assert "verify" not in person.events and "action-start" not in person.events
    assert st.verified_checks == []


TIME_HELP = ("Type the time as HH:MM, e.g. 14:05 (or 2026-11-22 14:05); an estimate is fine: \"about ten minutes "
             "ago\", \"around 14:00\", \"between 14:00 and 14:30\".",
             "请输入时间，例如 14:05（或 2026-11-22 14:05）；说不准也可以，例如“大约十分钟前”“两点左右”“两点到两点半之间”。")
AMOUNT_HELP = ("Type the amount as a number, e.g. 12.50.", "请输入数字金额，例如 12.50。")


# a bare time before 18:00 is today's at any hour; a later one typed just after midnight is yesterday evening's and is
# kept with its date (tests/payments/test_midnight.py)
@pytest.mark.parametrize("kind,raw,optional,accepted", [
    ("time", "17:59", False, "17:59"), ("time", "12:59:59", False, "12:59:59"), ("time", "2026-11-22T14:05", False, "2026-11-22 14:05"),
    ("phone", "1234567", False, "*****67"), ("number", "123456789012", False, "123456789012"),
    ("text", "x" * 500, False, "x" * 500), ("text", "card 4111111111111111", False, "card 411111******1111"),
    ("amount", "RMB 12", False, "12.00"), ("amount", "eur 3,5", False, "3.50"), (None, "free", False, "free"),
    ("amount", None, True, ""), ("time", " ", True, ""),
])
def test_parse_record_accepts(kind, raw, optional, accepted):
    assert parse_record(kind, raw, optional) == (True, accepted, None)


@pytest.mark.parametrize("kind,raw,why", [
    ("time", "24:00", TIME_HELP), ("time", "12:60", TIME_HELP), ("time", "12:59:60", TIME_HELP), ("time", "lunchtime", TIME_HELP),
    ("time", "2026-02-30 10:00", ("That date does not exist.", "日期无效。")),
    ("phone", "123456", ("Type a phone number (7 to 15 digits).", "请输入电话号码（7 到 15 位数字）。")),
    ("number", "12345678901234567890", ("Type a whole number.", "请输入整数。")), ("number", "1.5", ("Type a whole number.", "请输入整数。")),
    ("text", "x" * 501, ("At most 500 characters.", "最多 500 个字符。")),
    ("amount", "12.345", AMOUNT_HELP), ("amount", "1234567890", AMOUNT_HELP),
    ("amount", "  ", ("This value is needed.", "这一项必须填写。")), ("amount", None, ("This value is needed.", "这一项必须填写。")),
])
def test_parse_record_refuses_in_both_languages(kind, raw, why):
    ok, value, text = parse_record(kind, raw, False)
    assert (ok, value, (text.en, text.zh)) == (False, None, why)


class PromptKeeper(Person):
    """Keeps what each prompt said: its place, its options and the error shown in both languages."""

    def __init__(self, *replies):
        super().__init__(*replies)
        self.prompts: list[dict] = []

    def ask(self, prompt):
        self.prompts.append({"key": prompt.key, "playbook": prompt.playbook.id, "number": prompt.number,
                             "total": prompt.total, "depth": prompt.depth, "can_back": prompt.can_back,
                             "can_skip": prompt.can_skip, "options": prompt.options,
                             "error": (prompt.error.en, prompt.error.zh) if prompt.error else None})
        return super().ask(prompt)


def test_answers_by_word_alias_or_number_and_what_a_wrong_one_gets(tmp_path, services):
    lib = library(tmp_path,
                  child=HEAD.format(id="child") + step("c1", "instruction") + step("cend", "end", outcome="resolved"),
                  main=HEAD.format(id="main")
                  + step("q", "question", choices='[{id: a, label: {en: "A", zh: "甲"}, goto: inc}, {id: b, label: {en: "B", zh: "乙"}, goto: inc}]')
                  + step("inc", "include", playbook="child")
                  + step("ok", "confirm", on_yes="ok2", on_no="help")
                  + step("ok2", "confirm", on_yes="ok3", on_no="ok3", on_unsure="ok3")
                  + step("ok3", "confirm", on_yes="done", on_no="done", on_unsure="help")
                  + END)
    person = PromptKeeper(Reply.BACK, "0", "3", Reply.SKIP, " 1 ", "D", "Y", "?", "n")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    wrong = ("Answer one of: a, b.", "请输入选项编号 1-2：1）甲；2）乙。")
    assert [p["error"] for p in person.prompts[:5]] == [
        None, ("This is the first question; there is nothing to go back to.", "这是第一个问题，无法返回。"), wrong, wrong,
        ("This question needs an answer.", "这个问题必须回答。")]
    assert st.answers == {"main/q": "a", "child/c1": "done", "main/ok": "yes", "main/ok2": "unsure", "main/ok3": "no"}
    assert [(p["key"], p["number"], p["total"], p["depth"]) for p in person.prompts[4:]] == [
        ("main/q", 1, 7, 0), ("child/c1", 1, 2, 1), ("main/ok", 3, 7, 0), ("main/ok2", 4, 7, 0), ("main/ok3", 5, 7, 0)]
    assert [p["can_back"] for p in person.prompts] == [False] * 5 + [True] * 4
    assert person.prompts[0]["can_skip"] is False and person.prompts[5]["can_skip"] is True
    assert person.prompts[0]["options"] == ["a", "b"] and person.prompts[5]["options"] == ["done", "skip"]
    assert person.prompts[6]["options"] == ["yes", "no", "unsure"]
    assert st.outcome == "resolved"


def test_the_print_action_is_asked_and_r_runs_it(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("copy", "action", action="print_receipt_copy", params="{}")
                  + step("done", "end", outcome="resolved"))
    person = PromptKeeper("R")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert person.prompts[0]["options"] == ["run", "skip"] and person.asked[0][1] == "run"  # Enter would print
    assert st.answers == {"main/copy": "run"}
    entry = next(e for e in st.transcript if e.get("step") == "copy")
    assert entry["answer"] == "run" and entry["action"] == "print_receipt_copy" and entry["result"]["ok"] is True


NO_NEEDS = 'spec: 1\nid: {id}\ntitle: {{en: "T", zh: "测"}}\nsummary: {{en: "S", zh: "概"}}\nsteps:\n'


@pytest.mark.parametrize("replies,verified", [(("yes",), True), (("no",), False)])
def test_with_nothing_to_recheck_the_persons_last_yes_verifies(tmp_path, services, replies, verified):
    lib = library(tmp_path, main=NO_NEEDS.format(id="main")
                  + step("ok", "confirm", on_yes="done", on_no="done") + step("done", "end", outcome="resolved"))
    person = Watcher(*replies)
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    assert (st.outcome, st.verified) == ("resolved", verified)
    assert "final" not in person.events  # nothing a device could confirm was run


def test_with_nothing_to_recheck_and_no_question_it_is_not_verified(tmp_path, services):
    lib = library(tmp_path, main=NO_NEEDS.format(id="main") + step("a", "instruction") + step("done", "end", outcome="resolved"))
    st = Walk(lib, services, Person("done"), WalkState(playbook="main")).run()
    assert (st.outcome, st.verified) == ("resolved", False)


def test_evidence_of_a_walk_where_everything_passed(tmp_path, services):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("read", "action", action="last_transaction", params="{}", verify="[link.terminal]")
                  + step("never", "instruction", when="\"check('link.terminal') == 'critical'\"")
                  + step("tell", "instruction")
                  + step("help", "escalate", to='{en: "them", zh: "他们"}', evidence="[check_results, steps_taken, last_transaction, trace]"))
    person = Watcher("done")
    st = Walk(lib, services, person, WalkState(playbook="main")).run()
    ev = st.escalations[0]["evidence"]
    taken = ev["steps_taken"]  # the step whose `when` was false is not listed at all
    assert [i["key"] for i in taken["done"]] == ["main/read", "main/tell"] and taken["skipped"] == []
    result = taken["done"][1]["result"]  # a message as a record keeps it: its id, and its English and Chinese
    assert (result["en"], result["zh"]) == ("done", "已完成") and result["id"] == "done"
    assert [(c["id"], c["status"]) for c in ev["check_results"]] == [("link.terminal", "ok")]  # none failed: all of them
    assert ev["last_transaction"] == st.transaction and st.transaction["amount"] == "12.50" and ev["trace"] is None
    read = st.transcript[0]
    assert set(read["result"]) == {"ok", "message", "data", "transaction", "receipt"} and read["result"]["ok"] is True
    assert read["result"]["transaction"] == st.transaction and read["verify"]["passed"] is True
    assert read["action"] == "last_transaction" and "answer" not in read  # reading is not asked: nothing is printed
    assert st.outcome == "escalated" and st.verified is False


def test_a_failed_verify_suggests_no_and_a_skipped_confirm_is_unsure(tmp_path, paper_out):
    lib = library(tmp_path, main=HEAD.format(id="main")
                  + step("load", "instruction", verify="[printer.receipt]")
                  + step("ok", "confirm", on_yes="done", on_no="again", on_unsure="help")
                  + step("again", "instruction", max_visits=1)
                  + step("ok2", "confirm", on_yes="done", on_no="help", on_unsure="help")
                  + END)
    person = Watcher("ok", "no", "OK", Reply.SKIP)
    st = Walk(lib, paper_out, person, WalkState(playbook="main")).run()
    assert [a[:2] for a in person.asked] == [("load", "done"), ("ok", "no"), ("again", "done"), ("ok2", None)]
    logged = {e["step"]: e for e in st.transcript if "step" in e}
    assert (logged["ok"]["answer"], logged["ok"]["suggested"]) == ("no", "no")
    assert (logged["ok2"]["answer"], logged["ok2"]["suggested"]) == ("unsure", None)
    assert st.answers["main/load"] == st.answers["main/again"] == "done" and st.last_verify is None
    assert st.outcome == "escalated"
    start, = person.info("action-start") or [None]
    assert start is None  # no action step: nothing started


def test_a_luhn_valid_number_is_validated_then_masked():
    """Issue 26: a long whole number is a whole number; one that could be a card number is kept masked."""
    assert parse_record("number", "4111111111111111", False) == (True, "411111******1111", None)
    assert parse_record("number", "1234567890123", False) == (True, "1234567890123", None)  # not Luhn: as typed
