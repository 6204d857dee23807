"""The console-script entry point: `pos-doctor`, `--help`, `--version` and every `<command> --help` answered without
click (a command's help: cli/helptext.py).

Importing click and typer costs more than starting the interpreter, and a person typing `pos-doctor --help` at the
till waits for it. So the root help (the same text click prints, with the same wrapping) and the version are written
here; anything else goes to `pos_doctor.cli.main`, the full command group. tests/cli/test_fast.py holds this text
against the full group's, in every language and at several terminal widths.
"""

from __future__ import annotations

import sys

from pos_doctor import __version__


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> str:
    """Paragraphs (blank-line separated) filled to `width`, as click's help formatter fills them."""
    import textwrap

    class Wrapper(textwrap.TextWrapper):
        def _handle_long_word(self, chunks, line, length, width):  # click cuts a long word where the line ends
            left = max(width - length, 1)
            if self.break_long_words:
                line.append(chunks[-1][:left])
                chunks[-1] = chunks[-1][left:]
            elif not line:
                line.append(chunks.pop())

    wrapper = Wrapper(width, initial_indent=first, subsequent_indent=rest, replace_whitespace=False)
    paragraphs = [" ".join(line.strip() for line in p.splitlines()) for p in text.split("\n\n") if p.strip()]
    return "\n\n".join(wrapper.fill(p) for p in paragraphs)


def _rows(rows: list[tuple[str, str]], width: int, indent: int = 2) -> list[str]:
    first_col = min(max(len(a) for a, _ in rows), 30) + 2
    out = []
    for a, b in rows:
        head = " " * indent + a
        if len(a) <= first_col - 2:
            head += " " * (first_col - len(a))
        else:
            head += "\n" + " " * (first_col + indent)
        lines = _wrap(b, max(width - first_col - 2, 10)).splitlines()
        out.append(head + lines[0])
        out.extend(" " * (first_col + indent) + line for line in lines[1:])
    return out


def root_help(lang: str, width: int | None = None) -> str:
    """`pos-doctor --help` in `lang`, from the description generated from the command group (help_static.ROOT)."""
    from pos_doctor.cli.help_static import ROOT

    return render_root(ROOT[lang], lang, width)


def render_root(desc: dict, lang: str, width: int | None = None) -> str:
    """The root help from its description (cli/main.py `root_description`), as click's formatter fills it (width:
    click's, from the terminal, 50 to 78). The full group prints it through here too (LazyGroup.format_help)."""
    if width is None:
        import shutil

        width = max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
    words = desc["words"]
    prefix = f"{words['usage']} pos-doctor "
    args = desc["usage"]
    lines = [_wrap(args, width, prefix, " " * len(prefix)) if width >= len(prefix) + 20
             else prefix + "\n" + _wrap(args, width, " " * (len(words["usage"]) + 5), " " * (len(words["usage"]) + 5)),
             ""]
    lines += [_wrap(desc["help"], width, "  ", "  "), ""]
    lines += [words["options"], *_rows(desc["options"], width), ""]
    lines += [words["commands"], *_rows(desc["commands"], width)]
    return "\n".join(lines) + "\n"


def answer(argv: list[str]) -> str | None:
    """The output for a bare `pos-doctor`, `--help`, `-h` or `--version` (each with an optional `--lang`); None for
    anything else, which the full command group handles (errors included)."""
    rest: list[str] = []
    explicit, own_lang = None, False
    i = 0
    while i < len(argv):
        arg = argv[i]
        own_lang = own_lang or (bool(rest) and arg.startswith("--lang"))  # after the command: the command's option
        if arg == "--lang" and i + 1 < len(argv):
            explicit, i = argv[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            explicit = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    if explicit is not None and explicit not in ("zh", "en", "de"):  # the root's --lang choices (cli/language.py)
        return None
    if rest == ["--version"]:
        return f"pos-doctor {__version__}\n"
    from pos_doctor.cli.language import argv_lang

    if rest in ([], ["--help"], ["-h"]):
        return root_help(argv_lang(argv))
    if rest and rest[-1] in ("--help", "-h"):  # a command's help, from the generated description (cli/helptext.py)
        from pos_doctor.cli.helptext import static_help

        return static_help(rest, argv_lang(argv), own_lang=own_lang)
    return None


def run() -> None:
    """Console-script entry point."""
    try:
        text = answer(sys.argv[1:])
    except Exception:  # noqa: BLE001 - the full command group reports whatever went wrong, in its one handler
        text = None
    if text is None:
        from pos_doctor.cli.light import run as light

        code = light(sys.argv[1:])  # `checks`, `ports`, `history`: their bodies without the command group
        if code is not None:
            sys.exit(code)
        from pos_doctor.cli.main import run as full

        full()
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        from pos_doctor.cli.main import stdout_gone

        stdout_gone()
    sys.exit(0)
