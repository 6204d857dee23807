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
  text field can read as a digit.
Linear in the text: runs are found by one regular expression, a long run's readings computed on whole byte strings.
`scrub` is the historic name of `mask_text`; `mask_pan` / `mask_phone` mask a value already known to be one.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress
from typing import overload

MAX_GAP = 3  # separators between two digit groups of one number: "  ", " - ", ") " (a tab run or a line break is one)
SEPARATORS = frozenset(
    " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"  # spaces
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width characters, soft hyphen
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"  # hyphens, dashes, minus
    "./_()[]\u00b7\u30fb\uff0e\uff0f\uff3f\uff08\uff09\u3002"  # dots, slashes, underscores, brackets
    ",;|\uff0c\uff1b\uff5c\u3001"  # commas, semicolons, bars (and full-width), the ideographic comma
)
COLONS = frozenset(":\uff1a")  # a separator, but not in a time of day: 4111:1111:... is one number, 14:05:33 is not
STARS = frozenset("*\uff0a")  # a separator when alone (4111*1111*...); two or more are a mask, which never joins
LINE_BREAKS = ("\r\n", "\n", "\r")
PLUS = frozenset("+\uff0b\ufe62")

_SEP_CLASS = "[" + "".join(re.escape(c) for c in sorted(SEPARATORS)) + "]"
# a time of day: an hour of 1 or 2 digits (not more), a colon, minutes of 2 digits (not more)
_TIME_COLON = ("(?:(?<=(?<!\\d)\\d)|(?<=(?<!\\d)[0-2\uff10-\uff12]\\d))[:\uff1a][0-5\uff10-\uff15]\\d(?!\\d)")
_COLON = "(?!" + _TIME_COLON + ")[:\uff1a]"
_STAR = "(?<![*\uff0a])[*\uff0a](?![*\uff0a])"
# one separator: a run of tabs, a line break with the spaces and tabs around it, a separator character, or a colon
_BREAK = "[ \\t]{0,16}+(?:\\r\\n|\\n|\\r)[ \\t]{0,16}+"
_UNIT = "(?:\\t++|" + _BREAK + "|" + _SEP_CLASS + "|" + _COLON + "|" + _STAR + ")"
# a line that continues a number may begin with what reads as a time of day: "4111:1111:1111:1" / "11:11" is one
# card number, so there that colon joins (a line's own time, after a line that does not end in a number, does not)
_UNIT_IN_LINE = "(?:\\t++|" + _SEP_CLASS + "|" + _COLON + "|" + _STAR + ")"
_CONTINUED = _UNIT_IN_LINE + "{0," + str(MAX_GAP - 1) + "}+" + _BREAK + "\\d{1,2}[:\uff1a]\\d++"
_RUN = re.compile("\\d++(?:" + _CONTINUED + "|" + _UNIT + "{1," + str(MAX_GAP) + "}\\d++)*+")
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
    plain = digits[::-2].encode().translate(_VALUE)  # from the last digit, every other one as it is
    doubled = digits[-2::-2].translate(_DOUBLE).encode().translate(_VALUE)  # and the others doubled, digits summed
    return (sum(plain) + sum(doubled)) % 10 == 0


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


# The readings of a run: per digit offset a where a group starts, the lengths L (8..19) for which digits a..a+L, made of
# whole groups, are a card or phone number, as two byte planes: bit L-8 of lo[a] (L = 8..15), bit L-16 of hi[a].
_LENGTHS_LO = tuple(tuple(8 + k for k in range(8) if v >> k & 1) for v in range(256))
_LENGTHS_HI = tuple(tuple(16 + k for k in range(4) if v >> k & 1) for v in range(256))
SMALL_RUN = 64  # digits: a shorter run is read number by number, a longer one on whole byte strings (_planes)


def _is(digits: str) -> bytes:
    """A translation table of digit values: 1 for those in `digits`, else 0."""
    return bytes(1 if str(v) in digits else 0 for v in range(10)) + bytes(246)


_IS = {d: _is(d) for d in ("0", "1", "3456789", "123456789", "8", "6")}


class _Run:
    """A run of digits `ds` (ASCII) in groups starting at offsets `gs`, its readings (lo, hi planes) and `cards`: per
    digit 1 where a reading as a card number hides it (all but its first 6 and last 4)."""

    __slots__ = ("ds", "gs", "m", "plus", "lo", "hi", "cards")

    def __init__(self, ds: str, gs: list[int], plus: bool) -> None:
        self.ds, self.gs, self.m, self.plus = ds, gs, len(ds), plus
        (self._small if self.m <= SMALL_RUN else self._planes)()

    def lengths(self, a: int) -> tuple[int, ...]:
        return _LENGTHS_LO[self.lo[a]] + _LENGTHS_HI[self.hi[a]]

    def _small(self) -> None:
        ds, gs, m = self.ds, self.gs, self.m
        self.lo, self.hi, self.cards = bytearray(m + 1), bytearray(m + 1), bytearray(m)
        ends = gs[1:] + [m]
        for gi, a in enumerate(gs):
            for b in ends[gi:]:
                if b - a > 19:
                    break
                if b - a >= 8:
                    kind, card = _kind(ds[a:b], self.plus and a == 0)
                    self._add(a, b, kind, card)

    def _add(self, a: int, b: int, kind: str | None, card: bool) -> None:
        if kind:
            if b - a < 16:
                self.lo[a] |= 1 << (b - a - 8)
            else:
                self.hi[a] |= 1 << (b - a - 16)
        if card:
            self.cards[a + 6:b - 4] = b"\x01" * (b - a - 10)

    def _planes(self) -> None:
        """_small on whole byte strings, as integers of one byte per digit (little-endian: digit a is byte a, and
        `x >> 8 * k` moves digit a + k onto a): the Luhn sums of every prefix compared at distance 13..19, the
        first digits of mobile and landline numbers, the group starts and ends."""
        ds, gs, m = self.ds, self.gs, self.m
        n1 = m + 1
        starts = bytearray(n1)
        for a in gs:
            starts[a] = 1
        ends = b"\x00" + bytes(starts[1:m]) + b"\x01"  # a group ends where the next one starts, and at the run's end
        S, E = int.from_bytes(starts[:m], "little"), int.from_bytes(ends, "little")
        plain, doubled = ds.encode().translate(_VALUE), ds.translate(_DOUBLE).encode().translate(_VALUE)
        w0, w1 = bytearray(plain), bytearray(plain)
        w0[1::2], w1[0::2] = doubled[1::2], doubled[0::2]  # w0: the digits at odd places doubled, w1: at even places
        x0 = int.from_bytes(bytes(map(_MOD10, accumulate(w0, initial=0))), "little")  # Luhn sums mod 10 of prefixes
        x1 = int.from_bytes(bytes(map(_MOD10, accumulate(w1, initial=0))), "little")
        alt = (int.from_bytes(b"\x01\x00" * (n1 // 2 + 1), "little"), int.from_bytes(b"\x00\x01" * (n1 // 2 + 1), "little"))

        def zero(x: int) -> int:
            return int.from_bytes((x & ((1 << 8 * n1) - 1)).to_bytes(n1, "little").translate(_IS_ZERO), "little")

        def digit(which: str) -> int:
            return int.from_bytes(plain.translate(_IS[which]), "little")

        one, three9 = digit("1"), digit("3456789")
        mobile = one & (three9 >> 8)
        mobile86 = digit("8") & (digit("6") >> 8) & (one >> 16) & (three9 >> 24)
        landline = digit("0") & (digit("123456789") >> 8)
        lo = hi = cards = 0
        for length in range(8, 20):
            if length > m:
                break
            whole = S & (E >> 8 * length)  # starts a with a group ending at a + length
            valid = 0
            if length >= 13:
                # a + length odd: the number's last digit at an even place, so the sums of w0
                p = (length + 1) % 2
                luhn = (zero(x0 ^ (x0 >> 8 * length)) & alt[p]) | (zero(x1 ^ (x1 >> 8 * length)) & alt[1 - p])
                valid = luhn & whole
                for k in range(6, length - 4):
                    cards |= valid << 8 * k
            if length == 11:
                valid |= mobile & whole
            elif length == 13:
                valid |= mobile86 & whole
            if 10 <= length <= 12:
                valid |= landline & whole
            if length < 16:
                lo |= valid * (1 << (length - 8))
            else:
                hi |= valid * (1 << (length - 16))
        self.lo = bytearray(lo.to_bytes(n1, "little"))
        self.hi = bytearray(hi.to_bytes(n1, "little"))
        self.cards = bytearray((cards & ((1 << 8 * m) - 1)).to_bytes(m, "little"))
        if self.plus:  # after '+': a phone number of 8..15 digits from the first
            for length in range(8, min(15, m) + 1):
                if ends[length]:
                    self._add(0, length, "phone", False)


def _dp(run: _Run, end: int, extra: dict[int, tuple[int, ...]], base: _Reading | None = None
        ) -> tuple[dict[int, int], list[int], int]:
    """The reading chosen at each group start of run up to `end` (a length, by start) and best[a], the most digits
    that numbers made of whole groups from a on cover: a card number written next to a phone number is two numbers,
    not one long card number and a clear rest; of two readings at one group that cover as much, the longer. `extra`:
    readings that the run's planes lack (those ending at a cut). Linear in the run's length.

    With `base`, the reading of the same run up to a later end: walking back from `end`, once every group start in
    a window of 20 digits has chosen as the base did and covers a constant c digits more or less, every group start
    before it does too (a choice compares covers up to 19 digits ahead, all shifted by c): the rest is the base's.
    Also returns where the walk stopped (0 when it did not)."""
    best = [0] * (run.m + 1)
    choice: dict[int, int] = {}
    lo, hi = run.lo, run.hi
    after = end
    anchor, shift = -1, 0  # base: the highest group start of the current stretch that agrees with it, by `shift`
    b_best, b_choice = (base.best, base.choice) if base is not None else ((), {})
    limit = end - 20 if base is not None else -1  # agreement counts only where no reading reaches `end` (nor extra)
    for a in reversed(run.gs[:bisect_left(run.gs, end)]):
        top = best[after]
        pick = 0
        if lo[a] or hi[a] or a in extra:
            lengths = _LENGTHS_LO[lo[a]] + _LENGTHS_HI[hi[a]]
            if a in extra:
                lengths = tuple(sorted(set(lengths) | set(extra[a])))
            for length in lengths:
                if a + length > end:
                    break
                covered = length + best[a + length]
                if covered > top or (covered == top and pick):
                    top, pick = covered, length
            if pick:
                choice[a] = pick
        best[a] = top
        after = a
        if a < limit:
            if b_choice.get(a, 0) == pick and (anchor < 0 or top - b_best[a] == shift):
                if anchor < 0:
                    anchor, shift = a, top - b_best[a]
                elif anchor - a >= 19:
                    best[:a] = [x + shift for x in b_best[:a]]
                    choice.update({k: v for k, v in b_choice.items() if k < a})
                    return choice, best, a
            else:
                anchor = -1
    return choice, best, 0


class _Reading:
    """One reading of a run up to an end (_read_trimmed): its choices, covers and path, kept for the next end."""

    __slots__ = ("choice", "best", "path")

    def __init__(self, choice: dict[int, int], best: list[int], path: list[tuple[int, int]]) -> None:
        self.choice, self.best, self.path = choice, best, path


def _path(choice: dict[int, int], start: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for a in sorted(choice):
        if a >= pos:
            out.append((a, a + choice[a]))
            pos = a + choice[a]
    return out


def _hide_phones(run: _Run, spans: list[tuple[int, int]], hidden: bytearray) -> None:
    for a, b in spans:
        if _kind(run.ds[a:b], run.plus and a == 0)[0] == "phone":
            lo, hi = _phone_hidden(run.ds[a:b])
            hidden[a + lo:a + hi] = b"\x01" * (hi - lo)


def _read_run(run: _Run) -> tuple[list[tuple[int, int, str | None]], bytearray]:
    """The numbers chosen in a run, (first digit, end digit, kind), and per digit whether it is hidden: the hidden
    digits of each number chosen, and every digit but the first 6 and last 4 of every reading as a card number (a card
    number written after a stray digit is never shown beyond 6 + 4, even where that hides digits a neighbouring
    number would have shown)."""
    chosen = [(a, b, _kind(run.ds[a:b], run.plus and a == 0)[0]) for a, b in _path(_dp(run, run.m, {})[0], 0)]
    hidden = bytearray(run.cards)
    for a, b, kind in chosen:  # as _hide_phones, with the kinds already read
        if kind == "phone":
            lo, hi = _phone_hidden(run.ds[a:b])
            hidden[a + lo:a + hi] = b"\x01" * (hi - lo)
    return chosen, hidden


_ASCII_DIGIT = bytes(1 if 0x30 <= b <= 0x39 else 0 for b in range(256))
_NOT_ASCII_DIGIT = bytes(b for b in range(256) if not 0x30 <= b <= 0x39)


def _runs(text: str):
    """(s, e, gs, pos, ds) of each run of at least 8 digits: its span in text (from its first digit to the end of its
    last), the digit offset where each group of digits written next to each other starts (groups joined by at most
    MAX_GAP separators), the index in text of each digit, and the digits as ASCII."""
    for run in _RUN.finditer(text):
        s, e = run.span()
        if e - s < 8:
            continue
        sub = text[s:e]
        if sub.isascii():  # on whole byte strings: the digits, their places and the group starts at once
            raw = sub.encode("ascii")
            ds = raw.translate(None, _NOT_ASCII_DIGIT).decode("ascii")
            if len(ds) < 8:
                continue
            mask = raw.translate(_ASCII_DIGIT)
            marks = int.from_bytes(mask, "little")
            starts = (marks & ~(marks << 8)).to_bytes(len(raw), "little")  # a digit after a non-digit (or the first)
            pos = list(compress(range(s, e), mask))
            gs = list(compress(range(len(ds)), compress(starts, mask)))
            yield s, e, gs, pos, ds
            continue
        groups = [g.span() for g in _GROUP.finditer(text, s, e)]
        ds = "".join([text[a:b] for a, b in groups])
        if len(ds) < 8:
            continue
        gs, _ge, pos = _offsets(groups)
        yield s, e, gs, pos, _ascii_digits(ds)


def _offsets(groups: list[tuple[int, int]]) -> tuple[list[int], list[int], list[int]]:
    """Per group its first and end digit offset in the run, and per digit its index in the text."""
    gs: list[int] = []
    ge: list[int] = []
    pos: list[int] = []
    k = 0
    for a, b in groups:
        gs.append(k)
        k += b - a
        ge.append(k)
        pos.extend(range(a, b))
    return gs, ge, pos


def _plus_before(text: str, i0: int) -> bool:
    return (i0 > 0 and text[i0 - 1] in PLUS) or (i0 > 1 and text[i0 - 1] == " " and text[i0 - 2] in PLUS)


def _hidden_in_run(text: str, s: int, gs: list[int], ds: str) -> tuple[list, bytearray]:
    return _read_run(_Run(ds, gs, _plus_before(text, s)))


@overload
def mask_text(text: str) -> str: ...
@overload
def mask_text(text: None) -> None: ...
def mask_text(text: str | None) -> str | None:
    """Mask every card number and phone number in free text (see the module's docstring for what they are)."""
    if not text or not isinstance(text, str):
        return text
    pieces, done = [], 0
    for s, e, gs, pos, ds in _runs(text):
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
                pieces.append("".join(["*" if h else d for d, h in zip(ds[a:b], hidden[a:b])]))
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
    for s, _e, gs, pos, ds in _runs(text):
        _chosen, hid = _hidden_in_run(text, s, gs, ds)
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
    for s, _e, gs, pos, ds in _runs(text):
        run = _Run(ds, gs, _plus_before(text, s))
        hid = bytearray(run.cards)
        base = None
        for tail in range(DUMP_TRIM + 1 if run.m >= 13 + 1 else 1):
            reading = _read_trimmed(run, run.m - tail, hid, base)
            base = base or reading
        hidden.update(compress(pos, hid))
    return hidden


def _read_trimmed(run: _Run, end: int, hidden: bytearray, base: _Reading | None = None) -> _Reading:
    """Adds to `hidden` what the readings of digits lo..end of a run hide, for lo = 0 .. DUMP_TRIM (the run read as
    if it ended at `end`, and began at lo; for lo > 0 only when the run has 14 digits or more). Their numbers are
    those of the whole run that lie within, and those that begin at lo or end at `end` where it cuts a group. The
    readings from lo > 0 differ from the one from 0 only at the first group: each is followed from there until it
    meets the path of the one from 0. With `base` (the reading up to a later end), what the two share is taken from it:
    the numbers of its path before the place where their readings agree are already hidden."""
    ds, gs, m = run.ds, run.gs, run.m
    extra: dict[int, tuple[int, ...]] = {}
    g1 = bisect_right(gs, end - 1) - 1  # the group that holds digit end - 1
    if end < m and end not in gs:  # numbers that end at `end`, where it cuts group g1
        for gi in range(g1, -1, -1):
            a = gs[gi]
            if end - a > 19:
                break
            if end - a >= 8:
                kind, card = _kind(ds[a:end], run.plus and a == 0)
                if kind:
                    extra[a] = (end - a,)
                if card:
                    hidden[a + 6:end - 4] = b"\x01" * (end - a - 10)
    choice, best, agreed = _dp(run, end, extra, base)
    if agreed and base is not None:  # the same path as the base's up to `agreed`, its phones hidden already
        k = bisect_left(base.path, (agreed, -1))
        shared = base.path[:k]
        rest = _path({a: n for a, n in choice.items() if a >= agreed}, shared[-1][1] if shared else 0)
        _hide_phones(run, rest, hidden)
        path = shared + rest
    else:
        path = _path(choice, 0)
        _hide_phones(run, path, hidden)
    reading = _Reading(choice, best, path)
    if m < 13 + 1:
        return reading
    on_path = {a for a, _ in path}
    keys = sorted(choice)
    for lo in range(1, DUMP_TRIM + 1):
        if end - lo < 8:
            continue
        g0 = bisect_right(gs, lo) - 1
        after = gs[g0 + 1] if g0 + 1 < len(gs) and gs[g0 + 1] < end else end
        if lo == gs[g0]:
            lengths = tuple(sorted(set(run.lengths(lo)) | set(extra.get(lo, ()))))
        else:  # numbers that begin at lo, where it cuts group g0
            found = []
            for b in [g for g in gs[g0 + 1:bisect_right(gs, lo + 19)] if g < end] + [end]:
                if 8 <= b - lo <= 19:
                    kind, card = _kind(ds[lo:b], False)
                    if kind:
                        found.append(b - lo)
                    if card:
                        hidden[lo + 6:b - 4] = b"\x01" * (b - lo - 10)
            lengths = tuple(found)
        top, pick = best[after], 0
        for length in lengths:
            if lo + length > end:
                break
            covered = length + best[lo + length]
            if covered > top or (covered == top and pick):
                top, pick = covered, length
        walked = [(lo, lo + pick)] if pick else []
        pos = lo + pick if pick else after
        k = bisect_left(keys, pos)
        while k < len(keys) and keys[k] not in on_path:  # until it meets the reading from 0
            a = keys[k]
            walked.append((a, a + choice[a]))
            k = bisect_left(keys, a + choice[a], k)
        for a, b in walked:
            kind = _kind(ds[a:b], False)[0]
            if kind == "phone":
                lo_, hi_ = _phone_hidden(ds[a:b])
                hidden[a + lo_:a + hi_] = b"\x01" * (hi_ - lo_)
    return reading


def redact_text_bytes(data: bytes, cells: list[str]) -> list[str]:
    """Hex-dump cells of `data` (one per byte) with the bytes of any card or phone number written as text in it
    (ASCII / Latin-1, as terminals send status texts, abort texts and print lines) replaced by '**'."""
    hidden = dump_positions(bytes(data).decode("latin-1"))
    return ["**" if k in hidden else c for k, c in enumerate(cells)]
