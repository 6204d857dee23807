"""Card and phone numbers as digits (internal to pos_doctor.privacy, the one masking entry point): the Luhn check,
which digits of each kind of number are hidden, and what a string of digits is (a card number, a phone number, or
neither)."""

from __future__ import annotations


def digit_value(ch: str) -> int | None:
    if ch.isdecimal():
        try:
            return int(ch)
        except ValueError:
            return None
    return None


DOUBLED = "0246813579"  # d -> 2d with its digits summed, for Luhn
DOUBLE = str.maketrans("0123456789", DOUBLED)
VALUE = bytes.maketrans(b"0123456789", bytes(range(10)))
IS_ZERO = bytes([1] + [0] * 255)
MOD10 = (10).__rmod__


def luhn_ok(digits: str) -> bool:
    digits = ascii_digits(digits)
    plain = digits[::-2].encode().translate(VALUE)  # from the last digit, every other one as it is
    doubled = digits[-2::-2].translate(DOUBLE).encode().translate(VALUE)  # and the others doubled, digits summed
    return (sum(plain) + sum(doubled)) % 10 == 0


def ascii_digits(ds: str) -> str:
    return ds if ds.isascii() else "".join(ch if ch < "\x80" else str(int(ch)) for ch in ds)


def mask_pan(pan: str) -> str:
    """'4111111111111111' -> '411111******1111'. Non-digits (e.g. terminal-side 'E' fill) are dropped; digits of
    any script become ASCII."""
    digits = "".join(str(d) for d in (digit_value(ch) for ch in str(pan)) if d is not None)
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
    positions = [i for i, ch in enumerate(s) if digit_value(ch) is not None]
    digits = "".join(str(digit_value(s[i])) for i in positions)
    return mask_phone_at(s, positions, digits)


def phone_hidden(digits: str) -> tuple[int, int]:
    """(first, end) indices into a phone number's digits of those hidden: all but the first 3 (5 after 86) and the
    last 4; of a short one all but the last 2; of four digits or fewer, all."""
    n = len(digits)
    if n <= 4:
        return 0, n
    if n < 9:
        return 0, n - 2
    return 3 + (2 if digits.startswith("86") and n >= 13 else 0), n - 4


def mask_phone_at(s: str, positions: list[int], digits: str) -> str:
    """`s` with the hidden digits of the phone number at `positions` (its digits: `digits`) as '*'. Linear in s."""
    lo, hi = phone_hidden(digits)
    if lo >= hi:
        return s
    chars = list(s)
    for i in positions[lo:hi]:
        chars[i] = "*"
    return "".join(chars)


def kind_of(digits: str, plus: bool) -> tuple[str | None, bool]:
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
