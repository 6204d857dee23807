"""Which layout a file is, and reading it: `parse(bytes)` is pure; `read_statement(path)` reads the file."""

from __future__ import annotations

from pathlib import Path

from pos_doctor.errors import Where
from pos_doctor.i18n import T

from .layouts import alipay, is_alipay, is_wechat, wechat
from .mapping import Mapping, load_mapping, mapped
from .model import Statement, StatementError
from .table import XLSX_MAGIC, csv_rows, decode, xlsx_rows

MAX_BYTES = 200_000_000
UNKNOWN = T("write a mapping file for this export (docs/statements.md) and pass it with --mapping")


def parse(data: bytes, name: str, mapping: Mapping | None = None) -> Statement:
    """The statement in `data` (a WeChat Pay bill, an Alipay statement, or what `mapping` describes)."""
    if data.startswith(XLSX_MAGIC):
        rows, encoding = xlsx_rows(data, name, mapping.sheet if mapping else None), "xlsx"
    else:
        text, encoding = decode(data, name, mapping.encoding if mapping else None)
        rows = csv_rows(text, name)
    if not rows:
        raise StatementError(Where(name, 1, None), T("the file is empty"),
                             hint=T("download the statement again"))
    if mapping is not None:
        return mapped(rows, mapping, name, encoding)
    if is_wechat(rows):
        return wechat(rows, name, encoding)
    if is_alipay(rows):
        return alipay(rows, name, encoding)
    raise StatementError(Where(name, rows[0][0], None),
                         T("not a known statement layout (neither a WeChat Pay bill nor an Alipay statement)"),
                         hint=UNKNOWN)


def read_statement(path: str | Path, mapping: str | Path | None = None) -> Statement:
    """Read the file at `path` (and the mapping file, if any). Nothing is written anywhere."""
    name = str(path)
    m = load_mapping(mapping) if mapping is not None else None
    p = Path(path)
    try:
        if not p.is_file():
            raise StatementError(Where(name), T("no such file") if not p.exists() else T("not a regular file"),
                                 hint=T("give the path of the downloaded statement file"))
        if p.stat().st_size > MAX_BYTES:
            raise StatementError(Where(name), T("larger than {value} MB: not one day's statement",
                                                value=MAX_BYTES // 1_000_000), hint=T("download one day at a time"))
        data = p.read_bytes()
    except OSError as exc:
        raise StatementError(Where(name), T("cannot be read: {value}", value=exc.strerror or exc),
                             hint=T("check the path and that you may read the file")) from None
    return parse(data, name, m)
