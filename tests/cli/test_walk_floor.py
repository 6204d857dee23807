"""A `fix` walk runs several check rounds on one session: the JSON reports each round's line floor, its own run time
and set-up time, and the walk's floor as their sum (issue 27). Before, each round's line was overwritten by the copy
of the round before that the run's context held, so every round reported the first round's floor (the terminal
rounds' 150 ms read as 37 ms, "115 ms nobody knows")."""

import json
import os
import subprocess
import sys


def run(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=90)


def test_every_round_reports_its_own_floor_and_the_walk_their_sum(tmp_path):
    p = run(tmp_path, "fix", "printer-paper", "--simulate", "paper-out", "--yes", "--json", "--no-record", "--lang", "en")
    # --yes did the steps that need someone's hands: resolved, not verified (exit 1), whatever the rounds measured
    assert p.returncode == 1, p.stderr[-2000:]
    assert json.loads(p.stdout)["outcome"] == "resolved"
    line = json.loads(p.stdout)["target"]["line"]
    rounds = line["rounds"]
    # the first look (printer.receipt, printer.terminal are the playbook's checks), the verify after step 1, the
    # recovery's re-check and the final check: four rounds, each with what it put on the lines
    assert len(rounds) == 4, rounds
    for r in rounds:
        assert r["floor_s"] > 0 and r["bytes_on_wire"] > 0 and r["elapsed_s"] > 0 and r["setup_s"] >= 0, r
    # a round that asks the terminal (a ZVT status enquiry) puts more on the wire than one that asks only the printer
    floors = sorted(r["floor_s"] for r in rounds)
    printer_only = [f for f in floors if f < 2 * floors[0]]
    with_terminal = [f for f in floors if f >= 2 * floors[0]]
    assert printer_only and with_terminal, rounds
    for group in (printer_only, with_terminal):  # the same work has the same floor (to a byte's line time or so)
        assert max(group) - min(group) <= 0.02 * min(group), rounds
    assert line["total_floor_s"] == round(sum(r["floor_s"] for r in rounds), 4)
    assert line["total_elapsed_s"] == round(sum(r["elapsed_s"] for r in rounds), 4)
    assert line["floor_s"] == rounds[-1]["floor_s"]  # the last round's, as a single `check` reports it


def test_a_single_check_reports_one_round(tmp_path):
    p = run(tmp_path, "check", "--simulate", "healthy", "--json", "--no-record")
    line = json.loads(p.stdout)["target"]["line"]
    assert len(line["rounds"]) == 1 and line["total_floor_s"] == line["floor_s"] == line["rounds"][0]["floor_s"]
