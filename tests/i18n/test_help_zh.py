"""`--help` of every command in Chinese, with `--lang zh` and with `language = "zh"` in the configuration: no English
word beyond the glossary's allowlist, the commands and options to type aside."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from pos_doctor.cli.help_zh import COMMANDS
from tests.i18n.zhlint import screen_problems

PATHS = sorted(COMMANDS)
# what a person types is not language: the command path in the usage line, command names in the list, metavars
_TYPED = [re.compile(r"pos-doctor(?: [a-z-]+)*"), re.compile(r"^[\s│]*[a-z][a-z-]*(?=\s{2,})", re.M),
          re.compile(r"\[(?:zh\|en)\]"), re.compile(r"\[默认：[^\]]*\]")]


def _help(tmp_path, path: str, *, via_config: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_") and k not in ("LANG", "LC_ALL")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), NO_COLOR="1",
               COLUMNS="200", LANG="C.UTF-8")
    args = [*path.split(), "--help"]
    if via_config:
        (tmp_path / "pos-doctor.toml").write_text('language = "zh"\n', encoding="utf-8")
    else:
        args.insert(0, "--lang=zh")  # the root's option: every command, groups and subcommands too
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


def _language_only(text: str) -> str:
    for rx in _TYPED:
        text = rx.sub(" ", text)
    return text


@pytest.mark.parametrize("via_config", [False, True], ids=["--lang", "config"])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p or "pos-doctor")
def test_help_is_chinese(tmp_path, path, via_config):
    p = _help(tmp_path, path, via_config=via_config)
    assert p.returncode == 0, p.stderr
    assert "用法：" in p.stdout and COMMANDS[path][0].split("\n")[0][:12] in p.stdout.replace("\n", "")
    bad = screen_problems(_language_only(p.stdout))
    assert not bad, "\n".join(bad) + "\n" + p.stdout


def test_every_command_has_chinese_help():
    import importlib

    import click
    import typer.main

    from pos_doctor.cli.main import COMMANDS as ROOT

    found = {""}
    for name, (module, _en, _zh) in ROOT.items():
        cmd = typer.main.get_command(importlib.import_module(module).app)
        found.add(name)
        if isinstance(cmd, click.Group):
            found |= {f"{name} {sub}" for sub in cmd.commands}
    assert found == set(COMMANDS)


def test_usage_errors_in_chinese(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_LANG="zh", NO_COLOR="1")
    p = subprocess.run([sys.executable, "-m", "pos_doctor", "fix", "--bogus"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert p.returncode == 3
    assert "错误：没有选项 '--bogus'。" in p.stderr and "怎么办：运行 `pos-doctor fix --help` 查看用法。" in p.stderr
