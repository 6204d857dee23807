"""Fixtures shared across test directories: runs that cost seconds of subprocess and simulated line time are made
once per session and read by every test that needs them."""

from __future__ import annotations

import os
import pickle

import pytest
from hypothesis import HealthCheck, settings

# Properties are judged by their examples, never by how long one example took: on a loaded machine (CI, eight
# engineers on two cores) hypothesis's default 200 ms deadline and its "too slow" health check fail correct code.
# A property with no example count of its own tries 50 examples in a developer's run (the README's command: the
# suite is CPU-bound on two cores and stays within five minutes) and hypothesis's default 100 in CI (`.ci/run` sets
# HYPOTHESIS_PROFILE=ci), the gate every change lands through. A property that sets its own count keeps it in both.
settings.register_profile("pos-doctor", deadline=None, suppress_health_check=(HealthCheck.too_slow,),
                          max_examples=50)
settings.register_profile("ci", settings.get_profile("pos-doctor"), max_examples=100)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "pos-doctor"))


def _bytecode_cached_outside_the_tree() -> None:
    """The suite starts thousands of CLI processes (`python -m pos_doctor ...`). Where PYTHONDONTWRITEBYTECODE is set
    (this machine's shell sets it) each of them compiled the package from source: about half of a `check`'s CPU time,
    and the suite is CPU-bound on two cores. The tree stays free of __pycache__ as that setting wants; the bytecode
    goes to a cache outside it (PYTHONPYCACHEPREFIX, read by every Python the tests start, the xdist workers too).
    Python checks a cached file against its source's time and size, so a stale one is never used."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE") or os.environ.get("PYTHONPYCACHEPREFIX"):
        return
    import getpass
    import tempfile

    try:
        user = getpass.getuser()
    except Exception:  # no user name (a container's numeric uid): one cache for whoever runs here
        user = "anyone"
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    os.environ["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), f"pos-doctor-tests-pycache-{user}")


_bytecode_cached_outside_the_tree()

# The suite runs on several pytest-xdist workers, file by file (pyproject.toml: --dist loadfile), so a module's batch
# of runs (a module-scoped fixture) is made once, on the worker that runs that file. A session-scoped batch read by
# several files is made once across the workers with shared_once below.
BATCH_FIXTURES = ("scenario_reports", "walks", "screens", "file_runs", "arg_runs", "walked", "runs")
# s: a test's timeout counts its setup, and a batch's setup is the whole batch - on a machine loaded to 30+ (eight
# engineers, six workers each) a batch waiting on `scenario_reports` then making its own took over 300 s: the time-out
# tells a hang, not a slow machine
BATCH_TIMEOUT = 900

# The files that take longest, first (--dist loadfile with --no-loadscope-reorder hands files out in collection
# order): a long file handed out last keeps one worker busy while the others have finished (the suite is CPU-bound
# on two cores, so the tail is where a core sits idle). A batch file counts its batch (one long setup); ordered
# by their share of a full run (measured 2026-12-07: per-file sums of junit times, their shares averaged over a full
# run before and one after the bytecode cache above; every file above 0.85 % of the sum).
LONG_FIRST = (
    "tests/cli/test_walks_truth.py", "tests/test_privacy_linear.py", "tests/robustness/test_matrix.py",
    "tests/cli/test_fix.py", "tests/hostile/test_masking_cli.py", "tests/hostile/test_masking_channels.py",
    "tests/cli/test_fix_money.py", "tests/payments/test_walks_identity.py", "tests/cli/test_walks_reprint.py",
    "tests/payments/test_walks_qr.py", "tests/payments/test_reconcile_rules.py", "tests/i18n/test_de_screens.py",
    "tests/payments/test_reconcile.py", "tests/i18n/test_en_screens.py", "tests/cli/test_no_link.py",
    "tests/cli/test_report_evidence.py", "tests/robustness/test_bad_input.py", "tests/hostile/test_inputs.py",
    "tests/hostile/test_deadlines.py", "tests/cli/test_check_truthful.py", "tests/i18n/test_zh_screens.py",
    "tests/cli/test_resume_walks.py", "tests/cli/test_issue22_pty.py", "tests/cli/test_walk_trust.py",
    "tests/cli/test_fix_interactive.py", "tests/monitoring/test_prometheus.py", "tests/payments/test_german_input.py",
    "tests/monitoring/test_junit_nagios.py", "tests/hostile/test_disks_consoles.py",
    "tests/monitoring/test_output_file.py", "tests/hostile/test_records.py", "tests/cli/test_statement.py",
    "tests/cli/test_light.py", "tests/i18n/test_pseudo_locale.py",
)


def _long_first(item) -> int:
    path = item.nodeid.split("::", 1)[0]
    return LONG_FIRST.index(path) if path in LONG_FIRST else len(LONG_FIRST)


def pytest_collection_modifyitems(config, items):
    items.sort(key=_long_first)  # stable: a file's tests stay together and in their order
    for item in items:
        if not any(name in BATCH_FIXTURES for name in item.fixturenames):
            continue
        own = item.get_closest_marker("timeout")
        if own is None or (own.args and own.args[0] < BATCH_TIMEOUT):
            item.add_marker(pytest.mark.timeout(BATCH_TIMEOUT), append=False)  # read before its own


@pytest.fixture(scope="session", autouse=True)
def _basetemp_made_before_any_thread(tmp_path_factory):
    """The session's temporary folder is made (and, under xdist, first emptied) on its first use. A batch fixture that
    is the first test of a worker calls mktemp from several threads at once: one thread's emptying would delete the
    folder another thread has just made. Made here, once, before any test runs."""
    tmp_path_factory.getbasetemp()


def shared_once(tmp_path_factory, key: str, make):
    """make() run once per test session across the xdist workers: the first worker to ask makes it and leaves it
    pickled in the session's common temporary folder; the others wait on its lock and read it."""
    from filelock import FileLock

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the folder every worker's own basetemp is in
    path = root / f"shared-{key}.pickle"
    with FileLock(f"{path}.lock"):
        if path.exists():
            return pickle.loads(path.read_bytes())
        value = make()
        path.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session")
def scripted_walk(tmp_path_factory):
    """scripted_walk(case) -> (CompletedProcess, scenario, home) of `fix <playbook> --simulate <scenario> --yes --json
    --answers ...` for one case of tests/cli/test_fix.py CASES, run once per session (across the xdist workers) in
    its own home (recorded there). test_fix.py asserts on it; the typed walks of test_fix_interactive.py replay its
    answers. The home is only read afterwards."""
    from tests.cli.test_fix import CASES, at_run_time, run

    done: dict[int, tuple] = {}

    def walk(case):
        key = next(i for i, c in enumerate(CASES) if c is case)
        if key not in done:
            def make():
                pid, sc, answers = case[:3]
                home = tmp_path_factory.mktemp(f"walk-{pid}")
                sim = sc(home) if callable(sc) else sc
                # the line speed is not the point (the walk is): both lines at 115200 baud, by the configuration's
                # environment; the typed walks replaying these answers keep 9600
                return run(home, "fix", pid, "--simulate", sim, "--yes", "--json", answers=at_run_time(answers),
                           env={"POS_DOCTOR_TERMINAL_BAUD": "115200", "POS_DOCTOR_PRINTER_BAUD": "115200"}), sim, home

            done[key] = shared_once(tmp_path_factory, f"walk-{key}", make)
        return done[key]

    return walk


@pytest.fixture(scope="session")
def scenario_reports(tmp_path_factory):
    """{scenario: (CheckReport, seconds)} — every shipped simulator scenario checked once per session (across the
    xdist workers) through the checks' own session, not the CLI (every check, the CLI's deadlines), each through its
    own simulator reached over real ptys, each in a process of its own (tests/scenario_runs.py says why). tests/checks/test_scenarios.py asserts each
    check's status; tests/robustness/test_matrix.py reads them as the `check --json` documents."""

    def make():
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from pos_doctor.simulator import list_scenarios
        from tests.scenario_runs import check_scenario, in_order

        # spawn: a fresh interpreter (a fork of this threaded worker could inherit a held lock); coverage follows it
        with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("spawn")) as pool:
            return dict(pool.map(check_scenario, in_order(name for name, _ in list_scenarios())))

    return shared_once(tmp_path_factory, "scenario-reports", make)
