"""bench part `statement`: `pos-doctor statement import` of a generated 100 000-row WeChat Pay bill (and an Alipay
statement in GBK), the whole process, against the issue's target of 5 s on this machine (issue 24)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 5.0
ROWS = 100_000


def _bills(folder: Path) -> dict[str, Path]:
    sys.path.insert(0, str(ROOT))
    from datetime import datetime, timedelta
    from decimal import Decimal

    from tests.statements import bills as B

    start = datetime(2026, 12, 5, 0, 0, 1)
    txs = [B.Tx(start + timedelta(seconds=i * 86_000 // ROWS), Decimal(100 + i % 9000) / 100, f"O{i:09d}")
           for i in range(ROWS)]
    out = {"wechat_utf8": folder / "wechat.csv", "alipay_gbk": folder / "alipay.csv"}
    out["wechat_utf8"].write_bytes(B.wechat(txs))
    out["alipay_gbk"].write_bytes(B.alipay(txs))
    return out


def bench_statement(repeat: int) -> dict:
    exe = Path(sys.executable).parent / "pos-doctor"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pos_doctor"]
    result: dict = {"rows": ROWS, "target_s": TARGET_S}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "POS_DOCTOR_DATA_DIR": tmp, "XDG_CONFIG_HOME": tmp, "NO_COLOR": "1"}
        for name, path in _bills(Path(tmp)).items():
            times, cpu = [], []
            for _ in range(max(3, repeat // 2)):
                t0 = time.perf_counter()
                before = os.times()
                p = subprocess.run([*cmd, "statement", "import", str(path), "--json"], env=env, capture_output=True)
                after = os.times()
                times.append(time.perf_counter() - t0)
                cpu.append(after.children_user - before.children_user + after.children_system - before.children_system)
                if p.returncode not in (0, 1):
                    raise RuntimeError(p.stderr.decode(errors="replace")[-400:])
            result[name] = {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
                            "max_s": round(max(times), 3), "cpu_s": round(statistics.median(cpu), 3), "n": len(times),
                            "bytes": path.stat().st_size}
    result["met"] = all(result[k]["median_s"] < TARGET_S for k in ("wechat_utf8", "alipay_gbk"))
    return result


PARTS = {"statement": bench_statement}


def rows(results: dict) -> list[str]:
    r = results.get("statement")
    if not r or "error" in r:
        return []
    figs = ", ".join(f"{k} {r[k]['median_s']:.2f} s (CPU {r[k]['cpu_s']:.2f} s)" for k in ("wechat_utf8", "alipay_gbk"))
    return [f"| `statement import` of a {r['rows']:,}-row bill | {figs} | under {r['target_s']:.0f} s — "
            f"{'met' if r['met'] else '**missed**'} |"]
