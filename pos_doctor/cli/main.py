"""The `pos-doctor` entry point: a lazy command group and the one place that maps errors to exit codes.

Subcommands live one per module (pos_doctor/cli/<name>.py, each exposing a typer `app`) and are imported only
when invoked, so `pos-doctor --help` and `--version` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from pos_doctor import __version__
from pos_doctor.cli.language import argv_lang as _argv_lang  # click-free: the root help (cli.fast) decides it too
from pos_doctor.errors import ExitCode, PosDoctorError, UserFileError

# name -> (module, one-line help). Order is the order shown in --help. The one-line help is English and its own message
# id: its translations are in locale/<locale>/LC_MESSAGES/help.po (cli/helptext.py `tr`).
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("pos_doctor.cli.check", "Diagnose terminal, printer, network, power and software in one run."),
    "fix": ("pos_doctor.cli.fix", "Guided fix, step by step, until the problem is solved or escalated."),
    "playbooks": ("pos_doctor.cli.playbooks", "List, show and validate the fix procedures (playbooks)."),
    "checks": ("pos_doctor.cli.checks", "List the checks that `check` runs."),
    "ports": ("pos_doctor.cli.ports", "List serial ports and who holds them."),
    "simulate": ("pos_doctor.cli.simulate", "Serve a simulated terminal and printer on virtual serial ports."),
    "history": ("pos_doctor.cli.history", "Recent check and fix runs."),
    "statement": ("pos_doctor.cli.statement", "Read the provider's statement and find payments that did not arrive."),
    "report": ("pos_doctor.cli.report", "Evidence report of one run for the payment provider."),
    "config": ("pos_doctor.cli.config", "Show the effective configuration."),
    "schema": ("pos_doctor.cli.schema", "Print the JSON Schema of check --json, fix --json or playbooks."),
}


_HELP_LANG = "en"  # the language of --help and click's words, set once by main()


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        import importlib

        module = importlib.import_module(COMMANDS[name][0])
        import typer.main

        cmd = typer.main.get_command(module.app)
        cmd.name = name
        from pos_doctor.cli.helptext import attach, translate

        translate(cmd, _HELP_LANG)  # our help texts in the screen's language (help.po); click's words: language.use
        attach(cmd, _HELP_LANG)  # --help printed as cli/fast.py prints it without click (cli/helptext.py)
        return cmd

    def format_help(self, ctx, formatter):
        from pos_doctor.cli.fast import render_root

        formatter.write(render_root(root_description(ctx, _HELP_LANG), _HELP_LANG, formatter.width))


HELP_EN = """Diagnose and fix card-payment trouble at the till.

Start with `pos-doctor check` (add `--simulate healthy` to try it without hardware)."""


def root_description(ctx, lang: str) -> dict:
    """`pos-doctor --help` as a description in `lang` (cli/fast.py renders it; help_static.ROOT keeps it)."""
    from pos_doctor.cli.helptext import headings, tr

    options = []
    for param in cli.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is not None:  # the help option's words are click's (cached on the group: asked again here)
            help_ = "Show this message and exit." if param is cli.get_help_option(ctx) else (param.help or "")
            options.append([record[0], tr(help_, lang)])
    return {"usage": " ".join(tr(piece, lang, "usage") for piece in cli.collect_usage_pieces(ctx)),
            "help": tr(HELP_EN, lang), "options": options,
            "commands": [[name, tr(en, lang)] for name, (_, en) in COMMANDS.items()],
            "words": headings(lang)}


def _version(ctx, _param, value):
    if value and not ctx.resilient_parsing:
        click.echo(f"pos-doctor {__version__}")
        ctx.exit(0)


@click.group(cls=LazyGroup, help=HELP_EN, invoke_without_command=True, no_args_is_help=False,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version,
              help="Show the version and exit.")
@click.option("--lang", expose_value=False, type=click.Choice(["zh", "en", "de"]),
              help="Language of help and messages: `zh` Chinese, `en` English, `de` German.")
@click.pass_context
def cli(ctx):
    if ctx.invoked_subcommand is None:  # bare `pos-doctor` (or only --lang): a person asking what it does
        click.echo(ctx.get_help())


def _print_error(lang: str, title: str, lines: list[str], hint: str | None, files: Sequence[str] = ()) -> None:
    """The one error screen. It may echo what the person typed (an argument, a value, a line of their file), so
    every line passes the masking boundary: a card or phone number typed in the wrong place is not shown back. The
    `files` it names (files on disk the error is about) are shown as they are: a file's name is a field whose meaning
    is known, and the person needs it whole (a saved walk's 20261208T010905-19536-....json is no Beijing landline)."""
    from pos_doctor.i18n import T

    err = sys.stderr
    print(_masked(T("Error: {title}", title=title)(lang), files), file=err)
    for line in lines:
        print(f"  {_masked(line, files)}", file=err)
    if hint:
        print(_masked(T("What to do: {hint}", hint=hint)(lang), files), file=err)


def _masked(text: str, files: Sequence[str]) -> str:
    """`privacy.mask_text` over `text`, except where it names one of `files` (the longest first)."""
    from pos_doctor.privacy import mask_text

    for name in sorted(files, key=len, reverse=True):
        if name and name in text:
            return name.join(_masked(part, files) for part in text.split(name))
    return mask_text(text)


FILE_PARAMS = ("path", "file", "folder")  # a message's parameters that name a file or folder


def _files_named(exc: PosDoctorError) -> list[str]:
    """The files and folders on disk an error names: where a file error is, and the `path`/`file`/`folder`
    parameters of its message and hint (not a typed argument that names none: that one is masked like any text)."""
    from pos_doctor.i18n import Text

    named = [where.file for where, _ in exc.problems if where.label is None] if isinstance(exc, UserFileError) else []
    todo = [t for t in (exc.msg, exc.hint_msg) if t is not None]
    while todo:
        params = todo.pop().params
        named += [str(v) for k, v in params.items() if k in FILE_PARAMS and isinstance(v, (str, os.PathLike))]
        todo += [v for v in params.values() if isinstance(v, Text)]
    return [name for name in dict.fromkeys(named) if name and os.path.exists(name)]


def handle_error(exc: BaseException, lang: str) -> int:
    """Map any exception to an exit code and a short message on stderr. The only such place."""
    if isinstance(exc, click.exceptions.Exit):
        return exc.exit_code
    if isinstance(exc, click.exceptions.Abort) or isinstance(exc, KeyboardInterrupt):
        from pos_doctor.i18n import T

        print("\n" + T("Interrupted.")(lang), file=sys.stderr)
        return ExitCode.INTERRUPTED
    if isinstance(exc, click.UsageError):
        ctx = exc.ctx
        usage = ctx.get_usage() if ctx else ""
        hint_cmd = f"{ctx.command_path} --help" if ctx else "pos-doctor --help"
        if usage:
            print(usage, file=sys.stderr)
        from pos_doctor.i18n import T

        _print_error(lang, exc.format_message(), [], T("run `{command}` for usage.", command=hint_cmd)(lang))
        return ExitCode.UNKNOWN
    if isinstance(exc, click.ClickException):
        _print_error(lang, exc.format_message(), [], None)
        return ExitCode.UNKNOWN
    if isinstance(exc, UserFileError):
        from pos_doctor.i18n import TN, T

        lines = exc.lines(lang)
        shown = lines[:15] + ([TN("... {n} more", "... {n} more", len(lines) - 15)(lang)] if len(lines) > 15 else [])
        title = T("invalid {kind}", kind=exc.kind_text(lang))(lang)
        _print_error(lang, title, shown,
                     exc.hint_text(lang) or T("fix the places named above and run again.")(lang), _files_named(exc))
        return exc.exit_code
    if isinstance(exc, PosDoctorError):
        _print_error(lang, exc.text(lang), [], exc.hint_text(lang), _files_named(exc))
        return exc.exit_code
    if isinstance(exc, BrokenPipeError):
        stdout_gone()
        return ExitCode.OK
    # A bug: one screen, not a traceback; keep the traceback in a file for the report.
    import tempfile
    import traceback

    from pos_doctor.privacy import scrub  # an exception's text may carry a card or phone number someone typed

    fd, path = tempfile.mkstemp(prefix="pos-doctor-crash-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(scrub("".join(traceback.format_exception(type(exc), exc, exc.__traceback__))))
    from pos_doctor.i18n import T

    _print_error(
        lang,
        T("internal error: {error}", error=scrub(f"{type(exc).__name__}: {exc}"))(lang),
        [T("details saved to {path}", path=path)(lang)],
        T("please send that file to your technician.")(lang),
        [path],
    )
    return ExitCode.UNKNOWN


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from pos_doctor.ui.console import harden_stdio

    harden_stdio()  # a console encoding without ✓ or Chinese (cp1252) escapes them; it never crashes a run
    global _HELP_LANG
    lang = _HELP_LANG = _argv_lang(args)
    from pos_doctor.cli import language

    language.DECIDED = lang
    restore = language.use(lang)  # click's and typer's own words through the catalogs, before typer is imported
    try:
        return _run(args, lang)
    finally:
        restore()  # a caller in the same process (a test, an embedding program) gets gettext back as it was


def _run(args: list[str], lang: str) -> int:
    try:
        rv = cli.main(args=args, prog_name="pos-doctor", standalone_mode=False)
    except BaseException as exc:  # noqa: BLE001 - this is the one handler
        if isinstance(exc, SystemExit):
            code = exc.code
            # click 8.5 renamed the wrapper (its old name warns, and is typed as a plain object)
            pacify: Any = getattr(click.utils, "_PacifyFlushWrapper", None) or click.utils.PacifyFlushWrapper
            if code == 1 and isinstance(sys.stdout, pacify):
                return ExitCode.OK  # click's answer to a reader that left (`| head`): not a warning
            return code if isinstance(code, int) else (0 if code is None else ExitCode.UNKNOWN)
        quiet = _machine_document(args, exc, lang)
        if quiet:  # Nagios/Checkmk on stdout: the engine merges stderr in; the document already says it all
            import contextlib
            import io

            with contextlib.redirect_stderr(io.StringIO()):
                code = handle_error(exc, lang)
        else:
            code = handle_error(exc, lang)
    else:
        code = rv if isinstance(rv, int) else 0
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_gone()
    return int(code)


def _machine_document(args: list[str], exc: BaseException, lang: str) -> bool:
    """A `check` in a machine format that fails with exit 3 still leaves a valid document saying it could not decide
    (cli/check_output.py). Returns True when stderr should stay quiet."""
    quiet = (click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt, BrokenPipeError)
    if isinstance(exc, quiet) or "check" not in args:
        return False
    try:
        from pos_doctor.cli.check_output import emit_failure

        return emit_failure(args, exc, lang)
    except Exception:  # noqa: BLE001 - the error screen below still tells the person
        return False


def stdout_gone() -> None:
    """The reader left (`| head`): point stdout at devnull so the interpreter's last flush does not fail too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass




if __name__ == "__main__":
    raise SystemExit(main())


def run() -> None:
    """Console-script entry point."""
    code = main()
    # The process ends here, its output flushed: the collector need not walk every object of the run once more on the
    # way out (about 6% of a `check`'s CPU, which concurrent runs on a small till PC share). Files are closed and
    # records committed by now; exit handlers still run.
    import gc

    gc.freeze()
    sys.exit(code)
