"""Printers whose replies are not the answers to the queries (issue 26): a flood of status bytes, more bytes than
asked, bytes without the fixed bits of a DLE EOT reply. Each is "not understood", never "printer ready".

The printers are real ptys, written from the Epson reference (a DLE EOT reply is 0xx1xx10), not from the package.
"""

from __future__ import annotations

import json
import os
import select
import threading
import time
import tty

import pytest

from tests.robustness.test_bad_input import cli

pytestmark = [pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys"), pytest.mark.timeout(120)]


class HostilePrinter:
    """flood: 0x12 ("healthy") bytes without end, asked or not; double: two bytes for every query;
    no-form: 0x00 for every query; healthy: one 0x12 per query (the control)."""

    def __init__(self, behaviour: str):
        self.behaviour = behaviour
        self.master, slave = os.openpty()
        tty.setraw(self.master)
        tty.setraw(slave)
        self.path, self._slave = os.ttyname(slave), slave
        self.stop = threading.Event()
        self.queries = 0
        self.thread = threading.Thread(target=self._serve, daemon=True, name=f"hostile printer {behaviour}")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(3)
        os.close(self.master)
        os.close(self._slave)

    def _write(self, data: bytes) -> None:
        try:
            os.write(self.master, data)
        except OSError:
            pass

    def _serve(self) -> None:
        buf = bytearray()
        while not self.stop.is_set():
            r, _, _ = select.select([self.master], [], [], 0.002 if self.behaviour == "flood" else 0.05)
            if r:
                try:
                    buf += os.read(self.master, 256)
                except OSError:
                    return
            while (i := buf.find(b"\x10\x04")) >= 0 and len(buf) >= i + 3:
                del buf[: i + 3]
                self.queries += 1
                if self.behaviour == "double":
                    self._write(b"\x12\x12")
                elif self.behaviour == "no-form":
                    self._write(b"\x00")
                elif self.behaviour == "healthy":
                    self._write(b"\x12")
            if self.behaviour == "flood":
                self._write(b"\x12" * 8)
                time.sleep(0.001)


def _printer_check(printer, home):
    run = cli(["check", "--printer", printer.path, "--json", "--timeout", "5"], home, timeout=60)
    assert run.code is not None and "Traceback" not in run.err, run
    doc = json.loads(run.out)
    return run, {c["id"]: c for c in doc["checks"]}


@pytest.mark.parametrize("behaviour", ["flood", "double", "no-form"])
def test_a_reply_that_is_not_the_answer_is_not_ready(behaviour, tmp_path):
    with HostilePrinter(behaviour) as p:
        run, checks = _printer_check(p, tmp_path)
        assert p.queries >= 1, "the printer was never asked: the test proves nothing"
    receipt = checks["printer.receipt"]
    assert receipt["status"] == "unknown", receipt
    assert receipt["observed"] == "not understood"
    assert run.code != 0


def test_the_control_printer_is_ready(tmp_path):
    with HostilePrinter("healthy") as p:
        _, checks = _printer_check(p, tmp_path)
    assert checks["printer.receipt"]["status"] == "ok" and checks["printer.receipt"]["observed"] == "ready"
