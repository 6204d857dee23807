"""The bare command: a person typing `pos-doctor` gets the help (exit 0); a mistyped command gets exit 3 and where
to look, never Click's exit 2 or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def pd(*args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], capture_output=True, text=True, encoding="utf-8",
                          env=env, stdin=subprocess.DEVNULL, timeout=60)


@pytest.mark.parametrize("args,first_words", [((), "Diagnose and fix card-payment trouble"), (("--lang", "zh"), "诊断并排除")])
def test_no_command_shows_the_help(args, first_words):
    p = pd(*args)
    assert p.returncode == 0 and first_words in p.stdout and "pos-doctor check" in p.stdout
    assert p.stderr == ""


def test_unknown_command_exits_3_with_where_to_look():
    p = pd("chek")
    assert p.returncode == 3
    assert "No such command 'chek'" in p.stderr and "pos-doctor --help" in p.stderr and "Traceback" not in p.stderr


def test_version():
    from pos_doctor import __version__

    p = pd("--version")
    assert p.returncode == 0 and __version__ in p.stdout


def test_a_reader_that_leaves_early_is_not_an_error(tmp_path):
    # `pos-doctor check --json | head -1`: the rest of the output has nowhere to go; that is not a warning (1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(POS_DOCTOR_DATA_DIR=str(tmp_path), CI="1")
    p = subprocess.Popen([sys.executable, "-m", "pos_doctor", "fix", "--simulate", "healthy", "--yes", "--json", "--no-record"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    assert p.stdout.read(1) == b"{"
    p.stdout.close()
    err = p.stderr.read().decode("utf-8", "replace")
    assert p.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err
