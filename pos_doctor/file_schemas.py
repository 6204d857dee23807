"""The JSON Schemas of the files people write, each generated from its typed model: the playbook
(playbooks/model.py), the simulator scenario (simulator/scenario.py) and the software policy (checks/policy.py).

The files in pos_doctor/schemas/ are this module's output (tests/test_file_schemas.py holds them equal);
regenerate them all with `python -m pos_doctor.file_schemas --write`. `pos-doctor schema NAME` prints them.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Callable


def _playbook() -> dict[str, Any]:
    from pos_doctor.playbooks.schema import playbook_schema

    return playbook_schema()


def _scenario() -> dict[str, Any]:
    from pos_doctor.simulator.scenario import scenario_schema

    return scenario_schema()


def _policy() -> dict[str, Any]:
    from pos_doctor.checks.policy import policy_schema

    return policy_schema()


GENERATED: dict[str, Callable[[], dict[str, Any]]] = {
    "playbook.schema.json": _playbook, "scenario.schema.json": _scenario, "software-policy.schema.json": _policy}


def render(file: str) -> str:
    return json.dumps(GENERATED[file](), ensure_ascii=False, indent=2) + "\n"


def write_all() -> list[str]:
    from pos_doctor.resources import schemas_dir

    for file in GENERATED:
        (schemas_dir() / file).write_text(render(file), encoding="utf-8")
    return list(GENERATED)


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m pos_doctor.file_schemas --write")
    print("\n".join(write_all()))
