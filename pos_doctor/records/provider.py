"""What a provider's support agent reads first: the payment in one headline (what happened, which records, what is
asked), every terminal record that matched side by side with the customer's evidence, and the request written to
the provider with the facts they search by (merchant ID, terminal ID, time with UTC offset, amount, card last four,
trace / receipt / batch number, authorisation code, what the customer's message shows).

Pure: the stored payment object and values in, plain JSON out; texts as {"en", "zh"}. The cashier's instructions
(the playbook's escalate text) are not part of the request: they are the shop's, not the provider's.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

# ZVT and Chinese slips name these differently; the reader sees the slip's own word
# (Trace-Nr. 流水号, Beleg-Nr. 凭证号).
AUTH_KEYS = ("auth_code", "authorisation_code", "authorization_code", "approval_code", "aid")
BATCH_KEYS = ("batch_number", "batch")


def _t(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def decimal_of(v: Any) -> Decimal | None:
    """An amount as stored in JSON (text or number) as a Decimal; None for none or one that is not a number."""
    try:
        return Decimal(str(v)) if v not in (None, "") and not isinstance(v, bool) else None
    except (InvalidOperation, ValueError):
        return None


def money(amount: Any, currency: Any) -> dict[str, str] | None:
    """{'en': '99.00 EUR', 'zh': '99.00 欧元'}; None when no amount was observed."""
    from pos_doctor.payments.model import money_text  # one zh wording of money (money_zh): no code on a zh page

    m = money_text(amount, str(currency).upper() if currency else None)
    return None if m is None else m.to_json()


def first(rec: dict, keys: tuple[str, ...]) -> str | None:
    return next((str(rec[k]) for k in keys if rec.get(k) not in (None, "")), None)


def last4(rec: dict) -> str | None:
    pan = str(rec.get("pan_masked") or rec.get("pan") or "").rstrip()
    return pan[-4:] if len(pan) >= 4 and pan[-4:].isdigit() else None


def _and(items: list[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(items[:-1]) + (" 和 " if len(items) > 1 else "") + items[-1] if items else ""
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1] if items else ""


def clock_time(value: Any, offset: str | None) -> dict[str, str] | None:
    """'2026-12-06 20:10:00 UTC+01:00' for a time of this computer's clock (the customer's time as typed)."""
    if not value:
        return None
    s = str(value).replace("T", " ")
    if offset:
        return _t(f"{s} UTC{offset}", f"{s}（UTC{offset}）")
    return _t(s, s)


def terminal_time(value: Any) -> dict[str, str] | None:
    """A time of the terminal's clock: said so (its zone is the terminal's; a year-less one lacks the year)."""
    if not value:
        return None
    s = str(value).replace("T", " ")
    if not s[:4].isdigit():
        return _t(f"{s} (terminal's clock, no year)", f"{s}（POS机时钟，无年份）")
    return _t(f"{s} (terminal's clock)", f"{s}（POS机时钟）")


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


def _trace(r: dict, lang: str) -> str:
    t = r.get("trace_number")
    return str(t) if t not in (None, "") else ("?" if lang == "en" else "？")


def _tail(number: Any) -> str:
    """An order number's end for a sentence (its whole is in the record, which the report shows as it is)."""
    s = str(number or "")
    return s if len(s) <= 8 else "…" + s[-8:]


# a QR payment: decided on the order staff typed from the merchant app (payments/qr.py), not on the terminal
QR_VERDICT_TEXT = {
    "charged": _t("The merchant app shows the customer's QR payment reached this shop",
                  "商户App显示客人的扫码付款已付到本店"),
    "not_charged": _t("The merchant app shows this shop did not receive the customer's QR payment",
                      "商户App显示本店没有收到客人的扫码付款"),
    "mismatch": _t("The customer's phone and the merchant app's order differ", "客人手机上的记录与商户App订单不一致"),
    "unknown": _t("Cannot be settled: the merchant app does not show whether the customer paid this shop",
                  "无法确认：商户App不能说明客人是否已付款给本店"),
}


def _qr_headline(view: dict) -> dict[str, str]:
    case, recs, cust = case_of(view), view.get("records") or [], view.get("customer") or {}
    rec = recs[0] if recs else {}
    m = money(rec.get("amount") or cust.get("amount"), rec.get("currency") or cust.get("currency")) or _t("?", "？")
    number = _tail(rec.get("order_number") or cust.get("order_number"))
    if case == "charged":
        return _t(f"Paid by QR code: order {number}, {m['en']}, payment successful (typed by staff from the merchant "
                  "app).", f"扫码已付款：订单号 {number}，{m['zh']}，支付成功（店员从商户App查到并录入）。")
    if view.get("finding") == "other_payee":
        payee = cust.get("payee") or "?"
        return _t(f"Paid to another payee: the customer's QR payment of {m['en']} went to {payee}; this shop's "
                  "merchant app has no such order.",
                  f"付给了别的收款方：客人 {m['zh']}的扫码付款付给了“{payee}”，本店商户App里没有这笔订单。")
    if case == "not_charged":
        return _t(f"Not paid: this shop's QR order {number} was closed or its payment failed.",
                  f"未付款：本店的扫码订单 {number} 已关闭或支付失败。")
    return _t(f"Not settled: the merchant app does not show whether the customer's QR payment of {m['en']} "
              f"(order {number}) reached this shop — please tell us whether it did.",
              f"无法确认：商户App不能说明客人 {m['zh']}的扫码付款（订单号 {number}）是否已付到本店——请告知是否已到账。")


def _number(r: dict, lang: str) -> str:
    """'trace 42', or for a record typed from the POS机 its voucher number: 'voucher no. 000123' (凭证号)."""
    if r.get("source") == "typed":
        v = r.get("receipt_number")
        n = f"{int(v):06d}" if isinstance(v, int) else ("?" if lang == "en" else "？")
        return f"voucher no. {n}" if lang == "en" else f"凭证号 {n}"
    return f"trace {_trace(r, lang)}" if lang == "en" else f"流水号 {_trace(r, lang)}"


def headline(view: dict) -> dict[str, str]:
    """One sentence a support agent understands in ten seconds: what happened, which records, what is asked."""
    if view.get("origin") == "typed_qr_app":
        return _qr_headline(view)
    case, recs = case_of(view), view.get("records") or []
    if (view.get("decided_by") or {}).get("origin") == "statement":  # the provider's own statement decided it
        return _statement_headline(view)
    if (view.get("decided_by") or {}).get("origin") not in (None, "link"):
        return _typed_headline(view, case, recs)
    cust = view.get("customer") or {}
    cmoney = money(cust.get("amount"), cust.get("currency"))  # as the customer shows it: no currency is guessed
    ctime = str(cust.get("time") or "").replace("T", " ")[11:16] or None

    def said(lang: str) -> str:  # "99.00 at 14:05", as the customer's bank shows it
        return " ".join(x for x in ((cmoney or {}).get(lang), f"at {ctime}" if ctime else None) if x)

    if case == "double_charge":
        m = money(recs[0].get("amount"), recs[0].get("currency")) if recs else cmoney
        n = len(recs)
        en_what = "Charged twice" if n <= 2 else f"Charged {n} times"
        zh_what = "重复扣款" if n <= 2 else f"被扣款 {n} 次"
        dup_en = "the duplicate" if n <= 2 else "the duplicates"
        return _t(f"{en_what}: trace {_and([_trace(r, 'en') for r in recs], 'en')}, {(m or {}).get('en', '?')} each "
                  f"— please confirm and return {dup_en}.",
                  f"{zh_what}：流水号 {_and([_trace(r, 'zh') for r in recs], 'zh')}，每笔 {(m or {}).get('zh', '？')}"
                  f"——请核实并退还重复的{'一笔' if n <= 2 else '几笔'}。")
    if case == "debit_without_attempt":
        card = f" (card ending {cust['card_last4']})" if cust.get("card_last4") else ""
        card_zh = f"（卡号后四位 {cust['card_last4']}）" if cust.get("card_last4") else ""
        return _t(f"Debit without a sale: the customer's bank shows {said('en') or 'a debit'}{card}, and this terminal "
                  "recorded no payment attempt then — please tell us whether this debit is ours and, if so, return it.",
                  f"没有交易却被扣款：客人银行显示{(' ' + ctime + ' ') if ctime else ''}扣款 "
                  f"{(cmoney or {}).get('zh', '')}{card_zh}，"
                  "这台POS机当时没有任何付款记录——请核实这笔扣款是否来自本店，如是，请退回。")
    if case == "mismatch":
        if recs:
            shown = [_brief(r, cust) for r in recs]
            t_en = "the terminal recorded " + _and([b["en"] for b in shown], "en")
            t_zh = "POS机记录 " + _and([b["zh"] for b in shown], "zh")
        else:
            t_en, t_zh = "the terminal recorded no matching payment", "POS机没有相符的付款记录"
        return _t(f"Records disagree: the customer's bank shows {said('en') or 'a charge'}, {t_en} — please tell us "
                  "what was charged to the customer's card.",
                  f"记录不一致：客人银行显示{(' ' + ctime + ' ') if ctime else ''}扣款 "
                  f"{(cmoney or {}).get('zh', '')}，{t_zh}"
                  "——请告知客人卡上实际被扣了多少。")
    if case == "unknown":
        return _t(f"Not settled: the terminal's records do not show whether the customer was charged"
                  f"{(' ' + said('en')) if said('en') else ''} — please tell us whether the card was charged.",
                  f"无法确认：POS机记录不能说明客人是否被扣款{(' ' + cmoney['zh']) if cmoney else ''}"
                  f"{('（' + ctime + '）') if ctime else ''}——请告知客人卡上是否已扣款。")
    if case == "charged" and recs:
        m = money(recs[0].get("amount"), recs[0].get("currency"))
        return _t(f"Charged once: trace {_trace(recs[0], 'en')}, {(m or {}).get('en', '?')}, approved.",
                  f"已扣款一次：流水号 {_trace(recs[0], 'zh')}，{(m or {}).get('zh', '？')}，交易成功。")
    if case == "not_charged":
        return _t("Not charged: the terminal's records show no approved payment at the customer's time.",
                  "未扣款：POS机记录显示客人所说的时间没有成功的付款。")
    return _t(str(case), str(case))


def _statement_headline(view: dict) -> dict[str, str]:
    """A verdict decided on the rows of the provider's statement (statements/evidence.py): said with the statement's
    name, never "the terminal recorded" nor "typed by staff"."""
    from pos_doctor.payments.statement_words import VERDICT_TEXT

    said = VERDICT_TEXT["mismatch" if view.get("double_charge") else view.get("verdict", "unknown")]
    label = ((view.get("decided_by") or {}).get("label") or {})
    return _t(f"{said.en} ({label.get('en', 'the statement')})", f"{said.zh}（{label.get('zh', '对账单')}）")


def _typed_headline(view: dict, case: str, recs: list) -> dict[str, str]:
    """The headline of a verdict decided on transactions staff typed from the POS机's screen or slip: said so, never
    "the terminal recorded"."""
    cust = view.get("customer") or {}
    cmoney = money(cust.get("amount"), cust.get("currency"))
    ctime = str(cust.get("time") or "").replace("T", " ")[11:16] or None
    said_en = " ".join(x for x in ((cmoney or {}).get("en"), f"at {ctime}" if ctime else None) if x) or "a debit"
    said_zh = f"{(' ' + ctime + ' ') if ctime else ''}扣款 {(cmoney or {}).get('zh', '')}"
    nums = lambda lang: _and([_number(r, lang) for r in recs], lang)  # noqa: E731
    if case == "double_charge":
        return _t(f"Charged twice, by the transactions staff typed from the POS机: {nums('en')} — please confirm and "
                  "return the duplicate.",
                  f"根据店员从POS机抄录的交易，客人被重复扣款：{nums('zh')}——请核实并退还重复的一笔。")
    if case == "debit_without_attempt":
        return _t(f"Debit without a sale: the customer's bank shows {said_en}, and the complete list staff typed from "
                  "this POS机 holds no payment attempt then — please tell us whether this debit is ours and, if so, "
                  "return it.",
                  f"没有交易却被扣款：客人银行显示{said_zh}，店员从这台POS机抄录的完整列表中当时没有任何付款记录"
                  "——请核实这笔扣款是否来自本店，如是，请退回。")
    if case == "mismatch":
        shown = (f"the list typed from the POS机 shows {nums('en')}" if recs
                 else "the list typed from the POS机 holds no matching payment")
        shown_zh = f"从POS机抄录的列表显示 {nums('zh')}" if recs else "从POS机抄录的列表中没有相符的付款"
        return _t(f"Records disagree: the customer's bank shows {said_en}, {shown} — please tell us what was charged "
                  "to the customer's card.",
                  f"记录不一致：客人银行显示{said_zh}，{shown_zh}——请告知客人卡上实际被扣了多少。")
    if case == "charged" and recs:
        m = money(recs[0].get("amount"), recs[0].get("currency")) or {}
        return _t(f"Charged once: {_number(recs[0], 'en')}, {m.get('en', '?')}, approved (typed by staff from the "
                  "POS机).",
                  f"已扣款一次：{_number(recs[0], 'zh')}，{m.get('zh', '？')}，交易成功（店员从POS机抄录）。")
    if case == "not_charged":
        return _t("Not charged: the complete list staff typed from the POS机 shows no approved payment at the "
                  "customer's time.", "未扣款：店员从POS机抄录的完整列表显示客人所说的时间没有成功的付款。")
    return _t(f"Not settled: the transactions typed from the POS机 do not show whether the customer was charged "
              f"({said_en}) — please tell us whether the card was charged.",
              f"无法确认：从POS机抄录的交易不能说明客人是否被扣款（{said_zh.strip()}）——请告知客人卡上是否已扣款。")


def _brief(r: dict, cust: dict) -> dict[str, str]:
    """'99.00 EUR (trace 41, another card …0119)': a record as the headline names it, with what differs."""
    rm = money(r.get("amount"), r.get("currency")) or _t("an amount not reported", "金额未上报")
    en, zh = [f"trace {_trace(r, 'en')}"], [f"流水号 {_trace(r, 'zh')}"]
    card = last4(r)
    if card and cust.get("card_last4") and card != cust["card_last4"]:
        en.append(f"another card …{card}")
        zh.append(f"另一张卡，后四位 {card}")
    return _t(f"{rm['en']} ({', '.join(en)})", f"{rm['zh']}（{'，'.join(zh)}）")


REQUEST = {
    "double_charge": _t("Please confirm these debits and return the duplicate ({dup}) to the customer's card.",
                        "请核实这几笔扣款，并把重复扣的款（{dup_zh}）退回客人卡上。"),
    "mismatch": _t("Please tell us what was charged to the customer's card at that time; if it differs from the sale, "
                   "correct it.", "请告知客人卡上在该时间实际被扣的金额；如与本店的交易不符，请更正。"),
    "debit_without_attempt": _t("Please tell us whether this debit came from us; if it did without a sale, return it "
                                "to the customer's card.",
                                "请核实这笔扣款是否来自本店；如果没有交易却扣了款，请退回客人卡上。"),
    "unknown": _t("Please tell us whether the customer's card was charged for this payment, so that we neither charge "
                  "twice nor leave it unpaid.", "请告知客人卡上是否已为这笔付款扣款，以免重复收款或漏收。"),
}


def request(view: dict | None, what: dict[str, str]) -> dict[str, str]:
    """The question to the provider, written to them."""
    case = case_of(view) if view else None
    if view and view.get("origin") == "typed_qr_app" and case in ("unknown", "mismatch"):
        number = _tail((view.get("customer") or {}).get("order_number"))
        return _t(f"Please tell us whether the customer's QR payment (order number ending {number}) reached this "
                  "shop's account, so that we neither charge twice nor leave it unpaid.",
                  f"请告知客人的这笔扫码付款（订单号尾号 {number}）是否已到本店账户，以免重复收款或漏收。")
    if view and case == "double_charge":  # (a case is read only from a view)
        dup = (view.get("records") or [{}])[1:]
        traces = [r.get("trace_number") for r in dup if r.get("trace_number") not in (None, "")]
        t = REQUEST[case]
        if len(dup) == 1:
            t = _t(t["en"].replace("these debits", "both debits"), t["zh"].replace("这几笔", "这两笔"))
        elif len(dup) > 1:
            t = _t(t["en"].replace("the duplicate (", "the duplicates ("), t["zh"])
        traces = [str(x) for x in traces]
        return _t(t["en"].format(dup="trace " + _and(traces, "en") if traces else "the second debit"),
                  t["zh"].format(dup_zh="流水号 " + _and(traces, "zh") if traces else "第二笔"))
    if case in REQUEST:
        return dict(REQUEST[case])
    return _t(f"Please help with this problem at our terminal: {what['en']}.",
              f"请协助处理本店POS机的问题：{what['zh']}。")


def _record_line(r: dict) -> dict[str, str]:
    parts_en, parts_zh = [], []
    for key, en, zh in (("trace_number", "trace", "流水号"), ("receipt_number", "receipt", "凭证号")):
        if r.get(key) not in (None, ""):
            parts_en.append(f"{en} {r[key]}")
            parts_zh.append(f"{zh} {r[key]}")
    batch, auth = first(r, BATCH_KEYS), first(r, AUTH_KEYS)
    if batch:
        parts_en.append(f"batch {batch}")
        parts_zh.append(f"批次号 {batch}")
    if auth:
        parts_en.append(f"authorisation code {auth}")
        parts_zh.append(f"授权码 {auth}")
    m = money(r.get("amount"), r.get("currency")) or _t("amount not reported", "金额未上报")
    res = {"approved": ("approved", "成功"), "declined": ("declined", "被拒"), "aborted": ("aborted", "已中止"),
           "reversed": ("reversed", "已冲正")}.get(str(r.get("result") or ("approved" if r.get("approved") else "")),
                                                 ("result not reported", "结果未上报"))
    when = terminal_time(r.get("time")) or _t("time not reported", "时间未上报")
    card = last4(r)
    parts_en += [f"{res[0]} {m['en']}", when["en"]] + ([f"card …{card}"] if card else [])
    parts_zh += [f"{res[1]} {m['zh']}", when["zh"]] + ([f"卡号后四位 {card}"] if card else [])
    return _t(", ".join(parts_en), "，".join(parts_zh))


# Values the walk recorded that are the customer's evidence, under the names the provider reads.
MERCHANT_SHOWN = _t("Merchant name on the customer's message", "客人扣款信息上显示的商户名")
EVIDENCE = (("customer_merchant", MERCHANT_SHOWN), ("customer_merchant_name", MERCHANT_SHOWN),
            ("customer_voucher", _t("Voucher or order number the customer shows", "客人出示的凭证号或订单号")),
            ("customer_auth_code", _t("Authorisation code the customer shows", "客人出示的授权码")),
            ("customer_order_number", _t("Order number on the customer's phone", "客人手机账单详情上的订单号")),
            ("customer_payee", _t("Payee on the customer's phone", "客人手机上显示的收款方")),
            ("customer_message", _t("The customer's message says", "客人的扣款信息内容")))
# pay-core's customer evidence under its own keys (payments/reconcile.py CustomerEvidence.to_json)
CUSTOMER_KEYS = {"merchant": "customer_merchant", "voucher": "customer_voucher", "auth_code": "customer_auth_code",
                 "order_number": "customer_order_number", "payee": "customer_payee"}
# the identifying fields pay-core compared (payments/identity.py FIELDS), said in words
COMPARED = {"card_last4": _t("card's last four digits", "卡号后四位"),
            "voucher": _t("voucher or receipt number", "凭证号或票据号"),
            "auth_code": _t("authorisation code", "授权码"), "order_number": _t("order number", "订单号"),
            "currency": _t("currency", "币种")}


def compared_text(compared: Any) -> dict[str, str] | None:
    """'card's last four digits, authorisation code' — what the reconciliation compared to tell who paid."""
    names = [COMPARED[f] for f in COMPARED if isinstance(compared, list) and f in compared]
    if not names:
        return None
    return _t(", ".join(n["en"] for n in names), "、".join(n["zh"] for n in names))


def facts(view: dict | None, shop: dict, terminal: dict, values: dict, offset: str | None,
          run_id: Any) -> list[dict]:
    """[{"key", "label": {en, zh}, "value": {en, zh}}] — what the provider searches by, each as observed."""
    nr = _t("not reported", "未报告")
    out: list[dict] = []

    def add(key: str, label: dict, value: Any) -> None:
        if isinstance(value, str):
            value = _t(value, value)
        out.append({"key": key, "label": label, "value": value if value else nr})

    add("merchant_id", _t("Merchant ID", "商户号"), shop.get("merchant_id")
        or _t("not configured ([shop] merchant_id in pos-doctor.toml)",
              "未配置（pos-doctor.toml 中 `[shop]` 的 `merchant_id`）"))
    add("terminal_id", _t("Terminal ID", "终端号"), terminal.get("terminal_id"))
    if shop.get("name") or shop.get("address"):
        add("shop", _t("Shop", "商户"), ", ".join(shop[k] for k in ("name", "address") if shop.get(k)))
    if view:
        cust = view.get("customer") or {}
        recs = view.get("records") or []
        when = clock_time(cust.get("time"), offset)
        about = round((cust.get("time_uncertainty_s") or 0) / 60) if isinstance(cust.get("time_uncertainty_s"),
                                                                                int) else 0
        if when and about:  # the customer's estimate, not a time read off a message: said so
            when = _t(f"{when['en']} (the customer's estimate, give or take {about} min)",
                      f"{when['zh']}（客人估计的时间，前后约 {about} 分钟）")
        add("time", _t("Date and time of the customer's charge", "客人扣款的日期和时间"), when)
        add("amount", _t("Amount and currency", "金额和币种"),
            money(cust.get("amount"), cust.get("currency") or next((r.get("currency") for r in recs), None)))
        # The customer's card as they show it; a terminal record's card only where the records matched this payment
        # (another record's card may be another customer's).
        card = cust.get("card_last4")
        matched = view.get("double_charge") or view.get("verdict") == "charged"
        rec_card = next((last4(r) for r in recs if last4(r)), None) if matched else None
        if card or not rec_card:
            add("card_last4", _t("Card last four digits", "卡号后四位"),
                card or _t("not recorded from the customer", "未记录客人的卡号"))
        else:
            add("card_last4", _t("Card last four digits (the matched records)", "卡号后四位（相符的POS机记录）"),
                rec_card)
        for i, r in enumerate(recs, 1):
            label = _t("Terminal record", "POS机记录") if len(recs) == 1 else _t(f"Terminal record {i}",
                                                                              f"POS机记录 {i}")
            add("record", label, _record_line(r))
        if not recs:
            add("record", _t("Terminal record", "POS机记录"),
                _t("none at the customer's time", "客人所说的时间没有记录"))
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
    if view and compared_text(view.get("compared")):
        add("compared", _t("Who paid, compared by", "已核对的付款人信息"), compared_text(view["compared"]))
    if run_id is not None:
        add("reference", _t("Our reference", "本店参考编号"),
            _t(f"pos-doctor run {run_id}", f"pos-doctor 记录 {run_id}"))
    return out
