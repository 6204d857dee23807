"""`pos-doctor statement import FILE`: read the provider's statement (WeChat Pay bill, Alipay statement, or a portal
export with --mapping) and answer the funds-not-arrived questions (docs/statements.md).

Exit codes: 0 every compared terminal payment is in the statement (and the payment asked about was paid); 1 nothing
to decide from (no terminal records and no payment asked, or the payment asked about is ambiguous or on another
day); 2 a payment is missing, or the payment asked about was not paid, refunded, reversed or failed; 3 a bad file
or argument. Nothing is written: no history record, no file.
"""

from __future__ import annotations

import json
from typing import Optional

import typer

from pos_doctor.cli.device_options import Lang, NoColor, Terminal
from pos_doctor.errors import ExitCode, PosDoctorError, UsageError
from pos_doctor.i18n import T

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Read the provider's statement and find the payments that did not arrive.")


@app.callback()
def statement() -> None:
    """The provider's statement (bill)."""


@app.command("import", help="Read a WeChat Pay bill, an Alipay statement or a portal export (--mapping) and compare it "
                            "with the terminal's approved payments of the day.")
def import_(
    file: str = typer.Argument(..., metavar="FILE", help="The statement file (CSV or XLSX)."),
    mapping: Optional[str] = typer.Option(None, "--mapping", metavar="FILE",
                                          help="Mapping file (YAML or TOML) for a portal export."),
    day: Optional[str] = typer.Option(None, "--day", metavar="DATE",
                                      help="The day to compare (YYYY-MM-DD); default: the statement's."),
    amount: Optional[str] = typer.Option(None, "--amount", help="One customer's payment: its amount."),
    at: Optional[str] = typer.Option(None, "--time",
                                     help="One customer's payment: its time (HH:MM or YYYY-MM-DD HH:MM)."),
    order: Optional[str] = typer.Option(None, "--order",
                                        help="One customer's payment: its order number (or its last digits)."),
    terminal: Terminal = None,
    simulate: Optional[str] = typer.Option(None, "--simulate",
                                           help="Read a simulated terminal's records (scenario name)."),
    db: Optional[str] = typer.Option(None, "--db", help="History database to read terminal readings from."),
    json_out: bool = typer.Option(False, "--json", help="One JSON document on stdout."),
    lang: Lang = None,
    no_color: NoColor = False,
) -> None:
    from pos_doctor.cli.language import command_lang
    from pos_doctor.ui.console import Env

    env = Env.create(command_lang(lang), no_color=no_color)
    raise typer.Exit(run_import(env, file, mapping=mapping, day=day, amount=amount, at=at, order=order,
                                terminal=terminal, simulate=simulate, db=db, json_out=json_out))


def _day(value: str | None):
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(T("--day {value!r} is not a date", value=value),
                         hint=T("use YYYY-MM-DD, e.g. 2026-12-05")) from None


def _asked(amount: str | None, at: str | None, order: str | None, day):
    from pos_doctor.payments.customer_input import parse_amount, parse_customer_time
    from pos_doctor.statements.match import Asked

    value = None
    if amount is not None:
        value, _cur = parse_amount(amount)
        if value is None:
            raise UsageError(T("--amount {amount!r} is not an amount", amount=amount),
                             hint=T("e.g. --amount 12.50"))
    when = None
    if at is not None:
        when = parse_customer_time(at, today=day)
        if when is None:
            raise UsageError(T("--time {at!r} is not a time", at=at),
                             hint=T("e.g. --time 14:05 or --time '2026-12-05 14:05'"))
    text = (order or "").strip() or None
    if text is not None and len(text) < 4:
        raise UsageError(T("--order {order!r}: give at least its last 4 characters", order=order))
    return Asked(value, when, text)


def run_import(env, file: str, *, mapping=None, day=None, amount=None, at=None, order=None, terminal=None,
               simulate=None, db=None, json_out=False) -> int:
    from pos_doctor.statements import read_statement
    from pos_doctor.statements.match import compare
    from pos_doctor.ui.statement_view import statement_lines

    the_day = _day(day)
    st = read_statement(file, mapping)
    if the_day is None and len(st.days()) == 1:
        the_day = st.days()[0]
    asked = _asked(amount, at, order, the_day)
    records, source, history_error = None, None, None
    if terminal or simulate:
        records, source = _read_terminal(terminal, simulate), "terminal"
    else:
        try:
            found = _from_history(db, the_day)
        except PosDoctorError as exc:
            if db is not None:
                raise  # the database asked for: its problem is the answer
            found = None  # the default history is only a help: unreadable, the statement is still reported
            history_error = {"en": exc.text("en"), "zh": exc.text("zh")}
        if found:
            records, source = found, "history"
    result = compare(st, records, day=the_day, asked=asked)
    from pos_doctor.statements.evidence import reconciled

    result["reconcile"] = reconciled(st, asked)  # the statement's rows as evidence, by the reconciliation's rules
    result["terminal"]["source"] = source
    if history_error is not None:
        result["terminal"]["history_error"] = history_error
    code = exit_code(result)
    result["exit_code"] = code
    if json_out:
        env.write(json.dumps({"schema_version": 1, "kind": "statement", **result}, ensure_ascii=False, indent=2))
    else:
        env.write("\n".join(statement_lines(result, env.lang, source)))
    return code


def exit_code(result: dict) -> int:
    verdict = result["payment"]["verdict"]
    if result["missing"] or verdict in ("not_in_statement", "refunded", "partly_refunded", "reversed", "failed"):
        return ExitCode.CRITICAL
    if (verdict in ("ambiguous", "not_covered", "unknown")
            or (verdict == "not_asked" and not result["terminal"]["available"])):
        return ExitCode.WARNING
    return ExitCode.OK


def _from_history(db, day):
    from pos_doctor.config import load_config
    from pos_doctor.records.recorder import open_store
    from pos_doctor.statements.terminal import records_from_store

    with open_store(db, load_config()) as store:  # read-only: nothing is created or written
        return records_from_store(store, day)


def _read_terminal(terminal, simulate):
    from pos_doctor.checks.session import open_session
    from pos_doctor.cli.device_options import build_options, device_config
    from pos_doctor.payments.model import TerminalEvidence
    from pos_doctor.playbooks.actions import DeviceServices

    cfg = device_config(terminal=terminal)
    with open_session(build_options(cfg, simulate=simulate)) as session:
        read = DeviceServices(session).action("read_journal", {})
    ev = TerminalEvidence.from_json(read.data.get("terminal_evidence") or {})
    if not ev.readable:
        raise UsageError(T("the terminal's records could not be read: {why}", why=read.message),
                         hint=T("check the terminal's connection (pos-doctor check), or leave --terminal out to "
                                "compare "
                                "with the readings in the history"))
    return list(ev.records)
