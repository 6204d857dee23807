"""`pos-doctor history`: recent runs newest first, or failure counts per check (--stats); `history prune`: retention."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import List, Optional

import typer

from pos_doctor.cli.device_options import Lang
from pos_doctor.errors import UsageError

app = typer.Typer(add_completion=False, invoke_without_command=True)

KINDS = ("check", "fix")


MAX_DAYS = 36_500  # a hundred years: more than any shop has records for
MAX_LIMIT = 1_000_000


def parse_since(value: str | None, default_days: int | None = None) -> str | None:
    """'2026-11-01', '2026-11-01T08:00', or '7d' (days back) -> ISO UTC text comparable with started_at."""
    if not value:
        if default_days is None:
            return None
        return (datetime.now(timezone.utc) - timedelta(days=default_days)).isoformat(timespec="seconds")
    v = value.strip()
    if v[:-1].isdigit() and v[-1:] in ("d", "w"):
        days = int(v[:-1]) * (7 if v.endswith("w") else 1) if len(v) < 12 else MAX_DAYS + 1
        if days > MAX_DAYS:  # timedelta and the calendar end long before 99999999999999999999 days
            raise UsageError(f"--since {value!r} reaches back more than {MAX_DAYS} days",
                             message_zh=f"--since {value!r} 超过 {MAX_DAYS} 天",
                             hint=f"use at most {MAX_DAYS}d, or a date (YYYY-MM-DD)",
                             hint_zh=f"最多 {MAX_DAYS} 天（如 `{MAX_DAYS}d`），或写日期（如 `2026-11-24`）")
        return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat(timespec="seconds")
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        raise UsageError(f"--since {value!r} is not a date", message_zh=f"--since {value!r} 不是日期",
                         hint="use YYYY-MM-DD, YYYY-MM-DDTHH:MM, or a count of days like 7d",
                         hint_zh="请写日期（如 `2026-11-24`）、日期和时间（如 `2026-11-24T14:05`）或天数（如 `7d`）") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat(timespec="seconds")


@app.callback()
def history(
    ctx: typer.Context,
    since: Optional[str] = typer.Option(None, "--since", help="Only runs since DATE (YYYY-MM-DD) or N days (7d)."),
    status: Optional[List[str]] = typer.Option(None, "--status", help="Only runs with this status (repeatable)."),
    kind: Optional[str] = typer.Option(None, "--kind", help="check or fix."),
    stats: bool = typer.Option(False, "--stats", help="How often each check failed (default: last 4 weeks)."),
    limit: int = typer.Option(50, "--limit", min=1, max=MAX_LIMIT, help="At most this many runs."),
    real: bool = typer.Option(False, "--real", help="Only runs on real devices (--stats counts only these unless asked)."),
    simulated: bool = typer.Option(False, "--simulated", help="Only simulated runs (--simulate)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    db: Optional[str] = typer.Option(None, "--db", help="Database file (default: the user data directory)."),
    lang: Lang = None,
) -> None:
    if ctx.invoked_subcommand is not None:  # `history prune`: its own options
        return
    from pos_doctor.records.recorder import open_store
    from pos_doctor.ui.console import Env
    from pos_doctor.ui.history_view import NO_RUNS, STATS_SCOPE, history_lines, stats_lines

    from pos_doctor.cli.language import command_lang

    env = Env.create(command_lang(lang))
    if kind is not None and kind not in KINDS:
        raise UsageError(f"--kind must be check or fix, not {kind!r}", message_zh=f"`--kind` 只能是 `check` 或 `fix`，而不是 {kind!r}")
    from pos_doctor.config import load_config

    # --real / --simulated filter; both (or neither) list every run. Statistics count real runs unless asked.
    which = None if real == simulated else (simulated and not real)
    with open_store(db, load_config()) as store:
        if stats:
            since_iso = parse_since(since, default_days=28)
            scope = None if (real and simulated) else (True if simulated else False)
            rows = store.stats(since=since_iso, simulated=scope)
            left_out = store.count_runs(since=since_iso, simulated=True) if scope is False else 0
            if as_json:
                env.write(json.dumps({"since": since_iso, "runs": {None: "all", True: "simulated", False: "real"}[scope],
                                      "simulated_not_counted": left_out, "checks": rows}, ensure_ascii=False, indent=2))
            else:
                env.write("\n".join(stats_lines(rows, since_iso[:10], env.lang) +
                                    [env.t(STATS_SCOPE[scope].format(n=left_out))]))
            raise typer.Exit(0)
        rows = store.history(since=parse_since(since), statuses=status or None, kind=kind, limit=limit, simulated=which)
    if as_json:
        from pos_doctor.records.scrubbing import scrub_deep

        for r in rows:
            r["simulated"] = bool(r.get("simulated"))
        env.write(json.dumps({"runs": scrub_deep(rows)}, ensure_ascii=False, indent=2))
    elif rows:
        env.write("\n".join(history_lines(rows, env.lang)))
    else:
        env.write(env.t(NO_RUNS))
    raise typer.Exit(0)


@app.command("prune", help="Delete old runs ([records] keep_days / keep_runs, or the options) and give the space back.")
def prune(
    keep_days: Optional[int] = typer.Option(None, "--keep-days", min=0, max=MAX_DAYS,
                                            help="Keep runs of the last N days (0: no age limit). Default: records.keep_days."),
    keep_runs: Optional[int] = typer.Option(None, "--keep-runs", min=0, max=MAX_LIMIT,
                                            help="Keep at most the newest N runs (0: no count limit). Default: records.keep_runs."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    db: Optional[str] = typer.Option(None, "--db", help="Database file (default: the user data directory)."),
    lang: Lang = None,
) -> None:
    from pos_doctor.config import load_config
    from pos_doctor.records.recorder import prune_history
    from pos_doctor.ui.console import Env

    env = Env.create(lang)
    cfg = load_config()
    days = keep_days if keep_days is not None else cfg.get("records.keep_days")
    runs = keep_runs if keep_runs is not None else cfg.get("records.keep_runs")
    result = prune_history(db, cfg, keep_days=days, keep_runs=runs)
    if as_json:
        env.write(json.dumps({**result, "keep_days": days, "keep_runs": runs}, ensure_ascii=False, indent=2))
    elif env.lang == "zh":
        env.write(f"已删除 {result['deleted']} 条记录，保留 {result['kept']} 条；数据库现为 {result['size_bytes'] / 1e6:.1f} MB。")
    else:
        env.write(f"Deleted {result['deleted']} run(s), kept {result['kept']}; the database is now "
                  f"{result['size_bytes'] / 1e6:.1f} MB.")
    raise typer.Exit(0)
