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
    if 4 in s.raw:
        assert s.paper_end == bool(s.raw[4] & 0x60)
    if 1 in s.raw:
        assert s.online == (not s.raw[1] & 0x08)
