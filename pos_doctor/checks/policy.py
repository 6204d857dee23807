"""Software policy: per terminal model, the minimum version and versions known to be bad.

Technicians maintain it as YAML (`spec: 1`). Its format is the typed model below (PolicyFile: the JSON Schema
`pos-doctor schema software-policy` is generated from it); every problem is a UserFileError naming file, line
and key, all of a file's problems at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

from msgspec import Meta, Struct

from pos_doctor.errors import Problem, UserFileError, Where, problem
from pos_doctor.filemodel import file_schema, keys_of, renamed_problem, required_of, struct_fields
from pos_doctor.yamlfile import YamlDoc, check_keys, load_yaml_file, require_mapping, type_word

KIND = "software policy"
SCHEMA_FILE = "software-policy.schema.json"
Version = Annotated[str, Meta(min_length=1, description='A version in quotes, e.g. "2.4.1".')]


class BadVersion(Struct, frozen=True, forbid_unknown_fields=True):
    """A version known to be bad, and why."""

    version: Version
    note: str = ""


class ModelSpec(Struct, frozen=True, forbid_unknown_fields=True):
    """One terminal model: below `minimum` warns, a `bad` version is critical."""

    minimum: Version | None = None
    current: Version | None = None
    bad: tuple[BadVersion, ...] = ()


class PolicyFile(Struct, frozen=True, forbid_unknown_fields=True):
    """pos-doctor's software policy: per terminal model (as the terminal reports it), the versions to warn about."""

    spec: Literal[1]
    models: dict[str, ModelSpec]


SPEC = get_args({f.name: f.type for f in struct_fields(PolicyFile)}["spec"])[0]
RENAMED = {"format": "spec"}  # the key of earlier versions


@dataclass
class ModelPolicy:
    minimum: str | None = None
    current: str | None = None
    bad: dict[str, str] = field(default_factory=dict)  # version -> note


@dataclass
class SoftwarePolicy:
    file: str
    models: dict[str, ModelPolicy]


def version_key(v: str) -> tuple:
    """'2.4.1' < '2.10.0'; non-numeric parts compare as text after the numbers."""
    return tuple(int(p) if p.isdigit() else -1 for p in re.findall(r"\d+|[A-Za-z]+", v))


def default_policy_path() -> Path:
    from pos_doctor.resources import data_dir

    return data_dir() / "software-policy.yaml"


def policy_schema() -> dict[str, Any]:
    return file_schema(PolicyFile, f"pos-doctor software policy (spec {SPEC})", SCHEMA_FILE)


def load_policy(path: str | Path) -> SoftwarePolicy:
    doc = load_yaml_file(path, KIND)
    top = require_mapping(doc, KIND, (), doc.data)
    problems: list[tuple[Where, Problem]] = []
    for old, new in RENAMED.items():
        if old in top:
            problems.append((doc.where((old,)), renamed_problem(old, new, top[old])))
    problems += check_keys(doc, KIND, (), {k: v for k, v in top.items() if k not in RENAMED}, set(keys_of(PolicyFile)),
                           required_of(PolicyFile) - {RENAMED[k] for k in RENAMED if k in top})
    if problems:
        raise UserFileError(KIND, problems)
    if top["spec"] != SPEC:
        raise doc.error(KIND, ("spec",), problem("unsupported spec {v!r}; this pos-doctor reads spec: {spec}",
                                                 v=top["spec"], spec=SPEC))
    models_raw = require_mapping(doc, KIND, ("models",), top["models"])
    models: dict[str, ModelPolicy] = {}
    for name, raw in models_raw.items():
        models[str(name)] = _model(doc, ("models", name), raw, problems)
    if problems:
        raise UserFileError(KIND, problems)
    return SoftwarePolicy(str(path), models)


def _model(doc: YamlDoc, p: tuple, raw: Any, problems: list[tuple[Where, Problem]]) -> ModelPolicy:
    spec = require_mapping(doc, KIND, p, raw)
    problems += check_keys(doc, KIND, p, spec, set(keys_of(ModelSpec)), required_of(ModelSpec))
    mp = ModelPolicy()
    types = {f.name: f.type for f in struct_fields(ModelSpec)}
    for key, value in spec.items():
        if key not in types:
            continue
        if get_origin(types[key]) is not tuple:  # a version
            if isinstance(value, str):
                setattr(mp, key, value)
            else:
                problems.append((doc.where(p + (key,)), problem("must be a version string in quotes, not {got}",
                                                                got=type_word(value))))
            continue
        for i, entry in enumerate(value or []):  # the versions known to be bad
            q = p + (key, i)
            if not isinstance(entry, dict) or not isinstance(entry.get("version"), str):
                problems.append((doc.where(q), problem("each bad entry needs version: \"x.y.z\" and note: text")))
                continue
            problems += check_keys(doc, KIND, q, entry, set(keys_of(BadVersion)), required_of(BadVersion))
            mp.bad[entry["version"]] = str(entry.get("note") or "")
    return mp
