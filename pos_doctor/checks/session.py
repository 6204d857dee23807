"""A check session: open links / simulator once, run checks repeatedly (the `fix` wizard re-runs after each step).

    with open_session(options) as s:
        report = s.run(only=["printer.receipt"])
        s.zvt().repeat_receipt()      # safe actions through the same clients
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from pos_doctor.checks.model import CheckReport
from pos_doctor.checks.runner import CheckContext, CheckOptions, run_checks


class CheckSession:
    def __init__(self, options: CheckOptions, on_progress=None, on_event=None):
        self.options = options
        self.on_progress = on_progress
        self.resources: dict = {"on_event": on_event} if on_event else {}
        self.simulator = None
        self.target: dict = {"terminal_port": options.terminal, "printer_port": options.printer,
                             "simulated": bool(options.simulate), "scenario": options.simulate}

    def run(self, only: list[str] | None = None, skip: list[str] | None = None) -> CheckReport:
        # Facts are gathered afresh on every run (the wizard re-checks after a fix); links stay open.
        ctx = CheckContext(self.options, target=dict(self.target), on_progress=self.on_progress, resources=self.resources)
        before = self.simulator.stats() if self.simulator is not None else None
        report = run_checks(ctx, only, skip)
        if before is not None:  # what this run put on the simulated lines, and the floor no client can beat
            self.target["line"] = self.simulator.stats_between(before, self.simulator.stats())
        self.target.update({k: v for k, v in ctx.target.items() if v is not None})
        report.target = {**self.target, **{k: v for k, v in report.target.items() if v is not None}}
        for key in ("model", "software_version", "terminal_id"):
            report.target.setdefault(key, None)
        return report

    def zvt(self):
        from pos_doctor.checks.devices import zvt_client

        return zvt_client(CheckContext(self.options, resources=self.resources))

    def printer(self):
        held = self.resources.get("printer")
        if held is None:
            from pos_doctor.checks.devices import _link
            from pos_doctor.protocols.escpos.session import PrinterClient

            held = self.resources["printer"] = PrinterClient(_link(CheckContext(self.options, resources=self.resources), "printer"))
        return held

    def close(self) -> None:
        for link in self.resources.pop("_opened", []):
            try:
                link.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
        for k in ("terminal_link", "printer_link", "zvt", "printer"):
            self.resources.pop(k, None)
        if self.simulator is not None:
            self.simulator.stop()
            self.simulator = None


@contextmanager
def open_session(options: CheckOptions, *, on_progress=None, on_event=None) -> Iterator[CheckSession]:
    """Start the simulator when options.simulate is set (pty on POSIX, tcp on Windows) and point the
    options at its ports; the checks then reach it through open_link like real hardware."""
    session = CheckSession(options, on_progress, on_event)
    try:
        if options.simulate:
            import sys

            from pos_doctor.simulator import Simulator

            # the simulated lines run at the configured speeds, so a technician rehearses their real line
            sim = Simulator(options.simulate, link="tcp" if sys.platform == "win32" else "pty", baud=options.baud,
                            printer_baud=options.printer_baud, stopbits=options.stopbits, parity=options.parity,
                            printer_link=options.simulate_printer_link)
            sim.start()
            session.simulator = sim
            options.terminal, options.printer = sim.terminal_port, sim.printer_port
            options.terminal_transport = getattr(sim, "terminal_transport", "serial")
            session.target.update(terminal_port=options.terminal, printer_port=options.printer)
        yield session
    finally:
        session.close()
