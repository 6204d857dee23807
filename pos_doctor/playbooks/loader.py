"""Read and validate playbook files. Every problem names file, line and column, and all problems of a file are
reported at once (an author fixes them in one go), as a `UserFileError` — exit 3 through the CLI's handler.

The format (keys, types, ranges: the model's classes) is read by reader.py; checked here are the semantic passes:
references (step ids, recorded fields, evidence, the conditions' answer/value/check/visited), the shape of the
walk (no unreachable step, no step that falls off the end, no loop without `max_visits`) and the money rule on
every path. Includes between playbooks are checked by the library (library.py), which sees them all.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from pos_doctor.errors import Problem, UserFileError, problem
from pos_doctor.i18n import T, Text
from pos_doctor.playbooks.expr import Condition
from pos_doctor.playbooks.model import (
    ACTION_VALUES,
    CUSTOMER_FIELDS,
    EVIDENCE,
    FINDINGS,
    KIND_CLASSES,
    MONEY,
    VERDICT_BRANCHES,
    AnyStep,
    End,
    Playbook,
    Reconcile,
)
from pos_doctor.playbooks.reader import KIND, Reader, article_a, known_checks, read_playbook
from pos_doctor.yamlfile import YamlDoc, load_yaml_file, type_word

__all__ = ["KIND", "known_checks", "load_playbook", "parse_playbook", "verdict_flow"]


def parse_playbook(doc: YamlDoc, *, shipped: bool = False) -> Playbook:
    r = Reader(doc)
    if not isinstance(doc.data, dict):
        raise doc.error(KIND, (), problem("expected a playbook (a mapping with spec, id, title, steps), got {got}",
                                          got=type_word(doc.data)))
    kw = read_playbook(r)
    steps: list[AnyStep] = kw.pop("steps")
    if steps and not r.problems:
        _check_refs(r, steps)
    if steps and not r.problems:
        _check_walk(r, steps)
    if r.problems:
        raise UserFileError(KIND, r.problems, hint=T("fix the lines above, then run `pos-doctor playbooks validate`"))
    return Playbook(kw["id"], kw["title"], kw["summary"], kw["situation"], tuple(steps), kw["recommended_by"],
                    kw["needs_checks"], kw["prevention"], source=doc.file, shipped=shipped)


def _did_you_mean(target: str, ids: list[str]) -> Problem:
    close = difflib.get_close_matches(target, ids, n=1)
    if close:
        return problem("no step '{id}' in this playbook; did you mean '{close}'?", id=target, close=close[0])
    return problem("no step '{id}' in this playbook", id=target)


def _check_refs(r: Reader, steps: list[AnyStep]) -> None:
    ids = [s.id for s in steps]
    seen: set[str] = set()
    for i, s in enumerate(steps):
        if s.id in seen:
            r.fail(("steps", i, "id"), T("duplicate step id '{id}'", id=s.id))
        seen.add(s.id)
    pb = Playbook("x", Text(""), Text(""), False, tuple(steps))
    fields = set(pb.fields())
    fields |= {f for s in steps for f in ACTION_VALUES.get(getattr(s, "action", None) or "", ())}
    answered = [k for k, c in KIND_CLASSES.items() if c.answered]
    for i, s in enumerate(steps):
        for key, target in s.jumps():
            if target not in ids:
                r.fail(("steps", i, *key), _did_you_mean(target, ids))
        for ev_i, ev in enumerate(getattr(s, "evidence", ())):
            if ev not in EVIDENCE and ev not in fields:
                r.fail(("steps", i, "evidence", ev_i),
                       T("unknown evidence '{id}'; use {known} or a recorded field ({fields})", id=ev,
                         known=", ".join(EVIDENCE), fields=", ".join(sorted(fields)) or T("none here")))
        conds: list[tuple[tuple[str | int, ...], Condition | None]] = [(("steps", i, "when"), s.when)]
        conds += [(("steps", i, "choices", j, "suggest"), c.suggest) for j, c in enumerate(getattr(s, "choices", ()))]
        for cpath, cond in conds:
            for func, arg, col in (cond.refs if cond else ()):
                what: Problem | None = None
                if func in ("answer", "visited") and arg not in ids:
                    what = problem("{func}('{arg}'): no step '{arg}' in this playbook", func=func, arg=arg)
                elif func == "answer" and not steps[ids.index(arg)].answered:
                    kind = steps[ids.index(arg)].kind
                    what = problem("answer('{arg}'): that step is {a} {kind} step; only {some} and {last} steps have "
                                   "answers", arg=arg, a=article_a(kind), kind=kind, some=", ".join(answered[:-1]),
                                   last=answered[-1])
                elif func == "value" and arg not in fields:
                    what = problem("value('{arg}'): no record step stores '{arg}' (fields: {fields})", arg=arg,
                                   fields=", ".join(sorted(fields)) or T("none"))
                elif func == "check" and arg not in known_checks():
                    what = problem("check('{arg}'): unknown check", arg=arg)
                if what:
                    r.problems.append((r.where_in(cpath, col), what))


def _check_walk(r: Reader, steps: list[AnyStep]) -> None:
    pb = Playbook("x", Text(""), Text(""), False, tuple(steps))
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
            r.fail(("steps", i, "id"),
                   T("step '{id}' cannot be reached from the first step; add a goto to it or remove it", id=s.id))
    # every path ends: only end and escalate may stop the walk
    for i, s in enumerate(steps):
        if not s.terminal and not edges[s.id]:
            r.fail(("steps", i),
                   T("step '{id}' is the last one but does not end the playbook; add goto, or end with kind: end",
                     id=s.id))
    _check_money(r, pb)
    # loops must carry a limit
    for cycle in _cycles(edges):
        if not any(pb.step(sid).max_visits for sid in cycle):
            first = min(cycle, key=lambda sid: pb.index(sid))
            if len(cycle) == 1:
                r.fail(("steps", pb.index(first)), T("step '{id}' leads back to itself without a limit; add "
                                                     "max_visits: N to it", id=first))
            else:
                r.fail(("steps", pb.index(first)), T("steps {cycle} form a loop without a limit; add max_visits: N to "
                                                     "one of them", cycle=" → ".join(cycle + [cycle[0]])))


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
            if isinstance(s, Reconcile):
                outs = [(t, FINDINGS.get(v, "unknown" if v == "unreadable" else v))  # a finding's branch: its verdict
                        for v, _ in VERDICT_BRANCHES if (t := s.verdict_target(v))]
            else:  # an include passes the verdict on: the library refuses children that reconcile or record it
                clears = s.field in CUSTOMER_FIELDS  # a record or question step that stores the customer's evidence
                outs = [(t, NO_VERDICT if clears else verdict) for t in edges[sid]]
            i = pb.index(sid)
            if s.when is not None and i + 1 < len(pb.steps):  # a skipped step passes on what it got
                outs.append((pb.steps[i + 1].id, verdict))
            for target, v in outs:
                if v not in seen[target]:
                    seen[target][v] = path + [target]
                    todo.append(target)
    return seen


def _check_money(r: Reader, pb: Playbook) -> None:
    """A step that lets staff take a new payment, refund or void is reached only with the verdict that permits it,
    on every path (the engine refuses it at run time anyway; this tells the author before a cashier meets it)."""
    money = [s for s in pb.steps if s.allows]
    resolved = [s for s in pb.steps if isinstance(s, End) and s.outcome == "resolved"]
    if not money and not any(isinstance(s, Reconcile) for s in pb.steps):
        return
    flow = verdict_flow(pb)
    for s in resolved:  # a payment the terminal could not settle, or settled against the customer, is not "fixed"
        for verdict, path in flow[s.id].items():
            if verdict in UNSETTLED:
                r.fail(("steps", pb.index(s.id), "outcome"),
                       T("step '{id}' ends resolved, but it is reached with the verdict '{verdict}' on the path "
                         "{path}; end that path with escalate (call the provider with the evidence) or outcome: "
                         "not_resolved", id=s.id, verdict=verdict, path=" → ".join(path)))
                break
    for m in money:
        for what in m.allows:
            for verdict, path in flow[m.id].items():
                if verdict in MONEY[what]:
                    continue
                route = " → ".join(path)
                if verdict == NO_VERDICT:
                    why = T("no reconcile step precedes it on the path {route} (or the customer's evidence was "
                            "recorded again after it)", route=route)
                else:
                    why = T("it is reached with the verdict '{verdict}' on the path {route}", verdict=verdict,
                            route=route)
                r.fail(("steps", pb.index(m.id), "allows"),
                       T("step '{id}' allows {what}, which needs the verdict {verdicts}; {why}. Send the walk here "
                         "only from a reconcile step's on_{branch} branch", id=m.id, what=what,
                         verdicts=" or ".join(repr(v) for v in MONEY[what]), why=why, branch=MONEY[what][0]))


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
