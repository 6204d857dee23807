"""`pos-doctor check`: parse → checks.session.open_session(...).run() → ui renderer. Thin on purpose."""

from __future__ import annotations

import json
from typing import List, Optional

import typer

from pos_doctor.errors import UsageError

app = typer.Typer(add_completion=False)

FORMATS = ("text", "json", "nagios", "junit", "prometheus")


def build_options(cfg, **kw):
    from pos_doctor.checks.runner import CheckOptions

    return CheckOptions(
        terminal=cfg.get("terminal.port"), printer=cfg.get("printer.port"),
        terminal_transport=cfg.get("terminal.transport"), baud=cfg.get("terminal.baud"),
        parity=cfg.get("terminal.parity"), stopbits=cfg.get("terminal.stopbits"), printer_baud=cfg.get("printer.baud"),
        password=cfg.get("terminal.password"), payment_host=cfg.get("payment.host"), payment_port=cfg.get("payment.port"),
        policy=cfg.get("software.policy"), timeout=cfg.get("timeouts.run"),
        check_timeout=min(cfg.get("timeouts.check"), cfg.get("timeouts.run")), **kw)


@app.command(help="Diagnose terminal, printer, network, power and software in one run. 一次检查所有项目。")
def check(
    terminal: Optional[str] = typer.Option(None, "--terminal", help="Terminal port: path or pyserial URL."),
    printer: Optional[str] = typer.Option(None, "--printer", help="Receipt printer port: path or pyserial URL."),
    baud: Optional[int] = typer.Option(None, "--baud", help="Terminal baud rate."),
    parity: Optional[str] = typer.Option(None, "--parity", help="N, E or O."),
    stopbits: Optional[int] = typer.Option(None, "--stopbits"),
    transport: Optional[str] = typer.Option(None, "--terminal-transport", help="serial or tcp."),
    payment_host: Optional[str] = typer.Option(None, "--payment-host", help="Payment host name (HOST or HOST:PORT)."),
    policy: Optional[str] = typer.Option(None, "--policy", help="Software policy file (YAML)."),
    simulate: Optional[str] = typer.Option(None, "--simulate", help="Check a simulated terminal+printer (scenario name)."),
    only: List[str] = typer.Option([], "--only", help="Only these check ids or categories (repeatable, or comma list)."),
    skip: List[str] = typer.Option([], "--skip", help="Skip these check ids or categories."),
    timeout: Optional[float] = typer.Option(None, "--timeout", help="Deadline of the whole run, seconds (default 10)."),
    no_host_contact: bool = typer.Option(False, "--no-host-contact", help="Do not let the terminal call its payment host."),
    json_out: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
    fmt: str = typer.Option("text", "--format", help="text, json, nagios, junit or prometheus."),
    fail_on: str = typer.Option("warning", "--fail-on", help="warning, critical or never."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Show observed/expected and raw data."),
    lang: Optional[str] = typer.Option(None, "--lang", help="zh or en."),
    no_color: bool = typer.Option(False, "--no-color"),
    note: Optional[str] = typer.Option(None, "--note", help="Operator note kept with this run's record."),
    no_record: bool = typer.Option(False, "--no-record", help="Do not record this run in the history database."),
    trace: Optional[str] = typer.Option(None, "--trace", metavar="FILE",
                                        help="Write a hex dump of every byte to and from the devices, with timestamps."),
) -> None:
    from pos_doctor.checks.session import open_session
    from pos_doctor.config import load_config
    from pos_doctor.ui.console import Env

    fmt = "json" if json_out else fmt
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}", message_zh=f"--format {fmt!r}: 可选 {', '.join(FORMATS)}")
    if fail_on not in ("warning", "critical", "never"):
        raise UsageError(f"--fail-on {fail_on!r}: choose warning, critical or never", message_zh=f"--fail-on {fail_on!r}: 可选 warning、critical、never")
    if transport not in (None, "serial", "tcp"):
        raise UsageError(f"--terminal-transport {transport!r}: choose serial or tcp", message_zh=f"--terminal-transport {transport!r}: 可选 serial 或 tcp")
    if parity is not None and parity.upper() not in ("N", "E", "O"):
        raise UsageError(f"--parity {parity!r}: choose N, E or O", message_zh=f"--parity {parity!r}: 可选 N、E、O")
    if timeout is not None and timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds", message_zh="--timeout 必须大于 0 秒")
    host, port = payment_host, None
    if payment_host and ":" in payment_host and not payment_host.startswith("["):
        host, _, p = payment_host.rpartition(":")
        if not p.isdigit():
            raise UsageError(f"--payment-host {payment_host!r}: port must be a number", message_zh=f"--payment-host {payment_host!r}: 端口必须是数字")
        port = int(p)
    cfg = load_config({"terminal.port": terminal, "printer.port": printer, "terminal.baud": baud,
                       "terminal.parity": parity.upper() if parity else None, "terminal.stopbits": stopbits,
                       "terminal.transport": transport, "payment.host": host, "payment.port": port,
                       "software.policy": policy, "timeouts.run": timeout, "language": lang})
    env = Env.create(cfg.get("language"), no_color=no_color)
    options = build_options(cfg, no_host_contact=no_host_contact, fail_on=fail_on, simulate=simulate)
    split = lambda xs: [p.strip() for x in xs for p in x.split(",") if p.strip()]  # noqa: E731
    only_ids, skip_ids = split(only) or None, split(skip) or None
    from pos_doctor.checks.registry import all_checks, select

    select(all_checks(), only_ids, skip_ids)  # bad ids fail before any port is opened
    progress = None
    if env.stderr_isatty and fmt == "text":
        progress = lambda cid: env.stderr.write(f"\r… {cid:<24}") or env.stderr.flush()  # noqa: E731
    on_event = None
    if env.stderr_isatty and fmt == "text":
        def on_event(msg):
            text = getattr(msg, "text", None)
            if text is not None:
                env.stderr.write(f"\r… {env.t(text)[:60]:<60}")
                env.stderr.flush()
    tracer = None
    if trace:
        from pos_doctor.link.trace import Tracer

        tracer = Tracer()
    try:
        with open_session(options, on_progress=progress, on_event=on_event) as session:
            if tracer is not None:
                session.resources["tracer"] = tracer
            report = session.run(only=only_ids, skip=skip_ids)
    finally:
        if tracer is not None:  # the trace is kept even when the run fails: it is the evidence
            try:
                tracer.write_to(trace)
            except OSError as exc:
                raise UsageError(f"--trace {trace}: cannot write: {exc.strerror or exc}",
                                 message_zh=f"--trace {trace}: 无法写入: {exc.strerror or exc}") from None
    if progress:
        env.stderr.write("\r" + " " * 70 + "\r")
    from pos_doctor.records.recorder import record_run

    record_run("check", report.to_json(), config=cfg, note=note, no_record=no_record, lang=env.lang)
    if fmt == "json":
        env.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2, default=str))
    elif fmt == "nagios":
        from pos_doctor.ui.check_formats import nagios

        env.write(nagios(report, env.lang))
    elif fmt == "junit":
        from pos_doctor.ui.check_formats import junit

        env.write(junit(report, env.lang))
    elif fmt == "prometheus":
        from pos_doctor.ui.check_formats import prometheus

        env.write(prometheus(report))
    else:
        from pos_doctor.ui.render_check import render

        render(report, env, verbose=verbose)
    raise typer.Exit(report.exit_code)
