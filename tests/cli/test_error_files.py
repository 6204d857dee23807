"""The error screen's masking keeps the files an error is about whole (cli/main.py `_masked`), and masks the rest."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pos_doctor.cli.main import _masked
from pos_doctor.privacy import mask_text

NAMES = st.from_regex(r"/[a-z0-9_-]{1,12}/20261208T0[1-9][0-5][0-9][0-5][0-9]-[1-9][0-9]{3,4}-[a-z-]{1,12}\.json",
                      fullmatch=True)
AROUND = st.text(st.sampled_from("0123456789 -./:abcT号码卡"), max_size=40)


@given(AROUND)
def test_without_a_named_file_it_is_the_masking_boundary(text):
    assert _masked(text, []) == mask_text(text)
    assert _masked(text, ["/nowhere/in-this-text.json"]) == mask_text(text)


@given(NAMES, AROUND, AROUND)
def test_a_named_file_is_whole_and_what_is_around_it_masked(name, before, after):
    assert _masked(before + name + after, [name]) == mask_text(before) + name + mask_text(after)
    twice = _masked(f"{before}{name}{after}{name}", [name])
    assert twice == mask_text(before) + name + mask_text(after) + name


def test_the_longest_name_is_kept_first():
    folder, file = "/d/13812345678", "/d/13812345678/20261208T010905-19536-x.json"
    assert _masked(f"see {file} in {folder}", [folder, file]) == f"see {file} in {folder}"
    assert _masked("card 4111111111111111 at " + file, [file]) == "card 411111******1111 at " + file
