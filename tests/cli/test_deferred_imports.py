"""What a command does not need, it does not import (issue 28: the suite is CPU-bound, and most of a CLI run is its
start-up). Held by what the process imported, not by timings: one real run per command path, and the packages whose
`__init__` used to pull their heavy modules in."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from pos_doctor.playbooks import loader
from tests.cli.test_fix import at_run_time, card

# the command's own output, then the modules the run imported
PROBE = r"""
import contextlib, io, json, sys
from pos_doctor.cli.main import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _run(tmp_path, *args) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), NO_COLOR="1",
               POS_DOCTOR_LANG="en", CI="1")
    p = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, encoding="utf-8",
                       env=env, cwd=tmp_path, stdin=subprocess.DEVNULL, timeout=120)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout.splitlines()[-1])


def _ours(modules: list[str], *packages: str) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)]


def test_check_json_reads_no_xml_writer_and_no_payment_or_playbook_module(tmp_path):
    got = _run(tmp_path, "check", "--simulate", "healthy", "--json", "--no-record", "--baud", "115200",
               "--printer-baud", "115200")
    assert (got["code"], json.loads(got["out"])["status"]) == (0, "ok")
    # the JUnit writer's escaping (xml.sax.saxutils) pulls in urllib.request: only `--format junit` needs it
    assert _ours(got["modules"], "xml.sax", "urllib.request") == []
    assert _ours(got["modules"], "pos_doctor.payments", "pos_doctor.playbooks") == []


def test_check_all_good_reads_the_journal_without_the_walk_engine(tmp_path):
    got = _run(tmp_path, "check", "--simulate", "healthy", "--no-record", "--baud", "115200",
               "--printer-baud", "115200")
    assert got["code"] == 0, got["out"]
    # the all-good path asked the terminal's records for two equal payments (cli/check.py same_amount_twice) ...
    assert {"pos_doctor.playbooks.actions", "pos_doctor.payments.classify", "pos_doctor.payments.evidence"} <= set(
        got["modules"])
    # ... through the actions alone: no walk, no loader, no money guard, no QR settlement
    assert _ours(got["modules"], "pos_doctor.playbooks.engine", "pos_doctor.playbooks.loader",
                 "pos_doctor.playbooks.money_steps", "pos_doctor.payments.guard", "pos_doctor.payments.qr",
                 "pos_doctor.payments.binding") == []


LAZY = r"""
import json, sys
import pos_doctor.payments.customer_time, pos_doctor.playbooks.saved
print(json.dumps(sorted(sys.modules)))
"""


def test_one_submodule_does_not_import_its_package_s_heavy_modules():
    p = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    modules = json.loads(p.stdout)
    assert "pos_doctor.payments.customer_time" in modules and "pos_doctor.playbooks.saved" in modules
    assert _ours(modules, "pos_doctor.payments.reconcile", "pos_doctor.payments.sentences",
                 "pos_doctor.playbooks.loader") == []


def test_the_packages_public_names_are_still_there():
    import pos_doctor.payments as payments
    import pos_doctor.payments.reconcile  # noqa: F401 - loaded: the package's `reconcile` stays the function
    import pos_doctor.playbooks as playbooks

    module = sys.modules["pos_doctor.payments.reconcile"]
    assert {name: getattr(payments, name) for name in payments.__all__} == {
        name: getattr(module, name) for name in payments.__all__}
    assert payments.reconcile is module.reconcile and callable(payments.reconcile)
    from pos_doctor.payments import reconcile

    assert reconcile is module.reconcile
    assert playbooks.load_playbook is loader.load_playbook
    for package in (payments, playbooks):
        try:
            package.no_such_name  # noqa: B018
        except AttributeError as exc:
            assert str(exc) == f"module {package.__name__!r} has no attribute 'no_such_name'"
        else:
            raise AssertionError(f"{package.__name__}.no_such_name")


WALK = r"""
import contextlib, io, json, sys
from pos_doctor.cli.main import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
from pos_doctor.payments import money_phrases as mp
compiled = [rx.pattern for rx in (*(x for _, x in mp._ZH + mp._DE), *(x for _, v, w in mp._EN for x in (v, w)))
            if rx._rx is not None]
print(json.dumps({"code": code, "out": out.getvalue(), "compiled": compiled}))
"""


def test_a_money_walk_checks_its_playbooks_money_words_without_compiling_the_phrase_list(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in at_run_time(card("12.50")).items()),
                       encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), NO_COLOR="1",
               POS_DOCTOR_LANG="en", CI="1")
    p = subprocess.run([sys.executable, "-c", WALK, "fix", "dropped-transaction", "--simulate", "dropped-transaction",
                        "--yes", "--json", "--no-record", "--baud", "115200", "--printer-baud", "115200",
                        "--answers", str(answers)], capture_output=True, text=True, encoding="utf-8", env=env,
                       cwd=tmp_path, stdin=subprocess.DEVNULL, timeout=120)
    got = json.loads(p.stdout.splitlines()[-1])
    doc = json.loads(got["out"])
    # the walk read its playbooks (and the money-word check ran on each: playbooks/money_index.py answered it)
    assert (got["code"], doc["outcome"], doc["payment"]["verdict"]) == (0, "resolved", "charged"), p.stderr
    assert got["compiled"] == []
