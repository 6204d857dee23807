"""The history database under hostile conditions (issue 13): paths that are not databases, read-only and empty
files, a database locked by another process. Real SQLite files and real subprocess runs of the CLI."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.robustness.test_bad_input import assert_one_screen_error, cli

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, /dev/null, chmod"), pytest.mark.timeout(600)]
# "hung" is told apart from "slow" by a generous wait: a CLI start on a machine loaded 15-27 took over 30 s
HANG = 120


def _make(kind: str, tmp_path):
    p = tmp_path / "h.db"
    if kind == "dev-null":
        return "/dev/null"
    if kind == "directory":
        p.mkdir()
    elif kind == "text":
        p.write_text("these are my notes, not a database\n" * 20)
    elif kind == "fifo":
        os.mkfifo(p)
    elif kind == "sqlite-other":
        db = sqlite3.connect(p)
        db.execute("CREATE TABLE x (a)")
        db.commit()
        db.close()
    return str(p)


@pytest.mark.parametrize("command", [["history"], ["report", "1"]], ids=["history", "report"])
@pytest.mark.parametrize("kind", ["dev-null", "directory", "text", "fifo", "sqlite-other"])
def test_not_a_database_is_one_screen(kind, command, tmp_path):
    path = _make(kind, tmp_path)
    before = os.stat(path).st_mtime_ns if kind != "fifo" else None
    run = cli([*command, "--db", path], tmp_path, timeout=HANG)
    assert run.code is not None, f"hung\n{run}"
    assert_one_screen_error(run)  # exit 3, one screen on stderr: /dev/null too, for history as for report
    assert path in run.err, run
    if before is not None:
        assert os.stat(path).st_mtime_ns == before, "a read command wrote"


def test_empty_file_stays_empty(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    for args in (["history"], ["history", "--json"], ["history", "--stats"]):
        run = cli([*args, "--db", str(empty)], tmp_path, timeout=HANG)
        assert run.code == 0, run
    assert empty.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("empty")) == ["empty.db"]


def _recorded(tmp_path) -> str:
    run = cli(["check", "--simulate", "healthy", "--only", "link"], tmp_path, timeout=60)
    assert run.code == 0, run
    return str(tmp_path / "data" / "history.db")


def test_read_only_database_still_reads(tmp_path):
    db = _recorded(tmp_path)
    folder = os.path.dirname(db)
    os.chmod(db, 0o444)
    os.chmod(folder, 0o555)
    try:
        before = {n: os.stat(os.path.join(folder, n)).st_mtime_ns for n in os.listdir(folder)}
        run = cli(["history", "--json", "--db", db], tmp_path, timeout=HANG)
        assert run.code == 0, run
        assert len(json.loads(run.out)["runs"]) == 1
        report = cli(["report", "1", "--db", db, "--format", "json"], tmp_path, timeout=HANG)
        assert report.code == 0, report
        assert {n: os.stat(os.path.join(folder, n)).st_mtime_ns for n in os.listdir(folder)} == before
    finally:
        os.chmod(folder, 0o755)
        os.chmod(db, 0o644)


def unprivileged() -> list[str]:
    """Root reads any directory: as root (CI in a container) the CLI runs as `nobody` through setpriv, so a folder
    it may not read is one it cannot read. Empty when not root."""
    if os.geteuid() != 0:
        return []
    import shutil

    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): root reads any directory")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_unreadable_directory_is_one_screen(tmp_path):
    prefix = unprivileged()
    import tempfile

    home = tempfile.mkdtemp(prefix="pos-doctor-unreadable-")  # under /tmp, reachable by the unprivileged user
    db = os.path.join(home, "data", "history.db")
    try:
        os.chmod(home, 0o755)
        db = _recorded(Path(home))
        for folder in (os.path.dirname(db), home):
            os.chmod(folder, 0o755)
        os.chmod(os.path.dirname(db), 0o000)
        run = cli(["history", "--db", db], Path(home), timeout=HANG, prefix=prefix)
        assert_one_screen_error(run)
        assert run.err.startswith(f"Error: history database {db} cannot be read: Permission denied"), run
    finally:
        if os.path.isdir(os.path.dirname(db)):
            os.chmod(os.path.dirname(db), 0o755)
        import shutil

        shutil.rmtree(home, ignore_errors=True)


HOLD = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
"""


def test_locked_database_spools_the_run_and_the_next_run_imports_it(tmp_path):
    db = _recorded(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        run = cli(["check", "--simulate", "healthy", "--only", "link", "--timeout", "3"], tmp_path, timeout=HANG)
        assert run.code == 0, run
        assert "kept in" in run.err and "next run" in run.err, run
        spooled = list((tmp_path / "data" / "spool").glob("*.json"))
        assert len(spooled) == 1
        # the lock was not waited for past the run's deadline: judged from the run's own start (as it recorded it)
        # to the spool file's writing, not by the wall clock of the whole CLI (its start-up on a loaded machine is
        # no part of the deadline)
        from datetime import datetime

        started = datetime.fromisoformat(json.loads(spooled[0].read_text(encoding="utf-8"))["document"]["timing"]
                                         ["started_at"])
        kept = datetime.fromtimestamp(spooled[0].stat().st_mtime, tz=started.tzinfo)
        waited = (kept - started).total_seconds()
        assert 0 <= waited < 3 + 0.5 + 3, f"{waited:.1f} s: the lock was waited for past the deadline\n{run}"
    finally:
        holder.communicate("\n", timeout=10)
    nxt = cli(["check", "--simulate", "healthy", "--only", "link"], tmp_path, timeout=60)
    assert nxt.code == 0 and "Added 1 earlier run" in nxt.err, nxt
    assert not list((tmp_path / "data" / "spool").glob("*.json"))
    hist = cli(["history", "--json"], tmp_path, timeout=HANG)
    assert len(json.loads(hist.out)["runs"]) == 3, "a run was lost"


def _disk_full(limit: int):
    """A child whose files cannot grow past `limit` bytes: writes fail with EFBIG, as on a full disk (SIGXFSZ is
    ignored so the write returns the error instead of killing the process)."""
    import resource
    import signal

    def pre():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return pre


def _cli_limited(args, home, limit):
    # not measured by coverage: its data file could not grow past the limit either
    e = {k: v for k, v in os.environ.items() if not k.startswith(("POS_DOCTOR_", "COVERAGE_PROCESS_"))}
    e.update(POS_DOCTOR_DATA_DIR=str(home / "data"), XDG_CONFIG_HOME=str(home / "xdg"), CI="1", NO_COLOR="1",
             LANG="C.UTF-8", POS_DOCTOR_LANG="en")
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], capture_output=True, text=True, env=e, cwd=home,
                          stdin=subprocess.DEVNULL, timeout=60, preexec_fn=_disk_full(limit))


def test_full_disk_report_output_is_one_screen(tmp_path):
    _recorded(tmp_path)
    p = _cli_limited(["report", "1", "-o", "out.md"], tmp_path, 200)
    assert p.returncode == 3, p.stderr
    assert "--output" in p.stderr and "out.md" in p.stderr and "Traceback" not in p.stderr, p.stderr
    assert len(p.stderr.strip().splitlines()) < 10


def test_full_disk_recording_spools_and_keeps_the_result(tmp_path):
    p = _cli_limited(["check", "--simulate", "healthy", "--only", "link"], tmp_path, 4000)
    assert p.returncode == 0, p.stderr  # the check's own result stands
    # files cannot grow past 4000 bytes: the database's first page (4096) cannot be written, the spool file (about
    # 2 KB) can; the run is spooled
    # (issue 26: a full disk spools instead of dropping) and the half-created database is no foreign file
    assert p.stderr.startswith("Note: the history database cannot be written: disk error; this run was kept in "), p.stderr
    assert "Traceback" not in p.stderr
    history = _cli_limited(["history", "--json"], tmp_path, 10**9)
    assert history.returncode == 0 and json.loads(history.stdout)["runs"] == [], history.stderr
    # the disk is back: the next run records itself and the spooled one
    again = _cli_limited(["check", "--simulate", "healthy", "--only", "link"], tmp_path, 10**9)
    assert again.returncode == 0 and "Added 1 earlier run(s)" in again.stderr, again.stderr
    history = _cli_limited(["history", "--json"], tmp_path, 10**9)
    assert len(json.loads(history.stdout)["runs"]) == 2


def test_spool_claim_of_a_killed_run_is_imported_later(tmp_path):
    """A run SIGKILLed between claiming a spool file and recording it must not lose that run."""
    from pos_doctor.records.recorder import record_run
    from pos_doctor.records.store import Store
    from tests.records.docs import check_doc

    spool = tmp_path / "spool"
    spool.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    claimed = spool / f"check-x.importing-{int(dead.stdout)}"
    claimed.write_text(json.dumps({"kind": "check", "document": check_doc(), "note": "spooled", "tool_version": "t"}))
    assert record_run("check", check_doc(), db_path=tmp_path / "history.db") is not None
    with Store(tmp_path / "history.db", readonly=True) as store:
        assert sorted(r["note"] or "" for r in store.history()) == ["", "spooled"]
    assert not list(spool.iterdir())


def test_a_database_left_with_its_log_in_a_folder_it_may_not_write_still_reads(tmp_path):
    """A write-ahead log beside the database and no -shm (a writer that crashed), in a folder this user may not
    write: SQLite cannot make its -shm there, so the history reads the file as it stands - the runs already in
    it, nothing created."""
    prefix = unprivileged()
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="pos-doctor-ro-wal-"))
    try:
        os.chmod(home, 0o755)
        db = _recorded(home)
        writer = sqlite3.connect(db, isolation_level=None)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
        writer.execute("INSERT INTO scratch VALUES (1)")
        shutil.copy(db + "-wal", home / "log")  # the log as a crashed writer leaves it: no -shm beside it
        writer.close()
        shutil.copy(home / "log", db + "-wal")
        folder = os.path.dirname(db)
        assert sorted(os.listdir(folder)) == ["history.db", "history.db-wal"]
        os.chmod(folder, 0o555)
        run = cli(["history", "--json", "--db", db], home, timeout=HANG, prefix=prefix)
        assert run.code == 0, run
        assert [r["kind"] for r in json.loads(run.out)["runs"]] == ["check"]
        assert sorted(os.listdir(folder)) == ["history.db", "history.db-wal"]  # no -shm made, nothing written
    finally:
        for root, dirs, _ in os.walk(home):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(home, ignore_errors=True)


def test_damaged_spool_files_are_kept_aside_and_the_good_ones_imported(tmp_path, capsys):
    from pos_doctor.records.recorder import record_run
    from pos_doctor.records.store import Store
    from tests.records.docs import check_doc

    spool = tmp_path / "spool"
    spool.mkdir()
    (spool / "check-a.json").write_text("{half a run", encoding="utf-8")                        # cut off mid-write
    (spool / "check-b.json").write_text(json.dumps({"document": check_doc()}), encoding="utf-8")  # no kind
    (spool / "check-c.json").write_bytes(b"\xff\xfe not utf-8")
    (spool / "check-d.json").write_text(json.dumps({"kind": "check", "document": check_doc(), "note": "kept",
                                                    "tool_version": "t"}), encoding="utf-8")
    assert record_run("check", check_doc(), db_path=tmp_path / "history.db", note="now") is not None
    assert capsys.readouterr().err == "Added 1 earlier run(s) that were kept while the database could not be written.\n"
    with Store(tmp_path / "history.db", readonly=True) as store:
        assert sorted(r["note"] for r in store.history()) == ["kept", "now"]
    # each damaged file stays for a person to look at, under a name no later run imports again
    assert sorted(p.name for p in spool.iterdir()) == ["check-a.damaged", "check-b.damaged", "check-c.damaged"]
    assert (spool / "check-a.damaged").read_text(encoding="utf-8") == "{half a run"
    assert record_run("check", check_doc(), db_path=tmp_path / "history.db") is not None
    assert capsys.readouterr().err == ""  # nothing imported twice, nothing said


def test_a_locked_database_with_a_spool_that_cannot_be_written_warns_and_keeps_the_result(tmp_path, capsys):
    from pos_doctor.records.recorder import record_run
    from pos_doctor.records.store import Store
    from tests.records.docs import check_doc

    import shutil

    from pos_doctor.records.recorder import spool_dirs

    db = tmp_path / "history.db"
    with Store(db):
        pass
    (tmp_path / "spool").write_text("a file where the spool folder should be", encoding="utf-8")
    elsewhere = spool_dirs(db)[1]  # the spool beside the database cannot be made: the temp folder's takes the run
    shutil.rmtree(elsewhere, ignore_errors=True)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert record_run("check", check_doc(), db_path=db, deadline=time.monotonic()) is None
    finally:
        holder.close()
    try:
        err = capsys.readouterr().err
        kept = list(elsewhere.glob("check-*.json"))
        assert len(kept) == 1, (err, kept)
        assert err == (f"Note: the history database is busy (another program holds it); this run was kept in {kept[0]} "
                       "and will be added to the history by the next run that can write it.\n"), err
        with Store(db, readonly=True) as store:
            assert store.history() == []
        assert (tmp_path / "spool").read_text(encoding="utf-8") == "a file where the spool folder should be"
        # the database free again: the next run records itself and the one kept, which is not lost
        assert record_run("check", check_doc(), db_path=db) is not None
        assert "Added 1 earlier run(s)" in capsys.readouterr().err
        with Store(db, readonly=True) as store:
            assert len(store.history()) == 2
        assert not list(elsewhere.glob("*.json"))
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)
