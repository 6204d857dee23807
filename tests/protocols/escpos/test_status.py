import re

import pytest
from hypothesis import given, strategies as st

from pos_doctor.protocols.escpos.status import decode_status, is_status_reply


def test_healthy_printer():
    s = decode_status({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12})
    assert s.online is True and s.paper_end is False and s.paper_near_end is False and s.problems() == []


def test_paper_out_as_the_manuals_show_it():
    s = decode_status({1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72})
    assert s.online is False and s.paper_end is True and s.paper_near_end is False
    assert any("Paper out" in t.en for t in s.problems())


def test_near_end_and_both():
    assert decode_status({4: 0x1E}).paper_near_end is True
    both = decode_status({4: 0x7E})
    assert both.paper_end and both.paper_near_end


def test_non_status_bytes_leave_group_unknown():
    s = decode_status({1: 0x11, 2: 0x13, 3: 0x00, 4: 0xFF})  # XON, XOFF, junk
    assert s.raw == {} and s.online is None and s.paper_end is None and s.cover_open is None


def test_status_form():
    assert is_status_reply(0x12) and is_status_reply(0x7E)
    assert not is_status_reply(0x11) and not is_status_reply(0x13) and not is_status_reply(0x00)


@given(st.dictionaries(st.integers(0, 6), st.integers(-5, 300), max_size=6))
def test_any_replies_decode_without_error(replies):
    s = decode_status(replies)
    for n, b in s.raw.items():
        assert n in (1, 2, 3, 4) and is_status_reply(b)
    bits = {n: f"{b:08b}"[::-1] for n, b in s.raw.items()}  # bits[n][k] is bit k, read off the bit string
    if 4 in s.raw:
        assert s.paper_end is ("1" in (bits[4][5], bits[4][6]))
        assert s.paper_near_end is ("1" in (bits[4][2], bits[4][3]))
    if 1 in s.raw:
        assert s.online is (bits[1][3] == "0")
    for n in (1, 2, 3, 4):
        if n not in s.raw and not (n == 4 and s.raw.get(2, 0) & 0x20):
            group = {1: "online", 2: "cover_open", 3: "autocutter_error", 4: "paper_end"}[n]
            assert getattr(s, group) is None


# One bit at a time on the idle reply 0x12, each expected flag written from the manual's table
# (/work/shared/protocols/ESCPOS.md), not from the decoder: a mistake in one mask shows up in exactly one row.
IDLE = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
ONE_BIT = [
    (1, 0x04, {"drawer_pin3": True}),
    (1, 0x08, {"online": False}),
    (1, 0x20, {}),  # waiting for online recovery: newer firmware only, not decoded
    (1, 0x40, {"feed_button": True}),
    (2, 0x04, {"cover_open": True}),
    (2, 0x08, {"paper_feeding": True}),
    (2, 0x20, {"paper_stop": True}),  # with an n=4 reply present, paper end is read from n=4
    (2, 0x40, {"error": True}),
    (3, 0x08, {"autocutter_error": True}),
    (3, 0x20, {"unrecoverable_error": True}),
    (3, 0x40, {"auto_recoverable_error": True}),
    (4, 0x04, {"paper_near_end": True}),
    (4, 0x08, {"paper_near_end": True}),
    (4, 0x20, {"paper_end": True}),
    (4, 0x40, {"paper_end": True}),
]
FLAGS = ["online", "drawer_pin3", "feed_button", "cover_open", "paper_feeding", "paper_stop", "error",
         "autocutter_error", "unrecoverable_error", "auto_recoverable_error", "paper_near_end", "paper_end"]
HEALTHY_FLAGS = {**dict.fromkeys(FLAGS, False), "online": True}


@pytest.mark.parametrize("n,bit,changed", ONE_BIT, ids=[f"n{n}-{bit:#04x}" for n, bit, _ in ONE_BIT])
def test_each_bit_alone(n, bit, changed):
    s = decode_status({**IDLE, n: 0x12 | bit})
    assert {f: getattr(s, f) for f in FLAGS} == {**HEALTHY_FLAGS, **changed}
    assert s.raw == {**IDLE, n: 0x12 | bit}


def test_paper_end_from_either_bit_and_near_end_from_either_bit():
    assert decode_status({4: 0x32}).paper_end is True   # only 0x20
    assert decode_status({4: 0x52}).paper_end is True   # only 0x40
    assert decode_status({4: 0x16}).paper_near_end is True and decode_status({4: 0x16}).paper_end is False
    assert decode_status({4: 0x1A}).paper_near_end is True and decode_status({4: 0x1A}).paper_end is False


def test_paper_stop_stands_in_for_paper_end_only_without_an_n4_reply():
    assert decode_status({2: 0x32}).paper_end is True
    assert decode_status({2: 0x12}).paper_end is None      # not reported: unknown, never "has paper"
    assert decode_status({2: 0x32, 4: 0x12}).paper_end is False  # n=4 is the core answer
    assert decode_status({1: 0x12}).paper_end is None and decode_status({}).paper_near_end is None


def test_groups_are_unknown_until_they_answer_and_model_dependent_bits_are_named():
    s = decode_status({1: 0x12})
    assert s.online is True and s.cover_open is None and s.autocutter_error is None and s.paper_end is None
    assert s.model_dependent == ["drawer_pin3", "feed_button"]
    s = decode_status(IDLE)
    assert s.model_dependent == ["drawer_pin3", "feed_button", "cover_open", "paper_feeding", "paper_stop", "error",
                                 "autocutter_error", "unrecoverable_error", "auto_recoverable_error"]
    assert decode_status({4: 0x12}).model_dependent == []


@pytest.mark.parametrize("bad", [-1, 256, 0x12 + 256, "0x12", None, 18.0])
def test_a_reply_that_is_no_byte_leaves_the_group_unknown(bad):
    s = decode_status({1: bad, 4: 0x72})
    assert s.online is None and s.raw == {4: 0x72} and s.paper_end is True


def test_only_groups_1_to_4_count():
    s = decode_status({0: 0x1A, 5: 0x1A, 4: 0x12})
    assert s.raw == {4: 0x12} and s.online is None


def test_status_form_over_every_byte():
    # the form 0xx1xx10, read off the bit string rather than a mask
    form = re.compile(r"^0..1..10$")
    assert [b for b in range(256) if is_status_reply(b)] == [b for b in range(256) if form.match(f"{b:08b}")]
    assert sum(map(is_status_reply, range(256))) == 16


PROBLEM_ORDER = [("unrecoverable_error", "Unrecoverable printer error"), ("cover_open", "Printer cover is open"),
                 ("paper_end", "Paper out"), ("autocutter_error", "Paper cutter error"),
                 ("auto_recoverable_error", "Print head too hot"), ("paper_near_end", "Paper nearly used up")]


def test_problems_name_each_flag_in_both_languages_worst_first():
    from pos_doctor.protocols.escpos.status import PrinterStatus

    every = PrinterStatus(**dict.fromkeys([f for f, _ in PROBLEM_ORDER], True), online=False)
    got = every.problems()
    assert [t.en.split(" —")[0] for t in got] == [en for _, en in PROBLEM_ORDER]
    assert all(t.zh and re.search(r"[\u4e00-\u9fff]", t.zh) for t in got)
    for flag, en in PROBLEM_ORDER:
        assert [t.en.split(" —")[0] for t in PrinterStatus(**{flag: True}).problems()] == [en]
    offline = PrinterStatus(online=False).problems()
    assert [(t.en, t.zh) for t in offline] == [("Printer is offline", "打印机离线")]
    assert PrinterStatus(online=False, cover_open=True).problems()[0].en.startswith("Printer cover is open")
    assert PrinterStatus().problems() == [] and PrinterStatus(online=True).problems() == []
