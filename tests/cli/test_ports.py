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


# No serial hardware on a test machine: the listing is fed by pyserial's comports(), replaced (in the child process
# only) by two ports as pyserial describes them: a USB adapter whose device is a real pty this test holds open, and
# a phantom /dev/ttyS5. Everything after comports() is the product's: holders, phantom rule, table, JSON.
FAKE_COMPORTS = """
import sys
from serial.tools import list_ports, list_ports_common

DEVICE = sys.argv.pop(1)

def comports(*args, **kwargs):
    usb = list_ports_common.ListPortInfo(DEVICE, skip_link_detection=True)
    usb.description, usb.vid, usb.pid, usb.serial_number = "FT232R USB UART", 0x0403, 0x6001, "A10K"
    usb.hwid = "USB VID:PID=0403:6001 SER=A10K"
    ghost = list_ports_common.ListPortInfo("/dev/ttyS5", skip_link_detection=True)
    ghost.description, ghost.hwid = "ttyS5", "n/a"
    return [usb, ghost]

list_ports.comports = comports
from pos_doctor.cli.main import run
sys.argv[0] = "pos-doctor"
run()
"""


def test_ports_listing_of_a_held_usb_adapter_and_a_phantom(tmp_path):
    import os

    import pytest

    if not hasattr(os, "openpty"):
        pytest.skip("needs a pty to stand for the adapter")
    master, slave = os.openpty()
    device = os.ttyname(slave)
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), NO_COLOR="1", COLUMNS="200")

    def ports(*args):
        return subprocess.run([sys.executable, "-c", FAKE_COMPORTS, device, "ports", *args], capture_output=True,
                              text=True, encoding="utf-8", env=env, timeout=60)

    try:
        holder = f"(pid {os.getpid()})"  # this test holds the adapter open
        p = ports("--json")
        assert p.returncode == 0, p.stderr
        assert [{**row, "holder": row["holder"] and row["holder"].endswith(holder)} for row in json.loads(p.stdout)["serial"]] == [
            {"device": device, "description": "FT232R USB UART", "vid_pid": "0403:6001", "serial_number": "A10K",
             "hwid": "USB VID:PID=0403:6001 SER=A10K", "phantom": False, "holder": True}]
        every = json.loads(ports("--json", "--all").stdout)["serial"]
        assert [(r["device"], r["phantom"], r["holder"]) for r in every][1] == ("/dev/ttyS5", True, None)
        en = ports("--all", "--lang", "en").stdout.splitlines()
        assert en[0].split() == ["PORT", "DESCRIPTION", "VID:PID", "HELD", "BY"]
        assert en[1].split()[:5] == [device, "FT232R", "USB", "UART", "0403:6001"] and en[1].endswith(holder)
        assert en[2].split() == ["/dev/ttyS5", "ttyS5", "(phantom)", "-", "-"]
        zh = ports("--all", "--lang", "zh").stdout.splitlines()
        assert zh[0].split() == ["端口", "说明", "VID:PID", "占用者"] and zh[2].split() == ["/dev/ttyS5", "ttyS5（无硬件）", "-", "-"]
    finally:
        os.close(master)
        os.close(slave)
