"""The words a person types to answer, in every language at once (pure): a German shop may run an English screen, a
Chinese cashier may type 是 on a German one. Each word means one answer whatever the screen's language, and no word
of one language means another answer in another (`n` is no everywhere; `j` and `ja` are yes only).

`answer_word("ja")` -> "yes"; `control_word("zurück")` -> "back"; unknown words -> None (the caller asks again, it
never guesses). The legend shown beside a question (which keys it takes) is a message per language: ui/ and
playbooks/wording.py.
"""

from __future__ import annotations

import re

# what a yes/no/unsure question takes (a Confirm step, a y/n question of the screens)
YES = frozenset({"y", "yes", "是", "j", "ja"})
NO = frozenset({"n", "no", "否", "nein"})
UNSURE = frozenset({"?", "？", "unsure", "not sure", "don't know", "dont know", "不确定", "不知道",
                    "weiß nicht", "weiss nicht", "unsicher", "nicht sicher"})
# a plain yes/no on the screens (keep going, print a copy): more ways of saying it, never `?`
YES_MORE = frozenset({"好", "要", "继续"})
NO_MORE = frozenset({"不", "不要"})
# an instruction done, an action run
DONE = frozenset({"ok", "d", "done", "完成", "fertig", "erledigt"})
RUN = frozenset({"r", "run", "执行", "ausführen"})
# the keys around every question
BACK = frozenset({"b", "back", "返回", "zurück", "zurueck"})
QUIT = frozenset({"q", "quit", "退出", "beenden", "abbrechen"})
SKIP = frozenset({"s", "skip", "跳过", "überspringen", "ueberspringen"})
# "no more transactions" while typing a POS's records (and Enter)
NO_MORE_ITEMS = frozenset({"", "no more", "none", "done", "没有了", "没有", "完成", "keine mehr", "keine", "fertig"})


def key(text: object) -> str:
    """A typed word as it is compared: trimmed, lower case, inner spaces single, a Chinese keyboard's ？ as ?."""
    return re.sub(r"\s+", " ", str(text).strip().lower()).replace("？", "?")


def answer_word(text: object) -> str | None:
    """'y', 'ja', '是', 'nein', 'weiß nicht', '?' -> 'yes' / 'no' / 'unsure'; anything else None."""
    k = key(text)
    if k in YES:
        return "yes"
    if k in NO:
        return "no"
    if k in UNSURE:
        return "unsure"
    return None


def yes_or_no(text: object) -> bool | None:
    """A plain yes/no (the screens' [Y/n] questions): True, False, or None when it is neither (asked again; `?` is
    neither: a question that takes only yes or no never turns "not sure" into one of them)."""
    k = key(text)
    if k in YES or k in YES_MORE:
        return True
    if k in NO or k in NO_MORE:
        return False
    return None


def control_word(text: object) -> str | None:
    """'b', 'zurück', '返回' -> 'back'; 'q', 'beenden' -> 'quit'; 's', 'überspringen' -> 'skip'; else None."""
    k = key(text)
    for name, words in (("back", BACK), ("quit", QUIT), ("skip", SKIP)):
        if k in words:
            return name
    return None


def step_answer(text: object, options: list[str]) -> str | None:
    """A reply to a step that takes `options` (yes/no/unsure, done/skip, run/skip): the option it names in any
    language, or None. A word that names an option the step does not take is None, never another option."""
    k = key(text)
    if k in options:
        return k
    said = answer_word(k)
    if said is None:
        said = "done" if k in DONE else "run" if k in RUN else "skip" if k in SKIP - {"s"} else None
    return said if said in options else None
