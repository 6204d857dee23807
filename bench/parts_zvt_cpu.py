"""bench part `zvt_cpu`: CPU per process of one ZVT status enquiry, pos-doctor's client against ecrterm's, each a fresh
interpreter talking to the same simulated terminal (issue 27: "0.103 CPU-s per process against ecrterm's 0.082").

Both over ZVT on TCP (`pos-doctor simulate --link tcp --tcp-framing zvt`): ecrterm's serial transport sets RTS, which
a pty refuses (OSError 25), so a pty cannot serve it. Each process reports its own phases (process_time): importing
the client, opening the connection, the enquiry, closing; the parent takes the whole process's user + system time
from wait4(), interleaved with a bare `python -c pass`, so a burst of load falls on all three alike.

ecrterm is not on the package index this project uses: install it into the bench's interpreter from its repository
(wirelane/ecrterm, `pip install <checkout>`); without it the part reports why and the others still run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = ("import", "open", "enquiry", "close")

OURS = r"""
import json, sys, time
t0 = time.process_time()
from pos_doctor.link.port import LineSettings, open_link
from pos_doctor.protocols.zvt.session import ZvtClient
t1 = time.process_time()
link = open_link(sys.argv[1], LineSettings(), name="terminal")
t2 = time.process_time()
res = ZvtClient(link, transport="tcp").status_enquiry()
t3 = time.process_time()
link.close()
t4 = time.process_time()
print(json.dumps({"ok": res.outcome == "completed", "import": t1 - t0, "open": t2 - t1, "enquiry": t3 - t2,
                  "close": t4 - t3}))
"""

THEIRS = r"""
import json, sys, time
t0 = time.process_time()
from ecrterm.ecr import ECR
from ecrterm.packets.base_packets import Completion
t1 = time.process_time()
ecr = ECR(device=sys.argv[1], password="000000")
t2 = time.process_time()
status = ecr.status()  # as its users call it: the status enquiry, to the terminal's completion
t3 = time.process_time()
ok = status is not False and isinstance(ecr.last.completion, Completion)
ecr.transport.close()
t4 = time.process_time()
print(json.dumps({"ok": ok, "import": t1 - t0, "open": t2 - t1, "enquiry": t3 - t2, "close": t4 - t3}))
"""


def _cpu_of(cmd: list[str], env: dict) -> tuple[float, dict | None]:
    """(user + system CPU seconds of the whole process, the phases it printed)."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
                         cwd=tempfile.gettempdir())
    out = p.stdout.read() if p.stdout else b""
    err = p.stderr.read() if p.stderr else b""
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} exited {p.returncode}: {err.decode(errors='replace')[-400:]}")
    phases = json.loads(out.decode().strip().splitlines()[-1]) if out.strip() else None
    if phases is not None and not phases.pop("ok"):
        raise RuntimeError(f"{cmd[:3]}: the status enquiry did not complete")
    return usage.ru_utime + usage.ru_stime, phases


def bench_zvt_cpu(repeat: int) -> dict:
    py = sys.executable
    probe = subprocess.run([py, "-c", "import ecrterm"], capture_output=True, text=True)
    if probe.returncode != 0:
        return {"error": "ecrterm is not installed in this interpreter (pip install a checkout of wirelane/ecrterm)"}
    exe = Path(py).parent / "pos-doctor"
    simulate = [str(exe)] if exe.exists() else [py, "-m", "pos_doctor"]
    with tempfile.TemporaryDirectory() as tmp:
        env = {**{k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}, "POS_DOCTOR_DATA_DIR": tmp}
        sim = subprocess.Popen([*simulate, "simulate", "--json", "--log-level", "quiet", "--link", "tcp",
                                "--tcp-framing", "zvt"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env=env, stdin=subprocess.DEVNULL)
        try:
            line = sim.stdout.readline() if sim.stdout else ""
            port = json.loads(line)["terminal"]
            cmds = {"bare": [py, "-c", "pass"], "pos-doctor": [py, "-c", OURS, port],
                    "ecrterm": [py, "-c", THEIRS, port]}
            cpu: dict[str, list[float]] = {k: [] for k in cmds}
            phases: dict[str, dict[str, list[float]]] = {k: {p: [] for p in PHASES} for k in cmds if k != "bare"}
            for _ in range(max(repeat * 2, 10)):
                for name, cmd in cmds.items():
                    took, ph = _cpu_of(cmd, env)
                    cpu[name].append(took)
                    for k, v in (ph or {}).items():
                        phases[name][k].append(v)
                time.sleep(0.05)  # the simulator closes the last connection before the next one
        finally:
            sim.terminate()
            sim.wait(timeout=10)
    med = {k: statistics.median(v) for k, v in cpu.items()}
    out = {"transport": "ZVT over TCP, the simulated healthy terminal in its own process",
           "cpu_s": {k: {"median": round(m, 4), "min": round(min(cpu[k]), 4), "max": round(max(cpu[k]), 4),
                         "n": len(cpu[k])} for k, m in med.items()},
           "phases_ms": {k: {p: round(statistics.median(v) * 1000, 1) for p, v in ph.items()}
                         for k, ph in phases.items()},
           "ours_over_ecrterm": round(med["pos-doctor"] / med["ecrterm"], 3),
           "above_bare_ours_over_ecrterm": round((med["pos-doctor"] - med["bare"]) / max(med["ecrterm"] - med["bare"],
                                                                                         1e-6), 3)}
    out["met"] = out["ours_over_ecrterm"] <= 1.0
    print(f"  zvt_cpu: pos-doctor {med['pos-doctor']:.3f} CPU-s, ecrterm {med['ecrterm']:.3f}, bare {med['bare']:.3f}: "
          f"{out['ours_over_ecrterm']:.2f}x", flush=True)
    return out


PARTS = {"zvt_cpu": bench_zvt_cpu}


def rows(results: dict) -> list[str]:
    r = results.get("zvt_cpu")
    if not r:
        return []
    if "error" in r:
        return [f"| ZVT status enquiry, CPU per process, against ecrterm | not measured: {r['error']} | ≤ ecrterm |"]
    c, ph = r["cpu_s"], r["phases_ms"]

    def phases(name: str) -> str:
        return ", ".join(f"{p} {ph[name][p]:.0f} ms" for p in PHASES)

    return [f"| ZVT status enquiry, CPU per process (ZVT over TCP), against ecrterm | pos-doctor "
            f"{c['pos-doctor']['median']:.3f} CPU-s ({phases('pos-doctor')}); ecrterm {c['ecrterm']['median']:.3f} "
            f"({phases('ecrterm')}); bare `python -c pass` {c['bare']['median']:.3f}: "
            f"**{r['ours_over_ecrterm']:.2f}×** "
            f"| ≤ 1× ecrterm — {'met' if r['met'] else '**missed**'} |"]
