"""Runs checks concurrently with a timeout each and a global deadline; the run always reports every check.

Daemon threads, not a ThreadPoolExecutor: a check stuck in a driver call must not keep the process alive
after the report is out (executor threads are joined at interpreter exit). The checks on one port run one after
another in declared order in one thread per port: a line carries one command at a time anyway, and handing the port
from thread to thread would put a thread's wake-up between one check's last byte and the next one's first.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from pos_doctor.checks.model import CheckReport, CheckResult
from pos_doctor.checks.registry import CheckSpec, all_checks, select
from pos_doctor.checks.thresholds import DEFAULT as DEFAULT_THRESHOLDS, Thresholds
from pos_doctor.errors import PosDoctorError
from pos_doctor.i18n import T, Text

CRASH_HINT = Text("Run the check again; if it keeps failing, send the output of `pos-doctor check --json` to your "
                  "technician.")
DEADLINE_HINT = Text("Allow the run more time with --timeout (or timeouts.run in pos-doctor.toml), then run the check "
                     "again.")
TIMEOUT_HINT = Text("Run the check again; if it keeps timing out, check the device's cable and power, or allow more "
                    "time with --timeout.")


@dataclass
class CheckOptions:
    terminal: str | None = None
    printer: str | None = None
    terminal_transport: str = "serial"
    baud: int = 9600
    parity: str = "N"
    stopbits: int = 1
    printer_baud: int = 9600
    password: str = "000000"
    payment_host: str | None = None
    payment_port: int = 443
    policy: str | None = None
    timeout: float = 10.0          # global deadline of a run
    check_timeout: float = 5.0     # cap for each check
    no_host_contact: bool = False
    fail_on: str = "warning"
    simulate: str | None = None
    thresholds: Thresholds = DEFAULT_THRESHOLDS  # -w / -c for the measured times
    simulate_printer_link: str | None = None  # "usb": the simulated printer sits behind the USB code path


@dataclass
class CheckContext:
    options: CheckOptions
    # One lock per port: a serial line carries one command at a time.
    port_locks: dict[str, threading.Lock] = field(default_factory=lambda: {"terminal": threading.Lock(),
                                                                           "printer": threading.Lock()})
    cache: dict[str, Any] = field(default_factory=dict)
    cache_lock: threading.Lock = field(default_factory=threading.Lock)
    target: dict[str, Any] = field(default_factory=dict)
    on_progress: Callable[[str], None] | None = None
    resources: dict[str, Any] = field(default_factory=dict)   # open links / clients, owned by a session
    deadline: float | None = None  # time.monotonic() at which the run's deadline is reached (set by the runner)
    selected: set[str] | None = None  # the check ids of this run (None: all); a pointer goes only to a check that runs

    def time_left(self) -> float:
        """Seconds until the run's deadline (the whole --timeout when no run is under way, e.g. in `fix`)."""
        if self.deadline is None:
            return self.options.timeout
        return self.deadline - time.monotonic()

    def once(self, key: str, make: Callable[[], Any]) -> Any:
        """Facts gathered once per run and shared by the checks that decide from them (errors too)."""
        with self.cache_lock:
            if key in self.cache:
                slot = self.cache[key]
            else:
                slot = self.cache[key] = {"lock": threading.Lock(), "done": False}
        with slot["lock"]:
            if not slot["done"]:
                try:
                    slot["value"] = make()
                except BaseException as exc:  # noqa: BLE001 - stored, re-raised to every user of the fact
                    slot["error"] = exc
                slot["done"] = True
        if "error" in slot:
            raise slot["error"]
        return slot["value"]


def result(status: str, message: Text, **kw) -> CheckResult:
    """What a check function returns; the runner fills id, category and duration."""
    return CheckResult(id="", category="", status=status, message=message, **kw)


def hint_of(exc: PosDoctorError) -> Text | None:
    """What to do, as the error says it (a message), or None when it says nothing."""
    return exc.hint_msg


def error_text(exc: PosDoctorError) -> Text:
    """What the error says, as a message."""
    return exc.msg


def utc_timestamp() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _run_one(spec: CheckSpec, ctx: CheckContext, box: dict, t0: float) -> None:
    """Run one check into `box`. Its duration counts from `t0`, when its thread started: a check queued behind others
    on its port is under way while it waits for the port."""
    try:
        if spec.port:
            with ctx.port_locks[spec.port]:
                res = spec.func(ctx)
        else:
            res = spec.func(ctx)
        if not isinstance(res, CheckResult):
            raise TypeError(f"check returned {type(res).__name__}, not a CheckResult")
    except PosDoctorError as exc:  # an error we raise on purpose carries its own words and what to do
        res = result("unknown", error_text(exc), data={"error": type(exc).__name__},
                     hint=hint_of(exc) or CRASH_HINT)
    except Exception as exc:  # noqa: BLE001 - a crashing check is "unknown", the run goes on
        res = result("unknown", T("check failed: {error}: {detail}", error=type(exc).__name__, detail=str(exc)),
                     data={"error": type(exc).__name__}, hint=CRASH_HINT)
    box["at"] = time.monotonic()
    res.duration_ms = int((box["at"] - t0) * 1000)
    box["result"] = res
    box["done"].set()


def _run_queue(queue: list[tuple[CheckSpec, dict]], ctx: CheckContext, t0: float) -> None:
    """The checks of one port, one after another (each still takes the port's lock: a session's action may hold it)."""
    for spec, box in queue:
        try:
            _run_one(spec, ctx, box, t0)
        # a check that ends its thread (SystemExit) times out alone, as in a thread of its own
        except BaseException:  # noqa: BLE001
            continue


def deadline_reached(timeout: float, what: Text | None = None) -> CheckResult:
    """UNKNOWN, never a fault: the run's own deadline cut the check short, so nothing was concluded."""
    said = T("run deadline reached ({seconds:g} s): {what}", seconds=timeout,
             what=what if what is not None else T("the check had not finished"))
    return result("unknown", said, data={"error": "deadline"}, hint=DEADLINE_HINT)


def run_specs(specs: list[CheckSpec], ctx: CheckContext) -> list[CheckResult]:
    deadline = time.monotonic() + ctx.options.timeout
    # a deadline the caller set before the run began (CheckSession: before imports and port opening) is the one
    ctx.deadline = deadline = deadline if ctx.deadline is None else min(ctx.deadline, deadline)
    boxes: list[dict[str, Any]] = [{"done": threading.Event()} for _ in specs]
    runs: dict[str | int, list[tuple[CheckSpec, dict]]] = {}  # one thread's checks, in declared order: a port's, or one
    for i, (spec, box) in enumerate(zip(specs, boxes, strict=True)):
        runs.setdefault(spec.port or i, []).append((spec, box))
    for key, queue in runs.items():  # all queued before any thread starts: a queue is never read while it grows
        t0 = time.monotonic()
        for _, box in queue:
            box["t0"] = t0
        name = f"check {key}" if isinstance(key, str) else f"check {queue[0][0].id}"
        threading.Thread(target=_run_queue, args=(queue, ctx, t0), name=name, daemon=True).start()
    results: list[CheckResult] = []
    for spec, box in zip(specs, boxes, strict=True):
        t0 = box["t0"]
        if ctx.on_progress and not box["done"].is_set():
            ctx.on_progress(spec.id)
        own = t0 + _cap(spec, ctx) + _port_wait(spec, specs, ctx)
        limit = min(deadline, own)
        box["done"].wait(max(0.0, limit - time.monotonic()))
        res: CheckResult | None = box.get("result")
        if res is not None and box["at"] > deadline:
            # finished after the run's deadline (its own timer ran out no sooner): the run had stopped listening by
            # then, however late this thread woke to read it; the same words as a check still under way
            res = None
        if res is None and own >= deadline:
            res = deadline_reached(ctx.options.timeout)
            res.duration_ms = int((deadline - t0) * 1000)  # it ran until the run stopped listening, not 0 ms
        elif res is None:
            res = result("unknown", T("no answer in time (check timed out after {seconds:g} s)",
                                      seconds=_cap(spec, ctx)),
                         data={"error": "timeout"}, playbook=_timeout_playbook(spec), hint=TIMEOUT_HINT)
            res.duration_ms = int((time.monotonic() - t0) * 1000)
        res.id, res.category = spec.id, spec.category
        results.append(res)
    return results


def _cap(spec: CheckSpec, ctx: CheckContext) -> float:
    return float("inf") if spec.timeout is None else min(spec.timeout, ctx.options.check_timeout)


def _port_wait(spec: CheckSpec, specs: list[CheckSpec], ctx: CheckContext) -> float:
    # Checks queued behind others on the same port get their predecessors' time too (bounded by the deadline).
    if not spec.port:
        return 0.0
    before = [s for s in specs[: specs.index(spec)] if s.port == spec.port]
    return sum(_cap(s, ctx) for s in before)


def _timeout_playbook(spec: CheckSpec) -> str | None:
    return {"network": "network-down", "power": "terminal-power"}.get(spec.category) or (
        "terminal-not-answering" if spec.port == "terminal" else "printer-fault" if spec.port == "printer" else None)


def prepare(specs: list[CheckSpec], ctx: CheckContext) -> None:
    """Import what the selected checks import lazily, and what opening their ports imports, before any port opens.
    An import inside a check thread would sit between opening a port and its first byte, and hold the interpreter
    lock that the other checks need to take their replies off the line."""
    import importlib
    import sys

    from pos_doctor.link.addresses import modules_for

    names = [m for s in specs for m in s.needs]
    for port in dict.fromkeys(s.port for s in specs if s.port):
        address = ctx.options.terminal if port == "terminal" else ctx.options.printer
        if address:
            names.extend(modules_for(address))
    for name in dict.fromkeys(names):
        if name not in sys.modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the check that needs it meets the same failure and reports it
                pass


def run_checks(ctx: CheckContext, only: list[str] | None = None, skip: list[str] | None = None) -> CheckReport:
    specs = select(all_checks(), only, skip)
    ctx.selected = {s.id for s in specs}
    prepare(specs, ctx)  # set-up, not checking: before the run's clock starts
    started_at, t0 = utc_timestamp(), time.monotonic()
    results = run_specs(specs, ctx)
    return CheckReport(checks=results, started_at=started_at, finished_at=utc_timestamp(),
                       duration_ms=int((time.monotonic() - t0) * 1000), target=dict(ctx.target),
                       fail_on=ctx.options.fail_on)
