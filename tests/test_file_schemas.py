"""Issue 29: each file people write has ONE typed model, and its JSON Schema is generated from it. The shipped
schema files are the generated ones, the shipped files pass them, and the modules around the playbook model (the
reader, the loader's semantic passes, the schema generator) hold no table of the format of their own."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from pos_doctor.file_schemas import GENERATED, render
from pos_doctor.playbooks.model import KIND_CLASSES, KINDS, PlaybookFile, keys_of
from pos_doctor.resources import data_dir, scenarios_dir, schemas_dir

PACKAGE = Path(__file__).resolve().parents[1] / "pos_doctor"
AROUND_THE_MODEL = ["playbooks/loader.py", "playbooks/reader.py", "playbooks/schema.py", "file_schemas.py"]
# the modules that read loaded steps: they tell a kind by its class (isinstance), never by its word
STEP_READERS = ["playbooks/engine.py", "playbooks/walk.py", "playbooks/money_steps.py", "playbooks/replies.py",
                "playbooks/wording.py", "playbooks/answers.py", "playbooks/library.py", "fix/walk.py", "ui/wizard.py",
                "ui/playbook_doc.py"]
FORMAT_WORDS = set(KINDS) | set(keys_of(PlaybookFile)) | {k for c in KIND_CLASSES.values() for k in keys_of(c)}


@pytest.mark.parametrize("file", sorted(GENERATED))
def test_every_schema_file_is_the_generated_one(file):
    assert (schemas_dir() / file).read_text(encoding="utf-8") == render(file), \
        "regenerate: python -m pos_doctor.file_schemas --write"


@pytest.mark.parametrize("file, paths", [
    ("scenario.schema.json", sorted(scenarios_dir().glob("*.yaml"))),
    ("software-policy.schema.json", [data_dir() / "software-policy.yaml"]),
], ids=["scenario", "software-policy"])
def test_the_shipped_files_pass_their_generated_schema(file, paths):
    validator = jsonschema.Draft202012Validator(json.loads(render(file)))
    assert paths
    for path in paths:
        errors = [f"{path.name}: {e.json_path}: {e.message}" for e in
                  validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
        assert not errors


@pytest.mark.parametrize("file, text", [
    ("scenario.schema.json", "spec: 1\nname: x\ndescription: {en: a, zh: b}\nprinter: {paper: empty}\n"),
    ("scenario.schema.json", "spec: 1\nname: x\ndescription: {en: a, zh: b}\nterminal: {stauts: 0x9C}\n"),
    ("software-policy.schema.json", "format: 1\nmodels: {}\n"),
    ("software-policy.schema.json", "spec: 1\nmodels: {X: {minimum: 2.4}}\n"),
])
def test_the_generated_schemas_refuse_what_the_loaders_refuse(file, text):
    assert list(jsonschema.Draft202012Validator(json.loads(render(file))).iter_errors(yaml.safe_load(text)))


def _collections_of_format_words(tree: ast.Module) -> list[str]:
    """Literal collections (sets, tuples, lists, dict keys) of constants naming two or more keys or kinds (a path
    to a value, ("steps", i, "when"), is not a table)."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        if not all(isinstance(e, ast.Constant) for e in items):
            continue
        words = {e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)} & FORMAT_WORDS
        if len(words) >= 2:
            out.append(f"line {node.lineno}: {sorted(words)}")
    return out


def _kind_comparisons(tree: ast.Module) -> list[str]:
    """`step.kind == "end"`, `s.kind in ("record", ...)`: a kind named by its word instead of its class."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(isinstance(side, ast.Attribute) and side.attr == "kind"
                                                 for side in [node.left, *node.comparators]):
            out.append(f"line {node.lineno}")
    return out


@pytest.mark.parametrize("module", AROUND_THE_MODEL)
def test_no_table_of_the_format_outside_the_model(module):
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    assert _collections_of_format_words(tree) == []
    assert _kind_comparisons(tree) == []


@pytest.mark.parametrize("module", STEP_READERS)
def test_the_step_readers_tell_a_kind_by_its_class(module):
    assert _kind_comparisons(ast.parse((PACKAGE / module).read_text(encoding="utf-8"))) == []


def test_the_guard_sees_a_table_and_a_kind_comparison():
    tree = ast.parse('PER_KIND = {"question": {"choices", "field"}}\nif step.kind == "end":\n    pass\n')
    assert _collections_of_format_words(tree) and _kind_comparisons(tree)


@pytest.mark.parametrize("name, file", [("scenario", "scenario.schema.json"),
                                        ("software-policy", "software-policy.schema.json"),
                                        ("playbook", "playbook.schema.json")])
def test_the_schema_command_prints_the_generated_schema(tmp_path, name, file):
    import os
    import subprocess
    import sys

    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    p = subprocess.run([sys.executable, "-m", "pos_doctor", "schema", name], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout == render(file)


def test_a_loaded_playbook_holds_every_key_of_its_file():
    from dataclasses import fields

    from pos_doctor.playbooks.model import Playbook

    assert set(keys_of(PlaybookFile)) - {"spec"} <= {f.name for f in fields(Playbook)}
