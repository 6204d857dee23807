"""Hostile input files (issue 13): FIFOs, devices behind symlinks, dates that do not exist, numbers with thousands of
digits, a password in the wrong digits. Each is one screen naming the file (and line), exit 3, and never a hang."""

from __future__ import annotations

import os
import sys

import pytest

from tests.robustness.test_bad_input import KINDS, VALID, assert_one_screen_error, cli

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev"), pytest.mark.timeout(600)]
# "hung" is told apart from "slow" by a generous wait: a CLI start on a machine loaded 15-27 took over 30 s
HANG = 120

BIG = "1" * 5000  # Python refuses int() of more than 4300 digits (ValueError), in YAML and TOML alike
CONTENT = {  # family -> damage -> (text, line)
    "yaml": {"bad-date": ("x: 2026-02-30\n", 1), "big-int": (f"x: {BIG}\n", 1)},
    "config": {"bad-date": ("spec = 1\nx = 2026-02-30\n", 2), "big-int": (f"spec = 1\nx = {BIG}\n", 2)},
}
SPECIAL = ["fifo", "dev-zero", "dev-urandom"]


def _target(kind: str, home):
    family = KINDS[kind][0]
    return {"config": home / "pos-doctor.toml", "playbook": home / "own" / "shop-paper.yaml"}.get(family, home / "bad.yaml")


def _place(kind: str, damage: str, home) -> str | None:
    family = KINDS[kind][0]
    target = _target(kind, home)
    target.parent.mkdir(parents=True, exist_ok=True)
    if damage == "fifo":
        os.mkfifo(target)
    elif damage.startswith("dev-"):
        os.symlink("/dev/" + damage[4:], target)
    else:
        text, line = CONTENT["config" if family == "config" else "yaml"][damage]
        if family != "config":
            text = VALID[family] + text
            line += VALID[family].count("\n")
        target.write_text(text, encoding="utf-8")
        return str(line)
    return None


CASES = [(k, d) for k in KINDS if k != "config-user" for d in [*SPECIAL, "bad-date", "big-int"]]


@pytest.mark.parametrize("kind,damage", CASES, ids=[f"{k}-{d}" for k, d in CASES])
def test_hostile_file_is_one_screen(kind, damage, tmp_path):
    line = _place(kind, damage, tmp_path)
    run = cli(KINDS[kind][2], tmp_path, timeout=HANG)
    assert run.code is not None, f"hung on a {damage}\n{run}"
    assert_one_screen_error(run)
    name = _target(kind, tmp_path).name
    assert name in run.err, run
    if damage in SPECIAL:
        assert "regular file" in run.err, run
    if line is not None:
        assert f"{name}:{line}" in run.err, run


def test_answers_file_fifo(tmp_path):
    os.mkfifo(tmp_path / "answers.yaml")
    run = cli(["fix", "paper-out", "--simulate", "healthy", "--answers", "answers.yaml", "--no-record"], tmp_path,
              timeout=HANG)
    assert run.code is not None, run
    assert_one_screen_error(run)
    assert "answers.yaml" in run.err and "regular file" in run.err, run


@pytest.mark.parametrize("password", ["٠١٢٣٤٥", "１２３４５６", "12345", "abcdef"])
def test_terminal_password_checked_on_load(password, tmp_path):
    (tmp_path / "pos-doctor.toml").write_text(f'spec = 1\n[terminal]\npassword = "{password}"\n', encoding="utf-8")
    run = cli(["check", "--simulate", "healthy", "--no-record"], tmp_path, timeout=HANG)
    assert_one_screen_error(run)
    assert "pos-doctor.toml:3" in run.err and "6 digits" in run.err, run
    assert password not in run.err, "a password is not repeated on the screen"


@pytest.mark.parametrize("which", ["trace", "report", "progress"])
def test_output_fifo_is_refused_not_waited_on(which, tmp_path):
    fifo = tmp_path / "out.txt"
    os.mkfifo(fifo)
    if which == "trace":
        run = cli(["check", "--simulate", "healthy", "--no-record", "--only", "link", "--trace", str(fifo)], tmp_path,
                  timeout=HANG)
        assert run.code is not None, run
        assert_one_screen_error(run)
        assert "--trace" in run.err and "FIFO" in run.err, run
    elif which == "report":
        first = cli(["check", "--simulate", "healthy", "--only", "link"], tmp_path, timeout=HANG)
        assert first.code == 0, first
        run = cli(["report", "1", "-o", str(fifo)], tmp_path, timeout=HANG)
        assert run.code is not None, run
        assert_one_screen_error(run)
        assert "--output" in run.err and "FIFO" in run.err, run
    else:
        from pos_doctor.errors import UserFileError
        from pos_doctor.playbooks import saved

        with pytest.raises(UserFileError) as exc:
            saved.load(fifo)
        assert "FIFO" in str(exc.value.problems)


@pytest.mark.parametrize("args,named", [
    (["history", "--since", "99999999999999999999d"], "--since"),
    (["history", "--since", "99999999999999999999w"], "--since"),
    (["history", "--limit", "99999999999999999999"], "--limit"),
    (["report", "9223372036854775808"], "9223372036854775808"),
    (["report", "99999999999999999999999999"], "99999999999999999999999999"),
])
def test_overflowing_numbers_in_arguments(args, named, tmp_path):
    run = cli(args, tmp_path, timeout=HANG)
    assert_one_screen_error(run)
    assert named in run.err, run


def test_validate_with_70k_problems_is_one_screen(tmp_path):
    own = tmp_path / "own"
    own.mkdir()
    head = "spec: 1\nid: many\n"
    (own / "many.yaml").write_text(head + "".join(f"bad{i}: 1\n" for i in range(70_000)), encoding="utf-8")
    run = cli(["playbooks", "validate", "own/many.yaml"], tmp_path, timeout=3 * HANG)
    assert run.code == 3, run
    lines = run.err.strip().splitlines()
    assert len(lines) < 25, f"{len(lines)} lines"
    assert "more problem" in run.err and "problem(s)" in run.err, run


# --- scenario values that pass the types but not the field that carries them ---------------------------------

from tests.robustness.test_bad_input import SCENARIO  # noqa: E402

BAD_VALUES = {  # id -> (terminal YAML lines, key named in the message)
    "tid-letters": ("  terminal_id: ABC\n", "terminal_id"),
    "tid-12-digits": ("  terminal_id: '123456789012'\n", "terminal_id"),
    "version-non-ascii": ("  software_version: 版本二\n", "software_version"),
    "version-1200": (f"  software_version: {'v' * 1200}\n", "software_version"),
    "clock-999999999": ("  clock_offset_days: 999999999\n", "clock_offset_days"),
    "amount": ("  last_transaction:\n    amount: 10000000000000\n", "amount"),
    "trace": ("  last_transaction:\n    trace: 1000000\n", "trace"),
    "receipt": ("  last_transaction:\n    receipt: 10000\n", "receipt"),
    "currency": ("  last_transaction:\n    currency: 10000\n", "currency"),
    "card-name-200": (f"  last_transaction:\n    card_name: {'V' * 200}\n", "card_name"),
    "pan-200": (f"  last_transaction:\n    pan: '{'4' * 200}'\n", "pan"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_scenario_value_that_does_not_fit_its_field(case, tmp_path):
    lines, key = BAD_VALUES[case]
    (tmp_path / "bad.yaml").write_text(SCENARIO + "terminal:\n" + lines, encoding="utf-8")
    run = cli(["check", "--simulate", "./bad.yaml", "--no-record"], tmp_path, timeout=HANG)
    assert_one_screen_error(run)
    line = 4 + lines.count("\n")  # the last line written holds the bad value
    assert f"bad.yaml:{line}" in run.err and key in run.err, run
