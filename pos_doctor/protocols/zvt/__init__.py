"""ZVT, cash-register side: pure codecs (framing, apdu, bmp, tlv, codes, messages, commands) and the session.

Names are resolved lazily so importing one codec does not pull in the rest.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ZvtClient": "session", "ZvtTimers": "session", "CommandResult": "session", "LineStats": "session",
    "decode_message": "messages", "TerminalMessage": "messages", "Transaction": "messages", "DeviceInfo": "messages",
    "safe_apdu": "commands",
    "encode_bmp": "bmp", "decode_bmps": "bmp", "bcd": "bmp", "llvar": "bmp", "lllvar": "bmp",
    "encode_tlv": "tlv", "decode_tlv": "tlv",
    "result_text": "codes", "terminal_status_text": "codes", "intermediate_text": "codes",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    mod = _EXPORTS.get(name)
    if mod is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{mod}"), name)
