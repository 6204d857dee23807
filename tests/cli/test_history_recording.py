"""`pos-doctor check` records its run (real subprocess), unless --no-record; output unaffected."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def run(args, data_dir, timeout=60):
    env = dict(os.environ, POS_DOCTOR_DATA_DIR=str(data_dir), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], capture_output=True, text=True, env=env, timeout=timeout)


def test_check_is_recorded_with_note(tmp_path):
    pan = "4111111111111111"
    r = run(["check", "--only", "power.host", "--json", "--note", f"till 3 card {pan} tel 13812345678"], tmp_path)
    doc = json.loads(r.stdout)  # stdout stays one JSON document
    assert (tmp_path / "history.db").exists()
    hist = json.loads(run(["history", "--json"], tmp_path).stdout)["runs"]
    assert len(hist) == 1 and hist[0]["kind"] == "check" and hist[0]["status"] == doc["status"]
    assert pan not in hist[0]["note"] and "13812345678" not in hist[0]["note"] and "till 3" in hist[0]["note"]
    md = run(["report", str(hist[0]["id"])], tmp_path).stdout
    assert "power.host" in md
    r2 = run(["check", "--only", "power.host", "--json", "--no-record"], tmp_path)
    assert r2.returncode == r.returncode
    assert len(json.loads(run(["history", "--json"], tmp_path).stdout)["runs"]) == 1


def test_unwritable_db_only_warns(tmp_path):
    (tmp_path / "history.db").mkdir()  # a directory where the file should be
    r = run(["check", "--only", "power.host", "--json"], tmp_path)
    json.loads(r.stdout)
    assert "not recorded" in r.stderr and "Traceback" not in r.stderr
