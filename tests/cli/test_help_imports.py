"""`<command> --help` reads no device, file or database: it imports none of the modules that do the work (issue 27).
A subprocess per command, as a technician's shell completion runs it; the modules are read from sys.modules after
the help is written, so an import anywhere on the way counts."""

import json
import os
import subprocess
import sys

import pytest

PROBE = r"""
import json, sys, io, contextlib
before = set(sys.modules)  # what the interpreter had already (coverage's own sqlite3 under `--cov`): not ours
from pos_doctor.cli.main import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(set(sys.modules) - before), "help": out.getvalue()[:200]}))
"""

# the work: devices, protocols, records, playbooks, checks, the simulator, reports; and what they import
HEAVY = ("pos_doctor.checks", "pos_doctor.protocols", "pos_doctor.link", "pos_doctor.records", "pos_doctor.playbooks",
         "pos_doctor.simulator", "pos_doctor.payments", "pos_doctor.privacy", "pos_doctor.config", "yaml", "serial",
         "sqlite3", "usb", "jsonschema", "pos_doctor.statements", "openpyxl")

COMMANDS = [["check"], ["fix"], ["playbooks"], ["playbooks", "list"], ["playbooks", "show"], ["playbooks", "validate"],
            ["checks"], ["ports"], ["simulate"], ["history"], ["report"], ["config"], ["statement"],
            ["statement", "import"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("lang", ["en", "zh", "de"])
def test_help_imports_none_of_the_work(tmp_path, command, lang):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path), NO_COLOR="1", POS_DOCTOR_LANG=lang)
    p = subprocess.run([sys.executable, "-c", PROBE, *command, "--help"], cwd=tmp_path, env=env, capture_output=True,
                       text=True, encoding="utf-8", timeout=60)
    assert p.returncode == 0, p.stderr[-2000:]
    got = json.loads(p.stdout.strip().splitlines()[-1])
    assert got["code"] == 0 and any(w in got["help"] for w in ("Usage", "用法", "Aufruf")), got["help"]
    heavy = [m for m in got["modules"] if m.split(".")[0] in HEAVY or any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert not heavy, f"`{' '.join(command)} --help` imports {heavy}"
