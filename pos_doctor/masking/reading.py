"""Choosing the numbers of a run (internal to pos_doctor.privacy, the one masking entry point): the reading that covers
the most digits, the digits it hides, and a raw dump's runs read again without up to two digits at either end.

A dump's run is read without its first one or two digits only when it has 14 digits or more (a card number of 13 and
a stray digit). A run of 12 or 13 digits is read whole, as the text reading reads it: `803734282313` stays in clear in
a dump and in text, though `03734282313` alone is a landline and masked. Twelve digits is the retrieval reference
number (RRN, 参考号) of Chinese and international receipts and terminal records - the evidence the provider asks for -
and reading 12-13 digit runs without their first digits would hide those. The rule masks what can be a card or phone
number; a number that is one only after throwing digits away is not."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from pos_doctor.masking.numbers import kind_of, phone_hidden
from pos_doctor.masking.runs import LENGTHS_HI, LENGTHS_LO, Run

DUMP_TRIM = 2  # binary bytes that read as digits, on either side of a number in a dump


def dp(run: Run, end: int, extra: dict[int, tuple[int, ...]], base: Reading | None = None
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
            lengths = LENGTHS_LO[lo[a]] + LENGTHS_HI[hi[a]]
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


class Reading:
    """One reading of a run up to an end (read_trimmed): its choices, covers and path, kept for the next end."""

    __slots__ = ("choice", "best", "path")

    def __init__(self, choice: dict[int, int], best: list[int], path: list[tuple[int, int]]) -> None:
        self.choice, self.best, self.path = choice, best, path


def path_of(choice: dict[int, int], start: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for a in sorted(choice):
        if a >= pos:
            out.append((a, a + choice[a]))
            pos = a + choice[a]
    return out


def hide_phones(run: Run, spans: list[tuple[int, int]], hidden: bytearray) -> None:
    for a, b in spans:
        if kind_of(run.ds[a:b], run.plus and a == 0)[0] == "phone":
            lo, hi = phone_hidden(run.ds[a:b])
            hidden[a + lo:a + hi] = b"\x01" * (hi - lo)


def read_run(run: Run) -> tuple[list[tuple[int, int, str | None]], bytearray]:
    """The numbers chosen in a run, (first digit, end digit, kind), and per digit whether it is hidden: the hidden
    digits of each number chosen, and every digit but the first 6 and last 4 of every reading as a card number (a card
    number written after a stray digit is never shown beyond 6 + 4, even where that hides digits a neighbouring
    number would have shown)."""
    chosen = [(a, b, kind_of(run.ds[a:b], run.plus and a == 0)[0]) for a, b in path_of(dp(run, run.m, {})[0], 0)]
    hidden = bytearray(run.cards)
    for a, b, kind in chosen:  # as hide_phones, with the kinds already read
        if kind == "phone":
            lo, hi = phone_hidden(run.ds[a:b])
            hidden[a + lo:a + hi] = b"\x01" * (hi - lo)
    return chosen, hidden


def read_trimmed(run: Run, end: int, hidden: bytearray, base: Reading | None = None) -> Reading:
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
                kind, card = kind_of(ds[a:end], run.plus and a == 0)
                if kind:
                    extra[a] = (end - a,)
                if card:
                    hidden[a + 6:end - 4] = b"\x01" * (end - a - 10)
    choice, best, agreed = dp(run, end, extra, base)
    if agreed and base is not None:  # the same path as the base's up to `agreed`, its phones hidden already
        k = bisect_left(base.path, (agreed, -1))
        shared = base.path[:k]
        rest = path_of({a: n for a, n in choice.items() if a >= agreed}, shared[-1][1] if shared else 0)
        hide_phones(run, rest, hidden)
        path = shared + rest
    else:
        path = path_of(choice, 0)
        hide_phones(run, path, hidden)
    reading = Reading(choice, best, path)
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
                    kind, card = kind_of(ds[lo:b], False)
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
            kind = kind_of(ds[a:b], False)[0]
            if kind == "phone":
                lo_, hi_ = phone_hidden(ds[a:b])
                hidden[a + lo_:a + hi_] = b"\x01" * (hi_ - lo_)
    return reading
