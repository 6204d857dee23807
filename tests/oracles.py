"""Oracles shared by the privacy tests, written from the rule and not from the masking code.

The rule (pos_doctor/privacy.py): a card number shows at most its first 6 and last 4 digits. "The full number is
absent" is not enough: an 8 + 4 mask passes it. So the oracles below look at what is visible.
"""

from __future__ import annotations

import re

_MASKED = re.compile(r"([0-9]*)\*+([0-9]*)")


def pan_leaks(pan: str, text: str) -> list[str]:
    """Every way `text` shows more of `pan` than 6 + 4 digits: any eleven digits of it in a row (windows: a hex dump
    or a number split by spaces must not spell it either), or a masked number with more than six digits before its
    stars or more than four after them (an 8 + 4 mask)."""
    flat = re.sub(r"\s", "", text)
    found = [pan[i:i + 11] for i in range(len(pan) - 10) if pan[i:i + 11] in flat]
    found += [m.group(0) for m in _MASKED.finditer(text) if len(m.group(1)) > 6 or len(m.group(2)) > 4]
    return found


def assert_pan_hidden(pan: str, *texts: str) -> None:
    for text in texts:
        leaks = pan_leaks(pan, text)
        assert not leaks, f"card number {pan} shows as {leaks[0]!r} in {text[:300]!r}"
