"""Statement files generated from the providers' published layouts (no real data): WeChat Pay's 交易账单, Alipay's
业务明细, and an acquirer's portal export with its mapping file. Used by the tests and by bench/parts_statement.py."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

WECHAT_HEADER = ("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,"
                 "应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,"
                 "手续费,费率,订单金额,申请退款金额,费率备注").split(",")
WECHAT_SUMMARY = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额".split(",")
ALIPAY_HEADER = ("支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,"
                 "商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,"
                 "商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注").split(",")
MERCHANT = "1900000109"


@dataclass(frozen=True)
class Tx:
    time: datetime
    amount: Decimal
    order: str
    state: str = "approved"  # approved | refunded (a refund row follows) | reversed
    name: str = "咖啡"

    def fee(self) -> Decimal:
        return (self.amount * Decimal("0.006")).quantize(Decimal("0.01"))


def day_of(n: int, start: datetime = datetime(2026, 12, 5, 9, 0, 0), step_s: int = 61, seed: int = 0) -> list[Tx]:
    out = []
    for i in range(n):
        amount = Decimal(100 + (i * 37 + seed) % 9900) / 100
        out.append(Tx(start + timedelta(seconds=i * step_s % 50_000), amount, f"T{seed:02d}{i:08d}"))
    return out


def wechat(txs: list[Tx], *, encoding: str = "utf-8", bom: bool = False, summary: bool = True, count: int | None = None) -> bytes:
    lines = [",".join(WECHAT_HEADER)]
    rows = 0
    fees = Decimal("0")
    total = Decimal("0")
    refunded = Decimal("0")
    for i, t in enumerate(txs):
        wx = f"42000{i:023d}"
        state = {"approved": "SUCCESS", "refunded": "SUCCESS", "reversed": "REVOKED"}[t.state]
        cells = [t.time.strftime("%Y-%m-%d %H:%M:%S"), "wx2421b1c4370ec43b", MERCHANT, "0", "", wx, t.order, "oUser" + str(i),
                 "NATIVE", state, "OTHERS", "CNY", f"{t.amount:.2f}", "0.00", "0", "0", "0.00", "0.00", "", "", t.name, "",
                 f"{t.fee():.5f}", "0.60%", f"{t.amount:.2f}", "0.00", ""]
        lines.append(",".join("`" + c for c in cells))
        rows += 1
        fees += t.fee()
        total += t.amount
        if t.state == "refunded":
            back = t.time + timedelta(minutes=30)
            cells = [back.strftime("%Y-%m-%d %H:%M:%S"), "wx2421b1c4370ec43b", MERCHANT, "0", "", wx, t.order, "oUser" + str(i),
                     "NATIVE", "REFUND", "OTHERS", "CNY", "0.00", "0.00", f"50000{i:023d}", f"R{t.order}", f"{t.amount:.2f}",
                     "0.00", "ORIGINAL", "SUCCESS", t.name, "", f"-{t.fee():.5f}", "0.60%", "0.00", f"{t.amount:.2f}", ""]
            lines.append(",".join("`" + c for c in cells))
            rows += 1
            refunded += t.amount
    if summary:
        lines.append(",".join(WECHAT_SUMMARY))
        lines.append(",".join("`" + c for c in (str(rows if count is None else count), f"{total:.2f}", f"{refunded:.2f}",
                                                  "0.00", f"{fees:.5f}", f"{total:.2f}", f"{refunded:.2f}")))
    text = "\r\n".join(lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def alipay(txs: list[Tx], *, encoding: str = "gbk", end: bool = True, account: str = "20881234567890120156") -> bytes:
    day = txs[0].time if txs else datetime(2026, 12, 5)
    lines = ["#支付宝业务明细查询", f"#账号：[{account}]",
             f"#起始日期：[{day:%Y年%m月%d日} 00:00:00]   终止日期：[{day + timedelta(days=1):%Y年%m月%d日} 00:00:00]",
             "#-----------------------------------------业务明细列表----------------------------------------",
             ",".join(ALIPAY_HEADER)]
    pays = refunds = 0
    for i, t in enumerate(txs):
        trade = f"2026120522001{i:015d}"
        when = t.time.strftime("%Y-%m-%d %H:%M:%S")
        row = [trade, t.order, "交易", t.name, when, when, "", "", "", "", "138****5678", f"{t.amount:.2f}", f"{t.amount:.2f}",
               "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", "", f"-{t.fee():.2f}", "0.00", ""]
        lines.append(",".join(c + "\t" for c in row))
        pays += 1
        if t.state == "refunded":
            back = (t.time + timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M:%S")
            row = [trade, t.order, "退款", t.name, when, back, "", "", "", "", "138****5678", f"{t.amount:.2f}", f"-{t.amount:.2f}",
                   "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", f"R{t.order}", f"{t.fee():.2f}", "0.00", ""]
            lines.append(",".join(c + "\t" for c in row))
            refunds += 1
    if end:
        lines += ["#-----------------------------------------业务明细列表结束------------------------------------",
                  f"#交易合计：{pays}笔，商家实收共0.00元，商家优惠共0.00元",
                  f"#退款合计：{refunds}笔，商家实收退款共0.00元，商家优惠退款共0.00元",
                  f"#导出时间：[{day + timedelta(days=1):%Y年%m月%d日} 10:00:00]"]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


PORTAL_MAPPING = """\
spec: 1
name: {en: "Acquirer portal export", zh: "收单机构商户平台导出"}
encoding: auto
header_row: 3
date_format: "%Y/%m/%d %H:%M:%S"
currency: CNY
columns:
  time: 交易日期时间
  amount: 交易金额
  voucher: 凭证号
  trace: 流水号
  reference: 参考号
  card: 卡号
  state: 交易状态
  fee: 手续费
  merchant_id: 商户编号
states:
  approved: [交易成功]
  refunded: [已退货]
  reversed: [已撤销, 已冲正]
  failed: [交易失败]
"""
PORTAL_HEADER = ["商户编号", "终端编号", "交易日期时间", "卡号", "交易金额", "手续费", "凭证号", "流水号", "参考号", "交易状态"]
PORTAL_STATE = {"approved": "交易成功", "refunded": "已退货", "reversed": "已撤销", "failed": "交易失败"}


def portal_rows(txs: list[Tx], pan: str = "6222021234567890123") -> list[list[str]]:
    rows = [["商户交易明细"], ["导出时间：2026-12-06 10:00:00"], PORTAL_HEADER]
    for i, t in enumerate(txs):
        rows.append(["898310012345678", "10012345", t.time.strftime("%Y/%m/%d %H:%M:%S"), pan, f"{t.amount:.2f}",
                     f"{t.fee():.2f}", f"{i + 1:06d}", f"{i + 100:06d}", f"{i:012d}", PORTAL_STATE[t.state]])
    rows.append(["合计", "", "", "", "", "", "", "", "", ""])
    return rows


def portal_csv(txs: list[Tx], *, encoding: str = "gbk", pan: str = "6222021234567890123") -> bytes:
    import csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(portal_rows(txs, pan))
    return buf.getvalue().encode(encoding)


def portal_xlsx(txs: list[Tx], pan: str = "6222021234567890123") -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    for row in portal_rows(txs, pan):
        ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
