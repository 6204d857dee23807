"""Read and validate playbook files. Every problem names file, line and column, and all problems of a file are
reported at once (an author fixes them in one go), as a `UserFileError` — exit 3 through the CLI's handler.

Checked here: the format (`spec: 1`, known keys per step kind with "did you mean", both languages in every text),
references (step ids, check ids, actions and their parameters, recorded fields, evidence), conditions (the safe
language of expr.py), and the shape of the walk: no unreachable step, no step that falls off the end, no loop
without `max_visits`. Includes between playbooks are checked by the library (library.py), which sees them all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pos_doctor.errors import UserFileError, Where
from pos_doctor.i18n import Text
from pos_doctor.playbooks.expr import ExprError, compile_condition
from pos_doctor.playbooks.model import (ACTIONS, CUSTOMER_FIELDS, EVIDENCE, FINDINGS, KINDS, MONEY, MONEY_KINDS,
                                        OUTCOMES, RECONCILE_ORIGINS, RECONCILE_SOURCES, RECORD_LIST_TYPES, RECORD_TYPES,
                                        SPEC, VERDICT_BRANCHES, Choice, Playbook, Step)
from pos_doctor.yamlfile import YamlDoc, check_keys, load_yaml_file, type_name

KIND = "playbook"
ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
FIELD = re.compile(r"[a-z][a-z0-9_]*\Z")
TOP_KEYS = {"spec", "id", "title", "summary", "situation", "recommended_by", "needs_checks", "steps", "prevention"}
TOP_REQUIRED = {"spec", "id", "title", "summary", "steps"}
COMMON = {"id", "kind", "text", "title", "when", "goto", "max_visits", "verify", "warns_only"}
PER_KIND = {
    "instruction": set(),
    "question": {"choices", "field"},
    "confirm": {"on_yes", "on_no", "on_unsure"},
    "check": {"checks", "on_ok", "on_fail"},
    "action": {"action", "params", "on_error"},
    "record": {"field", "type", "optional"},
    "escalate": {"to", "evidence"},
    "include": {"playbook"},
    "end": {"outcome"},
    "reconcile": {key for _, key in VERDICT_BRANCHES} | {"source", "origin"},
    "record_list": {"type"},
}
for _kind in MONEY_KINDS:
    PER_KIND[_kind] = PER_KIND[_kind] | {"allows"}
REQUIRED = {
    "question": {"choices", "text"}, "confirm": {"on_yes", "on_no", "text"}, "check": {"checks", "on_ok", "on_fail"},
    "action": {"action", "text"}, "record": {"field", "type", "text"}, "escalate": {"to", "text"},
    "include": {"playbook"}, "end": {"outcome", "text"}, "instruction": {"text"},
    "reconcile": {"text", "on_charged", "on_not_charged", "on_mismatch", "on_unknown"},
    "record_list": {"type", "text"},
}
MAX_STEPS = 300
NO_GOTO = {"question", "confirm", "check", "end", "escalate", "reconcile"}
BRANCH_KEYS = ("goto", "on_yes", "on_no", "on_unsure", "on_ok", "on_fail", "on_error",
               *(key for _, key in VERDICT_BRANCHES))
ACTION_PARAMS = {"wait_for_check": {"check": str, "timeout_s": int}}
# the walk values an action stores (model.WALK_ACTIONS), which conditions after it may read with value()
ACTION_VALUES = {"import_statement": ("statement_finding", "statement_missing")}


def known_checks() -> list[str]:
    from pos_doctor.checks.registry import DECLARED_ORDER  # the ids only; does not import the checks

    return list(DECLARED_ORDER)


def _a(word: str) -> str:
    """The word with its indefinite article: "an end", "a check"."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _got(value: Any) -> str:
    """What was given instead, for "got ...": an empty list is said as such (not just "a list")."""
    return "an empty list" if value == [] else type_name(value)


class _Reader:
    def __init__(self, doc: YamlDoc):
        self.doc = doc
        self.problems: list[tuple[Where, str]] = []

    def fail(self, path: tuple, what: str) -> None:
        self.problems.append((self.doc.where(path), what))

    def keys(self, path: tuple, mapping: dict, allowed: set, required: set = frozenset()) -> None:
        self.problems.extend(check_keys(self.doc, KIND, path, mapping, allowed, required))

    def text(self, path: tuple, value: Any) -> Text | None:
        if not isinstance(value, dict):
            self.fail(path, f"expected both languages, e.g. {{en: \"...\", zh: \"...\"}}, got {type_name(value)}")
            return None
        self.keys(path, value, {"en", "zh"}, {"en", "zh"})
        for lang in ("en", "zh"):
            v = value.get(lang)
            if lang in value and (not isinstance(v, str) or not v.strip()):
                self.fail(path + (lang,), f"expected non-empty text in '{lang}', got {type_name(v)}")
        if isinstance(value.get("en"), str) and isinstance(value.get("zh"), str):
            # every text a playbook shows (title, steps, options, escalation target) passes the one masking function
            # here, once: a card or phone number written into a playbook reaches no screen, file or record
            from pos_doctor.privacy import mask_text

            return Text(mask_text(value["en"]), mask_text(value["zh"]))
        return None

    def ident(self, path: tuple, value: Any, what: str = "id") -> str | None:
        if isinstance(value, bool):
            self.fail(path, f"{what} reads as {str(value).lower()}: YAML takes yes/no/on/off as true/false; "
                            f"put the id in quotes, e.g. \"on\"")
            return None
        if not isinstance(value, str) or not ID.match(value):
            self.fail(path, f"{what} must be lower-case letters, digits and '-' (e.g. check-cable), got {value!r}")
            return None
        return value

    def id_list(self, path: tuple, value: Any, allowed: list[str], what: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(path, f"expected a list of {what}, got {type_name(value)}")
            return ()
        out = []
        for i, v in enumerate(value):
            if v not in allowed:
                import difflib

                close = difflib.get_close_matches(str(v), allowed, n=1)
                guess = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(allowed)}"
                self.fail(path + (i,), f"unknown {what[:-1] if what.endswith('s') else what} '{v}'{guess}")
            else:
                out.append(v)
        return tuple(out)

    def condition(self, path: tuple, value: Any):
        try:
            return compile_condition(value)
        except ExprError as exc:
            self.problems.append((self.where_in(path, exc.col), f"bad condition: {exc.what}"))
            return None

    def where_in(self, path: tuple, col_in_value: int) -> Where:
        """The position of a character inside a scalar value (a condition), quotes taken into account."""
        line, col = self.doc.value_marks.get(path, (None, None))
        if line is None:
            return self.doc.where(path)
        quote = 1 if self._quoted(line, col) else 0
        return Where(self.doc.file, line, col + quote + col_in_value - 1, self.doc.where(path).path)

    def _quoted(self, line: int, col: int) -> bool:
        try:
            text = Path(self.doc.file).read_text(encoding="utf-8").splitlines()[line - 1]
            return text[col - 1] in "'\""
        except (OSError, IndexError, UnicodeDecodeError):
            return False


def parse_playbook(doc: YamlDoc, *, shipped: bool = False) -> Playbook:
    r = _Reader(doc)
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error(KIND, (), f"expected a playbook (a mapping with spec, id, title, steps), got {type_name(data)}")
    r.keys((), data, TOP_KEYS, TOP_REQUIRED)
    if "spec" in data and data["spec"] != SPEC:
        r.fail(("spec",), f"unsupported spec {data['spec']!r}; this pos-doctor reads spec: {SPEC}")
    pid = r.ident(("id",), data.get("id"), "playbook id") if "id" in data else None
    stem = Path(doc.file).stem
    if pid and pid != stem:
        r.fail(("id",), f"id '{pid}' differs from the file name; name the file {pid}.yaml")
    title = r.text(("title",), data["title"]) if "title" in data else None
    summary = r.text(("summary",), data["summary"]) if "summary" in data else None
    situation = data.get("situation", False)
    if not isinstance(situation, bool):
        r.fail(("situation",), f"expected true or false, got {type_name(situation)}")
    checks = known_checks()
    recommended = r.id_list(("recommended_by",), data.get("recommended_by"), checks, "checks")
    needs = r.id_list(("needs_checks",), data.get("needs_checks"), checks, "checks")
    prevention = []
    if "prevention" in data:
        if isinstance(data["prevention"], list):
            prevention = [t for i, v in enumerate(data["prevention"]) if (t := r.text(("prevention", i), v))]
        else:
            r.fail(("prevention",), f"expected a list of tips ({{en, zh}}), got {type_name(data['prevention'])}")
    steps: list[Step] = []
    raw_steps = data.get("steps")
    if "steps" in data and (not isinstance(raw_steps, list) or not raw_steps):
        r.fail(("steps",), f"expected a non-empty list of steps, got {_got(raw_steps)}")
        raw_steps = []
    elif isinstance(raw_steps, list) and len(raw_steps) > MAX_STEPS:
        r.fail(("steps",), f"{len(raw_steps)} steps; at most {MAX_STEPS} — split it and use kind: include")
        raw_steps = []
    for i, raw in enumerate(raw_steps or []):
        step = _parse_step(r, ("steps", i), raw, checks)
        if step is not None:
            steps.append(step)
    if steps and not r.problems:
        _check_refs(r, steps)
    if steps and not r.problems:
        _check_walk(r, steps)
    if r.problems:
        raise UserFileError(KIND, r.problems, hint="fix the lines above, then run `pos-doctor playbooks validate`",
                            hint_zh="修改以上各行，然后运行 `pos-doctor playbooks validate`")
    return Playbook(pid, title, summary, situation, tuple(steps), recommended, needs, tuple(prevention),
                    source=doc.file, shipped=shipped)


def _parse_step(r: _Reader, path: tuple, raw: Any, checks: list[str]) -> Step | None:
    if not isinstance(raw, dict):
        r.fail(path, f"expected a step (a mapping with id and kind), got {type_name(raw)}")
        return None
    kind = raw.get("kind")
    if kind not in KINDS:
        r.fail(path + ("kind",) if "kind" in raw else path,
               f"unknown step kind {kind!r}; use one of {', '.join(KINDS)}" if "kind" in raw else "missing required key 'kind'")
        return None
    r.keys(path, raw, COMMON | PER_KIND[kind], {"id", "kind"} | REQUIRED[kind])
    sid = r.ident(path + ("id",), raw.get("id"), "step id") if "id" in raw else None
    kw: dict[str, Any] = {}
    for key in ("text", "title", "to"):
        if key in raw:
            kw[key] = r.text(path + (key,), raw[key])
    for key in BRANCH_KEYS:
        if key in raw:
            kw[key] = r.ident(path + (key,), raw[key], key)
    if "allows" in raw:
        kw["allows"] = _parse_allows(r, path + ("allows",), raw["allows"])
    if "warns_only" in raw:
        wo = raw["warns_only"]
        if not isinstance(wo, bool):
            r.fail(path + ("warns_only",), f"expected true or false, got {type_name(wo)}")
        elif wo and "allows" in raw:
            r.fail(path + ("warns_only",), "a step that only warns against moving money cannot also allow it; "
                                           "remove warns_only or allows")
        else:
            kw["warns_only"] = wo
    if "goto" in raw and kind in NO_GOTO:
        r.fail(path + ("goto",), f"{_a(kind)} step cannot have goto (it branches or ends by itself)")
    if "when" in raw:
        kw["when"] = r.condition(path + ("when",), raw["when"])
    if "max_visits" in raw:
        mv = raw["max_visits"]
        if not isinstance(mv, int) or isinstance(mv, bool) or not 1 <= mv <= 20:
            got = mv if isinstance(mv, int) and not isinstance(mv, bool) else type_name(mv)
            r.fail(path + ("max_visits",), f"expected a whole number 1..20, got {got}")
        else:
            kw["max_visits"] = mv
    kw["verify"] = r.id_list(path + ("verify",), raw.get("verify"), checks, "checks")
    if kind == "question":
        kw["choices"] = _parse_choices(r, path + ("choices",), raw.get("choices"))
        fld = raw.get("field")
        if "field" in raw and (not isinstance(fld, str) or not FIELD.match(fld)):
            r.fail(path + ("field",), f"field name must be lower-case letters, digits and '_' (e.g. payment_method), got {fld!r}")
        elif fld is not None:
            kw["field"] = fld  # the chosen id is kept as this value too (e.g. payment_method: card or qr)
    elif kind == "check":
        kw["checks"] = r.id_list(path + ("checks",), raw.get("checks"), checks, "checks")
    elif kind == "action":
        _parse_action(r, path, raw, kw, checks)
    elif kind == "record":
        fld = raw.get("field")
        if "field" in raw and (not isinstance(fld, str) or not FIELD.match(fld)):
            r.fail(path + ("field",), f"field name must be lower-case letters, digits and '_' (e.g. customer_amount), got {fld!r}")
            fld = None
        kw["field"] = fld
        if "type" in raw and raw["type"] not in RECORD_TYPES:
            r.fail(path + ("type",), f"unknown type {raw['type']!r}; use one of {', '.join(RECORD_TYPES)}")
        kw["type"] = raw.get("type")
        opt = raw.get("optional", False)
        if not isinstance(opt, bool):
            r.fail(path + ("optional",), f"expected true or false, got {type_name(opt)}")
        kw["optional"] = opt is True
    elif kind == "record_list":
        if "type" in raw and raw["type"] not in RECORD_LIST_TYPES:
            r.fail(path + ("type",), f"unknown type {raw['type']!r}; use one of {', '.join(RECORD_LIST_TYPES)}")
        kw["type"] = raw.get("type")
    elif kind == "reconcile" and "origin" in raw:
        if raw["origin"] not in RECONCILE_ORIGINS:
            r.fail(path + ("origin",), f"unknown origin {raw['origin']!r}; use one of {', '.join(RECONCILE_ORIGINS)}")
        else:
            kw["origin"] = raw["origin"]
    elif kind == "escalate":
        ev = raw.get("evidence", [])
        if not isinstance(ev, list) or not all(isinstance(x, str) for x in ev):
            r.fail(path + ("evidence",), f"expected a list of evidence names, got {type_name(ev)}")
        else:
            kw["evidence"] = tuple(ev)  # names are checked against the recorded fields in _check_refs
    elif kind == "include":
        kw["playbook"] = r.ident(path + ("playbook",), raw.get("playbook"), "playbook id") if "playbook" in raw else None
    elif kind == "end":
        if "outcome" in raw and raw["outcome"] not in OUTCOMES:
            r.fail(path + ("outcome",), f"unknown outcome {raw['outcome']!r}; use one of {', '.join(OUTCOMES)}")
        kw["outcome"] = raw.get("outcome")
    elif kind == "reconcile" and "source" in raw:
        if raw["source"] not in RECONCILE_SOURCES:
            r.fail(path + ("source",), f"unknown source {raw['source']!r}; use one of {', '.join(RECONCILE_SOURCES)}")
        elif raw["source"] in RECONCILE_ORIGINS and raw["source"] != "link":  # typed_terminal, statement
            kw["origin"] = raw["source"]
        elif raw["source"] != "link":
            kw["source"] = raw["source"]
    if sid is None:
        return None
    if not kw.get("warns_only"):
        _check_money_words(r, path, sid, kind, kw)
    return Step(id=sid, kind=kind, line=r.doc.where(path).line, **kw)


def _check_money_words(r: _Reader, path: tuple, sid: str, kind: str, kw: dict) -> None:
    """The money rule for every step, not only those that say `allows`: a text that tells staff to take a payment
    again, refund, void or give money back (payments/money_phrases.py) needs the `allows:` that covers it."""
    from pos_doctor.payments.money_phrases import NEEDS, WHAT, money_hits, uncovered

    texts = [((key,), kw.get(key)) for key in ("text", "title", "to")]
    texts += [(("choices", j, "label"), c.label) for j, c in enumerate(kw.get("choices", ()))]
    for where, text in texts:
        if text is None:
            continue
        for lang in ("en", "zh"):
            for hit in uncovered(money_hits(text(lang), lang), kw.get("allows", ())):
                fix = (f"add allows: {NEEDS[hit.what][0]} and reach the step only from a reconcile step's "
                       f"on_{MONEY[NEEDS[hit.what][0]][0]} branch" if kind in MONEY_KINDS else
                       f"{_a(kind)} step cannot move money: put that instruction in an instruction step with allows")
                r.fail(path + where + (lang,),
                       f"step '{sid}' tells staff to {WHAT[hit.what]} ({lang}: “{hit.phrase}”) but declares no allows: "
                       f"{' or '.join(NEEDS[hit.what])}. If it moves money, {fix}; if it only warns against it, say "
                       f"so (\"do not charge again\", “不要重新收款”) or mark the step warns_only: true")
                break  # one problem per text and language


def _parse_allows(r: _Reader, path: tuple, raw: Any) -> tuple[str, ...]:
    """`allows: new_payment` or a list of new_payment, refund, void."""
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items:
        r.fail(path, f"expected one of {', '.join(MONEY)} (or a list of them), got {_got(raw)}")
        return ()
    out = []
    for i, v in enumerate(items):
        if v not in MONEY:
            r.fail(path + (i,) if isinstance(raw, list) else path,
                   f"unknown money permission {v!r}; use {', '.join(MONEY)}")
        elif v not in out:
            out.append(v)
    return tuple(out)


def _parse_choices(r: _Reader, path: tuple, raw: Any) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        got = type_name(raw) if not isinstance(raw, list) else f"{len(raw)} choice" if len(raw) == 1 else _got(raw)
        r.fail(path, f"expected a list of at least two choices, got {got}")
        return ()
    out, seen = [], set()
    for i, c in enumerate(raw):
        cp = path + (i,)
        if not isinstance(c, dict):
            r.fail(cp, f"expected a choice {{id, label, goto}}, got {type_name(c)}")
            continue
        r.keys(cp, c, {"id", "label", "goto", "suggest"}, {"id", "label", "goto"})
        cid = r.ident(cp + ("id",), c.get("id"), "choice id") if "id" in c else None
        if cid in seen:
            r.fail(cp + ("id",), f"duplicate choice id '{cid}'")
        seen.add(cid)
        label = r.text(cp + ("label",), c["label"]) if "label" in c else None
        goto = r.ident(cp + ("goto",), c.get("goto"), "goto") if "goto" in c else None
        suggest = r.condition(cp + ("suggest",), c["suggest"]) if "suggest" in c else None
        if cid and label and goto:
            out.append(Choice(cid, label, goto, suggest))
    return tuple(out)


def _parse_action(r: _Reader, path: tuple, raw: dict, kw: dict, checks: list[str]) -> None:
    name = raw.get("action")
    if "action" in raw and name not in ACTIONS:
        r.fail(path + ("action",), f"unknown action {name!r}; built-in actions: {', '.join(ACTIONS)}")
        return
    kw["action"] = name
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        r.fail(path + ("params",), f"expected a mapping, got {type_name(params)}")
        return
    spec = ACTION_PARAMS.get(name, {})
    if name is None:
        return  # the missing action is reported; its params cannot be judged without it
    if not spec and params:
        r.fail(path + ("params",), f"action '{name}' takes no params; remove params")
        return
    r.keys(path + ("params",), params, set(spec), set(spec))
    for key, typ in spec.items():
        v = params.get(key)
        if key not in params:
            continue
        if not isinstance(v, typ) or isinstance(v, bool):
            r.fail(path + ("params", key), f"expected {'a whole number' if typ is int else 'text'}, got {type_name(v)}")
        elif key == "check" and v not in checks:
            r.fail(path + ("params", key), f"unknown check '{v}'")
        elif key == "timeout_s" and not 1 <= v <= 3600:
            r.fail(path + ("params", key), f"expected 1..3600 seconds, got {v}")
    kw["params"] = dict(params)


def _check_refs(r: _Reader, steps: list[Step]) -> None:
    ids = [s.id for s in steps]
    seen: set[str] = set()
    for i, s in enumerate(steps):
        if s.id in seen:
            r.fail(("steps", i, "id"), f"duplicate step id '{s.id}'")
        seen.add(s.id)
    fields = {s.field for s in steps if s.kind in ("record", "question") and s.field}
    fields |= {f for s in steps if s.kind == "action" for f in ACTION_VALUES.get(s.action or "", ())}
    import difflib

    for i, s in enumerate(steps):
        for key in BRANCH_KEYS:
            target = getattr(s, key)
            if target and target not in ids:
                close = difflib.get_close_matches(target, ids, n=1)
                r.fail(("steps", i, key), f"no step '{target}' in this playbook" + (f"; did you mean '{close[0]}'?" if close else ""))
        for j, c in enumerate(s.choices):
            if c.goto not in ids:
                close = difflib.get_close_matches(c.goto, ids, n=1)
                r.fail(("steps", i, "choices", j, "goto"), f"no step '{c.goto}' in this playbook" + (f"; did you mean '{close[0]}'?" if close else ""))
        for ev_i, ev in enumerate(s.evidence):
            if ev not in EVIDENCE and ev not in fields:
                r.fail(("steps", i, "evidence", ev_i), f"unknown evidence '{ev}'; use {', '.join(EVIDENCE)} or a recorded field ({', '.join(sorted(fields)) or 'none here'})")
        conds = [(("steps", i, "when"), s.when)] + [(("steps", i, "choices", j, "suggest"), c.suggest) for j, c in enumerate(s.choices)]
        for cpath, cond in conds:
            for func, arg, col in (cond.refs if cond else ()):
                what = None
                if func in ("answer", "visited") and arg not in ids:
                    what = f"{func}('{arg}'): no step '{arg}' in this playbook"
                elif func == "answer" and steps[ids.index(arg)].kind not in ("question", "confirm", "record"):
                    what = f"answer('{arg}'): that step is {_a(steps[ids.index(arg)].kind)} step; only question, confirm and record steps have answers"
                elif func == "value" and arg not in fields:
                    what = f"value('{arg}'): no record step stores '{arg}' (fields: {', '.join(sorted(fields)) or 'none'})"
                elif func == "check" and arg not in known_checks():
                    what = f"check('{arg}'): unknown check"
                if what:
                    r.problems.append((r.where_in(cpath, col), what))


def _check_walk(r: _Reader, steps: list[Step]) -> None:
    pb = Playbook("x", Text("", ""), Text("", ""), False, tuple(steps))
    edges = pb.edges()
    # every step can be reached from the first one
    seen, todo = set(), [steps[0].id]
    while todo:
        cur = todo.pop()
        if cur not in seen:
            seen.add(cur)
            todo.extend(edges[cur])
    for i, s in enumerate(steps):
        if s.id not in seen:
            r.fail(("steps", i, "id"), f"step '{s.id}' cannot be reached from the first step; add a goto to it or remove it")
    # every path ends: only end and escalate may stop the walk
    for i, s in enumerate(steps):
        if not s.terminal and not edges[s.id]:
            r.fail(("steps", i), f"step '{s.id}' is the last one but does not end the playbook; add goto, or end with kind: end")
    _check_money(r, pb)
    # loops must carry a limit
    for cycle in _cycles(edges):
        if not any(pb.step(sid).max_visits for sid in cycle):
            first = min(cycle, key=lambda sid: pb.index(sid))
            if len(cycle) == 1:
                r.fail(("steps", pb.index(first)), f"step '{first}' leads back to itself without a limit; "
                                                   "add max_visits: N to it")
            else:
                r.fail(("steps", pb.index(first)), "steps " + " → ".join(cycle + [cycle[0]]) +
                       " form a loop without a limit; add max_visits: N to one of them")


NO_VERDICT = "none"
UNSETTLED = ("mismatch", "unknown", "double_charge")


def verdict_flow(pb: Playbook) -> dict[str, dict[str, list[str]]]:
    """For each step: the verdicts the walk may hold on arriving there, each with one path that gets it there.

    A reconcile step's branches carry their verdict; a step that records the customer's evidence clears it (the
    engine clears it too); every other step passes on what it got (a skipped step and an include too: an included
    playbook may not reconcile or record the customer's evidence, library.py). "none": no reconcile yet."""
    edges = pb.edges()
    seen: dict[str, dict[str, list[str]]] = {s.id: {} for s in pb.steps}
    first = pb.steps[0].id
    seen[first][NO_VERDICT] = [first]
    todo = [first]
    while todo:
        sid = todo.pop()
        s = pb.step(sid)
        for verdict, path in list(seen[sid].items()):
            outs: list[tuple[str, str]] = []
            if s.kind == "reconcile":
                outs = [(t, FINDINGS.get(v, "unknown" if v == "unreadable" else v))  # a finding's branch: its verdict
                        for v, _ in VERDICT_BRANCHES if (t := s.verdict_target(v))]
            else:  # an include passes the verdict on: the library refuses children that reconcile or record it
                clears = s.kind in ("record", "question") and s.field in CUSTOMER_FIELDS
                outs = [(t, NO_VERDICT if clears else verdict) for t in edges[sid]]
            i = pb.index(sid)
            if s.when is not None and i + 1 < len(pb.steps):  # a skipped step passes on what it got
                outs.append((pb.steps[i + 1].id, verdict))
            for target, v in outs:
                if v not in seen[target]:
                    seen[target][v] = path + [target]
                    todo.append(target)
    return seen


def _check_money(r: _Reader, pb: Playbook) -> None:
    """A step that lets staff take a new payment, refund or void is reached only with the verdict that permits it,
    on every path (the engine refuses it at run time anyway; this tells the author before a cashier meets it)."""
    money = [s for s in pb.steps if s.allows]
    resolved = [s for s in pb.steps if s.kind == "end" and s.outcome == "resolved"]
    if not money and not any(s.kind == "reconcile" for s in pb.steps):
        return
    flow = verdict_flow(pb)
    for s in resolved:  # a payment the terminal could not settle, or settled against the customer, is not "fixed"
        for verdict, path in flow[s.id].items():
            if verdict in UNSETTLED:
                r.fail(("steps", pb.index(s.id), "outcome"),
                       f"step '{s.id}' ends resolved, but it is reached with the verdict '{verdict}' on the path "
                       f"{' → '.join(path)}; end that path with escalate (call the provider with the evidence) "
                       f"or outcome: not_resolved")
                break
    for s in money:
        for what in s.allows:
            for verdict, path in flow[s.id].items():
                if verdict in MONEY[what]:
                    continue
                route = " → ".join(path)
                if verdict == NO_VERDICT:
                    why = (f"no reconcile step precedes it on the path {route} "
                           f"(or the customer's evidence was recorded again after it)")
                else:
                    why = f"it is reached with the verdict '{verdict}' on the path {route}"
                r.fail(("steps", pb.index(s.id), "allows"),
                       f"step '{s.id}' allows {what}, which needs the verdict "
                       f"{' or '.join(repr(v) for v in MONEY[what])}; {why}. Send the walk here only from a "
                       f"reconcile step's on_{MONEY[what][0]} branch")


def _cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components that contain a cycle (Tarjan), each in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # recursion depth is bounded by the number of steps of one file
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, []):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in edges.get(v, []):
                out.append(list(reversed(comp)))

    for v in edges:
        if v not in index:
            visit(v)
    return out


def load_playbook(path: str | Path, *, shipped: bool = False) -> Playbook:
    return parse_playbook(load_yaml_file(path, KIND), shipped=shipped)
