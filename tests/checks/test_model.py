"""Results of checks and of a run (checks/model.py) by example: the run's status and exit code under every --fail-on,
the notice of a run that looked at nothing, the playbooks recommended, the JSON. In process, exact (the mutation run
of model.py takes these with the runner's and renderers' tests)."""

import pytest

from pos_doctor import __version__
from pos_doctor.checks.model import (ALL_SKIPPED, NOTHING_SELECTED, SCHEMA_VERSION, CheckReport, CheckResult,
                                     exit_code_for, worst)
from pos_doctor.i18n import Text


def result(status: str, id: str = "x", playbook: str | None = None, **kw) -> CheckResult:
    return CheckResult(id, "terminal", status, Text(f"{id} {status}", f"{id} {status} zh"), playbook=playbook, **kw)


def report(*checks, fail_on="warning") -> CheckReport:
    return CheckReport(list(checks), "2026-11-24T14:00:00", "2026-11-24T14:00:02", 2000, fail_on=fail_on)


@pytest.mark.parametrize("statuses, expected", [
    ([], "ok"), (["ok"], "ok"), (["skipped"], "ok"), (["ok", "unknown"], "unknown"), (["unknown", "warning"], "warning"),
    (["critical", "warning", "unknown", "ok"], "critical"), (["warning", "critical"], "critical"),
    (["skipped", "ok"], "ok"), (["unknown", "ok"], "unknown"),
])
def test_worst(statuses, expected):
    assert worst(statuses) == expected


@pytest.mark.parametrize("status, fail_on, code", [
    ("ok", "warning", 0), ("ok", "critical", 0), ("ok", "never", 0),
    ("warning", "warning", 1), ("warning", "critical", 0), ("warning", "never", 0),
    ("critical", "warning", 2), ("critical", "critical", 2), ("critical", "never", 0),
    ("unknown", "warning", 3), ("unknown", "critical", 3), ("unknown", "never", 0),
    ("skipped", "warning", 0), ("skipped", "critical", 0),
])
def test_exit_code_for(status, fail_on, code):
    assert exit_code_for(status, fail_on) == code


def test_exit_code_default_fails_on_warning():
    assert exit_code_for("warning") == 1


def test_a_run_that_selected_nothing_is_unknown_and_says_why():
    r = report()
    assert r.notice is NOTHING_SELECTED and r.status == "unknown" and r.exit_code == 3


def test_a_run_whose_checks_were_all_skipped_is_unknown_and_says_why():
    r = report(result("skipped", "a"), result("skipped", "b"))
    assert r.notice is ALL_SKIPPED and r.status == "unknown" and r.exit_code == 3
    assert report(result("skipped", "a"), fail_on="never").exit_code == 0


def test_a_run_with_one_check_that_ran_has_no_notice():
    r = report(result("skipped", "a"), result("ok", "b"))
    assert r.notice is None and r.status == "ok" and r.exit_code == 0
    r = report(result("skipped", "a"), result("warning", "b"), fail_on="critical")
    assert r.status == "warning" and r.exit_code == 0


def test_by_id():
    a, b = result("ok", "a"), result("warning", "b")
    assert report(a, b).by_id() == {"a": a, "b": b}


def test_playbooks_worst_first_then_in_order_each_once():
    r = report(result("warning", "a", "paper"), result("ok", "b", "healthy"), result("critical", "c", "link"),
               result("unknown", "d", "unknown-pb"), result("critical", "e", "paper"), result("skipped", "f", "skip"),
               result("warning", "g", "other"), result("critical", "h"))
    assert r.playbooks() == ["link", "paper", "other", "unknown-pb"]


def test_playbooks_of_a_healthy_run():
    assert report(result("ok", "a", "x"), result("skipped", "b", "y")).playbooks() == []


def test_a_check_result_as_json():
    c = CheckResult("terminal.status", "terminal", "warning", Text("slow", "慢"), observed="84 9C", expected="00",
                    hint=Text("wait", "等"), playbook="terminal-busy", duration_ms=12, data={"k": 1})
    assert c.to_json() == {"id": "terminal.status", "category": "terminal", "status": "warning",
                           "message": {"en": "slow", "zh": "慢"}, "observed": "84 9C", "expected": "00",
                           "hint": {"en": "wait", "zh": "等"}, "playbook": "terminal-busy", "duration_ms": 12,
                           "data": {"k": 1}}
    assert result("ok").to_json()["hint"] is None and result("ok").to_json()["data"] == {}


def test_a_report_as_json():
    c = result("critical", "printer.paper", "paper-out")
    r = CheckReport([c], "2026-11-24T14:00:00", "2026-11-24T14:00:02", 2000, target={"printer": "/dev/x"},
                    fail_on="critical")
    assert r.to_json() == {
        "schema_version": SCHEMA_VERSION, "tool": {"name": "pos-doctor", "version": __version__},
        "status": "critical", "exit_code": 2, "notice": None,
        "timing": {"started_at": "2026-11-24T14:00:00", "finished_at": "2026-11-24T14:00:02", "duration_ms": 2000},
        "target": {"printer": "/dev/x"}, "checks": [c.to_json()], "playbooks": ["paper-out"]}
    assert SCHEMA_VERSION == 1
    assert report().to_json()["notice"] == NOTHING_SELECTED.to_json()
