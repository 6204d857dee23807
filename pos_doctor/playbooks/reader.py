"""A playbook file's YAML into the model's classes (model.py), every key checked against the class of its step
kind: unknown keys with "did you mean", missing ones, values of the wrong type or out of range, English in every
text (other languages optional: textmaps.py). Each problem names file, line and column (the YAML marks), and
all of a file's problems are collected.

What a key may hold is read off the model's annotations (StepId, Text, Condition, CheckIds, Literal vocabularies,
`Meta` ranges and patterns); this module holds the wording of the problems, not the format.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from types import UnionType
from typing import AbstractSet, Any, Literal, Union, get_args, get_origin

from msgspec import NODEFAULT, Meta

from pos_doctor.errors import Problem, Where, problem
from pos_doctor.filemodel import renamed_problem, struct_fields
from pos_doctor.i18n import TC, TN, T, Text
from pos_doctor.playbooks.expr import Condition, ExprError, compile_condition
from pos_doctor.playbooks.model import (
    ACTION_PARAMS,
    ACTIONS,
    KIND_CLASSES,
    KINDS,
    MARKET_KEYS,
    MONEY,
    MONEY_KINDS,
    RENAMED,
    AnyStep,
    Choice,
    MarketTexts,
    PlaybookFile,
    Step,
    StepId,
    build_step,
    keys_of,
)
from pos_doctor.yamlfile import YamlDoc, check_keys, type_word

KIND = "playbook"


def known_checks() -> list[str]:
    from pos_doctor.checks.registry import DECLARED_ORDER  # the ids only; does not import the checks

    return list(DECLARED_ORDER)


def article(word: str) -> str:
    """The word with its indefinite article: "an end", "a check"."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def got(value: Any) -> Text | str:
    """What was given instead, for "got ...": an empty list is said as such (not just "a list")."""
    return T("an empty list") if value == [] else type_word(value)


def article_a(word: str) -> str:
    """The English article of a word ("an", "a"): a parameter the other languages leave out."""
    return "an" if word[:1] in "aeiou" else "a"


def _metas(tp: Any) -> tuple[Any, list[Meta]]:
    """The bare type of an annotation and its Meta constraints (Annotated[..., Meta]; `X | None` unwrapped)."""
    metas: list[Meta] = []
    while True:
        if hasattr(tp, "__metadata__"):
            metas += [m for m in tp.__metadata__ if isinstance(m, Meta)]
            tp = tp.__origin__
        elif get_origin(tp) in (Union, UnionType) and type(None) in get_args(tp):
            rest = [a for a in get_args(tp) if a is not type(None)]
            tp = rest[0] if len(rest) == 1 else Union[tuple(rest)]
        else:
            return tp, metas


def _meta(metas: list[Meta], name: str) -> Any:
    for m in metas:
        if getattr(m, name, None) is not None:
            return getattr(m, name)
    return None


class Reader:
    """Collects the problems of one file while it is read."""

    def __init__(self, doc: YamlDoc):
        self.doc = doc
        self.problems: list[tuple[Where, Problem]] = []
        self.checks = known_checks()

    def fail(self, path: tuple, what: Problem | Text | str) -> None:
        self.problems.append((self.doc.where(path), Problem(what)))

    def keys(self, path: tuple, mapping: dict, allowed: AbstractSet[str],
             required: AbstractSet[str] = frozenset()) -> None:
        self.problems.extend(check_keys(self.doc, KIND, path, mapping, allowed, required))

    def text(self, path: tuple, value: Any) -> Text | None:
        """A text map keyed by locale (textmaps.py): `en` required, zh, de and any known locale optional."""
        from pos_doctor.textmaps import REQUIRED, locales

        langs = locales()
        if not isinstance(value, dict):
            self.fail(path, T("expected a text by language, e.g. {example}, got {got}",
                              example='{en: "...", zh: "...", de: "..."}', got=type_word(value)))
            return None
        self.keys(path, value, set(langs), set(REQUIRED))
        for lang in value:
            v = value.get(lang)
            if lang in langs and (not isinstance(v, str) or not v.strip()):
                self.fail(path + (lang,), T("expected non-empty text in '{lang}', got {got}", lang=lang,
                                            got=type_word(v)))
        if all(isinstance(value.get(lang), str) for lang in REQUIRED):
            # every text a playbook shows (title, steps, options, escalation target) passes the one masking function
            # here, once: a card or phone number written into a playbook reaches no screen, file or record
            from pos_doctor.privacy import mask_text

            return Text.from_map({lang: mask_text(v) for lang, v in value.items()
                                  if lang in langs and isinstance(v, str) and v.strip()})
        return None

    def ident(self, path: tuple, value: Any, what: str = "id") -> str | None:
        if isinstance(value, bool):
            self.fail(path, T("{what} reads as {value}: YAML takes yes/no/on/off as true/false; put the id in quotes, "
                              "e.g. \"on\"", what=what, value=str(value).lower()))
            return None
        if not isinstance(value, str) or not re.fullmatch(PATTERN_ID, value):
            self.fail(path, T("{what} must be lower-case letters, digits and '-' (e.g. check-cable), got {value!r}",
                              what=what, value=value))
            return None
        return value

    def id_list(self, path: tuple, value: Any, allowed: list[str], what: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(path, T("expected a list of {what}, got {got}", what=what, got=type_word(value)))
            return ()
        out = []
        for i, v in enumerate(value):
            if v not in allowed:
                close = difflib.get_close_matches(str(v), allowed, n=1)
                one = what[:-1] if what.endswith("s") else what
                if one == "check":
                    self.fail(path + (i,), T("unknown check '{id}'; did you mean '{close}'?", id=v, close=close[0])
                              if close else T("unknown check '{id}'; known: {known}", id=v, known=", ".join(allowed)))
                else:
                    self.fail(path + (i,), T("unknown {what} '{id}'; did you mean '{close}'?", what=one, id=v,
                                             close=close[0]) if close else
                              T("unknown {what} '{id}'; known: {known}", what=one, id=v, known=", ".join(allowed)))
            else:
                out.append(v)
        return tuple(out)

    def condition(self, path: tuple, value: Any) -> Condition | None:
        try:
            return compile_condition(value)
        except ExprError as exc:
            self.problems.append((self.where_in(path, exc.col), problem("bad condition: {why}", why=exc.what)))
            return None

    def where_in(self, path: tuple, col_in_value: int) -> Where:
        """The position of a character inside a scalar value (a condition), quotes taken into account."""
        line, col = self.doc.value_marks.get(path, (None, None))
        if line is None or col is None:
            return self.doc.where(path)
        quote = 1 if path in self.doc.quoted else 0
        return Where(self.doc.file, line, col + quote + col_in_value - 1, self.doc.where(path).path)

    # --- one value against its annotation ------------------------------------------------------------------
    def value(self, path: tuple, key: str, tp: Any, raw: Any) -> Any:
        """The value of `key` read as the model's annotation `tp` says, or None (the problem is recorded)."""
        bare, metas = _metas(tp)
        title = _meta(metas, "title")
        if bare is Text:
            return self.text(path, raw)
        if bare is Condition:
            return self.condition(path, raw)
        if title == "step id":  # a step id, a branch's target or a playbook's id
            return self.ident(path, raw, "step id" if key == "id" else key)
        if title == "playbook id":
            return self.ident(path, raw, title)
        if get_origin(bare) is tuple:  # a list in the file
            item, item_metas = _metas(get_args(bare)[0])
            return self.items(path, key, raw, item, _meta(item_metas, "title"), metas)
        if get_origin(bare) is Literal:
            words = get_args(bare)
            if raw not in words:
                listed = ", ".join(map(str, words))
                if words == tuple(ACTIONS):
                    self.fail(path, T("unknown action {id!r}; built-in actions: {known}", id=raw, known=listed))
                elif key == "outcome":
                    self.fail(path, T("unknown outcome {id!r}; use one of {known}", id=raw, known=listed))
                else:
                    self.fail(path, T("unknown {key} {id!r}; use one of {known}", key=key, id=raw, known=listed))
                return None
            return raw
        if bare is bool:
            if not isinstance(raw, bool):
                self.fail(path, T("expected true or false, got {got}", got=type_word(raw)))
                return None
            return raw
        if bare is int:
            low, high = _meta(metas, "ge"), _meta(metas, "le")
            if not isinstance(raw, int) or isinstance(raw, bool) or not low <= raw <= high:
                shown = raw if isinstance(raw, int) and not isinstance(raw, bool) else type_word(raw)
                self.fail(path, T("expected a whole number {low}..{high}, got {got}", low=low, high=high, got=shown))
                return None
            return raw
        if bare is str and _meta(metas, "pattern"):  # a field name
            if not isinstance(raw, str) or not re.fullmatch(_meta(metas, "pattern"), raw):
                example = next((m.extra["example"] for m in metas if m.extra and "example" in m.extra), "")
                self.fail(path,
                          T("field name must be lower-case letters, digits and '_' (e.g. {example}), got {value!r}",
                                  example=example, value=raw))
                return None
            return raw
        return raw

    def items(self, path: tuple, key: str, raw: Any, item: Any, item_title: str | None, metas: list[Meta]) -> Any:
        """A list of check ids, of choices, of texts, of money permissions (one name or a list), of names."""
        if item_title == "check id":
            return self.id_list(path, raw, self.checks, "checks")
        if item is Choice:
            return self.choices(path, raw, _meta(metas, "min_length") or 0)
        if item is Text:
            if not isinstance(raw, list):
                self.fail(path, T("expected a list of {what} ({{en, zh, de}}), got {got}", what=_meta(metas, "title"),
                                  got=type_word(raw)))
                return None
            return tuple(t for i, v in enumerate(raw) if (t := self.text(path + (i,), v)))
        if get_origin(item) is Literal:
            return self.one_or_list(path, raw, get_args(item))
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):  # names, checked later
            self.fail(path, T("expected a list of {key} names, got {got}", key=key, got=type_word(raw)))
            return None
        return tuple(raw)

    def one_or_list(self, path: tuple, raw: Any, words: tuple) -> tuple[str, ...]:
        """`allows: new_payment` or a list of new_payment, refund, void."""
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not items:
            self.fail(path, T("expected one of {words} (or a list of them), got {got}", words=", ".join(words),
                              got=got(raw)))
            return ()
        out: list[str] = []
        for i, v in enumerate(items):
            if v not in words:
                self.fail(path + (i,) if isinstance(raw, list) else path,
                          T("unknown money permission {id!r}; use {words}", id=v, words=", ".join(words)))
            elif v not in out:
                out.append(v)
        return tuple(out)

    def choices(self, path: tuple, raw: Any, least: int) -> tuple[Choice, ...]:
        if not isinstance(raw, list) or len(raw) < least:
            if isinstance(raw, list) and raw:
                self.fail(path, TN("expected a list of at least {least} choices, got {n} choice",
                                   "expected a list of at least {least} choices, got {n} choices", len(raw),
                                   least=NUMBERS.get(least, least)))
            else:
                self.fail(path, T("expected a list of at least {least} choices, got {got}",
                                  least=NUMBERS.get(least, least), got=got(raw)))
            return ()
        out, seen = [], set()
        keys = keys_of(Choice)
        types = {f.name: f.type for f in struct_fields(Choice)}
        for i, c in enumerate(raw):
            cp = path + (i,)
            if not isinstance(c, dict):
                self.fail(cp, T("expected a choice {{{keys}}}, got {got}",
                                keys=", ".join(k for k, d in keys.items() if d is NODEFAULT), got=type_word(c)))
                continue
            self.keys(cp, c, set(keys), {k for k, d in keys.items() if d is NODEFAULT})
            got_ = {k: self.value(cp + (k,), "choice id" if k == "id" else k, types[k], v)
                    for k, v in c.items() if k in keys}
            if "id" in got_ and got_["id"] in seen:
                self.fail(cp + ("id",), T("duplicate choice id '{id}'", id=got_["id"]))
            seen.add(got_.get("id"))
            if all(got_.get(k) for k, d in keys.items() if d is NODEFAULT):
                out.append(Choice(**got_))
        return tuple(out)


NUMBERS = {2: T("two"), 3: T("three")}
# The money a text tells staff to move (payments/money_phrases.py's WHAT) and the languages, said in a language.
MONEY_WORDS = {"take a payment again": TC("money", "take a payment again"), "refund": TC("money", "refund"),
               "void": TC("money", "void"), "give money back": TC("money", "give money back")}
LANG_NAMES = {"en": TC("language", "en"), "zh": TC("language", "zh"), "de": TC("language", "de")}
PATTERN_ID = _meta(_metas(StepId)[1], "pattern")


def read_playbook(r: Reader) -> dict[str, Any]:
    """The top of the file (PlaybookFile's keys, a mapping) and its steps."""
    data = r.doc.data
    keys = keys_of(PlaybookFile)
    r.keys((), data, set(keys), {k for k, d in keys.items() if d is NODEFAULT})
    types = {f.name: f.type for f in struct_fields(PlaybookFile)}
    out: dict[str, Any] = {k: d for k, d in keys.items() if d is not NODEFAULT}
    spec = get_args(types["spec"])[0]
    if "spec" in data and data["spec"] != spec:
        r.fail(("spec",), T("unsupported spec {v!r}; this pos-doctor reads spec: {spec}", v=data["spec"], spec=spec))
    stem = Path(r.doc.file).stem
    if isinstance(data.get("id"), str) and re.fullmatch(PATTERN_ID, data["id"]) and data["id"] != stem:
        r.fail(("id",), T("id '{id}' differs from the file name; name the file {id}.yaml", id=data["id"]))
    for key, raw in data.items():
        bare = _metas(types[key])[0] if key in keys else None
        if bare is None or get_origin(bare) is Literal or bare == types["steps"].__origin__:
            continue  # not a key (reported), the spec (above) or the steps (below)
        value = r.value((key,), key, types[key], raw)
        if value is not None:
            out[key] = value
    steps_meta = _metas(types["steps"])[1]
    raw_steps = data.get("steps")
    most = _meta(steps_meta, "max_length")
    if "steps" in data and (not isinstance(raw_steps, list) or not raw_steps):
        r.fail(("steps",), T("expected a non-empty list of steps, got {got}", got=got(raw_steps)))
        raw_steps = []
    elif isinstance(raw_steps, list) and len(raw_steps) > most:
        r.fail(("steps",), T("{n} steps; at most {m} — split it and use kind: include", n=len(raw_steps), m=most))
        raw_steps = []
    out["steps"] = [s for i, raw in enumerate(raw_steps or []) if (s := read_step(r, ("steps", i), raw)) is not None]
    return out


def read_step(r: Reader, path: tuple, raw: Any) -> AnyStep | None:
    if not isinstance(raw, dict):
        r.fail(path, T("expected a step (a mapping with id and kind), got {got}", got=type_word(raw)))
        return None
    tag = str(Step.__struct_config__.tag_field)
    kind = raw.get(tag)
    if kind not in KIND_CLASSES:
        r.fail(path + (tag,) if tag in raw else path,
               T("unknown step kind {kind!r}; use one of {kinds}", kind=kind, kinds=", ".join(KINDS)) if tag in raw else
               problem("missing required key '{key}'", key=tag))
        return None
    cls = KIND_CLASSES[kind]
    keys = keys_of(cls)
    renamed = {old for old, new in RENAMED.items() if old in raw and new in keys}
    for old in sorted(renamed):
        r.fail(path + (old,), renamed_problem(old, RENAMED[old], raw[old]))
    allowed = set(keys) | {tag} | renamed | ({"goto"} & set(raw))
    r.keys(path, raw, allowed, {tag} | {k for k, d in keys.items() if d is NODEFAULT})
    if "goto" in raw and "goto" not in keys:
        r.fail(path + ("goto",), T("{a} {kind} step cannot have goto (it branches or ends by itself)",
                                   a=article_a(kind),
                                   kind=kind))
    types = {f.name: f.type for f in struct_fields(cls)}
    kw: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "markets" and key in keys:
            kw[key] = _markets(r, path + (key,), value, cls)
        elif key in keys:
            kw[key] = r.value(path + (key,), key, types[key], value)
    if kw.get("warns_only") and "allows" in raw:
        r.fail(path + ("warns_only",), T("a step that only warns against moving money cannot also allow it; "
                                         "remove warns_only or allows"))
    if "params" in keys:
        _params(r, path, raw, kw)
    sid = kw.pop("id", None)
    if sid is None:
        return None
    if not kw.get("warns_only"):
        _check_money_words(r, path, sid, kind, kw)
    return build_step(sid, kind, line=r.doc.where(path).line, **{k: v for k, v in kw.items() if v is not None})


def _markets(r: Reader, path: tuple, raw: Any, cls: type) -> dict[str, MarketTexts] | None:
    """`markets: {de: {text: {...}, to: {...}}}`: the step's words in another market (model.MarketTexts)."""
    from pos_doctor.config import MARKETS

    if not isinstance(raw, dict) or not raw:
        r.fail(path, f"expected a mapping of markets ({', '.join(MARKETS)}) to the step's words in that market, e.g. "
                     f"{{de: {{text: {{en: \"...\", de: \"...\"}}}}}}, got {got(raw)}")
        return None
    r.keys(path, raw, set(MARKETS))
    own = [k for k in MARKET_KEYS if k in keys_of(cls)]
    out: dict[str, MarketTexts] = {}
    for market, words in raw.items():
        if market not in MARKETS:
            continue  # reported above
        mp = path + (market,)
        if not isinstance(words, dict) or not words:
            r.fail(mp, f"expected the step's words in market {market}: {', '.join(own)}, got {got(words)}")
            continue
        r.keys(mp, words, set(own))
        texts = {k: r.text(mp + (k,), v) for k, v in words.items() if k in own}
        if all(t is not None for t in texts.values()):
            out[market] = MarketTexts(**texts)
    return out


def _params(r: Reader, path: tuple, raw: dict, kw: dict) -> None:
    """An action's params, as the model's params class of that action says (most actions take none)."""
    name = kw.get("action")
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        r.fail(path + ("params",), T("expected a mapping, got {got}", got=type_word(params)))
        return
    if name is None:
        return  # the missing or unknown action is reported; its params cannot be judged without it
    cls = ACTION_PARAMS.get(name)
    if cls is None:
        if params:
            r.fail(path + ("params",), T("action '{name}' takes no params; remove params", name=name))
        return
    keys = keys_of(cls)
    r.keys(path + ("params",), params, set(keys), {k for k, d in keys.items() if d is NODEFAULT})
    for f in struct_fields(cls):
        if f.name not in params:
            continue
        v = params[f.name]
        bare, metas = _metas(f.type)
        if not isinstance(v, bare) or isinstance(v, bool):
            r.fail(path + ("params", f.name), T("expected a whole number, got {got}", got=type_word(v)) if bare is int
                   else T("expected text, got {got}", got=type_word(v)))
        elif _meta(metas, "title") == "check id" and v not in r.checks:
            r.fail(path + ("params", f.name), T("unknown check '{id}'", id=v))
        elif bare is int and not _meta(metas, "ge") <= v <= _meta(metas, "le"):
            r.fail(path + ("params", f.name), T("expected {low}..{high} seconds, got {v}", low=_meta(metas, "ge"),
                                                high=_meta(metas, "le"), v=v))
    kw["params"] = dict(params)


def _check_money_words(r: Reader, path: tuple, sid: str, kind: str, kw: dict) -> None:
    """The money rule for every step, not only those that say `allows`: a text that tells staff to take a payment
    again, refund, void or give money back (payments/money_phrases.py) needs the `allows:` that covers it."""
    from pos_doctor.payments.money_phrases import LANGS as MONEY_LANGS, NEEDS, WHAT, uncovered
    from pos_doctor.playbooks.money_index import money_hits  # the same answers; a shipped text's without matching

    texts: list[tuple[tuple, Any]] = [((key,), v) for key, v in kw.items() if isinstance(v, Text)]
    texts += [(("markets", market, key), t) for market, words in (kw.get("markets") or {}).items()
              for key in MARKET_KEYS if (t := getattr(words, key)) is not None]  # the same step in another market
    texts += [((key, j, "label"), c.label) for key, v in kw.items() if isinstance(v, tuple)
              for j, c in enumerate(v) if isinstance(c, Choice)]
    for where, text in texts:
        for lang in MONEY_LANGS:
            if not text.translated(lang):  # a text without this language: its English is checked as English
                continue
            for hit in uncovered(money_hits(text(lang), lang), kw.get("allows") or ()):
                fix = (T("add allows: {allows} and reach the step only from a reconcile step's on_{verdict} branch",
                         allows=NEEDS[hit.what][0], verdict=MONEY[NEEDS[hit.what][0]][0]) if kind in MONEY_KINDS else
                       T("{a} {kind} step cannot move money: put that instruction in an instruction step with allows",
                         a=article_a(kind), kind=kind))
                word = WHAT[hit.what]
                r.fail(path + where + (lang,),
                       T("step '{step}' tells staff to {what} ({lang}: “{phrase}”) but declares no allows: {allows}. "
                         "If it moves money, {fix}; if it only warns against it, say so (\"do not charge again\", "
                         "“不要重新收款”) or mark the step warns_only: true", step=sid,
                         what=MONEY_WORDS.get(word, word), lang=LANG_NAMES.get(lang, lang), phrase=hit.phrase,
                         allows=" or ".join(NEEDS[hit.what]), fix=fix))
                break  # one problem per text and language
