"""Lints over every shipped playbook path (issue 23, "Done when"):

- no power cycle while an update runs: a step that switches the terminal off or restarts it is reached only through
  the answer "no update is running" of an `update-running` question, and nothing reachable from "yes, an update is
  running" switches anything off, restarts, or starts another update;
- no step text refers to a number the screen does not show: "the … number shown above" only after a step that puts
  the terminal's records on the screen (a reconcile, or reading the last transaction / the journal), and every
  number is named as the terminal's slip names it (trace number 流水号, receipt number 凭证号, reference 参考号);
- an instruction is not a yes/no question (the screen would say "Press Enter when done" after it).
"""

from __future__ import annotations

import re

import pytest

from pos_doctor.playbooks.library import Library

LIB = Library.load()
IDS = sorted(LIB.ids())

# switching the terminal off or restarting it; a "do not switch off" clause is the opposite and is removed first
POWER_EN = re.compile(r"\b(restart the terminal|switch (it|the terminal) off|unplug the terminal|power-cycle)", re.IGNORECASE)
POWER_ZH = re.compile(r"重启POS机|POS机断电|关机，")
NEGATED = re.compile(r"\b(do not|don't|never)\b[^.:;]*|(不要|不能|别|切勿)[^。；：]*", re.IGNORECASE)
START_UPDATE = re.compile(r"start the (software )?update|开始软件更新|开始更新", re.IGNORECASE)
SHOWN = re.compile(r"shown above|上面显示的")
SHOWS_RECORDS = {"last_transaction", "read_journal"}


def _text(step) -> tuple[str, str]:
    return (step.text.en, step.text.zh) if step.text else ("", "")


def _is_power(step) -> bool:
    en, zh = (NEGATED.sub(" ", t) for t in _text(step))
    return step.kind == "instruction" and bool(POWER_EN.search(en) or POWER_ZH.search(zh))


def _reachable(pb, start: str, blocked=lambda sid, target: False) -> set[str]:
    edges = pb.edges()
    seen, todo = set(), [start]
    while todo:
        cur = todo.pop()
        if cur in seen:
            continue
        seen.add(cur)
        todo.extend(t for t in edges[cur] if not blocked(cur, t))
    return seen


def _steps_with_includes(pb, ids: set[str]) -> list:
    """The steps of `ids`, and every step of a playbook one of them includes (an include runs in place)."""
    out, seen = [], set()
    todo = [(pb, sid) for sid in ids]
    while todo:
        p, sid = todo.pop()
        if (p.id, sid) in seen:
            continue
        seen.add((p.id, sid))
        step = p.step(sid)
        out.append((p.id, step))
        if step.kind == "include":
            child = LIB.get(step.playbook)
            todo += [(child, s.id) for s in child.steps]
    return out


def _not_updating_edge(pb, sid: str, target: str) -> bool:
    step = pb.step(sid)
    return step.kind == "question" and sid.endswith("update-running") and any(
        c.id == "not-updating" and c.goto == target for c in step.choices)


@pytest.mark.parametrize("pid", IDS)
def test_a_terminal_is_switched_off_only_after_saying_no_update_runs(pid):
    pb = LIB.get(pid)
    # without the "not updating" answers, no power step may be reachable from the start (or from an include)
    reach = _reachable(pb, pb.steps[0].id, blocked=lambda sid, t: _not_updating_edge(pb, sid, t))
    bad = [f"{p}/{s.id}" for p, s in _steps_with_includes(pb, reach) if _is_power(s)]
    assert not bad, f"{pid}: switched off or restarted without first asking whether an update runs: {bad}"


@pytest.mark.parametrize("pid", IDS)
def test_nothing_reachable_while_an_update_runs_switches_off_or_updates(pid):
    pb = LIB.get(pid)
    for q in (s for s in pb.steps if s.kind == "question" and s.id.endswith("update-running")):
        assert {c.id for c in q.choices} == {"not-updating", "updating"}, (pid, q.id)
        waiting = next(c.goto for c in q.choices if c.id == "updating")
        for p, s in _steps_with_includes(pb, _reachable(pb, waiting)):
            en, zh = _text(s)
            assert not _is_power(s) and not START_UPDATE.search(en) and not START_UPDATE.search(zh), \
                f"{pid}: while an update runs the walk reaches {p}/{s.id}: {en}"


def test_the_lint_catches_a_restart_reached_without_the_question():
    """Guards the guard: the old terminal-software (update, then restart) fails it."""
    import yaml

    from pos_doctor.playbooks.loader import parse_playbook
    from pos_doctor.yamlfile import load_yaml_text

    old = {"spec": 1, "id": "old-software", "title": {"en": "t", "zh": "软件"}, "summary": {"en": "s", "zh": "软件"},
           "situation": False, "steps": [
        {"id": "update", "kind": "instruction", "text": {"en": "Start the software update from the terminal menu.",
                                                         "zh": "在POS机菜单里开始软件更新。"}},
        {"id": "restart", "kind": "instruction", "text": {"en": "Restart the terminal: switch it off, wait 10 seconds, "
                                                          "switch it on.", "zh": "重启POS机：关机，等10秒，再开机。"}},
        {"id": "done", "kind": "end", "outcome": "resolved", "text": {"en": "ok", "zh": "好"}}]}
    pb = parse_playbook(load_yaml_text(yaml.safe_dump(old, allow_unicode=True), "old-software.yaml", "playbook"))
    reach = _reachable(pb, pb.steps[0].id, blocked=lambda sid, t: _not_updating_edge(pb, sid, t))
    assert any(_is_power(pb.step(s)) for s in reach)
    assert not _is_power(pb.steps[0])  # starting an update is not itself a power cycle (the other lint names it)


def _after_records(pb) -> set[str]:
    """Steps reachable from the start without passing a step that shows the terminal's records: those are the
    steps that cannot say "shown above"."""
    def blocked(sid, target):
        s = pb.step(sid)
        return s.kind == "reconcile" or (s.kind == "action" and s.action in SHOWS_RECORDS)

    return _reachable(pb, pb.steps[0].id, blocked=blocked)


@pytest.mark.parametrize("pid", IDS)
def test_numbers_referred_to_are_on_the_screen_under_the_slips_name(pid):
    pb = LIB.get(pid)
    before = _after_records(pb)
    for s in pb.steps:
        en, zh = _text(s)
        if SHOWN.search(en) or SHOWN.search(zh):
            assert s.id not in before, f"{pid}/{s.id}: says 'shown above' where nothing has been shown: {en}"
            # the reference number is shown only when the terminal reported one
            if "参考号" in zh:
                assert "如有" in zh and "if one is shown" in en, (pid, s.id, zh)
        # one name for one number, as the terminal's slip has it (ZVT: Beleg-Nr. is the receipt number, 凭证号)
        if "流水号" in zh:
            assert "trace" in en, (pid, s.id, en)
        if "trace" in en.lower():
            assert "流水号" in zh, (pid, s.id, zh)
        if re.search(r"receipt number|voucher", en):
            assert "凭证号" in zh, (pid, s.id, zh)


@pytest.mark.parametrize("pid", IDS)
def test_an_instruction_is_not_a_yes_no_question(pid):
    for s in LIB.get(pid).steps:
        if s.kind == "instruction":
            en, zh = _text(s)
            assert "?" not in en and "？" not in zh, f"{pid}/{s.id}: a question shown with 'Press Enter when done': {en}"
