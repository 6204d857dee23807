"""The `fix` wizard on a terminal: one step at a time, in plain words, zh or en.

Renders what the engine shows (checks, action results, a reprinted receipt as a receipt, the escalation with its
evidence) and reads the person's answers line by line from stdin. Keys: a number or a word, Enter for the
suggested answer, b back, s skip, q quit. Ctrl-C stops too; the CLI saves the progress either way. Its words are
ui/wizard_words.py; the evidence read out to the provider, ui/wizard_evidence.py; typing a POS机's records,
ui/wizard_typed.py.
"""

from __future__ import annotations

from typing import Any

from pos_doctor.i18n import TC, Text, join
from pos_doctor.payments.answer_words import answer_word, control_word, yes_or_no
from pos_doctor.playbooks.engine import Prompt, Reply
from pos_doctor.playbooks.model import Action, Confirm, Instruction, Question, Record, RecordList
from pos_doctor.ui.wizard_evidence import evidence_lines, money_of, record_line, source_of  # noqa: F401 (re-exported)
from pos_doctor.ui.wizard_words import (
    ANSWER_WORDS,
    BACK_TO,
    CALL,
    CONFIRM,
    CONSIDERED,
    DONE,
    EMPTY,
    ENTER,
    ENTER_WHY,
    KEYS,
    MARK,
    MONEY_WORDS,
    NEEDED,
    NONE_CONSIDERED,
    NOT_CHECKED,
    NOT_READ,
    NOT_WHO,
    NOTHING_TYPED,
    NOW,
    NUM,
    PRINT,
    QR_CONSIDERED,
    QR_NONE,
    QR_NOT_LOOKED,
    QR_VERDICT,
    QUIT,
    RECHECK,
    RECORD,
    REFUSED,
    SOURCE,
    SOURCE_LINE,
    STATEMENT_CONSIDERED,
    STATEMENT_NONE,
    STEP,
    SUGGEST_SAFE,
    SUGGEST_STATEMENT,
    SUGGEST_TX,
    SUGGEST_VERIFY,
    TELL,
    TYPED_CONSIDERED,
    TYPED_NONE,
    TYPED_VERDICT,
    VERDICT,
    VERIFY_BAD,
    VERIFY_NONE,
    VERIFY_OK,
    WHY,
    YES_NO_AGAIN,
    YES_NO_KEYS,
    T,
    statement_verdict,
)

# a playbook step without words in the screen's language (its English stands in)
NO_TEXT_IN = T("This step has no {language} text; it is shown in English.")
NO_TEXT_IN_CODE = T("This step has no text in {language}; it is shown in English.")
SHOWN_IN_ENGLISH = T("(shown in English)")
LANGUAGE_NAMES = {"zh": T("Chinese"), "de": T("German")}


class WizardUI:
    def __init__(self, env, *, to_stderr: bool = False):
        self.env = env
        self.con = env.err if to_stderr else env.out
        self.lang = env.lang
        # the walk's state: its steps answered so far number the step shown (back and resume too)
        self.walk_state = None

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
        step = prompt.step
        self._english_stands_in([step.title, step.text, *(c.label for c in getattr(step, "choices", ()))], indent)

    def _english_stands_in(self, texts: list, indent: str = "") -> None:
        """A step without words in the screen's language is shown in English, and says so: in full the first time,
        then a short mark (playbook texts are keyed by locale; only `en` is required, textmaps.py)."""
        if self.lang == "en" or all(t.translated(self.lang) for t in texts if t is not None):
            return
        if getattr(self, "_said_english", False):
            self.con.print(f"{indent}[dim]{self.t(SHOWN_IN_ENGLISH)}[/dim]")
            return
        self._said_english = True
        name = LANGUAGE_NAMES.get(self.lang)
        said = NO_TEXT_IN.format(language=name) if name is not None else NO_TEXT_IN_CODE.format(language=self.lang)
        self.con.print(f"{indent}[dim]{self.t(said)}[/dim]")

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
        if isinstance(s, Question):
            parts.append(f"1-{len(s.choices)}")
        elif isinstance(s, Confirm):
            parts.append(CONFIRM(self.lang))
        elif isinstance(s, Instruction):
            parts.append(DONE(self.lang))
        elif isinstance(s, Record):
            parts.append(RECORD.get(s.type or "text", RECORD["text"])(self.lang))
            if s.optional:
                parts.append(EMPTY(self.lang))
        elif isinstance(s, Action):
            parts.append(PRINT(self.lang))
        if prompt.default not in (None, "", "done", "run") and isinstance(s, (Question, Confirm)):
            shown = prompt.default
            if isinstance(s, Question):
                shown = str([c.id for c in s.choices].index(prompt.default) + 1)
            elif self.lang != "en" and shown in ANSWER_WORDS:  # the answer's word in the screen's language
                shown = ANSWER_WORDS[shown](self.lang)
            why = SUGGEST_VERIFY.get(prompt.default) if isinstance(s, Confirm) else None
            enter = ENTER.format(d=shown)
            parts.append((ENTER_WHY.format(enter=enter, why=why) if why else enter)(self.lang))
        if prompt.can_back:
            parts.append(KEYS["back"](self.lang))
        if prompt.can_skip and not isinstance(s, Question):
            parts.append(KEYS["skip"](self.lang))
        parts.append(KEYS["quit"](self.lang))
        from rich.markup import escape

        return escape(" · ".join(parts))

    def ask(self, prompt: Prompt) -> Any:
        if isinstance(prompt.step, RecordList):
            return self.ask_typed(prompt)
        if prompt.error is None:
            self.header(prompt)
            if isinstance(prompt.step, Question):
                self._choices(prompt)
        else:
            self.con.print(f"  [red]{self.t(prompt.error)}[/red]")
        self.con.print(f"  [dim]{self._keys(prompt)}[/dim]")
        line = self.read_line()
        if line is None:  # end of input: stop, keeping the progress
            return Reply.QUIT
        word = line.strip()
        low = word.lower()
        control = control_word(word)  # b / zurück / 返回, q / beenden / 退出, s / überspringen / 跳过
        if control == "back":
            return Reply.BACK
        if control == "quit":
            return Reply.QUIT
        if control == "skip":
            return Reply.SKIP
        if not word:
            if isinstance(prompt.step, Record):
                return ""
            return prompt.default if prompt.default is not None else ""
        if isinstance(prompt.step, Confirm):
            word = answer_word(word) or word  # ja / 是 / weiß nicht / ？ (a Chinese keyboard)
        if isinstance(prompt.step, Action) and (answer_word(low) == "yes" or low in ("p", "print", "drucken")):
            return "run"
        return word

    # --- a record_list step: transactions typed from the POS机's screen or slip, one at a time ----------------------
    def ask_typed(self, prompt: Prompt) -> Any:
        """Where staff read the records, each transaction field by field, then whether the list is complete
        (ui/wizard_typed.py)."""
        from pos_doctor.ui.wizard_typed import ask_typed

        return ask_typed(self, prompt)

    def read_line(self) -> str | None:
        try:
            self.con.print("  > ", end="")
            self.con.file.flush()
            line = self.env.stdin.readline()
            if not line:
                self.con.print("")
                self.con.file.flush()
        except OSError:  # the terminal went away (its window closed: EIO): no more answers, and no screen
            self._screen_gone()
            return None
        return line or None

    def _screen_gone(self) -> None:
        """The window is closed: what the walk still says on its way out (stopped, saved) goes nowhere, rather than
        failing the stop half-way with an error nobody can read (the walk must still end 130, its progress kept)."""
        import io

        self.con.file = io.StringIO()

    def echo(self, prompt: Prompt, value: Any, source: str) -> None:
        self.header(prompt)
        if isinstance(prompt.step, Question):
            self._choices(prompt)
        shown = value(self.lang) if isinstance(value, Text) else value
        if isinstance(prompt.step, Question):
            label = next((c.label for c in prompt.step.choices if c.id == value), None)
            if label:  # not en: the label only (the id, an English word, is for the answers file and the JSON)
                shown = label(self.lang) if self.lang != "en" else f"{value} ({label(self.lang)})"
        elif self.lang != "en" and isinstance(value, str) and value in ANSWER_WORDS:
            shown = ANSWER_WORDS[value](self.lang)
        from rich.markup import escape

        if source == "default" and isinstance(prompt.step, Instruction):  # nobody did it: no "done" on the screen
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
        self._english_stands_in([step.text])

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

        rows = [(T("Result"), T("APPROVED") if tx["status"] == "approved" else T("NOT APPROVED")),
                (T("Amount"), money_of(tx, self.lang)), (T("Time"), tx["time"]),
                (T("Trace no."), tx["trace_number"]), (T("Receipt no."), tx["receipt_number"]),
                (TC('ui.wizard', "Card"), f"{tx['card_name'] or ''} {tx['pan_masked'] or ''}".strip())]
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
        self.con.print(Panel(body, width=36, title=T("receipt copy")(self.lang), border_style="dim"))

    def check_rows(self, results: list[dict]) -> None:
        from rich.markup import escape

        for r in results:
            mark, color = MARK.get(r["status"], ("?", "magenta"))
            msg = Text.from_json(r["message"])(self.lang) if isinstance(r["message"], dict) else str(r["message"])
            self.con.print(f"    [{color}]{mark}[/{color}] {escape(self._name(r['id']))}  {escape(msg)}")
            if r.get("hint") and r["status"] not in ("ok", "skipped"):
                self.con.print(f"        → {escape(Text.from_json(r['hint'])(self.lang))}")

    def _name(self, cid: str) -> str:
        from pos_doctor.checks.registry import title_of

        return title_of(cid)(self.lang)  # staff see the check's short name, not its id

    def _names(self, results: list[dict]) -> str:
        return join([self._name(r["id"]) for r in results], self.lang)

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
                verdict = NOT_CHECKED.format(verdict=verdict, names=self._names(skipped))
        else:
            verdict, color = VERIFY_BAD, "yellow"
        self.con.print(f"  [{color}]{self.t(verdict)}[/{color}]")

    def _on_end(self, playbook, step, nested) -> None:
        self.con.rule(style="dim")
        color = "green" if step.outcome == "resolved" else "yellow"
        self.con.print(f"[{color}]{self.t(step.text)}[/{color}]")
        self._english_stands_in([step.text])

    def _on_escalate(self, playbook, step, evidence, nested) -> None:
        self.con.rule(style="dim")
        self.con.print(f"[bold yellow]{self.t(CALL.format(to=step.to(self.lang)))}[/bold yellow]")
        self.con.print(self.t(step.text))
        self._english_stands_in([step.to, step.text])
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
                self.con.print(f"    • {escape(Text.from_json(r['text'])(self.lang))}")
        considered = payment.get("considered") or []
        unread = not (payment.get("terminal") or {}).get("readable", True)  # a dead terminal reported nothing
        if qr:
            self.con.print(f"  {self.t(QR_CONSIDERED if considered else QR_NOT_LOOKED if unread else QR_NONE)}")
        elif (payment.get("decided_by") or {}).get("origin") == "statement":
            self.con.print(f"  {self.t(STATEMENT_CONSIDERED if considered else STATEMENT_NONE)}")
        elif typed:
            self.con.print(f"  "
                           f"{self.t(TYPED_CONSIDERED if considered else TYPED_NONE if not unread else NOTHING_TYPED)}")
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
        text = T("Before this step the payment is checked again: {reason}.", reason=reason)
        self.con.rule(style="dim")
        self.con.print(f"[yellow]↻ {self.t(text)}[/yellow]")

    def _on_final(self, results, verified) -> None:
        self.con.print("")
        self.con.print(self.t(T("Final check:")))
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
            if line is None or control_word(line) == "quit":
                return None
            word = line.strip() or str(default)
            if word.isdigit() and 1 <= int(word) <= len(items):
                return int(word) - 1
            ids = [k for k, _ in items]
            if word in ids:
                return ids.index(word)
            self.con.print(f"  [red]{self.t(T('Type a number from the list.'))}[/red]")

    def yes_no(self, question: Text, default: bool = True) -> bool:
        """y or n (Enter: the default); anything else (a `2`, a typo) is asked again, never taken as no."""
        legend = self.t(YES_NO_KEYS[default])  # [Y/n], [J/n] on a German screen
        self.con.print(f"[bold]{self.t(question)}[/bold] [dim]{legend}[/dim]")
        while True:
            line = self.read_line()
            if line is None:
                return False
            word = line.strip().lower()
            if not word:
                return default
            said = yes_or_no(word)  # y / ja / 是, n / nein / 否 (and q: no)
            if said is not None or control_word(word) == "quit":
                return bool(said)
            self.con.print(f"  [red]{self.t(YES_NO_AGAIN)}[/red]")

    def say(self, text: Text, style: str = "") -> None:
        body = self.t(text)
        self.con.print(f"[{style}]{body}[/{style}]" if style else body)

