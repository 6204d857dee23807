"""What the step engine itself says to a person, in English and Chinese (the playbooks' own texts are theirs): why an
answer was not taken, and how a step's answers are said on a Chinese screen."""

from __future__ import annotations

from pos_doctor.i18n import Text
from pos_doctor.playbooks.model import Question, Step

# how the answers a step takes are said to a Chinese screen (with the key that gives them)
ANSWER_ZH = {"done": "完成（回车）", "yes": "是（y）", "no": "否（n）", "unsure": "不确定（?）", "run": "执行（y）",
             "skip": "跳过（s）"}

NOTHING_BEFORE = Text("This is the first question; there is nothing to go back to.")
NEEDS_AN_ANSWER = Text("This question needs an answer.")
COMPARING_AGAIN = Text("Comparing again")


def answer_one_of(step: Step, options: list[str]) -> Text:
    """An answer the step does not take: the ones it does (zh: the numbers and labels a cashier sees, not the ids of
    the answers file)."""
    if isinstance(step, Question):
        zh = (f"请输入选项编号 1-{len(step.choices)}："
              + "；".join(f"{i}）{c.label.zh}" for i, c in enumerate(step.choices, 1)) + "。")
    else:
        zh = "请回答：" + "、".join(ANSWER_ZH[o] for o in options) + "。"
    return Text(f"Answer one of: {', '.join(options)}.", zh)
