"""The device options `check` and `fix` share, each declared once, as a field of `DeviceOptions`: its flag, the
configuration key it overrides (and so its environment variable), its help (English: the message id of its
translations in locale/*/help.po), and how a value is checked. Everything else is read from these declarations: the
commands' typer parameters (`device_command`), the layering with the configuration (`DeviceOptions.config`: flag >
environment > file > default), CheckOptions (`build_options`) and the flags a suggested command repeats
(cli/suggest.py). tests/cli/test_device_options.py fails when a flag or configuration key of one is written
elsewhere."""

from __future__ import annotations

import dataclasses
import functools
import inspect
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, Callable, Mapping, Optional

import typer

from pos_doctor.errors import UsageError
from pos_doctor.i18n import T, Text

CHECK, FIX = "check", "fix"


@dataclass(eq=False)  # one per option, never compared: no generated methods beyond __init__ and __repr__
class Declared:
    """One option's declaration (the metadata of a DeviceOptions field)."""

    flag: str
    help: Text
    keys: tuple[str, ...] = ()  # the configuration keys it overrides: what the flag's value becomes (`to_config`)
    commands: tuple[str, ...] = (CHECK, FIX)
    own_help: Mapping[str, Text] = dataclasses.field(default_factory=dict)  # a command's own wording
    after: Mapping[str, str] = dataclasses.field(default_factory=dict)  # shown after this parameter of the command
    choices: tuple[str, ...] = ()  # anything else is refused, naming the flag (parity: any case)
    kept: bool = True  # in the device dict: a stopped walk resumes with it, a suggested command repeats it
    to_config: Callable[[str, Any], tuple] | None = None  # (flag, value) -> one value per key; raises UsageError

    def help_for(self, command: str) -> Text:
        return self.own_help.get(command, self.help)

    @property
    def env(self) -> tuple[str, ...]:
        """The environment variables that set the same values (below the flag, above the files)."""
        from pos_doctor.config import env_name

        return tuple(env_name(key) for key in self.keys)


def _option(flag: str, en: str, **kw: Any) -> Any:
    return field(default=None, metadata={"option": Declared(flag, Text(en), **kw)})


def _bad(option: str, value: Any, what: Text) -> UsageError:
    return UsageError(T("{option} {value!r}: {what}", option=option, value=value, what=what))


def _upper(_flag: str, value: str) -> tuple:
    return (value.upper(),)


def _host_port(flag: str, value: str) -> tuple:
    """HOST or HOST:PORT (an IPv6 address in brackets keeps its colons)."""
    if ":" not in value or value.startswith("["):
        return value, None
    host, _, port = value.rpartition(":")
    if not port.isdigit():
        raise _bad(flag, value, T("port must be a number"))
    return host, int(port)


def _seconds(flag: str, value: float) -> tuple:
    if value <= 0:
        raise UsageError(T("{flag} must be more than 0 seconds", flag=flag))
    return (value,)


@dataclass
class DeviceOptions:
    """The device options of one command line, as typed (None: not given). Field order is `--help`'s order."""

    terminal: Optional[str] = _option("--terminal", "Terminal port: path or pyserial URL.", keys=("terminal.port",))
    printer: Optional[str] = _option("--printer", "Receipt printer port: path or pyserial URL.", keys=("printer.port",))
    baud: Optional[int] = _option("--baud", "Terminal baud rate.", keys=("terminal.baud",))
    printer_baud: Optional[int] = _option("--printer-baud", "Receipt printer baud rate.", keys=("printer.baud",))
    parity: Optional[str] = _option("--parity", "N, E or O.", keys=("terminal.parity",),
                                    choices=("N", "E", "O"), to_config=_upper)
    stopbits: Optional[int] = _option("--stopbits", "1 or 2.", keys=("terminal.stopbits",))
    transport: Optional[str] = _option("--terminal-transport", "serial or tcp.", keys=("terminal.transport",),
                                       choices=("serial", "tcp"))
    payment_host: Optional[str] = _option("--payment-host", "Payment host name (HOST or HOST:PORT).",
                                          keys=("payment.host", "payment.port"), to_config=_host_port)
    policy: Optional[str] = _option("--policy", "Software policy file (YAML).",
                                    keys=("software.policy",), commands=(CHECK,), kept=False)
    simulate: Optional[str] = _option(
        "--simulate", "Check a simulated terminal+printer (scenario name).",
        own_help={FIX: Text("Fix a simulated terminal+printer (scenario name).")})
    printer_link: Optional[str] = _option(
        "--printer-link", "With --simulate: 'usb' puts the simulated printer behind the USB code path (usb://VID:PID).",
        commands=(CHECK,), choices=("usb", "serial"), kept=False)
    timeout: Optional[float] = _option(
        "--timeout", "Deadline of the whole run, seconds (default 10).",
        keys=("timeouts.run",), after={CHECK: "skip"}, to_config=_seconds,
        own_help={FIX: Text("Deadline of all the walk's device work (checks and actions), seconds.")})

    @classmethod
    def declared(cls, command: str | None = None) -> tuple[tuple[str, type, Declared], ...]:
        """(name, type, declaration) of every option, or of one command's, in `--help`'s order."""
        return tuple(row for row in _declared() if command is None or command in row[2].commands)

    @classmethod
    def from_device(cls, device: Mapping[str, Any]) -> DeviceOptions:
        """From a device dict (a stopped walk's, or `check`'s handed to `fix`); unknown keys are not options."""
        names = {name for name, _, _ in _declared()}
        return cls(**{k: v for k, v in device.items() if k in names})

    def device(self) -> dict[str, Any]:
        """The options given, as the device dict a stopped walk keeps and a suggested command repeats."""
        return {name: getattr(self, name) for name, _, d in _declared() if d.kept and getattr(self, name) is not None}

    def args(self) -> list[str]:
        """The device dict's options as command-line words, the scenario first (what a reader looks for)."""
        given = sorted(self.device().items(), key=lambda item: item[0] != "simulate")
        flag = {name: d.flag for name, _, d in _declared()}
        return [word for name, value in given for word in (flag[name], str(value))]

    def flags(self) -> dict[str, Any]:
        """Configuration key -> value for every option given, each checked where it was typed (exit 3 naming the
        flag): its choices, its own form, then the same rule as in pos-doctor.toml."""
        from pos_doctor.config import check_value

        out: dict[str, Any] = {}
        for name, _, d in _declared():
            value = getattr(self, name)
            if value is None:
                continue
            if d.choices and (value.upper() if d.to_config is _upper else value) not in d.choices:
                choices = Text.from_map({"en": _either(d.choices, ", ", " or "),
                                         "zh": _either(tuple(f"`{c}`" for c in d.choices), "、", " 或 "),
                                         "de": _either(d.choices, ", ", " oder ")})
                raise _bad(d.flag, value, T("choose {choices}", choices=choices))
            typed = d.to_config(d.flag, value) if d.to_config else (value,)
            if d.keys:  # --simulate, --printer-link: the run's own, not the configuration's
                out.update(zip(d.keys, typed, strict=True))
        for name, _, d in _declared():
            for key in d.keys:
                bad = check_value(key, out.get(key))
                if bad:  # reported against the option that was typed, with what was typed
                    raise _bad(d.flag, getattr(self, name), T("must be {what}", what=bad))
        return out

    def config(self, *, lang: str | None = None, playbook_dirs: list[str] | None = None) -> Any:
        """Validate the flags and load the configuration they sit on top of. Returns the Config."""
        from pos_doctor.config import load_config

        cfg = load_config({**self.flags(), "language": lang, "playbooks.dirs": playbook_dirs or None})
        policy = cfg.model.software.policy
        if policy:  # a broken policy file is bad input: say so now, not as one check's crash
            from pos_doctor.checks.policy import load_policy

            load_policy(policy)
        return cfg

    def simulated_printer_link(self) -> Optional[str]:
        """--printer-link usb|serial works only with --simulate (a real printer's link is its address)."""
        if self.printer_link is not None and not self.simulate:
            raise UsageError(T("--printer-link works with --simulate; for a real printer give its address: --printer "
                               "usb://VID:PID"))
        return None if self.printer_link == "serial" else self.printer_link


def _either(items: tuple[str, ...], sep: str, last: str) -> str:
    """'a or b', 'a, b or c' (zh: '`a` 或 `b`', '`a`、`b`、`c`': a list of three is read as a list)."""
    if len(items) == 2:
        return last.join(items)
    return sep.join(items[:-1]) + (last if sep == ", " else sep) + items[-1]


_TYPES: dict[Any, type] = {"Optional[str]": str, "Optional[int]": int, "Optional[float]": float}


@functools.lru_cache(maxsize=1)
def _declared() -> tuple[tuple[str, type, Declared], ...]:
    # the annotations are text (`from __future__ import annotations`); reading them is cheaper than evaluating them
    return tuple((f.name, _TYPES[f.type], f.metadata["option"]) for f in dataclasses.fields(DeviceOptions))


def declaration(flag: str) -> Declared | None:
    """The declaration of a device option by its flag."""
    return next((d for _, _, d in _declared() if d.flag == flag), None)


def _parameter(name: str, kind: type, d: Declared, command: str) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Optional[kind],
                             default=typer.Option(None, d.flag, help=d.help_for(command).en))


def device_command(command: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a command the device options declared for it: typer sees one parameter per option, in place of the
    function's `DeviceOptions` parameter (or after the parameter a declaration names), and the function receives
    them as one DeviceOptions."""
    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        hints = typing.get_type_hints(fn, include_extras=True)
        declared = DeviceOptions.declared(command)
        params: list[inspect.Parameter] = []
        slot = None
        for p in inspect.signature(fn).parameters.values():
            if hints.get(p.name) is DeviceOptions:
                slot = p.name
                params += [_parameter(n, k, d, command) for n, k, d in declared if command not in d.after]
                continue
            params.append(p.replace(annotation=hints.get(p.name, p.annotation)))
            params += [_parameter(n, k, d, command) for n, k, d in declared if d.after.get(command) == p.name]
        if slot is None:
            raise TypeError(f"{fn.__name__} has no DeviceOptions parameter")
        names = [n for n, _, _ in declared]

        @functools.wraps(fn)
        def command_function(**kwargs: Any) -> Any:
            kwargs[slot] = DeviceOptions(**{n: kwargs.pop(n) for n in names})
            return fn(**kwargs)

        command_function.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command_function.__annotations__ = {p.name: p.annotation for p in params}
        return command_function
    return decorate


def _alias(name: str) -> Any:
    d = next(d for n, _, d in _declared() if n == name)
    return typer.Option(d.flag, help=d.help.en)


# The same options, from the same declarations, for a command that takes one of them alone (`statement --terminal`).
Terminal = Annotated[Optional[str], _alias("terminal")]
Printer = Annotated[Optional[str], _alias("printer")]
Baud = Annotated[Optional[int], _alias("baud")]
PrinterBaud = Annotated[Optional[int], _alias("printer_baud")]
Parity = Annotated[Optional[str], _alias("parity")]
Stopbits = Annotated[Optional[int], _alias("stopbits")]
Transport = Annotated[Optional[str], _alias("transport")]
PrinterLink = Annotated[Optional[str], _alias("printer_link")]
PaymentHost = Annotated[Optional[str], _alias("payment_host")]


def _lang(value: Optional[str]) -> Optional[str]:
    from pos_doctor.cli.language import option_lang

    try:
        return option_lang(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


# The options every command that runs takes (their translations, like every help text's: locale/*/help.po).
Lang = Annotated[Optional[str], typer.Option("--lang", help="zh, en or de.", callback=_lang)]
NoColor = Annotated[bool, typer.Option("--no-color", help="Plain output without colour.")]
Note = Annotated[Optional[str], typer.Option("--note", help="Operator note kept with this run's record.")]
NoRecord = Annotated[bool, typer.Option("--no-record", help="Do not record this run in the history database.")]


def device_config(*, lang: str | None = None, playbook_dirs: list[str] | None = None, **device: Any) -> Any:
    """The device dict's options validated and layered with the configuration (DeviceOptions.config)."""
    return DeviceOptions(**device).config(lang=lang, playbook_dirs=playbook_dirs)


def build_options(cfg: Any, **kw: Any) -> Any:
    """CheckOptions from the configuration the device options were layered with (`kw`: the run's own)."""
    from pos_doctor.checks.runner import CheckOptions

    m = cfg.model
    return CheckOptions(
        terminal=m.terminal.port, printer=m.printer.port, terminal_transport=m.terminal.transport,
        baud=m.terminal.baud, parity=m.terminal.parity, stopbits=m.terminal.stopbits, printer_baud=m.printer.baud,
        password=m.terminal.password, payment_host=m.payment.host, payment_port=m.payment.port,
        policy=m.software.policy, timeout=m.timeouts.run, check_timeout=min(m.timeouts.check, m.timeouts.run), **kw)


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
        from pos_doctor.i18n import T

        line(env.t(T("Checking: {check}", check=titles.get(cid, cid))))

    def on_event(msg):
        text = getattr(msg, "text", None)
        if text is not None:
            if str(getattr(text, "id", "")).startswith("Terminal status message"):  # only a number: plain words
                from pos_doctor.i18n import T

                text = T("The terminal is working…")
            line(env.t(text))

    def clear():
        if shown[0]:
            env.stderr.write("\r\x1b[K")
            env.stderr.flush()
            shown[0] = False

    return progress, on_event, clear
