"""Playbook validation: each mistake an author can make is reported with file, line, column and what to do —
through the library, `playbooks validate` and `fix` — and the JSON Schema agrees with the shipped files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_doctor.checks.registry import DECLARED_ORDER
from pos_doctor.errors import UserFileError
from pos_doctor.playbooks.library import Library, validate_paths
from pos_doctor.playbooks.loader import load_playbook
from pos_doctor.resources import schemas_dir, shipped_playbooks_dir

GOOD = """\
spec: 1
id: {id}
title: {{en: "Till test", zh: "收银测试"}}
summary: {{en: "A test.", zh: "测试。"}}
situation: false
recommended_by: [printer.receipt]
steps:
  - id: ask
    kind: question
    text: {{en: "Is it on?", zh: "开着吗？"}}
    choices:
      - {{id: is-on, label: {{en: "On", zh: "开"}}, goto: fixed}}
      - {{id: is-off, label: {{en: "Off", zh: "关"}}, goto: switch-on}}
  - id: switch-on
    kind: instruction
    text: {{en: "Switch it on.", zh: "打开它。"}}
    verify: [printer.receipt]
  - id: worked
    kind: confirm
    text: {{en: "Better?", zh: "好了吗？"}}
    on_yes: fixed
    on_no: call
  - id: call
    kind: escalate
    to: {{en: "the supplier", zh: "供应商"}}
    evidence: [check_results]
    text: {{en: "Call them.", zh: "打电话。"}}
  - id: fixed
    kind: end
    outcome: resolved
    text: {{en: "Done.", zh: "好了。"}}
"""


def write(tmp_path, text: str, name: str = "till-test") -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def problems(path, lang: str = "en") -> list[str]:
    with pytest.raises(UserFileError) as exc:
        load_playbook(path)
    return exc.value.lines(lang)


def problem_zh(what) -> str:
    """A problem (the validators' message, a str carrying it) said in Chinese."""
    return what.text("zh")


def test_good_playbook_loads(tmp_path):
    pb = load_playbook(write(tmp_path, GOOD.format(id="till-test")))
    assert [s.id for s in pb.steps] == ["ask", "switch-on", "worked", "call", "fixed"]
    assert pb.step("ask").choices[1].goto == "switch-on"


@pytest.mark.parametrize("old, new, expected", [
    ("goto: switch-on}", "goto: swich-on}", "till-test.yaml:13:51 (at steps[0].choices[1].goto): no step 'swich-on' in this playbook; did you mean 'switch-on'?"),
    ("    on_no: call\n", "    on_no: fixed\n", "till-test.yaml:23:5 (at steps[3].id): step 'call' cannot be reached from the first step; add a goto to it or remove it"),
    ("    verify: [printer.receipt]\n", "    verify: [printer.reciept]\n", "till-test.yaml:17:14 (at steps[1].verify[0]): unknown check 'printer.reciept'; did you mean 'printer.receipt'?"),
    ("    kind: instruction\n", "    kind: instructon\n", "till-test.yaml:15:5 (at steps[1].kind): unknown step kind 'instructon'; use one of instruction, question, confirm, check, action, record, escalate, include, end, reconcile, record_list"),
    ("    on_yes: fixed\n", "    on_yes: fixed\n    on_maybe: call\n", "till-test.yaml:22:5 (at steps[2].on_maybe): unknown key 'on_maybe'; did you mean 'on_yes'?"),
    ('text: {en: "Switch it on.", zh: "打开它。"}', 'text: {zh: "打开它。", de: "Schalten Sie es ein."}', "till-test.yaml:16:5 (at steps[1].text): missing required key 'en'"),
    ('text: {en: "Switch it on.", zh: "打开它。"}', 'text: {en: "Switch it on.", fr: "Allumez-le."}', "till-test.yaml:16:33 (at steps[1].text.fr): unknown key 'fr'; expected one of: de, en, zh"),
    ('text: {en: "Switch it on.", zh: "打开它。"}', 'text: {en: "Switch it on.", de: ""}', "(at steps[1].text.de): expected non-empty text in 'de', got text"),
    ("spec: 1\n", "spec: 2\n", "till-test.yaml:1:1 (at spec): unsupported spec 2; this pos-doctor reads spec: 1"),
    ("id: till-test\n", "id: other\n", "till-test.yaml:2:1 (at id): id 'other' differs from the file name; name the file other.yaml"),
    ("    outcome: resolved\n", "    outcome: fine\n", "till-test.yaml:30:5 (at steps[4].outcome): unknown outcome 'fine'; use one of resolved, not_resolved, escalated"),
    ("    evidence: [check_results]\n", "    evidence: [photos]\n", "till-test.yaml:26:16 (at steps[3].evidence[0]): unknown evidence 'photos'; use last_transaction, check_results, steps_taken, trace, payment, statement or a recorded field (none here)"),
])
def test_mistakes_are_named_with_file_line_column(tmp_path, old, new, expected):
    text = GOOD.format(id="till-test")
    assert old in text
    lines = problems(write(tmp_path, text.replace(old, new, 1)))
    assert any(line.endswith(expected) for line in lines), lines


CONFIRM = '  - id: worked\n    kind: confirm\n    text: {en: "Better?", zh: "好了吗？"}\n    on_yes: fixed\n    on_no: call\n'
CHECK = '  - id: worked\n    kind: check\n    checks: [printer.receipt]\n    on_ok: {ok}\n    on_fail: {fail}\n'
INSTRUCTION = '  - id: switch-on\n    kind: instruction\n    text: {en: "Switch it on.", zh: "打开它。"}\n    verify: [printer.receipt]\n'
ACTION = ('  - id: switch-on\n    kind: action\n    action: wait_for_check\n    params: {{check: printer.receipt, timeout_s: 5}}\n'
          '    text: {{en: "Wait.", zh: "等待。"}}\n    on_error: {err}\n')


@pytest.mark.parametrize("old, new, expected", [
    # every way a step names the next one, each dangling on its own (the good file has no plain goto at all)
    (INSTRUCTION, INSTRUCTION + "    goto: nowhere\n", ["till-test.yaml:18:5 (at steps[1].goto): no step 'nowhere' in this playbook"]),
    ("    on_yes: fixed\n", "    on_yes: nowhere\n", ["till-test.yaml:21:5 (at steps[2].on_yes): no step 'nowhere' in this playbook"]),
    ("    on_no: call\n", "    on_no: call\n    on_unsure: nowhere\n",
     ["till-test.yaml:23:5 (at steps[2].on_unsure): no step 'nowhere' in this playbook"]),
    (CONFIRM, CHECK.format(ok="fixd", fail="nowhere"),
     ["till-test.yaml:21:5 (at steps[2].on_ok): no step 'fixd' in this playbook; did you mean 'fixed'?",
      "till-test.yaml:22:5 (at steps[2].on_fail): no step 'nowhere' in this playbook"]),
    (INSTRUCTION, ACTION.format(err="nowhere"), ["till-test.yaml:19:5 (at steps[1].on_error): no step 'nowhere' in this playbook"]),
])
def test_every_dangling_target_is_named(tmp_path, old, new, expected):
    text = GOOD.format(id="till-test")
    assert old in text
    assert problems(write(tmp_path, text.replace(old, new, 1))) == [f"{tmp_path}/{line}" for line in expected]


def test_check_and_action_steps_with_good_targets_load(tmp_path):
    text = GOOD.format(id="till-test").replace(CONFIRM, CHECK.format(ok="fixed", fail="call"))
    assert load_playbook(write(tmp_path, text)).step("worked").on_fail == "call"
    text = GOOD.format(id="till-test").replace(INSTRUCTION, ACTION.format(err="call"))
    assert load_playbook(write(tmp_path, text)).step("switch-on").on_error == "call"


def test_yaml_booleans_as_ids_are_explained(tmp_path):
    lines = problems(write(tmp_path, GOOD.format(id="till-test").replace("id: is-on,", "id: on,")))
    assert lines == [f"{tmp_path}/till-test.yaml:12:10 (at steps[0].choices[0].id): choice id reads as true: YAML takes "
                     "yes/no/on/off as true/false; put the id in quotes, e.g. \"on\""]


def test_condition_errors_point_into_the_condition(tmp_path):
    text = GOOD.format(id="till-test").replace(
        "  - id: switch-on\n    kind: instruction\n",
        "  - id: switch-on\n    kind: instruction\n    when: \"answer('ask') == 'off' and chek('x')\"\n")
    lines = problems(write(tmp_path, text))
    # the value's quote is at column 11; 'chek' is the 28th character of the condition: 11 + 1 + 27
    assert lines == [f"{tmp_path}/till-test.yaml:16:39 (at steps[1].when): bad condition: unknown function 'chek'; "
                     "use one of answer, check, value, last_tx, visited"]
    text = text.replace("chek('x')", "answer('nope') == 1")
    assert problems(write(tmp_path, text)) == [
        f"{tmp_path}/till-test.yaml:16:46 (at steps[1].when): answer('nope'): no step 'nope' in this playbook"]


def test_loops_need_a_limit(tmp_path):
    looping = GOOD.format(id="till-test").replace("    on_no: call\n", "    on_no: switch-on\n    on_unsure: call\n")
    lines = problems(write(tmp_path, looping))
    assert lines == [f"{tmp_path}/till-test.yaml:14:5 (at steps[1]): steps switch-on → worked → switch-on form a loop "
                     "without a limit; add max_visits: N to one of them"]
    limited = looping.replace("    verify: [printer.receipt]\n", "    verify: [printer.receipt]\n    max_visits: 2\n")
    assert load_playbook(write(tmp_path, limited)).step("switch-on").max_visits == 2


def test_falling_off_the_end(tmp_path):
    text = GOOD.format(id="till-test") + "  - id: extra\n    kind: instruction\n    text: {en: \"x\", zh: \"x\"}\n"
    text = text.replace("goto: fixed}", "goto: extra}")
    assert any("step 'extra' is the last one but does not end the playbook" in line for line in problems(write(tmp_path, text)))


def test_includes_must_exist_and_not_cycle(tmp_path):
    a = GOOD.format(id="pb-a").replace("  - id: call\n", "  - id: more\n    kind: include\n    playbook: pb-b\n  - id: call\n")
    a = a.replace("    on_no: call\n", "    on_no: more\n")
    b = GOOD.format(id="pb-b").replace("  - id: call\n", "  - id: back\n    kind: include\n    playbook: pb-a\n  - id: call\n")
    b = b.replace("    on_no: call\n", "    on_no: back\n")
    write(tmp_path, a, "pb-a")
    write(tmp_path, b, "pb-b")
    lib = Library.load([tmp_path])
    with pytest.raises(UserFileError) as exc:
        lib.get("pb-a")
    assert "include cycle: pb-a → pb-b → pb-a" in exc.value.lines()[0]
    write(tmp_path, a.replace("playbook: pb-b", "playbook: pb-c"), "pb-a")
    with pytest.raises(UserFileError) as exc:
        Library.load([tmp_path]).get("pb-a")
    assert exc.value.lines() == [f"{tmp_path}/pb-a.yaml:25:5 (at steps[3].playbook): no playbook 'pb-c'; "
                                 "did you mean 'pb-b'?"]


@pytest.mark.parametrize("extra, said", [
    ("", "step switch-on"),
    ('  - id: when\n    kind: record\n    field: customer_time\n    type: time\n    text: {en: "When?", zh: "几点？"}\n',
     "steps switch-on, when"),
])
def test_a_playbook_that_takes_the_customers_evidence_cannot_be_included(tmp_path, extra, said):
    a = GOOD.format(id="pb-a").replace("  - id: call\n", "  - id: more\n    kind: include\n    playbook: pb-b\n  - id: call\n")
    write(tmp_path, a.replace("    on_no: call\n", "    on_no: more\n"), "pb-a")
    write(tmp_path, GOOD.format(id="pb-b").replace(INSTRUCTION, REC_STEP.format(f="customer_amount", t="amount", o="")
                                                   + extra), "pb-b")
    with pytest.raises(UserFileError) as exc:
        Library.load([tmp_path]).get("pb-a")
    ((_, what),) = exc.value.problems
    assert what == (f"playbook 'pb-b' reconciles or records the customer's evidence ({said}); it cannot be included "
                    "— start it on its own")
    assert problem_zh(what) == f"处理流程 'pb-b' 会核对或记录客人的付款凭据（步骤 {said.split(' ', 1)[1]}），不能被包含；请单独启动它"


def test_technician_playbook_overrides_shipped(tmp_path):
    shipped = (shipped_playbooks_dir() / "printer-paper.yaml").read_text(encoding="utf-8")
    own = shipped.replace("Receipt paper is out or nearly out", "Paper roll (our shop's way)")
    (tmp_path / "printer-paper.yaml").write_text(own, encoding="utf-8")
    lib = Library.load([tmp_path])
    pb = lib.get("printer-paper")
    assert pb.title.en == "Paper roll (our shop's way)" and not pb.shipped
    assert lib.overrides["printer-paper"].name == "printer-paper.yaml"


def test_validate_reports_every_file(tmp_path):
    write(tmp_path, GOOD.format(id="good-one"), "good-one")
    write(tmp_path, GOOD.format(id="bad-one").replace("goto: fixed}", "goto: nowhere}"), "bad-one")
    (tmp_path / "junk.yaml").write_bytes(b"\xff\xfe\x00junk")
    ok, errors = validate_paths([tmp_path])
    assert [os.path.basename(p) for p in ok] == ["good-one.yaml"]
    assert len(errors) == 2


def run_cli(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "xdg"), NO_COLOR="1",
               POS_DOCTOR_LANG="en")
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=tmp_path, timeout=60)


def test_cli_validate_list_show_schema(tmp_path):
    d = tmp_path / "own"
    d.mkdir()
    write(d, GOOD.format(id="bad-one").replace("    on_no: call\n", "    on_no: fixed\n"), "bad-one")
    p = run_cli(tmp_path, "playbooks", "validate", str(d))
    assert p.returncode == 3 and "Traceback" not in p.stderr
    assert f"✗ {d}/bad-one.yaml:23:5 (at steps[3].id): step 'call' cannot be reached" in p.stderr
    assert "1 invalid file(s), 1 problem(s)" in p.stderr and len(p.stderr.splitlines()) < 25
    # the same file breaks `fix` for that playbook with exit 3, not a traceback
    p = run_cli(tmp_path, "fix", "bad-one", "--playbooks", str(d), "--simulate", "healthy")
    assert p.returncode == 3 and "invalid playbook" in p.stderr and "bad-one.yaml:23:5" in p.stderr
    p = run_cli(tmp_path, "playbooks", "list", "--json")
    listed = json.loads(p.stdout)
    assert {x["id"] for x in listed} == {f.stem for f in shipped_playbooks_dir().glob("*.yaml")}
    assert all(x["title"]["zh"] and x["shipped"] for x in listed)
    p = run_cli(tmp_path, "playbooks", "show", "printer-paper", "--format", "markdown", "--lang", "zh")
    assert p.returncode == 0 and p.stdout.startswith("# 小票纸用完或快用完\n") and "## 预防建议" in p.stdout
    assert "**3.** pos-doctor 重新检查：小票打印机" in p.stdout and "- 通过：转到第 7 步" in p.stdout
    p = run_cli(tmp_path, "playbooks", "show", "printer-papr")
    assert p.returncode == 3 and "Did you mean 'printer-paper'?" in p.stderr
    # a plain goto to nowhere: one screen naming file, line and step, not a crash
    write(d, GOOD.format(id="bad-one").replace(INSTRUCTION, INSTRUCTION + "    goto: nowhere\n"), "bad-one")
    p = run_cli(tmp_path, "playbooks", "validate", str(d))
    assert p.returncode == 3 and "internal error" not in p.stderr and "Traceback" not in p.stderr
    assert f"✗ {d}/bad-one.yaml:18:5 (at steps[1].goto): no step 'nowhere' in this playbook" in p.stderr
    schema = json.loads(run_cli(tmp_path, "playbooks", "schema").stdout)
    assert schema["$defs"]["checks"]["items"]["enum"] == DECLARED_ORDER


def test_schema_accepts_shipped_and_refuses_what_the_loader_refuses(tmp_path):
    schema = json.loads((schemas_dir() / "playbook.schema.json").read_text(encoding="utf-8"))
    v = jsonschema.Draft202012Validator(schema)
    for path in shipped_playbooks_dir().glob("*.yaml"):
        assert not list(v.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))), path.name
    bad = yaml.safe_load(GOOD.format(id="x").replace("kind: instruction", "kind: instructon"))
    assert list(v.iter_errors(bad))
    bad = yaml.safe_load(GOOD.format(id="x").replace("    on_no: call\n", "    on_no: call\n    goto: call\n"))
    assert list(v.iter_errors(bad))  # confirm steps branch; goto is refused by both


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.data())
def test_mutated_playbooks_load_or_fail_cleanly(tmp_path, data):
    """Random damage to a valid file: the loader returns a playbook or a UserFileError, nothing else."""
    text = GOOD.format(id="till-test")
    lines = text.splitlines(keepends=True)
    op = data.draw(st.sampled_from(["drop", "dup", "swap", "junk", "truncate"]))
    i = data.draw(st.integers(0, len(lines) - 1))
    if op == "drop":
        del lines[i]
    elif op == "dup":
        lines.insert(i, lines[i])
    elif op == "swap":
        j = data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "junk":
        lines[i] = data.draw(st.text(max_size=30)) + "\n"
    else:
        lines = lines[:i]
    path = tmp_path / "till-test.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    try:
        load_playbook(path)
    except UserFileError as exc:
        assert exc.lines() and all(str(path) in line for line in exc.lines())


ACTION_STEP = '  - id: switch-on\n    kind: action\n    action: {action}\n{params}    text: {{en: "Wait.", zh: "等待。"}}\n'


@pytest.mark.parametrize("action,params,expected", [
    ("reboot", "", ["16:5 (at steps[1].action): unknown action 'reboot'; built-in actions: last_transaction, "
                    "read_journal, print_receipt_copy, printer_recover, printer_status, terminal_diagnosis, terminal_status, wait_for_check, import_statement"]),
    ("wait_for_check", "[1]", ["17:5 (at steps[1].params): expected a mapping, got a list"]),
    ("wait_for_check", "{check: printer.receipt, timeout_s: 5, speed: 1}",
     ["17:52 (at steps[1].params.speed): unknown key 'speed'; expected one of: check, timeout_s"]),
    ("wait_for_check", "{check: printer.receipt}", ["17:5 (at steps[1].params): missing required key 'timeout_s'"]),
    ("wait_for_check", None, ["14:5 (at steps[1].params): missing required key 'check'",
                              "14:5 (at steps[1].params): missing required key 'timeout_s'"]),
    ("wait_for_check", '{check: printer.receipt, timeout_s: "5"}', ["17:38 (at steps[1].params.timeout_s): expected a whole number, got text"]),
    ("wait_for_check", "{check: printer.receipt, timeout_s: true}",
     ["17:38 (at steps[1].params.timeout_s): expected a whole number, got true/false"]),
    ("wait_for_check", "{check: 5, timeout_s: 5}", ["17:14 (at steps[1].params.check): expected text, got a number"]),
    ("wait_for_check", "{check: printer.reciept, timeout_s: 5}", ["17:14 (at steps[1].params.check): unknown check 'printer.reciept'"]),
    ("wait_for_check", "{check: printer.receipt, timeout_s: 0}", ["17:38 (at steps[1].params.timeout_s): expected 1..3600 seconds, got 0"]),
    ("wait_for_check", "{check: printer.receipt, timeout_s: 3601}",
     ["17:38 (at steps[1].params.timeout_s): expected 1..3600 seconds, got 3601"]),
])
def test_action_steps_and_their_params(tmp_path, action, params, expected):
    step = ACTION_STEP.format(action=action, params=f"    params: {params}\n" if params else "")
    text = GOOD.format(id="till-test").replace(INSTRUCTION, step)
    assert problems(write(tmp_path, text)) == [f"{tmp_path}/till-test.yaml:{line}" for line in expected]


@pytest.mark.parametrize("action,params,kept", [
    ("wait_for_check", "{check: printer.receipt, timeout_s: 1}", {"check": "printer.receipt", "timeout_s": 1}),
    ("wait_for_check", "{check: printer.receipt, timeout_s: 3600}", {"check": "printer.receipt", "timeout_s": 3600}),
    ("last_transaction", None, {}),
])
def test_good_action_steps_keep_their_params(tmp_path, action, params, kept):
    step = ACTION_STEP.format(action=action, params=f"    params: {params}\n" if params else "")
    pb = load_playbook(write(tmp_path, GOOD.format(id="till-test").replace(INSTRUCTION, step)))
    assert (pb.step("switch-on").action, pb.step("switch-on").params) == (action, kept)


def _walk_cases():
    g = GOOD.format(id="till-test")
    off_the_end = (g + '  - id: extra\n    kind: instruction\n    text: {en: "x", zh: "x"}\n').replace("goto: fixed}", "goto: extra}")
    cases = [
        (off_the_end, ["32:5 (at steps[5]): step 'extra' is the last one but does not end the playbook; add goto, or end with kind: end"]),
        # a step that goes to itself is a loop too
        (g.replace(INSTRUCTION, INSTRUCTION + "    goto: switch-on\n"),
         ["19:5 (at steps[2].id): step 'worked' cannot be reached from the first step; add a goto to it or remove it",
          "24:5 (at steps[3].id): step 'call' cannot be reached from the first step; add a goto to it or remove it",
          "14:5 (at steps[1]): step 'switch-on' leads back to itself without a limit; add max_visits: N to it"]),
        # the loop is reported at its first step in the file ('zz-on'), not the first by name ('worked')
        (g.replace("id: switch-on\n", "id: zz-on\n").replace("goto: switch-on}", "goto: zz-on}")
         .replace("    on_no: call\n", "    on_no: zz-on\n    on_unsure: call\n"),
         ["14:5 (at steps[1]): steps zz-on → worked → zz-on form a loop without a limit; add max_visits: N to one of them"]),
    ]
    return cases


@pytest.mark.parametrize("case", range(3))
def test_walk_rules(tmp_path, case):
    text, expected = _walk_cases()[case]
    assert problems(write(tmp_path, text)) == [f"{tmp_path}/till-test.yaml:{line}" for line in expected]


RECORD_STEPS = ('  - id: switch-on\n    kind: record\n    field: amount\n    type: amount\n    text: {en: "Amount?", zh: "金额？"}\n'
                '  - id: when-was-it\n    kind: record\n    field: paid_at\n    type: time\n    text: {en: "Time?", zh: "时间？"}\n')


@pytest.mark.parametrize("old,new,expected", [
    ("  - id: worked\n", "  - id: ask\n", ["18:5 (at steps[2].id): duplicate step id 'ask'"]),
    ("goto: switch-on}", "goto: nowhere}", ["13:51 (at steps[0].choices[1].goto): no step 'nowhere' in this playbook"]),
    # a condition without quotes: the column counts from the value itself (with quotes it is one further)
    (INSTRUCTION, INSTRUCTION.replace("    kind: instruction\n", "    kind: instruction\n    when: answer('ask') == 'off' and chek('x')\n"),
     ["16:38 (at steps[1].when): bad condition: unknown function 'chek'; use one of answer, check, value, last_tx, visited"]),
    ("goto: switch-on}", "goto: switch-on, suggest: \"chek('x')\"}",
     ["13:78 (at steps[0].choices[1].suggest): bad condition: unknown function 'chek'; use one of answer, check, value, "
      "last_tx, visited"]),
])
def test_references_inside_the_file(tmp_path, old, new, expected):
    text = GOOD.format(id="till-test")
    assert old in text
    assert problems(write(tmp_path, text.replace(old, new, 1))) == [f"{tmp_path}/till-test.yaml:{line}" for line in expected]


def test_evidence_may_name_the_fields_the_playbook_records(tmp_path):
    text = GOOD.format(id="till-test").replace(INSTRUCTION, RECORD_STEPS)
    assert problems(write(tmp_path, text.replace("    evidence: [check_results]\n", "    evidence: [photos]\n"))) == [
        f"{tmp_path}/till-test.yaml:32:16 (at steps[4].evidence[0]): unknown evidence 'photos'; use last_transaction, "
        "check_results, steps_taken, trace, payment, statement or a recorded field (amount, paid_at)"]
    pb = load_playbook(write(tmp_path, text.replace("    evidence: [check_results]\n", "    evidence: [paid_at, amount]\n")))
    assert pb.step("call").evidence == ("paid_at", "amount")


REC_STEP = '  - id: switch-on\n    kind: record\n    field: {f}\n    type: {t}\n{o}    text: {{en: "Amount?", zh: "金额？"}}\n'


# Each mistake an author can make in one file, alone, and the exact breadcrumb it gets (line:col, where, what).
@pytest.mark.parametrize("old,new,expected", [
    ('title: {en: "Till test", zh: "收银测试"}', 'title: "Till test"', ["3:1 (at title): expected a text by language, e.g. {en: \"...\", zh: \"...\", de: \"...\"}, got text"]),
    ('title: {en: "Till test", zh: "收银测试"}', 'title: {en: "Till test", zh: " "}', ["3:26 (at title.zh): expected non-empty text in 'zh', got text"]),
    ('title: {en: "Till test", zh: "收银测试"}', 'title: {en: 5, zh: "收银测试"}', ["3:9 (at title.en): expected non-empty text in 'en', got a number"]),
    ("  - id: ask\n", "  - id: Ask-Me\n", ["8:5 (at steps[0].id): step id must be lower-case letters, digits and '-' (e.g. check-cable), got 'Ask-Me'"]),
    ("recommended_by: [printer.receipt]", "recommended_by: printer.receipt", ["6:1 (at recommended_by): expected a list of checks, got text"]),
    ("recommended_by: [printer.receipt]", "recommended_by: [zzz]", ["6:18 (at recommended_by[0]): unknown check 'zzz'; known: link.terminal, link.printer, terminal.status, terminal.clock, terminal.journal, software.terminal, network.interfaces, network.dns, network.acquirer, network.terminal, printer.receipt, printer.terminal, power.terminal, power.host"]),
    ("recommended_by: [printer.receipt]", "recommended_by: [printer.receipt]\nneeds_checks: [printer.reciept]", ["7:16 (at needs_checks[0]): unknown check 'printer.reciept'; did you mean 'printer.receipt'?"]),
    ("situation: false", "situation: maybe", ["5:1 (at situation): expected true or false, got text"]),
    ("situation: false", "situation: false\nprevention: tip", ["6:1 (at prevention): expected a list of tips ({en, zh, de}), got text"]),
    ("situation: false", "situation: false\nprevention: [{zh: 甲}]", ["6:14 (at prevention[0]): missing required key 'en'"]),
    ("    verify: [printer.receipt]\n", "    verify: [printer.receipt]\n    max_visits: 0\n", ["18:5 (at steps[1].max_visits): expected a whole number 1..20, got 0"]),
    ("    verify: [printer.receipt]\n", "    verify: [printer.receipt]\n    max_visits: 21\n", ["18:5 (at steps[1].max_visits): expected a whole number 1..20, got 21"]),
    ("    verify: [printer.receipt]\n", "    verify: [printer.receipt]\n    max_visits: true\n", ["18:5 (at steps[1].max_visits): expected a whole number 1..20, got true/false"]),
    ("    on_no: call\n", "    on_no: call\n    goto: call\n", ["23:5 (at steps[2].goto): a confirm step cannot have goto (it branches or ends by itself)"]),
    ("    evidence: [check_results]\n", "    evidence: check_results\n", ["26:5 (at steps[3].evidence): expected a list of evidence names, got text"]),
    ("    outcome: resolved\n", "    outcome: resolved\n    goto: call\n", ["31:5 (at steps[4].goto): an end step cannot have goto (it branches or ends by itself)"]),
    ("      - {id: is-off, label: {en: \"Off\", zh: \"关\"}, goto: switch-on}\n", "", ["11:5 (at steps[0].choices): expected a list of at least two choices, got 1 choice"]),
    ("      - {id: is-off, label: {en: \"Off\", zh: \"关\"}, goto: switch-on}\n", "      - just-a-string\n", ["13:9 (at steps[0].choices[1]): expected a choice {id, label, goto}, got text"]),
    ("id: is-off,", "id: is-on,", ["13:10 (at steps[0].choices[1].id): duplicate choice id 'is-on'"]),
    (INSTRUCTION, REC_STEP.format(f="Amount", t="amount", o=""), ["16:5 (at steps[1].field): field name must be lower-case letters, digits and '_' (e.g. customer_amount), got 'Amount'"]),
    (INSTRUCTION, REC_STEP.format(f="amount", t="money", o=""), ["17:5 (at steps[1].type): unknown type 'money'; use one of amount, time, text, phone, number, order"]),
    (INSTRUCTION, REC_STEP.format(f="amount", t="amount", o="    optional: maybe\n"), ["18:5 (at steps[1].optional): expected true or false, got text"]),
    ("  - id: call\n    kind: escalate\n", "  - id: call\n    kind: include\n    playbook: Other\n  - id: callx\n    kind: escalate\n", ["25:5 (at steps[3].playbook): playbook id must be lower-case letters, digits and '-' (e.g. check-cable), got 'Other'"]),
    ("  - id: worked\n    kind: confirm\n", "  - id: worked\n", ["18:5 (at steps[2]): missing required key 'kind'"]),
    ("steps:\n", "steps: []\nx_steps:\n", ["8:1 (at x_steps): unknown key 'x_steps'; did you mean 'steps'?", "7:1 (at steps): expected a non-empty list of steps, got an empty list"]),
    ("  - id: ask\n", "  - 5\n  - id: ask\n", ["8:5 (at steps[0]): expected a step (a mapping with id and kind), got a number"]),
])
def test_each_authoring_mistake_alone(tmp_path, old, new, expected):
    text = GOOD.format(id="till-test")
    assert old in text
    assert problems(write(tmp_path, text.replace(old, new, 1))) == [f"{tmp_path}/till-test.yaml:{line}" for line in expected]


@pytest.mark.parametrize("old,new,expected", [
    ('summary: {en: "A test.", zh: "测试。"}\n', '', ["1:1: missing required key 'summary'"]),
    ('summary: {en: "A test.", zh: "测试。"}\n', 'summary: test\n',
     ["4:1 (at summary): expected a text by language, e.g. {en: \"...\", zh: \"...\", de: \"...\"}, got text"]),
    ('id: till-test\n', 'id: Till_Test\n',
     ["2:1 (at id): playbook id must be lower-case letters, digits and '-' (e.g. check-cable), got 'Till_Test'"]),
    ("  - id: ask\n    kind: question\n", "  - kind: question\n", ["8:5 (at steps[0]): missing required key 'id'"]),
    ('      - {id: is-on, label: {en: "On", zh: "开"}, goto: fixed}\n', '      - {id: is-on, goto: fixed}\n',
     ["12:9 (at steps[0].choices[0]): missing required key 'label'"]),
    ('      - {id: is-on, label: {en: "On", zh: "开"}, goto: fixed}\n', '      - {id: is-on, label: "On", goto: fixed}\n',
     ["12:21 (at steps[0].choices[0].label): expected a text by language, e.g. {en: \"...\", zh: \"...\", de: \"...\"}, got text"]),
    ('    to: {en: "the supplier", zh: "供应商"}\n', "    to: the supplier\n",
     ["25:5 (at steps[3].to): expected a text by language, e.g. {en: \"...\", zh: \"...\", de: \"...\"}, got text"]),
    (INSTRUCTION, INSTRUCTION.replace("    kind: instruction\n", "    kind: instruction\n    title: Switch\n"),
     ["16:5 (at steps[1].title): expected a text by language, e.g. {en: \"...\", zh: \"...\", de: \"...\"}, got text"]),
])
def test_missing_and_malformed_parts(tmp_path, old, new, expected):
    text = GOOD.format(id="till-test")
    assert old in text
    with pytest.raises(UserFileError) as exc:
        load_playbook(write(tmp_path, text.replace(old, new, 1)))
    assert exc.value.lines() == [f"{tmp_path}/till-test.yaml:{line}" for line in expected]
    assert exc.value.kind == "playbook"
    assert exc.value.hint_text("en") == "fix the lines above, then run `pos-doctor playbooks validate`"
    assert exc.value.hint_text("zh") == "修改以上各行，然后运行 `pos-doctor playbooks validate`"


def test_a_loaded_playbook_keeps_everything_it_says(tmp_path):
    text = GOOD.format(id="till-test").replace("recommended_by: [printer.receipt]\n",
                                                "recommended_by: [printer.receipt]\nneeds_checks: [link.printer]\n"
                                                'prevention:\n  - {en: "Keep a roll", zh: "备一卷纸"}\n')
    text = text.replace(INSTRUCTION, INSTRUCTION.replace("    kind: instruction\n", '    kind: instruction\n    title: {en: "On", zh: "开"}\n'))
    path = write(tmp_path, text)
    pb = load_playbook(path)
    assert (pb.id, pb.title.en, pb.title.zh, pb.summary.en, pb.summary.zh) == ("till-test", "Till test", "收银测试", "A test.", "测试。")
    assert pb.situation is False and pb.shipped is False and str(pb.source) == path
    assert pb.recommended_by == ("printer.receipt",) and pb.needs_checks == ("link.printer",)
    assert [(t.en, t.zh) for t in pb.prevention] == [("Keep a roll", "备一卷纸")]
    assert [s.line for s in pb.steps] == [11, 17, 22, 27, 32]
    on = pb.step("switch-on")
    assert (on.title.en, on.text.zh, on.verify) == ("On", "打开它。", ("printer.receipt",))
    assert pb.step("call").to.zh == "供应商" and pb.step("call").evidence == ("check_results",)
    assert pb.step("worked").on_yes == "fixed" and pb.step("fixed").outcome == "resolved"
    assert load_playbook(path, shipped=True).shipped is True
    assert load_playbook(write(tmp_path, text.replace("situation: false", "situation: true"))).situation is True
    assert load_playbook(write(tmp_path, text.replace("situation: false\n", ""))).situation is False


def test_at_most_300_steps(tmp_path):
    def playbook(n: int) -> str:
        head = GOOD.format(id="till-test").split("steps:\n")[0] + "steps:\n"
        body = "".join(f'  - id: s{i}\n    kind: instruction\n    text: {{en: "x", zh: "x"}}\n' for i in range(n - 1))
        return head + body + '  - id: end\n    kind: end\n    outcome: resolved\n    text: {en: "x", zh: "x"}\n'

    assert len(load_playbook(write(tmp_path, playbook(300))).steps) == 300
    assert problems(write(tmp_path, playbook(301))) == [
        f"{tmp_path}/till-test.yaml:7:1 (at steps): 301 steps; at most 300 — split it and use kind: include"]


def test_a_file_that_is_not_a_mapping(tmp_path):
    assert problems(write(tmp_path, "- just\n- a list\n")) == [
        f"{tmp_path}/till-test.yaml:1:1: expected a playbook (a mapping with spec, id, title, steps), got a list"]


def test_record_steps_are_required_unless_optional(tmp_path):
    rec = ('  - id: switch-on\n    kind: record\n    field: amount\n    type: amount\n{o}'
           '    text: {{en: "Amount?", zh: "金额？"}}\n')
    text = GOOD.format(id="till-test")
    assert load_playbook(write(tmp_path, text.replace(INSTRUCTION, rec.format(o="")))).step("switch-on").optional is False
    opt = load_playbook(write(tmp_path, text.replace(INSTRUCTION, rec.format(o="    optional: true\n")))).step("switch-on")
    assert (opt.optional, opt.field, opt.type) == (True, "amount", "amount")


def _when(condition: str) -> str:
    return GOOD.format(id="till-test").replace("    kind: instruction\n", f'    kind: instruction\n    when: "{condition}"\n', 1)


@pytest.mark.parametrize("text,expected", [
    (_when("visited('nope')"), ["16:20 (at steps[1].when): visited('nope'): no step 'nope' in this playbook"]),
    (_when("answer('switch-on') == 'done'"),
     ["16:19 (at steps[1].when): answer('switch-on'): that step is an instruction step; only question, confirm and record steps have answers"]),
    (_when("value('amount') == 1"), ["16:18 (at steps[1].when): value('amount'): no record step stores 'amount' (fields: none)"]),
    (_when("check('printer.reciept') == 'ok'"), ["16:18 (at steps[1].when): check('printer.reciept'): unknown check"]),
    (GOOD.format(id="till-test").replace(INSTRUCTION, RECORD_STEPS).replace(
        "    kind: escalate\n", "    kind: escalate\n    when: \"value('amout') == 1\"\n"),
     ["31:18 (at steps[4].when): value('amout'): no record step stores 'amout' (fields: amount, paid_at)"]),
    (GOOD.format(id="till-test").replace("goto: switch-on}", "goto: Switch-On}"),
     ["13:51 (at steps[0].choices[1].goto): goto must be lower-case letters, digits and '-' (e.g. check-cable), got 'Switch-On'"]),
    (GOOD.format(id="till-test").replace("goto: switch-on}", "goto: switch-on, suggest: \"answer('nope') == 1\"}"),
     ["13:85 (at steps[0].choices[1].suggest): answer('nope'): no step 'nope' in this playbook"]),
])
def test_what_conditions_name_must_exist(tmp_path, text, expected):
    assert problems(write(tmp_path, text)) == [f"{tmp_path}/till-test.yaml:{line}" for line in expected]


def test_conditions_naming_what_exists_load_and_are_kept(tmp_path):
    cond = "answer('worked') == 'yes' and visited('ask') and check('printer.receipt') == 'ok'"
    text = _when(cond).replace("goto: switch-on}", "goto: switch-on, suggest: \"check('printer.receipt') == 'ok'\"}")
    pb = load_playbook(write(tmp_path, text))
    assert pb.step("switch-on").when.source == cond
    (on, off) = pb.step("ask").choices
    assert on.suggest is None and off.suggest.source == "check('printer.receipt') == 'ok'"
    assert (off.id, off.label.zh, off.goto) == ("is-off", "关", "switch-on")


# Messages built from templates read as English and as Chinese: articles, counts, empty lists (issue 18).
CHOICES = ('      - {id: is-on, label: {en: "On", zh: "开"}, goto: fixed}\n'
           '      - {id: is-off, label: {en: "Off", zh: "关"}, goto: switch-on}\n')


@pytest.mark.parametrize("old,new,en,zh", [
    ("    choices:\n" + CHOICES, "    choices: []\n",
     "11:5 (at steps[0].choices): expected a list of at least two choices, got an empty list",
     "至少需要两个选项，实际是空列表"),
    ("    choices:\n" + CHOICES, "    choices: pick one\n",
     "11:5 (at steps[0].choices): expected a list of at least two choices, got text", "至少需要两个选项，实际是文字"),
    (CHOICES, CHOICES.splitlines(keepends=True)[0],
     "11:5 (at steps[0].choices): expected a list of at least two choices, got 1 choice", "至少需要两个选项，实际只有 1 个"),
    ("    evidence: [check_results]\n", "    evidence: [check_results]\n    goto: fixed\n",
     "27:5 (at steps[3].goto): an escalate step cannot have goto (it branches or ends by itself)",
     "这类步骤（`escalate`）不能有 `goto`，它自己会分支或结束"),
    ("    outcome: resolved\n", "    outcome: resolved\n    allows: []\n",
     "31:5 (at steps[4].allows): expected one of new_payment, refund, void, refund_duplicate, difference (or a list of them), got an empty list",
     "可选值为 `new_payment, refund, void, refund_duplicate, difference`（或由它们组成的列表），实际是空列表"),
    (INSTRUCTION, '  - id: switch-on\n    kind: action\n    action: last_transaction\n    params: {since: 5}\n'
                  '    text: {en: "Look.", zh: "看。"}\n',
     "17:5 (at steps[1].params): action 'last_transaction' takes no params; remove params", "动作 'last_transaction' 不带参数；请删除 `params`"),
    (INSTRUCTION, '  - id: switch-on\n    kind: action\n    params: {since: 5}\n    text: {en: "Look.", zh: "看。"}\n',
     "14:5 (at steps[1]): missing required key 'action'", "缺少必填的键 'action'"),  # its params are not judged
    ("    verify: [printer.receipt]\n", "    verify: [printer.receipt]\n    max_visits: once\n",
     "18:5 (at steps[1].max_visits): expected a whole number 1..20, got text", "需要 1..20 之间的整数，实际是文字"),
])
def test_template_messages_read_right(tmp_path, old, new, en, zh):
    text = GOOD.format(id="till-test")
    assert old in text
    path = write(tmp_path, text.replace(old, new, 1))
    (line,) = problems(path)
    assert line == f"{tmp_path}/till-test.yaml:{en}"
    (line_zh,) = problems(path, "zh")
    assert line_zh.endswith("）：" + zh), line_zh


def test_a_key_where_none_is_allowed_says_so(tmp_path):
    from pos_doctor.yamlfile import check_keys, load_yaml_text

    doc = load_yaml_text("params: {speed: 1}\n", str(tmp_path / "x.yaml"), "playbook")
    ((_, what),) = check_keys(doc, "playbook", ("params",), doc.data["params"], set())
    assert what == "unknown key 'speed'; no keys are allowed here"
    assert problem_zh(what) == "未知的键 'speed'；这里不能写任何键"
