"""A check session: open links / a device backend (the simulator) once, run checks repeatedly (the `fix` wizard
re-runs after each step).

    with open_session(options) as s:
        report = s.run(only=["printer.receipt"])
        s.zvt().repeat_receipt()      # safe actions through the same clients
"""

from __future__ import annotations

import dataclasses
import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from pos_doctor.checks.model import CheckReport
from pos_doctor.checks.runner import CheckContext, CheckOptions, run_checks
from pos_doctor.i18n import T

if TYPE_CHECKING:
    from pos_doctor.link.backends import DeviceBackend


class CheckSession:
    def __init__(self, options: CheckOptions, on_progress=None, on_event=None):
        self.options = options
        self.on_progress = on_progress
        self.resources: dict = {"on_event": on_event} if on_event else {}
        self.backend: DeviceBackend | None = None  # --simulate: the simulator, started through link.backends
        self.target: dict = {"terminal_port": options.terminal, "printer_port": options.printer,
                             "simulated": bool(options.simulate), "scenario": options.simulate}
        # One lock per port for the session's life, not per run: a check the runner gave up on still holds its
        # port until its own deadline cuts it off, and an action waits for that instead of sharing the line.
        self.port_locks = {"terminal": threading.Lock(), "printer": threading.Lock()}
        self.budget: float | None = None  # seconds of device work for the whole session (fix --timeout)
        self.spent = 0.0
        self._rounds: list[dict] = []  # per check round of this session: its line floor and time (target.line.rounds)

    def remaining(self) -> float:
        """Seconds of device work left: the budget's rest, or one run's deadline when there is no budget."""
        if self.budget is None:
            return self.options.timeout
        return max(0.0, self.budget - self.spent)

    @contextmanager
    def device(self, port: str) -> Iterator[float]:
        """Exclusive use of one port for an action, within the remaining device time; yields the deadline
        (time.monotonic()) to hand to the client. A port still held when time runs out is a LinkTimeout."""
        from pos_doctor.errors import LinkTimeout

        if self.budget is not None and self.remaining() <= 0:  # used up: the port is not touched again
            raise LinkTimeout(T("the walk's device time ({budget:g} s) is used up", budget=float(self.budget)),
                              timer="device budget")
        t0 = time.monotonic()
        deadline = t0 + self.remaining()
        lock = self.port_locks[port]
        if not lock.acquire(timeout=max(0.0, deadline - t0)):
            self.spent += time.monotonic() - t0
            raise LinkTimeout(T("the terminal was still busy with a check that ran out of time") if port == "terminal"
                              else T("the {port} was still busy with a check that ran out of time", port=port),
                              timer="port busy")
        try:
            yield deadline
        finally:
            lock.release()
            self.spent += time.monotonic() - t0

    def run(self, only: list[str] | None = None, skip: list[str] | None = None) -> CheckReport:
        # Facts are gathered afresh on every run (the wizard re-checks after a fix); links stay open.
        options = self.options
        if self.budget is not None:
            left = self.remaining()
            options = dataclasses.replace(options, timeout=min(options.timeout, left),
                                          check_timeout=min(options.check_timeout, left))
        ctx = CheckContext(options, target=dict(self.target), on_progress=self.on_progress, resources=self.resources,
                           port_locks=self.port_locks)
        backend = self.backend
        before = backend.stats() if backend is not None else None
        if self.budget is not None and self.remaining() <= 0:  # nothing left: no port is touched, nothing waits
            return self._out_of_time(ctx, only, skip)
        t0 = time.monotonic()
        report = None
        try:
            report = run_checks(ctx, only, skip)
        finally:
            # the device time is the run's own clock (imports before it are set-up, not device work)
            self.spent += report.duration_ms / 1000 if report is not None else time.monotonic() - t0
        line = None  # what this run put on the simulated lines, and the floor no client can beat
        if backend is not None and before is not None:
            line = backend.stats_between(before, backend.stats())
            # a walk runs several rounds: its floor is the sum of theirs (each round's own floor and time kept)
            # elapsed_s: the run's own clock (report.duration_ms); setup_s: what came before it (the imports of
            # checks and protocols a first round needs, runner.prepare), so that a round compares with its floor
            total = time.monotonic() - t0
            self._rounds.append({"floor_s": line["floor_s"], "elapsed_s": round(report.duration_ms / 1000, 4),
                                 "setup_s": round(max(0.0, total - report.duration_ms / 1000), 4),
                                 "bytes_on_wire": line["bytes_on_wire"]})
            line["rounds"] = [dict(r) for r in self._rounds]
            line["total_floor_s"] = round(sum(r["floor_s"] for r in self._rounds), 4)
            line["total_elapsed_s"] = round(sum(r["elapsed_s"] for r in self._rounds), 4)
            line["total_setup_s"] = round(sum(r["setup_s"] for r in self._rounds), 4)
        self.target.update({k: v for k, v in ctx.target.items() if v is not None and k != "line"})
        if line is not None:  # after the update: the run's context holds the line of the round before (a copy)
            self.target["line"] = line
        report.target = {**self.target, **{k: v for k, v in report.target.items() if v is not None}}
        for key in ("model", "software_version", "terminal_id"):
            report.target.setdefault(key, None)
        return report

    def _out_of_time(self, ctx, only, skip) -> CheckReport:
        from pos_doctor.checks.runner import all_checks, deadline_reached, select, utc_timestamp

        results = []
        for spec in select(all_checks(), only, skip):
            res = deadline_reached(float(self.budget or 0.0))  # only called with a budget
            res.id, res.category = spec.id, spec.category
            results.append(res)
        report = CheckReport(checks=results, started_at=utc_timestamp(), finished_at=utc_timestamp(), duration_ms=0,
                             target=dict(self.target), fail_on=ctx.options.fail_on)
        report.target = dict(self.target)
        for key in ("model", "software_version", "terminal_id"):
            report.target.setdefault(key, None)
        return report

    def zvt(self):
        from pos_doctor.checks.zvt import zvt_client

        return zvt_client(CheckContext(self.options, resources=self.resources))

    def printer(self):
        held = self.resources.get("printer")
        if held is None:
            from pos_doctor.checks.ports import device_link
            from pos_doctor.protocols.escpos.session import PrinterClient

            ctx = CheckContext(self.options, resources=self.resources)
            held = self.resources["printer"] = PrinterClient(device_link(ctx, "printer"))
        return held

    def close(self) -> None:
        for link in self.resources.pop("_opened", []):
            try:
                link.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
        for k in ("terminal_link", "printer_link", "zvt", "printer"):
            self.resources.pop(k, None)
        if self.backend is not None:
            self.backend.stop()
            self.backend = None


@contextmanager
def open_session(options: CheckOptions, *, on_progress=None, on_event=None) -> Iterator[CheckSession]:
    """Start the simulator when options.simulate is set (the "simulator" device backend, chosen by name in
    pos_doctor.link.backends) and point the options at its ports; the checks then reach it through open_link like
    real hardware."""
    session = CheckSession(options, on_progress, on_event)
    try:
        if options.simulate:
            from pos_doctor.link.backends import BackendRequest, open_backend

            # the simulated lines run at the configured speeds, so a technician rehearses their real line
            backend = session.backend = open_backend("simulator", BackendRequest(
                options.simulate, baud=options.baud, printer_baud=options.printer_baud, stopbits=options.stopbits,
                parity=options.parity, printer_link=options.simulate_printer_link))
            options.terminal, options.printer = backend.terminal_port, backend.printer_port
            options.terminal_transport = backend.terminal_transport
            session.target.update(terminal_port=options.terminal, printer_port=options.printer)
        yield session
    finally:
        session.close()
