"""What `fix` and `check` (its offer of the recommended fix) share around pos_doctor.fix: the screen the session
talks through, and the outcome rendered (the --json document, the run-id line). Not a command."""

from __future__ import annotations

import json
from typing import Any

from pos_doctor.fix import FixOutcome
from pos_doctor.ui.fix_prompter import FixPrompter


def prompter(env: Any, *, json_out: bool = False) -> FixPrompter:
    """The wizard on `env` (on stderr with --json: stdout is the document's), with the progress line; Ctrl-C
    stops the walk at the keyboard."""
    from pos_doctor.cli.device_options import progress_printer
    from pos_doctor.ui.fix_prompter import take_ctrl_c

    if env.interactive:
        take_ctrl_c(env)
    return FixPrompter(env, to_stderr=json_out, progress=progress_printer(env))


def render(env: Any, outcome: FixOutcome, *, json_out: bool = False) -> int:
    """--json: the one document on stdout (also when there was nothing to walk, or answers are missing); then the
    error, or the run-id line on stderr. Returns the exit code."""
    from pos_doctor.cli.suggest import saved_line

    doc = outcome.transcript
    if json_out and doc is not None:
        env.write(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
    if outcome.error is not None:
        raise outcome.error
    if doc is not None:
        line = saved_line(doc.get("run_id"), outcome.recording)
        if line is not None:
            print(env.t(line), file=env.stderr)
    return int(outcome.exit_code)


def offer_after_check(env: Any, cfg: Any, report: Any, device: dict) -> int | None:
    """`check` on an interactive terminal that found problems: offer the recommended playbook. None: declined."""
    from pos_doctor.cli.device_options import build_options
    from pos_doctor.fix import FixOptions, offer_after_check as offer
    from pos_doctor.playbooks.library import Library

    lib = Library.load(cfg.get("playbooks.dirs") or [])
    options = FixOptions(device=device, config=cfg, checks=build_options(cfg, simulate=device.get("simulate")))
    outcome = offer(options, lib, prompter(env), report)
    return None if outcome is None else render(env, outcome)
