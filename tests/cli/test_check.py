"""Real subprocess runs of `pos-doctor check`: JSON vs schema, formats, exit codes, hanging host + dead terminal."""

import json
import os
import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from pos_doctor.checks.registry import DECLARED_ORDER
from pos_doctor.resources import schemas_dir

SCHEMA = json.loads((schemas_dir() / "check.schema.json").read_text(encoding="utf-8"))


def run(tmp_path, *args, env=None, timeout=40):
    e = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    e.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), XDG_DATA_HOME=str(tmp_path / "xdg-data"), NO_COLOR="1", POS_DOCTOR_LANG="en", **(env or {}))
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], cwd=tmp_path, env=e, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


@pytest.fixture
def listener():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    yield s.getsockname()[1]
    s.close()


@pytest.fixture
def hanging_host():
    """A loopback listener that never accepts, its backlog filled so new SYNs go unanswered."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(0)
    port = s.getsockname()[1]
    fillers = []
    for _ in range(8):
        c = socket.socket()
        c.setblocking(False)
        c.connect_ex(("127.0.0.1", port))
        fillers.append(c)
    yield port
    for c in fillers:
        c.close()
    s.close()


def test_json_document_validates_and_reports_host(tmp_path, listener):
    p = run(tmp_path, "check", "--json", "--payment-host", f"127.0.0.1:{listener}", "--only", "network,power.host")
    doc = json.loads(p.stdout)
    jsonschema.validate(doc, SCHEMA)
    checks = {c["id"]: c for c in doc["checks"]}
    assert list(checks) == ["network.interfaces", "network.dns", "network.acquirer", "network.terminal", "power.host"]
    assert checks["network.acquirer"]["status"] == "ok"
    assert "connect_ms" in checks["network.acquirer"]["data"]
    assert checks["network.terminal"]["status"] == "skipped"
    assert doc["target"]["simulated"] is False
    assert p.returncode == doc["exit_code"]


def test_refused_host_is_critical_with_network_playbook(tmp_path):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens: connection refused
    p = run(tmp_path, "check", "--json", "--payment-host", f"127.0.0.1:{port}", "--only", "network.acquirer")
    doc = json.loads(p.stdout)
    assert doc["checks"][0]["status"] == "critical"
    assert doc["playbooks"] == ["network-down"]
    assert p.returncode == 2 == doc["exit_code"]
    assert run(tmp_path, "check", "--payment-host", f"127.0.0.1:{port}", "--only", "network.acquirer", "--fail-on", "never").returncode == 0


def test_dead_terminal_and_hanging_host_complete_with_every_check(tmp_path, hanging_host):
    pty = pytest.importorskip("pty")  # noqa: F841 - the dead terminal is a pty nobody answers on
    master, slave = os.openpty()
    try:
        p = run(tmp_path, "check", "--json", "--terminal", os.ttyname(slave), "--payment-host", f"127.0.0.1:{hanging_host}",
                "--timeout", "6")  # above network.acquirer's own 4 s, so its connect timeout (3 s) decides
    finally:
        os.close(master)
        os.close(slave)
    doc = json.loads(p.stdout)
    jsonschema.validate(doc, SCHEMA)
    checks = {c["id"]: c for c in doc["checks"]}
    assert list(checks) == DECLARED_ORDER
    assert (checks["link.terminal"]["status"], checks["link.terminal"]["message"]["en"]) == ("critical", "terminal does not answer")
    assert checks["network.acquirer"]["status"] == "critical" and checks["network.acquirer"]["observed"] == "timed out"
    assert checks["power.terminal"]["status"] == "warning"
    assert {c["status"] for i, c in checks.items() if i.startswith(("terminal.", "software.")) or i in
            ("network.terminal", "printer.terminal")} == {"skipped"}  # nothing claimed about a silent terminal
    assert doc["status"] == "critical" and p.returncode == 2


def test_hanging_host_alone_completes(tmp_path, hanging_host):
    p = run(tmp_path, "check", "--json", "--payment-host", f"127.0.0.1:{hanging_host}", "--timeout", "2")
    doc = json.loads(p.stdout)
    assert [c["id"] for c in doc["checks"]] == DECLARED_ORDER
    acquirer = {c["id"]: c for c in doc["checks"]}["network.acquirer"]
    # the 2 s run deadline ends before the 3 s connect timeout: not observed, so unknown, never "ok" or a guess
    assert acquirer["status"] == "unknown" and acquirer["message"]["en"].startswith("run deadline reached (2 s)")


def test_unknown_check_id_exits_3_with_did_you_mean(tmp_path):
    p = run(tmp_path, "check", "--only", "printer.reciept")
    assert p.returncode == 3
    assert p.stdout == ""
    assert "Error: unknown check 'printer.reciept'. Did you mean 'printer.receipt'?" in p.stderr
    assert "Traceback" not in p.stderr


def test_bad_config_exits_3_naming_file_line_key(tmp_path):
    (tmp_path / "pos-doctor.toml").write_text('[payment]\nhots = "x"\n', encoding="utf-8")
    p = run(tmp_path, "check", "--only", "power.host")
    assert p.returncode == 3
    assert p.stderr == (f"Error: invalid configuration\n  {tmp_path / 'pos-doctor.toml'}:2 (at payment.hots): unknown key "
                        "'payment.hots'; did you mean 'payment.host'?\nWhat to do: fix the places named above and run again.\n")


def test_formats_parse(tmp_path, listener):
    args = ["check", "--payment-host", f"127.0.0.1:{listener}", "--only", "network,power.host"]
    nagios = run(tmp_path, *args, "--format", "nagios")
    nag = nagios.stdout.strip().splitlines()
    # the state word and the exit code are the run's own: the same checks' status as JSON reports it
    doc = json.loads(run(tmp_path, *args, "--json").stdout)
    word = {"ok": "OK", "skipped": "OK", "warning": "WARNING", "critical": "CRITICAL", "unknown": "UNKNOWN"}[doc["status"]]
    assert nag[0].startswith(f"POS-DOCTOR {word} - ") and nagios.returncode == doc["exit_code"], (nag[0], doc["status"])
    closed = ["check", "--payment-host", "127.0.0.1:1", "--only", "network.acquirer"]  # nothing listens on port 1
    refused = run(tmp_path, *closed, "--format", "nagios")
    assert json.loads(run(tmp_path, *closed, "--json").stdout)["status"] == "critical"
    assert refused.stdout.startswith("POS-DOCTOR CRITICAL - ") and refused.returncode == 2, refused.stdout
    # perfdata per the Nagios plugin guidelines: 'label'=value[UOM];[warn];[crit];[min];[max], in base units (s);
    # a value not measured is U, and the label set is the same whatever happened
    rng = r"@?(~|-?\d+(\.\d+)?)?(:(-?\d+(\.\d+)?)?)?"
    item = rf"'[^']+'=(U|\d+(\.\d+)?s?)(;({rng})?;({rng})?;0?;)?"
    assert re.fullmatch(rf"POS-DOCTOR (OK|WARNING|CRITICAL|UNKNOWN) - [^|]+ \| ({item} ?)+", nag[0]), nag[0]
    assert nag[0].split("'network.acquirer_connect'=")[1].split()[0].endswith("s;1;;0;")
    assert "'link.terminal_completion'=U;" in nag[0]  # not measured: said, not dropped
    assert "(run" not in nag[0] and nag[1:] == ["Run 1: pos-doctor report 1"]  # the run id only in the long output
    suite = ET.fromstring(run(tmp_path, *args, "--format", "junit").stdout)
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["network.interfaces", "network.dns", "network.acquirer", "network.terminal", "power.host"]
    assert cases[3].find("skipped") is not None and suite.get("tests") == "5"
    prom = run(tmp_path, *args, "--format", "prometheus").stdout.splitlines()
    sample = re.compile(r'^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? (-?\d+(\.\d+)?|NaN)$')
    for line in prom:
        assert line.startswith("# ") or sample.match(line), line
    assert 'pos_doctor_check_status{check="network.terminal",category="network"} -1' in prom


def test_text_output_zh_and_next_step(tmp_path):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    p = run(tmp_path, "check", "--payment-host", f"127.0.0.1:{port}", "--only", "network.acquirer", "--lang", "zh")
    assert "✗ 支付服务商系统" in p.stdout and "network.acquirer" not in p.stdout  # short names on the table, ids with -v
    assert "无法连接（对方拒绝连接）" in p.stdout and "Connection refused" not in p.stdout
    # the suggested command repeats the options the run used, so it can be pasted as it is
    assert f"下一步：pos-doctor fix network-down --payment-host 127.0.0.1:{port} --lang zh — 网络故障：POS机连不上支付服务商" in p.stdout
    assert re.search(r"已保存为记录 \d+——查看报告：`pos-doctor report \d+`", p.stderr)
    assert "→ 检查本机网线" in p.stdout


def test_checks_list_json(tmp_path):
    p = run(tmp_path, "checks", "--json")
    assert [c["id"] for c in json.loads(p.stdout)] == DECLARED_ORDER


def test_config_show_sources(tmp_path):
    (tmp_path / "pos-doctor.toml").write_text('[printer]\nport = "/dev/p"\n', encoding="utf-8")
    doc = json.loads(run(tmp_path, "config", "show", "--json", env={"POS_DOCTOR_TERMINAL_PASSWORD": "123456"}).stdout)
    assert doc["printer.port"] == {"value": "/dev/p", "source": str(Path(tmp_path) / "pos-doctor.toml")}
    assert doc["terminal.password"] == {"value": "******", "source": "env POS_DOCTOR_TERMINAL_PASSWORD"}
    assert {"records.path", "records.enabled", "playbooks.dirs", "spec"} <= set(doc)


def test_next_step_titled_from_the_technicians_playbooks(tmp_path):
    """The check's next step names the playbook the technician's `playbooks.dirs` holds, not only the shipped one."""
    from pos_doctor.resources import shipped_playbooks_dir

    own = tmp_path / "own"
    own.mkdir()
    text = (shipped_playbooks_dir() / "printer-paper.yaml").read_text(encoding="utf-8")
    (own / "printer-paper.yaml").write_text(text.replace("Receipt paper is out or nearly out", "Our shop's paper routine", 1),
                                            encoding="utf-8")
    (tmp_path / "pos-doctor.toml").write_text(f'[playbooks]\ndirs = ["{own.as_posix()}"]\n', encoding="utf-8")
    p = run(tmp_path, "check", "--simulate", "paper-out", "--only", "printer")
    assert "Next step: pos-doctor fix printer-paper --simulate paper-out — Our shop's paper routine" in p.stdout, p.stdout
