"""The store on a real SQLite file: migrations, history filters, stats, concurrent writers, kill mid-write."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos_doctor.records.recorder import default_db_path, record_run
from pos_doctor.records.store import SCHEMA_VERSION, Store
from tests.records.docs import check_doc, fix_doc

ROOT = Path(__file__).resolve().parents[2]


def test_fresh_db_is_wal_and_versioned(tmp_path):
    with Store(tmp_path / "h.db") as s:
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # re-opening does not re-run migrations (would fail: tables exist)
    with Store(tmp_path / "h.db") as s:
        assert s.history() == []


def test_record_and_read_back(tmp_path):
    with Store(tmp_path / "h.db") as s:
        a = s.record("check", check_doc("warning"), note="first")
        b = s.record("fix", fix_doc())
        rows = s.history()
        assert [r["id"] for r in rows] == [b, a]  # newest first
        assert s.history(kind="check")[0]["id"] == a
        assert [r["id"] for r in s.history(statuses=["warning"])] == [a]
        run = s.get_run(a)
        assert run["terminal_model"] == "Ingenico Move/5000" and run["terminal_serial"] == "SN-0042-XY"
        assert run["document"]["checks"][1]["data"]["new_field"] == [1, 2]  # unknown fields survive
        assert run["started_at"] == "2026-11-22T12:00:00+00:00"
        assert s.get_run(999) is None
        stats = {r["id"]: (r["failed"], r["runs"]) for r in s.stats(since="2000")}
        assert stats["printer.paper"] == (1, 1) and stats["terminal.reachable"] == (0, 1)
        assert s.history(since="2099-01-01") == []
        # a fix's check step results count in the stats too
        assert stats["network.acquirer"] == (1, 1)


def test_started_at_normalised_to_utc(tmp_path):
    with Store(tmp_path / "h.db") as s:
        doc = check_doc()
        doc["timing"]["started_at"] = "2026-11-22T20:00:00+08:00"
        rid = s.record("check", doc)
        assert s.get_run(rid)["started_at"] == "2026-11-22T12:00:00+00:00"
        doc["timing"]["started_at"] = "not a time"
        assert s.get_run(s.record("check", doc))["started_at"].startswith("20")


def test_bad_kind_refused(tmp_path):
    with Store(tmp_path / "h.db") as s, pytest.raises(ValueError):
        s.record("payment", {})


def test_recorder_never_fails_and_honours_switches(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POS_DOCTOR_DATA_DIR", str(tmp_path))
    assert default_db_path() == tmp_path / "history.db"
    assert record_run("check", check_doc(), no_record=True) is None
    assert record_run("check", check_doc(), config={"records": {"enabled": False}}) is None
    assert not (tmp_path / "history.db").exists()
    assert record_run("check", check_doc()) == 1
    other = tmp_path / "elsewhere" / "x.db"
    assert record_run("fix", fix_doc(), config={"records": {"path": str(other)}}) == 1
    # a directory where the database should be: a warning, no exception
    (tmp_path / "isdir.db").mkdir()
    assert record_run("check", check_doc(), db_path=tmp_path / "isdir.db") is None
    assert "not recorded" in capsys.readouterr().err


_WRITER = """
import sys
sys.path.insert(0, {root!r})
from pos_doctor.records.store import Store
from tests.records.docs import check_doc
s = Store(sys.argv[1])
print("ready", flush=True)
while True:
    s.record("check", check_doc(), note="loop")
"""


def _writer(db: Path) -> subprocess.Popen:
    p = subprocess.Popen([sys.executable, "-c", _WRITER.format(root=str(ROOT)), str(db)], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready"
    return p


def _count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
    finally:
        con.close()


_KILLED_AT = """
import os, signal, sys
sys.path.insert(0, {root!r})
from pos_doctor.records.store import Store
from tests.records.docs import check_doc, fix_doc
s = Store(sys.argv[1])
at = sys.argv[3]

def trace(sql):
    # the run's row is inserted; the child rows are next: die here, as a power cut would
    if sql.lstrip().upper().startswith("INSERT INTO " + at.upper()):
        os.kill(os.getpid(), signal.SIGKILL)

s.db.set_trace_callback(trace)
s.record(sys.argv[2], check_doc() if sys.argv[2] == "check" else fix_doc(), note="killed")
print("not killed", flush=True)
"""


@pytest.mark.parametrize("kind,at", [("check", "check_results"), ("fix", "steps")])
def test_sigkill_between_the_inserts_of_one_run_leaves_no_trace_of_it(tmp_path, kind, at):
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this platform")
    db = tmp_path / "h.db"
    with Store(db) as s:
        first = s.record("fix", fix_doc(), note="before")
    p = subprocess.run([sys.executable, "-c", _KILLED_AT.format(root=str(ROOT)), str(db), kind, at],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == -signal.SIGKILL and "not killed" not in p.stdout, p.stderr
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT id, note FROM runs").fetchall() == [(first, "before")]  # the half run is gone
        assert con.execute("SELECT COUNT(*) FROM check_results WHERE run_id != ?", (first,)).fetchone()[0] == 0
        assert con.execute("SELECT COUNT(*) FROM steps WHERE run_id != ?", (first,)).fetchone()[0] == 0
    finally:
        con.close()
    with Store(db) as s:  # and the next run records normally
        assert s.get_run(s.record(kind, fix_doc(), note="after"))["note"] == "after"


def test_sigkill_mid_write_leaves_consistent_db(tmp_path):
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this platform")
    db = tmp_path / "h.db"
    with Store(db) as s:
        first = s.record("fix", fix_doc(), note="before")
    for _ in range(3):
        p = _writer(db)
        # wait until it has written something (progress-based, not a timed assertion)
        start = _count(db)
        while _count(db) <= start + 5:
            time.sleep(0.01)
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # every run is whole: each check run has both its check rows
    orphans = con.execute(
        "SELECT COUNT(*) FROM runs r WHERE r.kind='check' AND (SELECT COUNT(*) FROM check_results c WHERE c.run_id=r.id) != 2"
    ).fetchone()[0]
    assert orphans == 0
    con.close()
    with Store(db) as s:
        assert s.get_run(first)["note"] == "before"


def test_a_failing_insert_rolls_the_whole_run_back(tmp_path):
    """A real SQLite failure in the last insert of a run (a trigger refusing step rows): nothing of it stays, and
    the store is not left inside a transaction."""
    db = tmp_path / "h.db"
    with Store(db) as s:
        s.db.execute("CREATE TRIGGER refuse BEFORE INSERT ON steps BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
        with pytest.raises(sqlite3.IntegrityError, match="disk says no"):
            s.record("fix", fix_doc(), note="refused")
        assert s.history() == [] and s.db.in_transaction is False
        assert s.db.execute("SELECT COUNT(*) FROM check_results").fetchone()[0] == 0
        s.db.execute("DROP TRIGGER refuse")
        rid = s.record("fix", fix_doc(), note="accepted")
        assert [r["id"] for r in s.history()] == [rid]


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    import pos_doctor.records.store as store

    db = tmp_path / "h.db"
    Store(db).close()
    broken = store.MIGRATIONS + ["CREATE TABLE added (x INTEGER); CREATE TABLE runs (y INTEGER)"]  # 2nd fails
    monkeypatch.setattr(store, "MIGRATIONS", broken)
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(broken))
    from pos_doctor.errors import UsageError

    with pytest.raises(UsageError, match="cannot be written: table runs already exists"):  # one screen, exit 3
        Store(db)
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == len(broken) - 1
        assert con.execute("SELECT name FROM sqlite_master WHERE name = 'added'").fetchall() == []
    finally:
        con.close()


def test_two_writers_at_once_do_not_lock_out(tmp_path):
    db = tmp_path / "h.db"
    Store(db).close()
    writers = [_writer(db), _writer(db)]
    try:
        while _count(db) < 60:
            time.sleep(0.01)
        with Store(db) as s:  # a third party can still write and read
            rid = s.record("fix", fix_doc(), note="third")
            assert s.get_run(rid)["note"] == "third"
        for w in writers:
            assert w.poll() is None, "a writer died (database locked?)"
    finally:
        for w in writers:
            w.kill()
            w.wait()


def test_later_migration_applies_to_existing_db(tmp_path, monkeypatch):
    from pos_doctor.records import store as store_mod

    db = tmp_path / "h.db"
    with Store(db) as s:
        rid = s.record("check", check_doc())
    monkeypatch.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS + ["ALTER TABLE runs ADD COLUMN till TEXT"])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", len(store_mod.MIGRATIONS))
    with Store(db) as s:
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == len(store_mod.MIGRATIONS)
        assert s.get_run(rid)["till"] is None and s.get_run(rid)["kind"] == "check"


@pytest.mark.parametrize("exc,what,hint", [
    (OSError(28, "No space left on device"), "cannot be written: the disk is full", "free some disk space"),
    (sqlite3.OperationalError("database or disk is full"), "cannot be written: the disk is full", "free some disk space"),
    (OSError(27, "File too large"), "cannot be written: disk error (full, over a size limit, or failing)",
     "free some disk space and check the disk"),
    (sqlite3.OperationalError("disk I/O error"), "cannot be written: disk error (full, over a size limit, or failing)",
     "free some disk space and check the disk"),
    (sqlite3.OperationalError("database is locked"), "is locked by another program",
     "wait for the other pos-doctor to finish, then run again"),
    (sqlite3.DatabaseError("database disk image is malformed"), "is not a pos-doctor history database",
     "pass the history.db file with --db, or leave --db out"),
    (OSError(13, "Permission denied"), "cannot be written: Permission denied",
     "check that the path and its folder exist and that you may read them"),
], ids=["enospc", "sqlite-full", "efbig", "sqlite-io", "locked", "malformed", "other"])
def test_each_database_failure_is_one_screen_saying_what_to_do(exc, what, hint):
    from pos_doctor.errors import UsageError
    from pos_doctor.records.store import store_error

    err = store_error("/x/history.db", exc, reading=False)
    assert isinstance(err, UsageError) and err.exit_code == 3
    assert (err.text("en"), err.hint) == (f"history database /x/history.db {what}", hint)
    assert err.text("zh").startswith("历史数据库 /x/history.db ") and err.hint_text("zh")
    assert not any(w in err.text("zh").replace("/x/history.db", "") for w in ("disk", "full", "database"))
