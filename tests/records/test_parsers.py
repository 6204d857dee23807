"""Property tests for the small parsers of the records area: --since values and the deep scrubber."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given, strategies as st

from pos_doctor.cli.history import parse_since
from pos_doctor.errors import UsageError
from pos_doctor.records.scrubbing import redact_ids, scrub_deep


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)))
def test_since_iso_round_trip(dt):
    out = parse_since(dt.replace(microsecond=0).isoformat())
    assert datetime.fromisoformat(out) == dt.replace(microsecond=0, tzinfo=timezone.utc)


@given(st.text(max_size=30))
def test_since_any_text_is_date_or_usage_error(text):
    try:
        out = parse_since(text)
    except UsageError:
        return
    assert out is None or datetime.fromisoformat(out).tzinfo is not None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@given(json_values)
def test_scrub_deep_keeps_shape_and_is_idempotent(value):
    once = scrub_deep(value)
    assert scrub_deep(once) == once
    assert type(once) is type(value) or isinstance(value, int)


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
