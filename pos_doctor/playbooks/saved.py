"""Stopped `fix` walks (Ctrl-C, quit, or a missing answer), kept until they are resumed or discarded.

Each stopped walk is one JSON file in `stopped-walks/` next to the history database, written atomically after every
step and removed only when that same walk ends (or is discarded) — another `fix` finishing never touches it.
The file keeps what the walk needs to continue as it was: the engine state, the devices, the language and the
operator's note. A file that is damaged (not JSON, wrong types, absurd nesting) is refused with one screen naming it
and how to discard it; it never reaches the engine.

The file carries a checksum: HMAC-SHA-256 over its canonical JSON (payments/binding.py `canonical`), keyed by a
secret made once per install (`.walk-key` next to the files, readable by its owner only). A plain digest would catch
damage but not an edit: whoever edits the verdict can recompute a digest, not the HMAC without the key. A file
whose checksum does not match — an edited verdict, forged terminal evidence, moved frames — is refused (exit 3,
`--discard`). This is not a lock against the machine's own administrator; that is why `fix --resume` also trusts
nothing in the file for money (the verdict is recomputed, and reconciled again before any money step).

Files from before several walks were kept (`fix-progress.json`) are listed too.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pos_doctor.i18n import known_langs

FILE = "fix-progress.json"          # the single file older versions kept
DIR = "stopped-walks"
VERSION = 2                         # 2: the file carries a checksum
KEY_FILE = ".walk-key"
MAX_BYTES = 8_000_000
KIND = "saved progress"


def progress_dir(config: Any = None) -> Path:
    from pos_doctor.datadir import default_db_path

    return default_db_path(config).parent / DIR


def progress_path(config: Any = None) -> Path:
    """The legacy single file (still read, never written)."""
    from pos_doctor.datadir import default_db_path

    return default_db_path(config).parent / FILE


def new_path(config: Any, playbook: str) -> Path:
    """A fresh file for a walk that starts now; unique even for two walks started in the same second."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in playbook)[:60]
    return progress_dir(config) / f"{stamp}-{os.getpid()}-{safe}.json"


def _key(folder: Path, *, create: bool) -> bytes | None:
    """This install's secret for the checksums (made on first save, owner-only); None when there is none."""
    path = folder / KEY_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip()) or None
    except FileNotFoundError:
        if not create:
            return None
    except (OSError, ValueError):
        return None
    import secrets

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another walk made it a moment ago
        return _key(folder, create=False)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(secrets.token_hex(32))
    return _key(folder, create=False)


def checksum(doc: dict, key: bytes) -> str:
    """HMAC-SHA-256 of the document without its checksum, as canonical JSON."""
    import hashlib
    import hmac

    from pos_doctor.payments.binding import canonical

    return hmac.new(key, canonical({k: v for k, v in doc.items() if k != "checksum"}), hashlib.sha256).hexdigest()


def save(path: Path, state: dict, device: dict, *, lang: str | None = None, note: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"version": VERSION, "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
           "device": device, "lang": lang, "note": note, "state": state}
    doc = json.loads(json.dumps(doc, ensure_ascii=False, default=str))  # the checksum is of what load() will read
    key = _key(path.parent, create=True)
    doc["checksum"] = checksum(doc, key) if key else None
    fd, tmp = tempfile.mkstemp(prefix=".walk-", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _discard_hint(path: Path) -> dict:
    return dict(hint=f"discard it with `pos-doctor fix --discard` (or delete {path}) "
                     "and start again with `pos-doctor fix`",
                hint_zh=f"用 `pos-doctor fix --discard` 丢弃它（或删除 {path}），然后重新运行 `pos-doctor fix`")


# field -> (accepts, what it must be): the WalkState fields the engine reads (playbooks/engine.py)
def _is_str_map(v: Any, values=(str,)) -> bool:
    return isinstance(v, dict) and all(isinstance(k, str) and isinstance(x, values) for k, x in v.items())


def _frames(v: Any) -> bool:
    return (isinstance(v, list) and bool(v) and
            all(isinstance(f, list) and len(f) == 2 and all(isinstance(x, str) for x in f) for f in v))


def _snapshot(v: Any) -> bool:
    return (isinstance(v, dict) and _frames(v.get("frames")) and isinstance(v.get("answers"), dict)
            and _is_str_map(v.get("values")) and _is_str_map(v.get("visits"), (int,)))


_STATE = {
    "playbook": (lambda v: isinstance(v, str) and bool(v), "a playbook id"),
    "frames": (_frames, "a list of [playbook, step] pairs"),
    "answers": (lambda v: isinstance(v, dict) and all(isinstance(k, str) for k in v), "a mapping"),
    "values": (_is_str_map, "a mapping of field to text"),
    "checks": (lambda v: _is_str_map(v, (dict,)) and all(isinstance(c.get("status"), str) for c in v.values()),
               "a mapping of check id to result (with a status)"),
    "transaction": (lambda v: v is None or isinstance(v, dict), "a mapping or null"),
    "visits": (lambda v: _is_str_map(v, (int,)) and not any(isinstance(x, bool) for x in v.values()),
               "a mapping of step to count"),
    "history": (lambda v: isinstance(v, list) and all(_snapshot(x) for x in v), "a list of snapshots"),
    "transcript": (lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v), "a list of entries"),
    "verified_checks": (lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v), "a list of check ids"),
    "last_verify": (lambda v: v is None or isinstance(v, bool), "true, false or null"),
    "escalations": (lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v), "a list"),
    "outcome": (lambda v: v is None or isinstance(v, str), "text or null"),
    "verified": (lambda v: v is None or isinstance(v, bool), "true, false or null"),
    "started_at": (lambda v: isinstance(v, str), "a time"),
    "payment": (lambda v: v is None or isinstance(v, dict), "a mapping or null"),
    "terminal_evidence": (lambda v: v is None or isinstance(v, dict), "a mapping or null"),
}


def _problems(doc: Any) -> list[str]:
    if not isinstance(doc, dict):
        return [f"the file holds {type(doc).__name__}, not a saved walk"]
    if doc.get("version") != VERSION:
        return ["was written by another pos-doctor version"]
    out = []
    state = doc.get("state")
    if not isinstance(state, dict):
        return [f"state: must be a mapping, not {json.dumps(state)[:40]}"]
    for key, (ok, what) in _STATE.items():
        if key in state and not ok(state[key]):
            out.append(f"state.{key}: must be {what}")
    if "playbook" not in state:
        out.append("state.playbook: missing")
    device = doc.get("device", {})
    if not isinstance(device, dict) or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                               for v in device.values()):
        out.append("device: must be a mapping of option to value")
    if doc.get("lang") is not None and doc.get("lang") not in known_langs():  # a walk saved in German resumes too
        out.append("lang: must be " + ", ".join(known_langs()))
    if not isinstance(doc.get("note"), (str, type(None))):
        out.append("note: must be text")
    return out


def load(path: Path) -> dict | None:
    """The saved walk, or None when there is no such file. A damaged file is reported (exit 3), never trusted."""
    from pos_doctor.errors import UserFileError, Where

    if not os.path.lexists(path):
        return None
    if not path.is_file():  # a FIFO or device would block or never end: it cannot be a saved walk
        from pos_doctor.yamlfile import not_regular

        why = not_regular(os.stat(path).st_mode) if os.path.exists(path) else None
        raise UserFileError(KIND, [(Where(str(path)), why or "is not a regular file")], **_discard_hint(path))
    from pos_doctor.yamlfile import read_text

    text = read_text(path, KIND, max_bytes=MAX_BYTES)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserFileError(KIND, [(Where(str(path), exc.lineno, exc.colno), f"not valid JSON: {exc.msg}")],
                            **_discard_hint(path)) from None
    except (RecursionError, ValueError) as exc:  # 100k nested brackets; integers too long to convert
        what = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
        raise UserFileError(KIND, [(Where(str(path)), f"not a saved walk: {what}")], **_discard_hint(path)) from None
    problems = _problems(doc)
    if problems:
        raise UserFileError(KIND, [(Where(str(path)), p) for p in problems[:5]], **_discard_hint(path))
    key = _key(path.parent, create=False)
    if not isinstance(doc.get("checksum"), str) or key is None:
        raise UserFileError(KIND, [(Where(str(path)), "has no checksum this installation can verify: it cannot be "
                                                      "trusted")], **_discard_hint(path))
    import hmac

    if not hmac.compare_digest(doc["checksum"], checksum(doc, key)):
        raise UserFileError(KIND, [(Where(str(path)), "was changed after pos-doctor saved it (its checksum does not "
                                                      "match): it cannot be trusted")], **_discard_hint(path))
    return doc


def check_steps(path: Path, doc: dict, lib: Any) -> None:
    """Every step the saved walk names (where it stands, and each "back" snapshot) must be a step of the playbooks
    as they are now: a file edited by hand, or saved before a playbook changed, is refused (exit 3), naming the file
    and the `--discard` hint, never a KeyError inside the engine."""
    from pos_doctor.errors import UserFileError, Where

    state = doc["state"]
    frames = list(state.get("frames") or []) + [f for snap in state.get("history") or [] for f in snap["frames"]]
    problems = []
    for pid, step in frames:
        try:
            pb = lib.get(pid)
        except Exception:  # noqa: BLE001 - an unknown playbook id: the library's own error names it
            problems.append(f"state.frames: playbook {pid!r} does not exist (any more)")
            continue
        if step not in {s.id for s in pb.steps}:
            problems.append(f"state.frames: playbook {pid!r} has no step {step!r}")
    if problems:
        raise UserFileError(KIND, [(Where(str(path)), p) for p in dict.fromkeys(problems)][:5], **_discard_hint(path))


def clear(path: Path | None) -> None:
    if path is None:
        return
    try:
        path.unlink()
    except OSError:  # gone already, or a data folder that could not take it (full, read-only, not a folder)
        pass


@dataclass
class Stopped:
    """One stopped walk as `fix --resume` lists it: its file, and its content or why it cannot be used."""

    number: int
    path: Path
    doc: dict | None
    error: Any = None          # the UserFileError when damaged

    @property
    def playbook(self) -> str | None:
        return self.doc["state"]["playbook"] if self.doc else None

    @property
    def saved_at(self) -> str:
        if self.doc and isinstance(self.doc.get("saved_at"), str):
            return self.doc["saved_at"]
        try:
            return datetime.fromtimestamp(self.path.stat().st_mtime, timezone.utc).isoformat(timespec="seconds")
        except OSError:
            return ""


def stopped_walks(config: Any = None) -> list[Stopped]:
    """Every stopped walk, oldest first, numbered from 1; damaged ones included (with their error)."""
    from pos_doctor.errors import UserFileError

    paths = []
    d = progress_dir(config)
    if d.is_dir():
        try:
            paths = [p for p in d.iterdir() if p.suffix == ".json" and not p.name.startswith(".")]
        except OSError:
            paths = []
    legacy = progress_path(config)
    if os.path.lexists(legacy):
        paths.append(legacy)
    out = []
    for p in paths:
        try:
            out.append(Stopped(0, p, load(p)))
        except UserFileError as exc:
            out.append(Stopped(0, p, None, exc))
    out.sort(key=lambda s: (s.saved_at, s.path.name))
    for i, s in enumerate(out, 1):
        s.number = i
    return out
