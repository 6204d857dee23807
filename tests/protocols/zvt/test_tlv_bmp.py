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
        tlv.decode_tlv(data)
    except ProtocolError:
        pass


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
        bmp.decode_bmps(data, strict=strict)
    except ProtocolError:
        pass
