"""Playbooks: the model, the loader/validator, the condition language and the step engine.

The engine talks to people only through a small prompter interface (engine.Prompter) and to devices only through
engine.Services, so the terminal wizard, `--answers` files and tests drive it the same way.
"""

from pos_doctor.playbooks.loader import load_playbook

__all__ = ["load_playbook"]
