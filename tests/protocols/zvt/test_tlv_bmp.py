import pytest
from hypothesis import given, settings, strategies as st

from pos_doctor.errors import ApduError, ProtocolError
from pos_doctor.protocols.zvt import bmp, tlv


def test_tlv_multibyte_tag_and_nesting():
    raw = bytes.fromhex("1F44021234 340B 1F0E021122 1F0F03101010".replace(" ", ""))
    items = tlv.decode_tlv(raw)
    assert items[0].tag == 0x1F44 and items[0].value == b"\x12\x34"
    assert items[1].tag == 0x34 and items[1].constructed
    assert items[1].find(0x1F0F).value == b"\x10\x10\x10"


@pytest.mark.parametrize("n,prefix", [(5, "05"), (0x80, "8180"), (0xFF, "81FF"), (0x100, "820100")])
def test_tlv_length_forms(n, prefix):
    enc = tlv.encode_tlv(0x07, b"a" * n)
    assert enc[1 : 1 + len(prefix) // 2].hex().upper() == prefix
    assert tlv.decode_tlv(enc)[0].value == b"a" * n


@pytest.mark.parametrize("raw", ["1F", "1F44", "0705414243", "0783010000", "E4031F4005"])
def test_tlv_bad_input(raw):
    with pytest.raises(ApduError):
        tlv.decode_tlv(bytes.fromhex(raw))


tlv_leaf = st.tuples(st.sampled_from([0x07, 0x1F16, 0x1F17, 0x1F44, 0x1F8101]), st.binary(max_size=300))
tlv_tree = st.recursive(
    st.lists(tlv_leaf, max_size=3),
    lambda kids: st.lists(st.tuples(st.sampled_from([0xE4, 0x34, 0x25]), kids), max_size=3),
    max_leaves=8,
)


def _norm(items):
    return [(t.tag, _norm(t.children) if t.constructed else t.value) for t in items]


@given(tlv_tree)
def test_tlv_roundtrip(items):
    enc = tlv.encode_tlvs(items)
    assert tlv.encode_tlvs(tlv.decode_tlv(enc)) == enc


@given(st.binary(max_size=200))
def test_tlv_arbitrary_bytes(data):
    try:
        items = tlv.decode_tlv(data)
    except ProtocolError as exc:
        assert str(exc)
        return
    # whatever decodes has one canonical form: encoding it and decoding again gives the same objects
    assert tlv.decode_tlv(tlv.encode_tlvs(items)) == items
    assert len(tlv.encode_tlvs(items)) <= len(data)  # lengths written minimally, never longer than what came in


def test_bmp_vectors():
    data = bytes.fromhex("0400000000123427002903000001 49 0978 8B F0 F4 56495341".replace(" ", ""))
    d = bmp.bmp_dict(bmp.decode_bmps(data))
    assert d == {0x04: "000000001234", 0x27: 0, 0x29: "03000001", 0x49: "0978", 0x8B: "VISA"}


def test_bcd_and_var_helpers():
    assert bmp.bcd(1234, 3) == bytes.fromhex("001234")
    assert bmp.llvar(b"ab") == bytes.fromhex("F0F26162")
    assert bmp.lllvar(b"x" * 123) [:3] == bytes.fromhex("F1F2F3")
    with pytest.raises(ApduError):
        bmp.bcd(1234, 1)


@pytest.mark.parametrize("raw", ["04 0012", "22 F1", "22 F9F9 00", "3C F0 F0", "77 00", "0B 1A0000"])
def test_bmp_bad_input(raw):
    with pytest.raises(ApduError):
        bmp.decode_bmps(bytes.fromhex(raw.replace(" ", "")))


def test_unknown_bmp_lenient_keeps_rest():
    out = bmp.decode_bmps(bytes.fromhex("2700 77 0102"), strict=False)
    assert out[-1].name == "unknown" and out[-1].value == b"\x01\x02"


values = {
    0x04: st.integers(0, 10**12 - 1), 0x0B: st.integers(0, 999999), 0x27: st.integers(0, 255),
    0x29: st.integers(0, 10**8 - 1), 0x49: st.sampled_from([978, 156, 840]), 0x87: st.integers(0, 9999),
    0x3C: st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=300),
    0x8B: st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=99),
    0x06: st.lists(tlv_leaf, max_size=3),
}


@given(st.lists(st.sampled_from(sorted(values)).flatmap(lambda t: st.tuples(st.just(t), values[t])), max_size=6))
def test_bmp_roundtrip(pairs):
    enc = b"".join(bmp.encode_bmp(t, v) for t, v in pairs)
    dec = bmp.decode_bmps(enc)
    assert [b.tag for b in dec] == [t for t, _ in pairs]
    for b, (t, v) in zip(dec, pairs):
        spec = bmp.BMPS[t]
        if spec.kind == "bcd":
            assert int(b.value) == v
        elif spec.kind == "tlv":
            assert tlv.encode_tlvs(b.value) == tlv.encode_tlvs(v)
        else:
            assert b.value == v


@given(st.binary(max_size=200), st.booleans())
@settings(max_examples=300)
def test_bmp_arbitrary_bytes(data, strict):
    try:
        out = bmp.decode_bmps(data, strict=strict)
    except ProtocolError as exc:
        assert str(exc)
        return
    # the values sit in order after their tags, none overlapping, all inside the data, the last one ending it
    end = 0
    for b in out:
        assert end < b.span[0] <= b.span[1] <= len(data)
        end = b.span[1]
    assert end == len(data) or not out
    assert all(b.name != "unknown" for b in out[:-1]) and (not strict or all(b.name != "unknown" for b in out))
    dump = bmp.redact_hex(data, out)
    for b in out:
        if b.sensitive or b.name == "unknown":
            assert dump.split(" ")[b.span[0]:b.span[1]] == ["**"] * (b.span[1] - b.span[0])


# --- TLV, one rule each, with the exact refusal --------------------------------------------------------------------

@pytest.mark.parametrize("raw,message", [
    ("07", "TLV cut short before its length"),
    ("1F", "TLV multi-byte tag cut short"), ("1F 81", "TLV multi-byte tag cut short"),
    ("1F 81 82 83 04 00", "TLV tag longer than 4 bytes"),
    ("07 80", "unsupported TLV length byte 0x80"), ("07 83 00 00 00", "unsupported TLV length byte 0x83"),
    ("07 81", "TLV length 81 cut short"), ("07 82 00", "TLV length 82 cut short"), ("07 82", "TLV length 82 cut short"),
    ("07 05 AA", "TLV tag 7 says 5 bytes, only 1 left"), ("1F44 81 90 00", "TLV tag 1F44 says 144 bytes, only 1 left"),
])
def test_tlv_refusals_say_what_is_wrong(raw, message):
    with pytest.raises(ApduError) as exc:
        tlv.decode_tlv(bytes.fromhex(raw))
    assert str(exc.value) == message


@pytest.mark.parametrize("raw,tag,value", [
    ("07 00", 0x07, b""), ("07 81 00", 0x07, b""), ("07 82 00 00", 0x07, b""), ("07 82 00 01 AA", 0x07, b"\xaa"),
    ("1F 81 82 03 01 AA", 0x1F818203, b"\xaa"), ("1F40 7F" + " 41" * 0x7F, 0x1F40, b"A" * 0x7F),
])
def test_tlv_tags_and_length_forms_at_their_edges(raw, tag, value):
    assert tlv.decode_tlv(bytes.fromhex(raw)) == (tlv.Tlv(tag, value),)


@pytest.mark.parametrize("n,prefix", [(0x7F, "7F"), (0x80, "81 80"), (0xFF, "81 FF"), (0x100, "82 01 00"), (0xFFFF, "82 FF FF")])
def test_tlv_length_encoding_edges(n, prefix):
    assert tlv.encode_length(n) == bytes.fromhex(prefix)


def test_tlv_value_too_long_and_negative_tag():
    with pytest.raises(ApduError) as exc:
        tlv.encode_length(0x10000)
    assert str(exc.value) == "TLV value too long (65536 bytes)"
    with pytest.raises(ApduError) as exc:
        tlv.tag_bytes(-1)
    assert str(exc.value) == "negative TLV tag -1"
    assert tlv.tag_bytes(0) == b"\x00" and tlv.tag_bytes(0x1000000) == b"\x01\x00\x00\x00"
    assert tlv.tag_bytes(0x1F818203) == bytes.fromhex("1F818203")


def test_tlv_nesting_limit_is_exact():
    def nested(k: int) -> bytes:
        body = b""
        for _ in range(k):
            body = b"\xe4" + bytes([len(body)]) + body
        return body

    deepest = tlv.decode_tlv(nested(tlv.MAX_DEPTH))
    for _ in range(tlv.MAX_DEPTH - 1):
        deepest = deepest[0].children
    assert deepest == (tlv.Tlv(0xE4, b"", ()),)
    with pytest.raises(ApduError) as exc:
        tlv.decode_tlv(nested(tlv.MAX_DEPTH + 1))
    assert str(exc.value) == "TLV nested too deep"


def test_tlv_constructed_children_found_and_encoded():
    tree = tlv.Tlv(0xE4, b"", (tlv.Tlv(0x1F40, b"M5000"), tlv.Tlv(0xE5, b"", (tlv.Tlv(0x1F42, b"SN1\x00\x00"),))))
    raw = tlv.encode_tlvs([tree])
    assert raw == bytes.fromhex("E4 12 1F40 05") + b"M5000" + bytes.fromhex("E5 08 1F42 05") + b"SN1\x00\x00"
    (back,) = tlv.decode_tlv(raw)
    assert back.constructed and not back.children[0].constructed
    assert back.find(0x1F42).value == b"SN1\x00\x00" and back.find(0x1F99) is None
    assert tlv.tlv_text([back], 0x1F42) == "SN1" and tlv.tlv_text([back], 0x1F99) is None
    assert tlv.tlv_text(tlv.decode_tlv(tlv.encode_tlv(0x07, "MAX\x00\x00")), 0x07) == "MAX"
    # a value with control bytes inside is binary: shown as hex, never as control characters
    assert tlv.tlv_text(tlv.decode_tlv(tlv.encode_tlv(0x07, " \x00AB ")), 0x07) == "2000414220"


def test_tlv_text_is_cp437_and_unknown_characters_become_question_marks():
    assert tlv.encode_tlv(0x07, "Grüße €") == bytes.fromhex("07 07") + "Grüße ".encode("cp437") + b"?"


# --- BMPs, one rule each --------------------------------------------------------------------------------------------

def test_bcd_digits_drop_padding_nibbles_anywhere():
    assert bmp.bcd_digits(bytes.fromhex("12 3E")) == "123"
    assert bmp.bcd_digits(bytes.fromhex("1E 23 FF")) == "123"
    assert bmp.bcd_digits(bytes.fromhex("12 F3 45")) == "12345"


@pytest.mark.parametrize("raw,message", [
    ("04 0000 0000 123A", "BMP 04 (amount) is not BCD: 00 00 00 00 12 3A"),
    ("04 0012", "BMP 04 (amount) needs 6 bytes, only 2 left"),
    ("22 F1", "BMP 22 length cut short"), ("3C F0 F0", "BMP 3C length cut short"),
    ("22 FA 00", "BMP 22 has a bad length byte 0xFA"), ("22 E1 00", "BMP 22 has a bad length byte 0xE1"),
    ("22 F0 F5 12", "BMP 22 (pan) needs 5 bytes, only 1 left"),
    ("77 00", "unknown BMP 77 at offset 0"), ("27 00 77 00", "unknown BMP 77 at offset 2"),
])
def test_bmp_refusals_say_what_is_wrong(raw, message):
    with pytest.raises(ApduError) as exc:
        bmp.decode_bmps(bytes.fromhex(raw.replace(" ", "")))
    assert str(exc.value) == message


def test_bmp_values_by_kind():
    data = bytes.fromhex("27 05" "2A" + "41" * 15 + "23 F0 F3 112233" "E1 F0 F4 4D 41 58 00" "06 02 07 00")
    out = bmp.decode_bmps(data)
    assert [(b.tag, b.name) for b in out] == [(0x27, "result_code"), (0x2A, "vu_number"), (0x23, "track2"),
                                              (0xE1, "text_line_1"), (0x06, "tlv")]
    assert out[0].value == 5 and out[1].value == b"A" * 15
    assert out[2].value == "[3 bytes of card data withheld]" and out[2].sensitive and not out[0].sensitive
    assert out[3].value == "MAX" and out[4].value == (tlv.Tlv(0x07, b""),)
    assert [b.span for b in out] == [(1, 2), (3, 18), (21, 24), (27, 31), (33, 35)]


def test_unknown_bmp_lenient_keeps_the_rest_with_its_place():
    out = bmp.decode_bmps(bytes.fromhex("27 00 77 01 02"), strict=False)
    assert out[-1] == bmp.Bmp(0x77, "unknown", b"\x01\x02", (3, 5))


def test_bmp_encoding_rules():
    assert bmp.encode_bmp(0x2A, b"A" * 15) == b"\x2a" + b"A" * 15
    assert bmp.encode_bmp(0x27, 5) == b"\x27\x05"
    assert bmp.encode_bmp(0x06, b"\x07\x00") == bytes.fromhex("06 02 07 00")
    assert bmp.encode_bmp(0x22, "123") == bytes.fromhex("22 F0 F2 12 3E")
    assert bmp.encode_bmp(0xE1, "€A") == bytes.fromhex("E1 F0 F2 3F 41")
    assert bmp.encode_bmp(0x3C, b"x") == bytes.fromhex("3C F0 F0 F1 78")
    for tag, value, message in [(0x77, 1, "unknown BMP 77"), (0x27, b"\x00\x01", "BMP 27 takes 1 bytes, got 2"),
                                (0x04, 10**12, "1000000000000 does not fit 6 BCD bytes"),
                                (0x0B, 1234567, "1234567 does not fit 3 BCD bytes"),
                                (0x8B, b"x" * 100, "value of 100 bytes too long for a 2-digit length")]:
        with pytest.raises(ApduError) as exc:
            bmp.encode_bmp(tag, value)
        assert str(exc.value) == message


def test_redact_hex_withholds_card_data_unknown_rests_and_on_request_every_value():
    data = bytes.fromhex("27 00 22 F0 F2 12 3E")
    out = bmp.decode_bmps(data)
    assert bmp.redact_hex(data, out) == "27 00 22 F0 F2 ** **"
    assert bmp.redact_hex(data, out, values=False) == "27 ** 22 F0 F2 ** **"
    assert bmp.redact_hex(b"\x06\x0f" + data, out, offset=2) == "06 0F 27 00 22 F0 F2 ** **"
    rest = bytes.fromhex("27 00 77 01 02")
    assert bmp.redact_hex(rest, bmp.decode_bmps(rest, strict=False)) == "27 00 77 ** **"


def test_bcd_strict_names_the_field_or_says_bcd_field():
    assert bmp.bcd_strict(b"\x12\x34") == "1234"
    with pytest.raises(ApduError) as exc:
        bmp.bcd_strict(b"\x1a")
    assert str(exc.value) == "BCD field is not BCD: 1A"


def test_a_tlv_without_a_value_is_empty():
    assert tlv.encode_tlv(0x07) == b"\x07\x00" and tlv.Tlv(0x07).value == b""


@pytest.mark.parametrize("sent,shown", [
    ("1E", "1"),  # one digit and its pad
    ("12E45E", "12*45"),  # a withheld digit in the middle, the pad after a digit dropped
    ("123E5E", "123*5"),
])
def test_the_pad_nibble_after_a_digit_is_dropped_and_withheld_digits_kept(sent, shown):
    assert bmp.pan_as_sent(bytes.fromhex(sent)) == shown


@pytest.mark.parametrize("pan,shown", [
    ("4111**1111111111", "4111********1111"),  # withheld by the terminal and hidden by the 6/4 rule
    ("**11111111111111", "**1111******1111"),
    ("4111111111111111", "411111******1111"),
])
def test_a_card_number_is_masked_in_place_keeping_what_the_terminal_withheld(pan, shown):
    assert bmp.mask_pan_in_place(pan) == shown


def test_a_field_the_terminal_filled_with_ff_has_no_value():
    assert [(b.tag, b.value) for b in bmp.decode_bmps(bytes.fromhex("87 FF FF"))] == [(0x87, None)]


@pytest.mark.parametrize("value,text", [
    (b"ab\x7f", "61627F"),  # DEL is a control byte: the whole value shown as hex, upper case
    (b"\x01\xab", "01AB"),
    (b"\x80 ok\x00", "Ç ok"),  # 0x80 is a CP437 letter, the NUL fill dropped
])
def test_a_tlv_value_is_text_unless_it_holds_a_control_byte(value, text):
    assert tlv.value_text(value) == text
