"""Bytes to rows of cells: the encoding (BOM, then strict UTF-8, then GB18030), CSV, and XLSX (openpyxl, imported only
when a workbook is read). Every failure is a StatementError naming the file, line and column."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date, datetime
from decimal import Decimal

from pos_doctor.errors import Where, listing
from pos_doctor.i18n import T, Text

from .model import StatementError

Rows = list[tuple[int, list[str]]]  # (line or row number, cells)

XLSX_MAGIC = b"PK\x03\x04"
ENCODINGS: dict[str, str | None] = {"auto": None, "utf-8": "utf-8", "utf8": "utf-8", "gbk": "gb18030",
                                    "gb2312": "gb18030",
             "gb18030": "gb18030"}  # GBK and GB2312 are subsets of GB18030: one decoder reads all three

SAVE_AS = T("save the file again from the provider's site (CSV as UTF-8 or GBK, or XLSX), unchanged")


def _where(name: str, data: bytes, pos: int) -> Where:
    line = data.count(b"\n", 0, pos) + 1
    start = data.rfind(b"\n", 0, pos) + 1
    return Where(name, line, pos - start + 1)


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used). `encoding`: a mapping file's choice (utf-8, gbk, gb18030), else detected."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise StatementError(Where(name, 1, 1), T("UTF-16 text, which no provider's bill uses"),
                             hint=SAVE_AS)
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    chosen = ENCODINGS.get(encoding) if encoding else None
    choices = [chosen] if chosen else (["utf-8"] if bom else ["utf-8", "gb18030"])
    failed: list[tuple[str, UnicodeDecodeError]] = []
    for enc in choices:
        try:
            return body.decode(enc), ("utf-8-sig" if bom else enc)
        except UnicodeDecodeError as err:
            failed.append((enc, err))
    enc, exc = max(failed, key=lambda f: f[1].start)  # the reading that got furthest is what the file mostly is
    at = _where(name, data, exc.start + (3 if bom else 0))
    if exc.end >= len(body) and exc.reason == "unexpected end of data":
        raise StatementError(at, T("the file ends in the middle of a character: it is cut off"),
                             hint=SAVE_AS)
    said = {"utf-8": "UTF-8", "gb18030": "GBK/GB18030"}
    tried = [Text(said[c], inline={"en": said[c]}) for c in choices]
    raise StatementError(at,
                         T("not {tried} text (byte {byte} here): the file is damaged or in another encoding",
                           tried=Text.from_map({"en": " or ".join(t.en for t in tried),
                                                "zh": "、".join(t.en for t in tried),
                                                "de": " oder ".join(t.en for t in tried)}),
                           byte=f"0x{body[exc.start]:02X}"),
                         hint=(T("{hint} or set `encoding` in the mapping file", hint=SAVE_AS) if encoding
                               else SAVE_AS))


def csv_rows(text: str, name: str) -> Rows:
    rows: Rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            if len(cells) > 1 or (cells and cells[0].strip()):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise StatementError(Where(name, reader.line_num or start, None), T("not a readable CSV line ({exc})",
                                                                            exc=exc), hint=SAVE_AS) from None
    return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return str(value)


def xlsx_rows(data: bytes, name: str, sheet: str | None = None) -> Rows:
    try:
        import openpyxl  # only here: a CSV never pays for it
    except ImportError:  # pragma: no cover - a dependency of the package
        raise StatementError(Where(name), T("XLSX files need the openpyxl package, which is not installed"),
                             hint=T("pip install openpyxl, or save the sheet as CSV")) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if sheet is not None and sheet not in book.sheetnames:
                raise StatementError(Where(name), T("no sheet {sheet!r} (sheets: {sheets})", sheet=sheet,
                                                    sheets=listing(list(book.sheetnames))),
                                     hint=T("set `sheet` in the mapping file to one of these"))
            ws = book[sheet] if sheet is not None else book.worksheets[0]
            rows: Rows = []
            for i, values in enumerate(ws.iter_rows(values_only=True), 1):
                cells = [_cell(v) for v in values]
                if any(c.strip() for c in cells):
                    rows.append((i, cells))
            return rows
        finally:
            book.close()
    except StatementError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged workbook raises whatever zipfile or the XML parser raise
        raise StatementError(Where(name), T("not a readable XLSX workbook ({kind})", kind=type(exc).__name__),
                             hint=SAVE_AS) from None
