"""Texts whose translations travel with them in the files people write (playbooks, simulator scenarios): a mapping
keyed by locale, `{en: "...", zh: "...", de: "..."}`.

- `en` is required; every other locale is optional. A missing one falls back to English on screen, marked as such
  (`Text.translated(lang)` tells; the wizard says once that a step has no text in the screen's language).
- The keys a map may hold are the shipped languages (en, zh, de) and any locale a catalog directory adds
  (`i18n.known_langs()`: a test's pseudo-locale).
- The completeness lint (`pos-doctor playbooks validate --complete LANG`) names every text of a file that has no
  `LANG`, by file and line (`missing_locale`).

Pure: no I/O beyond what the caller read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

REQUIRED = ("en",)
# the JSON Schema of a text map (one for every file format): the shipped languages by name, any other locale by its
# form (en_XA, pt_BR, fr)
LOCALE_PATTERN = r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})?$"
SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A text in its languages, keyed by locale: en required; zh, de and any other locale optional "
                   "(a missing one is shown in English, marked as such; `pos-doctor playbooks validate --complete "
                   "LANG` lists the texts without LANG).",
    "properties": {"en": {"type": "string", "minLength": 1}, "zh": {"type": "string", "minLength": 1},
                   "de": {"type": "string", "minLength": 1}},
    "patternProperties": {LOCALE_PATTERN: {"type": "string", "minLength": 1}},
    "required": list(REQUIRED), "additionalProperties": False}


def locales() -> tuple[str, ...]:
    """The locale keys a text map may hold: en, zh, de and any a catalog directory adds."""
    from pos_doctor.i18n import known_langs

    return known_langs()


def is_text_map(value: Any) -> bool:
    """A mapping that reads as a text map: it has `en` as text and only locale-like keys."""
    import re

    return (isinstance(value, dict) and isinstance(value.get("en"), str)
            and all(isinstance(k, str) and re.fullmatch(LOCALE_PATTERN, k) for k in value))


def text_maps(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Every text map in a file's data, with its key path, in the file's order."""
    if is_text_map(data):
        yield path, data
        return
    if isinstance(data, dict):
        for k, v in data.items():
            yield from text_maps(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from text_maps(v, path + (i,))


@dataclass(frozen=True)
class Missing:
    """A text of a file without the asked locale: where it stands (file, line, key path) and its English."""

    file: str
    line: int | None
    path: str
    english: str
    keys: tuple = ()  # the key path into the file's data

    def __str__(self) -> str:
        return f"{self.file}:{self.line or '?'}: {self.path}"


def missing_locale(doc: Any, lang: str) -> list[Missing]:
    """The texts of a read file (yamlfile.YamlDoc) that have no `lang` (an empty text counts as none)."""
    from pos_doctor.yamlfile import format_path

    out = []
    for path, texts in text_maps(doc.data):
        got = texts.get(lang)
        if not isinstance(got, str) or not got.strip():
            where = doc.where(path)
            out.append(Missing(doc.file, where.line, format_path(path), texts["en"], path))
    return out


def step_label(doc: Any, path: tuple) -> str:
    """A text's place as an author finds it: "step 'which-problem' text", "step 'x' choices[1].label", "title"."""
    from pos_doctor.yamlfile import format_path

    data = doc.data
    if len(path) > 2 and path[0] == "steps" and isinstance(path[1], int) and isinstance(data, dict):
        steps = data.get("steps")
        step = steps[path[1]] if isinstance(steps, list) and path[1] < len(steps) else None
        if isinstance(step, dict) and isinstance(step.get("id"), str):
            return f"step '{step['id']}' {format_path(path[2:])}"
    return format_path(path)
