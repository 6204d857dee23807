"""The Prometheus textfile checked by Prometheus's own tools: promtool on every scenario's output, node_exporter
scraping a file pos-doctor rewrites while it is scraped, the shipped alert rules' unit tests, the dashboard's queries."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pos_doctor.cli.check_output import write_atomic

from .conftest import EXIT3, SCENARIOS, run, tool

CONTRIB = Path(__file__).resolve().parents[2] / "contrib"
SAMPLE = re.compile(r'^([a-z_]+)(\{([^}]*)\})? (\S+)$')
VARYING = {"cause", "playbook", "reason", "model", "software_version", "terminal_id"}  # label values that carry state


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Every scenario's Prometheus output, and the three ways to end with exit 3."""
    base = tmp_path_factory.mktemp("prom")

    def one(name):
        d = base / name
        d.mkdir()
        if name in EXIT3:
            args = EXIT3[name](d)
        else:
            args = ["check", "--simulate", name, "--timeout", "10"]
        return name, run(d, *args, "--format", "prometheus")

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(one, SCENARIOS + sorted(EXIT3)))


def series(text: str) -> set[tuple]:
    out = set()
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        m = SAMPLE.match(line)
        assert m, line
        labels = dict(re.findall(r'([a-z_]+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        out.add((m.group(1), tuple(sorted((k, v) for k, v in labels.items() if k not in VARYING))))
    return out


def test_promtool_accepts_every_scenario_and_every_failure(runs):
    promtool = tool("promtool", "prometheus")
    for name, p in runs.items():
        assert p.returncode in (0, 1, 2, 3), (name, p.stderr)
        lint = subprocess.run([promtool, "check", "metrics"], input=p.stdout, capture_output=True, text=True, timeout=30)
        assert lint.returncode == 0 and lint.stdout == "" and lint.stderr == "", (name, lint.stdout, lint.stderr)


def test_the_same_series_whatever_happens(runs):
    """Dead terminal, paper out, bad configuration: the same metric names and identifying labels - a dashboard or an
    alert never sees a series vanish (the state rides in the values and in cause/playbook/reason)."""
    sets = {name: series(p.stdout) for name, p in runs.items()}
    first = sets["healthy"]
    assert len(first) > 40
    for name, s in sets.items():
        assert s == first, (name, s ^ first)


def test_fleet_questions_can_be_asked(runs):
    text = runs["outdated-software"].stdout
    assert re.search(r'^pos_doctor_info\{host="[^"]+",shop="[^"]+",model="SIM-ZVT-1",software_version="1\.9\.0",terminal_id="\d+"\} 1$', text, re.M)
    assert 'cause="paper_end",playbook="printer-paper"} 2' in runs["paper-out"].stdout
    assert 'cause="cover_open",playbook="printer-cover-open"} 2' in runs["cover-open"].stdout
    assert re.search(r'^pos_doctor_timing_seconds\{check="link.terminal",timing="completion"\} 0\.\d+$', runs["healthy"].stdout, re.M)
    assert 'pos_doctor_timing_seconds{check="link.terminal",timing="completion"} NaN' in runs["dead-terminal"].stdout
    assert "_ms" not in "".join(p.stdout for p in runs.values())  # base units only


def test_promtool_rule_unit_tests():
    promtool = tool("promtool", "prometheus")
    p = subprocess.run([promtool, "test", "rules", "pos-doctor.rules.test.yml"], cwd=CONTRIB / "prometheus",
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and "SUCCESS" in p.stdout, p.stdout + p.stderr


def test_dashboard_queries_are_valid_promql(tmp_path):
    promtool = tool("promtool", "prometheus")
    dash = json.loads((CONTRIB / "grafana" / "pos-doctor-fleet.json").read_text(encoding="utf-8"))
    exprs = [t["expr"].replace("$shop", ".*") for panel in dash["panels"] for t in panel["targets"]]
    assert len(exprs) >= 10
    rules = {"groups": [{"name": "dashboard", "rules": [{"record": f"dashboard:q{i}", "expr": e} for i, e in enumerate(exprs)]}]}
    (tmp_path / "q.yml").write_text(json.dumps(rules), encoding="utf-8")
    p = subprocess.run([promtool, "check", "rules", str(tmp_path / "q.yml")], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def node_exporter(tmp_path):
    exe = tool("prometheus-node-exporter", "prometheus-node-exporter")
    folder = tmp_path / "textfile"
    folder.mkdir()
    port = _free_port()
    proc = subprocess.Popen([exe, "--collector.disable-defaults", "--collector.textfile",
                             f"--collector.textfile.directory={folder}", f"--web.listen-address=127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/metrics"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            break
        except OSError:
            time.sleep(0.05)
    yield folder, url
    proc.terminate()
    proc.wait(timeout=10)


def scrape(url: str) -> tuple[str, int]:
    body = urllib.request.urlopen(url, timeout=5).read().decode()
    errors = re.search(r"^node_textfile_scrape_error (\S+)$", body, re.M)
    assert errors, body[:400]
    return errors.group(1), sum(1 for ln in body.splitlines() if ln.startswith("pos_doctor_"))


def test_node_exporter_never_sees_a_half_file_or_no_samples(node_exporter, tmp_path):
    """pos-doctor rewrites the file (CLI runs with faults and failures, then fast in-process rewrites) while
    node_exporter is scraped in a bounded loop: never a parse error, never 0 samples, always the full set."""
    folder, url = node_exporter
    target = folder / "pos_doctor.prom"
    first = run(tmp_path, "check", "--simulate", "healthy", "--format", "prometheus", "--output", str(target))
    assert first.returncode == 0
    healthy = target.read_text(encoding="utf-8")
    err, expected = scrape(url)
    assert err == "0" and expected > 40
    done = threading.Event()
    texts = {}

    def rewrite():
        try:
            for scen in ("paper-out", "dead-terminal", "healthy"):
                run(tmp_path, "check", "--simulate", scen, "--format", "prometheus", "--output", str(target))
            run(tmp_path, "check", "--simulate", "healthy", "-w", "5:1", "--format", "prometheus", "--output", str(target))
            texts["a"] = target.read_text(encoding="utf-8")
            texts["b"] = healthy
            for i in range(300):  # fast rewrites: a scrape must land on a rename many times
                write_atomic(target, texts["a"] if i % 2 else texts["b"])
        finally:
            done.set()

    writer = threading.Thread(target=rewrite)
    writer.start()
    scrapes, deadline = 0, time.monotonic() + 120
    while not done.is_set() and time.monotonic() < deadline:
        err, n = scrape(url)
        assert err == "0" and n == expected, (err, n, expected)
        scrapes += 1
    writer.join(timeout=120)
    assert done.is_set() and scrapes >= 5, scrapes
