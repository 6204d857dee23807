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
                  help="List, show and validate the fix procedures (playbooks). 列出、查看和校验处理流程。")


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
    no_color: bool = typer.Option(False, "--no-color"),
) -> None:
    from pos_doctor.cli.light import list_playbooks  # one body with the console script's path

    list_playbooks(json_out=json_out, lang=lang, no_color=no_color, dirs=playbooks)


@app.command(help="A playbook as a printable procedure (text or markdown).")
def show(
    playbook_id: str = typer.Argument(..., metavar="ID"),
    fmt: str = typer.Option("text", "--format", help="text or markdown."),
    playbooks: List[str] = typer.Option([], "--playbooks", metavar="DIR",
                                        help="Extra playbook directory (repeatable)."),
    lang: Lang = None,
    no_color: bool = typer.Option(False, "--no-color"),
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
    lang: Lang = None,
    no_color: bool = typer.Option(False, "--no-color"),
) -> None:
    from pos_doctor.playbooks.library import validate_paths

    env, lib, cfg = _setup(lang, no_color, playbooks)
    dirs = cfg.get("playbooks.dirs") or []
    if paths:
        given: list[str | Path] = list(paths)
        ok, errors = validate_paths(given, dirs)
    else:
        ok, errors = validate_paths([str(f) for f in lib.files.values()], [])
    zh = env.lang == "zh"
    for f in ok:
        env.write(f"✓ {f}")
    shown, budget = 0, MAX_SHOWN  # one screen: the first problems, then how many more
    for exc in errors:
        for line in exc.lines(env.lang):
            if shown < budget:
                env.stderr.write(f"✗ {line}\n")
            shown += 1
    if shown > budget:
        env.stderr.write((f"…… 另有 {shown - budget} 处问题未列出。\n" if zh
                          else f"... and {shown - budget} more problem(s) not shown.\n"))
    if errors:
        count = sum(len(e.problems) for e in errors)
        env.stderr.write((f"{len(errors)} 个文件无效，共 {count} 处问题。请修改后重新运行。\n" if zh else
                          f"{len(errors)} invalid file(s), {count} problem(s). Fix them and run again.\n"))
        raise typer.Exit(ExitCode.UNKNOWN)
    env.write(f"{len(ok)} 个流程有效。" if zh else f"{len(ok)} playbook(s) valid.")


@app.command(help="Print the JSON Schema of the playbook format (for editors).")
def schema() -> None:
    from pos_doctor.resources import schemas_dir

    print((schemas_dir() / "playbook.schema.json").read_text(encoding="utf-8"), end="")
