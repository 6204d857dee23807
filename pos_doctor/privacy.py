"""Masking of card numbers and phone numbers. A leaf module: codecs, records, renderers and traces all use it.

One definition of each, in one function, `mask_text`, applied wherever text leaves the program:
- a number is a run of decimal digits in any script (ASCII, full-width, Arabic-Indic ...) joined by at most
  MAX_GAP separator characters (spaces of every kind, tabs, zero-width characters, dashes and en-dashes, dots,
  `/`, `_`, brackets, and their full-width forms);
- a card number (PAN) is 13-19 digits of such a run, Luhn-valid, the whole run or whole digit groups of it; it
  shows at most its first 6 and last 4 digits (fewer when it is short);
- a phone number is a Chinese mobile (1[3-9] + 9 digits, optionally after 86), a landline with its area code
  (0 + 9-11 digits), or any 8-15 digits written after `+`; it shows at most its first 3 (after the country code)
  and last 4 digits;
- a run is read as the numbers that cover the most digits, and then no card number that could also be read there
  shows more than its first 6 and last 4: a card written after a stray digit is never shown beyond 6 + 4, even where
  that hides digits a neighbouring number would have shown;
- a raw dump's runs (`dump_positions`) are also read without up to two digits at either end: a binary byte next to a
  text field can read as a digit.
`scrub` is the historic name of `mask_text`; `mask_pan` / `mask_phone` mask a value already known to be one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, compress

MAX_GAP = 3  # separators between two digit groups of one number: "  ", " - ", ") " (a tab run or a line break is one)
SEPARATORS = frozenset(
    " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"  # spaces
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width characters, soft hyphen
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"  # hyphens, dashes, minus
    "./_()[]\u00b7\u30fb\uff0e\uff0f\uff3f\uff08\uff09\u3002"  # dots, slashes, underscores, brackets
    ",;|*\uff0c\uff1b\uff5c\uff0a\u3001"  # commas, semicolons, bars, stars (and full-width), the ideographic comma
)
COLONS = frozenset(":\uff1a")  # a separator next to a group of 3 or more digits: 4111:1111:..., not a time 14:05:33
LINE_BREAKS = ("\r\n", "\n", "\r")
PLUS = frozenset("+\uff0b\ufe62")

_SEP_CLASS = "[" + "".join(re.escape(c) for c in sorted(SEPARATORS)) + "]"
_COLON = "(?:(?<=\\d\\d\\d)[:\uff1a]|[:\uff1a](?=\\d\\d\\d))"
# one separator: a run of tabs, a line break with the spaces and tabs around it, a separator character, or a colon
_UNIT = "(?:\\t++|[ \\t]{0,16}+(?:\\r\\n|\\n|\\r)[ \\t]{0,16}+|" + _SEP_CLASS + "|" + _COLON + ")"
_RUN = re.compile("\\d++(?:" + _UNIT + "{1," + str(MAX_GAP) + "}\\d++)*+")
_GROUP = re.compile(r"\d+")


def _digit(ch: str) -> int | None:
    if ch.isdecimal():
        try:
            return int(ch)
        except ValueError:
            return None
    return None


_DOUBLED = "0246813579"  # d -> 2d with its digits summed, for Luhn
_DOUBLE = str.maketrans("0123456789", _DOUBLED)
_VALUE = bytes.maketrans(b"0123456789", bytes(range(10)))
_IS_ZERO = bytes([1] + [0] * 255)
_MOD10 = (10).__rmod__


def luhn_ok(digits: str) -> bool:
    digits = _ascii_digits(digits)
    return (sum(digits[::-2].encode().translate(_VALUE)) + sum(digits[-2::-2].translate(_DOUBLE).encode().translate(_VALUE))) % 10 == 0


def _ascii_digits(ds: str) -> str:
    return ds if ds.isascii() else "".join(ch if ch < "\x80" else str(int(ch)) for ch in ds)


def mask_pan(pan: str) -> str:
    """'4111111111111111' -> '411111******1111'. Non-digits (e.g. terminal-side 'E' fill) are dropped; digits of
    any script become ASCII."""
    digits = "".join(str(d) for d in (_digit(ch) for ch in str(pan)) if d is not None)
    n = len(digits)
    if n == 0:
        return ""
    if n >= 13:
        return digits[:6] + "*" * (n - 10) + digits[-4:]
    if n > 4:
        return "*" * (n - 4) + digits[-4:]
    return "*" * n


def mask_phone(phone: str) -> str:
    """'13812345678' -> '138****5678'; keeps at most the first 3 (after +86) and last 4 digits, and the layout."""
    s = str(phone)
    positions = [i for i, ch in enumerate(s) if _digit(ch) is not None]
    digits = "".join(str(_digit(s[i])) for i in positions)
    return _mask_phone_at(s, positions, digits)


def _phone_hidden(digits: str) -> tuple[int, int]:
    """(first, end) indices into a phone number's digits of those hidden: all but the first 3 (5 after 86) and the
    last 4; of a short one all but the last 2; of four digits or fewer, all."""
    n = len(digits)
    if n <= 4:
        return 0, n
    if n < 9:
        return 0, n - 2
    return 3 + (2 if digits.startswith("86") and n >= 13 else 0), n - 4


def _mask_phone_at(s: str, positions: list[int], digits: str) -> str:
    """`s` with the hidden digits of the phone number at `positions` (its digits: `digits`) as '*'. Linear in s."""
    lo, hi = _phone_hidden(digits)
    if lo >= hi:
        return s
    chars = list(s)
    for i in positions[lo:hi]:
        chars[i] = "*"
    return "".join(chars)


def _kind(digits: str, plus: bool) -> tuple[str | None, bool]:
    """(kind, whether the digits read as a card number too). A number written after '+', or 86 and a mobile number,
    is a phone number even when Luhn-valid: its mask shows no more than a card's."""
    n = len(digits)
    card = 13 <= n <= 19 and luhn_ok(digits)
    if (plus and 8 <= n <= 15) or (n == 13 and digits.startswith("861") and digits[3] in "3456789"):
        return "phone", card
    if card:
        return "pan", True
    if n == 11 and digits[0] == "1" and digits[1] in "3456789":
        return "phone", False
    if 10 <= n <= 12 and digits[0] == "0" and digits[1] != "0":
        return "phone", False
    return None, False


# A reading of digits [a, b) of a run: (a, b, kind or None, index of its first group, of its last, reads as a card)
Reading = tuple


def _readings_small(ds: str, gs: list[int], ge: list[int], plus: bool) -> list[Reading]:
    out = []
    n = len(gs)
    for gi in range(n):
        a = gs[gi]
        for gj in range(gi, n):
            b = ge[gj]
            if b - a > 19:
                break
            if b - a < 8:
                continue
            kind, card = _kind(ds[a:b], plus and gi == 0)
            if kind or card:
                out.append((a, b, kind, gi, gj, card))
    return out


_MOBILE = re.compile("(?=1[3-9])")
_MOBILE86 = re.compile("(?=861[3-9])")
_LANDLINE = re.compile("(?=0[1-9])")
_ONE = re.compile(b"\x01")


def _readings_large(ds: str, gs: list[int], ge: list[int], plus: bool) -> list[Reading]:
    """_readings_small for a long run: the Luhn test of every start and length at once, on whole byte strings (the
    Luhn sums of all prefixes, compared at distance 13..19), so that only the numbers found cost a step each."""
    m = len(ds)
    starts, ends = bytearray(m + 1), bytearray(m + 1)
    for a in gs:
        starts[a] = 1
    for b in ge:
        ends[b] = 1
    plain, doubled = ds.encode().translate(_VALUE), ds.translate(_DOUBLE).encode().translate(_VALUE)
    w0, w1 = bytearray(plain), bytearray(plain)
    w0[1::2], w1[0::2] = doubled[1::2], doubled[0::2]  # w0: the digits at odd places doubled, w1: at even places
    s0 = bytes(map(_MOD10, accumulate(w0, initial=0)))  # Luhn sums mod 10 of every prefix
    s1 = bytes(map(_MOD10, accumulate(w1, initial=0)))
    found: dict[tuple[int, int], list] = {}
    for length in range(13, min(19, m) + 1):
        k = m + 1 - length
        eq0 = (int.from_bytes(s0[:k], "big") ^ int.from_bytes(s0[length:], "big")).to_bytes(k, "big").translate(_IS_ZERO)
        eq1 = (int.from_bytes(s1[:k], "big") ^ int.from_bytes(s1[length:], "big")).to_bytes(k, "big").translate(_IS_ZERO)
        sel = bytearray(eq1)
        p = (length + 1) % 2  # starts a with a + length odd: the number's last digit at an even place, so w0's sums
        sel[p::2] = eq0[p::2]
        hits = int.from_bytes(sel, "big") & int.from_bytes(starts[:k], "big") & int.from_bytes(ends[length:], "big")
        if hits:
            for mm in _ONE.finditer(hits.to_bytes(k, "big")):
                found[(mm.start(), mm.start() + length)] = ["pan", True]
    for pattern, lengths in ((_MOBILE, (11,)), (_MOBILE86, (13,)), (_LANDLINE, (10, 11, 12))):
        for mm in pattern.finditer(ds):
            a = mm.start()
            if starts[a]:
                for length in lengths:
                    if a + length <= m and ends[a + length]:
                        entry = found.setdefault((a, a + length), [None, False])
                        if entry[0] is None or length == 13:  # 86 + mobile: a phone number even when Luhn-valid
                            entry[0] = "phone"
    if plus:
        for length in range(8, min(15, m) + 1):
            if ends[length]:
                found.setdefault((0, length), [None, False])[0] = "phone"
    gi_of, gj_of = dict(zip(gs, range(len(gs)))), dict(zip(ge, range(len(ge))))
    return [(a, b, kind, gi_of[a], gj_of[b], card) for (a, b), (kind, card) in found.items()]


SMALL_RUN = 64  # digits: a shorter run is read number by number, a longer one with _readings_large


def _dp(readings: list[Reading], g0: int, n: int) -> tuple[dict[int, Reading], list[int]]:
    """The reading chosen at each group g0..n-1 of a run and best[g], the most digits that numbers made of whole
    groups g.. cover: a card number written next to a phone number is two numbers, not one long card number and a
    clear rest; of two readings at one group that cover as much, the longer. Linear in the run's length."""
    at: dict[int, list[Reading]] = {}
    for r in sorted((r for r in readings if r[2]), key=lambda r: r[1]):  # at one group, the shorter first
        at.setdefault(r[3], []).append(r)
    best = [0] * (n + 1)
    choice: dict[int, Reading] = {}
    if not at:
        return choice, best
    for g in range(n - 1, g0 - 1, -1):
        top = best[g + 1]
        if g in at:
            top, pick = _pick(at[g], top, best)
            if pick is not None:
                choice[g] = pick
        best[g] = top
    return choice, best


def _pick(readings: list[Reading], top: int, best: list[int]) -> tuple[int, Reading | None]:
    pick = None
    for r in readings:
        covered = r[1] - r[0] + best[r[4] + 1]
        if covered > top or (covered == top and pick is not None and r[1] - r[0] > pick[1] - pick[0]):
            top, pick = covered, r
    return top, pick


def _path(choice: dict[int, Reading], g0: int) -> list[Reading]:
    out, g = [], g0
    for start in sorted(choice):
        if start >= g:
            out.append(choice[start])
            g = choice[start][4] + 1
    return out


def _choose(readings: list[Reading], g0: int, n: int) -> list[Reading]:
    return _path(_dp(readings, g0, n)[0], g0)


def _hide(ds: str, readings: list[Reading], chosen: list[Reading]) -> bytearray:
    """Per digit of a run, whether it is hidden: the hidden digits of each number chosen, and every digit but the
    first 6 and last 4 of every reading as a card number (a card number written after a stray digit is never shown
    beyond 6 + 4, even where that hides digits a neighbouring number would have shown)."""
    hidden = bytearray(len(ds))
    for a, b, _kind_, _gi, _gj, card in readings:
        if card:
            hidden[a + 6:b - 4] = b"\x01" * (b - a - 10)
    for a, b, kind, _gi, _gj, _card in chosen:
        if kind == "phone":
            lo, hi = _phone_hidden(ds[a:b])
            hidden[a + lo:a + hi] = b"\x01" * (hi - lo)
    return hidden


def _read_run(ds: str, gs: list[int], ge: list[int], plus: bool) -> tuple[list[Reading], bytearray]:
    """The numbers chosen in a run of digits `ds` (groups starting at gs, ending at ge) and which digits are hidden."""
    readings = (_readings_small if len(ds) <= SMALL_RUN else _readings_large)(ds, gs, ge, plus)
    chosen = _choose(readings, 0, len(gs))
    return chosen, _hide(ds, readings, chosen)


def _runs(text: str):
    """(groups, digits) of each run of at least 8 digits: groups as (start, end) indices into text of digits written
    next to each other, joined by at most MAX_GAP separators; digits as ASCII."""
    for run in _RUN.finditer(text):
        s, e = run.span()
        if e - s < 8:
            continue
        groups = [g.span() for g in _GROUP.finditer(text, s, e)]
        ds = "".join([text[a:b] for a, b in groups])
        if len(ds) < 8:
            continue
        yield groups, _ascii_digits(ds)


def _offsets(groups: list[tuple[int, int]]) -> tuple[list[int], list[int], list[int]]:
    """Per group its first and end digit offset in the run, and per digit its index in the text."""
    gs, ge, pos, k = [], [], [], 0
    for a, b in groups:
        gs.append(k)
        k += b - a
        ge.append(k)
        pos.extend(range(a, b))
    return gs, ge, pos


def _plus_before(text: str, i0: int) -> bool:
    return (i0 > 0 and text[i0 - 1] in PLUS) or (i0 > 1 and text[i0 - 1] == " " and text[i0 - 2] in PLUS)


def _hidden_in_run(text: str, groups: list[tuple[int, int]], ds: str) -> tuple[list[Reading], bytearray, list[int]]:
    gs, ge, pos = _offsets(groups)
    chosen, hidden = _read_run(ds, gs, ge, _plus_before(text, groups[0][0]))
    return chosen, hidden, pos


def mask_text(text: str) -> str:
    """Mask every card number and phone number in free text (see the module's docstring for what they are)."""
    if not text or not isinstance(text, str):
        return text
    pieces, done = [], 0
    for groups, ds in _runs(text):
        chosen, hidden, pos = _hidden_in_run(text, groups, ds)
        if not chosen and not any(hidden):
            continue
        s, e = groups[0][0], groups[-1][1]
        chars = list(text[s:e])
        for i in compress(pos, hidden):
            chars[i - s] = "*"
        pieces.append(text[done:s])
        at = 0
        for a, b, kind, _gi, _gj, _card in chosen:
            first, last = pos[a] - s, pos[b - 1] + 1 - s
            if kind == "pan" and not any(br in text[s + first:s + last] for br in ("\n", "\r")):
                # a card number becomes its digits alone (one per digit, the hidden ones '*'); split across lines,
                # it keeps its layout, as a phone number does, so that the lines stay lines
                pieces.append("".join(chars[at:first]))
                pieces.append("".join("*" if hidden[k] else ds[k] for k in range(a, b)))
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
    for groups, ds in _runs(text):
        _chosen, hid, pos = _hidden_in_run(text, groups, ds)
        hidden.update(compress(pos, hid))
    return hidden


DUMP_TRIM = 2  # binary bytes that read as digits, on either side of a number in a dump


def dump_positions(text: str) -> set[int]:
    """masked_positions for the bytes of a raw dump read as text (the hex column of a message or a trace). In a dump,
    a binary byte next to a text field can read as a digit — a TLV length 0x31 is '1' — and join the number in it, so
    that the digits found are no card number and the real one stays in clear. A dump's digit runs are therefore also
    read without up to two digits at either end. A dump may hide a few digits more than the text would (the decoded
    text beside it is masked exactly); it never hides fewer."""
    hidden: set[int] = set()
    for groups, ds in _runs(text):
        gs, ge, pos = _offsets(groups)
        m = len(ds)
        plus = _plus_before(text, groups[0][0])
        readings = (_readings_small if m <= SMALL_RUN else _readings_large)(ds, gs, ge, plus)
        hid = bytearray(m)
        for tail in range(DUMP_TRIM + 1 if m >= 13 + 1 else 1):
            _read_trimmed(ds, gs, ge, readings, m - tail, plus, hid)
        hidden.update(compress(pos, hid))
    return hidden


def _read_trimmed(ds: str, gs: list[int], ge: list[int], readings: list[Reading], hi: int, plus: bool,
                  hidden: bytearray) -> None:
    """Adds to `hidden` what the readings of digits lo..hi of a run hide, for lo = 0 .. DUMP_TRIM (the run read as if
    it ended at hi, and began at lo; for lo > 0 only when the run has 14 digits or more). Their numbers are those of
    the whole run that lie within, and those that begin at lo or end at hi where lo or hi cuts a group; group indices
    stay those of the whole run. The readings from lo > 0 differ from the one from 0 only at the first group: each
    is followed from there until it meets the path of the one from 0."""
    m = len(ds)
    g1 = bisect_right(gs, hi - 1) - 1  # the group that holds digit hi - 1
    inside = [r for r in readings if r[1] <= hi] if hi < m else list(readings)
    if hi != ge[g1]:  # numbers that end at hi, where hi cuts group g1
        for gi in range(g1, -1, -1):
            if hi - gs[gi] > 19:
                break
            if hi - gs[gi] >= 8:
                kind, card = _kind(ds[gs[gi]:hi], plus and gi == 0)
                if kind or card:
                    inside.append((gs[gi], hi, kind, gi, g1, card))
    n = g1 + 1
    choice, best = _dp(inside, 0, n)
    path = _path(choice, 0)
    _or(hidden, _hide(ds, inside, path))
    if m < 13 + 1:
        return
    on_path = {r[3] for r in path}
    starts = sorted(choice)
    for lo in range(1, DUMP_TRIM + 1):
        g0 = bisect_right(gs, lo) - 1
        if hi - lo < 8:
            continue
        first = [r for r in inside if r[3] == g0 and r[0] >= lo]
        for b in sorted({min(ge[gj], hi) for gj in range(g0, n)}):  # numbers that begin at lo, where lo cuts g0
            if lo != gs[g0] and 8 <= b - lo <= 19:
                kind, card = _kind(ds[lo:b], False)
                if kind or card:
                    first.append((lo, b, kind, g0, bisect_right(gs, b - 1) - 1, card))
        first.sort(key=lambda r: r[1])
        _top, pick = _pick([r for r in first if r[2]], best[g0 + 1], best)
        walked = [pick] if pick is not None else []
        g = pick[4] + 1 if pick is not None else g0 + 1
        k = bisect_right(starts, g - 1)
        while k < len(starts) and starts[k] not in on_path:  # until it meets the reading from 0
            walked.append(choice[starts[k]])
            g = choice[starts[k]][4] + 1
            k = bisect_right(starts, g - 1, k)
        _or(hidden, _hide(ds, first, walked))


def _or(hidden: bytearray, more: bytearray) -> None:
    if any(more):
        hidden[:] = (int.from_bytes(hidden, "big") | int.from_bytes(more, "big")).to_bytes(len(hidden), "big")


def redact_text_bytes(data: bytes, cells: list[str]) -> list[str]:
    """Hex-dump cells of `data` (one per byte) with the bytes of any card or phone number written as text in it
    (ASCII / Latin-1, as terminals send status texts, abort texts and print lines) replaced by '**'."""
    hidden = dump_positions(bytes(data).decode("latin-1"))
    return ["**" if k in hidden else c for k, c in enumerate(cells)]
