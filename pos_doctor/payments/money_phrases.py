"""Texts that tell staff to move money, in Chinese, English and German — and the ones that only warn against it.
Pure.

The money rule holds for every playbook, not only for the steps that say `allows:`: `playbooks validate` (and
loading a playbook for `fix`) refuses a step whose text, in either language, tells staff to take a payment again,
refund, void, or give money back, unless that step declares `allows:` with that permission (loader.py). This module
says which texts do.

How a text is read:
- it is cut into clauses at sentence and clause marks (. ; : ! ? , and their full-width forms, and new lines);
- a clause that holds one of the phrases below (word-bounded in English; the verb form, not "a refund" or
  "refunds") tells staff to do it,
- unless an earlier part of the same clause negates it: "do not", "don't", "never", "no need to", "instead of",
  "rather than", "without", "avoid"; 不要, 别, 勿, 不能, 不得, 不可, 不必, 无需, 不用, 禁止, 避免, 先不 … — "Do not
  charge again", "不要重新收款", "先别退款" pass; "Do not wait, charge again" does not (its own clause).
A text that can be read no other way but only warns (rare) is marked on its step with `warns_only: true`; such a
step may not move money (it cannot also say `allows:`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos_doctor.lazyre import Lazy, lazy

# what a phrase tells staff to do -> the `allows:` permissions that may say it
NEEDS = {"new_payment": ("new_payment",), "refund": ("refund", "refund_duplicate"),
         "void": ("void", "refund_duplicate"), "money_back": ("refund", "refund_duplicate"),
         "difference": ("difference",)}
WHAT = {"new_payment": "take a payment again", "refund": "refund", "void": "void", "money_back": "give money back",
        "difference": "take the difference as a new payment"}

_OBJ = (r"(?:the |this |that |a |an |their |his |her |its |it |them |him |both |one |second |customer(?:'s)? |card "
        r"|new )*")
_PAYMENT = r"(?:payments?|transactions?|sales?|charges?|purchases?|amounts?|debits?)"
EN: dict[str, list[str]] = {
    "new_payment": [
        rf"charge {_OBJ}(?:customer |card )?(?:again|a second time|once more|another time)",
        rf"(?:take|run|start|make|process|ring up|key in|enter|put through|redo|repeat|retry|initiate) "
        rf"{_OBJ}{_PAYMENT} "
        rf"(?:again|once more|a second time)",
        rf"(?:take|run|start|make|process|put through|initiate|begin|create) (?:a |the )?(?:new|second|fresh|another) "
        rf"(?:card )?{_PAYMENT}",
        rf"(?:retry|repeat|redo|re-?run|re-?enter) {_OBJ}(?:card )?{_PAYMENT}",
        rf"try {_OBJ}(?:card |{_PAYMENT} )?again",
        rf"(?:swipe|insert|tap|present|dip|use|scan|run|read) {_OBJ}(?:card|phone|code) (?:again|once more)",
        r"(?:let|ask|have|get) (?:the customer|them|him|her) (?:to )?(?:pay|tap|insert|swipe) (?:again|once more|"
        r"another way|by (?:cash|another card|another method))",
        r"(?:let|ask|have|get) (?:the customer|them|him|her) (?:to )?(?:pay|settle) (?:in|with|by) cash",
        r"(?:take|accept|collect) (?:the )?(?:payment|money|amount) (?:in|by|with) cash",
        r"key (?:the )?(?:card|payment|amount|card number) in (?:manually|by hand)",
        r"(?:charge|bill) (?:the customer|them|it) (?:by|with|in) (?:cash|another|a different)",
        r"collect (?:the )?(?:payment|money|amount) again",
    ],
    # an undercharge: only the difference, as a new and separate payment (allows: difference)
    "difference": [r"(?:take|charge|collect|bill|ring up|key in|run) (?:just |only )?(?:the |that )?difference",
                   r"difference as (?:a )?(?:separate|new|second|another) (?:card )?payment"],
    "refund": [r"refund(?! (?:request|policy|status|slip|receipt))", r"reimburse"],
    "void": [rf"(?:void|cancel|reverse|storno|annul) {_OBJ}(?:{_PAYMENT}|it|them|one|second|first|duplicate)\b",
             r"void (?:it|them)"],
    "money_back": [
        r"(?:give|hand|pay) (?:the customer |them |him |her )?(?:the |their |his |her )?"
        r"(?:money|cash|amount|payment) back",
        r"(?:give|hand|pay) (?:the customer|them|him|her) back",
        r"(?:give|hand|pay|return) (?:the customer |them |him |her )?(?:the |their )?(?:money|cash|amount)(?: back)? "
        r"(?:to|in cash)",
        r"return (?:the |their |his |her )(?:money|cash|amount|payment)",
        r"cash back",
        r"(?:give|hand|pay) back",
    ],
}
ZH: dict[str, list[str]] = {
    "new_payment": [r"重新(?:收款|收费|刷卡|插卡|挥卡|支付|付款|扣款|交易|发起|下单|结账|收银)",
                    r"再(?:收|刷|扣|付|支付|交易)(?:一次|一笔|一遍|款)?",
                    r"(?:发起|做|开|收)(?:一笔)?新的?(?:一笔)?(?:交易|支付|收款|付款)",
                    r"换(?:一种|其他|别的|一张|另一张)?(?:方式|卡|支付方式)(?:付款|支付|付|刷)?",
                    r"让客人(?:再|重新|改用|换)", r"改(?:用|为)(?:现金|扫码|其他方式)(?:付款|支付|收款)?",
                    r"手工(?:输入|录入)卡号", r"补收", r"收现金"],
    "difference": [r"差额(?:作为新的一笔)?另收", r"另收(?:一笔)?差额", r"(?:收取|收)差额"],
    "refund": [r"退款", r"退钱", r"退还", r"退回", r"返还", r"退给", r"退货"],
    "void": [r"撤销", r"作废", r"撤单", r"(?:手动|手工|发起)冲正"],
    "money_back": [r"(?:给|还给|付给)(?:客人)?(?:现金|钱)", r"(?:现金|钱)(?:还|退)给", r"退现金"],
}
# German: the Sie-imperative ("Kassieren Sie erneut", "Buchen Sie den Betrag erneut ab") and the infinitive of
# written instructions ("erneut kassieren", "den Betrag erstatten", "Geld zurückgeben"); verbs only, never the nouns
# (Storno, Gutschrift, Erstattung, Rücklastschrift name things).
_W = r"(?:\S+\s+){0,4}?"  # a few words between the verb and its adverb or particle
_AGAIN_DE = r"(?:erneut|nochmals|noch ?mal|noch einmal|ein zweites Mal|wieder|neu)"
_PAY_DE = r"(?:(?:Karten)?[Zz]ahlung|Buchung|Transaktion|Betrag|Karte)"
DE: dict[str, list[str]] = {
    "new_payment": [
        rf"(?:kassieren|belasten|bezahlen|zahlen) Sie {_W}{_AGAIN_DE}\b",
        rf"(?:buchen|führen|stecken|halten|legen|ziehen|wiederholen|versuchen) Sie (?:\S+\s+){{0,2}}?{_PAY_DE}\w* "
        rf"{_W}{_AGAIN_DE}\b",
        rf"{_AGAIN_DE} {_W}(?:kassieren|abbuchen|belasten|bezahlen|zahlen)\b",
        rf"{_PAY_DE}\w* {_W}{_AGAIN_DE} (?:buchen|abbuchen|durchführen|stecken|einstecken|vorhalten|auflegen|"
        rf"durchziehen|versuchen)\b",
        r"(?:die |eine )?(?:neue|zweite|weitere) (?:Karten)?[Zz]ahlung (?:starten|durchführen|beginnen|eingeben|"
        r"aufnehmen|annehmen)",
        r"(?:starten|beginnen|führen) Sie (?:\S+\s+){0,2}?(?:neue|zweite|weitere) (?:Karten)?[Zz]ahlung",
        rf"{_PAY_DE} wiederholen", r"wiederholen Sie (?:die |den )?" + _PAY_DE,
        r"(?:lassen Sie|den Kunden|die Kundin) (?:\S+\s+){0,3}?(?:erneut|nochmal|noch einmal|bar|anders|"
        r"mit (?:einer )?anderen Karte) (?:bezahlen|zahlen)(?: lassen)?",
        r"(?:in )?bar kassieren", r"kassieren Sie (?:\S+\s+){0,3}?(?:in )?bar\b",
        r"(?:Karten(?:nummer|daten)|Betrag) (?:von Hand|manuell) eingeben",
    ],
    "difference": [r"(?:Differenz|Differenzbetrag|Fehlbetrag)(?:\S*\s+){0,3}?(?:nach)?kassieren",
                   r"kassieren Sie (?:\S+\s+){0,3}?(?:Differenz|Differenzbetrag|Fehlbetrag)",
                   r"nachkassieren", r"kassieren Sie (?:\S+\s+){0,4}?nach\b"],
    "refund": [r"(?:rück|zurück)?erstatten", r"gutschreiben", r"zurückbuchen", r"zurücküberweisen",
               r"Gutschrift (?:\S+\s+){0,2}?(?:buchen|durchführen|machen|ausführen|erstellen|auslösen)",
               r"(?:buchen|führen|machen|erstellen|lösen) Sie (?:\S+\s+){0,3}?Gutschrift",
               r"(?:buchen|überweisen) Sie (?:\S+\s+){0,4}?zurück"],
    "void": [r"stornieren", r"Storno (?:\S+\s+){0,2}?(?:buchen|durchführen|machen|ausführen|auslösen)",
             r"(?:buchen|führen|machen|lösen) Sie (?:\S+\s+){0,3}?Storno"],
    "money_back": [r"(?:Geld|Betrag|Bargeld|Differenz) (?:\S+\s+){0,3}?(?:zurückgeben|zurückzahlen|auszahlen|"
                   r"aushändigen|zurück ?geben)",
                   r"(?:geben|zahlen) Sie (?:\S+\s+){0,6}?(?:Geld|Betrag|Bargeld|Differenz|Zahlung)\b(?:\S*\s+){0,4}?"
                   r"(?:zurück|aus)\b",
                   r"(?:in )?bar (?:auszahlen|zurückgeben|zurückzahlen|erstatten|aushändigen)",
                   r"zahlen Sie (?:\S+\s+){0,4}?(?:in )?bar aus", r"\bauszahlen", r"\bzurückzahlen"],
}
# negation before a phrase, in the same clause
_NEG_EN = lazy(r"(?:\b(?:not|never|no need to|nobody|no one|instead of|rather than|without|avoid|refrain from|"
               r"neither|nor)|n't)\W+(?:(?:ever|just|yet|you|please|simply|immediately|again|try to|go and|"
               r"then|also|now)\W+){0,2}$",
               re.I)  # "do not ever charge"; "if not charged, take ..." is no negation
_NEG_ZH = lazy(r"未|没有(?!问题)|没(?!问题)|不要|不能|不得|不可|不必|不用|不会|不该|不应|不再|别|勿|"
               r"无需|无须|禁止|避免|"
               r"先不|千万不|绝不|而不是")
_NEG_GAP_ZH = 6                       # a negator this close before the phrase, with no 就/则/才 between, negates it
_THEN_ZH = lazy(r"就|则|便|那么|才|然后|的话")
_NEG_AFTER_ZH = lazy(r"^[^，,。；;！!？?]{0,12}?(?:都不行|不行|不可以|是不对的|不允许)")
# said of what happens by itself (会, 将, 自动, 通常 …), or of other customers: not an order about this one
_TELLS_ZH = lazy(r"会|将|自动|通常|已经|正在|其他客人|别的客人|下一位客人")
# a money word used as a name of something: 撤销凭条, 退货权限, 退款记录, 撤销、退货用的密码
_NOUN_AFTER_ZH = lazy(r"^(?:[或、和](?:撤销|退货|退款|作废))?(?:凭条|凭证|小票|单据|密码|权限|记录|用的|功能|的)")
# a sentence that leaves the money to the provider's confirmation: what it says is done only after that
_GATE = lazy(r"\b(?:only )?(?:after|once|when|until|unless) "
             r"(?:the (?:payment )?provider|they|the bank|the acquirer)(?: has| have)? confirm"
             r"|(?:支付服务商|服务商|他们|对方|银行)确认[^。！？!?]{0,40}?(?:之后|以后|后)|确认后再"
             r"|\b(?:erst|nur)? ?(?:nachdem|wenn|sobald|bis) (?:der Netzbetreiber|die Hotline|der "
             r"Zahlungsdienstleister|der Acquirer|die Bank|er|sie)\b[^.!?]{0,60}?bestätigt",
             re.I)
# German: a negator before the phrase in its clause ("nicht erneut kassieren", "keine neue Zahlung starten"), or
# inside the imperative or just after it ("Kassieren Sie nicht erneut", "Stornieren Sie die Zahlung nicht") — but
# not one that negates only how ("Erstatten Sie den Betrag nicht bar": still a refund)
_NEG_DE = lazy(r"\b(?:nicht|nichts|kein|keine|keinen|keinem|keiner|nie|niemals|keinesfalls|auf keinen Fall|"
               r"ohne|statt|anstatt|anstelle|weder|verboten|untersagt|vermeiden|vermeiden Sie)\b", re.I)
_NEG_HOW_DE = lazy(r"\s*(?:bar|in bar|per|auf|über|mit|an|sofort|gleich)\b", re.I)
_NEG_AFTER_DE = lazy(r"^(?:\s+\S+){0,4}?\s+(?:nicht|nichts|keinesfalls|niemals|nie)\b", re.I)
_TELLS_DE = lazy(r"\b(?:wird|werden|wurde|wurden|automatisch|von selbst|die Bank|der Netzbetreiber|"
                 r"das Terminal|kann die Bank|darf die Bank)\b", re.I)
_NOUN_AFTER_DE = lazy(r"^-?(?:Taste|Beleg|Funktion|Passwort|Kennwort|Menü|Recht)", re.I)
_CLAUSE_DE = lazy(r"[.;:!?,\n()]|\s[-–—]\s|\b(?:und|dann|danach|anschließend|sondern|aber)\b", re.I)
_SENTENCE = lazy(r"(?<=[.!?])\s+|[。！？\n]")
# English orders start their clause: "Charge again", "then refund it", "you can now take a new payment"
_LEAD_EN = (r"^\s*(?:(?:please|now|then|also|just|so|and|or|but|instead|immediately|simply|first|finally|next|"
            r"right away|you|staff|the cashier|can|could|should|must|may|might|need to|have to|will|go ahead and|"
            r"be sure to|make sure to|remember to|quickly|directly|today)\s+)*"
            r"(?:(?:if|when|once|where|in case)\b[^,;]*?\s)?")  # "if not charged take the payment again"
_CLAUSE = lazy(r"[.;:!?,，。；：！？\n()（）]|\s[-–—]\s|\bthen\b|\band\b", re.I)
_CLAUSE_ZH = lazy(r"[.;:!?,，。；：！？\n()（）]|然后|并且")


# English orders: a table entry alone is searched first (cheap to compile), and only a clause that holds it is matched
# with the whole pattern (its lead, ~400 characters, compiled 24 times at import cost the most of this module);
# the entry is part of what the whole pattern must match, so a clause without it has no hit either way
_EN = [(what, lazy(p, re.I), lazy(rf"{_LEAD_EN}(?P<verb>{p})\b", re.I))
       for what, patterns in EN.items() for p in patterns]
_ZH = [(what, lazy(p, re.I)) for what, patterns in ZH.items() for p in patterns]
_DE = [(what, lazy(rf"(?<!\w){p}(?!\w)", re.I)) for what, patterns in DE.items() for p in patterns]
LANGS = ("en", "zh", "de")  # the languages whose texts are read for money orders


@dataclass(frozen=True)
class Hit:
    what: str    # new_payment | refund | void | money_back | difference
    phrase: str  # the words of the text that say it
    lang: str    # en | zh | de


def _split(text: str, rx: Lazy) -> list[str]:
    out, start = [], 0
    for m in rx.finditer(text):
        out.append(text[start:m.start()])
        start = m.end()
    out.append(text[start:])
    return [c for c in out if c.strip()]


def _clauses(text: str, lang: str) -> list[str]:
    return _split(text, _CLAUSE_ZH if lang == "zh" else _CLAUSE_DE if lang == "de" else _CLAUSE)


def _de_negated(clause: str, m: re.Match[str]) -> bool:
    """nicht erneut kassieren, Kassieren Sie nicht erneut, Stornieren Sie die Zahlung nicht; not "nicht bar"."""
    for n in _NEG_DE.finditer(clause[:m.end()]):
        # before the phrase it negates the order ("Niemals bar auszahlen"); inside or after the imperative, "nicht
        # bar" may negate only how ("Erstatten Sie den Betrag nicht bar")
        if n.start() < m.start() or not _NEG_HOW_DE.match(clause[n.end():]):
            return True
    after = _NEG_AFTER_DE.match(clause[m.end():])
    if after is None:
        return False
    return not _NEG_HOW_DE.match(clause[m.end() + after.end():])


def _de_order(clause: str, m: re.Match[str]) -> bool:
    before = clause[:m.start()]
    return not (_de_negated(clause, m) or _TELLS_DE.search(before) or _NOUN_AFTER_DE.match(clause[m.end():]))


def _zh_negated(before: str) -> bool:
    """不要再收款, 先别退款: a negator just before; 没有扣款就重新收款: the negator is the condition's."""
    near = [n for n in _NEG_ZH.finditer(before) if len(before) - n.end() <= _NEG_GAP_ZH]
    return any(not _THEN_ZH.search(before[n.end():]) for n in near)


def _zh_order(clause: str, m: re.Match[str]) -> bool:
    before, after = clause[:m.start()], clause[m.end():]
    return not (_zh_negated(before) or _TELLS_ZH.search(before) or _NOUN_AFTER_ZH.match(after)
                or _NEG_AFTER_ZH.match(after))


def money_hits(text: str, lang: str) -> list[Hit]:
    """The places where `text` (in `lang`) tells staff to move money, negated ones left out."""
    if not isinstance(text, str) or not text.strip():
        return []
    hits = []
    for sentence in _split(text, _SENTENCE):
        if _GATE.search(sentence):  # "... only after the provider confirms the debit": the provider's call
            continue
        for clause in _clauses(sentence, lang):
            if lang == "zh":
                hits += [Hit(what, m.group(0), lang) for what, rx in _ZH for m in rx.finditer(clause)
                         if _zh_order(clause, m)]
            elif lang == "de":
                hits += [Hit(what, m.group(0), lang) for what, rx in _DE for m in rx.finditer(clause)
                         if _de_order(clause, m)]
            else:
                hits += [Hit(what, m.group("verb"), lang) for what, verb, rx in _EN if verb.search(clause)
                         for m in rx.finditer(clause) if not _NEG_EN.search(clause[:m.start("verb")])]
    seen, out = set(), []
    for h in hits:
        if (h.what, h.phrase) not in seen:
            seen.add((h.what, h.phrase))
            out.append(h)
    return out


def uncovered(hits: list[Hit], allows: tuple[str, ...]) -> list[Hit]:
    """The hits a step's `allows:` does not cover."""
    return [h for h in hits if not set(NEEDS[h.what]) & set(allows)]
