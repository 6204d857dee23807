"""Configuration precedence and error messages."""

import pytest
from hypothesis import given, strategies as st

from pos_doctor.config import load_config
from pos_doctor.errors import UserFileError


def write(p, text):
    p.write_text(text, encoding="utf-8")
    return p


def test_precedence_user_cwd_env_flags(tmp_path):
    user = write(tmp_path / "user.toml", 'spec = 1\n[terminal]\nport = "/dev/user"\nbaud = 19200\n[payment]\nhost = "u.example"\n')
    cwd = tmp_path / "shop"
    cwd.mkdir()
    write(cwd / "pos-doctor.toml", '[terminal]\nport = "/dev/cwd"\n[payment]\nhost = "c.example"\n')
    cfg = load_config({"payment.host": "flag.example", "terminal.baud": None}, cwd=cwd, user_file=user,
                      env={"POS_DOCTOR_TERMINAL_PORT": "/dev/env", "POS_DOCTOR_PLAYBOOKS_DIRS": "a" + __import__("os").pathsep + "b"})
    assert (cfg.get("terminal.port"), cfg.sources["terminal.port"]) == ("/dev/env", "env POS_DOCTOR_TERMINAL_PORT")
    assert (cfg.get("terminal.baud"), cfg.sources["terminal.baud"]) == (19200, str(user))
    assert (cfg.get("payment.host"), cfg.sources["payment.host"]) == ("flag.example", "command line")
    assert cfg.get("playbooks.dirs") == ["a", "b"]
    assert (cfg.get("records.enabled"), cfg.sources["records.enabled"]) == (True, "default")


def test_bad_toml_names_line_and_column(tmp_path):
    write(tmp_path / "pos-doctor.toml", '[terminal]\nport = /dev/ttyS0\n')
    with pytest.raises(UserFileError) as e:
        load_config(cwd=tmp_path, env={}, user_file=tmp_path / "none.toml")
    assert e.value.lines()[0].startswith(f"{tmp_path / 'pos-doctor.toml'}:2:8: not valid TOML: ")


def test_unknown_key_did_you_mean_and_wrong_type(tmp_path):
    write(tmp_path / "pos-doctor.toml", '[terminal]\nprot = "x"\nbaud = "fast"\n')
    with pytest.raises(UserFileError) as e:
        load_config(cwd=tmp_path, env={}, user_file=tmp_path / "none.toml")
    f = tmp_path / "pos-doctor.toml"
    assert e.value.lines() == [
        f"{f}:2 (at terminal.prot): unknown key 'terminal.prot'; did you mean 'terminal.port'?",
        f"{f}:3 (at terminal.baud): must be an integer, not 'fast'",
    ]


def test_a_card_or_phone_number_typed_into_the_wrong_key_is_not_repeated_in_clear(tmp_path):
    write(tmp_path / "pos-doctor.toml", '[support]\nprovider = 4111111111111111\nphone = 13812345678\n'
                                       '[terminal]\nbaud = "13812345678"\n')
    with pytest.raises(UserFileError) as e:
        load_config(cwd=tmp_path, env={}, user_file=tmp_path / "none.toml")
    f = tmp_path / "pos-doctor.toml"
    assert e.value.lines() == [
        f"{f}:2 (at support.provider): must be a string, not 411111******1111",
        f"{f}:3 (at support.phone): must be a string, not 138****5678",
        f"{f}:5 (at terminal.baud): must be an integer, not '138****5678'",
    ]
    with pytest.raises(UserFileError) as e:
        load_config(cwd=tmp_path / "none", env={"POS_DOCTOR_TIMEOUTS_RUN": "4111111111111111 s"},
                    user_file=tmp_path / "none.toml")
    assert e.value.lines() == [
        "environment variable POS_DOCTOR_TIMEOUTS_RUN: must be a number, not '411111******1111 s'"]


def test_bad_env_value(tmp_path):
    with pytest.raises(UserFileError) as e:
        load_config(cwd=tmp_path, env={"POS_DOCTOR_TIMEOUTS_RUN": "soon"}, user_file=tmp_path / "none.toml")
    assert e.value.lines() == ["environment variable POS_DOCTOR_TIMEOUTS_RUN: must be a number, not 'soon'"]


@given(st.text(max_size=200))
def test_any_text_loads_or_fails_cleanly(text):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        Path(d, "pos-doctor.toml").write_text(text, encoding="utf-8")
        try:
            load_config(cwd=d, env={}, user_file=Path(d, "none.toml"))
        except UserFileError as e:
            assert e.lines()
