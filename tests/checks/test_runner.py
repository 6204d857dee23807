"""Runner: declared order, crash → unknown, timeout → unknown, deadline, port serialisation, playbook ranking."""

import threading
import time

import pytest

from pos_doctor.checks import registry
from pos_doctor.checks.model import CheckReport, CheckResult, exit_code_for, worst
from pos_doctor.checks.registry import CheckSpec, all_checks, select
from pos_doctor.checks.runner import CheckContext, CheckOptions, result, run_specs
from pos_doctor.errors import UsageError
from pos_doctor.i18n import Text

T = Text("x", "x")


def spec(id, func, port=None, timeout=5.0):
    return CheckSpec(id, id.split(".")[0], T, func, port, timeout)


def test_crash_and_timeout_become_unknown_and_order_is_kept():
    hang = threading.Event()

    def boom(ctx):
        raise RuntimeError("kaputt")

    specs = [spec("a.hang", lambda ctx: hang.wait(30) or result("ok", T), timeout=0.2),
             spec("b.boom", boom), spec("c.fine", lambda ctx: result("ok", T))]
    out = run_specs(specs, CheckContext(CheckOptions(timeout=3, check_timeout=3)))
    hang.set()
    assert [r.id for r in out] == ["a.hang", "b.boom", "c.fine"]
    assert [r.status for r in out] == ["unknown", "unknown", "ok"]
    assert out[0].data["error"] == "timeout"
    assert "RuntimeError: kaputt" in out[1].message.en


def test_global_deadline_reports_every_check():
    stop = threading.Event()
    specs = [spec(f"a.h{i}", lambda ctx: stop.wait(30), timeout=60) for i in range(5)]
    out = run_specs(specs, CheckContext(CheckOptions(timeout=0.3, check_timeout=60)))
    stop.set()
    assert [(r.id, r.status, r.data, r.message.en, r.playbook) for r in out] == [
        (f"a.h{i}", "unknown", {"error": "deadline"}, "run deadline reached (0.3 s): the check had not finished", None)
        for i in range(5)]
    assert all(r.message.zh == "已到本次检查的时限（0.3 秒）：该项尚未完成" for r in out)
    # each ran until the run's deadline: its duration is that time (from its own start), never 0 or beyond it
    assert all(100 <= r.duration_ms <= 300 for r in out), [r.duration_ms for r in out]


def test_checks_on_one_port_never_overlap():
    active, peak, lock = [0], [0], threading.Lock()

    def f(ctx):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1
        return result("ok", T)

    out = run_specs([spec(f"t.c{i}", f, port="terminal") for i in range(6)], CheckContext(CheckOptions()))
    assert peak[0] == 1 and all(r.status == "ok" for r in out)


def test_facts_gathered_once_and_errors_shared():
    calls = []
    ctx = CheckContext(CheckOptions())

    def make():
        calls.append(1)
        raise TimeoutError("silent")

    for _ in range(3):
        with pytest.raises(TimeoutError):
            ctx.once("status", make)
    assert len(calls) == 1


def r(id, status, pb=None):
    return CheckResult(id, id.split(".")[0], status, T, playbook=pb)


def test_playbooks_worst_first_then_declared_order_deduplicated():
    rep = CheckReport([r("a.1", "warning", "p1"), r("a.2", "critical", "p2"), r("a.3", "critical", "p1"),
                       r("a.4", "ok", "p3"), r("a.5", "unknown", "p4")], "s", "f", 1)
    assert rep.playbooks() == ["p2", "p1", "p4"]
    assert rep.status == "critical" and rep.exit_code == 2


EXIT_CODES = {  # status -> exit code under --fail-on warning, critical, never (docs/checks.md)
    "ok": (0, 0, 0), "skipped": (0, 0, 0), "warning": (1, 0, 0), "critical": (2, 2, 0), "unknown": (3, 3, 0)}


@pytest.mark.parametrize("fail_on", ["warning", "critical", "never"])
@pytest.mark.parametrize("status", sorted(EXIT_CODES))
def test_exit_codes(status, fail_on):
    code = EXIT_CODES[status][["warning", "critical", "never"].index(fail_on)]
    assert exit_code_for(status, fail_on) == code
    report = CheckReport([r("a.1", "ok"), r("a.2", status)], "s", "f", 1, fail_on=fail_on)
    assert (report.status, report.exit_code) == ("ok" if status == "skipped" else status, code)


def test_worst():
    assert worst(["ok", "skipped", "unknown"]) == "unknown"
    assert worst(["unknown", "warning"]) == "warning"
    assert worst([]) == "ok"


def test_select_by_id_category_and_did_you_mean():
    specs = all_checks()
    assert [s.id for s in select(specs, ["network"], ["network.dns"])] == ["network.interfaces", "network.acquirer", "network.terminal"]
    assert [s.id for s in select(specs, ["power.host"], None)] == ["power.host"]
    with pytest.raises(UsageError) as e:
        select(specs, ["printer.reciept"], None)
    assert "Did you mean 'printer.receipt'?" in e.value.message
    assert "link.terminal" in e.value.message


def test_registry_ids_are_declared_once():
    ids = [s.id for s in all_checks()]
    assert ids == registry.DECLARED_ORDER
