import json
import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "pos_doctor", "ports", *args], capture_output=True, text=True, timeout=60)


def test_ports_json_lists_serial_usb_and_spooler():
    p = run("--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert set(data) == {"serial", "usb", "usb_problem", "spooler"}
    assert isinstance(data["usb"], list) and isinstance(data["spooler"], list)
    for row in data["serial"]:
        assert {"device", "description", "vid_pid", "holder", "phantom"} <= set(row)
        assert row["phantom"] is False  # hidden unless --all


def test_ports_text_in_both_languages():
    en, zh = run("--lang", "en"), run("--lang", "zh")
    assert en.returncode == zh.returncode == 0
    assert "PORT" in en.stdout or "No serial ports" in en.stdout
    assert "端口" in zh.stdout or "串口" in zh.stdout
