"""Every subcommand's `--help`, written without click, typer or rich (issue 27), in English, Chinese or German.

Importing typer and rich costs five times a bare interpreter start, and a technician's scripts and shell completion pay
it on every `pos-doctor <command> --help`. So the help of a command is one plain description - usage, help text,
arguments, options, subcommands - rendered here by `render`, in both paths:

- the full command group (cli/main.py) describes its click commands as they are built (`describe`, from typer's own
  parameter records, after `translate` put our texts in the screen's language: each English help text is its own
  message id, its translations in `locale/<locale>/LC_MESSAGES/help.po`; click's and typer's own words come through
  gettext, bound to the same catalogs by cli/language.py `use`, their translations in `click.po`) and prints them
  through `render` (`attach`);
- the console script (cli/fast.py) prints the same description from `help_static.py`, a file generated from the
  typer apps by `python -m pos_doctor.cli.helptext --write` in every language, without importing them.

tests/cli/test_fast_help.py holds the generated file equal to what the apps describe today (it fails, naming the
command to run, when an option or a translation changes without it) and the two paths' output equal, in every language
and at several widths. How a new subcommand joins: docs/design.md, "Start-up".
"""

from __future__ import annotations

import sys
import unicodedata

HEADINGS = {"usage": "Usage:", "arguments": "Arguments", "options": "Options", "commands": "Commands"}  # click's words
NO_LINE_START = set("，。、；：！？）》」』】,.;:!?)")  # punctuation that stays with what it follows
NO_LINE_END = set("（《「『【")  # and brackets that stay with what follows them
FIRST_COLUMN_MAX = 30  # a longer term gets its description on the next line


def text_width(text: str) -> int:
    """Columns on a terminal: a CJK character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _tokens(text: str) -> list[str]:
    """Words, single wide characters (a line may break between any two) and single spaces; a `code span` and a
[bracketed note] are one word, spaces and all (what a person types, a default, is not broken across lines)."""
    out: list[str] = []
    word = ""
    closing = ""  # inside a span: the character that ends it
    for ch in text:
        if closing or ch in "`[":
            if not closing:
                closing = "`" if ch == "`" else "]"
            elif ch == closing:
                closing = ""
            word += ch
            continue
        wide = unicodedata.east_asian_width(ch) in "WF"
        if ch == " " or wide:
            if word:
                out.append(word)
                word = ""
            if wide and ch in NO_LINE_START and out and out[-1] != " ":
                out[-1] += ch
            else:
                out.append(ch)
        elif ch in NO_LINE_START and not word and out and out[-1] != " ":
            out[-1] += ch
        else:
            word += ch
    if word:
        out.append(word)
    merged: list[str] = []
    for tok in reversed(out):
        if tok in NO_LINE_END and merged and merged[-1] != " ":
            merged[-1] = tok + merged[-1]
        else:
            merged.append(tok)
    return merged[::-1]


def wrap(text: str, width: int) -> list[str]:
    """One paragraph filled to `width` columns; a word longer than a line is cut where the line ends."""
    lines: list[str] = []
    line, used = "", 0
    for tok in _tokens(" ".join(text.split())):
        w = text_width(tok)
        if tok == " ":
            if line:
                line, used = line + " ", used + 1
            continue
        if used + w > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
        while w > width:  # a URL or path longer than the line
            cut, k = "", 0
            for ch in tok:
                if k + text_width(ch) > width - used:
                    break
                cut, k = cut + ch, k + text_width(ch)
            lines.append((line + cut).rstrip())
            tok, line, used = tok[len(cut):], "", 0
            w = text_width(tok)
        line, used = line + tok, used + w
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(line.strip() for line in p.splitlines()) for p in text.split("\n\n") if p.strip()]


def _rows(rows: list, width: int) -> list[str]:
    first = min(max(text_width(term) for term, _ in rows), FIRST_COLUMN_MAX) + 2
    out = []
    for term, desc in rows:
        lines = [line for p in _paragraphs(desc or "") for line in wrap(p, max(width - first - 2, 10))] or [""]
        tw = text_width(term)
        if tw <= first - 2:
            out.append(("  " + term + " " * (first - tw) + lines[0]).rstrip())
        else:
            out.append("  " + term)
            out.append((" " * (first + 2) + lines[0]).rstrip())
        out.extend(" " * (first + 2) + line for line in lines[1:])
    return out


def render(desc: dict, words: dict[str, str], width: int) -> str:
    """The help of one command from its description, `width` columns wide (as the root's: 50 to 78); `words`: the
    headings in the screen's language (`headings`)."""
    h = words
    prefix = f"{h['usage']} {desc['path']} "
    lines = [prefix + desc["usage"] if text_width(prefix + desc["usage"]) <= width else
             "\n".join([prefix.rstrip()] + ["  " + x for x in wrap(desc["usage"], width - 2)])]
    for p in _paragraphs(desc.get("help") or ""):
        lines += [""] + ["  " + x for x in wrap(p, width - 2)]
    for key in ("arguments", "options", "commands"):
        if desc.get(key):
            lines += ["", h[key], *_rows(desc[key], width)]
    return "\n".join(lines) + "\n"


def terminal_width() -> int:
    """click's help width: the terminal's columns (COLUMNS first), at most 80, less 2, at least 50."""
    import shutil

    return max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


def static_help(argv: list[str], lang: str, *, own_lang: bool = False) -> str | None:
    """The help asked for by `<command> [<subcommand>] --help` (argv without --lang; `own_lang`: a --lang came after
    the command, which only a command with that option takes), from the generated file; None for anything else, and
    for a command the file does not know yet: the full group answers those, errors included."""
    if len(argv) < 2 or argv[-1] not in ("--help", "-h") or any(a.startswith("-") for a in argv[:-1]):
        return None
    from pos_doctor.cli.help_static import HELP, WORDS

    desc = HELP.get(lang, {}).get(" ".join(argv[:-1]))
    if desc is None or (own_lang and not any(term.split()[0].rstrip(",") == "--lang" or " --lang" in term
                                             for term, _ in desc["options"])):
        return None
    return render(desc, WORDS[lang], terminal_width())


# --- the languages: our texts through the catalogs (help.po), click's words through gettext (click.po) -------------
def tr(text: str, lang: str, context: str | None = None) -> str:
    """An English help text (its own message id) in `lang`; the English where the catalog has none."""
    if lang == "en" or not text:
        return text
    from pos_doctor.i18n import Text

    return Text(text, context=context)(lang)


def headings(lang: str) -> dict[str, str]:
    """The headings of a help screen in `lang`: click's own words (click.po), with the language's own colon."""
    colon = "：" if lang == "zh" else ":"
    out = {"usage": tr(HEADINGS["usage"], lang)}
    out.update({k: tr(v, lang) + colon for k, v in HEADINGS.items() if k != "usage"})
    return out


def _argument_help(cmd) -> dict[str, str]:
    """The help typer was given for each argument of a command (`typer.Argument(help=...)`), by parameter name.

    typer 0.24 keeps an argument's help on its own record, and click 8.5's Argument (which learned `help`) sets it
    back to None: read it again from the command function's declarations (typer's public ArgumentInfo)."""
    import inspect
    import typing

    import typer.models

    callback = getattr(cmd, "callback", None)
    if callback is None:
        return {}
    out = {}
    try:
        sig = inspect.signature(callback)
        hints = typing.get_type_hints(inspect.unwrap(callback, stop=lambda f: hasattr(f, "__signature__")),
                                      include_extras=True)
    except (TypeError, ValueError, NameError):
        return {}
    for name, param in sig.parameters.items():
        infos = [param.default, *getattr(hints.get(name), "__metadata__", ())]
        for info in infos:
            if isinstance(info, typer.models.ArgumentInfo) and info.help:
                out[name] = info.help
    return out


def translate(cmd, lang: str) -> None:
    """A built click command (and its subcommands) with its texts in `lang`: its help, its parameters' help and
    metavars, the usage line's placeholders. English stays where the catalogs have no translation."""
    import inspect

    import click

    declared = _argument_help(cmd)
    for p in cmd.params:
        if isinstance(p, click.Argument) and not p.help and p.name in declared:
            p.help = declared[p.name]
    if lang != "en":
        if cmd.help:
            cmd.help = tr(inspect.cleandoc(cmd.help), lang)
        if cmd.short_help:
            cmd.short_help = tr(cmd.short_help, lang)
        for p in cmd.params:
            if getattr(p, "help", None):
                p.help = tr(p.help, lang)
            if isinstance(p, click.Argument) and p.metavar is None:
                shown = (p.name or "").upper()
            elif getattr(p, "is_flag", False) or getattr(p, "count", False):
                continue
            else:
                shown = p.metavar if p.metavar else getattr(p.type, "name", "")
            bare = (shown or "").strip("[].")
            word = tr(bare, lang, "metavar")
            if bare and word != bare:
                p.metavar = (shown or "").replace(bare, word)
        if cmd.options_metavar:
            cmd.options_metavar = tr(cmd.options_metavar, lang, "usage")
        if isinstance(cmd, click.Group):
            cmd.subcommand_metavar = tr(cmd.subcommand_metavar, lang, "usage")
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            translate(sub, lang)


# --- the full group's side: click objects -------------------------------------------------------------------------
def describe(cmd, ctx) -> dict:
    """The description of a built click command (typer's records, in the language its texts are in)."""
    import inspect

    import click

    args: list[list[str]] = []
    opts: list[list[str]] = []
    for param in cmd.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is not None:
            (args if param.param_type_name == "argument" else opts).append([record[0], record[1] or ""])
    desc = {"path": ctx.command_path, "usage": " ".join(cmd.collect_usage_pieces(ctx)),
            "help": inspect.cleandoc(cmd.help or ""), "arguments": args, "options": opts}
    if isinstance(cmd, click.Group):
        subs = ((name, cmd.get_command(ctx, name)) for name in cmd.list_commands(ctx))
        desc["commands"] = [[name, _short(sub)] for name, sub in subs if sub is not None and not sub.hidden]
    return desc


def _short(cmd) -> str:
    text = cmd.short_help or (_paragraphs(cmd.help or "") or [""])[0]
    return " ".join(text.split())


def attach(cmd, lang: str) -> None:
    """Make a built click command (and its subcommands) print its help through `render`."""
    import click

    def format_help(ctx, formatter, _cmd=cmd):
        formatter.write(render(describe(_cmd, ctx), headings(lang), formatter.width))

    cmd.format_help = format_help
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            attach(sub, lang)


def describe_all(lang: str) -> dict[str, dict]:
    """Every command and subcommand of the full group, described as `--help` shows them in `lang` (click's words
    through gettext: cli/language.py `use`)."""
    import click

    from pos_doctor.cli import language, main

    main._HELP_LANG = lang
    language.use(lang)
    root = click.Context(main.cli, info_name="pos-doctor", **main.cli.context_settings)
    out: dict[str, dict] = {}

    def walk(cmd, ctx, path: str) -> None:
        out[path] = describe(cmd, ctx)
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None:  # a name the group lists is one it has
                    walk(sub, click.Context(sub, info_name=name, parent=ctx), f"{path} {name}")

    for name in main.COMMANDS:
        cmd = main.cli.get_command(root, name)
        walk(cmd, click.Context(cmd, info_name=name, parent=root), name)
    return out


def generate() -> str:
    """The source of help_static.py: every description, the root's and the headings, in every language."""
    import pprint

    import click

    from pos_doctor.cli import language, main
    from pos_doctor.i18n import LANGS

    data, root, words = {}, {}, {}
    restore = language.use("en")
    for lang in LANGS:
        data[lang] = describe_all(lang)
        words[lang] = headings(lang)
        root[lang] = main.root_description(click.Context(main.cli, info_name="pos-doctor"), lang)
    restore()
    return ('"""Generated by `python -m pos_doctor.cli.helptext --write` from the typer apps and the catalogs: '
            'every command\'s\n--help in every language, for the console script to print without importing them '
            '(cli/helptext.py). Do not edit."""\n\n'
            f"HELP = {pprint.pformat(data, width=120, sort_dicts=False)}\n\n"
            f"ROOT = {pprint.pformat(root, width=120, sort_dicts=False)}\n\n"
            f"WORDS = {pprint.pformat(words, width=120, sort_dicts=False)}\n")


if __name__ == "__main__":
    source = generate()
    if "--write" in sys.argv[1:]:
        from pathlib import Path

        Path(__file__).with_name("help_static.py").write_text(source, encoding="utf-8")
    else:
        sys.stdout.write(source)
