"""The user's data and configuration folders, as platformdirs names them, without importing it on Linux.

Importing platformdirs costs about a third of a bare interpreter's start (it brings tempfile, shutil, random, bz2
and lzma), and every command line needs the configuration folder (for its language) and `history` the data folder.
On Linux the rule is short (XDG base directories): `$XDG_DATA_HOME` / `$XDG_CONFIG_HOME` when set to an absolute
path, else `~/.local/share` / `~/.config`, then the application's name. Anywhere else (Windows, macOS, Android), or
when the home folder is not an absolute `$HOME`, platformdirs answers. tests/test_userdirs.py holds the two equal.
"""

from __future__ import annotations

import os
import sys

APP = "pos-doctor"


def _linux_base(env_var: str, default: str) -> str | None:
    """The XDG folder for `env_var`, or None where platformdirs must decide."""
    if not sys.platform.startswith("linux") or hasattr(sys, "getandroidapilevel"):
        return None
    if os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system":
        return None  # platformdirs looks further for an Android app
    path = os.environ.get(env_var, "")
    if path.startswith("/"):
        return path
    home = os.environ.get("HOME", "")
    if not home.startswith("/"):
        return None  # no HOME, or a relative one: platformdirs asks the password database
    return home.rstrip("/") + "/" + default  # as os.path.expanduser joins them


def user_data_dir() -> str:
    base = _linux_base("XDG_DATA_HOME", ".local/share")
    if base is None:
        import platformdirs

        return platformdirs.user_data_dir(APP, appauthor=False)
    return os.path.join(base, APP)


def user_config_dir() -> str:
    base = _linux_base("XDG_CONFIG_HOME", ".config")
    if base is None:
        import platformdirs

        return platformdirs.user_config_dir(APP, appauthor=False)
    return os.path.join(base, APP)
