"""Commands the program suggests, ready to paste: they repeat the device options the run used, and the line that
says under which run id the run was saved."""

from __future__ import annotations

import shlex

from pos_doctor.i18n import Text

# The device dict `check`/`fix` build from their flags (cli/fix.py, cli/check.py) -> the flag that set each key.
FLAGS = (("simulate", "--simulate"), ("terminal", "--terminal"), ("printer", "--printer"), ("baud", "--baud"),
         ("printer_baud", "--printer-baud"), ("parity", "--parity"), ("stopbits", "--stopbits"),
         ("transport", "--terminal-transport"), ("payment_host", "--payment-host"), ("timeout", "--timeout"))

SAVED = Text("Saved as run {id} — `pos-doctor report {id}`", "已保存为记录 {id}——查看报告：`pos-doctor report {id}`")
NOT_SAVED = Text("Not recorded (--no-record or records.enabled = false): there is no run id to quote.",
                 "未记录（`--no-record` 或 `records.enabled = false`）：没有可提供的记录编号。")


def device_args(device: dict | None, lang: str | None = None) -> str:
    """' --simulate paper-out --lang zh' — the options to append to a suggested command ('' when none)."""
    parts = []
    for key, flag in FLAGS:
        value = (device or {}).get(key)
        if value is not None:
            parts += [flag, shlex.quote(str(value))]
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
