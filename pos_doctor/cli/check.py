"""`pos-doctor check`: parse → checks.session.open_session(...).run() → ui renderer. Thin on purpose."""

from __future__ import annotations

from typing import Annotated, List, Optional

import typer

from pos_doctor.cli.device_options import (
    DeviceOptions,
    Lang,
    NoColor,
    NoRecord,
    Note,
    build_options,
    device_command,
    progress_printer,
)
from pos_doctor.errors import UsageError
from pos_doctor.i18n import T

app = typer.Typer(add_completion=False)

FORMATS = ("text", "json", "nagios", "checkmk", "junit", "prometheus")


@app.command(help="Diagnose terminal, printer, network, power and software in one run.")
@device_command("check")
def check(
    opts: DeviceOptions,  # the device options, declared in cli/device_options.py (the deadline: after --skip)
    only: Annotated[Optional[List[str]], typer.Option(
        "--only", help="Only these check ids or categories (repeatable, or comma list).")] = None,
    skip: Annotated[Optional[List[str]], typer.Option("--skip", help="Skip these check ids or categories.")] = None,
    no_host_contact: Annotated[bool, typer.Option(
        "--no-host-contact", help="Do not let the terminal call its payment host.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON document on stdout.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="text, json, nagios, checkmk, junit or prometheus.")] = "text",
    output: Annotated[Optional[str], typer.Option(
        "--output", metavar="FILE",
        help="Write the machine format to FILE (atomically, on every exit code) instead of stdout.")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="warning, critical or never.")] = "warning",
    warning: Annotated[Optional[str], typer.Option(
        "-w", "--warning", metavar="RANGE",
        help="Warning threshold (ms, Nagios range) for the measured times: one range, "
             "or first_answer=R,completion=R,connect=R.")] = None,
    critical: Annotated[Optional[str], typer.Option(
        "-c", "--critical", metavar="RANGE", help="Critical threshold, same form as -w.")] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Show observed/expected and raw data.")] = False,
    lang: Lang = None,
    no_color: NoColor = False,
    note: Note = None,
    no_record: NoRecord = False,
    trace: Annotated[Optional[str], typer.Option(
        "--trace", metavar="FILE",
        help="Write a hex dump of every byte to and from the devices, with timestamps.")] = None,
) -> None:
    from pos_doctor.checks.session import open_session
    from pos_doctor.ui.console import Env

    fmt = "json" if json_out else fmt
    if fmt not in FORMATS:
        raise UsageError(T("--format {fmt!r}: choose one of {items}", fmt=fmt, items=', '.join(FORMATS)))
    if output is not None:
        if fmt == "text":
            raise UsageError(T("--output needs a machine format: --format json, nagios, checkmk, junit or prometheus"))
        from pos_doctor.yamlfile import refuse_special_output

        refuse_special_output(output, "--output")
    if fail_on not in ("warning", "critical", "never"):
        raise UsageError(T("--fail-on {fail_on!r}: choose warning, critical or never", fail_on=fail_on))
    from pos_doctor.cli.language import command_lang

    cfg = opts.config(lang=command_lang(lang))  # the command's --lang, else the one main() decided for the line
    env = Env.create(cfg.get("language"), no_color=no_color)
    from pos_doctor.checks.thresholds import Thresholds

    thresholds = Thresholds.build(warning, critical)  # a bad range is a usage error before any port is opened
    options = build_options(cfg, no_host_contact=no_host_contact, fail_on=fail_on, simulate=opts.simulate,
                            thresholds=thresholds, simulate_printer_link=opts.simulated_printer_link())
    import time

    deadline = time.monotonic() + options.timeout  # the run's, and recording waits for a busy database within it
    split = lambda xs: [p.strip() for x in xs for p in x.split(",") if p.strip()]  # noqa: E731
    only_ids, skip_ids = split(only or []) or None, split(skip or []) or None
    from pos_doctor.checks.registry import all_checks, select

    select(all_checks(), only_ids, skip_ids)  # bad ids fail before any port is opened
    progress, on_event, clear_progress = progress_printer(env) if fmt == "text" else (None, None, lambda: None)
    tracer = None
    if trace:
        from pos_doctor.link.trace import Tracer
        from pos_doctor.yamlfile import refuse_special_output

        refuse_special_output(trace, "--trace")

        tracer = Tracer()
    try:
        with open_session(options, on_progress=progress, on_event=on_event) as session:
            if tracer is not None:
                session.resources["tracer"] = tracer
            report = session.run(only=only_ids, skip=skip_ids)
            question = None
            if fmt == "text" and report.status == "ok" and options.terminal:  # "all good": unless a payment may not be
                question = same_amount_twice(session)
    finally:
        if tracer is not None and trace:  # the trace is kept even when the run fails: it is the evidence
            try:
                tracer.write_to(trace)
            except OSError as exc:
                raise UsageError(T("--trace {trace}: cannot write: {value}", trace=trace,
                                   value=exc.strerror or exc)) from None
    clear_progress()
    from pos_doctor.cli.suggest import device_args, saved_line
    from pos_doctor.records.recorder import record_run, recording_enabled

    run_id = record_run("check", report.to_json(), config=cfg, note=note, no_record=no_record, lang=env.lang,
                        deadline=deadline)
    device = opts.device()
    line = saved_line(run_id, recording_enabled(cfg, no_record=no_record))
    if fmt != "text":
        from pos_doctor.cli.check_output import emit

        try:
            emit(fmt, report, output=output, cfg=cfg, lang=env.lang, run_id=run_id, fix_args=device_args(device, lang),
                 write=env.write)
        except OSError as exc:
            raise UsageError(T("--output {output}: cannot write: {value}", output=output,
                               value=exc.strerror or exc)) from None
        if not verbose:  # a monitoring engine reads stdout and stderr as one: the run id is in the document
            line = None
    if fmt == "text":
        from pos_doctor.ui.render_check import render

        def playbooks():  # the library this configuration names, read only to title a next step
            from pos_doctor.playbooks.library import Library

            return Library.load(cfg.get("playbooks.dirs") or [])

        render(report, env, verbose=verbose, fix_args=device_args(device, lang), payment_question=question,
               playbooks=playbooks)
        if env.interactive and env.stdout_isatty and report.playbooks():
            # A person at the till with a problem found: offer the guided fix right away.
            from pos_doctor.cli.fix_run import offer_after_check

            if line is not None:
                print(env.t(line), file=env.stderr)
                line = None
            code = offer_after_check(env, cfg, report, device)
            if code is not None:
                raise typer.Exit(code)
    if line is not None:
        print(env.t(line), file=env.stderr)
    raise typer.Exit(report.exit_code)


def same_amount_twice(session):
    """After an all-good check: two approved payments of the same amount minutes apart in the terminal's records
    (read-only, after every check has run, so no check's time is taken), as a Text naming them; None otherwise.
    Not a fault (two coffees a minute apart); a customer may still ask, and `fix` settles it with their evidence."""
    from datetime import timedelta

    from pos_doctor.i18n import T
    from pos_doctor.payments.classify import distinct
    from pos_doctor.payments.model import TerminalEvidence, money_text
    from pos_doctor.playbooks.actions import DeviceServices

    try:
        read = DeviceServices(session).action("read_journal", {})
        ev = TerminalEvidence.from_json(read.data.get("terminal_evidence") or {})
    except Exception:  # noqa: BLE001 - what cannot be read here adds nothing to a check that passed
        return None
    records = sorted((r for r in distinct(ev.records) if r.result == "approved" and r.kind not in ("reversal", "refund")
                      and r.amount is not None and r.time is not None), key=lambda r: r.time)
    for a, b in zip(records, records[1:], strict=False):
        if a.amount == b.amount and a.currency == b.currency and b.time - a.time <= timedelta(minutes=5):
            return T("two approved payments of {amount} minutes apart (traces {first} and {second})",
                     amount=money_text(a.amount, a.currency), first=a.trace_number, second=b.trace_number)
    return None
