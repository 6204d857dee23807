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


def test_a_forbidden_instruction_of_two_bytes_is_refused_and_shorter_apdus_are_framed():
    with pytest.raises(RefusedCommand):
        encode_frame(bytes([0x06, 0x01]))  # a payment's class and instruction alone, no length byte
    assert encode_frame(bytes([0x06])) == bytes.fromhex("10 02 06 10 03 4B 66")


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


@settings(deadline=None)  # a busy machine (and coverage's tracing) can take longer than 200 ms for one example
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


# --- the decoder's edges, one rule each -------------------------------------------------------------------------

STATUS = bytes.fromhex("05 01 03 12 34 56")
FRAME = encode_frame(STATUS)  # 10 02 05 01 03 12 34 56 10 03 E0 43


@pytest.mark.parametrize("cut", range(1, len(FRAME)))
def test_every_incomplete_frame_asks_for_more(cut):
    assert decode_frame(FRAME[:cut]) == (0, None)


@pytest.mark.parametrize("cut", range(2, len(FRAME)))
def test_an_incomplete_frame_after_garbage_drops_only_the_garbage(cut):
    assert decode_frame(b"\xAA\xBB" + FRAME[:cut]) == (2, None)


def test_two_frames_in_one_read_come_out_in_order():
    ack = encode_frame(b"\x80\x00\x00")
    assert decode_frame(FRAME + ack) == (len(FRAME), Frame(STATUS, True, 0))
    assert decode_frame(ack + FRAME) == (len(ack), Frame(b"\x80\x00\x00", True, 0))


def test_a_frame_cut_short_by_a_new_frame_resynchronises_on_the_new_one():
    assert decode_frame(b"\x10\x02\x05\x10\x02") == (3, None)
    buf = b"\x10\x02\x05\x01" + FRAME
    consumed, frame = decode_frame(buf)
    assert (consumed, frame) == (4, None)
    assert decode_frame(buf[consumed:]) == (len(FRAME), Frame(STATUS, True, 0))


def test_a_stuffed_dle_at_the_end_of_a_partial_frame_waits():
    assert decode_frame(b"\x10\x02\x06\x10\x10") == (0, None)
    assert decode_frame(b"\x10\x02\x06\x10") == (0, None)


def test_bad_escape_message_and_consumed():
    with pytest.raises(FrameError) as exc:
        decode_frame(b"\x55\x10\x02\x06\x10\x05\x00")
    assert str(exc.value) == "DLE followed by 0x05 inside a frame" and exc.value.consumed == 6


def test_the_longest_apdu_decodes_and_one_byte_more_is_refused():
    from pos_doctor.protocols.zvt.framing import MAX_APDU

    longest = bytes([0x06, 0xD3, 0xFF, 0xFF, 0xFF]) + b"\x20" * 0xFFFF
    assert len(longest) == MAX_APDU
    raw = encode_frame(longest)
    assert decode_frame(raw) == (len(raw), Frame(longest, True, 0))
    with pytest.raises(FrameError) as exc:
        decode_frame(encode_frame(longest + b"\x20"))
    assert str(exc.value) == "frame longer than any APDU" and exc.value.consumed == 2 + MAX_APDU + 1


def test_a_bad_crc_is_read_low_byte_first():
    good = encode_frame(STATUS)
    swapped = good[:-2] + good[-1:] + good[-2:-1]
    assert decode_frame(swapped) == (len(good), Frame(STATUS, False, 0))


@pytest.mark.parametrize("buf,length", [
    (b"", None), (b"\x80", None), (b"\x80\x00", None), (b"\x80\x00\x00", 3), (b"\x06\x0f\x02", 5),
    (b"\x06\x0f\xff", None), (b"\x06\x0f\xff\x00", None), (b"\x06\x0f\xff\x00\x00", 5), (b"\x06\x0f\xff\x01\x02", 5 + 0x0201),
])
def test_apdu_length_at_every_header_size(buf, length):
    assert apdu_length(buf) == length


def test_decode_tcp_waits_for_the_whole_apdu():
    apdu = b"\x06\x0f\x02\xaa\xbb"
    assert decode_tcp(apdu[:4]) == (0, None)
    assert decode_tcp(apdu + b"\x80") == (5, apdu)


def test_crc_table_against_the_bitwise_definition():
    """CRC-16/KERMIT computed bit by bit (poly 0x1021 reflected = 0x8408, init 0), compared on every single byte and
    on a few strings: the table the module builds at import must agree with the definition."""
    def bitwise(data: bytes) -> int:
        crc = 0
        for byte in data:
            crc ^= byte
            for _ in range(8):
                crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
        return crc

    for b in range(256):
        assert crc16_kermit(bytes([b])) == bitwise(bytes([b])), b
    for data in (b"123456789", bytes(range(256)), b"\x10\x02\x10\x03"):
        assert crc16_kermit(data) == bitwise(data)


# --- APDU length field: one byte below 255, FF + two bytes little-endian from 255 on -------------------------------

@pytest.mark.parametrize("n,header", [(0, "00"), (254, "FE"), (255, "FF FF 00"), (256, "FF 00 01"), (0x1234, "FF 34 12"),
                                      (0xFFFF, "FF FF FF")])
def test_apdu_length_field_both_forms(n, header):
    from pos_doctor.protocols.zvt.apdu import Apdu, decode_apdu, encode_apdu

    data = bytes(i % 251 for i in range(n))
    raw = encode_apdu(0x06, 0xD3, data)
    assert raw == bytes.fromhex("06 D3 " + header) + data
    assert decode_apdu(raw) == Apdu(0x06, 0xD3, data)


@pytest.mark.parametrize("raw,message", [
    ("", "APDU too short (0 bytes)"), ("06 0F", "APDU too short (2 bytes)"),
    ("06 0F FF", "extended length field cut short"), ("06 0F FF 01", "extended length field cut short"),
    ("06 0F 02 AA", "length field says 2 data bytes, got 1"), ("06 0F 01 AA BB", "length field says 1 data bytes, got 2"),
    ("06 0F FF 02 00 AA", "length field says 2 data bytes, got 1"), ("06 0F FF 00 01 AA", "length field says 256 data bytes, got 1"),
])
def test_apdu_refusals_say_what_is_wrong(raw, message):
    from pos_doctor.errors import ApduError
    from pos_doctor.protocols.zvt.apdu import decode_apdu

    with pytest.raises(ApduError) as exc:
        decode_apdu(bytes.fromhex(raw))
    assert str(exc.value) == message


def test_apdu_too_long_to_encode():
    from pos_doctor.errors import ApduError
    from pos_doctor.protocols.zvt.apdu import encode_apdu

    with pytest.raises(ApduError) as exc:
        encode_apdu(0x06, 0xD3, bytes(0x10000))
    assert str(exc.value) == "APDU data too long (65536 bytes)"


def test_apdu_value():
    from pos_doctor.protocols.zvt.apdu import Apdu, decode_apdu

    a = decode_apdu(bytes.fromhex("06 0F FF 00 00"))
    assert a == Apdu(0x06, 0x0F, b"") and a.code == (0x06, 0x0F) and str(a) == "06 0F [0]"
    b = Apdu(0x84, 0x9C, b"\x01\xab")
    assert b.encode() == bytes.fromhex("84 9C 02 01 AB") and str(b) == "84 9C [2] 01 AB"
