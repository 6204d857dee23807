"""Where the files shipped with pos-doctor live, in a source checkout and in an installed package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_playbooks_dir() -> Path:
    """The built-in playbooks: pos_doctor/playbooks_data when installed, playbooks/ in a checkout."""
    installed = _PACKAGE / "playbooks_data"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "playbooks"


def scenarios_dir() -> Path:
    return _PACKAGE / "simulator" / "scenarios"


def schemas_dir() -> Path:
    return _PACKAGE / "schemas"


def data_dir() -> Path:
    return _PACKAGE / "data"
