"""Issue 23, "Done when": the reviewer's pass in docs/playbooks-sources.md names, for each item the articles raise
that was only partly covered (reprint to check, what happens next by kind of fault, compensation, calling the
provider at once when unknown, other ways to pay, a follow-up date), the playbook steps that carry it now. Each item
is there, none is "not a step", and every step the table names first for a playbook exists in that playbook."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pos_doctor.playbooks.library import Library

DOC = Path(__file__).resolve().parents[2] / "docs" / "playbooks-sources.md"
ITEMS = ("reprint to check", "what happens next", "compensation", "calling the provider at once", "other ways to pay",
         "a follow-up date")


def _rows() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("only partly covered are steps now"):]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0] not in ("item", "---"):
            rows[cells[0]] = cells[1]
    return rows


def _named_steps(cell: str) -> list[tuple[str, str]]:
    """(playbook, step) for the first step named after each "playbook[, playbook]: " in a cell."""
    out, current = [], []
    for segment in re.sub(r"\([^)]*\)", "", cell).split(";"):
        m = re.match(r"\s*([a-z-]+(?:, [a-z-]+)*): (.*)", segment)
        if m:
            current, rest = m.group(1).split(", "), m.group(2)
        else:
            rest = segment
        first = re.match(r"\s*([a-z][a-z-]*)", rest)
        if first and current:
            out += [(pid, first.group(1)) for pid in current]
    return out


def test_every_item_of_the_issue_is_a_step_now():
    rows = _rows()
    for item in ITEMS:
        row = next((v for k, v in rows.items() if k.startswith(item)), None)
        assert row, f"docs/playbooks-sources.md: no row for {item!r}"
        assert "not a step" not in row, (item, row)


@pytest.mark.parametrize("item", ITEMS)
def test_the_steps_the_reviewer_pass_names_exist(item):
    lib = Library.load()
    row = next(v for k, v in _rows().items() if k.startswith(item))
    named = _named_steps(row)
    assert named, row
    for pid, step in named:
        assert step in {s.id for s in lib.get(pid).steps}, f"{item}: {pid} has no step {step!r}"


def test_the_parser_reads_a_row_as_written():
    assert _named_steps("funds-not-arrived: wait-for-money (the date), waiting; follow-up") == [
        ("funds-not-arrived", "wait-for-money"), ("funds-not-arrived", "follow-up")]
    assert _named_steps("a, b: x-y (c: d); e: z") == [("a", "x-y"), ("b", "x-y"), ("e", "z")]
