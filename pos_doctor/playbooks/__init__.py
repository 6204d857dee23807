"""Playbooks: the model, the loader/validator, the condition language and the step engine.

The engine talks to people only through a small prompter interface (engine.Prompter) and to devices only through
engine.Services, so the terminal wizard, `--answers` files and tests drive it the same way.

`load_playbook` comes from the loader when first asked for (PEP 562): importing one submodule (the actions of
`check`, the saved walks) does not read the loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pos_doctor.playbooks.loader import load_playbook

__all__ = ["load_playbook"]


def __getattr__(name: str) -> Any:
    if name == "load_playbook":
        from pos_doctor.playbooks.loader import load_playbook

        return load_playbook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
