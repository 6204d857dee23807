"""Messages real terminals sent, as other ZVT implementations' own tests keep them (byte strings and the facts their
tests assert, nothing else). Each case names the repository and file it comes from."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pos_doctor.errors import ApduError
from pos_doctor.protocols.zvt.messages import Abort, Completion, PrintLine, StatusInformation, decode_message
from pos_doctor.records.scrubbing import scrub_deep


def _b(h: str) -> bytes:
    return bytes.fromhex(h.replace("-", " "))


ECRTERM_COMPLETION = (  # wirelane/ecrterm ecrterm/tests/test_parsing_completion.py
    "060f89f0f4f04745522d4150502d76322e302e393b635230322e30312e30312d30302e30392d322d323b4343323600065b1f4404525002"
    "45e4431f400a6356454e4420626f782b1f41284745522d4150502d76322e302e393b635230322e30312e30312d30302e30392d322d32"
    "3b434332361f420411e930ec1f430100340d1f0e04202306221f0f03085556")
VERSION = "GER-APP-v2.0.9;cR02.01.01-00.09-2-2;CC26"


def test_ecrterm_completion_keeps_the_software_version_unmasked():
    m = decode_message(_b(ECRTERM_COMPLETION), "status_enquiry")
    assert isinstance(m, Completion)
    assert m.software_version == VERSION and m.device.software_version == VERSION  # ecrterm: sw_version
    assert m.device.serial_number == "11E930EC"  # ecrterm: get_serial_number() == '11e930ec'
    assert m.terminal_status == 0x00  # ecrterm: 'PT ready'
    # and the records' defence in depth leaves a known field alone too
    assert scrub_deep({"target": {"software_version": m.software_version}})["target"]["software_version"] == VERSION


@pytest.mark.parametrize("apdu, receipts", [
    # wirelane/ecrterm ecrterm/tests/test_parsing_open_reservation_responses.py: FF FF = no open reservation
    ("06 1E 04 B8 87 FF FF", [None]),
    ("06 1E 04 B8 87 01 23", ["0123"]),
])
def test_ecrterm_open_reservation_receipt_numbers(apdu, receipts):
    m = decode_message(_b(apdu))
    assert isinstance(m, Abort) and m.result_code == 0xB8
    assert [b.value for b in m.bmps if b.tag == 0x87] == receipts


def test_ff_filled_bcd_fields_are_not_reported():
    # the same FF fill in a status information: trace and receipt numbers absent, not an error
    m = decode_message(_b("04 0F 09 27 00 0B FF FF FF 87 FF FF"))
    assert isinstance(m, StatusInformation)
    assert (m.transaction.trace_number, m.transaction.receipt_number) == (None, None)


def test_ecrterm_abort_by_external_command():
    # wirelane/ecrterm ecrterm/tests/test_parsing_abort.py
    m = decode_message(_b("061e2e6c062b1f1605ff000014411f1720416262727563682064757263682065787465726e6573204b6f6d6d616e646f21"))
    assert isinstance(m, Abort) and m.result_code == 108
    assert m.extended_code == 0xFF00001441  # ecrterm: extended_error_code 'ff00001441'
    assert m.error_text == "Abbruch durch externes Kommando!"


@pytest.mark.parametrize("apdu, why", [
    # wirelane/ecrterm ecrterm/tests/test_parsing_open_reservation_responses.py: length byte one above the data
    ("06 1E 0E B8 06 11 23 09 08 02 01 23 08 02 45 67", "length field says 14 data bytes, got 13"),
    ("06 1E 11 B8 87 01 23 06 11 23 09 08 02 45 67 08 02 78 90", "length field says 17 data bytes, got 16"),
    # Portalum/Portalum.Zvt src/Portalum.Zvt.UnitTest/PrintLineTest.cs ProcessData_LineReceived2 (corrupt data)
    ("06-D1-10-40-2A-2A-20-4B-41-53-53-45-4E-53-43-48-4E-49-54-54-20-2A-2A", "length field says 16 data bytes, got 20"),
    ("06-D1-18-40-2A-2A-20-4B-41-53-53-45-4E-53-43-48-4E-49-54-54-20-2A-2A", "length field says 24 data bytes, got 20"),
])
def test_malformed_vectors_are_rejected_with_the_reason(apdu, why):
    with pytest.raises(ApduError) as e:
        decode_message(_b(apdu))
    assert why in str(e.value)


# Portalum/Portalum.Zvt src/Portalum.Zvt.UnitTest/PrintLineTest.cs ProcessData_LineReceivedCardCompleteWithTlv
@pytest.mark.parametrize("apdu, text, receipt_type", [
    ("06-D1-14-40-54-45-53-54-20-50-6F-72-74-61-6C-75-6D-06-04-1F-07-01-01", "TEST Portalum", b"\x01"),
    ("06-D1-0F-40-52-49-45-44-47-20-35-30-06-04-1F-07-01-02", "RIEDG 50", b"\x02"),
    ("06-D1-07-40-06-04-1F-07-01-01", "", b"\x01"),
    ("06-D1-1F-00-4E-72-3A-20-20-2A-2A-2A-2A-20-2A-2A-2A-2A-20-2A-2A-2A-2A-20-34-38-32-31-06-04-1F-07-01-01",
     "Nr:  **** **** **** 4821", b"\x01"),
    ("06-D1-07-81-06-04-1F-07-01-02", "", b"\x02"),
])
def test_portalum_print_lines_with_a_trailing_tlv(apdu, text, receipt_type):
    m = decode_message(_b(apdu))
    assert isinstance(m, PrintLine)
    assert m.text == text
    assert [(t.tag, t.value) for t in m.tlv] == [(0x1F07, receipt_type)]


@pytest.mark.parametrize("apdu, text", [
    # Portalum/Portalum.Zvt src/Portalum.Zvt.UnitTest/PrintLineTest.cs ProcessData_LineReceived1 (no TLV)
    ("06-D1-0E-40-54-45-53-54-20-50-6F-72-74-61-6C-75-6D", "TEST Portalum"),
    ("06-D1-19-00-54-65-72-6D-69-6E-61-6C-2D-49-44-3A-20-20-20-20-32-38-30-30-34-38-36-39", "Terminal-ID:    28004869"),
    ("06-D1-01-81", ""),
    # a 06 byte in the text that is no well-formed BMP 06 stays text
    ("06-D1-05-00-41-06-09-42", "A\x06\tB"),
])
def test_portalum_print_lines_without_tlv(apdu, text):
    m = decode_message(_b(apdu))
    assert m.text == text and m.tlv == ()


# Portalum/Portalum.Zvt src/Portalum.Zvt.UnitTest/StatusInformationParserTest.cs
PORTALUM_PAYMENT_GOOD1 = (
    "04 0F 77 27 00 04 00 00 00 00 20 40 0B 00 04 70 0C 22 39 53 0D 10 06 0E 25 12 17 00 01 19 70 22 F0 F8 EE EE EE"
    " EE EE EE 47 71 29 28 00 48 69 2A 31 30 30 34 36 31 37 36 33 20 20 20 20 20 20 3B 36 31 31 38 30 34 00 00 3C F0"
    " F1 F4 47 45 4E 2E 4E 52 2E 3A 36 31 31 38 30 34 49 09 78 87 04 70 88 00 04 70 8A 2E 8B F1 F7 44 65 62 69 74 20"
    " 4D 61 73 74 65 72 63 61 72 64 00")


def test_portalum_payment_good():
    m = decode_message(_b(PORTALUM_PAYMENT_GOOD1))
    tx = m.transaction
    assert tx.approved and tx.amount == Decimal("20.40")  # Portalum: Amount 20.4
    assert tx.currency == "EUR"  # CurrencyCode 978
    assert tx.card_name == "Debit Mastercard"
    assert tx.time.endswith("22:39:53")
    assert tx.terminal_id == "28004869"  # Portalum reads the same 4 bytes as the integer 671107177 (0x28004869)
    assert tx.pan_masked.endswith("4771") and "*" in tx.pan_masked
    assert dict((b.tag, b.value) for b in m.bmps)[0x3C] == "GEN.NR.:611804"  # AdditionalText


@pytest.mark.parametrize("apdu, text, rc", [
    ("04 0F 1E 27 6C 29 28 00 48 69 3C F0 F1 F9 41 62 62 72 75 63 68 20 64 75 72 63 68 20 4B 75 6E 64 65",
     "Abbruch durch Kunde", 0x6C),
    ("04 0F 18 27 FF 29 28 00 48 69 3C F0 F1 F3 42 65 74 72 61 67 20 66 61 6C 73 63 68", "Betrag falsch", 0xFF),
])
def test_portalum_refused_payments(apdu, text, rc):
    m = decode_message(_b(apdu))
    assert not m.transaction.approved and m.transaction.result_code == rc
    assert m.transaction.terminal_id == "28004869"
    assert dict((b.tag, b.value) for b in m.bmps)[0x3C] == text


def test_portalum_tlv_infos():
    m = decode_message(_b(
        "04-0F-65-27-00-0C-23-13-55-0D-10-29-0E-99-99-22-F0-F8-EE-EE-EE-EE-EE-EE-47-71-A0-01-29-00-00-00-06-87-00-08-0B"
        "-00-00-00-8A-06-8B-F1-F1-4D-41-53-54-45-52-43-41-52-44-00-06-2E-2F-08-1F-12-01-02-1F-10-01-00-60-1B-43-07-A0-00"
        "-00-00-04-10-10-44-10-44-65-62-69-74-20-4D-61-73-74-65-72-63-61-72-64-1F-2B-04-10-01-50-08"))
    assert m.transaction.card_name == "MASTERCARD" and m.transaction.approved
    assert int(m.transaction.terminal_id) == 6  # Portalum: TerminalIdentifier 6
