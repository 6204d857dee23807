"""The mapping file a shop or technician writes for an acquirer's portal export (docs/statements.md): which column is
what, the state words, the date format, the header row, the encoding. YAML or TOML; validated on load, every problem
a breadcrumb with file, line and key. Its JSON Schema: pos_doctor/schemas/statement-mapping.schema.json."""

from __future__ import annotations

import sys
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
FIX = ("correct the mapping file (docs/statements.md shows an example; `pos-doctor schema statement-mapping` prints "
       "its JSON Schema)",
       "请改正映射文件（示例见 docs/statements.md；`pos-doctor schema statement-mapping` 输出它的结构说明）")


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


def _fail(where: Where, en: str, zh: str) -> StatementError:
    return StatementError(where, en, zh, hint=FIX[0], hint_zh=FIX[1], kind=KIND)


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file (.yaml, .yml or .toml)."""
    p = Path(path)
    name = str(path)
    if p.suffix.lower() == ".toml":
        try:
            raw_bytes = p.read_bytes()
        except OSError as exc:
            raise _fail(Where(name), f"cannot be read: {exc.strerror or exc}",
                        f"无法读取：{exc.strerror or exc}") from None
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # Python 3.10
            import tomli as tomllib
        try:
            data = tomllib.loads(raw_bytes.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise _fail(Where(name, raw_bytes.count(b"\n", 0, exc.start) + 1), "not UTF-8 text",
                        "不是 UTF-8 编码的文本") from None
        except tomllib.TOMLDecodeError as exc:
            import re

            at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))  # tomllib says where only in its message
            what = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(exc))
            raise _fail(Where(name, int(at.group(1)) if at else None, int(at.group(2)) if at else None),
                        f"not valid TOML: {what}", "不是有效的 TOML 格式") from None
        return check_mapping(data, name, lambda path: Where(name, None, None, ".".join(map(str, path)) or None))
    from pos_doctor.yamlfile import load_yaml_file

    doc = load_yaml_file(path, KIND)
    return check_mapping(doc.data, name, doc.where)


def check_mapping(data: Any, name: str, where) -> Mapping:
    if not isinstance(data, dict):
        raise _fail(where(()), "expected a mapping (key: value) at the top", "顶层应当是“键: 值”的映射")
    for key in data:
        if key not in KEYS:
            raise _fail(where((key,)), f"unknown key '{key}'; expected one of: {', '.join(KEYS)}",
                        f"未知的键“{key}”；可用的键：{', '.join(KEYS)}")
    if data.get("spec") != SPEC:
        raise _fail(where(("spec",)), f"spec must be {SPEC} (the format version), got {data.get('spec')!r}",
                    f"`spec` 必须是 {SPEC}（格式版本），现在是 {data.get('spec')!r}")
    cols = data.get("columns")
    if not isinstance(cols, dict):
        raise _fail(where(("columns",)), "columns: expected a mapping of field -> column name",
                    "`columns` 应当是“字段: 列名”的映射")
    for key, value in cols.items():
        if key not in COLUMNS:
            raise _fail(where(("columns", key)), f"unknown field '{key}'; fields: {', '.join(COLUMNS)}",
                        f"未知的字段“{key}”；可用字段：{', '.join(COLUMNS)}")
        if not isinstance(value, str) or not value.strip():
            raise _fail(where(("columns", key)), f"columns.{key}: expected a column name (text)",
                        f"`columns.{key}` 应当是列名（文字）")
    for key in REQUIRED_COLUMNS:
        if key not in cols:
            raise _fail(where(("columns",)), f"columns: missing required field '{key}'",
                        f"`columns` 缺少必填字段“{key}”")
    states = data.get("states")
    if not isinstance(states, dict) or not states.get("approved"):
        raise _fail(where(("states",)), "states: expected the words of each state, at least approved: [...]",
                    "`states` 应当列出每种状态的文字，至少要有 `approved: [...]`")
    words: dict[str, str] = {}
    for key, value in states.items():
        if key not in STATE_NAMES:
            raise _fail(where(("states", key)), f"unknown state '{key}'; states: {', '.join(STATE_NAMES)}",
                        f"未知的状态“{key}”；可用状态：{', '.join(STATE_NAMES)}")
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(w, str) and w.strip() for w in items):
            raise _fail(where(("states", key)), f"states.{key}: expected a list of words",
                        f"`states.{key}` 应当是文字列表")
        for w in items:
            if w.strip() in words and words[w.strip()] != key:
                raise _fail(where(("states", key)), f"the word {w!r} is both {words[w.strip()]} and {key}",
                            f"文字“{w}”同时属于 {words[w.strip()]} 和 {key}")
            words[w.strip()] = key
    enc = data.get("encoding", "auto")
    if enc not in ENCODINGS:
        raise _fail(where(("encoding",)), f"encoding: one of {', '.join(ENCODINGS)}, got {enc!r}",
                    f"`encoding` 只能是 {', '.join(ENCODINGS)}，现在是 {enc!r}")
    header = data.get("header_row", 1)
    if not isinstance(header, int) or isinstance(header, bool) or not 1 <= header <= 1000:
        raise _fail(where(("header_row",)), "header_row: the line number of the column names, 1 to 1000",
                    "`header_row` 是列名所在的行号，1 到 1000")
    fmt = data.get("date_format")
    if fmt is not None and (not isinstance(fmt, str) or "%" not in fmt):
        raise _fail(where(("date_format",)), "date_format: a strptime format such as %Y-%m-%d %H:%M:%S",
                    "`date_format` 应当是 %Y-%m-%d %H:%M:%S 这样的格式")
    for key in ("sheet", "currency"):
        if data.get(key) is not None and not isinstance(data.get(key), str):
            raise _fail(where((key,)), f"{key}: expected text", f"`{key}` 应当是文字")
    label = data.get("name")
    if isinstance(label, dict) and isinstance(label.get("en"), str) and isinstance(label.get("zh"), str):
        name_text = Text.from_map(label)
    elif isinstance(label, str) and label.strip():
        name_text = T("{value}", value=label.strip())  # the mapping's own name, as it is
    elif label is None:
        name_text = Text("statement")
    else:
        raise _fail(where(("name",)), "name: text, or {en: ..., zh: ...}", "`name` 应当是文字，或 {en: ..., zh: ...}")
    return Mapping(name, {k: v.strip() for k, v in cols.items()}, words, name_text, enc, header, data.get("sheet"),
                   fmt, (data.get("currency") or "").upper() or None)


def mapped(rows: Rows, m: Mapping, name: str, encoding: str) -> Statement:
    head = next(((line, cells) for line, cells in rows if line >= m.header_row), None)
    if head is None or head[0] != m.header_row:
        raise StatementError(Where(name, m.header_row, None), f"line {m.header_row} (header_row) holds no column names",
                             f"第 {m.header_row} 行（header_row）没有列名", hint=FIX[0], hint_zh=FIX[1])
    hline, hcells = head
    index: dict[str, int] = {}
    for i, c in enumerate(hcells):
        index.setdefault(C.clean(c).lstrip("\ufeff"), i)
    cols: dict[str, int] = {}
    for field_name, column in m.columns.items():
        if column not in index:
            raise StatementError(Where(name, hline, None), f"the header has no column {column!r} (columns.{field_name} "
                                 f"in {m.file})",
                                 f"表头里没有“{column}”这一列（映射文件 {m.file} 的 columns.{field_name}）",
                                 hint="correct the column name in the mapping file, "
                                      "or export the statement with that column",
                                 hint_zh="请改正映射文件里的列名，或导出包含这一列的对账单")
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
            raise StatementError(Where(name, line, len(cells)), f"this row has {len(cells)} columns, the mapping needs "
                                 f"{need}: the file is cut off or a column is missing",
                                 f"这一行只有 {len(cells)} 列，映射需要 {need} 列：文件被截断或缺了列",
                                 hint="export the statement again", hint_zh="请重新导出对账单")
        got = {k: cells[i] for k, i in cols.items()}  # every mapped column is there now

        def col(k: str) -> int:
            return cols[k] + 1

        state = m.states.get(C.clean(got["state"]), "unknown")
        voucher = C.number(got.get("voucher") or "")
        out.append(StatementRow(
            line=line, time=C.when(got["time"], name, line, col("time"), m.date_format),
            amount=_abs(C.money(got["amount"], name, line, col("amount"), "amount", "金额")), state=state,
            currency=(C.clean(got.get("currency") or "") or m.currency or None),
            order_number=C.number(got.get("order_number") or "") or voucher,
            provider_number=C.number(got.get("reference") or ""), trace_number=C.number(got.get("trace") or ""),
            card=C.card(got.get("card") or ""),
            fee=C.money(got["fee"], name, line, col("fee"), "fee", "手续费") if "fee" in got else None,
            merchant_id=C.number(got.get("merchant_id") or ""), note=C.free(got.get("note") or "")))
    return Statement("mapping", name, encoding, tuple(out), {}, None, m.name)


def _abs(value):
    return None if value is None else abs(value)
