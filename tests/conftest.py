"""Fixtures shared across test directories: runs that cost seconds of subprocess and simulated line time are made
once per session and read by every test that needs them."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def scripted_walk(tmp_path_factory):
    """scripted_walk(case) -> (CompletedProcess, scenario, home) of `fix <playbook> --simulate <scenario> --yes --json
    --answers ...` for one case of tests/cli/test_fix.py CASES, run once per session in its own home (recorded
    there). test_fix.py asserts on it; the typed walks of test_fix_interactive.py replay its answers."""
    from tests.cli.test_fix import CASES, run

    done: dict[int, tuple] = {}

    def walk(case):
        key = next(i for i, c in enumerate(CASES) if c is case)
        if key not in done:
            pid, sc, answers = case[:3]
            home = tmp_path_factory.mktemp(f"walk-{pid}")
            sim = sc(home) if callable(sc) else sc
            done[key] = (run(home, "fix", pid, "--simulate", sim, "--yes", "--json", answers=answers), sim, home)
        return done[key]

    return walk
