"""The light commands (`checks`, `ports`, `history`) run by the console script without click, typer or rich
(cli/light.py, issue 27): the same output and exit code as the full command group, and none of its imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pos_doctor.cli.light import parse
from tests.cli.test_fast_help import IMPORTS as PROBE  # the same probe of what a fast path imports

FAST = "from pos_doctor.cli.fast import run; run()"
FULL = "import sys; from pos_doctor.cli.main import main; sys.exit(main(sys.argv[1:]))"
NOT_HERE = ("click", "typer", "rich", "markdown_it", "pygments", "pos_doctor.cli.main")


def env_for(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("POS_DOCTOR_") and k not in ("COLUMNS", "LANG", "LC_ALL")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), LANG="C.UTF-8",
               NO_COLOR="1", **extra)
    return env


def run(code: str, args, env, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=cwd, stdin=subprocess.DEVNULL, timeout=120)


LINES = [["checks"], ["checks", "--json"], ["--lang", "zh", "checks"], ["checks", "--lang=zh-CN"], ["ports"],
         ["ports", "--json", "--all"], ["ports", "--lang", "zh"], ["history"], ["history", "--json"],
         ["--lang", "zh", "history"], ["playbooks", "list"], ["playbooks", "list", "--json"],
         ["--lang", "zh", "playbooks", "list", "--no-color"]]


@pytest.mark.parametrize("args", LINES, ids=" ".join)
def test_the_same_as_the_command_group(tmp_path, args):
    env = env_for(tmp_path)
    fast, full = run(FAST, args, env, tmp_path), run(FULL, args, env, tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (full.returncode, full.stdout, full.stderr)
    assert fast.returncode == 0 and fast.stdout.strip(), fast.stderr
    assert not (tmp_path / "data").exists(), "history created a database"


def test_history_of_a_database_the_same_as_the_command_group(tmp_path):
    env = env_for(tmp_path)
    made = run(FULL, ["check", "--simulate", "healthy", "--json", "--only", "software"], env, tmp_path)
    assert made.returncode in (0, 1) and (tmp_path / "data").exists(), made.stderr
    for args in (["history"], ["history", "--json"], ["--lang", "zh", "history"]):
        fast, full = run(FAST, args, env, tmp_path), run(FULL, args, env, tmp_path)
        assert (fast.returncode, fast.stdout, fast.stderr) == (full.returncode, full.stdout, full.stderr)
        assert "healthy" in fast.stdout or "SIM" in fast.stdout or "模拟" in fast.stdout, fast.stdout



# Nor what a light command can do without (issue 27: within 2x a bare interpreter): platformdirs (pos_doctor.userdirs
# names its folders), dataclasses (and inspect), the configuration's loading (no file, no POS_DOCTOR_ variable), shutil.
LIGHT = ("platformdirs", "dataclasses", "inspect", "shutil", "pos_doctor.config", "pos_doctor.errors")


@pytest.mark.parametrize("args, also_not", [(["checks"], ("yaml", "sqlite3", "serial", "pos_doctor.checks", *LIGHT)),
                                            (["--lang", "zh", "checks", "--json"], ("yaml", "sqlite3", "serial",
                                                                                    "pos_doctor.checks", *LIGHT)),
                                            (["history"], ("sqlite3", "yaml", "serial", "pos_doctor.records.store",
                                                           "pos_doctor.privacy", "datetime", "json", *LIGHT)),
                                            (["history", "--json"], ("sqlite3", "yaml", "serial", *LIGHT)),
                                            (["ports"], ("sqlite3", "yaml", "pos_doctor.link.port", "json",
                                                         "pos_doctor.link.spooler", "pos_doctor.link.trace", *LIGHT)),
                                            (["playbooks", "list"], ("yaml", "sqlite3", "serial", "jsonschema",
                                                                     "pos_doctor.playbooks.loader", "pos_doctor.checks",
                                                                     *LIGHT)),
                                            (["--lang", "zh", "playbooks", "list"], ("yaml", "pos_doctor.checks",
                                                                                     *LIGHT))],
                         ids=lambda a: " ".join(a))
def test_a_light_command_imports_none_of_the_command_group(tmp_path, args, also_not):
    p = run(PROBE, args, env_for(tmp_path), tmp_path)
    assert p.returncode == 0, p.stderr[-2000:]
    got = json.loads(p.stdout.strip().splitlines()[-1])
    assert got["code"] == 0 and got["out"].strip(), got
    heavy = [m for m in got["modules"] if any(m == h or m.startswith(h + ".") for h in NOT_HERE + also_not)]
    assert not heavy, f"`{' '.join(args)}` imports {heavy}"


@pytest.mark.parametrize("argv", [["checks", "--help"], ["checks", "--json", "--json"], ["history", "--stats"],
                                  ["history", "prune"], ["ports", "--bogus"], ["checks", "--lang", "fr"],
                                  ["--lang", "zh-CN", "checks"], ["check"], [], ["--json", "checks"], ["checks", "x"],
                                  ["playbooks", "list", "--playbooks", "d"], ["playbooks"], ["list"],
                                  ["playbooks", "show", "x"]])
def test_anything_else_goes_to_the_full_group(argv):
    assert parse(argv) is None


def test_what_it_takes():
    assert parse(["--lang", "zh", "ports", "--all", "--json"]) == ("ports", {"show_phantom": True, "json_out": True})
    assert parse(["history", "--lang=zh_CN"]) == ("history", {"lang": "zh"})


def test_the_playbook_index_is_the_shipped_library(tmp_path):
    """The index is what the shipped playbooks say today; a playbook changed without it fails here (and until the index
    is made again, `playbooks list` loads the library: see the next test)."""
    code = ("import runpy, sys; sys.argv = ['x']; "
            "runpy.run_module('pos_doctor.cli.playbook_index', run_name='__main__')")
    p = run(code, [], env_for(tmp_path), tmp_path)
    assert p.returncode == 0, p.stderr
    from pathlib import Path

    import pos_doctor.cli.playbooks_static as static

    assert p.stdout == Path(static.__file__).read_text(encoding="utf-8"), (
        "pos_doctor/cli/playbooks_static.py is out of date: run `python -m pos_doctor.cli.playbook_index --write`")


@pytest.mark.parametrize("json_out", [True, False])
def test_a_stale_index_is_not_used(monkeypatch, capsys, tmp_path, json_out):
    from pos_doctor.cli import light, playbook_index

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    light.list_playbooks(json_out=json_out, lang="en")
    indexed = capsys.readouterr().out
    assert playbook_index.shipped_rows() is not None
    monkeypatch.setattr(playbook_index, "fingerprint", lambda: {"printer-paper.yaml": [1, 2]})  # a file changed
    assert playbook_index.shipped_rows() is None
    light.list_playbooks(json_out=json_out, lang="en")
    assert capsys.readouterr().out == indexed and "printer-paper" in indexed


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bus is read from sysfs on Linux only")
def test_ports_loads_libusb_only_when_the_bus_may_hold_a_printer(tmp_path):
    """This machine's bus (a container's: none; a developer's: what sysfs shows) decides, as pos_doctor.link.usb_bus
    says: libusb is loaded exactly when it may find a printer, and the output is the same either way."""
    from pos_doctor.link.usb_bus import may_hold_printers

    p = run(PROBE, ["ports"], env_for(tmp_path), tmp_path)
    got = json.loads(p.stdout.strip().splitlines()[-1])
    loaded = [m for m in got["modules"] if m in ("usb", "libusb_package", "pos_doctor.link.usb")]
    assert bool(loaded) == may_hold_printers(), got["modules"]


def test_the_check_index_is_the_registry(tmp_path):
    """The index is what the checks' registry says today; a check changed without it fails here (and until the index is
    made again, `checks` imports the registry: see the next test)."""
    code = "import runpy, sys; sys.argv = ['x']; runpy.run_module('pos_doctor.cli.check_index', run_name='__main__')"
    p = run(code, [], env_for(tmp_path), tmp_path)
    assert p.returncode == 0, p.stderr
    from pathlib import Path

    import pos_doctor.cli.checks_static as static

    assert p.stdout == Path(static.__file__).read_text(encoding="utf-8"), (
        "pos_doctor/cli/checks_static.py is out of date: run `python -m pos_doctor.cli.check_index --write`")


@pytest.mark.parametrize("json_out", [True, False])
def test_a_stale_check_index_is_not_used(monkeypatch, capsys, json_out):
    from pos_doctor.cli import check_index, light

    light.list_checks(json_out=json_out, lang="en")
    indexed = capsys.readouterr().out
    monkeypatch.setattr(check_index, "fingerprint", lambda: {"host.py": [1, 2]})  # a module changed
    monkeypatch.setattr("pos_doctor.cli.checks_static.ROWS", [("stale", "link", "Stale", "旧", None)])
    assert check_index.rows() == check_index.registry_rows()
    light.list_checks(json_out=json_out, lang="en")
    assert capsys.readouterr().out == indexed and "terminal.status" in indexed and "stale" not in indexed


def test_the_configuration_is_loaded_when_it_can_say_something(monkeypatch, tmp_path):
    from pos_doctor.cli import light

    for k in [k for k in os.environ if k.startswith("POS_DOCTOR_")]:
        monkeypatch.delenv(k)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("POS_DOCTOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert light.configured() is None  # nothing to read: the defaults
    monkeypatch.setenv("POS_DOCTOR_RECORDS_PATH", str(tmp_path / "elsewhere.db"))
    assert light.configured().get("records.path") == str(tmp_path / "elsewhere.db")
    monkeypatch.delenv("POS_DOCTOR_RECORDS_PATH")
    (tmp_path / "pos-doctor.toml").write_text('[records]\npath = "in-file.db"\n', encoding="utf-8")
    assert light.configured().get("records.path") == "in-file.db"
    from pos_doctor.config import ENV_PREFIX, KEYS, env_name

    assert ENV_PREFIX == "POS_DOCTOR_" and "POS_DOCTOR_DATA_DIR" not in {env_name(k) for k in KEYS}


def test_history_reads_the_configured_database(tmp_path):
    """`records.path` in the configuration file: the light path loads it and lists that database's runs."""
    env = env_for(tmp_path)
    made = run(FULL, ["check", "--simulate", "healthy", "--json", "--only", "software"], env, tmp_path)
    assert made.returncode in (0, 1), made.stderr
    (tmp_path / "data" / "history.db").rename(tmp_path / "moved.db")
    (tmp_path / "pos-doctor.toml").write_text(f'[records]\npath = "{tmp_path / "moved.db"}"\n', encoding="utf-8")
    fast, full = run(FAST, ["history"], env, tmp_path), run(FULL, ["history"], env, tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (full.returncode, full.stdout, full.stderr)
    assert "SIM" in fast.stdout, fast.stdout


@pytest.mark.parametrize("argv", [["--lang", "zh", "playbooks", "list"],
                                  ["--lang", "zh", "playbooks", "show", "printer-paper"]])
def test_the_root_lang_reaches_the_playbook_commands(tmp_path, argv):
    """`pos-doctor --lang zh playbooks list`: the language given before the command is the command's (it printed
    English, the light path and the full group alike)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POS_DOCTOR_", "LANG", "LC_"))}
    env.update(POS_DOCTOR_DATA_DIR=str(tmp_path), LANG="C.UTF-8", HOME=str(tmp_path))
    p = subprocess.run([sys.executable, "-m", "pos_doctor", *argv], capture_output=True, text=True, env=env,
                       cwd=tmp_path, timeout=60)
    assert p.returncode == 0, p.stderr
    assert "收银" in p.stdout or "打印" in p.stdout, p.stdout[:400]
