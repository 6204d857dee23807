"""pos_doctor.userdirs names the same folders platformdirs does (it answers on Linux without importing it)."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from pos_doctor import userdirs

CASES = [
    {"HOME": "/home/till"},
    {"HOME": "/home/till/"},
    {"HOME": "/"},
    {"HOME": "/home/till", "XDG_DATA_HOME": "/srv/data", "XDG_CONFIG_HOME": "/srv/conf"},
    {"HOME": "/home/till", "XDG_DATA_HOME": "relative/data", "XDG_CONFIG_HOME": "relative"},  # ignored: not absolute
    {"HOME": "/home/till", "XDG_DATA_HOME": "", "XDG_CONFIG_HOME": ""},
    {"HOME": "/home/till", "XDG_DATA_HOME": "/srv/data/", "XDG_CONFIG_HOME": "/srv/conf/"},
    {"HOME": "relative-home"},  # platformdirs asks the password database: so does userdirs, through it
    {},
]


@pytest.mark.parametrize("env", CASES, ids=[" ".join(f"{k}={v!r}" for k, v in c.items()) or "nothing" for c in CASES])
def test_the_same_folders_as_platformdirs(monkeypatch, env):
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "ANDROID_DATA", "ANDROID_ROOT"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert userdirs.user_data_dir() == platformdirs.user_data_dir("pos-doctor", appauthor=False)
    assert userdirs.user_config_dir() == platformdirs.user_config_dir("pos-doctor", appauthor=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the short rule is Linux's")
def test_linux_does_not_import_platformdirs(monkeypatch):
    monkeypatch.setenv("HOME", "/home/till")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # an import would raise ImportError
    assert userdirs.user_data_dir() == "/home/till/.local/share/pos-doctor"
    assert userdirs.user_config_dir() == "/home/till/.config/pos-doctor"
