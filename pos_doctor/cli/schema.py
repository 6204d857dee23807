"""`pos-doctor schema check|fix|playbook`: the JSON Schemas shipped with this version, for scripts and editors."""

from __future__ import annotations

import typer

from pos_doctor.errors import UsageError

app = typer.Typer(add_completion=False)

SCHEMAS = {"check": "check.schema.json", "fix": "fix.schema.json", "playbook": "playbook.schema.json",
           "statement-mapping": "statement-mapping.schema.json"}


@app.command(help="Print the JSON Schema of `check --json` (check), `fix --json` (fix), the playbook format or the "
                  "statement mapping file (statement-mapping).")
def schema(which: str = typer.Argument(..., metavar="DOCUMENT",
                                       help="check, fix, playbook or statement-mapping.")) -> None:
    if which not in SCHEMAS:
        raise UsageError(f"no schema {which!r}: choose check, fix, playbook or statement-mapping",
                         message_zh=f"没有 {which!r} 的结构说明："
                                    "可选 `check`、`fix`、`playbook` 或 `statement-mapping`")
    from pos_doctor.resources import schemas_dir

    print((schemas_dir() / SCHEMAS[which]).read_text(encoding="utf-8"), end="")
