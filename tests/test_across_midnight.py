"""tools/across_midnight.py: the suite run with local midnight where it is wanted (how the tests that failed in a
CI run crossing 00:00 were found)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX TZ strings")
TOOL = Path(__file__).resolve().parents[1] / "tools" / "across_midnight.py"


def _local(tz: str, at: float) -> str:
    return subprocess.run([sys.executable, "-c", f"import time; print(time.strftime('%Y-%m-%d %H:%M:%S', "
                                                 f"time.localtime({at})))"],
                          env=dict(os.environ, TZ=tz), capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize("now", [0, 86400 - 30, 1796688000 + 12345, 1796688000 + 86399])
@pytest.mark.parametrize("seconds", [1, 60, 150])
def test_local_midnight_comes_the_seconds_asked_after_now(now, seconds):
    sys.path.insert(0, str(TOOL.parent))
    try:
        from across_midnight import tz_with_midnight_in
    finally:
        sys.path.remove(str(TOOL.parent))
    tz = tz_with_midnight_in(seconds, now)
    assert _local(tz, now + seconds).endswith(" 00:00:00")
    before, after = _local(tz, now + seconds - 1), _local(tz, now + seconds)
    assert before.endswith(" 23:59:59") and before[:10] < after[:10]


def test_the_suite_it_runs_sees_the_shifted_clock(tmp_path):
    """The suite the tool starts sees local midnight 120 s after the tool chose its zone. That moment lies between
    this test's start and the probe's reading, so what the probe sees is bounded by the order of events, not by how
    fast a loaded machine starts pytest."""
    probe, seen = tmp_path / "test_probe.py", tmp_path / "seen.json"
    probe.write_text("import json, os, time\n\ndef test_probe():\n    now = time.time()\n"
                     "    left = 86400 - (now - time.timezone) % 86400\n"
                     f"    open({str(seen)!r}, 'w').write(json.dumps([now, left]))\n", encoding="utf-8")
    started = time.time()
    p = subprocess.run([sys.executable, str(TOOL), "--in", "120", "-q", "-n", "0", "-p", "no:cacheprovider",
                        str(probe)], capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "local midnight in 120 s" in p.stderr
    now, left = json.loads(seen.read_text(encoding="utf-8"))
    # the zone was chosen at a whole second in [started, now]: midnight is 120 s after it
    assert 120 - (now - int(started)) - 1 <= left <= 120 + 1, (now - started, left)
