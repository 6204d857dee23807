"""Software policy parsing and version ordering."""

import pytest
from hypothesis import given, strategies as st

from pos_doctor.checks.policy import default_policy_path, load_policy, version_key
from pos_doctor.errors import UserFileError

versions = st.lists(st.integers(0, 999), min_size=1, max_size=4)


@given(versions, versions)
def test_version_order_matches_numeric_tuples(a, b):
    sa, sb = ".".join(map(str, a)), ".".join(map(str, b))
    assert (version_key(sa) < version_key(sb)) == (tuple(a) < tuple(b))


def test_shipped_policy_knows_the_simulator():
    p = load_policy(default_policy_path())
    m = p.models["SIM-ZVT-1"]
    assert m.current == "2.4.1"
    assert version_key("1.9.0") < version_key(m.minimum) <= version_key("2.4.1")


def test_errors_name_line_and_key(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text('spec: 1\nmodels:\n  X:\n    minimum: 2.4\n    bda: []\n', encoding="utf-8")
    with pytest.raises(UserFileError) as e:
        load_policy(f)
    text = "\n".join(e.value.lines())
    assert f"{f}:5" in text and "bda" in text
    assert f"{f}:4" in text and "must be a version string in quotes" in text


@given(st.text(max_size=300))
def test_any_text_loads_or_fails_cleanly(text):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        f = Path(d, "p.yaml")
        f.write_text(text, encoding="utf-8")
        try:
            load_policy(f)
        except UserFileError as e:
            assert e.lines()


def test_the_old_format_key_is_named_with_its_line(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text('# a policy of an earlier version\nformat: 1\nmodels:\n  X:\n    minimum: "2.4"\n', encoding="utf-8")
    with pytest.raises(UserFileError) as e:
        load_policy(f)
    assert e.value.lines() == [f"{f}:2:1 (at format): 'format' is no longer a key; use `spec:` instead (spec: 1)"]


def test_an_unsupported_spec_is_named_in_both_languages(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text('spec: 2\nmodels: {}\n', encoding="utf-8")
    with pytest.raises(UserFileError) as e:
        load_policy(f)
    (where, what), = e.value.problems
    assert (where.line, what) == (1, "unsupported spec 2; this pos-doctor reads spec: 1")
    assert what.text("zh") == "不支持的格式版本 2；本版 pos-doctor 读取 `spec: 1`"
