"""One cell of a statement to a typed value; a bad cell raises StatementError naming its line and column."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

from pos_doctor.errors import Where
from pos_doctor.privacy import mask_pan, mask_text

from .model import StatementError

_MONEY_NOISE = str.maketrans("", "", "¥￥,，元 \t")
_DIGIT = re.compile(r"\d")


def clean(cell: str) -> str:
    """A cell as the provider meant it: spaces, tabs and WeChat's leading backtick removed."""
    if cell[:1] == "`":
        cell = cell[1:]
    return cell.strip().lstrip("`").strip()


def bad(name: str, line: int, col: int, en: str, zh: str, hint: tuple[str, str] | None = None) -> StatementError:
    h = hint or ("correct that cell, or download the statement again; a file opened and saved in a spreadsheet "
                 "program can change dates and numbers",
                 "改正这一格，或重新下载账单；用电子表格软件打开再保存过的文件，日期和数字可能被改动")
    return StatementError(Where(name, line, col), en, zh, hint=h[0], hint_zh=h[1])


def money(cell: str, name: str, line: int, col: int, what: str, what_zh: str) -> Decimal | None:
    text = clean(cell).translate(_MONEY_NOISE)
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) >= 10**12:
        raise bad(name, line, col, f"{what} {clean(cell)[:40]!r} is not an amount",
                  f"{what_zh}“{clean(cell)[:40]}”不是金额")
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
    shown = f" (expected {fmt})" if fmt else " (expected 2026-12-05 14:05:10)"
    raise bad(name, line, col, f"time {text[:40]!r} is not a date and time{shown}",
              f"时间“{text[:40]}”不是日期和时间"
              + (f"（应为 {fmt} 格式）" if fmt else "（应为 2026-12-05 14:05:10 这样的格式）"))


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
