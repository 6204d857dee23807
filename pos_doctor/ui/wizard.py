"""The `fix` wizard on a terminal: one step at a time, in plain words, zh or en.

Renders what the engine shows (checks, action results, a reprinted receipt as a receipt, the escalation with its
evidence) and reads the person's answers line by line from stdin. Keys: a number or a word, Enter for the
suggested answer, b back, s skip, q quit. Ctrl-C stops too; the CLI saves the progress either way.
"""

from __future__ import annotations

from typing import Any

from pos_doctor.i18n import Text
from pos_doctor.playbooks.engine import Prompt, Reply

MARK = {"ok": ("✓", "green"), "warning": ("!", "yellow"), "critical": ("✗", "red"), "unknown": ("?", "magenta"),
        "skipped": ("-", "dim")}
T = Text
STEP = T("Step {k}", "第 {k} 步")  # no "of 28": a walk takes a few of its steps
KEYS = {"back": T("b back", "b 返回"), "skip": T("s skip", "s 跳过"), "quit": T("q quit (progress is kept)", "q 退出（进度会保存）")}
QUIT = T("q quit", "q 退出")
CONFIRM = T("y yes · n no · ? not sure", "y 是 · n 否 · ？不确定")
ENTER = T("Enter = {d}", "回车＝{d}")
DONE = T("Press Enter when done", "完成后按回车")
YES_NO_AGAIN = T("Type y for yes or n for no (Enter takes the suggestion).", "请输入 y 表示是，n 表示否（直接回车采用建议）。")
RECORD = {"amount": T("amount, e.g. 12.50", "金额，例如 12.50"), "time": T("time, e.g. 14:05", "时间，例如 14:05"),
          "phone": T("phone number (it is stored masked)", "电话号码（保存时会脱敏）"), "number": T("a number", "数字"),
          "text": T("text", "文字"), "order": T("order number or its last digits, e.g. 34567890", "订单号或最后几位，例如 34567890")}
EMPTY = T("Enter to leave empty", "直接回车表示不填")
PRINT = T("Print the copy now? It only reprints; it never charges. y print · s skip", "现在补打吗？只是重印，不会扣款。y 打印 · s 跳过")
SOURCE = {"answers": T("from the answers file", "来自回答文件"),
          "default": T("not done by a person: answered by --yes", "并非有人操作：由 --yes 自动回答")}
# how an answer is said on a zh screen (the English screen shows the word typed, as the answers file takes it)
ANSWER_WORDS = {"done": T("done", "完成"), "yes": T("yes", "是"), "no": T("no", "否"), "unsure": T("not sure", "不确定"),
                "run": T("run", "执行"), "skip": T("skip", "跳过")}
NUM = T(") ", "）")  # after a choice's number
RECHECK = T("Checking whether that helped:", "检查这一步是否有效：")
VERIFY_OK = T("Checked again, now OK: {names}.", "已重新检查，现已正常：{names}。")
VERIFY_NONE = T("Checked again, but nothing could be checked: every check was skipped (reasons above).",
                "已重新检查，但没有任何一项能检查：全部被跳过（原因见上）。")
NOT_CHECKED = T(" Not checked: {names}.", "未能检查：{names}。")
VERIFY_BAD = T("Checked again: still not right.", "已重新检查：问题仍在。")
SUGGEST_VERIFY = {"yes": T("the last check passed", "上一步检查已通过"), "no": T("the last check failed", "上一步检查未通过")}
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
    "unknown": (T("Verdict: UNKNOWN — the terminal cannot settle whether the customer was charged. Do not charge again.",
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
    "charged": T("Verdict: the customer WAS charged (by the transactions typed from the POS机). Do not take the payment "
                 "again.", "结论：根据从POS机抄录的交易，客人已被扣款。不要再收一次。"),
    "not_charged": T("Verdict: the customer was NOT charged for this payment (by the transactions typed from the POS机).",
                     "结论：根据从POS机抄录的交易，这笔付款客人没有被扣款。"),
    "mismatch": T("Verdict: the transactions typed from the POS机 and the customer's evidence DISAGREE. Do not charge "
                  "again.", "结论：从POS机抄录的交易和客人出示的扣款信息对不上。不要再收款。"),
    "double_charge": T("Verdict: the customer was charged TWICE (by the transactions typed from the POS机). Do not "
                       "charge again.", "结论：根据从POS机抄录的交易，客人被重复扣款。不要再收款。"),
    "unknown": T("Verdict: UNKNOWN — the transactions typed from the POS机 cannot settle whether the customer was "
                 "charged. Do not charge again.", "结论：无法确认——从POS机抄录的交易不能说明客人是否已被扣款。不要再收款。"),
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
NEEDED = {"new_payment": T("not charged", "未扣款"), "refund": T("charged", "已扣款"), "void": T("charged", "已扣款"),
          "refund_duplicate": T("charged twice", "重复扣款"), "difference": T("charged", "已扣款")}


TYPED = {
    "where": T("Where are you reading the records?", "您是在哪里看到这些记录的？"),
    "item": T("Transaction {n} (as the screen or slip shows it)", "第 {n} 笔（按屏幕或小票上显示的填写）"),
    "amount": T("Amount, e.g. 99.00", "金额，例如 99.00"),
    "no_more": T("Enter = no more transactions", "直接回车＝没有更多交易了"),
    "time": T("Time, e.g. 14:05", "时间，例如 14:05"),
    "card": T("Card number's last four digits (e.g. 1234; never the whole number)", "卡号后四位（例如 1234，不要输入完整卡号）"),
    "voucher": T("Voucher number (凭证号), e.g. 000123", "凭证号，例如 000123"),
    "result": T("Result: 1 成功 approved · 2 失败 failed · 3 撤销 voided · 4 退货 refund",
                "结果：1 成功 · 2 失败 · 3 撤销 · 4 退货"),
    "empty": T("Enter if it is not shown", "没有显示就直接回车"),
    "complete": T("You typed {n} transaction(s). Do they include EVERY transaction the POS机 shows between two times "
                  "(from the earliest to the latest you looked at, none left out)?",
                  "您输入了 {n} 笔交易。它们是否包括POS机上两个时间之间的全部交易（从您查看的最早时间到最晚时间，一笔不漏）？"),
    "from": T("From: the earliest time you looked at, e.g. 14:00", "起始时间：您查看的最早时间，例如 14:00"),
    "to": T("To: the latest time you looked at, e.g. 14:30", "结束时间：您查看的最晚时间，例如 14:30"),
}
# where staff read the records, as the POS机's menu names it (the Chinese words are what its screen shows)
TYPED_WHERE = {"list": T("查询 → 交易明细 (Query → transaction list)", "查询 → 交易明细"),
               "last": T("查询 → 末笔查询 (Query → last transaction)", "查询 → 末笔查询"),
               "voucher": T("查询 → 按凭证号查询 (Query → by voucher number)", "查询 → 按凭证号查询"),
               "slip": T("重打印 (reprint) the last slip", "重打印最后一张小票")}


class WizardUI:
    def __init__(self, env, *, to_stderr: bool = False):
        self.env = env
        self.con = env.err if to_stderr else env.out
        self.lang = env.lang
        self.walk_state = None  # the walk's state: its steps answered so far number the step shown (back and resume too)

    def t(self, text: Text | None) -> str:
        from rich.markup import escape

        return escape(text(self.lang)) if text else ""

    # --- steps -----------------------------------------------------------------------------------------------
    def header(self, prompt: Prompt) -> None:
        pb = prompt.playbook
        # the step's number in this walk (the questions answered before it, plus one), not its place among all the
        # playbook's steps: "Step 25" after eight questions frightens
        k = len(self.walk_state.history) + 1 if self.walk_state is not None else prompt.number
        where = STEP.format(k=k)(self.lang)
        indent = "  " * prompt.depth
        self.con.rule(style="dim")
        self.con.print(f"{indent}[dim]{where} · {self.t(pb.title)}[/dim]", overflow="ellipsis", no_wrap=True)
        if prompt.step.title:
            self.con.print(f"{indent}[bold]{self.t(prompt.step.title)}[/bold]")
        self.con.print(f"{indent}{self.t(prompt.step.text)}")

    def _choices(self, prompt: Prompt) -> None:
        for i, c in enumerate(prompt.step.choices, 1):
            # a suggestion drawn from the terminal or the statement says so; one that reads nothing is only the safe
            # default
            refs = c.suggest.refs if c.suggest is not None else ()
            if any(f == "value" and a.startswith("statement_") for f, a, _col in refs):
                said = SUGGEST_STATEMENT
            elif any(f in ("last_tx", "check") for f, _a, _col in refs):
                said = SUGGEST_TX
            else:
                said = SUGGEST_SAFE
            tag = f"  [cyan]← {self.t(said)}[/cyan]" if c.id == prompt.default else ""
            self.con.print(f"    {i}{NUM(self.lang)}{self.t(c.label)}{tag}")

    def _keys(self, prompt: Prompt) -> str:
        s = prompt.step
        parts = []
        if s.kind == "question":
            parts.append(f"1-{len(s.choices)}")
        elif s.kind == "confirm":
            parts.append(CONFIRM(self.lang))
        elif s.kind == "instruction":
            parts.append(DONE(self.lang))
        elif s.kind == "record":
            parts.append(RECORD.get(s.type or "text", RECORD["text"])(self.lang))
            if s.optional:
                parts.append(EMPTY(self.lang))
        elif s.kind == "action":
            parts.append(PRINT(self.lang))
        if prompt.default not in (None, "", "done", "run") and s.kind in ("question", "confirm"):
            shown = prompt.default
            if s.kind == "question":
                shown = str([c.id for c in s.choices].index(prompt.default) + 1)
            elif self.lang == "zh" and shown in ANSWER_WORDS:
                shown = ANSWER_WORDS[shown](self.lang)
            why = SUGGEST_VERIFY.get(prompt.default) if s.kind == "confirm" else None
            parts.append(ENTER.format(d=shown)(self.lang) + ((f"（{why(self.lang)}）" if self.lang == "zh" else f" ({why(self.lang)})")
                                                              if why else ""))
        if prompt.can_back:
            parts.append(KEYS["back"](self.lang))
        if prompt.can_skip and s.kind != "question":
            parts.append(KEYS["skip"](self.lang))
        parts.append(KEYS["quit"](self.lang))
        from rich.markup import escape

        return escape(" · ".join(parts))

    def ask(self, prompt: Prompt) -> Any:
        if prompt.step.kind == "record_list":
            return self.ask_typed(prompt)
        if prompt.error is None:
            self.header(prompt)
            if prompt.step.kind == "question":
                self._choices(prompt)
        else:
            self.con.print(f"  [red]{self.t(prompt.error)}[/red]")
        self.con.print(f"  [dim]{self._keys(prompt)}[/dim]")
        line = self.read_line()
        if line is None:  # end of input: stop, keeping the progress
            return Reply.QUIT
        word = line.strip()
        low = word.lower()
        if low in ("b", "back", "返回"):
            return Reply.BACK
        if low in ("q", "quit", "退出"):
            return Reply.QUIT
        if low in ("s", "skip", "跳过"):
            return Reply.SKIP
        if not word:
            if prompt.step.kind == "record":
                return ""
            return prompt.default if prompt.default is not None else ""
        if prompt.step.kind == "confirm":
            word = {"是": "yes", "否": "no", "不确定": "unsure", "？": "?"}.get(word, word)  # ？: a Chinese keyboard
        if prompt.step.kind == "action" and low in ("y", "yes", "是", "p", "print"):
            return "run"
        return word

    # --- a record_list step: transactions typed from the POS机's screen or slip, one at a time ----------------------
    def ask_typed(self, prompt: Prompt) -> Any:
        """Where staff read the records, each transaction field by field (a bad value is asked again, saying why),
        "no more" (Enter) to finish, then whether the list holds every transaction between two times. Returns the
        mapping the answers file would give (payments/typed.py reads it once more), or a Reply."""
        from pos_doctor.payments.typed import TypedInputError, WHERE, line_text, read_field

        if prompt.error is None:
            self.header(prompt)
        else:
            self.con.print(f"  [red]{self.t(prompt.error)}[/red]")
        self.say(TYPED["where"])
        for i, wid in enumerate(WHERE, 1):
            self.con.print(f"    {i}{NUM(self.lang)}{self.t(TYPED_WHERE[wid])}")
        keys = [KEYS["back"](self.lang)] if prompt.can_back else []
        keys += [T("s I cannot read them either", "s 也看不到")(self.lang), KEYS["quit"](self.lang)]

        def field(name: str, label: Text, extra: str = "", first: bool = False) -> Any:
            while True:
                from rich.markup import escape

                self.con.print(f"  [dim]{escape(' · '.join([label(self.lang), *([extra] if extra else []), *(keys if first else [QUIT(self.lang)])]))}[/dim]")
                line = self.read_line()
                if line is None:
                    return Reply.QUIT
                word = line.strip()
                low = word.lower()
                if low in ("q", "quit", "退出"):
                    return Reply.QUIT
                if first and low in ("b", "back", "返回") and prompt.can_back:
                    return Reply.BACK
                if first and low in ("s", "skip", "跳过"):
                    return Reply.SKIP
                if name in ("amount",) and low in ("", "no more", "none", "done", "没有了", "没有", "完成"):
                    return None
                try:
                    return read_field(name, word)
                except TypedInputError as exc:
                    self.con.print(f"  [red]{self.t(exc.why)}[/red]")

        where = field("where", T("1-4", "1-4"), first=True)
        if where in (Reply.QUIT, Reply.BACK, Reply.SKIP):
            return where
        lines: list[dict] = []
        while len(lines) < 50:
            n = len(lines) + 1
            self.say(TYPED["item"].format(n=n), "bold")
            amount = field("amount", TYPED["amount"], TYPED["no_more"](self.lang))
            if amount is Reply.QUIT:
                return amount
            if amount is None:
                break
            line = {"amount": amount}
            for name in ("time", "card", "voucher", "result"):
                got = field(name, TYPED[name], TYPED["empty"](self.lang) if name in ("card", "voucher") else "")
                if got is Reply.QUIT:
                    return got
                line[name] = got
            lines.append(line)
            self.con.print(f"    ✓ {self.t(line_text(line))}")
        self.say(TYPED["complete"].format(n=len(lines)), "bold")
        while True:
            self.con.print(f"  [dim]{self.t(T('y yes · n no', 'y 是 · n 否'))}[/dim]")
            line = self.read_line()
            if line is None:
                return Reply.QUIT
            word = line.strip().lower()
            if word in ("y", "yes", "是"):
                break
            if word in ("n", "no", "否"):
                return {"where": where, "transactions": lines, "complete": None}
            self.con.print(f"  [red]{self.t(YES_NO_AGAIN)}[/red]")
        start = field("from", TYPED["from"])
        if start is Reply.QUIT:
            return start
        end = field("to", TYPED["to"])
        if end is Reply.QUIT:
            return end
        return {"where": where, "transactions": lines, "complete": {"from": start, "to": end}}

    def read_line(self) -> str | None:
        self.con.print("  > ", end="")
        self.con.file.flush()
        try:
            line = self.env.stdin.readline()
        except OSError:  # the terminal went away (its window closed: EIO): no more answers, and no screen
            return None
        if not line:
            self.con.print("")
            return None
        return line

    def echo(self, prompt: Prompt, value: Any, source: str) -> None:
        self.header(prompt)
        if prompt.step.kind == "question":
            self._choices(prompt)
        shown = value(self.lang) if isinstance(value, Text) else value
        if prompt.step.kind == "question":
            label = next((c.label for c in prompt.step.choices if c.id == value), None)
            if label:  # zh: the label only (the id is for the answers file and the JSON)
                shown = label(self.lang) if self.lang == "zh" else f"{value} ({label(self.lang)})"
        elif self.lang == "zh" and isinstance(value, str) and value in ANSWER_WORDS:
            shown = ANSWER_WORDS[value](self.lang)
        from rich.markup import escape

        if source == "default" and prompt.step.kind == "instruction":  # nobody did it: no "done" on the screen
            self.con.print(f"  → [yellow]{self.t(SOURCE[source])}[/yellow]")
            return
        self.con.print(f"  → {escape(str(shown) or '—')}  [dim]{self.t(SOURCE[source])}[/dim]")

    # --- events ----------------------------------------------------------------------------------------------
    def show(self, event: str, **info: Any) -> None:
        getattr(self, f"_on_{event.replace('-', '_')}")(**info)

    def _on_enter(self, playbook, parent, step) -> None:
        self.con.print(f"\n[bold cyan]» {self.t(NOW.format(title=playbook.title(self.lang)))}[/bold cyan]")

    def _on_leave(self, playbook, parent) -> None:
        self.con.print(f"\n[bold cyan]« {self.t(BACK_TO.format(title=parent.title(self.lang)))}[/bold cyan]")

    def _on_action_start(self, playbook, step) -> None:
        if step.action != "print_receipt_copy":
            self.con.rule(style="dim")
            self.con.print(f"[dim]{self.t(playbook.title)}[/dim]")
        self.con.print(f"… {self.t(step.text)}")

    def _on_action(self, playbook, step, result) -> None:
        good = result.ok and (result.transaction is None or result.transaction.get("approved"))
        mark, color = ("✓", "green") if good else ("✗", "red" if not result.ok else "yellow")
        self.con.print(f"  [{color}]{mark}[/{color}] {self.t(result.message)}")
        if result.transaction:
            self.transaction(result.transaction)
        if result.receipt:
            self.receipt(result.receipt)

    def transaction(self, tx: dict) -> None:
        from rich.markup import escape
        from rich.table import Table

        rows = [(T("Result", "结果"), T("APPROVED", "成功") if tx["status"] == "approved" else T("NOT APPROVED", "未成功")),
                (T("Amount", "金额"), _money(tx, self.lang)), (T("Time", "时间"), tx["time"]),
                (T("Trace no.", "流水号"), tx["trace_number"]), (T("Receipt no.", "凭证号"), tx["receipt_number"]),
                (T("Card", "卡"), f"{tx['card_name'] or ''} {tx['pan_masked'] or ''}".strip())]
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 6))
        table.add_column(style="dim")
        table.add_column()
        for label, value in rows:
            v = value(self.lang) if isinstance(value, Text) else value
            table.add_row(label(self.lang), escape(str(v if v is not None else "—")))
        self.con.print(table)

    def receipt(self, lines: list[str]) -> None:
        from rich.markup import escape
        from rich.panel import Panel

        body = "\n".join(escape(line) for line in lines)
        self.con.print(Panel(body, width=36, title=T("receipt copy", "小票副本")(self.lang), border_style="dim"))

    def check_rows(self, results: list[dict]) -> None:
        from rich.markup import escape

        for r in results:
            mark, color = MARK.get(r["status"], ("?", "magenta"))
            msg = r["message"][self.lang] if isinstance(r["message"], dict) else str(r["message"])
            self.con.print(f"    [{color}]{mark}[/{color}] {escape(self._name(r['id']))}  {escape(msg)}")
            if r.get("hint") and r["status"] not in ("ok", "skipped"):
                self.con.print(f"        → {escape(r['hint'][self.lang])}")

    def _name(self, cid: str) -> str:
        from pos_doctor.checks.registry import title_of

        return title_of(cid)(self.lang)  # staff see the check's short name, not its id

    def _names(self, results: list[dict]) -> str:
        return ("、" if self.lang == "zh" else ", ").join(self._name(r["id"]) for r in results)

    def _on_checks(self, playbook, step, results, passed) -> None:
        self.con.rule(style="dim")
        self.con.print(f"… {self.t(step.text)}")
        self.check_rows(results)

    def _on_verify(self, step, results, passed) -> None:
        self.con.print(f"… {self.t(RECHECK)}")
        self.check_rows(results)
        # say what was actually checked: a skipped check passed nothing
        ran = [r for r in results if r["status"] != "skipped"]
        skipped = [r for r in results if r["status"] == "skipped"]
        if not ran:
            verdict, color = VERIFY_NONE, "yellow"
        elif passed:
            verdict, color = VERIFY_OK.format(names=self._names(ran)), "green"
            if skipped:
                verdict = T(verdict.en + NOT_CHECKED.en.format(names=self._names(skipped)),
                            verdict.zh + NOT_CHECKED.zh.format(names=self._names(skipped)))
        else:
            verdict, color = VERIFY_BAD, "yellow"
        self.con.print(f"  [{color}]{self.t(verdict)}[/{color}]")

    def _on_end(self, playbook, step, nested) -> None:
        self.con.rule(style="dim")
        color = "green" if step.outcome == "resolved" else "yellow"
        self.con.print(f"[{color}]{self.t(step.text)}[/{color}]")

    def _on_escalate(self, playbook, step, evidence, nested) -> None:
        self.con.rule(style="dim")
        self.con.print(f"[bold yellow]{self.t(CALL.format(to=step.to(self.lang)))}[/bold yellow]")
        self.con.print(self.t(step.text))
        lines = evidence_lines(evidence, self.lang)
        if lines:
            from rich.markup import escape

            self.con.print(self.t(TELL))
            for line in lines:  # a list under a heading comes indented: no second bullet
                self.con.print(f"    {escape(line.strip())}" if line.startswith("  ") else f"  • {escape(line)}")

    def _on_reconcile(self, playbook, step, payment) -> None:
        from rich.markup import escape

        key = "double_charge" if payment.get("double_charge") else payment["verdict"]
        head, style = VERDICT.get(key, VERDICT["unknown"])
        qr = (payment.get("terminal") or {}).get("origin") == "typed_qr_app"
        typed = (payment.get("decided_by") or {}).get("origin") not in (None, "link")
        if qr:  # decided on the order staff typed from the merchant app
            head, style = QR_VERDICT.get(key, VERDICT["unknown"])
        elif (payment.get("decided_by") or {}).get("origin") == "statement":  # a statement's rows: never "typed"
            head = statement_verdict(key)
        elif typed:  # records typed by staff: never "the terminal's records show"
            head = TYPED_VERDICT.get(key, TYPED_VERDICT["unknown"])
        self.con.print(f"  [{style}]{self.t(head)}[/{style}]")
        if typed or (payment.get("terminal") or {}).get("readable"):
            self.con.print(f"  {self.t(SOURCE_LINE.format(s=source_of(payment)(self.lang)))}")
        reasons = payment.get("reasons") or []
        if reasons:
            self.con.print(f"  {self.t(WHY)}")
            for r in reasons:
                self.con.print(f"    • {escape(r['text'][self.lang])}")
        considered = payment.get("considered") or []
        unread = not (payment.get("terminal") or {}).get("readable", True)  # a dead terminal reported nothing
        if qr:
            self.con.print(f"  {self.t(QR_CONSIDERED if considered else QR_NOT_LOOKED if unread else QR_NONE)}")
        elif (payment.get("decided_by") or {}).get("origin") == "statement":
            self.con.print(f"  {self.t(STATEMENT_CONSIDERED if considered else STATEMENT_NONE)}")
        elif typed:
            self.con.print(f"  {self.t(TYPED_CONSIDERED if considered else TYPED_NONE if not unread else NOTHING_TYPED)}")
        else:
            self.con.print(f"  {self.t(CONSIDERED if considered else NOT_READ if unread else NONE_CONSIDERED)}")
        for d in considered:
            self.con.print(f"    – {escape(record_line(d, self.lang))}")

    def _on_refused(self, playbook, step, verdict, payment, who_paid: bool = True) -> None:
        what = step.allows[0]
        text = (REFUSED.format(what=MONEY_WORDS[what](self.lang), needed=NEEDED[what](self.lang)) if who_paid else
                NOT_WHO.format(what=MONEY_WORDS[what](self.lang)))
        self.con.rule(style="dim")
        self.con.print(f"[bold red]✗ {self.t(text)}[/bold red]")

    def _on_reconcile_again(self, playbook, step, reason) -> None:
        """A money step ahead and the verdict no longer stands for the terminal's records (payments/binding.py)."""
        text = Text(f"Before this step the payment is checked again: {reason.en}.",
                    f"进行这一步之前，重新核对这笔支付：{reason.zh}。")
        self.con.rule(style="dim")
        self.con.print(f"[yellow]↻ {self.t(text)}[/yellow]")

    def _on_final(self, results, verified) -> None:
        self.con.print("")
        self.con.print(self.t(T("Final check:", "最后检查：")))
        self.check_rows(results)

    # --- around the walk -------------------------------------------------------------------------------------
    def menu(self, title: Text, items: list[tuple[str, Text]], default: int = 1) -> int | None:
        from rich.markup import escape

        self.con.print(f"[bold]{self.t(title)}[/bold]")
        for i, (_, label) in enumerate(items, 1):
            self.con.print(f"  {i}{NUM(self.lang)}{escape(label(self.lang))}")
        while True:
            self.con.print(f"  [dim]1-{len(items)} · {ENTER.format(d=default)(self.lang)} · {QUIT(self.lang)}[/dim]")
            line = self.read_line()
            if line is None or line.strip().lower() in ("q", "quit", "退出"):
                return None
            word = line.strip() or str(default)
            if word.isdigit() and 1 <= int(word) <= len(items):
                return int(word) - 1
            ids = [k for k, _ in items]
            if word in ids:
                return ids.index(word)
            self.con.print(f"  [red]{self.t(T('Type a number from the list.', '请输入列表中的数字。'))}[/red]")

    def yes_no(self, question: Text, default: bool = True) -> bool:
        """y or n (Enter: the default); anything else (a `2`, a typo) is asked again, never taken as no."""
        self.con.print(f"[bold]{self.t(question)}[/bold] [dim]{'[Y/n]' if default else '[y/N]'}[/dim]")
        while True:
            line = self.read_line()
            if line is None:
                return False
            word = line.strip().lower()
            if not word:
                return default
            if word in ("y", "yes", "是", "好", "要", "继续"):
                return True
            if word in ("n", "no", "否", "不", "不要", "q"):
                return False
            self.con.print(f"  [red]{self.t(YES_NO_AGAIN)}[/red]")

    def say(self, text: Text, style: str = "") -> None:
        body = self.t(text)
        self.con.print(f"[{style}]{body}[/{style}]" if style else body)


def evidence_lines(evidence: dict, lang: str) -> list[str]:
    """What to read out to the provider, one line each; phone numbers are masked already."""
    names = {"customer_amount": T("Amount the customer shows", "客人出示的金额"),
             "customer_time": T("Time the customer shows", "客人出示的时间"),
             "missing_amount": T("Missing amount", "未到账金额"), "missing_time": T("Time of the payment", "交易时间"),
             "customer_phone": T("Customer phone (masked)", "客人电话（已脱敏）"), "contact_notes": T("Notes", "备注"),
             "payment_method": T("Paid by", "付款方式"), "customer_card_last4": T("Card, last four digits", "卡号后四位"),
             "customer_currency": T("Currency", "币种"),
             "customer_time_uncertainty": T("The customer's time is an estimate, give or take (seconds)",
                                            "客人说的时间是估计的，前后误差（秒）"),
             "follow_up_date": T("Look again on", "下次查看日期"),
             "customer_merchant": T("Merchant name on the customer's message", "客人扣款信息上的商户名称"),
             "goodwill": T("Goodwill agreed with the customer", "和客人商定的补偿"),
             "customer_payee": T("Payee on the customer's phone", "客人手机上显示的收款方")}
    said = {"card": T("card at the terminal", "刷卡"), "qr": T("QR code", "扫码")}  # a recorded choice, in words
    out = []
    for name, value in evidence.items():
        if value in (None, "", []):
            continue
        if name == "last_transaction":
            tx = value
            status = ("成功" if lang == "zh" else "approved") if tx["status"] == "approved" else ("未成功" if lang == "zh" else "not approved")
            label = "POS机最后一笔" if lang == "zh" else "Terminal's last payment"
            out.append(f"{label}{'：' if lang == 'zh' else ': '}{status}, {_money(tx, lang)}, {tx['time']}, "
                       f"{'流水号' if lang == 'zh' else 'trace'} {tx['trace_number']}, {tx['pan_masked'] or ''}".rstrip(", "))
        elif name == "payment":
            key = "double_charge" if value.get("double_charge") else value.get("verdict", "unknown")
            qr = any(str(r.get("code", "")).startswith("qr_") for r in value.get("reasons") or [])  # payments/qr.py
            typed = (value.get("decided_by") or {}).get("origin") not in (None, "link")
            if qr:
                out.append(QR_VERDICT.get(key, VERDICT["unknown"])[0](lang))
            elif (value.get("decided_by") or {}).get("origin") == "statement":
                out.append(statement_verdict(key)(lang))
            elif typed:
                out.append(TYPED_VERDICT.get(key, TYPED_VERDICT["unknown"])(lang))
            else:
                out.append(VERDICT.get(key, VERDICT["unknown"])[0](lang))
            if value.get("decided_by"):
                out.append(SOURCE_LINE.format(s=source_of(value)(lang))(lang))
            out.extend(r["text"][lang] for r in value.get("reasons") or [])
            cust = value.get("customer") or {}
            unknown = T("not recorded", "未记录")(lang)
            amount, when = cust.get("amount") or unknown, (cust.get("time") or unknown).replace("T", " ")
            card = cust.get("card_last4")
            order = cust.get("order_number")
            about = round((cust.get("time_uncertainty_s") or 0) / 60)
            out.append(T(f"Customer shows: {amount}, {when}" + (f" (give or take {about} min)" if about else "")
                         + (f", card ending {card}" if card else "") + (f", order number ending {order}" if order else ""),
                         f"客人出示：{amount}，{when}" + (f"（前后约 {about} 分钟）" if about else "")
                         + (f"，卡号尾号 {card}" if card else "") + (f"，订单号尾号 {order}" if order else ""))(lang))
            for d in value.get("considered") or []:
                out.append(record_line(d, lang))
        elif name == "statement" and isinstance(value, dict):  # the provider's statement: what is missing from it
            zh = lang == "zh"
            label = (value.get("label") or {}).get(lang) or ""
            verdict = ((value.get("payment") or {}).get("text") or {}).get(lang)
            out.append(("对账单：" if zh else "Statement: ") + label + (f"（{value.get('file')}）" if zh else f" ({value.get('file')})"))
            if verdict and (value.get("payment") or {}).get("verdict") != "not_asked":
                out.append(("  未到账的这笔：" if zh else "  The missing payment: ") + verdict)
            for m in value.get("missing") or []:
                out.append(("  POS机有、账单里没有：" if zh else "  In the terminal, not in the statement: ") + (m.get(lang) or ""))
        elif name == "check_results":
            bad = [c for c in value if c["status"] not in ("ok", "skipped")]
            titles = _check_titles() if lang == "zh" else {}  # zh: the check's name; its id stays in English
            for c in bad or value[:0]:
                name = titles[c["id"]](lang) if c["id"] in titles else c["id"]
                out.append(f"{name}{'：' if lang == 'zh' else ': '}{c['message'][lang]}")
        elif name == "steps_taken":
            from pos_doctor.playbooks.transcript import lines

            if isinstance(value, dict):
                for head, items in lines(value, lang):
                    out.append(head + ("：" if lang == "zh" else ":"))
                    out += [f"  {i}. {line}" for i, line in enumerate(items, 1)]
        else:
            label = names.get(name, T(name.replace("_", " "), "其他记录"))(lang)  # zh: no field id on a cashier's screen
            shown = said[value](lang) if name == "payment_method" and value in said else value
            out.append(f"{label}{'：' if lang == 'zh' else ': '}{shown}")
    return out


def source_of(payment: dict) -> Text:
    """Which source decided the verdict: the link, or the list staff typed (with where, how many, which times)."""
    from pos_doctor.payments.typed import decided_by

    d = payment.get("decided_by") if isinstance(payment.get("decided_by"), dict) else {}
    readable = (payment.get("terminal") or {}).get("readable", True) is not False
    return decided_by(d.get("origin"), d.get("label"), readable=readable)


def record_line(d: dict, lang: str) -> str:
    """One terminal record with every number the walk's text may refer to, named as the slip names it: the trace
    number (流水号), the receipt number (凭证号, ZVT Beleg-Nr.), the reference (参考号) when the terminal gave one."""
    from pos_doctor.payments.reconcile import TerminalRecord

    line = TerminalRecord.from_json(d).describe()(lang)
    zh = lang == "zh"
    if d.get("receipt_number") is not None and d.get("source") != "typed":  # a typed one names its 凭证号 already
        line += f"，凭证号 {d['receipt_number']}" if zh else f", receipt no. {d['receipt_number']}"
    if d.get("reference"):
        line += f"，参考号 {d['reference']}" if zh else f", reference {d['reference']}"
    return line


def _check_titles() -> dict[str, Text]:
    from pos_doctor.checks.registry import all_checks

    return {c.id: c.title for c in all_checks()}


def _money(tx: dict, lang: str) -> str:
    """A transaction's amount as staff read it: '12.50 EUR', on a zh screen '12.50 欧元' (payments money_zh)."""
    from pos_doctor.payments.model import money_text

    m = money_text(tx.get("amount"), tx.get("currency"))
    return m(lang) if m is not None else ""
