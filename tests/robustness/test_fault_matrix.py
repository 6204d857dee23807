"""Every fault scenario × every command that touches the devices, as real subprocesses of the CLI: each run ends,
never shows a traceback, exits with the code its own output justifies, and says what is wrong and what to do.

The runs are started together (they mostly wait on simulated line time) and checked one by one, so a failure
names the scenario and the command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pos_doctor.resources import scenarios_dir

SCENARIOS = sorted(p.stem for p in Path(scenarios_dir()).glob("*.yaml"))
EXIT = {"ok": 0, "warning": 1, "critical": 2, "unknown": 3}
RANK = {"ok": 0, "skipped": 0, "warning": 1, "critical": 2, "unknown": 3}
# Scenarios also reached as real ports (the simulator started by the test, the CLI given --terminal/--printer).
AS_PORTS = ["healthy", "dead-terminal", "unplugged", "no-ack", "corrupted-crc", "printer-offline", "zvt-disabled"]


def commands(scenario: str, i: int) -> dict[str, list[str]]:
    lang = "zh" if i % 2 else "en"
    return {
        "check-json": ["check", "--simulate", scenario, "--json", "--no-record"],
        "check-text": ["check", "--simulate", scenario, "--lang", lang],
        "fix": ["fix", "--simulate", scenario, "--yes", "--json", "--no-record", "--lang", lang],
    }


def _run(job):
    key, args, data_dir = job
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(POS_DOCTOR_DATA_DIR=str(data_dir), XDG_CONFIG_HOME=str(data_dir / "xdg"), CI="1", NO_COLOR="1",
               COLUMNS="120")
    p = subprocess.run([sys.executable, "-m", "pos_doctor", *args], capture_output=True, text=True, encoding="utf-8",
                       env=env, stdin=subprocess.DEVNULL, timeout=120, cwd=data_dir)
    return key, p


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    from pos_doctor.simulator import Simulator

    jobs = []
    for i, sc in enumerate(SCENARIOS):
        for name, args in commands(sc, i).items():
            jobs.append(((sc, name), args, tmp_path_factory.mktemp(f"{sc}-{name}")))
    sims = {sc: Simulator(sc).start() for sc in AS_PORTS} if os.name != "nt" else {}
    try:
        for sc, sim in sims.items():
            jobs.append(((sc, "check-ports"), ["check", "--terminal", sim.terminal_port, "--printer", sim.printer_port,
                                               "--json", "--no-record"], tmp_path_factory.mktemp(f"{sc}-ports")))
        with ThreadPoolExecutor(4) as pool:
            return dict(pool.map(_run, jobs))
    finally:
        for sim in sims.values():
            sim.stop()


def _clean(p: subprocess.CompletedProcess) -> None:
    both = p.stdout + p.stderr
    assert "Traceback" not in both and "Error:" not in p.stderr.splitlines()[0:1], both[-3000:]


def _check_doc(doc: dict, code: int) -> None:
    worst = max((c["status"] for c in doc["checks"]), key=RANK.get)
    assert code == doc["exit_code"] == min(EXIT.get(worst, 0), 3), (worst, code)
    for c in doc["checks"]:
        assert c["message"]["en"] and c["message"]["zh"], c["id"]
        if c["status"] in ("warning", "critical"):
            # what to do: a hint, or a playbook that walks the person through it
            assert c["hint"] or c["playbook"], f"{c['id']} says what is wrong but not what to do"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_check_json(runs, scenario):
    p = runs[(scenario, "check-json")]
    _clean(p)
    doc = json.loads(p.stdout)  # stdout is exactly one document
    _check_doc(doc, p.returncode)
    assert doc["target"]["scenario"] == scenario and doc["target"]["line"]["bytes_on_wire"] > 0


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_check_text_says_the_next_step(runs, scenario):
    p, j = runs[(scenario, "check-text")], runs[(scenario, "check-json")]
    _clean(p)
    assert p.returncode == j.returncode  # the same verdict, whatever the format
    doc = json.loads(j.stdout)
    if doc["playbooks"]:
        first = doc["playbooks"][0]
        first_id = first if isinstance(first, str) else first["id"]
        assert f"pos-doctor fix {first_id}" in p.stdout, p.stdout[-1500:]
        assert ("Next step" in p.stdout) or ("下一步" in p.stdout)
    if p.returncode == 0:
        assert not doc["playbooks"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_fix_without_an_id_checks_and_walks_or_says_what_it_needs(runs, scenario):
    p = runs[(scenario, "fix")]
    _clean(p)
    if p.returncode == 3:
        # --yes could not answer a step a person must decide: the run says which, and how to give it
        lines = p.stderr.strip().splitlines()  # with --json the wizard's screen is on stderr, then the error
        start = max(i for i, line in enumerate(lines) if line.startswith(("Error", "错误")))
        error = lines[start:]
        assert len(error) <= 25 and "--answers" in "\n".join(error), "\n".join(error)
        assert any(re.match(r"^\s+[a-z0-9/-]+: \S", line) for line in error), "names the steps that need an answer"
        assert p.stdout == ""  # no half document
        return
    assert p.returncode in (0, 1, 2), p.stderr[-2000:]
    doc = json.loads(p.stdout)
    assert doc["exit_code"] == p.returncode
    if p.returncode == 2:
        assert doc["outcome"] in ("escalated", "not_resolved")
        if doc["outcome"] == "escalated":
            assert doc["escalations"][-1]["to"]["en"] and doc["escalations"][-1]["to"]["zh"]


@pytest.mark.skipif(os.name == "nt", reason="the simulator's pty backend is POSIX only")
@pytest.mark.parametrize("scenario", AS_PORTS)
def test_check_against_real_ports(runs, scenario):
    p = runs[(scenario, "check-ports")]
    _clean(p)
    doc = json.loads(p.stdout)
    _check_doc(doc, p.returncode)
    simulated = json.loads(runs[(scenario, "check-json")].stdout)
    # the same devices behind ports the user names give the same verdicts as --simulate
    assert {c["id"]: c["status"] for c in doc["checks"]} == {c["id"]: c["status"] for c in simulated["checks"]}
