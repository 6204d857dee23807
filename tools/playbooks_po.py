"""Write the catalogs of the playbooks part (issue 30): `pos_doctor/locale/{zh_CN,de}/LC_MESSAGES/playbooks.po`.

The messages of the completeness lint (`pos-doctor playbooks validate --complete LANG`) and of the wizard's note
that English stands in for a step without words in the screen's language. (The option's help is help.po's.)
Run: python tools/playbooks_po.py
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent / "pos_doctor" / "locale"
# msgid (or (singular, plural)) -> {locale: translation (or a tuple of plural forms)}
MESSAGES: list[tuple[object, dict[str, object]]] = [
    ("This step has no {language} text; it is shown in English.",
     {"zh_CN": "这一步没有{language}说明，先用英文显示。",
      "de": "Für diesen Schritt gibt es keinen Text auf {language}; er wird auf Englisch angezeigt."}),
    ("This step has no text in {language}; it is shown in English.",
     {"zh_CN": "这一步没有 {language} 的说明，先用英文显示。",
      "de": "Für diesen Schritt gibt es keinen Text in {language}; er wird auf Englisch angezeigt."}),
    ("(shown in English)", {"zh_CN": "（英文显示）", "de": "(auf Englisch angezeigt)"}),
    ("Chinese", {"zh_CN": "中文", "de": "Chinesisch"}),
    ("German", {"zh_CN": "德语", "de": "Deutsch"}),
    ("--complete {lang}: choose one of {langs}",
     {"zh_CN": "`--complete` 的值 {lang} 无效：可选 {langs}", "de": "--complete {lang}: Wählen Sie eine von {langs}"}),
    ("{where}: {what} has no {lang} text",
     {"zh_CN": "{where}：{what} 缺少 {lang} 文本", "de": "{where}: {what} hat keinen Text in {lang}"}),
    (("{n} text without the languages asked for ({langs}).", "{n} texts without the languages asked for ({langs})."),
     {"zh_CN": ("{n} 处文本缺少所要求的语言（{langs}）。",),
      "de": ("{n} Text ohne die verlangten Sprachen ({langs}).", "{n} Texte ohne die verlangten Sprachen ({langs}).")}),
    # the German market's answers to "how did the customer pay?" (card-kind), read out as evidence
    ("girocard", {"zh_CN": "德国借记卡", "de": "girocard"}),
    ("credit card", {"zh_CN": "信用卡", "de": "Kreditkarte"}),
    ("phone or watch", {"zh_CN": "手机或手表", "de": "Handy oder Uhr"}),
    # `playbooks show`: a step of one market (`when: "market == 'de'"`)
    ("the shop's market is {markets} (`[shop] market`)",
     {"zh_CN": "本店的市场为 {markets}（`[shop] market`）",
      "de": "der Markt des Geschäfts ist {markets} (`[shop] market`)"}),
    ("the shop's market is not {markets} (`[shop] market`)",
     {"zh_CN": "本店的市场不是 {markets}（`[shop] market`）",
      "de": "der Markt des Geschäfts ist nicht {markets} (`[shop] market`)"}),
    ("Every text is in {langs}.", {"zh_CN": "所有文本都有 {langs}。", "de": "Alle Texte liegen in {langs} vor."}),
]


def write(locale: str) -> Path:
    cat = Catalog(locale=locale, project="pos-doctor", domain="playbooks", charset="utf-8", fuzzy=False)
    for msgid, texts in MESSAGES:
        cat.add(msgid, texts[locale])
    out = ROOT / locale / "LC_MESSAGES" / "playbooks.po"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        write_po(fh, cat, width=120, omit_header=False, sort_output=False)
    return out


if __name__ == "__main__":
    for loc in ("zh_CN", "de"):
        print(write(loc))
