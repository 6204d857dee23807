"""The scheduling files in contrib/: accepted by systemd, well-formed for Task Scheduler, writing through --output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from .conftest import tool

CONTRIB = Path(__file__).resolve().parents[2] / "contrib"


def test_systemd_units_verify_clean(tmp_path):
    analyze = tool("systemd-analyze", "systemd")
    exe = Path(sys.executable).parent / "pos-doctor"
    service = (CONTRIB / "systemd" / "pos-doctor-monitor.service").read_text(encoding="utf-8")
    assert "--output " in service and "SuccessExitStatus=1 2 3" in service and "DynamicUser=yes" in service
    assert "ProtectSystem=strict" in service and "dialout" in service
    (tmp_path / "pos-doctor-monitor.service").write_text(service.replace("/usr/local/bin/pos-doctor", str(exe)), encoding="utf-8")
    (tmp_path / "pos-doctor-monitor.timer").write_text((CONTRIB / "systemd" / "pos-doctor-monitor.timer").read_text(encoding="utf-8"))
    p = subprocess.run([analyze, "verify", str(tmp_path / "pos-doctor-monitor.service"), str(tmp_path / "pos-doctor-monitor.timer")],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and p.stdout == "" and p.stderr == "", p.stdout + p.stderr  # unknown keys are reported here


def test_windows_task_and_wrapper():
    raw = (CONTRIB / "windows" / "pos-doctor-monitor.xml").read_bytes()
    assert raw[:2] == b"\xff\xfe"  # UTF-16 LE with BOM, as schtasks /XML expects
    task = ET.fromstring(raw.decode("utf-16"))
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    assert task.find(".//t:Repetition/t:Interval", ns).text == "PT5M"
    assert task.find(".//t:MultipleInstancesPolicy", ns).text == "IgnoreNew"
    assert "pos-doctor-monitor.ps1" in task.find(".//t:Exec/t:Arguments", ns).text
    ps1 = (CONTRIB / "windows" / "pos-doctor-monitor.ps1").read_text(encoding="utf-8")
    code = "\n".join(ln for ln in ps1.split("#>", 1)[1].splitlines() if not ln.lstrip().startswith("#"))  # past the help
    assert "--output $out" in code and "--format prometheus" in code
    assert not re.search(r"[^-]>\s*\S", code.replace("-gt", "")) and "Out-File" not in code  # no UTF-16 redirection


def test_checkmk_plugin_is_executable():
    f = CONTRIB / "checkmk" / "pos_doctor"
    assert os.access(f, os.X_OK) and "--format checkmk" in f.read_text(encoding="utf-8")
