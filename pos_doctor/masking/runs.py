"""The runs of digits in a text and their readings (internal to pos_doctor.privacy, the one masking entry point): what
joins digit groups into one number (the separators of the rule), finding the runs by one regular expression, and per
run the lengths from each group start that read as a card or phone number (digit by digit for a short run, on whole
byte strings for a long one)."""

from __future__ import annotations

import re
from itertools import accumulate, compress
from typing import Iterator

from pos_doctor.masking.numbers import DOUBLE, IS_ZERO, MOD10, VALUE, ascii_digits, kind_of

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
RUN = re.compile("\\d++(?:" + _CONTINUED + "|" + _UNIT + "{1," + str(MAX_GAP) + "}\\d++)*+")
GROUP = re.compile(r"\d+")


# The readings of a run: per digit offset a where a group starts, the lengths L (8..19) for which digits a..a+L, made of
# whole groups, are a card or phone number, as two byte planes: bit L-8 of lo[a] (L = 8..15), bit L-16 of hi[a].
LENGTHS_LO = tuple(tuple(8 + k for k in range(8) if v >> k & 1) for v in range(256))
LENGTHS_HI = tuple(tuple(16 + k for k in range(4) if v >> k & 1) for v in range(256))
SMALL_RUN = 64  # digits: a shorter run is read number by number, a longer one on whole byte strings (_planes)


def _is(digits: str) -> bytes:
    """A translation table of digit values: 1 for those in `digits`, else 0."""
    return bytes(1 if str(v) in digits else 0 for v in range(10)) + bytes(246)


_IS = {d: _is(d) for d in ("0", "1", "3456789", "123456789", "8", "6")}


class Run:
    """A run of digits `ds` (ASCII) in groups starting at offsets `gs`, its readings (lo, hi planes) and `cards`: per
    digit 1 where a reading as a card number hides it (all but its first 6 and last 4)."""

    __slots__ = ("ds", "gs", "m", "plus", "lo", "hi", "cards")

    def __init__(self, ds: str, gs: list[int], plus: bool) -> None:
        self.ds, self.gs, self.m, self.plus = ds, gs, len(ds), plus
        (self._small if self.m <= SMALL_RUN else self._planes)()

    def lengths(self, a: int) -> tuple[int, ...]:
        return LENGTHS_LO[self.lo[a]] + LENGTHS_HI[self.hi[a]]

    def _small(self) -> None:
        ds, gs, m = self.ds, self.gs, self.m
        self.lo, self.hi, self.cards = bytearray(m + 1), bytearray(m + 1), bytearray(m)
        ends = gs[1:] + [m]
        for gi, a in enumerate(gs):
            for b in ends[gi:]:
                if b - a > 19:
                    break
                if b - a >= 8:
                    kind, card = kind_of(ds[a:b], self.plus and a == 0)
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
        plain, doubled = ds.encode().translate(VALUE), ds.translate(DOUBLE).encode().translate(VALUE)
        w0, w1 = bytearray(plain), bytearray(plain)
        w0[1::2], w1[0::2] = doubled[1::2], doubled[0::2]  # w0: the digits at odd places doubled, w1: at even places
        x0 = int.from_bytes(bytes(map(MOD10, accumulate(w0, initial=0))), "little")  # Luhn sums mod 10 of prefixes
        x1 = int.from_bytes(bytes(map(MOD10, accumulate(w1, initial=0))), "little")
        alt = (int.from_bytes(b"\x01\x00" * (n1 // 2 + 1), "little"),
               int.from_bytes(b"\x00\x01" * (n1 // 2 + 1), "little"))

        def zero(x: int) -> int:
            return int.from_bytes((x & ((1 << 8 * n1) - 1)).to_bytes(n1, "little").translate(IS_ZERO), "little")

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


_ASCII_DIGIT = bytes(1 if 0x30 <= b <= 0x39 else 0 for b in range(256))
_NOT_ASCII_DIGIT = bytes(b for b in range(256) if not 0x30 <= b <= 0x39)


def runs(text: str) -> Iterator[tuple[int, int, list[int], list[int], str]]:
    """(s, e, gs, pos, ds) of each run of at least 8 digits: its span in text (from its first digit to the end of its
    last), the digit offset where each group of digits written next to each other starts (groups joined by at most
    MAX_GAP separators), the index in text of each digit, and the digits as ASCII."""
    for run in RUN.finditer(text):
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
        groups = [g.span() for g in GROUP.finditer(text, s, e)]
        ds = "".join([text[a:b] for a, b in groups])
        if len(ds) < 8:
            continue
        gs, _ge, pos = offsets(groups)
        yield s, e, gs, pos, ascii_digits(ds)


def offsets(groups: list[tuple[int, int]]) -> tuple[list[int], list[int], list[int]]:
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


def plus_before(text: str, i0: int) -> bool:
    return (i0 > 0 and text[i0 - 1] in PLUS) or (i0 > 1 and text[i0 - 1] == " " and text[i0 - 2] in PLUS)
