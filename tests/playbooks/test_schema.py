"""One source of truth for the playbook format: the JSON Schema is generated from the model (model.py), and real
playbooks pass (or fail) both alike."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from pos_doctor.errors import UserFileError
from pos_doctor.playbooks.loader import load_playbook
from pos_doctor.playbooks.schema import playbook_schema, render
from pos_doctor.resources import schemas_dir, shipped_playbooks_dir

VALIDATOR = jsonschema.Draft202012Validator(playbook_schema())
SHIPPED = sorted(shipped_playbooks_dir().glob("*.yaml"))


def test_the_schema_file_is_the_generated_one():
    assert (schemas_dir() / "playbook.schema.json").read_text(encoding="utf-8") == render(), \
        "regenerate: python -m pos_doctor.playbooks.schema > pos_doctor/schemas/playbook.schema.json"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_playbook_passes_the_schema_and_the_loader(path):
    assert not [e.message for e in VALIDATOR.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert load_playbook(path).id == path.stem


SAFE = """\
spec: 1
id: pay
title: {en: T, zh: 测}
summary: {en: S, zh: 概}
steps:
  - {id: amount, kind: record, field: customer_amount, type: amount, text: {en: a, zh: 金额}}
  - {id: rec, kind: reconcile, text: {en: r, zh: 核对}, on_charged: paid, on_not_charged: again, on_mismatch: call, on_unknown: call}
  - {id: paid, kind: end, outcome: resolved, text: {en: p, zh: 已付}}
  - {id: again, kind: end, outcome: resolved, allows: new_payment, text: {en: g, zh: 重收}}
  - {id: call, kind: escalate, to: {en: c, zh: 服务商}, text: {en: c, zh: 联系}}
"""


@pytest.mark.parametrize("change, schema_refuses", [
    (("", ""), False),
    (("on_unknown: call}", "}"), True),                        # a reconcile step must say where unknown goes
    (("allows: new_payment", "allows: charge"), True),          # an unknown permission
    (("kind: reconcile, text: {en: r, zh: 核对}, on_charged: paid", "kind: reconcile, goto: paid, text: {en: r, zh: 核对}, on_charged: paid"), True),
    (("on_unknown: call}", "on_unknown: again}"), False),       # well-formed, but a path problem: the loader's
])
def test_schema_and_loader_agree(tmp_path, change, schema_refuses):
    text = SAFE.replace(*change)
    path = tmp_path / "pay.yaml"
    path.write_text(text, encoding="utf-8")
    assert bool(list(VALIDATOR.iter_errors(yaml.safe_load(text)))) is schema_refuses
    if change == ("", ""):
        assert load_playbook(path).id == "pay"
    else:
        with pytest.raises(UserFileError):
            load_playbook(path)
    json.dumps(playbook_schema())  # plain JSON
