"""`--help` of every command in Chinese, with `--lang zh` and with `language = "zh"` in the configuration: no English
word beyond the glossary's allowlist, the commands and options to type aside. The texts come from the catalogs
(locale/zh_CN/LC_MESSAGES/help.po, click's and typer's words: click.po), the English help is the message id."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.i18n.helpscreens import PATHS, help_screen
from tests.i18n.zhlint import screen_problems

_TYPED = [re.compile(r"pos-doctor(?: [a-z-]+)*"), re.compile(r"^[\s│]*[a-z][a-z-]*(?=\s{2,})", re.M),
          re.compile(r"\[(?:zh\|en\|de)\]"), re.compile(r"\[默认：[^\]]*\]")]


def _language_only(text: str) -> str:
    for rx in _TYPED:
        text = rx.sub(" ", text)
    return text


@pytest.mark.parametrize("via_config", [False, True], ids=["--lang", "config"])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p or "pos-doctor")
def test_help_is_chinese(tmp_path, path, via_config):
    p = help_screen(tmp_path, path, "zh", via="config" if via_config else "--lang")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("用法：") and "选项：" in p.stdout
    bad = screen_problems(_language_only(p.stdout))
    assert not bad, "\n".join(bad) + "\n" + p.stdout


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p or "pos-doctor")
def test_english_help_has_no_chinese(tmp_path, path):
    """`check --help` printed "一次检查所有项目。" on an English screen: the English help is English only."""
    p = help_screen(tmp_path, path, "en")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("Usage:")
    assert not re.search(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]", p.stdout), p.stdout


def test_every_help_text_is_translated():
    """Every help text the commands declare (the message id) has its Chinese and its German in the catalogs, and so
    has every word of click's and typer's a help screen shows."""
    import importlib

    import click
    import typer.main

    from pos_doctor.cli.helptext import HEADINGS, _argument_help
    from pos_doctor.cli.main import COMMANDS as ROOT, HELP_EN, cli
    from pos_doctor.i18n import Text

    texts = {HELP_EN, "Show this message and exit.", "Show the version and exit.", *HEADINGS.values(),
             *(p.help for p in cli.params if p.help)}

    def walk(cmd) -> None:
        declared = _argument_help(cmd)
        texts.update(t for t in (cmd.help, cmd.short_help) if t)
        texts.update(p.help or declared.get(p.name or "", "") for p in cmd.params)
        if isinstance(cmd, click.Group):
            for sub in cmd.commands.values():
                walk(sub)

    for _name, (module, en) in ROOT.items():
        texts.add(en)
        walk(typer.main.get_command(importlib.import_module(module).app))
    texts.discard("")
    missing = [(lang, t) for t in sorted(texts) for lang in ("zh", "de") if not Text(t).translated(lang)]
    assert not missing, "\n".join(f"{lang}: {t!r}" for lang, t in missing)


def test_usage_errors_in_chinese(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_LANG="zh", NO_COLOR="1")
    p = subprocess.run([sys.executable, "-m", "pos_doctor", "fix", "--bogus"], cwd=tmp_path, env=env,
                       capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert p.returncode == 3
    assert "错误：没有选项 '--bogus'。" in p.stderr and "怎么办：运行 `pos-doctor fix --help` 查看用法。" in p.stderr



@pytest.mark.parametrize("args", [["check", "--fail-on", "bogus"], ["checks", "--lang", "fr"], ["fix", "--bogus"]])
def test_english_errors_have_no_chinese(tmp_path, args):
    """`--fail-on bogus` printed "`--fail-on` 的值 'bogus': choose …" on an English screen."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("POS_DOCTOR_") and k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), NO_COLOR="1",
               LANG="C.UTF-8")
    extra = ["--simulate", "healthy"] if args[0] == "check" else []  # no device: the argument is refused first
    p = subprocess.run([sys.executable, "-m", "pos_doctor", *args, *extra], cwd=tmp_path, env=env,
                       capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert p.returncode == 3 and p.stderr.startswith(("Error:", "Usage:")), p.stderr
    assert not re.search(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]", p.stdout + p.stderr), p.stderr
