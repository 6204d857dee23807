"""Receipt and report lines a terminal printed, read back into `TerminalRecord`s. Pure: text in, records out.

Understands our simulator's layout, the common German layouts (Betrag/EUR, Datum/Uhrzeit, Beleg-Nr., Trace-Nr.,
"Zahlung erfolgt", "Abbruch", "Autorisierung abgelehnt") and the Chinese ones (金额/交易金额, 日期/时间, 凭证号,
参考号, 批次号, 授权码, 交易成功/交易失败/撤销/冲正). A line it does not know is skipped, never guessed at; a field a
receipt does not show stays None ("not reported"). Result words are read from the table RESULT_PHRASES as whole
words, never as parts of other words; a result line that cannot be read with certainty gives result `unknown`. Card
numbers are masked again here whatever the caller did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

from pos_doctor.lazyre import Lazy, lazy
from pos_doctor.privacy import luhn_ok, mask_pan

from .model import TerminalRecord

_CURRENCY = r"(EUR|CNY|RMB|USD|CHF|GBP|€|¥|￥|元)"
_CURRENCY_CODE = {"EUR": "EUR", "€": "EUR", "CNY": "CNY", "RMB": "CNY", "¥": "CNY", "￥": "CNY", "元": "CNY",
                  "USD": "USD", "CHF": "CHF", "GBP": "GBP"}
_NUMBER = r"(\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d))"

_AMOUNT = re.compile(
    r"(?:AMOUNT|BETRAG|交易金额|消费金额|金额)\s*[:：]?\s*(?:" + _CURRENCY + r"\s*)?"
    + _NUMBER + r"\s*" + _CURRENCY + r"?", re.I)
_TRACE = re.compile(r"(?<!ORIG )(?<!ORIG\. )(?<!原)(?:TRACE(?:-?NR\.?)?|流水号|凭证号)\s*[:：]?\s*(\d{1,9})", re.I)
_ORIG_TRACE = re.compile(r"(?:ORIG\.? ?TRACE(?:-?NR\.?)?|ORIGINAL-TRACE(?:-?NR\.?)?|原凭证号|原流水号)"
                         r"\s*[:：]?\s*(\d{1,9})", re.I)
_RECEIPT = re.compile(r"(?:RECEIPT|BELEG(?:-?NR\.?)?|BNR\.?|票据号)\s*[:：]?\s*(\d{1,9})", re.I)
_REFERENCE = re.compile(r"(?:参考号|REF\.?(?:ERENCE)?(?:-?NR\.?)?\s*[:：])\s*[:：]?\s*([0-9A-Z]{4,20})", re.I)
_AUTH = re.compile(r"(?:AUTH(?:ORI[SZ]ATION)?[ .-]*(?:CODE|NR\.?|NO\.?)|GENEHMIGUNGS-?NR\.?|AUTORISIERUNGS-?NR\.?"
                   r"|APPROVAL[ -]?CODE|授权码|授权号)\s*[:：]?\s*([0-9A-Z]{2,12})(?![0-9A-Z])", re.I)
_RESULT_CODE = re.compile(r"\((?:RC\s*)?([0-9A-F]{2})\)|(?:RC|ERROR|FEHLER|返回码|应答码)\s*[:：]?\s*([0-9A-F]{2})\b",
                          re.I)
_PAN = re.compile(r"(?<![0-9*])([0-9]{0,6}[ ]?(?:[*xX#][ ]?){3,}[0-9]{4}|[0-9]{13,19})(?![0-9*])")

_DATE_TIME = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?")
_DATE_YMD = re.compile(r"(?<!\d)(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?!\d)")
_DATE_DMY = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?![\d.])")
_DATE_MD = re.compile(r"(?:DATE|DATUM|日期)\s*[:：]?\s*(\d{1,2})[-/](\d{1,2})(?![-/\d])", re.I)
_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])")

# The result wording, per layout. A phrase counts only as whole words (Latin script: no letter or digit either
# side, so "VOID" is not in "AVOID"); where phrases overlap the longer one is read ("NOT APPROVED" is no approval).
# A line with two different results, or a result word after a negation the table does not list ("NOT VOID",
# "未成功"), reads as result `unknown`; a line with no phrase of the table carries no result.
RESULT_PHRASES = {
    "simulator": (("approved", "APPROVED"), ("declined", "DECLINED"), ("aborted", "ABORTED"),
                  ("reversed", "REVERSAL"), ("reversed", "REVERSED"), ("declined", "NOT APPROVED"),
                  ("aborted", "CANCELLED"), ("aborted", "CANCELED"), ("reversed", "VOID"), ("reversed", "VOIDED")),
    "german": (("approved", "ZAHLUNG ERFOLGT"), ("approved", "GENEHMIGT"), ("approved", "AUTORISIERT"),
               ("declined", "ZAHLUNG NICHT ERFOLGT"), ("declined", "NICHT ERFOLGT"), ("declined", "NICHT GENEHMIGT"),
               ("declined", "NICHT AUTORISIERT"), ("declined", "ABGELEHNT"), ("declined", "AUTORISIERUNG ABGELEHNT"),
               ("declined", "ZAHLUNG NICHT MÖGLICH"), ("declined", "NICHT MÖGLICH"), ("aborted", "ABBRUCH"),
               ("aborted", "ABGEBROCHEN"), ("aborted", "VORGANG ABGEBROCHEN"), ("reversed", "STORNO"),
               ("reversed", "STORNIERT")),
    "chinese": (("approved", "交易成功"), ("approved", "支付成功"), ("approved", "消费成功"), ("approved", "成功"),
                ("declined", "交易失败"), ("declined", "支付失败"), ("declined", "失败"), ("declined", "拒绝"),
                ("declined", "交易拒绝"), ("aborted", "交易取消"), ("aborted", "已取消"), ("reversed", "撤销"),
                ("reversed", "撤销成功"), ("reversed", "冲正"), ("reversed", "冲正成功"), ("reversed", "已冲正")),
}
_NEGATION = re.compile(r"(?:\b(?:NOT|NO|NON|NEVER|NICHT|KEIN|KEINE)\s+|[未不没非无]\s*)$", re.I)


def _phrase_pattern(phrase: str) -> Lazy:
    if re.search(r"[A-Za-zÄÖÜäöü]", phrase):
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        return lazy(r"(?<![0-9A-Za-zÄÖÜäöüß])" + body + r"(?![0-9A-Za-zÄÖÜäöüß])", re.I)
    return lazy(re.escape(phrase))


def _needle(phrase: str) -> tuple[str, bool]:
    """What a line must hold for the phrase's pattern to match in it: a Chinese phrase itself; a Latin one's first word,
    in any case (the pattern ignores case) — told exactly by lower() only in an ASCII line."""
    if re.search(r"[A-Za-zÄÖÜäöü]", phrase):
        return phrase.split()[0].lower(), True
    return phrase, False


# a phrase's pattern is compiled only for a line that holds its needle (issue 27: the 42 patterns were compiled at
# import, in every process that read a receipt line of one layout)
_RESULT_TABLE = tuple((result, _phrase_pattern(phrase), _needle(phrase)) for table in RESULT_PHRASES.values()
                      for result, phrase in table)


def _may_hold(needle: tuple[str, bool], line: str, lowered: str | None) -> bool:
    text, folded = needle
    if not folded:
        return text in line
    return lowered is None or text in lowered  # a non-ASCII line: case folding is the pattern's to judge


def result_of_line(line: str) -> str | None:
    """The result a line states: approved, declined, aborted, reversed; `unknown` when it cannot be read with
    certainty (two results, a negation the table does not list); None when the line states no result."""
    lowered = line.lower() if line.isascii() else None
    spans = [(m.start(), m.end(), result) for result, pattern, needle in _RESULT_TABLE
             if _may_hold(needle, line, lowered) for m in pattern.finditer(line)]
    kept = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and (o[1] - o[0]) > (s[1] - s[0])
                                        for o in spans)]
    if not kept:
        return None
    if len({r for _, _, r in kept}) > 1:
        return "unknown"
    if any(_NEGATION.search(line[:start]) for start, _, _ in kept):
        return "unknown"
    return kept[0][2]
_AMOUNT_LABEL = re.compile(r"^(?:AMOUNT|BETRAG|交易金额|消费金额|金额)\s*[:：]?$", re.I)
_BARE_MONEY = re.compile(r"^" + _CURRENCY + r"?\s*" + _NUMBER + r"\s*" + _CURRENCY + r"?$", re.I)
_PENDING = re.compile(r"PENDING|AUSSTEHEND|待冲正|冲正中|未完成冲正", re.I)
_SEPARATOR = re.compile(r"^\s*([-=*_#~.])\1{5,}\s*$")
_PERIOD = re.compile(r"(?:TURNOVER SINCE|PERIOD FROM|UMSÄTZE SEIT|ZEITRAUM AB|SEIT LETZTEM KASSENSCHNITT|"
                     r"本批次起始|批次开始)\s*[:：]?\s*(.*)", re.I)
_COUNT = re.compile(r"(?:COUNT|ANZAHL|笔数|总笔数)\s*[:：]?\s*(\d{1,6})", re.I)
_BATCH = re.compile(r"(?:批次号|BATCH|KASSENSCHNITT-?NR\.?)\s*[:：]?\s*(\d{1,9})", re.I)


@dataclass(frozen=True)
class Listing:
    """What a turnover report (or a run of receipts) said."""
    records: tuple[TerminalRecord, ...] = ()
    period_start: datetime | None = None
    count: int | None = None  # the number of transactions the report says it lists
    batch: int | None = None


def parse_amount_text(number: str) -> Decimal | None:
    """'12,50' '12.50' '1.234,50' '1,234.50' '1 234,50' -> Decimal; the last separator followed by 1-2 digits is
    the decimal mark."""
    s = number.strip().replace("'", "").replace(" ", "")
    m = re.search(r"[.,](\d{1,2})$", s)
    if m:
        whole, cents = s[: m.start()], m.group(1).ljust(2, "0")
    else:
        whole, cents = s, "00"
    whole = re.sub(r"[.,]", "", whole)
    if not whole.isdigit() or len(whole) > 9:
        return None
    return Decimal(f"{int(whole)}.{cents}")


def _date_of(line: str, default_year: int | None) -> tuple[date | None, tuple[int, int, int] | None]:
    """(date, time) found in one line; either may be None."""
    clock = None
    day = None
    try:
        m = _DATE_TIME.search(line)
        if m:
            y, mo, d, h, mi, s = (int(g or 0) for g in m.groups())
            return date(y, mo, d), (h, mi, s)
        m = _DATE_YMD.search(line)
        if m:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            m = _DATE_DMY.search(line)
            if m:
                y = int(m.group(3))
                day = date(y + 2000 if y < 100 else y, int(m.group(2)), int(m.group(1)))
            else:
                m = _DATE_MD.search(line)
                if m and default_year:
                    day = date(default_year, int(m.group(1)), int(m.group(2)))
    except ValueError:
        day = None
    rest = _DATE_TIME.sub(" ", line)
    t = _TIME.search(rest)
    if t:
        h, mi, s = int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)
        if h < 24 and mi < 60 and s < 60:
            clock = (h, mi, s)
    return day, clock


class _Builder:
    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}
        self.day: date | None = None
        self.clock: tuple[int, int, int] | None = None

    def has(self, key: str) -> bool:
        return key in self.fields

    def record(self, source: str) -> TerminalRecord | None:
        f = self.fields
        # a lone amount (a subtotal, a tip line) is no transaction: it needs a result or a trace/receipt/time
        if "result" not in f and not ("amount" in f and ({"trace", "receipt"} & set(f) or self.clock)):
            return None
        when = None
        if self.day is not None and self.clock is not None:
            when = datetime(self.day.year, self.day.month, self.day.day, *self.clock)
        kind = "reversal" if f.get("result") == "reversed" else "payment"
        return TerminalRecord(result=f.get("result", "unknown"), result_code=f.get("result_code"),
                              amount=f.get("amount"), currency=f.get("currency"), time=when,
                              trace_number=f.get("trace"), receipt_number=f.get("receipt"),
                              pan_masked=f.get("pan"), kind=kind, source=source, reference=f.get("reference"),
                              auth_code=f.get("auth_code"))


def parse_listing(lines: Iterable[str], *, default_year: int | None = None, source: str = "receipt") -> Listing:
    """Every transaction in `lines` (one receipt, several, or a turnover report), oldest first as printed.
    A new record starts at a separator line or when a field the current one already has appears again."""
    records: list[TerminalRecord] = []
    period_start = count = batch = None
    cur = _Builder()
    label_before = False

    def close() -> None:
        nonlocal cur
        rec = cur.record(source)
        if rec is not None:
            records.append(rec)
        cur = _Builder()

    for raw in lines if isinstance(lines, (list, tuple)) else ():
        if not isinstance(raw, str):
            continue
        line = raw.replace("\u3000", " ").strip()[:200]
        if not line:
            continue
        if _SEPARATOR.match(line):
            close()
            continue
        m = _PERIOD.search(line)
        if m:
            close()
            d, c = _date_of(m.group(1), default_year)
            if d is not None:
                period_start = datetime(d.year, d.month, d.day, *(c or (0, 0, 0)))
            continue
        m = _COUNT.search(line)
        if m:
            close()
            count = int(m.group(1))
            continue
        m = _BATCH.search(line)
        if m:
            batch = int(m.group(1))
        found: dict[str, Any] = {}
        if label_before and _BARE_MONEY.match(line):  # "Betrag" on one line, "EUR 12,50" on the next
            line = "AMOUNT " + line
        label_before = bool(_AMOUNT_LABEL.match(line))
        m = _AMOUNT.search(line)
        if m:
            value = parse_amount_text(m.group(2))
            if value is not None:
                found["amount"] = value
                cur_sign = m.group(1) or m.group(3)
                if cur_sign:
                    found["currency"] = _CURRENCY_CODE.get(cur_sign.upper(), _CURRENCY_CODE.get(cur_sign))
        m = _ORIG_TRACE.search(line)
        if m:
            found["trace"] = int(m.group(1))
            found.setdefault("result", "reversed")
        else:
            m = _TRACE.search(line)
            if m:
                found["trace"] = int(m.group(1))
        m = _RECEIPT.search(line)
        if m:
            found["receipt"] = int(m.group(1))
        m = _REFERENCE.search(line)
        if m:
            found["reference"] = m.group(1)
        m = _AUTH.search(line)
        if m:
            found["auth_code"] = m.group(1).upper()
        result = None if _PENDING.search(line) else result_of_line(line)  # a pending reversal is no result
        if result is not None:
            found.setdefault("result", result)
        if "result" in found:
            rc = _RESULT_CODE.search(line)
            if rc:
                found["result_code"] = int(rc.group(1) or rc.group(2), 16)
            elif found["result"] == "approved":
                found["result_code"] = 0
        m = _PAN.search(line) if not (found.keys() & {"amount", "trace", "receipt", "reference", "auth_code"}) else None
        if m:
            text = m.group(1).replace(" ", "")
            if not text.isdigit():
                found["pan"] = re.sub(r"[xX#]", "*", text)
            elif luhn_ok(text):  # a long reference number is no card number
                found["pan"] = mask_pan(text)
        day, clock = _date_of(line, default_year)
        repeats = any(cur.has(k) and cur.fields[k] != v for k, v in found.items() if k != "currency") \
            or (day is not None and cur.day is not None) or (clock is not None and cur.clock is not None)
        if repeats:
            close()
        cur.fields.update(found)
        cur.day = day or cur.day
        cur.clock = clock or cur.clock
    close()
    return Listing(tuple(records), period_start, count, batch)


def parse_receipt(lines: Iterable[str], *, default_year: int | None = None,
                  source: str = "receipt") -> tuple[TerminalRecord, ...]:
    return parse_listing(lines, default_year=default_year, source=source).records


def render_receipt(rec: TerminalRecord) -> list[str]:
    """Our own layout for one record (the simulator prints it; the parser reads it back)."""
    lines = []
    if rec.time is not None:
        lines.append(f"DATE {rec.time:%Y-%m-%d %H:%M:%S}")
    if rec.trace_number is not None or rec.receipt_number is not None:
        parts = []
        if rec.trace_number is not None:  # a reversal names the payment it cancels
            parts.append(f"{'ORIG TRACE' if rec.result == 'reversed' else 'TRACE'} {rec.trace_number}")
        if rec.receipt_number is not None:
            parts.append(f"RECEIPT {rec.receipt_number}")
        lines.append("  ".join(parts))
    if rec.pan_masked:
        lines.append(f"CARD {rec.pan_masked}")
    if rec.amount is not None:
        lines.append(f"AMOUNT {rec.amount:.2f} {rec.currency or ''}".rstrip())
    word = {"approved": "APPROVED", "declined": "DECLINED", "aborted": "ABORTED", "reversed": "REVERSAL",
            "unknown": None}[rec.result]
    if word:
        code = f" ({rec.result_code:02X})" if rec.result_code not in (None, 0) or rec.result != "approved" \
            and rec.result_code is not None else ""
        lines.append(word + code)
    return lines
