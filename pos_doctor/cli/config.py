"""`pos-doctor config show`: each key's effective value and where it came from."""

from __future__ import annotations

import json

import typer

from pos_doctor.cli.device_options import Lang

app = typer.Typer(add_completion=False, help="Show the effective configuration.", no_args_is_help=True)


@app.callback()
def _group() -> None:
    """Keeps `config` a group (`config show`) even with one subcommand."""


@app.command("show", help="Effective value of each key and its source.")
def show(json_out: bool = typer.Option(False, "--json", help="Machine-readable output."), lang: Lang = None) -> None:
    from pos_doctor.config import load_config
    from pos_doctor.ui.console import Env

    cfg = load_config()
    env = Env.create(lang or cfg.get("language"))
    from pos_doctor.privacy import mask_text

    # free text passes the one masking function (a card or phone number typed into a setting); the support phone is
    # the number staff must call, shown as written (records/scrubbing.support_shown)
    rows = [(k, mask_text(v) if isinstance(v, str) and k != "support.phone" else v, s) for k, v, s in cfg.rows()]
    if json_out:
        env.write(json.dumps({k: {"value": v, "source": s} for k, v, s in rows}, ensure_ascii=False, indent=2))
    else:
        for k, v, s in rows:  # the key and the value are what a person writes in pos-doctor.toml; the source is said
            s = _source(s)(env.lang)
            env.write(f"{k:<20} {json.dumps(v, ensure_ascii=False):<28} {s}")


def _source(s: str):
    """Where a setting comes from, in words: the default, the command line, an environment variable, a file."""
    from pos_doctor.i18n import TC, T, Text

    if s == "default":
        return TC("a setting's source", "default")
    if s == "command line":
        return TC("a setting's source", "command line")
    if s.startswith("env "):
        return T("env {variable}", variable=s[4:])
    return Text(s, inline={"en": s})
