"""Commands the program suggests, ready to paste: they repeat the device options the run used, and the line that
says under which run id the run was saved."""

from __future__ import annotations

import shlex

from pos_doctor.i18n import Text

SAVED = Text("Saved as run {id} — `pos-doctor report {id}`")
NOT_SAVED = Text("Not recorded (--no-record or records.enabled = false): there is no run id to quote.")


def device_args(device: dict | None, lang: str | None = None) -> str:
    """' --simulate paper-out --lang zh' — the options to append to a suggested command ('' when none): the device
    dict's, as their declarations spell them (cli/device_options.py); then the language."""
    from pos_doctor.cli.device_options import DeviceOptions

    parts = [shlex.quote(word) for word in DeviceOptions.from_device(device or {}).args()]
    if lang:
        parts += ["--lang", lang]
    return "".join(" " + p for p in parts)


def command(words: str, device: dict | None, lang: str | None = None) -> str:
    return f"pos-doctor {words}{device_args(device, lang)}"


def saved_line(run_id: int | None, recording: bool = True) -> Text | None:
    """The run-id line every check and fix ends with (None: recording was on but failed; the recorder warned)."""
    if run_id is not None:
        return SAVED.format(id=run_id)
    return None if recording else NOT_SAVED
