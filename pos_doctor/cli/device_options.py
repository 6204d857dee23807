"""The device options `check` and `fix` share: declared once (Annotated aliases the commands' signatures use),
validated once, layered with configuration, and turned into CheckOptions."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from pos_doctor.errors import UsageError

# The options both commands take, declared once (typer reads the Annotated metadata).
Terminal = Annotated[Optional[str], typer.Option("--terminal", help="Terminal port: path or pyserial URL.")]
Printer = Annotated[Optional[str], typer.Option("--printer", help="Receipt printer port: path or pyserial URL.")]
Baud = Annotated[Optional[int], typer.Option("--baud", help="Terminal baud rate.")]
PrinterBaud = Annotated[Optional[int], typer.Option("--printer-baud", help="Receipt printer baud rate.")]
Parity = Annotated[Optional[str], typer.Option("--parity", help="N, E or O.")]
Stopbits = Annotated[Optional[int], typer.Option("--stopbits", help="1 or 2.")]
Transport = Annotated[Optional[str], typer.Option("--terminal-transport", help="serial or tcp.")]
PrinterLink = Annotated[Optional[str], typer.Option(
    "--printer-link", help="With --simulate: 'usb' puts the simulated printer behind the USB code path (usb://VID:PID).")]
PaymentHost = Annotated[Optional[str], typer.Option("--payment-host", help="Payment host name (HOST or HOST:PORT).")]


def _lang(value: Optional[str]) -> Optional[str]:
    """--lang zh|en (zh-CN, en_US ... are understood); anything else is refused, not silently ignored."""
    if value is None:
        return None
    from pos_doctor.i18n import normalise_lang

    lang = normalise_lang(value)
    if lang is None:
        raise typer.BadParameter(f"{value!r}: choose zh (中文) or en (English)")
    return lang


Lang = Annotated[Optional[str], typer.Option("--lang", help="zh or en.", callback=_lang)]
NoColor = Annotated[bool, typer.Option("--no-color", help="Plain output without colour.")]
Note = Annotated[Optional[str], typer.Option("--note", help="Operator note kept with this run's record.")]
NoRecord = Annotated[bool, typer.Option("--no-record", help="Do not record this run in the history database.")]


def _bad(option: str, value, en: str, zh: str) -> UsageError:
    return UsageError(f"{option} {value!r}: {en}", message_zh=f"`{option}` 的值 {value!r} 无效：{zh}")


def device_config(*, terminal=None, printer=None, baud=None, printer_baud=None, parity=None, stopbits=None,
                  transport=None, payment_host=None, policy=None, timeout=None, lang=None, playbook_dirs=None):
    """Validate the flags and load the configuration they sit on top of. Returns the Config."""
    from pos_doctor.config import load_config

    if transport not in (None, "serial", "tcp"):
        raise _bad("--terminal-transport", transport, "choose serial or tcp", "可选 `serial` 或 `tcp`")
    if parity is not None and parity.upper() not in ("N", "E", "O"):
        raise _bad("--parity", parity, "choose N, E or O", "可选 `N`、`E`、`O`")
    if timeout is not None and timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds", message_zh="--timeout 必须大于 0 秒")
    host, port = payment_host, None
    if payment_host and ":" in payment_host and not payment_host.startswith("["):
        host, _, p = payment_host.rpartition(":")
        if not p.isdigit():
            raise _bad("--payment-host", payment_host, "port must be a number", "端口必须是数字")
        port = int(p)
    flags = {"terminal.port": terminal, "printer.port": printer, "terminal.baud": baud, "printer.baud": printer_baud,
             "terminal.parity": parity.upper() if parity else None, "terminal.stopbits": stopbits,
             "terminal.transport": transport, "payment.host": host, "payment.port": port, "software.policy": policy,
             "timeouts.run": timeout, "language": lang, "playbooks.dirs": playbook_dirs or None}
    from pos_doctor.config import check_value

    for key, option in FLAG_OF.items():
        bad = check_value(key, flags[key])
        if bad:  # the same rule as in pos-doctor.toml, reported against the option that was typed
            raise _bad(option, payment_host if key == "payment.port" else flags[key], f"must be {bad[0]}", f"必须是{bad[1]}")
    cfg = load_config(flags)
    if cfg.get("software.policy"):  # a broken policy file is bad input: say so now, not as one check's crash
        from pos_doctor.checks.policy import load_policy

        load_policy(cfg.get("software.policy"))
    return cfg


FLAG_OF = {"terminal.port": "--terminal", "printer.port": "--printer", "terminal.baud": "--baud",
           "printer.baud": "--printer-baud", "terminal.stopbits": "--stopbits", "payment.port": "--payment-host",
           "timeouts.run": "--timeout"}


def build_options(cfg, **kw):
    from pos_doctor.checks.runner import CheckOptions

    return CheckOptions(
        terminal=cfg.get("terminal.port"), printer=cfg.get("printer.port"),
        terminal_transport=cfg.get("terminal.transport"), baud=cfg.get("terminal.baud"),
        parity=cfg.get("terminal.parity"), stopbits=cfg.get("terminal.stopbits"), printer_baud=cfg.get("printer.baud"),
        password=cfg.get("terminal.password"), payment_host=cfg.get("payment.host"), payment_port=cfg.get("payment.port"),
        policy=cfg.get("software.policy"), timeout=cfg.get("timeouts.run"),
        check_timeout=min(cfg.get("timeouts.check"), cfg.get("timeouts.run")), **kw)


def check_printer_link(printer_link: Optional[str], simulate: Optional[str]) -> Optional[str]:
    """--printer-link usb|serial, and only with --simulate (a real printer's link is its address)."""
    if printer_link is None:
        return None
    if printer_link not in ("usb", "serial"):
        raise _bad("--printer-link", printer_link, "choose usb or serial", "可选 `usb` 或 `serial`")
    if not simulate:
        raise UsageError("--printer-link works with --simulate; for a real printer give its address: --printer usb://VID:PID",
                         message_zh="`--printer-link` 只能与 `--simulate` 一起用；真实打印机请直接写地址：`--printer usb://厂商号:产品号`")
    return None if printer_link == "serial" else printer_link


def progress_printer(env):
    """Live progress on stderr, only when stderr is a terminal: the check running, the terminal's own texts.

    Transient: one line, cut to the terminal's width in cells (a Chinese character takes two), so that it never
    wraps and "\r" plus erase-line removes it before anything else is printed; a status the terminal only numbers
    (no text of its own) is said in plain words, without its code."""
    if not env.stderr_isatty:
        return None, None, lambda: None

    import shutil

    from rich.cells import set_cell_size

    titles: dict[str, str] = {}
    shown = [False]

    def line(text: str) -> None:
        width = max(10, shutil.get_terminal_size((80, 24)).columns - 1)  # never the last column: no wrap
        body = set_cell_size("… " + " ".join(text.split()), width).rstrip()
        env.stderr.write("\r\x1b[K" + body)
        env.stderr.flush()
        shown[0] = True

    def progress(cid):
        if not titles:
            from pos_doctor.checks.registry import all_checks

            titles.update({s.id: env.t(s.title) for s in all_checks()})
        line(("正在检查：" if env.lang == "zh" else "Checking: ") + titles.get(cid, cid))

    def on_event(msg):
        text = getattr(msg, "text", None)
        if text is not None:
            said = env.t(text)
            if "（代码" in said or said.startswith("Terminal status message"):  # only a number: plain words
                said = "POS机正在处理……" if env.lang == "zh" else "The terminal is working…"
            line(said)

    def clear():
        if shown[0]:
            env.stderr.write("\r\x1b[K")
            env.stderr.flush()
            shown[0] = False

    return progress, on_event, clear
