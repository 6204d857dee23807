"""pos-doctor benchmark: how close to the physical floor of the serial line a run gets, side by side with the peers.

    .venv/bin/python bench/run.py              # the full run, writes bench/results/latest.json (about 3 minutes)
    .venv/bin/python bench/run.py --quick      # a smoke run: fewer rounds, 9600 baud only, writes nothing by default
    .venv/bin/python bench/run.py --table      # the README's table from bench/results/latest.json

Parts:
  startup  `pos-doctor --help` / `--version` against a bare `python -c pass` in the same venv
  check    `check --simulate healthy` at 1200, 9600 and 115200 baud, N = 1, 4, 8 runs at once: the run's own duration
           against the floor the simulator measured for that run (line time of every byte on the wire + the
           scenario's processing delays, on the slower of the two lines); the whole process beside it
  zvt      the ZVT status enquiry (and the diagnosis) through pos-doctor's client, per command against its floor
  printer  the printer status through pos-doctor's client against python-escpos as users run it (its default
           read timeout, is_online() + paper_status()), both against the printer line's floor
  worst    a dead terminal and a payment host whose connects hang, with --timeout 5
  cost     CPU time and peak memory of one `check --json` (what a monitoring run costs)
  helps    `--help` of every command and the light commands (`history`, `playbooks list`, `checks`, `ports`) against
           a bare `python -c pass` (issue 27: within 2x)
  masking  privacy.mask_text and privacy.dump_positions (and Tracer.format) at 10 KB / 100 KB / 1 MB of each input
           shape: log text, one digit run, digits in groups of four, single-spaced digits, a hex dump, binary bytes;
           CPU µs per byte (issue 27: under 1)
  walk     `fix printer-paper --simulate paper-out --yes`: each check round's run against its own floor, the walk's
           rounds against the sum of their floors (target.line.rounds, total_floor_s), the process beside it
  + the parts of bench/parts_*.py (a module with PARTS = {name: fn(repeat) -> dict} and rows(results) -> [str]):
    statement  `statement import` of a 100,000-row bill
    zvt_cpu    CPU per process of one ZVT status enquiry, pos-doctor's client against ecrterm's (installed from its
               repository into this interpreter), each process's phases beside it

Every figure is a median with its spread (min, quartiles, max, n); every ratio is taken from the same runs. Targets are
reported, never asserted: timings on a shared machine are noisy. The machine and its load average (before and after)
are written with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POS_DOCTOR = [str(BIN / "pos-doctor")] if (BIN / "pos-doctor").exists() else [sys.executable, "-m", "pos_doctor"]
BAUDS = (1200, 9600, 115200)
CONCURRENCY = (1, 4, 8)
TARGET_RUN = 1.15         # check run / floor, one run at a time, at every baud rate
TARGET_CONCURRENT = 1.3   # check run / floor with 8 runs at once on 2 cores
TARGET_HELP = 2.0         # --help / bare python -c pass
TARGET_MASK_US_PER_BYTE = 1.0  # masking: CPU µs per byte, every input shape and size
TARGET_ROUND = 1.15       # a fix walk's check round / its own floor


# --- figures ------------------------------------------------------------------------------------------------
def spread(values: list[float], digits: int = 4) -> dict:
    """Median with its spread. Quartiles only when there are enough values to mean something."""
    xs = sorted(values)
    out = {"median": round(statistics.median(xs), digits), "min": round(xs[0], digits), "max": round(xs[-1], digits),
           "n": len(xs)}
    if len(xs) >= 4:
        q = statistics.quantiles(xs, n=4)
        out["q1"], out["q3"] = round(q[0], digits), round(q[2], digits)
    return out


def load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (OSError, AttributeError):
        return None


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "hostname": socket.gethostname()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().split()[1]
        info["memory_gib"] = round(int(mem) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def base_env() -> dict:
    env = dict(os.environ)
    env["POS_DOCTOR_DATA_DIR"] = tempfile.mkdtemp(prefix="pos-doctor-bench-")
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="pos-doctor-bench-cfg-")  # no user configuration in the way
    for k in [k for k in env if k.startswith("POS_DOCTOR_") and k != "POS_DOCTOR_DATA_DIR"] + ["CI"]:
        env.pop(k, None)
    return env


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    return time.perf_counter() - start, proc


def compile_bytecode() -> dict:
    """Measure the package as `pip install` leaves it: with its bytecode compiled. Without it (an editable install
    under PYTHONDONTWRITEBYTECODE=1, as on the machines this project is built on) every run compiles the package's
    source again, which costs more CPU than the rest of the start-up."""
    import compileall

    ok = compileall.compile_dir(str(ROOT / "pos_doctor"), quiet=1)
    return {"compiled": bool(ok), "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE")}


# 1. start-up -----------------------------------------------------------------------------------------------
def bench_startup(repeat: int) -> dict:
    env = base_env()
    cmds = {"python_c_pass": [sys.executable, "-c", "pass"], "version": POS_DOCTOR + ["--version"],
            "help": POS_DOCTOR + ["--help"]}
    samples: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(repeat):  # interleaved, so a burst of load falls on all three alike
        for name, cmd in cmds.items():
            samples[name].append(timed(cmd, env)[0])
    bare, help_ = statistics.median(samples["python_c_pass"]), statistics.median(samples["help"])
    return {**{f"{k}_s": spread(v) for k, v in samples.items()},
            "help_over_bare": round(help_ / bare, 3),
            "version_over_bare": round(statistics.median(samples["version"]) / bare, 3),
            "target": f"--help within {TARGET_HELP}x a bare `python -c pass` in the same venv",
            "met": help_ / bare <= TARGET_HELP}


# 2. check --simulate healthy against the floor, at each baud rate, N at once -----------------------------------
def check_cmd(baud: int) -> list[str]:
    return POS_DOCTOR + ["check", "--simulate", "healthy", "--json", "--no-record", "--baud", str(baud),
                         "--printer-baud", str(baud)]


def check_round(baud: int, n: int, env: dict) -> list[dict]:
    """N processes started together; each reports its run and the floor its simulator measured."""
    procs = []
    for _ in range(n):
        procs.append((time.perf_counter(), subprocess.Popen(check_cmd(baud), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                            text=True, env=env, stdin=subprocess.DEVNULL)))
    out = []
    for t0, p in procs:
        stdout, stderr = p.communicate(timeout=120)
        wall = time.perf_counter() - t0
        doc = json.loads(stdout)
        line = doc["target"]["line"]
        statuses = {c["id"]: c["status"] for c in doc["checks"]}
        if statuses.get("terminal.status") != "ok":  # a run that did not talk to the terminal has no floor to meet
            raise RuntimeError(f"check at {baud} baud: terminal.status {statuses.get('terminal.status')}: {stderr[-300:]}")
        out.append({"run_s": doc["timing"]["duration_ms"] / 1000, "floor_s": line["floor_s"], "wall_s": wall,
                    "bytes_on_wire": line["bytes_on_wire"], "devices": line["devices"]})
    return out


def bench_check(bauds, concurrency, repeat: int, rounds: int) -> dict:
    env = base_env()
    table = {}
    for baud in bauds:
        row = {}
        for n in concurrency:
            runs = []
            for _ in range(repeat if n == 1 else rounds):
                runs += check_round(baud, n, env)
            ratios = [r["run_s"] / r["floor_s"] for r in runs]
            target = TARGET_RUN if n == 1 else TARGET_CONCURRENT if n == 8 else None
            ratio = statistics.median(ratios)
            row[f"N{n}"] = {
                "runs_at_once": n,
                "run_s": spread([r["run_s"] for r in runs]),
                "floor_s": spread([r["floor_s"] for r in runs]),
                "run_over_floor": spread(ratios, 3),
                "process_wall_s": spread([r["wall_s"] for r in runs]),
                "process_over_floor": round(statistics.median(r["wall_s"] / r["floor_s"] for r in runs), 3),
                "bytes_on_wire": runs[0]["bytes_on_wire"],
                "per_device": runs[0]["devices"],
                "target": None if target is None else f"run within {target}x its floor",
                "met": None if target is None else ratio <= target,
            }
            print(f"  check {baud:>6} baud N={n}: run/floor {ratio:.3f} (floor {row[f'N{n}']['floor_s']['median']:.4f} s)",
                  flush=True)
        table[str(baud)] = row
    return {"what": "the run's duration (report timing.duration_ms) over the floor its own simulator measured; the "
                    "process wall time adds interpreter start-up, imports and the simulator's set-up",
            "by_baud": table}


# 3. ZVT commands through pos-doctor's client, each against its floor ------------------------------------------
def bench_zvt(bauds, repeat: int) -> dict:
    from pos_doctor.link.port import LineSettings, open_link
    from pos_doctor.protocols.zvt.session import ZvtClient
    from pos_doctor.simulator import Simulator

    out = {}
    for baud in bauds:
        samples: dict[str, list[tuple[float, float]]] = {"status_enquiry": [], "diagnosis": []}
        with Simulator("healthy", baud=baud, printer_baud=baud) as sim:
            with open_link(sim.terminal_port, LineSettings(baudrate=baud), name="terminal") as link:
                client = ZvtClient(link)
                for _ in range(repeat):
                    for command in samples:
                        before = sim.stats()
                        t0 = time.perf_counter()
                        res = getattr(client, command)()
                        took = time.perf_counter() - t0
                        floor = sim.stats_between(before, sim.stats())["devices"]["terminal"]["floor_s"]
                        if res.outcome != "completed":
                            raise RuntimeError(f"{command} at {baud} baud: {res.outcome}")
                        samples[command].append((took, floor))
        out[str(baud)] = {cmd: {"took_s": spread([t for t, _ in xs]), "floor_s": spread([f for _, f in xs]),
                                "over_floor": spread([t / f for t, f in xs], 3)} for cmd, xs in samples.items()}
        print(f"  zvt   {baud:>6} baud: status enquiry {out[str(baud)]['status_enquiry']['over_floor']['median']:.3f}x, "
              f"diagnosis {out[str(baud)]['diagnosis']['over_floor']['median']:.3f}x its floor", flush=True)
    return {"what": "one command, sent to completion, over the line time of its bytes + the simulated terminal's "
                    "processing delay; the client and the simulator share one process, as in `check --simulate`",
            "by_baud": out}


# 4. printer status: pos-doctor against python-escpos as users run it ------------------------------------------
def bench_printer(repeat: int, baud: int = 9600) -> dict:
    from escpos import printer as escpos_printer  # python-escpos, the test extra

    from pos_doctor.link.port import LineSettings, open_link
    from pos_doctor.protocols.escpos.session import PrinterClient
    from pos_doctor.simulator import Simulator

    ours, theirs = [], []
    with Simulator("healthy", baud=baud, printer_baud=baud) as sim:
        for _ in range(repeat):
            with open_link(sim.printer_port, LineSettings(baudrate=baud), name="printer") as link:
                before = sim.stats()
                t0 = time.perf_counter()
                status = PrinterClient(link).status()
                took = time.perf_counter() - t0
                ours.append((took, sim.stats_between(before, sim.stats())["devices"]["printer"]["floor_s"]))
                if not status.online:
                    raise RuntimeError("pos-doctor: the healthy printer reads offline")
            p = escpos_printer.Serial(devfile=sim.printer_port, baudrate=baud)  # everything else at its default
            try:
                before = sim.stats()
                t0 = time.perf_counter()
                online, paper = p.is_online(), p.paper_status()
                took = time.perf_counter() - t0
                theirs.append((took, sim.stats_between(before, sim.stats())["devices"]["printer"]["floor_s"]))
                if not online or paper != 2:
                    raise RuntimeError(f"python-escpos: online {online}, paper {paper}")
            finally:
                p.close()
    o, t = statistics.median(x for x, _ in ours), statistics.median(x for x, _ in theirs)
    import escpos

    return {"baud": baud,
            "pos_doctor": {"what": "PrinterClient.status(): DLE EOT 1, 2, 3, 4 (online, cover, paper feed, errors, "
                                   "paper sensor)", "took_s": spread([x for x, _ in ours]),
                           "over_floor": spread([x / f for x, f in ours], 3)},
            "python_escpos": {"version": getattr(escpos, "__version__", None),
                              "what": "Serial(devfile, baudrate) with its default timeout; is_online() + paper_status() "
                                      "(DLE EOT 1 and 4), each read(16) waits for 16 bytes or the timeout",
                              "default_timeout_s": _default_timeout(),
                              "took_s": spread([x for x, _ in theirs]),
                              "over_floor": spread([x / f for x, f in theirs], 3)},
            "speedup": round(t / o, 1)}


def _default_timeout() -> float | None:
    """python-escpos's own default, read from its signature, not assumed."""
    import inspect

    from escpos import printer as escpos_printer

    param = inspect.signature(escpos_printer.Serial.__init__).parameters.get("timeout")
    return None if param is None else param.default


# 5. worst case: dead terminal + a payment host whose connects hang ---------------------------------------------
def hanging_listener() -> tuple[socket.socket, int, list[socket.socket]]:
    """A loopback listener that never accepts, its backlog filled, so further connects hang."""
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(0)
    port = lst.getsockname()[1]
    fillers = []
    for _ in range(8):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(s)
    return lst, port, fillers


def bench_worst(deadline: float = 5.0) -> dict:
    env = base_env()
    lst, port, fillers = hanging_listener()
    try:
        wall, proc = timed(POS_DOCTOR + ["check", "--simulate", "dead-terminal", "--payment-host", f"127.0.0.1:{port}",
                                         "--timeout", str(deadline), "--json", "--no-record"], env)
    finally:
        for s in fillers:
            s.close()
        lst.close()
    doc = json.loads(proc.stdout)
    return {"deadline_s": deadline, "wall_s": round(wall, 3), "checks_reported": len(doc["checks"]),
            "statuses": {c["id"]: c["status"] for c in doc["checks"]}, "exit_code": proc.returncode,
            "target": "finishes within deadline + 0.5 s, every check reported", "met": wall <= deadline + 0.5}


# 6. cost of one monitoring run -----------------------------------------------------------------------------
def bench_cost() -> dict:
    env = base_env()
    code = (
        "import resource,subprocess,sys,json;"
        f"p=subprocess.run({POS_DOCTOR + ['check', '--simulate', 'healthy', '--json', '--no-record']!r},capture_output=True);"
        "r=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(json.dumps({'cpu_s': r.ru_utime + r.ru_stime, 'maxrss_kb': r.ru_maxrss, 'rc': p.returncode}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    data = json.loads(out.stdout)
    peak_mb = data["maxrss_kb"] / 1024
    return {"cpu_s": round(data["cpu_s"], 3), "peak_rss_mb": round(peak_mb, 1), "target": "< 0.5 CPU-s and < 80 MB",
            "met": data["cpu_s"] < 0.5 and peak_mb < 80}


# 7. start-up of every command ---------------------------------------------------------------------------------
HELP_COMMANDS = ["check", "fix", "playbooks", "checks", "ports", "simulate", "history", "report", "config", "schema"]
LIGHT_COMMANDS = [["history"], ["playbooks", "list"], ["checks"], ["ports"]]


def bench_helps(repeat: int) -> dict:
    env = base_env()
    cmds = {"python_c_pass": [sys.executable, "-c", "pass"]}
    cmds.update({f"{c} --help": POS_DOCTOR + [c, "--help"] for c in HELP_COMMANDS})
    cmds.update({" ".join(c): POS_DOCTOR + c for c in LIGHT_COMMANDS})
    samples: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(repeat):  # interleaved, so a burst of load falls on all alike
        for name, cmd in cmds.items():
            samples[name].append(timed(cmd, env)[0])
    bare = statistics.median(samples.pop("python_c_pass"))
    rows = {k: {"s": spread(v), "over_bare": round(statistics.median(v) / bare, 3)} for k, v in samples.items()}
    return {"bare_s": round(bare, 4), "commands": rows, "target": f"within {TARGET_HELP}x a bare `python -c pass`",
            "met": all(r["over_bare"] <= TARGET_HELP for r in rows.values())}


# 8. masking: cost per byte of each input shape ------------------------------------------------------------------
MASK_SIZES = (10_000, 100_000, 1_000_000)


def mask_shapes(n: int, seed: int = 27) -> dict[str, str]:
    """Text of n characters in each shape masking meets: logs, traces and dumps, and the digit-heavy worst cases."""
    import random

    r = random.Random(seed)

    def digits(k: int) -> str:
        return "".join(r.choice("0123456789") for _ in range(k))

    log, size = [], 0
    while size < n:
        line = (f"2026-12-06 14:{r.randrange(60):02d}:{r.randrange(60):02d} terminal rx 06 1E 04 status "
                f"{r.randrange(10 ** 6)} receipt {r.randrange(10 ** 4):04d} tel 138{digits(8)} ok\n")
        log.append(line)
        size += len(line)
    raw = bytes(r.randrange(256) for _ in range(n))
    return {"log text": "".join(log)[:n], "digit run": digits(n),
            "groups of 4": " ".join(digits(4) for _ in range(n // 5 + 1))[:n],
            "spaced digits": " ".join(digits(n // 2 + 1))[:n],
            "hex dump": raw.hex(" ").upper()[:n], "binary": raw.decode("latin-1")}


def bench_masking(repeat: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from pos_doctor import privacy
    from pos_doctor.link.trace import Tracer

    out: dict = {}
    worst = 0.0
    for n in MASK_SIZES:
        reps = max(1, repeat if n <= 100_000 else repeat // 3)
        for shape, text in mask_shapes(n).items():
            row = out.setdefault(shape, {})
            for fn in (privacy.mask_text, privacy.dump_positions):
                xs = []
                for _ in range(reps):
                    t0 = time.process_time()
                    fn(text)
                    xs.append((time.process_time() - t0) * 1e6 / n)
                row[f"{fn.__name__} {n // 1000} KB"] = spread(xs, 3)
                worst = max(worst, statistics.median(xs))
    traces = {}
    for events in (3_700, 37_000):
        t = Tracer()
        for i in range(events):
            t.record("terminal", "rx" if i % 2 else "tx", bytes(range(i % 200, i % 200 + 8)) + b" 138 1234 5678 ")
        nbytes = sum(len(e.data) for e in t.events)
        t0 = time.process_time()
        t.format()
        took = time.process_time() - t0
        traces[f"{events} events"] = {"s": round(took, 4), "us_per_byte": round(took * 1e6 / nbytes, 3)}
    return {"cpu_us_per_byte": out, "trace_format": traces, "worst_us_per_byte": round(worst, 3),
            "target": f"under {TARGET_MASK_US_PER_BYTE:g} CPU µs per byte, every shape and size",
            "met": worst < TARGET_MASK_US_PER_BYTE}


# 9. a fix walk against the sum of its rounds' floors -------------------------------------------------------------
def bench_walk(repeat: int) -> dict:
    env = base_env()
    cmd = POS_DOCTOR + ["fix", "printer-paper", "--simulate", "paper-out", "--yes", "--json", "--no-record", "--lang", "en"]
    walls, totals, floors, per_round = [], [], [], {}
    for _ in range(repeat):
        wall, proc = timed(cmd, env)
        line = json.loads(proc.stdout)["target"]["line"]
        walls.append(wall)
        totals.append(line["total_elapsed_s"])
        floors.append(line["total_floor_s"])
        for k, r in enumerate(line["rounds"]):
            per_round.setdefault(k, []).append(r["elapsed_s"] / r["floor_s"])
    rounds = {f"round {k + 1}": spread(v, 3) for k, v in per_round.items()}
    floor = statistics.median(floors)
    return {"rounds_over_floor": rounds, "rounds_total_s": spread(totals), "walk_floor_s": round(floor, 4),
            "rounds_over_walk_floor": round(statistics.median(totals) / floor, 3), "process_s": spread(walls),
            "process_over_walk_floor": round(statistics.median(walls) / floor, 3),
            "target": f"each round within {TARGET_ROUND}x its own floor",
            "met": all(r["median"] <= TARGET_ROUND for r in rounds.values())}


def extra_parts() -> tuple[dict, list]:
    """The parts of bench/parts_*.py: {name: fn(repeat)} and their table-row functions."""
    import importlib.util

    parts, rowers = {}, []
    for path in sorted((ROOT / "bench").glob("parts_*.py")):
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        parts.update(getattr(module, "PARTS", {}))
        if hasattr(module, "rows"):
            rowers.append(module.rows)
    return parts, rowers


# --- the README's table -----------------------------------------------------------------------------------------
def _met(flag) -> str:
    return "—" if flag is None else "met" if flag else "**missed**"


def table(results: dict) -> str:
    m, rows = results["machine"], []
    head = (f"{results['when'][:10]}, {m.get('cpus')}-core {m.get('cpu', '?')}, {m.get('memory_gib', '?')} GiB, Python "
            f"{m['python']}, bytecode {'compiled' if results.get('bytecode', {}).get('compiled') else 'not compiled'}; "
            f"load average before / after: {results.get('load_before')} / {results.get('load_after')}")
    rows.append("| measure | figure (median, [min–max]) | target |")
    rows.append("| --- | --- | --- |")
    s = results.get("startup")
    if s and "error" not in s:
        rows.append(f"| `pos-doctor --help` / `--version` | {s['help_s']['median'] * 1000:.0f} ms / "
                    f"{s['version_s']['median'] * 1000:.0f} ms; bare `python -c pass` {s['python_c_pass_s']['median'] * 1000:.0f}"
                    f" ms: **{s['help_over_bare']:.2f}×** | within {TARGET_HELP:g}× — {_met(s['met'])} |")
    c = results.get("check")
    if c and "error" not in c:
        for baud, row in c["by_baud"].items():
            for key, cell in row.items():
                r = cell["run_over_floor"]
                rows.append(f"| `check --simulate healthy`, {int(baud)} baud, {cell['runs_at_once']} at once | run "
                            f"{cell['run_s']['median'] * 1000:.0f} ms / floor {cell['floor_s']['median'] * 1000:.0f} ms: "
                            f"**{r['median']:.2f}×** [{r['min']:.2f}–{r['max']:.2f}], n={r['n']}; process "
                            f"{cell['process_wall_s']['median'] * 1000:.0f} ms ({cell['process_over_floor']:.2f}×) | "
                            + (f"{cell['target'].split('within ')[1].split('x')[0]}× — {_met(cell['met'])} |" if cell["target"] else "— |"))
    z = results.get("zvt")
    if z and "error" not in z:
        for baud, cmds in z["by_baud"].items():
            se, dg = cmds["status_enquiry"], cmds["diagnosis"]
            rows.append(f"| ZVT status enquiry / diagnosis, {int(baud)} baud | {se['took_s']['median'] * 1000:.0f} ms "
                        f"(**{se['over_floor']['median']:.2f}×** its floor) / {dg['took_s']['median'] * 1000:.0f} ms "
                        f"({dg['over_floor']['median']:.2f}×) | — |")
    p = results.get("printer")
    if p and "error" not in p:
        rows.append(f"| printer status, {p['baud']} baud | pos-doctor {p['pos_doctor']['took_s']['median'] * 1000:.0f} ms "
                    f"(4 status bytes, {p['pos_doctor']['over_floor']['median']:.2f}× its floor); python-escpos "
                    f"{p['python_escpos']['version']} with its default timeout ({p['python_escpos']['default_timeout_s']} s) "
                    f"{p['python_escpos']['took_s']['median']:.2f} s (2 status bytes): **{p['speedup']:g}×** | — |")
    w = results.get("worst")
    if w and "error" not in w:
        rows.append(f"| dead terminal + hanging payment host, `--timeout {w['deadline_s']:g}` | {w['wall_s']:.2f} s, all "
                    f"{w['checks_reported']} checks reported | deadline + 0.5 s — {_met(w['met'])} |")
    k = results.get("cost")
    if k and "error" not in k:
        rows.append(f"| one `check --json` for monitoring | {k['cpu_s']:.2f} CPU-s, {k['peak_rss_mb']:.0f} MB peak RSS | "
                    f"< 0.5 CPU-s, < 80 MB — {_met(k['met'])} |")
    h = results.get("helps")
    if h and "error" not in h:
        for name, r in h["commands"].items():
            rows.append(f"| `pos-doctor {name}` | {r['s']['median'] * 1000:.0f} ms; bare {h['bare_s'] * 1000:.0f} ms: "
                        f"**{r['over_bare']:.2f}×** | within {TARGET_HELP:g}× — {_met(r['over_bare'] <= TARGET_HELP)} |")
    mk = results.get("masking")
    if mk and "error" not in mk:
        for shape, cells in mk["cpu_us_per_byte"].items():
            figs = ", ".join(f"{k} {v['median']:.2f}" for k, v in cells.items())
            ok = all(v["median"] < TARGET_MASK_US_PER_BYTE for v in cells.values())
            rows.append(f"| masking, {shape} (CPU µs/byte) | {figs} | < {TARGET_MASK_US_PER_BYTE:g} — {_met(ok)} |")
        figs = ", ".join(f"{k} {v['s'] * 1000:.0f} ms ({v['us_per_byte']:.2f} µs/byte)" for k, v in mk["trace_format"].items())
        rows.append(f"| `Tracer.format` | {figs} | linear — |")
    wk = results.get("walk")
    if wk and "error" not in wk:
        figs = ", ".join(f"{k} **{v['median']:.2f}×**" for k, v in wk["rounds_over_floor"].items())
        rows.append(f"| `fix printer-paper --simulate paper-out --yes`: rounds / their own floors | {figs}; rounds "
                    f"{wk['rounds_total_s']['median'] * 1000:.0f} ms / walk floor {wk['walk_floor_s'] * 1000:.0f} ms "
                    f"({wk['rounds_over_walk_floor']:.2f}×); process {wk['process_s']['median'] * 1000:.0f} ms "
                    f"({wk['process_over_walk_floor']:.2f}×) | {TARGET_ROUND}× per round — {_met(wk['met'])} |")
    for rower in extra_parts()[1]:
        rows.extend(rower(results))
    if results.get("history"):  # bench/history.py
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import history

        rows += history.table_rows(results["history"])
    return head + "\n\n" + "\n".join(rows)


def _history_part(quick: bool) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import history

    return history.bench_history(history.SIZES[:2] if quick else history.SIZES, repeat=3 if quick else 7)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a smoke run: 9600 baud, N = 1 and 2, few rounds, no file")
    ap.add_argument("--repeat", type=int, default=None, help="runs per figure (default 11, quick 3)")
    ap.add_argument("--out", default=None, help="where to write the JSON (default bench/results/latest.json; quick: none)")
    ap.add_argument("--only", nargs="*", default=None,
                    help="startup check zvt printer worst cost helps masking walk history, and the parts of bench/parts_*.py")
    ap.add_argument("--no-bytecode", action="store_true", help="do not compile the package first (measure the source)")
    ap.add_argument("--table", action="store_true", help="print the README table of an existing result file and exit")
    args = ap.parse_args()
    latest = ROOT / "bench" / "results" / "latest.json"
    if args.table:
        print(table(json.loads(Path(args.out or latest).read_text())))
        return 0
    repeat = args.repeat or (3 if args.quick else 11)
    bauds, concurrency = ((9600,), (1, 2)) if args.quick else (BAUDS, CONCURRENCY)
    check_repeat, rounds = (repeat, 1) if args.quick else (max(5, repeat * 2 // 3), 3)
    parts = {
        "startup": lambda: bench_startup(repeat * 2),
        "check": lambda: bench_check(bauds, concurrency, check_repeat, rounds),
        "zvt": lambda: bench_zvt(bauds, repeat),
        "printer": lambda: bench_printer(max(2, repeat // 2)),
        "worst": bench_worst,
        "cost": bench_cost,
        "helps": lambda: bench_helps(repeat),
        "masking": lambda: bench_masking(repeat),
        "walk": lambda: bench_walk(repeat),
        "history": lambda: _history_part(args.quick),  # bench/history.py
    }
    parts.update({name: (lambda fn=fn: fn(repeat)) for name, fn in extra_parts()[0].items()})
    if args.quick and args.only is None:
        args.only = ["startup", "check", "zvt", "printer"]
    results = {"machine": machine(), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "mode": "quick" if args.quick else "full", "repeat": repeat, "load_before": load(),
               "bytecode": {"compiled": False} if args.no_bytecode else compile_bytecode()}
    print(f"machine: {results['machine']}\nload average: {results['load_before']}", flush=True)
    for name, fn in parts.items():
        if args.only and name not in args.only:
            continue
        try:
            results[name] = fn()
        except Exception as exc:  # a broken part is reported, the others still run
            results[name] = {"error": f"{type(exc).__name__}: {exc}", "met": False}
        print(f"{name:8} {json.dumps(results[name], default=str)[:400]}", flush=True)
    results["load_after"] = load()
    print("\n" + table(results))
    out = args.out or (None if args.quick else str(latest))
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(results, indent=2, default=str) + "\n")
        print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
