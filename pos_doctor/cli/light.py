"""The light commands - `checks`, `ports`, `history`, `playbooks list` - as plain functions, and the console
script's way to run them without click, typer or rich (issue 27: within 2x a bare interpreter start).

The typer commands (cli/checks.py, cli/ports.py, cli/history.py) parse their options and call these functions; the
console script (cli/fast.py) calls them too when the command line holds nothing but the command and options it knows
here (`--json`, `--all`, `--no-color`, `--lang`), and leaves anything else to the full command group. One body per
command, so the two paths print the same (tests/cli/test_light.py). Each imports only what its output needs: no
configuration loading without a file or variable to read (`configured`), the checks from their index
(cli/check_index.py), libusb only when the bus may hold a printer (link/usb_bus.py).
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

from pos_doctor.i18n import TC, T, Text

KINDS = ("check", "fix")


MAX_DAYS = 36_500  # a hundred years: more than any shop has records for
MAX_LIMIT = 1_000_000


def parse_since(value: str | None, default_days: int | None = None) -> str | None:
    """'2026-11-01', '2026-11-01T08:00', or '7d' (days back) -> ISO UTC text comparable with started_at."""
    if not value and default_days is None:
        return None
    from datetime import datetime, timedelta, timezone

    from pos_doctor.errors import UsageError

    if not value:
        return (datetime.now(timezone.utc) - timedelta(days=default_days or 0)).isoformat(timespec="seconds")
    v = value.strip()
    if v[:-1].isdecimal() and v[-1:] in ("d", "w"):  # isdigit() would take a superscript, which int() refuses
        days = int(v[:-1]) * (7 if v.endswith("w") else 1) if len(v) < 12 else MAX_DAYS + 1
        if days > MAX_DAYS:  # timedelta and the calendar end long before 99999999999999999999 days
            raise UsageError(T("--since {value!r} reaches back more than {MAX_DAYS} days", value=value,
                               MAX_DAYS=MAX_DAYS),
                             hint=T("use at most {MAX_DAYS}d, or a date (YYYY-MM-DD)", MAX_DAYS=MAX_DAYS))
        return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        raise UsageError(T("--since {value!r} is not a date", value=value),
                         hint=T("use YYYY-MM-DD, YYYY-MM-DDTHH:MM, or a count of days like 7d"),
                         ) from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat(timespec="seconds")


def configured(flags: dict | None = None):
    """pos_doctor.config.load_config(flags), or None when it could only give its defaults (and the flags): no
    configuration file and no POS_DOCTOR_ variable it reads (POS_DOCTOR_DATA_DIR is not one of its keys). Loading it
    costs more than a bare interpreter's start; a light command pays that only when there is something to read."""
    from pos_doctor.cli.language import config_files

    if any(k.startswith("POS_DOCTOR_") and k != "POS_DOCTOR_DATA_DIR" for k in os.environ) or any(
            path.exists() for path in config_files()):
        from pos_doctor.config import load_config

        return load_config(flags)
    return None


# --- checks ----------------------------------------------------------------------------------------------------------
CATEGORY = {"link": Text("link"), "terminal": Text("terminal"), "software": Text("software"),
            "network": Text("network"), "printer": Text("printer"), "power": Text("power")}


def list_checks(*, json_out: bool = False, lang: str | None = None) -> None:
    import unicodedata

    from pos_doctor.cli.check_index import rows
    from pos_doctor.cli.language import command_lang
    from pos_doctor.ui.console import Env

    env = Env.create(command_lang(lang))
    specs = rows()  # (id, category, title en, title zh, timeout): from the index, without importing the checks
    if json_out:
        import json

        env.write(json.dumps([{"id": cid, "category": category, "title": {"en": en, "zh": zh}, "timeout_s": timeout}
                              for cid, category, en, zh, timeout in specs], ensure_ascii=False, indent=2))
    else:
        for cid, category, en, zh, _ in specs:  # the id is what --only / --skip take; the category in the screen's
            cat = CATEGORY.get(category, Text(category, inline={"en": category}))(env.lang)  # language
            width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cat)
            title = Text(en, inline={"en": en, "zh": zh})  # the index keeps en and zh; other languages: the catalog
            if env.lang not in ("en", "zh") and Text(en).translated(env.lang):
                title = Text(en)
            env.write(f"{cid:<20} {cat}{' ' * max(1, 10 - width)}{title(env.lang)}")


# --- ports -----------------------------------------------------------------------------------------------------------
def list_ports(*, json_out: bool = False, lang: str | None = None, show_phantom: bool = False) -> None:
    from pos_doctor.cli.language import command_lang
    from pos_doctor.link.ports import list_ports, list_spooler_printers, list_usb_printers
    from pos_doctor.ui.console import Env

    env = Env.create(command_lang(lang))
    found = [p for p in list_ports(with_holders=True) if show_phantom or not p.phantom]
    usb, usb_problem = list_usb_printers()
    spooler = list_spooler_printers()
    if json_out:
        import json

        env.write(json.dumps({
            "serial": [{"device": p.device, "description": p.description, "vid_pid": p.vid_pid or None,
                        "serial_number": p.serial_number, "hwid": p.hwid, "phantom": p.phantom, "holder": p.holder}
                       for p in found],
            "usb": [d.to_json() for d in usb], "usb_problem": usb_problem,
            "spooler": [p.to_json() for p in spooler]}, ensure_ascii=False, indent=2))
        return
    lang = env.lang
    if not found:
        env.write(T("No serial ports found. Check the USB cable; for a network terminal use socket://host:port.")(lang))
    else:
        head = [x(lang) if isinstance(x, Text) else x
                for x in (TC("ports", "PORT"), TC("ports", "DESCRIPTION"), "VID:PID", TC("ports", "HELD BY"))]
        env.write(f"{head[0]:<16} {head[1]:<32} {head[2]:<10} {head[3]}")
        for p in found:
            note = T("{port} (phantom)", port="")(lang) if p.phantom else ""
            env.write(f"{p.device:<16} {(p.description + note)[:32]:<32} {p.vid_pid or '-':<10} {p.holder or '-'}")
    env.write("")
    _usb_table(env, usb, usb_problem)
    if spooler:
        env.write("")
        env.write(T("Windows printers (use --printer \"spooler:NAME\"):")(lang))
        for printer in spooler:
            env.write(f"  {printer.name}  ({printer.port_name or '-'})")


def _usb_table(env, usb, problem) -> None:
    lang = env.lang
    if problem is not None:
        env.write(T("USB devices could not be listed: {problem}. Reinstall pos-doctor (it brings libusb-package).",
                    problem=problem)(lang))
        if not usb:
            return
    elif not usb:
        env.write(T("No USB printers found. Check the printer's USB cable and power.")(lang))
        return
    head = [x(lang) for x in (TC("ports", "USB PRINTER"), TC("ports", "MAKER"), TC("ports", "MODEL"))]
    env.write(f"{head[0]:<34} {head[1]:<18} {head[2]}")
    for d in usb:
        if sys.platform == "win32":  # libusb reads names only through WinUSB; the spooler list names the printer
            unread = T("{name} (name not readable: held by its Windows driver)", name="")(lang)
        else:
            unread = T("{name} (not readable: see the udev rule)", name="")(lang)
        model = " ".join(x for x in (d.manufacturer, d.product) if x) or (unread if d.note else "-")
        env.write(f"{d.address:<34} {(d.maker or '-'):<18} {model}")


# --- playbooks list --------------------------------------------------------------------------------------------------
def list_playbooks(*, json_out: bool = False, lang: str | None = None, no_color: bool = False,
                   dirs: list[str] | None = None) -> None:
    """Every playbook: id, title, what recommends it, where it comes from. The shipped ones from their index
    (cli/playbook_index.py) when no other directory is named and the index is the shipped files' own; else the
    library loaded."""
    from pos_doctor.cli.language import command_lang
    from pos_doctor.ui.console import Env

    lang = command_lang(lang)  # the command's --lang, else the one decided for the line (`pos-doctor --lang zh ...`)
    cfg = configured({"language": lang, "playbooks.dirs": dirs or None})
    if cfg is not None:
        lang, dirs = cfg.get("language"), cfg.get("playbooks.dirs")
    env = Env.create(lang, no_color=no_color)
    rows = None
    if not dirs:
        from pos_doctor.cli.playbook_index import shipped_rows

        rows = shipped_rows()
    if rows is None:
        from pos_doctor.cli.playbook_index import row
        from pos_doctor.playbooks.library import Library

        lib = Library.load(list[Any](dirs or []))
        rows = [row(pb, lib) for pb in lib.all()]
    if json_out:
        import json

        env.write(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    lang = env.lang
    titles: dict[str, Text] = {}
    if lang != "en":  # a cashier reads what a check is called; its id stays in the English list and the JSON
        from pos_doctor.cli.check_index import rows as check_rows

        titles = {cid: Text(en, inline={"en": en, "zh": zh}) if lang == "zh" or not Text(en).translated(lang)
                  else Text(en) for cid, _, en, zh, _ in check_rows()}
    table: list[tuple[str, ...]] = []
    for r in sorted(rows, key=lambda r: (not r["situation"], r["id"])):
        if r["situation"]:
            used = T("situation (menu)")(lang)
        elif r["recommended_by"]:
            names = TC("between the items of a list", ", ")(lang).join(
                titles[c](lang) if c in titles else c for c in r["recommended_by"])
            used = TC("playbooks list, recommended by", "{checks}", checks=names)(lang)
        else:
            used = T("run by id")(lang)
        source = (T("shipped")(lang) if r["shipped"] else
                  (T("overrides shipped: {source}", source=r["source"])(lang) if r["overrides"] else r["source"]))
        table.append((r["id"], Text.from_json(r["title"])(lang), used, source))
    head = tuple(x(lang) for x in (TC("playbooks list", "id"), TC("playbooks list", "title"),
                                   TC("playbooks list", "used for"), TC("playbooks list", "source")))
    env.write("\n".join(_table(head, table, env.width or _columns())))


def _columns() -> int:
    """shutil.get_terminal_size().columns, without importing shutil (and bz2, lzma with it): $COLUMNS, else the
    terminal's width, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]], width: int) -> list[str]:
    """Plain columns two spaces apart: the first as wide as its longest cell, the others sharing what is left 3:2:1,
    each cell wrapped in its column (CJK characters two columns wide)."""
    from pos_doctor.cli.helptext import text_width, wrap

    first = max(text_width(x[0]) for x in [head, *rows])
    left = max(width - first - 2 * (len(head) - 1), 24)
    shares = (3, 2, 1)
    widths = [first] + [max(left * k // sum(shares), 6) for k in shares]
    widths[1] += left - sum(widths[1:])  # what the rounding left over
    out = []
    for cells in [head, *rows]:
        cols = [[cells[0]]] + [wrap(c, w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        for k in range(max(len(c) for c in cols)):
            parts = [(c[k] if k < len(c) else "") for c in cols]
            line = "  ".join(p + " " * (w - text_width(p)) for p, w in zip(parts[:-1], widths[:-1], strict=True))
            line += "  " + parts[-1]
            out.append(line.rstrip())
    return out


# --- history ---------------------------------------------------------------------------------------------------------
def _db_exists(db: str | None, cfg) -> bool:
    from pathlib import Path

    from pos_doctor.records.recorder import default_db_path

    try:
        return (Path(db) if db else default_db_path(cfg)).exists()
    except OSError:  # a folder it may not read: the store says so, on one screen
        return True


class _NoStore:
    """No database yet: no runs, read without opening SQLite (the store reads a missing file as empty too)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def stats(self, **_kw) -> list:
        return []

    def count_runs(self, **_kw) -> int:
        return 0

    def history(self, **_kw) -> list:
        return []


def show_history(*, since: str | None = None, status: list[str] | None = None, kind: str | None = None,
                 stats: bool = False, limit: int = 50, real: bool = False, simulated: bool = False,
                 as_json: bool = False, db: str | None = None, lang: str | None = None) -> None:
    from pos_doctor.cli.language import command_lang
    from pos_doctor.records.recorder import open_store
    from pos_doctor.ui.console import Env
    from pos_doctor.ui.history_view import NO_RUNS, STATS_SCOPE, history_lines, stats_lines

    env = Env.create(command_lang(lang))
    if kind is not None and kind not in KINDS:
        from pos_doctor.errors import UsageError

        raise UsageError(T("--kind must be check or fix, not {kind!r}", kind=kind))
    # --real / --simulated filter; both (or neither) list every run. Statistics count real runs unless asked.
    which = None if real == simulated else (simulated and not real)
    cfg = configured()
    with (open_store(db, cfg) if _db_exists(db, cfg) else _NoStore()) as store:
        if stats:
            since_iso = parse_since(since, default_days=28) or ""  # always a time, with default_days
            scope = None if (real and simulated) else (True if simulated else False)
            rows = store.stats(since=since_iso, simulated=scope)
            left_out = store.count_runs(since=since_iso, simulated=True) if scope is False else 0
            if as_json:
                import json

                runs = {None: "all", True: "simulated", False: "real"}[scope]
                env.write(json.dumps({"since": since_iso, "runs": runs, "simulated_not_counted": left_out,
                                      "checks": rows}, ensure_ascii=False, indent=2))
            else:
                env.write("\n".join(stats_lines(rows, since_iso[:10], env.lang) +
                                    [env.t(STATS_SCOPE[scope].format(n=left_out))]))
            return
        rows = store.history(since=parse_since(since), statuses=status or None, kind=kind, limit=limit, simulated=which)
    if as_json:
        import json

        for r in rows:
            r["simulated"] = bool(r.get("simulated"))
        if rows:
            from pos_doctor.records.scrubbing import scrub_deep

            rows = scrub_deep(rows)
        env.write(json.dumps({"runs": rows}, ensure_ascii=False, indent=2))
    elif rows:
        env.write("\n".join(history_lines(rows, env.lang)))
    else:
        env.write(env.t(NO_RUNS))


# --- the console script's path ---------------------------------------------------------------------------------------
FLAGS = {"checks": {"--json": "json_out"}, "ports": {"--json": "json_out", "--all": "show_phantom"},
         "history": {"--json": "as_json"}, "playbooks list": {"--json": "json_out", "--no-color": "no_color"}}
RUN: dict[str, Callable[..., None]] = {"checks": list_checks, "ports": list_ports, "history": show_history,
                                       "playbooks list": list_playbooks}


def parse(argv: list[str]) -> tuple[str, dict] | None:
    """(command, keyword arguments) for `checks`, `ports` or `history` with only the flags above and --lang (before
    or after the command); None for anything else (options with values, subcommands, help, errors of any kind)."""
    from pos_doctor.i18n import normalise_lang

    command: str | None = None
    kwargs: dict[str, Any] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value, i = argv[i + 1], i + 1
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        elif command is None and arg in FLAGS:
            command = arg
        elif command is None and arg == "playbooks" and argv[i + 1:i + 2] == ["list"]:
            command, i = "playbooks list", i + 1
        elif command is not None and arg in FLAGS[command] and FLAGS[command][arg] not in kwargs:
            kwargs[FLAGS[command][arg]] = True
        else:
            return None
        if value is not None:
            lang = normalise_lang(value)
            if lang is None or (command is None and value not in ("zh", "en", "de")):  # the root: zh|en|de
                return None
            if command is not None:
                kwargs["lang"] = lang
        i += 1
    return (command, kwargs) if command is not None else None


def run(argv: list[str]) -> int | None:
    """Run a light command line as the full group would (same output, same exit code, errors through its one
    handler); None when the line is not one of them."""
    try:
        parsed = parse(argv)
    except Exception:  # noqa: BLE001 - the full group reports whatever this could not read
        return None
    if parsed is None:
        return None
    command, kwargs = parsed
    from pos_doctor.cli import language

    lang = language.DECIDED = language.argv_lang(argv)
    try:
        RUN[command](**kwargs)
        sys.stdout.flush()
    except BaseException as exc:  # noqa: BLE001 - mapped to an exit code in the one place
        from pos_doctor.cli.main import handle_error

        return handle_error(exc, lang)
    return 0
