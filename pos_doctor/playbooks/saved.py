"""The saved progress of an unfinished `fix` walk (Ctrl-C, quit, or a missing answer): one JSON file next to the
history database, written atomically after every step, removed when the walk ends. `fix --resume` reads it."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

FILE = "fix-progress.json"
VERSION = 1


def progress_path(config: Any = None) -> Path:
    from pos_doctor.records.recorder import default_db_path

    return default_db_path(config).parent / FILE


def save(path: Path, state: dict, device: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"version": VERSION, "device": device, "state": state}
    fd, tmp = tempfile.mkstemp(prefix=".fix-progress-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, default=str)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load(path: Path) -> dict | None:
    """The saved walk, or None. A damaged file is reported, not trusted."""
    from pos_doctor.errors import UserFileError, Where

    if not path.exists():
        return None
    from pos_doctor.yamlfile import read_text

    text = read_text(path, "saved progress", max_bytes=10_000_000)  # a FIFO or device is refused, not read
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:  # also a 5000-digit number, 100k nested brackets
        raise UserFileError("saved progress", [(Where(str(path)), f"cannot be read: {exc}")],
                            hint=f"delete {path} and start again with `pos-doctor fix`",
                            hint_zh=f"删除 {path} 后重新运行 `pos-doctor fix`") from None
    if not isinstance(doc, dict) or doc.get("version") != VERSION or not isinstance(doc.get("state"), dict):
        raise UserFileError("saved progress", [(Where(str(path)), "was written by another pos-doctor version")],
                            hint=f"delete {path} and start again with `pos-doctor fix`",
                            hint_zh=f"删除 {path} 后重新运行 `pos-doctor fix`")
    return doc


def clear(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
