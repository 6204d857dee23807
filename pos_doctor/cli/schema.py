"""`pos-doctor schema check|fix|playbook|...`: the JSON Schemas shipped with this version, for scripts and editors
(those of the files people write are generated from their typed models: pos_doctor/file_schemas.py)."""

from __future__ import annotations

import typer

from pos_doctor.errors import UsageError, listing
from pos_doctor.i18n import T

app = typer.Typer(add_completion=False)

SCHEMAS = {"check": "check.schema.json", "fix": "fix.schema.json", "playbook": "playbook.schema.json",
           "statement-mapping": "statement-mapping.schema.json", "scenario": "scenario.schema.json",
           "software-policy": "software-policy.schema.json"}


DOCUMENT_HELP = "check, fix, playbook, statement-mapping, scenario or software-policy."


@app.command(help="Print the JSON Schema of `check --json` (check), `fix --json` (fix), the playbook format, the "
                  "statement mapping file (statement-mapping), the simulator scenario (scenario) or the software "
                  "policy (software-policy).")
def schema(which: str = typer.Argument(..., metavar="DOCUMENT", help=DOCUMENT_HELP)) -> None:
    if which not in SCHEMAS:
        raise UsageError(T("no schema {which!r}: choose {names}", which=which, names=listing(list(SCHEMAS))))
    from pos_doctor.resources import schemas_dir

    print((schemas_dir() / SCHEMAS[which]).read_text(encoding="utf-8"), end="")
