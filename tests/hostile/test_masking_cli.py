"""The CLI end to end: a terminal that reports card and phone numbers in its model, serial number
and card name (each written with other separators), through every output path - check and fix on screen (en, zh)
and as JSON, the --trace file, the history database, history, md/html/json reports and the simulator's log.
The oracle is test_masking's windowed one."""

from __future__ import annotations

import sys

import pytest
from pos_doctor.privacy import luhn_ok
from tests.hostile.test_masking import assert_masked
from tests.robustness.test_bad_input import cli

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="simulator on ptys"), pytest.mark.timeout(900)]

def _sep(number: str, sep: str, size: int = 4) -> str:
    return sep.join(number[i:i + size] for i in range(0, len(number), size))


CASES = [  # (card number, phone, separator in the card's texts, separator in the phone) - Luhn-valid, varied digits
    ("4929135792468013", "13912345678", ".", "."),
    ("6258070123456781", "18676543210", "  ", "-"),
    ("378282246310005", "15011223344", "/", " "),
    ("5500005555555559", "13698765432", "_", "/"),
]


@pytest.mark.parametrize("pan,phone,sep1,sep2", CASES)
def test_every_output_path(tmp_path_factory, pan, phone, sep1, sep2):
    assert luhn_ok(pan)
    home = tmp_path_factory.mktemp("cli")
    card_text = _sep(pan, sep1)[:30]
    if len(card_text.replace(sep1, "") if sep1 else card_text) < len(pan):
        card_text = pan
    tel_text = f"{phone[:3]}{sep2}{phone[3:7]}{sep2}{phone[7:]}"
    (home / "leaky.yaml").write_text(
        "spec: 1\nname: leaky\ndescription: {en: leaky, zh: 泄露}\nterminal:\n"
        # the phone goes into the model (free text); the software version is a field whose meaning is known and is
        # never masked (issue 26), so it carries a real version
        f"  model: 'M {tel_text}'\n  software_version: 'GER-APP-v2.0.9'\n  serial_number: 'S {card_text}'\n"
        f"  last_transaction:\n    card_name: 'VISA {card_text}'\n    pan: '{pan[:19] if len(pan) >= 12 else pan}'\n",
        encoding="utf-8")
    from datetime import datetime

    # answered up to the reconciliation, so the walk reads the terminal's records (and their card name)
    (home / "answers.yaml").write_text(f"card-or-qr: card\nrecord-customer-amount: '12.50'\n"
                                       f"record-customer-time: '{datetime.now():%H:%M}'\n", encoding="utf-8")
    outputs = {}
    for lang in ("en", "zh"):
        for fmt in ([], ["--json"]):
            r = cli(["check", "--simulate", "./leaky.yaml", "--only", "terminal,software", "--lang", lang, *fmt,
                     "--trace", f"trace-{lang}{len(fmt)}.txt"], home, timeout=120)
            assert r.code is not None, r
            outputs[f"check {lang} {fmt}"] = r.out + r.err
            outputs[f"trace {lang} {fmt}"] = (home / f"trace-{lang}{len(fmt)}.txt").read_text(encoding="utf-8")
            r = cli(["fix", "dropped-transaction", "--simulate", "./leaky.yaml", "--yes", "--answers", "answers.yaml",
                     "--lang", lang, *fmt], home,
                    timeout=120)
            assert r.code is not None, r
            outputs[f"fix {lang} {fmt}"] = r.out + r.err
    hist = cli(["history", "--json"], home, timeout=60)
    outputs["history json"] = hist.out
    outputs["history"] = cli(["history"], home, timeout=60).out
    for run_id in ("1", "2"):
        for fmt in ("md", "html", "json"):
            outputs[f"report {run_id} {fmt}"] = cli(["report", run_id, "--format", fmt], home, timeout=60).out
    assert "Error" not in outputs["check en []"], outputs["check en []"]
    assert "(model M " in outputs["check en []"], "the screen shows the terminal's model: the path is exercised"
    db = home / "data" / "history.db"
    outputs["database"] = db.read_bytes().decode("utf-8", "replace")
    assert "VISA" in outputs["fix en ['--json']"] and "history" not in outputs["history json"][:0]
    for where, text in outputs.items():
        assert text, f"{where}: no output at all - the test would prove nothing"
        assert_masked(pan, text, where)
        assert_masked(phone, text, where)


def test_simulator_log_is_masked(tmp_path):
    import subprocess
    import time

    pan = "4929135792468013"  # Luhn-valid, varied digits
    (tmp_path / "leaky.yaml").write_text(
        "spec: 1\nname: leaky\ndescription: {en: leaky, zh: 泄露}\nterminal:\n"
        f"  last_transaction:\n    card_name: 'VISA {pan[:4]}.{pan[4:8]}.{pan[8:12]}.{pan[12:]}'\n", encoding="utf-8")
    sim = subprocess.Popen([sys.executable, "-m", "pos_doctor", "simulate", "--scenario", "./leaky.yaml", "--json"],
                           cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        import json

        ports = json.loads(sim.stdout.readline())
        r = cli(["fix", "dropped-transaction", "--terminal", ports["terminal"], "--printer", ports["printer"], "--yes",
                 "--no-record"], tmp_path, timeout=120)
        assert r.code is not None
        time.sleep(0.5)
    finally:
        sim.terminate()
        _, log = sim.communicate(timeout=10)
    assert log, "the simulator logged nothing: the test proves nothing"
    assert_masked(pan, log, "simulator log")
