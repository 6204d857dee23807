"""Records typed by staff from a standalone POS机 (no ZVT link): where they read them, the transactions one by one,
and whether the list is complete. Pure: text in, `TerminalEvidence` out (origin "typed_terminal").

A standalone POS机 keeps its transactions: 查询 → 交易明细 (the list), 末笔查询 (the last one), 按凭证号查询 (one by its
voucher number), or 重打印 (a reprint of the last slip). Staff type what its screen or slip shows:

    where: list                      # list | last | voucher | slip (or 交易明细 / 末笔查询 / 按凭证号查询 / 重打印)
    transactions:                    # one mapping per line on the screen or slip
      - {amount: "99.00", time: "14:05", card: "1234", voucher: "000123", result: 成功}
    complete: {from: "14:00", to: "14:30"}   # staff confirm: EVERY transaction between these times is above

Without `complete` (or `complete: no`) the list is partial: it can show a charge, never that there was none
(reconcile.py rows 10 and 13 need a complete listing). A bare list of transactions is a partial list too. Amounts
and times are read by the one parser (customer_input.py); a card number typed is cut to its last four digits at
once (never more is kept); result words: 成功 / 失败 / 撤销 / 退货 (approved, declined, void, refund).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pos_doctor.i18n import TN, T, Text

from .customer_input import normalise, parse_amount, parse_customer_time, time_text
from .model import CARD_WORDS, TerminalEvidence, TerminalRecord

ORIGIN = "typed_terminal"
# where staff read the records: id -> (how the source is named, the menu words as a Chinese POS机 shows them)
WHERE = {
    "list": (Text("the POS机's 交易明细 (transaction list)"), "交易明细"),
    "last": (Text("the POS机's 末笔查询 (last transaction)"), "末笔查询"),
    "voucher": (Text("the POS机's 按凭证号查询 (look-up by voucher number)"), "按凭证号查询"),
    "slip": (Text("a reprinted slip (重打印)"), "重打印"),
}
WHERE_WORDS = {**{k: k for k in WHERE}, **{v[1]: k for k, v in WHERE.items()},
               "查询交易明细": "list", "末笔": "last", "凭证号": "voucher", "小票": "slip", "重打印小票": "slip",
               "reprint": "slip", "1": "list", "2": "last", "3": "voucher", "4": "slip"}
UNKNOWN_WHERE = Text("the POS机's screen")
# result words on the screen or slip -> (kind, result)
RESULTS = {"成功": ("payment", "approved"), "交易成功": ("payment", "approved"), "approved": ("payment", "approved"),
           "ok": ("payment", "approved"), "失败": ("payment", "declined"), "交易失败": ("payment", "declined"),
           "被拒": ("payment", "declined"), "拒绝": ("payment", "declined"), "declined": ("payment", "declined"),
           "failed": ("payment", "declined"), "撤销": ("payment", "reversed"), "已撤销": ("payment", "reversed"),
           "void": ("payment", "reversed"), "voided": ("payment", "reversed"), "退货": ("refund", "approved"),
           "refund": ("refund", "approved"), "1": ("payment", "approved"), "2": ("payment", "declined"),
           "3": ("payment", "reversed"), "4": ("refund", "approved"),
           # as a German terminal's screen or slip says it
           "genehmigt": ("payment", "approved"), "zahlung erfolgt": ("payment", "approved"),
           "erfolgreich": ("payment", "approved"), "abgelehnt": ("payment", "declined"),
           "nicht genehmigt": ("payment", "declined"), "fehlgeschlagen": ("payment", "declined"),
           "abgebrochen": ("payment", "declined"), "storniert": ("payment", "reversed"),
           "storno": ("payment", "reversed"), "gutschrift": ("refund", "approved")}
RESULT_CHOICES = (("成功", Text("approved (成功)")), ("失败", Text("failed (失败)")),
                  ("撤销", Text("voided (撤销)")), ("退货", Text("refund (退货)")))
FIELDS = {"amount": Text("amount"), "time": Text("time"),
          "card": Text("card's last four digits"), "voucher": Text("voucher number (凭证号)"),
          "result": Text("result"),
          "where": Text("where you read them"), "complete": Text("complete from/to"),
          "from": Text("from"), "to": Text("to")}
ITEM_KEYS = {"amount", "time", "card", "voucher", "result"}
MAX_ITEMS = 50


class TypedInputError(ValueError):
    """A typed value that cannot be taken: which field (of which transaction) and why, in both languages."""

    def __init__(self, field: str, why: Text, index: int | None = None):
        self.field, self.why, self.index = field, why, index
        name = FIELDS.get(field) or T("{value}", value=field)
        where = T("transaction {index}, {field}", index=index, field=name) if index is not None else name
        self.text = T("{where}: {why}", where=where, why=why)
        super().__init__(self.text.en)


# --- one field ------------------------------------------------------------------------------------------------

def card_tail(raw: Any) -> str | None:
    """'1234', '6225 88** **** 1234', '尾号1234', even a whole card number -> '1234' (only the last four digits are
    ever kept); empty -> None. Fewer than four digits at the end: refused."""
    text = normalise(str(raw)) if raw is not None else ""
    text = CARD_WORDS.sub("", text, count=1).strip()  # 尾号, ending in, Endziffern, endet auf, letzte vier
    if not text:
        return None
    compact = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"[0-9*xX#•·]*[0-9]{4}", compact):
        raise TypedInputError("card", Text("type the last four digits of the card number, e.g. 1234"))
    return compact[-4:]


def read_field(name: str, raw: Any, *, today: date | None = None) -> Any:
    """One typed value, normalised as it is kept: amount '99.00' (with ' CNY' when a currency was typed), time
    '14:05', card '1234', voucher '000123', result '成功'/'失败'/'撤销'/'退货', where 'list'/'last'/'voucher'/'slip'.
    Optional fields (card, voucher) left empty -> None. Raises TypedInputError."""
    text = "" if raw is None or isinstance(raw, bool) else normalise(str(raw))
    if name == "amount":
        value, currency = parse_amount(text)
        if value is None or value >= 10**9:
            raise TypedInputError("amount", Text("type the amount as a number, e.g. 99.00"))
        return f"{value:.2f}" + (f" {currency}" if currency else "")
    if name in ("time", "from", "to"):
        kept = time_text(text, today=today)
        if kept is None:
            raise TypedInputError(name, Text("type the time as HH:MM, e.g. 14:05 (or 2026-12-06 14:05)"))
        return kept
    if name == "card":
        return card_tail(text)
    if name == "voucher":
        if not text:
            return None
        if not re.fullmatch(r"\d{1,12}", text.replace(" ", "")):
            raise TypedInputError("voucher", Text("type the voucher number (凭证号) as digits, e.g. 000123"))
        return text.replace(" ", "")
    if name == "result":
        key = " ".join(text.lower().split())
        if key not in RESULTS:
            raise TypedInputError("result", Text("type one of 成功 (approved), 失败 (failed), 撤销 (voided), "
                                                 "退货 (refund), or 1-4"))
        return {("payment", "approved"): "成功", ("payment", "declined"): "失败", ("payment", "reversed"): "撤销",
                ("refund", "approved"): "退货"}[RESULTS[key]]
    if name == "where":
        key = text.lower()
        if key not in WHERE_WORDS:
            raise TypedInputError("where", Text("answer list (交易明细), last (末笔查询), voucher (按凭证号查询) "
                                                "or slip (重打印)"))
        return WHERE_WORDS[key]
    raise TypedInputError(name, Text("unknown field"))


# --- the whole answer -----------------------------------------------------------------------------------------

def read_typed(raw: Any, *, today: date | None = None) -> dict[str, Any]:
    """The answer of a `record_list` step of type `transactions` (a mapping as in the module docstring, or a bare
    list of transactions), normalised: {"where", "transactions": [...], "complete": {"from", "to"} | None}. Only the
    normalised values are ever kept (a card number typed whole is its last four digits here). Raises
    TypedInputError naming the field (and the transaction) that cannot be taken."""
    if isinstance(raw, list):
        raw = {"transactions": raw}
    if not isinstance(raw, dict):
        raise TypedInputError("transactions", Text("expected the transactions as a list (amount, time, card, "
                                                   "voucher, result for each)"))
    unknown = sorted(set(map(str, raw)) - {"where", "transactions", "complete"})
    if unknown:
        raise TypedInputError(unknown[0], Text("unknown key; use where, transactions, complete"))
    where = read_field("where", raw["where"]) if raw.get("where") not in (None, "") else None
    items = raw.get("transactions") if raw.get("transactions") is not None else []
    if not isinstance(items, list):
        raise TypedInputError("transactions", Text("expected a list"))
    if len(items) > MAX_ITEMS:
        raise TypedInputError("transactions", T("at most {n} transactions", n=MAX_ITEMS))
    out, vouchers = [], set()
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise TypedInputError("transactions", Text("expected amount, time, card, voucher, result"), i)
        extra = sorted(set(map(str, item)) - ITEM_KEYS)
        if extra:
            raise TypedInputError(extra[0], Text("unknown key; use amount, time, card, voucher, result"), i)
        line = {}
        for name in ("amount", "time", "result"):
            if item.get(name) in (None, ""):
                raise TypedInputError(name, Text("this value is needed"), i)
        try:
            for name in ("amount", "time", "card", "voucher", "result"):
                line[name] = read_field(name, item.get(name), today=today)
        except TypedInputError as exc:
            raise TypedInputError(exc.field, exc.why, i) from None
        if line["voucher"] is not None:
            if int(line["voucher"]) in vouchers:
                raise TypedInputError("voucher", Text("this voucher number was typed twice; type each transaction "
                                                      "once"), i)
            vouchers.add(int(line["voucher"]))
        out.append(line)
    complete = raw.get("complete")
    span = None
    if isinstance(complete, dict):
        extra = sorted(set(map(str, complete)) - {"from", "to"})
        if extra or not complete.get("from") or not complete.get("to"):
            raise TypedInputError("complete", Text("give both times: complete: {from: \"14:00\", to: \"14:30\"}"))
        span = {"from": read_field("from", complete["from"], today=today),
                "to": read_field("to", complete["to"], today=today)}
        if _when(span["to"], today) < _when(span["from"], today):
            raise TypedInputError("to", Text("the end is before the start"))
    elif complete not in (None, False, "no", "否", ""):
        raise TypedInputError("complete", Text("answer {from: ..., to: ...} when the list holds every transaction "
                                               "between two times, or no"))
    return {"where": where, "transactions": out, "complete": span}


def _when(text: str, today: date | None) -> datetime:
    when = parse_customer_time(text, today=today)
    assert when is not None  # read_field kept only times it can read
    return when


def _record(line: dict[str, Any], today: date | None) -> TerminalRecord:
    amount, currency = parse_amount(line["amount"])
    kind, result = RESULTS[line["result"]]
    voucher = line.get("voucher")
    return TerminalRecord(result=result, amount=amount, currency=currency, time=_when(line["time"], today),
                          receipt_number=int(voucher) if voucher else None,
                          pan_masked=f"**** {line['card']}" if line.get("card") else None, kind=kind, source="typed")


def evidence(typed: dict[str, Any], *, today: date | None = None, now: datetime | None = None) -> TerminalEvidence:
    """The typed answer (read_typed's) as evidence: complete only when staff confirmed the span. `read_at` is when
    it was typed (the PC's clock): nothing later can be on the list, as nothing later is on a link's reading."""
    lines = typed.get("transactions") or []
    records = tuple(_record(line, today) for line in lines)
    span = typed.get("complete")
    begin = _when(span["from"], today) if span else None
    end = _when(span["to"], today) if span else None
    missing = [] if span else ["period"]
    if any(r.last4 is None for r in records):
        missing.append("card")
    typed_at = (now or datetime.now()).replace(microsecond=0)  # naive local, as the customer's time
    return TerminalEvidence(readable=True, records=records, complete=span is not None, covers_from=begin,
                            covers_to=end, read_at=typed_at, origin=ORIGIN, origin_label=label(typed),
                            not_reported=tuple(missing))


def label(typed: dict[str, Any]) -> Text:
    """'typed by staff from the POS机's 交易明细 (transaction list), 3 transactions, 14:00–14:30' /
    '店员从POS机“交易明细”抄录，3笔，14:00–14:30' (a partial list: 'not confirmed complete' / '未确认完整')."""
    where = WHERE[typed["where"]][0] if typed.get("where") in WHERE else UNKNOWN_WHERE
    n = len(typed.get("transactions") or [])
    span = typed.get("complete")
    if span:
        cover = T("{start}–{end}", start=span["from"], end=span["to"])
    else:
        cover = Text("not confirmed complete")
    return TN("typed by staff from {where}, {n} transaction, {cover}",
              "typed by staff from {where}, {n} transactions, {cover}", n, where=where, cover=cover)


def line_text(line: dict[str, Any]) -> Text:
    """One typed transaction, as staff typed it (already normalised: the card is its last four digits)."""
    res = dict((k, t) for k, t in RESULT_CHOICES)[line["result"]]
    out = T("{amount} at {time}", amount=line["amount"], time=line["time"])
    if line.get("card"):
        out = T("{details}, card ending {last4}", details=out, last4=line["card"])
    if line.get("voucher"):
        out = T("{details}, voucher no. {voucher}", details=out, voucher=line["voucher"])
    return T("{details}: {result}", details=out, result=res)


def shown(raw: Any) -> Text:
    """What an answers file gave, for the screen: normalised when it can be read (cards as last four digits), else
    only that it could not (the raw text may hold a whole card number)."""
    try:
        typed = read_typed(raw)
    except TypedInputError:
        return Text("(cannot be read, see below)")
    return label(typed)


def decided_by(origin: str | None, label_json: Any, *, readable: bool = True) -> Text:
    """Which source decided a verdict, in words (reports, transcript, escalation)."""
    if not readable and origin in (None, "link"):
        return Text("nothing: the terminal could not be read")
    if isinstance(label_json, dict) and isinstance(label_json.get("en"), str) and isinstance(label_json.get("zh"), str):
        return Text.from_json(label_json)
    if origin in (None, "link"):
        return Text("read from the terminal over its link")
    return ORIGIN_WORDS.get(origin or "", T("another source"))


ORIGIN_WORDS = {"typed_terminal": T("typed by staff from the POS机"),
                "typed_qr_app": T("typed by staff from the merchant app"),
                "statement": T("the provider's statement")}
