"""Shared by the German message tests of payments/ and checks/ (issue 30): every part of a composed message has its
German, and nothing Chinese or untranslated English is left when it is said in German."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pos_doctor.i18n import Text

LOCALE = Path(__file__).resolve().parent.parent / "pos_doctor" / "locale"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@lru_cache(maxsize=None)
def _ids(path: Path) -> frozenset[tuple[str | None, str]]:
    from babel.messages.pofile import read_po

    if not path.exists():
        return frozenset()
    with open(path, "rb") as fh:
        return frozenset((m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(fh) if m.id)


def _german_is_another_engineers(text: Text) -> bool:
    """A message the codemod moved (zh_CN/messages.po) whose German is de/messages.po's: checked once that exists."""
    key = (text.context, text.id)
    de_catalog = LOCALE / "de" / "LC_MESSAGES" / "messages.po"
    return (not de_catalog.exists() and key in _ids(LOCALE / "zh_CN" / "LC_MESSAGES" / "messages.po")
            and key not in _ids(LOCALE / "de" / "LC_MESSAGES" / "core.po"))


def parts(text: Text) -> list[Text]:
    """The message and every message among its parameters, at any depth."""
    out = [text]
    for value in text.params.values():
        if isinstance(value, Text):
            out += parts(value)
    return out


def untranslated(text: Text) -> list[str]:
    """The parts of `text` with no German of their own (a text that travels with its translations - a user's own
    words, a value shown as it is - is not a catalog's to translate)."""
    return [repr(p) for p in parts(text) if p.inline is None and not p.translated("de")
            and not _german_is_another_engineers(p)]


def assert_german(text: Text) -> str:
    """`text` said in German: every part translated, no Chinese; returns the German."""
    missing = untranslated(text)
    assert not missing, f"no German for {missing} in {text.en!r}"
    said = text("de")
    assert not CJK.search(said), said
    return said
