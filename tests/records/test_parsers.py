"""Property tests for the small parsers of the records area: --since values and the deep scrubber."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import example, given, strategies as st

from pos_doctor.cli.history import parse_since
from pos_doctor.errors import UsageError
from pos_doctor.records.scrubbing import redact_ids, scrub_deep


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)))
def test_since_iso_round_trip(dt):
    out = parse_since(dt.replace(microsecond=0).isoformat())
    assert datetime.fromisoformat(out) == dt.replace(microsecond=0, tzinfo=timezone.utc)


@given(st.text(max_size=30))
@example("²w")  # a superscript two is a digit to str.isdigit, not to int(): it crashed `history --since ²w`
@example("٣d")
def test_since_any_text_is_date_or_usage_error(text):
    try:
        out = parse_since(text)
    except UsageError:
        return
    assert out is None or datetime.fromisoformat(out).tzinfo is not None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


def _leaves(value, key=None):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, str(k).lower())
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v, key)
    else:
        yield key, value


@given(json_values)
def test_scrub_deep_keeps_shape_and_is_idempotent(value):
    once = scrub_deep(value)
    assert scrub_deep(once) == once
    assert type(once) is type(value) or isinstance(value, int)


PLAIN_KEYS = st.text("abcdefghijklmnopqrstuvwxyz_", max_size=8).filter(
    lambda k: k not in {"pan", "card_number", "pan_masked", "card_pan", "phone", "phone_number", "customer_phone",
                        "mobile", "tel"})
plain_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(PLAIN_KEYS, inner, max_size=4), max_leaves=20)


@given(plain_values)
def test_scrub_deep_masks_every_string_as_mask_text_does(value):
    """Under keys that say nothing, each string leaf comes out as `mask_text` makes it, each number that is a card
    or phone number as its masked text, every other number, bool and None as it was; the shape stays."""
    from pos_doctor.privacy import mask_text

    out = scrub_deep(value)
    pairs = list(zip(_leaves(value), _leaves(out)))
    assert len(pairs) == len(list(_leaves(out)))
    for (_, before), (_, after) in pairs:
        if isinstance(before, str):
            assert after == mask_text(before)
        elif isinstance(before, int) and not isinstance(before, bool) and mask_text(str(before)) != str(before):
            assert after == mask_text(str(before))
        else:
            assert after == before and type(after) is type(before)


def test_scrub_deep_scrubs_cards_and_phones_at_any_depth():
    doc = {"note": "card 4111 1111 1111 1111, tel 13812345678", "rows": [{"pan": "4111111111111111"},
           {"phone": "13812345678", "amount": "99.00"}, [4111111111111111, "merchant 123"]],
           "pan_masked": "411111******1111", "mobile": "+86 138 1234 5678", "version": "2.4.0"}
    assert scrub_deep(doc) == {
        "note": "card 411111******1111, tel 138****5678", "rows": [{"pan": "411111******1111"},
        {"phone": "138****5678", "amount": "99.00"}, ["411111******1111", "merchant 123"]],
        "pan_masked": "411111******1111", "mobile": "+86 138 **** 5678", "version": "2.4.0"}


def test_a_card_or_phone_number_stored_as_a_number_is_masked_in_a_json_document():
    """A number in a JSON value (a document read back, a record typed as a number) passes the masker as the text it
    would be: a card or phone number comes out as its masked text, any other number as the number it was. Under a
    card or phone key it is read as that key's text is; a known field is never masked."""
    import json

    doc = json.loads('{"note": 4111111111111111, "caller": 13812345678, "rows": [8613812345678, 12, -4111111111111111],'
                     ' "count": 3, "big": 4111111111111112, "ok": true, "none": null, "ratio": 13812345678.0,'
                     ' "pan": 4111111111111112, "card_number": 1234, "phone": 5551234, "mobile": 13812345678,'
                     ' "amount": 4111111111111111, "trace_number": 13812345678}')
    assert scrub_deep(doc) == {
        "note": "411111******1111", "caller": "138****5678", "rows": ["86138****5678", 12, "-411111******1111"],
        "count": 3, "big": 4111111111111112, "ok": True, "none": None, "ratio": 13812345678.0,
        "pan": "411111******1112", "card_number": 1234, "phone": "*****34", "mobile": "138****5678",
        "amount": 4111111111111111, "trace_number": 13812345678}
    assert [type(v) for v in scrub_deep(doc)["rows"]] == [str, int, str]
    assert type(scrub_deep(doc)["card_number"]) is int and type(scrub_deep(doc)["ok"]) is bool


@given(st.dictionaries(st.sampled_from(["terminal_id", "merchant_id", "serial", "amount"]), st.text("abcdefXYZ0123456789 -", min_size=1, max_size=10)))
def test_redact_hides_ids_only(d):
    out = redact_ids(d)
    ids = [v for k, v in d.items() if k != "amount" and len(v) >= 4]
    for k, v in d.items():
        if k != "amount":
            assert out[k] == "[redacted]"
        elif not any(i in v for i in ids):
            assert out[k] == v  # text not repeating an ID is left alone
        else:
            assert not any(i in out[k] for i in ids)


def test_since_in_days_or_weeks_in_any_decimal_digits():
    """7d, 2w and the same in full-width or Arabic-Indic digits count back that many days; a superscript is no
    count of days and is refused as a date."""
    from datetime import timedelta

    now = datetime.now(timezone.utc)
    for text, days in (("7d", 7), ("2w", 14), ("７d", 7), ("٣d", 3)):
        back = now - datetime.fromisoformat(parse_since(text))
        assert timedelta(days=days) - timedelta(minutes=1) < back < timedelta(days=days) + timedelta(minutes=1), text
    for text in ("²w", "³d"):
        with pytest.raises(UsageError, match="is not a date"):
            parse_since(text)
