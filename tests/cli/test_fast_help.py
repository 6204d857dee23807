"""Every command's `--help` is printed by the console script without click, typer or rich (cli/helptext.py, issue 27):
from a description generated from the typer apps, held equal to what the apps describe today, and the same text the
full command group prints, in both languages and at several widths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pos_doctor.cli.help_static as static

PATHS = sorted(static.HELP["en"])
# the console script's imports for a --help must leave out the command group and everything heavy
HEAVY = ("click", "typer", "rich", "markdown_it", "pygments", "yaml", "sqlite3", "serial", "psutil", "jsonschema", "usb",
         "pos_doctor.cli.main", "pos_doctor.config", "pos_doctor.checks", "pos_doctor.protocols", "pos_doctor.link",
         "pos_doctor.records", "pos_doctor.playbooks", "pos_doctor.simulator", "pos_doctor.payments", "pos_doctor.ui")


def env_for(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_") and k not in ("COLUMNS", "LINES", "LANG", "LC_ALL")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), LANG="C.UTF-8", **extra)
    return env


def run_py(code: str, *args: str, env: dict, cwd) -> str:
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8", env=env,
                       cwd=cwd, stdin=subprocess.DEVNULL, timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    return p.stdout


def test_the_generated_help_is_what_the_apps_describe(tmp_path):
    """An option added, renamed or translated without regenerating fails here (the file is static on purpose)."""
    now = run_py("import runpy, sys; sys.argv = ['helptext']; runpy.run_module('pos_doctor.cli.helptext', run_name='__main__')",
                 env=env_for(tmp_path), cwd=tmp_path)
    assert now == Path(static.__file__).read_text(encoding="utf-8"), (
        "pos_doctor/cli/help_static.py is out of date: run `python -m pos_doctor.cli.helptext --write` and commit it")


def test_every_command_of_the_group_is_described():
    from pos_doctor.cli.main import COMMANDS
    from pos_doctor.i18n import LANGS

    assert set(static.HELP) == set(static.ROOT) == set(static.WORDS) == set(LANGS)
    assert all(set(PATHS) == set(static.HELP[lang]) for lang in LANGS)
    assert {p.split()[0] for p in PATHS} == set(COMMANDS)


SAME = r"""
import contextlib, io, json, sys
from pos_doctor.cli.fast import answer
from pos_doctor.cli.main import main
argvs = json.loads(sys.argv[1])
out = {}
for argv in argvs:
    fast = answer(argv)
    with contextlib.redirect_stdout(io.StringIO()) as buf:
        code = main(list(argv))
    out[" ".join(argv)] = [fast, buf.getvalue(), code]
print(json.dumps(out))
"""


@pytest.mark.parametrize("width", ["50", "80", "200"])
@pytest.mark.parametrize("lang", ["en", "zh", "de"])
def test_the_same_text_the_command_group_prints(tmp_path, lang, width):
    argvs = []
    for path in PATHS:
        words = path.split()
        argvs.append([*words, "--help"] if lang == "en" else ["--lang", lang, *words, "--help"])
        argvs.append([*words, "-h"] if lang == "en" else [*words, "-h", f"--lang={lang}"])
    got = json.loads(run_py(SAME, json.dumps(argvs), env=env_for(tmp_path, COLUMNS=width, POS_DOCTOR_LANG="en"),
                            cwd=tmp_path).strip().splitlines()[-1])
    for argv, (fast, full, code) in got.items():
        if fast is None:  # only where the command takes no --lang of its own: the full group's error, exit 3
            assert argv.endswith(f"-h --lang={lang}") and code == 3 and not full, argv
            continue
        assert code == 0, argv
        assert fast == full, f"{argv}\n--- fast\n{fast}\n--- full group\n{full}"
        assert fast.startswith({"zh": "用法：", "de": "Aufruf:"}.get(lang, "Usage:")), fast


@pytest.mark.parametrize("argv", [["check", "--terminal", "x", "--help"], ["chek", "--help"], ["check", "--help", "x"],
                                  ["--lang", "fr", "check", "--help"], ["history", "prune"], ["check"]])
def test_anything_else_goes_to_the_full_group(argv):
    from pos_doctor.cli.fast import answer

    assert answer(argv) is None


IMPORTS = r"""
import contextlib, io, json, sys
before = set(sys.modules)
from pos_doctor.cli.fast import run
with contextlib.redirect_stdout(io.StringIO()) as out:
    try:
        run()
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "modules": sorted(set(sys.modules) - before), "out": out.getvalue()[:100]}))
"""


@pytest.mark.parametrize("lang", ["en", "zh", "de"])
def test_no_help_imports_click_typer_rich_or_the_work(tmp_path, lang):
    for path in PATHS:
        got = json.loads(run_py(IMPORTS, *path.split(), "--help", env=env_for(tmp_path, POS_DOCTOR_LANG=lang),
                                cwd=tmp_path).strip().splitlines()[-1])
        usage = {"zh": "用法：", "de": "Aufruf:"}.get(lang, "Usage:")
        assert got["code"] == 0 and got["out"].startswith(usage), (path, got)
        assert "gettext" not in got["modules"] and "babel" not in got["modules"], (path, got["modules"])
        heavy = [m for m in got["modules"] if any(m == h or m.startswith(h + ".") for h in HEAVY)]
        assert not heavy, f"`{path} --help` imports {heavy}"
