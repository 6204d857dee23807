"""Every user-facing text is a message: an id (its English template) with parameters, rendered in a language only at
the edge (ui/, the reports, the CLI's screens).

- `T("Paper is out at {name}", name=x)` — a message from the catalogs (`pos_doctor/locale/<locale>/LC_MESSAGES/
  pos_doctor.po`, compiled to `.mo`). Its id is the English template; parameters are plain values or messages,
  rendered in the same language.
- `TC(context, "Open")` — the same English said in two meanings (gettext's msgctxt).
- `TN("{n} run", "{n} runs", n)` — plural forms, chosen by each language's own rule.
- `Text.inline({"en": ..., "zh": ...})` — a text whose translations travel with it (playbooks, scenario files):
  `en` is required, any other locale optional; a missing one falls back to English.

The core returns messages; nothing below ui/ picks a language. A record keeps a message's id, parameters and English
text (`to_json`), so an old run renders in any language (`Text.from_json`).
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Mapping

# The languages a screen can be in, by their short name; their catalogs' locale directory names.
LANGS = ("en", "zh", "de")
LOCALES = {"en": "en", "zh": "zh_CN", "de": "de"}
DOMAIN = "pos_doctor"


class Text:
    """A user-facing text, not yet in any language (see the module's doc)."""

    __slots__ = ("id", "params", "context", "plural", "inline")

    def __init__(self, id: str, zh: str | None = None, *, context: str | None = None, plural: str | None = None,
                 params: Mapping[str, Any] | None = None, inline: Mapping[str, str] | None = None) -> None:
        self.id = id
        self.context = context
        self.plural = plural
        self.params: dict[str, Any] = dict(params) if params else {}
        if zh is not None:  # the old two-language form, Text(en, zh): its translation travels with it
            inline = {"en": id, "zh": zh}
        self.inline: dict[str, str] | None = dict(inline) if inline is not None else None

    # -- building ---------------------------------------------------------------------------------------------------
    @classmethod
    def from_map(cls, texts: Mapping[str, str]) -> "Text":
        """A text whose translations travel with it; `en` is required."""
        return cls(texts["en"], inline=texts)

    inline_map = from_map

    def format(self, **params: Any) -> "Text":
        """The same message with (more) parameters; rendering fills them in, each in the screen's language."""
        out = self._copy()
        out.params.update(params)
        return out

    def _copy(self) -> "Text":
        out = Text.__new__(Text)
        out.id, out.context, out.plural = self.id, self.context, self.plural
        out.params = dict(self.params)
        out.inline = self.inline
        return out

    # -- rendering --------------------------------------------------------------------------------------------------
    def __call__(self, lang: str) -> str:
        return render(self, lang)

    @property
    def en(self) -> str:
        return render(self, "en")

    @property
    def zh(self) -> str:
        return render(self, "zh")

    @property
    def de(self) -> str:
        return render(self, "de")

    def translated(self, lang: str) -> bool:
        """Whether `lang` has its own words for this text (not English standing in)."""
        return lang == "en" or _template(self, lang) is not None

    # -- records ----------------------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """What a record keeps: the id, its parameters and the English (and Chinese, for older readers)."""
        if self.inline is not None and not self.params:
            return dict(self.inline)
        out: dict[str, Any] = {}
        if self.inline is None:
            out["id"] = self.id
            if self.context:
                out["context"] = self.context
            if self.plural:
                out["plural"] = self.plural
        else:
            out["inline"] = dict(self.inline)
        if self.params:
            out["params"] = {k: _param_json(v) for k, v in self.params.items()}
        out["en"] = self.en
        out["zh"] = self.zh
        return out

    @classmethod
    def from_json(cls, data: Any) -> "Text":
        """A text kept by `to_json`, or an older record's {"en": ..., "zh": ...}."""
        if isinstance(data, Text):
            return data
        if isinstance(data, str):
            return cls(data, inline={"en": data})
        params = {k: _param_from_json(v) for k, v in (data.get("params") or {}).items()}
        if "id" in data:
            return cls(data["id"], context=data.get("context"), plural=data.get("plural"), params=params)
        if "inline" in data:
            return cls(data["inline"]["en"], inline=data["inline"], params=params)
        texts = {k: str(v) for k, v in data.items() if isinstance(v, str)}
        return cls(texts.get("en", ""), inline={**texts, "en": texts.get("en", "")}, params=params)

    # -- comparing --------------------------------------------------------------------------------------------------
    def _key(self) -> tuple:
        inline = tuple(sorted(self.inline.items())) if self.inline is not None else None
        return (self.id, self.context, self.plural, inline, tuple(sorted((k, repr(v)) for k, v in self.params.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Text({self.en!r})"


def T(id: str, zh: str | None = None, /, **params: Any) -> Text:
    """A message from the catalogs, by its English template (see the module's doc)."""
    return Text(id, zh, params=params)


def TC(context: str, id: str, /, **params: Any) -> Text:
    """A message with a context: the same English in another meaning."""
    return Text(id, context=context, params=params)


def TN(singular: str, plural: str, n: int, /, **params: Any) -> Text:
    """A message with plural forms; `n` chooses the form and is a parameter too."""
    return Text(singular, plural=plural, params={"n": n, **params})


def _param_json(value: Any) -> Any:
    return value.to_json() if isinstance(value, Text) else value


def _param_from_json(value: Any) -> Any:
    if isinstance(value, dict) and ("id" in value or "en" in value or "inline" in value):
        return Text.from_json(value)
    return value


# -- rendering ----------------------------------------------------------------------------------------------------
def _template(text: Text, lang: str) -> str | None:
    """The text's template in `lang`, or None when that language has none of its own."""
    if text.inline is not None:
        got = text.inline.get(lang)
        if got is None and lang not in LOCALES:  # e.g. a test's pseudo-locale: the catalog may carry the inline text
            got = _catalog_text(lang, text.inline.get("en", text.id), None, None, None)
        return got
    if lang == "en":
        return text.id if text.plural is None else None
    return _catalog_text(lang, text.id, text.context, text.plural, text.params.get("n"))


def _catalog_text(lang: str, msgid: str, context: str | None, plural: str | None, n: Any) -> str | None:
    if not msgid:  # the empty id is the catalog's header, never a text
        return ""
    cat = catalog(lang)
    if cat is None:
        return None
    from pos_doctor import catalogs

    return catalogs.lookup(cat, msgid, context, plural, n)


def render(text: Text, lang: str) -> str:
    template = _template(text, lang)
    if template is None:
        if text.plural is not None and text.params.get("n") != 1:
            template = text.plural
        else:
            template = text.inline.get("en", text.id) if text.inline is not None else text.id
    if not text.params:
        return template
    values = {k: (v(lang) if isinstance(v, Text) else _list(v, lang)) for k, v in text.params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation naming a parameter the code does not give
        return text.inline.get("en", text.id).format(**values) if text.inline is not None else text.id.format(**values)


def _list(value: Any, lang: str) -> Any:
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Text) for v in value):
        return join([v(lang) for v in value], lang)
    return value


def join(items: Iterable[str], lang: str) -> str:
    """A list in the language's own way: 'a, b' or 'a、b'."""
    return ("、" if lang == "zh" else ", ").join(items)


_CATALOGS: dict[str, Any] = {}


def catalog(lang: str) -> Any:
    """The compiled catalog of a language (gettext's GNUTranslations), None for English or when there is none."""
    if lang == "en":
        return None
    if lang not in _CATALOGS:
        from pos_doctor import catalogs

        _CATALOGS[lang] = catalogs.load(LOCALES.get(lang, lang))
    return _CATALOGS[lang]


# -- choosing the language ----------------------------------------------------------------------------------------
def known_langs() -> tuple[str, ...]:
    """The shipped languages, and any locale a catalog directory adds (POS_DOCTOR_LOCALEDIR: a test's pseudo-locale)."""
    extra = []
    for base in extra_locale_dirs():
        try:
            extra += [d for d in sorted(os.listdir(base)) if d not in LOCALES.values() and d not in extra]
        except OSError:
            continue
    return LANGS + tuple(extra)


def extra_locale_dirs() -> list[str]:
    value = os.environ.get("POS_DOCTOR_LOCALEDIR", "")
    return [d for d in value.split(os.pathsep) if d]


def normalise_lang(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip().replace("-", "_")
    low = v.lower()
    if low.startswith("zh") or low in ("cn", "chinese", "中文"):
        return "zh"
    if low.startswith("de") or low in ("german", "deutsch"):
        return "de"
    if extra_locale_dirs():
        base = v.split(".")[0]
        for extra in known_langs()[len(LANGS):]:
            if extra.lower() == base.lower():
                return extra
    if low.startswith("en"):
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
