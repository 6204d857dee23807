"""`pos-doctor report RUN_ID|latest`: the evidence report of one run (md, html, json or pdf)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pos_doctor.cli.device_options import Lang
from pos_doctor.errors import UsageError
from pos_doctor.i18n import T

app = typer.Typer(add_completion=False)

FORMATS = ("md", "html", "json", "pdf")
KINDS = ("check", "fix")
WRITTEN = T("Report written to {path}")


def _bad_id(run_id: str) -> UsageError:
    return UsageError(
        T("no recorded run with id {run_id!r}", run_id=run_id),
        hint=T("run `pos-doctor history` to list run ids, then `pos-doctor report ID` (or `pos-doctor report latest`)"))


def _write(output: Path, data: str | bytes) -> None:
    try:
        if output.exists() and not output.is_file():
            raise IsADirectoryError(21, "not a regular file")
        if isinstance(data, bytes):
            output.write_bytes(data)
        else:
            output.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise UsageError(T("cannot write {output}: {strerror}", output=output, strerror=exc.strerror),
                         hint=T("choose another --output path")) from None


@app.command(help="Evidence report of one run for the payment provider.")
def report(
    run_id: str = typer.Argument(..., help="Run id, as listed by `pos-doctor history` (or printed by check/fix), "
                                           "or latest."),
    fmt: str = typer.Option("md", "--format", "-f", help="md, html, json or pdf."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE instead of the screen."),
    kind: Optional[str] = typer.Option(None, "--kind", help="With latest: the latest check or fix."),
    redact: bool = typer.Option(False, "--redact", help="Also hide terminal and merchant IDs and serial numbers."),
    db: Optional[str] = typer.Option(None, "--db", help="Database file (default: the user data directory)."),
    lang: Lang = None,
) -> None:
    from pos_doctor.cli.language import command_lang
    from pos_doctor.records.recorder import open_store
    from pos_doctor.records.report import build_model, render
    from pos_doctor.ui.console import Env

    env = Env.create(command_lang(lang))
    if fmt not in FORMATS:
        raise UsageError(T("--format must be md, html, json or pdf, not {fmt!r}", fmt=fmt))
    if kind is not None and kind not in KINDS:
        raise UsageError(T("--kind must be check or fix, not {kind!r}", kind=kind))
    latest = run_id.strip().lower() == "latest"
    if not latest and not (run_id.strip().isdigit() and len(run_id.strip()) <= 18):
        raise _bad_id(run_id)
    from pos_doctor.config import load_config

    cfg = load_config()
    with open_store(db, cfg) as store:
        if latest:
            rows = store.history(kind=kind, limit=1)
            if not rows:
                what = (T("no recorded check run yet") if kind == "check" else T("no recorded fix run yet") if kind
                        else T("no recorded run yet"))
                raise UsageError(what, hint=T("runs are recorded by `pos-doctor check` and `pos-doctor fix`"))
            run_id = str(rows[0]["id"])
        run = store.get_run(int(run_id))
        if run is None:
            raise _bad_id(run_id)
    model = build_model(run, redact=redact, config=cfg)
    if fmt == "pdf":
        _pdf(env, model, output, run_id)
        raise typer.Exit(0)
    text = render(model, fmt, env.lang)
    if output is None:
        env.write(text)
    else:
        from pos_doctor.yamlfile import write_output

        write_output(output, text, "--output")  # a FIFO or device there is refused, never waited on
        print(WRITTEN.format(path=str(output))(env.lang), file=env.stderr)
    raise typer.Exit(0)


def _pdf(env, model: dict, output: Path | None, run_id: str) -> None:
    from pos_doctor.records.pdf import NoBrowser, html_to_pdf
    from pos_doctor.records.report import render_html

    output = output or Path(f"pos-doctor-run-{run_id}.pdf")
    from pos_doctor.yamlfile import refuse_special_output

    refuse_special_output(output, "--output")  # a FIFO or device there is refused, never waited on
    if output.exists() and not output.is_file():
        _write(output, b"")  # the one screen for a path that cannot be written
    try:
        html_to_pdf(render_html(model, env.lang), output)
    except NoBrowser:
        raise UsageError(
            T("a PDF needs Chromium, Chrome or Edge, and none was found"),
            hint=T("install chromium (Debian/Ubuntu: apt install chromium), or set POS_DOCTOR_CHROMIUM to the "
                   "browser; or write HTML and print it from any browser: pos-doctor report {run_id} --format html "
                   "-o report.html", run_id=run_id)) from None
    except RuntimeError as exc:
        raise UsageError(T("the PDF could not be made: {exc}", exc=exc),
                         hint=T("write HTML instead: pos-doctor report {run_id} --format html -o report.html",
                                run_id=run_id)) from None
    print(WRITTEN.format(path=str(output))(env.lang), file=env.stderr)
