"""Scenario files: what the simulated terminal and printer are like, and which faults they show.

A scenario is YAML with `spec: 1`; every key is checked (unknown keys get "did you mean"), so a typo in a CI
scenario fails loudly with file and line instead of silently simulating a healthy shop.
"""

from __future__ import annotations

from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from msgspec import Meta, Struct, field as struct_field

from pos_doctor.errors import Problem, UserFileError, Where, problem
from pos_doctor.filemodel import file_schema, keys_of, required_of, struct_fields
from pos_doctor.i18n import T, Text
from pos_doctor.resources import scenarios_dir
from pos_doctor.yamlfile import YamlDoc, check_keys, load_yaml_file, require_mapping, type_word

KIND = "scenario"
SCHEMA_FILE = "scenario.schema.json"
MODEL = "SIM-ZVT-1"
CURRENT_VERSION = "2.4.1"
MAX_CLOCK_OFFSET_DAYS = 3650  # the terminal's clock is sent as a 4-digit year; ten years either way is plenty
MAX_DELAY_MS = 600_000
# the value types of the format: what the loader converts and checks, and the schema states
Byte = Annotated[int, Meta(ge=0, le=255, title="byte", description='A byte: 0x9C, 156 or "9C".')]
Count = Annotated[int, Meta(ge=0)]
DelayMs = Annotated[int, Meta(ge=0, le=MAX_DELAY_MS)]
ClockDays = Annotated[int, Meta(ge=-MAX_CLOCK_OFFSET_DAYS, le=MAX_CLOCK_OFFSET_DAYS)]
ClockMinutes = Annotated[int, Meta(ge=-MAX_CLOCK_OFFSET_DAYS * 24 * 60, le=MAX_CLOCK_OFFSET_DAYS * 24 * 60)]
# `status: none`: the status enquiry completion carries no status byte (held as None)
ByteOrNone = Annotated[int, Meta(ge=0, le=255, title="byte or none", description='A byte, or none.')]


class LastTransaction(Struct, forbid_unknown_fields=True):
    """A payment the simulated terminal holds (`last_transaction`, or each entry of `journal`)."""

    result: Byte = 0
    amount: Count = 1250        # in cents
    currency: Count = 978       # ISO 4217 numeric, sent as BCD (09 78 EUR, 01 56 CNY)
    trace: Count = 42
    receipt: Count = 17
    card_name: str = "girocard"
    pan: str = "6725000000000000019"  # a test card number; the client must mask it
    minutes_ago: Count = 0      # the terminal clock at the transaction = now - this (scenarios stay "now")
    status_only: bool = False   # Repeat Receipt's 04 0F carries only the result code (seen on a third-party emulator)
    reversal_pending: bool = False  # a declined payment whose automatic reversal has not gone out yet
    # the wording its receipt and the period listing print for the result ("": the simulator's own, APPROVED or
    # DECLINED (05)); e.g. "APPROVED - KEEP SLIP TO AVOID DISPUTES"
    result_text: str = ""
    listed_result: Byte | None = None  # the result the period listing prints, when it disagrees with the status
                                       # information's (None: the same as `result`)


class TerminalSpec(Struct, forbid_unknown_fields=True):
    """The simulated payment terminal (ZVT) and the faults it shows."""

    model: str = MODEL
    software_version: str = CURRENT_VERSION
    serial_number: str = "SIM0000001"
    terminal_id: str = "29001234"
    status: ByteOrNone | None = 0x00
    clock_offset_days: ClockDays = 0
    clock_offset_minutes: ClockMinutes = 0  # added to the days: a clock an hour off (+60) is not two days off
    diagnosis: Literal["ok", "host-unreachable"] = "ok"
    diagnosis_error: Byte = 0xA3
    last_transaction: LastTransaction | None = None
    # the period's transactions, oldest first; the last is last_transaction
    journal: Annotated[list[LastTransaction], Meta(title="transactions")] | None = None
    period_list: bool = True           # False: Send Turnover Totals (06 10) is refused 84 83 00
    period_minutes: Count = 600        # the current period began this many minutes ago
    ecr_prints: bool = False           # the till registered for receipts on the ECR earlier (config persists)
    refuse_all: Byte | None = None
    drop_ack_every: Count = 0
    corrupt_crc_every: Count = 0
    unplug_after_bytes: Count = 0
    delay_ms: DelayMs = 30             # each command is acknowledged at once and completed after this many ms
    dead: bool = False
    mute: bool = False                 # takes every command (the line ACK on serial) and never answers it
    stall_after_bytes: Count = 0       # N: sends N bytes, then nothing while the line stays open (hung mid-message)
    heal_after: Count = 0              # status enquiries that still show the fault; 0 = never heals


class PrinterSpec(Struct, forbid_unknown_fields=True):
    """The simulated receipt printer (ESC/POS) and the faults it shows."""

    model: str = "SIM-TM-80"
    online: bool = True
    cover_open: bool = False
    paper: Literal["ok", "near-end", "out"] = "ok"
    autocutter_error: bool = False
    overheat: bool = False
    identify: bool = True              # False: an old printer that ignores GS I
    # why an offline printer (online: false) says it is
    offline_cause: Literal["not-reported", "feed-button", "error"] = "not-reported"
    dead: bool = False
    heal_after: Count = 0              # status queries (DLE EOT 1) that still show the fault
    delay_ms: DelayMs = 5


class ScenarioFile(Struct, forbid_unknown_fields=True):
    """A simulator scenario: what the simulated terminal and printer are like, and which faults they show."""

    spec: Literal[1]
    name: str
    description: Text
    terminal: TerminalSpec | None = None
    printer: PrinterSpec | None = None


class Scenario(Struct):
    name: str
    description: Text
    terminal: TerminalSpec = struct_field(default_factory=TerminalSpec)
    printer: PrinterSpec = struct_field(default_factory=PrinterSpec)
    file: str = ""

    @property
    def total_delay_ms(self) -> int:
        """Configured processing delay per command, for benchmarks computing the physical floor."""
        return self.terminal.delay_ms + self.printer.delay_ms


BYTE = {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 255},
                  {"type": "string", "pattern": "^(0[xX])?[0-9A-Fa-f]{1,2}$"}],
        "description": 'A byte: 0x9C, 156 or "9C".'}


def scenario_schema() -> dict[str, Any]:
    spec = get_args(_types(ScenarioFile)["spec"])[0]
    out = file_schema(ScenarioFile, f"pos-doctor simulator scenario (spec {spec})", SCHEMA_FILE)
    from pos_doctor.textmaps import SCHEMA as TEXT  # a text keyed by locale, as in a playbook

    out["$defs"]["Text"] = TEXT
    return _bytes(out)


def _bytes(node: Any) -> Any:
    """A byte is written as a number or as hex text."""
    if isinstance(node, list):
        return [_bytes(n) for n in node]
    if not isinstance(node, dict):
        return node
    if node.get("title") == "byte":
        return BYTE
    if node.get("title") == "byte or none":
        return {**BYTE, "anyOf": [*BYTE["anyOf"], {"const": "none"}]}
    return {k: _bytes(v) for k, v in node.items()}


def _types(cls: type) -> dict[str, Any]:
    return {f.name: f.type for f in struct_fields(cls)}


def _bare(tp: Any) -> tuple[list[Any], Meta | None]:
    """The choices of an annotation (X | Y | None as [X, Y, None]) and the Meta of the first."""
    args = list(get_args(tp)) if get_origin(tp) in (UnionType, Union) else [tp]
    meta = next((m for a in args for m in getattr(a, "__metadata__", ()) if isinstance(m, Meta)), None)
    return [a.__origin__ if hasattr(a, "__metadata__") else a for a in args], meta


def _convert(doc: YamlDoc, path: tuple, key: str, value: Any, tp: Any, default: Any,
             problems: list[tuple[Where, Problem]]) -> Any:
    """A scalar value as its annotation says (a byte, one of some words, true/false, a whole number, text)."""
    where = doc.where(path + (key,))
    choices, meta = _bare(tp)
    words = [w for c in choices if get_origin(c) is Literal for w in get_args(c)]
    if meta is not None and meta.title in ("byte", "byte or none"):
        if meta.title == "byte or none" and value == "none":
            return None  # `status: none`: the terminal sends no status byte at all (as some emulators do)
        if isinstance(value, str):
            try:
                value = int(value, 16)
            except ValueError:
                problems.append((where, problem("'{value}' is not a hex byte (write e.g. 0x9C or \"9C\")",
                                                value=value)))
                return default
        if value is None and type(None) in choices and meta.title == "byte":  # `none` where that is the word
            return None
        low, high = meta.ge or 0, meta.le if meta.le is not None else 255
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            problems.append((where, problem("expected a byte {low}..{high} (e.g. 0x9C), got {got} {value!r}", low=low,
                                            high=high, got=type_word(value), value=value)))
            return default
        return value
    if words:
        if value not in words:
            problems.append((where, problem("expected one of {words}, got {value!r}", words=", ".join(words),
                                            value=value)))
            return default
        return value
    if bool in choices:
        if not isinstance(value, bool):
            problems.append((where, problem("expected true/false, got {got}", got=type_word(value))))
            return default
        return value
    if int in choices:
        least = meta.ge if meta is not None and meta.ge == 0 else None  # a count; a clock offset may be negative
        if not isinstance(value, int) or isinstance(value, bool) or least is not None and value < least:
            problems.append((where, problem("expected a whole number >= 0, got {got} {value!r}", got=type_word(value),
                                            value=value)))
            return default
        return value
    if str in choices:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            problems.append((where, problem("expected text, got {got}", got=type_word(value))))
            return default
        return value
    return value


def _fill(doc: YamlDoc, path: tuple, raw: Any, cls: type, problems: list[tuple[Where, Problem]]) -> Any:
    obj = cls()
    if raw is None:
        return obj
    if not isinstance(raw, dict):
        problems.append((doc.where(path), problem("expected a mapping (key: value), got {got}", got=type_word(raw))))
        return obj
    types = _types(cls)
    problems.extend(check_keys(doc, KIND, path, raw, set(keys_of(cls))))
    for key, value in raw.items():
        if key not in types:
            continue
        choices, meta = _bare(types[key])
        inner = next((c for c in choices if isinstance(c, type) and issubclass(c, Struct)), None)
        items = next((get_args(c)[0] for c in choices if get_origin(c) is list), None)
        if inner is not None:
            setattr(obj, key, None if value is None else _fill(doc, path + (key,), value, inner, problems))
        elif items is not None:
            setattr(obj, key, _list(doc, path + (key,), value, items, meta, problems))
        else:
            setattr(obj, key, _convert(doc, path, key, value, types[key], getattr(obj, key), problems))
    return obj


def _list(doc: YamlDoc, path: tuple, value: Any, cls: type, meta: Meta | None,
          problems: list[tuple[Where, Problem]]) -> list | None:
    """`journal:` is a list of transactions in the shape of `last_transaction`, oldest first."""
    if value is None:
        return None
    if not isinstance(value, list):
        first = next(iter(keys_of(cls)))
        problems.append((doc.where(path), problem("expected a list of {what} (- {first}: ...), got {got}",
                                                  what=meta.title if meta else "items", first=first,
                                                  got=type_word(value))))
        return None
    return [_fill(doc, path + (i,), item, cls, problems) for i, item in enumerate(value)]


def _check_journal(doc, terminal: TerminalSpec, raw: Any, problems: list) -> None:
    if terminal.journal is None:
        return
    if isinstance(raw, dict) and raw.get("last_transaction") is not None:
        problems.append((doc.where(("terminal", "journal")),
                         problem("give either journal (every transaction) or last_transaction (the short form), "
                                 "not both")))
    minutes = [t.minutes_ago for t in terminal.journal]
    if minutes != sorted(minutes, reverse=True):
        problems.append((doc.where(("terminal", "journal")),
                         problem("journal is oldest first: each minutes_ago must be <= the one before")))
    if any(m > terminal.period_minutes for m in minutes):
        problems.append((doc.where(("terminal", "journal")),
                         problem("a transaction is older than the period (period_minutes {n})",
                                 n=terminal.period_minutes)))
    terminal.last_transaction = terminal.journal[-1] if terminal.journal else None


# What each value must fit on the wire (ZVT BMPs and TLV texts, protocols/ZVT.md): a value that passes the types but
# not these would crash the simulated terminal's thread, and a check would then report a dead terminal.
_ASCII_TEXT = {"model": 40, "software_version": 40, "serial_number": 40}  # TLV 1F40..1F42 / LLLVAR, printable ASCII
# BMP 04 / 0B / 87 / 49: BCD bytes
_BCD_LIMITS = {"amount": (6, T("amount in cents")), "trace": (3, T("trace number")),
               "receipt": (2, T("receipt number")), "currency": (2, T("ISO 4217 numeric currency code"))}


def _printable_ascii(value: str) -> bool:
    return all(" " <= ch <= "~" for ch in value)


def check_terminal(doc, path: tuple, spec: TerminalSpec, problems: list) -> None:
    """The terminal's values against what its fields can carry (file and line for each that cannot)."""
    where = lambda key: doc.where(path + (key,))  # noqa: E731
    tid = spec.terminal_id
    if not (len(tid) == 8 and all(ch in "0123456789" for ch in tid)):
        problems.append((where("terminal_id"),
                         problem("a terminal ID is 8 digits 0-9 (BMP 29, 4 BCD bytes), got {tid!r}",
                                                       tid=tid)))
    for key, most in _ASCII_TEXT.items():
        value = getattr(spec, key)
        if not _printable_ascii(value) or not 0 < len(value) <= most:
            problems.append((where(key), problem("expected 1 to {most} printable ASCII characters, got {n} characters",
                                                 most=most, n=len(value)) if _printable_ascii(value) else
                             problem("expected 1 to {most} printable ASCII characters, got {n} characters with "
                                     "non-ASCII ones", most=most, n=len(value))))
    if not -MAX_CLOCK_OFFSET_DAYS <= spec.clock_offset_days <= MAX_CLOCK_OFFSET_DAYS:
        problems.append((where("clock_offset_days"),
                         problem("expected -{most}..{most} days, got {v}", most=MAX_CLOCK_OFFSET_DAYS,
                                 v=spec.clock_offset_days)))
    minutes = MAX_CLOCK_OFFSET_DAYS * 24 * 60
    if not -minutes <= spec.clock_offset_minutes <= minutes:
        problems.append((where("clock_offset_minutes"), problem("expected -{most}..{most} minutes, got {v}",
                                                                most=minutes, v=spec.clock_offset_minutes)))
    if spec.delay_ms > MAX_DELAY_MS:
        problems.append((where("delay_ms"), problem("expected at most {most} ms, got {v}", most=MAX_DELAY_MS,
                                                    v=spec.delay_ms)))
    if spec.last_transaction is not None and spec.journal is None:  # journal entries are checked where they stand
        check_transaction(doc, path + ("last_transaction",), spec.last_transaction, problems)


def check_transaction(doc, path: tuple, tx: LastTransaction, problems: list) -> None:
    """One stored payment (`last_transaction`, or each entry of a list of them) against its BMPs."""
    where = lambda key: doc.where(path + (key,))  # noqa: E731
    for key, (nbytes, what) in _BCD_LIMITS.items():
        value = getattr(tx, key)
        if value > 10 ** (2 * nbytes) - 1:
            problems.append((where(key), problem("the {what} fits {digits} digits ({n} BCD bytes), got {value}",
                                                 what=what, digits=2 * nbytes, n=nbytes, value=value)))
    name = tx.card_name
    if len(name) > 99 or not _printable_ascii(name):
        problems.append((where("card_name"),
                         problem("expected at most 99 printable ASCII characters (BMP 8B), got {n} characters",
                                 n=len(name)) if _printable_ascii(name) else
                         problem("expected at most 99 printable ASCII characters (BMP 8B), got {n} characters with "
                                 "non-ASCII ones", n=len(name))))
    if len(tx.result_text) > 40 or not _printable_ascii(tx.result_text):
        problems.append((where("result_text"), problem("expected at most 40 printable ASCII characters (one print "
                                                       "line), got {n} characters", n=len(tx.result_text))))
    # BMP 22 is BCD: digits 0-9, and E (or F) in place of the digits a terminal withholds (559883EEEEEE8074)
    if not (12 <= len(tx.pan) <= 19 and all(ch in "0123456789EF" for ch in tx.pan.upper())):
        problems.append((where("pan"), problem("a card number is 12 to 19 digits 0-9, or E for a withheld digit "
                                               "(BMP 22), got {n} characters", n=len(tx.pan))))


def parse_scenario(doc: YamlDoc) -> Scenario:
    data = require_mapping(doc, KIND, (), doc.data)
    problems = check_keys(doc, KIND, (), data, set(keys_of(ScenarioFile)), required_of(ScenarioFile))
    spec = get_args(_types(ScenarioFile)["spec"])[0]
    if "spec" in data and data["spec"] != spec:
        problems.append((doc.where(("spec",)),
                         problem("unsupported spec {v!r}; this pos-doctor reads spec: {spec}", v=data["spec"],
                                 spec=spec)))
    name = data.get("name")
    if "name" in data and not isinstance(name, str):
        problems.append((doc.where(("name",)), problem("expected text, got {got}", got=type_word(name))))
    desc = data.get("description")
    text = Text("")
    if isinstance(desc, dict):  # a text keyed by locale: en required, the others optional (textmaps.py)
        from pos_doctor import textmaps

        langs = textmaps.locales()
        problems.extend(check_keys(doc, KIND, ("description",), desc, set(langs), set(textmaps.REQUIRED)))
        if isinstance(desc.get("en"), str):
            text = Text.from_map({lang: str(v) for lang, v in desc.items() if lang in langs and str(v).strip()})
    elif "description" in data:
        problems.append((doc.where(("description",)), problem("expected a mapping with en and zh, got {got}",
                                                              got=type_word(desc))))
    terminal = _fill(doc, ("terminal",), data.get("terminal"), TerminalSpec, problems)
    printer = _fill(doc, ("printer",), data.get("printer"), PrinterSpec, problems)
    _check_journal(doc, terminal, data.get("terminal"), problems)
    if not problems:  # values of the right types: do they fit their fields?
        check_terminal(doc, ("terminal",), terminal, problems)
        for i, tx in enumerate(terminal.journal or []):
            check_transaction(doc, ("terminal", "journal", i), tx, problems)
        if printer.delay_ms > MAX_DELAY_MS:
            problems.append((doc.where(("printer", "delay_ms")),
                             problem("expected at most {most} ms, got {v}", most=MAX_DELAY_MS, v=printer.delay_ms)))
    if problems:
        raise UserFileError(KIND, problems)
    return Scenario(str(name), text, terminal, printer, doc.file)


def list_scenarios() -> list[tuple[str, Text]]:
    out = []
    for path in sorted(scenarios_dir().glob("*.yaml")):
        sc = parse_scenario(load_yaml_file(path, KIND))
        out.append((sc.name, sc.description))
    return out


def shipped_names() -> list[str]:
    return sorted(p.stem for p in scenarios_dir().glob("*.yaml"))


def load_scenario(name_or_path: str | Path | Scenario) -> Scenario:
    """A shipped scenario by name ("paper-out") or a YAML file by path."""
    if isinstance(name_or_path, Scenario):
        return name_or_path
    s = str(name_or_path)
    shipped = scenarios_dir() / f"{s}.yaml"
    if "/" not in s and "\\" not in s and not s.endswith((".yaml", ".yml")):
        if not shipped.is_file():
            from pos_doctor.errors import UsageError
            names = ", ".join(shipped_names())
            raise UsageError(T("no scenario named {s!r}; available: {names}", s=s, names=names),
                             hint=T("pass a shipped name or the path of a scenario .yaml file"))
        return parse_scenario(load_yaml_file(shipped, KIND))
    return parse_scenario(load_yaml_file(s, KIND))
