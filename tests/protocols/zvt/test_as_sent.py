"""The decoders keep what the terminal sent: a missing status byte stays missing, digits the terminal withheld
(E/F nibbles) stay in place as '*', binary TLV values are shown as hex.

Byte vectors: the ones quoted in issue 12 from a third-party ZVT emulator and from peer decoders' test data
(a status enquiry completion `06 0F 00` with no status byte; BMP 22 `F0 F8 EE EE EE EE EE EE 47 71` and
`559883EEEEEE8074`; a real terminal's serial number TLV 1F42 `11 E9 30 EC`).
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.protocols.zvt import bmp, messages as m
from pos_doctor.protocols.zvt.apdu import encode_apdu
from pos_doctor.protocols.zvt.tlv import decode_tlv, encode_tlv, tlv_text


@pytest.mark.parametrize("apdu", ["06 0F 00", "06 0F 03 F0 F0 F0"])
def test_status_enquiry_completion_without_status_byte(apdu):
    c = m.decode_message(bytes.fromhex(apdu), "status_enquiry")
    assert (c.terminal_status, c.result_code) == (None, None)


def test_status_byte_zero_is_kept_when_sent():
    c = m.decode_message(bytes.fromhex("06 0F 01 00"), "status_enquiry")
    assert (c.terminal_status, c.result_code) == (0x00, None)


def test_plain_completion_without_bmp27_has_no_result_code():
    assert m.decode_message(bytes.fromhex("06 0F 00")).result_code is None
    assert m.decode_message(bytes.fromhex("06 0F 02 27 00")).result_code == 0


@pytest.mark.parametrize("value, shown", [
    ("F0 F8 EE EE EE EE EE EE 47 71", "************4771"),       # terminal kept only the last four
    ("F0 F8 55 98 83 EE EE EE 80 74", "559883******8074"),       # terminal already applied 6/4
    ("F0 F8 41 11 11 11 11 11 11 11", "411111******1111"),       # full number: we apply 6/4
    ("F1 F0 67 25 00 00 00 00 00 00 01 9F", "672500*********0019"),  # odd length, F pad dropped
    ("F1 F0 67 25 00 00 00 00 00 00 01 9E", "672500*********0019"),  # odd length, E pad dropped
])
def test_pan_keeps_what_the_terminal_sent(value, shown):
    (b,) = bmp.decode_bmps(bytes.fromhex("22 " + value))
    assert b.value == shown


def test_transaction_pan_from_a_masked_bmp22():
    data = bmp.encode_bmp(0x27, 0) + bytes.fromhex("22 F0 F8 EE EE EE EE EE EE 47 71")
    t = m.decode_message(encode_apdu(0x04, 0x0F, data)).transaction
    assert t.pan_masked == "************4771"


def test_binary_serial_number_is_hex():
    items = decode_tlv(bytes.fromhex("E4 07 1F 42 04 11 E9 30 EC"))
    assert tlv_text(items, 0x1F42) == "11E930EC"
    data = b"\x00" + bmp.encode_bmp(0x06, [(0xE4, [(0x1F40, "Move5000"), (0x1F42, bytes.fromhex("11E930EC"))])])
    c = m.decode_message(encode_apdu(0x06, 0x0F, data), "status_enquiry")
    assert c.device.serial_number == "11E930EC" and c.device.name == "Move5000"


def test_text_serial_number_stays_text():
    assert tlv_text(decode_tlv(encode_tlv(0x1F42, "SIM0000001")), 0x1F42) == "SIM0000001"


@given(st.text("0123456789", min_size=13, max_size=19), st.data())
@settings(max_examples=300)
def test_pan_mask_property(pan, data):
    # terminals withhold leading / middle digits and always keep the last four (which are what staff compare)
    withheld = data.draw(st.sets(st.integers(0, len(pan) - 5)))
    nibbles = "".join("E" if i in withheld else c for i, c in enumerate(pan))
    if len(nibbles) % 2:
        nibbles += "F"
    (b,) = bmp.decode_bmps(b"\x22" + bmp.llvar(bytes.fromhex(nibbles)))
    shown = b.value
    assert len(shown) == len(pan)
    for i, c in enumerate(shown):
        if i in withheld or 6 <= i < len(pan) - 4:
            assert c == "*"
        else:
            assert c == pan[i]


@given(st.binary(max_size=40))
@settings(max_examples=300)
def test_tlv_text_never_shows_control_bytes(value):
    text = tlv_text(decode_tlv(encode_tlv(0x1F42, value)), 0x1F42)
    assert not any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text)
    body = value.rstrip(b"\x00")
    if any(x < 0x20 or x == 0x7F for x in body):
        assert text == body.hex().upper()


# --- the same vectors through a real pty and the ZvtClient (a scripted terminal on the other end) ----------------

def _status_over_pty(completion: bytes):
    from pos_doctor.protocols.zvt.session import ZvtClient

    from .peers import Terminal, pty_pair

    ecr, pt = pty_pair()

    def script(t):
        assert t.expect_apdu()[:2] == b"\x05\x01"
        assert t.send(b"\x80\x00\x00") == 0x06
        t.converse(completion)

    term = Terminal(pt, script)
    try:
        return ZvtClient(ecr).status_enquiry()
    finally:
        term.join()
        ecr.close()
        pt.close()


def test_bare_completion_over_pty_reports_no_status():
    res = _status_over_pty(bytes.fromhex("06 0F 00"))
    assert (res.outcome, res.terminal_status, res.result_code, res.terminal_status_text) == ("completed", None, None, None)


def test_binary_serial_over_pty_is_hex():
    data = b"\x00" + bmp.encode_bmp(0x06, [(0xE4, [(0x1F40, "Move5000"), (0x1F42, bytes.fromhex("11E930EC"))])])
    res = _status_over_pty(encode_apdu(0x06, 0x0F, data))
    assert (res.terminal_status, res.device.serial_number) == (0x00, "11E930EC")


@given(st.one_of(st.none(), st.text("0123456789.", min_size=1, max_size=12)), st.one_of(st.none(), st.integers(0, 255)))
@settings(max_examples=300)
def test_status_enquiry_completion_property(version, status):
    """Whatever the terminal includes - a version, a status byte, neither - the decoder reports exactly that."""
    data = (bmp.lllvar(version.encode("ascii")) if version else b"") + (bytes([status]) if status is not None else b"")
    if status is not None and status == 0x06 and not version:
        return  # a lone 06 would open a BMP 06 container: not a layout a terminal sends
    c = m.decode_message(encode_apdu(0x06, 0x0F, data), "status_enquiry")
    assert c.result_code is None
    assert c.terminal_status == status
    # exactly what was sent: a version is a field whose meaning is known, never masked (issue 26)
    assert c.software_version == (version.strip() if version else None)
