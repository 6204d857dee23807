"""`pos-doctor fix [ID]`: the guided fix. Parses the options into a `FixOptions`, lets `FixSession`
(pos_doctor/fix/: the stopped walk, the menu or the checks' recommendation, the devices, the walk, the record) do the
fix through the wizard's screen, and renders the outcome.

Exit codes: 0 resolved and verified, 1 resolved but not verified, 2 not resolved or escalated, 3 could not run
(bad arguments or files, a missing answer in a non-interactive run), 130 stopped (progress saved: --resume).
Without an id, when the checks walk no playbook: 0 if they all pass; 2 if they found problems no playbook covers
(or the person declined the fix) — nothing was fixed; 3 if they could only say "unknown".
"""

from __future__ import annotations

from typing import Annotated, Any, Callable, Optional

import typer

from pos_doctor.cli.device_options import (
    DeviceOptions,
    Lang,
    NoColor,
    NoRecord,
    Note,
    build_options,
    device_command,
    device_config,
)

app = typer.Typer(add_completion=False)


@app.command(help="Guided fix, step by step: pick what happened, or let the checks choose.")
@device_command("fix")
def fix(
    playbook_id: Optional[str] = typer.Argument(None, metavar="[ID]",
                                                help="Playbook id (see `pos-doctor playbooks list`)."),
    opts: DeviceOptions = DeviceOptions(),  # the device options, declared in cli/device_options.py
    answers: Optional[str] = typer.Option(None, "--answers", metavar="FILE",
                                          help="Answers in advance: step id → answer (YAML)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Take the suggested answer wherever there is one."),
    resume: bool = typer.Option(False, "--resume", help="Continue a stopped walk (ID: its number or playbook id)."),
    discard: bool = typer.Option(False, "--discard", help="Discard a stopped walk (ID: its number or playbook id)."),
    playbooks: Annotated[list[str], typer.Option(
        "--playbooks", metavar="DIR", help="Extra playbook directory (repeatable).")] = [],  # noqa: B006 - typer's
    json_out: bool = typer.Option(False, "--json", help="Print the whole transcript as one JSON document."),
    lang: Lang = None,
    no_color: NoColor = False,
    note: Note = None,
    no_record: NoRecord = False,
) -> None:
    from pos_doctor.ui.console import Env

    device = opts.device()
    cfg = device_config(**{k: v for k, v in device.items() if k != "simulate"}, lang=lang or _root_lang(),
                        playbook_dirs=playbooks)
    env = Env.create(cfg.get("language"), no_color=no_color)
    # --- the fix: pos_doctor/fix/ does it, the wizard is its screen --------------------------------------------
    from pos_doctor.cli.fix_run import prompter, render
    from pos_doctor.fix import FixOptions, FixSession
    from pos_doctor.playbooks.library import Library

    options = FixOptions(device=device, config=cfg, checks=build_options(cfg, simulate=opts.simulate),
                         configure=_configure(playbooks), playbook_id=playbook_id, answers=answers, yes=yes,
                         resume=resume, discard=discard, note=note, no_record=no_record, lang=lang)
    outcome = FixSession(options, Library.load(cfg.get("playbooks.dirs") or []), prompter(env, json_out=json_out)).run()
    raise typer.Exit(render(env, outcome, json_out=json_out))


def _configure(playbooks: list[str]) -> Callable[[dict, Optional[str]], tuple[Any, Any]]:
    """A stopped walk's devices and language (what was not given again) -> its configuration and check options."""
    def configure(device: dict, lang: Optional[str]) -> tuple[Any, Any]:
        cfg = device_config(**{k: v for k, v in device.items() if k != "simulate"}, lang=lang, playbook_dirs=playbooks)
        return cfg, build_options(cfg, simulate=device.get("simulate"))
    return configure


def _root_lang() -> str | None:
    """`pos-doctor --lang zh fix`: the root's --lang reaches the command (the subcommand's own wins)."""
    from pos_doctor.cli.language import EXPLICIT

    return EXPLICIT
