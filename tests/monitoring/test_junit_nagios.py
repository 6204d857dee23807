"""JUnit against the strict Ant schema (xmllint) and junitparser; Nagios through nagiosplugin's range parser and
Icinga 2's own config check; Checkmk's local-check grammar - with the right state for every exit code."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import EXIT3, run, tool

HERE = Path(__file__).resolve().parent
CONTRIB = HERE.parents[1] / "contrib"
# one scenario per exit code, and the exit-3 runs
CASES = {"healthy": 0, "paper-near-end": 1, "paper-out": 2, "no-status-byte": 3, "dead-terminal": 2}


def check_args(tmp_path, name):
    if name in EXIT3:
        return EXIT3[name](tmp_path)
    return ["check", "--simulate", name, "--skip", "network"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = {}
    for i, name in enumerate(list(CASES) + sorted(EXIT3)):
        for fmt in ("junit", "nagios", "checkmk"):
            d = tmp_path_factory.mktemp(f"{name}-{fmt}")
            env = {"POS_DOCTOR_SHOP_ID": "berlin-017", "POS_DOCTOR_SHOP_TILL": f"till-{i}"}
            out[name, fmt] = run(d, *check_args(d, name), "--format", fmt, env=env)
    return out


def expected_code(name):
    return 3 if name in EXIT3 else CASES[name]


def test_junit_passes_the_strict_ant_schema(runs, tmp_path):
    xmllint = tool("xmllint", "libxml2-utils")
    for (name, fmt), p in runs.items():
        if fmt != "junit":
            continue
        f = tmp_path / f"{name}.xml"
        f.write_text(p.stdout, encoding="utf-8")
        v = subprocess.run([xmllint, "--noout", "--schema", str(HERE / "junit-ant-strict.xsd"), str(f)],
                           capture_output=True, text=True, timeout=30)
        assert v.returncode == 0, (name, v.stderr)
        assert p.returncode == expected_code(name)


def test_junit_reads_back_with_junitparser(runs):
    junitparser = pytest.importorskip("junitparser", reason="junitparser is a test extra (pip install -e '.[test]')")
    for (name, fmt), p in runs.items():
        if fmt != "junit":
            continue
        suite = junitparser.JUnitXml.fromstring(p.stdout)
        suite = next(iter(suite)) if isinstance(suite, junitparser.JUnitXml) else suite
        cases = list(suite)
        failed = [c for c in cases if any(isinstance(r, (junitparser.Failure, junitparser.Error)) for r in c.result)]
        assert bool(failed) == (expected_code(name) != 0), name
        assert len({(c.classname, c.name) for c in cases}) == len(cases)


def test_junit_identity_and_time(runs):
    a, b = (ET.fromstring(runs[n, "junit"].stdout) for n in ("healthy", "paper-out"))
    assert a.get("hostname") != b.get("hostname") and a.get("name") != b.get("name")  # two tills, two suites
    for suite in (a, b):
        assert suite.get("name") == f"pos-doctor berlin-017/{suite.get('hostname')}"
        assert {c.get("classname").split(".")[1] for c in suite.findall("testcase")} == {suite.get("hostname")}
        assert sum(float(c.get("time")) for c in suite.findall("testcase")) <= float(suite.get("time")) + 0.02
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", suite.get("timestamp"))


PERF = re.compile(r"'(?P<label>[^'=]+)'=(?P<value>U|-?\d+(\.\d+)?)(?P<uom>s|%|B|c)?;(?P<warn>[^;]*);(?P<crit>[^;]*);(?P<min>[^;]*);(?P<max>[^;]*)")


def test_nagios_state_perfdata_and_long_output(runs):
    nagiosplugin = pytest.importorskip("nagiosplugin", reason="nagiosplugin is a test extra (pip install -e '.[test]')")
    labels = None
    for (name, fmt), p in runs.items():
        if fmt != "nagios":
            continue
        code = expected_code(name)
        assert p.returncode == code and p.stderr == "", (name, p.stderr)
        first, *long = p.stdout.rstrip("\n").split("\n")
        status, _, perf = first.partition(" | ")
        assert status.startswith(f"POS-DOCTOR {['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][code]} - ")
        assert "(run" not in status and "Run " not in status  # no run id: an unchanged result reads the same every time
        if name in CASES:
            assert not re.search(r"\d{3,}", status.replace("4.1", "")), status  # nor a timing
        items = perf.split(" ")
        assert all(PERF.fullmatch(i) for i in items), perf
        for i in items:
            m = PERF.fullmatch(i)
            for rng in (m["warn"], m["crit"]):
                if rng:
                    nagiosplugin.Range(rng)  # the plugin library's own range grammar
            assert m["uom"] in (None, "s") and not m["label"].endswith("_ms")
        found = [PERF.fullmatch(i)["label"] for i in items]
        labels = labels or found
        assert found == labels, name  # the same labels whatever happened
        if code in (1, 2) and name in CASES:
            assert any(ln.startswith("  Next: pos-doctor fix ") for ln in long), long
            assert any(ln.startswith("  What to do: ") for ln in long), long


def test_checkmk_local_check_lines(runs):
    services = None
    for (name, fmt), p in runs.items():
        if fmt != "checkmk":
            continue
        lines = p.stdout.rstrip("\n").split("\n")
        assert p.returncode == expected_code(name) and p.stderr == ""
        parsed = [re.fullmatch(r'([0-3]) "([^"]+)" (-|\S+) (.+)', ln) for ln in lines]
        assert all(parsed), lines
        assert int(parsed[0][1]) == expected_code(name) and parsed[0][2] == "POS doctor"
        names = [m[2] for m in parsed]
        services = services or names
        assert names == services, name  # services never vanish
        for m in parsed:
            if m[3] != "-":
                assert all(re.fullmatch(r"[a-z_]+=-?\d+(\.\d+)?;[^;|]*;[^;|]*;[^;|]*;[^;|]*", x) for x in m[3].split("|")), m[3]


def test_icinga2_accepts_the_check_command(tmp_path):
    icinga2 = tool("icinga2", "icinga2-bin")
    conf = tmp_path / "icinga2.conf"
    conf.write_text('include <itl>\ninclude "%s"\n'
                    'object Host "till-1" { check_command = "dummy" }\n'
                    'object Service "pos-doctor" { host_name = "till-1"\n  check_command = "pos-doctor"\n'
                    '  vars.pos_doctor_only = "link,printer" }\n' % (CONTRIB / "icinga2" / "pos-doctor.conf"), encoding="utf-8")
    p = subprocess.run([icinga2, "daemon", "-C", "-c", str(conf), "-DObjectsPath=" + str(tmp_path / "objects"),
                        "-DStatePath=" + str(tmp_path / "state"), "-DVarsPath=" + str(tmp_path / "vars"),
                        "-DPidPath=" + str(tmp_path / "pid"), "-DCacheDir=" + str(tmp_path)],
                       capture_output=True, text=True, timeout=120, env=icinga_env(tmp_path))
    assert p.returncode == 0 and "Finished validating the configuration" in p.stdout, p.stdout[-2000:] + p.stderr[-2000:]


ICINGA_CONF = """include <itl>
include "%(command)s"
object CheckerComponent "checker" { }
object PerfdataWriter "perfdata" {
  service_perfdata_path = "%(spool)s/service-perfdata"
  host_perfdata_path = "%(spool)s/host-perfdata"
  service_temp_path = "%(spool)s/service-perfdata.tmp"
  host_temp_path = "%(spool)s/host-perfdata.tmp"
  service_format_template = "SERVICE::$service.name$\\tSTATE::$service.state_id$\\tOUTPUT::$service.output$\\tPERF::$service.perfdata$"
  rotation_interval = 2s
}
object Host "till-1" {
  check_command = "dummy"
  enable_active_checks = false
}
template Service "fast" {
  host_name = "till-1"
  check_command = "pos-doctor"
  check_interval = 3s
  retry_interval = 3s
  vars.pos_doctor_skip = "network"
}
object Service "healthy" { import "fast"
  vars.pos_doctor_simulate = "healthy" }
object Service "paper-near-end" { import "fast"
  vars.pos_doctor_simulate = "paper-near-end" }
object Service "paper-out" { import "fast"
  vars.pos_doctor_simulate = "paper-out" }
object Service "bad-range" { import "fast"
  vars.pos_doctor_simulate = "healthy"
  vars.pos_doctor_warning = "5:1" }
"""


def test_icinga2_runs_the_check_command_with_the_right_state(tmp_path):
    """A real Icinga 2 daemon runs the shipped CheckCommand: every exit code becomes its service state, and the
    plugin output it stores is pos-doctor's status line and long output, with no stderr mixed in."""
    import os
    import signal
    import time

    icinga2 = tool("icinga2", "icinga2-bin")
    spool = tmp_path / "spool"
    for d in ("spool", "run/icinga2", "lib", "cache", "log", "objects", "vars"):
        (tmp_path / d).mkdir(parents=True)
    conf = tmp_path / "icinga2.conf"
    conf.write_text(ICINGA_CONF % {"command": CONTRIB / "icinga2" / "pos-doctor.conf", "spool": spool}, encoding="utf-8")
    env = icinga_env(tmp_path)
    defines = [f"-D{k}={tmp_path / v}" for k, v in (("ObjectsPath", "objects/o"), ("StatePath", "lib/state"), ("VarsPath", "vars/v"),
                                                     ("PidPath", "run/icinga2/pid"), ("CacheDir", "cache"), ("LogDir", "log"),
                                                     ("SpoolDir", "spool"), ("InitRunDir", "run"), ("DataDir", "lib"))]
    daemon = subprocess.Popen([icinga2, "daemon", "-c", str(conf), *defines], env=env, cwd=tmp_path, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    want = {"healthy": 0, "paper-near-end": 1, "paper-out": 2, "bad-range": 3}
    seen: dict[str, tuple[int, str]] = {}
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and set(seen) != set(want) and daemon.poll() is None:
            time.sleep(1)
            for f in spool.glob("service-perfdata.*"):
                for rec in f.read_text(encoding="utf-8", errors="replace").split("SERVICE::")[1:]:
                    name, rest = rec.split("\t", 1)
                    state = int(re.search(r"STATE::(\d)", rest).group(1))
                    seen[name] = (state, rest.split("OUTPUT::", 1)[1].split("\tPERF::")[0])
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        try:
            daemon.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
            daemon.wait(timeout=10)
    assert set(seen) == set(want), (seen, daemon.returncode)
    for name, code in want.items():
        state, output = seen[name]
        assert state == code, (name, state, output)
        assert output.startswith(f"POS-DOCTOR {['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][code]} - "), output
        assert "Error:" not in output and "Saved as run" not in output, output
    assert "  Next: pos-doctor fix printer-paper" in seen["paper-out"][1]


def icinga_env(tmp_path) -> dict:
    """Icinga 2 drops root to its own user, who may not read pytest's folders: run it as the user running the tests."""
    import os
    import pwd
    import grp
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
               ICINGA2_USER=pwd.getpwuid(os.getuid()).pw_name, ICINGA2_GROUP=grp.getgrgid(os.getgid()).gr_name,
               POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), POS_DOCTOR_LANG="en")
    return env
