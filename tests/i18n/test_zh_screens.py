"""The zh screens a cashier reads, scanned by the Chinese lint: the check table of every simulator scenario, and
every shipped playbook walked with `fix --yes` (the walks of tests/cli/test_fix.py, in Chinese)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from pos_doctor.simulator.scenario import list_scenarios
from tests.i18n.zhlint import screen_problems


SCENARIOS = sorted(name for name, _ in list_scenarios())


# what a person at a Chinese till types into the text fields of those walks
ZH_TEXT = {"called back": "已回电"}


def _walks():
    import tests.cli.test_fix as f

    seen: dict[str, tuple] = {}
    for pid, sc, answers, *_ in f.CASES:
        if isinstance(sc, str) and pid not in seen:  # one walk per playbook, on a shipped scenario
            seen[pid] = (sc, {k: ZH_TEXT.get(v, v) if isinstance(v, str) else v for k, v in answers.items()})
    return seen


def _at_run_time(answers: dict) -> dict:
    import tests.cli.test_fix as f

    return f.at_run_time(answers) if hasattr(f, "at_run_time") else answers


WALKS = _walks()


def _run(job):
    key, args, answers, tmp = job
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp / "data"), NO_COLOR="1", CI="1",
               COLUMNS="160", POS_DOCTOR_LANG="zh")
    argv = list(args)
    if answers:
        path = tmp / "answers.yaml"
        path.write_text("".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in _at_run_time(answers).items()),
                        encoding="utf-8")
        argv += ["--answers", str(path)]
    p = subprocess.run([sys.executable, "-m", "pos_doctor", *argv, "--no-record"], cwd=tmp, env=env,
                       capture_output=True, text=True, encoding="utf-8", timeout=240, stdin=subprocess.DEVNULL)
    return key, p


FAST_LINE = ("--baud", "115200", "--printer-baud", "115200")


@pytest.fixture(scope="module")
def screens(tmp_path_factory):
    # the line speed is not the point here (the words on a zh screen are): 115200 baud instead of 9600
    jobs = [(("check", sc), ["check", "--simulate", sc, *FAST_LINE], None, tmp_path_factory.mktemp("c"))
            for sc in SCENARIOS]
    jobs += [(("fix", pid), ["fix", pid, "--simulate", sc, "--yes", *FAST_LINE], answers, tmp_path_factory.mktemp("f"))
             for pid, (sc, answers) in WALKS.items()]
    with ThreadPoolExecutor(3) as pool:
        return dict(pool.map(_run, jobs))


def _assert_clean(p):
    assert "Traceback" not in p.stderr, p.stderr
    bad = screen_problems(p.stdout + "\n" + p.stderr)
    assert not bad, "\n".join(bad) + "\n---\n" + p.stdout[-4000:] + p.stderr[-2000:]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_check_table_zh(screens, scenario):
    _assert_clean(screens[("check", scenario)])


@pytest.mark.parametrize("pid", sorted(WALKS))
def test_fix_walk_zh(screens, pid):
    _assert_clean(screens[("fix", pid)])
