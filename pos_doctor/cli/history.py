"""`pos-doctor history`: recent runs newest first, or failure counts per check (--stats); `history prune`: retention."""

from __future__ import annotations

import json
from typing import List, Optional

import typer

from pos_doctor.cli.device_options import Lang
from pos_doctor.cli.light import KINDS, MAX_DAYS, MAX_LIMIT, parse_since  # noqa: F401 - parse_since: where it was

app = typer.Typer(add_completion=False, invoke_without_command=True)

@app.callback(help="Recent check and fix runs.")
def history(
    ctx: typer.Context,
    since: Optional[str] = typer.Option(None, "--since", help="Only runs since DATE (YYYY-MM-DD) or N days (7d)."),
    status: Optional[List[str]] = typer.Option(None, "--status", help="Only runs with this status (repeatable)."),
    kind: Optional[str] = typer.Option(None, "--kind", help="check or fix."),
    stats: bool = typer.Option(False, "--stats", help="How often each check failed (default: last 4 weeks)."),
    limit: int = typer.Option(50, "--limit", min=1, max=MAX_LIMIT, help="At most this many runs."),
    real: bool = typer.Option(False, "--real",
                              help="Only runs on real devices (--stats counts only these unless asked)."),
    simulated: bool = typer.Option(False, "--simulated", help="Only simulated runs (--simulate)."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    db: Optional[str] = typer.Option(None, "--db", help="Database file (default: the user data directory)."),
    lang: Lang = None,
) -> None:
    if ctx.invoked_subcommand is not None:  # `history prune`: its own options
        return
    from pos_doctor.cli.light import show_history

    show_history(since=since, status=status, kind=kind, stats=stats, limit=limit, real=real, simulated=simulated,
                 as_json=as_json, db=db, lang=lang)
    raise typer.Exit(0)


@app.command("prune", help="Delete old runs ([records] keep_days / keep_runs, or the options) and give the space back.")
def prune(
    keep_days: Optional[int] = typer.Option(None, "--keep-days", min=0, max=MAX_DAYS,
                                            help="Keep runs of the last N days (0: no age limit). "
                                                 "Default: records.keep_days."),
    keep_runs: Optional[int] = typer.Option(None, "--keep-runs", min=0, max=MAX_LIMIT,
                                            help="Keep at most the newest N runs (0: no count limit). "
                                                 "Default: records.keep_runs."),
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
    else:
        from pos_doctor.i18n import T

        env.write(T("Deleted {deleted} run(s), kept {kept}; the database is now {size}.", deleted=result["deleted"],
                    kept=result["kept"], size=f"{result['size_bytes'] / 1e6:.1f} MB")(env.lang))
    raise typer.Exit(0)
