"""`pos-doctor simulate` as a real subprocess: ports printed at once, usable, SIGTERM ends it with 0."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading

import pytest
import serial

from pos_doctor.protocols.zvt.framing import ACK, encode_frame

EXE = [sys.executable, "-m", "pos_doctor"]
ENV = {**os.environ, "POS_DOCTOR_LANG": "en"}


def start(*args):
    return subprocess.Popen(EXE + ["simulate", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=ENV)


def readline(proc, timeout=10.0) -> str:
    box = []
    t = threading.Thread(target=lambda: box.append(proc.stdout.readline()))
    t.start()
    t.join(timeout)
    if not box:
        proc.kill()
        raise AssertionError("simulate printed nothing")
    return box[0]


def stop(proc) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=10)
    return proc.returncode, err


@pytest.mark.skipif(sys.platform == "win32", reason="ptys are POSIX")
def test_ports_printed_usable_and_sigterm_exits_0():
    proc = start("--scenario", "paper-out")
    terminal = readline(proc)
    printer = readline(proc)
    assert terminal.startswith("terminal: /dev/") and printer.startswith("printer: /dev/")
    with serial.Serial(printer.split(": ", 1)[1].strip(), 9600, timeout=2) as p:
        p.write(bytes([0x10, 0x04, 0x04]))
        assert p.read(1) == b"\x7e"
    with serial.Serial(terminal.split(": ", 1)[1].strip(), 9600, timeout=2) as t:
        t.write(encode_frame(bytes.fromhex("050103000000")))
        assert t.read(1) == bytes([ACK])
    code, err = stop(proc)
    assert code == 0
    assert "terminal: command 05 01" in err


def test_json_over_tcp_zvt_framing():
    proc = start("--link", "tcp", "--tcp-framing", "zvt", "--json", "--scenario", "healthy")
    doc = json.loads(readline(proc))
    assert doc["scenario"] == "healthy" and doc["terminal_transport"] == "tcp"
    with serial.serial_for_url(doc["terminal"], timeout=2) as t:
        t.write(bytes.fromhex("050103000000"))
        assert t.read(3) == bytes.fromhex("800000")  # no ACK byte on ZVT-over-TCP
    assert stop(proc)[0] == 0


def test_list_in_chinese():
    out = subprocess.run(EXE + ["simulate", "--list", "--lang", "zh"], capture_output=True, text=True, env=ENV)
    assert out.returncode == 0
    assert "paper-out" in out.stdout and "缺纸" in out.stdout


def test_bad_scenario_name_exit_3_lists_names():
    out = subprocess.run(EXE + ["simulate", "--scenario", "nope"], capture_output=True, text=True, env=ENV,
                         timeout=30)
    assert out.returncode == 3
    assert "no scenario named 'nope'; available: busy-updating" in out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr


def test_invalid_scenario_file_exit_3_with_line(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("spec: 1\nname: bad\ndescription: {en: a, zh: b}\nprinter:\n  papr: out\n")
    out = subprocess.run(EXE + ["simulate", "--scenario", str(f)], capture_output=True, text=True, env=ENV,
                         timeout=30)
    assert out.returncode == 3
    assert f"{f}:5:3 (at printer.papr): unknown key 'papr'; did you mean 'paper'?" in out.stdout + out.stderr
