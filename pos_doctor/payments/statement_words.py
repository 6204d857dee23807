"""The words of a verdict decided on a provider's statement (origin "statement", statements/evidence.py). The rules
are the terminal's (reconcile.py); only the source they speak of differs: "the statement's rows", never "the
terminal's records" - nothing imported from a file is said to have been read from the device. Pure text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from pos_doctor.i18n import Text

if TYPE_CHECKING:
    from .reconcile import Reconciliation

VERDICT_TEXT = {
    "charged": Text("The provider's statement lists this payment as approved - do not take the payment again."),
    "not_charged": Text("The provider's statement shows this payment was NOT made."),
    "mismatch": Text("The provider's statement and the payment's details disagree - do not charge again; call the "
                     "payment provider with the evidence."),
    "unknown": Text("The provider's statement cannot settle this payment - do not charge again until it is."),
}

# the terminal's sentences (reconcile.py) -> the statement's; the longest first, so a phrase is replaced whole
_EN = (
    ("The terminal listed every payment of its current period and none could be this one",
     "The statement lists every order of the days it covers and none could be this one"),
    ("the terminal listed every payment of its current period and holds no attempt",
     "the statement lists every order of the days it covers and holds no attempt"),
    ("this terminal does not explain the debit", "this statement does not explain the debit"),
    ("The terminal's records cover that time", "The statement covers that time"),
    ("The terminal's clock was not compared with the PC; times are taken as they are.",
     "The times are the provider's, as the statement gives them; they are taken as they are."),
    ("At that time the terminal approved another amount", "At that time the statement lists another amount approved"),
    ("the terminal does not show the card of every one", "the statement does not show the card of every one"),
    ("A record from the terminal lacks", "A row of the statement lacks"),
    ("The terminal's record does not say enough (amount, time or result not reported)",
     "The statement's row does not say enough (amount, time or state not given)"),
    ("The terminal's own records disagree", "The statement's own rows disagree"),
    ("The terminal's records show nothing", "The statement shows nothing"),
    ("what the terminal's records cover", "the days the statement covers"),
    ("the terminal's records near that time", "the statement's rows near that time"),
    ("the terminal's records from", "the statement's rows from"),
    ("The terminal's records", "The statement's rows"),
    ("the terminal's records", "the statement's rows"),
)
# how the Chinese of each sentence says it of the statement (its entries in core.po were made with it)
_ZH = (
    ("POS机列出了本批次的全部交易", "对账单列出了所覆盖日期的全部订单"),
    ("这台POS机解释不了这笔扣款", "这份对账单解释不了这笔扣款"),
    ("POS机记录覆盖了该时间", "对账单覆盖了该时间"),
    ("未能比较POS机时钟和电脑时钟，时间按原样比对。", "对账单上的时间是支付服务商的时间，按原样比对。"),
    ("该时间POS机成功收款的是另一个金额", "该时间对账单上成功收款的是另一个金额"),
    ("POS机在该时间附近的记录", "对账单在该时间附近的记录"),
    ("POS机没有显示每一笔的卡号", "对账单没有显示每一笔的卡号"),
    ("POS机的一条记录缺少", "对账单的一行缺少"),
    ("POS机记录信息不全（金额、时间或结果未上报）", "对账单的记录信息不全（金额、时间或状态未列出）"),
    ("POS机自己的记录", "对账单自己的记录"),
    ("比对了POS机 ", "比对了对账单 "),
    ("不在POS机记录覆盖的范围内", "不在对账单覆盖的日期内"),
    ("POS机记录中", "对账单中"),
    ("POS机记录", "对账单记录"),
)


def _said(text: Text) -> Text:
    """The same message said of the statement: the statement's own template (in the catalogs), its parameters too."""
    if text.inline is not None:
        return text
    params = {k: _said(v) if isinstance(v, Text) else v for k, v in text.params.items()}
    said = text.id
    for a, b in _EN:
        said = said.replace(a, b)
    return Text(said, context=text.context, plural=text.plural, params=params)


def worded(result: "Reconciliation") -> "Reconciliation":
    """The verdict with every reason said of the statement, and its headline."""
    reasons = tuple(replace(r, text=_said(r.text)) for r in result.reasons)
    return replace(result, reasons=reasons, head=result.head or VERDICT_TEXT[result.verdict])
