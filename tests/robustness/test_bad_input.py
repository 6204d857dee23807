"""Bad files and bad arguments, each through a real subprocess of the CLI, plus the file loaders fed random bytes.

Files a person gives pos-doctor — a scenario (`check --simulate ./x.yaml`, `simulate --scenario ./x.yaml`), the
configuration (`./pos-doctor.toml`, the user config dir), a software policy (`--policy`), playbooks
(`playbooks validate DIR`, `fix ID --playbooks DIR`) — broken every way a shop PC breaks them: bad syntax, wrong
types, unknown keys, values that cannot work, 20 MB, binary junk (an Excel file picked by mistake), GBK-encoded
Chinese (what Notepad on a Chinese Windows saves), empty, a directory, missing. Each must exit 3 with one screen
(< 25 lines) naming the file — and the line where there is one — and what to do; never a traceback.

Bad arguments: ports that do not exist, URL schemes pyserial does not know, baud rates, parity, stop bits, check ids,
playbook ids, scenario names, --lang, --format, --timeout... Each: exit 3, naming the argument and the way out
(the valid values, the ports that exist), before any port is opened.

Not repeated here (tested elsewhere): unknown keys in pos-doctor.toml and --only with a near miss
(tests/cli/test_check.py), `simulate --scenario` with an unknown key or name (tests/cli/test_simulate.py),
playbook graph mistakes (tests/playbooks/test_loader.py), printable text through the config and policy loaders
(tests/checks/test_config.py, test_policy.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.robustness.support import Run
from hypothesis import HealthCheck, example, given, settings, strategies as st

from pos_doctor.checks.policy import load_policy
from pos_doctor.config import load_config
from pos_doctor.errors import UserFileError
from pos_doctor.playbooks.answers import AnswersFile
from pos_doctor.playbooks.loader import load_playbook
from pos_doctor.simulator import load_scenario

CRASHES = ("Traceback", "internal error", "内部错误", "pos-doctor-crash-")
WHAT_TO_DO = ("What to do:", "怎么办：", "Fix them and run again", "请修改后重新运行")
MB20 = 20 * 1024 * 1024

# --- valid starting points, then each damaged ------------------------------------------------------------------

SCENARIO = "spec: 1\nname: shop\ndescription: {en: Shop till, zh: 收银台}\n"
POLICY = "spec: 1\nmodels:\n  SIM-ZVT-1:\n"
CONFIG = '[terminal]\nport = "COM3"  # 收银台的终端\n'
PLAYBOOK = """\
spec: 1
id: shop-paper
title: {en: "Shop paper roll", zh: "本店换纸"}
summary: {en: "Load paper.", zh: "装纸。"}
situation: false
recommended_by: [printer.receipt]
steps:
  - id: load
    kind: instruction
    text: {en: "Load a new roll.", zh: "装入新纸卷。"}
  - id: done
    kind: end
    outcome: resolved
    text: {en: "Done.", zh: "好了。"}
"""
# An .xlsx picked instead of the YAML: a zip, full of NUL bytes.
JUNK = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)) * 8
DIRECTORY = object()  # a directory where the file should be
MISSING = None
DEEP = b"[" * 100_000 + b"]" * 100_000  # 200 kB that overflowed libyaml's C stack: the process died (SIGSEGV)

# family -> damage -> (content, line named in the message or None)
DAMAGE = {
    "scenario": {
        "malformed": (b"spec: 1\nname: shop\n  description: x\n", 3),
        "wrong-type": ((SCENARIO + "terminal:\n  delay_ms: fast\n").encode(), 5),
        "unknown-key": ((SCENARIO + "printer:\n  papr: out\n").encode(), 5),
        "bad-value": ((SCENARIO + "terminal:\n  status: 300\n").encode(), 5),
        "alias-loop": ((SCENARIO + "terminal: &t {model: *t}\n").encode(), 4),  # was a RecursionError
        "deep-nesting": (b"spec: 1\nname: " + DEEP + b"\n", 2),
    },
    "policy": {
        "malformed": (b"spec: 1\nmodels:\n  SIM-ZVT-1: {minimum: '2.4.0'\n", 4),
        "wrong-type": ((POLICY + "    minimum: 2.4\n").encode(), 4),
        "unknown-key": ((POLICY + "    minimun: '2.4.0'\n").encode(), 4),
        "bad-value": (b"format: 2\nmodels: {}\n", 1),
        "alias-loop": (b"spec: 1\nmodels: &m {SIM-ZVT-1: *m}\n", 2),
        "deep-nesting": (b"spec: 1\nmodels: " + DEEP + b"\n", 2),
    },
    "config": {
        "malformed": (b'[terminal]\nport = /dev/ttyS0\n', 2),
        "wrong-type": (b'[terminal]\nbaud = "fast"\n', 2),
        "bad-value": (b'spec = 1\n[terminal]\nbaud = 0\n', 3),       # an integer, but no UART runs at 0 baud
        "bad-port": (b'[printer]\nport = "usb://printer"\n', 2),   # a string, but not a port pyserial can open
        "deep-nesting": (b"spec = 1\nx = " + DEEP + b"\n", 2),       # was a RecursionError in tomllib
    },
    "playbook": {
        "malformed": (PLAYBOOK.replace("  - id: done\n", "  - id: done\n   kind: [end\n").encode(), 12),
        "wrong-type": (PLAYBOOK.replace("situation: false", "situation: sometimes").encode(), 5),
        "unknown-key": (PLAYBOOK.replace("summary:", "sumary:").encode(), 4),
        "alias-loop": (PLAYBOOK.replace("recommended_by: [printer.receipt]", "recommended_by: &r [*r]").encode(), 6),
        "deep-nesting": (PLAYBOOK.encode() + b"prevention: " + DEEP + b"\n", 15),
    },
}
COMMON = {  # the same damage for every family
    "huge": None,  # written at run time: a valid start, then comment lines up to 20 MB
    "binary": (JUNK, 1),
    "gbk": None,   # the valid file, saved as GBK
    "empty": (b"", None),
    "directory": (DIRECTORY, None),
    "missing": (MISSING, None),
}
VALID = {"scenario": SCENARIO, "policy": POLICY + "    minimum: '2.4.0'  # 最低版本\n", "config": CONFIG, "playbook": PLAYBOOK}
GBK_LINE = {"scenario": 3, "policy": 4, "config": 2, "playbook": 3}
# kind -> (family, the file's name in the message, argv)
KINDS = {
    "scenario-check": ("scenario", "bad.yaml", ["check", "--simulate", "./bad.yaml", "--no-record"]),
    "scenario-simulate": ("scenario", "bad.yaml", ["simulate", "--scenario", "./bad.yaml"]),
    "config": ("config", "pos-doctor.toml", ["check", "--only", "power.host", "--no-record"]),
    "config-user": ("config", "pos-doctor.toml", ["check", "--only", "power.host", "--no-record"]),
    "policy": ("policy", "bad.yaml", ["check", "--simulate", "healthy", "--policy", "./bad.yaml", "--no-record"]),
    "playbooks-validate": ("playbook", "shop-paper.yaml", ["playbooks", "validate", "own"]),
    "playbooks-fix": ("playbook", "shop-paper.yaml",
                      ["fix", "shop-paper", "--playbooks", "own", "--simulate", "healthy", "--yes", "--no-record"]),
}
SKIP = {
    # an empty pos-doctor.toml is valid TOML: "no settings" (test_empty_config_means_defaults); without a --config
    # option a missing one is simply "no configuration"
    ("config", "empty"), ("config", "missing"), ("config-user", "empty"), ("config-user", "missing"),
    ("scenario-simulate", "unknown-key"),  # tests/cli/test_simulate.py
}


@dataclass
class FileCase:
    kind: str
    damage: str
    lang: str = "en"
    name: str = ""
    line: int | None = None
    args: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.damage}"


def file_cases() -> list[FileCase]:
    out = []
    for kind, (family, name, args) in KINDS.items():
        for damage in [*DAMAGE[family], *COMMON]:
            if (kind, damage) in SKIP:
                continue
            line = (DAMAGE[family].get(damage) or COMMON.get(damage) or (None, None))[1]
            if damage == "gbk":
                line = GBK_LINE[family]
            argv = list(args)
            if kind == "playbooks-validate" and damage == "missing":
                argv = ["playbooks", "validate", "own/shop-paper.yaml"]
            if kind == "playbooks-fix" and damage == "missing":
                argv, name = [a if a != "own" else "nowhere" for a in args], "nowhere"
            # GBK is what a Chinese shop PC produces: that case is read in Chinese
            lang = "zh" if damage == "gbk" else "en"
            out.append(FileCase(kind, damage, lang, name, line, argv + ["--lang", lang]))
    return out


def place(case: FileCase, home: Path) -> None:
    family = KINDS[case.kind][0]
    target = {"config": home / "pos-doctor.toml", "config-user": home / "xdg" / "pos-doctor" / "pos-doctor.toml",
              "playbook": home / "own" / "shop-paper.yaml"}.get(case.kind if case.kind.startswith("config") else family,
                                                                  home / "bad.yaml")
    target.parent.mkdir(parents=True, exist_ok=True)
    if case.damage == "huge":
        start = {"config": b"spec = 1\n"}.get(family, b"# a very long file\n")
        with open(target, "wb") as fh:
            fh.write(start + (b"# " + b"x" * 97 + b"\n") * (MB20 // 100))
        return
    if case.damage == "gbk":
        target.write_bytes(VALID[family].encode("gbk"))
        return
    content = (DAMAGE[family].get(case.damage) or COMMON[case.damage])[0]
    if content is DIRECTORY:
        target.mkdir()
    elif content is not MISSING:
        target.write_bytes(content)



def cli(args: list[str], home: Path, env: dict | None = None, timeout: float = 60, prefix: list[str] = ()) -> Run:
    """`prefix`: a command the CLI runs under (e.g. setpriv, to run it as an unprivileged user)."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_") and k not in ("LANG", "LC_ALL")}
    if prefix:  # another user (setpriv): not measured by coverage, which it may not write beside the suite
        e = {k: v for k, v in e.items() if not k.startswith("COVERAGE_PROCESS_")}
    e.update(POS_DOCTOR_DATA_DIR=str(home / "data"), XDG_CONFIG_HOME=str(home / "xdg"), CI="1", NO_COLOR="1",
             COLUMNS="200", LANG="C.UTF-8", POS_DOCTOR_LANG="en", **(env or {}))
    t0 = time.monotonic()
    try:
        p = subprocess.run([*prefix, sys.executable, "-m", "pos_doctor", *args], capture_output=True, text=True,
                           encoding="utf-8", errors="replace", env=e, cwd=home, stdin=subprocess.DEVNULL, timeout=timeout)
        return Run(args, p.returncode, p.stdout, p.stderr, time.monotonic() - t0)
    except subprocess.TimeoutExpired:
        return Run(args, None, "", "", time.monotonic() - t0)


def assert_one_screen_error(run: Run, *, json_out: bool = False) -> None:
    assert run.code == 3, run
    both = run.out + run.err
    for crash in CRASHES:
        assert crash not in both, run
    if not json_out:
        assert run.out == "", f"an error belongs on stderr\n{run}"
        lines = run.err.strip().splitlines()
        assert 0 < len(lines) < 25, f"{len(lines)} lines\n{run}"
    assert run.seconds < 30, f"took {run.seconds:.1f} s\n{run}"


FILE_CASES = file_cases()


@pytest.fixture(scope="module")
def file_runs(tmp_path_factory) -> dict[str, Run]:
    def go(job) -> tuple[str, Run]:
        case, home = job
        place(case, home)
        return case.id, cli(case.args, home)

    # directories made here, not in the pool: tmp_path_factory is not thread-safe (its first call makes the base)
    jobs = [(case, tmp_path_factory.mktemp(case.id)) for case in FILE_CASES]
    with ThreadPoolExecutor(4) as pool:
        return dict(pool.map(go, jobs))


@pytest.mark.parametrize("case", FILE_CASES, ids=lambda c: c.id)
def test_bad_file(file_runs, case: FileCase):
    run = file_runs[case.id]
    assert_one_screen_error(run)
    assert case.name in run.err, f"the file is not named\n{run}"
    if case.line is not None:
        assert re.search(rf"{re.escape(case.name)}:{case.line}\b", run.err), f"line {case.line} is not named\n{run}"
    assert any(w in run.err for w in WHAT_TO_DO), f"no what-to-do\n{run}"
    if case.damage == "gbk":  # said in Chinese, naming the encoding it found and the one to save as
        assert "GBK" in run.err and "UTF-8" in run.err, run
        # `playbooks validate` sums up every file it read; the other commands say what to do about the one file
        assert ("请修改后重新运行" if case.kind == "playbooks-validate" else "怎么办：") in run.err, run
    if case.damage == "huge":
        from pos_doctor.yamlfile import MAX_BYTES

        said = re.search(r"file is (\d+) bytes; at most (\d+) are accepted", run.err)
        assert said and int(said.group(1)) >= MB20 - 100 and int(said.group(2)) == MAX_BYTES, run


def test_empty_config_means_defaults(tmp_path):
    """The one damage that is not an error: an empty pos-doctor.toml sets nothing."""
    (tmp_path / "pos-doctor.toml").write_bytes(b"")
    run = cli(["config", "show", "--json"], tmp_path)
    assert run.code == 0, run
    doc = json.loads(run.out)
    assert doc["terminal.baud"] == {"value": 9600, "source": "default"}


def test_bad_value_from_the_environment(tmp_path):
    run = cli(["check", "--only", "power.host", "--no-record"], tmp_path, env={"POS_DOCTOR_TERMINAL_BAUD": "0"})
    assert_one_screen_error(run)
    assert "POS_DOCTOR_TERMINAL_BAUD" in run.err and "9600" in run.err, run


# --- bad arguments ---------------------------------------------------------------------------------------------

NOPE = "/dev/ttyNOPE" if os.name != "nt" else "COM250"
ARGS = {  # id -> (argv, what the message must contain: the argument, and the way out)
    "terminal-scheme": (["check", "--terminal", "foo://x"], ["--terminal", "foo://x", "socket://host:port"]),
    "printer-scheme": (["fix", "--printer", "gopher://till:9100", "--yes"], ["--printer", "gopher://", "rfc2217://"]),
    "baud-0": (["check", "--baud", "0"], ["--baud", "9600", "115200"]),
    "baud-negative": (["check", "--baud", "-5"], ["--baud", "-5", "9600"]),
    "baud-huge": (["check", "--simulate", "healthy", "--baud", "99999999"], ["--baud", "99999999", "9600"]),
    "baud-text": (["check", "--baud", "abc"], ["--baud", "abc", "integer", "--help"]),
    "printer-baud": (["fix", "--simulate", "healthy", "--printer-baud", "7", "--yes"], ["--printer-baud", "9600"]),
    "simulate-baud": (["simulate", "--baud", "0"], ["--baud", "positive"]),
    "parity": (["check", "--parity", "X"], ["--parity", "N, E or O"]),
    "stopbits-3": (["check", "--stopbits", "3"], ["--stopbits", "1 or 2"]),
    "stopbits-0": (["fix", "--simulate", "healthy", "--stopbits", "0", "--yes"], ["--stopbits", "1 or 2"]),
    "stopbits-text": (["check", "--stopbits", "one"], ["--stopbits", "integer"]),
    "only-unknown": (["check", "--only", "zzz"], ["'zzz'", "link.terminal", "power.host", "pos-doctor checks"]),
    "skip-near-miss": (["check", "--skip", "printer.reciept"], ["printer.reciept", "Did you mean 'printer.receipt'"]),
    "skip-unknown": (["check", "--skip", "nope,power"], ["'nope'", "pos-doctor checks"]),
    "fix-unknown-playbook": (["fix", "zzz", "--simulate", "healthy", "--yes"], ["'zzz'", "printer-paper", "pos-doctor playbooks list"]),
    "show-unknown-playbook": (["playbooks", "show", "zzz"], ["'zzz'", "printer-paper", "pos-doctor playbooks list"]),
    "check-unknown-scenario": (["check", "--simulate", "paper-gone"], ["'paper-gone'", "paper-out", "healthy"]),
    "fix-unknown-scenario": (["fix", "--simulate", "paper-gone", "--yes"], ["'paper-gone'", "paper-out"]),
    "check-lang": (["check", "--lang", "fr"], ["--lang", "'fr'", "zh", "en"]),
    "fix-lang": (["fix", "--lang", "fr", "--yes"], ["--lang", "'fr'", "zh", "en"]),
    "simulate-lang": (["simulate", "--list", "--lang", "fr"], ["--lang", "'fr'", "zh", "en"]),
    "playbooks-lang": (["playbooks", "list", "--lang", "jp"], ["--lang", "'jp'", "zh", "en"]),
    "checks-lang": (["checks", "--lang", "xx"], ["--lang", "'xx'", "zh", "en"]),
    "config-lang": (["config", "show", "--lang", "xx"], ["--lang", "'xx'", "zh", "en"]),
    "root-lang": (["--lang", "fr", "checks"], ["--lang", "'fr'", "zh", "en"]),
    "check-format": (["check", "--format", "xml"], ["--format", "'xml'", "nagios", "prometheus"]),
    "show-format": (["playbooks", "show", "printer-paper", "--format", "pdf"], ["--format", "'pdf'", "markdown"]),
    "timeout-negative": (["check", "--timeout", "-1"], ["--timeout", "more than 0"]),
    "timeout-zero": (["fix", "--simulate", "healthy", "--timeout", "0", "--yes"], ["--timeout", "more than 0"]),
    "timeout-text": (["check", "--timeout", "soon"], ["--timeout", "soon", "--help"]),
    "fail-on": (["check", "--fail-on", "sometimes"], ["--fail-on", "warning, critical or never"]),
    "transport": (["check", "--terminal-transport", "udp"], ["--terminal-transport", "serial or tcp"]),
    "payment-port-text": (["check", "--payment-host", "pay.example:https"], ["--payment-host", "number"]),
    "payment-port-range": (["check", "--payment-host", "pay.example:99999"], ["--payment-host", "1..65535"]),
}
NO_RECORD = {"check", "fix"}


@pytest.fixture(scope="module")
def arg_runs(tmp_path_factory) -> dict[str, Run]:
    def go(job):
        key, argv, home = job
        return key, cli(argv + (["--no-record"] if argv[0] in NO_RECORD else []), home)

    jobs = [(key, argv, tmp_path_factory.mktemp(key)) for key, (argv, _) in ARGS.items()]
    with ThreadPoolExecutor(4) as pool:
        return dict(pool.map(go, jobs))


@pytest.mark.parametrize("key", list(ARGS))
def test_bad_argument(arg_runs, key):
    run, must = arg_runs[key], ARGS[key][1]
    assert_one_screen_error(run)
    # a smoke bound only (a busy machine starts the interpreter slowly): the refusal is judged by its one screen
    assert run.seconds < 60, f"a bad argument should be refused before any device is opened\n{run}"
    for text in must:
        assert text in run.err, f"{text!r} not said\n{run}"


@pytest.mark.parametrize("device,check", [("terminal", "link.terminal"), ("printer", "link.printer")])
def test_port_that_does_not_exist(tmp_path, device, check):
    """A path that names no port is a device fault as much as a typo (an unplugged USB adaptor): the check reports
    it as 'could not decide' (3), naming the port, the option, and the ports this PC has."""
    run = cli(["check", f"--{device}", NOPE, "--only", check, "--json", "--no-record"], tmp_path)
    assert_one_screen_error(run, json_out=True)
    (res,) = json.loads(run.out)["checks"]
    assert res["status"] == "unknown" and NOPE in res["message"]["en"] and NOPE in res["message"]["zh"]
    for text in (f"--{device}", "Ports on this PC:", "pos-doctor ports"):
        assert text in res["hint"]["en"], res["hint"]
    assert f"--{device}" in res["hint"]["zh"] and "本机串口" in res["hint"]["zh"]
    text = cli(["check", f"--{device}", NOPE, "--only", check, "--lang", "zh", "--no-record"], tmp_path)
    assert text.code == 3 and f"{NOPE} 不存在" in text.out and "→ " in text.out and "本机串口" in text.out, text


# --- the loaders, fed random bytes --------------------------------------------------------------------------------

FRAGMENTS = ["spec: 1\n", "name: x\n", "description: {en: a, zh: 收银}\n", "terminal:\n", "  status: 0x9C\n",
             "printer:\n", "  paper: out\n", "spec: 1\n", "models:\n", "  X:\n", "    minimum: '1'\n", "    bad:\n",
             "      - version: '1'\n", "- a\n", "? [a]\n", ": b\n", "  &x a: *x\n", "!!binary aGk=\n",
             "key: !!timestamp 2001-01-01\n", "\t\n", "x: 1e400\n", "id: x\n", "steps: [{id: a, kind: end}]\n",
             "[terminal]\n", "baud = 0\n", 'port = "x"\n', "<<: {a: 1}\n", "a: &a [*a]\n", "收银: 打印机\n"]
blobs = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda s: s.encode("utf-8")),
    st.text(st.characters(codec="gbk"), max_size=80).map(lambda s: s.encode("gbk")),
    st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(lambda parts: "".join(parts).encode("utf-8")),
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b""]),
              st.lists(st.sampled_from(FRAGMENTS), max_size=6)).map(lambda t: t[0] + "".join(t[1]).encode("gb18030")),
)
LOADERS = {
    "scenario": ("bad.yaml", lambda p: load_scenario(str(p))),
    "policy": ("bad.yaml", load_policy),
    "playbook": ("x.yaml", load_playbook),
    "answers": ("answers.yaml", AnswersFile.load),
    "config": ("pos-doctor.toml", lambda p: load_config(cwd=p.parent, env={}, user_file=p.parent / "none.toml")),
}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("loaders")


@pytest.mark.parametrize("loader", list(LOADERS))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=blobs)
@example(data=b"a: &a [*a]\n")               # an alias inside itself: was a RecursionError (an "internal error")
@example(data=b"[" * 20_000 + b"]" * 20_000)  # deep enough to kill the process inside libyaml (SIGSEGV)
@example(data=b"a = " + b"{b=" * 3000 + b"1" + b"}" * 3000)  # TOML: tomllib's RecursionError
@example(data=b"a." * 5000 + b"b = 1")       # TOML: a dotted key 5000 deep
def test_loader_takes_any_bytes(scratch, loader, data):
    """Whatever the bytes: the file loads, or the one user-file error names this file in every problem."""
    name, load = LOADERS[loader]
    path = scratch / loader / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    try:
        load(path)
    except UserFileError as exc:
        assert exc.problems and all(w.file == str(path) for w, _ in exc.problems), exc.lines()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(codec="gbk", categories=["Lo", "Ll", "Lu", "Nd", "Zs"]), min_size=1, max_size=30),
                min_size=1, max_size=5))
def test_gbk_files_are_recognised(scratch, lines):
    """Chinese saved as GBK: refused with the line of the first byte that is not UTF-8, and named as GBK."""
    text = "spec: 1\n" + "\n".join(f"# {line}" for line in lines) + "\n"
    raw = text.encode("gbk")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
    else:
        return  # plain ASCII (or bytes that happen to be UTF-8): nothing to refuse
    path = scratch / "gbk.yaml"
    path.write_bytes(raw)
    with pytest.raises(UserFileError) as info:
        load_scenario(str(path))
    (where, what), = info.value.problems
    assert (where.file, where.line) == (str(path), line)
    if re.search(r"[\u4e00-\u9fff]", text):
        assert "GBK" in what and info.value.hint_text("zh") and "UTF-8" in info.value.hint_text("zh")


# A card or phone number typed in the wrong place: the refusal names the argument, never the number in full (the
# error screen is a boundary like any other: privacy.mask_text guards it)
TYPED_SECRETS = {
    "card-as-extra-argument": (["check", "4111111111111111"], "4111111111111111", "411111******1111"),
    "card-as-fail-on": (["check", "--fail-on", "4111 1111 1111 1111"], "4111 1111 1111 1111", "411111******1111"),
    "phone-as-lang": (["check", "--lang", "13812345678"], "13812345678", "138****5678"),
    "phone-as-extra-argument-zh": (["--lang", "zh", "check", "13812345678"], "13812345678", "138****5678"),
    "card-as-playbook": (["playbooks", "show", "4111111111111111"], "4111111111111111", "411111******1111"),
}


@pytest.mark.parametrize("key", list(TYPED_SECRETS))
def test_a_number_typed_in_the_wrong_place_is_refused_masked(tmp_path, key):
    argv, secret, masked = TYPED_SECRETS[key]
    run = cli(argv + (["--no-record"] if "check" in argv else []), tmp_path)
    assert_one_screen_error(run)
    assert secret not in run.err and secret.replace(" ", "") not in run.err.replace(" ", ""), run
    assert masked in run.err, run
