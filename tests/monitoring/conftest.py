"""Shared by the monitoring tests: `pos-doctor check` as a fleet runs it, and the real tools (skipped when absent)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

SCENARIOS = sorted(p.stem for p in __import__("pos_doctor.resources", fromlist=["x"]).scenarios_dir().glob("*.yaml"))


def run(tmp_path, *args, env=None, timeout=60, cwd=None):
    e = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    e.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), XDG_DATA_HOME=str(tmp_path / "xdg-data"), NO_COLOR="1",
             POS_DOCTOR_LANG="en", POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), **(env or {}))
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], cwd=cwd or tmp_path, env=e, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def tool(name: str, package: str) -> str:
    path = shutil.which(name) or (f"/usr/sbin/{name}" if os.path.exists(f"/usr/sbin/{name}") else None)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}; .ci/run installs it when run as root)")
    return path


# The three ways a run ends with exit 3 before or instead of a verdict.
def bad_config(tmp_path):
    (tmp_path / "pos-doctor.toml").write_text('[payment]\nhots = "x"\n', encoding="utf-8")
    return ["check", "--only", "power.host"]


def bad_range(tmp_path):
    return ["check", "--simulate", "healthy", "-w", "5:1"]


def no_ports(tmp_path):
    return ["check", "--only", "link.terminal"]


EXIT3 = {"bad-config": bad_config, "bad-range": bad_range, "no-ports": no_ports}
