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
          "text": T("text", "文字")}
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
WHY = T("Why:", "依据：")
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
            tag = f"  [cyan]← {self.t(SUGGEST_TX)}[/cyan]" if c.id == prompt.default else ""
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
        shown = value
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
                (T("Amount", "金额"), f"{tx['amount']} {tx['currency'] or ''}"), (T("Time", "时间"), tx["time"]),
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
        self.con.print(f"  [{style}]{self.t(head)}[/{style}]")
        reasons = payment.get("reasons") or []
        if reasons:
            self.con.print(f"  {self.t(WHY)}")
            for r in reasons:
                self.con.print(f"    • {escape(r['text'][self.lang])}")
        considered = payment.get("considered") or []
        unread = not (payment.get("terminal") or {}).get("readable", True)  # a dead terminal reported nothing
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
             "customer_merchant": T("Merchant name on the customer's message", "客人扣款信息上的商户名称")}
    said = {"card": T("card at the terminal", "刷卡"), "qr": T("QR code", "扫码")}  # a recorded choice, in words
    out = []
    for name, value in evidence.items():
        if value in (None, "", []):
            continue
        if name == "last_transaction":
            tx = value
            status = ("成功" if lang == "zh" else "approved") if tx["status"] == "approved" else ("未成功" if lang == "zh" else "not approved")
            label = "POS机最后一笔" if lang == "zh" else "Terminal's last payment"
            out.append(f"{label}{'：' if lang == 'zh' else ': '}{status}, {tx['amount']} {tx['currency'] or ''}, {tx['time']}, "
                       f"{'流水号' if lang == 'zh' else 'trace'} {tx['trace_number']}, {tx['pan_masked'] or ''}".rstrip(", "))
        elif name == "payment":
            key = "double_charge" if value.get("double_charge") else value.get("verdict", "unknown")
            out.append(VERDICT.get(key, VERDICT["unknown"])[0](lang))
            out.extend(r["text"][lang] for r in value.get("reasons") or [])
            cust = value.get("customer") or {}
            unknown = T("not recorded", "未记录")(lang)
            amount, when = cust.get("amount") or unknown, (cust.get("time") or unknown).replace("T", " ")
            card = cust.get("card_last4")
            about = round((cust.get("time_uncertainty_s") or 0) / 60)
            out.append(T(f"Customer shows: {amount}, {when}" + (f" (give or take {about} min)" if about else "")
                         + (f", card ending {card}" if card else ""),
                         f"客人出示：{amount}，{when}" + (f"（前后约 {about} 分钟）" if about else "")
                         + (f"，卡号尾号 {card}" if card else ""))(lang))
            for d in value.get("considered") or []:
                out.append(record_line(d, lang))
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


def record_line(d: dict, lang: str) -> str:
    """One terminal record with every number the walk's text may refer to, named as the slip names it: the trace
    number (流水号), the receipt number (凭证号, ZVT Beleg-Nr.), the reference (参考号) when the terminal gave one."""
    from pos_doctor.payments.reconcile import TerminalRecord

    line = TerminalRecord.from_json(d).describe()(lang)
    zh = lang == "zh"
    if d.get("receipt_number") is not None:
        line += f"，凭证号 {d['receipt_number']}" if zh else f", receipt no. {d['receipt_number']}"
    if d.get("reference"):
        line += f"，参考号 {d['reference']}" if zh else f", reference {d['reference']}"
    return line


def _check_titles() -> dict[str, Text]:
    from pos_doctor.checks.registry import all_checks

    return {c.id: c.title for c in all_checks()}
