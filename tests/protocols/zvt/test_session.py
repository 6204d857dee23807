import time

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from pos_doctor.errors import FrameError, LinkTimeout, ProtocolError, RefusedCommand
from pos_doctor.protocols.zvt import messages as m
from pos_doctor.protocols.zvt.apdu import encode_apdu
from pos_doctor.protocols.zvt.bmp import encode_bmp
from pos_doctor.protocols.zvt.session import ZvtClient, ZvtTimers

from .peers import Terminal, pty_pair, sock_pair

pytestmark = pytest.mark.timeout(20)
FAST = ZvtTimers(t1=0.2, t2=1.0, t3=0.3, t4=2.0, t4_status=2.0)
ACK = b"\x80\x00\x00"

STATUS_COMPLETION = encode_apdu(0x06, 0x0F, b"\xf0\xf0\xf3" + b"1.0" + b"\x00" + encode_bmp(0x06, [
    (0x1F44, bytes.fromhex("52500001")), (0xE4, [(0x1F40, "Move5000"), (0x1F42, "SN1")])]))


@pytest.fixture(params=["serial", "tcp"])
def pair(request):
    ecr, term = pty_pair() if request.param == "serial" else sock_pair()
    yield request.param, ecr, term
    for link in (ecr, term):
        try:
            link.close()
        except OSError:
            pass


def _client(pair, **kw):
    transport, ecr, term = pair
    return ZvtClient(ecr, transport=transport, timers=kw.pop("timers", FAST), **kw), term, transport == "tcp"


def test_status_enquiry(pair):
    client, term, tcp = _client(pair, password="123456")
    events = []
    client.on_event = events.append

    def script(t):
        assert t.expect_apdu() == bytes.fromhex("05 01 03 12 34 56")
        t.send(ACK)
        t.converse(bytes.fromhex("04 FF 01 0E"), encode_apdu(0x06, 0xD1, b"\x00End-of-day"), STATUS_COMPLETION)

    peer = Terminal(term, script, tcp)
    res = client.status_enquiry()
    peer.join()
    assert res.outcome == "completed" and res.terminal_status == 0 and res.software_version == "1.0"
    assert res.terminal_id == "52500001" and res.device.name == "Move5000" and res.device.serial_number == "SN1"
    assert res.receipt_lines == ["End-of-day"] and res.terminal_status_text.en == "Ready."
    assert [type(e) for e in events] == [m.IntermediateStatus, m.PrintLine, m.Completion]
    assert len(res.raw) == 4


def test_diagnosis_abort_with_text(pair):
    client, term, tcp = _client(pair)

    def script(t):
        assert t.expect_apdu() == bytes.fromhex("06 70 00")
        t.send(ACK)
        t.converse(bytes.fromhex("04 FF 01 D2"),
                   encode_apdu(0x06, 0x1E, b"\x7d" + encode_bmp(0x06, [(0x1F17, "No route to host")])))

    peer = Terminal(term, script, tcp)
    res = client.diagnosis()
    peer.join()
    assert res.outcome == "aborted" and res.result_code == 0x7D and res.error_text == "No route to host"
    assert "payment host" in res.result.en


def test_refusal_function_not_possible(pair):
    client, term, tcp = _client(pair)
    peer = Terminal(term, lambda t: (t.expect_apdu(), t.send(bytes.fromhex("84 83 00"))), tcp)
    res = client.status_enquiry()
    peer.join()
    assert res.outcome == "refused" and res.result_code == 0x83 and "ZVT" in res.result.en


def test_log_off_ends_at_ack(pair):
    client, term, tcp = _client(pair)
    peer = Terminal(term, lambda t: (t.expect_apdu(), t.send(ACK)), tcp)
    res = client.log_off()
    peer.join()
    assert res.outcome == "acknowledged" and res.messages == []


def test_repeat_receipt_reads_last_transaction_without_printing(pair):
    client, term, tcp = _client(pair)
    info = encode_apdu(0x04, 0x0F, encode_bmp(0x27, 0) + encode_bmp(0x04, 2500) + encode_bmp(0x49, 978)
                       + encode_bmp(0x22, "4111111111111111"))

    def script(t):
        assert t.expect_apdu() == bytes.fromhex("06 20 05 00 00 00 03 03")
        t.send(ACK)
        t.converse(info, encode_apdu(0x06, 0x0F, encode_bmp(0x27, 0)))

    peer = Terminal(term, script, tcp)
    res = client.repeat_receipt()
    peer.join()
    tx = res.transaction
    assert res.outcome == "completed" and tx.approved and str(tx.amount) == "25.00" and tx.currency == "EUR"
    assert "4111111111111111" not in repr(res).replace(" ", "") and tx.pan_masked == "411111******1111"


def test_silence_names_t2(pair):
    client, term, tcp = _client(pair)
    if tcp:
        peer = Terminal(term, lambda t: t.expect_apdu(), tcp)
    else:
        peer = Terminal(term, lambda t: t.expect_apdu(ack=True), tcp)
    with pytest.raises(LinkTimeout) as exc:
        client.status_enquiry()
    peer.join()
    assert exc.value.timer == "T2 first answer"


def test_refused_command_never_written(pair):
    client, term, tcp = _client(pair)
    with pytest.raises(RefusedCommand):
        client._send(b"\x06\x01\x07" + encode_bmp(0x04, 100))
    assert client._link.bytes_out == 0 and term.read(100, 0.05) == b""


# --- serial only ---------------------------------------------------------------------------------------------

@pytest.fixture
def serial():
    ecr, term = pty_pair()
    yield ZvtClient(ecr, timers=FAST), term
    ecr.close()
    term.close()


def test_nak_then_repeat(serial):
    client, term = serial

    def script(t):
        first = t.expect_apdu(ack=False)
        t.link.write(b"\x15")  # NAK: the ECR must send the same frame again
        assert t.expect_apdu() == first
        t.send(bytes.fromhex("84 9C 00"))

    peer = Terminal(term, script)
    res = client.status_enquiry()
    peer.join()
    assert res.outcome == "refused" and res.result_code == 0x9C
    assert client.stats.naks_received == 1 and client.stats.repeats == 1 and client.stats.frames_sent == 2


def test_missing_ack_three_sends_then_t3(serial):
    client, term = serial
    peer = Terminal(term, lambda t: [t.expect_apdu(ack=False) for _ in range(3)])
    with pytest.raises(LinkTimeout) as exc:
        client.status_enquiry()
    peer.join()
    assert exc.value.timer == "T3 ack" and client.stats.frames_sent == 3 and len(peer.received) == 3


def test_three_naks_is_a_frame_error(serial):
    client, term = serial

    def script(t):
        for _ in range(3):
            t.expect_apdu(ack=False)
            t.link.write(b"\x15")

    peer = Terminal(term, script)
    with pytest.raises(FrameError):
        client.diagnosis()
    peer.join()


def test_crc_error_is_naked_and_repeat_accepted(serial):
    client, term = serial

    def script(t):
        t.expect_apdu()
        assert t.send(ACK, corrupt=True) == 0x15
        assert t.send(ACK) == 0x06
        assert t.send(STATUS_COMPLETION) == 0x06
        assert t.expect_apdu() == ACK

    peer = Terminal(term, script)
    res = client.status_enquiry()
    peer.join()
    assert res.outcome == "completed" and client.stats.crc_errors == 1 and client.stats.naks_sent == 1


def test_extended_length_message(serial):
    client, term = serial
    text = "x" * 300
    blk = encode_apdu(0x06, 0xD3, encode_bmp(0x06, [(0x25, [(0x07, text)])]))
    assert blk[2] == 0xFF

    def script(t):
        t.expect_apdu()
        t.send(ACK)
        t.converse(blk, encode_apdu(0x06, 0x0F, b""))

    peer = Terminal(term, script)
    res = client.print_system_configuration()
    peer.join()
    assert res.receipt_lines == [text]


def test_terminal_master_silence_names_t4(serial):
    client, term = serial
    client.timers = ZvtTimers(t1=0.2, t2=1.0, t3=0.3, t4=0.3)

    def script(t):
        t.expect_apdu()
        t.send(ACK)
        t.converse(bytes.fromhex("04 FF 01 D2"))

    peer = Terminal(term, script)
    with pytest.raises(LinkTimeout) as exc:
        client.diagnosis()
    peer.join()
    assert exc.value.timer == "T4 terminal master"


# --- tcp only ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cut", [1, 2, 4, 7])
def test_tcp_reassembly_at_odd_boundaries(cut):
    ecr, term = sock_pair()
    client = ZvtClient(ecr, transport="tcp", timers=FAST)
    stream = ACK + STATUS_COMPLETION

    def script(t):
        t.expect_apdu()
        for i in range(0, len(stream), cut):
            t.link.write(stream[i : i + cut])
        assert t.expect_apdu() == ACK

    peer = Terminal(term, script, tcp=True)
    res = client.status_enquiry()
    peer.join()
    assert res.outcome == "completed" and res.terminal_id == "52500001"


@pytest.mark.parametrize("junk", [b"\x15", b"SSH-2.0-OpenSSH\r\n", b"\x10\x02\x80\x00\x00\x10\x03\xf5\x1f"])
def test_tcp_wrong_port_or_serial_framing(junk):
    ecr, term = sock_pair()
    client = ZvtClient(ecr, transport="tcp", timers=FAST)
    peer = Terminal(term, lambda t: (t.expect_apdu(), t.link.write(junk)), tcp=True)
    with pytest.raises(ProtocolError, match="wrong port or serial framing on a TCP link"):
        client.status_enquiry()
    peer.join()


def test_stall_inside_a_frame_names_t1(serial):
    client, term = serial

    def script(t):
        t.expect_apdu()
        t.link.write(encode_frame_prefix())  # half a frame, then nothing

    peer = Terminal(term, script)
    with pytest.raises(LinkTimeout) as exc:
        client.status_enquiry()
    peer.join()
    assert exc.value.timer == "T1 inter-byte"


def encode_frame_prefix() -> bytes:
    from pos_doctor.protocols.zvt.framing import encode_frame

    return encode_frame(ACK)[:4]


def test_package_exports():
    import pos_doctor.protocols.zvt as zvt

    assert zvt.ZvtClient is ZvtClient and zvt.encode_bmp is encode_bmp
    with pytest.raises(AttributeError):
        zvt.pay  # noqa: B018


TINY = ZvtTimers(t1=0.05, t2=0.1, t3=0.05, t4=0.1, t4_status=0.1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(st.binary(min_size=1, max_size=40), max_size=4), st.sampled_from(["serial", "tcp"]))
@example(chunks=[b"\x84\x00\x01\x00"], transport="tcp")  # a refusal with data: its header alone is shown
def test_arbitrary_terminal_bytes_never_crash(chunks, transport):
    ecr, term = pty_pair() if transport == "serial" else sock_pair()
    try:
        client = ZvtClient(ecr, transport=transport, timers=TINY)

        def script(t):
            t.expect_apdu()
            for c in chunks:
                t.link.write(c)

        peer = Terminal(term, script, transport == "tcp")
        stream = b"".join(chunks)
        started = time.monotonic()
        try:
            res = client.status_enquiry()
        except (ProtocolError, LinkTimeout) as exc:
            assert str(exc) and exc.text("zh"), f"{type(exc).__name__} without a message"
        else:
            # a verdict only from what the terminal sent: its message class and instruction are in the stream
            assert res.outcome in ("completed", "aborted", "refused"), res.outcome
            assert {"completed": b"\x06\x0f", "aborted": b"\x06\x1e", "refused": b"\x84"}[res.outcome] in stream
            for shown in res.raw:  # every APDU reported was received (DLE doubled on serial)
                # data of no known layout is shown by its length alone ("84 00 [1 bytes]": it may carry card data)
                head, _, count = shown.partition(" [")
                apdu = bytes.fromhex(head)
                if count:
                    assert len(apdu) == 2 and count.endswith(" bytes]") and int(count[:-7]) > 0, shown
                assert (apdu if transport == "tcp" else apdu.replace(b"\x10", b"\x10\x10")) in stream
        assert time.monotonic() - started < 5.0  # a few tiny timers and three sends at most: never a hang
        peer.join()
    finally:
        ecr.close()
        term.close()


def test_frame_instead_of_ack_counts_as_ack(serial):
    client, term = serial

    def script(t):
        t.expect_apdu()
        t.send(ACK)
        t.send(bytes.fromhex("04 FF 01 D3"))
        assert t.expect_apdu(ack=False) == ACK  # no ACK byte: the terminal just sends its next frame
        t.link.write(encode_frame_full(STATUS_COMPLETION))
        assert t.byte() == 0x06 and t.expect_apdu() == ACK

    peer = Terminal(term, script)
    res = client.status_enquiry()
    peer.join()
    assert res.outcome == "completed" and [type(x) for x in res.messages] == [m.IntermediateStatus, m.Completion]
    assert client.stats.missing_acks == 1 and client.stats.repeats == 0 and client.stats.frames_sent == 3


def encode_frame_full(apdu: bytes) -> bytes:
    from pos_doctor.protocols.zvt.framing import encode_frame

    return encode_frame(apdu)


def test_refusal_while_terminal_is_master_is_not_acked(pair):
    client, term, tcp = _client(pair)

    def script(t):
        t.expect_apdu()
        t.send(ACK)
        t.converse(bytes.fromhex("04 FF 01 D2"))
        t.send(bytes.fromhex("84 9C 00"))

    peer = Terminal(term, script, tcp)
    res = client.diagnosis()
    peer.join()
    assert res.outcome == "refused" and res.result_code == 0x9C
    assert term.read(100, 0.1) in (b"", b"\x06")  # at most the link ACK, no 80 00 00 answer


def test_client_imports_nothing_posix_only():
    import subprocess
    import sys

    code = ("import sys, pos_doctor.protocols.zvt.session, pos_doctor.protocols.zvt.messages;"
            "print(sorted(m for m in ('pty', 'termios', 'fcntl', 'tty', 'typer', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=30)
    assert out.stdout.strip() == "[]"


def test_register_only_when_asked(pair):
    client, term, tcp = _client(pair, password="123456")

    def script(t):
        assert t.expect_apdu() == bytes.fromhex("06 00 06 12 34 56 BA 09 78")
        t.send(ACK)
        t.converse(encode_apdu(0x06, 0x0F, encode_bmp(0x29, 52500001)))

    peer = Terminal(term, script, tcp)
    res = client.register(0xBA)
    peer.join()
    assert res.command == "registration" and res.outcome == "completed" and res.terminal_id == "52500001"


@pytest.mark.parametrize("command", ["abort", "log_off"])
def test_a_command_that_ends_at_its_acknowledgement_names_itself(pair, command):
    client, term, tcp = _client(pair)

    def script(t):
        t.expect_apdu()
        t.send(ACK)
    peer = Terminal(term, script, tcp)
    res = getattr(client, command)(deadline=time.monotonic() + 10)
    peer.join()
    assert res.command == command and res.outcome == "acknowledged"
