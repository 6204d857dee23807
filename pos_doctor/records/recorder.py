"""The one call `check` and `fix` make after building their document: record it, never fail the command.

Where the database lives (`default_db_path`) is pos_doctor.datadir's: below both records and playbooks, whose
stopped walks sit beside it. Tests set POS_DOCTOR_DATA_DIR so they never touch the real home.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# DB_NAME and default_db_path: re-exported for the callers of records
from pos_doctor.datadir import DB_NAME, default_db_path, records_setting as _setting  # noqa: F401
from pos_doctor.i18n import T, Text


def recording_enabled(config: Any = None, *, no_record: bool = False) -> bool:
    if no_record:
        return False
    return _setting(config, "enabled") not in (False, "false", "no", 0)


PRUNE_EVERY = 100  # every so many recorded runs, the ones beyond [records] keep_days / keep_runs are deleted
LOCK_WAIT_S = 2.0  # a database held by another run: how long to wait when the caller gives no deadline
SPOOL_DIR = "spool"  # beside the database: runs that could not be written yet, imported by the next run


def record_run(kind: str, document: dict, *, config: Any = None, db_path: str | Path | None = None,
               note: str | None = None, no_record: bool = False, lang: str = "en",
               deadline: float | None = None) -> int | None:
    """Store one run; returns its id, or None when recording is off or the run went to the spool.

    A database locked by another process is waited for until `deadline` (time.monotonic(); at least 0.1 s), then
    the run is kept in a spool file beside the database, which the next run that can write imports - and the
    person is told so. Any other failure is a warning: recording never changes the run's result."""
    if not recording_enabled(config, no_record=no_record):
        return None
    import time

    path = Path(db_path) if db_path else default_db_path(config)
    wait = LOCK_WAIT_S if deadline is None else min(LOCK_WAIT_S * 5, max(0.1, deadline - time.monotonic()))
    try:
        from pos_doctor import __version__
        from pos_doctor.records.contacts import with_snapshot
        from pos_doctor.records.store import Store

        document = with_snapshot(document, config)  # the shop and hotline as they are today, kept with the run
        with Store(path, timeout=wait) as store:
            run_id = store.record(kind, document, note=note, tool_version=__version__)
            _import_spool(store, path, lang)
            if run_id % PRUNE_EVERY == 0:  # retention without a separate timer: a cheap pass every so many runs
                _retain(store, config)
            return run_id
    except Exception as exc:  # noqa: BLE001 - recording must never change the run's result
        why = spool_reason_text(exc)
        if why is not None:
            spooled = _spool(path, kind, document, note)
            if spooled is not None:
                print(T("Note: the history database {why}; this run was kept in {spooled} and will be added to the "
                        "history by the next run that can write it.", why=why, spooled=str(spooled))(lang),
                      file=sys.stderr)
                return None
        text = exc.text(lang) if hasattr(exc, "text") else str(exc)
        print(T("Warning: this run was not recorded in {path}: {error}", path=str(path), error=text)(lang),
              file=sys.stderr)
        return None


def spool_reason_text(exc: BaseException) -> Text | None:
    """Why the database could not take the run, when a later run could: busy, a full or read-only disk, a data
    folder that is not a folder. None for what waiting will not mend (a foreign file, a newer database)."""
    import errno
    import sqlite3

    cause = getattr(exc, "cause", exc)
    text = str(cause).lower()
    if "locked" in text or "busy" in text:
        return T("is busy (another program holds it)")
    code = getattr(cause, "errno", None)
    if code == errno.ENOSPC or (isinstance(cause, sqlite3.Error) and "full" in text):
        return T("cannot be written: the disk is full")
    if code == errno.EROFS or (isinstance(cause, sqlite3.Error) and "readonly" in text):
        return T("cannot be written: the disk or folder is read-only")
    if code in (errno.ENOTDIR, errno.EEXIST):
        return T("cannot be written: its data folder is not a folder")
    if code in (errno.EACCES, errno.EPERM):
        return T("cannot be written: no permission")
    if code in (errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", -1)) or (
            isinstance(cause, sqlite3.Error) and ("disk i/o" in text or "unable to open" in text)):
        return T("cannot be written: disk error")
    return None


def _spool(path: Path, kind: str, document: dict, note: str | None) -> Path | None:
    """Write the run (masked, like everything stored) to the spool; atomically, so a kill leaves no half file."""
    import json
    import tempfile

    from pos_doctor import __version__
    from pos_doctor.records.contacts import scrub_run
    from pos_doctor.records.scrubbing import scrub_deep

    body = json.dumps({"kind": kind, "document": scrub_run(document), "note": scrub_deep(note),
                       "tool_version": __version__}, ensure_ascii=False, default=str)
    for folder in spool_dirs(path):  # beside the database; where that disk refuses too, the temp folder
        tmp = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f"{kind}-", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(body)
            final = Path(tmp).with_suffix(".json")
            os.replace(tmp, final)
            return final
        except OSError:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
    return None


def spool_dirs(path: Path) -> list[Path]:
    """Where runs wait for their database: `spool/` beside it, then a folder of the system's temp folder named
    after the database (a full, read-only or broken data disk cannot take even the spool file)."""
    import hashlib
    import tempfile

    try:
        key = str(path.resolve())
    except OSError:
        key = str(path.absolute())
    uid = os.getuid() if hasattr(os, "getuid") else 0
    name = f"pos-doctor-spool-{uid}-{hashlib.sha256(key.encode('utf-8', 'surrogateescape')).hexdigest()[:16]}"
    return [path.parent / SPOOL_DIR, Path(tempfile.gettempdir()) / name]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _import_spool(store: Any, path: Path, lang: str) -> None:
    """Runs kept while the database was busy: each goes in, then its file goes away (a run imported twice would
    need a kill between the two; one lost is worse)."""
    done = sum(_import_folder(store, folder) for folder in spool_dirs(path))
    if done:
        print(T("Added {n} earlier run(s) that were kept while the database could not be written.", n=done)(lang),
              file=sys.stderr)


def _import_folder(store: Any, folder: Path) -> int:
    import json

    try:
        if not folder.is_dir():
            return 0
    except OSError:
        return 0
    for claimed in folder.glob("*.importing-*"):  # a run killed while importing: its claim goes back
        try:
            pid = int(claimed.suffix.rsplit("-", 1)[1])
            if pid != os.getpid() and not _alive(pid):
                os.replace(claimed, claimed.with_suffix(".json"))
        except (ValueError, OSError):
            continue
    done = 0
    for spooled in sorted(folder.glob("*.json")):
        f = spooled.with_suffix(f".importing-{os.getpid()}")
        try:
            os.replace(spooled, f)  # claimed: a run importing at the same moment does not take it twice
        except OSError:
            continue
        try:
            item = json.loads(f.read_text(encoding="utf-8"))
            store.record(item["kind"], item["document"], note=item.get("note"), tool_version=item.get("tool_version"))
        except Exception:  # noqa: BLE001 - a damaged spool file stays for a person to look at
            os.replace(f, spooled.with_suffix(".damaged"))
            continue
        f.unlink(missing_ok=True)
        done += 1
    return done


def open_store(db_path: str | Path | None = None, config: Any = None) -> Any:
    """The store for reading. A database that does not exist yet is opened in memory (empty), so that
    `history` or `report` never create files in the user's data directory."""
    from pos_doctor.records.store import Store

    path = Path(db_path) if db_path else default_db_path(config)
    return Store(path, readonly=True)  # never creates, migrates or writes; a missing or empty file reads as empty


def _limits(config: Any) -> tuple[int | None, int | None]:
    from pos_doctor.config import KEYS

    def get(key: str) -> int | None:
        value = _setting(config, key)
        return int(value) if isinstance(value, int) else KEYS[f"records.{key}"][1]

    return get("keep_days"), get("keep_runs")


def _retain(store: Any, config: Any) -> None:
    days, runs = _limits(config)
    try:
        store.prune(keep_days=days, keep_runs=runs, vacuum=True)
    except Exception:  # noqa: BLE001 - retention is housekeeping; the run is recorded, the next pass tries again
        pass


def prune_history(db_path: str | Path | None, config: Any, *, keep_days: int | None, keep_runs: int | None) -> dict:
    """`pos-doctor history prune`: the runs beyond the limits go, the file shrinks. A missing database stays missing."""
    from pos_doctor.records.store import Store

    path = Path(db_path) if db_path else default_db_path(config)
    if not path.exists():
        return {"before": 0, "deleted": 0, "kept": 0, "size_bytes": 0, "path": str(path)}
    with Store(path) as store:
        result = store.prune(keep_days=keep_days, keep_runs=keep_runs, vacuum=True)
        store.compact()
        result["size_bytes"] = store.size_bytes()
    result["path"] = str(path)
    return result
