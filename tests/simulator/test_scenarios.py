"""Scenario files: every shipped one loads, and mistakes are reported with file, line and field."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

from pos_doctor.errors import UsageError, UserFileError
from pos_doctor.simulator import list_scenarios, load_scenario
from pos_doctor.simulator.scenario import parse_scenario
from pos_doctor.yamlfile import load_yaml_text

REQUIRED = {
    "healthy", "paper-out", "paper-near-end", "cover-open", "cutter-error", "printer-offline", "printer-overheat",
    "terminal-printer-not-ready", "low-voltage", "host-unreachable", "busy-updating", "init-required",
    "clock-wrong", "journal-full", "reconciliation-required", "outdated-software", "dropped-transaction",
    "last-declined", "zvt-disabled", "no-ack", "corrupted-crc", "unplugged", "slow", "dead-terminal",
}


def test_all_required_scenarios_ship_with_both_languages():
    listed = dict(list_scenarios())
    assert REQUIRED <= set(listed)
    for name, desc in listed.items():
        assert desc.en and desc.zh, name
        assert load_scenario(name).name == name


def test_one_model_name_and_versions():
    assert {load_scenario(n).terminal.model for n in REQUIRED} == {"SIM-ZVT-1"}
    assert load_scenario("outdated-software").terminal.software_version == "1.9.0"
    assert load_scenario("healthy").terminal.software_version == "2.4.1"


def write(tmp_path, body: str):
    f = tmp_path / "s.yaml"
    f.write_text(body)
    return f


def test_problems_named_with_file_line_and_field(tmp_path):
    f = write(tmp_path, "spec: 1\nname: bad\ndescription: {en: a, zh: b}\nterminal:\n  staus: 0x9C\n"
                        "  refuse_all: \"zz\"\n  delay_ms: fast\nprinter:\n  paper: empty\n")
    with pytest.raises(UserFileError) as info:
        load_scenario(str(f))
    assert info.value.lines() == [
        f"{f}:5:3 (at terminal.staus): unknown key 'staus'; did you mean 'status'?",
        f"{f}:6:3 (at terminal.refuse_all): 'zz' is not a hex byte (write e.g. 0x9C or \"9C\")",
        f"{f}:7:3 (at terminal.delay_ms): expected a whole number >= 0, got text 'fast'",
        f"{f}:9:3 (at printer.paper): expected one of ok, near-end, out, got 'empty'",
    ]


def test_spec_version_and_required_keys(tmp_path):
    f = write(tmp_path, "spec: 2\nname: x\n")
    with pytest.raises(UserFileError) as info:
        load_scenario(str(f))
    assert info.value.lines() == [
        f"{f}:1:1: missing required key 'description'",
        f"{f}:1:1 (at spec): unsupported spec 2; this pos-doctor reads spec: 1",
    ]


def test_byte_out_of_range_and_wrong_type(tmp_path):
    f = write(tmp_path, "spec: 1\nname: x\ndescription: {en: a, zh: b}\nterminal: {status: 300, dead: 1}\n")
    with pytest.raises(UserFileError) as info:
        load_scenario(str(f))
    assert info.value.lines() == [
        f"{f}:4:12 (at terminal.status): expected a byte 0..255 (e.g. 0x9C), got a number 300",
        f"{f}:4:25 (at terminal.dead): expected true/false, got a number",
    ]


def test_unknown_name_lists_the_shipped_ones():
    with pytest.raises(UsageError) as info:
        load_scenario("paper-gone")
    assert "no scenario named 'paper-gone'; available: busy-updating," in str(info.value)
    assert "paper-out" in str(info.value)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["status", "delay_ms", "dead", "model", "heal_after", "refuse_all", "x"]),
                       st.one_of(st.integers(-5, 400), st.text(max_size=5), st.booleans(), st.none())))
def test_any_terminal_mapping_loads_or_fails_as_a_user_file_error(terminal):
    import json

    text = "spec: 1\nname: p\ndescription: {en: a, zh: b}\nterminal: " + json.dumps(terminal) + "\n"
    try:
        sc = parse_scenario(load_yaml_text(text, "p.yaml", "scenario"))
    except UserFileError as exc:
        assert all(str(w).startswith("p.yaml") for w, _ in exc.problems)
    else:
        no_byte = sc.terminal.status is None and terminal.get("status") == "none"  # `status: none`: no status byte
        assert (no_byte or 0 <= sc.terminal.status <= 255) and sc.terminal.delay_ms >= 0


def test_the_faults_added_for_the_device_checks_load_and_are_bounded(tmp_path):
    """clock_offset_minutes (signed), mute, stall_after_bytes and the printer's offline_cause (issue 18)."""
    f = write(tmp_path, "spec: 1\nname: x\ndescription: {en: a, zh: b}\nterminal:\n  clock_offset_minutes: -90\n"
                        "  mute: true\n  stall_after_bytes: 5\nprinter:\n  online: false\n  offline_cause: feed-button\n")
    sc = load_scenario(str(f))
    assert (sc.terminal.clock_offset_minutes, sc.terminal.mute, sc.terminal.stall_after_bytes) == (-90, True, 5)
    assert (sc.printer.online, sc.printer.offline_cause) == (False, "feed-button")
    f = write(tmp_path, "spec: 1\nname: x\ndescription: {en: a, zh: b}\nterminal:\n  clock_offset_minutes: 5256001\n"
                        "  stall_after_bytes: -1\nprinter:\n  offline_cause: jammed\n")
    with pytest.raises(UserFileError) as info:
        load_scenario(str(f))
    assert info.value.lines() == [
        f"{f}:6:3 (at terminal.stall_after_bytes): expected a whole number >= 0, got a number -1",
        f"{f}:8:3 (at printer.offline_cause): expected one of not-reported, feed-button, error, got 'jammed'",
    ]
    f = write(tmp_path, "spec: 1\nname: x\ndescription: {en: a, zh: b}\nterminal:\n  clock_offset_minutes: 5256001\n")
    with pytest.raises(UserFileError) as info:
        load_scenario(str(f))
    assert info.value.lines() == [
        f"{f}:5:3 (at terminal.clock_offset_minutes): expected -5256000..5256000 minutes, got 5256001"]


@pytest.mark.parametrize("cause, byte2", [("not-reported", 0x12), ("feed-button", 0x1A), ("error", 0x52)])
def test_offline_printer_gives_its_cause_in_dle_eot_2(cause, byte2):
    from pos_doctor.simulator.printer import EscposPrinter
    from pos_doctor.simulator.scenario import PrinterSpec

    offline = EscposPrinter(PrinterSpec(online=False, offline_cause=cause))
    assert offline.feed(b"\x10\x04\x01\x10\x04\x02") == [b"\x1a", bytes([byte2])]  # DLE EOT 1: offline bit 0x08
    online = EscposPrinter(PrinterSpec(offline_cause=cause))  # an online printer names no offline cause
    assert online.feed(b"\x10\x04\x01\x10\x04\x02") == [b"\x12", b"\x12"]
