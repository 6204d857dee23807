"""The one read-only command added for payment truth: Send Turnover Totals (06 10). The allowlist grows by it
only, and every financial or state-changing command stays refused."""

import pytest

from pos_doctor.errors import RefusedCommand
from pos_doctor.protocols.zvt import commands
from pos_doctor.protocols.zvt.apdu import encode_apdu

READ_ONLY = {(0x05, 0x01), (0x06, 0x70), (0x06, 0x20), (0x06, 0x1A), (0x06, 0xB0), (0x06, 0x02), (0x06, 0x00),
             (0x80, 0x00), (0x06, 0x10)}
# payment, pre-auth family, reversal, refund, end-of-day (closes the period), offline send, partial reconciliation,
# print turnover receipts (not added: no public source shows it leaves the period open), initialisation, terminal
# id, password, reset, software update, configuration, file writes
NEVER = [(0x06, 0x01), (0x06, 0x21), (0x06, 0x22), (0x06, 0x23), (0x06, 0x24), (0x06, 0x25), (0x06, 0x26),
         (0x06, 0x30), (0x06, 0x31), (0x06, 0x50), (0x06, 0x51), (0x06, 0x52), (0x06, 0x12), (0x06, 0x93),
         (0x06, 0x1B), (0x06, 0x95), (0x06, 0x18), (0x08, 0x10), (0x08, 0x12), (0x08, 0x13), (0x08, 0x14),
         (0x06, 0x0C), (0x06, 0x09), (0x06, 0x03)]


def test_encoder():
    assert commands.send_turnover_totals() == bytes.fromhex("06 10 03 00 00 00")
    assert commands.send_turnover_totals("123456") == bytes.fromhex("06 10 03 12 34 56")


def test_the_allowlist_is_exactly_the_read_only_commands():
    assert set(commands.ALLOWED) == READ_ONLY
    assert commands.ALLOWED[(0x06, 0x10)] == "send_turnover_totals"


@pytest.mark.parametrize("cls,instr", NEVER)
@pytest.mark.parametrize("body", [b"", b"\x00\x00\x00", b"\x04\x00\x00\x00\x00\x99\x00"])
def test_financial_and_state_changing_commands_stay_refused(cls, instr, body):
    with pytest.raises(RefusedCommand):
        commands.safe_apdu(encode_apdu(cls, instr, body))
