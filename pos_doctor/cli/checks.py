"""`pos-doctor checks`: list the checks `check` runs, in declared order."""

from __future__ import annotations

import json

import typer

from pos_doctor.cli.device_options import Lang

app = typer.Typer(add_completion=False)


@app.command(help="List the checks that `check` runs. 列出检查项。")
def checks(json_out: bool = typer.Option(False, "--json"), lang: Lang = None) -> None:
    from pos_doctor.checks.registry import all_checks
    from pos_doctor.ui.console import Env

    env = Env.create(lang)
    specs = all_checks()
    if json_out:
        env.write(json.dumps([{"id": s.id, "category": s.category, "title": s.title.to_json(), "timeout_s": s.timeout}
                              for s in specs], ensure_ascii=False, indent=2))
    else:
        for s in specs:
            env.write(f"{s.id:<20} {s.category:<9} {s.title(env.lang)}")
