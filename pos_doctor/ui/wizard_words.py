"""The words of the `fix` wizard (ui/wizard.py), in English and Chinese."""

from __future__ import annotations

from pos_doctor.i18n import Text
from pos_doctor.payments.verdicts import LABELS

T = Text
MARK = {"ok": ("✓", "green"), "warning": ("!", "yellow"), "critical": ("✗", "red"), "unknown": ("?", "magenta"),
        "skipped": ("-", "dim")}
STEP = T("Step {k}", "第 {k} 步")  # no "of 28": a walk takes a few of its steps
KEYS = {"back": T("b back", "b 返回"), "skip": T("s skip", "s 跳过"),
        "quit": T("q quit (progress is kept)", "q 退出（进度会保存）")}
QUIT = T("q quit", "q 退出")
CONFIRM = T("y yes · n no · ? not sure", "y 是 · n 否 · ？不确定")
ENTER = T("Enter = {d}", "回车＝{d}")
DONE = T("Press Enter when done", "完成后按回车")
YES_NO_AGAIN = T("Type y for yes or n for no (Enter takes the suggestion).",
                 "请输入 y 表示是，n 表示否（直接回车采用建议）。")
RECORD = {"amount": T("amount, e.g. 12.50", "金额，例如 12.50"), "time": T("time, e.g. 14:05", "时间，例如 14:05"),
          "phone": T("phone number (it is stored masked)", "电话号码（保存时会脱敏）"), "number": T("a number", "数字"),
          "text": T("text", "文字"),
          "order": T("order number or its last digits, e.g. 34567890", "订单号或最后几位，例如 34567890")}
EMPTY = T("Enter to leave empty", "直接回车表示不填")
PRINT = T("Print the copy now? It only reprints; it never charges. y print · s skip",
          "现在补打吗？只是重印，不会扣款。y 打印 · s 跳过")
SOURCE = {"answers": T("from the answers file", "来自回答文件"),
          "default": T("not done by a person: answered by --yes", "并非有人操作：由 --yes 自动回答")}
# how an answer is said on a zh screen (the English screen shows the word typed, as the answers file takes it)
ANSWER_WORDS = {"done": T("done", "完成"), "yes": T("yes", "是"), "no": T("no", "否"),
                "unsure": T("not sure", "不确定"),
                "run": T("run", "执行"), "skip": T("skip", "跳过")}
NUM = T(") ", "）")  # after a choice's number
RECHECK = T("Checking whether that helped:", "检查这一步是否有效：")
VERIFY_OK = T("Checked again, now OK: {names}.", "已重新检查，现已正常：{names}。")
VERIFY_NONE = T("Checked again, but nothing could be checked: every check was skipped (reasons above).",
                "已重新检查，但没有任何一项能检查：全部被跳过（原因见上）。")
NOT_CHECKED = T(" Not checked: {names}.", "未能检查：{names}。")
VERIFY_BAD = T("Checked again: still not right.", "已重新检查：问题仍在。")
SUGGEST_VERIFY = {"yes": T("the last check passed", "上一步检查已通过"),
                  "no": T("the last check failed", "上一步检查未通过")}
SUGGEST_TX = T("what the terminal reported", "POS机读到的结果")
SUGGEST_SAFE = T("the safe answer when unsure", "拿不准时的稳妥答案")
SUGGEST_STATEMENT = T("what the statement shows", "账单显示的结果")  # a suggestion drawn from value('statement_…')
CALL = T("Contact: {to}", "请联系：{to}")
TELL = T("Tell them:", "请告诉对方：")
NOW = T("Now: {title}", "现在处理：{title}")
BACK_TO = T("Back to: {title}", "回到：{title}")
RUNNING = T("Working: {text}", "正在进行：{text}")
VERDICT = {
    "charged": (T("Verdict: the customer WAS charged. Do not take the payment again.",
                  "结论：客人已被扣款。不要再收一次。"), "bold green"),
    "not_charged": (T("Verdict: the customer was NOT charged for this payment.", "结论：这笔付款客人没有被扣款。"),
                    "bold green"),
    "mismatch": (T("Verdict: the terminal's records and the customer's evidence DISAGREE. Do not charge again.",
                   "结论：POS机记录和客人出示的扣款信息对不上。不要再收款。"), "bold red"),
    "double_charge": (T("Verdict: the customer was charged TWICE. Do not charge again.",
                        "结论：客人被重复扣款。不要再收款。"), "bold red"),
    "unknown": (T("Verdict: UNKNOWN — the terminal cannot settle whether the customer was charged. Do not charge "
                  "again.",
                  "结论：无法确认——POS机记录不能说明客人是否已被扣款。不要再收款。"), "bold yellow"),
}
# a QR payment is decided on the order staff typed from the merchant app (payments/qr.py), not on the terminal
QR_VERDICT = {
    "charged": (T("Verdict: the customer's QR payment reached this shop. Do not take the payment again.",
                  "结论：客人的扫码付款已付到本店。不要再收一次。"), "bold green"),
    "not_charged": (T("Verdict: this shop did NOT receive this QR payment.", "结论：本店没有收到这笔扫码付款。"),
                    "bold green"),
    "mismatch": (T("Verdict: the merchant app and the customer's phone DISAGREE. Do not charge again.",
                   "结论：商户App和客人手机上的记录对不上。不要再收款。"), "bold red"),
    "unknown": (T("Verdict: UNKNOWN — the merchant app does not settle whether the customer paid this shop. Do not "
                  "charge again.", "结论：无法确认——商户App不能说明客人是否已付款给本店。不要再收款。"), "bold yellow"),
}
QR_CONSIDERED = T("Orders typed from the merchant app:", "从商户App录入的订单：")
QR_NONE = T("The merchant app has no such order (as staff typed).", "商户App里没有这笔订单（店员录入）。")
QR_NOT_LOOKED = T("The order was not looked up in the merchant app.", "还没有在商户App里查这笔订单。")
WHY = T("Why:", "依据：")
TYPED_VERDICT = {
    "charged": T("Verdict: the customer WAS charged (by the transactions typed from the POS机). Do not take the "
                 "payment again.", "结论：根据从POS机抄录的交易，客人已被扣款。不要再收一次。"),
    "not_charged": T("Verdict: the customer was NOT charged for this payment (by the transactions typed "
                     "from the POS机).",
                     "结论：根据从POS机抄录的交易，这笔付款客人没有被扣款。"),
    "mismatch": T("Verdict: the transactions typed from the POS机 and the customer's evidence DISAGREE. Do not charge "
                  "again.", "结论：从POS机抄录的交易和客人出示的扣款信息对不上。不要再收款。"),
    "double_charge": T("Verdict: the customer was charged TWICE (by the transactions typed from the POS机). Do not "
                       "charge again.", "结论：根据从POS机抄录的交易，客人被重复扣款。不要再收款。"),
    "unknown": T("Verdict: UNKNOWN — the transactions typed from the POS机 cannot settle whether the customer was "
                 "charged. Do not charge again.",
                 "结论：无法确认——从POS机抄录的交易不能说明客人是否已被扣款。不要再收款。"),
}
SOURCE_LINE = T("Source: {s}", "来源：{s}")
STATEMENT_CONSIDERED = T("Statement rows compared:", "比对过的对账单订单：")
STATEMENT_NONE = T("The statement has no order at that time.", "对账单里该时间没有订单。")


def statement_verdict(key: str) -> Text:
    """The verdict decided on a provider's statement (payments/statement_words.py), as its headline."""
    from pos_doctor.payments.statement_words import VERDICT_TEXT

    text = VERDICT_TEXT.get("mismatch" if key == "double_charge" else key, VERDICT_TEXT["unknown"])
    return T(f"Verdict: {text.en}", f"结论：{text.zh}")


TYPED_CONSIDERED = T("Typed transactions compared:", "比对过的抄录交易：")
TYPED_NONE = T("No typed transaction is at the customer's time.", "抄录的交易中没有客人所说时间的交易。")
NOTHING_TYPED = T("Nothing was typed from the POS机, so no transaction could be compared.",
                  "没有从POS机抄录任何交易，所以没有可比对的交易。")
CONSIDERED = T("Terminal transactions compared:", "比对过的POS机交易：")
NONE_CONSIDERED = T("The terminal reported no transaction at the customer's time.", "POS机没有报告客人所说时间的交易。")
NOT_READ = T("The terminal could not be read: nothing was reported, so no transaction could be compared.",
             "无法读取POS机：它没有报告任何内容，所以没有可比对的交易。")
REFUSED = T("This step would let you {what}, but the verdict is not {needed}. Skipped: do not do it; "
            "follow the next step.",
            "这一步会{what}，但结论不是“{needed}”，所以不进行：不要这样做，请按下一步处理。")
NOT_WHO = T("This step would let you {what}, but nothing shows that the matched payment is this customer's: the "
            "card's last four digits (or the voucher number) were not compared, and another customer may have paid "
            "the same amount. Skipped: do not do it; follow the next step.",
            "这一步会{what}，但没有证据表明比对到的那笔是这位客人的：没有核对卡号后四位（或凭证号），"
            "可能是别的客人付了相同金额。所以不进行：不要这样做，请按下一步处理。")
MONEY_WORDS = {"new_payment": T("take a new payment", "重新收款"), "refund": T("refund", "退货退款"),
               "void": T("void the payment", "撤销交易"),
               "refund_duplicate": T("give back the second of two payments", "退回重复扣的第二笔"),
               "difference": T("take the difference as a new payment", "把差额另收一笔")}
# the verdict a money step needs, by its short label (payments/verdicts.py, the one set of verdict labels)
NEEDED = {"new_payment": LABELS["not_charged"], "refund": LABELS["charged"], "void": LABELS["charged"],
          "refund_duplicate": LABELS["double_charge"], "difference": LABELS["charged"]}


TYPED = {
    "where": T("Where are you reading the records?", "您是在哪里看到这些记录的？"),
    "item": T("Transaction {n} (as the screen or slip shows it)", "第 {n} 笔（按屏幕或小票上显示的填写）"),
    "amount": T("Amount, e.g. 99.00", "金额，例如 99.00"),
    "no_more": T("Enter = no more transactions", "直接回车＝没有更多交易了"),
    "time": T("Time, e.g. 14:05", "时间，例如 14:05"),
    "card": T("Card number's last four digits (e.g. 1234; never the whole number)",
              "卡号后四位（例如 1234，不要输入完整卡号）"),
    "voucher": T("Voucher number (凭证号), e.g. 000123", "凭证号，例如 000123"),
    "result": T("Result: 1 成功 approved · 2 失败 failed · 3 撤销 voided · 4 退货 refund",
                "结果：1 成功 · 2 失败 · 3 撤销 · 4 退货"),
    "empty": T("Enter if it is not shown", "没有显示就直接回车"),
    "complete": T("You typed {n} transaction(s). Do they include EVERY transaction the POS机 shows between two times "
                  "(from the earliest to the latest you looked at, none left out)?",
                  "您输入了 {n} 笔交易。它们是否包括POS机上两个时间之间的全部交易"
                  "（从您查看的最早时间到最晚时间，一笔不漏）？"),
    "from": T("From: the earliest time you looked at, e.g. 14:00", "起始时间：您查看的最早时间，例如 14:00"),
    "to": T("To: the latest time you looked at, e.g. 14:30", "结束时间：您查看的最晚时间，例如 14:30"),
}
# where staff read the records, as the POS机's menu names it (the Chinese words are what its screen shows)
TYPED_WHERE = {"list": T("查询 → 交易明细 (Query → transaction list)", "查询 → 交易明细"),
               "last": T("查询 → 末笔查询 (Query → last transaction)", "查询 → 末笔查询"),
               "voucher": T("查询 → 按凭证号查询 (Query → by voucher number)", "查询 → 按凭证号查询"),
               "slip": T("重打印 (reprint) the last slip", "重打印最后一张小票")}
