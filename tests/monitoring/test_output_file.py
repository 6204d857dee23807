"""`--output FILE` and exit 3: every machine format leaves one valid document, whatever the exit code."""

from __future__ import annotations

import json
import os
import re
import threading
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from pos_doctor.cli.check_output import scan_args, write_atomic
from pos_doctor.resources import schemas_dir
from pos_doctor.ui.check_formats import last_success_from

from .conftest import EXIT3, run

SCHEMA = json.loads((schemas_dir() / "check.schema.json").read_text(encoding="utf-8"))
FORMATS = ("json", "nagios", "checkmk", "junit", "prometheus")


def valid(fmt: str, text: str, code: int) -> None:
    """The document is whole and says the exit code it ends with."""
    assert text.endswith("\n") and "\r" not in text and text.strip(), repr(text[-80:])
    if fmt == "json":
        doc = json.loads(text)
        jsonschema.validate(doc, SCHEMA)
        assert doc["exit_code"] == code
    elif fmt == "nagios":
        assert text.startswith(f"POS-DOCTOR {['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'][code]} - ")
    elif fmt == "checkmk":
        assert text.splitlines()[0].startswith(f'{code} "POS doctor" ')
    elif fmt == "junit":
        suite = ET.fromstring(text)
        assert suite.tag == "testsuite" and (int(suite.get("errors")) > 0) == (code == 3)
    else:
        assert f"pos_doctor_exit_code {code}\n" in text
        assert re.search(rf"^pos_doctor_run_success(\{{reason=\"[a-z_]+\"\}})? {0 if code == 3 else 1}$", text, re.M)


@pytest.mark.parametrize("why", sorted(EXIT3))
@pytest.mark.parametrize("fmt", FORMATS)
def test_exit_3_leaves_a_valid_document_in_every_format(tmp_path, fmt, why):
    args = EXIT3[why](tmp_path)
    out = tmp_path / "out" / f"pos_doctor.{fmt}"
    out.parent.mkdir()
    p = run(tmp_path, *args, "--format", fmt, "--output", str(out))
    assert p.returncode == 3, p.stderr
    assert p.stdout == ""  # the document went to the file
    valid(fmt, out.read_text(encoding="utf-8"), 3)
    assert [f.name for f in out.parent.iterdir()] == [out.name]  # no temp file left behind
    q = run(tmp_path, *args, "--format", fmt)  # and on stdout
    assert q.returncode == 3
    valid(fmt, q.stdout, 3)
    if fmt in ("nagios", "checkmk") or why == "no-ports":  # the engine merges stderr in: the document says it all
        assert q.stderr == ""
    else:
        assert q.stderr.startswith("Error: ")


def test_json_flag_gives_one_document_on_exit_3(tmp_path):
    p = run(tmp_path, *EXIT3["bad-range"](tmp_path), "--json")
    doc = json.loads(p.stdout)
    assert p.returncode == 3 and doc["status"] == "unknown" and doc["error"]["kind"] == "bad_argument"
    assert "is not a Nagios range" in doc["error"]["message"] and doc["checks"] == []
    jsonschema.validate(doc, SCHEMA)


def test_bad_config_names_the_file_in_every_document(tmp_path):
    args = EXIT3["bad-config"](tmp_path)
    nag = run(tmp_path, *args, "--format", "nagios").stdout.splitlines()
    assert nag[0].startswith("POS-DOCTOR UNKNOWN - could not decide: ") and "payment.hots" in nag[0]
    assert nag[1] == "What to do: fix the places named above and run again."
    prom = run(tmp_path, *args, "--format", "prometheus").stdout
    assert 'pos_doctor_run_success{reason="bad_file"} 0' in prom


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_fault_is_published_with_its_exit_code(tmp_path, fmt):
    out = tmp_path / f"f.{fmt}"
    out.write_text("stale healthy data\n", encoding="utf-8")
    os.chmod(out, 0o640)
    p = run(tmp_path, "check", "--simulate", "paper-out", "--format", fmt, "--output", str(out))
    assert p.returncode == 2 and p.stdout == "" and p.stderr == ""  # no "Saved as run" in a machine format
    valid(fmt, out.read_text(encoding="utf-8"), 2)
    assert os.stat(out).st_mode & 0o777 == 0o640  # the mode a collector was given stays


def test_saved_line_only_when_asked(tmp_path):
    p = run(tmp_path, "check", "--simulate", "healthy", "--only", "link.terminal", "--format", "nagios", "-v")
    assert p.returncode == 0 and "Saved as run 1" in p.stderr
    assert "Run 1: pos-doctor report 1" in p.stdout.splitlines()[1:] and "(run" not in p.stdout.splitlines()[0]


def test_last_success_is_kept_across_failed_runs(tmp_path):
    out = tmp_path / "pos_doctor.prom"
    ok = run(tmp_path, "check", "--simulate", "healthy", "--only", "link.terminal", "--format", "prometheus", "--output", str(out))
    assert ok.returncode == 0
    first = out.read_text(encoding="utf-8")
    when = float(re.search(r"^pos_doctor_last_run_timestamp_seconds (\S+)$", first, re.M).group(1))
    assert f"pos_doctor_last_success_timestamp_seconds {when:.3f}" in first
    bad = run(tmp_path, "check", "--simulate", "healthy", "-w", "x", "--format", "prometheus", "--output", str(out))
    assert bad.returncode == 3
    second = out.read_text(encoding="utf-8")
    assert f"pos_doctor_last_success_timestamp_seconds {when:.3f}" in second
    assert float(re.search(r"^pos_doctor_last_run_timestamp_seconds (\S+)$", second, re.M).group(1)) >= when
    out.unlink()  # the file gone: the history knows when the last run decided
    again = run(tmp_path, "check", "--simulate", "healthy", "-w", "x", "--format", "prometheus", "--output", str(out))
    assert again.returncode == 3
    assert last_success_from(out.read_text(encoding="utf-8")) == pytest.approx(when, abs=2)


def test_output_must_be_a_machine_format_and_a_file(tmp_path):
    p = run(tmp_path, "check", "--simulate", "healthy", "--output", str(tmp_path / "x"))
    assert p.returncode == 3 and "--output needs a machine format" in p.stderr
    p = run(tmp_path, "check", "--simulate", "healthy", "--format", "prometheus", "--output", str(tmp_path))
    assert p.returncode == 3 and "--output" in p.stderr


def test_write_atomic_never_shows_a_half_file(tmp_path):
    """A reader polling the file while it is rewritten sees one whole document or the other, never a mix or nothing."""
    target = tmp_path / "m.prom"
    docs = ["a 1\n" * 4000, "b 2\n" * 3000]
    write_atomic(target, docs[0])
    seen, stop = set(), threading.Event()

    def read():
        while not stop.is_set():
            seen.add(target.read_text(encoding="utf-8"))

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(200):
        write_atomic(target, docs[i % 2])
    stop.set()
    reader.join()
    assert seen <= set(docs) and seen
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.prom"]


def test_write_atomic_text_rules(tmp_path):
    write_atomic(tmp_path / "z", "ü\r\nlast")
    assert (tmp_path / "z").read_bytes() == "ü\nlast\n".encode("utf-8")


@pytest.mark.parametrize("args,expected", [
    (["check", "--json"], ("json", None)),
    (["--lang", "zh", "check", "--format", "nagios", "--output", "f"], ("nagios", "f")),
    (["check", "--format=junit", "--output=x.xml"], ("junit", "x.xml")),
    (["history"], (None, None)),
])
def test_scan_args(args, expected):
    assert scan_args(args) == expected


@pytest.mark.parametrize("which", ["check", "fix", "playbook"])
def test_schema_command_prints_the_shipped_schema(tmp_path, which):
    p = run(tmp_path, "schema", which)
    assert p.returncode == 0
    assert json.loads(p.stdout) == json.loads((schemas_dir() / f"{which}.schema.json").read_text(encoding="utf-8"))


def test_fix_json_validates_against_the_fix_schema(tmp_path):
    p = run(tmp_path, "fix", "printer-paper", "--simulate", "paper-out", "--yes", "--json")
    doc = json.loads(p.stdout)
    jsonschema.validate(doc, json.loads(run(tmp_path, "schema", "fix").stdout))
    assert doc["exit_code"] == p.returncode


def test_schema_ties_status_to_exit_code():
    good = {"schema_version": 1, "tool": {"name": "pos-doctor", "version": "1"}, "status": "critical", "exit_code": 2,
            "timing": {"started_at": "x", "finished_at": "x", "duration_ms": 1}, "target": {}, "checks": [], "playbooks": []}
    jsonschema.validate(good, SCHEMA)
    for status, code in (("ok", 2), ("critical", 3), ("unknown", 1), ("warning", 2)):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({**good, "status": status, "exit_code": code}, SCHEMA)
