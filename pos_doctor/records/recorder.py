"""The one call `check` and `fix` make after building their document: record it, never fail the command.

Where the database lives: `--db`/path argument, else config `records.path`, else $POS_DOCTOR_DATA_DIR/history.db,
else the platformdirs user data dir. Tests set POS_DOCTOR_DATA_DIR so they never touch the real home.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

DB_NAME = "history.db"


def _setting(config: Any, key: str) -> Any:
    """`records.<key>` from a pos_doctor.config.Config (dotted keys) or a nested dict."""
    if config is None:
        return None
    if isinstance(config, dict):
        return (config.get("records") or {}).get(key, config.get(f"records.{key}"))
    return config.get(f"records.{key}")


def default_db_path(config: Any = None) -> Path:
    path = _setting(config, "path")
    if path:
        return Path(os.path.expanduser(str(path)))
    env = os.environ.get("POS_DOCTOR_DATA_DIR")
    if env:
        return Path(env) / DB_NAME
    import platformdirs

    return Path(platformdirs.user_data_dir("pos-doctor", appauthor=False)) / DB_NAME


def recording_enabled(config: Any = None, *, no_record: bool = False) -> bool:
    if no_record:
        return False
    return _setting(config, "enabled") not in (False, "false", "no", 0)


def record_run(kind: str, document: dict, *, config: Any = None, db_path: str | Path | None = None,
               note: str | None = None, no_record: bool = False, lang: str = "en") -> int | None:
    """Store one run; returns its id, or None when recording is off or the database failed (warned on stderr)."""
    if not recording_enabled(config, no_record=no_record):
        return None
    path = Path(db_path) if db_path else default_db_path(config)
    try:
        from pos_doctor import __version__
        from pos_doctor.records.store import Store

        with Store(path) as store:
            return store.record(kind, document, note=note, tool_version=__version__)
    except Exception as exc:  # noqa: BLE001 - recording must never change the run's result
        msg = (f"警告: 本次运行未能记录到 {path}: {exc}" if lang == "zh"
               else f"Warning: this run was not recorded in {path}: {exc}")
        print(msg, file=sys.stderr)
        return None


def open_store(db_path: str | Path | None = None, config: Any = None) -> Any:
    """The store for reading. A database that does not exist yet is opened in memory (empty), so that
    `history` or `report` never create files in the user's data directory."""
    from pos_doctor.records.store import Store

    path = Path(db_path) if db_path else default_db_path(config)
    return Store(path if path.exists() else ":memory:")
