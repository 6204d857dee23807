"""Plain-text renderers for `pos-doctor history`: one line per run, and failure bars per check."""

from __future__ import annotations

from pos_doctor.i18n import Text

_BLOCKS = " ▏▎▍▌▋▊▉█"

NO_RUNS = Text("No recorded runs match. Runs are recorded by `pos-doctor check` and `pos-doctor fix`.")
STATS_TITLE = Text("Failures per check since {since} (failed/runs)")
STATS_SCOPE = {False: Text("Real runs only: {n} simulated run(s) not counted (add --simulated to count only those, "
                           "--real --simulated for all)."),
               True: Text("Simulated runs only."),
               None: Text("Real and simulated runs.")}


def bar(value: int, top: int, width: int = 20) -> str:
    """A unicode bar, eighth-block precise; empty for 0."""
    if top <= 0 or value <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    return "█" * (eighths // 8) + (_BLOCKS[eighths % 8] if eighths % 8 else "")


HEAD = {"id": Text("Run"), "when": Text("When (local time)"), "kind": Text("Kind"),
        "status": Text("Status"), "what": Text("What"), "sim": Text("Sim.")}
SIM = Text("SIM")
SIM_LEGEND = Text("SIM: a simulated run (--simulate), not a real terminal.")


def _width(s: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def history_lines(rows: list[dict], lang: str = "en") -> list[str]:
    """A header, then one line per run: id, local time with offset, kind, status, simulated marker, what, note."""
    from pos_doctor.privacy import scrub  # here, not above: `history` with no runs prints without it (issue 27)
    from pos_doctor.records.report import word
    from pos_doctor.records.summary import local_time

    table = []
    for r in rows:
        what = r.get("playbook") or r.get("terminal_model") or ""
        # a fix says how it ended (resolved, handed to the provider); a check its worst status
        status = word((r.get("outcome") if r.get("kind") == "fix" else None) or r.get("status") or "unknown", lang)
        note = f"  \u201c{scrub(r['note'])}\u201d" if r.get("note") else ""
        table.append([str(r["id"]), local_time(r.get("started_at")) or "?", word(r["kind"], lang), status,
                      SIM(lang) if r.get("simulated") else "", f"{what}{note}"])
    head = [HEAD[k](lang) for k in ("id", "when", "kind", "status", "sim", "what")]
    widths = [max(_width(x) for x in col) for col in zip(head, *table, strict=True)]
    out = []
    for cells in [head, *table]:
        first = cells[0].rjust(widths[0])
        middle = [_pad(c, w) for c, w in zip(cells[1:-1], widths[1:-1], strict=True)]
        out.append("  ".join([first, *middle, cells[-1]]).rstrip())
    if any(r.get("simulated") for r in rows):
        out += ["", SIM_LEGEND(lang)]
    return out


def stats_lines(stats: list[dict], since: str, lang: str) -> list[str]:
    top = max((s["failed"] or 0) for s in stats) if stats else 0
    width = max((len(str(s["id"])) for s in stats), default=0)
    lines = [STATS_TITLE.format(since=since)(lang)]
    for s in stats:
        failed = s["failed"] or 0
        lines.append(f"{s['id']:<{width}}  {failed:>3}/{s['runs']:<3} {bar(failed, top)}")
    return lines
