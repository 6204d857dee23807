"""The console-script entry point: `pos-doctor`, `--help`, `--version` and every `<command> --help` answered without
click (a command's help: cli/helptext.py).

Importing click and typer costs more than starting the interpreter, and a person typing `pos-doctor --help` at the
till waits for it. So the root help (the same text click prints, with the same wrapping) and the version are written
here; anything else goes to `pos_doctor.cli.main`, the full command group. tests/cli/test_fast.py holds this text
against click's own rendering, in both languages and at several terminal widths.
"""

from __future__ import annotations

import sys

from pos_doctor import __version__

# The root group's texts, as pos_doctor.cli.main and pos_doctor.cli.help_zh give them to click.
HELP = {
    "en": "Diagnose and fix card-payment trouble at the till.\n\n"
          "Start with `pos-doctor check` (add `--simulate healthy` to try it without hardware).",
    "zh": "诊断并排除收银台刷卡支付故障。\n\n先运行 `pos-doctor check`（没有设备时加 `--simulate healthy` 试用）。",
}
USAGE = {"en": ("Usage:", "[OPTIONS] [COMMAND] [ARGS]..."), "zh": ("用法：", "[选项] 命令 [参数]...")}
HEADINGS = {"en": ("Options:", "Commands:"), "zh": ("选项：", "命令：")}
OPTIONS = {
    "en": [("--version", "Show the version and exit."), ("--lang [zh|en]", "Language of help and messages (zh|en)."),
           ("-h, --help", "Show this message and exit.")],
    "zh": [("--version", "显示版本号并退出。"), ("--lang [zh|en]", "帮助和提示使用的语言：`zh` 中文，`en` 英文。"),
           ("-h, --help", "显示本帮助并退出。")],
}
COMMANDS = {
    "en": [("check", "Diagnose terminal, printer, network, power and software in one run."),
           ("fix", "Guided fix, step by step, until the problem is solved or escalated."),
           ("playbooks", "List, show and validate the fix procedures (playbooks)."),
           ("checks", "List the checks that `check` runs."),
           ("ports", "List serial ports and who holds them."),
           ("simulate", "Serve a simulated terminal and printer on virtual serial ports."),
           ("history", "Recent check and fix runs."),
           ("statement", "Read the provider's statement and find payments that did not arrive."),
           ("report", "Evidence report of one run for the payment provider."),
           ("config", "Show the effective configuration."),
           ("schema", "Print the JSON Schema of check --json, fix --json or playbooks.")],
    "zh": [("check", "一次检查POS机、打印机、网络、电源和软件版本。"),
           ("fix", "按步骤引导处理故障，直到解决或转交支付服务商：先选发生了什么，或让检查结果来选。"),
           ("playbooks", "列出、查看和校验处理流程。"),
           ("checks", "列出 `pos-doctor check` 会运行的检查项。"),
           ("ports", "列出串口、USB 打印机及占用它们的程序。"),
           ("simulate", "在虚拟串口上模拟POS机和小票打印机，供试用和培训。"),
           ("history", "最近的检查和处理记录。"),
           ("statement", "导入支付服务商的账单，查找没有到账的付款。"),
           ("report", "为支付服务商生成某次记录的证据报告。"),
           ("config", "显示当前生效的配置。"),
           ("schema", "输出检查结果、处理记录的 JSON 输出或处理流程文件的结构说明。")],
}


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
    """`pos-doctor --help`, as click renders the root group (width: click's, from the terminal, 50 to 78)."""
    if width is None:
        import shutil

        width = max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
    word, args = USAGE[lang]
    prefix = f"{word} pos-doctor "
    lines = [_wrap(args, width, prefix, " " * len(prefix)) if width >= len(prefix) + 20
             else prefix + "\n" + _wrap(args, width, " " * (len(word) + 5), " " * (len(word) + 5)), ""]
    lines += [_wrap(HELP[lang], width, "  ", "  "), ""]
    lines += [HEADINGS[lang][0], *_rows(OPTIONS[lang], width), ""]
    lines += [HEADINGS[lang][1], *_rows(COMMANDS[lang], width)]
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
    if explicit is not None and explicit not in ("zh", "en"):
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
