"""The words of the `fix` wizard (ui/wizard.py), in English and Chinese."""

from __future__ import annotations

from pos_doctor.i18n import TC, T, Text
from pos_doctor.payments.verdicts import LABELS

MARK = {"ok": ("✓", "green"), "warning": ("!", "yellow"), "critical": ("✗", "red"), "unknown": ("?", "magenta"),
        "skipped": ("-", "dim")}
STEP = T("Step {k}")  # no "of 28": a walk takes a few of its steps
KEYS = {"back": T("b back"), "skip": T("s skip"),
        "quit": T("q quit (progress is kept)")}
QUIT = T("q quit")
# the keys a question takes, as each language says them (payments/answer_words.py reads what is typed, in any
# language: y and j, yes and ja, n, no and nein, ? and weiß nicht)
CONFIRM = TC("input keys", "y yes · n no · ? not sure")
YES_NO_KEYS = {True: TC("input keys", "[Y/n]"), False: TC("input keys", "[y/N]")}
ENTER = T("Enter = {d}")
ENTER_WHY = T("{enter} ({why})")
DONE = T("Press Enter when done")
YES_NO_AGAIN = TC("input keys", "Type y for yes or n for no (Enter takes the suggestion).")
RECORD = {"amount": T("amount, e.g. 12.50"), "time": T("time, e.g. 14:05"),
          "phone": T("phone number (it is stored masked)"), "number": T("a number"),
          "text": T("text"),
          "order": T("order number or its last digits, e.g. 34567890")}
EMPTY = T("Enter to leave empty")
PRINT = TC("input keys", "Print the copy now? It only reprints; it never charges. y print · s skip")
SOURCE = {"answers": T("from the answers file"),
          "default": T("not done by a person: answered by --yes")}
# how an answer is said on a zh screen (the English screen shows the word typed, as the answers file takes it)
ANSWER_WORDS = {"done": TC('ui.wizard_words', "done"), "yes": T("yes"), "no": T("no"),
                "unsure": T("not sure"),
                "run": T("run"), "skip": T("skip")}
NUM = T(") ")  # after a choice's number
RECHECK = T("Checking whether that helped:")
VERIFY_OK = T("Checked again, now OK: {names}.")
VERIFY_NONE = T("Checked again, but nothing could be checked: every check was skipped (reasons above).")
NOT_CHECKED = T("{verdict} Not checked: {names}.")
VERIFY_BAD = T("Checked again: still not right.")
SUGGEST_VERIFY = {"yes": T("the last check passed"),
                  "no": T("the last check failed")}
SUGGEST_TX = T("what the terminal reported")
SUGGEST_SAFE = T("the safe answer when unsure")
SUGGEST_STATEMENT = T("what the statement shows")  # a suggestion drawn from value('statement_…')
CALL = T("Contact: {to}")
TELL = T("Tell them:")
NOW = T("Now: {title}")
BACK_TO = T("Back to: {title}")
RUNNING = T("Working: {text}")
VERDICT = {
    "charged": (T("Verdict: the customer WAS charged. Do not take the payment again."), "bold green"),
    "not_charged": (T("Verdict: the customer was NOT charged for this payment."),
                    "bold green"),
    "mismatch": (T("Verdict: the terminal's records and the customer's evidence DISAGREE. Do not charge again."),
                 "bold red"),
    "double_charge": (T("Verdict: the customer was charged TWICE. Do not charge again."), "bold red"),
    "unknown": (T("Verdict: UNKNOWN — the terminal cannot settle whether the customer was charged. Do not charge "
                  "again."), "bold yellow"),
}
# a QR payment is decided on the order staff typed from the merchant app (payments/qr.py), not on the terminal
QR_VERDICT = {
    "charged": (T("Verdict: the customer's QR payment reached this shop. Do not take the payment again."),
                "bold green"),
    "not_charged": (T("Verdict: this shop did NOT receive this QR payment."),
                    "bold green"),
    "mismatch": (T("Verdict: the merchant app and the customer's phone DISAGREE. Do not charge again."), "bold red"),
    "unknown": (T("Verdict: UNKNOWN — the merchant app does not settle whether the customer paid this shop. Do not "
                  "charge again."), "bold yellow"),
}
QR_CONSIDERED = T("Orders typed from the merchant app:")
QR_NONE = T("The merchant app has no such order (as staff typed).")
QR_NOT_LOOKED = T("The order was not looked up in the merchant app.")
WHY = T("Why:")
TYPED_VERDICT = {
    "charged": T("Verdict: the customer WAS charged (by the transactions typed from the POS机). Do not take the "
                 "payment again."),
    "not_charged": T("Verdict: the customer was NOT charged for this payment (by the transactions typed "
                     "from the POS机)."),
    "mismatch": T("Verdict: the transactions typed from the POS机 and the customer's evidence DISAGREE. Do not charge "
                  "again."),
    "double_charge": T("Verdict: the customer was charged TWICE (by the transactions typed from the POS机). Do not "
                       "charge again."),
    "unknown": T("Verdict: UNKNOWN — the transactions typed from the POS机 cannot settle whether the customer was "
                 "charged. Do not charge again."),
}
SOURCE_LINE = T("Source: {s}")
STATEMENT_CONSIDERED = T("Statement rows compared:")
STATEMENT_NONE = T("The statement has no order at that time.")


def statement_verdict(key: str) -> Text:
    """The verdict decided on a provider's statement (payments/statement_words.py), as its headline."""
    from pos_doctor.payments.statement_words import VERDICT_TEXT

    text = VERDICT_TEXT.get("mismatch" if key == "double_charge" else key, VERDICT_TEXT["unknown"])
    return T("Verdict: {verdict}", verdict=text)


TYPED_CONSIDERED = T("Typed transactions compared:")
TYPED_NONE = T("No typed transaction is at the customer's time.")
NOTHING_TYPED = T("Nothing was typed from the POS机, so no transaction could be compared.")
CONSIDERED = T("Terminal transactions compared:")
NONE_CONSIDERED = T("The terminal reported no transaction at the customer's time.")
NOT_READ = T("The terminal could not be read: nothing was reported, so no transaction could be compared.")
REFUSED = T("This step would let you {what}, but the verdict is not {needed}. Skipped: do not do it; "
            "follow the next step.")
NOT_WHO = T("This step would let you {what}, but nothing shows that the matched payment is this customer's: the "
            "card's last four digits (or the voucher number) were not compared, and another customer may have paid "
            "the same amount. Skipped: do not do it; follow the next step.")
MONEY_WORDS = {"new_payment": T("take a new payment"), "refund": T("refund"),
               "void": T("void the payment"),
               "refund_duplicate": T("give back the second of two payments"),
               "difference": T("take the difference as a new payment")}
# the verdict a money step needs, by its short label (payments/verdicts.py, the one set of verdict labels)
NEEDED = {"new_payment": LABELS["not_charged"], "refund": LABELS["charged"], "void": LABELS["charged"],
          "refund_duplicate": LABELS["double_charge"], "difference": LABELS["charged"]}


TYPED = {
    "where": T("Where are you reading the records?"),
    "item": T("Transaction {n} (as the screen or slip shows it)"),
    "amount": T("Amount, e.g. 99.00"),
    "no_more": T("Enter = no more transactions"),
    "time": T("Time, e.g. 14:05"),
    "card": T("Card number's last four digits (e.g. 1234; never the whole number)"),
    "voucher": T("Voucher number (凭证号), e.g. 000123"),
    "result": T("Result: 1 成功 approved · 2 失败 failed · 3 撤销 voided · 4 退货 refund"),
    "empty": T("Enter if it is not shown"),
    "complete": T("You typed {n} transaction(s). Do they include EVERY transaction the POS机 shows between two times "
                  "(from the earliest to the latest you looked at, none left out)?"),
    "from": T("From: the earliest time you looked at, e.g. 14:00"),
    "to": T("To: the latest time you looked at, e.g. 14:30"),
}
# where staff read the records, as the POS机's menu names it (the Chinese words are what its screen shows)
TYPED_WHERE = {"list": T("查询 → 交易明细 (Query → transaction list)"),
               "last": T("查询 → 末笔查询 (Query → last transaction)"),
               "voucher": T("查询 → 按凭证号查询 (Query → by voucher number)"),
               "slip": T("重打印 (reprint) the last slip")}
