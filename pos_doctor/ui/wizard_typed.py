"""A `record_list` step on the wizard's screen: transactions typed from the POS机's screen or slip, one at a time
(payments/typed.py reads what is typed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pos_doctor.i18n import TC, Text
from pos_doctor.payments.answer_words import NO_MORE_ITEMS, answer_word, control_word, key
from pos_doctor.playbooks.engine import Prompt, Reply
from pos_doctor.ui.wizard_words import KEYS, NUM, QUIT, TYPED, TYPED_WHERE, YES_NO_AGAIN, T

if TYPE_CHECKING:
    from pos_doctor.ui.wizard import WizardUI


def ask_typed(ui: WizardUI, prompt: Prompt) -> Any:
    """Where staff read the records, each transaction field by field (a bad value is asked again, saying why),
    "no more" (Enter) to finish, then whether the list holds every transaction between two times. Returns the
    mapping the answers file would give (payments/typed.py reads it once more), or a Reply."""
    from pos_doctor.payments.typed import WHERE, TypedInputError, line_text, read_field

    if prompt.error is None:
        ui.header(prompt)
    else:
        ui.con.print(f"  [red]{ui.t(prompt.error)}[/red]")
    ui.say(TYPED["where"])
    for i, wid in enumerate(WHERE, 1):
        ui.con.print(f"    {i}{NUM(ui.lang)}{ui.t(TYPED_WHERE[wid])}")
    keys = [KEYS["back"](ui.lang)] if prompt.can_back else []
    keys += [T("s I cannot read them either")(ui.lang), KEYS["quit"](ui.lang)]

    def field(name: str, label: Text, extra: str = "", first: bool = False) -> Any:
        while True:
            from rich.markup import escape

            shown = [label(ui.lang), *([extra] if extra else []), *(keys if first else [QUIT(ui.lang)])]
            ui.con.print(f"  [dim]{escape(' · '.join(shown))}[/dim]")
            line = ui.read_line()
            if line is None:
                return Reply.QUIT
            word = line.strip()
            control = control_word(word)  # q / beenden / 退出, b / zurück / 返回, s / überspringen / 跳过
            if control == "quit":
                return Reply.QUIT
            if first and control == "back" and prompt.can_back:
                return Reply.BACK
            if first and control == "skip":
                return Reply.SKIP
            if name in ("amount",) and key(word) in NO_MORE_ITEMS:  # Enter, no more, keine mehr, 没有了
                return None
            try:
                return read_field(name, word)
            except TypedInputError as exc:
                ui.con.print(f"  [red]{ui.t(exc.why)}[/red]")

    where = field("where", T("1-4"), first=True)
    if where in (Reply.QUIT, Reply.BACK, Reply.SKIP):
        return where
    lines: list[dict] = []
    while len(lines) < 50:
        n = len(lines) + 1
        ui.say(TYPED["item"].format(n=n), "bold")
        amount = field("amount", TYPED["amount"], TYPED["no_more"](ui.lang))
        if amount is Reply.QUIT:
            return amount
        if amount is None:
            break
        item = {"amount": amount}
        for name in ("time", "card", "voucher", "result"):
            got = field(name, TYPED[name], TYPED["empty"](ui.lang) if name in ("card", "voucher") else "")
            if got is Reply.QUIT:
                return got
            item[name] = got
        lines.append(item)
        ui.con.print(f"    ✓ {ui.t(line_text(item))}")
    ui.say(TYPED["complete"].format(n=len(lines)), "bold")
    while True:
        ui.con.print(f"  [dim]{ui.t(TC('input keys', 'y yes · n no'))}[/dim]")
        line = ui.read_line()
        if line is None:
            return Reply.QUIT
        said = answer_word(line)  # y / ja / 是, n / nein / 否 ("not sure" is asked again: the list is complete or not)
        if said == "yes":
            break
        if said == "no":
            return {"where": where, "transactions": lines, "complete": None}
        ui.con.print(f"  [red]{ui.t(YES_NO_AGAIN)}[/red]")
    start = field("from", TYPED["from"])
    if start is Reply.QUIT:
        return start
    end = field("to", TYPED["to"])
    if end is Reply.QUIT:
        return end
    return {"where": where, "transactions": lines, "complete": {"from": start, "to": end}}
