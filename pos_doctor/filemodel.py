"""What the typed models of the files people write (playbook, scenario, software policy) share: the keys a
class takes, which it requires, the keys of earlier versions, and its JSON Schema. The models themselves are
msgspec Structs or dataclasses; this module reads them and holds no key of any format.
"""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from msgspec import NODEFAULT, Meta
from msgspec.structs import FieldInfo, fields as _struct_fields

NOT_A_KEY = Meta(extra={"not_a_key": True})  # a field the loader sets (where a step stands), never written in a file


@cache
def struct_fields(cls: type) -> tuple[FieldInfo, ...]:
    """The fields of a model's class (msgspec evaluates the annotations on every call: once is enough)."""
    return _struct_fields(cls)


def _unoptional(tp: Any) -> Any:
    args = [a for a in get_args(tp) if a is not type(None)]
    return args[0] if type(None) in get_args(tp) and len(args) == 1 else tp


def not_keys(cls: type) -> list[str]:
    """The fields of a class that the loader sets and no file writes."""
    return [f.name for f in struct_fields(cls) if NOT_A_KEY in getattr(_unoptional(f.type), "__metadata__", ())]


def keys_of(cls: type) -> dict[str, Any]:
    """The keys a class of a format takes, each with its default (NODEFAULT: required)."""
    return dict(_keys_of(cls))


@cache
def _keys_of(cls: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in struct_fields(cls):
        if NOT_A_KEY in getattr(_unoptional(f.type), "__metadata__", ()):
            continue
        out[f.name] = f.default_factory() if f.default_factory is not NODEFAULT else f.default
    return out


def required_of(cls: type) -> set[str]:
    return {k for k, d in keys_of(cls).items() if d is NODEFAULT}


def renamed_problem(old: str, new: str, value: Any) -> Any:
    """A key of an earlier version of the format, named with the one that took its place."""
    from pos_doctor.errors import problem

    return problem("'{old}' is no longer a key; use `{new}:` instead ({new}: {value})", old=old, new=new, value=value)


def file_schema(cls: type, title: str, file: str) -> dict[str, Any]:
    """The JSON Schema of a file whose top is `cls` (the model's docstrings are its descriptions)."""
    import msgspec

    from pos_doctor.i18n import Text

    def hook(tp: type) -> dict[str, Any]:  # a text in its languages: the file's $defs name its form
        if tp is Text:
            return {"$ref": "#/$defs/Text"}
        raise NotImplementedError

    (top,), defs = msgspec.json.schema_components([cls], schema_hook=hook, ref_template="#/$defs/{name}")
    body = defs.pop(top["$ref"].rsplit("/", 1)[1])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://pos-doctor.invalid/schemas/{file}", **body, "title": title,
            **({"$defs": defs} if defs else {})}
