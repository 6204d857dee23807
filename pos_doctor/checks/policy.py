"""Software policy: per terminal model, the minimum version and versions known to be bad.

Technicians maintain it as YAML; every problem is a UserFileError naming file, line and key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pos_doctor.errors import UserFileError
from pos_doctor.yamlfile import check_keys, load_yaml_file, require_mapping, type_name

KIND = "software policy"
FORMAT = 1


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


def load_policy(path: str | Path) -> SoftwarePolicy:
    doc = load_yaml_file(path, KIND)
    top = require_mapping(doc, KIND, (), doc.data)
    problems = check_keys(doc, KIND, (), top, {"format", "models"}, {"format", "models"})
    if problems:
        raise UserFileError(KIND, problems)
    if top["format"] != FORMAT:
        raise doc.error(KIND, ("format",), f"format {top['format']!r} is not supported (expected {FORMAT})")
    models_raw = require_mapping(doc, KIND, ("models",), top["models"])
    models: dict[str, ModelPolicy] = {}
    for name, spec in models_raw.items():
        p = ("models", name)
        spec = require_mapping(doc, KIND, p, spec)
        problems += check_keys(doc, KIND, p, spec, {"minimum", "current", "bad"})
        mp = ModelPolicy()
        for key in ("minimum", "current"):
            if key in spec:
                if not isinstance(spec[key], str):
                    problems.append((doc.where(p + (key,)),
                                     f"must be a version string in quotes, not {type_name(spec[key])}"))
                else:
                    setattr(mp, key, spec[key])
        for i, entry in enumerate(spec.get("bad") or []):
            q = p + ("bad", i)
            if not isinstance(entry, dict) or not isinstance(entry.get("version"), str):
                problems.append((doc.where(q), "each bad entry needs version: \"x.y.z\" and note: text"))
                continue
            problems += check_keys(doc, KIND, q, entry, {"version", "note"}, {"version"})
            mp.bad[entry["version"]] = str(entry.get("note") or "")
        models[str(name)] = mp
    if problems:
        raise UserFileError(KIND, problems)
    return SoftwarePolicy(str(path), models)
