"""The device options `check` and `fix` share are declared once, in cli/device_options.py (issue 29): flag,
configuration key, environment variable, help (its translations: the catalogs) and validation. Everything else reads
them."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from pos_doctor import config
from pos_doctor.cli.device_options import DeviceOptions, device_command
from pos_doctor.cli.help_static import HELP
from pos_doctor.errors import UsageError

PACKAGE = Path(__file__).resolve().parents[2] / "pos_doctor"
DECLARED = DeviceOptions.declared()
FLAGS = {d.flag for _, _, d in DECLARED}
KEYS = {key for _, _, d in DECLARED for key in d.keys}
# Other commands' own options that happen to share a flag with a device option (a different option: the simulator's
# own line speed; the statement's simulated journal). Their Chinese is in their own command's table.
OTHERS = {("cli/simulate.py", "--baud"), ("cli/statement.py", "--simulate")}


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel not in ("cli/device_options.py", "cli/help_static.py"):  # the declaration; a generated file
            yield rel, path.read_text(encoding="utf-8")


def _reads(tree: ast.AST) -> set[int]:
    """The string constants that only read a configuration value by its key: `cfg.get("timeouts.run")`."""
    return {id(node.args[0]) for node in ast.walk(tree) if isinstance(node, ast.Call) and
            isinstance(node.func, ast.Attribute) and node.func.attr == "get" and len(node.args) == 1}


def test_no_flag_or_configuration_key_of_a_device_option_is_written_outside_its_declaration():
    found = []
    for rel, text in _sources():
        tree = ast.parse(text)
        reads = _reads(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if node.value in FLAGS and (rel, node.value) not in OTHERS:
                found.append(f"{rel}:{node.lineno}: {node.value}")
            elif node.value in KEYS and id(node) not in reads:
                found.append(f"{rel}:{node.lineno}: {node.value}")
    assert found == []


def test_the_help_of_a_device_option_is_written_only_in_its_declaration_and_translated_in_the_catalogs():
    for _, _, d in DECLARED:
        helps = [d.help, *d.own_help.values()]
        assert all(h.translated("zh") and h.translated("de") for h in helps), d.flag  # locale/*/help.po
        texts = {h.en for h in helps}
        for rel, source in _sources():
            assert not any(t in source for t in texts), (rel, d.flag)


@pytest.mark.parametrize("command", ["check", "fix"])
@pytest.mark.parametrize("lang", ["en", "zh", "de"])
def test_the_help_shows_each_declared_option_with_its_declared_text(command, lang):
    shown = {term.split()[0]: text for term, text in HELP[lang][command]["options"]}
    for _, _, d in DeviceOptions.declared(command):
        assert shown[d.flag] == getattr(d.help_for(command), lang)
    assert not any(flag in shown for _, _, d in DECLARED if command not in d.commands for flag in [d.flag])


def test_each_declaration_names_keys_of_the_configuration_file_of_its_type():
    for name, kind, d in DECLARED:
        for key in d.keys:
            assert key in config.KEYS, (name, key)
        if len(d.keys) == 1:  # a value of the flag's type is a value of the key's (a choice is text)
            want = config.KEYS[d.keys[0]][0]
            assert want is kind or (kind is str and isinstance(want, tuple)) or (kind is float and want is float), name
        assert d.env == tuple("POS_DOCTOR_" + key.replace(".", "_").upper() for key in d.keys)


def test_the_layers_flag_over_environment_over_file_over_default(tmp_path, monkeypatch):
    (tmp_path / "pos-doctor.toml").write_text('[terminal]\nbaud = 19200\nport = "/dev/file"\n[printer]\nbaud = 4800\n'
                                              '[payment]\nhost = "file.example"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(config, "user_config_path", lambda: tmp_path / "none.toml")
    for name in [n for n in os.environ if n.startswith("POS_DOCTOR_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("POS_DOCTOR_PRINTER_BAUD", "38400")
    monkeypatch.setenv("POS_DOCTOR_TERMINAL_PORT", "/dev/env")
    opts = DeviceOptions(printer_baud=115200, payment_host="flag.example:8443", parity="e", simulate="healthy",
                         printer_link="usb")
    cfg = opts.config()
    assert opts.simulated_printer_link() == "usb"  # the run's own options: no configuration key
    m = cfg.model
    assert (m.printer.baud, cfg.sources["printer.baud"]) == (115200, "command line")  # flag over env over file
    assert (m.terminal.port, cfg.sources["terminal.port"]) == ("/dev/env", "env POS_DOCTOR_TERMINAL_PORT")
    assert (m.terminal.baud, m.terminal.stopbits) == (19200, 1)  # file; default
    assert (m.payment.host, m.payment.port, m.terminal.parity) == ("flag.example", 8443, "E")


@pytest.mark.parametrize("given, en, zh", [
    ({"transport": "usb"}, "--terminal-transport 'usb': choose serial or tcp",
     "`--terminal-transport` 的值 'usb' 无效：可选 `serial` 或 `tcp`"),
    ({"parity": "x"}, "--parity 'x': choose N, E or O",
     "`--parity` 的值 'x' 无效：可选 `N`、`E`、`O`"),
    ({"printer_link": "bt"}, "--printer-link 'bt': choose usb or serial",
     "`--printer-link` 的值 'bt' 无效：可选 `usb` 或 `serial`"),
    ({"payment_host": "h:x"}, "--payment-host 'h:x': port must be a number",
     "`--payment-host` 的值 'h:x' 无效：端口必须是数字"),
    ({"payment_host": "h:70000"}, "--payment-host 'h:70000': must be a TCP port 1..65535",
     "`--payment-host` 的值 'h:70000' 无效：必须是网络端口号 1..65535"),
    ({"printer_baud": 1234}, "--printer-baud 1234: must be a standard baud rate: ",
     "`--printer-baud` 的值 1234 无效：必须是标准波特率："),
    ({"stopbits": 3}, "--stopbits 3: must be 1 or 2",
     "`--stopbits` 的值 3 无效：必须是1 或 2"),
    ({"timeout": 0.0}, "--timeout must be more than 0 seconds",
     "--timeout 必须大于 0 秒"),
    ({"timeout": 5000.0}, "--timeout 5000.0: must be more than 0 and at most 3600 seconds",
     "`--timeout` 的值 5000.0 无效："),
    ({"terminal": "bogus://x"}, "--terminal 'bogus://x': must be a port path",
     "`--terminal` 的值 'bogus://x' 无效：必须是串口路径"),
])
def test_a_bad_value_is_refused_naming_the_flag_in_both_languages(given, en, zh):
    with pytest.raises(UsageError) as e:
        DeviceOptions(**given).flags()
    assert e.value.exit_code == 3
    assert e.value.message.startswith(en) and e.value.text("zh").startswith(zh)


def test_the_device_dict_keeps_its_shape_and_a_suggested_command_repeats_it():
    opts = DeviceOptions(terminal="/dev/ttyUSB0", printer_baud=19200, simulate="paper-out", timeout=5.0,
                         policy="p.yaml", printer_link="usb")
    assert opts.device() == {"terminal": "/dev/ttyUSB0", "printer_baud": 19200, "simulate": "paper-out", "timeout": 5.0}
    assert DeviceOptions.from_device({**opts.device(), "unknown": 1}).device() == opts.device()  # a saved walk's
    assert opts.args() == ["--simulate", "paper-out", "--terminal", "/dev/ttyUSB0", "--printer-baud", "19200",
                           "--timeout", "5.0"]


def test_a_command_without_a_device_options_parameter_is_a_programming_error():
    with pytest.raises(TypeError):
        device_command("check")(lambda verbose=False: None)
