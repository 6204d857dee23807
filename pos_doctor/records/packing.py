"""A run's document as the store keeps it: compact JSON, zlib-compressed with a preset dictionary."""

from __future__ import annotations

import functools
import json
from typing import Any

DOC_LEVEL = 9
# The stored document: 0x01 + zlib with a preset dictionary (pos_doctor/data/record-dict-1.json: typical check
# documents, so a healthy monitoring run's 5 KB document stores in about 200 bytes). A released dictionary never
# changes - records written with it must stay readable; a new one is record-dict-2.json with prefix 0x02.
DICT_VERSION = 1


@functools.lru_cache(maxsize=4)
def _zdict(version: int) -> bytes:
    from pos_doctor.resources import data_dir

    return (data_dir() / f"record-dict-{version}.json").read_bytes()


def pack(doc: dict) -> bytes:
    import zlib

    raw = json.dumps(doc, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")
    z = zlib.compressobj(DOC_LEVEL, zdict=_zdict(DICT_VERSION))
    return bytes([DICT_VERSION]) + z.compress(raw) + z.flush()


def unpack_blob(blob: bytes) -> dict:
    import zlib

    if blob[:1] == b"\x78":  # plain zlib
        return json.loads(zlib.decompress(blob).decode("utf-8"))
    z = zlib.decompressobj(zdict=_zdict(blob[0]))
    return json.loads((z.decompress(blob[1:]) + z.flush()).decode("utf-8"))


def unpack(row: Any) -> dict:
    """The document of a runs row: compressed (schema 2) or the text of a row written before."""
    blob = row["doc"] if "doc" in row.keys() else None
    if blob is not None:
        return unpack_blob(blob)
    return json.loads(row["document"])
