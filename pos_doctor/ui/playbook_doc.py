"""A playbook as a printed procedure for the shop's binder: numbered steps, where each answer leads, who to call.
Plain text or Markdown; one language. Check ids and `when:` conditions are written as sentences (the check's title,
the step number and the label of the answer), so a cashier reads the binder without knowing the playbook format."""

from __future__ import annotations

import ast
from typing import Any

from pos_doctor.i18n import TC, T, Text
from pos_doctor.playbooks.model import (
    FINDINGS,
    Action,
    Check,
    Confirm,
    End,
    Escalate,
    Include,
    Question,
    Reconcile,
    Record,
    RecordList,
)

L = {
    "checks": Text("Checks first"), "go": Text("go to step"),
    "then": Text("then continue with step"), "yes": Text("Yes"), "no": Text("No"),
    "unsure": Text("Not sure"), "ok": Text("Passes"), "fail": Text("Fails"),
    "record": Text("Write down"), "call": Text("Contact"), "evidence": Text("Have ready"),
    "follow": Text("Follow the procedure"), "prevention": Text("Prevention"),
    "done": Text("End"), "optional": Text("optional"), "only_if": Text("Only if"),
    "verify": Text("pos-doctor then re-checks"),
    "auto": Text("pos-doctor does this"),
    "error": Text("If it fails"), "recheck": Text("pos-doctor checks again"),
    "command": Text("command"),
}
EVIDENCE = {
    "last_transaction": Text("the terminal's last payment (amount, time, trace number)"),
    "check_results": Text("the check results"),
    "statement": Text("the provider's statement and the payments missing from it"),
    "steps_taken": Text("the steps you tried"),
    "trace": Text("the wire trace"), "customer_amount": Text("the customer's amount"),
    "customer_time": Text("the customer's time"),
    "missing_amount": Text("the missing amount"),
    "missing_time": Text("the time of the payment"), "contact_notes": Text("your notes"),
    "customer_phone": Text("the customer's phone (masked)"),
    "customer_merchant": Text("the merchant name on the customer's message"),
    "customer_payee": Text("the payee on the customer's phone"),
    "payment": Text("the verdict on the payment, its reasons and the terminal's transactions compared"),
}
VERDICT_BRANCH = {"charged": Text("The customer was charged"),
                  "not_charged": Text("The customer was not charged"),
                  "mismatch": Text("Records and customer disagree"),
                  "double_charge": Text("Charged twice"),
                  "unknown": Text("Cannot be settled"),
                  "debit_without_attempt": Text("A debit this terminal has no attempt for"),
                  "qr_pending": Text("The QR order is still being paid"),
                  "qr_refunded": Text("The QR order was refunded"),
                  "other_payee": Text("The customer paid another payee"),
                  "unreadable": Text("The terminal cannot be read from the till")}
MONEY = {"new_payment": Text("A new payment only when the terminal's records show the customer was not charged "
                             "(pos-doctor enforces it)"),
         "refund": Text("A refund only when the records show the customer was charged (pos-doctor enforces it)"),
         "void": Text("A void only when the records show the customer was charged (pos-doctor enforces it)"),
         "refund_duplicate": Text("Giving back the second payment only when the records show the customer was charged "
                                  "twice (pos-doctor enforces it)"),
         "difference": Text("Taking the difference of an undercharge only when the records show this customer's own "
                            "payment of the lower amount (pos-doctor enforces it)")}
OUTCOME = {"resolved": Text("solved"), "not_resolved": Text("not solved"),
           "escalated": Text("handed over")}
STATUS = {"ok": Text("passes"), "warning": Text("a warning"), "critical": Text("a problem"),
          "unknown": Text("unknown"), "skipped": Text("skipped"), None: Text("not run")}
TX_STATUS = {"approved": TC('ui.playbook_doc', "approved"), "declined": Text("declined"),
             "none": Text("no payment stored")}
TX_FIELD = {"status": Text("result"), "amount": Text("amount"), "currency": Text("currency"),
            "time": Text("time"), "trace": Text("trace number"),
            "receipt": Text("receipt number"),
            "card": Text("card"), "matched": Text("match with this customer")}
OPS = {ast.Eq: Text("is"), ast.NotEq: Text("is not"), ast.Lt: Text("is less than"),
       ast.LtE: Text("is at most"), ast.Gt: Text("is more than"),
       ast.GtE: Text("is at least"),
       ast.In: Text("is one of"), ast.NotIn: Text("is none of")}
CONFIRM = {"yes": L["yes"], "no": L["no"], "unsure": L["unsure"]}
MATCHED_LAST = Text("the terminal's last payment is the one matched to this customer")
NOT_MATCHED_LAST = Text("the terminal's last payment is not shown to be the one matched to this customer")
UNCLEAR = Text("when pos-doctor's condition for it holds")
# `when: "market == 'de'"`: the shop's market (`[shop] market`), by its code
IN_MARKET = T("the shop's market is {markets} (`[shop] market`)")
NOT_IN_MARKET = T("the shop's market is not {markets} (`[shop] market`)")


def _market(n: ast.Compare) -> Text | None:
    """A comparison of the market with market codes, as a sentence (None: not one)."""
    parts = [n.left, *n.comparators]
    if not any(isinstance(p, ast.Name) and p.id == "market" for p in parts):
        return None
    codes = [str(e.value) for p in parts for e in (p.elts if isinstance(p, (ast.Tuple, ast.List)) else [p])
             if isinstance(e, ast.Constant)]
    negative = any(isinstance(op, (ast.NotEq, ast.NotIn)) for op in n.ops)
    return (NOT_IN_MARKET if negative else IN_MARKET).format(markets=", ".join(f"`{c}`" for c in codes))


def check_titles() -> dict[str, Text]:
    from pos_doctor.checks.registry import all_checks

    return {c.id: c.title for c in all_checks()}


def _call(n: ast.Call) -> tuple[str, Any]:
    """A condition's call: the function's name and its one literal argument (the loader checked that shape)."""
    if not isinstance(n.func, ast.Name) or not n.args or not isinstance(n.args[0], ast.Constant):
        raise ValueError("not describable")
    return n.func.id, n.args[0].value


AND = TC("a condition", "{a} and {b}")
OR = TC("a condition", "{a} or {b}")
LABELLED = TC("a label and its value", "{label}: {value}")
NOTED = TC("a note after a value", "{value} ({note})")
LIST_SEP = TC("between the items of a list", ", ")
YES_NO = {True: TC("a condition", "yes"), False: TC("a condition", "no")}


class _Describe:
    """A `when:` condition as a sentence in one language."""

    def __init__(self, pb, lang: str, num: dict[str, int], titles: dict[str, Text]):
        self.pb, self.lang, self.num, self.titles = pb, lang, num, titles

    def __call__(self, cond) -> str:
        try:
            return self.node(cond.tree)
        except (KeyError, ValueError, AttributeError, TypeError, StopIteration, RuntimeError):
            return UNCLEAR(self.lang)

    def say(self, template: str, **params: Any) -> str:
        return T(template, **params)(self.lang)

    def quote(self, s: str) -> str:
        return f"“{s}”"

    def step_no(self, sid: str) -> str:
        return self.say("step {n}", n=self.num[sid])

    def joined(self, parts: list[str], how: Text) -> str:
        out = parts[0]
        for p in parts[1:]:
            out = how.format(a=out, b=p)(self.lang)
        return out

    def node(self, n: ast.AST) -> str:
        if isinstance(n, ast.BoolOp):
            return self.joined([self.node(v) for v in n.values], AND if isinstance(n.op, ast.And) else OR)
        if isinstance(n, ast.UnaryOp):
            return self.say("not ({condition})", condition=self.node(n.operand))
        if isinstance(n, ast.Compare):
            if (market := _market(n)) is not None:
                return market(self.lang)
            parts, left = [], n.left
            for op, right in zip(n.ops, n.comparators, strict=True):
                parts.append(self.compare(left, op, right))
                left = right
            return self.joined(parts, AND)
        if isinstance(n, ast.Call) and _call(n)[0] == "visited":
            return self.say("{step} was reached", step=self.step_no(_call(n)[1]))
        raise ValueError("not describable")

    def subject(self, n: ast.AST) -> str:
        if not isinstance(n, ast.Call):
            return self.value(n, None)
        fn, arg = _call(n)
        if fn == "answer":
            return self.say("the answer at {step}", step=self.step_no(arg))
        if fn == "check":
            return self.say("the check {title}", title=self.quote(self.titles[arg](self.lang)))
        if fn == "value":
            sid = next(s.id for s in self.pb.steps if isinstance(s, (Record, Question)) and s.field == arg)
            return self.say("the value written down at {step}", step=self.step_no(sid))
        if fn == "last_tx":
            return self.say("the {field} of the terminal's last payment", field=TX_FIELD[arg](self.lang))
        raise ValueError(fn)

    def value(self, n: ast.AST, about: ast.AST | None) -> str:
        if isinstance(n, ast.Call):
            return self.subject(n)
        if isinstance(n, (ast.Tuple, ast.List)):
            return LIST_SEP(self.lang).join(self.value(e, about) for e in n.elts)
        v: Any
        if isinstance(n, ast.Constant):
            v = n.value
        elif isinstance(n, ast.Name):
            v = {"null": None, "none": None, "true": True, "false": False}[n.id]
        else:
            raise ValueError("not describable")
        if isinstance(about, ast.Call):
            fn, arg = _call(about)
            if fn == "check":
                return STATUS[v](self.lang)
            if fn == "last_tx" and arg == "status" and v is not None:
                return TX_STATUS[v](self.lang)
            if fn == "value" and v is not None:  # a question that keeps its choice as a value: say its label
                step = next(s for s in self.pb.steps if s.field == arg)
                if isinstance(step, Question):
                    return self.quote(next(c.label(self.lang) for c in step.choices if c.id == v))
            if fn == "answer" and v is not None:
                step = self.pb.step(arg) if hasattr(self.pb, "step") else next(s for s in self.pb.steps if s.id == arg)
                if isinstance(step, Question):
                    return self.quote(next(c.label(self.lang) for c in step.choices if c.id == v))
                if isinstance(step, Confirm):
                    return self.quote(CONFIRM[v](self.lang))
        if v is None:
            return self.say("empty (nothing written down)")
        if isinstance(v, bool):
            return YES_NO[v](self.lang)
        return self.quote(str(v)) if isinstance(v, str) else str(v)

    def compare(self, left: ast.AST, op: ast.cmpop, right: ast.AST) -> str:
        about = left if isinstance(left, ast.Call) else right
        other = right if about is left else left
        if isinstance(about, ast.Call) and _call(about) == ("last_tx", "matched") \
                and isinstance(other, (ast.Constant, ast.Name)):
            v = other.value if isinstance(other, ast.Constant) else {"true": True, "false": False}.get(other.id)
            yes = (v is True) == isinstance(op, ast.Eq)
            return ((MATCHED_LAST if yes else NOT_MATCHED_LAST)(self.lang))
        return self.say("{subject} {op} {object}", subject=self.subject(about), op=OPS[type(op)](self.lang),
                        object=self.value(other, about))


def _width(s: str) -> int:
    """Columns on a terminal: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


def procedure(lib, pb, lang: str, *, markdown: bool = False) -> str:
    num = {s.id: i for i, s in enumerate(pb.steps, 1)}
    titles = check_titles()
    describe = _Describe(pb, lang, num, titles)

    def t(key: str) -> str:
        return L[key](lang)

    def said(label: str, value: str) -> str:  # "label: value" — "label：value"
        return LABELLED.format(label=label, value=value)(lang)

    def noted(value: str, note: str) -> str:  # "value (note)" — "value（note）"
        return NOTED.format(value=value, note=note)(lang)

    def ref(sid: str | None) -> str:
        if sid is None:
            return ""
        return T("go to step {n}", n=num[sid])(lang)

    def checks(ids) -> str:
        return LIST_SEP(lang).join(titles[c](lang) if c in titles else c for c in ids)

    out: list[str] = []
    h1, h2, bullet = ("# ", "## ", "- ") if markdown else ("", "", "  - ")
    out.append(f"{h1}{pb.title(lang)}")
    if not markdown:
        out.append("=" * min(60, max(10, _width(pb.title(lang)))))
    out.append(pb.summary(lang))
    out.append("")
    if pb.needs_checks:
        out.append(said(t("checks"), checks(pb.needs_checks)))
        out.append("")
    for i, s in enumerate(pb.steps, 1):
        head = f"{i}. " if not markdown else f"**{i}.** "
        text = s.text(lang) if s.text else ""
        lines: list[str] = []
        if isinstance(s, Record):
            text = said(t("record"), text)
            if s.optional:
                text = noted(text, t("optional"))
        elif isinstance(s, Action):
            text = noted(text, t("auto"))
        elif isinstance(s, Include):
            child = lib.get(s.playbook)
            text = T("Follow the procedure “{title}” (command: {command}); then continue with step {n}",
                     title=child.title(lang), command=f"`pos-doctor fix {child.id}`", n=i + 1)(lang)
        elif isinstance(s, RecordList):
            text = said(t("record"), text)
        elif isinstance(s, Check):
            text = said(t("recheck"), checks(s.checks))
            lines += [f"{bullet}{said(t('ok'), ref(s.on_ok))}", f"{bullet}{said(t('fail'), ref(s.on_fail))}"]
        elif isinstance(s, Question):
            lines += [f"{bullet}{said(c.label(lang), ref(c.goto))}" for c in s.choices]
        elif isinstance(s, Confirm):
            lines += [f"{bullet}{said(t('yes'), ref(s.on_yes))}", f"{bullet}{said(t('no'), ref(s.on_no))}"]
            if s.on_unsure and s.on_unsure != s.on_no:
                lines.append(f"{bullet}{said(t('unsure'), ref(s.on_unsure))}")
        elif isinstance(s, Escalate):
            text = T("Contact: {who}. {text}", who=s.to(lang), text=text)(lang).rstrip()
            ev = [EVIDENCE.get(e, Text(e.replace("_", " "), inline={"en": e.replace("_", " "),
                                                                    "zh": e.replace("_", " ")}))(lang)
                  for e in s.evidence]
            if ev:
                lines.append(f"{bullet}{said(t('evidence'), LIST_SEP(lang).join(ev))}")
        elif isinstance(s, Reconcile):
            text = noted(text, t("auto"))
            for verdict, label in VERDICT_BRANCH.items():
                target = s.verdict_target(verdict)
                if target and (verdict != "double_charge" or s.on_double_charge) and (
                        verdict not in FINDINGS or getattr(s, f"on_{verdict}")) and (
                        verdict != "unreadable" or s.on_unreadable):
                    lines.append(f"{bullet}{said(label(lang), ref(target))}")
        elif isinstance(s, End):
            text = noted(text, said(t("done"), OUTCOME[s.outcome](lang)))
        if s.when is not None:
            lines.insert(0, f"{bullet}{said(t('only_if'), describe(s.when))}")
        lines[:0] = [f"{bullet}{MONEY[what](lang)}" for what in s.allows]
        if s.verify:
            lines.append(f"{bullet}{said(t('verify'), checks(s.verify))}")
        if s.on_error:
            lines.append(f"{bullet}{said(t('error'), ref(s.on_error))}")
        if s.goto:
            lines.append(f"{bullet}{ref(s.goto)}")
        out.append(f"{head}{text}")
        out.extend(lines)
        if markdown:
            out.append("")
    if pb.prevention:
        out.append("")
        out.append(f"{h2}{t('prevention')}")
        out.extend(f"{bullet}{tip(lang)}" for tip in pb.prevention)
    return "\n".join(out).rstrip() + "\n"
