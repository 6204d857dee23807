"""Patterns a run does not use are not compiled (pos_doctor/lazyre.py, issue 27): a `fix` walk that reads no
customer time compiles none of the time parser's patterns, and a walk whose English texts tell staff to move no money
compiles none of the English orders' whole patterns (payments/money_phrases.py). Held in a real process running the
command, by what the process compiled, not by timings."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from pos_doctor import lazyre
from pos_doctor.payments import customer_time
from pos_doctor.resources import shipped_playbooks_dir

PROBE = r"""
import json, sys
from pos_doctor.cli.fast import run
try:
    run()
except SystemExit:
    pass
from pos_doctor.lazyre import Lazy
seen = {}
for name in ("pos_doctor.payments.customer_time", "pos_doctor.payments.money_phrases"):
    mod = sys.modules.get(name)
    if mod is not None:
        held = {k: v for k, v in vars(mod).items() if isinstance(v, Lazy)}
        seen[name] = {"held": len(held), "compiled": sorted(k for k, v in held.items() if v._rx is not None)}
if "pos_doctor.payments.money_phrases" in sys.modules:
    mp = sys.modules["pos_doctor.payments.money_phrases"]
    seen["english orders"] = [whole.pattern for _, _, whole in mp._EN if whole._rx is not None]
    seen["english entries"] = sum(entry._rx is not None for _, entry, _ in mp._EN)
sys.stderr.write("\nPROBE " + json.dumps(seen) + "\n")
"""


def _probe(tmp_path, *args) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), NO_COLOR="1",
               POS_DOCTOR_LANG="en", CI="1")
    p = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, encoding="utf-8",
                       env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, timeout=180)
    assert "Traceback" not in p.stderr, p.stderr[-3000:]
    line = [s for s in p.stderr.splitlines() if s.startswith("PROBE ")]
    assert line, p.stderr[-3000:]
    return {"code": p.returncode, "doc": json.loads(p.stdout), **json.loads(line[-1][len("PROBE "):])}


def test_a_printer_walk_compiles_no_time_pattern_and_no_english_order(tmp_path):
    # a technician's copy of the playbook with one English text changed: the shipped texts' money words are answered
    # from playbooks/money_static.py (tests/cli/test_deferred_imports.py), a text of one's own is matched in full
    own = tmp_path / "own"
    own.mkdir()
    text = (shipped_playbooks_dir() / "printer-paper.yaml").read_text(encoding="utf-8")
    assert text.count('{en: "Telling the printer to continue."') == 1
    changed = text.replace('{en: "Telling the printer to continue."', '{en: "Telling the printer to go on."')
    (own / "printer-paper.yaml").write_text(changed, encoding="utf-8")
    seen = _probe(tmp_path, "fix", "printer-paper", "--simulate", "paper-out", "--yes", "--json", "--no-record",
                  "--playbooks", str(own))
    assert seen["doc"]["kind"] == "fix" and seen["doc"]["playbook"]["id"] == "printer-paper"
    # both modules were imported and the playbook's texts were read for money orders: the absences below are the
    # deferral's, not a run that never got there
    assert seen["pos_doctor.payments.customer_time"] == {"held": 12, "compiled": []}
    assert "_SENTENCE" in seen["pos_doctor.payments.money_phrases"]["compiled"]
    assert seen["english entries"] == 24 and seen["english orders"] == []


def test_a_pattern_is_compiled_on_its_first_use():
    holder = customer_time._AGO_EN
    assert isinstance(holder, lazyre.Lazy)
    when = customer_time.parse_customer_time("about ten minutes ago")
    assert when is not None and holder in lazyre.compiled()
    assert holder.compile() is holder.compile()  # once
