import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="simulator on ptys")


def test_trace_file_shows_both_directions_on_both_links(tmp_path):
    trace = tmp_path / "wire.txt"
    env = {**os.environ, "POS_DOCTOR_DATA_DIR": str(tmp_path)}
    p = subprocess.run([sys.executable, "-m", "pos_doctor", "check", "--simulate", "healthy", "--no-record",
                        "--only", "link,terminal", "--json", "--trace", str(trace)],
                       capture_output=True, text=True, timeout=60, env=env)
    assert p.returncode == 0, p.stderr
    dump = trace.read_text()
    assert "terminal -> 10 02 05 01 03" in dump  # Status Enquiry frame sent
    assert "terminal <- 06" in dump  # the terminal's ACK
    assert "printer  -> 10 04 01" in dump and "printer  <- 12" in dump


def test_unwritable_trace_is_a_usage_error(tmp_path):
    p = subprocess.run([sys.executable, "-m", "pos_doctor", "check", "--simulate", "healthy", "--no-record",
                        "--only", "link.printer", "--trace", str(tmp_path / "no" / "such" / "dir.txt")],
                       capture_output=True, text=True, timeout=60, env={**os.environ, "POS_DOCTOR_DATA_DIR": str(tmp_path)})
    assert p.returncode == 3 and "--trace" in p.stderr and "Traceback" not in p.stderr
