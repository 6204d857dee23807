"""The results of checks/ are messages with parameters: said in German, every result and every part of it (ports,
holders, seconds, status codes, versions) is German, with nothing Chinese left; the pointer to another check keeps
its own words without their full stop in every language."""

from __future__ import annotations

import pytest

from pos_doctor.checks import observe
from pos_doctor.checks.ports import port_problem_hint, ports_hint
from pos_doctor.checks.printer import OFFLINE_CAUSES, PRINTER_FLAGS
from pos_doctor.checks.registry import see
from pos_doctor.checks.runner import CheckOptions, deadline_reached
from pos_doctor.checks.session import open_session
from pos_doctor.checks.terminal import JOURNAL, _drift_text
from pos_doctor.errors import PortNotFound
from pos_doctor.i18n import T
from pos_doctor.protocols.zvt import codes
from tests.messages_de import assert_german


def test_the_built_results_are_german_to_their_last_part():
    texts = [deadline_reached(30.0).message, deadline_reached(30.0, observe.STAGES["partial"]).message,
             _drift_text(5), _drift_text(-300), _drift_text(9000), _drift_text(0),
             ports_hint(PortNotFound("/dev/ttyS9", ["/dev/ttyS0", "/dev/ttyUSB0"]), "terminal", "--terminal"),
             ports_hint(PortNotFound("COM9", []), "printer", "--printer"), port_problem_hint("printer"),
             codes.result_text(0x05), codes.result_text(0x99), codes.terminal_status_text(0x77),
             codes.intermediate_text(0x55), *observe.STAGES.values(), *JOURNAL.values(),
             *(said for *_, said in PRINTER_FLAGS), *(why for _, why in OFFLINE_CAUSES)]
    for text in texts:
        assert_german(text)
    assert _drift_text(-300)("de") == "die Uhr des Terminals geht 5 Min. nach gegenüber dem PC"
    assert _drift_text(-300)("zh") == "POS机时钟比电脑慢 5 分钟"
    hint = ports_hint(PortNotFound("/dev/ttyS9", ["/dev/ttyS0", "/dev/ttyUSB0"]), "terminal", "--terminal")
    assert "Anschlüsse an diesem PC: /dev/ttyS0, /dev/ttyUSB0;" in hint("de")
    assert "本机串口：/dev/ttyS0、/dev/ttyUSB0；" in hint("zh")


def test_a_pointer_to_another_check_drops_the_full_stop_in_every_language():
    said = see("terminal.status", T("Terminal status {code:02X}.", code=0x77))
    assert said("en").startswith("Terminal status 77; see “")
    assert said("zh").startswith("POS机状态（代码 77）；见“")
    assert said("de").startswith("Terminalstatus 77; siehe „")


@pytest.mark.parametrize("scenario", ["healthy", "paper-out", "cover-open", "clock-wrong", "journal-full",
                                      "outdated-software", "printer-offline", "low-voltage", "paper-near-end"])
def test_every_check_result_of_a_simulated_shop_is_german(scenario):
    with open_session(CheckOptions(simulate=scenario, no_host_contact=True)) as session:
        results = session.run().checks
    assert results
    for res in results:
        assert_german(res.message)
        if res.hint is not None:
            assert_german(res.hint)
