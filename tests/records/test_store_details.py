"""The store's rows, filters, statistics, retention and failures, exactly, on real SQLite files in process (the CLI's
subprocess cases in tests/hostile/test_records.py are out of a mutation run's reach): what each column of a run
holds, which runs each filter keeps and in which order, the counts per check, what pruning deletes, and the real
failures - a file that is no database, a second connection holding the write lock, a database that may not grow
(SQLite's own 'database or disk is full'), a database written by a newer version, one never finished."""

from __future__ import annotations

import contextlib
import json
import random
import sqlite3
import zlib
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pytest

from pos_doctor.errors import UsageError
from pos_doctor.records.migrations import MIGRATIONS, SCHEMA_VERSION
from pos_doctor.records.packing import DICT_VERSION, pack, unpack, unpack_blob
from pos_doctor.records.store import Store, store_error
from tests.clock import in_time_zone


def doc_at(started: str, status: str = "ok", checks: list | dict | None = None, **more) -> dict:
    return {"timing": {"started_at": started}, "status": status, "checks": checks or [], **more}


def row(s: Store, run_id: int) -> dict:
    r = dict(s.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone())
    r.pop("doc")
    return r


# ---- what a run's row holds

def test_every_column_of_a_check_run():
    with Store(":memory:") as s:
        rid = s.record("check", {
            "tool": {"name": "pos-doctor", "version": "1.2.3"}, "status": {"en": "critical", "zh": "严重"},
            "exit_code": 2, "timing": {"started_at": "2026-11-22T20:00:00.250+08:00"},
            "target": {"model": "Move/5000", "terminal_id": 52500381, "serial": ["S", 1],
                       "software_version": "cR02.01.01-00.09-2-2", "printer_identity": "TM-T88",
                       "printer": "/dev/usb/lp0", "simulated": "yes", "scenario": "paper-out"},
            "playbook": {"id": "printer-paper", "title": "x"},
            "outcome": {"status": "resolved"},
            "checks": [{"id": "link.terminal", "status": "ok"}, {"id": "printer.paper", "status": "critical"}],
        }, note="card 4111111111111111")
        assert row(s, rid) == {
            "id": rid, "kind": "check", "started_at": "2026-11-22T12:00:00.250+00:00", "tool_version": "1.2.3",
            "status": "critical", "exit_code": 2, "terminal_model": "Move/5000", "terminal_id": "52500381",
            "terminal_serial": '["S", 1]', "software_version": "cR02.01.01-00.09-2-2", "printer": "TM-T88",
            "simulated": 1, "scenario": "paper-out", "playbook": "printer-paper", "outcome": "resolved",
            "note": "card 411111******1111", "document": "", "checkset": 1, "failed": "printer.paper"}
        assert [tuple(r) for r in s.db.execute("SELECT * FROM check_results")] == [
            (rid, 0, "link.terminal", "ok"), (rid, 1, "printer.paper", "critical")]
        assert [tuple(r) for r in s.db.execute("SELECT * FROM checksets")] == [(1, "link.terminal,printer.paper")]


def test_every_column_of_a_fix_run_and_its_steps():
    with Store(":memory:") as s:
        rid = s.record("fix", {
            "tool_version": "0.9", "timing": {"started_at": "2026-11-22T12:00:00Z"},
            "target": {"printer_port": "/dev/ttyS1"}, "playbook": "dropped-transaction",
            "outcome": {"status": {"en": "not_resolved"}},
            "steps": [{"id": "a", "kind": "ask", "answer": "ja", "result": {"outcome": "ok"}},
                      "not a step",
                      {"id": "b", "kind": "check", "check_results": {"network.acquirer": {"status": "warning"},
                                                                     "x": "no result"},
                       "checks": ["network.acquirer"]},
                      {"id": 3, "checks": [{"id": "printer.paper", "status": "ok"}, {"id": "no-status"}]}],
        }, tool_version="given")
        assert row(s, rid) == {
            "id": rid, "kind": "fix", "started_at": "2026-11-22T12:00:00+00:00", "tool_version": "given",
            "status": "not_resolved", "exit_code": None, "terminal_model": None, "terminal_id": None,
            "terminal_serial": None, "software_version": None, "printer": "/dev/ttyS1", "simulated": 0,
            "scenario": None, "playbook": "dropped-transaction", "outcome": "not_resolved", "note": None,
            "document": "", "checkset": 1, "failed": "network.acquirer"}
        assert [tuple(r) for r in s.db.execute("SELECT * FROM steps")] == [
            (rid, 0, "a", "ask", '"ja"', '{"outcome": "ok"}'), (rid, 1, "b", "check", "null", "null"),
            (rid, 2, "3", None, "null", "null")]
        assert [tuple(r) for r in s.db.execute("SELECT * FROM check_results")] == [
            (rid, 0, "network.acquirer", "warning"), (rid, 1, "printer.paper", "ok")]
        rid2 = s.record("fix", {"tool": "0.8", "outcome": "escalated", "status": None,
                                "check_results": {"printer.paper": {"id": "printer.cover", "status": "ok"}}})
        r = row(s, rid2)
        assert (r["tool_version"], r["status"], r["outcome"], r["failed"], r["checkset"]) == (
            "0.8", "escalated", "escalated", None, 2)
        assert s.db.execute("SELECT ids FROM checksets WHERE id = 2").fetchone()[0] == "printer.cover"
        rid4 = s.record("check", {"tool_version": "0.7", "tool": "0.6",
                                  "target": {"serial": ["序列号", datetime(2026, 1, 1)], "model": {"名": "Move"}}})
        r = row(s, rid4)  # a list or map as JSON, its words as written and what JSON has no type for as text
        assert (r["tool_version"], r["terminal_serial"], r["terminal_model"]) == (
            "0.7", '["序列号", "2026-01-01 00:00:00"]', '{"名": "Move"}')
        rid3 = s.record("check", {"checks": "not a list", "tool": {"version": None}, "status": 0})
        r = row(s, rid3)
        assert (r["tool_version"], r["status"], r["checkset"], r["failed"]) == (None, None, None, None)


def test_the_same_check_list_shares_one_checkset():
    with Store(":memory:") as s:
        a = s.record("check", doc_at("2026-01-01T00:00:00Z", checks=[{"id": "x", "status": "ok"}]))
        b = s.record("check", doc_at("2026-01-02T00:00:00Z", checks=[{"id": "x", "status": "warning"}]))
        c = s.record("check", doc_at("2026-01-03T00:00:00Z", checks=[{"id": "y", "status": "critical"},
                                                                      {"id": "x", "status": {"en": "warning"}}]))
        assert [(row(s, i)["checkset"], row(s, i)["failed"]) for i in (a, b, c)] == [(1, None), (1, "x"), (2, "y,x")]


@pytest.mark.parametrize(("given", "stored"), [
    ("2026-11-22T12:00:00", "2026-11-22T12:00:00+00:00"),  # no zone: UTC
    ("2026-11-22T12:00:00.5-01:00", "2026-11-22T13:00:00.500+00:00"),
    ("2026-11-22 12:00:00Z", "2026-11-22T12:00:00+00:00"),
])
def test_the_start_is_stored_in_utc(given, stored):
    with Store(":memory:") as s:
        assert s.get_run(s.record("check", {"timing": {"started_at": given}}))["started_at"] == stored
        assert s.get_run(s.record("check", {"started_at": given, "timing": "x"}))["started_at"] == stored


def pc_in_china():
    """The PC's clock set to China's zone (UTC+8) for the block, then back."""
    return in_time_zone("CST-8")


def test_the_start_is_stored_in_utc_whatever_the_zone_of_the_pc():
    with pc_in_china(), Store(":memory:") as s:  # a start without a zone is still UTC, and UTC is stored
        naive = s.record("check", {"started_at": "2026-11-22T12:00:00"})
        aware = s.record("check", {"started_at": "2026-11-22T12:00:00-01:00"})
        assert [s.get_run(i)["started_at"] for i in (naive, aware)] == ["2026-11-22T12:00:00+00:00",
                                                                         "2026-11-22T13:00:00+00:00"]


@pytest.mark.parametrize("doc", [{}, {"timing": {"started_at": "not a time"}}, {"started_at": ""},
                                 {"started_at": "2026-11-22T12:00:00z"}])  # a lower-case zone letter: not ISO
def test_a_run_without_a_readable_start_is_stored_now_in_utc(doc):
    before = datetime.now(timezone.utc).replace(microsecond=0)
    with Store(":memory:") as s:
        started = s.get_run(s.record("check", doc))["started_at"]
    after = datetime.now(timezone.utc)
    assert started.endswith("+00:00") and len(started) == 25  # seconds, no fraction
    assert before <= datetime.fromisoformat(started) <= after


def test_get_run_gives_the_document_as_recorded_masked():
    with Store(":memory:") as s:
        doc = {"status": "ok", "receipt": "Karte 4111111111111111", "contacts": {"shop": {"merchant_id": "8983100123"}}}
        run = s.get_run(s.record("check", doc))
        assert run["document"] == {"status": "ok", "receipt": "Karte 411111******1111",
                                   "contacts": {"shop": {"merchant_id": "8983100123"}, "support": {}}}
        assert "doc" not in run and run["document"] is not None


# ---- history, statistics, counts

def test_history_filters_and_order():
    with Store(":memory:") as s:
        a = s.record("check", doc_at("2026-01-01T00:00:00Z", "ok", target={"simulated": True}))
        b = s.record("fix", doc_at("2026-01-02T00:00:00Z", "critical"))
        c = s.record("check", doc_at("2026-01-02T00:00:00Z", "warning"))
        d = s.record("check", doc_at("2026-01-03T00:00:00Z", "critical", target={"simulated": True}))
        s.db.execute("UPDATE runs SET simulated = NULL WHERE id = ?", (b,))  # a row of an older version

        def ids(**kw):
            return [r["id"] for r in s.history(**kw)]

        assert ids() == [d, c, b, a]  # newest first, the later id first at the same time
        assert ids(limit=2) == [d, c]
        assert ids(simulated=True) == [d, a] and ids(simulated=False) == [c, b]
        assert ids(since="2026-01-02T00:00:00+00:00") == [d, c, b]
        assert ids(statuses=["critical", "warning"]) == [d, c, b] and ids(statuses=["ok"]) == [a]
        assert ids(statuses=[]) == [d, c, b, a]
        assert ids(kind="fix") == [b] and ids(kind="check", simulated=False, since="2026-01-02") == [c]
        assert ids(simulated=True, since="2026-01-02", statuses=["critical"], kind="check", limit=5) == [d]
        assert s.history()[0] == {"id": d, "kind": "check", "started_at": "2026-01-03T00:00:00+00:00",
                                  "status": "critical", "exit_code": None, "terminal_model": None,
                                  "terminal_id": None, "playbook": None, "outcome": None, "note": None,
                                  "simulated": 1, "scenario": None}


def test_stats_per_check_in_a_window():
    with Store(":memory:") as s:
        s.record("check", doc_at("2026-01-01T00:00:00Z", checks=[{"id": "a", "status": "critical"}]))
        s.record("check", doc_at("2026-01-02T00:00:00Z", checks=[{"id": "a", "status": "ok"},
                                                                  {"id": "b", "status": "warning"}],
                                 target={"simulated": True}))
        s.record("check", doc_at("2026-01-03T00:00:00Z", checks=[{"id": "a", "status": "unknown"},
                                                                  {"id": "b", "status": "critical"}]))
        s.record("check", doc_at("2026-01-04T00:00:00Z", checks=[{"id": "c", "status": "ok"}]))
        s.record("fix", doc_at("2026-01-05T00:00:00Z"))  # no checks: counted nowhere
        assert s.stats(since="2026-01-01") == [{"id": "b", "runs": 2, "failed": 2}, {"id": "a", "runs": 3, "failed": 1},
                                               {"id": "c", "runs": 1, "failed": 0}]
        assert s.stats(since="2026-01-02") == [{"id": "b", "runs": 2, "failed": 2}, {"id": "a", "runs": 2, "failed": 0},
                                               {"id": "c", "runs": 1, "failed": 0}]
        assert s.stats(since="2026-01-01", simulated=True) == [{"id": "b", "runs": 1, "failed": 1},
                                                               {"id": "a", "runs": 1, "failed": 0}]
        assert s.stats(since="2026-01-01", simulated=False) == [
            {"id": "a", "runs": 2, "failed": 1}, {"id": "b", "runs": 1, "failed": 1},
            {"id": "c", "runs": 1, "failed": 0}]
        assert s.stats(since="2027") == []
        assert s.count_runs(since="2026-01-02") == 4
        assert s.count_runs(since="2026-01-01", simulated=True) == 1
        assert s.count_runs(since="2026-01-01", simulated=False) == 4


def test_stats_over_more_check_sets_than_one_query_takes():
    with Store(":memory:") as s:
        for i in range(501):
            s.record("check", doc_at("2026-01-01T00:00:00Z", checks=[{"id": f"c{i:04}", "status": "warning"}]))
        stats = s.stats(since="2026")
        assert len(stats) == 501 and stats[0] == {"id": "c0000", "runs": 1, "failed": 1}
        assert stats[-1] == {"id": "c0500", "runs": 1, "failed": 1}


def test_last_success_is_the_newest_check_that_decided():
    with Store(":memory:") as s:
        assert s.last_success() is None
        s.record("check", doc_at("2026-01-01T00:00:00Z", exit_code=1))
        assert s.last_success() == datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()
        s.record("check", doc_at("2026-01-03T00:00:00Z", exit_code=3))  # did not decide
        s.record("fix", doc_at("2026-01-04T00:00:00Z", exit_code=0))  # not a check
        s.record("check", doc_at("2026-01-02T00:00:00Z", exit_code=2))
        assert s.last_success() == datetime(2026, 1, 2, tzinfo=timezone.utc).timestamp()
        s.record("check", doc_at("2026-01-02T12:00:00Z", exit_code=0))
        assert s.last_success() == datetime(2026, 1, 2, 12, tzinfo=timezone.utc).timestamp()
        s.db.execute("UPDATE runs SET started_at = '2026-02-XX' WHERE exit_code = 0 AND kind = 'check'")
        assert s.last_success() is None  # the newest one is unreadable


# ---- retention

def test_prune_by_age_by_count_and_both():
    now = datetime(2026, 3, 1, tzinfo=timezone.utc)

    def store_of_five(s):
        ids = [s.record("check", doc_at(f"2026-02-{d:02}T00:00:00Z", checks=[{"id": "x", "status": "ok"}],
                                        steps=[{"id": "s"}])) for d in (1, 10, 20, 26, 28)]
        return ids

    with Store(":memory:") as s:
        ids = store_of_five(s)
        assert s.prune(keep_days=None, keep_runs=None, now=now) == {"before": 5, "deleted": 0, "kept": 5}
        assert s.prune(keep_days=0, keep_runs=0, now=now) == {"before": 5, "deleted": 0, "kept": 5}
        # older than 9 days: 1 and 10 Feb; 20 Feb is exactly 9 days old and kept
        assert s.prune(keep_days=9, keep_runs=None, now=now) == {"before": 5, "deleted": 2, "kept": 3}
        assert [r["id"] for r in s.history()] == [ids[4], ids[3], ids[2]]
        assert s.db.execute("SELECT COUNT(*) FROM check_results").fetchone()[0] == 3
        assert s.db.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == 3
    with Store(":memory:") as s:
        ids = store_of_five(s)
        assert s.prune(keep_days=None, keep_runs=2) == {"before": 5, "deleted": 3, "kept": 2}
        assert [r["id"] for r in s.history()] == [ids[4], ids[3]]
    with Store(":memory:") as s:
        ids = store_of_five(s)
        # older than 19 days (1 Feb) or beyond the newest 3 (1 and 10 Feb)
        assert s.prune(keep_days=19, keep_runs=3, now=now) == {"before": 5, "deleted": 2, "kept": 3}
        assert [r["id"] for r in s.history()] == [ids[4], ids[3], ids[2]]
    with Store(":memory:") as s:
        ids = store_of_five(s)
        # beyond the newest 4 (1 Feb) or older than 9 days (1 and 10 Feb)
        assert s.prune(keep_days=9, keep_runs=4, now=now) == {"before": 5, "deleted": 2, "kept": 3}


def test_prune_of_many_runs_and_the_file_given_back(tmp_path):
    with Store(tmp_path / "h.db") as s:
        for i in range(1201):
            s.record("check", doc_at("2026-01-01T00:00:00Z", checks=[{"id": "x", "status": "ok"}],
                                     big="x" * (i % 7)))
        assert s.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental from the start
        full = s.size_bytes()
        assert s.prune(keep_days=None, keep_runs=1) == {"before": 1201, "deleted": 1200, "kept": 1}
        assert s.db.execute("SELECT COUNT(*) FROM check_results").fetchone()[0] == 1
        assert s.size_bytes() < full // 3
        page = s.db.execute("PRAGMA page_size").fetchone()[0]
        assert s.size_bytes() == page * s.db.execute("PRAGMA page_count").fetchone()[0]
    assert (tmp_path / "h.db-wal").stat().st_size == 0 if (tmp_path / "h.db-wal").exists() else True


def test_compact_switches_an_older_file_to_incremental(tmp_path):
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(MIGRATIONS[0] + ";" + MIGRATIONS[1] + f"; PRAGMA user_version = {SCHEMA_VERSION};")
    con.close()
    with Store(db) as s:
        assert s.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 0  # an existing file is not switched on open
        for i in range(150):
            s.record("check", doc_at("2026-01-01T00:00:00Z", blob=random.Random(-i).randbytes(300).hex()))
        full = s.size_bytes()
        s.prune(keep_days=None, keep_runs=1, vacuum=False)
        assert s.size_bytes() == full  # not given back without vacuum
        s.compact()
        assert s.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
        assert s.size_bytes() < full // 2
        # from now on incremental: every freed page is given back, not one per call
        for i in range(150):
            s.record("check", doc_at("2026-01-01T00:00:00Z", blob=random.Random(i).randbytes(500).hex()))
        full = s.size_bytes()
        assert s.prune(keep_days=None, keep_runs=1)["deleted"] == 150
        assert s.size_bytes() < full // 3


def test_compact_of_an_incremental_file_gives_back_its_free_pages_and_rebuilds_nothing(tmp_path):
    # old and new runs alternate, so pruning the old ones leaves half-filled pages besides the free ones: the cheap
    # incremental step gives back exactly the free pages; a VACUUM would also repack the half-filled ones
    with Store(tmp_path / "h.db") as s:
        for i in range(300):
            day = "2026-01-01" if i % 2 else "2026-03-01"
            s.record("check", doc_at(f"{day}T00:00:00Z", checks=[{"id": "x", "status": "ok"}], big="x" * 200))
        assert s.prune(keep_days=None, keep_runs=150, vacuum=False)["deleted"] == 150
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        free = s.db.execute("PRAGMA freelist_count").fetchone()[0]
        assert free > 0
        s.compact()
        assert s.db.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert s.db.execute("PRAGMA page_count").fetchone()[0] == pages - free
        s.db.execute("VACUUM")  # what a rebuild would have given: fewer pages still
        assert s.db.execute("PRAGMA page_count").fetchone()[0] < pages - free


# ---- opening: what is refused, what reads as empty

def test_a_missing_or_empty_file_reads_as_an_empty_history_and_is_left_alone(tmp_path):
    with Store(tmp_path / "none.db", readonly=True) as s:
        assert s.history() == [] and s.stats(since="2000") == []
    assert not (tmp_path / "none.db").exists()
    (tmp_path / "empty.db").write_bytes(b"")
    with Store(tmp_path / "empty.db", readonly=True) as s:
        assert s.history() == []
    assert (tmp_path / "empty.db").read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_a_database_never_finished_reads_as_empty_and_the_next_writer_completes_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "h.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = WAL")  # created, no table yet (the disk filled before the migration)
    con.execute("PRAGMA user_version = 0")
    con.close()
    with Store(db, readonly=True) as s:
        assert s.history() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.db"]  # read in memory: nothing made
    with Store(db) as s:
        rid = s.record("check", doc_at("2026-01-01T00:00:00Z"))
    with Store(db, readonly=True) as s:
        assert [r["id"] for r in s.history()] == [rid]


@pytest.mark.parametrize("never_finished", [True, False])
def test_the_empty_history_in_memory_of_a_reader_holds_rows_like_any_other(tmp_path, never_finished):
    # a never-finished file and a missing one both read as an empty history in memory: a run put into it reads back
    # by column name, and the file is left as it was
    db = tmp_path / "h.db"
    if never_finished:
        con = sqlite3.connect(db)
        con.execute("PRAGMA journal_mode = WAL")
        con.close()
    before = db.read_bytes() if never_finished else None
    with Store(db, readonly=True) as s:
        rid = s.record("fix", doc_at("2026-01-01T00:00:00Z", playbook="printer-offline"), note="n")
        assert [(r["id"], r["kind"], r["playbook"], r["note"]) for r in s.history()] == [
            (rid, "fix", "printer-offline", "n")]
        assert s.get_run(rid)["document"]["playbook"] == "printer-offline"
    assert (db.read_bytes() if never_finished else db.exists()) == (before if never_finished else False)


def test_a_reader_sees_what_a_writer_has_in_its_log(tmp_path):
    db = tmp_path / "h.db"
    writer = Store(db)
    writer.db.execute("PRAGMA wal_autocheckpoint = 0")
    rid = writer.record("check", doc_at("2026-01-01T00:00:00Z"))
    assert (tmp_path / "h.db-wal").stat().st_size > 0
    with Store(db, readonly=True) as s:
        assert [r["id"] for r in s.history()] == [rid]
    writer.close()


@contextlib.contextmanager
def as_nobody(*paths: Path):
    """Root reads and writes any file: the store is opened as `nobody` (root's effective uid switched in process
    and back); another user is already refused by the permissions. The paths are made readable to it."""
    import os

    for p in paths:
        os.chmod(p, 0o755)
    root = os.geteuid() == 0
    if root:
        os.seteuid(65534)
    try:
        yield
    finally:
        if root:
            os.seteuid(0)


def test_the_settings_of_a_writer_and_of_a_reader(tmp_path):
    db = tmp_path / "h.db"
    with Store(db, timeout=2.5) as s:
        assert [s.db.execute(f"PRAGMA {p}").fetchone()[0] for p in (
            "busy_timeout", "journal_mode", "synchronous", "foreign_keys", "auto_vacuum")] == [2500, "wal", 1, 1, 2]
        s.record("check", doc_at("2026-01-01T00:00:00Z"))
    with Store(db) as s:  # two tills on one PC: the second waits up to ten seconds
        assert s.db.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    with Store(db, readonly=True, timeout=2.0) as s:
        assert s.db.execute("PRAGMA busy_timeout").fetchone()[0] == 2000
        assert [r["started_at"] for r in s.history()] == ["2026-01-01T00:00:00+00:00"]
        with pytest.raises(sqlite3.OperationalError):  # opened read-only
            s.db.execute("DELETE FROM runs")


def test_a_reader_of_a_database_a_writer_holds_exclusively_is_told_it_is_locked(tmp_path):
    db = tmp_path / "h.db"
    with Store(db) as s:
        s.record("check", doc_at("2026-01-01T00:00:00Z"))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")  # with its log: no reader may look, not even at the file
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("CREATE TABLE scratch (x)")
    holder.execute("COMMIT")
    try:
        assert sorted(p.name for p in tmp_path.iterdir()) == ["h.db", "h.db-wal"]
        with pytest.raises(UsageError) as err:
            Store(db, readonly=True, timeout=0.05)
        assert err.value.message == f"history database {db} is locked by another program"
        assert str(err.value.cause) == "database is locked"
    finally:
        holder.close()


def test_a_reader_waits_as_long_as_it_is_told_from_its_first_look(tmp_path, monkeypatch):
    """The reader's first query can meet a writer's lock before its busy_timeout is set: the connection itself must
    wait the time given (not SQLite's default of five seconds); a wait is not measured here, the time given is."""
    db = tmp_path / "h.db"
    writer = Store(db)
    writer.db.execute("PRAGMA wal_autocheckpoint = 0")
    writer.record("check", doc_at("2026-01-01T00:00:00Z"))
    connect, given = sqlite3.connect, []

    def spy(*args, **kw):
        given.append((args[0], kw.get("timeout")))
        return connect(*args, **kw)

    monkeypatch.setattr(sqlite3, "connect", spy)
    try:
        with Store(db, readonly=True, timeout=0.75) as s:
            assert len(s.history()) == 1
        with Store(db, timeout=0.5):
            pass
    finally:
        writer.close()
    with Store(db, readonly=True, timeout=0.25) as s:  # no log beside it: the file as it stands, nothing made
        assert len(s.history()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.db"]
    uri = "file:" + quote(str(db.resolve()))
    assert given == [(uri + "?mode=ro", 0.75), (str(db), 0.5), (uri + "?mode=ro&immutable=1", 0.25)]


def test_a_log_left_in_a_folder_this_user_may_not_write_is_read_as_the_file_stands():
    """A writer crashed and left its log without -shm, in a folder the reader may not write (root: the reader is
    `nobody` for the open, in process): SQLite cannot read through the log, the file is read as it stands."""
    import os
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="pos-doctor-ro-wal-"))
    folder = home / "data"
    db = folder / "h.db"
    try:
        os.chmod(home, 0o755)
        with Store(db) as s:
            rid = s.record("check", doc_at("2026-01-01T00:00:00Z"))
        writer = sqlite3.connect(db, isolation_level=None)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("INSERT INTO runs (kind, started_at, document)"
                       " VALUES ('check', '2026-01-02T00:00:00+00:00', '')")
        shutil.copy(db, home / "file")  # the file and its log as a crashed writer leaves them: no -shm beside them
        shutil.copy(str(db) + "-wal", home / "log")
        writer.close()  # (the last to close copies the log into the file)
        shutil.copy(home / "file", db)
        shutil.copy(home / "log", str(db) + "-wal")
        for p in folder.iterdir():
            os.chmod(p, 0o644)
        os.chmod(folder, 0o555)
        with as_nobody(home), Store(db, readonly=True, timeout=0.05) as s:
            assert [r["id"] for r in s.history()] == [rid]  # the run only in the log is not seen
            assert s.db.execute("PRAGMA busy_timeout").fetchone()[0] == 50
        assert sorted(p.name for p in folder.iterdir()) == ["h.db", "h.db-wal"]  # nothing made
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(home, ignore_errors=True)


def test_a_history_in_memory_is_not_a_file_of_that_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Store(tmp_path / ":memory:") as s:  # a file that happens to bear the name, in the current folder
        s.record("check", doc_at("2026-01-01T00:00:00Z"))
    for readonly in (True, False):
        with Store(":memory:", readonly=readonly) as s:
            assert s.history() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [":memory:"]
    (tmp_path / ":memory:").unlink()
    (tmp_path / ":memory:").mkdir()  # not even a folder of that name is looked at
    with Store(":memory:") as s:
        assert s.history() == []


def test_a_writer_makes_the_folders_of_a_new_history(tmp_path):
    with Store(tmp_path / "pos" / "data" / "h.db") as s:
        s.record("check", doc_at("2026-01-01T00:00:00Z"))
    assert sorted(p.name for p in (tmp_path / "pos" / "data").iterdir()) == ["h.db"]


def test_another_programs_sqlite_database_is_not_read_as_an_empty_history(tmp_path):
    db = tmp_path / "shop.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE sales (x)")  # tables, and no version of ours
    con.close()
    with pytest.raises(UsageError) as err:
        Store(db, readonly=True)
    assert err.value.message == f"history database {db} is not a pos-doctor history database"


@pytest.mark.parametrize("readonly", [True, False])
def test_a_database_this_user_may_not_read(readonly):
    import os
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="pos-doctor-unreadable-"))
    db = home / "h.db"
    try:
        with Store(db) as s:
            s.record("check", doc_at("2026-01-01T00:00:00Z"))
        os.chmod(db, 0o600)
        with as_nobody(home), pytest.raises(UsageError) as err:
            Store(db, readonly=readonly)
        assert (err.value.message, err.value.hint) == (
            f"history database {db} cannot be {'read' if readonly else 'written'}: unable to open database file",
            "check that the path and its folder exist and that you may read them")
    finally:
        shutil.rmtree(home, ignore_errors=True)


@pytest.mark.parametrize("readonly", [True, False])
def test_a_newer_database_is_refused(tmp_path, readonly):
    db = tmp_path / "h.db"
    with Store(db):
        pass
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(UsageError) as err:
        Store(db, readonly=readonly)
    assert err.value.message == (f"history database {db} was written by a newer pos-doctor (schema "
                                 f"{SCHEMA_VERSION + 1}; this version knows up to {SCHEMA_VERSION}) and is left as "
                                 "it is")


def test_an_older_layout_is_not_read_without_migrating_but_is_migrated_for_writing(tmp_path):
    db = tmp_path / "h.db"
    con = sqlite3.connect(db)
    con.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    con.close()
    with pytest.raises(UsageError) as err:
        Store(db, readonly=True)
    assert err.value.message == f"history database {db} is not a pos-doctor history database"
    with Store(db) as s:
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert s.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 0  # not a new file
    with Store(db, readonly=True) as s:
        assert s.history() == []


@pytest.mark.parametrize("readonly", [True, False])
def test_a_file_that_is_no_database(tmp_path, readonly):
    db = tmp_path / "notes.db"
    db.write_text("shopping list\n" * 300, encoding="utf-8")
    with pytest.raises(UsageError) as err:
        Store(db, readonly=readonly)
    assert (err.value.message, err.value.hint) == (f"history database {db} is not a pos-doctor history database",
                                                   "pass the history.db file with --db, or leave --db out")
    assert isinstance(err.value.cause, sqlite3.DatabaseError)
    assert db.read_text(encoding="utf-8") == "shopping list\n" * 300


@pytest.mark.parametrize("readonly", [True, False])
def test_a_folder_is_no_database(tmp_path, readonly):
    with pytest.raises(UsageError) as err:
        Store(tmp_path, readonly=readonly)
    if readonly:
        assert (err.value.message, err.value.hint) == (f"history database {tmp_path} is a directory, expected a file",
                                                       "pass the history.db file with --db, or leave --db out")
        assert err.value.text("zh") == f"历史数据库 {tmp_path} 不是普通文件"
    else:
        assert err.value.message == f"history database {tmp_path} is not a pos-doctor history database"


def test_a_path_through_a_file_cannot_be_read(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError) as err:
        Store(tmp_path / "f" / "h.db", readonly=True)
    assert err.value.message == f"history database {tmp_path / 'f' / 'h.db'} cannot be read: Not a directory"
    with pytest.raises(UsageError) as err:
        Store(tmp_path / "f" / "h.db")
    assert err.value.message.startswith(f"history database {tmp_path / 'f' / 'h.db'} cannot be written: ")


# ---- writing fails: the run leaves no trace, the error says why

def test_a_second_connection_holding_the_write_lock(tmp_path):
    db = tmp_path / "h.db"
    with Store(db) as s:
        s.record("check", doc_at("2026-01-01T00:00:00Z"))
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store(db, timeout=0.05) as s, pytest.raises(sqlite3.OperationalError) as exc:
            s.record("check", doc_at("2026-01-02T00:00:00Z"))
        assert str(exc.value) == "database is locked"
        assert store_error(db, exc.value, reading=False).message == (
            f"history database {db} is locked by another program")
        with Store(db, readonly=True) as s:
            assert len(s.history()) == 1  # readers are not stopped by a writer
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store(db) as s:
        s.record("check", doc_at("2026-01-02T00:00:00Z"))
        assert s.count_runs(since="2000") == 2  # the lock was released: the store writes again


def test_a_database_that_may_not_grow_is_full_and_keeps_nothing_of_the_run(tmp_path):
    db = tmp_path / "h.db"
    with Store(db) as s:
        kept = s.record("check", doc_at("2026-01-01T00:00:00Z"))
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        s.db.execute(f"PRAGMA max_page_count = {pages}")
        big = {"data": random.Random(0).randbytes(40_000).hex()}  # does not compress: 80 KB more
        with pytest.raises(sqlite3.OperationalError) as exc:
            s.record("check", doc_at("2026-01-02T00:00:00Z", checks=[{"id": "x", "status": "ok"}], **big))
        assert str(exc.value) == "database or disk is full"
        assert [r["id"] for r in s.history()] == [kept]
        assert s.db.execute("SELECT COUNT(*) FROM check_results").fetchone()[0] == 0
        assert not s.db.in_transaction
        err = store_error(db, exc.value, reading=False)
        assert (err.message, err.hint) == (f"history database {db} cannot be written: the disk is full",
                                           "free some disk space")
        s.record("check", doc_at("2026-01-03T00:00:00Z"))  # a small run still fits: the store is usable


def test_a_failing_migration_is_rolled_back_and_reported(tmp_path, monkeypatch):
    import pos_doctor.records.store as store

    monkeypatch.setattr(store, "MIGRATIONS", [MIGRATIONS[0], "CREATE TABLE runs (x)"])
    with pytest.raises(UsageError) as err:
        Store(tmp_path / "h.db")
    assert err.value.message == f"history database {tmp_path / 'h.db'} cannot be written: table runs already exists"
    con = sqlite3.connect(tmp_path / "h.db")
    assert con.execute("PRAGMA user_version").fetchone()[0] == 0
    assert con.execute("SELECT name FROM sqlite_master").fetchall() == []
    con.close()


# ---- the packed document

def test_the_document_is_packed_with_the_dictionary_and_read_back():
    doc = {"status": "ok", "checks": [{"id": "link.terminal", "status": "ok"}], "ü": "价"}
    blob = pack(doc)
    assert blob[0] == DICT_VERSION == 1
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert unpack_blob(blob) == doc and len(blob) < len(raw)
    from pos_doctor.resources import data_dir

    z = zlib.decompressobj(zdict=(data_dir() / "record-dict-1.json").read_bytes())  # the released dictionary 1
    assert z.decompress(blob[1:]) + z.flush() == raw  # compact JSON, UTF-8, not ASCII-escaped
    # the stored bytes: level 9 with the dictionary (what keeps a healthy run's document at about 200 bytes)
    c = zlib.compressobj(9, zdict=(data_dir() / "record-dict-1.json").read_bytes())
    assert blob == b"\x01" + c.compress(raw) + c.flush()
    assert unpack_blob(zlib.compress(raw)) == doc  # plain zlib (0x78 ...)
    assert unpack({"doc": blob, "document": ""}) == doc
    assert unpack({"doc": None, "document": json.dumps(doc)}) == doc
    assert pack({"when": datetime(2026, 1, 1)})[0] == 1 and unpack_blob(pack({"when": datetime(2026, 1, 1)})) == {
        "when": "2026-01-01 00:00:00"}


def test_a_row_without_a_doc_column_reads_its_text():
    con = sqlite3.connect(":memory:")
    con.row_factory = sqlite3.Row
    r = con.execute("SELECT '{\"a\": 1}' AS document").fetchone()
    assert unpack(r) == {"a": 1}


def test_stats_count_a_check_failing_in_several_check_sets_and_several_failures_of_one_run():
    with Store(":memory:") as s:
        s.record("check", doc_at("2026-01-01T00:00:00Z", checks=[{"id": "a", "status": "critical"},
                                                                  {"id": "b", "status": "warning"}]))
        s.record("check", doc_at("2026-01-02T00:00:00Z", checks=[{"id": "b", "status": "critical"}]))
        s.record("check", doc_at("2026-01-03T00:00:00Z", checks=[{"id": "b", "status": "ok"},
                                                                  {"id": "a", "status": "warning"}]))
        assert s.stats(since="2026") == [{"id": "a", "runs": 2, "failed": 2}, {"id": "b", "runs": 3, "failed": 2}]


def test_history_shows_the_newest_fifty_unless_asked_for_more():
    with Store(":memory:") as s:
        ids = [s.record("check", doc_at(f"2026-01-01T00:{i:02}:00Z")) for i in range(51)]
        assert [r["id"] for r in s.history()] == ids[:0:-1]
        assert len(s.history(limit=51)) == 51


# ---- what the first wave-10 mutation run of the store found unpinned

def test_a_run_of_another_kind_is_refused_and_leaves_nothing():
    with Store(":memory:") as s:
        with pytest.raises(ValueError) as err:
            s.record("payment", doc_at("2026-01-01T00:00:00Z"))
        assert str(err.value) == "kind must be check or fix, not 'payment'"
        assert s.count_runs(since="2000") == 0


def test_the_printer_port_named_alone_and_step_answers_in_any_language():
    with Store(":memory:") as s:
        rid = s.record("fix", {"target": {"printer": "/dev/usb/lp0"},
                               "steps": [{"id": "a", "kind": "ask", "answer": ["是", datetime(2026, 1, 2)],
                                          "result": ["纸", datetime(2026, 1, 1)]}]})
        assert row(s, rid)["printer"] == "/dev/usb/lp0"
        assert [tuple(r) for r in s.db.execute("SELECT * FROM steps")] == [
            (rid, 0, "a", "ask", '["是", "2026-01-02 00:00:00"]', '["纸", "2026-01-01 00:00:00"]')]


def test_prune_by_age_counts_from_now_when_no_time_is_given():
    with Store(":memory:") as s:
        old = s.record("check", doc_at("2000-01-01T00:00:00Z"))
        new = s.record("check", doc_at("2999-01-01T00:00:00Z"))
        assert s.prune(keep_days=3650, keep_runs=None) == {"before": 2, "deleted": 1, "kept": 1}
        assert [r["id"] for r in s.history()] == [new] and old != new
        assert s.db.execute("PRAGMA auto_vacuum").fetchone()[0] == 0  # a history in memory is not compacted


def test_prune_without_vacuum_leaves_the_file_its_size_and_size_bytes_is_the_file_after_a_checkpoint(tmp_path):
    db = tmp_path / "h.db"
    with Store(db) as s:
        for i in range(60):
            s.record("check", doc_at("2026-01-01T00:00:00Z", blob=random.Random(i).randbytes(500).hex()))
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        full = s.size_bytes()
        assert full == db.stat().st_size and full > 60 * 1000
        assert s.prune(keep_days=None, keep_runs=1, vacuum=False) == {"before": 60, "deleted": 59, "kept": 1}
        assert s.size_bytes() == full  # the pages are free inside the file, not given back
        s.compact()
        assert s.size_bytes() == db.stat().st_size < full
        assert (tmp_path / "h.db-wal").stat().st_size == 0  # the log copied into the file and emptied


def test_prune_by_age_from_now_in_utc_whatever_the_zone_of_the_pc():
    from datetime import timedelta

    day_ago = datetime.now(timezone.utc) - timedelta(days=1)
    with pc_in_china(), Store(":memory:") as s:  # the PC's local time is 8 hours ahead of UTC
        older = s.record("check", {"started_at": (day_ago - timedelta(hours=4)).isoformat()})
        newer = s.record("check", {"started_at": (day_ago + timedelta(hours=4)).isoformat()})
        assert s.prune(keep_days=1, keep_runs=None)["deleted"] == 1
        assert [r["id"] for r in s.history()] == [newer] and older != newer


def test_a_prune_that_fails_half_way_deletes_nothing_and_says_the_real_failure():
    # the second DELETE of a chunk refused (as a full disk or an I/O error would stop it): the transaction is rolled
    # back, every run is still there, the error is the database's own, and the store takes the next run
    with Store(":memory:") as s:
        ids = [s.record("check", doc_at(f"2026-02-{d:02}T00:00:00Z", checks=[{"id": "x", "status": "ok"}],
                                        steps=[{"id": "s"}])) for d in (1, 2, 3)]

        def refuse_deleting_steps(action, table, *_):
            return sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_DELETE and table == "steps" else sqlite3.SQLITE_OK

        s.db.set_authorizer(refuse_deleting_steps)
        with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
            s.prune(keep_days=None, keep_runs=1, now=datetime(2026, 3, 1, tzinfo=timezone.utc))
        s.db.set_authorizer(None)
        assert [r["id"] for r in s.history()] == ids[::-1]
        assert s.db.execute("SELECT COUNT(*) FROM check_results").fetchone()[0] == 3
        assert not s.db.in_transaction
        assert s.prune(keep_days=None, keep_runs=1, now=datetime(2026, 3, 1, tzinfo=timezone.utc)) == {
            "before": 3, "deleted": 2, "kept": 1}
