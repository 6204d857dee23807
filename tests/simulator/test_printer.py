"""The simulated ESC/POS printer: status bytes per scenario, identification, recovery, healing, over ptys."""

from __future__ import annotations

import pytest
import serial
from hypothesis import given, strategies as st

from pos_doctor.simulator import Simulator, load_scenario
from pos_doctor.simulator.printer import EscposPrinter
from pos_doctor.simulator.scenario import PrinterSpec


def status(port: serial.Serial) -> list[int]:
    out = []
    for n in (1, 2, 3, 4):
        port.write(bytes([0x10, 0x04, n]))
        b = port.read(1)
        assert len(b) == 1, f"no answer to DLE EOT {n}"
        out.append(b[0])
    return out


@pytest.fixture
def printer_port():
    opened = []

    def _open(sim):
        p = serial.Serial(sim.printer_port, 9600, timeout=1.0)
        opened.append(p)
        return p

    yield _open
    for p in opened:
        p.close()


@pytest.mark.parametrize("scenario,expected", [
    ("healthy", [0x12, 0x12, 0x12, 0x12]),
    ("paper-near-end", [0x12, 0x12, 0x12, 0x1E]),
    ("paper-out", [0x1A, 0x32, 0x12, 0x7E]),
    ("cover-open", [0x1A, 0x16, 0x12, 0x12]),
    ("cutter-error", [0x1A, 0x52, 0x1A, 0x12]),
    ("printer-overheat", [0x1A, 0x52, 0x52, 0x12]),
])
def test_status_bytes_per_scenario(scenario, expected, printer_port):
    with Simulator(scenario) as sim:
        assert status(printer_port(sim)) == expected


def test_paper_out_heals_after_the_second_status_query(printer_port):
    with Simulator("paper-out") as sim:
        port = printer_port(sim)
        fourth = [status(port)[3] for _ in range(3)]
    assert fourth == [0x7E, 0x7E, 0x12]


def test_dle_enq_recovers_the_cutter_error(printer_port):
    logged = []
    with Simulator("cutter-error", log=logged.append) as sim:
        port = printer_port(sim)
        assert status(port)[2] & 0x08
        port.write(bytes([0x10, 0x05, 0x02]))  # no reply expected
        assert status(port) == [0x12, 0x12, 0x12, 0x12]
    assert "printer: DLE ENQ recovered the autocutter error" in logged


def test_identify_and_print_data_is_consumed(printer_port):
    logged = []
    with Simulator("healthy", log=logged.append) as sim:
        port = printer_port(sim)
        port.write(b"\x1b@Hello receipt\n")
        port.write(bytes([0x1D, 0x49, 0x43]))
        reply = port.read(11)
        port.write(bytes([0x1D, 0x49, 0x01]))
        model_id = port.read(1)
    assert reply == b"\x5fSIM-TM-80\x00"
    assert model_id == b"\x20"
    assert any("Hello receipt" in line for line in logged)


def test_printer_off_and_old_printer_stay_silent(tmp_path, printer_port):
    with Simulator("printer-off") as sim:  # switched off or unplugged: no answer at all
        port = printer_port(sim)
        port.timeout = 0.3
        port.write(bytes([0x10, 0x04, 0x01]))
        assert port.read(1) == b""
    with Simulator("printer-offline") as sim:  # offline in ESC/POS terms: it answers, with the offline bit (0x08)
        port = printer_port(sim)
        port.timeout = 0.3
        port.write(bytes([0x10, 0x04, 0x01]))
        assert port.read(1) == b"\x1a"
    f = tmp_path / "old.yaml"
    f.write_text("spec: 1\nname: old\ndescription: {en: a, zh: b}\nprinter: {identify: false}\n")
    with Simulator(str(f)) as sim:
        port = printer_port(sim)
        port.timeout = 0.3
        port.write(bytes([0x1D, 0x49, 0x43]))
        assert port.read(1) == b""
        assert status(port) == [0x12] * 4


def test_printer_over_tcp(printer_port):
    with Simulator("paper-near-end", link="tcp") as sim:
        port = serial.serial_for_url(sim.printer_port, timeout=1.0)
        try:
            assert status(port)[3] == 0x1E
        finally:
            port.close()


specs = st.builds(PrinterSpec, online=st.booleans(), cover_open=st.booleans(),
                  paper=st.sampled_from(["ok", "near-end", "out"]), autocutter_error=st.booleans(),
                  overheat=st.booleans())


@given(specs, st.integers(1, 4))
def test_every_status_byte_has_the_reply_form(spec, n):
    b = EscposPrinter(spec).status_byte(n)
    assert b & 0b10010011 == 0b00010010


@given(st.binary(max_size=200), st.lists(st.integers(1, 50), max_size=10))
def test_feed_is_restartable_however_the_bytes_are_split(data, cuts):
    log_whole, log_split = [], []
    whole = EscposPrinter(load_scenario("paper-out").printer, log=log_whole.append).feed(data + b"\n")
    split = EscposPrinter(load_scenario("paper-out").printer, log=log_split.append)
    replies, i = [], 0
    for cut in cuts + [len(data)]:
        replies += split.feed(data[i:i + cut])
        i += cut
    replies += split.feed(data[i:] + b"\n")
    assert b"".join(replies) == b"".join(whole)
    assert log_split == log_whole  # the same text on the paper too


def test_commands_are_not_printed_and_real_time_queries_are_answered_between_them():
    log = []
    printer = EscposPrinter(load_scenario("healthy").printer, log=log.append)
    data = (b"\x1b@\x1bt\x00\x1b!\x10" + "小票 Receipt 7".encode("gb18030") + b"\n"
            + b"\x1dk\x04CODE39\x00" + b"\x1dk\x49\x03ABC" + b"\x10\x04\x01"
            + b"\x1dv0\x00\x01\x00\x02\x00\xff\xff" + b"Total 12.50\n" + b"\x1dVA\x03" + b"\x10\x04\x04")
    assert printer.feed(data) == [b"\x12", b"\x12"]
    assert log == ["printer: printed '小票 Receipt 7'", "printer: printed 'Total 12.50'", "printer: cut"]
