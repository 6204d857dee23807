"""The JSON Schema of the playbook format, generated from the model's classes (model.py) by msgspec.

`pos_doctor/schemas/playbook.schema.json` is this module's output (tests/playbooks/test_schema.py holds them
equal; regenerate every user file's schema with `python -m pos_doctor.file_schemas --write`). The schema is for
editors: it checks keys and types; the loader also checks references, paths and the money rule.

What msgspec cannot know is added here, without naming a key of the format: the file form of the two values held
parsed (a text keyed by locale, a condition), the registry's check ids, "one name or a list", and which action
takes which params.
"""

from __future__ import annotations

import json
from typing import Any

from pos_doctor.filemodel import not_keys
from pos_doctor.i18n import Text
from pos_doctor.playbooks.model import ACTION_PARAMS, SPEC, STEP_CLASSES, Action, PlaybookFile
from pos_doctor.textmaps import SCHEMA as TEXT_SCHEMA

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"
FILE = "playbook.schema.json"
TEXT = TEXT_SCHEMA  # a text keyed by locale, en required (textmaps.py)
CONDITION = {"type": "string", "minLength": 1, "maxLength": 400,
             "description": "Condition: and/or/not, == != < <= > >= in, text/number/true/false/null, and "
                            "answer('step'), check('id'), value('field'), last_tx('status'|'amount'|...), "
                            "visited('step'), and market (the shop's market: 'cn' or 'de'). Never eval'd."}


def _known_checks() -> list[str]:
    from pos_doctor.playbooks.reader import known_checks

    return known_checks()


def _hook(tp: type) -> dict[str, Any]:
    if tp is Text:
        return {"$ref": "#/$defs/Text"}
    return {"description": "not in the file"}  # a part of a parsed value (a condition's syntax tree): replaced below


def _walk(node: Any) -> Any:
    """The generated schema with the file forms put in: check ids as the registry's list; a value that is absent
    rather than null (a default of None) without its null; "one name or a list" where the model says so."""
    if isinstance(node, list):
        return [_walk(n) for n in node]
    if not isinstance(node, dict):
        return node
    if node.get("title") == "check id":
        return {"$ref": "#/$defs/check_id"}
    if node.get("type") == "array" and node.get("items", {}).get("title") == "check id":
        return {"$ref": "#/$defs/checks"}
    if node.get("default", 0) is None and "anyOf" in node:
        rest = [n for n in node["anyOf"] if n != {"type": "null"}]
        node = {k: v for k, v in node.items() if k not in ("anyOf", "default")} | (
            rest[0] if len(rest) == 1 else {"anyOf": rest})
    out = {k: _walk(v) for k, v in node.items()}
    if out.pop("oneOrList", False):
        out = {"oneOf": [out["items"], out]}
    return out


def playbook_schema() -> dict[str, Any]:
    import msgspec

    (top, *_), defs = msgspec.json.schema_components([PlaybookFile, *ACTION_PARAMS.values()], schema_hook=_hook,
                                                     ref_template="#/$defs/{name}")
    defs["Text"], defs["Condition"] = TEXT, CONDITION
    for cls in STEP_CLASSES:
        for name in not_keys(cls):
            defs[cls.__name__]["properties"].pop(name, None)
    action = defs[Action.__name__]
    names = sorted(ACTION_PARAMS)
    action["allOf"] = [{"if": {"properties": {"action": {"const": name}}},
                        "then": {"properties": {"params": {"$ref": f"#/$defs/{ACTION_PARAMS[name].__name__}"}},
                                 "required": ["params"]}} for name in names]
    action["allOf"].append({"if": {"properties": {"action": {"not": {"enum": names}}}},
                            "then": {"properties": {"params": {"type": "object", "maxProperties": 0}}}})
    body = _walk({**defs[top["$ref"].rsplit("/", 1)[1]], "$defs": defs})
    body["$defs"]["check_id"] = {"enum": _known_checks()}
    body["$defs"]["checks"] = {"type": "array", "items": {"enum": _known_checks()}}
    return {"$schema": SCHEMA_URL, "$id": f"https://pos-doctor.invalid/schemas/{FILE}",
            **body, "title": f"pos-doctor playbook (spec {SPEC})"}


def render() -> str:
    return json.dumps(playbook_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    print(render(), end="")
