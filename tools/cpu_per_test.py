"""Where the suite's CPU goes, test by test (issue 28: the suite is CPU-bound, so only less CPU makes it faster).

A pytest plugin: each test's CPU (user + sys) in its own process and in the child processes it waited for (the CLI
runs it started), setup and teardown included (a module-scoped batch is charged to the test that made it):

    CPU_PER_TEST_DIR=/tmp/cpu .venv/bin/python -m pytest -p tools.cpu_per_test
    .venv/bin/python tools/cpu_per_test.py /tmp/cpu            # the files and tests that cost the most

Each process (an xdist worker, or the one process of `-n 0`) writes `<dir>/<worker>.json`.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from collections import defaultdict
from pathlib import Path

import pytest

_rows: list[tuple[str, float, float]] = []


def _cpu() -> tuple[float, float]:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    before = _cpu()
    yield
    after = _cpu()
    _rows.append((item.nodeid, after[0] - before[0], after[1] - before[1]))


def pytest_sessionfinish(session):
    where = os.environ.get("CPU_PER_TEST_DIR")
    if not where or not _rows:
        return
    Path(where).mkdir(parents=True, exist_ok=True)
    own = resource.getrusage(resource.RUSAGE_SELF)
    doc = {"tests": _rows, "process_cpu_s": own.ru_utime + own.ru_stime}
    name = os.environ.get("PYTEST_XDIST_WORKER", "main")
    (Path(where) / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")


def summary(where: str, top: int = 25) -> str:
    tests: list[tuple[str, float, float]] = []
    process = 0.0
    for path in sorted(Path(where).glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        tests += [tuple(r) for r in doc["tests"]]  # type: ignore[misc]
        process += doc["process_cpu_s"]
    files: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for nodeid, own, children in tests:
        f = files[nodeid.split("::")[0]]
        f[0] += own
        f[1] += children
        f[2] += 1
    own_total, child_total = sum(t[1] for t in tests), sum(t[2] for t in tests)
    lines = [f"{len(tests)} tests: {own_total:.0f} CPU-s in the test processes' tests, {child_total:.0f} in the "
             f"processes they started; the test processes {process:.0f} in all (collection and start-up included)",
             "", "files by CPU (own + children, tests):"]
    for name, (own, children, n) in sorted(files.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:top]:
        lines.append(f"{own + children:8.1f}  {own:7.1f} + {children:7.1f}  {n:5d}  {name}")
    lines += ["", "tests by CPU (own + children):"]
    for nodeid, own, children in sorted(tests, key=lambda t: -(t[1] + t[2]))[:top]:
        lines.append(f"{own + children:8.2f}  {own:6.2f} + {children:6.2f}  {nodeid}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25))
