"""`fix`'s application module, the way `checks/session.py` serves `check`: the command parses its options into a
`FixOptions`, hands them with the playbook library and a prompter (the screen: ui/fix_prompter.py) to
`FixSession(...).run()`, and renders the `FixOutcome` it gets back.

    outcome = FixSession(options, library, prompter).run()   # -> FixOutcome(transcript, exit_code)

The session does the device checks before the walk, the answers (file, --yes, the person), the walk (the playbooks
engine), the transcript (fix/transcript.py, one builder), the recording into the history, the escalation contact,
and the resume of a stopped walk (fix/resume.py). It imports neither typer nor rich, nor anything of `cli/` or
`ui/`: it talks to the person only through the `Prompter` (fix/options.py)."""

from __future__ import annotations

from pos_doctor.fix.options import FixOptions, FixOutcome, Prompter
from pos_doctor.fix.session import FixSession, offer_after_check

__all__ = ["FixOptions", "FixOutcome", "FixSession", "Prompter", "offer_after_check"]
