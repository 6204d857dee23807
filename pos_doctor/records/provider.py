"""What a provider's support agent reads first: the payment in one headline (what happened, which records, what is
asked), every terminal record that matched side by side with the customer's evidence, and the request written to
the provider with the facts they search by (merchant ID, terminal ID, time with UTC offset, amount, card last four,
trace / receipt / batch number, authorisation code, what the customer's message shows).

Pure: the stored payment object and values in, plain JSON out; texts as messages (`Text.to_json`: id, parameters,
en, zh), said in the reader's language by the renderers (`Text.from_json`). The cashier's instructions
(the playbook's escalate text) are not part of the request: they are the shop's, not the provider's.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from pos_doctor.i18n import TC, T, Text

# ZVT and Chinese slips name these differently; the reader sees the slip's own word
# (Trace-Nr. 流水号, Beleg-Nr. 凭证号).
AUTH_KEYS = ("auth_code", "authorisation_code", "authorization_code", "approval_code", "aid")
BATCH_KEYS = ("batch_number", "batch")


def _t(text: Text) -> dict[str, Any]:
    return text.to_json()


def _plain(s: Any) -> Text:
    """A value said the same in every language (a number, a name as written)."""
    return Text(str(s), inline={"en": str(s), "zh": str(s)})


def decimal_of(v: Any) -> Decimal | None:
    """An amount as stored in JSON (text or number) as a Decimal; None for none or one that is not a number."""
    try:
        return Decimal(str(v)) if v not in (None, "") and not isinstance(v, bool) else None
    except (InvalidOperation, ValueError):
        return None


def money(amount: Any, currency: Any) -> dict[str, Any] | None:
    """{'en': '99.00 EUR', 'zh': '99.00 欧元'} (a message kept by `Text.to_json`); None when no amount was observed."""
    m = _money(amount, currency)
    return None if m is None else m.to_json()


def first(rec: dict, keys: tuple[str, ...]) -> str | None:
    return next((str(rec[k]) for k in keys if rec.get(k) not in (None, "")), None)


def last4(rec: dict) -> str | None:
    pan = str(rec.get("pan_masked") or rec.get("pan") or "").rstrip()
    return pan[-4:] if len(pan) >= 4 and pan[-4:].isdigit() else None


_LIST = TC("list", "{a}, {b}")


def _and(items: list[Any]) -> Text:
    """'41, 42 and 43' — '41、42 和 43', each item said in the reader's language."""
    said = [x if isinstance(x, Text) else _plain(x) for x in items]
    if not said:
        return _plain("")
    if len(said) == 1:
        return said[0]
    head = said[0]
    for x in said[1:-1]:
        head = _LIST.format(a=head, b=x)
    return T("{a} and {b}", a=head, b=said[-1])


def _time_text(value: Any, offset: str | None) -> Text | None:
    if not value:
        return None
    s = str(value).replace("T", " ")
    return T("{time} {zone}", time=s, zone=f"UTC{offset}") if offset else _plain(s)


def clock_time(value: Any, offset: str | None) -> dict[str, Any] | None:
    """'2026-12-06 20:10:00 UTC+01:00' for a time of this computer's clock (the customer's time as typed)."""
    t = _time_text(value, offset)
    return None if t is None else t.to_json()


def _terminal_time(value: Any) -> Text | None:
    if not value:
        return None
    s = str(value).replace("T", " ")
    if not s[:4].isdigit():
        return T("{time} (terminal's clock, no year)", time=s)
    return T("{time} (terminal's clock)", time=s)


def terminal_time(value: Any) -> dict[str, Any] | None:
    """A time of the terminal's clock: said so (its zone is the terminal's; a year-less one lacks the year)."""
    t = _terminal_time(value)
    return None if t is None else t.to_json()


def _money(amount: Any, currency: Any) -> Text | None:
    from pos_doctor.payments.model import money_text  # one zh wording of money (money_zh): no code on a zh page

    return money_text(amount, str(currency).upper() if currency else None)


MAX_SHOWN = 4


def shown_records(payment: dict | None, view: dict) -> list[dict]:
    """The terminal records to set beside the customer's evidence: every matched one (a double charge shows all),
    else what pay-core's `compared` lists, else the one record the verdict was drawn from."""
    p = payment if isinstance(payment, dict) else {}
    # matched: this customer's records (all of a double charge); else every record compared in the time window, so
    # the reader sees which records disagree (a few at most); else the one the verdict was drawn from
    for key, most in (("matched", None), ("considered", MAX_SHOWN)):
        recs = [dict(r) for r in p.get(key) or [] if isinstance(r, dict)][:most] if isinstance(p.get(key), list) else []
        if recs:
            break
    else:
        recs = [dict(view["terminal"])] if isinstance(view.get("terminal"), dict) else []
    for r in recs:
        if "approved" not in r and r.get("result") in ("approved", "declined", "aborted"):
            r["approved"] = r["result"] == "approved"
    return recs


def case_of(view: dict) -> str:
    if view.get("double_charge"):
        return "double_charge"
    if view.get("finding") == "debit_without_attempt":
        return "debit_without_attempt"
    return str(view.get("verdict") or "unknown")


def _trace(r: dict) -> Text:
    t = r.get("trace_number")
    return _plain(t) if t not in (None, "") else T("?")


def _tail(number: Any) -> str:
    """An order number's end for a sentence (its whole is in the record, which the report shows as it is)."""
    s = str(number or "")
    return s if len(s) <= 8 else "…" + s[-8:]


# a QR payment: decided on the order staff typed from the merchant app (payments/qr.py), not on the terminal
QR_VERDICT_TEXT = {
    "charged": T("The merchant app shows the customer's QR payment reached this shop"),
    "not_charged": T("The merchant app shows this shop did not receive the customer's QR payment"),
    "mismatch": T("The customer's phone and the merchant app's order differ"),
    "unknown": T("Cannot be settled: the merchant app does not show whether the customer paid this shop"),
}


def _qr_headline(view: dict) -> Text:
    case, recs, cust = case_of(view), view.get("records") or [], view.get("customer") or {}
    rec = recs[0] if recs else {}
    m = _money(rec.get("amount") or cust.get("amount"), rec.get("currency") or cust.get("currency")) or T("?")
    number = _tail(rec.get("order_number") or cust.get("order_number"))
    if case == "charged":
        return T("Paid by QR code: order {number}, {amount}, payment successful (typed by staff from the merchant "
                 "app).", number=number, amount=m)
    if view.get("finding") == "other_payee":
        return T("Paid to another payee: the customer's QR payment of {amount} went to {payee}; this shop's "
                 "merchant app has no such order.", amount=m, payee=cust.get("payee") or "?")
    if case == "not_charged":
        return T("Not paid: this shop's QR order {number} was closed or its payment failed.", number=number)
    return T("Not settled: the merchant app does not show whether the customer's QR payment of {amount} "
             "(order {number}) reached this shop — please tell us whether it did.", amount=m, number=number)


def _number(r: dict) -> Text:
    """'trace 42', or for a record typed from the POS机 its voucher number: 'voucher no. 000123' (凭证号)."""
    if r.get("source") == "typed":
        v = r.get("receipt_number")
        return T("voucher no. {number}", number=f"{v:06d}" if isinstance(v, int) else T("?"))
    return T("trace {number}", number=_trace(r))


def _charge(cmoney: Text | None, ctime: str | None, context: str, none: str) -> Text:
    """What the customer's bank shows, in the words of the sentence it stands in: '99.00 EUR at 14:05' —
    ' 14:05 扣款 99.00 元'."""
    if cmoney is not None and ctime:
        return TC(context, "{amount} at {time}", amount=cmoney, time=ctime)
    if cmoney is not None:
        return TC(context, "{amount}", amount=cmoney)
    if ctime:
        return TC(context, "at {time}", time=ctime)
    return TC(context, none)


def headline(view: dict) -> dict[str, Any]:
    """One sentence a support agent understands in ten seconds: what happened, which records, what is asked."""
    return _headline(view).to_json()


def _headline(view: dict) -> Text:
    if view.get("origin") == "typed_qr_app":
        return _qr_headline(view)
    case, recs = case_of(view), view.get("records") or []
    if (view.get("decided_by") or {}).get("origin") == "statement":  # the provider's own statement decided it
        return _statement_headline(view)
    if (view.get("decided_by") or {}).get("origin") not in (None, "link"):
        return _typed_headline(view, case, recs)
    cust = view.get("customer") or {}
    cmoney = _money(cust.get("amount"), cust.get("currency"))  # as the customer shows it: no currency is guessed
    ctime = str(cust.get("time") or "").replace("T", " ")[11:16] or None

    if case == "double_charge":
        m = (_money(recs[0].get("amount"), recs[0].get("currency")) if recs else cmoney) or T("?")
        traces = _and([_trace(r) for r in recs])
        if len(recs) <= 2:
            return T("Charged twice: trace {traces}, {amount} each — please confirm and return the duplicate.",
                     traces=traces, amount=m)
        return T("Charged {n} times: trace {traces}, {amount} each — please confirm and return the duplicates.",
                 n=len(recs), traces=traces, amount=m)
    if case == "debit_without_attempt":
        charge = _charge(cmoney, ctime, "the customer's bank shows", "a debit")
        if cust.get("card_last4"):
            return T("Debit without a sale: the customer's bank shows {charge} (card ending {last4}), and this "
                     "terminal recorded no payment attempt then — please tell us whether this debit is ours and, if "
                     "so, return it.", charge=charge, last4=cust["card_last4"])
        return T("Debit without a sale: the customer's bank shows {charge}, and this terminal recorded no payment "
                 "attempt then — please tell us whether this debit is ours and, if so, return it.", charge=charge)
    if case == "mismatch":
        recorded = (T("the terminal recorded {records}", records=_and([_brief(r, cust) for r in recs])) if recs
                    else T("the terminal recorded no matching payment"))
        return T("Records disagree: the customer's bank shows {charge}, {recorded} — please tell us what was charged "
                 "to the customer's card.", charge=_charge(cmoney, ctime, "the customer's bank shows", "a charge"),
                 recorded=recorded)
    if case == "unknown":
        if cmoney is None and not ctime:
            return T("Not settled: the terminal's records do not show whether the customer was charged — please tell "
                     "us whether the card was charged.")
        return T("Not settled: the terminal's records do not show whether the customer was charged {charge} — please "
                 "tell us whether the card was charged.", charge=_charge(cmoney, ctime, "charged", ""))
    if case == "charged" and recs:
        m = _money(recs[0].get("amount"), recs[0].get("currency")) or T("?")
        return T("Charged once: trace {trace}, {amount}, approved.", trace=_trace(recs[0]), amount=m)
    if case == "not_charged":
        return T("Not charged: the terminal's records show no approved payment at the customer's time.")
    return _plain(case)


def _statement_headline(view: dict) -> Text:
    """A verdict decided on the rows of the provider's statement (statements/evidence.py): said with the statement's
    name, never "the terminal recorded" nor "typed by staff"."""
    from pos_doctor.payments.statement_words import VERDICT_TEXT

    said = VERDICT_TEXT["mismatch" if view.get("double_charge") else view.get("verdict", "unknown")]
    label = (view.get("decided_by") or {}).get("label")
    source = Text.from_json(label) if isinstance(label, dict) and label.get("en") else T("the statement")
    return T("{verdict} ({source})", verdict=said, source=source)


def _typed_headline(view: dict, case: str, recs: list) -> Text:
    """The headline of a verdict decided on transactions staff typed from the POS机's screen or slip: said so, never
    "the terminal recorded"."""
    cust = view.get("customer") or {}
    cmoney = _money(cust.get("amount"), cust.get("currency"))
    ctime = str(cust.get("time") or "").replace("T", " ")[11:16] or None
    charge = _charge(cmoney, ctime, "the customer's bank shows", "a debit")
    numbers = _and([_number(r) for r in recs])
    if case == "double_charge":
        return T("Charged twice, by the transactions staff typed from the POS机: {numbers} — please confirm and "
                 "return the duplicate.", numbers=numbers)
    if case == "debit_without_attempt":
        return T("Debit without a sale: the customer's bank shows {charge}, and the complete list staff typed from "
                 "this POS机 holds no payment attempt then — please tell us whether this debit is ours and, if so, "
                 "return it.", charge=charge)
    if case == "mismatch":
        shown = (T("the list typed from the POS机 shows {numbers}", numbers=numbers) if recs
                 else T("the list typed from the POS机 holds no matching payment"))
        return T("Records disagree: the customer's bank shows {charge}, {recorded} — please tell us what was charged "
                 "to the customer's card.", charge=charge, recorded=shown)
    if case == "charged" and recs:
        m = _money(recs[0].get("amount"), recs[0].get("currency")) or T("?")
        return T("Charged once: {number}, {amount}, approved (typed by staff from the POS机).", number=_number(recs[0]),
                 amount=m)
    if case == "not_charged":
        return T("Not charged: the complete list staff typed from the POS机 shows no approved payment at the "
                 "customer's time.")
    return T("Not settled: the transactions typed from the POS机 do not show whether the customer was charged "
             "({charge}) — please tell us whether the card was charged.",
             charge=_charge(cmoney, ctime, "in brackets", "a debit"))


def _brief(r: dict, cust: dict) -> Text:
    """'99.00 EUR (trace 41, another card …0119)': a record as the headline names it, with what differs."""
    rm = _money(r.get("amount"), r.get("currency")) or T("an amount not reported")
    details = T("trace {number}", number=_trace(r))
    card = last4(r)
    if card and cust.get("card_last4") and card != cust["card_last4"]:
        details = T("{a}, {b}", a=details, b=T("another card …{last4}", last4=card))
    return T("{amount} ({details})", amount=rm, details=details)


REQUEST = {
    "double_charge": T("Please confirm these debits and return the duplicate ({dup}) to the customer's card."),
    "mismatch": T("Please tell us what was charged to the customer's card at that time; if it differs from the sale, "
                  "correct it."),
    "debit_without_attempt": T("Please tell us whether this debit came from us; if it did without a sale, return it "
                               "to the customer's card."),
    "unknown": T("Please tell us whether the customer's card was charged for this payment, so that we neither charge "
                 "twice nor leave it unpaid."),
}
REQUEST_DUPLICATES = {
    1: T("Please confirm both debits and return the duplicate ({dup}) to the customer's card."),
    2: T("Please confirm these debits and return the duplicates ({dup}) to the customer's card."),
}


def request(view: dict | None, what: dict[str, Any]) -> dict[str, Any]:
    """The question to the provider, written to them."""
    case = case_of(view) if view else None
    if view and view.get("origin") == "typed_qr_app" and case in ("unknown", "mismatch"):
        number = _tail((view.get("customer") or {}).get("order_number"))
        return _t(T("Please tell us whether the customer's QR payment (order number ending {number}) reached this "
                    "shop's account, so that we neither charge twice nor leave it unpaid.", number=number))
    if view and case == "double_charge":  # (a case is read only from a view)
        dup = (view.get("records") or [{}])[1:]
        traces = [str(r.get("trace_number")) for r in dup if r.get("trace_number") not in (None, "")]
        t = REQUEST_DUPLICATES.get(min(len(dup), 2), REQUEST[case])
        return _t(t.format(dup=T("trace {number}", number=_and(traces)) if traces else T("the second debit")))
    if case in REQUEST:
        return _t(REQUEST[case])
    return _t(T("Please help with this problem at our terminal: {what}.", what=Text.from_json(what)))


RESULT = {"approved": TC("a terminal record", "approved"), "declined": TC("a terminal record", "declined"),
          "aborted": TC("a terminal record", "aborted"), "reversed": TC("a terminal record", "reversed")}


def _record_line(r: dict) -> Text:
    parts: list[Text] = []
    for key, said in (("trace_number", "trace {number}"), ("receipt_number", "receipt {number}")):
        if r.get(key) not in (None, ""):
            parts.append(T(said, number=str(r[key])))
    batch, auth = first(r, BATCH_KEYS), first(r, AUTH_KEYS)
    if batch:
        parts.append(T("batch {number}", number=batch))
    if auth:
        parts.append(T("authorisation code {code}", code=auth))
    m = _money(r.get("amount"), r.get("currency")) or T("amount not reported")
    res = RESULT.get(str(r.get("result") or ("approved" if r.get("approved") else "")), T("result not reported"))
    parts += [T("{result} {amount}", result=res, amount=m), _terminal_time(r.get("time")) or T("time not reported")]
    card = last4(r)
    if card:
        parts.append(T("card …{last4}", last4=card))
    line = parts[0]
    for p in parts[1:]:
        line = T("{a}, {b}", a=line, b=p)
    return line


# Values the walk recorded that are the customer's evidence, under the names the provider reads.
MERCHANT_SHOWN = TC("provider facts", "Merchant name on the customer's message")
EVIDENCE = (("customer_merchant", MERCHANT_SHOWN), ("customer_merchant_name", MERCHANT_SHOWN),
            ("customer_voucher", T("Voucher or order number the customer shows")),
            ("customer_auth_code", T("Authorisation code the customer shows")),
            ("customer_order_number", T("Order number on the customer's phone")),
            ("customer_payee", T("Payee on the customer's phone")),
            ("customer_message", T("The customer's message says")))
# pay-core's customer evidence under its own keys (payments/reconcile.py CustomerEvidence.to_json)
CUSTOMER_KEYS = {"merchant": "customer_merchant", "voucher": "customer_voucher", "auth_code": "customer_auth_code",
                 "order_number": "customer_order_number", "payee": "customer_payee"}
# the identifying fields pay-core compared (payments/identity.py FIELDS), said in words
COMPARED = {"card_last4": T("card's last four digits"),
            "voucher": T("voucher or receipt number"),
            "auth_code": TC("compared", "authorisation code"), "order_number": TC("compared", "order number"),
            "currency": TC("compared", "currency")}


def _compared(compared: Any) -> Text | None:
    names = [COMPARED[f] for f in COMPARED if isinstance(compared, list) and f in compared]
    if not names:
        return None
    out = names[0]
    for n in names[1:]:
        out = _LIST.format(a=out, b=n)
    return out


def compared_text(compared: Any) -> dict[str, Any] | None:
    """'card's last four digits, authorisation code' — what the reconciliation compared to tell who paid."""
    t = _compared(compared)
    return None if t is None else t.to_json()


def facts(view: dict | None, shop: dict, terminal: dict, values: dict, offset: str | None,
          run_id: Any) -> list[dict]:
    """[{"key", "label", "value"}] (texts as messages, `Text.to_json`) — what the provider searches by, each as
    observed."""
    nr = TC("records.report.words", "not reported")
    out: list[dict] = []

    def add(key: str, label: Text, value: Any) -> None:
        if isinstance(value, str):
            value = _plain(value)
        elif isinstance(value, dict):
            value = Text.from_json(value)
        out.append({"key": key, "label": label.to_json(), "value": (value if value else nr).to_json()})

    add("merchant_id", T("Merchant ID"), shop.get("merchant_id")
        or T("not configured ([shop] merchant_id in pos-doctor.toml)"))
    add("terminal_id", T("Terminal ID"), terminal.get("terminal_id"))
    if shop.get("name") or shop.get("address"):
        add("shop", T("Shop"), ", ".join(shop[k] for k in ("name", "address") if shop.get(k)))
    if view:
        cust = view.get("customer") or {}
        recs = view.get("records") or []
        when = _time_text(cust.get("time"), offset)
        about = round((cust.get("time_uncertainty_s") or 0) / 60) if isinstance(cust.get("time_uncertainty_s"),
                                                                                int) else 0
        if when and about:  # the customer's estimate, not a time read off a message: said so
            when = T("{time} (the customer's estimate, give or take {minutes} min)", time=when, minutes=about)
        add("time", T("Date and time of the customer's charge"), when)
        add("amount", T("Amount and currency"),
            _money(cust.get("amount"), cust.get("currency") or next((r.get("currency") for r in recs), None)))
        # The customer's card as they show it; a terminal record's card only where the records matched this payment
        # (another record's card may be another customer's).
        card = cust.get("card_last4")
        matched = view.get("double_charge") or view.get("verdict") == "charged"
        rec_card = next((last4(r) for r in recs if last4(r)), None) if matched else None
        if card or not rec_card:
            add("card_last4", T("Card last four digits"), card or T("not recorded from the customer"))
        else:
            add("card_last4", T("Card last four digits (the matched records)"), rec_card)
        for i, r in enumerate(recs, 1):
            label = T("Terminal record") if len(recs) == 1 else T("Terminal record {n}", n=i)
            add("record", label, _record_line(r))
        if not recs:
            add("record", T("Terminal record"), T("none at the customer's time"))
    shown = dict(values) if isinstance(values, dict) else {}
    for key, value_key in CUSTOMER_KEYS.items():  # the reconciliation's reading of them wins
        cust = (view or {}).get("customer") or {}
        if cust.get(key) not in (None, ""):
            shown[value_key] = cust[key]
    if shown.get("customer_merchant") not in (None, ""):
        shown.pop("customer_merchant_name", None)
    for key, label in EVIDENCE:
        if shown.get(key) not in (None, ""):
            add(key, label, str(shown[key]))
    compared = _compared(view.get("compared")) if view else None
    if compared is not None:
        add("compared", T("Who paid, compared by"), compared)
    if run_id is not None:
        add("reference", T("Our reference"), T("pos-doctor run {run}", run=run_id))
    return out
