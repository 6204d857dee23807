"""Masking of card numbers and phone numbers. A leaf module: codecs, records and renderers all use it.

Rules: a card number (PAN) shows at most its first 6 and last 4 digits (fewer when it is short); a phone
number shows at most its first 3 and last 4 digits. `scrub()` is the last line of defence for free text
(receipt lines, operator notes, answers) on every output path.
"""

from __future__ import annotations

import re

_DIGITS_RUN = re.compile(r"(?<![0-9])(?:[0-9][ -]?){12,}[0-9](?![0-9])")  # any length: a card number may follow another digit group
_PHONE = re.compile(
    r"(?<![0-9*])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])"  # CN mobile
    r"|(?<![0-9*])0[1-9][0-9]{1,2}[ -]?[0-9]{7,8}(?![0-9])"  # CN landline with area code
    r"|\+[1-9][0-9 ()-]{6,16}[0-9](?![0-9])"  # international, written with +
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mask_pan(pan: str) -> str:
    """'4111111111111111' -> '411111******1111'. Non-digits (e.g. terminal-side 'E' fill) are dropped."""
    digits = "".join(ch for ch in str(pan) if ch.isdigit())
    n = len(digits)
    if n == 0:
        return ""
    if n >= 13:
        return digits[:6] + "*" * (n - 10) + digits[-4:]
    if n > 4:
        return "*" * (n - 4) + digits[-4:]
    return "*" * n


def mask_phone(phone: str) -> str:
    """'13812345678' -> '138****5678'; keeps at most the first 3 and last 4 digits, and the layout."""
    s = str(phone)
    positions = [i for i, ch in enumerate(s) if ch.isdigit()]
    n = len(positions)
    if n <= 4:
        keep = set()
    elif n < 9:
        keep = set(positions[-2:])
    else:
        prefix = 3 + (2 if s.lstrip().startswith("+86") or (n == 13 and s.lstrip().startswith("86")) else 0)
        keep = set(positions[:prefix]) | set(positions[-4:])
    return "".join("*" if (i in positions and i not in keep) else ch for i, ch in enumerate(s))


def _pan_in_groups(raw: str) -> str:
    """A run like 'till 3 4111 1111 1111 1111' as one digit run is no PAN, but a span of its space/dash
    separated groups may be: mask the longest Luhn-valid span of whole groups (13-19 digits)."""
    groups = [(g.start(), g.end()) for g in re.finditer(r"[0-9]+", raw)]
    best = None
    for i in range(len(groups)):
        for j in range(i, len(groups)):
            span = raw[groups[i][0]:groups[j][1]]
            digits = re.sub(r"[^0-9]", "", span)
            if len(digits) > 19:
                break
            if len(digits) >= 13 and luhn_ok(digits) and (best is None or len(digits) > best[2]):
                best = (groups[i][0], groups[j][1], len(digits))
    if best is None:
        return raw
    start, end, _ = best
    return raw[:start] + mask_pan(raw[start:end]) + _pan_in_groups(raw[end:])


def scrub(text: str) -> str:
    """Mask every Luhn-valid card number (13-19 digits) and every phone number in free text."""
    if not text:
        return text

    def pan_sub(m: re.Match) -> str:
        raw = m.group(0)
        digits = re.sub(r"[^0-9]", "", raw)
        if 13 <= len(digits) <= 19 and luhn_ok(digits):
            return mask_pan(digits)
        return _pan_in_groups(raw)

    text = _DIGITS_RUN.sub(pan_sub, text)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)) if sum(c.isdigit() for c in m.group(0)) >= 7 else m.group(0), text)
