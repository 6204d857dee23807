"""The SQLite store of check and fix runs.

Why this shape: one row per run plus child rows for checks/steps/actions, so `history --stats` is one SQL query,
while the whole input document is also kept (scrubbed) so a report never loses a field added later.
Durability: WAL + synchronous=NORMAL, one short transaction per run (a kill mid-run rolls back cleanly),
busy_timeout so two tills on one PC wait for each other instead of failing.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pos_doctor.i18n import T
from pos_doctor.records.contacts import scrub_run
from pos_doctor.records.migrations import MIGRATIONS, SCHEMA_VERSION
from pos_doctor.records.packing import pack, unpack, unpack_blob
from pos_doctor.records.scrubbing import scrub_deep

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "newer_database", "pack", "store_error", "unpack", "unpack_blob"]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict) and "en" in value:  # a Text as JSON
        return str(value.get("en"))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _check_list(value: Any) -> list[dict]:
    """Check results as a list of dicts, whether a document lists them or maps id -> result.
    A bare list of ids (a step naming the checks it will run) holds no result and is skipped."""
    if isinstance(value, dict):
        return [dict(v, id=v.get("id", k)) for k, v in value.items() if isinstance(v, dict)]
    if isinstance(value, list):
        return [c for c in value if isinstance(c, dict) and "status" in c]
    return []


def _started_at(doc: dict) -> str:
    timing: dict = doc["timing"] if isinstance(doc.get("timing"), dict) else {}
    value = doc.get("started_at") or timing.get("started_at")
    if not value:
        return _now()
    # Stored as UTC so that `--since` and ordering can compare text.
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return _now()
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat(timespec="milliseconds" if dt.microsecond else "seconds")


def _tool_version(doc: dict) -> str | None:
    tool = doc.get("tool")
    if isinstance(tool, dict):
        return _text(tool.get("version"))
    return _text(doc.get("tool_version") or tool)


def store_error(path: str | Path, exc: BaseException, *, reading: bool) -> Exception:
    """A database that cannot be used, as one screen naming the path and what to do (exit 3)."""
    from pos_doctor.errors import UsageError

    text = str(exc)
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
        what = T("history database {path} is not a pos-doctor history database", path=str(path))
        hint = T("pass the history.db file with --db, or leave --db out")
    elif isinstance(exc, sqlite3.OperationalError) and "locked" in text:
        what = T("history database {path} is locked by another program", path=str(path))
        hint = T("wait for the other pos-doctor to finish, then run again")
    elif (isinstance(exc, OSError) and getattr(exc, "errno", None) == 28) or "full" in text:
        what = T("history database {path} cannot be written: the disk is full", path=str(path))
        hint = T("free some disk space")
    elif (isinstance(exc, OSError) and getattr(exc, "errno", None) == 27) or "disk I/O" in text:
        what = T("history database {path} cannot be written: disk error (full, over a size limit, or failing)",
                 path=str(path))
        hint = T("free some disk space and check the disk")
    else:
        why = getattr(exc, "strerror", None) or text
        what = (T("history database {path} cannot be read: {why}", path=str(path), why=why) if reading
                else T("history database {path} cannot be written: {why}", path=str(path), why=why))
        hint = T("check that the path and its folder exist and that you may read them")
    err = UsageError(what, hint=hint)
    err.cause = exc  # what went wrong underneath: the recorder spools a run the disk refused, not a foreign file
    return err


def newer_database(path: str | Path, version: int) -> Exception:
    """A database whose schema (user_version) is above ours: refused for reading and writing (exit 3)."""
    from pos_doctor.errors import UsageError

    return UsageError(
        T("history database {path} was written by a newer pos-doctor (schema {version}; this version knows up to "
          "{SCHEMA_VERSION}) and is left as it is", path=path, version=version, SCHEMA_VERSION=SCHEMA_VERSION),
        hint=T("update pos-doctor on this PC, or pass another history file with --db"))


def _usable_for_reading(path: Path) -> bool:
    """False for a database that does not exist or is an empty file: nothing to read, and nothing is created.
    A FIFO, device or directory is refused (UsageError) instead of being opened."""
    import os

    from pos_doctor.yamlfile import not_regular

    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise store_error(path, exc, reading=True) from None
    why = not_regular(st.st_mode)
    if why:
        from pos_doctor.errors import UsageError

        raise UsageError(T("history database {path} {why}", path=path, why=why.msg),
                         hint=T("pass the history.db file with --db, or leave --db out"))
    return st.st_size > 0


def _rollback(db: sqlite3.Connection) -> None:
    try:
        db.execute("ROLLBACK")
    except sqlite3.Error:  # SQLite already rolled back (a full disk, an I/O error)
        pass


class Store:
    def __init__(self, path: str | Path, *, timeout: float = 10.0, readonly: bool = False):
        """readonly: for history and report. Opened with SQLite's mode=ro (a read-only file or folder still reads),
        never migrated or written; a missing or empty file reads as an empty history and stays as it was."""
        self.path = Path(path)
        self.readonly = readonly
        try:
            self._open(path, timeout)
        except (sqlite3.Error, OSError) as exc:
            raise store_error(path, exc, reading=readonly) from None

    def _open(self, path: str | Path, timeout: float) -> None:
        if self.readonly and str(path) != ":memory:" and _usable_for_reading(self.path):
            from urllib.parse import quote

            uri = "file:" + quote(str(self.path.resolve()))
            # With no write-ahead log beside it, everything is in the file: read it as it stands (immutable), so
            # SQLite creates no -wal/-shm either. With one, a writer is at work: read through it (mode=ro).
            wal = Path(str(self.path) + "-wal").exists()
            self.db = sqlite3.connect(uri + ("?mode=ro" if wal else "?mode=ro&immutable=1"), uri=True, timeout=timeout,
                                      isolation_level=None)
            try:
                self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc):
                    raise
                # a WAL database in a folder we may not write (no -shm possible): read it as it stands on disk
                self.db.close()
                self.db = sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, isolation_level=None)
                self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                self.db.close()
                raise newer_database(self.path, version)
            if version == 0 and not self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                # created but never finished (the disk filled up, or a kill, before the first migration committed):
                # an empty history, not a foreign file; the next run that can write completes it
                self.db.close()
                self.db = sqlite3.connect(":memory:", isolation_level=None)
                self.db.row_factory = sqlite3.Row
                self._migrate()
                return
            if version < SCHEMA_VERSION:
                self.db.close()  # an older or foreign layout: nothing this version can read without migrating
                raise sqlite3.DatabaseError("file is not a database (no pos-doctor tables)")
            return
        if self.readonly:  # nothing there to read: an empty history in memory, the file left alone
            path = ":memory:"
        elif str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            import os

            from pos_doctor.yamlfile import not_regular

            if self.path.exists() and not_regular(os.stat(self.path).st_mode):
                raise sqlite3.DatabaseError("file is not a database (not a regular file)")
        self.db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        if str(path) != ":memory:" and not self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            # a new file: freed pages can be given back cheaply later. Before WAL: once the file is in WAL mode
            # SQLite ignores this setting
            self.db.execute("PRAGMA auto_vacuum = INCREMENTAL")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.execute("PRAGMA foreign_keys = ON")
        self._migrate()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:  # written by a newer pos-doctor: its layout is not ours to write into
            raise newer_database(self.path, version)
        if version >= SCHEMA_VERSION:
            return
        # BEGIN IMMEDIATE: two processes starting together must not both migrate.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for i in range(version, SCHEMA_VERSION):
                for stmt in MIGRATIONS[i].split(";"):
                    if stmt.strip():
                        self.db.execute(stmt)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.db.execute("COMMIT")
        except BaseException:
            _rollback(self.db)  # the error that stopped the transaction is the one to report
            raise

    # --- writing -------------------------------------------------------------------------------
    def record(self, kind: str, document: dict, *, note: str | None = None, tool_version: str | None = None) -> int:
        if kind not in ("check", "fix"):
            raise ValueError(f"kind must be check or fix, not {kind!r}")
        doc = scrub_run(document)  # the run's own contacts are kept as written (records/contacts.py)
        note = scrub_deep(note)
        target = doc.get("target") or {}
        checks = _check_list(doc.get("checks")) + _check_list(doc.get("check_results"))
        steps = [s for s in (doc.get("steps") or []) if isinstance(s, dict)]
        for s in steps:
            checks += _check_list(s.get("checks")) + _check_list(s.get("check_results"))
        outcome = doc.get("outcome")
        status = doc.get("status") or (outcome.get("status") if isinstance(outcome, dict) else outcome)
        row = (
            kind, _started_at(doc), tool_version or _tool_version(doc),
            _text(status), doc.get("exit_code"),
            _text(target.get("model")), _text(target.get("terminal_id")), _text(target.get("serial")),
            _text(target.get("software_version")),
            _text(target.get("printer_identity") or target.get("printer") or target.get("printer_port")),
            1 if target.get("simulated") else 0, _text(target.get("scenario")),
            _text(doc.get("playbook") if not isinstance(doc.get("playbook"), dict) else doc["playbook"].get("id")),
            _text(outcome.get("status") if isinstance(outcome, dict) else outcome), note, "", pack(doc),
        )
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cur = self.db.execute(
                "INSERT INTO runs (kind, started_at, tool_version, status, exit_code, terminal_model, terminal_id,"
                " terminal_serial, software_version, printer, simulated, scenario, playbook, outcome, note, document,"
                " doc)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                row,
            )
            run_id = int(cur.lastrowid or 0)  # an INSERT that returned: its row's id
            if checks:
                ids = ",".join(str(c.get("id")) for c in checks)
                self.db.execute("INSERT OR IGNORE INTO checksets (ids) VALUES (?)", (ids,))
                failed = ",".join(str(c.get("id")) for c in checks if _text(c.get("status")) in ("warning", "critical"))
                self.db.execute("UPDATE runs SET checkset = (SELECT id FROM checksets WHERE ids = ?), failed = ?"
                                " WHERE id = ?",
                                (ids, failed or None, run_id))
            self.db.executemany(
                "INSERT INTO check_results VALUES (?,?,?,?)",
                [(run_id, i, str(c.get("id")), _text(c.get("status"))) for i, c in enumerate(checks)],
            )
            self.db.executemany(
                "INSERT INTO steps VALUES (?,?,?,?,?,?)",
                [(run_id, i, _text(s.get("id")), _text(s.get("kind")),
                  json.dumps(s.get("answer"), ensure_ascii=False, default=str),
                  json.dumps(s.get("result"), ensure_ascii=False, default=str)) for i, s in enumerate(steps)],
            )
            self.db.execute("COMMIT")
        except BaseException:
            _rollback(self.db)  # the error that stopped the transaction is the one to report
            raise
        return int(run_id)

    # --- reading -------------------------------------------------------------------------------
    def history(self, *, since: str | None = None, statuses: list[str] | None = None, kind: str | None = None,
                limit: int = 50, simulated: bool | None = None) -> list[dict]:
        """`simulated`: None all runs, True only simulated ones, False only real ones."""
        sql, args = ("SELECT id, kind, started_at, status, exit_code, terminal_model, terminal_id, playbook, outcome,"
                     " note,"
                     " simulated, scenario FROM runs WHERE 1=1"), list[Any]()
        if simulated is not None:
            sql += " AND COALESCE(simulated, 0) = ?"
            args.append(1 if simulated else 0)
        if since:
            sql += " AND started_at >= ?"
            args.append(since)
        if statuses:
            sql += f" AND status IN ({','.join('?' * len(statuses))})"
            args += statuses
        if kind:
            sql += " AND kind = ?"
            args.append(kind)
        sql += " ORDER BY started_at DESC, id DESC LIMIT ?"
        args.append(limit)
        return [dict(r) for r in self.db.execute(sql, args)]

    def get_run(self, run_id: int) -> dict | None:
        row = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            return None
        run = dict(row)
        run["document"] = unpack(row)
        run.pop("doc", None)
        return run

    def stats(self, *, since: str, simulated: bool | None = None) -> list[dict]:
        """Per check: how many runs it took part in since `since`, and how often it was warning/critical.
        `simulated`: None all runs, True only simulated ones, False only real ones.
        One pass over the covering index runs_window by time: (check set, failed ids) groups, counted, then
        spread over their check ids - the cost follows the window's runs, not every check row of the history."""
        where, args = "started_at >= ?", list[Any]([since])
        if simulated is not None:
            where += " AND COALESCE(simulated, 0) = ?"
            args.append(1 if simulated else 0)
        groups = self.db.execute(f"SELECT checkset, failed, COUNT(*) FROM runs WHERE {where} AND checkset IS NOT NULL"
                                 " GROUP BY checkset, failed", args).fetchall()
        sets: dict[int, str] = {}
        wanted = sorted({g[0] for g in groups})
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            marks = ",".join("?" * len(chunk))
            sets.update(self.db.execute(f"SELECT id, ids FROM checksets WHERE id IN ({marks})", chunk))
        runs: dict[str, int] = {}
        failed: dict[str, int] = {}
        for checkset, bad, n in groups:
            for cid in sets[checkset].split(","):
                runs[cid] = runs.get(cid, 0) + n
            for cid in (bad or "").split(","):
                if cid:
                    failed[cid] = failed.get(cid, 0) + n
        rows = [{"id": cid, "runs": n, "failed": failed.get(cid, 0)} for cid, n in runs.items()]
        return sorted(rows, key=lambda r: (-r["failed"], r["id"]))

    def count_runs(self, *, since: str, simulated: bool | None = None) -> int:
        sql, args = "SELECT COUNT(*) FROM runs WHERE started_at >= ?", list[Any]([since])
        if simulated is not None:
            sql += " AND COALESCE(simulated, 0) = ?"
            args.append(1 if simulated else 0)
        return int(self.db.execute(sql, args).fetchone()[0])

    def last_success(self) -> float | None:
        """When the newest check run that decided (exit 0, 1 or 2) started, as Unix time; None when there is none."""
        row = self.db.execute("SELECT started_at FROM runs WHERE kind = 'check' AND exit_code IN (0, 1, 2)"
                              " ORDER BY started_at DESC LIMIT 1").fetchone()
        if row is None:
            return None
        try:
            return datetime.fromisoformat(row[0]).timestamp()
        except ValueError:
            return None

    # --- retention -----------------------------------------------------------------------------
    def prune(self, *, keep_days: int | None, keep_runs: int | None, now: datetime | None = None,
              vacuum: bool = True) -> dict:
        """Delete runs older than `keep_days` and beyond the newest `keep_runs` (0 or None: no limit of that kind),
        with their check and step rows; then give the space back (incremental vacuum, else VACUUM)."""
        where, args = [], []
        if keep_days:
            cutoff = ((now or datetime.now(timezone.utc)) - _days(keep_days)).isoformat(timespec="seconds")
            where.append("started_at < ?")
            args.append(cutoff)
        if keep_runs:
            where.append("id NOT IN (SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT ?)")
            args.append(int(keep_runs))
        before = self.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]
        deleted = 0
        if where:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                ids = [r[0] for r in self.db.execute(f"SELECT id FROM runs WHERE {' OR '.join(where)}", args)]
                for i in range(0, len(ids), 500):
                    chunk = ids[i:i + 500]
                    marks = ",".join("?" * len(chunk))
                    self.db.execute(f"DELETE FROM check_results WHERE run_id IN ({marks})", chunk)
                    self.db.execute(f"DELETE FROM steps WHERE run_id IN ({marks})", chunk)
                    self.db.execute(f"DELETE FROM runs WHERE id IN ({marks})", chunk)
                deleted = len(ids)
                self.db.execute("COMMIT")
            except BaseException:
                _rollback(self.db)
                raise
        if vacuum and deleted and str(self.path) != ":memory:":
            self.compact()
        return {"before": before, "deleted": deleted, "kept": before - deleted}

    def compact(self) -> None:
        """Give freed pages back to the file system. With auto_vacuum=INCREMENTAL a cheap incremental step;
        otherwise one VACUUM that also switches the file to incremental for next time."""
        mode = self.db.execute("PRAGMA auto_vacuum").fetchone()[0]
        if mode == 2:
            # each step of this statement frees one page, and it returns no row: only a script steps it to the end
            self.db.executescript("PRAGMA incremental_vacuum;")
        else:
            self.db.execute("PRAGMA auto_vacuum = INCREMENTAL")
            self.db.execute("VACUUM")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def size_bytes(self) -> int:
        page = self.db.execute("PRAGMA page_size").fetchone()[0]
        return int(page * self.db.execute("PRAGMA page_count").fetchone()[0])


def _days(n: int):
    from datetime import timedelta

    return timedelta(days=int(n))
