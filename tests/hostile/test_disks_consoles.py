"""Disks, consoles and files that are not as they should be (issue 26).

Data folders on real tmpfs mounts (full, read-only) where this process may mount (root); a data folder that is a
file; a database half-created on a full disk, and one from a newer version; a console that cannot show ✓ or
Chinese; a damaged stopped-walk file. Every command runs as a subprocess of the real CLI.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.robustness.test_bad_input import Run, cli as _cli

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="POSIX mounts and ptys"), pytest.mark.timeout(300)]

FIX = ["fix", "printer-paper", "--simulate", "paper-out", "--yes", "--json"]


@contextlib.contextmanager
def tmpfs(path: Path, size: str = "1m"):
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not allowed here: {r.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _fill(folder: Path) -> None:
    """Write until the file system says it is full (unbuffered: nothing left to fail at close)."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for chunk in (65536, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * chunk)
            except OSError:
                pass
    finally:
        os.close(fd)


@pytest.fixture
def clean_spool(tmp_path, monkeypatch):
    """The CLI's temp folder is this test's own: the temp-folder spool (named after the database) lands there, where no
    test on another worker, or another suite on the machine, imports or deletes it (a shared /tmp let one test's
    clean-up delete the run another had just spooled)."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    return tmp_path / "tmp"


def _env(data: Path) -> dict:
    return {"POS_DOCTOR_DATA_DIR": str(data)}


def cli(args, home: Path, env: dict | None = None, timeout: float = 120) -> Run:
    """tests.robustness' cli, whose data folder may be elsewhere than home/data."""
    env = dict(env or {})
    data = env.pop("POS_DOCTOR_DATA_DIR", None)
    if data is None:
        return _cli(args, home, env=env, timeout=timeout)
    import time

    e = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_") and k not in ("LANG", "LC_ALL")}
    e.update(POS_DOCTOR_DATA_DIR=data, XDG_CONFIG_HOME=str(home / "xdg"), CI="1", NO_COLOR="1", COLUMNS="200",
             LANG="C.UTF-8", POS_DOCTOR_LANG="en", **env)
    t0 = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "pos_doctor", *args], capture_output=True, text=True, encoding="utf-8",
                       errors="replace", env=e, cwd=home, stdin=subprocess.DEVNULL, timeout=timeout)
    return Run(args, p.returncode, p.stdout, p.stderr, time.monotonic() - t0)


def _walk_goes_on(run, why: str) -> dict:
    assert run.code is not None and run.code != 3, run
    assert "internal error" not in run.err and "Traceback" not in run.err, run
    said = [line for line in run.err.splitlines() if "progress of this walk cannot be saved" in line]
    assert len(said) == 1 and why in said[0], run.err  # said once, with why
    doc = json.loads(run.out)
    assert doc["outcome"] == "resolved"
    return doc


def _history(home: Path, data: Path) -> list:
    run = cli(["history", "--json"], home, env=_env(data))
    assert run.code == 0, run
    return json.loads(run.out)["runs"]


def test_fix_with_a_full_data_disk_goes_on_and_is_recorded_when_space_is_back(tmp_path, clean_spool):
    with tmpfs(tmp_path / "disk") as disk:
        data = disk / "data"
        data.mkdir()
        _fill(disk)
        run = cli(FIX, tmp_path, env=_env(data))
        _walk_goes_on(run, "the disk is full")
        assert f"this run was kept in {clean_spool}{os.sep}pos-doctor-spool-" in run.err  # spooled, not dropped
        # a database the full disk left half-created is no "foreign file": the history is just empty
        assert _history(tmp_path, data) == []
        (disk / "filler").unlink()  # the disk is back
        again = cli(["check", "--simulate", "healthy", "--only", "link"], tmp_path, env=_env(data))
        assert again.code == 0 and "Added 1 earlier run(s)" in again.err, again
        kinds = sorted(r["kind"] for r in _history(tmp_path, data))
        assert kinds == ["check", "fix"]


def test_fix_with_a_read_only_data_disk_goes_on(tmp_path, clean_spool):
    with tmpfs(tmp_path / "disk") as disk:
        (disk / "data").mkdir()
        r = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True, text=True)
        if r.returncode != 0:
            pytest.skip(f"cannot remount read-only: {r.stderr.strip()}")
        run = cli(FIX, tmp_path, env=_env(disk / "data"))
        _walk_goes_on(run, "read-only")
        assert f"this run was kept in {clean_spool}{os.sep}pos-doctor-spool-" in run.err
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        again = cli(["check", "--simulate", "healthy", "--only", "link"], tmp_path, env=_env(disk / "data"))
        assert "Added 1 earlier run(s)" in again.err, again


def test_fix_with_a_data_folder_that_is_a_file_goes_on(tmp_path, clean_spool):
    data = tmp_path / "data"
    data.write_text("not a folder")
    run = cli(FIX, tmp_path, env=_env(data))
    _walk_goes_on(run, "not a folder")
    assert f"this run was kept in {clean_spool}{os.sep}pos-doctor-spool-" in run.err and data.read_text() == "not a folder"


def test_a_half_created_database_reads_as_an_empty_history(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    db = sqlite3.connect(data / "history.db")  # the header written, the first migration never committed
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    assert (data / "history.db").stat().st_size > 0
    assert _history(tmp_path, data) == []
    run = cli(["check", "--simulate", "healthy", "--only", "link"], tmp_path, env=_env(data))
    assert run.code == 0 and "Saved as run 1" in run.err, run
    assert len(_history(tmp_path, data)) == 1


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    data = tmp_path / "data"
    first = cli(["check", "--simulate", "healthy", "--only", "link"], tmp_path, env=_env(data))
    assert first.code == 0, first
    db = sqlite3.connect(data / "history.db")
    db.execute("PRAGMA user_version = 99")
    db.close()
    for args in (["history"], ["report", "1"]):
        run = cli(args, tmp_path, env=_env(data))
        assert run.code == 3, run
        assert "written by a newer pos-doctor (schema 99" in run.err and "update pos-doctor" in run.err, run
        assert "Traceback" not in run.err
    run = cli(["check", "--simulate", "healthy", "--only", "link"], tmp_path, env=_env(data))
    assert run.code == 0 and "written by a newer pos-doctor" in run.err, run  # the check stands; not recorded
    db = sqlite3.connect(data / "history.db")
    assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 1  # nothing written into it
    db.close()


# --- consoles ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["check", "--simulate", "paper-out"],
    ["check", "--simulate", "paper-out", "--lang", "zh"],
    ["fix", "printer-paper", "--simulate", "paper-out", "--yes"],
    ["fix", "printer-paper", "--simulate", "paper-out", "--yes", "--lang", "zh"],
])
def test_a_cp1252_console_never_crashes(args, tmp_path):
    run = cli(args, tmp_path, env={"PYTHONIOENCODING": "cp1252"})
    assert run.code in (0, 1, 2), run
    assert "UnicodeEncodeError" not in run.err and "internal error" not in run.err, run
    both = run.out + run.err
    assert "\u2713" not in both and "\u2717" not in both
    if "zh" in args:
        assert "\\u" in both  # Chinese as escapes, not as a crash
    else:
        assert "+ " in both or "x " in both  # the marks, in ASCII


@pytest.mark.parametrize("args", [
    ["check", "--simulate", "paper-out", "--json", "--lang", "zh"],
    ["fix", "printer-paper", "--simulate", "paper-out", "--yes", "--json", "--lang", "zh"],
])
def test_machine_formats_stay_utf8_on_a_cp1252_console(args, tmp_path):
    e = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    e.update(POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), CI="1", NO_COLOR="1", PYTHONIOENCODING="cp1252")
    p = subprocess.run([sys.executable, "-m", "pos_doctor", *args], capture_output=True, env=e, cwd=tmp_path,
                       stdin=subprocess.DEVNULL, timeout=120)
    assert p.returncode in (0, 1, 2), p.stderr
    doc = json.loads(p.stdout.decode("utf-8"))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in json.dumps(doc, ensure_ascii=False))


# --- a damaged stopped walk --------------------------------------------------------------------------------

def _stopped_walk(tmp_path) -> Path:
    data = tmp_path / "data"
    run = cli(["fix", "printer-paper", "--simulate", "paper-out"], tmp_path, env=_env(data))  # stops: no answers
    assert run.code == 3, run
    (f,) = (data / "stopped-walks").glob("*.json")
    return f


@pytest.mark.parametrize("change, problem", [
    (lambda s: s.update(payment="4111"), "state.payment: must be a mapping or null"),
    (lambda s: s.update(payment=[1, 2]), "state.payment: must be a mapping or null"),
    (lambda s: s.update(frames=[["printer-paper", "no-such-step"]]), "has no step 'no-such-step'"),
    (lambda s: s.update(frames=[["no-such-playbook", "x"]]), "playbook 'no-such-playbook' does not exist"),
])
def test_a_damaged_stopped_walk_is_one_screen_naming_the_file(change, problem, tmp_path):
    f = _stopped_walk(tmp_path)
    doc = json.loads(f.read_text())
    change(doc["state"])
    # signed again as pos-doctor would: a step gone from a playbook that changed after the walk was saved (an edit
    # without the key is refused by the checksum first - tests/cli/test_walk_trust.py)
    from pos_doctor.playbooks import saved

    doc["checksum"] = saved.checksum(doc, saved._key(f.parent, create=False))
    f.write_text(json.dumps(doc))
    run = cli(["fix", "--resume", "1", "--yes"], tmp_path, env=_env(tmp_path / "data"))
    assert run.code == 3, run
    assert "internal error" not in run.err and "Traceback" not in run.err, run
    assert str(f) in run.err and problem in run.err and "pos-doctor fix --discard" in run.err, run
    assert len(run.err.strip().splitlines()) < 12


@pytest.mark.parametrize("folder", ["till-20261208T010905-19536", "backup-13812345678"])
def test_an_error_names_the_files_it_is_about_whole(tmp_path, folder):
    """A folder or file the error is about is shown as it is, however many digits its name has (a saved walk made at
    01:09 reads like a Beijing landline): the person has to find it. A number typed in the wrong place beside it is
    still masked."""
    data = tmp_path / folder
    data.mkdir()
    (data / "history.db").write_text("not a database", encoding="utf-8")
    run = cli(["history", "--json"], tmp_path, env=_env(data))
    assert run.code == 3 and f"history database {data / 'history.db'} is not a pos-doctor history database" in run.err
    typed = cli(["check", "--simulate", "healthy", "--only", "link", "4111111111111111"], tmp_path, env=_env(data))
    assert typed.code == 3 and "4111111111111111" not in typed.err and "411111******1111" in typed.err, typed
