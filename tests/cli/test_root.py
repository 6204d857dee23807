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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="shrinks the pipe with F_SETPIPE_SZ (Linux)")
def test_a_reader_that_leaves_early_is_not_an_error(tmp_path):
    # `pos-doctor fix --json | head -c1`: the rest of the output has nowhere to go; that is not a warning (exit 1)
    import fcntl

    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(POS_DOCTOR_DATA_DIR=str(tmp_path), CI="1")
    r, w = os.pipe()
    fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ: one page, smaller than the transcript, so the writer must block
    from datetime import datetime, timedelta

    answers = tmp_path / "answers.yaml"  # the customer's payment: only a person can say it (issue 11)
    answers.write_text(f"card-or-qr: card\nrecord-customer-amount: '12.50'\n"
                       f"record-customer-time: '{(datetime.now() - timedelta(minutes=1)):%H:%M}'\n", encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "pos_doctor", "fix", "dropped-transaction", "--simulate",
                          "dropped-transaction", "--yes", "--json", "--no-record", "--answers", str(answers)],
                         stdout=w, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    os.close(w)
    assert os.read(r, 1) == b"{"
    os.close(r)
    err = p.stderr.read().decode("utf-8", "replace")
    assert p.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_check_with_no_device_configured_does_not_say_all_good(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(POS_DOCTOR_DATA_DIR=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "xdg"), NO_COLOR="1")
    p = subprocess.run([sys.executable, "-m", "pos_doctor", "check", "--no-record", "--lang", "en"], capture_output=True,
                       text=True, encoding="utf-8", env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, timeout=60)
    assert p.returncode == 3, p.stdout  # Nagios UNKNOWN: nothing at the till was looked at
    assert "All good" not in p.stdout
    assert "the devices were not checked" in p.stdout and "--simulate healthy" in p.stdout
