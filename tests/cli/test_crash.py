"""A bug in pos-doctor (an exception no layer expected) ends on one screen with exit 3 and the traceback in a file
for the technician: never a traceback on the till's screen (cli/main.py:handle_error, its last branch)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

# The bug is planted in the child process only: listing ports raises an exception nothing catches.
PLANTED = """
import sys
import pos_doctor.link.ports as ports

def broken(*args, **kwargs):
    raise ZeroDivisionError("planted bug 13812345678")

ports.list_ports = broken
from pos_doctor.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unexpected_exception_is_one_screen_and_a_crash_file(tmp_path, lang):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(TMPDIR=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"),
               NO_COLOR="1", COLUMNS="200")
    p = subprocess.run([sys.executable, "-c", PLANTED, "ports", "--lang", lang], capture_output=True, text=True,
                       encoding="utf-8", env=env, timeout=60)
    assert p.returncode == 3
    assert p.stdout == "" and "Traceback" not in p.stderr
    crash_files = list(tmp_path.glob("pos-doctor-crash-*.txt"))
    assert len(crash_files) == 1
    kept = crash_files[0].read_text(encoding="utf-8")
    assert kept.startswith("Traceback") and "ZeroDivisionError: planted bug" in kept and "def broken" not in p.stderr
    said = {"en": ("internal error: ZeroDivisionError: planted bug", "details saved to ", "please send that file to your technician."),
            "zh": ("内部错误：ZeroDivisionError: planted bug", "详细信息已保存到 ", "请把该文件发给技术支持。")}[lang]
    for text in said:
        assert text in p.stderr, p.stderr
    assert str(crash_files[0]) in p.stderr
    # the exception's text had a phone number in it: masked on the screen and in the file, as everywhere else
    assert "13812345678" not in p.stderr + kept and "138****5678" in p.stderr and "138****5678" in kept
    assert len(p.stderr.strip().splitlines()) <= 6, p.stderr
    if lang == "zh":
        assert not re.search(r"\b(details|please|error)\b", p.stderr), p.stderr
