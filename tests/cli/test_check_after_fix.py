"""After a fix step the wizard says what was actually checked again: a skipped check passed nothing."""

import os
import subprocess
import sys

import pytest


def run(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=90)


@pytest.mark.parametrize("lang, none, ok", [
    ("zh", "已重新检查，但没有任何一项能检查：全部被跳过", "已重新检查：以上各项已正常"),
    ("en", "Checked again, but nothing could be checked: every check was skipped", "these checks pass now"),
])
def test_nothing_configured_is_not_reported_as_fixed(tmp_path, lang, none, ok):
    p = run(tmp_path, "fix", "printer-paper", "--yes", "--no-record", "--lang", lang)
    assert none in p.stdout, p.stdout + p.stderr
    assert ok not in p.stdout


def test_names_what_was_checked(tmp_path):
    p = run(tmp_path, "fix", "printer-paper", "--yes", "--no-record", "--lang", "zh", "--simulate", "paper-out")
    out = p.stdout
    assert "已重新检查，现已正常：小票打印机、POS机打印机。" in out or "已重新检查：问题仍在。" in out, out
    assert "printer.receipt" not in out  # staff see short names, not ids
