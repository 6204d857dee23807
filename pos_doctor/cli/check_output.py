"""Where `check`'s machine formats go: stdout or `--output FILE`, on every exit code.

A file is written to a temporary file in the same directory, fsynced and renamed over the old one, so a scraper reads
either the previous document or the new one, never half of one or an empty file. A run that could not decide (bad
configuration, a bad `-w` range, a crash) still writes a valid document saying so: `emit_failure` is called by the
one error handler (cli/main.py) for `check`.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# what a failure is called in the `reason` label: a short, bounded set
ERROR_KINDS = (("UserFileError", "bad_file"), ("UsageError", "bad_argument"), ("LinkError", "port_error"),
               ("PosDoctorError", "error"), ("ClickException", "bad_argument"), ("Abort", "interrupted"),
               ("KeyboardInterrupt", "interrupted"))


def till_identity(cfg: Any = None) -> tuple[str, str]:
    """(host, shop): `shop.till` / `shop.id` from the configuration, else `shop.name`, else the host name."""
    host = socket.gethostname() or "localhost"
    get = (lambda k: cfg.get(k)) if cfg is not None else (lambda k: None)  # noqa: E731
    till = get("shop.till") or host
    return str(till), str(get("shop.id") or get("shop.name") or host)


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """UTF-8, LF, a trailing newline; temp file beside the target, fsync, rename, fsync the directory."""
    target = Path(path)
    if not text.endswith("\n"):
        text += "\n"
    data = text.replace("\r\n", "\n").encode("utf-8")
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix="." + target.name + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:  # keep the mode of the file it replaces (a collector may need it readable by its group)
            os.chmod(tmp, os.stat(target).st_mode & 0o7777)
        except OSError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:  # Windows, or a folder that cannot be opened: the rename is done, durability is best effort
        pass


def last_success(output: str | None, cfg: Any = None) -> float | None:
    """When a run last decided: from the previous output file if it says, else the newest such run in the history."""
    if output:
        try:
            from pos_doctor.ui.check_formats import last_success_from

            found = last_success_from(Path(output).read_text(encoding="utf-8", errors="replace"))
            if found is not None:
                return found
        except OSError:
            pass
    try:
        from pos_doctor.records.recorder import open_store

        with open_store(None, cfg) as store:
            return store.last_success()
    except Exception:  # noqa: BLE001 - an unreadable history only means "not known"
        return None


def check_ids() -> list[tuple[str, str]]:
    from pos_doctor.checks.registry import all_checks

    return [(c.id, c.category) for c in all_checks()]


def emit(fmt: str, report, *, output: str | None, cfg: Any, lang: str, run_id: int | None, fix_args: str = "",
         write=None, error: tuple[str, str | None] | None = None, error_kind: str = "error") -> None:
    """Render `report` (None: the run could not decide, `error` says why) to stdout or to `output`."""
    from pos_doctor.ui.check_formats import Till, render, run_success

    now = time.time()
    host, shop = till_identity(cfg)
    till = Till(host=host, shop=shop, lang=lang, now=now, run_id=run_id, fix_args=fix_args, error=error,
                error_kind=error_kind, check_ids=check_ids())
    if fmt in ("prometheus", "checkmk", "json"):
        till.last_success = now if run_success(report) else last_success(output if fmt == "prometheus" else None, cfg)
    text = render(fmt, report, till)
    if output:
        write_atomic(output, text)
    elif write is not None:
        write(text.rstrip("\n"))
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def scan_args(args: list[str]) -> tuple[str | None, str | None]:
    """(format, output) from a `check` command line that may not have parsed; (None, None) when not a check."""
    rest, i = list(args), 0
    while i < len(rest) and rest[i].startswith("-"):  # root options: --lang zh
        i += 2 if rest[i] == "--lang" else 1
    if i >= len(rest) or rest[i] != "check":
        return None, None
    fmt, output, words = "text", None, rest[i + 1:]
    for j, w in enumerate(words):
        nxt = words[j + 1] if j + 1 < len(words) else None
        if w == "--json":
            fmt = "json"
        elif w == "--format" and nxt:
            fmt = nxt
        elif w.startswith("--format="):
            fmt = w.split("=", 1)[1]
        elif w in ("--output", "-o") and nxt:
            output = nxt
        elif w.startswith("--output="):
            output = w.split("=", 1)[1]
    if "--json" in words:
        fmt = "json"
    return fmt, output


def emit_failure(args: list[str], exc: BaseException, lang: str) -> bool:
    """Called by the error handler for a `check` that ends with exit 3 before it rendered anything: write the
    machine format's could-not-decide document. Returns True when stderr should stay quiet (Nagios/Checkmk on
    stdout: the engine merges stderr into the plugin output, and the document already says everything)."""
    from pos_doctor.ui.check_formats import MACHINE_FORMATS

    fmt, output = scan_args(args)
    if fmt not in MACHINE_FORMATS:
        return False
    message, hint = _describe(exc, lang)
    kind = next((k for name, k in ERROR_KINDS if any(t.__name__ == name for t in type(exc).__mro__)), "internal_error")
    cfg = None
    try:
        from pos_doctor.config import load_config

        cfg = load_config()
    except Exception:  # noqa: BLE001 - the configuration may be what failed
        pass
    try:
        emit(fmt, None, output=output, cfg=cfg, lang=lang, run_id=None, error=(message, hint), error_kind=kind)
    except OSError as err:
        print(f"Error: --output {output}: cannot write: {err.strerror or err}", file=sys.stderr)
        return False
    return fmt in ("nagios", "checkmk") and not output


def _describe(exc: BaseException, lang: str) -> tuple[str, str | None]:
    from pos_doctor.errors import PosDoctorError, UserFileError
    from pos_doctor.i18n import T

    if isinstance(exc, UserFileError):
        return "; ".join(exc.lines(lang)[:3]), exc.hint_text(lang) or T("fix the places named above and run again.")(
            lang)
    if isinstance(exc, PosDoctorError):
        return exc.text(lang), exc.hint_text(lang)
    fm = getattr(exc, "format_message", None)
    if callable(fm):
        return fm(), T("run `{command}` for usage.", command="pos-doctor check --help")(lang)
    if isinstance(exc, (KeyboardInterrupt,)) or type(exc).__name__ == "Abort":
        return T("interrupted")(lang), None
    from pos_doctor.privacy import scrub

    return (T("internal error: {error}", error=scrub(f"{type(exc).__name__}: {exc}"))(lang),
            T("please send the error message to your technician.")(lang))
