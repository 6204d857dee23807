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

from pos_doctor.records.scrubbing import scrub_deep

# Each entry moves the schema one version up; never edit an entry once released, append a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('check', 'fix')),
        started_at TEXT NOT NULL,
        tool_version TEXT,
        status TEXT,
        exit_code INTEGER,
        terminal_model TEXT, terminal_id TEXT, terminal_serial TEXT, software_version TEXT,
        printer TEXT, simulated INTEGER, scenario TEXT,
        playbook TEXT, outcome TEXT, note TEXT,
        document TEXT NOT NULL
    );
    CREATE INDEX runs_started ON runs(started_at);
    CREATE TABLE check_results (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, check_id TEXT NOT NULL, category TEXT, status TEXT,
        message TEXT, data TEXT,
        PRIMARY KEY (run_id, seq)
    );
    CREATE INDEX check_results_id ON check_results(check_id);
    CREATE TABLE steps (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, step_id TEXT, kind TEXT, answer TEXT, result TEXT,
        PRIMARY KEY (run_id, seq)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


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
    timing = doc.get("timing") if isinstance(doc.get("timing"), dict) else {}
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


class Store:
    def __init__(self, path: str | Path, *, timeout: float = 10.0):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
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
            self.db.execute("ROLLBACK")
            raise

    # --- writing -------------------------------------------------------------------------------
    def record(self, kind: str, document: dict, *, note: str | None = None, tool_version: str | None = None) -> int:
        if kind not in ("check", "fix"):
            raise ValueError(f"kind must be check or fix, not {kind!r}")
        doc = scrub_deep(document)
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
            _text(outcome.get("status") if isinstance(outcome, dict) else outcome), note,
            json.dumps(doc, ensure_ascii=False, default=str),
        )
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cur = self.db.execute(
                "INSERT INTO runs (kind, started_at, tool_version, status, exit_code, terminal_model, terminal_id,"
                " terminal_serial, software_version, printer, simulated, scenario, playbook, outcome, note, document)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                row,
            )
            run_id = cur.lastrowid
            self.db.executemany(
                "INSERT INTO check_results VALUES (?,?,?,?,?,?,?)",
                [(run_id, i, str(c.get("id")), _text(c.get("category")), _text(c.get("status")),
                  _text(c.get("message")), json.dumps(c.get("data"), ensure_ascii=False, default=str))
                 for i, c in enumerate(checks)],
            )
            self.db.executemany(
                "INSERT INTO steps VALUES (?,?,?,?,?,?)",
                [(run_id, i, _text(s.get("id")), _text(s.get("kind")), json.dumps(s.get("answer"), ensure_ascii=False, default=str),
                  json.dumps(s.get("result"), ensure_ascii=False, default=str)) for i, s in enumerate(steps)],
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return int(run_id)

    # --- reading -------------------------------------------------------------------------------
    def history(self, *, since: str | None = None, statuses: list[str] | None = None, kind: str | None = None,
                limit: int = 50, simulated: bool | None = None) -> list[dict]:
        """`simulated`: None all runs, True only simulated ones, False only real ones."""
        sql, args = ("SELECT id, kind, started_at, status, exit_code, terminal_model, terminal_id, playbook, outcome, note,"
                     " simulated, scenario FROM runs WHERE 1=1"), []
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
        run["document"] = json.loads(run["document"])
        return run

    def stats(self, *, since: str, simulated: bool | None = None) -> list[dict]:
        """Per check: how many runs it took part in since `since`, and how often it was warning/critical.
        `simulated`: None all runs, True only simulated ones, False only real ones."""
        where, args = "r.started_at >= ?", [since]
        if simulated is not None:
            where += " AND COALESCE(r.simulated, 0) = ?"
            args.append(1 if simulated else 0)
        sql = (
            "SELECT c.check_id AS id, COUNT(*) AS runs,"
            " SUM(c.status IN ('warning', 'critical')) AS failed"
            f" FROM check_results c JOIN runs r ON r.id = c.run_id WHERE {where}"
            " GROUP BY c.check_id ORDER BY failed DESC, c.check_id"
        )
        return [dict(r) for r in self.db.execute(sql, args)]

    def count_runs(self, *, since: str, simulated: bool | None = None) -> int:
        sql, args = "SELECT COUNT(*) FROM runs WHERE started_at >= ?", [since]
        if simulated is not None:
            sql += " AND COALESCE(simulated, 0) = ?"
            args.append(1 if simulated else 0)
        return int(self.db.execute(sql, args).fetchone()[0])
