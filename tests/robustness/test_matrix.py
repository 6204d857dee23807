"""Every shipped fault scenario × every command that touches the devices, as real subprocesses of the CLI.

Commands: `check --simulate S --json` (in-process, shared with tests/checks/test_scenarios.py), `check --simulate S` (the table staff read; zh for every other scenario, en for
the rest), `fix --simulate S --yes --json` (no id: checks first, walks the recommended playbook or says there is
nothing to walk; in the other language than that scenario's table), and `check --terminal PTY --printer PTY --json`
against a simulator the test starts itself, so the devices are reached as ports a person names.

For every run: it ends within a deadline with slack; no traceback and no "internal error" anywhere; the exit code is
the one its own output justifies (check: the worst status shown; fix: the outcome, as documented in cli/fix.py);
every problem says what it is and what to do, in both languages in JSON and in the chosen language on screen.

Exit 3 from `fix --yes` is accepted only where the walk reaches a step that only a person can answer (NEEDS_A_PERSON,
with the reason): fix.py documents 3 for "a missing answer in a non-interactive run", and the run must say which step
and how to give the answer.

The runs are started together on a small thread pool (they mostly wait on simulated line time) by one module fixture,
then checked one test per scenario and command, so a failure names both.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.robustness.support import Run

from pos_doctor.checks.registry import DECLARED_ORDER
from pos_doctor.playbooks.library import Library
from pos_doctor.resources import scenarios_dir

SCENARIOS = sorted(p.stem for p in Path(scenarios_dir()).glob("*.yaml"))
TABLE_LANG = {sc: ("zh" if i % 2 else "en") for i, sc in enumerate(SCENARIOS)}
OTHER = {"zh": "en", "en": "zh"}
# Reached as ports named with --terminal/--printer: the silent, the vanishing, the noisy line and the offline printer.
AS_PORTS = ["healthy", "dead-terminal", "unplugged", "no-ack", "corrupted-crc", "printer-offline", "paper-out"]
# fix --yes stops with 3 here, by design: the walk asks something only the person at the till can see.
NEEDS_A_PERSON = {
    "init-required": "terminal-service asks what the terminal's screen says (maintenance running, or set-up needed)",
    "paper-near-end": "printer-paper asks whether the paper is jammed or the roll the wrong size",
    "outdated-software": "terminal-software asks whether the screen shows an update running before anything else (issue 23)",
    **{sc: "terminal-not-answering asks whether a payment was running before the terminal is restarted (issue 11)"
       for sc in ("dead-terminal", "unplugged", "no-ack", "corrupted-crc", "no-terminal-link")},
}

RANK = {"critical": 4, "warning": 3, "unknown": 2, "ok": 1, "skipped": 0}  # docs/checks.md: run status = worst
CHECK_EXIT = {"ok": 0, "skipped": 0, "warning": 1, "critical": 2, "unknown": 3}
MARKS = {"✓": "ok", "!": "warning", "✗": "critical", "?": "unknown", "-": "skipped"}
STATUS_WORD = {"en": {"ok": "All good", "warning": "Warnings", "critical": "Problems found",
                      "unknown": "Could not check everything"},
               "zh": {"ok": "一切正常", "warning": "有警告", "critical": "发现问题", "unknown": "部分项目无法检查"}}
NEXT_STEP = {"en": "Next step: ", "zh": "下一步："}
CJK = re.compile(r"[\u4e00-\u9fff]")
ROW = re.compile(r"^  ([✓!✗?\-]) (.*)$")


def table_rows(lines, lang):
    """(line index, mark, check id, message) of each table row; the table names checks by their short name."""
    from pos_doctor.checks.registry import all_checks

    names = sorted(((s.title(lang), s.id) for s in all_checks()), key=lambda n: -len(n[0]))
    out = []
    for i, line in enumerate(lines):
        m = ROW.match(line)
        hit = m and next(((name, cid) for name, cid in names if m.group(2).startswith(name + " ")), None)
        if hit:
            out.append((i, m.group(1), hit[1], m.group(2)[len(hit[0]):]))
    return out
# The run deadline is 10 s (timeouts.run); fix re-checks after its steps. Generous slack for a loaded 2-core machine.
DEADLINE = {"check-json": 40, "check-text": 40, "check-ports": 40, "fix": 120}



def commands(scenario: str) -> dict[str, list[str]]:
    lang = TABLE_LANG[scenario]
    return {
        "check-text": ["check", "--simulate", scenario, "--lang", lang, "--no-record"],
        "fix": ["fix", "--simulate", scenario, "--yes", "--json", "--no-record", "--lang", OTHER[lang]],
    }


def _run(job) -> tuple[tuple[str, str], Run]:
    key, args, home = job
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_") and k not in ("LANG", "LC_ALL")}
    env.update(POS_DOCTOR_DATA_DIR=str(home / "data"), XDG_CONFIG_HOME=str(home / "xdg"), CI="1", NO_COLOR="1",
               COLUMNS="200", LANG="C.UTF-8")
    t0 = time.monotonic()
    limit = DEADLINE[key[1]]
    try:
        p = subprocess.run([sys.executable, "-m", "pos_doctor", *args], capture_output=True, text=True,
                           encoding="utf-8", env=env, stdin=subprocess.DEVNULL, cwd=home, timeout=limit + 60)
        return key, Run(args, p.returncode, p.stdout, p.stderr, time.monotonic() - t0)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode("utf-8", "replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        return key, Run(args, None, out, err, time.monotonic() - t0)


def check_json(scenario: str, report, seconds: float) -> Run:
    """`check --simulate S --json` as the session's in-process run made it (tests/conftest.py scenario_reports, also
    asserted by tests/checks/test_scenarios.py): the same document and code, without a second subprocess per
    scenario. The CLI's own --json path is run here on the named ports, and in tests/cli/test_check.py."""
    args = ["check", "--simulate", scenario, "--json", "--no-record"]
    return Run(args, report.exit_code, json.dumps(report.to_json(), ensure_ascii=False, default=str), "", seconds)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, scenario_reports) -> dict[tuple[str, str], Run]:
    jobs = []
    for sc in SCENARIOS:
        for name, args in commands(sc).items():
            jobs.append(((sc, name), args, tmp_path_factory.mktemp(f"{sc}-{name}")))
    sims = {}
    if os.name != "nt":
        from pos_doctor.simulator import Simulator

        sims = {sc: Simulator(sc) for sc in AS_PORTS}
    try:
        for sc, sim in sims.items():
            sim.start()
            jobs.append(((sc, "check-ports"), ["check", "--terminal", sim.terminal_port, "--printer", sim.printer_port,
                                               "--json", "--no-record"], tmp_path_factory.mktemp(f"{sc}-ports")))
        # slowest first, so the pool is not left waiting on one long fix at the end
        jobs.sort(key=lambda j: (j[0][1] != "fix", j[0][0] not in ("dead-terminal", "no-ack", "slow")))
        with ThreadPoolExecutor(4) as pool:
            done = dict(pool.map(_run, jobs))
        return {**done, **{(sc, "check-json"): check_json(sc, *scenario_reports[sc]) for sc in SCENARIOS}}
    finally:
        for sim in sims.values():
            sim.stop()


def worst(statuses) -> str:
    return max(statuses, key=RANK.__getitem__, default="ok")


def assert_clean(run: Run, kind: str) -> None:
    """It ended, within its deadline, and nothing in its output is a crash."""
    assert run.code is not None, f"did not end within {DEADLINE[kind] + 60} s\n{run}"
    assert run.seconds < DEADLINE[kind], f"took {run.seconds:.1f} s (deadline {DEADLINE[kind]} s)\n{run}"
    both = run.out + run.err
    for crash in ("Traceback", "internal error", "内部错误", "pos-doctor-crash-"):
        assert crash not in both, f"{crash!r} in the output\n{run}"


def assert_check_document(doc: dict, run: Run) -> None:
    """One check --json document: exit code = worst status shown; every problem says what and what to do."""
    assert [c["id"] for c in doc["checks"]] == DECLARED_ORDER, run
    shown = worst(c["status"] for c in doc["checks"])
    assert doc["status"] == ("ok" if shown == "skipped" else shown), run
    assert run.code == doc["exit_code"] == CHECK_EXIT[shown], run
    for c in doc["checks"]:
        assert c["message"]["en"].strip() and c["message"]["zh"].strip(), f"{c['id']}: no message\n{run}"
        assert not c["message"]["en"].startswith("check failed"), f"{c['id']} crashed: {c['message']['en']}"
        if c["status"] in ("warning", "critical", "unknown"):
            hint = c.get("hint") or {}
            assert (hint.get("en") or "").strip() and (hint.get("zh") or "").strip(), \
                f"{c['id']} is {c['status']} ({c['message']['en']}) but says nothing about what to do"
    shipped = set(Library.load().files)
    assert set(doc["playbooks"]) <= shipped, doc["playbooks"]
    wrong = [c for c in doc["checks"] if c["status"] in ("warning", "critical", "unknown")]
    assert bool(doc["playbooks"]) <= bool(wrong), "a playbook recommended while nothing is wrong"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_check_json(runs, scenario):
    run = runs[(scenario, "check-json")]
    assert_clean(run, "check-json")
    doc = json.loads(run.out)  # exactly one document on stdout
    assert_check_document(doc, run)
    assert doc["target"]["simulated"] is True and doc["target"]["scenario"] == scenario


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_check_table(runs, scenario):
    """The table staff read: the code follows the marks on screen; each problem has its '→' line; the next step
    names the playbook --json recommends; all of it in the chosen language."""
    run, lang = runs[(scenario, "check-text")], TABLE_LANG[scenario]
    assert_clean(run, "check-text")
    lines = run.out.splitlines()
    rows = table_rows(lines, lang)
    assert [cid for _, _, cid, _ in rows] == DECLARED_ORDER, run
    statuses = [MARKS[mark] for _, mark, _, _ in rows]
    shown = worst(statuses)
    assert run.code == CHECK_EXIT[shown], f"the screen shows {shown}\n{run}"
    word = STATUS_WORD[lang]["ok" if shown == "skipped" else shown]
    assert word in lines, f"no {word!r} line\n{run}"
    for i, mark, cid, message in rows:
        assert message.strip(), f"{cid}: no message\n{run}"
        if MARKS[mark] in ("warning", "critical", "unknown"):
            follow = lines[i + 1].strip() if i + 1 < len(lines) else ""
            assert follow.startswith("→ ") and len(follow) > 4, f"{cid} has no what-to-do line\n{run}"
    recommended = json.loads(runs[(scenario, "check-json")].out)["playbooks"]
    step = [line for line in lines if line.startswith(NEXT_STEP[lang])]
    if recommended:
        assert step and f"pos-doctor fix {recommended[0]}" in step[0], f"no next step naming {recommended[0]}\n{run}"
    else:
        assert not step, run
    if shown in ("ok", "skipped"):
        assert not recommended
    # the language asked for, and only that one
    assert bool(CJK.search(run.out)) == (lang == "zh"), f"--lang {lang} but the table is in the other language\n{run}"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_fix_without_an_id(runs, scenario):
    """fix --yes checks first, then walks the recommended playbook (0/1/2 from its outcome), or walks none (0 when
    the checks pass, 2 when their problems have no playbook), or stops at a step only a person can answer (3)."""
    run, lang = runs[(scenario, "fix")], OTHER[TABLE_LANG[scenario]]
    assert_clean(run, "fix")
    stopped = run.code == 3 and (not run.out.strip() or json.loads(run.out).get("outcome") == "needs_answers")
    if stopped:  # stopped at a step a person must answer (3 with another document: checks could not decide)
        assert scenario in NEEDS_A_PERSON, f"fix could not decide, and nothing explains why it should not\n{run}"
        assert json.loads(run.out)["outcome"] == "needs_answers", run  # --json: still one document (issue 11)
        err = run.err[run.err.index("错误：" if lang == "zh" else "Error:"):].splitlines()
        assert len(err) <= 25, run
        step = re.search(r"'([a-z0-9-]+)'", err[0]).group(1)
        assert any(line.strip().startswith(f"{step}:") for line in err[1:]), f"the step needing an answer is not listed\n{run}"
        assert "--answers" in err[-1] and "--yes" in err[-1], f"does not say how to give the answer\n{run}"
        return
    assert run.code in (0, 1, 2, 3), run
    doc = json.loads(run.out)
    assert doc["kind"] == "fix" and doc["exit_code"] == run.code, run
    check_doc = json.loads(runs[(scenario, "check-json")].out)
    rows = {c["id"]: c for c in doc["checks"]}
    assert set(rows) == set(DECLARED_ORDER), "fix without an id checks everything first"
    for c in rows.values():
        if c["status"] in ("warning", "critical", "unknown"):
            assert c["hint"] and c["hint"]["en"] and c["hint"]["zh"], f"{c['id']}: no hint in the fix transcript"
    if doc["playbook"] is None:  # nothing walked
        first = worst(c["status"] for c in rows.values())
        want = 0 if first in ("ok", "skipped") else 3 if first == "unknown" else 2
        assert run.code == want, f"checks found {first}, nothing walked\n{run}"
        assert doc["outcome"] == (None if want == 0 else "not_resolved")
        assert doc["reason"][lang] in run.err, f"the reason is not said on screen\n{run}"
        assert not check_doc["playbooks"] or want != 0
        return
    # a playbook was walked: the one check recommends first, and the code its outcome
    assert doc["playbook"]["id"] == check_doc["playbooks"][0], run
    want = 0 if doc["outcome"] == "resolved" and doc["verified"] else 1 if doc["outcome"] == "resolved" else 2
    assert run.code == want, f"outcome {doc['outcome']}, verified {doc['verified']}\n{run}"
    assert doc["status"] == {0: "ok", 1: "warning", 2: "critical"}[want]
    assert doc["steps"], "a walk with no steps"
    if doc["outcome"] == "escalated":
        to = doc["escalations"][-1]["to"]
        assert to["en"] and to["zh"], doc["escalations"]
    assert bool(CJK.search(run.err)) == (lang == "zh"), f"--lang {lang} but the wizard speaks the other language\n{run}"


@pytest.mark.skipif(os.name == "nt", reason="the simulator's pty backend is POSIX only")
@pytest.mark.parametrize("scenario", AS_PORTS)
def test_check_on_named_ports(runs, scenario):
    """The simulator reached like hardware, through ports given on the command line: same verdicts as --simulate."""
    run = runs[(scenario, "check-ports")]
    assert_clean(run, "check-ports")
    doc = json.loads(run.out)
    assert_check_document(doc, run)
    assert doc["target"]["simulated"] is False and doc["target"]["terminal_port"] == run.args[2]
    simulated = json.loads(runs[(scenario, "check-json")].out)
    assert {c["id"]: c["status"] for c in doc["checks"]} == {c["id"]: c["status"] for c in simulated["checks"]}
