"""Every `--help` screen through the CLI, in one language: the command paths and a subprocess run of each."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from pos_doctor.cli.help_static import HELP

PATHS = [""] + sorted(HELP["en"])  # "": the root, `pos-doctor --help`
# what a person types is not language: the command path in the usage line, command names in the list, metavars and
# flags, a [default: …] value, a range, a file name or address
TYPED = [re.compile(r"pos-doctor(?: [a-z-]+)*"), re.compile(r"^[\s│]*[a-z][a-z-]*(?=\s{2,})", re.M),
         re.compile(r"\[(?:zh\|en\|de)\]"), re.compile(r"\[(?:默认|Standard)：?:?[^\]]*\]"),
         re.compile(r"\[\d+<=x<=\d+\]"), re.compile(r"`[^`]*`"),
         re.compile(r"(?<![\w-])--?[a-z][a-z0-9-]*(?:,? --?[a-z][a-z0-9-]*)*(?: \[?[A-ZÄÖÜ_]{2,}[\]\.]*)?"),
         re.compile(r"[a-z][a-z0-9+]*://\S*"), re.compile(r"/dev/\S*")]


def help_screen(tmp_path, path: str, lang: str, *, via: str = "--lang") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("POS_DOCTOR_") and k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), POS_DOCTOR_DATA_DIR=str(tmp_path / "data"), NO_COLOR="1",
               COLUMNS="200", LANG="C.UTF-8")
    args = [*path.split(), "--help"]
    if via == "config":
        (tmp_path / "pos-doctor.toml").write_text(f'language = "{lang}"\n', encoding="utf-8")
    elif via == "env":
        env["POS_DOCTOR_LANG"] = lang
    elif via == "locale":
        env["LANG"] = {"zh": "zh_CN.UTF-8", "de": "de_DE.UTF-8"}.get(lang, "en_US.UTF-8")
    else:
        args.insert(0, f"--lang={lang}")  # the root's option: every command, groups and subcommands too
    return subprocess.run([sys.executable, "-m", "pos_doctor", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


def language_only(text: str) -> str:
    for rx in TYPED:
        text = rx.sub(" ", text)
    return text
