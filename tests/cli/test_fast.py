"""`pos-doctor`, `--help` and `--version` are answered without click (pos_doctor.cli.fast): the same text click
prints, in every language and at every width, and nothing heavy imported on the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pos_doctor.cli.fast import answer

FAST = "import sys; from pos_doctor.cli.fast import run; run()"
FULL = "import sys; from pos_doctor.cli.main import main; sys.exit(main(sys.argv[1:]))"  # the click command group
HEAVY = ("click", "typer", "rich", "yaml", "serial", "psutil", "pos_doctor.protocols.zvt.messages",
         "pos_doctor.protocols.zvt.session", "pos_doctor.simulator", "pos_doctor.checks.runner")


def env_for(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_") and k not in ("COLUMNS", "LINES")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), **extra)
    return env


def out(cmd, env, cwd):
    p = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd,
                       stdin=subprocess.DEVNULL, timeout=60)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    return p.stdout


@pytest.mark.parametrize("width", ["50", "61", "80", "200"])
@pytest.mark.parametrize("args", [("--help",), ("-h", "--lang", "zh"), ("--lang=en",), ("--lang", "zh"), ("--version",),
                                  ("--lang", "de", "--help"), ("--lang=de",)])
def test_the_same_text_click_prints(tmp_path, args, width):
    env = env_for(tmp_path, COLUMNS=width)
    by_click = out([sys.executable, "-c", FULL, *args], env, tmp_path)
    assert out([sys.executable, "-c", FAST, *args], env, tmp_path) == by_click


@pytest.mark.parametrize("lang, usage", [("zh", "用法："), ("de", "Aufruf:")])
@pytest.mark.parametrize("where", ["user", "cwd"])
def test_the_configured_language_is_honoured(tmp_path, where, lang, usage):
    folder = tmp_path / "xdg" / "pos-doctor" if where == "user" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pos-doctor.toml").write_text(f'spec = 1\nlanguage = "{lang}"\n', encoding="utf-8")
    env = env_for(tmp_path, LANG="en_US.UTF-8", LC_ALL="en_US.UTF-8")
    text = out([sys.executable, "-c", FAST, "--help"], env, tmp_path)
    assert text.startswith(usage) and text == out([sys.executable, "-c", FULL, "--help"], env, tmp_path)


@pytest.mark.parametrize("how", ["--lang", "POS_DOCTOR_LANG", "LANG"])
def test_german_is_selected(tmp_path, how):
    """`--lang de`, POS_DOCTOR_LANG=de and a German locale (LANG=de_DE.UTF-8) select German, on both paths."""
    env = env_for(tmp_path, LANG="C.UTF-8")
    env.pop("LC_ALL", None)
    env.pop("LANGUAGE", None)
    args = ["--help"]
    if how == "--lang":
        args = ["--lang", "de", "--help"]
    elif how == "POS_DOCTOR_LANG":
        env["POS_DOCTOR_LANG"] = "de"
    else:
        env["LANG"] = "de_DE.UTF-8"
    text = out([sys.executable, "-c", FAST, *args], env, tmp_path)
    assert text.startswith("Aufruf: pos-doctor") and "Optionen:" in text and "Befehle:" in text, text
    assert text == out([sys.executable, "-c", FULL, *args], env, tmp_path)


def test_nothing_heavy_is_imported_for_the_help(tmp_path):
    code = ("import sys, json, contextlib, io\nfrom pos_doctor.cli.fast import run\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        run()\n    except SystemExit:\n        pass\n"
            f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    for args in ((), ("--help",), ("--version",), ("--lang", "zh", "-h")):
        assert json.loads(out([sys.executable, "-c", code, *args], env_for(tmp_path), tmp_path)) == [], args


def test_importing_the_command_group_stays_light(tmp_path):
    code = f"import sys, json, pos_doctor.cli.main; print(json.dumps([m for m in {HEAVY[1:]!r} if m in sys.modules]))"
    assert json.loads(out([sys.executable, "-c", code], env_for(tmp_path), tmp_path)) == []


@pytest.mark.parametrize("argv", [["check"], ["--help", "--version"], ["--lang", "fr", "--help"], ["--version", "x"],
                                  ["checks", "--help", "--json"], ["--lang"], ["-v"]])
def test_anything_else_goes_to_the_full_group(argv):
    assert answer(argv) is None


def test_the_configuration_files_are_the_ones_load_config_reads(tmp_path, monkeypatch):
    from pos_doctor.cli.language import config_files
    from pos_doctor.config import FILENAME, user_config_path

    monkeypatch.chdir(tmp_path)
    assert config_files() == (user_config_path(), tmp_path / FILENAME)
