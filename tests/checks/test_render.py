"""Human and machine renderings of one known report."""

import re
import xml.etree.ElementTree as ET

from pos_doctor.checks.model import CheckReport, CheckResult
from pos_doctor.i18n import Text
from pos_doctor.ui.check_formats import junit, nagios, prometheus
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
    render(REPORT, env, verbose=True)
    out = env.stdout.getvalue()
    assert out.index("Printers") < out.index("✗ Receipt printer") < out.index("→ Put in a new roll.") < out.index("Network")
    assert re.search(r"✓ Payment host name +pay → 1\.2\.3\.4", out) and re.search(r"- Terminal power +no terminal", out)
    assert "id: printer.receipt" in out  # ids only with -v
    assert "observed: paper_end  expected: ready  (12 ms)" in out
    assert "Next step: pos-doctor fix printer-paper — Receipt paper is out or nearly out" in out and out.rstrip().endswith("Put in a new paper roll.")


def test_text_zh():
    env = Env.for_test("zh", width=200)
    render(REPORT, env)
    out = env.stdout.getvalue()
    assert "打印机缺纸" in out and "下一步：pos-doctor fix printer-paper — 小票纸用完或快用完" in out and "observed" not in out
    # the cashier's table: short names in Chinese, no check ids
    assert "✗ 小票打印机" in out and "✓ 支付服务商系统域名" in out and "- POS机电源" in out
    assert not re.search(r"[a-z]+\.[a-z_]+", out.replace("pos-doctor fix printer-paper", ""))


def test_table_without_ids_in_english():
    env = Env.for_test("en", width=200)
    render(REPORT, env)
    out = env.stdout.getvalue()
    assert "printer.receipt" not in out and "network.dns" not in out and "✗ Receipt printer" in out


def test_machine_formats():
    line = nagios(REPORT)
    assert line.startswith("POS-DOCTOR CRITICAL - printer.receipt: printer is out of paper | ")
    assert "'network.dns_resolve_ms'=3ms" in line
    suite = ET.fromstring(junit(REPORT))
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    assert suite.find("testcase/failure").get("type") == "critical"
    prom = prometheus(REPORT, now=1700000000.0)
    assert 'pos_doctor_check_status{id="printer.receipt",category="printer"} 2' in prom.splitlines()
    assert "pos_doctor_last_run_timestamp_seconds 1700000000.000" in prom
    assert all(re.match(r"^(# |[a-z_]+[{ ])", ln) for ln in prom.splitlines())
