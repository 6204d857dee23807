"""Issue 24: the `record_list` step (transactions typed from a standalone POS机), a reconcile step's `source` and
`on_unreadable` - the loader's breadcrumbs, and the engine's walk with services that cannot read any terminal."""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta

import pytest

from pos_doctor.errors import UserFileError
from pos_doctor.i18n import Text
from pos_doctor.playbooks.engine import ActionResult, Walk, WalkState
from pos_doctor.playbooks.library import Library
from pos_doctor.playbooks.loader import load_playbook
from tests.playbooks.test_engine_details import Person, head, step

FULL_PAN = "6225880000001234"


LOOKED_AT = datetime(2026, 12, 1, 14, 30)  # when staff looked at the POS机: fixed, so no walk crosses midnight


def _at(minutes_ago: int) -> str:
    """A time as staff and the customer read it, with its date (a bare 23:55 typed at 00:01 would be today's)."""
    return (LOOKED_AT - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%d %H:%M")


class NoLink:
    """No terminal configured: every reading fails, as DeviceServices does without a port."""

    def __init__(self):
        self.actions: list[str] = []

    def run_checks(self, ids):
        return []

    def action(self, name, params):
        self.actions.append(name)
        return ActionResult(False, Text("Could not do it: no terminal", "无法完成：没有POS机"), data={"error": "UsageError"})

    def identity(self):
        return {"port": None, "scenario": None, "terminal_id": None, "serial": None}


MAIN = head("main") + step("amount", "record", field="customer_amount", type="amount") \
    + step("time", "record", field="customer_time", type="time") \
    + step("card", "record", field="customer_card_last4", type="number", optional="true") \
    + step("reconcile", "reconcile", on_charged="paid", on_not_charged="retry", on_mismatch="call",
           on_unknown="call", on_unreadable="typed") \
    + step("typed", "record_list", type="transactions") \
    + step("reconcile-typed", "reconcile", source="typed_terminal", on_charged="paid", on_not_charged="retry",
           on_mismatch="call", on_unknown="call") \
    + step("retry", "end", outcome="resolved", allows="new_payment") \
    + step("paid", "end", outcome="resolved") \
    + step("call", "escalate", to='{en: "p", zh: "服务商"}', evidence="[payment]")


def library(tmp_path, text=MAIN) -> Library:
    (tmp_path / "main.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return Library.load([tmp_path])


def typed_list(result="失败", complete=True, card="1234"):
    out = {"where": "list", "transactions": [{"amount": "99.00", "time": _at(6), "card": card, "voucher": "000122",
                                              "result": result}]}
    if complete:
        out["complete"] = {"from": _at(30), "to": _at(0)}
    return out


def walk(tmp_path, *replies):
    services = NoLink()
    person = Person(*replies)
    st = Walk(library(tmp_path), services, person, WalkState(playbook="main")).run()
    return st, services, person


# --- the loader -----------------------------------------------------------------------------------------------
def test_the_step_kinds_and_keys_load(tmp_path):
    pb = load_playbook(tmp_path / "main.yaml") if library(tmp_path) else None
    assert pb.step("typed").kind == "record_list" and pb.step("typed").type == "transactions"
    assert pb.step("reconcile-typed").origin == "typed_terminal" and pb.step("reconcile").origin == "link"
    assert pb.step("reconcile").verdict_target("unreadable") == "typed"
    assert pb.step("reconcile-typed").verdict_target("unreadable") == "call"  # else on_unknown


@pytest.mark.parametrize("old, new, expected", [
    ("    type: transactions\n", "    type: orders\n", "(at steps[4].type): unknown type 'orders'; use one of transactions"),
    ("    source: typed_terminal\n", "    source: paper\n",
     "(at steps[5].source): unknown source 'paper'; use one of link, typed_terminal, qr_app, statement"),
    ("    source: typed_terminal\n", "    origin: typed_terminal\n",  # the key of earlier versions
     "(at steps[5].origin): 'origin' is no longer a key; use `source:` instead (source: typed_terminal)"),
    ("    type: transactions\n", "", "(at steps[4]): missing required key 'type'"),
    ("    type: transactions\n", "    type: transactions\n    field: x\n", "(at steps[4].field): unknown key 'field'"),
])
def test_mistakes_are_named_with_file_line_column(tmp_path, old, new, expected):
    text = textwrap.dedent(MAIN)
    assert old in text
    (tmp_path / "main.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UserFileError) as exc:
        load_playbook(tmp_path / "main.yaml")
    assert any(expected in line for line in exc.value.lines()), exc.value.lines()


# --- the engine ------------------------------------------------------------------------------------------------
def test_no_link_takes_the_unreadable_branch_and_a_complete_typed_list_decides(tmp_path):
    st, services, person = walk(tmp_path, "99.00", _at(6), "1234", typed_list())
    assert st.outcome == "resolved" and st.frames[-1] == ["main", "retry"]
    assert services.actions == ["read_journal"]  # only the link reconcile tried the link; the typed one never
    assert st.payment["verdict"] == "not_charged" and st.payment["decided_by"]["origin"] == "typed_terminal"
    assert st.terminal_evidence["evidence"]["origin"] == "typed_terminal"
    entry = next(e for e in st.transcript if e.get("step") == "typed")
    assert entry["answer"] == "typed" and entry["typed"]["transactions"][0]["card"] == "1234"
    retry = next(e for e in st.transcript if e.get("step") == "retry")
    assert retry["new_payment_allowed"] is True and retry["verdict"] == "not_charged"


def test_a_partial_typed_list_never_opens_the_new_payment(tmp_path):
    st, _, _ = walk(tmp_path, "99.00", _at(6), "1234", typed_list(complete=False))
    assert st.outcome == "escalated" and st.payment["verdict"] == "unknown"
    assert not any(e.get("new_payment_allowed") for e in st.transcript)


def test_a_whole_card_number_typed_is_kept_as_its_last_four_digits_only(tmp_path):
    import json

    st, _, _ = walk(tmp_path, "99.00", _at(6), "1234", typed_list(result="成功", card=FULL_PAN))
    assert st.payment["verdict"] == "charged" and FULL_PAN not in json.dumps(st.to_json(), ensure_ascii=False)


def test_a_bad_typed_list_is_asked_again_saying_which_field(tmp_path):
    bad = typed_list()
    bad["transactions"][0]["amount"] = "1,250"
    st, _, person = walk(tmp_path, "99.00", _at(6), "1234", bad, typed_list())
    again = [p for p in person.prompts if p["step"] == "typed"]
    assert again[1]["error"] == ("transaction 1, amount: type the amount as a number, e.g. 99.00",
                                 "第 1 笔的金额：请输入数字金额，例如 99.00")
    assert st.payment["verdict"] == "not_charged"


def test_skipping_the_typed_list_keeps_the_unreadable_evidence_and_stays_unknown(tmp_path):
    st, services, _ = walk(tmp_path, "99.00", _at(6), "1234", "\x00skip")
    assert st.answers["main/typed"] == "skipped" and st.payment["verdict"] == "unknown"
    assert st.outcome == "escalated" and services.actions == ["read_journal"]


def test_a_typed_verdict_is_unsettled_by_a_later_link_reading(tmp_path):
    """The money step after a typed verdict reconciles again when the terminal was read since (binding.py): the
    typed reconcile step compares what is held - here the new (unreadable) reading - and the payment stays shut."""
    text = MAIN.replace(step("retry", "end", outcome="resolved", allows="new_payment"),
                        step("retry", "end", outcome="resolved", allows="new_payment")) \
        .replace('    on_not_charged: retry\n    on_mismatch: call\n    on_unknown: call\n  - id: retry',
                 '    on_not_charged: read-again\n    on_mismatch: call\n    on_unknown: call\n'
                 '  - id: read-again\n    kind: action\n    action: read_journal\n'
                 '    text: {en: "read", zh: "读取"}\n    goto: retry\n  - id: retry')
    services, person = NoLink(), Person("99.00", _at(6), "1234", typed_list())
    st = Walk(library(tmp_path, text), services, person, WalkState(playbook="main")).run()
    assert services.actions == ["read_journal", "read_journal"]
    assert not any(e.get("new_payment_allowed") for e in st.transcript)
    again = [e for e in st.transcript if e.get("step") == "reconcile-typed"]
    assert len(again) == 2 and again[1]["again"]["reason"] in ("terminal_read", "evidence_changed")
    assert again[1]["payment"]["verdict"] == "unknown"
