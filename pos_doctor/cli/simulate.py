"""`pos-doctor simulate`: serve a simulated terminal and printer until interrupted."""

from __future__ import annotations

import json
import signal
import sys
import threading
from typing import Optional

import typer

from pos_doctor.cli.device_options import Lang
from pos_doctor.errors import UsageError
from pos_doctor.i18n import T

app = typer.Typer(add_completion=False)


def serve(*, scenario: str, link: str, tcp_framing: str, baud: int | None, as_json: bool, lang: str,
          log_level: str) -> int:
    from pos_doctor.simulator import Simulator

    if link == "pty" and sys.platform == "win32":
        raise UsageError(T("virtual serial ports (pty) do not exist on Windows"),
                         hint=T("run `pos-doctor simulate --link tcp`"))
    if log_level.lower() not in ("debug", "info", "warning", "error", "quiet"):
        raise UsageError(T("--log-level must be info or quiet, not {log_level!r}", log_level=log_level))
    quiet = log_level.lower() in ("warning", "error", "quiet")
    from pos_doctor.privacy import mask_text

    # the log shows receipts and texts the simulated devices send: masked like every other output
    log = (lambda msg: None) if quiet else (lambda msg: print(mask_text(str(msg)), file=sys.stderr, flush=True))
    done = threading.Event()

    def on_signal(signum, frame):  # noqa: ARG001 — signal handler signature
        done.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    with Simulator(scenario, link=link, tcp_framing=tcp_framing, baud=baud, log=log) as sim:
        if as_json:
            print(json.dumps({"terminal": sim.terminal_port, "printer": sim.printer_port,
                              "scenario": sim.scenario.name, "terminal_transport": sim.terminal_transport}), flush=True)
        else:
            print(f"terminal: {sim.terminal_port}", flush=True)
            print(f"printer: {sim.printer_port}", flush=True)
        while not done.wait(0.2):
            pass
    log("simulator: stopped")
    return 0


def list_text(lang: str) -> str:
    from pos_doctor.simulator import list_scenarios

    rows = list_scenarios()
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name.ljust(width)}  {desc(lang)}" for name, desc in rows)


@app.command(help="Serve a simulated terminal and printer on virtual serial ports, for trying out and training.")
def simulate(
    scenario: str = typer.Option("healthy", "--scenario", "-s", help="Scenario name or path of a scenario .yaml."),
    link: str = typer.Option("pty", "--link", help="pty (virtual serial ports) or tcp."),
    tcp_framing: str = typer.Option("serial", "--tcp-framing",
                                    help="With --link tcp: serial framing or zvt (ZVT over TCP)."),
    baud: Optional[int] = typer.Option(None, "--baud",
                                       help="Pace output like a serial line at this speed (default 9600)."),
    as_json: bool = typer.Option(False, "--json", help="Print the ports as one JSON line."),
    list_: bool = typer.Option(False, "--list", help="List the scenarios and exit."),
    lang: Lang = None,
    log_level: str = typer.Option("info", "--log-level", help="info (log device activity on stderr) or quiet."),
) -> None:
    from pos_doctor.i18n import detect_lang

    lang = detect_lang(lang)
    if list_:
        print(list_text(lang), flush=True)
        raise typer.Exit(0)
    if link not in ("pty", "tcp"):
        raise UsageError(T("--link must be pty or tcp, not {link!r}", link=link))
    if tcp_framing not in ("serial", "zvt"):
        raise UsageError(T("--tcp-framing must be serial or zvt, not {tcp_framing!r}", tcp_framing=tcp_framing))
    if baud is not None and baud <= 0:
        raise UsageError(T("--baud must be a positive number, not {baud}", baud=baud))
    raise typer.Exit(serve(scenario=scenario, link=link, tcp_framing=tcp_framing, baud=baud, as_json=as_json,
                           lang=lang, log_level=log_level))
