"""The simulated ZVT terminal over real ptys and sockets, seen through raw bytes and through ZvtClient."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
import serial

from pos_doctor.errors import LinkClosed, LinkTimeout
from pos_doctor.protocols.zvt.framing import ACK, crc16_kermit, decode_frame, encode_frame
from pos_doctor.protocols.zvt.session import ZvtClient, ZvtTimers
from pos_doctor.simulator import Simulator

STATUS_ENQUIRY = bytes.fromhex("050103000000")
FAST = ZvtTimers(t1=0.2, t2=1.0, t3=0.5, t4=2.0, t4_status=2.0)


def client(sim, open_port, timers=ZvtTimers()):
    return ZvtClient(open_port(sim.terminal_port), transport=sim.terminal_transport, timers=timers)


@pytest.mark.parametrize("scenario,status", [
    ("healthy", 0x00), ("terminal-printer-not-ready", 0xCC), ("low-voltage", 0xBF), ("busy-updating", 0x9C),
    ("init-required", 0x51), ("clock-wrong", 0x62), ("journal-full", 0xB2), ("reconciliation-required", 0xF0),
    ("outdated-software", 0x00), ("paper-out", 0x00), ("slow", 0x00),
])
def test_status_enquiry_per_scenario(scenario, status, open_port):
    with Simulator(scenario) as sim:
        res = client(sim, open_port).status_enquiry()
    assert res.outcome == "completed"
    assert res.terminal_status == status
    assert res.device.name == "SIM-ZVT-1"
    assert res.terminal_id == "29001234"
    expected_version = "1.9.0" if scenario == "outdated-software" else "2.4.1"
    assert res.software_version == expected_version and res.device.software_version == expected_version
    offset = timedelta(days=-2 if scenario == "clock-wrong" else 0)
    assert abs(res.terminal_time - (datetime.now() + offset)) < timedelta(hours=1)


def test_repeat_receipt_shows_approved_dropped_transaction_with_masked_pan(open_port):
    with Simulator("dropped-transaction") as sim:
        res = client(sim, open_port).repeat_receipt(print_copy=True)
    t = res.transaction
    assert res.outcome == "completed"
    assert t.approved is True and t.result_code == 0
    assert str(t.amount) == "12.50" and t.currency == "EUR"
    assert t.trace_number == 42 and t.receipt_number == 17 and t.card_name == "girocard"
    assert t.pan_masked.startswith("672500") and t.pan_masked.endswith("0019")
    assert "6725000000000000019" not in repr(res)


def test_last_declined_in_yuan(open_port):
    with Simulator("last-declined") as sim:
        t = client(sim, open_port).repeat_receipt(print_copy=True).transaction
    assert t.approved is False and t.result_code == 0x05
    assert str(t.amount) == "49.99" and t.currency == "CNY" and t.card_name == "UnionPay"


def test_receipt_lines_go_to_the_ecr_only_after_registration(open_port):
    logged = []
    with Simulator("dropped-transaction", log=logged.append) as sim:
        zvt = client(sim, open_port)
        assert zvt.repeat_receipt().receipt_lines == []  # service bit1: no print at all
        assert not any("printed" in line for line in logged)
        unregistered = zvt.repeat_receipt(print_copy=True)
        assert unregistered.receipt_lines == []
        assert "terminal: printed 'APPROVED'" in logged
        assert zvt.register(0x86).outcome == "completed"
        registered = zvt.repeat_receipt(print_copy=True)
    assert "APPROVED" in registered.receipt_lines and "AMOUNT 12.50" in registered.receipt_lines


def test_diagnosis_ok_and_host_unreachable(open_port):
    with Simulator("healthy") as sim:
        ok = client(sim, open_port).diagnosis()
    assert ok.outcome == "completed"
    with Simulator("host-unreachable") as sim:
        bad = client(sim, open_port).diagnosis()
    assert bad.outcome == "aborted" and bad.result_code == 0xA3
    assert bad.error_text == "no connection to host"


def test_print_configuration_logoff_abort(open_port):
    logged = []
    with Simulator("healthy", log=logged.append) as sim:
        zvt = client(sim, open_port)
        assert zvt.print_system_configuration().outcome == "completed"
        assert zvt.log_off().outcome == "acknowledged"
        assert zvt.abort().outcome == "acknowledged"
    assert "terminal: printed 'MODEL SIM-ZVT-1'" in logged


def test_zvt_disabled_refuses_everything(open_port):
    with Simulator("zvt-disabled") as sim:
        zvt = client(sim, open_port)
        for res in (zvt.status_enquiry(), zvt.diagnosis(), zvt.repeat_receipt()):
            assert res.outcome == "refused" and res.result_code == 0x83


def read_frame(port: serial.Serial, timeout: float = 3.0) -> bytes:
    buf = bytearray()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        buf += port.read(1)
        consumed, frame = decode_frame(buf)
        if frame is not None:
            return frame.apdu
    raise AssertionError(f"no frame, got {bytes(buf).hex(' ')}")


def _crc(apdu: bytes) -> bytes:
    crc = crc16_kermit(apdu + b"\x03")
    return bytes([crc & 0xFF, crc >> 8])


def test_payment_command_is_refused_with_83(open_port):
    with Simulator("healthy") as sim:
        port = serial.Serial(sim.terminal_port, 9600, timeout=0.5)
        try:
            # written by hand: the package's encoders refuse to build a payment frame
            port.write(bytes.fromhex("1002060106040000000001000000") + b"\x10\x03" + _crc(bytes.fromhex("060106040000000001000000")))
            assert port.read(1) == bytes([ACK])
            assert read_frame(port) == bytes.fromhex("848300")
        finally:
            port.close()


def test_ack_comes_before_the_processing_delay(tmp_path):
    f = tmp_path / "slowish.yaml"
    f.write_text("spec: 1\nname: slowish\ndescription: {en: a, zh: b}\nterminal: {delay_ms: 1500}\n")
    with Simulator(str(f)) as sim:
        port = serial.Serial(sim.terminal_port, 9600, timeout=1.0)
        try:
            sent = time.monotonic()
            port.write(encode_frame(STATUS_ENQUIRY))
            # the line ACK and the 80 00 00 first; the completion after them, held back by the 1.5 s processing
            # delay: judged by the order of what arrives and by the delay's lower bound (a busy machine only makes
            # it later), not by how soon the first bytes came
            port.timeout = 10.0
            assert port.read(1) == bytes([ACK])
            assert read_frame(port, timeout=15) == bytes.fromhex("800000")
            port.write(bytes([ACK]))
            assert read_frame(port, timeout=15)[:2] == bytes.fromhex("060F")
            assert time.monotonic() - sent >= 1.5
        finally:
            port.close()


def exchange(sim, cmd: bytes) -> tuple[bytes, float]:
    """Raw serial conversation: command, ACK, 80 00 00, then the completion and how long it took on the line."""
    port = serial.Serial(sim.terminal_port, 9600, timeout=1.0)
    try:
        port.write(encode_frame(cmd))
        assert port.read(1) == bytes([ACK])
        assert read_frame(port) == bytes.fromhex("800000")
        port.write(bytes([ACK]))
        started = time.monotonic()
        completion = read_frame(port)
        elapsed = time.monotonic() - started
        port.write(bytes([ACK]))
        return completion, elapsed
    finally:
        port.close()


def test_output_is_paced_at_the_baud_rate():
    with Simulator("healthy", baud=9600) as sim:
        completion, elapsed = exchange(sim, STATUS_ENQUIRY)
    size = len(encode_frame(completion))
    assert size >= 60
    # lower bound only: 10 bits per byte at 9600 baud; the last chunk may land early by one chunk
    assert elapsed >= (size - 16) * 10 / 9600


def test_no_ack_and_corrupted_crc_are_recovered_by_repeats(open_port):
    with Simulator("no-ack") as sim:
        zvt = client(sim, open_port)
        assert zvt.status_enquiry().outcome == "completed"
        assert zvt.diagnosis().outcome == "completed"
    assert zvt.stats.repeats >= 1
    with Simulator("corrupted-crc") as sim:
        zvt = client(sim, open_port)
        assert zvt.status_enquiry().terminal_status == 0
    assert zvt.stats.crc_errors >= 1 and zvt.stats.naks_sent >= 1


def test_unplugged_terminal_closes_the_port_mid_frame(open_port):
    with Simulator("unplugged") as sim:
        zvt = client(sim, open_port, FAST)
        with pytest.raises(LinkClosed) as info:
            zvt.status_enquiry()
        with pytest.raises(LinkClosed):
            zvt._link.read(1, 0.2)
    # raised by the product's link (pos_doctor/link/port.py), naming the port, in both languages
    assert sim.terminal_port in str(info.value) and "went away" in str(info.value)
    assert "已断开" in info.value.text("zh") and info.value.hint


def test_dead_terminal_times_out_naming_the_timer(open_port):
    with Simulator("dead-terminal") as sim:
        with pytest.raises(LinkTimeout) as info:
            client(sim, open_port, FAST).status_enquiry()
    # a dead terminal does not even acknowledge the frame on the line: T3 (the line ACK) runs out first
    assert info.value.timer == "T3 ack"


def test_terminal_heals_after_status_queries(tmp_path, open_port):
    f = tmp_path / "heal.yaml"
    f.write_text("spec: 1\nname: heal\ndescription: {en: a, zh: b}\nterminal: {status: 0x9C, heal_after: 1}\n")
    with Simulator(str(f)) as sim:
        zvt = client(sim, open_port)
        assert [zvt.status_enquiry().terminal_status for _ in range(3)] == [0x9C, 0x00, 0x00]


@pytest.mark.parametrize("framing", ["serial", "zvt"])
def test_tcp_both_framings(framing, open_port):
    with Simulator("dropped-transaction", link="tcp", tcp_framing=framing) as sim:
        assert sim.terminal_port.startswith("socket://127.0.0.1:")
        assert sim.terminal_transport == ("tcp" if framing == "zvt" else "serial")
        zvt = client(sim, open_port)
        assert zvt.status_enquiry().software_version == "2.4.1"
        assert zvt.repeat_receipt(print_copy=True).transaction.approved is True


def test_stop_is_prompt_and_idempotent(open_port):
    import threading

    sim = Simulator("slow").start()  # completes each command 2.5 s after acknowledging it
    zvt = client(sim, open_port)
    outcome: list = []

    def ask():
        try:
            outcome.append(zvt.status_enquiry())
        except Exception as exc:  # noqa: BLE001 - the outcome is what is checked
            outcome.append(exc)

    busy = threading.Thread(target=ask, daemon=True)
    busy.start()  # the simulator is mid-conversation (slow: a long processing delay) when it is stopped
    time.sleep(0.3)
    started = time.monotonic()
    sim.stop()
    took = time.monotonic() - started
    assert not [t.name for t in threading.enumerate() if t.name.startswith("pos-sim-")]
    # prompt: stopping did not wait for the conversation to finish - the client's command never completed (the
    # order of events, not a wall-clock slack; the bound below only tells a hang apart)
    busy.join(30)
    assert not busy.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], Exception), outcome
    assert took < 30
    sim.stop()  # again: nothing left to stop, no error, no thread
    assert not [t.name for t in threading.enumerate() if t.name.startswith("pos-sim-")]


def test_no_posix_import_outside_the_pty_backend():
    """Windows: only pty_backend may import pty/termios/tty/fcntl/select, and only link='pty' imports it."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2] / "pos_doctor" / "simulator"
    for path in root.glob("*.py"):
        if path.name == "pty_backend.py":
            continue
        text = path.read_text()
        assert not re.search(r"^\s*(import|from)\s+(pty|termios|tty|fcntl|select)\b", text, re.M), path.name
        if path.name != "server.py":
            assert "pty_backend" not in text, path.name


@pytest.mark.parametrize("service,has_version", [(None, True), (0x00, True), (0x02, False)])
def test_status_enquiry_service_byte_02_omits_the_version(service, has_version):
    from pos_doctor.protocols.zvt.messages import decode_message

    cmd = STATUS_ENQUIRY if service is None else bytes.fromhex("050105000000") + bytes([0x03, service])
    with Simulator("busy-updating") as sim:
        completion, _ = exchange(sim, cmd)
    data = completion[3:]
    assert data.startswith(b"\xf0\xf0\xf5" + b"2.4.1") is has_version
    msg = decode_message(completion, context="status_enquiry")
    assert msg.terminal_status == 0x9C
