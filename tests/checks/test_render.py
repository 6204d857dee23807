"""Human and machine renderings of one known report."""

import re
import xml.etree.ElementTree as ET

from pos_doctor.checks.model import CheckReport, CheckResult
from pos_doctor.playbooks.library import Library
from pos_doctor.i18n import Text
from pos_doctor.ui.check_formats import Till, junit, nagios, prometheus
from pos_doctor.ui.console import Env
from pos_doctor.ui.render_check import render

REPORT = CheckReport([
    CheckResult("printer.receipt", "printer", "critical", Text("printer is out of paper", "打印机缺纸"), observed="paper_end",
                expected="ready", hint=Text("Put in a new roll.", "换新纸卷。"), playbook="printer-paper", duration_ms=12),
    CheckResult("network.dns", "network", "ok", Text("pay → 1.2.3.4", "pay → 1.2.3.4"), duration_ms=3, data={"resolve_ms": 3}),
    CheckResult("power.terminal", "power", "skipped", Text("no terminal", "未配置终端")),
], "2026-01-01T00:00:00.000+00:00", "2026-01-01T00:00:01.000+00:00", 1000, fail_on="warning")


def test_text_grouped_with_marks_hint_and_next_step():
    env = Env.for_test("en", width=200)
    render(REPORT, env, verbose=True, playbooks=Library.load)
    out = env.stdout.getvalue()
    assert out.index("Printers") < out.index("✗ Receipt printer") < out.index("→ Put in a new roll.") < out.index("Network")
    assert re.search(r"✓ Payment host name +pay → 1\.2\.3\.4", out) and re.search(r"- Terminal power +no terminal", out)
    assert "id: printer.receipt" in out  # ids only with -v
    assert "observed: paper_end  expected: ready  (12 ms)" in out
    assert "Next step: pos-doctor fix printer-paper — Receipt paper is out or nearly out" in out and out.rstrip().endswith("Put in a new paper roll.")


def test_text_zh():
    env = Env.for_test("zh", width=200)
    render(REPORT, env, playbooks=Library.load)
    out = env.stdout.getvalue()
    assert "打印机缺纸" in out and "下一步：pos-doctor fix printer-paper — 小票纸用完或快用完" in out and "observed" not in out
    # the cashier's table: short names in Chinese, no check ids
    assert "✗ 小票打印机" in out and "✓ 支付服务商系统域名" in out and "- POS机电源" in out
    assert not re.search(r"[a-z]+\.[a-z_]+", out.replace("pos-doctor fix printer-paper", ""))


def test_next_step_named_from_the_callers_library(tmp_path):
    """The renderer reads no playbook itself: the next step is titled from the library the caller passes (a
    technician's own playbooks.dirs included), and by its id alone when none is passed."""
    own = tmp_path / "own"
    own.mkdir()
    shipped = Library.load().files["printer-paper"].read_text(encoding="utf-8")
    (own / "printer-paper.yaml").write_text(shipped.replace("Receipt paper is out or nearly out",
                                                            "Our shop's paper routine", 1), encoding="utf-8")
    env = Env.for_test("en", width=200)
    render(REPORT, env, playbooks=lambda: Library.load([own]))
    assert "Next step: pos-doctor fix printer-paper — Our shop's paper routine" in env.stdout.getvalue()
    env = Env.for_test("en", width=200)
    render(REPORT, env)
    assert "Next step: pos-doctor fix printer-paper — printer-paper" in env.stdout.getvalue()


def test_table_without_ids_in_english():
    env = Env.for_test("en", width=200)
    render(REPORT, env)
    out = env.stdout.getvalue()
    assert "printer.receipt" not in out and "network.dns" not in out and "✗ Receipt printer" in out


def test_machine_formats():
    till = Till(host="till-7", shop="berlin-017", now=1700000000.0, fix_args=" --simulate paper-out")
    lines = nagios(REPORT, till).splitlines()
    assert lines[0].startswith("POS-DOCTOR CRITICAL - printer.receipt: printer is out of paper | ")
    assert "'network.dns_resolve'=0.003s;;;0;" in lines[0] and "'link.terminal_first_answer'=U;;;0;" in lines[0]
    assert lines[1:] == ["[CRITICAL] printer.receipt: printer is out of paper", "  What to do: Put in a new roll.",
                         "  Next: pos-doctor fix printer-paper --simulate paper-out"]
    suite = ET.fromstring(junit(REPORT, till))
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    assert (suite.get("hostname"), suite.get("name"), suite.get("timestamp")) == ("till-7", "pos-doctor berlin-017/till-7", "2026-01-01T00:00:00")
    assert suite.find("testcase/failure").get("type") == "critical"
    assert {c.get("classname") for c in suite.findall("testcase")} == {"pos_doctor.till-7.printer", "pos_doctor.till-7.network",
                                                                      "pos_doctor.till-7.power"}
    prom = prometheus(REPORT, till)
    assert 'pos_doctor_check_status{check="printer.receipt",category="printer",cause="paper_end",playbook="printer-paper"} 2' in prom.splitlines()
    assert 'pos_doctor_info{host="till-7",shop="berlin-017"} 1' in prom.splitlines()
    assert "pos_doctor_last_run_timestamp_seconds 1700000000.000" in prom
    assert "pos_doctor_last_success_timestamp_seconds 0.000" in prom  # none known: 0, never a missing series
    assert all(re.match(r"^(# |[a-z_]+[{ ])", ln) for ln in prom.splitlines())
