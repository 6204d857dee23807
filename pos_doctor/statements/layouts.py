"""The two published layouts: WeChat Pay's merchant bill (交易账单) and Alipay's business statement (业务明细)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NoReturn, TypedDict

from pos_doctor.errors import Where
from pos_doctor.i18n import T

from . import cells as C
from .model import Statement, StatementError, StatementRow
from .table import Rows

CUT = T("download the bill again: the file is incomplete")


def header_index(cells: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i, c in enumerate(cells):
        out.setdefault(C.clean(c).lstrip("\ufeff"), i)
    return out


class _Common(TypedDict):
    """The fields a WeChat Pay row has whether it is a payment or a refund."""
    line: int
    time: datetime | None
    currency: str | None
    order_number: str | None
    provider_number: str | None
    fee: Decimal | None
    merchant_id: str | None
    note: str | None


def _need(cols: dict[str, int], names: tuple[str, ...], name: str, line: int, what: str) -> None:
    for col in names:
        if col not in cols:
            _missing(col, name, line, what)


def _missing(col: str, name: str, line: int, what: str) -> NoReturn:
    raise StatementError(Where(name, line, None), T("the {what} header has no column {col}", what=BILL.get(what, what),
                                                    col=col),
                         hint=T("download the bill again as it comes from the provider (all columns)"))


BILL = {"WeChat Pay bill": T("WeChat Pay bill"), "Alipay statement": T("Alipay statement")}


def _width(cells: list[str], n: int, name: str, line: int) -> None:
    if len(cells) < n:
        raise StatementError(Where(name, line, len(cells)),
                             T("this row has {n} columns, the header {n2}: the file is cut off or a column is missing",
                               n=len(cells), n2=n),
                             hint=CUT)
    if len(cells) > n:
        raise StatementError(Where(name, line, n + 1), T("this row has {n} columns, the header {n2}", n=len(cells),
                                                         n2=n), hint=CUT)


# --- WeChat Pay -------------------------------------------------------------------------------------------------
WECHAT_REQUIRED = ("交易时间", "商户号", "微信订单号", "商户订单号", "交易状态")
WECHAT_PAY = {"SUCCESS": "approved", "买家已支付": "approved", "支付成功": "approved", "REVOKED": "reversed",
              "已撤销": "reversed"}
WECHAT_REFUND_WORDS = ("REFUND", "转入退款", "已退款")
WECHAT_REFUND_STATE = {"SUCCESS": "approved", "PROCESSING": "approved",
                       "退款成功": "approved", "退款处理中": "approved",
                       "REFUNDCLOSE": "failed", "FAIL": "failed", "退款关闭": "failed", "CHANGE": "unknown"}


def is_wechat(rows: Rows) -> bool:
    return bool(rows) and {"交易时间", "微信订单号"} <= set(header_index(rows[0][1]))


def wechat(rows: Rows, name: str, encoding: str) -> Statement:
    hline, head = rows[0]
    cols = header_index(head)
    what = "WeChat Pay bill"
    _need(cols, WECHAT_REQUIRED, name, hline, what)
    amount_col = next((c for c in ("订单金额", "应结订单金额", "总金额") if c in cols), None)
    if amount_col is None:
        _missing("应结订单金额", name, hline, what)
    ix = cols
    out: list[StatementRow] = []
    declared: dict = {}
    i = 1
    while i < len(rows):
        line, cells = rows[i]
        first = C.clean(cells[0]) if cells else ""
        if first == "总交易单数":  # the summary: its header, then one row of figures
            if i + 1 >= len(rows):
                raise StatementError(Where(name, line + 1, None),
                                     T("the summary (总交易单数) has no figures: the file is cut off"), hint=CUT)
            sline, scells = rows[i + 1]
            sums = dict(zip((C.clean(c) for c in cells), scells, strict=False))  # a cut-off figures row: fewer
            try:
                declared["count"] = int(C.clean(sums.get("总交易单数", "")))
            except ValueError:
                raise C.bad(name, sline, 1, T("the summary's 总交易单数 is not a number"),
                            CUT) from None
            for key, label in (("amount", "应结订单总金额"), ("refunded", "退款总金额"), ("fees", "手续费总金额")):
                if label in sums:
                    declared[key] = C.money(sums[label], name, sline, list(sums).index(label) + 1, label)
            break
        _width(cells, len(head), name, line)
        state_word = C.clean(cells[ix["交易状态"]])
        t = C.when(cells[ix["交易时间"]], name, line, ix["交易时间"] + 1)
        fee = C.money(cells[ix["手续费"]], name, line, ix["手续费"] + 1, "手续费") if "手续费" in ix else None
        common = _Common(line=line, time=t, currency=C.clean(cells[ix["货币种类"]]) if "货币种类" in ix else "CNY",
                         order_number=C.number(cells[ix["商户订单号"]]),
                         provider_number=C.number(cells[ix["微信订单号"]]),
                         fee=fee, merchant_id=C.number(cells[ix["商户号"]]),
                         note=C.free(cells[ix["商品名称"]]) if "商品名称" in ix else None)
        if state_word in WECHAT_REFUND_WORDS:
            refund_col = next((c for c in ("退款金额", "申请退款金额") if c in ix and C.clean(cells[ix[c]])),
                              "退款金额")
            amount = (C.money(cells[ix[refund_col]], name, line, ix[refund_col] + 1, refund_col)
                      if refund_col in ix else None)
            state = WECHAT_REFUND_STATE.get(C.clean(cells[ix["退款状态"]]) if "退款状态" in ix else "", "unknown")
            out.append(StatementRow(amount=None if amount is None else abs(amount), state=state, kind="refund",
                                    **common))
        else:
            amount = C.money(cells[ix[amount_col]], name, line, ix[amount_col] + 1, amount_col)
            if amount is None and amount_col == "订单金额" and "应结订单金额" in ix:
                amount = C.money(cells[ix["应结订单金额"]], name, line, ix["应结订单金额"] + 1, "应结订单金额")
            out.append(StatementRow(amount=amount, state=WECHAT_PAY.get(state_word, "unknown"), **common))
        i += 1
    else:
        end = rows[-1][0] + 1 if rows else 1
        raise StatementError(Where(name, end, None),
                             T("the bill ends without its summary (总交易单数): the file is cut off"), hint=CUT)
    if declared.get("count") is not None and declared["count"] != len(out):
        raise StatementError(Where(name, rows[i][0], None),
                             T("the summary says {count} rows, the file holds {n}: rows are missing or added",
                               count=declared['count'], n=len(out)),
                             hint=CUT)
    return Statement("wechat", name, encoding, tuple(out), declared)


# --- Alipay ------------------------------------------------------------------------------------------------------
ALIPAY_REQUIRED = ("支付宝交易号", "商户订单号", "业务类型", "订单金额（元）")
ALIPAY_KIND = {"交易": "payment", "退款": "refund"}
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def is_alipay(rows: Rows) -> bool:
    for _line, cells in rows[:12]:
        text = ",".join(cells)
        if text.startswith("#支付宝") or ("支付宝交易号" in header_index(cells) and "业务类型" in text):
            return True
    return False


def _cn_dates(text: str) -> list[date]:
    out = []
    for y, m, d in _CN_DATE.findall(text):
        try:
            out.append(date(int(y), int(m), int(d)))
        except ValueError:
            pass
    return out


def alipay(rows: Rows, name: str, encoding: str) -> Statement:
    what = "Alipay statement"
    merchant, period, declared = None, None, {}
    i = 0
    while i < len(rows) and ",".join(rows[i][1]).lstrip("\ufeff").startswith("#"):
        text = ",".join(rows[i][1])
        m = re.search(r"账号[:：]\s*\[?\s*([0-9A-Za-z]+)", text)
        if m:
            merchant = m.group(1)
        if "起始日期" in text:
            days = _cn_dates(text)
            if len(days) == 2:  # 终止日期 is the next midnight: the last day covered is the one before
                midnight = re.search(r"终止日期[:：]\s*\[[^\]]*00:00:00", text)
                last = days[1] - timedelta(days=1) if days[1] > days[0] and midnight else days[1]
                period = (days[0], max(days[0], last))
        i += 1
    if i >= len(rows):
        raise StatementError(Where(name, (rows[-1][0] + 1) if rows else 1, None),
                             T("no header row (支付宝交易号, …) after the # lines"), hint=CUT)
    hline, head = rows[i]
    cols = header_index(head)
    _need(cols, ALIPAY_REQUIRED, name, hline, what)
    time_col = next((c for c in ("完成时间", "创建时间") if c in cols), None)
    if time_col is None:
        _missing("完成时间", name, hline, what)
    g = cols.get
    out: list[StatementRow] = []
    ended = False
    for line, cells in rows[i + 1:]:
        joined = ",".join(cells).strip()
        if joined.startswith("#"):
            if "业务明细列表结束" in joined:
                ended = True
            for key, label in (("payments", "交易合计"), ("refunds", "退款合计")):
                m = re.search(label + r"[:：]\s*(\d+)\s*笔", joined)
                if m:
                    declared[key] = int(m.group(1))
            continue
        if ended:
            continue
        _width(cells, len(head), name, line)

        def cell(col: str, row: list[str] = cells) -> str:
            at = g(col)
            return row[at] if at is not None else ""

        def col_no(col: str) -> int:
            return (g(col) or 0) + 1

        kind_word = C.clean(cell("业务类型"))
        kind = ALIPAY_KIND.get(kind_word)
        t = (C.when(cell(time_col), name, line, col_no(time_col))
             or C.when(cell("创建时间"), name, line, col_no("创建时间")))
        order = C.money(cell("订单金额（元）"), name, line, col_no("订单金额（元）"), "订单金额")
        got = (C.money(cell("商家实收（元）"), name, line, col_no("商家实收（元）"), "商家实收")
               if "商家实收（元）" in cols else None)
        fee = (C.money(cell("服务费（元）"), name, line, col_no("服务费（元）"), "服务费")
               if "服务费（元）" in cols else None)
        amount = abs(got) if kind == "refund" and got is not None else (abs(order) if order is not None else None)
        out.append(StatementRow(line=line, time=t, amount=amount, state="approved" if kind else "unknown",
                                kind=kind or "payment", currency="CNY", order_number=C.number(cell("商户订单号")),
                                provider_number=C.number(cell("支付宝交易号")),
                                fee=None if fee is None else -fee, merchant_id=merchant, note=C.free(cell("商品名称"))))
    if not ended:
        raise StatementError(Where(name, rows[-1][0] + 1, None),
                             T("the statement ends without #-----业务明细列表结束----: the file is cut off"), hint=CUT)
    for key, kind in (("payments", "payment"), ("refunds", "refund")):
        n = sum(1 for r in out if r.kind == kind)
        if key in declared and declared[key] != n:
            said = (T("the totals line says {said} payments, the file holds {n}", said=declared[key], n=n)
                    if kind == "payment" else
                    T("the totals line says {said} refunds, the file holds {n}", said=declared[key], n=n))
            raise StatementError(Where(name, rows[-1][0], None), said, hint=CUT)
    return Statement("alipay", name, encoding, tuple(out), declared, period)

