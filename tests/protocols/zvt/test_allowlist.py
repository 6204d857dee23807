"""The allowlist by construction: the codecs cannot build a payment, the allowlist cannot be widened at run time,
and the client has no public way to write bytes (issue 13)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from pos_doctor.errors import RefusedCommand
from pos_doctor.protocols.zvt import commands
from pos_doctor.protocols.zvt.apdu import FORBIDDEN, encode_apdu
from pos_doctor.protocols.zvt.framing import encode_frame
from pos_doctor.protocols.zvt.session import ZvtClient

NEVER_SEND = [(0x06, 0x01), (0x06, 0x30), (0x06, 0x31), (0x06, 0x22), (0x06, 0x23), (0x06, 0x24), (0x06, 0x25),
              (0x06, 0x50), (0x06, 0x93), (0x06, 0x1B), (0x08, 0x10), (0x08, 0x13), (0x06, 0x95), (0x06, 0x18)]


@pytest.mark.parametrize("code", NEVER_SEND, ids=lambda c: f"{c[0]:02X}{c[1]:02X}" if isinstance(c, tuple) else c)
def test_encoders_refuse_the_never_send_list(code):
    # protocols/ZVT.md "Never send"
    assert code in FORBIDDEN
    with pytest.raises(RefusedCommand):
        encode_apdu(*code, b"\x04\x00\x00\x00\x00\x10\x00")
    with pytest.raises(RefusedCommand):
        encode_frame(bytes([*code, 7]) + b"\x04\x00\x00\x00\x00\x10\x00")
    with pytest.raises(RefusedCommand):
        commands.safe_apdu(bytes([*code, 0]))


@given(st.sampled_from(sorted(FORBIDDEN)), st.binary(max_size=40))
def test_no_data_makes_a_forbidden_instruction_encodable(code, data):
    with pytest.raises(RefusedCommand):
        encode_apdu(*code, data)


def test_allowlist_is_read_only():
    with pytest.raises(TypeError):
        commands.ALLOWED[(0x06, 0x01)] = "payment"  # type: ignore[index]
    with pytest.raises(AttributeError):
        commands.ALLOWED.update({(0x06, 0x01): "payment"})  # type: ignore[attr-defined]
    assert not set(commands.ALLOWED) & FORBIDDEN


def test_client_exposes_no_link_or_write():
    public = {name for name in dir(ZvtClient) if not name.startswith("_")}
    assert not public & {"link", "write", "send", "raw", "send_raw", "write_raw"}
    client = ZvtClient(object())
    assert not hasattr(client, "link")
    with pytest.raises(RefusedCommand):  # even the private send path refuses (allowlist first)
        client._send(bytes([0x06, 0x31, 0]))


def test_terminal_side_messages_still_encode():
    # the simulator builds the terminal's messages with the same encoder
    for cls, instr in [(0x04, 0xFF), (0x06, 0xD1), (0x06, 0x0F), (0x06, 0x1E), (0x04, 0x0F), (0x80, 0x00), (0x84, 0x83)]:
        assert encode_apdu(cls, instr, b"\x00")[:2] == bytes([cls, instr])
