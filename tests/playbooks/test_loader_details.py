"""Playbook validation in detail: the rules the mutation run (tools/mutation.py) found unasserted — a question's
field, check steps, the limits of max_visits, what an escalate, include or choice may leave out, every problem of a
list reported, and where a condition's column is counted from. In-process and fast."""

from __future__ import annotations

import pytest

from pos_doctor.playbooks.loader import load_playbook
from tests.playbooks.test_loader import GOOD, INSTRUCTION, problems, write


def good() -> str:
    return GOOD.format(id="till-test")


def lines(tmp_path, text) -> list[str]:
    """The problems of a file, each as "line:col (at path): what" (the file's path taken off)."""
    return [line.removeprefix(f"{tmp_path}/till-test.yaml:") for line in problems(write(tmp_path, text))]


QUESTION = ('  - id: switch-on\n    kind: question\n    text: {{en: "How?", zh: "怎么付？"}}\n{field}'
            '    choices:\n      - {{id: card, label: {{en: Card, zh: 刷卡}}, goto: worked}}\n'
            '      - {{id: qr, label: {{en: QR, zh: 扫码}}, goto: worked}}\n')


def test_a_question_keeps_its_field_for_conditions_and_evidence(tmp_path):
    text = good().replace(INSTRUCTION, QUESTION.format(field="    field: payment_method\n"))
    text = text.replace("    evidence: [check_results]\n", "    evidence: [payment_method]\n    when: \"value('payment_method') == 'qr'\"\n")
    pb = load_playbook(write(tmp_path, text))
    assert pb.step("switch-on").field == "payment_method" and pb.step("call").evidence == ("payment_method",)
    assert pb.fields() == {"payment_method": "choice"}
    assert load_playbook(write(tmp_path, good().replace(INSTRUCTION, QUESTION.format(field="")))).step("switch-on").field is None


@pytest.mark.parametrize("field, shown", [("Payment", "'Payment'"), ("5", "5"), ("pay-method", "'pay-method'")])
def test_a_question_field_must_be_a_name(tmp_path, field, shown):
    text = good().replace(INSTRUCTION, QUESTION.format(field=f"    field: {field}\n"))
    assert lines(tmp_path, text) == [f"17:5 (at steps[1].field): field name must be lower-case letters, digits and '_' "
                                     f"(e.g. payment_method), got {shown}"]


CHECK = '  - id: worked\n    kind: check\n    checks: {checks}\n    on_ok: fixed\n    on_fail: call\n'
CONFIRM = '  - id: worked\n    kind: confirm\n    text: {en: "Better?", zh: "好了吗？"}\n    on_yes: fixed\n    on_no: call\n'


def test_a_check_step_keeps_its_checks_and_names_an_unknown_one(tmp_path):
    text = good().replace(CONFIRM, CHECK.format(checks="[printer.receipt, link.printer]"))
    assert load_playbook(write(tmp_path, text)).step("worked").checks == ("printer.receipt", "link.printer")
    text = good().replace(CONFIRM, CHECK.format(checks="[printer.receipt, link.printr]"))
    assert lines(tmp_path, text) == ["20:31 (at steps[2].checks[1]): unknown check 'link.printr'; did you mean 'link.printer'?"]
    text = good().replace(CONFIRM, CHECK.format(checks="printer.receipt"))
    assert lines(tmp_path, text) == ["20:5 (at steps[2].checks): expected a list of checks, got text"]


@pytest.mark.parametrize("n", [1, 20])
def test_max_visits_from_one_to_twenty(tmp_path, n):
    text = good().replace("    verify: [printer.receipt]\n", f"    verify: [printer.receipt]\n    max_visits: {n}\n")
    assert load_playbook(write(tmp_path, text)).step("switch-on").max_visits == n


def test_an_escalate_step_may_leave_out_its_evidence(tmp_path):
    text = good().replace("    evidence: [check_results]\n", "")
    assert load_playbook(write(tmp_path, text)).step("call").evidence == ()


def test_an_include_without_a_playbook_is_one_problem(tmp_path):
    text = good().replace("  - id: call\n    kind: escalate\n", "  - id: more\n    kind: include\n  - id: call\n    kind: escalate\n")
    assert lines(tmp_path, text) == ["23:5 (at steps[3]): missing required key 'playbook'"]


def test_a_choice_without_id_or_goto_is_one_problem_each(tmp_path):
    text = good().replace('{id: is-on, label: {en: "On", zh: "开"}, goto: fixed}', '{label: {en: "On", zh: "开"}, goto: fixed}')
    assert lines(tmp_path, text) == ["12:9 (at steps[0].choices[0]): missing required key 'id'"]
    text = good().replace('{id: is-on, label: {en: "On", zh: "开"}, goto: fixed}', '{id: is-on, label: {en: "On", zh: "开"}}')
    assert lines(tmp_path, text) == ["12:9 (at steps[0].choices[0]): missing required key 'goto'"]


def test_every_choice_that_is_not_a_mapping_is_named(tmp_path):
    text = good().replace('      - {id: is-on, label: {en: "On", zh: "开"}, goto: fixed}\n', "      - one\n      - 2\n")
    assert lines(tmp_path, text) == ["12:9 (at steps[0].choices[0]): expected a choice {id, label, goto}, got text",
                                     "13:9 (at steps[0].choices[1]): expected a choice {id, label, goto}, got a number"]


def test_every_parameter_of_an_action_is_checked(tmp_path):
    action = ('  - id: switch-on\n    kind: action\n    action: wait_for_check\n    params: {timeout_s: 0}\n'
              '    text: {en: "Wait.", zh: "等待。"}\n')
    assert lines(tmp_path, good().replace(INSTRUCTION, action)) == [
        "17:5 (at steps[1].params): missing required key 'check'",
        "17:14 (at steps[1].params.timeout_s): expected 1..3600 seconds, got 0"]


def test_conditions_may_ask_for_the_answer_of_a_record_step(tmp_path):
    record = ('  - id: switch-on\n    kind: record\n    field: amount\n    type: amount\n'
              '    text: {en: "Amount?", zh: "金额？"}\n    when: "answer(\'ask\') == \'is-off\'"\n')
    text = good().replace(INSTRUCTION, record).replace(
        "    on_yes: fixed\n", "    on_yes: fixed\n    when: \"answer('switch-on') == '12.00'\"\n")
    assert load_playbook(write(tmp_path, text)).step("worked").when.source == "answer('switch-on') == '12.00'"


def test_a_condition_that_is_not_text_is_named_where_its_value_starts(tmp_path):
    text = good().replace("    kind: instruction\n", "    kind: instruction\n    when: [1, 2]\n", 1)
    assert lines(tmp_path, text) == ["16:11 (at steps[1].when): bad condition: expected a condition as text, "
                                     "e.g. answer('step-id') == 'yes'"]


def test_an_unquoted_condition_starting_with_a_capital_counts_from_its_first_letter(tmp_path):
    text = good().replace("    kind: instruction\n", "    kind: instruction\n    when: Xyz('a')\n", 1)
    assert lines(tmp_path, text) == ["16:11 (at steps[1].when): bad condition: unknown function 'Xyz'; use one of "
                                     "answer, check, value, last_tx, visited"]


def test_a_branch_target_that_is_not_an_id_names_its_key(tmp_path):
    text = good().replace("    on_yes: fixed\n", "    on_yes: Fixed\n")
    assert lines(tmp_path, text) == ["21:5 (at steps[2].on_yes): on_yes must be lower-case letters, digits and '-' "
                                     "(e.g. check-cable), got 'Fixed'"]


# --- the money rule in the validator --------------------------------------------------------------------------------
MONEY_HEAD = 'spec: 1\nid: till-test\ntitle: {en: "T", zh: "测"}\nsummary: {en: "S", zh: "概"}\nsteps:\n'


def st(sid, kind, **kw) -> str:
    out = f"  - id: {sid}\n    kind: {kind}\n"
    if kind != "include":
        out += '    text: {en: "x", zh: "说明"}\n'
    return out + "".join(f"    {k}: {v}\n" for k, v in kw.items())


CUSTOMER = st("amount", "record", field="customer_amount", type="amount") + st("time", "record", field="customer_time", type="time")
CALL = st("call", "escalate", to='{en: "p", zh: "服务商"}')


@pytest.mark.parametrize("allows, where, what", [
    ("charge_again", "steps[3].allows", "unknown money permission 'charge_again'; use new_payment, refund, void, refund_duplicate, difference"),
    ("[refund, charge_again]", "steps[3].allows[1]",
     "unknown money permission 'charge_again'; use new_payment, refund, void, refund_duplicate, difference"),
    ("[]", "steps[3].allows", "expected one of new_payment, refund, void, refund_duplicate, difference (or a list of them), got an empty list"),
    ("5", "steps[3].allows", "expected one of new_payment, refund, void, refund_duplicate, difference (or a list of them), got a number"),
])
def test_a_money_permission_must_be_known(tmp_path, allows, where, what):
    text = MONEY_HEAD + CUSTOMER + st("rec", "reconcile", on_charged="paid", on_not_charged="paid", on_mismatch="call",
                                      on_unknown="call") \
        + st("paid", "end", outcome="resolved", allows=allows) + CALL
    found = [line.split(" ", 1)[1] for line in lines(tmp_path, text)]
    assert found == [f"(at {where}): {what}"]


def test_resolved_after_a_mismatch_is_refused_even_without_a_money_step(tmp_path):
    text = MONEY_HEAD + CUSTOMER + st("rec", "reconcile", on_charged="paid", on_not_charged="paid", on_mismatch="paid",
                                      on_unknown="call") + st("paid", "end", outcome="resolved") + CALL
    assert lines(tmp_path, text) == [
        "26:5 (at steps[3].outcome): step 'paid' ends resolved, but it is reached with the verdict 'mismatch' on the "
        "path amount → time → rec → paid; end that path with escalate (call the provider with the evidence) or "
        "outcome: not_resolved"]


def test_an_unsettled_verdict_may_end_not_resolved(tmp_path):
    text = MONEY_HEAD + CUSTOMER + st("rec", "reconcile", on_charged="paid", on_not_charged="paid", on_mismatch="call",
                                      on_unknown="open") \
        + st("paid", "end", outcome="resolved") + st("open", "end", outcome="not_resolved") + CALL
    assert load_playbook(write(tmp_path, text)).step("open").outcome == "not_resolved"


def test_choosing_the_payment_method_again_takes_the_verdict_away(tmp_path):
    text = MONEY_HEAD + CUSTOMER + st("rec", "reconcile", on_charged="paid", on_not_charged="method", on_mismatch="call",
                                      on_unknown="call") \
        + st("method", "question", field="payment_method",
             choices="[{id: card, label: {en: C, zh: 卡}, goto: again}, {id: qr, label: {en: Q, zh: 码}, goto: again}]") \
        + st("again", "instruction", allows="new_payment", goto="paid") + st("paid", "end", outcome="resolved") + CALL
    (only,) = lines(tmp_path, text)
    assert "step 'again' allows new_payment, which needs the verdict 'not_charged'; no reconcile step precedes it on " \
           "the path amount → time → rec → method → again" in only


def test_a_step_skipped_by_its_condition_passes_its_verdict_on_to_the_next(tmp_path):
    # "maybe", when skipped, goes on to the next step in the file ("again"), not to its goto (as the engine walks)
    text = MONEY_HEAD + CUSTOMER + st("rec", "reconcile", on_charged="paid", on_not_charged="again", on_mismatch="call",
                                      on_unknown="maybe") \
        + st("paid", "end", outcome="resolved") + CALL \
        + st("maybe", "instruction", when="\"value('customer_amount') > 100\"", goto="call") \
        + st("again", "instruction", allows="new_payment", goto="call")
    (only,) = lines(tmp_path, text)
    assert "step 'again' allows new_payment, which needs the verdict 'not_charged'; it is reached with the verdict " \
           "'unknown' on the path amount → time → rec → maybe → again" in only


def test_a_last_step_with_a_condition_has_no_next_step(tmp_path):
    text = MONEY_HEAD + CUSTOMER + st("rec", "reconcile", on_charged="paid", on_not_charged="paid", on_mismatch="call",
                                      on_unknown="call") \
        + CALL + st("paid", "end", outcome="resolved", when="\"value('customer_amount') > 1\"")
    assert load_playbook(write(tmp_path, text)).steps[-1].id == "paid"


# --- whole files ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("- just\n- a list\n", "1:1: expected a playbook (a mapping with spec, id, title, steps), got a list"),
    ("spec: 1\nid: [unclosed\n", None),  # not YAML at all: the YAML reader's message, still a playbook error
])
def test_a_file_that_is_no_playbook_is_a_playbook_error(tmp_path, text, expected):
    from pos_doctor.errors import UserFileError

    with pytest.raises(UserFileError) as exc:
        load_playbook(write(tmp_path, text))
    assert exc.value.kind == "playbook"
    if expected:
        assert exc.value.lines() == [f"{tmp_path}/till-test.yaml:{expected}"]


@pytest.mark.parametrize("key", ["id", "title"])
def test_a_missing_id_or_title_is_one_problem(tmp_path, key):
    text = "\n".join(line for line in good().splitlines() if not line.startswith(f"{key}:")) + "\n"
    assert lines(tmp_path, text) == [f"1:1: missing required key '{key}'"]


def test_a_skipped_step_falls_through_even_when_it_has_a_goto(tmp_path):
    """The engine goes on to the next step in the file when a step's condition is false, whatever its goto says; so
    that next step is reachable, and the validator must see the edge (it called it unreachable)."""
    step = ('  - id: switch-on\n    kind: instruction\n    text: {en: "Switch it on.", zh: "打开它。"}\n'
            '    when: "answer(\'ask\') == \'is-off\'"\n    goto: fixed\n')
    pb = load_playbook(write(tmp_path, good().replace(INSTRUCTION, step)))  # valid: no "cannot be reached"
    assert pb.edges()["switch-on"] == ["fixed", "worked"]


# --- wave 11 (mutation run): an action's values, the whole money message, a skip at the next-to-last step -----------
def test_the_values_an_import_action_stores_may_be_read_by_conditions_after_it(tmp_path):
    text = MONEY_HEAD + st("imp", "action", action="import_statement", params="{}") \
        + st("found", "instruction", when="\"value('statement_finding') == 'missing'\"", goto="done") \
        + st("done", "end", outcome="resolved")
    pb = load_playbook(write(tmp_path, text))
    assert [s.id for s in pb.steps] == ["imp", "found", "done"]
    text = text.replace("import_statement", "read_journal")
    assert lines(tmp_path, text) == ["14:18 (at steps[1].when): value('statement_finding'): no record step stores "
                                     "'statement_finding' (fields: none)"]


def test_a_money_step_before_any_reconcile_is_told_in_full(tmp_path):
    text = MONEY_HEAD + CUSTOMER + st("again", "instruction", allows="new_payment", goto="paid") \
        + st("paid", "end", outcome="resolved")
    assert lines(tmp_path, text) == [
        "19:5 (at steps[2].allows): step 'again' allows new_payment, which needs the verdict 'not_charged'; no "
        "reconcile step precedes it on the path amount → time → again (or the customer's evidence was recorded again "
        "after it). Send the walk here only from a reconcile step's on_not_charged branch"]


def test_a_skipped_record_of_the_customers_evidence_passes_the_verdict_on_to_the_last_step(tmp_path):
    from pos_doctor.playbooks.loader import verdict_flow

    # "again", when recorded, clears the verdict; when skipped (its condition false), the mismatch (and a double
    # charge) goes on to the step after it: the last one, "c" (not the one before it)
    text = MONEY_HEAD + CUSTOMER + st("rec", "reconcile", on_charged="d", on_not_charged="d", on_mismatch="again",
                                      on_unknown="d") + st("d", "end", outcome="not_resolved") \
        + st("again", "record", field="customer_amount", type="amount", when="\"value('customer_amount') > 100\"") \
        + st("c", "end", outcome="not_resolved")
    path = ["amount", "time", "rec", "again", "c"]
    flow = verdict_flow(load_playbook(write(tmp_path, text)))
    assert flow["c"] == {"none": path, "mismatch": path, "double_charge": path}


def test_a_playbook_parsed_without_saying_so_is_not_a_shipped_one(tmp_path):
    from pos_doctor.playbooks.loader import KIND, parse_playbook
    from pos_doctor.yamlfile import load_yaml_file

    doc = load_yaml_file(write(tmp_path, good()), KIND)
    assert parse_playbook(doc).shipped is False and parse_playbook(doc, shipped=True).shipped is True
