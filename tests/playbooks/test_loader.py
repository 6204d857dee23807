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


def problems(path) -> list[str]:
    with pytest.raises(UserFileError) as exc:
        load_playbook(path)
    return exc.value.lines()


def test_good_playbook_loads(tmp_path):
    pb = load_playbook(write(tmp_path, GOOD.format(id="till-test")))
    assert [s.id for s in pb.steps] == ["ask", "switch-on", "worked", "call", "fixed"]
    assert pb.step("ask").choices[1].goto == "switch-on"


@pytest.mark.parametrize("old, new, expected", [
    ("goto: switch-on}", "goto: swich-on}", "till-test.yaml:13:51 (at steps[0].choices[1].goto): no step 'swich-on' in this playbook; did you mean 'switch-on'?"),
    ("    on_no: call\n", "    on_no: fixed\n", "till-test.yaml:23:5 (at steps[3].id): step 'call' cannot be reached from the first step; add a goto to it or remove it"),
    ("    verify: [printer.receipt]\n", "    verify: [printer.reciept]\n", "till-test.yaml:17:14 (at steps[1].verify[0]): unknown check 'printer.reciept'; did you mean 'printer.receipt'?"),
    ("    kind: instruction\n", "    kind: instructon\n", "till-test.yaml:15:5 (at steps[1].kind): unknown step kind 'instructon'; use one of instruction, question, confirm, check, action, record, escalate, include, end, reconcile"),
    ("    on_yes: fixed\n", "    on_yes: fixed\n    on_maybe: call\n", "till-test.yaml:22:5 (at steps[2].on_maybe): unknown key 'on_maybe'; did you mean 'on_yes'?"),
    ('text: {en: "Switch it on.", zh: "打开它。"}', 'text: {en: "Switch it on."}', "till-test.yaml:16:5 (at steps[1].text): missing required key 'zh'"),
    ("spec: 1\n", "spec: 2\n", "till-test.yaml:1:1 (at spec): unsupported spec 2; this pos-doctor reads spec: 1"),
    ("id: till-test\n", "id: other\n", "till-test.yaml:2:1 (at id): id 'other' differs from the file name; name the file other.yaml"),
    ("    outcome: resolved\n", "    outcome: fine\n", "till-test.yaml:30:5 (at steps[4].outcome): unknown outcome 'fine'; use one of resolved, not_resolved, escalated"),
    ("    evidence: [check_results]\n", "    evidence: [photos]\n", "till-test.yaml:26:16 (at steps[3].evidence[0]): unknown evidence 'photos'; use last_transaction, check_results, steps_taken, trace, payment or a recorded field (none here)"),
])
def test_mistakes_are_named_with_file_line_column(tmp_path, old, new, expected):
    text = GOOD.format(id="till-test")
    assert old in text
    lines = problems(write(tmp_path, text.replace(old, new, 1)))
    assert any(line.endswith(expected) for line in lines), lines


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
    assert exc.value.lines()[0].endswith("(at steps[4].playbook): no playbook 'pb-c'; did you mean 'pb-a'?") or \
        "no playbook 'pb-c'" in exc.value.lines()[0]


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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
