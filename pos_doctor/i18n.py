"""Two languages, everywhere: every user-facing text is a `Text` with `en` and `zh`.

Domain code returns `Text` objects (or message keys); only the renderers pick a language.
"""

from __future__ import annotations

import os
from typing import NamedTuple

LANGS = ("en", "zh")


class Text(NamedTuple):
    en: str
    zh: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def format(self, **kw) -> "Text":
        return Text(self.en.format(**kw), self.zh.format(**kw))

    def to_json(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}


def T(en: str, zh: str) -> Text:
    return Text(en, zh)


def normalise_lang(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().lower().replace("-", "_")
    if v.startswith("zh") or v in ("cn", "chinese", "中文"):
        return "zh"
    if v.startswith("en"):
        return "en"
    return None


def detect_lang(explicit: str | None = None) -> str:
    """--lang, else POS_DOCTOR_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else English."""
    for candidate in (explicit, os.environ.get("POS_DOCTOR_LANG")):
        lang = normalise_lang(candidate)
        if lang:
            return lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        lang = normalise_lang(os.environ.get(var))
        if lang:
            return lang
    import locale  # only now: most command lines name their language before this (issue 27: start-up)

    try:
        lang = normalise_lang(locale.getlocale()[0])
    except ValueError:
        lang = None
    return lang or "en"
