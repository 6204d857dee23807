"""ZvtClient, command by command: the exact bytes each command writes, the name its result carries, the caller's
deadline honoured by the commands that end at their acknowledgement, and what a TCP link that is not ZVT says."""

import time

import pytest

from pos_doctor.errors import LinkTimeout, ProtocolError
from pos_doctor.protocols.zvt.apdu import encode_apdu
from pos_doctor.protocols.zvt.bmp import encode_bmp
from pos_doctor.protocols.zvt.session import ZvtClient, ZvtTimers

from .peers import Terminal, sock_pair

pytestmark = pytest.mark.timeout(20)
FAST = ZvtTimers(t1=0.2, t2=1.0, t3=0.3, t4=2.0, t4_status=2.0)
ACK = b"\x80\x00\x00"
DONE = encode_apdu(0x06, 0x0F, b"")
RESULT_6C = "Stopped: timed out or the abort key was pressed."


@pytest.fixture
def tcp():
    ecr, term = sock_pair()
    yield ZvtClient(ecr, transport="tcp", password="123456", timers=FAST), term
    for link in (ecr, term):
        link.close()


@pytest.mark.parametrize(("call", "kwargs", "written", "name"), [
    ("diagnosis", {}, "06 70 00", "diagnosis"),
    ("diagnosis", {"kind": 2}, "06 70 05 06 03 1B 01 02", "diagnosis"),
    ("repeat_receipt", {}, "06 20 05 12 34 56 03 03", "repeat_receipt"),
    ("repeat_receipt", {"print_copy": True}, "06 20 05 12 34 56 03 01", "repeat_receipt"),
    ("print_system_configuration", {}, "06 1A 00", "print_system_configuration"),
    ("send_turnover_totals", {}, "06 10 03 12 34 56", "send_turnover_totals"),
    ("status_enquiry", {}, "05 01 03 12 34 56", "status_enquiry"),
    ("register", {"config_byte": 0xBA}, "06 00 06 12 34 56 BA 09 78", "registration"),
    ("register", {"config_byte": 0xBA, "service_byte": 0x01}, "06 00 08 12 34 56 BA 09 78 03 01", "registration"),
])
def test_each_command_writes_its_bytes_and_names_itself(tcp, call, kwargs, written, name):
    client, term = tcp
    seen = []

    def script(t):
        seen.append(t.expect_apdu())
        t.send(ACK)
        t.converse(DONE)

    peer = Terminal(term, script, tcp=True)
    res = getattr(client, call)(**kwargs)
    peer.join()
    assert seen == [bytes.fromhex(written)]
    assert (res.command, res.outcome, res.result_code) == (name, "completed", None)


@pytest.mark.parametrize("command", ["abort", "log_off"])
def test_a_command_that_ends_at_its_acknowledgement_keeps_the_callers_deadline(tcp, command):
    client, term = tcp
    with pytest.raises(LinkTimeout) as exc:
        getattr(client, command)(deadline=time.monotonic() - 1)
    assert exc.value.timer == "command deadline"
    assert exc.value.message == "the command ran out of time (overall deadline); the terminal kept it busy"
    assert client._link.bytes_out == 0 and term.read(100, 0.05) == b""  # nothing was sent


@pytest.mark.parametrize("command", ["abort", "log_off"])
def test_a_command_answered_with_messages_instead_of_its_acknowledgement_reads_them_to_the_end(tcp, command):
    """The terminal answers abort / log-off with an intermediate status instead of 80 00: the client waits for the
    next message on the local timer (T4 status) and ends at the completion."""
    client, term = tcp

    def script(t):
        t.expect_apdu()
        t.converse(bytes.fromhex("04 FF 01 0E"), DONE)

    peer = Terminal(term, script, tcp=True)
    res = getattr(client, command)()
    peer.join()
    assert (res.command, res.outcome) == (command, "completed")
    assert res.raw == ["04 FF 01 0E", "06 0F 00"]


class _Queued:
    """A link whose terminal answers every write with the next of `answers`, all of it readable at once."""

    def __init__(self, *answers: bytes):
        self.answers, self.pending, self.written = list(answers), bytearray(), []

    def write(self, data: bytes) -> None:
        self.written.append(bytes(data))
        if self.answers:
            self.pending += self.answers.pop(0)

    def read(self, n: int, timeout: float) -> bytes:
        out = bytes(self.pending[:n])
        del self.pending[:n]
        return out

    def reset_input(self) -> None:
        self.pending.clear()


def test_a_tcp_link_that_is_not_zvt_says_what_came_and_what_to_check():
    client = ZvtClient(_Queued(b"SSH-2.0-OpenSSH_9.6p1 Ubuntu\r\n"), transport="tcp", timers=FAST)
    with pytest.raises(ProtocolError) as exc:
        client.status_enquiry()
    assert exc.value.message == ("not ZVT on this TCP link (got 53 53 48 2D 32 2E 30 2D 4F 70 65 6E 53 53 48 5F): "
                                 "wrong port or serial framing on a TCP link")
    assert exc.value.hint == ("Check the terminal's ECR port (often 20007) and that it is set to TCP/IP, not serial "
                              "framing.")


def test_status_information_then_completion_without_a_terminal_id_takes_the_transactions(tcp):
    client, term = tcp
    info = encode_apdu(0x04, 0x0F, encode_bmp(0x27, 0) + encode_bmp(0x29, 52500001))

    def script(t):
        t.expect_apdu()
        t.send(ACK)
        t.converse(info, DONE)

    peer = Terminal(term, script, tcp=True)
    res = client.repeat_receipt()
    peer.join()
    assert (res.outcome, res.terminal_id) == ("completed", "52500001")


def test_a_tcp_message_cut_short_names_the_inter_byte_timer():
    """Half an APDU, then nothing: the message had started, so T1 (inter-byte) ends it, not the terminal's T4."""
    client = ZvtClient(_Queued(ACK + bytes.fromhex("06 0F 05 00")), transport="tcp",
                       timers=ZvtTimers(t1=0.05, t2=1.0, t3=0.3, t4=2.0, t4_status=2.0))
    with pytest.raises(LinkTimeout) as exc:
        client.status_enquiry()
    assert exc.value.timer == "T1 inter-byte"
    assert exc.value.message == "the terminal stopped in the middle of a message (T1 inter-byte)"


def _print_line(text: str) -> bytes:
    return encode_apdu(0x06, 0xD1, b"\x00" + text.encode("latin-1"))


@pytest.mark.parametrize(("lines", "receipt"), [
    (["Karte 4111 1111", "1111 1111 Betrag"], ["Karte 4111 11**", "**** 1111 Betrag"]),
    (["Beleg 1", "Karte 4111 1111", "1111 1111 Betrag"], ["Beleg 1", "Karte 4111 11**", "**** 1111 Betrag"]),
    # a narrow receipt: the number runs through a line of digits alone
    (["Beleg 1", "Karte 4111", "1111 1111", "1111 ok"], ["Beleg 1", "Karte 4111", "11** ****", "1111 ok"]),
    (["4111", "1111", "1111", "1111", "Ende"], ["4111", "11**", "****", "1111", "Ende"]),
    # the walk back from the second line reaches the first: the number began there
    (["Karte 4111", "1111 1111", "1111 ok"], ["Karte 4111", "11** ****", "1111 ok"]),
    (["Beleg 1", "Karte 4111", "1111*1111", "1111 ok"], ["Beleg 1", "Karte 4111", "11*******", "1111 ok"]),
    (["Tel 138", "1234 5678", "Ende 4111"], ["Tel 138", "**** 5678", "Ende 4111"]),
])
def test_a_number_split_across_print_lines_is_masked_on_the_receipt(lines, receipt):
    """Print lines arrive one message at a time: a card or phone number split across them is masked as one number,
    however many lines of digits it runs through."""
    answers = [ACK + _print_line(lines[0]), *(_print_line(line) for line in lines[1:]), DONE]
    client = ZvtClient(_Queued(*answers), transport="tcp", timers=FAST)
    res = client.print_system_configuration()
    assert (res.outcome, res.receipt_lines) == ("completed", receipt)


def test_a_serial_frame_that_does_not_decode_is_refused_once_and_the_next_one_read():
    """A DLE followed by a byte that may not follow it: the bad frame is dropped whole, NAKed once, counted once,
    and the good frame after it is read."""
    from pos_doctor.protocols.zvt.framing import encode_frame

    bad = bytes.fromhex("10 02 80 00 10 41")
    link = _Queued(b"\x06" + bad + encode_frame(ACK), b"", encode_frame(DONE), b"", b"\x06")
    client = ZvtClient(link, transport="serial", timers=FAST)
    res = client.status_enquiry()
    assert (res.outcome, res.raw) == ("completed", ["80 00 00", "06 0F 00"])
    assert link.written[1:4] == [b"\x15", b"\x06", b"\x06"]
    assert (client.stats.crc_errors, client.stats.naks_sent) == (1, 1)


def test_a_completion_with_a_result_code_says_it():
    client = ZvtClient(_Queued(ACK + encode_apdu(0x06, 0x0F, encode_bmp(0x27, 0x6C))), transport="tcp", timers=FAST)
    res = client.diagnosis()
    assert (res.outcome, res.result_code, res.result.en) == ("completed", 0x6C, RESULT_6C)


def test_noise_before_the_link_ack_is_no_ack_the_frame_is_sent_again():
    """A stray byte where the ACK should be: not an ACK (and no frame start), so T3 runs out and the frame is sent
    again; the ACK to the repeat is taken."""
    from pos_doctor.protocols.zvt.framing import encode_frame

    link = _Queued(b"\x00", b"\x06" + encode_frame(ACK), encode_frame(DONE), b"", b"\x06")
    client = ZvtClient(link, transport="serial", timers=ZvtTimers(t1=0.05, t2=0.5, t3=0.05, t4=0.5, t4_status=0.5))
    res = client.status_enquiry()
    assert res.outcome == "completed"
    assert link.written[0] == link.written[1]  # the command, twice
    assert (client.stats.repeats, client.stats.timeouts, client.stats.missing_acks) == (1, 1, 0)


def test_each_frame_that_comes_instead_of_an_ack_is_counted():
    from pos_doctor.protocols.zvt.framing import encode_frame

    link = _Queued(encode_frame(ACK), encode_frame(DONE), b"", encode_frame(ACK))
    client = ZvtClient(link, transport="serial", timers=FAST)
    res = client.status_enquiry()
    assert res.outcome == "completed"
    assert (client.stats.missing_acks, client.stats.repeats, client.stats.timeouts) == (2, 0, 0)


def test_every_timeout_is_counted():
    """No ACK to the first send (T3), then no answer at all (T2): two timeouts."""
    link = _Queued(b"", b"\x06")
    client = ZvtClient(link, transport="serial", timers=ZvtTimers(t1=0.05, t2=0.05, t3=0.05, t4=0.5, t4_status=0.5))
    with pytest.raises(LinkTimeout) as exc:
        client.status_enquiry()
    assert (exc.value.timer, exc.value.message) == ("T2 first answer",
                                                    "the terminal did not answer in time (T2 first answer)")
    assert (client.stats.timeouts, client.stats.repeats, client.stats.frames_sent) == (2, 1, 2)


def test_every_bad_frame_is_counted_and_refused():
    """Two frames whose DLE escape is wrong and two whose CRC is wrong: four NAKs, four errors counted."""
    from pos_doctor.protocols.zvt.framing import encode_frame

    bad_escape = bytes.fromhex("10 02 80 00 10 41")
    bad_crc = bytearray(encode_frame(ACK))
    bad_crc[-1] ^= 0xFF
    link = _Queued(b"\x06" + bad_escape + bad_escape + bytes(bad_crc) * 2 + encode_frame(ACK), b"", b"", b"", b"",
                   encode_frame(DONE), b"", b"\x06")
    client = ZvtClient(link, transport="serial", timers=FAST)
    res = client.status_enquiry()
    assert (res.outcome, res.raw) == ("completed", ["80 00 00", "06 0F 00"])
    assert (client.stats.crc_errors, client.stats.naks_sent) == (4, 4)


def test_a_stall_inside_a_message_after_a_missing_ack_counts_both_timeouts():
    from pos_doctor.protocols.zvt.framing import encode_frame

    link = _Queued(b"", b"\x06" + encode_frame(ACK)[:4])
    client = ZvtClient(link, transport="serial", timers=ZvtTimers(t1=0.05, t2=0.5, t3=0.05, t4=0.5, t4_status=0.5))
    with pytest.raises(LinkTimeout) as exc:
        client.status_enquiry()
    assert exc.value.timer == "T1 inter-byte"
    assert (client.stats.timeouts, client.stats.repeats) == (2, 1)


def test_a_stall_inside_a_message_when_the_terminals_own_timer_runs_out_first_names_that_timer():
    """The message has started, but less of T4 is left than T1: T4 is what ran out."""
    client = ZvtClient(_Queued(ACK + bytes.fromhex("06 0F 05 00")), transport="tcp",
                       timers=ZvtTimers(t1=5.0, t2=1.0, t3=0.3, t4=0.05, t4_status=0.05))
    with pytest.raises(LinkTimeout) as exc:
        client.status_enquiry()
    assert exc.value.timer == "T4 terminal master"


def test_a_frame_the_terminal_began_before_the_clients_ack_is_no_ack_to_it():
    """The terminal starts its next frame (10 02) in the same read as the message the client acknowledges: the 06
    that follows the client's 80 00 00 is that frame's first byte, not the ACK, and a frame begun before the send does
    not stand in for one. T3 runs out, the 80 00 00 is sent again, and the ACK to the repeat is taken."""
    from pos_doctor.protocols.zvt.framing import encode_frame

    done = encode_frame(DONE)
    status = encode_frame(bytes.fromhex("04 FF 01 0E"))
    link = _Queued(b"\x06" + encode_frame(ACK), status + done[:2], b"", done[2:], b"\x06", b"", b"\x06")
    client = ZvtClient(link, transport="serial", timers=FAST)
    res = client.status_enquiry()
    assert (res.outcome, res.raw) == ("completed", ["80 00 00", "04 FF 01 0E", "06 0F 00"])
    assert link.written[1:] == [b"\x06", b"\x06", encode_frame(ACK), encode_frame(ACK), b"\x06", encode_frame(ACK)]
    assert (client.stats.missing_acks, client.stats.timeouts, client.stats.repeats, client.stats.crc_errors) == (
        0, 1, 1, 0)


def test_a_damaged_frame_left_from_the_last_read_does_not_hide_the_ack_after_it():
    """A frame that cannot be decoded follows the message in the same read: the 06 after the client's 80 00 00 is the
    ACK (the damaged frame is no frame in progress); the damaged frame is then refused once and the next one read."""
    from pos_doctor.protocols.zvt.framing import encode_frame

    bad = bytes.fromhex("10 02 80 00 10 41")
    status = encode_frame(bytes.fromhex("04 FF 01 0E"))
    link = _Queued(b"\x06" + encode_frame(ACK), status + bad, b"", b"\x06", encode_frame(DONE), b"", b"\x06")
    client = ZvtClient(link, transport="serial", timers=FAST)
    res = client.status_enquiry()
    assert (res.outcome, res.raw) == ("completed", ["80 00 00", "04 FF 01 0E", "06 0F 00"])
    assert link.written[1:] == [b"\x06", b"\x06", encode_frame(ACK), b"\x15", b"\x06", encode_frame(ACK)]
    assert (client.stats.missing_acks, client.stats.timeouts, client.stats.repeats, client.stats.crc_errors,
            client.stats.naks_sent) == (0, 0, 0, 1, 1)


class _Clock:
    """time for the session module: a clock that moves only when the link waits (exact binary fractions, so a wait
    can end exactly at a deadline)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


class _Waiting:
    """A link on `clock`: each write makes the next of `answers` ((seconds, bytes)) due; a read waits until the
    answer is due or its timeout ends, whichever comes first, and returns what is due."""

    def __init__(self, clock: _Clock, *answers: tuple[float, bytes]):
        self.clock, self.answers, self.due, self.written = clock, list(answers), None, []

    def write(self, data: bytes) -> None:
        self.written.append(bytes(data))
        if self.answers:
            delay, data = self.answers.pop(0)
            self.due = (self.clock.now + delay, bytearray(data))

    def read(self, n: int, timeout: float) -> bytes:
        if self.due is None or self.due[0] > self.clock.now + timeout:
            self.clock.now += timeout
            return b""
        self.clock.now = max(self.clock.now, self.due[0])
        out = bytes(self.due[1][:n])
        del self.due[1][:n]
        return out

    def reset_input(self) -> None:
        self.due = None


@pytest.fixture
def clock(monkeypatch):
    from pos_doctor.protocols.zvt import session

    c = _Clock()
    monkeypatch.setattr(session, "time", c)
    return c


def test_the_first_answer_is_timed_from_the_send(clock):
    link = _Waiting(clock, (2.0, ACK + DONE))
    res = ZvtClient(link, transport="tcp", timers=ZvtTimers(t2=5.0)).status_enquiry()
    assert (res.outcome, res.first_answer_ms) == ("completed", 2000)


def test_every_timeout_before_the_deadline_is_counted_and_the_deadline_ends_the_command_when_it_is_reached(clock):
    """No ACK to any send, T3 of 0.25 s, the caller's deadline 0.5 s away: two sends time out, and the third finds
    the deadline reached (not passed) when it waits for its ACK - three timeouts, the last named for the deadline."""
    link = _Waiting(clock)
    client = ZvtClient(link, transport="serial", timers=ZvtTimers(t3=0.25))
    with pytest.raises(LinkTimeout) as exc:
        client.status_enquiry(deadline=clock.now + 0.5)
    assert (exc.value.timer, clock.now) == ("command deadline", 1000.5)
    assert (client.stats.timeouts, client.stats.repeats, client.stats.frames_sent) == (3, 2, 3)


def test_a_timer_that_ends_exactly_at_the_deadline_is_named_for_itself(clock):
    link = _Waiting(clock)
    client = ZvtClient(link, transport="tcp", timers=ZvtTimers(t2=0.5))
    with pytest.raises(LinkTimeout) as exc:
        client.status_enquiry(deadline=clock.now + 0.5)
    assert (exc.value.timer, exc.value.message) == ("T2 first answer",
                                                    "the terminal did not answer in time (T2 first answer)")


def test_a_transport_that_is_neither_serial_nor_tcp_is_refused():
    with pytest.raises(ValueError, match=r"^transport must be 'serial' or 'tcp', not 'usb'$"):
        ZvtClient(_Queued(), transport="usb")


def test_a_refusal_as_the_first_answer_is_the_result_and_its_message():
    res = ZvtClient(_Queued(bytes.fromhex("84 83 00")), transport="tcp", timers=FAST).status_enquiry()
    assert (res.outcome, res.result_code, res.raw) == ("refused", 0x83, ["84 83 00"])
    assert [m.hex for m in res.messages] == ["84 83 00"]


def test_a_refusal_while_the_terminal_is_master_is_kept_with_the_messages_before_it():
    link = _Queued(ACK + encode_apdu(0x04, 0xFF, bytes.fromhex("0E")), bytes.fromhex("84 9C 00"))
    res = ZvtClient(link, transport="tcp", timers=FAST).status_enquiry()
    assert (res.outcome, res.result_code) == ("refused", 0x9C)
    assert res.raw == ["80 00 00", "04 FF 01 0E", "84 9C 00"]
    assert [m.hex for m in res.messages] == ["04 FF 01 0E", "84 9C 00"]
    assert link.written[1:] == [ACK]  # the status acknowledged, the refusal not


def test_three_naks_refuse_the_frame_with_what_to_check():
    from pos_doctor.errors import FrameError

    client = ZvtClient(_Queued(b"\x15", b"\x15", b"\x15"), transport="serial", timers=FAST)
    with pytest.raises(FrameError) as exc:
        client.status_enquiry()
    assert exc.value.message == "the terminal rejected the frame 3 times (NAK): check cable and baud rate"
    assert (client.stats.naks_received, client.stats.frames_sent, client.stats.repeats) == (3, 3, 2)


def test_three_sends_without_an_ack_say_so():
    client = ZvtClient(_Queued(), transport="serial", timers=FAST)
    with pytest.raises(LinkTimeout) as exc:
        client.status_enquiry()
    assert (exc.value.timer, exc.value.message) == ("T3 ack", "no ACK from the terminal after 3 sends")
    assert (client.stats.timeouts, client.stats.frames_sent) == (3, 3)


def test_each_tcp_message_sent_is_counted():
    client = ZvtClient(_Queued(ACK + DONE), transport="tcp", timers=FAST)
    assert client.status_enquiry().outcome == "completed"
    assert client.stats.frames_sent == 2  # the command and the 80 00 00 to the completion
