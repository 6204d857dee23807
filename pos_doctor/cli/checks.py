"""`pos-doctor checks`: list the checks `check` runs, in declared order."""

from __future__ import annotations

import json
import unicodedata

import typer

from pos_doctor.cli.device_options import Lang
from pos_doctor.i18n import Text

app = typer.Typer(add_completion=False)


@app.command(help="List the checks that `check` runs. 列出检查项。")
def checks(json_out: bool = typer.Option(False, "--json"), lang: Lang = None) -> None:
    from pos_doctor.checks.registry import all_checks
    from pos_doctor.ui.console import Env

    from pos_doctor.cli.language import command_lang

    env = Env.create(command_lang(lang))
    specs = all_checks()
    if json_out:
        env.write(json.dumps([{"id": s.id, "category": s.category, "title": s.title.to_json(), "timeout_s": s.timeout}
                              for s in specs], ensure_ascii=False, indent=2))
    else:
        for s in specs:  # the id is what --only / --skip take; the category is said in the screen's language
            cat = CATEGORY.get(s.category, Text(s.category, s.category))(env.lang)
            width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cat)
            env.write(f"{s.id:<20} {cat}{' ' * max(1, 10 - width)}{s.title(env.lang)}")


CATEGORY = {"link": Text("link", "连接"), "terminal": Text("terminal", "POS机"), "software": Text("software", "软件"),
            "network": Text("network", "网络"), "printer": Text("printer", "打印机"), "power": Text("power", "电源")}
