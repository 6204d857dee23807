"""Mutation run for developers (not part of CI): does the suite notice small deliberate bugs?

Uses mutmut (a maintained mutation tool from PyPI: `pip install mutmut`, 3.x). Each target module is mutated in a
scratch copy of the repository under `.mutation/<target>/` with only the tests that cover it, one target at a time,
so a run stays within a few minutes on a shared machine:

    nice -n 19 .venv/bin/python tools/mutation.py                 # every target, one after another
    nice -n 19 .venv/bin/python tools/mutation.py escpos-status   # one target
    nice -n 19 .venv/bin/python tools/mutation.py --timebox 900 playbook-loader   # at most 15 minutes
    .venv/bin/python tools/mutation.py --list                     # the targets and their test selections

It prints killed / survived / other per target and the surviving mutants as diffs (`mutmut show` in the scratch
directory shows any one again).

`--in-process` checks the mutants without mutmut's one-pytest-per-mutant runs (seconds of start-up and collection
each, about one mutant a minute on a loaded machine): one pytest process collects the target's tests once, runs each
test once with mutmut's recorder on (which test calls which mutated function), then switches the mutants on one after
another (mutmut's `MUTANT_UNDER_TEST`) and runs only the tests that call the mutated function, until one fails. A kill
is confirmed by running the failing test again with no mutant (if it fails then, the process is restarted and the
mutant run again in a fresh one); a mutant that outlives its budget (ten times its tests' clean time, plus 30 s) is
stopped and counted as a timeout, as mutmut does. Survivors, mutants no test reaches, and the mutants of functions
that run at import (a table built when the module loads: switched on only after the import in one process) are
checked again each in a fresh pytest process with the mutant switched on before the import. The verdicts are kept in
`.mutation/<target>.in_process.json` with a hash of each mutant's code, so `--again` re-runs only the mutants not
killed, and survives new tests and changes to other functions of the module:

    nice -n 19 .venv/bin/python tools/mutation.py --in-process payments-model
    nice -n 19 .venv/bin/python tools/mutation.py --in-process --again payments-model    # after adding tests

Equivalent mutants (no behaviour can tell them apart) are listed with their reason in
docs/design.md, "Mutation testing"; a survivor not listed there is a gap in the tests.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".mutation"

# target -> (module to mutate, the tests that cover it: fast, in-process ones; no CLI subprocesses, which would not
# see the mutant and cost seconds per mutant)
RECONCILE_TESTS = ["tests/payments/test_reconcile.py", "tests/payments/test_reconcile_rules.py",
                   "tests/payments/test_reconcile_details.py"]
PRIVACY_TESTS = ["tests/test_privacy.py", "tests/test_privacy_edges.py", "tests/records/test_parsers.py",
                 "tests/hostile/test_masking.py", "-k", "not database"]
REPORT_TESTS = ["tests/records/test_report_details.py", "tests/records/test_report_details_md.py",
                "tests/records/test_report_details_html.py",
                "tests/records/test_provider.py",
                "tests/records/test_contacts.py", "tests/records/test_runs_in_any_language.py",
                "tests/records/test_privacy_paths.py",
                "-k", "not (recorded_en or scrub_run or said_again_in_german or names_its_language "
                      "or history_in or screen_in_german or walk_in_german)"]
TARGETS: dict[str, tuple[str, list[str]]] = {
    "escpos-status": ("pos_doctor/protocols/escpos/status.py", ["tests/protocols/escpos/test_status.py"]),
    "zvt-framing": ("pos_doctor/protocols/zvt/framing.py", ["tests/protocols/zvt/test_framing.py"]),
    "zvt-apdu": ("pos_doctor/protocols/zvt/apdu.py",
                 ["tests/protocols/zvt/test_framing.py", "tests/protocols/zvt/test_commands_messages.py"]),
    # test_as_sent.py: the card number and texts as the terminal sent them (pan_as_sent, tlv_text); its two cases
    # over a pty (a terminal thread on a real pty) are left out
    "zvt-bmp": ("pos_doctor/protocols/zvt/bmp.py",
                ["tests/protocols/zvt/test_tlv_bmp.py", "tests/protocols/zvt/test_commands_messages.py",
                 "tests/protocols/zvt/test_as_sent.py", "-k", "not over_pty"]),
    "zvt-tlv": ("pos_doctor/protocols/zvt/tlv.py",
                ["tests/protocols/zvt/test_tlv_bmp.py", "tests/protocols/zvt/test_commands_messages.py",
                 "tests/protocols/zvt/test_as_sent.py", "-k", "not over_pty"]),
    # privacy.py is the one masking entry point, pos_doctor/masking/ how a run is read (split from privacy.py); the
    # old-oracle properties of tests/test_privacy_linear.py (hypothesis, ~30 s per surviving mutant) are left out
    "privacy": ("pos_doctor/privacy.py", PRIVACY_TESTS),
    "masking-numbers": ("pos_doctor/masking/numbers.py", PRIVACY_TESTS),
    "masking-runs": ("pos_doctor/masking/runs.py", PRIVACY_TESTS),
    # a dump's reading shares the full reading's (dp's base shortcut): its oracle is the property that holds the two
    # equal (about 8 s per surviving mutant)
    "masking-reading": ("pos_doctor/masking/reading.py",
                        [*PRIVACY_TESTS[:-2], "tests/test_privacy_linear.py",
                         "-k", "not database and (not linear or shares_the_full_reading)"]),
    "playbook-loader": ("pos_doctor/playbooks/loader.py",
                        ["tests/playbooks/test_loader.py", "tests/playbooks/test_loader_details.py",
                         "tests/playbooks/test_money.py",
                         "-k", "not cli and not mutated_playbooks and not schema and not what_validate_accepts"]),
    # test_money.py's property test (150 generated playbooks, 3 s) is the validator's soundness: left out here
    "playbook-engine": ("pos_doctor/playbooks/engine.py",
                        ["tests/playbooks/test_engine.py", "tests/playbooks/test_engine_details.py",
                         "tests/playbooks/test_money.py", "-k", "not what_validate_accepts"]),
    # issue 28's list: the money, the verdicts and the records (the suite's hypothesis tests make some of these slow
    # per surviving mutant: run them one at a time with --timebox, and --again after adding tests)
    # the hypothesis properties (10-60 s each per mutant on a loaded machine) are left out of the money selections:
    # the rate measured is what the example tests alone catch, a lower bound
    # reconcile.py was split: classify.py (the records against the evidence), rules.py (the decision table),
    # sentences.py (the reasons), verdicts.py (the verdict and its words); guard.py is the walk-time money guard
    **{f"payments-{name}": (f"pos_doctor/payments/{name}.py",
                            [*RECONCILE_TESTS, "tests/payments/test_sentences.py", "tests/payments/test_evidence.py",
                             "tests/payments/test_read_journal.py", "-k", "not property"])
       for name in ("reconcile", "classify", "rules", "sentences", "verdicts")},
    "payments-guard": ("pos_doctor/payments/guard.py",
                       ["tests/payments/test_guard.py", "tests/payments/test_guard_details.py",
                        "tests/playbooks/test_money.py",
                        "-k", "not what_validate_accepts"]),
    "payments-identity": ("pos_doctor/payments/identity.py",
                          [*RECONCILE_TESTS,
                           "tests/payments/test_identity.py", "-k", "not property"]),
    # the model's own exact tests first: --in-process runs a mutant's tests in this order until one fails
    "payments-model": ("pos_doctor/payments/model.py",
                       ["tests/payments/test_model_details.py", *RECONCILE_TESTS,
                        "tests/payments/test_evidence.py", "tests/payments/test_identity.py",
                        "tests/payments/test_receipts.py", "tests/payments/test_receipts_details.py",
                        "tests/payments/test_messages_de.py",
                        "tests/payments/test_german_input.py",
                        "-k", "not property and (not german_input or card or last_four)"]),
    "payments-binding": ("pos_doctor/payments/binding.py",
                         ["tests/playbooks/test_money.py", "tests/payments/test_binding.py",
                          "-k", "not what_validate_accepts"]),
    "payments-money-phrases": ("pos_doctor/payments/money_phrases.py",
                               ["tests/payments/test_money_phrases.py", "tests/payments/test_money_phrases_de.py",
                                "tests/payments/test_money_phrases_prefilter.py",
                                "tests/payments/test_money_phrases_details.py"]),
    "payments-evidence": ("pos_doctor/payments/evidence.py",
                          ["tests/payments/test_evidence.py", "tests/payments/test_read_journal.py"]),
    "payments-receipts": ("pos_doctor/payments/receipts.py",
                          ["tests/payments/test_receipts.py", "tests/payments/test_receipts_details.py",
                           "tests/payments/test_receipt_phrases_prefilter.py", "tests/payments/test_evidence.py",
                           "tests/payments/test_read_journal.py", "-k", "not property"]),
    "payments-customer-input": ("pos_doctor/payments/customer_input.py",
                                ["tests/payments/test_reconcile.py", "tests/i18n/test_fullwidth_input.py",
                                 "tests/payments/test_customer_input_details.py",
                                 "-k", "parse or fullwidth or details"]),
    "payments-answer-words": ("pos_doctor/payments/answer_words.py", ["tests/payments/test_answer_words.py"]),
    "payments-statement-words": ("pos_doctor/payments/statement_words.py", ["tests/payments/test_statement_words.py"]),
    "payments-customer-time": ("pos_doctor/payments/customer_time.py",
                               ["tests/payments/test_time_estimates.py", "tests/payments/test_midnight.py",
                                "tests/payments/test_one_parser.py", "tests/payments/test_reconcile.py",
                                "tests/i18n/test_fullwidth_input.py", "tests/payments/test_customer_time_details.py",
                                "-k", "not property"]),
    "payments-typed": ("pos_doctor/payments/typed.py",
                       ["tests/payments/test_typed.py", "tests/payments/test_typed_words.py", "-k", "not property"]),
    "payments-qr": ("pos_doctor/payments/qr.py",
                    ["tests/payments/test_qr.py", "-k", "not property"]),
    "checks-observe": ("pos_doctor/checks/observe.py",
                       ["tests/checks/test_observe.py", "tests/checks/test_thresholds.py",
                        "tests/checks/test_devices.py"]),
    "checks-model": ("pos_doctor/checks/model.py",
                     ["tests/checks/test_model.py", "tests/checks/test_runner.py", "tests/checks/test_render.py",
                      "tests/checks/test_devices.py"]),
    # the store's own tests first (test_store_details.py: every column, filter, count, the retention and the real
    # failures in process); the kill and two-writer cases run subprocesses a mutant does not reach, and the
    # recorder's pruning every hundred runs, the masking properties and the CLI cases are other modules' tests
    "records-store": ("pos_doctor/records/store.py",
                      ["tests/records/test_store_details.py", "tests/records/test_store_errors.py",
                       "tests/records/test_store.py", "tests/records/test_history_scale.py",
                       "tests/hostile/test_records.py",
                       "-k", "not (sigkill or two_writers or prunes_every_hundred or not_a_database or empty_file "
                             "or read_only or unreadable or locked_database_spools or full_disk or log_in_a_folder "
                             "or prune_cli or under_3_kb)"]),
    # split from store.py: the schema's migrations (module-level SQL text: mutmut mutates only functions) and the
    # document's packing (zlib with a preset dictionary)
    **{f"records-{name}": (f"pos_doctor/records/{name}.py",
                           ["tests/records/test_store_details.py", "tests/records/test_store.py",
                            "tests/records/test_history_scale.py",
                            "-k", "not (sigkill or two_writers or prunes_every_hundred or prune_cli or under_3_kb)"])
       for name in ("migrations", "packing")},
    # the report package is also tested through `pos-doctor report` subprocesses, which mutmut's mutants do not
    # reach: test_report_details.py renders whole pages in process (the subprocess cases are deselected)
    "records-report": ("pos_doctor/records/report/*", REPORT_TESTS),
    # the same, one module at a time (the package's 2645 mutants in parts that fit a time box)
    **{f"records-report-{name.replace('__init__', 'init')}": (f"pos_doctor/records/report/{name}.py",
                                                              REPORT_TESTS)
       for name in ("__init__", "html", "markdown", "words")},
    "zvt-session": ("pos_doctor/protocols/zvt/session.py",
                    ["tests/protocols/zvt/test_session.py", "tests/protocols/zvt/test_as_sent.py",
                     "tests/protocols/zvt/test_allowlist.py", "tests/protocols/zvt/test_turnover_command.py",
                     "tests/protocols/zvt/test_session_details.py",
                     "tests/hostile/test_deadlines.py", "-k", "not (check_ends or fix_ends or real_time)"]),
}


def _mutmut() -> str:
    exe = Path(sys.executable).with_name("mutmut")
    if not exe.exists():
        sys.exit("mutmut is not installed in this environment: pip install 'mutmut>=3.8'")
    return str(exe)


def prepare(target: str, again: bool = False) -> Path:
    """A scratch copy for one target; `again`: keep the earlier run's mutants and results, take the tests anew."""
    module, tests = TARGETS[target]
    work = WORK / target
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    if again:
        shutil.rmtree(work / "tests")
        shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
        shutil.rmtree(work / "mutants" / "tests", ignore_errors=True)
        shutil.copytree(ROOT / "tests", work / "mutants" / "tests", ignore=ignore)
        # the code as it is now: mutmut copies every module it does not mutate on each run, and re-generates the
        # mutants of a mutated module whose file is newer than its mutants, keeping the verdicts of the functions
        # whose text did not change (the others are run again)
        for sub in ("pos_doctor", "playbooks"):
            shutil.copytree(ROOT / sub, work / sub, ignore=ignore, dirs_exist_ok=True, copy_function=shutil.copyfile)
        _configure(work, module, tests)
        return work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copytree(ROOT / "pos_doctor", work / "pos_doctor", ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
    shutil.copytree(ROOT / "playbooks", work / "playbooks", ignore=ignore)  # the shipped playbooks, as in a checkout
    _configure(work, module, tests)
    return work


def _configure(work: Path, module: str, tests: list[str]) -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    # in one process: mutmut switches a mutant on inside the pytest it runs (the suite's xdist workers would not see it)
    text = re.sub(r" -n [^\s\"]+| --dist [^\s\"]+", "", text)
    quoted = ", ".join(f'"{t}"' for t in tests)
    text += (f'\n[tool.mutmut]\nsource_paths = ["pos_doctor"]\nonly_mutate = ["{module}"]\n'
             f'pytest_add_cli_args_test_selection = [{quoted}]\n'
             # hypothesis: a fixed seed and no example database, so a mutant is judged the same way every time
             f'pytest_add_cli_args = ["-p", "no:randomly", "-q", "--hypothesis-seed=0", "-x"]\n'
             f'also_copy = ["playbooks"]\nuse_git_change_detection = false\n')
    (work / "pyproject.toml").write_text(text, encoding="utf-8")


def _module_changed(target: str) -> bool:
    """The module's text differs from the one the earlier run mutated (its scratch copy)."""
    pattern = TARGETS[target][0]
    here = {p.relative_to(ROOT): p.read_bytes() for p in ROOT.glob(pattern) if p.suffix == ".py"}
    there = {p.relative_to(WORK / target): p.read_bytes() for p in (WORK / target).glob(pattern) if p.suffix == ".py"}
    return here != there


def _mutmut_run(work: Path, env: dict, max_children: int, names: list[str], deadline: float | None) -> None:
    if deadline is not None and deadline - time.monotonic() < 30:  # too little time left to start mutmut
        return
    proc = subprocess.Popen([_mutmut(), "run", "--max-children", str(max_children), *names], cwd=work, env=env,
                            stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=None if deadline is None else max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:  # time-boxed: stop mutmut and its workers, report what was checked
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()


def _diffs(work: Path, names: list[str]) -> dict[str, str]:
    """Each mutant's changed lines against its original (what `mutmut show` prints, without one process per mutant:
    that takes seconds each on a loaded machine). Read from the mutated copies mutmut writes under mutants/."""
    out: dict[str, str] = {}
    by_module: dict[str, list[str]] = {}
    for name in names:
        module, _, func = name.rpartition(".")
        by_module.setdefault(module, []).append(func)
    for module, funcs in by_module.items():
        path = work / "mutants" / (module.replace(".", "/") + ".py")
        if not path.exists():  # a package's own mutants are named after the package (its __init__.py)
            path = work / "mutants" / module.replace(".", "/") / "__init__.py"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        lines_of = text.splitlines()
        wanted = set(funcs) | {f.rpartition("__mutmut_")[0] + "__mutmut_orig" for f in funcs}
        source = {node.name: "\n".join(lines_of[node.lineno - 1:node.end_lineno or node.lineno])
                  for node in ast.walk(ast.parse(text))
                  if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in wanted}
        for func in funcs:
            base = func.rpartition("__mutmut_")[0]
            mutant, orig = source.get(func), source.get(base + "__mutmut_orig")
            if mutant is None or orig is None:
                continue
            lines = difflib.unified_diff(orig.replace(base + "__mutmut_orig", base).splitlines(),
                                         mutant.replace(func, base).splitlines(), lineterm="", n=0)
            out[f"{module}.{func}"] = "\n".join(line for line in lines
                                                 if line[:1] in "+-" and line[:3] not in ("+++", "---"))
    return out


def _results(work: Path, env: dict) -> list[tuple[str, str]]:
    listing = subprocess.run([_mutmut(), "results", "--all", "true"], cwd=work, env=env, capture_output=True,
                             text=True, check=False).stdout
    return [(m.group(1), m.group(2).strip()) for line in listing.splitlines()
            if (m := re.match(r"\s*(\S+): (.+)$", line))]


def _verdicts(target: str) -> dict[str, str]:
    """Every mutant's last status over this target's runs (mutmut forgets a result when the tests change)."""
    path = WORK / target / "verdicts.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def run(target: str, max_children: int, timebox: float | None = None, again: bool = False) -> dict[str, int]:
    env = {**os.environ, "HYPOTHESIS_DATABASE": "none"}
    names: list[str] = []
    before: dict[str, str] = {}
    changed = False
    if again:  # the survivors of the last run first (few, and the new tests are for them), then the mutants never
        # run: those of functions that changed since (mutmut keeps the verdicts of the others) and those a time box
        # left unchecked; a killed mutant stays killed
        changed = _module_changed(target)
        before = {} if changed else (_verdicts(target) or dict(_results(WORK / target, env)))
    work = prepare(target, again)
    started = time.monotonic()
    deadline = None if timebox is None else started + timebox
    if again:
        earlier = {**dict(_results(work, env)), **before}
        names = [name for name, status in earlier.items() if status in ("survived", "no tests")]
        if names:
            _mutmut_run(work, env, max_children, names, deadline)
    if not again or changed or "not checked" in {**dict(_results(work, env)), **before}.values():
        _mutmut_run(work, env, max_children, [], deadline)
    now = dict(_results(work, env))
    verdicts = {**now, **{n: st for n, st in before.items() if now.get(n, "not checked") == "not checked"}}
    (work / "verdicts.json").write_text(json.dumps(verdicts, indent=0, sort_keys=True), encoding="utf-8")
    counts: dict[str, int] = {}
    survivors = []
    for name, status in verdicts.items():
        counts[status] = counts.get(status, 0) + 1
        if status == "survived":
            survivors.append(name)
    total = sum(n for status, n in counts.items() if status != "not checked")
    killed = counts.get("killed", 0) + counts.get("timeout", 0)  # a mutant that hangs is caught too
    rate = 100.0 * killed / total if total else 0.0
    print(f"{target}: {killed}/{total} killed ({rate:.1f} %), {counts} in {time.monotonic() - started:.0f} s"
          + (f" (time box: {counts['not checked']} mutants not checked)" if counts.get("not checked") else ""))
    diffs = _diffs(work, survivors)
    for name in survivors:
        print(f"--- survived: {name}\n{diffs.get(name, '(no diff: `mutmut show` in ' + str(work) + ')')}")
    sys.stdout.flush()
    return counts


# --- in process ---------------------------------------------------------------------------------------------------

_GENERATE = """
import os, sys
from pathlib import Path
from mutmut.__main__ import create_mutants
from mutmut.mutation.trampoline import set_mutant_under_test
from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir, setup_source_paths
set_mutant_under_test("mutant_generation")
Path("mutants").mkdir(exist_ok=True)
copy_src_dir(); copy_also_copy_files(); setup_source_paths()
create_mutants(1)
"""
_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(x\S*?__mutmut_\d+)\s*\(", re.M)


def _mutant_sources(work: Path, target: str) -> dict[str, str]:
    """Every mutant of the target, by mutmut's name, with its code and its original's (the key of its verdict)."""
    out: dict[str, str] = {}
    for path in sorted((work / "mutants").glob(TARGETS[target][0])):
        if path.suffix != ".py":
            continue
        rel = path.relative_to(work / "mutants").with_suffix("")
        module = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        source = {node.name: "\n".join(lines[node.lineno - 1:node.end_lineno or node.lineno])
                  for node in ast.walk(ast.parse(text)) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for func in _DEF.findall(text):
            orig = source.get(func.partition("__mutmut_")[0] + "__mutmut_orig", "")
            out[f"{module}.{func}"] = orig + "\n---\n" + source.get(func, "")
    return out


def _generate(target: str) -> Path:
    """A fresh scratch copy with its mutants (seconds: the verdicts are kept apart, by each mutant's code)."""
    work = prepare(target)
    subprocess.run([sys.executable, "-c", _GENERATE], cwd=work, check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "HYPOTHESIS_DATABASE": "none"})
    return work


def _child(out_fd: int, names_file: str, selection: list[str]) -> int:
    """The one pytest process: record which test calls which mutated function, then run the mutants.

    Reports one JSON line per event on `out_fd` (pytest captures stdout): {"import": [...]}, {"cover": {...}},
    {"start": name, "budget": s}, {"done": name, "status": ..., "by": nodeid}, {"poisoned": name}."""
    import functools
    import gc

    import mutmut.mutation.trampoline as trampoline
    import pytest
    from _pytest.runner import runtestprotocol

    sys.path.insert(0, os.getcwd())
    hits: set[str] = set()
    trampoline.record_trampoline_hit = lambda name, caller=None: hits.add(name)
    trampoline.set_mutant_under_test("stats")  # what runs while the tests are collected runs at import
    names = [n for n in Path(names_file).read_text(encoding="utf-8").split() if n]

    def emit(event: dict) -> None:
        os.write(out_fd, (json.dumps(event) + "\n").encode())

    caches: list = []

    def clear_caches() -> None:  # a mutant's result kept by a cache would be another mutant's
        if not caches:  # the product's caches, made at import
            caches.extend(obj for obj in gc.get_objects() if isinstance(obj, functools._lru_cache_wrapper)
                          and str(getattr(obj, "__module__", "")).startswith("pos_doctor"))
        for cache in caches:
            cache.cache_clear()

    def failed(item: pytest.Item) -> bool:
        return any(rep.failed for rep in runtestprotocol(item, nextitem=None, log=False))

    class Loop:
        @pytest.hookimpl(tryfirst=True)
        def pytest_runtestloop(self, session: pytest.Session) -> bool:
            import pos_doctor
            assert Path(pos_doctor.__file__).is_relative_to(Path.cwd()), pos_doctor.__file__
            emit({"import": sorted(hits)})
            cover: dict[str, list[pytest.Item]] = {}
            took: dict[str, float] = {}
            for item in session.items:
                hits.clear()
                started = time.perf_counter()
                if failed(item):
                    emit({"baseline_fails": item.nodeid})
                    return True
                took[item.nodeid] = time.perf_counter() - started
                for fn in hits:
                    cover.setdefault(fn, []).append(item)
            emit({"cover": {fn: [_node_arg(it) for it in items] for fn, items in cover.items()},
                  "clean_s": sum(took.values())})
            trampoline.set_mutant_under_test("")
            killers: dict[str, pytest.Item] = {}  # per function, the test that killed its last mutant: tried first
            for name in names:
                fn = name.partition("__mutmut_")[0]
                # the quickest tests first (the suite's conftest puts the long ones first, for xdist), the test that
                # killed this function's last mutant before all
                mine = sorted(cover.get(fn, []), key=lambda it: took[it.nodeid])
                if killers.get(fn) in mine:
                    mine = [killers[fn], *(it for it in mine if it is not killers[fn])]
                emit({"start": name, "budget": 30 + 10 * sum(took[it.nodeid] for it in mine)})
                by, ran, began = None, 0, time.perf_counter()
                trampoline.set_mutant_under_test(name)
                for item in mine:
                    ran += 1
                    if failed(item):
                        by = item
                        break
                trampoline.set_mutant_under_test("")
                clear_caches()
                if by is not None and failed(by):  # it fails without the mutant too: an earlier mutant's state
                    emit({"poisoned": name})
                    return True
                if by is not None:
                    killers[fn] = by
                emit({"done": name, "status": "no tests" if not mine else "killed" if by else "survived",
                      "by": by.nodeid if by else None, "tests": ran, "s": round(time.perf_counter() - began, 3)})
            return True

    pytest.main([*selection, "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-n", "0", "--hypothesis-seed=0",
                 # a failure's report as Python prints it: pytest's own parses the (long) mutated module per frame
                 "--tb=native", "--no-header", "-W", "ignore"], plugins=[Loop()])
    return 0


def _node_arg(item: Any) -> str:
    """A test as a command-line argument from the mutants folder (nodeids are relative to the rootdir)."""
    path = Path(item.path).relative_to(Path.cwd())
    return f"{path}::{item.nodeid.partition('::')[2]}"


def _fresh(work: Path, name: str, tests: list[str], selection: list[str], budget: float) -> str:
    """One mutant in its own pytest process, switched on before anything is imported."""
    env = {**os.environ, "HYPOTHESIS_DATABASE": "none", "MUTANT_UNDER_TEST": name}
    cmd = [sys.executable, "-m", "pytest", *tests, "-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
           "-n", "0", "--hypothesis-seed=0", "--tb=native", "--no-header", "-W", "ignore"]
    try:
        code = subprocess.run(cmd, cwd=work / "mutants", env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=budget, check=False).returncode
    except subprocess.TimeoutExpired:
        return "timeout"
    if code == 4 and tests != selection:  # a test's id pytest did not take back: the whole selection
        return _fresh(work, name, selection, selection, budget)
    # 1: a test failed; 2-4: the tests could not be collected or set up (an import-time mutant broke the import, or
    # a conftest's: the clean run of the same tests passed), as mutmut counts its exit codes
    return {0: "survived", 1: "killed", 2: "killed", 3: "killed", 4: "killed"}.get(code, f"error (pytest exit {code})")


def run_in_process(target: str, timebox: float | None = None, again: bool = False,
                   dump: Path | None = None, unchecked_only: bool = False) -> dict[str, int]:
    started = time.monotonic()
    deadline = None if timebox is None else started + timebox
    work = _generate(target)
    sources = _mutant_sources(work, target)
    key = {name: hashlib.sha1(text.encode()).hexdigest()[:16] for name, text in sources.items()}
    store = WORK / f"{target}.in_process.json"
    kept = json.loads(store.read_text(encoding="utf-8")) if again and store.exists() else {}
    verdicts: dict[str, dict] = {name: v for name, v in kept.items()
                                 if key.get(name) == v.get("key") and v["status"] in ("killed", "timeout")}
    # a survivor tools/mutation_equivalents.yaml lists is not run again (no test can tell it apart: its code is the
    # one its reason was written for, or its change would not match)
    listed, _ = _sort(work, {name: v["status"] for name, v in kept.items()
                             if key.get(name) == v.get("key") and v["status"] == "survived"})
    verdicts.update({name: kept[name] for name, status in listed.items() if status == "equivalent"})
    if unchecked_only:  # only the mutants with no verdict for their code (new, changed, or left by a time box)
        verdicts.update({name: v for name, v in kept.items() if key.get(name) == v.get("key")})
    selection = TARGETS[target][1]
    pending = [name for name in sources if name not in verdicts]
    at_import: set[str] = set()
    cover: dict[str, list[str]] = {}
    clean_s = 60.0

    def save() -> None:
        store.write_text(json.dumps(verdicts, indent=0, sort_keys=True), encoding="utf-8")

    def settle(name: str, status: str, by: str | None = None, how: str = "in process", **more: object) -> None:
        verdicts[name] = {"status": status, "key": key[name], "by": by, "how": how, **more}
        save()

    while pending and (deadline is None or time.monotonic() < deadline):
        names_file = work / "pending.txt"
        names_file.write_text("\n".join(pending), encoding="utf-8")
        read_fd, write_fd = os.pipe()
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", str(write_fd),
                                 str(names_file), "--", *selection], cwd=work / "mutants", pass_fds=(write_fd,),
                                env={**os.environ, "HYPOTHESIS_DATABASE": "none"}, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(write_fd)
        current, until, buffer = None, None, b""
        reader = os.fdopen(read_fd, "rb", buffering=0)
        stop = False
        while not stop:
            now = time.monotonic()
            limits = [t for t in (until, deadline) if t is not None]
            wait = max(0.0, min(limits) - now) if limits else None
            ready, _, _ = select.select([reader], [], [], wait)
            if not ready:  # a mutant outlived its budget, or the time box ran out
                os.killpg(proc.pid, signal.SIGKILL)
                if current is not None and until is not None and time.monotonic() >= until:
                    settle(current, "timeout")
                    pending.remove(current)
                break
            chunk = reader.read(65536)
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, _, buffer = buffer.partition(b"\n")
                event = json.loads(line)
                if "import" in event:
                    at_import |= set(event["import"])
                elif "cover" in event:
                    cover, clean_s = event["cover"], event["clean_s"]
                    print(f"{target}: {len(pending)} mutants to run; the tests' clean run took {clean_s:.1f} s",
                          flush=True)
                elif "start" in event:
                    current, until = event["start"], time.monotonic() + event["budget"]
                elif "done" in event:
                    settle(event["done"], event["status"], event["by"], tests=event["tests"], took=event["s"])
                    pending.remove(event["done"])
                    current, until = None, None
                elif "baseline_fails" in event:
                    sys.exit(f"{target}: {event['baseline_fails']} fails without a mutant: fix the tests first")
                elif "poisoned" in event:  # run it again in a fresh process, first
                    stop = True
        proc.wait()
        reader.close()
        if not at_import and not cover:
            sys.exit(f"{target}: the in-process run ended before its tests ran (run its selection with pytest)")

    # in a fresh process: the survivors, the mutants no test reached, and those of functions run at import
    for name in sources:
        v = verdicts.get(name)
        if deadline is not None and time.monotonic() >= deadline:
            break
        fn = name.partition("__mutmut_")[0]
        if v is None or v.get("how") == "fresh":
            continue
        if v["status"] in ("survived", "no tests") or (fn in at_import and v["status"] != "killed"):
            tests = selection if fn in at_import or not cover.get(fn) else cover[fn]
            settle(name, _fresh(work, name, tests, selection, 60 + 5 * clean_s), how="fresh")
    return _report(target, work, {name: verdicts.get(name, {}).get("status", "not checked") for name in sources},
                   started, dump)


EQUIVALENTS = ROOT / "tools" / "mutation_equivalents.yaml"


def _same_change(diff: str) -> str:
    """A mutant's change, independent of its number and indentation (what an equivalent is known by)."""
    return "\n".join(line[0] + " ".join(line[1:].split()) for line in diff.splitlines() if line[:1] in "+-")


def equivalents() -> dict[str, dict[str, str]]:
    """The mutants no behaviour can tell from the original, by function and change, with the reason
    (tools/mutation_equivalents.yaml: function -> list of {diff, why})."""
    import yaml

    data = yaml.safe_load(EQUIVALENTS.read_text(encoding="utf-8")) if EQUIVALENTS.exists() else {}
    return {fn: {_same_change(entry["diff"]): entry["why"] for entry in entries}
            for fn, entries in (data or {}).items()}


def _sort(work: Path, verdicts: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The verdicts with the survivors tools/mutation_equivalents.yaml lists as "equivalent", and their diffs."""
    survivors = [name for name, status in verdicts.items() if status not in ("killed", "timeout", "not checked")]
    diffs = _diffs(work, survivors)
    known = equivalents()
    verdicts = dict(verdicts)
    for name in survivors:
        change = _same_change(diffs.get(name, ""))
        if verdicts[name] == "survived" and change and change in known.get(name.partition("__mutmut_")[0], {}):
            verdicts[name] = "equivalent"
    return verdicts, diffs


def _tally(verdicts: dict[str, str]) -> tuple[dict[str, int], int, int, int, float]:
    counts: dict[str, int] = {}
    for status in verdicts.values():
        counts[status] = counts.get(status, 0) + 1
    checked = sum(n for status, n in counts.items() if status != "not checked")
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    told = checked - counts.get("equivalent", 0)  # the mutants a test can tell from the original
    return counts, checked, killed, told, (100.0 * killed / told if told else 100.0)


def _report(target: str, work: Path, verdicts: dict[str, str], started: float,
            dump: Path | None = None) -> dict[str, int]:
    verdicts, diffs = _sort(work, verdicts)
    counts, checked, killed, told, rate = _tally(verdicts)
    print(f"{target}: {killed}/{told} killed ({rate:.1f} % of the non-equivalent), {checked} of {len(verdicts)} "
          f"checked, {counts} in {time.monotonic() - started:.0f} s"
          + (f" (time box: {counts['not checked']} mutants not checked)" if counts.get("not checked") else ""))
    left = [name for name, status in verdicts.items() if status not in ("killed", "timeout", "not checked",
                                                                         "equivalent")]
    for name in left:
        print(f"--- {verdicts[name]}: {name}\n{diffs.get(name, '(no diff)')}")
    if dump is not None and left:  # a start for tools/mutation_equivalents.yaml: each one's reason to be written
        with dump.open("a", encoding="utf-8") as fh:
            for name in left:
                diff = "\n".join("      " + line for line in diffs.get(name, "").splitlines())
                fh.write(f"{name.partition('__mutmut_')[0]}:\n  - diff: |\n{diff}\n    why: TODO ({name})\n")
    sys.stdout.flush()
    return counts


def _blob(path: Path) -> str:
    """The file's git blob id (short): the same id on another commit is the same code."""
    done = subprocess.run(["git", "hash-object", str(path)], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()[:7]


def table(targets: list[str], dump: Path | None = None) -> None:
    """The kept in-process verdicts of each target as a Markdown table (design.md's form), against the mutants of
    the module as it is now (made anew, in seconds, where the scratch copy is older): a mutant whose code changed
    since its verdict counts as not checked. With `dump`, the survivors not listed as equivalent are appended to it."""
    print("| target | module (git blob) | mutants | checked | killed | equivalent | left | rate |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for target in targets:
        work, store = WORK / target, WORK / f"{target}.in_process.json"
        if not store.exists():
            print(f"| {target} | - | no in-process run | | | | | |")
            continue
        if not (work / "mutants").is_dir() or _module_changed(target):
            work = _generate(target)
        kept = json.loads(store.read_text(encoding="utf-8"))
        sources = _mutant_sources(work, target)
        key = {name: hashlib.sha1(text.encode()).hexdigest()[:16] for name, text in sources.items()}
        verdicts = {name: (kept[name]["status"] if name in kept and kept[name].get("key") == key[name]
                           else "not checked") for name in sources}
        verdicts, diffs = _sort(work, verdicts)
        counts, checked, killed, told, rate = _tally(verdicts)
        left = [name for name, status in verdicts.items() if status not in ("killed", "timeout", "not checked",
                                                                             "equivalent")]
        if dump is not None and left:
            with dump.open("a", encoding="utf-8") as fh:
                for name in left:
                    diff = "\n".join("      " + line for line in diffs.get(name, "").splitlines())
                    fh.write(f"{name.partition('__mutmut_')[0]}:\n  - diff: |\n{diff}\n    why: TODO ({name}, "
                             f"{verdicts[name]})\n")
        blobs = ", ".join(f"`{p.relative_to(ROOT / 'pos_doctor')}` ({_blob(p)})"
                          for p in sorted(ROOT.glob(TARGETS[target][0])) if p.suffix == ".py")
        stale = " (module changed since the run)" if _module_changed(target) else ""
        print(f"| {target} | {blobs}{stale} | {len(verdicts)} | {checked} | {killed} | {counts.get('equivalent', 0)} "
              f"| {told - killed} | {rate:.1f} % |")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":  # the in-process runner's pytest process
        return _child(int(sys.argv[2]), sys.argv[3], sys.argv[sys.argv.index("--") + 1:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("targets", nargs="*", help=f"some of: {', '.join(TARGETS)} (default: all)")
    ap.add_argument("--list", action="store_true", help="show the targets and their tests")
    ap.add_argument("--max-children", type=int, default=1, help="parallel mutants (default 1: the machine is shared)")
    ap.add_argument("--timebox", type=float, default=None, help="stop each target after this many seconds")
    ap.add_argument("--in-process", action="store_true",
                    help="check the mutants in one pytest process, only against the tests that call the mutated "
                         "function (much faster; survivors and import-time mutants checked again in a fresh one)")
    ap.add_argument("--table", action="store_true",
                    help="print the last in-process run of the targets as a Markdown table (no run)")
    ap.add_argument("--unchecked", action="store_true",
                    help="(with --in-process --again) run only the mutants with no verdict for their code; the "
                         "survivors keep theirs")
    ap.add_argument("--dump-survivors", type=Path, default=None, metavar="FILE",
                    help="(with --in-process) append the survivors not known as equivalent to FILE, in the form of "
                         "tools/mutation_equivalents.yaml, each with its reason to be written")
    ap.add_argument("--again", action="store_true",
                    help="re-check only the last run's survivors and unchecked mutants against the tests as they are "
                         "now (new tests only add kills; the module must be unchanged since that run)")
    args = ap.parse_args()
    if args.list:
        for name, (module, tests) in TARGETS.items():
            print(f"{name:16} {module}  <- {' '.join(tests)}")
        return 0
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        ap.error(f"unknown target(s) {', '.join(unknown)}; use --list")
    if args.table:
        table(args.targets or list(TARGETS), args.dump_survivors)
        return 0
    for target in args.targets or list(TARGETS):
        if args.in_process:
            run_in_process(target, args.timebox, args.again, args.dump_survivors, args.unchecked)
        else:
            run(target, args.max_children, args.timebox, args.again)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
