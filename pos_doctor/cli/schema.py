"""`pos-doctor schema check|fix|playbook`: the JSON Schemas shipped with this version, for scripts and editors."""

from __future__ import annotations

import typer

from pos_doctor.errors import UsageError

app = typer.Typer(add_completion=False)

SCHEMAS = {"check": "check.schema.json", "fix": "fix.schema.json", "playbook": "playbook.schema.json"}


@app.command(help="Print the JSON Schema of `check --json` (check), `fix --json` (fix) or the playbook format.")
def schema(which: str = typer.Argument(..., metavar="DOCUMENT", help="check, fix or playbook.")) -> None:
    if which not in SCHEMAS:
        raise UsageError(f"no schema {which!r}: choose check, fix or playbook",
                         message_zh=f"没有 {which!r} 的结构说明：可选 `check`、`fix` 或 `playbook`")
    from pos_doctor.resources import schemas_dir

    print((schemas_dir() / SCHEMAS[which]).read_text(encoding="utf-8"), end="")
