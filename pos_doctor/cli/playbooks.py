"""`pos-doctor playbooks list|show|validate|schema`: the fix procedures, for technicians and the shop's binder."""

from __future__ import annotations

from typing import TYPE_CHECKING, List

import typer

from pos_doctor.cli.device_options import Lang
from pos_doctor.errors import ExitCode, UsageError
from pos_doctor.i18n import T

if TYPE_CHECKING:
    from pathlib import Path

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="List, show and validate the fix procedures (playbooks).")


def _setup(lang, no_color=False, dirs: list[str] | None = None):
    from pos_doctor.cli.language import command_lang
    from pos_doctor.config import load_config
    from pos_doctor.playbooks.library import Library
    from pos_doctor.ui.console import Env

    cfg = load_config({"language": command_lang(lang), "playbooks.dirs": dirs or None})
    env = Env.create(cfg.get("language"), no_color=no_color)
    return env, Library.load(cfg.get("playbooks.dirs") or []), cfg


@app.command("list", help="Every playbook: id, title, what recommends it, where it comes from.")
def list_(
    json_out: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
    playbooks: List[str] = typer.Option([], "--playbooks", metavar="DIR",
                                        help="Extra playbook directory (repeatable)."),
    lang: Lang = None,
    no_color: bool = typer.Option(False, "--no-color", help="Plain output without colour."),
) -> None:
    from pos_doctor.cli.light import list_playbooks  # one body with the console script's path

    list_playbooks(json_out=json_out, lang=lang, no_color=no_color, dirs=playbooks)


@app.command(help="A playbook as a printable procedure (text or markdown).")
def show(
    playbook_id: str = typer.Argument(..., metavar="ID", help="Playbook id."),
    fmt: str = typer.Option("text", "--format", help="text or markdown."),
    playbooks: List[str] = typer.Option([], "--playbooks", metavar="DIR",
                                        help="Extra playbook directory (repeatable)."),
    lang: Lang = None,
    no_color: bool = typer.Option(False, "--no-color", help="Plain output without colour."),
) -> None:
    if fmt not in ("text", "markdown"):
        raise UsageError(T("--format {fmt!r}: choose text or markdown", fmt=fmt))
    env, lib, _ = _setup(lang, no_color, playbooks)
    from pos_doctor.ui.playbook_doc import procedure

    env.write(procedure(lib, lib.get(playbook_id), env.lang, markdown=fmt == "markdown"))


MAX_SHOWN = 15  # problems listed by `playbooks validate` (the same as any bad file's screen)


@app.command(help="Check playbook files; every problem names file, line and column. Exit 3 when any is invalid.")
def validate(
    paths: List[str] = typer.Argument(None, metavar="[PATHS]...",
                                      help="Files or directories (default: all known playbooks)."),
    playbooks: List[str] = typer.Option([], "--playbooks", metavar="DIR",
                                        help="Extra playbook directory (repeatable)."),
    complete: List[str] = typer.Option([], "--complete", metavar="LANG",
                                       help="Also list every text without LANG (zh, de, ...), by file and line; "
                                            "exit 1 when one is missing (repeatable)."),
    lang: Lang = None,
    no_color: bool = typer.Option(False, "--no-color", help="Plain output without colour."),
) -> None:
    from pos_doctor.playbooks.library import validate_paths

    env, lib, cfg = _setup(lang, no_color, playbooks)
    dirs = cfg.get("playbooks.dirs") or []
    if paths:
        given: list[str | Path] = list(paths)
        ok, errors = validate_paths(given, dirs)
    else:
        ok, errors = validate_paths([str(f) for f in lib.files.values()], [])
    from pos_doctor.i18n import T

    for f in ok:
        env.write(f"✓ {f}")
    shown, budget = 0, MAX_SHOWN  # one screen: the first problems, then how many more
    for exc in errors:
        for line in exc.lines(env.lang):
            if shown < budget:
                env.stderr.write(f"✗ {line}\n")
            shown += 1
    if shown > budget:
        env.stderr.write(T("... and {n} more problem(s) not shown.", n=shown - budget)(env.lang) + "\n")
    if errors:
        count = sum(len(e.problems) for e in errors)
        env.stderr.write(T("{files} invalid file(s), {n} problem(s). Fix them and run again.", files=len(errors),
                           n=count)(env.lang) + "\n")
        raise typer.Exit(ExitCode.UNKNOWN)
    env.write(T("{n} playbook(s) valid.", n=len(ok))(env.lang))
    if complete and _incomplete(env, ok, complete):
        raise typer.Exit(ExitCode.WARNING)


def _incomplete(env, files: list, langs: list[str]) -> int:
    """The completeness lint (`--complete LANG`): every text of the valid files without LANG, by file and line."""
    from pos_doctor.i18n import TN, T, known_langs, normalise_lang
    from pos_doctor.playbooks.reader import KIND
    from pos_doctor.textmaps import missing_locale, step_label
    from pos_doctor.yamlfile import load_yaml_file

    wanted = []
    for given in langs:
        code = normalise_lang(given) or given
        if code not in known_langs() or code == "en":
            raise UsageError(T("--complete {lang}: choose one of {langs}", lang=given,
                               langs=", ".join(x for x in known_langs() if x != "en"))(env.lang))
        wanted.append(code)
    count = 0
    for code in dict.fromkeys(wanted):
        for f in files:
            doc = load_yaml_file(f, KIND)
            for m in missing_locale(doc, code):
                env.stderr.write("✗ " + T("{where}: {what} has no {lang} text", where=f"{m.file}:{m.line or '?'}",
                                          what=step_label(doc, m.keys), lang=code)(env.lang) + "\n")
                count += 1
    if count:
        env.stderr.write(TN("{n} text without the languages asked for ({langs}).",
                            "{n} texts without the languages asked for ({langs}).", count,
                            langs=", ".join(dict.fromkeys(wanted)))(env.lang) + "\n")
    else:
        env.write(T("Every text is in {langs}.", langs=", ".join(dict.fromkeys(wanted)))(env.lang))
    return count


@app.command(help="Print the JSON Schema of the playbook format (for editors).")
def schema() -> None:
    from pos_doctor.resources import schemas_dir

    print((schemas_dir() / "playbook.schema.json").read_text(encoding="utf-8"), end="")
