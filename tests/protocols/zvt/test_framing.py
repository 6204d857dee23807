import pytest

from pos_doctor.errors import RefusedCommand
from pos_doctor.protocols.zvt.apdu import FORBIDDEN
from hypothesis import given, settings, strategies as st

from pos_doctor.errors import FrameError
from pos_doctor.protocols.zvt.framing import (
    Frame, apdu_length, crc16_kermit, decode_frame, decode_tcp, encode_frame,
)

# Public wire vectors (shared/protocols/ZVT.md): APDU -> full serial frame
VECTORS = [
    ("05 01 03 12 34 56", "10 02 05 01 03 12 34 56 10 03 E0 43"),
    ("80 00 00", "10 02 80 00 00 10 03 F5 1F"),
    ("06 70 00", "10 02 06 70 00 10 03 D9 F9"),
    ("06 00 06 12 34 56 BA 09 78", "10 02 06 00 06 12 34 56 BA 09 78 10 03 24 C3"),
    ("84 9C 00", "10 02 84 9C 00 10 03 C3 41"),
    ("06 18 00", "10 02 06 18 00 10 03 56 3A"),
    ("05 01 05 12 34 56 03 04", "10 02 05 01 05 12 34 56 03 04 10 03 30 94"),
    ("06 02 00", "10 02 06 02 00 10 03 B9 CC"),
    ("06 B0 00", "10 02 06 B0 00 10 03 43 F3"),
    ("05 01 00", "10 02 05 01 00 10 03 10 06"),
]


def test_crc_check_value():
    assert crc16_kermit(b"123456789") == 0x2189


@pytest.mark.parametrize("apdu,frame", VECTORS)
def test_encode_vectors(apdu, frame):
    raw = bytes.fromhex(apdu)
    if (raw[0], raw[1]) in FORBIDDEN:  # 06 18 reset: the vector's CRC is still checked by the decoder test
        with pytest.raises(RefusedCommand):
            encode_frame(raw)
        return
    assert encode_frame(raw) == bytes.fromhex(frame)


@pytest.mark.parametrize("apdu,frame", VECTORS)
def test_decode_vectors(apdu, frame):
    raw = bytes.fromhex(frame)
    consumed, f = decode_frame(raw)
    assert consumed == len(raw)
    assert f == Frame(bytes.fromhex(apdu), True, 0)


def test_crc_bytes_equal_to_dle_are_not_stuffed():
    raw = bytes.fromhex("10 02 05 01 00 10 03 10 06")
    assert decode_frame(raw) == (len(raw), Frame(bytes.fromhex("05 01 00")))
    # and the frame is not complete without its last raw CRC byte
    assert decode_frame(raw[:-1]) == (0, None)


def test_stuffed_dle_in_data():
    apdu = bytes.fromhex("06 D1 03 10 10 41")
    raw = encode_frame(apdu)
    assert raw.count(b"\x10\x10") == 2
    assert decode_frame(raw)[1].apdu == apdu


def test_bad_crc_is_reported_not_raised():
    raw = bytearray(bytes.fromhex("10 02 80 00 00 10 03 F5 1F"))
    raw[-1] ^= 0xFF
    consumed, f = decode_frame(raw)
    assert consumed == len(raw) and f.crc_ok is False


def test_garbage_before_frame_is_skipped():
    raw = b"\x00\xff\x06" + bytes.fromhex("10 02 80 00 00 10 03 F5 1F")
    consumed, f = decode_frame(raw)
    assert f.apdu == bytes.fromhex("80 00 00") and f.garbage == 3 and consumed == len(raw)


def test_pure_garbage_is_dropped_but_trailing_dle_kept():
    assert decode_frame(b"abc") == (3, None)
    assert decode_frame(b"abc\x10") == (3, None)


def test_bad_escape_raises_frame_error_with_consumed():
    with pytest.raises(FrameError) as exc:
        decode_frame(bytes.fromhex("10 02 80 10 41 00"))
    assert exc.value.consumed == 5


def test_tcp_reassembly_and_extended_length():
    a = bytes.fromhex("80 00 00")
    big = bytes([0x06, 0xD3, 0xFF, 0x2C, 0x01]) + b"x" * 300
    stream = a + big
    assert decode_tcp(stream[:2]) == (0, None)
    assert decode_tcp(stream) == (3, a)
    assert decode_tcp(stream[3:]) == (305, big)
    assert apdu_length(big[:4]) is None


@given(st.binary(max_size=300))
def test_roundtrip_any_apdu_bytes(data):
    if len(data) >= 2 and (data[0], data[1]) in FORBIDDEN:  # refused by construction (test_allowlist.py)
        with pytest.raises(RefusedCommand):
            encode_frame(data)
        return
    raw = encode_frame(data)
    assert decode_frame(raw) == (len(raw), Frame(data, True, 0))


@settings(max_examples=300)
@given(st.binary(max_size=200))
def test_decode_arbitrary_bytes_terminates_with_typed_result(buf):
    """Feed any bytes: each call consumes something or asks for more; only FrameError escapes."""
    rest = bytes(buf)
    for _ in range(len(buf) + 2):
        try:
            consumed, frame = decode_frame(rest)
        except FrameError as exc:
            assert exc.consumed > 0
            rest = rest[exc.consumed:]
            continue
        assert frame is None or isinstance(frame, Frame)
        if consumed == 0:
            break
        rest = rest[consumed:]
    else:
        pytest.fail("decoder did not make progress")
