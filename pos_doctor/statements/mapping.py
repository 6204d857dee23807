"""The mapping file a shop or technician writes for an acquirer's portal export (docs/statements.md): which column is
what, the state words, the date format, the header row, the encoding. YAML or TOML; validated on load, every problem
a breadcrumb with file, line and key. Its JSON Schema: pos_doctor/schemas/statement-mapping.schema.json."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pos_doctor.errors import Where
from pos_doctor.i18n import T, Text

from . import cells as C
from .model import Statement, StatementError, StatementRow
from .table import ENCODINGS, Rows

SPEC = 1
KIND = "statement mapping"
COLUMNS = ("time", "amount", "currency", "order_number", "voucher", "trace", "reference", "card", "state", "fee",
           "merchant_id", "note")
REQUIRED_COLUMNS = ("time", "amount", "state")
STATE_NAMES = ("approved", "refunded", "reversed", "failed")
KEYS = ("spec", "name", "encoding", "header_row", "sheet", "date_format", "currency", "columns", "states")
FIX = T("correct the mapping file (docs/statements.md shows an example; `pos-doctor schema statement-mapping` prints "
        "its JSON Schema)")


@dataclass(frozen=True)
class Mapping:
    file: str
    columns: dict[str, str]
    states: dict[str, str]  # a word in the file -> approved | refunded | reversed | failed
    name: Text = Text("statement")
    encoding: str = "auto"
    header_row: int = 1
    sheet: str | None = None
    date_format: str | None = None
    currency: str | None = None
    extra: dict = field(default_factory=dict)


def _fail(where: Where, what: Text) -> StatementError:
    return StatementError(where, what, hint=FIX, kind=KIND)


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file (.yaml, .yml or .toml)."""
    p = Path(path)
    name = str(path)
    if p.suffix.lower() == ".toml":
        try:
            raw_bytes = p.read_bytes()
        except OSError as exc:
            raise _fail(Where(name), T("cannot be read: {value}", value=exc.strerror or exc)) from None
        import tomllib
        try:
            data = tomllib.loads(raw_bytes.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise _fail(Where(name, raw_bytes.count(b"\n", 0, exc.start) + 1), T("not UTF-8 text")) from None
        except tomllib.TOMLDecodeError as exc:
            import re

            at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))  # tomllib says where only in its message
            what = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(exc))
            raise _fail(Where(name, int(at.group(1)) if at else None, int(at.group(2)) if at else None),
                        T("not valid TOML: {what}", what=what)) from None
        return check_mapping(data, name, lambda path: Where(name, None, None, ".".join(map(str, path)) or None))
    from pos_doctor.yamlfile import load_yaml_file

    doc = load_yaml_file(path, KIND)
    return check_mapping(doc.data, name, doc.where)


def check_mapping(data: Any, name: str, where) -> Mapping:
    if not isinstance(data, dict):
        raise _fail(where(()), T("expected a mapping (key: value) at the top"))
    for key in data:
        if key not in KEYS:
            raise _fail(where((key,)), T("unknown key '{key}'; expected one of: {items}", key=key,
                                         items=', '.join(KEYS)))
    if data.get("spec") != SPEC:
        raise _fail(where(("spec",)), T("spec must be {SPEC} (the format version), got {get!r}", SPEC=SPEC,
                                        get=data.get('spec')))
    cols = data.get("columns")
    if not isinstance(cols, dict):
        raise _fail(where(("columns",)), T("columns: expected a mapping of field -> column name"))
    for key, value in cols.items():
        if key not in COLUMNS:
            raise _fail(where(("columns", key)), T("unknown field '{key}'; fields: {items}", key=key,
                                                   items=', '.join(COLUMNS)))
        if not isinstance(value, str) or not value.strip():
            raise _fail(where(("columns", key)), T("columns.{key}: expected a column name (text)", key=key))
    for key in REQUIRED_COLUMNS:
        if key not in cols:
            raise _fail(where(("columns",)), T("columns: missing required field '{key}'", key=key))
    states = data.get("states")
    if not isinstance(states, dict) or not states.get("approved"):
        raise _fail(where(("states",)), T("states: expected the words of each state, at least approved: [...]"))
    words: dict[str, str] = {}
    for key, value in states.items():
        if key not in STATE_NAMES:
            raise _fail(where(("states", key)), T("unknown state '{key}'; states: {items}", key=key,
                                                  items=', '.join(STATE_NAMES)))
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(w, str) and w.strip() for w in items):
            raise _fail(where(("states", key)), T("states.{key}: expected a list of words", key=key))
        for w in items:
            if w.strip() in words and words[w.strip()] != key:
                raise _fail(where(("states", key)), T("the word {w!r} is both {value} and {key}", w=w,
                                                      value=words[w.strip()], key=key))
            words[w.strip()] = key
    enc = data.get("encoding", "auto")
    if enc not in ENCODINGS:
        raise _fail(where(("encoding",)), T("encoding: one of {items}, got {enc!r}", items=', '.join(ENCODINGS),
                                            enc=enc))
    header = data.get("header_row", 1)
    if not isinstance(header, int) or isinstance(header, bool) or not 1 <= header <= 1000:
        raise _fail(where(("header_row",)), T("header_row: the line number of the column names, 1 to 1000"))
    fmt = data.get("date_format")
    if fmt is not None and (not isinstance(fmt, str) or "%" not in fmt):
        raise _fail(where(("date_format",)), T("date_format: a strptime format such as %Y-%m-%d %H:%M:%S"))
    for key in ("sheet", "currency"):
        if data.get(key) is not None and not isinstance(data.get(key), str):
            raise _fail(where((key,)), T("{key}: expected text", key=key))
    label = data.get("name")
    if isinstance(label, dict) and isinstance(label.get("en"), str) and isinstance(label.get("zh"), str):
        name_text = Text.from_map(label)
    elif isinstance(label, str) and label.strip():
        name_text = T("{value}", value=label.strip())  # the mapping's own name, as it is
    elif label is None:
        name_text = Text("statement")
    else:
        raise _fail(where(("name",)), T("name: text, or {en: ..., zh: ...}"))
    return Mapping(name, {k: v.strip() for k, v in cols.items()}, words, name_text, enc, header, data.get("sheet"),
                   fmt, (data.get("currency") or "").upper() or None)


def mapped(rows: Rows, m: Mapping, name: str, encoding: str) -> Statement:
    head = next(((line, cells) for line, cells in rows if line >= m.header_row), None)
    if head is None or head[0] != m.header_row:
        raise StatementError(Where(name, m.header_row, None), T("line {header_row} (header_row) holds no column names",
                                                                header_row=m.header_row), hint=FIX)
    hline, hcells = head
    index: dict[str, int] = {}
    for i, c in enumerate(hcells):
        index.setdefault(C.clean(c).lstrip("\ufeff"), i)
    cols: dict[str, int] = {}
    for field_name, column in m.columns.items():
        if column not in index:
            raise StatementError(Where(name, hline, None),
                                 T("the header has no column {column!r} (columns.{field_name} in {file})",
                                   column=column, field_name=field_name, file=m.file),
                                 hint=T("correct the column name in the mapping file, or export the statement with "
                                        "that column"))
        cols[field_name] = index[column]
    need = max(cols.values()) + 1
    out: list[StatementRow] = []
    for line, cells in rows:
        if line <= hline:
            continue
        get = {k: (cells[i] if i < len(cells) else None) for k, i in cols.items()}
        if not C.clean(get["time"] or "") and not C.clean(get["state"] or ""):
            continue  # a totals or remark line under the rows (合计, 导出时间): not a transaction
        if len(cells) < need:
            raise StatementError(Where(name, line, len(cells)),
                                 T("this row has {n} columns, the mapping needs {need}: the file is cut off or a "
                                   "column is missing", n=len(cells), need=need),
                                 hint=T("export the statement again"))
        got = {k: cells[i] for k, i in cols.items()}  # every mapped column is there now

        def col(k: str) -> int:
            return cols[k] + 1

        state = m.states.get(C.clean(got["state"]), "unknown")
        voucher = C.number(got.get("voucher") or "")
        out.append(StatementRow(
            line=line, time=C.when(got["time"], name, line, col("time"), m.date_format),
            amount=_abs(C.money(got["amount"], name, line, col("amount"), T("amount"))), state=state,
            currency=(C.clean(got.get("currency") or "") or m.currency or None),
            order_number=C.number(got.get("order_number") or "") or voucher,
            provider_number=C.number(got.get("reference") or ""), trace_number=C.number(got.get("trace") or ""),
            card=C.card(got.get("card") or ""),
            fee=C.money(got["fee"], name, line, col("fee"), T("fee")) if "fee" in got else None,
            merchant_id=C.number(got.get("merchant_id") or ""), note=C.free(got.get("note") or "")))
    return Statement("mapping", name, encoding, tuple(out), {}, None, m.name)


def _abs(value):
    return None if value is None else abs(value)
