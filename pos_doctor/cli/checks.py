"""`pos-doctor checks`: list the checks `check` runs, in declared order (the body: cli/light.py)."""

from __future__ import annotations

import typer

from pos_doctor.cli.device_options import Lang
from pos_doctor.cli.light import CATEGORY  # noqa: F401 - where it was

app = typer.Typer(add_completion=False)


@app.command(help="List the checks that `check` runs.")
def checks(json_out: bool = typer.Option(False, "--json", help="Machine-readable output."), lang: Lang = None) -> None:
    from pos_doctor.cli.light import list_checks

    list_checks(json_out=json_out, lang=lang)
