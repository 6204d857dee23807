"""Fixtures shared across test directories: runs that cost seconds of subprocess and simulated line time are made
once per session and read by every test that needs them."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def scripted_walk(tmp_path_factory):
    """scripted_walk(case) -> (CompletedProcess, scenario, home) of `fix <playbook> --simulate <scenario> --yes --json
    --answers ...` for one case of tests/cli/test_fix.py CASES, run once per session in its own home (recorded
    there). test_fix.py asserts on it; the typed walks of test_fix_interactive.py replay its answers."""
    from tests.cli.test_fix import CASES, at_run_time, run

    done: dict[int, tuple] = {}

    def walk(case):
        key = next(i for i, c in enumerate(CASES) if c is case)
        if key not in done:
            pid, sc, answers = case[:3]
            home = tmp_path_factory.mktemp(f"walk-{pid}")
            sim = sc(home) if callable(sc) else sc
            done[key] = (run(home, "fix", pid, "--simulate", sim, "--yes", "--json", answers=at_run_time(answers)), sim, home)
        return done[key]

    return walk


# 6 s per command: the status enquiry and the diagnosis of `late-completion` both fit this deadline
SCENARIO_TIMEOUT = {"late-completion": 25}


@pytest.fixture(scope="session")
def scenario_reports():
    """{scenario: CheckReport} — every shipped simulator scenario checked once per session, in-process (every check,
    the CLI's deadlines), each through its own simulator reached over real ptys. tests/checks/test_scenarios.py
    asserts each check's status; tests/robustness/test_matrix.py reads them as the `check --json` documents."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from pos_doctor.checks.runner import CheckOptions
    from pos_doctor.checks.session import open_session
    from pos_doctor.simulator import list_scenarios

    def one(name):
        started = time.monotonic()
        with open_session(CheckOptions(simulate=name, timeout=SCENARIO_TIMEOUT.get(name, 10), check_timeout=5)) as session:
            report = session.run()
        return name, (report, time.monotonic() - started)

    with ThreadPoolExecutor(8) as pool:
        return dict(pool.map(one, sorted(name for name, _ in list_scenarios())))
