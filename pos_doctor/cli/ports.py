"""`pos-doctor ports`: serial ports (description, VID:PID, who holds each), USB receipt printers, and on Windows the
spooler's printers (the body: cli/light.py)."""

from __future__ import annotations

import typer

from pos_doctor.cli.device_options import Lang

app = typer.Typer(add_completion=False)


@app.command(help="List serial ports, USB printers and who holds them.")
def ports(json_out: bool = typer.Option(False, "--json", help="One JSON document on stdout."), lang: Lang = None,
          show_phantom: bool = typer.Option(False, "--all", help="Also list phantom /dev/ttyS* ports.")) -> None:
    from pos_doctor.cli.light import list_ports

    list_ports(json_out=json_out, lang=lang, show_phantom=show_phantom)
