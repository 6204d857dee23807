import pytest
from hypothesis import assume, given, settings, strategies as st

from pos_doctor.errors import ApduError, ProtocolError, RefusedCommand
from pos_doctor.privacy import luhn_ok
from pos_doctor.protocols.zvt import codes, commands, messages as m
from pos_doctor.protocols.zvt.apdu import encode_apdu
from pos_doctor.protocols.zvt.bmp import encode_bmp
from pos_doctor.protocols.zvt.framing import encode_frame
from pos_doctor.values import asdict
from tests.oracles import assert_pan_hidden


@pytest.mark.parametrize("apdu,frame", [
    ("05 01 03 12 34 56", "10 02 05 01 03 12 34 56 10 03 E0 43"),
    ("80 00 00", "10 02 80 00 00 10 03 F5 1F"),
    ("06 70 00", "10 02 06 70 00 10 03 D9 F9"),
    ("06 00 06 12 34 56 BA 09 78", "10 02 06 00 06 12 34 56 BA 09 78 10 03 24 C3"),
    ("06 02 00", "10 02 06 02 00 10 03 B9 CC"),
    ("06 B0 00", "10 02 06 B0 00 10 03 43 F3"),
])
def test_encoders_match_public_vectors(apdu, frame):
    built = {
        "05 01 03 12 34 56": lambda: commands.status_enquiry("123456"),
        "80 00 00": lambda: commands.safe_apdu(commands.ACK_APDU),
        "06 70 00": commands.diagnosis,
        "06 00 06 12 34 56 BA 09 78": lambda: commands.registration("123456", 0xBA, 978),
        "06 02 00": commands.log_off,
        "06 B0 00": commands.abort,
    }[apdu]()
    assert built == bytes.fromhex(apdu)
    assert encode_frame(built) == bytes.fromhex(frame)


def test_other_encoders():
    assert commands.status_enquiry("000000", 0x04) == bytes.fromhex("05 01 05 00 00 00 03 04")
    assert commands.diagnosis(2) == bytes.fromhex("06 70 05 06 03 1B 01 02")
    assert commands.repeat_receipt() == bytes.fromhex("06 20 05 00 00 00 03 03")  # resend status, do not print
    assert commands.repeat_receipt(print_copy=True) == bytes.fromhex("06 20 05 00 00 00 03 01")
    assert commands.print_system_configuration() == bytes.fromhex("06 1A 00")
    with pytest.raises(ApduError):
        commands.status_enquiry("12ab56")


FORBIDDEN = [(0x06, 0x01), (0x06, 0x30), (0x06, 0x31), (0x06, 0x22), (0x06, 0x23), (0x06, 0x24), (0x06, 0x25),
             (0x06, 0x50), (0x06, 0x93), (0x06, 0x1B), (0x08, 0x10), (0x08, 0x13), (0x06, 0x95), (0x06, 0x18)]


@pytest.mark.parametrize("cls,instr", FORBIDDEN)
def test_financial_commands_refused(cls, instr):
    with pytest.raises(RefusedCommand):
        commands.safe_apdu(bytes([cls, instr, 7]) + b"\x04\x00\x00\x00\x00\x10\x00")


def test_a_forbidden_instruction_is_refused_in_words_that_name_it_and_say_what_to_do():
    with pytest.raises(RefusedCommand) as refused:
        encode_apdu(0x106, 0x1F30)  # the class and instruction are read as bytes: 06 30, a refund
    assert [refused.value.text(lang) for lang in ("en", "zh", "de")] == [
        "06 30 moves money or changes the terminal; pos-doctor never builds it",
        "06 30 会动用资金或更改POS机设置，pos-doctor 不会生成此命令",
        "06 30 bewegt Geld oder ändert das Terminal; pos-doctor erzeugt diesen Befehl nie",
    ]
    assert [refused.value.hint_text(lang) for lang in ("en", "zh", "de")] == [
        "do payments, refunds and settings on the till or the terminal itself",
        "支付、退款和设置请在收银机或POS机上操作",
        "Zahlungen, Gutschriften und Einstellungen machen Sie an der Kasse oder am Terminal selbst",
    ]


def test_every_pair_off_the_allowlist_is_refused():
    for cls in range(256):
        for instr in range(256):
            apdu = bytes([cls, instr, 0])
            if (cls, instr) in commands.ALLOWED:
                assert commands.safe_apdu(apdu) == apdu
            else:
                with pytest.raises(RefusedCommand):
                    commands.safe_apdu(apdu)


@given(st.binary(max_size=300))
def test_safe_apdu_arbitrary(apdu):
    try:
        out = commands.safe_apdu(apdu)
    except RefusedCommand:
        return
    assert out == apdu and (apdu[0], apdu[1]) in commands.ALLOWED


def test_codes_texts():
    assert "83" not in codes.result_text(0x83).en and "ZVT" in codes.result_text(0x83).en
    assert "2F" in codes.result_text(0x2F).en and "2F" in codes.result_text(0x2F).zh
    assert "issuer" in codes.result_text(0x05).en
    assert "7E" in codes.result_text(0x7E).en
    assert codes.terminal_status_text(0xCC) == codes.result_text(0xCC)
    assert "AB" in codes.intermediate_text(0xAB).zh
    for table in (codes.RESULT_CODES, codes.TERMINAL_STATUS, codes.INTERMEDIATE_STATUS):
        for t in table.values():
            assert t.en and t.zh and t.en != t.zh


def test_decode_status_information():
    apdu = encode_apdu(0x04, 0x0F, encode_bmp(0x27, 0) + encode_bmp(0x04, 1234) + encode_bmp(0x49, 156)
                       + encode_bmp(0x0B, 17) + encode_bmp(0x87, 42) + encode_bmp(0x29, 52500001)
                       + encode_bmp(0x22, "4111111111111111") + encode_bmp(0x0C, "103000") + encode_bmp(0x0D, "1122")
                       + encode_bmp(0x8B, "girocard"))
    msg = m.decode_message(apdu)
    t = msg.transaction
    assert t.approved and str(t.amount) == "12.34" and t.currency == "CNY"
    assert (t.trace_number, t.receipt_number, t.terminal_id) == (17, 42, "52500001")
    assert t.pan_masked == "411111******1111" and t.card_name == "girocard" and t.time == "11-22 10:30:00"
    assert "41 11 11 11" not in msg.hex


def test_decode_status_enquiry_completion():
    data = b"\xf0\xf0\xf5" + b"8.1.4" + b"\x00" + encode_bmp(0x06, [
        (0x1F44, bytes.fromhex("52500001")),
        (0xE4, [(0x1F40, "Move5000"), (0x1F41, "8.1.4"), (0x1F42, "SN9"), (0x1F43, b"\x00")]),
        (0x34, [(0x1F0E, bytes.fromhex("20261122")), (0x1F0F, bytes.fromhex("123001"))])])
    c = m.decode_message(encode_apdu(0x06, 0x0F, data), "status_enquiry")
    assert (c.software_version, c.terminal_status, c.terminal_id) == ("8.1.4", 0, "52500001")
    assert c.device == m.DeviceInfo("Move5000", "8.1.4", "SN9", 0)
    assert c.terminal_time.isoformat() == "2026-11-22T12:30:01"
    bare = m.decode_message(bytes.fromhex("06 0F 01 9C"), "status_enquiry")
    assert bare.terminal_status == 0x9C and bare.software_version is None


def test_decode_others():
    a = m.decode_message(encode_apdu(0x06, 0x1E, b"\xff" + encode_bmp(0x06, [(0x1F16, b"\x12"), (0x1F17, "Host down")])))
    assert (a.result_code, a.extended_code, a.error_text) == (0xFF, 0x12, "Host down")
    assert m.decode_message(bytes.fromhex("06 1E 01 A3")).result_code == 0xA3
    assert m.decode_message(bytes.fromhex("84 83 00")).result_code == 0x83
    assert isinstance(m.decode_message(bytes.fromhex("80 00 00")), m.Ack)
    st_ = m.decode_message(bytes.fromhex("04 FF 02 D2 00"))
    assert st_.code == 0xD2 and st_.timeout == 0 and "Dialling" in st_.text.en
    ff = m.decode_message(encode_apdu(0x04, 0xFF, b"\xff\x05" + encode_bmp(0x06, [(0x24, [(0x07, "Bitte warten")])])))
    assert ff.lines == ("Bitte warten",)
    pl = m.decode_message(encode_apdu(0x06, 0xD1, b"\x80" + "Händler".encode("cp437")))
    assert pl.text == "Händler" and pl.last_line
    blk = m.decode_message(encode_apdu(0x06, 0xD3, encode_bmp(0x06, [(0x25, [(0x07, "L1"), (0x07, "L2")])])))
    assert blk.lines == ("L1", "L2")
    dt = m.decode_message(encode_apdu(0x04, 0x01, encode_bmp(0xAA, "261122") + encode_bmp(0x0C, "101010")))
    assert (dt.date, dt.time) == ("261122", "101010")
    u = m.decode_message(b"\x06\x01\x07\x04\x00\x00\x00\x00\x10\x00")  # built by hand: encode_apdu refuses 06 01
    assert isinstance(u, m.Unknown) and u.instr == 0x01


@given(st.binary(max_size=120), st.sampled_from([None, "status_enquiry"]))
@settings(max_examples=300)
def test_decode_arbitrary_bytes(data, ctx):
    try:
        msg = m.decode_message(data, ctx)
    except ProtocolError as exc:
        assert str(exc)
        return
    _assert_faithful_dump(msg, data)


def _assert_faithful_dump(msg, apdu: bytes) -> None:
    """A decoded message's hex is the APDU it came from, byte for byte, except cells withheld as '**' (class and
    instruction never are); or, for data of no known layout, only the header and the data's size."""
    assert isinstance(msg, m.TerminalMessage)
    data_size = len(apdu) - (5 if len(apdu) > 2 and apdu[2] == 0xFF else 3)
    if msg.hex == f"{apdu[0]:02X} {apdu[1]:02X} [{data_size} bytes]":
        return
    cells = msg.hex.split(" ") if msg.hex else []
    assert len(cells) == len(apdu), (msg.hex, apdu.hex(" "))
    assert all(c in ("**", f"{b:02X}") for c, b in zip(cells, apdu)), (msg.hex, apdu.hex(" "))
    assert cells[:2] == [f"{b:02X}" for b in apdu[:2]]


@given(st.sampled_from([(4, 0xFF), (4, 0x0F), (6, 0xD1), (6, 0xD3), (6, 0x0F), (6, 0x1E), (4, 0x01), (0x84, 0x9C)]),
       st.binary(max_size=120), st.sampled_from([None, "status_enquiry"]))
@settings(max_examples=400)
def test_decode_arbitrary_bodies(code, body, ctx):
    apdu = encode_apdu(*code, body)
    try:
        msg = m.decode_message(apdu, ctx)
    except ProtocolError as exc:
        assert str(exc)
        return
    _assert_faithful_dump(msg, apdu)
    if code == (0x84, 0x9C):
        assert isinstance(msg, m.Refusal)


def _luhn_pan(draw_digits: str) -> str:
    for check in "0123456789":
        if luhn_ok(draw_digits + check):
            return draw_digits + check
    raise AssertionError


@given(st.integers(12, 18).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)), st.randoms())
def test_pan_never_leaves_decoder(prefix, rnd):
    pan = _luhn_pan(prefix)
    assume(len(set(pan)) > 3)  # a card of zeros would match the zero padding of the BCD amount, not a leak
    body = encode_bmp(0x27, 0) + encode_bmp(0x22, pan) + encode_bmp(0x04, rnd.randint(0, 99999))
    for code in [(4, 0x0F), (6, 0x0F), (6, 0x1E)]:
        data = (b"\x00" + body) if code == (6, 0x1E) else body
        msg = m.decode_message(encode_apdu(*code, data))
        everything = "\n".join([repr(msg), str(msg), repr(asdict(msg)), msg.hex])
        assert pan not in everything.replace(" ", "")
        assert_pan_hidden(pan, everything)  # not even 8 + 4 of it (the oracle also reads the hex without spaces)


def _luhn_complete(body: str) -> str:
    for d in "0123456789":
        if luhn_ok(body + d):
            return body + d
    raise AssertionError


@given(st.text(alphabet="ABC :", max_size=8), st.from_regex(r"[3-6][0-9]{14,17}", fullmatch=True))
def test_a_card_number_printed_on_a_receipt_is_unreadable_in_text_and_hex(prefix, body):
    pan = _luhn_complete(body)
    msg = m.decode_message(encode_apdu(0x06, 0xD1, b"\x00" + (prefix + pan).encode("ascii")))
    assert pan not in msg.text
    digits_in_hex = "".join(chr(int(c, 16)) for c in msg.hex.split(" ")[4:] if c != "**")
    assert pan not in digits_in_hex and pan[6:-4] not in digits_in_hex


def _completion_with_clock(date: bytes, time: bytes | None):
    clock = [(0x1F0E, date)] + ([(0x1F0F, time)] if time is not None else [])
    data = b"\xf0\xf0\xf5" + b"8.1.4" + b"\x00" + encode_bmp(0x06, [(0x34, clock)])
    return m.decode_message(encode_apdu(0x06, 0x0F, data), "status_enquiry")


@pytest.mark.parametrize("date,time,expected", [
    (bytes.fromhex("20261122"), bytes.fromhex("123001"), "2026-11-22T12:30:01"),  # BCD, as most terminals send it
    (b"20261122", b"123001", "2026-11-22T12:30:01"),                              # ASCII digits
    (b"20261122", bytes.fromhex("235959"), "2026-11-22T23:59:59"),                 # ASCII date, BCD time
    (bytes.fromhex("20261122"), b"000000", "2026-11-22T00:00:00"),
], ids=["bcd", "ascii", "ascii-date-bcd-time", "bcd-date-ascii-midnight"])
def test_the_terminal_clock_in_each_form(date, time, expected):
    c = _completion_with_clock(date, time)
    assert c.terminal_time.isoformat() == expected and c.software_version == "8.1.4"


@pytest.mark.parametrize("date,time", [
    (bytes.fromhex("20261322"), bytes.fromhex("123001")),  # month 13
    (b"2026XY22", b"123001"),                               # not digits
    (b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", b"123001"),      # not ASCII
    (b"20261122", b"12"),                                   # a time cut short
    (b"202611", b"123001"),                                 # a date cut short
    (b"20261122", None),                                    # a date without its time: no moment to compare
], ids=["month-13", "letters", "binary", "short-time", "short-date", "no-time"])
def test_an_unreadable_terminal_clock_is_not_reported_never_a_guess(date, time):
    # the clock sets the offset between the terminal's records and the customer's time: a guess (midnight, a
    # default) would move every record by hours; unreadable is None, and the rest of the completion still reads
    c = _completion_with_clock(date, time)
    assert c.terminal_time is None and c.software_version == "8.1.4"
