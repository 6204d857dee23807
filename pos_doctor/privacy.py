"""Masking of card numbers and phone numbers. A leaf module: codecs, records, renderers and traces all use it.

One definition of each, in one function, `mask_text`, applied wherever text leaves the program:
- a number is a run of decimal digits in any script (ASCII, full-width, Arabic-Indic ...) joined by at most
  MAX_GAP separators: a character of SEPARATORS (spaces of every kind, zero-width characters, dashes and en-dashes,
  dots, `/`, `_`, brackets, `,`, `;`, `|`, the ideographic comma, and their full-width forms), a lone `*`, a colon
  that is not in a time of day (`4111:1111` joins, `14:05:33` does not; but a line that continues a number joins
  at its first colon even where it reads as a time: `4111:1111:1111:1` / `11:11`), a run of tabs, or a line break
  with the spaces and tabs around it (a number split across two lines of a receipt is one number: `mask_lines`);
- a card number (PAN) is 13-19 digits of such a run, Luhn-valid, the whole run or whole digit groups of it; it
  shows at most its first 6 and last 4 digits (fewer when it is short); split across lines it keeps its layout;
- a phone number is a Chinese mobile (1[3-9] + 9 digits, optionally after 86), a landline with its area code
  (0 + 9-11 digits), or any 8-15 digits written after `+`; it shows at most its first 3 (after the country code)
  and last 4 digits. A number after `+`, or 86 and a mobile, is a phone number even when it is Luhn-valid (its mask
  shows no more than a card's);
- a run is read as the numbers that cover the most digits, and then no card number that could also be read there
  shows more than its first 6 and last 4: a card written after a stray digit is never shown beyond 6 + 4, even where
  that hides digits a neighbouring number would have shown;
- a raw dump's runs (`dump_positions`) are also read without up to two digits at either end: a binary byte next to a
  text field can read as a digit (a run of 12 or 13 digits is not: see pos_doctor/masking/reading.py);
- every value given to `mask_text` is guarded: an int (not a bool) whose decimal text holds a card or phone number
  comes back as that text masked (4111111111111111 -> '411111******1111'); any other int, None and every other
  non-string come back unchanged.
Linear in the text: runs are found by one regular expression, a long run's readings computed on whole byte strings.
This module is the one entry point; how a run is read lives in pos_doctor/masking/ (internal to it).
`scrub` is the historic name of `mask_text`; `mask_pan` / `mask_phone` mask a value already known to be one.
"""

from __future__ import annotations

from itertools import compress
from typing import overload

# the rule's separators and the values masked by kind, re-exported: callers read them here
from pos_doctor.masking.numbers import luhn_ok, mask_pan, mask_phone  # noqa: F401
from pos_doctor.masking.reading import DUMP_TRIM, read_run, read_trimmed
from pos_doctor.masking.runs import (  # noqa: F401
    COLONS,
    LINE_BREAKS,
    MAX_GAP,
    PLUS,
    SEPARATORS,
    SMALL_RUN,
    STARS,
    Run,
    plus_before,
    runs,
)


def _hidden_in_run(text: str, s: int, gs: list[int], ds: str) -> tuple[list, bytearray]:
    return read_run(Run(ds, gs, plus_before(text, s)))


@overload
def mask_text(text: str) -> str: ...
@overload
def mask_text(text: None) -> None: ...
@overload
def mask_text(text: bool) -> bool: ...
@overload
def mask_text(text: int) -> int | str: ...
@overload
def mask_text(text: str | None) -> str | None: ...
@overload
def mask_text(text: object) -> object: ...
def mask_text(text: object) -> object:
    """Mask every card number and phone number in free text (see the module's docstring for what they are).

    Every value passes: an int (not a bool) whose decimal text holds a card or phone number comes back as that text
    masked (a card number stored as a number is still a card number); any other int, None and every other non-string
    come back as they are."""
    if isinstance(text, int):  # a bool too: 'True' and 'False' hold no number, it comes back as it is
        try:
            written = str(text)
        except ValueError:  # longer than Python writes out (4300 digits): one run of digits, no number is that long
            return text
        masked = mask_text(written)
        return text if masked == written else masked
    if not text or not isinstance(text, str):
        return text
    pieces, done = [], 0
    for s, e, gs, pos, ds in runs(text):
        chosen, hidden = _hidden_in_run(text, s, gs, ds)
        if not chosen and not any(hidden):
            continue
        chars = list(text[s:e])
        for i in compress(pos, hidden):
            chars[i - s] = "*"
        pieces.append(text[done:s])
        at = 0
        lines = "\n" in text[s:e] or "\r" in text[s:e]
        for a, b, kind in chosen:
            first, last = pos[a] - s, pos[b - 1] + 1 - s
            if kind == "pan" and not (lines and any(br in text[s + first:s + last] for br in ("\n", "\r"))):
                # a card number becomes its digits alone (one per digit, the hidden ones '*'); split across lines,
                # it keeps its layout, as a phone number does, so that the lines stay lines
                pieces.append("".join(chars[at:first]))
                pieces.append("".join(["*" if h else d for d, h in zip(ds[a:b], hidden[a:b], strict=False)]))
                at = last
        pieces.append("".join(chars[at:]))
        done = e
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


scrub = mask_text  # the historic name, used across the package


def mask_lines(lines: list[str]) -> list[str]:
    """Lines of one text (a receipt, a block of print lines) masked as one text: a card or phone number split
    across two lines is found. Returns as many lines; a line that held a line break itself comes back split."""
    lines = list(lines)
    if len(lines) < 2:
        return [mask_text(line) for line in lines]
    return mask_text("\n".join(lines)).split("\n")


def masked_positions(text: str) -> set[int]:
    """Indices of the characters of `text` that mask_text hides (for dumps that show the same text otherwise,
    such as the hex column of a trace)."""
    hidden: set[int] = set()
    for s, _e, gs, pos, ds in runs(text):
        _chosen, hid = _hidden_in_run(text, s, gs, ds)
        hidden.update(compress(pos, hid))
    return hidden


def dump_positions(text: str) -> set[int]:
    """masked_positions for the bytes of a raw dump read as text (the hex column of a message or a trace). In a dump,
    a binary byte next to a text field can read as a digit — a TLV length 0x31 is '1' — and join the number in it, so
    that the digits found are no card number and the real one stays in clear. A dump's digit runs are therefore also
    read without up to two digits at either end. A dump may hide a few digits more than the text would (the decoded
    text beside it is masked exactly); it never hides fewer."""
    hidden: set[int] = set()
    for s, _e, gs, pos, ds in runs(text):
        run = Run(ds, gs, plus_before(text, s))
        hid = bytearray(run.cards)
        base = None
        for tail in range(DUMP_TRIM + 1 if run.m >= 13 + 1 else 1):
            reading = read_trimmed(run, run.m - tail, hid, base)
            base = base or reading
        hidden.update(compress(pos, hid))
    return hidden


def redact_text_bytes(data: bytes, cells: list[str]) -> list[str]:
    """Hex-dump cells of `data` (one per byte) with the bytes of any card or phone number written as text in it
    (ASCII / Latin-1, as terminals send status texts, abort texts and print lines) replaced by '**'."""
    hidden = dump_positions(bytes(data).decode("latin-1"))
    return ["**" if k in hidden else c for k, c in enumerate(cells)]
