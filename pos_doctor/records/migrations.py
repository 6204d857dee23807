"""The store's schema: the migrations that build it, one version each (records/store.py applies them)."""

from __future__ import annotations

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
    # 2: the compact record. The document is stored once, zlib-compressed (`doc`, JSON inside; `document` is '' for
    # such rows); check rows keep only the check id and status, clustered by run (WITHOUT ROWID). What
    # `history --stats` counts is also summed up in the run's row: `checkset` (the list of check ids, normalised:
    # nearly every run of a till shares one) and `failed` (the ids that were warning or critical, NULL when none), so
    # the statistics over a window read one covering index by time (runs_window), not every check row.
    """
    ALTER TABLE runs ADD COLUMN doc BLOB;
    ALTER TABLE runs ADD COLUMN checkset INTEGER;
    ALTER TABLE runs ADD COLUMN failed TEXT;
    CREATE TABLE checksets (id INTEGER PRIMARY KEY, ids TEXT NOT NULL UNIQUE);
    ALTER TABLE check_results RENAME TO check_results_v1;
    DROP INDEX IF EXISTS check_results_id;
    CREATE TABLE check_results (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL, check_id TEXT NOT NULL, status TEXT,
        PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID;
    INSERT INTO check_results SELECT run_id, seq, check_id, status FROM check_results_v1;
    DROP TABLE check_results_v1;
    INSERT OR IGNORE INTO checksets (ids)
        SELECT DISTINCT (SELECT group_concat(check_id, ',') FROM (SELECT check_id FROM check_results c
                         WHERE c.run_id = r.id ORDER BY seq)) FROM runs r
        WHERE r.id IN (SELECT run_id FROM check_results);
    UPDATE runs SET
        checkset = (SELECT id FROM checksets WHERE ids = (SELECT group_concat(check_id, ',') FROM (SELECT check_id
                    FROM check_results c WHERE c.run_id = runs.id ORDER BY seq))),
        failed = (SELECT group_concat(check_id, ',') FROM (SELECT check_id FROM check_results c
                  WHERE c.run_id = runs.id AND c.status IN ('warning', 'critical') ORDER BY seq));
    CREATE INDEX runs_window ON runs(started_at, simulated, checkset, failed);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
