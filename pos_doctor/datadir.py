"""Where pos-doctor keeps its data: the records database, and beside it the stopped walks and the spool.

Below both `records` (which writes the database) and `playbooks` (which saves a stopped walk beside it), so that
neither imports the other for a path. The order: `--db`/path argument, else config `records.path`, else
$POS_DOCTOR_DATA_DIR/history.db, else the platformdirs user data dir. Tests set POS_DOCTOR_DATA_DIR so they never
touch the real home.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DB_NAME = "history.db"


def records_setting(config: Any, key: str) -> Any:
    """`records.<key>` from a pos_doctor.config.Config (dotted keys) or a nested dict."""
    if config is None:
        return None
    if isinstance(config, dict):
        return (config.get("records") or {}).get(key, config.get(f"records.{key}"))
    return config.get(f"records.{key}")


def default_db_path(config: Any = None) -> Path:
    path = records_setting(config, "path")
    if path:
        return Path(os.path.expanduser(str(path)))
    env = os.environ.get("POS_DOCTOR_DATA_DIR")
    if env:
        return Path(env) / DB_NAME
    from pos_doctor.userdirs import user_data_dir  # platformdirs' folder, without its import on Linux

    return Path(user_data_dir()) / DB_NAME
