"""pos-doctor benchmark: start-up, check against the simulator vs the physical floor, printer status vs a naive
client, worst-case deadline, and the cost of one monitoring run.

    .venv/bin/python bench/run.py [--repeat N] [--out bench/results/latest.json]

Prints a table and writes JSON. Medians over repeated runs; every ratio is measured side by side in the same run.
Not part of the test suite: timings on shared machines are noisy, so targets are reported, not asserted.
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


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
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


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)
    return time.perf_counter() - start, proc


def median_of(cmd: list[str], repeat: int, env: dict | None = None) -> float:
    return statistics.median(timed(cmd, env)[0] for _ in range(repeat))


def base_env() -> dict:
    env = dict(os.environ)
    env["POS_DOCTOR_DATA_DIR"] = tempfile.mkdtemp(prefix="pos-doctor-bench-")
    env.pop("CI", None)
    return env


# 1. start-up -----------------------------------------------------------------------------------------
def bench_startup(repeat: int) -> dict:
    env = base_env()
    bare = median_of([sys.executable, "-c", "pass"], repeat, env)
    version = median_of(POS_DOCTOR + ["--version"], repeat, env)
    help_ = median_of(POS_DOCTOR + ["--help"], repeat, env)
    return {
        "python_c_pass_s": bare,
        "version_s": version,
        "help_s": help_,
        "help_over_bare": help_ / bare,
        "target": "--help under 0.200 s",
        "met": help_ < 0.200,
    }


# 2. check --simulate healthy vs the physical floor ---------------------------------------------------
def bench_check(repeat: int) -> dict:
    env = base_env()
    runs, floors, totals = [], [], []
    doc = {}
    for _ in range(repeat):
        wall, proc = timed(POS_DOCTOR + ["check", "--simulate", "healthy", "--json", "--no-record"], env)
        doc = json.loads(proc.stdout)
        totals.append(wall)
        runs.append(doc["timing"]["duration_ms"] / 1000)
        floor = doc.get("target", {}).get("line", {}).get("floor_s")
        if floor:
            floors.append(floor)
    line = doc.get("target", {}).get("line", {})
    run = statistics.median(runs)
    floor = statistics.median(floors) if floors else None
    wall = statistics.median(totals)
    return {
        "process_wall_s": wall,
        "check_run_s": run,
        "baud": line.get("baud"),
        "bytes_on_wire": line.get("bytes_on_wire"),
        "per_device": line.get("devices"),
        "floor_s": floor,
        "run_over_floor": (run / floor) if floor else None,
        "process_over_floor": (wall / floor) if floor else None,
        "target": "check run within 1.3x the floor (line time of the bytes on the wire + the simulator's processing "
                  "delays, on the slower of the two lines); the process adds start-up (part 1) and simulator set-up",
        "met": bool(floor) and run / floor <= 1.3,
    }


# 3. printer status: pos-doctor vs a client that waits for its read timeout per query ----------------
def bench_printer(repeat: int) -> dict:
    import serial

    from pos_doctor.link.port import LineSettings, open_link
    from pos_doctor.protocols.escpos.session import PrinterClient
    from pos_doctor.simulator import Simulator

    ours, naive = [], []
    with Simulator("healthy") as sim:
        for _ in range(repeat):
            with open_link(sim.printer_port, LineSettings(), name="printer") as link:
                start = time.perf_counter()
                status = PrinterClient(link).status()
                ours.append(time.perf_counter() - start)
                assert status.online
            port = serial.serial_for_url(sim.printer_port, baudrate=9600, timeout=0.5)
            try:
                start = time.perf_counter()
                for n in (1, 2, 3, 4):
                    port.write(bytes([0x10, 0x04, n]))
                    port.read(16)  # the naive way: ask for "enough" bytes, wait out the timeout
                naive.append(time.perf_counter() - start)
            finally:
                port.close()
    o, n = statistics.median(ours), statistics.median(naive)
    return {"pos_doctor_s": o, "naive_timeout_client_s": n, "speedup": n / o, "target": ">= 20x faster", "met": n / o >= 20}


# 4. worst case: dead terminal + a payment host whose connects hang ------------------------------------
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
        wall, proc = timed(POS_DOCTOR + ["check", "--simulate", "dead-terminal", "--payment-host", f"127.0.0.1:{port}", "--timeout", str(deadline), "--json", "--no-record"], env)
    finally:
        for s in fillers:
            s.close()
        lst.close()
    doc = json.loads(proc.stdout)
    return {
        "deadline_s": deadline,
        "wall_s": wall,
        "checks_reported": len(doc["checks"]),
        "statuses": {c["id"]: c["status"] for c in doc["checks"]},
        "exit_code": proc.returncode,
        "target": "finishes within deadline + 0.5 s, every check reported",
        "met": wall <= deadline + 0.5,
    }


# 5. cost of one monitoring run ----------------------------------------------------------------------
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
    return {"cpu_s": data["cpu_s"], "peak_rss_mb": peak_mb, "target": "< 0.5 CPU-s and < 80 MB",
            "met": data["cpu_s"] < 0.5 and peak_mb < 80}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=11)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "latest.json"))
    ap.add_argument("--only", nargs="*", default=None, help="startup check printer worst cost")
    args = ap.parse_args()
    parts = {
        "startup": lambda: bench_startup(args.repeat),
        "check": lambda: bench_check(max(3, args.repeat // 2)),
        "printer": lambda: bench_printer(args.repeat),
        "worst": bench_worst,
        "cost": bench_cost,
    }
    results = {"machine": machine(), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "repeat": args.repeat}
    for name, fn in parts.items():
        if args.only and name not in args.only:
            continue
        try:
            results[name] = fn()
        except Exception as exc:  # a broken part is reported, the others still run
            results[name] = {"error": f"{type(exc).__name__}: {exc}", "met": False}
        print(f"{name:8} {json.dumps(results[name], default=str)}", flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\nmachine: {results['machine']}\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
