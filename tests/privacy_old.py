"""The masking functions of pos_doctor/privacy.py as they were before the linear rewrite (commit 4dda675), kept as a
test oracle: tests/test_privacy_linear.py holds the rewrite to the same output on generated text, except where this
version leaked (separators , : ; | * and tab runs, numbers split across lines, 13-digit +86 numbers read as cards).
Quadratic on long runs: use it on short inputs only. Do not import it from the package."""

from __future__ import annotations

MAX_GAP = 3  # separator characters between two digits of one number: "  ", " - ", ") "
SEPARATORS = frozenset(
    " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"  # spaces
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width characters, soft hyphen
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"  # hyphens, dashes, minus
    "./_()[]\u00b7\u30fb\uff0e\uff0f\uff3f\uff08\uff09\u3002"  # dots, slashes, underscores, brackets
)
PLUS = frozenset("+\uff0b\ufe62")


def _digit(ch: str) -> int | None:
    if ch.isdecimal():
        try:
            return int(ch)
        except ValueError:
            return None
    return None


_DOUBLED = "0246813579"  # d -> 2d with its digits summed, for Luhn


def luhn_ok(digits: str) -> bool:
    r = digits[::-1]
    total = sum(map(int, r[0::2])) + sum(int(_DOUBLED[int(c)]) for c in r[1::2])
    return total % 10 == 0


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


def _mask_phone_at(s: str, positions: list[int], digits: str) -> str:
    n = len(positions)
    if n <= 4:
        keep: set[int] = set()
    elif n < 9:
        keep = set(positions[-2:])
    else:
        prefix = 3 + (2 if digits.startswith("86") and n >= 13 else 0)
        keep = set(positions[:prefix]) | set(positions[-4:])
    hidden = set(positions) - keep
    return "".join("*" if i in hidden else ch for i, ch in enumerate(s))


def _runs(text: str) -> list[list[tuple[int, int]]]:
    """Digit runs: lists of (index in text, digit value), digits joined by at most MAX_GAP separators."""
    runs: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    gap_ok = True
    last = -10
    for i, ch in enumerate(text):
        d = _digit(ch)
        if d is not None:
            if cur and not (gap_ok and i - last - 1 <= MAX_GAP):
                runs.append(cur)
                cur = []
            cur.append((i, d))
            last, gap_ok = i, True
        elif ch not in SEPARATORS:
            gap_ok = False
    if cur:
        runs.append(cur)
    return runs


def _groups(run: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(first, end) indices into `run` of its digit groups (digits written next to each other)."""
    out, start = [], 0
    for k in range(1, len(run) + 1):
        if k == len(run) or run[k][0] != run[k - 1][0] + 1:
            out.append((start, k))
            start = k
    return out


def _kind(digits: str, plus: bool) -> str | None:
    n = len(digits)
    if 13 <= n <= 19 and luhn_ok(digits):
        return "pan"
    if n == 11 and digits[0] == "1" and digits[1] in "3456789":
        return "phone"
    if n == 13 and digits.startswith("861") and digits[3] in "3456789":
        return "phone"
    if 10 <= n <= 12 and digits[0] == "0" and digits[1] != "0":
        return "phone"
    if plus and 8 <= n <= 15:
        return "phone"
    return None


def _candidates(text: str, run: list[tuple[int, int]], ds: str) -> list[list[tuple[int, int, str, int]]]:
    """Per digit group g, the numbers (a, b, kind, last group) that start with g and are made of whole groups."""
    groups = _groups(run)
    n = len(groups)
    cands: list[list[tuple[int, int, str, int]]] = [[] for _ in range(n)]
    for gi in range(n):
        for gj in range(gi, n):
            a, b = groups[gi][0], groups[gj][1]
            if b - a > 19:
                break
            if b - a < 8:
                continue
            i0 = run[a][0]
            plus = (i0 > 0 and text[i0 - 1] in PLUS) or (i0 > 1 and text[i0 - 1] == " " and text[i0 - 2] in PLUS)
            kind = _kind(ds[a:b], plus)
            if kind:
                cands[gi].append((a, b, kind, gj))
    return cands


def _stray_card_digits(run: list[tuple[int, int]], cands: list[list[tuple[int, int, str, int]]],
                       chosen: list[tuple[int, int, str, str]]) -> set[int]:
    """Text indices of digits that a card number the choice left out would hide. The choice covers the most digits,
    and once in a while that is the wrong reading: a card number written right before a digit and a phone number
    ("0400 2193 4475 0007 7 1768 9122 234") reads as a 12-digit landline number and a longer card number, which would
    leave eight digits of the real card in clear. Whatever else the digits are, no card number that could be there is
    shown beyond its first 6 and last 4."""
    taken = {(a, b) for a, b, kind, _ in chosen if kind == "pan"}
    out: set[int] = set()
    for group in cands:
        for a, b, kind, _ in group:
            if kind == "pan" and (a, b) not in taken:
                out |= {run[k][0] for k in range(a + 6, b - 4)}
    return out


def _find(text: str, run: list[tuple[int, int]]) -> tuple[list[tuple[int, int, str, str]], set[int]]:
    """Spans (a, b, kind, digits) of `run` that are card or phone numbers, each made of whole digit groups, chosen
    so that together they cover the most digits (a card number written next to a phone number is two numbers, not
    one long card number and a clear rest), and the stray card digits the choice leaves (_stray_card_digits).
    Linear in the run's length."""
    ds = "".join(str(d) for _, d in run)
    cands = _candidates(text, run, ds)
    n = len(cands)
    # best[g]: most digits covered using groups g.. ; choice[g]: the candidate taken at g (None: skip group g)
    best = [0] * (n + 1)
    choice: list = [None] * (n + 1)
    for g in range(n - 1, -1, -1):
        best[g], choice[g] = best[g + 1], None
        for cand in cands[g]:
            covered = cand[1] - cand[0] + best[cand[3] + 1]
            if covered > best[g] or (covered == best[g] and choice[g] is not None and cand[1] - cand[0] > choice[g][1] - choice[g][0]):
                best[g], choice[g] = covered, cand
    out, g = [], 0
    while g < n:
        if choice[g] is None:
            g += 1
            continue
        a, b, kind, gj = choice[g]
        out.append((a, b, kind, ds[a:b]))
        g = gj + 1
    return out, _stray_card_digits(run, cands, out)


def mask_text(text: str) -> str:
    """Mask every card number and phone number in free text (see the module's docstring for what they are)."""
    if not text or not isinstance(text, str):
        return text
    spans, stray = [], set()
    for run in _runs(text):
        if len(run) >= 8:
            found, strays = _find(text, run)
            spans += [(run, a, b, kind, digits) for a, b, kind, digits in found]
            stray |= strays
    if not spans and not stray:
        return text

    def clear(a: int, b: int) -> str:  # text outside the numbers chosen, with the stray card digits hidden
        return "".join("*" if i in stray else text[i] for i in range(a, b)) if stray else text[a:b]

    pieces, pos = [], 0
    for run, a, b, kind, digits in sorted(spans, key=lambda s: s[0][s[1]][0]):
        start, end = run[a][0], run[b - 1][0] + 1
        pieces.append(clear(pos, start))
        if kind == "pan":  # one character per digit: a stray card digit among its first 6 or last 4 is hidden too
            shown = mask_pan(digits)
            pieces.append("".join("*" if run[a + k][0] in stray else ch for k, ch in enumerate(shown)) if stray else shown)
        else:
            seg = _mask_phone_at(text[start:end], [i - start for i, _ in run[a:b]], digits)
            pieces.append("".join("*" if start + k in stray else ch for k, ch in enumerate(seg)) if stray else seg)
        pos = end
    pieces.append(clear(pos, len(text)))
    return "".join(pieces)


scrub = mask_text  # the historic name, used across the package


def _hidden_in_run(text: str, run: list[tuple[int, int]]) -> set[int]:
    found, hidden = _find(text, run)
    for a, b, kind, digits in found:
        positions = [i for i, _ in run[a:b]]
        if kind == "pan":
            n = len(positions)
            keep = set(positions[:6] + positions[-4:]) if n >= 13 else set(positions[-4:])
        else:
            seg_mask = _mask_phone_at("x" * (positions[-1] + 1), positions, digits)
            keep = {i for i in positions if seg_mask[i] != "*"}
        hidden |= set(positions) - keep
    return hidden


def masked_positions(text: str) -> set[int]:
    """Indices of the characters of `text` that mask_text hides (for dumps that show the same text otherwise,
    such as the hex column of a trace)."""
    hidden: set[int] = set()
    for run in _runs(text):
        if len(run) >= 8:
            hidden |= _hidden_in_run(text, run)
    return hidden


DUMP_TRIM = 2  # binary bytes that read as digits, on either side of a number in a dump


def dump_positions(text: str) -> set[int]:
    """masked_positions for the bytes of a raw dump read as text (the hex column of a message or a trace). In a dump,
    a binary byte next to a text field can read as a digit — a TLV length 0x31 is '1' — and join the number in it, so
    that the digits found are no card number and the real one stays in clear. A dump's digit runs are therefore also
    read without up to two digits at either end. A dump may hide a few digits more than the text would (the decoded
    text beside it is masked exactly); it never hides fewer."""
    hidden = masked_positions(text)
    for run in _runs(text):
        if len(run) < 13 + 1:  # nothing to cut: the run alone was read above
            continue
        for head in range(DUMP_TRIM + 1):
            for tail in range(DUMP_TRIM + 1):
                if head or tail:
                    hidden |= _hidden_in_run(text, run[head:len(run) - tail])
    return hidden


def redact_text_bytes(data: bytes, cells: list[str]) -> list[str]:
    """Hex-dump cells of `data` (one per byte) with the bytes of any card or phone number written as text in it
    (ASCII / Latin-1, as terminals send status texts, abort texts and print lines) replaced by '**'."""
    hidden = dump_positions(bytes(data).decode("latin-1"))
    return ["**" if k in hidden else c for k, c in enumerate(cells)]
