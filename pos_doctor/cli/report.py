"""`pos-doctor report RUN_ID`: the evidence bundle of one run (md, html or json)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pos_doctor.cli.device_options import Lang
from pos_doctor.errors import UsageError

app = typer.Typer(add_completion=False)

FORMATS = ("md", "html", "json")


def _weeks_ago(n: int) -> str:
    from datetime import datetime, timedelta, timezone

    return (datetime.now(timezone.utc) - timedelta(weeks=n)).isoformat(timespec="seconds")


def _bad_id(run_id: str) -> UsageError:
    return UsageError(
        f"no recorded run with id {run_id!r}", message_zh=f"没有编号为 {run_id!r} 的记录",
        hint="run `pos-doctor history` to list run ids, then `pos-doctor report ID`",
        hint_zh="运行 `pos-doctor history` 查看记录编号，然后运行 `pos-doctor report 编号`")


@app.command()
def report(
    run_id: str = typer.Argument(..., help="Run id, as listed by `pos-doctor history`."),
    fmt: str = typer.Option("md", "--format", "-f", help="md, html or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE instead of the screen."),
    redact: bool = typer.Option(False, "--redact", help="Also hide terminal and merchant IDs and serial numbers."),
    db: Optional[str] = typer.Option(None, "--db", help="Database file (default: the user data directory)."),
    lang: Lang = None,
) -> None:
    from pos_doctor.records.recorder import open_store
    from pos_doctor.records.report import build_model, render
    from pos_doctor.ui.console import Env

    env = Env.create(lang)
    if fmt not in FORMATS:
        raise UsageError(f"--format must be md, html or json, not {fmt!r}", message_zh=f"--format 只能是 md、html 或 json，而不是 {fmt!r}")
    if not run_id.strip().isdigit() or len(run_id.strip()) > 18:  # SQLite ids end at 2**63 - 1
        raise _bad_id(run_id)
    from pos_doctor.config import load_config

    with open_store(db, load_config()) as store:
        run = store.get_run(int(run_id))
        if run is None:
            raise _bad_id(run_id)
        stats = store.stats(since=_weeks_ago(4)) if fmt == "html" else None
    text = render(build_model(run, redact=redact), fmt, env.lang, stats)
    if output is None:
        env.write(text)
    else:
        from pos_doctor.yamlfile import write_output

        write_output(output, text, "--output")  # a FIFO or device there is refused, never waited on
        print(("报告已写入 " if env.lang == "zh" else "Report written to ") + str(output), file=env.stderr)
    raise typer.Exit(0)
