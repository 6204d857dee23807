"""History over years: `history --stats` at 1k / 10k / 100k runs, and the bytes one run takes in the database.

    .venv/bin/python bench/history.py            # all sizes (building the 100k database takes about a minute)
    .venv/bin/python bench/history.py --quick    # 1k and 10k only

Used by bench/run.py as the part `history`. Each database holds runs every 5 minutes up to now (100k = a year at
one till), every run a real `check --simulate healthy --json` document, so `--stats` (default window: 28 days) sees
what a till's history would hold. Figures are medians of whole `pos-doctor history --stats` processes, as a person
or a script pays them. Targets are reported, never asserted.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POS_DOCTOR = [str(BIN / "pos-doctor")] if (BIN / "pos-doctor").exists() else [sys.executable, "-m", "pos_doctor"]
SIZES = (1_000, 10_000, 100_000)
TARGET_RATIO = 1.2      # --stats at 100k / at 1k
TARGET_BYTES = 3072     # per healthy monitoring run


def healthy_document() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    p = subprocess.run([*POS_DOCTOR, "check", "--simulate", "healthy", "--json", "--no-record"], capture_output=True,
                       text=True, env=env, timeout=60)
    doc = json.loads(p.stdout)
    doc.pop("run_id", None)
    doc["target"]["simulated"] = False  # counted by --stats as a real till's run
    return doc


def build(path: Path, n: int, doc: dict) -> float:
    """n runs every 5 minutes up to now; returns the database's bytes per run."""
    sys.path.insert(0, str(ROOT))
    from pos_doctor.records.store import Store

    now = datetime.now(timezone.utc)
    with Store(path) as store:
        for i in range(n):
            at = (now - timedelta(minutes=5 * (n - i))).isoformat(timespec="seconds")
            store.record("check", dict(doc, timing=dict(doc["timing"], started_at=at)))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return store.size_bytes() / n


def timed_stats(path: Path, repeat: int) -> list[float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_DOCTOR_")}
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = subprocess.run([*POS_DOCTOR, "history", "--stats", "--db", str(path)], capture_output=True, env=env, timeout=120)
        out.append(time.perf_counter() - t0)
        assert p.returncode == 0, p.stderr
    return out


def bench_history(sizes=SIZES, repeat: int = 7) -> dict:
    doc = healthy_document()
    rows, folder = {}, Path(tempfile.mkdtemp(prefix="pos-doctor-bench-history-"))
    try:
        for n in sizes:
            db = folder / f"h{n}.db"
            per_run = build(db, n, doc)
            ts = sorted(timed_stats(db, repeat))
            rows[str(n)] = {"runs": n, "stats_s": round(statistics.median(ts), 4), "min": round(ts[0], 4),
                            "max": round(ts[-1], 4), "n": len(ts), "bytes_per_run": round(per_run),
                            "db_mb": round(db.stat().st_size / 1e6, 1)}
    finally:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    small, big = rows[str(min(sizes))], rows[str(max(sizes))]
    ratio = big["stats_s"] / small["stats_s"]
    worst_bytes = max(r["bytes_per_run"] for r in rows.values())
    return {"sizes": rows, "ratio": round(ratio, 3), "target": f"stats at {max(sizes)} within {TARGET_RATIO}x of "
            f"{min(sizes)}; <= {TARGET_BYTES} B per run", "met": ratio <= TARGET_RATIO and worst_bytes <= TARGET_BYTES}


def table_rows(part: dict) -> list[str]:
    """README rows for bench/run.py's table."""
    if "sizes" not in part:
        return [f"| history | {part.get('error', '?')} | — |"]
    rows = []
    for n, r in part["sizes"].items():
        rows.append(f"| `history --stats` at {int(n):,} runs | {r['stats_s'] * 1000:.0f} ms [{r['min'] * 1000:.0f}–"
                    f"{r['max'] * 1000:.0f}], {r['bytes_per_run']} B/run, {r['db_mb']} MB | ≤ {TARGET_BYTES} B/run |")
    rows.append(f"| `history --stats` largest / smallest | {part['ratio']:.2f}× | ≤ {TARGET_RATIO}× "
                f"({'met' if part['met'] else '**missed**'}) |")
    return rows


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    result = bench_history(SIZES[:2] if quick else SIZES, repeat=3 if quick else 7)
    print(json.dumps(result, indent=2))
    print("\n".join(table_rows(result)))
