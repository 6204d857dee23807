"""`pos-doctor history` and `pos-doctor report` as real subprocesses on a real database, plus headless chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pos_doctor.records.store import Store
from tests.records.docs import check_doc, fix_doc

PAN = "4111111111111111"


def run(args, env_dir, timeout=30):
    env = dict(os.environ, POS_DOCTOR_DATA_DIR=str(env_dir), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], capture_output=True, text=True, env=env, timeout=timeout)


@pytest.fixture()
def data(tmp_path):
    with Store(tmp_path / "history.db") as s:
        a = s.record("check", check_doc("critical"), note="till 2")
        b = s.record("fix", fix_doc(), note="customer waited")
    return tmp_path, a, b


def test_history_lists_newest_first(data):
    d, a, b = data
    r = run(["history"], d)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0].split()[:2] == ["Run", "When"]  # column headers
    assert lines[1].split()[0] == str(b) and lines[2].split()[0] == str(a)
    j = json.loads(run(["history", "--json", "--kind", "check"], d).stdout)
    assert [x["id"] for x in j["runs"]] == [a]
    assert json.loads(run(["history", "--json", "--status", "resolved"], d).stdout)["runs"][0]["id"] == b


def test_history_stats_bars(data):
    d, _, _ = data
    r = run(["history", "--stats", "--since", "2000-01-01", "--real", "--simulated"], d)
    assert r.returncode == 0, r.stderr
    paper = next(line for line in r.stdout.splitlines() if line.startswith("printer.paper"))
    assert "1/1" in paper and "█" in paper
    ok = next(line for line in r.stdout.splitlines() if line.startswith("terminal.reachable"))
    assert "0/1" in ok and "█" not in ok


def test_history_bad_args_exit_3(data):
    d, _, _ = data
    r = run(["history", "--since", "yesterday-ish"], d)
    assert r.returncode == 3 and "--since" in r.stderr and "Traceback" not in r.stderr
    assert run(["history", "--kind", "pay"], d).returncode == 3


def test_report_md_has_transaction(data):
    d, _, b = data
    r = run(["report", str(b), "--format", "md"], d)
    assert r.returncode == 0, r.stderr
    for needle in ("12.50", "EUR", "1234", "411111******1111", "2026-11-22T11:58:03", "customer waited", "52500381"):
        assert needle in r.stdout
    assert PAN not in r.stdout and "13812345678" not in r.stdout
    assert "Recorded values" in r.stdout and "138****5678" in r.stdout
    zh = run(["report", str(b), "--lang", "zh"], d).stdout
    assert "POS机报告的最后一笔交易" in zh


def test_report_redact_and_json(data, tmp_path):
    d, _, b = data
    out = tmp_path / "r.json"
    r = run(["report", str(b), "--format", "json", "--redact", "-o", str(out)], d)
    assert r.returncode == 0, r.stderr
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["last_transaction"]["trace_number"] == 1234
    assert "52500381" not in out.read_text(encoding="utf-8") and "SN-0042-XY" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("bad", ["999", "abc"])
def test_report_bad_id(data, bad):
    d, _, _ = data
    r = run(["report", bad], d)
    assert r.returncode == 3 and "pos-doctor history" in r.stderr and "Traceback" not in r.stderr


def _chromium() -> str | None:
    return next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)


def test_report_html_in_headless_chromium(data, tmp_path):
    browser = _chromium()
    if not browser:
        pytest.skip("no chromium binary (CI installs it with `apt-get install -y chromium`)")
    d, _, b = data
    page = tmp_path / "r.html"
    assert run(["report", str(b), "--format", "html", "-o", str(page)], d).returncode == 0
    src = page.read_text(encoding="utf-8")
    assert "<script" not in src and "http://" not in src and "https://" not in src and "@media print" in src
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'prof'}"]
    dom = subprocess.run(args + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60).stdout
    for needle in ("12.50", "1234", "411111******1111", "Trace number"):
        assert needle in dom
    assert PAN not in dom
    shot = tmp_path / "r.png"
    subprocess.run(args + [f"--screenshot={shot}", "--window-size=1000,1400", page.as_uri()], capture_output=True, timeout=60)
    assert shot.exists() and shot.stat().st_size > 1000
    keep = os.environ.get("POS_DOCTOR_KEEP_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)


def test_history_without_database_creates_nothing(tmp_path):
    r = run(["history"], tmp_path)
    assert r.returncode == 0 and "No recorded runs" in r.stdout
    assert run(["report", "1"], tmp_path).returncode == 3
    assert list(tmp_path.iterdir()) == []
