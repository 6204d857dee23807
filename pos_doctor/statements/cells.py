"""One cell of a statement to a typed value; a bad cell raises StatementError naming its line and column."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from pos_doctor.errors import Where
from pos_doctor.i18n import T, Text
from pos_doctor.privacy import mask_pan, mask_text

from .model import StatementError

_MONEY_NOISE = str.maketrans("", "", "¥￥,，元 \t")
_DIGIT = re.compile(r"\d")


def clean(cell: str) -> str:
    """A cell as the provider meant it: spaces, tabs and WeChat's leading backtick removed."""
    if cell[:1] == "`":
        cell = cell[1:]
    return cell.strip().lstrip("`").strip()


def bad(name: str, line: int, col: int, what: Text, hint: Text | None = None) -> StatementError:
    h = hint or T("correct that cell, or download the statement again; a file opened and saved in a spreadsheet "
                  "program can change dates and numbers")
    return StatementError(Where(name, line, col), what, hint=h)


def money(cell: str, name: str, line: int, col: int, what: Text | str) -> Decimal | None:
    text = clean(cell).translate(_MONEY_NOISE)
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) >= 10**12:
        raise bad(name, line, col, T("{what} {cell!r} is not an amount", what=what, cell=clean(cell)[:40]))
    return value


def when(cell: str, name: str, line: int, col: int, fmt: str | None = None) -> datetime | None:
    text = clean(cell)
    if not text:
        return None
    for attempt in ((lambda: datetime.strptime(text, fmt)) if fmt else None,
                    lambda: datetime.fromisoformat(text.replace("/", "-"))):
        if attempt is None:
            continue
        try:
            value = attempt()
            return value if value.tzinfo is None else value.astimezone().replace(tzinfo=None)
        except ValueError:
            continue
    raise bad(name, line, col, T("time {text!r} is not a date and time (expected {fmt})", text=text[:40], fmt=fmt)
              if fmt else T("time {text!r} is not a date and time (expected 2026-12-05 14:05:10)", text=text[:40]))


def number(cell: str) -> str | None:
    """An order, trade, voucher or merchant number: kept as it stands (not masked: its meaning is known)."""
    text = clean(cell)
    return text[:64] if text else None


def card(cell: str) -> str | None:
    """A card number column: whatever the file shows, never more than the first 6 and last 4 digits."""
    text = clean(cell)
    if not text:
        return None
    digits = sum(ch.isdigit() for ch in text)
    return mask_pan(text) if digits > 10 else mask_text(text)[:32]


def free(cell: str) -> str | None:
    """Free text (a product name, a remark): card and phone numbers in it masked."""
    text = clean(cell)
    if not text:
        return None
    return (mask_text(text) if _DIGIT.search(text) else text)[:120]
