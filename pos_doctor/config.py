"""Configuration, in increasing strength: defaults, the user config dir, ./pos-doctor.toml, POS_DOCTOR_* env, flags.

The working-directory file is more specific than the user's, so it wins over it. Every effective value
remembers where it came from (`pos-doctor config show`). Bad files exit 3 naming file, line/key and the fix.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Mapping, Optional

from pos_doctor.errors import Problem, UserFileError, Where, problem
from pos_doctor.i18n import T, Text

KIND = "configuration"
SPEC = 1
FILENAME = "pos-doctor.toml"

def _rule(name: str, *, default: Any = None, secret: bool = False) -> Any:
    """A field whose well-typed values are further limited (`_rules`): a baud rate no UART uses is refused where
    it is written (file line, environment variable or flag), not deep inside a check."""
    return field(default=default, metadata={"rule": name, "secret": secret})


# The file, one dataclass per table. A key is "table.field" ("language" and "spec" sit at the top); its type and
# default are the field's. Types: str, int, float, bool, list[str], or a Literal of the allowed strings.
# (eq=False: never compared, and each generated method is start-up time of every command that reads the file.)
@dataclass(eq=False)
class TerminalTable:
    port: Optional[str] = _rule("port")
    transport: Literal["serial", "tcp"] = "serial"
    baud: int = _rule("baud", default=9600)
    parity: Literal["N", "E", "O"] = "N"
    stopbits: int = _rule("stopbits", default=1)
    password: str = _rule("password", default="000000", secret=True)


@dataclass(eq=False)
class PrinterTable:
    port: Optional[str] = _rule("printer")
    baud: int = _rule("baud", default=9600)


@dataclass(eq=False)
class PaymentTable:
    host: Optional[str] = None
    port: int = _rule("tcp_port", default=443)
    tolerance_s: float = _rule("tolerance", default=300.0)  # how far the customer's time may be from the terminal's
    evidence_max_age_s: float = _rule("evidence_age", default=600.0)  # older terminal records open no money step


@dataclass(eq=False)
class SoftwareTable:
    policy: Optional[str] = None


@dataclass(eq=False)
class TimeoutsTable:
    run: float = _rule("seconds", default=10.0)
    check: float = _rule("seconds", default=5.0)


@dataclass(eq=False)
class RecordsTable:
    enabled: bool = True
    path: Optional[str] = None
    keep_days: int = 90  # history retention: runs older than this are pruned (0: keep forever)
    keep_runs: int = 30000  # and at most this many runs (0: no limit); see docs/monitoring.md


@dataclass(eq=False)
class PlaybooksTable:
    dirs: list[str] = field(default_factory=list)


@dataclass(eq=False)
class ShopTable:
    """Who the shop is and whom staff call: named at the top of every report and at every escalation."""

    name: Optional[str] = None
    id: Optional[str] = None  # the shop's short code in monitoring labels (default: shop.name, else the host name)
    till: Optional[str] = None  # this till's name in monitoring output (default: the host name)
    merchant_id: Optional[str] = None
    terminal_id: Optional[str] = None  # the terminal ID to quote, when the terminal does not report one
    address: Optional[str] = None
    # the payment practice the walks assume (MARKETS): the first question, the refund rules, whom to call. Not set:
    # de when the language is German, else cn (`market_of`)
    market: Optional[Literal["cn", "de"]] = None


# The markets a shop can be in: the payment practice of the playbooks' walks (`when: "market == 'de'"`), apart from
# the language of the words.
MARKETS = ("cn", "de")


def market_of(cfg: "Config | None", lang: str | None) -> str:
    """The shop's market: `[shop] market` (or POS_DOCTOR_SHOP_MARKET) when set, else de for a German screen, else cn
    (so the Chinese and English walks are what they were)."""
    chosen = cfg.get("shop.market") if cfg is not None else None
    if chosen in MARKETS:
        return str(chosen)
    return "de" if lang == "de" else "cn"


@dataclass(eq=False)
class SupportTable:
    provider: Optional[str] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    hours: Optional[str] = None


@dataclass(eq=False)
class ConfigFile:
    """pos-doctor.toml, typed (`Config.model`)."""

    spec: int = SPEC
    terminal: TerminalTable = field(default_factory=TerminalTable)
    printer: PrinterTable = field(default_factory=PrinterTable)
    payment: PaymentTable = field(default_factory=PaymentTable)
    software: SoftwareTable = field(default_factory=SoftwareTable)
    timeouts: TimeoutsTable = field(default_factory=TimeoutsTable)
    language: Optional[Literal["zh", "en", "de"]] = None
    records: RecordsTable = field(default_factory=RecordsTable)
    playbooks: PlaybooksTable = field(default_factory=PlaybooksTable)
    shop: ShopTable = field(default_factory=ShopTable)
    support: SupportTable = field(default_factory=SupportTable)


def _kind(hint: Any) -> Any:
    """A field's type as the coercion below reads it: str, int, float, bool, list, or a tuple of allowed strings."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is Literal:
        return tuple(args)
    if args and typing.get_origin(hint) is not list:  # Optional[X]
        return _kind(args[0])
    return list if typing.get_origin(hint) is list else hint


def _keys() -> tuple[dict[str, tuple[Any, Any]], dict[str, str], frozenset[str], dict[str, tuple[str, str]]]:
    keys: dict[str, tuple[Any, Any]] = {}
    rules: dict[str, str] = {}
    secret = set()
    where: dict[str, tuple[str, str]] = {}
    hints = typing.get_type_hints(ConfigFile)
    for top in dataclasses.fields(ConfigFile):
        table = hints[top.name]
        if not dataclasses.is_dataclass(table):
            keys[top.name] = (_kind(table), top.default)
            where[top.name] = ("", top.name)
            continue
        inner = typing.get_type_hints(table)
        for f in dataclasses.fields(table):
            key = f"{top.name}.{f.name}"
            default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
            keys[key], where[key] = (_kind(inner[f.name]), default), (top.name, f.name)
            if "rule" in f.metadata:
                rules[key] = f.metadata["rule"]
            if f.metadata.get("secret"):
                secret.add(key)
    return keys, rules, frozenset(secret), where


# key -> (type, default), in the file's order; derived from the model above.
KEYS, _RULE_OF, SECRET, _FIELD_OF = _keys()

ENV_PREFIX = "POS_DOCTOR_"


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, tuple[Any, Text]]:
    """rule -> (accepts(value), what it must be). The limits are the link's own, imported on first use."""
    from pos_doctor.link.port import KNOWN_SCHEMES, STANDARD_BAUDS

    bauds = ", ".join(map(str, STANDARD_BAUDS))
    baud = (lambda v: v in STANDARD_BAUDS, T("a standard baud rate: {bauds}", bauds=bauds))
    port = (lambda v: "://" not in v or v.split("://", 1)[0].lower() in KNOWN_SCHEMES,
            T("a port path (/dev/ttyUSB0, COM3) or a URL socket://host:port or rfc2217://host:port"))
    from pos_doctor.link.addresses import printer_address_ok

    printer = (lambda v: port[0](v) or printer_address_ok(v),
               T("a port path (/dev/ttyUSB0, COM3) or a URL socket://host:port or rfc2217://host:port, usb://VID:PID, "
                 "tcp://host:9100 or spooler:NAME"))
    # finite and at most an hour: inf or 1e308 s would overflow every timer and wait forever
    seconds = (lambda v: 0 < v <= 3600, T("more than 0 and at most 3600 seconds"))
    # the ZVT password is 3 bytes of BCD: exactly 6 ASCII digits (not full-width or Arabic-Indic ones)
    password = (lambda v: len(v) == 6 and all(c in "0123456789" for c in v),
                T("6 digits 0-9 (the terminal's password)"))
    return {"port": port, "printer": printer, "baud": baud, "stopbits": (lambda v: v in (1, 2), T("1 or 2")),
            "tcp_port": (lambda v: 0 < v < 65536, T("a TCP port 1..65535")),
            "seconds": seconds, "password": password,
            "tolerance": (lambda v: 0 < v <= 3600, T("1 to 3600 seconds")),
            "evidence_age": (lambda v: 0 < v <= 86400, T("1 to 86400 seconds"))}


def check_value(key: str, value: Any) -> Text | None:
    """What a well-typed value that cannot work must be instead, or None when it can work."""
    if value is None or key not in _RULE_OF:
        return None
    rule = _rules()[_RULE_OF[key]]
    return None if rule[0](value) else rule[1]


def env_name(key: str) -> str:
    return ENV_PREFIX + ("LANG" if key == "language" else key.replace(".", "_").upper())


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def section(self, name: str) -> dict[str, str]:
        """The set values of one table, e.g. section("shop") -> {"name": ..., "address": ...}."""
        return {k.split(".", 1)[1]: v for k, v in self.values.items()
                if k.startswith(name + ".") and v not in (None, "")}

    @property
    def model(self) -> ConfigFile:
        """The effective values, typed: `cfg.model.terminal.baud`."""
        tables: dict[str, dict[str, Any]] = {}
        top: dict[str, Any] = {}
        for key, value in self.values.items():
            table, name = _FIELD_OF[key]
            if table:
                tables.setdefault(table, {})[name] = value
            else:
                top[name] = value
        hints = typing.get_type_hints(ConfigFile)
        return ConfigFile(**top, **{name: hints[name](**values) for name, values in tables.items()})

    def rows(self) -> list[tuple[str, Any, str]]:
        return [(k, "******" if k in SECRET and self.values[k] else self.values[k], self.sources[k]) for k in KEYS]


def _type_name(t) -> Text:
    if isinstance(t, tuple):
        return T("one of {choices}", choices=", ".join(t))
    return {str: T("a string"), int: T("an integer"), float: T("a number"), bool: T("true or false"),
            list: T("a list of strings")}[t]


def _shown(value: Any) -> str:
    """A refused value as the file holds it (Python's repr), with any card or phone number in it masked: a
    number typed into the wrong key must not be repeated on the screen."""
    from pos_doctor.privacy import mask_text

    return mask_text(repr(value))


def _coerce(key: str, value: Any, from_text: bool) -> tuple[Any, Problem | None]:
    t = KEYS[key][0]
    if from_text:  # env vars and flags are text
        try:
            if t is int:
                value = int(value)
            elif t is float:
                value = float(value)
            elif t is bool:
                low = str(value).lower()
                if low not in ("1", "0", "true", "false", "yes", "no"):
                    raise ValueError
                value = low in ("1", "true", "yes")
            elif t is list:
                value = [p for p in str(value).split(os.pathsep) if p]
        except ValueError:
            return None, problem("must be {what}, not {value}", what=_type_name(t), value=_shown(value))
    if isinstance(t, tuple):
        ok = value in t
    elif t is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif t is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif t is list:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:
        ok = isinstance(value, t)
    if not ok:
        return None, problem("must be {what}, not {value}", what=_type_name(t), value=_shown(value))
    bad = check_value(key, value)
    if bad:  # a secret is not repeated on the screen
        if key in SECRET:  # a secret is not repeated on the screen
            return None, problem("must be {what}", what=bad)
        return None, problem("must be {what}, not {value}", what=bad, value=_shown(value))
    return value, None


def _flatten(data: dict, prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for k, v in data.items():
        key = f"{prefix}{k}"
        # known keys are section.name at most: anything deeper is reported as the unknown key it hangs from
        if isinstance(v, dict) and key not in KEYS and "." not in prefix:
            out += _flatten(v, key + ".")
        else:
            out.append((key, v))
    return out


def _line_of(text: str, key: str) -> int | None:
    # tomllib keeps no positions; find the key's line (section header + leaf name) for the message.
    section, _, leaf = key.rpartition(".")
    current = ""
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        m = re.match(r"^\[\s*([^\]]+?)\s*\]", s)
        if m:
            current = m.group(1)
            if current == key or current.startswith(key + "."):  # a table that is itself the unknown key
                return n
            continue
        m = re.match(r"^([A-Za-z0-9_.\"-]+)\s*=", s)
        if m:
            full = (current + "." if current else "") + m.group(1).strip('"')
            if full == key or (current == section and m.group(1) == leaf):
                return n
    return None


def _load_toml(path: Path) -> tuple[list[tuple[str, Any]], str]:
    import tomllib

    from pos_doctor.yamlfile import read_text

    text = read_text(path, KIND)  # size, binary, encoding (with line), directory: refused like every user file
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses per [ or {: thousands of them are junk, not configuration
        from pos_doctor.yamlfile import MAX_BRACKETS, deep_nesting

        line, col = deep_nesting(text) or (None, None)
        what = problem("not valid TOML: [ and {{ nested more than {n} levels deep", n=MAX_BRACKETS)
        raise UserFileError(KIND, [(Where(str(path), line, col), what)],
                            hint=T("check that this is the right file")) from None
    except (ValueError, OverflowError) as exc:  # not TOMLDecodeError: a date that does not exist, a 5000-digit number
        if isinstance(exc, tomllib.TOMLDecodeError):
            _toml_syntax(path, exc)
        line = _bad_value_line(text)
        what = (problem("bad value: a number with thousands of digits") if "digits" in str(exc)
                else problem("bad value: {why}", why=str(exc)))
        raise UserFileError(KIND, [(Where(str(path), line), what)],
                            hint=T("write a real date (YYYY-MM-DD) or a number of a sensible size; put text in "
                                   "quotes")) from None
    return _flatten(data), text


def _bad_value_line(text: str) -> int | None:
    """The line of the first value tomllib cannot build (it reports none): a long digit run or a date."""
    for i, line in enumerate(text.splitlines(), 1):
        value = line.split("=", 1)[1] if "=" in line else line
        if re.search(r"[0-9_]{4000,}", value):
            return i
        m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})", value)
        if m:
            import datetime

            try:
                datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return i
    return None


def _toml_syntax(path: Path, exc: Exception):
    m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    where = Where(str(path), int(m.group(1)), int(m.group(2))) if m else Where(str(path))
    what = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "bad TOML"
    raise UserFileError(KIND, [(where, problem("not valid TOML: {why}", why=what))],
                        hint=T("fix the TOML syntax at that line (strings need quotes).")) from None


def _apply_file(cfg: Config, path: Path) -> None:
    items, text = _load_toml(path)
    problems = []
    for key, value in items:
        where = Where(str(path), _line_of(text, key), None, key)
        if key not in KEYS:
            close = difflib.get_close_matches(key, list(KEYS), n=1)
            problems.append((where, problem("unknown key {key!r}; did you mean {close!r}?", key=key, close=close[0])
                             if close else problem("unknown key {key!r}", key=key)))
            continue
        v, err = _coerce(key, value, from_text=False)
        if err:
            problems.append((where, err))
        elif key == "spec" and v != SPEC:
            problems.append((where, problem("spec {v} is not supported (this pos-doctor reads spec = {spec})", v=v,
                                            spec=SPEC)))
        else:
            cfg.values[key], cfg.sources[key] = v, str(path)
    if problems:
        raise UserFileError(KIND, problems)


def user_config_path() -> Path:
    from pos_doctor.userdirs import user_config_dir

    return Path(user_config_dir()) / FILENAME


def load_config(flags: dict[str, Any] | None = None, *, cwd: str | Path | None = None,
                env: Mapping[str, str] | None = None, user_file: Path | None = None) -> Config:
    environ: Mapping[str, str] = os.environ if env is None else env
    cfg = Config({k: d for k, (_, d) in KEYS.items()}, {k: "default" for k in KEYS})
    for path in (user_file or user_config_path(), Path(cwd or os.getcwd()) / FILENAME):
        if path.exists():  # a directory by that name is an error, not "no configuration"
            _apply_file(cfg, path)
    problems = []
    for key in KEYS:
        name = env_name(key)
        if environ.get(name):
            v, err = _coerce(key, environ[name], from_text=True)
            if err:
                problems.append((Where(f"environment variable {name}", label=T("environment variable {name}",
                                                                               name=name)),
                                 err))
            else:
                cfg.values[key], cfg.sources[key] = v, f"env {name}"
    if problems:
        raise UserFileError(KIND, problems)
    for key, value in (flags or {}).items():
        if value is not None:
            cfg.values[key], cfg.sources[key] = value, "command line"
    return cfg
