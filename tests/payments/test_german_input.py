"""What a German cashier types is understood, in every screen language, and means what its English equivalent means
(issue 30): answers (ja, nein, weiß nicht), the customer's time (vor zehn Minuten, gegen 14 Uhr, 14 Uhr 30, zwischen
14:00 und 14:30, gestern 18 Uhr), amounts with a decimal comma and thousands dots (1.234,50), the card's last digits
(Endziffern 1234, endet auf 1234, 尾号1234) and the result words of typed records (genehmigt, abgelehnt, storniert,
Gutschrift). What is ambiguous stays refused, with its message."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings, strategies as st

from pos_doctor.payments.answer_words import BACK, NO, QUIT, SKIP, UNSURE, YES, answer_word, control_word, step_answer
from pos_doctor.payments.customer_input import TIME_HELP, parse_amount, read_record
from pos_doctor.payments.customer_time import AROUND_S, parse_customer_when
from pos_doctor.payments.model import CustomerEvidence, card_last4
from pos_doctor.payments.typed import TypedInputError, read_field, read_typed
from tests.clock import pin_local_clock

NOW = datetime(2026, 12, 7, 16, 40, 0)
DE_NUMBERS = ("null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn "
              "sechzehn siebzehn achtzehn neunzehn zwanzig").split()
EN_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
              "seventeen eighteen nineteen twenty").split()


def cases(word: str) -> st.SearchStrategy[str]:
    """The word as a hurried cashier types it: any letter case, spaces around."""
    return st.tuples(st.sampled_from(["", " ", "  "]), st.sampled_from([word, word.upper(), word.capitalize()]),
                     st.sampled_from(["", " ", "\t"])).map("".join)


# --- answers -------------------------------------------------------------------------------------------------------

GERMAN_ANSWERS = {"j": "y", "ja": "yes", "nein": "no", "weiß nicht": "unsure", "unsicher": "unsure", "?": "unsure"}


@settings(max_examples=200, deadline=None)
@given(data=st.data(), pair=st.sampled_from(sorted(GERMAN_ANSWERS.items())))
def test_a_german_answer_means_what_its_english_one_means(data, pair):
    german, english = pair
    typed = data.draw(cases(german))
    assert answer_word(typed) == answer_word(english) is not None
    assert step_answer(typed, ["yes", "no", "unsure"]) == answer_word(english)
    assert step_answer(typed, ["done", "skip"]) is None  # a yes is no "done": the step asks again


def test_no_word_means_two_answers_in_two_languages():
    sets = [YES, NO, UNSURE]
    for i, a in enumerate(sets):
        for b in sets[i + 1:]:
            assert not a & b
    assert not (BACK & QUIT) and not (BACK & SKIP) and not (QUIT & SKIP)
    assert not ((BACK | QUIT | SKIP) & (YES | NO | UNSURE))  # n is no, never a key of the screen


@settings(max_examples=200, deadline=None)
@given(word=st.text(max_size=12))
def test_an_unknown_word_is_no_answer(word):
    # nothing but the listed words is an answer: the step asks again, never guesses
    said = answer_word(word)
    k = " ".join(word.strip().lower().split()).replace("？", "?")
    assert said is None or k in YES | NO | UNSURE


@pytest.mark.parametrize("typed, expected", [("zurück", "back"), ("Beenden", "quit"), ("überspringen", "skip"),
                                             ("b", "back"), ("退出", "quit"), ("跳过", "skip"), ("weiter", None)])
def test_the_keys_around_every_question(typed, expected):
    assert control_word(typed) == expected


@pytest.mark.parametrize("german, english", [("ja", "yes"), ("j", "y"), ("nein", "no"), ("weiß nicht", "unsure"),
                                             ("fertig", "done"), ("erledigt", "done"), ("ausführen", "run"),
                                             ("überspringen", "skip")])
def test_a_step_takes_german_answers_like_english_ones(german, english):
    from pos_doctor.playbooks.library import Library
    from pos_doctor.playbooks.model import Action, Confirm, Instruction
    from pos_doctor.playbooks.replies import accept

    shipped = [s for pid in Library.load().ids() for s in Library.load().get(pid).steps]
    steps = [next(s for s in shipped if isinstance(s, kind)) for kind in (Confirm, Instruction, Action)]
    for step in steps:
        assert accept(step, german)[:2] == accept(step, english)[:2]
    # a question's choices are its ids and numbers: a German yes is no choice
    taken = [accept(s, german)[0] for s in steps]
    assert any(taken)


# --- the customer's time ----------------------------------------------------------------------------------------

def _same(german: str, english: str) -> None:
    de, en = parse_customer_when(german, now=NOW), parse_customer_when(english, now=NOW)
    assert en is not None, english
    assert de == en, (german, de, english, en)


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 600), about=st.sampled_from(["", "etwa ", "ungefähr ", "ca. "]),
       unit=st.sampled_from(["Minuten", "Min.", "min"]))
def test_minutes_ago_in_german_are_minutes_ago(n, about, unit):
    _same(f"vor {about}{n} {unit}", f"{'about ' if about else ''}{n} minutes ago")


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 20), unit=st.sampled_from(["Minuten", "Stunden"]))
def test_numbers_said_in_german_words(n, unit):
    _same(f"vor {DE_NUMBERS[n]} {unit}", f"{EN_NUMBERS[n]} {'minutes' if unit == 'Minuten' else 'hours'} ago")


@pytest.mark.parametrize("german, english", [
    ("vor einer halben Stunde", "half an hour ago"), ("vor einer Stunde", "an hour ago"),
    ("vor einer Minute", "a minute ago"), ("vor ein paar Minuten", "a few minutes ago"),
    ("vor fünfundzwanzig Minuten", "twenty-five minutes ago"), ("vor einer Viertelstunde", "15 minutes ago"),
    ("gerade eben", "just now"), ("gegen 14 Uhr", "around 2 pm"), ("um 14 Uhr", "2 pm"),
    ("so gegen 14:30", "around 14:30"), ("um 14 Uhr herum", "around 2 pm"), ("3 Uhr nachmittags", "3 pm"),
    ("zwischen 14 und 15 Uhr", "between 14:00 and 15:00"), ("von 14:00 bis 14:30", "between 14:00 and 14:30"),
])
def test_the_issue_s_german_times(german, english):
    _same(german, english)


@settings(max_examples=300, deadline=None)
@given(h=st.integers(0, 23), m=st.integers(0, 59), how=st.sampled_from(["um {h}:{m:02d}", "{h}:{m:02d} Uhr",
                                                                        "{h}.{m:02d} Uhr", "um {h}.{m:02d} Uhr"]))
def test_a_time_to_the_minute_is_exact(h, m, how):
    _same(how.format(h=h, m=m), f"{h}:{m:02d}")
    assert parse_customer_when(how.format(h=h, m=m), now=NOW).uncertainty_s == 0


@settings(max_examples=200, deadline=None)
@given(h=st.integers(13, 23), m=st.integers(0, 59))
def test_hours_uhr_minutes(h, m):
    _same(f"{h} Uhr {m}", f"{h}:{m:02d}")
    _same(f"{h} Uhr {m:02d}", f"{h}:{m:02d}")


@settings(max_examples=200, deadline=None)
@given(a=st.integers(8, 20), a_m=st.sampled_from([0, 15, 30]), length=st.sampled_from([15, 30, 60, 90]))
def test_a_range_in_german_is_the_same_range(a, a_m, length):
    start = datetime(2026, 12, 7, a, a_m)
    end = start + timedelta(minutes=length)
    assume(end.date() == start.date() and end <= NOW)
    _same(f"zwischen {start:%H:%M} und {end:%H:%M}", f"between {start:%H:%M} and {end:%H:%M}")


@settings(max_examples=200, deadline=None)
@given(h=st.integers(0, 23), m=st.integers(0, 59), word=st.sampled_from(["gestern", "Gestern", "gestern um"]))
def test_yesterday_is_yesterday(h, m, word):
    got = parse_customer_when(f"{word} {h}:{m:02d}", now=NOW)
    assert got is not None and got.time == datetime(2026, 12, 6, h, m) and got.uncertainty_s == 0
    assert got == parse_customer_when(f"yesterday {h}:{m:02d}", now=NOW)
    hour = parse_customer_when(f"{word} {h} Uhr", now=NOW)
    assert hour is not None and hour.time.date() == datetime(2026, 12, 6).date() and hour.uncertainty_s == AROUND_S


def test_a_german_date_without_its_year_is_day_then_month():
    got = parse_customer_when("24.11. 14:05", now=NOW)
    assert got is not None and got.time == datetime(2026, 11, 24, 14, 5) and got.uncertainty_s == 0
    assert got == parse_customer_when("11月24日 14:05", now=NOW) == parse_customer_when("24.11. um 14:05 Uhr", now=NOW)
    assert parse_customer_when("31.11. 14:05", now=NOW) is None


@pytest.mark.parametrize("text", [
    "heute Morgen", "heute morgen", "gestern", "gestern Abend",  # no time of day said
    "gestern Abend 8:05",                                         # the evening, and 08:05: they contradict
    "heute 23:00",                                                # later today than it is now
    "14.05", "um 14", "14 Uhr 75", "25 Uhr", "vor 0 Minuten", "vor 25 Stunden", "vor vielen Minuten",
    "gestern vor 10 Minuten", "zwischen 15 und 14 Uhr",
])
def test_what_is_ambiguous_or_impossible_stays_refused(text, monkeypatch):
    assert parse_customer_when(text, now=NOW) is None
    pin_local_clock(monkeypatch, NOW)  # the prompt reads the PC's clock: at NOW, as above
    ok, value, why, _ = read_record("time", text, False)
    assert not ok and value is None and why == TIME_HELP


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="0123456789:. uhrvomingestzwchdb", max_size=20))
def test_a_german_reading_never_lies_about_the_clock(text):
    # whatever is accepted is a real moment no later than a quarter of an hour from now, at most a day back
    got = parse_customer_when(text, now=NOW)
    if got is not None:
        assert NOW - timedelta(days=2) <= got.time <= NOW + timedelta(days=1)
        assert 0 <= got.uncertainty_s <= 24 * 3600


# --- amounts --------------------------------------------------------------------------------------------------------

def _grouped(whole: int, sep: str) -> str:
    return f"{whole:,}".replace(",", sep)


@settings(max_examples=300, deadline=None)
@given(whole=st.integers(0, 999_999_999), cents=st.integers(0, 99),
       cur=st.sampled_from([("", "", None), ("", " €", "EUR"), ("EUR ", "", "EUR"), ("€ ", "", "EUR"),
                            ("", " EUR", "EUR"), ("", "€", "EUR")]))
def test_a_german_amount_is_the_english_amount(whole, cents, cur):
    assume(whole or cents)
    before, after, currency = cur
    german = f"{before}{_grouped(whole, '.')},{cents:02d}{after}"
    english = f"{before}{_grouped(whole, ',')}.{cents:02d}{after}"
    got = parse_amount(german)
    assert got == parse_amount(english) == (Decimal(f"{whole}.{cents:02d}"), currency)


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="0123456789.,", min_size=1, max_size=14))
def test_no_unclear_amount_becomes_a_sum_of_money(text):
    # accepted only when the text can mean one amount: plain digits with one decimal mark, English grouping
    # (1,234.50) or German grouping (1.234,50) - and then it is that amount, never another reading
    value, _ = parse_amount(text)
    if value is None:
        return
    plain = re.fullmatch(r"(\d{1,9})(?:[.,](\d{1,2}))?", text)
    english = re.fullmatch(r"(\d{1,3}(?:,\d{3})+)\.(\d{1,2})", text)
    german = re.fullmatch(r"(\d{1,3}(?:\.\d{3})+),(\d{1,2})", text)
    m = plain or english or german
    assert m is not None, text
    assert value == Decimal(re.sub(r"[.,]", "", m.group(1)) + "." + (m.group(2) or "0"))


@pytest.mark.parametrize("text", ["1.234", "1.234.5", "1.23,45", "1.234,567", "1,234,50", "12.345.6,00"])
def test_a_dot_that_could_be_a_decimal_point_stays_refused(text):
    assert parse_amount(text) == (None, None)
    assert read_record("amount", text, False)[0] is False


def test_the_receipt_parser_and_the_prompt_read_german_amounts_alike():
    from pos_doctor.payments.receipts import parse_amount_text

    for text in ("1.234,50", "12,50", "999.999,99"):
        assert parse_amount_text(text) == parse_amount(text)[0]


# --- the card's last digits ------------------------------------------------------------------------------------------

CARD_WORDS = ["Endziffern ", "endet auf ", "Karte endet auf ", "letzte vier: ", "Letzte 4 Ziffern ", "尾号", "卡号尾号",
              "尾号是", "ending ", "ending in ", "last four: ", "**** ", "Endziffer: "]


@settings(max_examples=300, deadline=None)
@given(digits=st.from_regex(r"[0-9]{4}", fullmatch=True), words=st.sampled_from(CARD_WORDS))
def test_the_card_s_last_digits_in_any_language(digits, words):
    typed = words + digits
    assert card_last4(typed) == digits
    assert read_record("number", typed, True, field="customer_card_last4") == (True, digits, None, {})
    assert CustomerEvidence.from_values({"customer_card_last4": typed}).card_last4 == digits
    assert read_field("card", typed) == digits


@settings(max_examples=200, deadline=None)
@given(digits=st.from_regex(r"[0-9]{5,19}", fullmatch=True), words=st.sampled_from(CARD_WORDS))
def test_more_than_four_digits_after_the_words_is_not_the_last_four(digits, words):
    # "endet auf 12345": not a card's last four digits; the number is refused as typed (never cut to a guess)
    typed = words + digits
    assert card_last4(typed) is None
    ok, value, _, _ = read_record("number", typed, True, field="customer_card_last4")
    assert not ok and value is None


def test_card_words_are_taken_only_where_a_card_is_asked():
    # a voucher or order number typed as "尾号1234" is not a card: the words still mean nothing there
    assert read_record("number", "尾号1234", True, field="customer_voucher")[0] is False
    assert read_record("number", "尾号1234", True)[0] is False
    assert read_record("number", "1234", True, field="customer_card_last4") == (True, "1234", None, {})


# --- result words of typed records -----------------------------------------------------------------------------------

@pytest.mark.parametrize("german, english", [("genehmigt", "approved"), ("Zahlung erfolgt", "approved"),
                                             ("abgelehnt", "declined"), ("nicht  genehmigt", "declined"),
                                             ("abgebrochen", "declined"), ("storniert", "void"),
                                             ("STORNO", "void"), ("Gutschrift", "refund")])
def test_typed_result_words_in_german(german, english):
    assert read_field("result", german) == read_field("result", english)
    line = {"amount": "12,50 €", "time": "um 14:05", "card": "endet auf 1234", "result": german}
    typed = read_typed({"transactions": [line]})
    assert typed["transactions"][0] == {"amount": "12.50 EUR", "time": "14:05", "card": "1234", "voucher": None,
                                        "result": read_field("result", english)}


def test_an_unknown_result_word_stays_refused():
    with pytest.raises(TypedInputError):
        read_field("result", "vielleicht")
