"""Plain-text renderers for `pos-doctor history`: one line per run, and failure bars per check."""

from __future__ import annotations

from pos_doctor.i18n import Text
from pos_doctor.privacy import scrub

_BLOCKS = " ▏▎▍▌▋▊▉█"

NO_RUNS = Text("No recorded runs match. Runs are recorded by `pos-doctor check` and `pos-doctor fix`.",
               "没有符合条件的记录。`pos-doctor check` 和 `pos-doctor fix` 每次运行都会记录。")
STATS_TITLE = Text("Failures per check since {since} (failed/runs)", "{since} 以来各检查项的失败次数（失败/运行）")


def bar(value: int, top: int, width: int = 20) -> str:
    """A unicode bar, eighth-block precise; empty for 0."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    return "█" * (eighths // 8) + (_BLOCKS[eighths % 8] if eighths % 8 else "")


def history_lines(rows: list[dict]) -> list[str]:
    out = []
    for r in rows:
        what = r.get("playbook") or r.get("terminal_model") or ""
        status = r.get("status") or r.get("outcome") or "?"
        note = f"  \u201c{scrub(r['note'])}\u201d" if r.get("note") else ""
        out.append(f"{r['id']:>5}  {r['started_at']}  {r['kind']:<5}  {status:<9}  {what}{note}")
    return out


def stats_lines(stats: list[dict], since: str, lang: str) -> list[str]:
    top = max((s["failed"] or 0) for s in stats) if stats else 0
    width = max((len(str(s["id"])) for s in stats), default=0)
    lines = [STATS_TITLE.format(since=since)(lang)]
    for s in stats:
        failed = s["failed"] or 0
        lines.append(f"{s['id']:<{width}}  {failed:>3}/{s['runs']:<3} {bar(failed, top)}")
    return lines
